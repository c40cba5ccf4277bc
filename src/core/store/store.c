/* store.c: the SQLite store (see store.h). */
#include "store/store.h"

#include <string.h>

#include "store/fts.h"
#include "base/mem.h"
#include "io/sqldb.h"

/* db_exec: run sql on db; 0, or -1 with e set naming path. */
static int db_exec(sqlite3 *db, const char *path, const char *sql, err *e) {
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK) return 0;
  return sqldb_error(db, sql, e, "%s", path);
}

sqlite3 *store_db_open(const char *path, const store_db_opts *o, err *e) {
  store_db_opts none = {0, 0, 0, 0};
  if (!o) o = &none;
  int flags = o->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (!o->readonly && !o->no_create) flags |= SQLITE_OPEN_CREATE;
  sqlite3 *db = NULL;
  if (sqldb_open(path, &db, flags | SQLITE_OPEN_URI) != SQLITE_OK) {
    sqldb_error(db, NULL, e, "%s", path);
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

/* The schema (docs/formats.md, "Outputs: the SQLite store"). `articles` is read back as a
 * corpus by corpus.c. The full-text index is not part of it: store_index adds it. */
static const char store_schema[] =
  "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
  "CREATE TABLE IF NOT EXISTS articles(id TEXT PRIMARY KEY, title TEXT, date TEXT,\n"
  "  date_raw TEXT, source TEXT, author TEXT, url TEXT, summary TEXT, body TEXT, meta TEXT,\n"
  "  origin TEXT, hash TEXT, paragraphs INTEGER, sentences INTEGER, tokens INTEGER);\n"
  "CREATE INDEX IF NOT EXISTS articles_hash ON articles(id, hash);\n"
  "CREATE INDEX IF NOT EXISTS articles_date ON articles(date);\n"
  "CREATE INDEX IF NOT EXISTS articles_source ON articles(source);\n"
  "CREATE TABLE IF NOT EXISTS entities(id TEXT PRIMARY KEY, type TEXT, name TEXT);\n"
  "CREATE TABLE IF NOT EXISTS aliases(entity_id TEXT NOT NULL, alias TEXT NOT NULL,\n"
  "  kind TEXT, flags TEXT, context TEXT);\n"
  "CREATE INDEX IF NOT EXISTS aliases_entity ON aliases(entity_id);\n"
  "CREATE TABLE IF NOT EXISTS mentions(article_id TEXT NOT NULL, entity_id TEXT NOT NULL,\n"
  "  alias TEXT, surface TEXT, paragraph INTEGER, sentence INTEGER, token INTEGER,\n"
  "  word INTEGER, byte_start INTEGER, byte_end INTEGER, flags INTEGER);\n"
  "CREATE INDEX IF NOT EXISTS mentions_article ON mentions(article_id, token);\n"
  "CREATE INDEX IF NOT EXISTS mentions_entity ON mentions(entity_id);\n"
  "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema', '1');\n";

/* The full-text index (store_index): external content (the text stays in `articles`
 * only), kept in step with `articles` by triggers once it exists. */
static const char index_schema[] =
  "CREATE VIRTUAL TABLE articles_fts USING fts5(title, body,\n"
  "  content='articles', content_rowid='rowid', tokenize='sahel');\n"
  "CREATE TRIGGER articles_fts_ai AFTER INSERT ON articles BEGIN\n"
  "  INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);\n"
  "END;\n"
  "CREATE TRIGGER articles_fts_ad AFTER DELETE ON articles BEGIN\n"
  "  INSERT INTO articles_fts(articles_fts, rowid, title, body)\n"
  "    VALUES ('delete', old.rowid, old.title, old.body);\n"
  "END;\n"
  "CREATE TRIGGER articles_fts_au AFTER UPDATE OF title, body ON articles BEGIN\n"
  "  INSERT INTO articles_fts(articles_fts, rowid, title, body)\n"
  "    VALUES ('delete', old.rowid, old.title, old.body);\n"
  "  INSERT INTO articles_fts(rowid, title, body) VALUES (new.rowid, new.title, new.body);\n"
  "END;\n"
  ;

int store_init(sqlite3 *db, err *e) {
  const char *path = sqlite3_db_filename(db, "main");
  return db_exec(db, path && *path ? path : ":memory:", store_schema, e);
}

/* prepare: st for sql on db; 0, or -1 with e set. */
static int prepare(sqlite3 *db, const char *sql, sqlite3_stmt **st, err *e) {
  if (sqlite3_prepare_v2(db, sql, -1, st, NULL) == SQLITE_OK) return 0;
  const char *path = sqlite3_db_filename(db, "main");
  return sqldb_error(db, sql, e, "%s", path && *path ? path : ":memory:");
}

int store_has_index(sqlite3 *db, err *e) {
  sqlite3_stmt *st = NULL;
  const char *sql = "SELECT 1 FROM sqlite_master WHERE name = 'articles_fts'";
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    return sqldb_error(db, sql, e, "store");
  int rc = sqlite3_step(st);
  sqlite3_finalize(st);
  if (rc == SQLITE_ROW || rc == SQLITE_DONE) return rc == SQLITE_ROW;
  return sqldb_error(db, sql, e, "store");
}

/* The index is filled in chunks of rowids, so that a long build can show its progress. */
enum { INDEX_CHUNK = 2048 };

/* index_rows: index the articles with rowid in (lo, hi]; how many, or -1 with e set. */
static int64_t index_rows(sqlite3 *db, sqlite3_stmt *ins, int64_t lo, int64_t hi, err *e) {
  sqlite3_bind_int64(ins, 1, lo);
  sqlite3_bind_int64(ins, 2, hi);
  int rc = sqlite3_step(ins);
  sqlite3_reset(ins);
  if (rc != SQLITE_DONE) return sqldb_error(db, NULL, e, "store: full-text index");
  return sqlite3_changes64(db);
}

/* fill_index: index every article, calling fn between chunks; 0, or -1 with e set. */
static int fill_index(sqlite3 *db, store_index_progress fn, void *ud, err *e) {
  sqlite3_stmt *ins = NULL, *range = NULL;
  int rc = prepare(db, "SELECT ifnull(max(rowid), 0), count(*) FROM articles", &range, e);
  if (rc == 0) rc = prepare(db, "INSERT INTO articles_fts(rowid, title, body) SELECT rowid,"
                                " title, body FROM articles WHERE rowid > ?1 AND rowid <= ?2",
                            &ins, e);
  int64_t last = 0, total = 0, done = 0;
  if (rc == 0 && sqlite3_step(range) == SQLITE_ROW) {
    last = sqlite3_column_int64(range, 0);
    total = sqlite3_column_int64(range, 1);
  }
  for (int64_t lo = 0; rc == 0 && lo < last; lo += INDEX_CHUNK) {
    int64_t n = index_rows(db, ins, lo, lo + INDEX_CHUNK, e);
    if (n < 0) rc = -1;
    else if (fn && fn(ud, done += n, total) != 0) rc = err_set(e, "store: index build stopped");
  }
  sqlite3_finalize(range);
  sqlite3_finalize(ins);
  return rc;
}

int store_index(sqlite3 *db, store_index_progress fn, void *ud, err *e) {
  const char *path = sqlite3_db_filename(db, "main");
  path = path && *path ? path : ":memory:";
  int has = store_has_index(db, e);
  if (has != 0) return has < 0 ? -1 : 0;
  if (sqlite3_db_readonly(db, "main") == 1)
    return err_set(e, "%s: no full-text index, and the store is open read-only", path);
  if (store_init(db, e) < 0) return -1;
  if (db_exec(db, path, "BEGIN IMMEDIATE", e) < 0) return -1;
  int rc = db_exec(db, path, index_schema, e);
  if (rc == 0) rc = db_exec(db, path, "INSERT INTO articles_fts(articles_fts, rank)"
                                      " VALUES('automerge', 0)", e);
  if (rc == 0) rc = fill_index(db, fn, ud, e);
  if (rc == 0) rc = db_exec(db, path, "INSERT INTO articles_fts(articles_fts) VALUES('optimize');"
                                      "INSERT INTO articles_fts(articles_fts, rank)"
                                      " VALUES('automerge', 4); COMMIT", e);
  if (rc < 0 && !sqlite3_get_autocommit(db)) sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
  return rc < 0 ? -1 : 1;
}

/* The stored mentions reader: one statement over the articles, one over their mentions. */
struct store_mentions {
  sqlite3 *db;
  sqlite3_stmt *arts, *ments;
  store_mention *m;
  size_t *off; /* where each mention's entity id starts in ids */
  size_t cap, off_cap;
  buf ids;     /* the entity ids of the current article, NUL-separated */
};

store_mentions *store_mentions_open(sqlite3 *db, const char *from, const char *to,
                                    const char *source, err *e) {
  store_mentions *it = mem_calloc(1, sizeof *it);
  if (!it) return err_nomem_at(e, "store"), NULL;
  it->db = db;
  buf_init(&it->ids);
  if (prepare(db, "SELECT id, date, paragraphs, sentences, tokens FROM articles"
                  " WHERE (?1 IS NULL OR date >= ?1) AND (?2 IS NULL OR date <= ?2)"
                  " AND (?3 IS NULL OR source = ?3) ORDER BY id", &it->arts, e) < 0 ||
      prepare(db, "SELECT entity_id, paragraph, sentence, token, word, flags FROM mentions"
                  " WHERE article_id = ?1 ORDER BY token", &it->ments, e) < 0) {
    store_mentions_close(it);
    return NULL;
  }
  sqlite3_bind_text(it->arts, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(it->arts, 2, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text(it->arts, 3, source, -1, SQLITE_TRANSIENT);
  return it;
}

/* read_mentions: the mentions of article id into it->m; their number, or -1 with e set. */
static long read_mentions(store_mentions *it, const char *id, err *e) {
  size_t n = 0;
  int rc;
  buf_clear(&it->ids);
  sqlite3_bind_text(it->ments, 1, id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step(it->ments)) == SQLITE_ROW) {
    const char *ent = (const char *)sqlite3_column_text(it->ments, 0);
    size_t off = it->ids.len;
    if (mem_grow(&it->m, &it->cap, n + 1, sizeof *it->m) < 0 ||
        mem_grow(&it->off, &it->off_cap, n + 1, sizeof *it->off) < 0 ||
        buf_add(&it->ids, ent ? ent : "", ent ? strlen(ent) + 1 : 1) < 0) {
      sqlite3_reset(it->ments);
      return err_nomem_at(e, "store");
    }
    it->off[n] = off;
    it->m[n++] = (store_mention){NULL,
      sqlite3_column_int64(it->ments, 1), sqlite3_column_int64(it->ments, 2),
      sqlite3_column_int64(it->ments, 3), sqlite3_column_int64(it->ments, 4),
      sqlite3_column_int(it->ments, 5)};
  }
  sqlite3_reset(it->ments);
  if (rc != SQLITE_DONE) return sqldb_error(it->db, NULL, e, "store: mentions");
  for (size_t i = 0; i < n; i++) it->m[i].entity_id = it->ids.data + it->off[i];
  return (long)n;
}

int store_mentions_next(store_mentions *it, store_article *out, err *e) {
  int rc = sqlite3_step(it->arts);
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) return sqldb_error(it->db, NULL, e, "store: articles");
  const char *id = (const char *)sqlite3_column_text(it->arts, 0);
  long n = read_mentions(it, id ? id : "", e);
  if (n < 0) return -1;
  *out = (store_article){id ? id : "", (const char *)sqlite3_column_text(it->arts, 1),
                         sqlite3_column_int64(it->arts, 2), sqlite3_column_int64(it->arts, 3),
                         sqlite3_column_int64(it->arts, 4), it->m, (size_t)n};
  return 1;
}

void store_mentions_close(store_mentions *it) {
  if (!it) return;
  sqlite3_finalize(it->arts);
  sqlite3_finalize(it->ments);
  buf_free(&it->ids);
  mem_free(it->m);
  mem_free(it->off);
  mem_free(it);
}
