/*
 * terms.h: term frequencies, keyness and collocations (TEXT-SPEC §9) in pure C.
 *
 * A term is the match form of a word token; an n-gram (n = 2, 3) is n consecutive word
 * tokens of one sentence with only white space between them (consecutive tokens of the
 * doc, as aliases match, §6.2), none a stopword, its match forms joined by one space.
 * A `terms` table counts, per slice (the whole corpus, a period of the article date as
 * cooc slices them, or a source), each term's occurrences and the articles holding it,
 * and the slice's word tokens (stopwords included). Counting a corpus runs through the
 * threaded pipeline: each worker counts into a table of its own and the tables merge by
 * addition, so the counts are the same for every thread count.
 */
#ifndef SAHEL_TERMS_H
#define SAHEL_TERMS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "cooc/cooc.h"
#include "gazetteer/gazetteer.h"
#include "gazetteer/pipeline_doc.h"
#include "pipeline/pipeline.h"
#include "text/text.h"

/* A set of stopwords in match form. */
typedef struct terms_stop terms_stop;

/* terms_stop_new: an empty set; NULL when out of memory. */
terms_stop *terms_stop_new(void);
/* terms_stop_free: release it (NULL is fine). */
void terms_stop_free(terms_stop *s);
/* terms_stop_add: add the match form (under tp) of each word of w[0..len) (a line of a
 * stopword list may hold one word; every word token of it is added). 0, or -1 (memory). */
int terms_stop_add(terms_stop *s, const textproc *tp, const char *w, size_t len);
/* terms_stop_has: whether the match form m[0..len) is a stopword. */
int terms_stop_has(const terms_stop *s, const char *m, size_t len);
/* terms_stop_count: the distinct stopwords held. */
size_t terms_stop_count(const terms_stop *s);

/* A map from article ids to slice names: each article's slices chosen by the caller (an
 * article may count in its period's slice and in a slice of each entity it mentions: it
 * then counts once in each; slices summed together count it as often as they hold it).
 * Read-only once counting starts (the workers share it). */
typedef struct terms_ids terms_ids;

/* terms_ids_new: an empty map; NULL when out of memory. */
terms_ids *terms_ids_new(void);
/* terms_ids_free: release it (NULL is fine). */
void terms_ids_free(terms_ids *m);
/* TERMS_SLICES_MAX: the most slices one article may count in. */
#define TERMS_SLICES_MAX 64
/* terms_ids_set: article id[0..len) goes to the slices names[0..n) (n = 0: to none; the
 * last set of an id wins). 0, or -1 (memory). */
int terms_ids_set(terms_ids *m, const char *id, size_t len, const char *const *names,
                  size_t n);
/* terms_ids_get: slice i (from 0) of article id[0..len), or NULL past its last (or when
 * the map does not name the article). */
const char *terms_ids_get(const terms_ids *m, const char *id, size_t len, size_t i);
/* terms_ids_count: the articles the map names. */
size_t terms_ids_count(const terms_ids *m);

/* How articles are sliced. */
typedef enum { TERMS_BY_NONE, TERMS_BY_PERIOD, TERMS_BY_SOURCE, TERMS_BY_ID } terms_slicing;

typedef struct terms terms;

typedef struct {
  int max_n;               /* count n-grams of n = 1 .. max_n (1 to 3) */
  terms_slicing slicing;
  cooc_by by;              /* the period when slicing = TERMS_BY_PERIOD */
  const terms_stop *stop;  /* borrowed, may be NULL */
  /* stem: NULL, or Snowball algorithms separated by commas ("arabic", "arabic,french"):
   * the Arabic one stems words in Arabic script, one other stems words in Latin script;
   * applied to the match form (after clitics), each table with stemmers of its own (the
   * table keeps a copy of the string). */
  const char *stem;
  /* vocab: NULL, or a table of whole words (terms_vocabulary): a word is counted as its
   * first form without proclitics (TEXT-SPEC §6.3 order) that the table holds, and again
   * from that form, until none is held (borrowed; read-only, shared by threads). */
  const terms *vocab;
  /* max_terms: 0, or the most distinct keys (slice, term) a table may hold: one that would
   * hold more fails ("more than max_terms distinct terms"; terms_overflowed says so). */
  size_t max_terms;
  /* parts, part: with parts > 1, only the terms whose hash is part modulo parts are
   * counted (word totals are not affected): parts passes count every term once. */
  uint32_t parts, part;
  const terms_ids *ids;    /* borrowed: the slices when slicing = TERMS_BY_ID (an article
                              it does not name is not counted) */
} terms_opts;

