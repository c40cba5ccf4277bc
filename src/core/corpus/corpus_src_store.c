/* corpus_src_store.c: the toolkit's SQLite store read as a corpus, one article per row of
 * `articles` (see corpus_src.h). */
#include "corpus/corpus_src.h"

#include <errno.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/stat.h>

#include "article/jsonl.h"
#include "base/mem.h"
#include "corpus/corpus_src_internal.h"
#include "io/sqldb.h"

static const char store_select[] =
  "SELECT rowid, id, title, date, date_raw, source, author, url, summary, body, meta, origin"
  " FROM articles ORDER BY rowid LIMIT ?1 OFFSET ?2";

__extension__ typedef unsigned __int128 wide;

/* row_at: the first of rows rows (spread evenly over size bytes: row j at j * size / rows)
 * that lies at offset x or later. */
static uint64_t row_at(uint64_t x, uint64_t rows, uint64_t size) {
  wide j = ((wide)x * rows + size - 1) / size;
  return j < rows ? (uint64_t)j : rows;
}

/* sqlite_rows: bind the rows of the store in s's range to the statement; 0, or -1 with e
 * set. */
static int sqlite_rows(corpus_src *s, err *e) {
  sqlite3_int64 first = 0, count = -1;
  struct stat sb;
  if (s->lo > 0 || s->hi != UINT64_MAX) {
    sqlite3_stmt *n = NULL;
    int ok = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM articles", -1, &n, NULL) ==
               SQLITE_OK && sqlite3_step(n) == SQLITE_ROW;
    uint64_t rows = ok ? (uint64_t)sqlite3_column_int64(n, 0) : 0;
    sqlite3_finalize(n);
    if (!ok) return sqldb_error(s->db, NULL, e, "%s", s->path);
    if (stat(s->path, &sb) != 0) return err_set(e, "%s: %s", s->path, strerror(errno));
    uint64_t size = sb.st_size > 0 ? (uint64_t)sb.st_size : 1;
    first = (sqlite3_int64)row_at(s->lo, rows, size);
    count = (sqlite3_int64)row_at(s->hi, rows, size) - first;
  }
  sqlite3_bind_int64(s->st, 1, count);
  sqlite3_bind_int64(s->st, 2, first);
  return 0;
}

/* src_sqlite_open: the store, read-only, and its statement over the rows of `articles` in
 * range. */
int src_sqlite_open(corpus_src *s, err *e) {
  if (sqldb_open(s->path, &s->db, SQLITE_OPEN_READONLY) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db, store_select, -1, &s->st, NULL) != SQLITE_OK) {
    return sqldb_error(s->db, NULL, e, "%s: not a sahelscript store", s->path);
  }
  return sqlite_rows(s, e);
}

/* sqlite_text: set *slot from column col (NULL: absent); 0, or -1 with e set. */
static int sqlite_text(corpus_src *s, char **slot, int col, err *e) {
  const char *v = (const char *)sqlite3_column_text(s->st, col), *t;
  size_t n = (size_t)sqlite3_column_bytes(s->st, col), tn;
  if (!v) return 0;
  if (article_utf8(v, n, 0, s->origin, s->env->art, &s->scratch, &t, &tn, e)) return -1;
  return article_set(slot, t, tn) ? err_nomem_at(e, "%s", s->origin) : 0;
}

/* src_sqlite_next: the next row of `articles` as an article. */
corpus_cut src_sqlite_next(corpus_src *s, article *a, err *e) {
  int rc = sqlite3_step(s->st);
  if (rc == SQLITE_DONE) return CUT_END;
  if (rc != SQLITE_ROW) return sqldb_error(s->db, NULL, e, "%s", s->path), CUT_FILE_FAILED;
  s->lineno = (size_t)sqlite3_column_int64(s->st, 0);
  src_place_text(s->origin, sizeof s->origin, s->path, s->lineno);
  char **slots[] = {&a->id,     &a->title, &a->date,    &a->date_raw, &a->source,
                    &a->author, &a->url,   &a->summary, &a->body};
  for (int i = 0; i < 9; i++) {
    if (sqlite_text(s, slots[i], i + 1, e)) return CUT_BAD;
  }
  const char *meta = (const char *)sqlite3_column_text(s->st, 10);
  if (meta && *meta &&
      jsonl_parse_meta(meta, (size_t)sqlite3_column_bytes(s->st, 10), s->origin, a, e)) {
    return CUT_BAD;
  }
  if (sqlite_text(s, &a->origin, 11, e)) return CUT_BAD;
  if (!a->body && article_set(&a->body, "", 0))
    return err_nomem_at(e, "%s", s->origin), CUT_FILE_FAILED;
  return src_record_defaults(s, a, e);
}
