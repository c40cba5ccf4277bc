/* bench_outputs.c: a digest of the main job's outputs (see bench.h), to check that runs
 * with 1 and 2 threads wrote the same results. */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "io/sqldb.h"
#include "store/store.h"

/* The files compared byte for byte (report.html is left out: it says when it was made). */
static const char *const compared_files[] = {"entities.csv", "cooccurrence.csv",
  "mentions.csv", "kwic.csv", "articles.csv", "network.graphml", "network.dot"};

/* mix_bytes: FNV-1a of n bytes p, continuing from h. */
static uint64_t mix_bytes(uint64_t h, const void *p, size_t n) {
  const unsigned char *b = p;
  for (size_t i = 0; i < n; i++) h = (h ^ b[i]) * 0x100000001b3ULL;
  return h;
}

/* file_digest: h mixed with the bytes of path; 0 or -1 with e set. */
static int file_digest(const char *path, uint64_t *h, err *e) {
  FILE *f = fopen(path, "rb");
  if (!f) return err_set(e, "%s: cannot open", path);
  char chunk[65536];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) *h = mix_bytes(*h, chunk, n);
  fclose(f);
  return 0;
}

/* table_rows_digest: h mixed with every row of table t of db (rowid order, each column's
 * type and bytes); 0 or -1 with e set. */
static int table_rows_digest(sqlite3 *db, const char *t, uint64_t *h, err *e) {
  char sql[256];
  sqlite3_stmt *st;
  snprintf(sql, sizeof sql, "SELECT * FROM \"%s\" ORDER BY rowid", t);
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
    return sqldb_error(db, sql, e, "digest");
  *h = mix_bytes(*h, t, strlen(t) + 1);
  while (sqlite3_step(st) == SQLITE_ROW) {
    for (int c = 0; c < sqlite3_column_count(st); c++) {
      int type = sqlite3_column_type(st, c);
      const void *v = sqlite3_column_blob(st, c);
      *h = mix_bytes(mix_bytes(*h, &type, sizeof type), v, (size_t)sqlite3_column_bytes(st, c));
    }
  }
  sqlite3_finalize(st);
  return 0;
}

/* store_digest: h mixed with every table of the store at path; 0 or -1 with e set. */
static int store_digest(const char *path, uint64_t *h, err *e) {
  store_db_opts ro = {1, 1, 1, 0};
  sqlite3 *db = store_db_open(path, &ro, e);
  if (!db) return -1;
  sqlite3_stmt *st;
  int rc = sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND"
                                  " name NOT LIKE 'sqlite%' AND name NOT LIKE 'articles_fts%'"
                                  " ORDER BY name", -1, &st, NULL) == SQLITE_OK ? 0 : -1;
  if (rc < 0) sqldb_error(db, NULL, e, "%s", path);
  while (rc == 0 && sqlite3_step(st) == SQLITE_ROW)
    rc = table_rows_digest(db, (const char *)sqlite3_column_text(st, 0), h, e);
  sqlite3_finalize(st);
  sqlite3_close_v2(db);
  return rc;
}

int bench_outputs_digest(const char *dir, uint64_t *digest, err *e) {
  char path[4096];
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < sizeof compared_files / sizeof compared_files[0]; i++) {
    snprintf(path, sizeof path, "%s/%s", dir, compared_files[i]);
    if (file_digest(path, &h, e) < 0) return -1;
  }
  snprintf(path, sizeof path, "%s/sahel.sqlite", dir);
  if (store_digest(path, &h, e) < 0) return -1;
  *digest = h;
  return 0;
}
