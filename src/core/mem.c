/* mem.c: counted allocation with an optional limit (see mem.h). */
#include "mem.h"

#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A header before each block remembers its size; 16 bytes keeps max_align_t alignment. */
#define HEADER 16

static atomic_size_t used;
static atomic_size_t limit;

/* reserve: count n more bytes unless that passes the limit; 1 on success. */
static int reserve(size_t n) {
  size_t lim = atomic_load(&limit);
  size_t now = atomic_fetch_add(&used, n) + n;
  if (lim && now > lim) {
    atomic_fetch_sub(&used, n);
    return 0;
  }
  return 1;
}

void *mem_alloc(size_t n) {
  if (n > SIZE_MAX - HEADER || !reserve(n)) return NULL;
  unsigned char *p = malloc(n + HEADER);
  if (!p) {
    atomic_fetch_sub(&used, n);
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
    if (n > old) atomic_fetch_sub(&used, n - old);
    return NULL;
  }
  if (n < old) atomic_fetch_sub(&used, old - n);
  memcpy(q, &n, sizeof n);
  return q + HEADER;
}

void mem_free(void *p) {
  if (!p) return;
  unsigned char *base = (unsigned char *)p - HEADER;
  size_t n;
  memcpy(&n, base, sizeof n);
  atomic_fetch_sub(&used, n);
  free(base);
}

char *mem_strndup(const char *s, size_t n) {
  char *p = mem_alloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

size_t mem_used(void) { return atomic_load(&used); }
void mem_set_limit(size_t lim) { atomic_store(&limit, lim); }
size_t mem_limit(void) { return atomic_load(&limit); }

int mem_account(ptrdiff_t delta) {
  if (delta >= 0) return reserve((size_t)delta);
  atomic_fetch_sub(&used, (size_t)-delta);
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
