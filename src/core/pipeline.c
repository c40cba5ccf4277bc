/*
 * pipeline.c: the reader thread, the bounded article queue, the workers and the ordered
 * merge (see pipeline.h). The queue owns `cap` article slots: the reader fills a free slot
 * and pushes its index on the ready ring; a worker pops it, processes the article and
 * gives the slot back. The first failure (source or worker) stops everyone.
 */
#include "pipeline.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "mem.h"

#define PIPELINE_QUEUE 64
/* Articles handed to sleeping workers at a time: when the reader is the bottleneck, waking
 * a worker for each article costs two context switches per article. */
#define PIPELINE_BATCH 8

/* ---- warnings ------------------------------------------------------------------------- */

void pipeline_warnings_init(pipeline_warnings *w) {
  memset(w, 0, sizeof *w);
  pthread_mutex_init(&w->lock, NULL);
}

void pipeline_warnings_free(pipeline_warnings *w) {
  for (size_t i = 0; i < w->n; i++) mem_free(w->msgs[i]);
  mem_free(w->msgs);
  pthread_mutex_destroy(&w->lock);
  w->msgs = NULL;
  w->n = w->cap = w->dropped = 0;
}

/* collect: the warn_sink callback: keep a copy of msg (or count it when full). */
static void collect(void *ud, const char *msg) {
  pipeline_warnings *w = ud;
  char *copy = mem_strndup(msg, strlen(msg));
  pthread_mutex_lock(&w->lock);
  if (copy && w->n < PIPELINE_WARNINGS_MAX &&
      mem_grow(&w->msgs, &w->cap, w->n + 1, sizeof *w->msgs) == 0) {
    w->msgs[w->n++] = copy;
    copy = NULL;
  } else {
    w->dropped++;
  }
  pthread_mutex_unlock(&w->lock);
  mem_free(copy);
}

warn_sink pipeline_warnings_sink(pipeline_warnings *w) {
  return (warn_sink){w ? collect : NULL, w};
}

int pipeline_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* ---- the queue ------------------------------------------------------------------------ */

typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t readable, writable;
  article *slots;
  size_t cap, batch; /* a worker is woken when `batch` articles are ready (or at the end) */
  size_t *ready, head, nready; /* ring of slot indexes holding an article */
  size_t *spare, nspare;       /* stack of free slot indexes */
  int done, failed;
  err e; /* the first failure */
  const pipeline_opts *o;
  const pipeline_worker_fns *f;
  warn_sink sink;
} queue;

/* A worker thread's arguments. */
typedef struct {
  queue *q;
  void *state;
} worker_arg;

/* queue_fail: record the first failure and wake everyone (lock held). */
static void queue_fail(queue *q, const err *e) {
  if (!q->failed) q->e = *e;
  q->failed = 1;
  pthread_cond_broadcast(&q->readable);
  pthread_cond_broadcast(&q->writable);
}

/* queue_init: cap free slots; 0 or -1. */
static int queue_init(queue *q, size_t cap) {
  memset(q, 0, sizeof *q);
  q->slots = mem_calloc(cap, sizeof *q->slots);
  q->ready = mem_calloc(cap, sizeof *q->ready);
  q->spare = mem_calloc(cap, sizeof *q->spare);
  if (!q->slots || !q->ready || !q->spare) return -1;
  q->cap = cap;
  q->batch = cap < PIPELINE_BATCH ? cap : PIPELINE_BATCH;
  for (size_t i = 0; i < cap; i++) {
    article_init(&q->slots[i]);
    q->spare[q->nspare++] = i;
  }
  pthread_mutex_init(&q->lock, NULL);
  pthread_cond_init(&q->readable, NULL);
  pthread_cond_init(&q->writable, NULL);
  return 0;
}

/* queue_free: release the slots (after every thread has ended). */
static void queue_free(queue *q) {
  for (size_t i = 0; q->slots && i < q->cap; i++) article_clear(&q->slots[i]);
  if (q->cap) {
    pthread_mutex_destroy(&q->lock);
    pthread_cond_destroy(&q->readable);
    pthread_cond_destroy(&q->writable);
  }
  mem_free(q->slots);
  mem_free(q->ready);
  mem_free(q->spare);
}

/* reader_take: a free slot index, or -1 when the run failed (waits while all are busy,
 * after waking the workers for what is ready). */
static long reader_take(queue *q) {
  pthread_mutex_lock(&q->lock);
  if (!q->nspare && q->nready) pthread_cond_broadcast(&q->readable);
  while (!q->nspare && !q->failed) pthread_cond_wait(&q->writable, &q->lock);
  long i = q->failed ? -1 : (long)q->spare[--q->nspare];
  pthread_mutex_unlock(&q->lock);
  return i;
}

/* reader_give: hand slot i to the workers (rc = 1), or end the input (rc = 0, or -1 with
 * e: a failure); the slot goes back to the free stack when it holds nothing. */
static void reader_give(queue *q, size_t i, int rc, const err *e) {
  pthread_mutex_lock(&q->lock);
  if (rc == 1 && !q->failed) {
    q->ready[(q->head + q->nready++) % q->cap] = i;
    if (q->nready >= q->batch) pthread_cond_signal(&q->readable);
  } else {
    q->spare[q->nspare++] = i;
    if (rc < 0) queue_fail(q, e);
    q->done = 1;
    pthread_cond_broadcast(&q->readable);
  }
  pthread_mutex_unlock(&q->lock);
}

