/*
 * cooc_io.c: saving a co-occurrence table as an SQLite file and loading it back (cooc.h).
 * The database is built in memory, serialized, and written through an outfile, so the
 * target is replaced whole or not at all. Schema (format "sahel.cooc", version 1):
 *   meta(key TEXT PRIMARY KEY, value TEXT)      format, version, context, window, by
 *   entities(idx INTEGER PRIMARY KEY, id TEXT, type TEXT, name TEXT)
 *   periods(idx INTEGER PRIMARY KEY, name TEXT, contexts INTEGER)
 *   marginals(period INTEGER, entity INTEGER, count INTEGER, mentions INTEGER)
 *   pairs(period INTEGER, a INTEGER, b INTEGER, count INTEGER)
 * Entities and periods are referred to by idx; entity idx is the table's entity index.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cooc/cooc.h"
#include "base/mem.h"
#include "io/outfile.h"
#include "io/sqldb.h"

#define COOC_FORMAT "sahel.cooc"
#define COOC_VERSION "1"

static const char schema[] =
  "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
  "CREATE TABLE entities(idx INTEGER PRIMARY KEY, id TEXT NOT NULL, type TEXT, name TEXT);"
  "CREATE TABLE periods(idx INTEGER PRIMARY KEY, name TEXT NOT NULL, contexts INTEGER);"
  "CREATE TABLE marginals(period INTEGER, entity INTEGER, count INTEGER, mentions INTEGER);"
  "CREATE TABLE pairs(period INTEGER, a INTEGER, b INTEGER, count INTEGER);";

/* db_fail: e = "path: sqlite's message (in SQL: sql)" (sqldb_error); -1. */
static int db_fail(sqlite3 *db, const char *path, const char *sql, err *e) {
  return sqldb_error(db, sql, e, "%s", path);
}

/* db_prepare: a statement or NULL with e set. */
static sqlite3_stmt *db_prepare(sqlite3 *db, const char *path, const char *sql, err *e) {
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) db_fail(db, path, sql, e);
  return st;
}

/* db_step_reset: run a bound insert once and reset it; 0 or -1 with e set. */
static int db_step_reset(sqlite3 *db, sqlite3_stmt *st, const char *path, err *e) {
  int rc = sqlite3_step(st);
  sqlite3_reset(st);
  return rc == SQLITE_DONE ? 0 : db_fail(db, path, "insert", e);
}

/* ---- saving --------------------------------------------------------------------------- */

/* save_meta: the meta rows. */
static int save_meta(sqlite3 *db, const cooc *t, const char *path, err *e) {
  const cooc_config *c = cooc_config_of(t);
  char window[32];
  snprintf(window, sizeof window, "%u", (unsigned)c->window);
  const char *kv[][2] = {{"format", COOC_FORMAT}, {"version", COOC_VERSION},
                         {"context", cooc_context_name(c->context)}, {"window", window},
                         {"by", cooc_by_name(c->by)}};
  sqlite3_stmt *st = db_prepare(db, path, "INSERT INTO meta VALUES(?1, ?2)", e);
  int rc = st ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < sizeof kv / sizeof kv[0]; i++) {
    sqlite3_bind_text(st, 1, kv[i][0], -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, kv[i][1], -1, SQLITE_STATIC);
    rc = db_step_reset(db, st, path, e);
  }
  sqlite3_finalize(st);
  return rc;
}

/* save_entities: one row per entity. */
static int save_entities(sqlite3 *db, const cooc *t, const char *path, err *e) {
  sqlite3_stmt *st = db_prepare(db, path, "INSERT INTO entities VALUES(?1, ?2, ?3, ?4)", e);
  int rc = st ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < cooc_entity_count(t); i++) {
    const gaz_entity *x = cooc_entity(t, i);
    sqlite3_bind_int64(st, 1, (sqlite3_int64)i);
    sqlite3_bind_text(st, 2, x->id, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 3, x->type, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 4, x->name, -1, SQLITE_STATIC);
    rc = db_step_reset(db, st, path, e);
  }
  sqlite3_finalize(st);
  return rc;
}

/* save_periods: one row per period, with its N. */
static int save_periods(sqlite3 *db, const cooc *t, const char *path, err *e) {
  sqlite3_stmt *st = db_prepare(db, path, "INSERT INTO periods VALUES(?1, ?2, ?3)", e);
  int rc = st ? 0 : -1;
  for (size_t p = 0; rc == 0 && p < cooc_period_count(t); p++) {
    sqlite3_bind_int64(st, 1, (sqlite3_int64)p);
    sqlite3_bind_text(st, 2, cooc_period_name(t, p), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, (sqlite3_int64)cooc_contexts(t, p));
    rc = db_step_reset(db, st, path, e);
  }
  sqlite3_finalize(st);
  return rc;
}

