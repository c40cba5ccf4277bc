/* test_store.c: the SQLite store: schema, incremental ingest, FTS tokenizer, stored
 * mentions, and a run killed with SIGKILL mid-ingest. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "base/mem.h"
#include "store/store.h"

static char dir[64];

/* A synthetic corpus: article i mentions Mali (i % 3 + 1) times and Algeria through a
 * proclitic once when i is even. */
typedef struct {
  size_t n, next;
  int version;      /* changes the body of article 1 */
  int notify_fd;    /* > 0: write a byte there after each 100 articles (the kill test) */
} fake_corpus;

/* fake_next: the pipeline source over a fake_corpus. */
static int fake_next(void *src, article *a, const warn_sink *w, err *e) {
  fake_corpus *c = src;
  char id[32], body[512];
  (void)w, (void)e;
  if (c->next >= c->n) return 0;
  size_t i = c->next++;
  snprintf(id, sizeof id, "a%05zu", i);
  int k = snprintf(body, sizeof body, "%s", i == 1 && c->version ? "خبر معدل. " : "");
  for (size_t j = 0; j <= i % 3; j++) k += snprintf(body + k, sizeof body - k, "زار الوفد مالي. ");
  if (i % 2 == 0) snprintf(body + k, sizeof body - k, "ثم عاد بالجزائر.");
  article_set(&a->id, id, strlen(id));
  article_set(&a->title, "عنوان", strlen("عنوان"));
  article_set(&a->date, "2025-01-02", 10);
  article_set(&a->body, body, strlen(body));
  article_add_meta(a, "lang", "ar", 2);
  if (c->notify_fd > 0 && c->next % 100 == 0 && write(c->notify_fd, "x", 1) != 1) return -1;
  return 1;
}

/* mentions_of: the number of mentions fake article i holds. */
static int64_t mentions_of(size_t i) { return (int64_t)(i % 3 + 1) + (i % 2 == 0); }

/* new_gaz: a two-entity gazetteer (demonyms aside). */
static gazetteer *new_gaz(const textproc *tp, int with_niger) {
  static const gaz_row rows[] = {
    {"mali", "مالي", "GPE", "Mali", NULL, NULL, NULL},
    {"algeria", "الجزائر", "GPE", "Algeria", NULL, NULL, NULL},
    {"niger", "النيجر", "GPE", "Niger", NULL, NULL, NULL},
  };
  err e;
  gazetteer *g = gaz_new(tp, &e);
  for (int i = 0; g && i < 2 + with_niger; i++) gaz_add(g, &rows[i], "test", NULL, &e);
  return g;
}

/* count: SELECT count(*) ... as an integer (-1 on error). */
static int64_t count(sqlite3 *db, const char *sql) {
  sqlite3_stmt *st;
  int64_t n = -1;
  if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) return -1;
  if (sqlite3_step(st) == SQLITE_ROW) n = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return n;
}

/* ingest: run store_ingest over a fake corpus of n articles. */
static int ingest(sqlite3 *db, const textproc *tp, const gazetteer *g, size_t n, int version,
                  int threads, store_ingest_stats *st, err *e) {
  fake_corpus c = {n, 0, version, 0};
  store_ingest_opts o = {tp, g, 0, 7, 0, 0, 0};
  pipeline_opts po = {fake_next, &c, threads, NULL};
  return store_ingest(db, &o, &po, NULL, st, e);
}

