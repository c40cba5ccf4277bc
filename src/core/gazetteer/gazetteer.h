/*
 * gazetteer.h: entities and their aliases (TEXT-SPEC §5) and the matcher that finds their
 * mentions in an analyzed doc (§6). A gazetteer is read-only once loaded: threads share
 * it; each thread owns its mention_list scratch.
 */
#ifndef SAHEL_GAZETTEER_H
#define SAHEL_GAZETTEER_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "text/text.h"

typedef struct gazetteer gazetteer;

typedef struct {
  const char *id;   /* ASCII slug */
  const char *type; /* PER ORG GPE LOC EVENT MISC */
  const char *name; /* display name */
} gaz_entity;

typedef struct {
  uint32_t entity;  /* index of its entity */
  const char *text; /* as written in the file */
  const char *kind; /* "name", "acronym", "demonym" */
  int ambiguous;
  const char *context; /* evidence patterns, or NULL */
  const char *origin;  /* "file:line" */
  int no_proclitic;    /* flag no_proclitic: matches only as written (§6.3 form 1) */
} gaz_alias;

/* A row to add, as in the CSV file (NULL = column absent). */
typedef struct {
  const char *id, *alias, *type, *name, *kind, *flags, *context;
} gaz_row;

/* Mention flags (TEXT-SPEC §6: how the mention was made). */
enum {
  MENTION_PROCLITIC = 1, /* matched after stripping a proclitic */
  MENTION_DEMONYM = 2,   /* through a demonym alias */
  MENTION_EVIDENCE = 4,  /* an ambiguous alias that counted thanks to evidence */
  MENTION_DROPPED = 8,   /* an ambiguous alias dropped (only listed when asked) */
  MENTION_NEGATIVE = 16  /* dropped because a negative pattern matched (with DROPPED) */
};

typedef struct {
  uint32_t entity, alias;        /* indexes */
  uint32_t tok_first, tok_count; /* token span in the doc */
  uint32_t byte_start, byte_end; /* [start, end) in the analyzed text */
  uint32_t sentence, paragraph;
  uint8_t flags;
} mention;

typedef struct {
  mention *items;
  size_t n, cap;
  void *scratch; /* matcher's per-thread working memory */
} mention_list;

/* Match options. */
enum {
  GAZ_DEMONYMS = 1,     /* demonym aliases take part (§6.5) */
  GAZ_KEEP_DROPPED = 2  /* keep dropped ambiguous mentions, flagged MENTION_DROPPED */
};

/* gaz_new: an empty gazetteer matching in the match form of tp (borrowed). */
gazetteer *gaz_new(const textproc *tp, err *e);
/* gaz_free: release it (NULL is fine). */
void gaz_free(gazetteer *g);
/* gaz_textproc: the normalization the gazetteer matches in (the tp given to gaz_new). */
const textproc *gaz_textproc(const gazetteer *g);
/* gaz_load_csv: add the rows of a gazetteer CSV file; -1 with "file:line: ..." in e.
 * Duplicate aliases are warnings naming both lines. A bad row (no word in the alias, an
 * unknown kind...) is an error when strict, else a warning "file:line: ...; row skipped"
 * and the load goes on; a bad file (header, quoting) and memory are always errors. */
int gaz_load_csv(gazetteer *g, const char *path, int strict, const warn_sink *w, err *e);
/* gaz_add: add one row (origin names it in messages); 0 or -1 with e set. */
int gaz_add(gazetteer *g, const gaz_row *row, const char *origin, const warn_sink *w, err *e);
/* gaz_entity_count / gaz_entity_at: the entities, in file order. */
size_t gaz_entity_count(const gazetteer *g);
const gaz_entity *gaz_entity_at(const gazetteer *g, size_t i);
/* gaz_entity_find: the index of entity id, or -1. */
long gaz_entity_find(const gazetteer *g, const char *id);
/* gaz_rename: make name (copied) the display name of entity i, for every later output; not
 * while threads match with g. 0 or -1 with e set. */
int gaz_rename(gazetteer *g, size_t i, const char *name, err *e);
/* gaz_alias_count / gaz_alias_at: the aliases, in file order. */
size_t gaz_alias_count(const gazetteer *g);
const gaz_alias *gaz_alias_at(const gazetteer *g, size_t i);

/* mention_list_init / mention_list_free: per-thread match scratch and results. */
void mention_list_init(mention_list *m);
void mention_list_free(mention_list *m);
/* What patterns may know of the article a doc comes from (NULL fields: unknown). */
typedef struct {
  const char *source;   /* the article's source */
  const char *category; /* its category or section (article_category) */
} gaz_meta;

/* gaz_match_article: the final mentions of d (§6), in text order, into m (replacing its
 * contents); meta (may be NULL) answers the article conditions of patterns. With
 * GAZ_KEEP_DROPPED the dropped mentions are listed too, in text order; they may overlap
 * final ones (a dropped match leaves its words to other aliases). 0 or -1 (memory). */
int gaz_match_article(const gazetteer *g, const doc *d, const gaz_meta *meta, unsigned opts,
                      mention_list *m);
/* gaz_match: gaz_match_article of a doc without article fields. */
int gaz_match(const gazetteer *g, const doc *d, unsigned opts, mention_list *m);

/* What gaz_lookup found: the alias that matches from a token, and how. */
typedef struct {
  uint32_t alias, entity;
  uint32_t tok_count; /* tokens matched, from the first */
  uint32_t form;      /* the clitic form of the first token that matched: 0 = as written */
  const char *form_text; /* that form in match form (valid until m is used again) */
  size_t form_len;
} gaz_hit;

/* gaz_lookup: the alias that TEXT-SPEC §6.2-6.3 match from token i of d (the first clitic
 * form from which some alias matches in full, then the longest alias), ignoring overlaps
 * and evidence; opts as in gaz_match (GAZ_DEMONYMS). 1 with *hit set, 0 when nothing
 * matches, -1 when out of memory. */
int gaz_lookup(const gazetteer *g, const doc *d, size_t i, unsigned opts, mention_list *m,
               gaz_hit *hit);

/* The key-word-in-context window of a mention: bytes [left_start, left_stop) hold up to k
 * word tokens before it, [right_start, right_stop) up to k after it, inside its paragraph,
 * each range beginning and ending at a token boundary (empty ranges: start == stop). */
typedef struct {
  uint32_t left_start, left_stop, right_start, right_stop;
} gaz_window;

/* gaz_context: the window of k word (or number) tokens each side of mention c of d. */
gaz_window gaz_context(const doc *d, const mention *c, size_t k);

/* A key-word-in-context row (kwic.csv, TEXT-SPEC §8): where its fields left, match and
 * right lie in the buffer gaz_kwic appended them to. */
typedef struct {
  size_t start[3], len[3];
} gaz_kwic_row;

/* gaz_kwic: append the fields of mention c's KWIC row (k words each side, gaz_context) to
 * out, each without the bidi embedding, override and isolate controls (U+202A-U+202E,
 * U+2066-U+2069: a cut field may hold one half of a pair), as sahel.kwic makes them; *row
 * says where they are. 0, or -1 when out of memory. */
int gaz_kwic(const doc *d, const mention *c, size_t k, buf *out, gaz_kwic_row *row);

/* gaz_tally: add the final mentions of m (those not flagged MENTION_DROPPED) to the
 * per-entity counters: mentions[e] += its mentions, articles[e] += 1 when it has any. Both
 * arrays hold gaz_entity_count(g) counters. 0 or -1 (memory). */
int gaz_tally(const gazetteer *g, mention_list *m, uint64_t *mentions, uint64_t *articles);

#endif