/* reader_main: the reader thread: fill slots until the source ends or the run fails. */
static void *reader_main(void *arg) {
  queue *q = arg;
  err e;
  for (int rc = 1; rc == 1;) {
    long i = reader_take(q);
    if (i < 0) { /* the run failed: the workers are stopping */
      pthread_mutex_lock(&q->lock);
      q->done = 1;
      pthread_cond_broadcast(&q->readable);
      pthread_mutex_unlock(&q->lock);
      break;
    }
    article_clear(&q->slots[i]);
    rc = q->o->next(q->o->src, &q->slots[i], &q->sink, &e);
    reader_give(q, (size_t)i, rc, &e);
  }
  return NULL;
}

/* worker_take: the next ready slot index, or -1 when the input ended or the run failed. */
static long worker_take(queue *q) {
  pthread_mutex_lock(&q->lock);
  while (!q->nready && !q->done && !q->failed) pthread_cond_wait(&q->readable, &q->lock);
  long i = -1;
  if (!q->failed && q->nready) {
    i = (long)q->ready[q->head];
    q->head = (q->head + 1) % q->cap;
    q->nready--;
  }
  pthread_mutex_unlock(&q->lock);
  return i;
}

/* worker_main: a worker thread: process ready articles until there are no more. */
static void *worker_main(void *arg) {
  worker_arg *w = arg;
  queue *q = w->q;
  err e;
  for (long i; (i = worker_take(q)) >= 0;) {
    int rc = q->f->worker_article(w->state, &q->slots[i], &q->sink, &e);
    pthread_mutex_lock(&q->lock);
    q->spare[q->nspare++] = (size_t)i;
    pthread_cond_signal(&q->writable);
    if (rc < 0) queue_fail(q, &e);
    pthread_mutex_unlock(&q->lock);
  }
  return NULL;
}

/* ---- running -------------------------------------------------------------------------- */

/* run_single: everything on the calling thread, into state. 0 or -1 with e set. */
static int run_single(const pipeline_opts *o, const pipeline_worker_fns *f, void *state,
                      const warn_sink *sink, err *e) {
  article a;
  article_init(&a);
  int rc;
  while ((rc = o->next(o->src, &a, sink, e)) == 1) {
    if (f->worker_article(state, &a, sink, e) < 0) {
      rc = -1;
      break;
    }
    article_clear(&a);
  }
  article_clear(&a);
  return rc < 0 ? -1 : 0;
}

/* run_threads: the reader thread and n workers over states[0..n); 0 or -1 with e set. */
static int run_threads(queue *q, void **states, size_t n, err *e) {
  pthread_t reader, *tids = mem_calloc(n, sizeof *tids);
  worker_arg *args = mem_calloc(n, sizeof *args);
  size_t started = 0;
  int rc = tids && args && pthread_create(&reader, NULL, reader_main, q) == 0 ? 0 : -1;
  if (rc < 0) {
    mem_free(tids);
    mem_free(args);
    return err_set(e, "pipeline: cannot start the reader thread");
  }
  for (; started < n; started++) {
    args[started] = (worker_arg){q, states[started]};
    if (pthread_create(&tids[started], NULL, worker_main, &args[started]) != 0) break;
  }
  if (started == 0) { /* nobody would drain the queue: stop the reader */
    pthread_mutex_lock(&q->lock);
    queue_fail(q, &(err){"pipeline: cannot start a worker thread"});
    pthread_mutex_unlock(&q->lock);
  }
  for (size_t i = 0; i < started; i++) pthread_join(tids[i], NULL);
  pthread_join(reader, NULL);
  mem_free(tids);
  mem_free(args);
  if (q->failed) return err_set(e, "%s", q->e.msg);
  return 0;
}

/* new_states: n fresh worker states; NULL with e set (those made are freed). */
static void **new_states(const pipeline_worker_fns *f, size_t n, err *e) {
  void **states = mem_calloc(n, sizeof *states);
  if (!states) return err_set(e, "pipeline: out of memory"), NULL;
  for (size_t i = 0; i < n; i++) {
    if ((states[i] = f->worker_new(f->ud, e)) == NULL) {
      for (size_t j = 0; j < i; j++) f->worker_free(states[j]);
      mem_free(states);
      return NULL;
    }
  }
  return states;
}

/* merge_states: merge states 1..n-1 into states[0], in order, freeing them; 0 or -1. */
static int merge_states(const pipeline_worker_fns *f, void **states, size_t n, int rc,
                        err *e) {
  for (size_t i = 1; i < n; i++) {
    if (rc == 0 && f->worker_merge(states[0], states[i], e) < 0) rc = -1;
    f->worker_free(states[i]);
  }
  return rc;
}

void *pipeline_run(const pipeline_opts *o, const pipeline_worker_fns *f, pipeline_warnings *w,
                   err *e) {
  size_t n = o->threads > 0 ? (size_t)o->threads : (size_t)pipeline_cores();
  warn_sink sink = pipeline_warnings_sink(w);
  void **states = new_states(f, n, e);
  if (!states) return NULL;
  int rc;
  if (n == 1) {
    rc = run_single(o, f, states[0], &sink, e);
  } else {
    queue q;
    rc = queue_init(&q, o->queue ? o->queue : PIPELINE_QUEUE);
    if (rc < 0) err_set(e, "pipeline: out of memory");
    q.o = o;
    q.f = f;
    q.sink = sink;
    if (rc == 0) rc = run_threads(&q, states, n, e);
    queue_free(&q);
  }
  rc = merge_states(f, states, n, rc, e);
  void *result = states[0];
  mem_free(states);
  if (rc < 0) {
    f->worker_free(result);
    return NULL;
  }
  return result;
}
