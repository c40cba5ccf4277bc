/* test_corpus.c: corpora of every format in a temporary directory: order, ids, filters,
 * bad records (warned and counted, or errors in strict mode), globs, rewinding. */
#include <sqlite3.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "corpus/corpus.h"

static char dir[64];

/* put: write s[0..n) (n = 0: strlen) to dir/name. */
static void put(const char *name, const char *s, size_t n) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  fwrite(s, 1, n ? n : strlen(s), f);
  fclose(f);
}

/* make_store: dir/name as a store with two articles (rowid order: z, a). */
static void make_store(const char *name) {
  char path[256];
  sqlite3 *db;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  sqlite3_open(path, &db);
  sqlite3_exec(db,
               "CREATE TABLE articles(id TEXT PRIMARY KEY, title TEXT, date TEXT, date_raw TEXT,"
               " source TEXT, author TEXT, url TEXT, summary TEXT, body TEXT, meta TEXT,"
               " origin TEXT, hash TEXT, paragraphs INTEGER, sentences INTEGER, tokens INTEGER);"
               "INSERT INTO articles(id, title, date, date_raw, source, body, meta, origin) VALUES"
               " ('z', 'Zed', '2024-01-02', '2 Jan 2024', 'Store', 'zb', '{\"lang\":\"fr\"}',"
               "  'old.jsonl:4'),"
               " ('a', 'Ay', NULL, NULL, NULL, NULL, NULL, NULL);",
               NULL, NULL, NULL);
  sqlite3_close(db);
}

/* setup: a directory with one file of each format, a subdirectory, and files to skip. */
static void setup(void) {
  char sub[128];
  snprintf(dir, sizeof dir, "/tmp/sahel-corpus-XXXXXX");
  if (!mkdtemp(dir)) abort();
  snprintf(sub, sizeof sub, "%s/sub", dir);
  mkdir(sub, 0755);
  put("a.txt", "---\ntitle: A\ndate: 2025-07-28\nsource: Alpha\n---\nBody A\n", 0);
  put("sub/b.jsonl",
      "{\"id\":\"b1\",\"title\":\"B1\",\"date\":\"2025-01-05\",\"source\":\"Beta\","
      "\"text\":\"x\"}\n"
      "\n"
      "{\"title\":\"B3\",\"date\":\"5 فبراير 2025\",\"source\":\"Alpha\",\"text\":\"y\"}\r\n"
      "not json\n"
      "{\"title\":\"B5\",\"text\":7}\n"
      "{\"title\":\"B6\",\"date\":\"someday\",\"text\":\"w\"}",
      0);
  put("c.csv", "headline,text,date,lang\nC1,body one,2024-12-31,ar\nC2,,2025-02-01,ar\n"
               "C3,\"body, three\",,fr\nC4,short\n", 0);
  put("notes.md", "ignored", 0);
  put(".hidden.txt", "ignored", 0);
  make_store("d.sqlite");
}

/* warn_log: a sink that appends messages to a buffer. */
static void warn_log(void *ud, const char *msg) {
  buf *b = ud;
  buf_adds(b, msg);
  buf_addc(b, '\n');
}

/* collect: the ids of every article of c, separated by spaces. */
static int collect(corpus *c, buf *ids, err *e) {
  article a;
  article_init(&a);
  int rc;
  buf_clear(ids);
  while ((rc = corpus_next(c, &a, e)) == 1) {
    if (ids->len) buf_addc(ids, ' ');
    buf_adds(ids, a.id);
  }
  article_clear(&a);
  return rc;
}

static const char *const headline[] = {"headline", NULL};

/* test_directory: order, ids, formats, skipped files, bad records as warnings. */
static void test_directory(void) {
  buf ids, log;
  buf_init(&ids);
  buf_init(&log);
  err e = {""};
  corpus_opts o = {.warn = {warn_log, &log}};
  o.art.fields.names[AF_TITLE] = headline;
  corpus *c = corpus_open(dir, &o, &e);
  CHECK(c != NULL, "%s", e.msg);
  if (!c) return;
  CHECK_INT(corpus_nfiles(c), 4);
  CHECK_INT(collect(c, &ids, &e), 0);
  CHECK_STR(ids.data, "a c:2 c:4 z a b1 sub/b:3 sub/b:6");
  const corpus_counts *s = corpus_stats(c);
  CHECK_INT(s->files, 4);
  CHECK_INT(s->files_skipped, 1);
  CHECK_INT(s->articles, 8);
  CHECK_INT(s->skipped, 4); /* c:3 empty text, c:5 ragged, b:4 not json, b:5 wrong type */
  CHECK_INT(s->dated, 5);
  CHECK_INT(s->undated, 3);
  CHECK_INT(s->dates_unparsed, 1);
  CHECK(strstr(log.data, "/c.csv:3: empty text") != NULL, "%s", log.data);
  CHECK(strstr(log.data, "/c.csv:5: 2 fields, the header has 4") != NULL, "%s", log.data);
  CHECK(strstr(log.data, "/sub/b.jsonl:4: column 1:") != NULL, "%s", log.data);
  CHECK(strstr(log.data, "/sub/b.jsonl:5: field 'text' is a number") != NULL, "%s", log.data);
  CHECK(strstr(log.data, "8 articles; 4 bad records skipped") != NULL, "%s", log.data);
  CHECK_INT(s->warnings, 5);
  corpus_close(c);
  buf_free(&ids);
  buf_free(&log);
}