/* ranked: the ids of the articles matching query, best first (bm25, then id), joined. */
static void ranked(sqlite3 *db, const char *query, char *out, size_t n) {
  sqlite3_stmt *st;
  size_t k = 0;
  out[0] = '\0';
  if (sqlite3_prepare_v2(db, "SELECT a.id FROM articles_fts JOIN articles a ON a.rowid ="
                         " articles_fts.rowid WHERE articles_fts MATCH ?1"
                         " ORDER BY bm25(articles_fts), a.id", -1, &st, NULL) != SQLITE_OK)
    return;
  sqlite3_bind_text(st, 1, query, -1, SQLITE_STATIC);
  while (sqlite3_step(st) == SQLITE_ROW && k + 8 < n)
    k += (size_t)snprintf(out + k, n - k, "%s ", (const char *)sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
}

/* When each store of test_ingest gets its full-text index: before the first ingest, after
 * it (later ingests go through the triggers), or after the last (built on demand). */
enum { INDEX_FIRST, INDEX_AFTER_FIRST, INDEX_LAST, NSTORES };

/* check_store: the rows and full-text index of a store after test_ingest's runs. */
static void check_store(sqlite3 *db) {
  int64_t want = 0;
  for (size_t i = 0; i < 50; i++) want += mentions_of(i);
  CHECK_INT(count(db, "SELECT count(*) FROM articles"), 50);
  CHECK_INT(count(db, "SELECT count(*) FROM mentions"), want);
  CHECK_INT(count(db, "SELECT count(*) FROM entities"), 3);
  CHECK_INT(count(db, "SELECT count(*) FROM aliases"), 3);
  CHECK_INT(count(db, "SELECT count(*) FROM mentions WHERE entity_id = 'algeria' AND flags = 1"
                      " AND surface = 'بالجزائر'"), 25);
  CHECK_INT(count(db, "SELECT sentences FROM articles WHERE id = 'a00002'"), 5);
  CHECK_INT(count(db, "SELECT count(*) FROM articles WHERE meta = '{\"lang\":\"ar\"}'"), 50);
  CHECK_INT(count(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'الجزائر'"), 25);
  CHECK_INT(count(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'معدل'"), 1);
  CHECK_INT(count(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'مالى'"), 50);
  CHECK_INT(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                         NULL, NULL, NULL), SQLITE_OK);
}

static void test_ingest(void) {
  err e = {{0}};
  textproc *tp = textproc_new(NORM_DEFAULT, &e);
  gazetteer *g = new_gaz(tp, 0);
  char path[128];
  sqlite3 *db[NSTORES];
  for (int k = 0; k < NSTORES; k++) {
    snprintf(path, sizeof path, "%s/ingest%d.sqlite", dir, k);
    db[k] = store_db_open(path, NULL, &e);
    CHECK(db[k] != NULL, "%s", e.msg);
  }
  CHECK_INT(store_index(db[INDEX_FIRST], NULL, NULL, &e), 1);
  store_ingest_stats st;
  static const struct {
    int version, threads, gaz_niger;
    size_t inserted, replaced, skipped;
  } runs[] = {
    {0, 2, 0, 50, 0, 0},  /* first ingest */
    {0, 1, 0, 0, 0, 50},  /* unchanged: all skipped */
    {1, 2, 0, 0, 1, 49},  /* article 1 changed */
    {1, 1, 1, 0, 50, 0},  /* the gazetteer changed: all analyzed again */
  };
  for (size_t r = 0; r < sizeof runs / sizeof runs[0]; r++) {
    gazetteer *gr = runs[r].gaz_niger ? new_gaz(tp, 1) : g;
    for (int k = 0; k < NSTORES; k++) {
      CHECK(ingest(db[k], tp, gr, 50, runs[r].version, runs[r].threads, &st, &e) == 0, "%s",
            e.msg);
      CHECK(st.seen == 50 && st.inserted == runs[r].inserted &&
            st.replaced == runs[r].replaced && st.skipped == runs[r].skipped,
            "run %zu: seen %zu inserted %zu replaced %zu skipped %zu", r, st.seen,
            st.inserted, st.replaced, st.skipped);
    }
    if (r == 0) CHECK_INT(store_index(db[INDEX_AFTER_FIRST], NULL, NULL, &e), 1);
    if (gr != g) gaz_free(gr);
  }
  CHECK_INT(store_has_index(db[INDEX_LAST], &e), 0);
  CHECK_INT(store_index(db[INDEX_LAST], NULL, NULL, &e), 1);
  CHECK_INT(store_index(db[INDEX_LAST], NULL, NULL, &e), 0);
  static const char *const queries[] = {"الجزائر", "مالي", "معدل OR عاد", "الوفد"};
  char want[4096], got[4096];
  for (size_t q = 0; q < sizeof queries / sizeof queries[0]; q++) {
    ranked(db[0], queries[q], want, sizeof want);
    for (int k = 1; k < NSTORES; k++) {
      ranked(db[k], queries[q], got, sizeof got);
      CHECK(strcmp(got, want) == 0 && *got, "store %d, %s: %s, want %s", k, queries[q], got, want);
    }
  }
  for (int k = 0; k < NSTORES; k++) {
    check_store(db[k]);
    sqlite3_close_v2(db[k]);
  }
  gaz_free(g);
  textproc_free(tp);
}

/* stop_at: a progress hook that stops the build after the first chunk. */
static int stop_at(void *ud, int64_t done, int64_t total) {
  (void)ud, (void)total;
  return done > 0;
}

/* count_calls: a progress hook counting its calls into *ud and checking the total. */
static int count_calls(void *ud, int64_t done, int64_t total) {
  int *calls = ud;
  ++*calls;
  return done <= total ? 0 : 1;
}

/* An ingest without the full-text index leaves none; a stopped build leaves none either;
 * a build indexes every article, in chunks, and reports its progress. */
static void test_index_on_demand(void) {
  err e = {{0}};
  textproc *tp = textproc_new(NORM_DEFAULT, &e);
  sqlite3 *db = store_db_open(":memory:", NULL, &e);
  CHECK_INT(ingest(db, tp, NULL, 5000, 0, 1, NULL, &e), 0);
  CHECK_INT(store_has_index(db, &e), 0);
  CHECK_INT(count(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'articles_fts%'"), 0);
  CHECK_INT(store_index(db, stop_at, NULL, &e), -1);
  CHECK(strstr(e.msg, "stopped") != NULL, "%s", e.msg);
  CHECK_INT(store_has_index(db, &e), 0);
  CHECK(sqlite3_get_autocommit(db), "the stopped build was rolled back");
  int calls = 0;
  CHECK_INT(store_index(db, count_calls, &calls, &e), 1);
  CHECK(calls >= 2, "%d progress calls", calls);
  CHECK_INT(count(db, "SELECT count(*) FROM articles_fts WHERE articles_fts MATCH 'مالي'"), 5000);
  sqlite3_close_v2(db);
  textproc_free(tp);
}

static void test_mentions_stream(void) {
  err e = {{0}};
  textproc *tp = textproc_new(NORM_DEFAULT, &e);
  gazetteer *g = new_gaz(tp, 0);
  sqlite3 *db = store_db_open(":memory:", NULL, &e);
  CHECK_INT(ingest(db, tp, g, 12, 0, 1, NULL, &e), 0);
  store_mentions *it = store_mentions_open(db, "2025-01-01", NULL, NULL, &e);
  store_article a;
  size_t n = 0;
  int ok = 1;
  while (store_mentions_next(it, &a, &e) == 1) {
    size_t i = (size_t)atoi(a.id + 1);
    ok &= (int64_t)a.n == mentions_of(i) && strcmp(a.date, "2025-01-02") == 0;
    ok &= strcmp(a.m[0].entity_id, "mali") == 0 && a.m[0].sentence == 1 && a.m[0].word == 3;
    ok &= a.tokens == 1 + 3 * (int64_t)(i % 3 + 1) + 3 * (i % 2 == 0);
    n++;
  }
  CHECK(ok && n == 12, "n %zu", n);
  store_mentions_close(it);
  it = store_mentions_open(db, "2026-01-01", NULL, NULL, &e);
  CHECK_INT(store_mentions_next(it, &a, &e), 0);
  store_mentions_close(it);
  sqlite3_close_v2(db);
  gaz_free(g);
  textproc_free(tp);
}

/* The FTS tokenizer on its own: a query in base form finds clitic and spelling variants. */
static void test_fts(void) {
  static const struct { const char *doc, *query; int hits; } cases[] = {
    {"وصل الوفد إلى الجزائر", "الجزائر", 1},
    {"عاد بالجزائر أمس", "الجزائر", 1},
    {"قال للجزائر إن", "الجزائر", 1},
    {"ثم وبالجزائر", "الجزائر", 1},
    {"في الجَزَائِر", "الجزائر", 1},
    {"رئيس أمريكا", "امريكا", 1},
    {"رئيس امريكا", "أمريكا", 1},
    {"مدينة غاو", "بغاو", 0},
    {"عاد بالجزائر", "بالجزائر", 1},
    {"عاد الجزائر", "بالجزائر", 0},
    {"Africa Corps", "africa", 1},
    {"عام ٢٠٢٥", "2025", 1},
  };
  err e;
  sqlite3 *db = store_db_open(":memory:", NULL, &e);
  CHECK_INT(sqlite3_exec(db, "CREATE VIRTUAL TABLE f USING fts5(body, tokenize='sahel')", NULL,
                         NULL, NULL), SQLITE_OK);
  sqlite3_stmt *ins, *q;
  sqlite3_prepare_v2(db, "INSERT INTO f(rowid, body) VALUES (?1, ?2)", -1, &ins, NULL);
  sqlite3_prepare_v2(db, "SELECT count(*) FROM f WHERE f MATCH ?1 AND rowid = ?2", -1, &q, NULL);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sqlite3_bind_int64(ins, 1, (int64_t)i);
    sqlite3_bind_text(ins, 2, cases[i].doc, -1, SQLITE_STATIC);
    CHECK_INT(sqlite3_step(ins), SQLITE_DONE);
    sqlite3_reset(ins);
  }
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    sqlite3_bind_text(q, 1, cases[i].query, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, (int64_t)i);
    CHECK(sqlite3_step(q) == SQLITE_ROW && sqlite3_column_int(q, 0) == cases[i].hits,
          "case %zu: %s in %s", i, cases[i].query, cases[i].doc);
    sqlite3_reset(q);
  }
  sqlite3_finalize(ins);
  sqlite3_finalize(q);
  CHECK(sqlite3_exec(db, "CREATE VIRTUAL TABLE g USING fts5(x, tokenize='sahel bad')", NULL,
                     NULL, NULL) != SQLITE_OK, "the tokenizer takes no arguments");
  sqlite3_close_v2(db);
}

/* A run killed with SIGKILL mid-ingest leaves a sound store with whole articles only. */
static void test_killed(void) {
  char path[128];
  snprintf(path, sizeof path, "%s/killed.sqlite", dir);
  int fds[2];
  CHECK_INT(pipe(fds), 0);
  pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    err e;
    textproc *tp = textproc_new(NORM_DEFAULT, &e);
    gazetteer *g = new_gaz(tp, 0);
    sqlite3 *db = store_db_open(path, NULL, &e);
    store_index(db, NULL, NULL, &e); /* the index's triggers are part of each transaction */
    fake_corpus c = {1000000, 0, 0, fds[1]};
    store_ingest_opts o = {tp, g, 0, 50, 0, 0, 0};
    pipeline_opts po = {fake_next, &c, 2, NULL};
    store_ingest(db, &o, &po, NULL, NULL, &e);
    _exit(0);
  }
  close(fds[1]);
  char b[64];
  size_t got = 0;
  while (got < 30) { /* 3000 articles read: several batches committed, one open */
    ssize_t k = read(fds[0], b, sizeof b);
    if (k <= 0) break;
    got += (size_t)k;
  }
  kill(pid, SIGKILL);
  waitpid(pid, NULL, 0);
  close(fds[0]);
  err e;
  sqlite3 *db = store_db_open(path, NULL, &e);
  sqlite3_stmt *st;
  sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL);
  CHECK(sqlite3_step(st) == SQLITE_ROW && strcmp((const char *)sqlite3_column_text(st, 0), "ok") == 0,
        "integrity_check: %s", sqlite3_column_text(st, 0));
  sqlite3_finalize(st);
  int64_t n = count(db, "SELECT count(*) FROM articles");
  CHECK(n > 0 && n % 50 == 0, "%lld articles: whole batches", (long long)n);
  sqlite3_prepare_v2(db, "SELECT a.id, count(m.rowid) FROM articles a LEFT JOIN mentions m"
                         " ON m.article_id = a.id GROUP BY a.id", -1, &st, NULL);
  int whole = 1;
  while (sqlite3_step(st) == SQLITE_ROW) {
    whole &= sqlite3_column_int64(st, 1) == mentions_of((size_t)atol((const char *)sqlite3_column_text(st, 0) + 1));
  }
  sqlite3_finalize(st);
  CHECK(whole, "an article with missing mentions");
  CHECK_INT(sqlite3_exec(db, "INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')",
                         NULL, NULL, NULL), SQLITE_OK);
  sqlite3_close_v2(db);
}

static void test_errors(void) {
  err e = {{0}};
  store_db_opts ro = {1, 0, 0, 0};
  CHECK(store_db_open("/nonexistent/x.sqlite", &ro, &e) == NULL, "opened");
  CHECK(strstr(e.msg, "/nonexistent/x.sqlite: ") == e.msg, "%s", e.msg);
  char path[128];
  snprintf(path, sizeof path, "%s/not-a-db.sqlite", dir);
  FILE *f = fopen(path, "w");
  fputs("this is not a database, not at all, not even close to one ...........", f);
  fclose(f);
  CHECK(store_db_open(path, NULL, &e) == NULL, "opened");
  CHECK(strstr(e.msg, path) && strstr(e.msg, "not a database"), "%s", e.msg);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/sahel-store.XXXXXX");
  if (!mkdtemp(dir)) return 77;
  RUN(test_fts);
  RUN(test_ingest);
  RUN(test_index_on_demand);
  RUN(test_mentions_stream);
  RUN(test_killed);
  RUN(test_errors);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  return check_done();
}