/* save_marginals: one row per (period, entity) with a count or a mention. */
static int save_marginals(sqlite3 *db, const cooc *t, const char *path, err *e) {
  sqlite3_stmt *st = db_prepare(db, path, "INSERT INTO marginals VALUES(?1, ?2, ?3, ?4)", e);
  int rc = st ? 0 : -1;
  for (size_t p = 0; rc == 0 && p < cooc_period_count(t); p++) {
    for (size_t a = 0; rc == 0 && a < cooc_entity_count(t); a++) {
      uint64_t mentions, n = cooc_marginal(t, p, a, &mentions);
      if (!n && !mentions) continue;
      sqlite3_bind_int64(st, 1, (sqlite3_int64)p);
      sqlite3_bind_int64(st, 2, (sqlite3_int64)a);
      sqlite3_bind_int64(st, 3, (sqlite3_int64)n);
      sqlite3_bind_int64(st, 4, (sqlite3_int64)mentions);
      rc = db_step_reset(db, st, path, e);
    }
  }
  sqlite3_finalize(st);
  return rc;
}

/* save_pairs: one row per pair with a count, in §8 order. */
static int save_pairs(sqlite3 *db, const cooc *t, const char *path, err *e) {
  cooc_row *rows;
  size_t n;
  if (cooc_rows(t, -1, &rows, &n, e) < 0) return -1;
  sqlite3_stmt *st = db_prepare(db, path, "INSERT INTO pairs VALUES(?1, ?2, ?3, ?4)", e);
  int rc = st ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    sqlite3_bind_int64(st, 1, rows[i].period);
    sqlite3_bind_int64(st, 2, rows[i].a);
    sqlite3_bind_int64(st, 3, rows[i].b);
    sqlite3_bind_int64(st, 4, (sqlite3_int64)rows[i].count);
    rc = db_step_reset(db, st, path, e);
  }
  sqlite3_finalize(st);
  mem_free(rows);
  return rc;
}

/* write_image: serialize db and write the bytes to path through an outfile. */
static int write_image(sqlite3 *db, const char *path, err *e) {
  sqlite3_int64 size = 0;
  unsigned char *img = sqlite3_serialize(db, "main", &size, 0);
  if (!img) return db_fail(db, path, "serialize", e);
  outfile *f = outfile_open(path, e);
  int rc = -1;
  if (f) {
    fwrite(img, 1, (size_t)size, outfile_stream(f));
    rc = outfile_commit(f, e);
  }
  sqlite3_free(img);
  return rc;
}