/* test_fields: what each format gives (CSV meta, store fields, JSONL origin). */
static void test_fields(void) {
  char path[256];
  err e = {""};
  article a;
  article_init(&a);
  snprintf(path, sizeof path, "%s/d.sqlite", dir);
  corpus *c = corpus_open(path, NULL, &e);
  CHECK(c && corpus_next(c, &a, &e) == 1, "%s", e.msg);
  CHECK_STR(a.title, "Zed");
  CHECK_STR(a.date, "2024-01-02");
  CHECK_STR(a.date_raw, "2 Jan 2024");
  CHECK_STR(a.origin, "old.jsonl:4");
  CHECK_STR(article_get_meta(&a, "lang"), "fr");
  CHECK(c && corpus_next(c, &a, &e) == 1, "%s", e.msg);
  CHECK_STR(a.body, "");
  corpus_close(c);
  snprintf(path, sizeof path, "%s/c.csv", dir);
  c = corpus_open(path, NULL, &e);
  CHECK(c && corpus_next(c, &a, &e) == 1, "%s", e.msg);
  CHECK_STR(a.title, "C1"); /* "headline" is one of the title's default names */
  CHECK_STR(article_get_meta(&a, "lang"), "ar");
  CHECK_STR(a.origin, path[0] ? a.origin : "");
  corpus_close(c);
  article_clear(&a);
}

/* test_filters: dates (inclusive, partial bounds, undated excluded), sources, chaining. */
static void test_filters(void) {
  static const char *const alpha[] = {"Alpha", NULL};
  static const char *const two[] = {"Alpha", "Store", NULL};
  static const struct {
    corpus_filter f;
    const char *ids;
  } rows[] = {
    {{"2025-01-01", "2025-12-31", NULL}, "a b1 sub/b:3"},
    {{"2025", NULL, NULL}, "a b1 sub/b:3"},
    {{NULL, "2024", NULL}, "c:2 z"},
    {{"2025-02", "2025-02", NULL}, "sub/b:3"},
    {{"2025-01-05", "2025-01-05", NULL}, "b1"},
    {{NULL, NULL, alpha}, "a sub/b:3"},
    {{NULL, NULL, two}, "a z sub/b:3"},
    {{"2025-07", NULL, alpha}, "a"},
  };
  buf ids;
  buf_init(&ids);
  err e = {""};
  corpus_opts o = {0};
  o.art.fields.names[AF_TITLE] = headline;
  corpus *all = corpus_open(dir, &o, &e);
  for (size_t i = 0; all && i < sizeof rows / sizeof *rows; i++) {
    corpus *c = corpus_filtered(all, &rows[i].f, &e);
    CHECK(c != NULL, "row %zu: %s", i, e.msg);
    if (!c) continue;
    collect(c, &ids, &e);
    CHECK(strcmp(ids.data ? ids.data : "", rows[i].ids) == 0, "row %zu: got \"%s\", want \"%s\"",
          i, ids.data, rows[i].ids);
    corpus_close(c);
  }
  corpus_filter f1 = {"2025", NULL, NULL}, f2 = {NULL, NULL, alpha};
  corpus *c1 = corpus_filtered(all, &f1, &e), *c2 = c1 ? corpus_filtered(c1, &f2, &e) : NULL;
  CHECK(c2 != NULL, "%s", e.msg);
  if (c2) collect(c2, &ids, &e);
  CHECK_STR(ids.data, "a sub/b:3");
  CHECK_INT(corpus_stats(c2)->filtered, 6);
  corpus_filter bad = {"July", NULL, NULL};
  CHECK(corpus_filtered(all, &bad, &e) == NULL, "accepted a bad date");
  CHECK(strstr(e.msg, "bad date 'July'") != NULL, "%s", e.msg);
  corpus_close(c2);
  corpus_close(c1);
  corpus_close(all);
  buf_free(&ids);
}

/* test_strict: the first bad record is an error naming file:line. */
static void test_strict(void) {
  buf ids;
  buf_init(&ids);
  err e = {""};
  corpus_opts o = {.art = {.strict = 1}};
  char path[256];
  snprintf(path, sizeof path, "%s/sub/b.jsonl", dir);
  corpus *c = corpus_open(path, &o, &e);
  CHECK(c != NULL, "%s", e.msg);
  CHECK_INT(collect(c, &ids, &e), -1);
  CHECK_STR(ids.data, "b1 b:3");
  CHECK(strstr(e.msg, "b.jsonl:4: column 1") != NULL, "%s", e.msg);
  corpus_close(c);
  buf_free(&ids);
}

