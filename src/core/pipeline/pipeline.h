/*
 * pipeline.h: the threaded bulk driver shared by the corpus-wide paths (sahel.cooc.build,
 * gaz:count...). `threads` workers (worker 0 on the calling thread) each own a private
 * state (per-thread scratch such as a doc and a mention_list, plus a partial result); each
 * reads the next article from the shared source under a lock, one worker at a time, and
 * processes it; at the end the partial results merge by addition into worker 0, in worker
 * order (1, 2, ...), so that a result that is a sum over articles is the same for every
 * thread count. With threads = 1 everything runs on the calling thread, without a lock.
 *
 * When the source also gives its two stages (o->stages, article/source.h; a corpus gives
 * corpus_stages), a worker only cuts the next raw record under the lock (a JSONL line, a
 * text file's bytes) and parses it after, with parsing state of its own: JSON parsing and
 * UTF-8 checks run in parallel too. The source's counts and summary warning are complete
 * when pipeline_run returns.
 *
 * Threads never call Lua: the source and the workers get a warn_sink that collects
 * warnings (thread-safe, bounded); the caller emits them afterwards on its own thread.
 * Warnings come out in the order of the articles they are about (what reading said
 * while reading article k, then what parsing and the worker said about it), whatever the
 * thread count. Memory stays bounded: each worker holds one article at a time. A stop
 * requested through cancel.h (--timeout) ends the run between two articles, failing with
 * "cancelled".
 *
 * Using it (gaz:count, for instance):
 *
 *   static void *cnt_new(void *ud, err *e);                 // scratch + zeroed counters
 *   static int cnt_article(void *w, const article *a, const warn_sink *ws, err *e);
 *   static int cnt_merge(void *into, void *from, err *e);   // add counters
 *   static void cnt_free(void *w);
 *   pipeline_worker_fns f = {cnt_new, cnt_article, cnt_merge, cnt_free, &shared, NULL};
 *   pipeline_opts o = {corpus_next_sink, corpus, threads, &corpus_stages};
 *   pipeline_warnings pw;
 *   pipeline_warnings_init(&pw);
 *   void *result = pipeline_run(&o, &f, &pw, &e);           // worker 0, all merged
 *   ... emit pw's warnings, use result, f.worker_free(result) ...
 *
 * gazetteer/pipeline_doc.h does the usual per-article work (analyzed text, doc, mentions).
 */
#ifndef SAHEL_PIPELINE_H
#define SAHEL_PIPELINE_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "article/article.h"
#include "article/source.h"
#include "base/err.h"

/* The source: fill *a with the next article (a was cleared); 1 got one, 0 at the end, -1
 * on failure with e set. Called from one thread at a time (under the source's lock),
 * never from two at once, not always the same thread; w collects warnings (use it
 * instead of a Lua-bound sink). */
typedef int (*pipeline_next_fn)(void *src, article *a, const warn_sink *w, err *e);

/* What the workers do. Each callback runs on one thread at a time for a given state. */
typedef struct {
  /* worker_new: a fresh worker state (called on the calling thread); NULL with e set. */
  void *(*worker_new)(void *ud, err *e);
  /* worker_article: process one article (read-only; valid during the call); 0 or -1 with
   * e set, which stops the run. Warnings go to w. */
  int (*worker_article)(void *state, const article *a, const warn_sink *w, err *e);
  /* worker_merge: add `from`'s partial result into `into`; 0 or -1 with e set. */
  int (*worker_merge)(void *into, void *from, err *e);
  /* worker_free: release a state (NULL is fine). */
  void (*worker_free)(void *state);
  void *ud; /* passed to worker_new */
  /* worker_skip (may be NULL): the record at `place` of the source gave no article (a bad
   * record, skipped with a warning); for workers that act in the source's order. */
  void (*worker_skip)(void *state, uint64_t place);
} pipeline_worker_fns;

/* pipeline_place: the place in the source (0, 1, 2, ...) of the article a worker is
 * processing, from the warn_sink worker_article was given. Every place below the last is
 * either an article given to worker_article or a record given to worker_skip. */
uint64_t pipeline_place(const warn_sink *w);

typedef struct {
  pipeline_next_fn next;
  void *src;
  int threads; /* workers; 0 = the machine's cores; 1 = everything on the calling thread */
  const article_stages *stages; /* src read in two stages (NULL: by next only) */
} pipeline_opts;

/* Warnings collected from any thread. At most PIPELINE_WARNINGS_MAX are kept (the first
 * ones, in article order); the rest are only counted in `dropped`. After pipeline_run,
 * msgs[0..n) are in article order. */
#define PIPELINE_WARNINGS_MAX 1000
typedef struct {
  pthread_mutex_t lock;
  char **msgs;
  size_t n, cap, dropped;
  uint64_t *keys;  /* per message: the article it is about, then its arrival */
  size_t keys_cap;
  uint64_t arrived, worst; /* messages seen; the index of the last kept one (when full) */
} pipeline_warnings;

/* pipeline_warnings_init / _free: an empty collector / release it. */
void pipeline_warnings_init(pipeline_warnings *w);
void pipeline_warnings_free(pipeline_warnings *w);
/* pipeline_warnings_sink: a warn_sink that appends to w (thread-safe), after the
 * warnings of every article. */
warn_sink pipeline_warnings_sink(pipeline_warnings *w);

/* pipeline_cores: the number of online processors (at least 1). */
int pipeline_cores(void);

/* pipeline_run: run the source through the workers. Returns worker 0's state with every
 * other worker merged into it (free it with f->worker_free), or NULL with e set (the
 * source or a worker failed, or memory ran out); warnings go to w (may be NULL: dropped). */
void *pipeline_run(const pipeline_opts *o, const pipeline_worker_fns *f, pipeline_warnings *w,
                   err *e);

#endif
