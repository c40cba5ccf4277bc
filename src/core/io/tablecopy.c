/* tablecopy.c: a query's rows into a CSV file and a sheet (see tablecopy.h). */
#include <pthread.h>
#include <string.h>

#include "base/mem.h"
#include "io/sqldb.h"
#include "io/tablecopy.h"

/* How long a copy's connection waits for a lock the caller's connection holds. */
enum { BUSY_MS = 60000 };

struct tablecopy {
  sqlite3 *db;
  sqlite3_stmt *st;
  char *path;        /* for messages */
  csvwriter *w;
  xlsxsheet *s;
  pthread_t thread;
  int threaded;      /* the thread was started (and not joined yet) */
  int rc;            /* what the copy returned */
  uint64_t rows;
  err e;
};

/* copy_field: column i of st's current row as the next field of w. */
static void copy_field(csvwriter *w, sqlite3_stmt *st, int i) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_NULL: csvwrite_null(w); break;
  case SQLITE_INTEGER: csvwrite_int(w, sqlite3_column_int64(st, i)); break;
  case SQLITE_FLOAT: csvwrite_num(w, sqlite3_column_double(st, i)); break;
  default: {
    const char *p = sqlite3_column_blob(st, i);
    csvwrite_text(w, p ? p : "", (size_t)sqlite3_column_bytes(st, i));
  }
  }
}

/* copy_cell: column i of st's current row as the next cell of s; 0, or -1 with e set. */
static int copy_cell(xlsxsheet *s, sqlite3_stmt *st, int i, err *e) {
  switch (sqlite3_column_type(st, i)) {
  case SQLITE_NULL: return xlsx_null(s, e);
  case SQLITE_INTEGER: return xlsx_num(s, (double)sqlite3_column_int64(st, i), e);
  case SQLITE_FLOAT: return xlsx_num(s, sqlite3_column_double(st, i), e);
  default: {
    const char *p = sqlite3_column_blob(st, i);
    return xlsx_text(s, p ? p : "", (size_t)sqlite3_column_bytes(st, i), e);
  }
  }
}

/* copy_row: st's current row into w and s (may be NULL); 0, or -1 with e set. */
static int copy_row(sqlite3_stmt *st, int n, csvwriter *w, xlsxsheet *s, err *e) {
  for (int i = 0; i < n; i++) {
    copy_field(w, st, i);
    if (s && copy_cell(s, st, i, e) < 0) return -1;
  }
  csvwrite_endrow(w);
  if (s) xlsx_endrow(s);
  return 0;
}

int tablecopy_rows(sqlite3_stmt *st, csvwriter *w, xlsxsheet *s, const char *label,
                   uint64_t *rows, err *e) {
  int n = sqlite3_column_count(st), rc;
  *rows = 0;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (copy_row(st, n, w, s, e) < 0) {
      sqlite3_reset(st);
      return -1;
    }
    ++*rows;
  }
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return sqldb_error(sqlite3_db_handle(st), sqlite3_sql(st), e, "%s", label);
  return 0;
}

/* copy_main: the copy's work (its thread, or the caller's). */
static void *copy_main(void *ud) {
  tablecopy *c = ud;
  c->rc = tablecopy_rows(c->st, c->w, c->s, c->path, &c->rows, &c->e);
  return NULL;
}

/* copy_free: release c's connection and memory. */
static void copy_free(tablecopy *c) {
  sqlite3_finalize(c->st);
  sqlite3_close(c->db);
  mem_free(c->path);
  mem_free(c);
}

/* copy_open: c's read-only connection to path, locked down as a sandboxed script's is
 * (sqldb.h: the SQL may be a script's), and its statement sql; 0, or -1 with e set. */
static int copy_open(tablecopy *c, const char *path, const char *sql, err *e) {
  if (sqldb_open(path, &c->db, SQLITE_OPEN_READONLY) != SQLITE_OK) {
    return sqldb_error(c->db, NULL, e, "%s", path);
  }
  sqlite3_busy_timeout(c->db, BUSY_MS);
  if (sqldb_lockdown(c->db, e) < 0) return -1;
  if (sqlite3_prepare_v2(c->db, sql, -1, &c->st, NULL) != SQLITE_OK) {
    return sqldb_error(c->db, sql, e, "%s", path);
  }
  return 0;
}

tablecopy *tablecopy_start(const char *path, const char *sql, csvwriter *w, xlsxsheet *s,
                           int threaded, err *e) {
  tablecopy *c = mem_calloc(1, sizeof *c);
  if (c) c->path = mem_strndup(path, strlen(path));
  if (!c || !c->path) {
    mem_free(c);
    return err_nomem_at(e, "%s", path), NULL;
  }
  c->w = w, c->s = s;
  if (copy_open(c, path, sql, e) < 0) {
    copy_free(c);
    return NULL;
  }
  if (threaded && pthread_create(&c->thread, NULL, copy_main, c) == 0) c->threaded = 1;
  else copy_main(c); /* one thread asked for, or none could start: now */
  return c;
}

int tablecopy_wait(tablecopy *c, uint64_t *rows, err *e) {
  if (c->threaded) pthread_join(c->thread, NULL);
  int rc = c->rc;
  if (rc < 0) *e = c->e;
  if (rows) *rows = c->rows;
  copy_free(c);
  return rc;
}
