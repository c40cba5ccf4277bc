/*
 * pipeline.c: the reader thread, the bounded article queue, the workers and the ordered
 * merge (see pipeline.h). The queue owns `cap` slots: the reader fills a free slot (an
 * article, or a corpus's raw record) and pushes its index on the ready ring; a worker pops
 * it, parses and processes the article and gives the slot back. The first failure (source
 * or worker) stops everyone. Warnings carry the place of their article in the source (the
 * slot's sequence number) and are sorted by it at the end.
 */
#include "pipeline.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "corpus.h"
#include "mem.h"

#define PIPELINE_QUEUE 64
/* Articles handed to sleeping workers at a time: when the reader is the bottleneck, waking
 * a worker for each article costs two context switches per article. */
#define PIPELINE_BATCH 8

/* ---- warnings ------------------------------------------------------------------------- */

/* Where a thread's warnings go, and the article they are about (their sort key). */
typedef struct {
  pipeline_warnings *w;
  uint64_t key;
} warn_tag;

void pipeline_warnings_init(pipeline_warnings *w) {
  memset(w, 0, sizeof *w);
  pthread_mutex_init(&w->lock, NULL);
}

void pipeline_warnings_free(pipeline_warnings *w) {
  for (size_t i = 0; i < w->n; i++) mem_free(w->msgs[i]);
  mem_free(w->msgs);
  mem_free(w->keys);
  pthread_mutex_destroy(&w->lock);
  w->msgs = NULL;
  w->keys = NULL;
  w->n = w->cap = w->keys_cap = w->dropped = 0;
  w->arrived = w->worst = 0;
}

/* later: whether kept message i comes after kept message j (key, then arrival). */
static int later(const pipeline_warnings *w, size_t i, size_t j) {
  const uint64_t *a = &w->keys[2 * i], *b = &w->keys[2 * j];
  return a[0] != b[0] ? a[0] > b[0] : a[1] > b[1];
}

/* find_worst: the index of the last kept message in order (w full). */
static void find_worst(pipeline_warnings *w) {
  w->worst = 0;
  for (size_t i = 1; i < w->n; i++)
    if (later(w, i, w->worst)) w->worst = i;
}

/* keep: store copy as message i with its key (lock held). */
static void keep(pipeline_warnings *w, size_t i, char *copy, uint64_t key) {
  w->msgs[i] = copy;
  w->keys[2 * i] = key;
  w->keys[2 * i + 1] = w->arrived;
}

/* add: keep a copy of msg about article `key` (lock held); when full, it replaces the
 * last kept message if it comes before it, so that the first ones in order stay. */
static void add(pipeline_warnings *w, uint64_t key, char *copy) {
  w->arrived++;
  if (copy && w->n < PIPELINE_WARNINGS_MAX &&
      mem_grow(&w->msgs, &w->cap, w->n + 1, sizeof *w->msgs) == 0 &&
      mem_grow(&w->keys, &w->keys_cap, w->n + 1, 2 * sizeof *w->keys) == 0) {
    keep(w, w->n++, copy, key);
    if (w->n == PIPELINE_WARNINGS_MAX) find_worst(w);
    return;
  }
  w->dropped++;
  if (copy && w->n == PIPELINE_WARNINGS_MAX && key < w->keys[2 * w->worst]) {
    mem_free(w->msgs[w->worst]);
    keep(w, w->worst, copy, key);
    find_worst(w);
    return;
  }
  mem_free(copy);
}

/* collect_tag: the warn_sink callback of a tag: keep a copy of msg under its key. */
static void collect_tag(void *ud, const char *msg) {
  warn_tag *t = ud;
  if (!t->w) return;
  char *copy = mem_strndup(msg, strlen(msg));
  pthread_mutex_lock(&t->w->lock);
  add(t->w, t->key, copy);
  pthread_mutex_unlock(&t->w->lock);
}

/* collect: the warn_sink callback of pipeline_warnings_sink. */
static void collect(void *ud, const char *msg) {
  warn_tag t = {ud, UINT64_MAX};
  collect_tag(&t, msg);
}

warn_sink pipeline_warnings_sink(pipeline_warnings *w) {
  return (warn_sink){w ? collect : NULL, w};
}

/* sort_warnings: put w's messages in order (key, then arrival): an insertion sort, as
 * they arrive almost in order. */