/* terms_new: an empty table; NULL with e set (bad options, memory). */
terms *terms_new(const terms_opts *o, err *e);
/* terms_free: release it (NULL is fine). */
void terms_free(terms *t);
/* terms_options: the options the table counts with (its stop set is borrowed). */
const terms_opts *terms_options(const terms *t);
/* terms_add_doc: count one article, analyzed into d, in the slice named `slice` (created
 * when absent). 0, or -1 with e set (memory). */
int terms_add_doc(terms *t, const char *slice, const doc *d, err *e);
/* terms_add_doc_masked: the same, counting only the tokens i with mask[i] set (mask holds
 * d->ntokens bytes; NULL = every token): n-grams lie wholly inside them, and the slice's
 * words are the masked word tokens. */
int terms_add_doc_masked(terms *t, const char *slice, const doc *d, const uint8_t *mask,
                         err *e);
/* terms_slice_of: the slice name of article a under the table's slicing, into out
 * (COOC_PERIOD_MAX bytes for periods; a source is returned as is, "" when absent); by id,
 * its first slice, or NULL when the map names none (the article is not counted). */
const char *terms_slice_of(const terms *t, const article *a, char out[COOC_PERIOD_MAX]);
/* terms_add_article: analyze article a (its analyzed text, §2) with scratch s (made with
 * no gazetteer) and count it in its slice, or by id in each of its slices (none: skipped
 * unread). 0, or -1 with e set. */
int terms_add_article(terms *t, pipeline_doc *s, const article *a, err *e);
/* terms_merge: add from's counts into into (same options); 0, or -1 with e set. */
int terms_merge(terms *into, const terms *from, err *e);
/* terms_overflowed: whether counting into t failed because it would hold more than
 * max_terms keys. */
int terms_overflowed(const terms *t);
/* terms_keep_top: add to into (options of from, but for max_terms and parts) the k terms
 * of each slice and n-gram size of from with the highest counts (ties: by term), with their
 * counts and articles; into's slices take from's words. 0, or -1 with e set. */
int terms_keep_top(terms *into, const terms *from, size_t k, err *e);
/* terms_count_top: the k most frequent terms of each slice and size, exact, counting the
 * source in parts passes (each rewinding it first; parts starts at 1 and doubles each time a
 * pass holds more than o->max_terms keys, so memory stays near max_terms keys per thread).
 * The table of those terms (its words: every word of each slice), or NULL with e set;
 * *passes: the parts used. */
terms *terms_count_top(const terms_opts *o, size_t k, const pipeline_opts *po,
                       void (*rewind)(void *src), pipeline_warnings *pw, uint32_t *passes,
                       err *e);

/* terms_vocabulary: the whole words of every article of the pipeline's source (a table of
 * 1-grams without stopwords, stemming or slices: opts.vocab of a later count), or NULL
 * with e set. */
terms *terms_vocabulary(const pipeline_opts *po, pipeline_warnings *pw, err *e);
/* terms_has_word: whether the unsliced table t holds the 1-gram w[0..len). */
int terms_has_word(const terms *t, const char *w, size_t len);
/* terms_stemmers: the Snowball algorithms available ("arabic", "english", ...; static). */
const char **terms_stemmers(void);

/* terms_count: count every article of the pipeline's source (its analyzed text, §2) with
 * the pipeline's threads. The table, or NULL with e set; warnings go to pw. */
terms *terms_count(const terms_opts *o, const pipeline_opts *po, pipeline_warnings *pw,
                   err *e);

/* The contexts of an entity whose terms terms_count_entity counts. */
typedef struct {
  uint32_t entity;     /* its index in the gazetteer */
  size_t window;       /* 0: the sentences of its mentions; k: k word tokens each side of
                        * each mention, inside its sentence */
  unsigned match_opts; /* GAZ_DEMONYMS ... */
} terms_entity_opts;

