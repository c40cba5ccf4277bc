/* corpus_src.c: the reader behind corpus.h over its files, one format per file of corpus/
 * (see corpus_src.h): plain text, and the dispatch to the other formats. */
#include "corpus/corpus_src.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "article/plaintext.h"
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