static void sort_warnings(pipeline_warnings *w) {
  for (size_t i = 1; i < w->n; i++) {
    char *msg = w->msgs[i];
    uint64_t key[2] = {w->keys[2 * i], w->keys[2 * i + 1]};
    size_t j = i;
    for (; j > 0 && (w->keys[2 * j - 2] != key[0] ? w->keys[2 * j - 2] > key[0]
                                                  : w->keys[2 * j - 1] > key[1]);
         j--) {
      w->msgs[j] = w->msgs[j - 1];
      memcpy(&w->keys[2 * j], &w->keys[2 * j - 2], 2 * sizeof *w->keys);
    }
    w->msgs[j] = msg;
    memcpy(&w->keys[2 * j], key, sizeof key);
  }
  if (w->n == PIPELINE_WARNINGS_MAX) w->worst = w->n - 1;
}

int pipeline_cores(void) {
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* ---- the queue ------------------------------------------------------------------------ */

/* A slot: an article from the source, or (split: a corpus) a raw record to parse. */
typedef struct {
  article a;
  corpus_record *rec;
  uint64_t seq; /* its place in the source (warnings sort by it) */
} slot;

typedef struct {
  pthread_mutex_t lock;
  pthread_cond_t readable, writable;
  slot *slots;
  size_t cap, batch; /* a worker is woken when `batch` articles are ready (or at the end) */
  size_t *ready, head, nready; /* ring of slot indexes holding an article */
  size_t *spare, nspare;       /* stack of free slot indexes */
  int done, failed;
  err e; /* the first failure */
  const pipeline_opts *o;
  const pipeline_worker_fns *f;
  corpus *split;     /* the corpus whose records the workers parse, or NULL */
  warn_tag rtag;     /* the reader's warnings */
  warn_sink rsink;
  uint64_t seq;      /* records handed out */
} queue;

/* A worker thread's arguments. */
typedef struct {
  queue *q;
  void *state;
  warn_tag tag;
  warn_sink sink;
  corpus_part *part; /* split: its parsing state */
  article a;         /* split: the article parsed */
} worker_arg;

/* queue_fail: record the first failure and wake everyone (lock held). */
static void queue_fail(queue *q, const err *e) {
  if (!q->failed) q->e = *e;
  q->failed = 1;
  pthread_cond_broadcast(&q->readable);
  pthread_cond_broadcast(&q->writable);
}

/* queue_init: cap free slots (with raw records when split); 0 or -1. */
static int queue_init(queue *q, size_t cap, corpus *split) {
  memset(q, 0, sizeof *q);
  q->split = split;
  q->slots = mem_calloc(cap, sizeof *q->slots);
  q->ready = mem_calloc(cap, sizeof *q->ready);
  q->spare = mem_calloc(cap, sizeof *q->spare);
  if (!q->slots || !q->ready || !q->spare) return -1;
  q->cap = cap;
  q->batch = cap < PIPELINE_BATCH ? cap : PIPELINE_BATCH;
  pthread_mutex_init(&q->lock, NULL);
  pthread_cond_init(&q->readable, NULL);
  pthread_cond_init(&q->writable, NULL);
  for (size_t i = 0; i < cap; i++) {
    article_init(&q->slots[i].a);
    if (split && !(q->slots[i].rec = corpus_record_new())) return -1;
    q->spare[q->nspare++] = i;
  }
  return 0;
}

/* queue_free: release the slots (after every thread has ended). */
static void queue_free(queue *q) {
  for (size_t i = 0; q->slots && i < q->cap; i++) {
    article_clear(&q->slots[i].a);
    corpus_record_free(q->slots[i].rec);
  }
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

/* reader_fill: the source's next article (or raw record) into slot s; as the source. */
static int reader_fill(queue *q, slot *s, err *e) {
  q->rtag.key = s->seq = q->seq++;
  if (q->split) return corpus_read(q->split, s->rec, &q->rsink, e);
  article_clear(&s->a);
  return q->o->next(q->o->src, &s->a, &q->rsink, e);
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
    rc = reader_fill(q, &q->slots[i], &e);
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

/* worker_slot: process slot s (parse its record first when split); 0 or -1 with e set. */
static int worker_slot(worker_arg *w, slot *s, err *e) {
  queue *q = w->q;
  const article *a = &s->a;
  w->tag.key = s->seq;
  if (q->split) {
    int rc = corpus_parse(q->split, s->rec, w->part, &w->a, e);
    if (rc <= 0) return rc;
    a = &w->a;
  }
  return q->f->worker_article(w->state, a, &w->sink, e);
}

/* worker_main: a worker thread: process ready articles until there are no more. */
static void *worker_main(void *arg) {
  worker_arg *w = arg;
  queue *q = w->q;
  err e;
  for (long i; (i = worker_take(q)) >= 0;) {
    int rc = worker_slot(w, &q->slots[i], &e);
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
                      pipeline_warnings *w, err *e) {
  warn_tag tag = {w, 0};
  warn_sink sink = {collect_tag, &tag};
  article a;
  article_init(&a);
  int rc;
  while ((rc = o->next(o->src, &a, &sink, e)) == 1) {
    if (f->worker_article(state, &a, &sink, e) < 0) {
      rc = -1;
      break;
    }
    article_clear(&a);
    tag.key++;
  }
  article_clear(&a);
  return rc < 0 ? -1 : 0;
}

/* worker_args: the arguments of n workers over states (with a corpus_part each when
 * split); NULL when out of memory. */
static worker_arg *worker_args(queue *q, void **states, size_t n, pipeline_warnings *w) {
  worker_arg *args = mem_calloc(n, sizeof *args);
  for (size_t i = 0; args && i < n; i++) {
    worker_arg *a = &args[i];
    *a = (worker_arg){q, states[i], {w, 0}, {collect_tag, NULL}, NULL, {NULL}};
    a->sink.ud = &a->tag;
    article_init(&a->a);
    if (q->split && !(a->part = corpus_part_new(q->split, &a->sink))) {
      for (size_t j = 0; j < i; j++) corpus_part_done(q->split, args[j].part);
      mem_free(args);
      return NULL;
    }
  }
  return args;
}

/* free_args: add the workers' parsing counts to the corpus, in worker order; release. */
static void free_args(queue *q, worker_arg *args, size_t n) {
  for (size_t i = 0; args && i < n; i++) {
    corpus_part_done(q->split, args[i].part);
    article_clear(&args[i].a);
  }
  mem_free(args);
}

/* join_all: wait for the started workers and the reader; 0, or -1 with e set. */
static int join_all(queue *q, pthread_t reader, const pthread_t *tids, size_t started,
                    err *e) {
  if (started == 0) { /* nobody would drain the queue: stop the reader */
    pthread_mutex_lock(&q->lock);
    queue_fail(q, &(err){"pipeline: cannot start a worker thread"});
    pthread_mutex_unlock(&q->lock);
  }
  for (size_t i = 0; i < started; i++) pthread_join(tids[i], NULL);
  pthread_join(reader, NULL);
  return q->failed ? err_set(e, "%s", q->e.msg) : 0;
}

/* run_threads: the reader thread and n workers over states[0..n); 0 or -1 with e set. */
static int run_threads(queue *q, void **states, size_t n, pipeline_warnings *w, err *e) {
  pthread_t reader, *tids = mem_calloc(n, sizeof *tids);
  worker_arg *args = tids ? worker_args(q, states, n, w) : NULL;
  size_t started = 0;
  int rc = args && pthread_create(&reader, NULL, reader_main, q) == 0 ? 0 : -1;
  if (rc < 0) {
    mem_free(tids);
    free_args(q, args, n);
    return err_set(e, "pipeline: cannot start the reader thread");
  }
  for (; started < n; started++)
    if (pthread_create(&tids[started], NULL, worker_main, &args[started]) != 0) break;
  rc = join_all(q, reader, tids, started, e);
  mem_free(tids);
  free_args(q, args, n);
  return rc;
}

/* run_queue: the threaded run: the reader thread, n workers over states; for a corpus,
 * split (the workers parse) and finished (its summary warning). 0 or -1 with e set. */
static int run_queue(const pipeline_opts *o, const pipeline_worker_fns *f, void **states,
                     size_t n, pipeline_warnings *w, err *e) {
  corpus *split = o->next == corpus_next_sink ? o->src : NULL;
  queue q;
  int rc = queue_init(&q, o->queue ? o->queue : PIPELINE_QUEUE, split);
  if (rc < 0) err_set(e, "pipeline: out of memory");
  q.o = o;
  q.f = f;
  q.rtag = (warn_tag){w, 0};
  q.rsink = (warn_sink){collect_tag, &q.rtag};
  if (rc == 0) rc = run_threads(&q, states, n, w, e);
  queue_free(&q);
  if (split && rc == 0) {
    warn_tag last = {w, UINT64_MAX};
    corpus_finish(split, &(warn_sink){collect_tag, &last});
  }
  return rc;
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
  void **states = new_states(f, n, e);
  if (!states) return NULL;
  int rc = n == 1 ? run_single(o, f, states[0], w, e) : run_queue(o, f, states, n, w, e);
  rc = merge_states(f, states, n, rc, e);
  if (w) sort_warnings(w);
  void *result = states[0];
  mem_free(states);
  if (rc < 0) {
    f->worker_free(result);
    return NULL;
  }
  return result;
}
