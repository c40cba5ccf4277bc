/* corpus_src.c: the reader behind corpus.h over its files, one format per file of corpus/
 * (see corpus_src.h): the shared record helpers, plain text, and the dispatch. */
#include "corpus/corpus_src.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "corpus/corpus_src_internal.h"
#include "io/csvread.h"

corpus_format corpus_format_of(const char *path) {
  static const struct {
    const char *ext;
    corpus_format f;
  } exts[] = {
    {".txt", CORPUS_TXT},   {".text", CORPUS_TXT},      {".jsonl", CORPUS_JSONL},
    {".ndjson", CORPUS_JSONL}, {".csv", CORPUS_CSV},    {".tsv", CORPUS_CSV},
    {".sqlite", CORPUS_SQLITE}, {".sqlite3", CORPUS_SQLITE}, {".db", CORPUS_SQLITE},
  };
  const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash)) return CORPUS_AUTO;
  for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
    if (strcasecmp(dot, exts[i].ext) == 0) return exts[i].f;
  }
  return CORPUS_AUTO;
}

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

/* ---- plain text ----------------------------------------------------------------------- */

/* txt_cut: the bytes of a text file, once. */
static corpus_cut txt_cut(corpus_src *s, corpus_record *r, err *e) {
  if (s->done || s->lo > 0) return CUT_END;
  s->done = 1;
  FILE *f = fopen(s->path, "rb");
  if (!f) return err_set(e, "%s: %s", s->path, strerror(errno)), CUT_FILE_FAILED;
  int rc = src_read_all(f, s->path, &r->bytes, e);
  fclose(f);
  if (rc) return CUT_FILE_FAILED;
  r->kind = REC_TEXT;
  return CUT_RECORD;
}

/* txt_parse: the article of a text file's bytes; 0 or -1. */
static int txt_parse(const corpus_record *r, const article_opts *art, article *a, err *e) {
  const char *bytes = r->bytes.data ? r->bytes.data : "";
  if (article_parse_text(bytes, r->bytes.len, r->path, art, a, e)) return -1;
  if (!a->title && !(a->body && *a->body)) return err_set(e, "%s: no text", r->path);
  return src_set_defaults(a, r->path, r->stem, 0, 0) ? err_nomem_at(e, "%s", r->path) : 0;
}
/* ---- the reader ----------------------------------------------------------------------- */

corpus_src *corpus_src_open(const char *path, const char *stem, corpus_format f,
                            const corpus_env *env, corpus_range range, err *e) {
  corpus_src *s = mem_calloc(1, sizeof *s);
  if (!s) return err_nomem_at(e, "%s", path), NULL;
  s->fmt = f == CORPUS_AUTO ? CORPUS_TXT : f;
  s->lo = range.lo;
  s->hi = range.hi;
  s->env = env;
  s->path = path;
  s->stem = stem;
  int rc = 0;
  if (rc == 0 && s->fmt == CORPUS_JSONL) rc = src_jsonl_open(s, e);
  if (rc == 0 && s->fmt == CORPUS_CSV) rc = src_csv_open(s, e);
  if (rc == 0 && s->fmt == CORPUS_SQLITE) rc = src_sqlite_open(s, e);
  if (rc) {
    corpus_src_close(s);
    return NULL;
  }
  return s;
}

corpus_cut corpus_src_cut(corpus_src *s, corpus_record *r, err *e) {
  article_clear(&r->a);
  buf_clear(&r->bytes);
  r->kind = REC_ARTICLE;
  r->path = s->path;
  r->stem = s->stem;
  r->lineno = r->offset = 0;
  switch (s->fmt) {
    case CORPUS_JSONL: return src_jsonl_cut(s, r, e);
    case CORPUS_CSV: return src_csv_next(s, &r->a, e);
    case CORPUS_SQLITE: return src_sqlite_next(s, &r->a, e);
    default: return txt_cut(s, r, e);
  }
}

int corpus_src_parse(const corpus_record *r, const article_opts *art, buf *scratch, article *a,
                     err *e) {
  return r->kind == REC_LINE ? src_jsonl_line(r, art, scratch, a, e) : txt_parse(r, art, a, e);
}

void corpus_src_close(corpus_src *s) {
  if (!s) return;
  if (s->f) fclose(s->f);
  csvread_close(s->csv);
  for (size_t i = 0; i < s->nheader; i++) mem_free(s->header[i]);
  mem_free(s->header);
  sqlite3_finalize(s->st);
  if (s->db) sqlite3_close_v2(s->db);
  buf_free(&s->text);
  buf_free(&s->scratch);
  mem_free(s->blk);
  mem_free(s);
}
