/*
 * cooc.h: entity co-occurrence tables (TEXT-SPEC §7). A table counts, per period, the
 * contexts N, the marginals n_a (contexts holding entity a; also the plain number of
 * mentions of a) and the pair counts n_ab, keyed by small entity indexes in an
 * open-addressing hash. Tables are sums over articles: two tables built on different
 * articles with the same configuration and entities merge by addition, so a worker thread
 * or a corpus shard each owns a partial table.
 *
 * Contexts:
 * - sentence / paragraph / article: a unit's *set* of distinct entities; N counts every
 *   unit with at least one token, whether or not it mentions anything; n_a = units holding
 *   a; n_ab = units holding a and b.
 * - window k: word positions are the ordinals of the word tokens of an article (0, 1, ...);
 *   a mention sits at the position of its first token (the number of word tokens before
 *   it). Two mentions of different entities co-occur when their positions differ by at
 *   most k; n_ab counts such mention pairs. The contingency table is that of ordered pairs
 *   of word positions (p, q) of one article with 1 <= |p - q| <= k: N counts them all
 *   (2 sum_{d=1..k} max(0, W - d) per article of W words); n_a counts those whose first
 *   position holds a mention of a (the window size of each mention, cut at the article's
 *   ends, summed: about 2k times the mentions of a). See docs/spec.md §7.
 *
 * Periods (`by`): "YYYY-MM" (month), "YYYY" (year), "YYYY-Www" (ISO 8601 week and
 * week-year), "YYYY-MM-DD" (day), "unknown" for articles without a date; "" when the table is not sliced.
 */
#ifndef SAHEL_COOC_H
#define SAHEL_COOC_H

#include <stddef.h>
#include <stdint.h>

#include "io/csvwrite.h"
#include "base/err.h"
#include "cooc/graph.h"
#include "gazetteer/gazetteer.h"
#include "cooc/measures.h"
#include "pipeline/pipeline.h"
#include "text/text.h"

typedef enum { COOC_SENTENCE, COOC_PARAGRAPH, COOC_ARTICLE, COOC_WINDOW } cooc_context;
typedef enum { COOC_BY_NONE, COOC_BY_MONTH, COOC_BY_YEAR, COOC_BY_WEEK, COOC_BY_DAY } cooc_by;

typedef struct {
  cooc_context context;
  uint32_t window; /* k (>= 1) for COOC_WINDOW, else 0 */
  cooc_by by;
} cooc_config;

typedef struct cooc cooc;

/* One pair of a table with everything the outputs show (§8). */
typedef struct {
  uint32_t period;          /* period index */
  uint32_t a, b;            /* entity indexes; a has the smaller id (byte order) */
  uint64_t count;           /* n_ab */
  uint64_t count_a, count_b; /* n_a, n_b */
  uint64_t contexts;        /* N */
  measures m;
} cooc_row;

/* Longest period name plus its NUL ("unknown", "2025-W31"). */
#define COOC_PERIOD_MAX 16

/* cooc_context_name / cooc_by_name: "sentence", "window"... / "month", "none"... */
const char *cooc_context_name(cooc_context c);
const char *cooc_by_name(cooc_by b);
/* cooc_context_find / cooc_by_find: the value for a name, or -1. */
int cooc_context_find(const char *name);
int cooc_by_find(const char *name);

/* cooc_new: an empty table without entities; NULL with e set (bad window, memory). */
cooc *cooc_new(const cooc_config *cfg, err *e);
/* cooc_new_like: an empty table with the configuration and entities of t; NULL on failure. */
cooc *cooc_new_like(const cooc *t, err *e);
/* cooc_free: release it (NULL is fine). */
void cooc_free(cooc *t);
/* cooc_add_entity: append an entity (its index is the number added before it); the
 * strings are copied; type and name may be NULL. 0, or -1 with e set. */
int cooc_add_entity(cooc *t, const char *id, const char *type, const char *name, err *e);
/* cooc_config_of: the table's configuration. */
const cooc_config *cooc_config_of(const cooc *t);

/* cooc_period_of: the period of an article dated `date` (ISO "YYYY-MM-DD...", or NULL)
 * when slicing by `by`, written into out; returns out. Unparsable dates give "unknown". */
