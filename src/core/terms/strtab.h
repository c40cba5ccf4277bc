/*
 * strtab.h: a string-keyed hash table of the terms subsystem. Keys are (tag, bytes): the
 * bytes are stored back to back in an arena, the tag (a slice id, a cue id...) tells apart
 * equal strings of different groups. Keys get indexes 0, 1, 2... in insertion order, so a
 * caller keeps its values in a parallel array indexed by them.
 */
#ifndef SAHEL_STRTAB_H
#define SAHEL_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"

/* One key of a strtab: bytes [off, off + len) of the arena, with a tag. */
typedef struct {
  uint64_t hash;
  uint32_t off, len, tag;
} strkey;

typedef struct {
  buf arena;      /* the key bytes */
  strkey *keys;   /* by index, in insertion order */
  size_t n, keys_cap;
  uint32_t *slots; /* index + 1 into keys; 0 = empty; cap is a power of two */
  size_t cap;
} strtab;

/* strtab_free: release a table (zeroed; a zeroed strtab is an empty table). */
void strtab_free(strtab *t);
/* strtab_find: the index of key (tag, s, len), or -1. */
long strtab_find(const strtab *t, uint32_t tag, const char *s, size_t len);
/* strtab_intern: the index of key (tag, s, len), added when absent (*added = 1); -1 when
 * out of memory (or past 4 G keys or arena bytes). */
long strtab_intern(strtab *t, uint32_t tag, const char *s, size_t len, int *added);
/* strtab_key: the bytes of key i (*len of them, not NUL-terminated). */
static inline const char *strtab_key(const strtab *t, size_t i, size_t *len) {
  *len = t->keys[i].len;
  return t->arena.data + t->keys[i].off;
}

#endif
