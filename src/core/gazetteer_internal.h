/*
 * gazetteer_internal.h: the tables behind gazetteer.h, shared by gazetteer.c (loading) and
 * matcher.c (matching). Not part of the public interface.
 *
 * Aliases live in a trie of match-form tokens: node 0 is the root, an edge (parent, token)
 * leads to a child, and a node holds at most one alias (the token sequence is its key, so
 * a second alias with the same sequence is a duplicate). Edges sit in one open-addressing
 * hash table keyed on (parent, token bytes); a 64 Kbit filter over constant-time
 * fingerprints of the root's edges rejects most tokens of a text without hashing them.
 */
#ifndef SAHEL_GAZETTEER_INTERNAL_H
#define SAHEL_GAZETTEER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "gazetteer.h"
#include "text.h"

/* Entity types (TEXT-SPEC §5), in the order of gaz_type_names. */
enum { GAZ_PER, GAZ_ORG, GAZ_GPE, GAZ_LOC, GAZ_EVENT, GAZ_MISC, GAZ_NTYPES };

/* gaz_type_index: the index of a type name ("GPE"), or -1. */
int gaz_type_index(const char *name);

/* A slot of a hash table: the entry's hash and its index + 1 (0 = empty). */
typedef struct {
  uint32_t hash, idx;
} gaz_slot;

typedef struct {
  gaz_slot *s;
  size_t mask; /* capacity - 1 (a power of two), or 0 when nothing was allocated */
  size_t n;
} gaz_table;

typedef struct {
  uint32_t alias;  /* alias index + 1, 0 = none */
  uint32_t nchild; /* edges leaving this node */
} gaz_node;

typedef struct {
  uint32_t parent, child;
  uint32_t off, len; /* the token's match form: g->words.data + off */
} gaz_edge;

/* Pattern items (TEXT-SPEC §6.4). */
enum { ITEM_WORD, ITEM_ANY, ITEM_TYPE, ITEM_SELF };

typedef struct {
  uint8_t kind; /* ITEM_* */
  uint8_t type; /* ITEM_TYPE: GAZ_PER... */
  uint32_t off, len; /* ITEM_WORD: the word's match form in g->words */
} gaz_item;

typedef struct {
  uint32_t first, n; /* items [first, first + n) of g->items */
  uint32_t self;     /* position of `_` among them */
  uint8_t negative;
} gaz_pattern;

typedef struct {
  uint32_t ntok; /* tokens of the alias */
  uint32_t first_pat, npat; /* its patterns in g->pats */
  uint8_t demonym;
} gaz_alias_info;

typedef struct {
  uint32_t hash;   /* of the id */
  uint8_t type;    /* GAZ_PER... */
  uint8_t has_type; /* a row gave the type */
  uint8_t has_name; /* a row gave the name */
  uint32_t naliases;
} gaz_entity_info;

struct gazetteer {
  const textproc *tp;
  uint64_t uid; /* tells this gazetteer from one allocated later at the same address */
  gaz_entity *ents;
  gaz_entity_info *einfo;
  size_t nents, ents_cap, einfo_cap;
  gaz_alias *aliases;
  gaz_alias_info *ainfo;
  size_t naliases, aliases_cap, ainfo_cap;
  gaz_table ids;   /* entity id -> entity */
  gaz_table trie;  /* (parent, token) -> edge */
  gaz_edge *edges;
  size_t nedges, edges_cap;
  gaz_node *nodes;
  size_t nnodes, nodes_cap;
  gaz_pattern *pats;
  size_t npats, pats_cap;
  gaz_item *items;
  size_t nitems, items_cap;
  buf words;            /* match forms of trie edges and pattern words */
  uint64_t filter[1024]; /* a bit per edge leaving the root, at its quick fingerprint */
  uint64_t ends[1024];   /* a bit per edge leaving the root (and per its rest after ال),
                            at the fingerprint of its last (up to) GAZ_END bytes */
  uint8_t short_lens;    /* bit j set when some edge leaving the root is j < GAZ_END bytes */
  size_t max_root_len;  /* longest first token of an alias, in bytes */
  doc scratch;          /* tokenizes aliases and patterns while loading */
};

/* gaz_hash: the hash of s[0..n) under seed (the parent node for trie edges). */
uint32_t gaz_hash(const char *s, size_t n, uint32_t seed);
/* gaz_quick: a constant-time fingerprint of s[0..n) (its first and last 8 bytes and its
 * length): the root filter uses its top 16 bits, the matcher's cache its low bits. Inline:
 * the matcher computes it for every token. */