const char *cooc_period_of(cooc_by by, const char *date, char out[COOC_PERIOD_MAX]);

/* A mention reduced to what counting needs: its entity index, the 0-based sentence and
 * paragraph of its first token, and its word position (word tokens before its first
 * token in the article's analyzed text). */
typedef struct {
  uint32_t entity, sentence, paragraph, word;
} cooc_point;

/* What an article adds to N: its sentences and paragraphs holding at least one token,
 * its word tokens, and whether it holds any token. */
typedef struct {
  uint64_t sentences, paragraphs, words;
  int has_tokens;
} cooc_units;

/* cooc_add_points: count one article given by its units and its counted mentions
 * pts[0..n) (e.g. read back from a store), in the period named `period`. 0, or -1 with e
 * set (memory, an entity index out of range). */
int cooc_add_points(cooc *t, const char *period, const cooc_units *u, const cooc_point *pts,
                    size_t n, err *e);
/* cooc_add_doc: count one article: its analyzed doc d and its mentions m[0..n) (entity
 * indexes of this table; mentions flagged MENTION_DROPPED are ignored), in the period
 * named `period`. 0, or -1 with e set (memory, an entity index out of range). */
int cooc_add_doc(cooc *t, const char *period, const doc *d, const mention *m, size_t n,
                 err *e);
/* cooc_add_counts: add raw counts in period `period` (created when absent): a != b adds
 * `count` to n_ab; a == b adds `count` to n_a and `mentions` to a's mentions. For loading
 * saved tables and for tests. 0, or -1 with e set. */
int cooc_add_counts(cooc *t, const char *period, size_t a, size_t b, uint64_t count,
                    uint64_t mentions, err *e);
/* cooc_add_contexts: add n to N of period `period` (created when absent); 0 or -1. */
int cooc_add_contexts(cooc *t, const char *period, uint64_t n, err *e);
/* What cooc_build needs besides the pipeline options. */
typedef struct {
  const gazetteer *g;   /* shared, read-only (its documents are analyzed with gaz_textproc) */
  unsigned match_opts;  /* GAZ_DEMONYMS */
  const cooc *proto;    /* an empty table: the configuration and the gazetteer's entities,
                           in the gazetteer's order */
} cooc_build_opts;

/* cooc_build: count every article of the pipeline's source into a new table (like
 * proto): each worker analyzes articles (pipeline_doc) into its own partial table and the
 * partial tables merge by addition. NULL with e set; warnings go to w. */
cooc *cooc_build(const cooc_build_opts *b, const pipeline_opts *o, pipeline_warnings *w,
                 err *e);
/* cooc_table_from_gazetteer: an empty table with configuration cfg and the entities of g
 * in g's order; NULL with e set. */
cooc *cooc_table_from_gazetteer(const cooc_config *cfg, const gazetteer *g, err *e);

struct store_mentions; /* store.h */

/* cooc_add_store: count every article the stored-mentions reader `it` gives (store.h:
 * units and mentions as store_ingest wrote them), in the periods of their dates. Mentions
 * flagged MENTION_DROPPED never count, demonyms (MENTION_DEMONYM) only when `demonyms`;
 * mentions of ids this table does not know are skipped and counted in *unknown. 0, or -1
 * with e set. */
int cooc_add_store(cooc *t, struct store_mentions *it, int demonyms, size_t *unknown,
                   err *e);

/* cooc_merge: add the counts of `from` into `into`; they must have the same configuration
 * and the same entity ids in the same order. 0, or -1 with e set. */
int cooc_merge(cooc *into, const cooc *from, err *e);
/* cooc_collapse: a new table with one period "" (and by = none) holding the sums over
 * every period of t; NULL on failure. */
cooc *cooc_collapse(const cooc *t, err *e);

/* cooc_entity_count / cooc_entity: the entities, in the order they were added. */
size_t cooc_entity_count(const cooc *t);
const gaz_entity *cooc_entity(const cooc *t, size_t i);
/* cooc_entity_find: the index of entity id, or -1. */
long cooc_entity_find(const cooc *t, const char *id);

/* cooc_period_count / cooc_period_name: the periods that received an article, in an
 * internal order (indexes of cooc_row.period). */
