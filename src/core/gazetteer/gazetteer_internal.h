/*
 * gazetteer_internal.h: the tables behind gazetteer.h, shared by gazetteer.c (loading) and
 * matcher.c (matching). Not part of the public interface.
 *
 * Aliases live in a trie of match-form tokens: node 0 is the root, an edge (parent, token)
 * leads to a child, and a node holds at most one alias (the token sequence is its key, so
 * a second alias with the same sequence is a duplicate). Edges sit in one open-addressing
 * hash table keyed on (parent, token bytes); filters over constant-time fingerprints of the
 * edges (those leaving the root, and the others) reject most tokens of a text without
 * hashing them.
 */
#ifndef SAHEL_GAZETTEER_INTERNAL_H
#define SAHEL_GAZETTEER_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "base/buf.h"
#include "gazetteer/gazetteer.h"
#include "text/text.h"

/* Entity types (TEXT-SPEC §5), in the order of gaz_type_names. */
enum { GAZ_PER, GAZ_ORG, GAZ_GPE, GAZ_LOC, GAZ_EVENT, GAZ_MISC, GAZ_NTYPES };

/* The names of the entity types, in the order of the enum above. */
static const char *const gaz_type_names[GAZ_NTYPES] = {"PER", "ORG", "GPE",
                                                       "LOC", "EVENT", "MISC"};

/* gaz_type_index: the index of a type name ("GPE"), or -1. */
static inline int gaz_type_index(const char *name) {
  for (int i = 0; i < GAZ_NTYPES; i++)
    if (strcmp(name, gaz_type_names[i]) == 0) return i;
  return -1;
}

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
  uint32_t entity; /* the alias's entity, and below whether it is a demonym and ambiguous:
                      copies of its gaz_alias and gaz_alias_info's, which the matcher reads
                      with the node, without more cache misses */
  uint8_t demonym, ambiguous;
  uint8_t no_proclitic; /* the alias matches only as written (flag no_proclitic) */
} gaz_node;

typedef struct {
  uint32_t parent, child;
  uint32_t off, len; /* the token's match form: g->words.data + off */
} gaz_edge;

/* Pattern items (TEXT-SPEC §6.4, docs/spec.md §6.5): words, `*`, `@TYPE`, `_`, `@DEF` (a
 * definite noun), `@NUM` (a number), the article conditions `@source:V`, `@category:V`, and
 * the mention conditions `@no_proclitic` (ITEM_AS_WRITTEN) and `@quoted` (ITEM_QUOTED). */
enum { ITEM_WORD, ITEM_ANY, ITEM_TYPE, ITEM_SELF, ITEM_DEF, ITEM_NUM, ITEM_FIELD,
       ITEM_AS_WRITTEN, ITEM_QUOTED };

/* The article fields a condition tests (gaz_meta). */
enum { FIELD_SOURCE, FIELD_CATEGORY, GAZ_NFIELDS };

typedef struct {
  uint8_t kind; /* ITEM_* */
  uint8_t type; /* ITEM_TYPE: GAZ_PER...; ITEM_FIELD: FIELD_* */
  uint32_t off, len; /* ITEM_WORD: the word's match form in g->words; ITEM_FIELD: the
                        value's words in match form, separated by one space */
} gaz_item;

typedef struct {
  uint32_t first, n; /* positional items [first, first + n) of g->items */
  uint32_t self;     /* position of `_` among them */
  uint32_t nconds;   /* then conditions (ITEM_FIELD, ITEM_AS_WRITTEN, ITEM_QUOTED):
                        [first + n, first + n + nconds) */
  uint8_t negative;
} gaz_pattern;

/* The word lists behind @NUM and @DEF, in the gazetteer's match form (g->lexicon). */
enum { LEX_NUMBER, LEX_NOT_DEFINITE };

typedef struct {
  uint32_t ntok; /* tokens of the alias */
  uint32_t first_pat, npat; /* its patterns in g->pats */
  uint8_t demonym;
  uint8_t near_mentions; /* some pattern item depends on the mentions around (@TYPE, @DEF) */
} gaz_alias_info;

