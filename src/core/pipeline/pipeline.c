/*
 * pipeline.c: the workers, the shared source and the ordered merge (see pipeline.h). Each
 * worker takes the source's lock, reads the next article (or a two-stage source's raw record),
 * releases the lock, then parses and processes it: no reader thread, no queue, no
 * condition variables. Reading a record is short next to analyzing it, so the lock is
 * rarely contended (and an adaptive mutex spins a little before it sleeps). The first
 * failure (source or worker) stops everyone at their next read. Warnings carry the place
 * of their article in the source (its sequence number) and are sorted by it at the end.
 */
#define _GNU_SOURCE /* PTHREAD_MUTEX_ADAPTIVE_NP */
#include "pipeline/pipeline.h"

#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "base/cancel.h"
#include "base/mem.h"

/* ---- warnings ------------------------------------------------------------------------- */

/* Where a thread's warnings go, and the article they are about (their sort key). */
typedef struct {
  pipeline_warnings *w;
  uint64_t key;
} warn_tag;

uint64_t pipeline_place(const warn_sink *w) { return ((const warn_tag *)w->ud)->key; }

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

/* ---- the shared source --------------------------------------------------------------- */

/* What the workers share: the source, read by one worker at a time under `lock` (a raw
 * record when split, else an article), and the run's first failure. */
typedef struct {
  pthread_mutex_t lock;
  const pipeline_opts *o;
  const pipeline_worker_fns *f;
  const article_stages *split; /* the stages of a source whose records the workers parse,
                                * or NULL */
  warn_tag rtag;   /* the warnings of reading (their key: the record's place) */
  warn_sink rsink;
  uint64_t seq;    /* records read */
  int done, failed;
  err e;           /* the first failure */
} source;

/* A worker's state and what it holds: one record (split) or article at a time. */
typedef struct {
  source *src;
  void *state;
  warn_tag tag;
  warn_sink sink;
  void *part;          /* split: its parsing state */
  void *rec;           /* split: the raw record read */
  article a;           /* the article read, or parsed from rec */
} worker_arg;

/* source_fail: record the first failure (lock held). */
static void source_fail(source *s, const err *e) {
  if (!s->failed) s->e = *e;
  s->failed = 1;
}

/* worker_read: the source's next raw record (split) or article into w, under the lock:
 * 1, or 0 at the end or once the run has failed (a failure to read, or a stop requested
 * through cancel.h, is recorded). */
static int worker_read(worker_arg *w) {
  source *s = w->src;
  err e;
  int rc = 0;
  pthread_mutex_lock(&s->lock);
  if (!s->failed && cancel_requested()) source_fail(s, &(err){"cancelled"});
  if (!s->done && !s->failed) {
    s->rtag.key = w->tag.key = s->seq++;
    if (s->split) {
      rc = s->split->read(s->o->src, w->rec, &s->rsink, &e);
    } else {
      article_clear(&w->a);
      rc = s->o->next(s->o->src, &w->a, &s->rsink, &e);
    }
    if (rc <= 0) s->done = 1;
    if (rc < 0) source_fail(s, &e);
  }
  pthread_mutex_unlock(&s->lock);
  return rc == 1;
}

/* worker_process: parse w's record (split), then process its article; 0 or -1 with e. */
static int worker_process(worker_arg *w, err *e) {
  source *s = w->src;
  if (s->split) {
    int rc = s->split->parse(s->o->src, w->rec, w->part, &w->a, e);
    if (rc == 0 && s->f->worker_skip) s->f->worker_skip(w->state, w->tag.key);
    if (rc <= 0) return rc;
  }
  return s->f->worker_article(w->state, &w->a, &w->sink, e);
}

/* worker_main: a worker: read and process articles until there are no more or the run
 * fails. */