size_t cooc_period_count(const cooc *t);
const char *cooc_period_name(const cooc *t, size_t p);
/* cooc_period_find: the index of a period name, or -1. */
long cooc_period_find(const cooc *t, const char *name);
/* cooc_period_order: fill order[0..cooc_period_count) with period indexes sorted by name
 * (byte order). */
void cooc_period_order(const cooc *t, size_t *order);

/* cooc_contexts: N of period p. */
uint64_t cooc_contexts(const cooc *t, size_t p);
/* cooc_marginal: n_a of entity a in period p (contexts holding it; in window mode the
 * window marginal), and, when mentions is not NULL, its number of mentions. */
uint64_t cooc_marginal(const cooc *t, size_t p, size_t a, uint64_t *mentions);
/* cooc_count: n_ab of entities a != b in period p (either order). */
uint64_t cooc_count(const cooc *t, size_t p, size_t a, size_t b);
/* cooc_pair_total: the number of distinct (period, a, b) pairs with a count. */
size_t cooc_pair_total(const cooc *t);

/* cooc_rows: every pair with count >= 1 (of period p only, when p >= 0), with its
 * marginals and measures, sorted as §8 says: period name, count desc, id a, id b.
 * *rows is allocated with mem_alloc (mem_free it). 0, or -1 with e set. */
int cooc_rows(const cooc *t, long p, cooc_row **rows, size_t *n, err *e);
/* cooc_row_fill: the marginals and measures of row r from its period, a, b and count. */
void cooc_row_fill(const cooc *t, cooc_row *r);

/* cooc_write_csv: rows[0..n) as the cooccurrence CSV of TEXT-SPEC §8 ([period,]
 * entity_a, entity_b, name_a, name_b, count, count_a, count_b, contexts, pmi, npmi, dice,
 * jaccard, llr), in the order given; the period column when with_period. 0 or -1. */
int cooc_write_csv(const cooc *t, const char *path, const cooc_row *rows, size_t n,
                   int with_period, const csvwrite_opts *o, err *e);
/* cooc_write_matrix: rows[0..n) (all of one period) as a wide matrix: a header "entity"
 * then the ids of the rows' entities sorted by byte order; one line per entity: its id,
 * then the MEASURE_* `measure` of each pair. Cells of pairs not in the rows are empty,
 * except with MEASURE_COUNT when the table holds no such pair (0); the diagonal is empty.
 * 0 or -1 with e set. */
int cooc_write_matrix(const cooc *t, const char *path, const cooc_row *rows, size_t n,
                      int measure, const csvwrite_opts *o, err *e);

typedef struct {
  int dot;      /* DOT instead of GraphML */
  int isolated; /* also every entity mentioned (in `period`) without an edge */
  long period;  /* the period the rows come from, or -1 for all (node mention counts) */
  int network;  /* GraphML nodes carry their network measures (network.h, weights: counts) */
} cooc_graph_opts;

/* A network of rows: its nodes (entities, in the table's entity order) and edges, and
 * the nodes' measures when asked for (net[i] is node i's; nodes[i].net points there). */
typedef struct {
  graph_node *nodes;
  size_t nn;
  graph_edge *edges;
  size_t ne;
  net_node *net;
} cooc_graph;

/* cooc_graph_build: the network of rows[0..n) (g's isolated and period; its measures
 * when g->network) into *out; 0, or -1 with e set (free it with cooc_graph_free then too). */
int cooc_graph_build(const cooc *t, const cooc_row *rows, size_t n, const cooc_graph_opts *g,
                     cooc_graph *out, err *e);
/* cooc_graph_free: release what cooc_graph_build made (the struct is zeroed). */
void cooc_graph_free(cooc_graph *g);

/* cooc_write_graph: rows[0..n) as a network (graph.h): nodes are the rows' entities, in
 * the table's entity order, with their mention counts; 0 or -1 with e set. */
int cooc_write_graph(const cooc *t, const char *path, const cooc_row *rows, size_t n,
                     const cooc_graph_opts *g, err *e);

/* cooc_save: the whole table as an SQLite database file at path (tables meta, entities,
 * periods, marginals, pairs), written whole or not at all. 0, or -1 with e set. */
int cooc_save(const cooc *t, const char *path, err *e);
/* cooc_load: a table saved by cooc_save; NULL with e set ("path: why"). */
cooc *cooc_load(const char *path, err *e);

#endif
