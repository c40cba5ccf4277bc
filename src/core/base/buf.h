/*
 * buf.h: a growable byte buffer, always NUL-terminated when non-empty.
 */
#ifndef SAHEL_BUF_H
#define SAHEL_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct {
  char *data;   /* bytes, NUL-terminated once anything was added */
  size_t len;   /* bytes used, without the NUL */
  size_t cap;   /* bytes allocated */
} buf;

/* buf_init: an empty buffer (no allocation). */
void buf_init(buf *b);
/* buf_free: release the bytes; the buffer is empty again. */
void buf_free(buf *b);
/* buf_reserve: room for n more bytes (and the NUL); 0, or -1 when out of memory. */
int buf_reserve(buf *b, size_t n);
/* buf_add: append n bytes; 0 or -1. */
int buf_add(buf *b, const void *p, size_t n);
/* buf_addc: append one byte; 0 or -1. */
int buf_addc(buf *b, char c);
/* buf_adds: append a C string; 0 or -1. */
int buf_adds(buf *b, const char *s);
/* buf_addf: append printf-style text; 0 or -1. */
int buf_addf(buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* buf_clear: forget the contents, keep the allocation. */
void buf_clear(buf *b);

#endif
