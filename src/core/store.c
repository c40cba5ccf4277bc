/* store.c: the SQLite store (see store.h). */
#include "store.h"

#include <string.h>

#include "fts.h"
#include "mem.h"

int store_db_error(sqlite3 *db, const char *what, const char *sql, err *e) {
  const char *msg = db ? sqlite3_errmsg(db) : "out of memory";
  if (!sql) return err_set(e, "%s: %s", what, msg);
  size_t n = strlen(sql);
  return err_set(e, "%s: %s (in SQL: %.200s%s)", what, msg, sql, n > 200 ? "..." : "");
}

/* db_exec: run sql on db; 0, or -1 with e set naming path. */
static int db_exec(sqlite3 *db, const char *path, const char *sql, err *e) {
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK) return 0;
  return store_db_error(db, path, sql, e);
}

sqlite3 *store_db_open(const char *path, const store_db_opts *o, err *e) {
  store_db_opts none = {0, 0, 0, 0};
  if (!o) o = &none;
  int flags = o->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (!o->readonly && !o->no_create) flags |= SQLITE_OPEN_CREATE;
  sqlite3 *db = NULL;
  if (sqlite3_open_v2(path, &db, flags | SQLITE_OPEN_URI, NULL) != SQLITE_OK) {
    store_db_error(db, path, NULL, e);
    sqlite3_close_v2(db);
    return NULL;
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, o->busy_ms > 0 ? o->busy_ms : 5000);
  int rc = fts_register(db, e);
  if (rc == 0 && !o->readonly && !o->no_wal) {
    rc = db_exec(db, path, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL", e);
  }
  if (rc < 0) {
    sqlite3_close_v2(db);
    return NULL;
  }
  return db;
}
