/* test_sqldb.c: every connection the toolkit opens (sqldb.h) refuses FTS3 tokenizer
 * registration and extension loading and stops on a stop request; SQLite's memory counts
 * against the toolkit's limit; a locked-down connection (the sandbox's) runs only what the
 * policy allows: a table of statements, each allowed or refused. */
#include <stdlib.h>
#include <string.h>

#include "base/cancel.h"
#include "check.h"
#include "base/mem.h"
#include "io/sqldb.h"

/* run: the result code of sql on db (every row stepped). */
static int run(sqlite3 *db, const char *sql) {
  return sqlite3_exec(db, sql, NULL, NULL, NULL);
}

static void test_hardened(void) {
  sqlite3 *db = NULL;
  CHECK(sqldb_open(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) == SQLITE_OK, "open");
  CHECK(run(db, "SELECT fts3_tokenizer('x', X'4141414141414141')") != SQLITE_OK,
        "fts3_tokenizer registration off: %s", sqlite3_errmsg(db));
  CHECK(run(db, "SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')") != SQLITE_OK,
        "load_extension off");
  CHECK(run(db, "CREATE TABLE t(x); PRAGMA writable_schema = ON; "
                "UPDATE sqlite_schema SET sql = 'x' WHERE name = 't'") != SQLITE_OK,
        "defensive: no schema writes");
  cancel_request();
  CHECK(run(db, "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
                "SELECT count(*) FROM c") == SQLITE_INTERRUPT,
        "a stop request interrupts: %s", sqlite3_errmsg(db));
  cancel_clear();
  CHECK(run(db, "SELECT 1") == SQLITE_OK, "after the request is cleared");
  sqlite3_close_v2(db);
}

static void test_memory(void) {
  sqlite3 *db = NULL;
  CHECK(sqldb_open(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) == SQLITE_OK, "open");
  size_t before = mem_used();
  CHECK(run(db, "CREATE TABLE b(x); INSERT INTO b VALUES (randomblob(4000000))") == SQLITE_OK, "4 MB");
  CHECK(mem_used() >= before + 4000000, "SQLite's memory is counted: %zu -> %zu", before, mem_used());
  mem_set_limit(mem_used() + (8u << 20));
  CHECK(!mem_refused(), "nothing refused yet");
  CHECK(run(db, "SELECT length(randomblob(400000000))") == SQLITE_NOMEM, "over the limit");
  CHECK(mem_refused(), "the refusal is recorded");
  mem_set_limit(0);
  CHECK(!mem_refused(), "cleared with the limit");
  sqlite3_close_v2(db);
}

typedef struct {
  const char *sql;
  int allowed;
} sql_case;

static const sql_case lockdown_cases[] = {
  {"CREATE TABLE IF NOT EXISTS t(x)", 1},
  {"INSERT INTO t VALUES (1)", 1},
  {"SELECT * FROM t", 1},
  {"CREATE VIRTUAL TABLE f USING fts5(x)", 1},
  {"CREATE VIRTUAL TABLE f3 USING fts3(x)", 0},
  {"CREATE VIRTUAL TABLE f4 USING fts4(x, tokenize=simple)", 0},
  {"CREATE VIRTUAL TABLE r USING rtree(id, a, b)", 0},
  {"ATTACH ':memory:' AS x", 0},
  {"DETACH x", 0},
  {"VACUUM INTO '/tmp/sahel-test-sqldb-escape.sqlite'", 0},
  {"SELECT fts3_tokenizer('simple')", 0},
  {"SELECT load_extension('x')", 0},
  {"PRAGMA temp_store_directory = '/tmp'", 0},
  {"PRAGMA temp_store_directory", 0},
  {"PRAGMA data_store_directory = '/tmp'", 0},
  {"PRAGMA temp_store = FILE", 0},
  {"PRAGMA temp_store", 1},
  {"PRAGMA hard_heap_limit = 0", 0},
  {"PRAGMA soft_heap_limit = 0", 0},
  {"PRAGMA mmap_size = 1000000000", 0},
  {"PRAGMA threads = 8", 0},
  {"PRAGMA trusted_schema = ON", 0},
  {"PRAGMA writable_schema = ON", 0},
  {"PRAGMA no_such_pragma", 0},
  {"PRAGMA user_version = 2", 1},
  {"PRAGMA main.user_version", 1},
  {"PRAGMA table_info(t)", 1},
  {"PRAGMA integrity_check", 1},
  {"PRAGMA foreign_keys = ON", 1},
  {"WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c LIMIT 10) SELECT * FROM c", 1},
};

static void test_lockdown(void) {
  sqlite3 *db = NULL;
  err e;
  CHECK(sqldb_open(":memory:", &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) == SQLITE_OK, "open");
  CHECK(sqldb_lockdown(db, &e) == 0, "%s", e.msg);
  for (size_t i = 0; i < sizeof lockdown_cases / sizeof lockdown_cases[0]; i++) {
    const sql_case *c = &lockdown_cases[i];
    int rc = run(db, c->sql);
    CHECK((rc == SQLITE_OK) == c->allowed, "%s: rc %d (%s), want %s", c->sql, rc,
          sqlite3_errmsg(db), c->allowed ? "allowed" : "refused");
    if (!c->allowed && strncmp(c->sql, "PRAGMA no_such", 14) != 0)
      CHECK(rc == SQLITE_AUTH || rc == SQLITE_ERROR, "%s: refused by the authorizer: %d", c->sql, rc);
  }
  CHECK(fopen("/tmp/sahel-test-sqldb-escape.sqlite", "r") == NULL, "VACUUM INTO wrote nothing");
  sqlite3_close_v2(db);
}

int main(void) {
  if (sqldb_count_memory() != 0) {
    fprintf(stderr, "sqldb_count_memory failed\n");
    return 1;
  }
  RUN(test_hardened);
  RUN(test_memory);
  RUN(test_lockdown);
  return check_done();
}
