/* test_shard.c: shards of a corpus (corpus.h corpus_shard): for every number of shards,
 * including more shards than articles, shards 0..n-1 in turn give the whole corpus's
 * articles in order, each exactly once, with the same ids (line numbers included) and the
 * same bad records skipped; over JSONL (BOM, CRLF, blank and bad lines, long lines), CSV
 * (quoted newlines and delimiters, a ragged row), text files, a store, an empty file and a
 * file in another encoding. */
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

/* make_store: dir/name as a store of `rows` articles s1, s2, ... */
static void make_store(const char *name, int rows) {
  char path[256];
  sqlite3 *db;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  sqlite3_open(path, &db);
  sqlite3_exec(db,
               "CREATE TABLE articles(id TEXT PRIMARY KEY, title TEXT, date TEXT, date_raw TEXT,"
               " source TEXT, author TEXT, url TEXT, summary TEXT, body TEXT, meta TEXT,"
               " origin TEXT, hash TEXT, paragraphs INTEGER, sentences INTEGER, tokens INTEGER);",
               NULL, NULL, NULL);
  for (int i = 1; i <= rows; i++) {
    char sql[200];
    snprintf(sql, sizeof sql, "INSERT INTO articles(id, title, body) VALUES ('s%d', 'T', 'b')", i);
    sqlite3_exec(db, sql, NULL, NULL, NULL);
  }
  sqlite3_close(db);
}

/* make_lines: dir/name as n JSONL lines of pseudo-random lengths, without ids (the ids
 * are then "stem:LINE"), every seventh line blank and every eleventh one bad. */
static void make_lines(const char *name, int n, unsigned seed) {
  char path[256];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "wb");
  for (int i = 1; i <= n; i++) {
    seed = seed * 1103515245u + 12345u;
    if (i % 7 == 0) fputs(i % 2 ? "\n" : "   \r\n", f);
    else if (i % 11 == 0) fputs("{not json\n", f);
    else {
      fputs("{\"title\":\"t\",\"text\":\"", f);
      for (unsigned k = 0; k < (seed >> 16) % 300; k++) fputc('a' + (int)(k % 26), f);
      fputs(i % 3 ? "\"}\n" : "\"}\r\n", f);
    }
  }
  fclose(f);
}

/* setup: a directory holding every kind of file a shard must cut. */
static void setup(void) {
  char sub[128];
  snprintf(dir, sizeof dir, "/tmp/sahel-shard-XXXXXX");
  if (!mkdtemp(dir)) abort();
  snprintf(sub, sizeof sub, "%s/sub", dir);
  mkdir(sub, 0755);
  put("a.txt", "---\ntitle: A\n---\nBody A\n", 0);
  put("b.jsonl",
      "\xEF\xBB\xBF{\"id\":\"b1\",\"text\":\"x\"}\n\n{\"title\":\"B3\",\"text\":\"y\"}\r\n"
      "not json\n{\"title\":\"B5\",\"text\":\"z\"}",
      0);
  put("c.csv",
      "title,text\nC1,\"two\nlines\"\nC2,\"a, \"\"quoted\"\"\n\n\nfield\"\nC3,short,ragged\n"
      "C4,\"\n\"\nC5,last\n",
      0);
  make_store("d.sqlite", 9);
  put("e.jsonl", "", 0);
  put("f.txt", "\xFF\xFEt\0i\0t\0l\0e\0\n\0\n\0b\0o\0d\0y\0", 22); /* UTF-16 LE */
  make_lines("sub/g.jsonl", 400, 7);
  put("sub/h.txt", "just text\n", 0);
  put("sub/i.csv", "text\n\"q\"\n", 0);
}

/* collect: the ids of the articles of shard k of n (n 0: the whole corpus), appended to
 * ids; *skipped gets the bad records skipped. 0, or -1. */
