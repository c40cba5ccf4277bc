/* seqring.c: an ordered hand-over to one consumer thread (see seqring.h). */
#include "base/seqring.h"

#include <pthread.h>

#include "base/mem.h"

struct seqring {
  pthread_mutex_t lock;
  pthread_cond_t ready_cv, free_cv; /* an item was published / a slot was freed */
  pthread_t tid;
  void **items;
  uint64_t *place; /* per slot: the place of its published item */
  char *ready;     /* per slot: published, not yet consumed */
  size_t n;
  uint64_t next;   /* the next place to consume */
  int ended, failed;
  err e;           /* the consumer's failure */
  seqring_consume_fn fn;
  void *ud;
};

/* next_ready: the slot of place r->next once published, waiting for it (lock held); -1
 * when the producers ended without it. */
static long next_ready(seqring *r) {
  size_t i = (size_t)(r->next % r->n);
  while (!(r->ready[i] && r->place[i] == r->next)) {
    if (r->ended) return -1;
    pthread_cond_wait(&r->ready_cv, &r->lock);
  }
  return (long)i;
}

/* consumer_main: consume items in order until the producers end or fn fails. */
static void *consumer_main(void *arg) {
  seqring *r = arg;
  pthread_mutex_lock(&r->lock);
  long i;
  while (!r->failed && (i = next_ready(r)) >= 0) {
    pthread_mutex_unlock(&r->lock);
    err e;
    int rc = r->fn(r->ud, r->items[i], &e);
    pthread_mutex_lock(&r->lock);
    if (rc < 0) r->e = e, r->failed = 1;
    r->ready[i] = 0;
    r->next++;
    pthread_cond_broadcast(&r->free_cv);
  }
  pthread_mutex_unlock(&r->lock);
  return NULL;
}

/* ring_free: release r's memory and primitives. */
static void ring_free(seqring *r) {
  pthread_mutex_destroy(&r->lock);
  pthread_cond_destroy(&r->ready_cv);
  pthread_cond_destroy(&r->free_cv);
  mem_free(r->place);
  mem_free(r->ready);
  mem_free(r);
}

seqring *seqring_start(void **items, size_t n, seqring_consume_fn fn, void *ud, err *e) {
  seqring *r = mem_calloc(1, sizeof *r);
  if (!r) return err_nomem(e), NULL;
  *r = (seqring){.items = items, .n = n, .fn = fn, .ud = ud};
  pthread_mutex_init(&r->lock, NULL);
  pthread_cond_init(&r->ready_cv, NULL);
  pthread_cond_init(&r->free_cv, NULL);
  r->place = mem_calloc(n, sizeof *r->place);
  r->ready = mem_calloc(n, 1);
  if (!r->place || !r->ready || pthread_create(&r->tid, NULL, consumer_main, r) != 0) {
    ring_free(r);
    return err_set(e, "cannot start the writer thread"), NULL;
  }
  return r;
}

void *seqring_claim(seqring *r, uint64_t p, err *e) {
  pthread_mutex_lock(&r->lock);
  while (!r->failed && p >= r->next + r->n) pthread_cond_wait(&r->free_cv, &r->lock);
  int failed = r->failed;
  if (failed) *e = r->e;
  pthread_mutex_unlock(&r->lock);
  return failed ? NULL : r->items[p % r->n];
}

void seqring_publish(seqring *r, uint64_t p) {
  pthread_mutex_lock(&r->lock);
  size_t i = (size_t)(p % r->n);
  r->place[i] = p;
  r->ready[i] = 1;
  if (p == r->next) pthread_cond_signal(&r->ready_cv);
  pthread_mutex_unlock(&r->lock);
}

int seqring_finish(seqring *r, err *e) {
  pthread_mutex_lock(&r->lock);
  r->ended = 1;
  pthread_cond_signal(&r->ready_cv);
  pthread_mutex_unlock(&r->lock);
  pthread_join(r->tid, NULL);
  int failed = r->failed;
  if (failed) *e = r->e;
  ring_free(r);
  return failed ? -1 : 0;
}
