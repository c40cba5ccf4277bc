/* mem.c: counted allocation with an optional limit (see mem.h). */
#include "base/mem.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A header before each block remembers its size; 16 bytes keeps max_align_t alignment. */
#define HEADER 16

/* Each thread counts in chunks: it takes CREDIT bytes at a time from the shared counter and
 * spends them on its own (`credit`), so that threads allocating at once do not contend for
 * the counter's cache line on every call. A thread holds at most 2 * CREDIT bytes it has
 * not allocated; they go back when it ends. */
#define CREDIT ((size_t)256 * 1024)

static atomic_size_t used; /* allocated, plus the threads' credit */
static atomic_size_t limit;
static atomic_int reached; /* an allocation failed (mem_refused) */
static _Thread_local size_t credit;
static _Thread_local int credit_registered;
static pthread_key_t credit_key;
static pthread_once_t credit_once = PTHREAD_ONCE_INIT;

/* credit_return: give the calling thread's credit back (at its end: a key destructor). */
static void credit_return(void *unused) {
  (void)unused;
  atomic_fetch_sub(&used, credit);
  credit = 0;
}

/* credit_key_make: the key whose destructor returns a thread's credit. */
static void credit_key_make(void) { pthread_key_create(&credit_key, credit_return); }

/* hold_credit: make sure the calling thread's credit goes back when it ends. */
static void hold_credit(void) {
  if (credit_registered) return;
  pthread_once(&credit_once, credit_key_make);
  pthread_setspecific(credit_key, &credit_registered);
  credit_registered = 1;
}

/* take: count n more bytes in the shared counter unless that passes the limit; 1 on
 * success. */
static int take(size_t n) {
  size_t lim = atomic_load(&limit);
  size_t now = atomic_fetch_add(&used, n) + n;
  if (lim && now > lim) {
    atomic_fetch_sub(&used, n);
    return 0;
  }
  hold_credit();
  return 1;
}

/* reserve: count n more bytes unless that passes the limit; 1 on success. */
static int reserve(size_t n) {
  if (n > credit) {
    size_t need = n - credit;
    if (need <= SIZE_MAX - CREDIT && take(need + CREDIT)) credit += need + CREDIT;
    else if (take(need)) credit += need; /* near the limit: no more than needed */
    else {
      atomic_store(&reached, 1);
      return 0;
    }
  }
  credit -= n;
  return 1;
}

/* release: count n bytes less. */
static void release(size_t n) {
  hold_credit();
  credit += n;
  if (credit > 2 * CREDIT) {
    atomic_fetch_sub(&used, credit - CREDIT);
    credit = CREDIT;
  }
}

void *mem_alloc(size_t n) {
  if (n > SIZE_MAX - HEADER || !reserve(n)) return NULL;
  unsigned char *p = malloc(n + HEADER);
  if (!p) {
    atomic_store(&reached, 1);
    release(n);
    return NULL;
  }
  memcpy(p, &n, sizeof n);
  return p + HEADER;
}

void *mem_calloc(size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  void *p = mem_alloc(n * size);
  if (p) memset(p, 0, n * size);
  return p;
}

void *mem_realloc(void *p, size_t n) {
  if (!p) return mem_alloc(n);
  unsigned char *base = (unsigned char *)p - HEADER;
  size_t old;
  memcpy(&old, base, sizeof old);
  if (n > SIZE_MAX - HEADER) return NULL;
  if (n > old && !reserve(n - old)) return NULL;
  unsigned char *q = realloc(base, n + HEADER);
  if (!q) {
    atomic_store(&reached, 1);
    if (n > old) release(n - old);
    return NULL;
  }
  if (n < old) release(old - n);
  memcpy(q, &n, sizeof n);
  return q + HEADER;
}

void mem_free(void *p) {
  if (!p) return;
  unsigned char *base = (unsigned char *)p - HEADER;
  size_t n;
  memcpy(&n, base, sizeof n);
  release(n);
  free(base);
}

char *mem_strndup(const char *s, size_t n) {
  char *p = mem_alloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

size_t mem_used(void) { return atomic_load(&used) - credit; }
void mem_set_limit(size_t lim) {
  atomic_store(&limit, lim);
  atomic_store(&reached, 0);
}
int mem_refused(void) { return atomic_load(&reached); }

size_t mem_size(const void *p) {
  size_t n;
  memcpy(&n, (const unsigned char *)p - HEADER, sizeof n);
  return n;
}
size_t mem_limit(void) { return atomic_load(&limit); }

int mem_account(ptrdiff_t delta) {
  if (delta >= 0) return reserve((size_t)delta);
  release((size_t)-delta);
  return 1;
}

int mem_grow(void *buf, size_t *cap, size_t need, size_t size) {
  void **pp = buf;
  if (need <= *cap) return 0;
  size_t n = *cap ? *cap : 16;
  while (n < need) {
    if (n > SIZE_MAX / 2 / size) return -1;
    n *= 2;
  }
  void *p = mem_realloc(*pp, n * size);
  if (!p) return -1;
  *pp = p;
  *cap = n;
  return 0;
}
