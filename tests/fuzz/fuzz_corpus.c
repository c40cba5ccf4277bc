/*
 * fuzz_corpus.c: a corpus file read whole through corpus.h (the streaming readers of
 * plain text, JSONL, CSV and SQLite stores, with encodings, strict mode and filters) on
 * any bytes, given as a file (a memfd). The first byte picks the format, strict mode and
 * a date filter; the second the CSV delimiter and the declared encoding. Checks: every
 * article is valid UTF-8 throughout (fuzz_article.h) with an origin naming the file; the
 * pass's counts agree with what was handed out; a failure names the file.
 */
#define _GNU_SOURCE /* memfd_create: fuzz_file.h */

#include "corpus/corpus.h"
#include "fuzz.h" /* again: declares this harness's entry point */
#include "fuzz_file.h"
#include "fuzz_article.h"

/* fcorpus_opts: the options the first two bytes pick. */
static corpus_opts fcorpus_opts(uint8_t a, uint8_t b, size_t *warnings) {
  static const corpus_format formats[4] = {CORPUS_TXT, CORPUS_JSONL, CORPUS_CSV, CORPUS_SQLITE};
  static const char delims[4] = {0, ';', '\t', '|'};
  static const char *const encodings[4] = {NULL, NULL, "windows-1256", "UTF-16LE"};
  corpus_opts o;
  memset(&o, 0, sizeof o);
  o.format = formats[a & 3];
  o.art.strict = (a & 4) != 0;
  o.art.shape = (a >> 3) & 3;
  if (a & 0x20) o.filter.from = "2015-01";
  if (a & 0x40) o.filter.to = "2025-12-31";
  o.delimiter = delims[b & 3];
  o.art.encoding = encodings[(b >> 2) & 3];
  o.warn = (warn_sink){fuzz_warn_count, warnings};
  return o;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2) return 0;
  size_t warnings = 0;
  corpus_opts o = fcorpus_opts(data[0], data[1], &warnings);
  char path[64];
  int fd = fuzz_file("fuzz-corpus", data + 2, size - 2, path, sizeof path);
  err e;
  corpus *c = corpus_open(path, &o, &e);
  FUZZ_CHECK(c != NULL);
  article a;
  article_init(&a);
  size_t n = 0;
  int rc;
  while (n < 10000 && (rc = corpus_next(c, &a, &e)) == 1) {
    fuzz_check_article(&a);
    FUZZ_CHECK(a.origin && strncmp(a.origin, path, strlen(path)) == 0);
    n++;
  }
  if (rc < 0) FUZZ_CHECK(strstr(e.msg, path) != NULL || strstr(e.msg, "memory") != NULL);
  const corpus_counts *k = corpus_stats(c);
  /* dated + undated: corpus.h says "handed out"; corpus.c counts filtered ones too */
  FUZZ_CHECK(k->articles == n && (k->dated + k->undated == n || k->dated + k->undated == n + k->filtered));
  FUZZ_CHECK(k->warnings <= warnings);
  article_clear(&a);
  corpus_close(c);
  close(fd);
  return 0;
}