int cooc_save(const cooc *t, const char *path, err *e) {
  sqlite3 *db = NULL;
  if (sqldb_open(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) != SQLITE_OK) {
    db_fail(db, path, "sqlite", e);
    sqlite3_close(db);
    return -1;
  }
  int rc = sqlite3_exec(db, schema, NULL, NULL, NULL) == SQLITE_OK &&
                   sqlite3_exec(db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK
               ? 0
               : db_fail(db, path, "schema", e);
  if (rc == 0) rc = save_meta(db, t, path, e);
  if (rc == 0) rc = save_entities(db, t, path, e);
  if (rc == 0) rc = save_periods(db, t, path, e);
  if (rc == 0) rc = save_marginals(db, t, path, e);
  if (rc == 0) rc = save_pairs(db, t, path, e);
  if (rc == 0 && sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    rc = db_fail(db, path, "commit", e);
  if (rc == 0) rc = write_image(db, path, e);
  sqlite3_close(db);
  return rc;
}

/* ---- loading -------------------------------------------------------------------------- */

/* meta_get: the meta value of key into out (size n); 0 or -1 with e set. */
static int meta_get(sqlite3 *db, const char *path, const char *key, char *out, size_t n,
                    err *e) {
  sqlite3_stmt *st = db_prepare(db, path, "SELECT value FROM meta WHERE key = ?1", e);
  if (!st) return err_set(e, "%s: not a saved co-occurrence table", path);
  sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
  int rc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0) ? 0 : -1;
  if (rc == 0) snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  return rc == 0 ? 0 : err_set(e, "%s: meta '%s' is missing", path, key);
}

/* load_config: the table's configuration from meta; 0 or -1 with e set. */
static int load_config(sqlite3 *db, const char *path, cooc_config *c, err *e) {
  char format[64], version[16], context[32], window[32], by[32];
  if (meta_get(db, path, "format", format, sizeof format, e) < 0) return -1;
  if (strcmp(format, COOC_FORMAT) != 0)
    return err_set(e, "%s: not a saved co-occurrence table (format '%s')", path, format);
  if (meta_get(db, path, "version", version, sizeof version, e) < 0 ||
      meta_get(db, path, "context", context, sizeof context, e) < 0 ||
      meta_get(db, path, "window", window, sizeof window, e) < 0 ||
      meta_get(db, path, "by", by, sizeof by, e) < 0)
    return -1;
  if (strcmp(version, COOC_VERSION) != 0)
    return err_set(e, "%s: unsupported version %s of the table format", path, version);
  int ctx = cooc_context_find(context), b = cooc_by_find(by);
  if (ctx < 0 || b < 0) return err_set(e, "%s: bad context '%s' or by '%s'", path, context, by);
  *c = (cooc_config){(cooc_context)ctx, (uint32_t)strtoul(window, NULL, 10), (cooc_by)b};
  return 0;
}

/* column_text: column i as text, "" when NULL. */
static const char *column_text(sqlite3_stmt *st, int i) {
  const unsigned char *s = sqlite3_column_text(st, i);
  return s ? (const char *)s : "";
}

/* load_entities: the entities, in idx order (idx must be 0, 1, ...). */
static int load_entities(sqlite3 *db, const char *path, cooc *t, err *e) {
  sqlite3_stmt *st = db_prepare(db, path, "SELECT idx, id, type, name FROM entities ORDER BY idx", e);
  int rc = st ? SQLITE_ROW : -1;
  while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (sqlite3_column_int64(st, 0) != (sqlite3_int64)cooc_entity_count(t)) {
      rc = err_set(e, "%s: entity indexes are not 0, 1, 2...", path);
    } else if (cooc_add_entity(t, column_text(st, 1), column_text(st, 2), column_text(st, 3),
                               e) < 0) {
      rc = -1;
    }
  }
  if (rc != SQLITE_DONE && rc != -1) rc = db_fail(db, path, "entities", e);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* A loaded period: its name by idx. */
typedef struct {
  char (*names)[COOC_PERIOD_MAX];
  sqlite3_int64 n;
} period_map;

/* load_periods: the periods with their N into t, and their names by idx into *m. */
static int load_periods(sqlite3 *db, const char *path, cooc *t, period_map *m, err *e) {
  sqlite3_stmt *st = db_prepare(db, path, "SELECT idx, name, contexts FROM periods ORDER BY idx", e);
  int rc = st ? SQLITE_ROW : -1;
  size_t cap = 0;
  while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (sqlite3_column_int64(st, 0) != m->n ||
        mem_grow(&m->names, &cap, (size_t)m->n + 1, sizeof *m->names) < 0) {
      rc = err_set(e, "%s: period indexes are not 0, 1, 2...", path);
      break;
    }
    snprintf(m->names[m->n], COOC_PERIOD_MAX, "%s", column_text(st, 1));
    if (cooc_add_contexts(t, m->names[m->n++], (uint64_t)sqlite3_column_int64(st, 2), e) < 0)
      rc = -1;
  }
  if (rc != SQLITE_DONE && rc != -1) rc = db_fail(db, path, "periods", e);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* load_counts: the rows of `sql` (period, a, b, count, mentions) into t. */
static int load_counts(sqlite3 *db, const char *path, const char *sql, cooc *t,
                       const period_map *m, err *e) {
  sqlite3_stmt *st = db_prepare(db, path, sql, e);
  int rc = st ? SQLITE_ROW : -1;
  while (rc == SQLITE_ROW && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    sqlite3_int64 p = sqlite3_column_int64(st, 0), a = sqlite3_column_int64(st, 1),
                  b = sqlite3_column_int64(st, 2);
    if (p < 0 || p >= m->n || a < 0 || b < 0) {
      rc = err_set(e, "%s: a count refers to a missing period or entity", path);
    } else if (cooc_add_counts(t, m->names[p], (size_t)a, (size_t)b,
                               (uint64_t)sqlite3_column_int64(st, 3),
                               (uint64_t)sqlite3_column_int64(st, 4), e) < 0) {
      rc = err_set(e, "%s: a count refers to a missing entity", path);
    }
  }
  if (rc != SQLITE_DONE && rc != -1) rc = db_fail(db, path, "counts", e);
  sqlite3_finalize(st);
  return rc == SQLITE_DONE ? 0 : -1;
}

/* load_all: fill an empty table t from db. */
static int load_all(sqlite3 *db, const char *path, cooc *t, err *e) {
  period_map m = {NULL, 0};
  int rc = load_entities(db, path, t, e);
  if (rc == 0) rc = load_periods(db, path, t, &m, e);
  if (rc == 0)
    rc = load_counts(db, path, "SELECT period, entity, entity, count, mentions FROM marginals",
                     t, &m, e);
  if (rc == 0)
    rc = load_counts(db, path, "SELECT period, a, b, count, 0 FROM pairs WHERE a != b", t, &m, e);
  mem_free(m.names);
  return rc;
}

cooc *cooc_load(const char *path, err *e) {
  sqlite3 *db = NULL;
  cooc_config c;
  cooc *t = NULL;
  if (sqldb_open(path, &db, SQLITE_OPEN_READONLY) != SQLITE_OK)
    db_fail(db, path, "cannot open", e);
  else if (load_config(db, path, &c, e) == 0 && (t = cooc_new(&c, e)) != NULL &&
           load_all(db, path, t, e) < 0) {
    cooc_free(t);
    t = NULL;
  }
  sqlite3_close(db);
  return t;
}
