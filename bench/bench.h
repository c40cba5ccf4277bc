/*
 * bench.h: the throughput and memory benchmark (bench/run drives it; docs/performance.md).
 * One pass over a corpus per measurement, timed with the monotonic clock; every stage is
 * cumulative (it does what the one before it does, and one more step), so that the table
 * shows what each step adds. Sizes are the bytes of the analyzed texts (title + body, what
 * the tokenizers read), tokens are word and number tokens (what ICU's iterator calls
 * letter and number segments).
 */
#ifndef SAHEL_BENCH_H
#define SAHEL_BENCH_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "gazetteer/gazetteer.h"

/* What one measurement did: seconds of wall time, bytes of text, tokens, articles. */
typedef struct {
  double sec;
  uint64_t bytes, tokens, articles;
  uint64_t check; /* a digest of the results (equal results, equal digests) */
} bench_m;

/* The stages, in table order. */
typedef enum {
  BENCH_ICU,     /* the yardstick: ICU's word break iterator over the texts (read untimed) */
  BENCH_READ,    /* corpus_next and the analyzed text */
  BENCH_ANALYZE, /* + normalize, tokenize, sentences and paragraphs (one pass: doc_analyze) */
  BENCH_MATCH,   /* + gazetteer match */
  BENCH_COOC,    /* + sentence co-occurrence (cooc_build: the C bulk path) */
  BENCH_CSV,     /* + cooccurrence.csv and mentions.csv */
  BENCH_STORE,   /* read, analyze, match into a new SQLite store (articles, mentions) */
  BENCH_TERMS,   /* read, analyze, count 1-grams (terms_count: the C bulk path) */
  BENCH_NSTAGES
} bench_stage;

/* What the stages work on. */
typedef struct {
  const char *corpus;   /* corpus path */
  gazetteer *gaz;       /* the benchmark's gazetteer (owned by the caller) */
  const char *tmpdir;   /* where outputs go */
  int threads;          /* for BENCH_COOC, BENCH_CSV, BENCH_STORE and BENCH_TERMS */
  uint64_t max_bytes;   /* stop after this much text (0: the whole corpus) */
} bench_job;

/* bench_stage_name: the row label of a stage. */
const char *bench_stage_name(bench_stage s);
/* bench_run_stage: one timed pass of stage s; 0, or -1 with e set. */
int bench_run_stage(const bench_job *j, bench_stage s, bench_m *m, err *e);
/* bench_load_gazetteer: a gazetteer of the CSV files paths[0..n) (in one, in order:
 * duplicates keep the first) for the default match form; NULL with e set. *sec is the
 * time the loading took (textproc tables not included). */
gazetteer *bench_load_gazetteer(const char *const *paths, size_t n, double *sec, err *e);
/* bench_free_gazetteer: release a gazetteer of bench_load_gazetteer. */
void bench_free_gazetteer(gazetteer *g);
/* bench_outputs_digest: a digest of the main job's outputs in dir: the bytes of its CSV
 * and network files and every row of every table of its store; 0, or -1 with e set. */
int bench_outputs_digest(const char *dir, uint64_t *digest, err *e);
/* bench_now: the monotonic clock in seconds. */
double bench_now(void);

#endif
