/* strtab.c: the string-keyed hash table of the terms subsystem (see strtab.h). */
#include "terms/strtab.h"

#include <string.h>

#include "base/mem.h"

/* key_hash: FNV-1a over the bytes, mixed with the tag. */
static uint64_t key_hash(uint32_t tag, const char *s, size_t len) {
  uint64_t h = 0xcbf29ce484222325u ^ ((uint64_t)tag * 0x9E3779B97F4A7C15u);
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
  return h ^ (h >> 29);
}

void strtab_free(strtab *t) {
  buf_free(&t->arena);
  mem_free(t->keys);
  mem_free(t->slots);
  memset(t, 0, sizeof *t);
}

/* strtab_probe: the slot holding key (tag, s, len) or the empty slot where it would go. */
static uint32_t *strtab_probe(const strtab *t, uint64_t h, uint32_t tag, const char *s,
                              size_t len) {
  size_t mask = t->cap - 1;
  for (size_t i = h & mask;; i = (i + 1) & mask) {
    uint32_t *slot = &t->slots[i];
    if (!*slot) return slot;
    const strkey *k = &t->keys[*slot - 1];
    if (k->hash == h && k->tag == tag && k->len == len &&
        memcmp(t->arena.data + k->off, s, len) == 0)
      return slot;
  }
}

/* strtab_grow: double the slots (rehash); 0 or -1. */
static int strtab_grow(strtab *t) {
  size_t cap = t->cap ? t->cap * 2 : 256;
  uint32_t *n = mem_calloc(cap, sizeof *n);
  if (!n) return -1;
  for (size_t i = 0; i < t->n; i++) {
    size_t j = t->keys[i].hash & (cap - 1);
    while (n[j]) j = (j + 1) & (cap - 1);
    n[j] = (uint32_t)i + 1;
  }
  mem_free(t->slots);
  t->slots = n;
  t->cap = cap;
  return 0;
}

long strtab_find(const strtab *t, uint32_t tag, const char *s, size_t len) {
  if (!t->cap) return -1;
  const uint32_t *slot = strtab_probe(t, key_hash(tag, s, len), tag, s, len);
  return *slot ? (long)*slot - 1 : -1;
}

long strtab_intern(strtab *t, uint32_t tag, const char *s, size_t len, int *added) {
  *added = 0;
  if ((t->n + 1) * 4 > t->cap * 3 && strtab_grow(t) < 0) return -1;
  uint64_t h = key_hash(tag, s, len);
  uint32_t *slot = strtab_probe(t, h, tag, s, len);
  if (*slot) return (long)*slot - 1;
  if (t->n >= UINT32_MAX - 1 || t->arena.len + len >= UINT32_MAX) return -1;
  if (t->n == t->keys_cap) {
    size_t cap = t->keys_cap ? t->keys_cap * 2 : 256;
    strkey *k = mem_realloc(t->keys, cap * sizeof *k);
    if (!k) return -1;
    t->keys = k;
    t->keys_cap = cap;
  }
  strkey k = {h, (uint32_t)t->arena.len, (uint32_t)len, tag};
  if (buf_add(&t->arena, s, len) < 0) return -1;
  t->keys[t->n] = k;
  *slot = (uint32_t)++t->n;
  *added = 1;
  return (long)t->n - 1;
}