static void *worker_main(void *arg) {
  worker_arg *w = arg;
  err e;
  while (worker_read(w)) {
    if (worker_process(w, &e) == 0) continue;
    pthread_mutex_lock(&w->src->lock);
    source_fail(w->src, &e);
    pthread_mutex_unlock(&w->src->lock);
    break;
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
    if (cancel_requested()) {
      rc = err_set(e, "cancelled");
      break;
    }
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

/* free_args: add the workers' parsing counts to the source, in worker order; release. */
static void free_args(source *s, worker_arg *args, size_t n) {
  for (size_t i = 0; args && i < n; i++) {
    if (s->split) {
      s->split->part_done(s->o->src, args[i].part);
      s->split->record_free(args[i].rec);
    }
    article_clear(&args[i].a);
  }
  mem_free(args);
}

/* worker_args: the arguments of n workers over states (with a raw record and parsing
 * state each when split); NULL when out of memory. */
static worker_arg *worker_args(source *s, void **states, size_t n, pipeline_warnings *w) {
  worker_arg *args = mem_calloc(n, sizeof *args);
  for (size_t i = 0; args && i < n; i++) {
    worker_arg *a = &args[i];
    *a = (worker_arg){.src = s, .state = states[i], .tag = {w, 0}, .sink = {collect_tag, NULL}};
    a->sink.ud = &a->tag;
    article_init(&a->a);
    if (s->split && (!(a->rec = s->split->record_new()) ||
                     !(a->part = s->split->part_new(s->o->src, &a->sink)))) {
      free_args(s, args, i + 1);
      return NULL;
    }
  }
  return args;
}

/* run_workers: worker 0 on the calling thread and the others on threads of their own (as
 * many as can be started: the rest of the work goes to those that run); 0 or -1 with e. */
static int run_workers(source *s, worker_arg *args, size_t n, err *e) {
  pthread_t *tids = mem_calloc(n, sizeof *tids);
  size_t started = 1;
  if (!tids) return err_nomem_at(e, "pipeline");
  while (started < n && pthread_create(&tids[started], NULL, worker_main, &args[started]) == 0)
    started++;
  worker_main(&args[0]);
  for (size_t i = 1; i < started; i++) pthread_join(tids[i], NULL);
  mem_free(tids);
  return s->failed ? err_set(e, "%s", s->e.msg) : 0;
}

/* run_threads: n workers over states, sharing the source; for a two-stage source, split
 * (the workers parse) and finished (its summary warning). 0 or -1 with e set. */
static int run_threads(const pipeline_opts *o, const pipeline_worker_fns *f, void **states,
                       size_t n, pipeline_warnings *w, err *e) {
  source s = {.o = o, .f = f, .split = o->stages};
  s.rtag = (warn_tag){w, 0};
  s.rsink = (warn_sink){collect_tag, &s.rtag};
  pthread_mutexattr_t spin; /* a short wait spins before it sleeps: reads are short */
  pthread_mutexattr_init(&spin);
  pthread_mutexattr_settype(&spin, PTHREAD_MUTEX_ADAPTIVE_NP);
  pthread_mutex_init(&s.lock, &spin);
  pthread_mutexattr_destroy(&spin);
  worker_arg *args = worker_args(&s, states, n, w);
  int rc = args ? run_workers(&s, args, n, e) : err_nomem_at(e, "pipeline");
  free_args(&s, args, n);
  pthread_mutex_destroy(&s.lock);
  if (s.split && rc == 0) {
    warn_tag last = {w, UINT64_MAX};
    s.split->finish(o->src, &(warn_sink){collect_tag, &last});
  }
  return rc;
}

/* new_states: n fresh worker states; NULL with e set (those made are freed). */
static void **new_states(const pipeline_worker_fns *f, size_t n, err *e) {
  void **states = mem_calloc(n, sizeof *states);
  if (!states) return err_nomem_at(e, "pipeline"), NULL;
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
  int rc = n == 1 ? run_single(o, f, states[0], w, e) : run_threads(o, f, states, n, w, e);
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