static int collect(unsigned k, unsigned n, buf *ids, size_t *skipped) {
  err e = {""};
  corpus_opts o = {.shard = {k, n}};
  corpus *c = corpus_open(dir, &o, &e);
  CHECK(c != NULL, "%s", e.msg);
  if (!c) return -1;
  article a;
  article_init(&a);
  int rc;
  while ((rc = corpus_next(c, &a, &e)) == 1) {
    buf_adds(ids, a.id);
    buf_addc(ids, ' ');
  }
  *skipped = corpus_stats(c)->skipped;
  article_clear(&a);
  corpus_close(c);
  return rc;
}

/* test_every_n: for n = 1..60 and a few large n, the shards add up to the corpus. */
static void test_every_n(void) {
  buf whole, parts;
  buf_init(&whole);
  buf_init(&parts);
  size_t skipped_whole, skipped;
  CHECK_INT(collect(0, 0, &whole, &skipped_whole), 0);
  CHECK(strstr(whole.data, "b1 b:3 b:5 ") != NULL, "%s", whole.data);
  CHECK(strstr(whole.data, "c:2 c:4 c:9 c:11 ") != NULL, "%s", whole.data);
  CHECK(strstr(whole.data, "s1 s2 s3 s4 s5 s6 s7 s8 s9 f ") != NULL, "%s", whole.data);
  static const unsigned big[] = {100, 257, 1000, 5003};
  for (unsigned i = 0; i < 64; i++) {
    unsigned n = i < 60 ? i + 1 : big[i - 60];
    size_t sum = 0;
    buf_clear(&parts);
    for (unsigned k = 0; k < n; k++) {
      CHECK_INT(collect(k, n, &parts, &skipped), 0);
      sum += skipped;
    }
    CHECK(parts.len == whole.len && memcmp(parts.data, whole.data, whole.len) == 0,
          "n = %u:\n%s\nwant\n%s", n, parts.data ? parts.data : "", whole.data);
    CHECK(sum == skipped_whole, "n = %u: %zu bad records skipped, want %zu", n, sum,
          skipped_whole);
  }
  buf_free(&whole);
  buf_free(&parts);
}

/* test_bad_shard: k must be below n. */
static void test_bad_shard(void) {
  err e = {""};
  corpus_opts o = {.shard = {3, 3}};
  CHECK(corpus_open(dir, &o, &e) == NULL, "shard 3 of 3 opened");
  CHECK(strstr(e.msg, "shard 3 of 3") != NULL, "%s", e.msg);
}

/* test_filtered: a filtered corpus keeps its shard: its shards too add up to it. */
static void test_filtered(void) {
  err e = {""};
  buf ids[2];
  buf_init(&ids[0]);
  buf_init(&ids[1]);
  for (unsigned k = 0; k <= 3; k++) {
    corpus_opts o = {.shard = {k, k == 3 ? 0 : 3}};
    corpus *c = corpus_open(dir, &o, &e);
    corpus_filter f = {0};
    corpus *d = c ? corpus_filtered(c, &f, &e) : NULL;
    CHECK(d != NULL, "%s", e.msg);
    if (!d) continue;
    CHECK_INT(corpus_shard_of(d).n, k == 3 ? 0 : 3);
    article a;
    article_init(&a);
    while (corpus_next(d, &a, &e) == 1) buf_addf(&ids[k == 3], "%s ", a.id);
    article_clear(&a);
    corpus_close(d);
    corpus_close(c);
  }
  CHECK(ids[0].len > 0 && ids[0].len == ids[1].len && memcmp(ids[0].data, ids[1].data,
                                                              ids[0].len) == 0,
        "%s\nwant\n%s", ids[0].data, ids[1].data);
  buf_free(&ids[0]);
  buf_free(&ids[1]);
}

/* cleanup: remove the temporary directory. */
static void cleanup(void) {
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "cleanup failed\n");
}

int main(void) {
  setup();
  RUN(test_every_n);
  RUN(test_bad_shard);
  RUN(test_filtered);
  cleanup();
  return check_done();
}