typedef struct {
  uint32_t hash;   /* of the id */
  uint8_t type;    /* GAZ_PER... */
  uint8_t has_type; /* a row gave the type */
  uint8_t has_name; /* a row gave the name */
  uint32_t naliases;
} gaz_entity_info;

/* The filters: 2,048 words of 64 bits (16 KiB); a fingerprint q sets two bits of one word
 * (chosen by its top 11 bits; the bits by its low 12), so a test is one load. On the
 * benchmark, 1,024 words matched 4% slower (more false positives) and 4,096 no faster. */
#define GAZ_FILTER_SHIFT 21
#define GAZ_FILTER_WORDS (1u << (32 - GAZ_FILTER_SHIFT))

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
  gaz_item *lexicon;    /* number words and words that look definite but are not (ITEM_WORD
                           items whose type is LEX_*), made when a pattern first needs them */
  size_t nlexicon, lexicon_cap;
  uint64_t filter[GAZ_FILTER_WORDS]; /* edges leaving the root, at their quick fingerprint */
  uint64_t rests[GAZ_FILTER_WORDS];  /* their tokens starting with ال, at the fingerprint
                                        of what follows ال */
  uint64_t follow[GAZ_FILTER_WORDS]; /* the other edges, at gaz_follow_key */
  size_t max_root_len;  /* longest first token of an alias, in bytes */
  doc scratch;          /* tokenizes aliases and patterns while loading */
  int failed;           /* ran out of memory while adding a row: loading must stop */
};

/* gaz_hash: the hash of s[0..n) under seed (the parent node for trie edges). */
uint32_t gaz_hash(const char *s, size_t n, uint32_t seed);
/* gaz_quick: a constant-time fingerprint of s[0..n) (from 4 bytes on, its first, middle and
 * last 4 bytes: all of a token up to 12 bytes; and its length), for the filters and the
 * matcher's cache. Words take the same branch (a split at 8 bytes was mispredicted for a
 * third of Arabic words). Inline: the matcher computes it for every token. */
static inline uint32_t gaz_quick(const char *s, size_t n) {
  uint32_t head = 0, mid = 0, tail = 0;
  if (n >= 4) {
    memcpy(&head, s, 4);
    memcpy(&mid, s + n / 2 - 2, 4);
    memcpy(&tail, s + n - 4, 4);
  } else if (n) {
    head = (unsigned char)s[0], mid = (unsigned char)s[n / 2], tail = (unsigned char)s[n - 1];
  }
  uint64_t h = head * 0x9E3779B97F4A7C15ull ^ mid * 0xC2B2AE3D27D4EB4Full ^
               (tail | (uint64_t)n << 32) * 0x165667B19E3779F9ull;
  return (uint32_t)(h >> 32);
}

/* gaz_filter_bits: the two bits that fingerprint q sets in its word of a filter. */
static inline uint64_t gaz_filter_bits(uint32_t q) {
  return 1ull << (q & 63) | 1ull << (q >> 6 & 63);
}
/* gaz_filter_add: record fingerprint q in filter f. */
static inline void gaz_filter_add(uint64_t *f, uint32_t q) {
  f[q >> GAZ_FILTER_SHIFT] |= gaz_filter_bits(q);
}
/* gaz_filter_has: whether filter f may hold q (no false negatives, few false positives). */
static inline int gaz_filter_has(const uint64_t *f, uint32_t q) {
  uint64_t bits = gaz_filter_bits(q);
  return (f[q >> GAZ_FILTER_SHIFT] & bits) == bits;
}

/* gaz_follow_key: the fingerprint of the edge (node, token) in the `follow` filter, from the
 * token's quick fingerprint q. */
static inline uint32_t gaz_follow_key(uint32_t node, uint32_t q) {
  return q ^ node * 0x9E3779B9u;
}

/* gaz_root_may: whether a token of n bytes with fingerprint q may start an alias (the root
 * filter). Both tests are made, without a branch. */
