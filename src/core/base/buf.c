/* buf.c: growable byte buffer (see buf.h). */
#include "base/buf.h"

#include <stdio.h>
#include <string.h>

#include "base/mem.h"

void buf_init(buf *b) {
  b->data = NULL;
  b->len = b->cap = 0;
}

void buf_free(buf *b) {
  mem_free(b->data);
  buf_init(b);
}

int buf_reserve(buf *b, size_t n) {
  if (n + 1 < n || b->len + n + 1 < b->len) return -1;
  return mem_grow(&b->data, &b->cap, b->len + n + 1, 1);
}

int buf_add(buf *b, const void *p, size_t n) {
  if (buf_reserve(b, n)) return -1;
  if (n) memcpy(b->data + b->len, p, n);
  b->len += n;
  b->data[b->len] = '\0';
  return 0;
}

int buf_addc(buf *b, char c) { return buf_add(b, &c, 1); }

int buf_adds(buf *b, const char *s) { return buf_add(b, s, strlen(s)); }

int buf_addf(buf *b, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || buf_reserve(b, (size_t)n)) return -1;
  va_start(ap, fmt);
  vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  b->len += (size_t)n;
  return 0;
}

void buf_clear(buf *b) {
  b->len = 0;
  if (b->data) b->data[0] = '\0';
}