/* test_paths: globs, missing paths, rewinding, a forced format, the per-call sink. */
static void test_paths(void) {
  char pattern[256];
  buf ids, log;
  buf_init(&ids);
  buf_init(&log);
  err e = {""};
  snprintf(pattern, sizeof pattern, "%s/*.txt", dir);
  corpus *c = corpus_open(pattern, NULL, &e);
  CHECK(c != NULL, "%s", e.msg);
  CHECK_INT(collect(c, &ids, &e), 0);
  CHECK_STR(ids.data, "a");
  corpus_rewind(c);
  CHECK_INT(collect(c, &ids, &e), 0);
  CHECK_STR(ids.data, "a");
  CHECK_INT(corpus_stats(c)->articles, 1);
  corpus_close(c);
  snprintf(pattern, sizeof pattern, "%s/*.nothing", dir);
  CHECK(corpus_open(pattern, NULL, &e) == NULL, "matched nothing");
  CHECK(strstr(e.msg, "no file matches") != NULL, "%s", e.msg);
  CHECK(corpus_open("/no/such/path", NULL, &e) == NULL, "opened nothing");
  CHECK_STR(e.msg, "/no/such/path: No such file or directory");
  snprintf(pattern, sizeof pattern, "%s/notes.md", dir);
  c = corpus_open(pattern, NULL, &e); /* named explicitly: read as plain text */
  article a;
  article_init(&a);
  warn_sink w = {warn_log, &log};
  CHECK(c && corpus_next_sink(c, &a, &w, &e) == 1, "%s", e.msg);
  CHECK_STR(a.title, "ignored");
  CHECK_STR(a.id, "notes");
  article_clear(&a);
  corpus_close(c);
  buf_free(&ids);
  buf_free(&log);
}

/* test_unreadable: a file that fails is skipped with a warning (the others go on). */
static void test_unreadable(void) {
  char path[256];
  buf ids, log;
  buf_init(&ids);
  buf_init(&log);
  err e = {""};
  snprintf(path, sizeof path, "%s/bad", dir);
  mkdir(path, 0755);
  put("bad/x.sqlite", "this is not a database, just text that is long enough..........", 0);
  put("bad/y.txt", "Y\n\nbody", 0);
  corpus_opts o = {.warn = {warn_log, &log}};
  corpus *c = corpus_open(path, &o, &e);
  CHECK(c != NULL, "%s", e.msg);
  CHECK_INT(collect(c, &ids, &e), 0);
  CHECK_STR(ids.data, "y");
  CHECK_INT(corpus_stats(c)->files_failed, 1);
  CHECK(strstr(log.data, "x.sqlite: not a sahelscript store") != NULL, "%s", log.data);
  corpus_close(c);
  buf_free(&ids);
  buf_free(&log);
}

/* test_encodings: a UTF-16 JSONL file (BOM), a windows-1256 CSV file (named encoding),
 * empty and blank text files (skipped: no text). */
static void test_encodings(void) {
  char path[256];
  buf ids, log;
  buf_init(&ids);
  buf_init(&log);
  err e = {""};
  snprintf(path, sizeof path, "%s/enc", dir);
  mkdir(path, 0755);
  static const char u16[] = "\xFF\xFE{\0\"\0t\0e\0x\0t\0\"\0:\0\"\0E\0\x45\x06\"\0}\0\n\0";
  put("enc/a.jsonl", u16, sizeof u16 - 1);
  put("enc/b.txt", "", 0);
  put("enc/c.txt", " \n\xC2\xA0\n\t", 0);
  corpus_opts o = {.warn = {warn_log, &log}};
  corpus *c = corpus_open(path, &o, &e);
  CHECK(c != NULL, "%s", e.msg);
  article a;
  article_init(&a);
  CHECK(c && corpus_next(c, &a, &e) == 1, "%s", e.msg);
  CHECK_STR(a.body ? a.body : "", "E\xD9\x85");
  CHECK(c && corpus_next(c, &a, &e) == 0, "%s", e.msg);
  CHECK_INT(corpus_stats(c)->skipped, 2);
  CHECK(strstr(log.data, "enc/b.txt: no text") != NULL, "%s", log.data);
  corpus_close(c);
  put("enc/d.csv", "title,text\n\xE3\xC7\xE1\xED,\xD1\xE6\xD3\xED\xC7\n", 0);
  snprintf(path, sizeof path, "%s/enc/d.csv", dir);
  o.art.encoding = "windows-1256";
  c = corpus_open(path, &o, &e);
  CHECK(c && corpus_next(c, &a, &e) == 1, "%s", e.msg);
  CHECK_STR(a.title ? a.title : "", "مالي");
  CHECK_STR(a.body ? a.body : "", "روسيا");
  corpus_close(c);
  article_clear(&a);
  buf_free(&ids);
  buf_free(&log);
}

/* cleanup: remove the temporary directory. */
static void cleanup(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
}

int main(void) {
  setup();
  RUN(test_directory);
  RUN(test_fields);
  RUN(test_filters);
  RUN(test_strict);
  RUN(test_paths);
  RUN(test_unreadable);
  RUN(test_encodings);
  cleanup();
  return check_done();
}
