/* corpus_src_record.c: what every reader of a corpus file does to its records: a file read
 * whole, a record's place ("path:LINE"), and an article's default origin and id (see
 * corpus_src_internal.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "base/mem.h"
#include "corpus/corpus_src_internal.h"

/* src_read_all: the bytes of the open file f into out; 0, or -1 with e set. */
int src_read_all(FILE *f, const char *path, buf *out, err *e) {
  buf_clear(out);
  for (;;) {
    if (out->len > SRC_MAX_FILE) return err_set(e, "%s: file too large (over 1 GiB)", path);
    if (buf_reserve(out, SRC_BLOCK)) return err_nomem_at(e, "%s", path);
    size_t n = fread(out->data + out->len, 1, SRC_BLOCK, f);
    out->len += n;
    out->data[out->len] = '\0';
    if (n < SRC_BLOCK) break;
  }
  return ferror(f) ? err_set(e, "%s: %s", path, strerror(errno)) : 0;
}

/* src_place_text: "name:LINE" into out[0..size) (size > 0), cut short where snprintf would
 * cut it: a record's place, once a record, without printf's cost. */
void src_place_text(char *out, size_t size, const char *name, size_t line) {
  char tail[24], *t = tail + sizeof tail;
  do *--t = (char)('0' + line % 10); while (line /= 10);
  *--t = ':';
  size_t n = strnlen(name, size - 1), k = (size_t)(tail + sizeof tail - t);
  if (k > size - 1 - n) k = size - 1 - n;
  memcpy(out, name, n);
  memcpy(out + n, t, k);
  out[n + k] = '\0';
}

/* src_set_defaults: the article's origin and id (stem, or stem:LINE for a record of a file
 * holding several: per_line) when the source gave none; 0 or -1. */
int src_set_defaults(article *a, const char *origin, const char *stem, size_t lineno,
                     int per_line) {
  if (!a->origin && article_set(&a->origin, origin, strlen(origin))) return -1;
  if (a->id) return 0;
  char id[4200];
  if (per_line) src_place_text(id, sizeof id, stem, lineno);
  else snprintf(id, sizeof id, "%s", stem);
  return article_set(&a->id, id, strlen(id));
}

/* src_record_defaults: src_set_defaults for the current record of s (CSV, store):
 * CUT_RECORD, or CUT_FILE_FAILED with e set. */
corpus_cut src_record_defaults(corpus_src *s, article *a, err *e) {
  if (src_set_defaults(a, s->origin, s->stem, s->lineno, 1) == 0) return CUT_RECORD;
  return err_nomem_at(e, "%s", s->path), CUT_FILE_FAILED;
}