static inline int gaz_root_may(const gazetteer *g, size_t n, uint32_t q) {
  return (n <= g->max_root_len) & gaz_filter_has(g->filter, q);
}

/* gaz_rest_may: whether ال followed by a token of n bytes with fingerprint q may start an
 * alias (the filter of first words after their ال). */
static inline int gaz_rest_may(const gazetteer *g, size_t n, uint32_t q) {
  return n + 4 <= g->max_root_len && gaz_filter_has(g->rests, q);
}

/* A place where a form of a word without proclitics may begin: the form is the word from
 * byte off, after ال when al is set. */
typedef struct {
  uint8_t off, al;
} gaz_cut;

/* gaz_proclitic: what the two bytes at s[0..n) are: 1 for و or ف, 2 for ب ل or ك, 0 for any
 * other letter (or fewer than 2 bytes). Comparisons without branches: whether a word
 * starts with a proclitic letter is a coin toss for the branch predictor. */
static inline int gaz_proclitic(const char *s, size_t n) {
  if (n < 2) return 0;
  unsigned c = (unsigned)(unsigned char)s[0] << 8 | (unsigned char)s[1];
  int conj = (c == 0xD988) | (c == 0xD981);
  int prep = (c == 0xD8A8) | (c == 0xD984) | (c == 0xD983);
  return conj | prep << 1;
}

/* gaz_lam_lam: whether s[0..n) starts with لل. */
static inline int gaz_lam_lam(const char *s, size_t n) {
  return n >= 4 && memcmp(s, "\xD9\x84\xD9\x84", 4) == 0;
}

/* gaz_cuts: the cuts of w[0..n) where text_clitic_forms may begin its forms without
 * proclitics (TEXT-SPEC §6.3) into c[4]; how many. A superset (the rule of two letters left
 * is not applied): w after و ف ب ل ك; after و ف then ب ل ك; ال + w after لل; ال + w after و
 * ف then لل. test_gazetteer.c checks on every combination of prefixes and stems that each
 * form is one of them, so a change to the clitic rules cannot silently break the filter. */
static inline size_t gaz_cuts(const char *w, size_t n, gaz_cut *c) {
  int first = gaz_proclitic(w, n);
  if (!first) return 0;
  size_t k = 0;
  c[k++] = (gaz_cut){2, 0};
  if (first == 1 && gaz_proclitic(w + 2, n - 2) == 2) c[k++] = (gaz_cut){4, 0};
  if (gaz_lam_lam(w, n)) c[k++] = (gaz_cut){4, 1};
  if (first == 1 && gaz_lam_lam(w + 2, n - 2)) c[k++] = (gaz_cut){6, 1};
  return k;
}

/* gaz_may_strip: whether some alias could begin with a form of w[0..n) without proclitics:
 * a cheap test (a fingerprint per cut) before computing the forms. */
static inline int gaz_may_strip(const gazetteer *g, const char *w, size_t n) {
  gaz_cut c[4];
  size_t k = gaz_cuts(w, n, c);
  for (size_t i = 0; i < k; i++) {
    const char *s = w + c[i].off;
    size_t m = n - c[i].off;
    uint32_t q = gaz_quick(s, m);
    if (c[i].al ? gaz_rest_may(g, m, q) : gaz_root_may(g, m, q)) return 1;
  }
  return 0;
}

/* gaz_edge_find: the node reached from node by the token w[0..n) through the trie's hash
 * table, or 0 when there is none. */
uint32_t gaz_edge_find(const gazetteer *g, uint32_t node, const char *w, size_t n);

/* gaz_child: the node reached from node by the token w[0..n), or 0 when there is none. The
 * filters answer first: most words lead nowhere. */
static inline uint32_t gaz_child(const gazetteer *g, uint32_t node, const char *w, size_t n) {
  uint32_t q = gaz_quick(w, n);
  int may = node ? gaz_filter_has(g->follow, gaz_follow_key(node, q)) : gaz_root_may(g, n, q);
  return may ? gaz_edge_find(g, node, w, n) : 0;
}

#endif
