/*
 * mem.h: the toolkit's allocator. Every allocation in src/core goes through it, so that
 * --max-memory can account for the toolkit's own tables as well as Lua's. The limit and the
 * counter are the one process-wide mutable state of the core (atomic; set once by the host).
 */
#ifndef SAHEL_MEM_H
#define SAHEL_MEM_H

#include <stddef.h>

/* mem_alloc: n bytes, or NULL when out of memory or over the limit. */
void *mem_alloc(size_t n);
/* mem_calloc: n zeroed objects of size each, or NULL. */
void *mem_calloc(size_t n, size_t size);
/* mem_realloc: resize p (NULL allocates); NULL on failure, p is then left untouched. */
void *mem_realloc(void *p, size_t n);
/* mem_free: release p (NULL is fine). */
void mem_free(void *p);
/* mem_strndup: a NUL-terminated copy of s[0..n), or NULL. */
char *mem_strndup(const char *s, size_t n);

/* mem_used: bytes currently allocated through mem_* and counted with mem_account, exact
 * when no other thread is running (each thread counts in chunks of 256 KiB: see mem.c). */
size_t mem_used(void);
/* mem_set_limit: refuse allocations past limit bytes in all (0 = no limit); each running
 * thread may hold up to 512 KiB of that counted but not yet allocated. */
void mem_set_limit(size_t limit);
/* mem_limit: the current limit (0 = none). */
size_t mem_limit(void);
/* mem_refused: whether an allocation failed (over the limit, or the system had no
 * memory) since the limit was last set (mem_set_limit clears it): a run that ran out of
 * memory has failed, even when the failure was caught and handled (by Lua's pcall, by
 * SQLite, by a reader that would skip a bad record). */
int mem_refused(void);
/* mem_size: the size asked for the block p of mem_alloc / mem_realloc (p not NULL). */
size_t mem_size(const void *p);
/* mem_account: add delta bytes allocated elsewhere (Lua's allocator); 0 if over the limit. */
int mem_account(ptrdiff_t delta);

/* mem_grow: ensure *buf holds room for need elements of size each, doubling its
 * capacity *cap; returns 0, or -1 (buffer untouched) when out of memory. */
int mem_grow(void *buf, size_t *cap, size_t need, size_t size);

#endif