/* terms_count_entity: in one pass over the pipeline's source (matched with g, whose
 * normalization counts), *whole = the terms of every article (as terms_count) and
 * *target = those of the entity's contexts only (the mentions' own tokens left out; an
 * article counts there when it mentions the entity), both with o. 0, or -1 with e set. */
int terms_count_entity(const terms_opts *o, const gazetteer *g, const terms_entity_opts *eo,
                       const pipeline_opts *po, pipeline_warnings *pw, terms **target,
                       terms **whole, err *e);

/* Slices: indexes 0 .. terms_slice_count - 1, in the order of their names (byte order). */
size_t terms_slice_count(const terms *t);
const char *terms_slice_name(const terms *t, size_t i);
/* terms_slice_find: the index of a slice name, or -1. */
long terms_slice_find(const terms *t, const char *name);
/* terms_slice_words: the word tokens (stopwords included) of slice i. */
uint64_t terms_slice_words(const terms *t, size_t i);
/* terms_articles: the articles counted (every slice). */
uint64_t terms_articles(const terms *t);

/* One term summed over a set of slices. term points into the table (valid while it
 * lives, not NUL-terminated); first_len = bytes of its first word. */
typedef struct {
  const char *term;
  uint32_t len, first_len;
  int n;
  uint64_t count, articles;
} terms_row;

/* terms_rows: the terms of n-gram size n (0 = every size) with count >= min_count, summed
 * over the slices whose pick[i] is nonzero (pick NULL = every slice), sorted by count
 * descending, then term (byte order), then n. *out (free with mem_free) and *nout; 0, or
 * -1 with e set (memory). */
int terms_rows(const terms *t, const unsigned char *pick, int n, uint64_t min_count,
               terms_row **out, size_t *nout, err *e);
/* terms_words: the word tokens of the slices picked (NULL = every slice). */
uint64_t terms_words(const terms *t, const unsigned char *pick);

/* Keyness of a term (§9): counts a in the target, b in the reference. */
typedef struct {
  const char *term;
  uint32_t len;
  int n;
  uint64_t a, b;
  double g2, chi2, log_ratio;
} terms_key;

/* terms_keyness_of: G2, chi2 (both signed by a/c_t - b/c_r) and log ratio of counts a, b
 * in target and reference of c_t and c_r word tokens, into k's measures. */
void terms_keyness_of(uint64_t a, uint64_t b, uint64_t c_t, uint64_t c_r, terms_key *k);
/* terms_keyness: every term of target rows ta[0..na) or reference rows rb[0..nb) (each
 * term at most once per side; the arrays are reordered), with its keyness, sorted by G2
 * descending, then term, then n. nested: the reference holds the target too (the whole
 * corpus); its counts and words are then taken minus the target's. *out (free with
 * mem_free); 0, or -1 with e set (no words on a side; nested but not holding it). */
int terms_keyness(terms_row *ta, size_t na, uint64_t c_t, terms_row *rb, size_t nb,
                  uint64_t c_r, int nested, terms_key **out, size_t *nout, err *e);

/* A collocation x y (§9). */
typedef struct {
  const char *x, *y;
  uint32_t xlen, ylen;
  uint64_t n11, n12, n21, n22;
  double lambda, z, pmi, g2;
} terms_colloc;

/* terms_colloc_measures: lambda, z, PMI and G2 (§9) of a pair x y seen n11 times, where x
 * starts nx of the N pairs and y ends ny of them (n11 <= nx, ny <= N), into c's counts and
 * measures (its words are left alone). */
void terms_colloc_measures(uint64_t n11, uint64_t nx, uint64_t ny, uint64_t N, terms_colloc *c);
/* terms_collocations: from the 2-gram rows pairs[0..n) (all of them: N is their total
 * count), the collocations with n11 >= min_count, sorted by z descending, then x, then y.
 * *out (free with mem_free); 0, or -1 with e set. */
int terms_collocations(const terms_row *pairs, size_t n, uint64_t min_count, terms_colloc **out,
                       size_t *nout, err *e);

#endif