static inline uint32_t gaz_quick(const char *s, size_t n) {
  uint64_t a = 0, b = 0;
  uint32_t x = 0, y = 0;
  if (n >= 8) {
    memcpy(&a, s, 8);
    memcpy(&b, s + n - 8, 8);
  } else if (n >= 4) {
    memcpy(&x, s, 4);
    memcpy(&y, s + n - 4, 4);
    a = x, b = y;
  } else if (n) {
    a = (uint64_t)(unsigned char)s[0] << 16 | (uint64_t)(unsigned char)s[n / 2] << 8 |
        (unsigned char)s[n - 1];
  }
  uint64_t h = (a * 0x9E3779B97F4A7C15ull) ^ (b * 0xC2B2AE3D27D4EB4Full) ^ n;
  return (uint32_t)(h >> 32);
}
/* gaz_has_bit: whether bit b of a 64 Kbit filter is set. */
static inline int gaz_has_bit(const uint64_t *f, uint32_t b) { return f[b >> 6] >> (b & 63) & 1; }

/* How many bytes at the end of a root key the `ends` filter looks at. */
#define GAZ_END 6

/* gaz_be64 / gaz_be32: the big-endian value of 8 / 4 bytes at s (the last byte lowest). */
static inline uint64_t gaz_be64(const char *s) {
  uint64_t v;
  memcpy(&v, s, 8);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}
static inline uint64_t gaz_be32(const char *s) {
  uint32_t v;
  memcpy(&v, s, 4);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  v = __builtin_bswap32(v);
#endif
  return v;
}

/* gaz_mask: the k low bytes of a 64-bit word set (k <= 8). */
static inline uint64_t gaz_mask(size_t k) { return k >= 8 ? ~0ull : (1ull << (8 * k)) - 1; }

/* gaz_tail: the last min(n, GAZ_END) bytes of s[0..n) as an integer, the last byte lowest
 * (a few loads, no loop over the bytes). */
static inline uint64_t gaz_tail(const char *s, size_t n) {
  uint64_t x = 0;
  if (n >= 8) x = gaz_be64(s + n - 8);
  else if (n >= 4) x = gaz_be32(s) << (8 * (n - 4)) | gaz_be32(s + n - 4);
  else for (size_t i = 0; i < n; i++) x = x << 8 | (unsigned char)s[i];
  return x & gaz_mask(GAZ_END);
}

/* gaz_end_bit: the bit of the `ends` filter for the last k bytes of a tail x (gaz_tail). */
static inline uint32_t gaz_end_bit(uint64_t x, size_t k) {
  x &= gaz_mask(k);
  return (uint32_t)(((x ^ (uint64_t)k << 56) * 0x9E3779B97F4A7C15ull) >> 48);
}

/* gaz_root_may: whether a token of n bytes with fingerprint q may start an alias (the root
 * filter: no false negatives, few false positives). */
static inline int gaz_root_may(const gazetteer *g, size_t n, uint32_t q) {
  return n <= g->max_root_len && gaz_has_bit(g->filter, q >> 16);
}

/* gaz_may_end: whether some alias could begin with a form of w[0..n) without proclitics: a
 * cheap test before computing the forms. It relies on what text_clitic_forms promises
 * (text.h: proclitics come off the front and لل becomes ال): every form is a suffix of w, or
 * ال followed by a suffix of w. So the `ends` filter holds each first word of an alias and,
 * for those starting with ال, the rest after ال; a form can start an alias only if one of
 * them is a suffix of w: one ending in w's last GAZ_END bytes, or a shorter one equal to
 * w's last bytes (by length). test_gazetteer.c checks the promise on every combination of
 * prefixes and stems, so a change to the clitic rules cannot silently break this. */
static inline int gaz_may_end(const gazetteer *g, const char *w, size_t n) {
  uint64_t x = gaz_tail(w, n);
  if (n >= GAZ_END && gaz_has_bit(g->ends, gaz_end_bit(x, GAZ_END))) return 1;
  for (unsigned lens = g->short_lens & ((1u << (n < GAZ_END ? n : GAZ_END)) - 1); lens;
       lens &= lens - 1) /* each shorter key length j < n, lowest first */
    if (gaz_has_bit(g->ends, gaz_end_bit(x, (size_t)__builtin_ctz(lens)))) return 1;
  return 0;
}

/* gaz_child: the node reached from node by the token w[0..n), or 0 when there is none. */
uint32_t gaz_child(const gazetteer *g, uint32_t node, const char *w, size_t n);

#endif
