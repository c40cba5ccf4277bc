/*
 * fuzz_jsonl.c: the JSONL reader (jsonl.h over cJSON) on any bytes, line by line as a
 * .jsonl corpus is read. The first byte picks strict mode. Checks: a parsed article is
 * valid UTF-8 throughout (fuzz_article.h) with its origin; a refusal names "file:LINE".
 */
#include "fuzz.h" /* again: declares this harness's entry point */
#include "fuzz_article.h"
#include "article/jsonl.h"

/* fjsonl_line: parse one line (number n, at byte offset off) and check the result. */
static void fjsonl_line(const char *s, size_t len, size_t n, size_t off, const article_opts *o,
                        buf *scratch) {
  char origin[64];
  snprintf(origin, sizeof origin, "fuzz.jsonl:%zu", n);
  article a;
  article_init(&a);
  err e;
  if (jsonl_parse_line(s, len, origin, off, o, &a, scratch, &e) == 0) {
    fuzz_check_article(&a);
    FUZZ_CHECK(a.origin && strcmp(a.origin, origin) == 0);
  } else {
    FUZZ_CHECK(strncmp(e.msg, origin, strlen(origin)) == 0 && e.msg[strlen(origin)] == ':');
  }
  article_clear(&a);
  article_init(&a);
  if (jsonl_parse_meta(s, len, origin, &a, &e) == 0) fuzz_check_article(&a);
  article_clear(&a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  size_t warnings = 0;
  warn_sink w = {fuzz_warn_count, &warnings};
  article_opts o = {0};
  o.strict = data[0] & 1;
  o.warn = &w;
  buf scratch;
  buf_init(&scratch);
  const char *s = (const char *)data + 1;
  size_t len = size - 1, line = 1;
  for (size_t start = 0; start <= len; line++) {
    const char *nl = memchr(s + start, '\n', len - start);
    size_t end = nl ? (size_t)(nl - s) : len;
    if (!jsonl_blank(s + start, end - start)) fjsonl_line(s + start, end - start, line, start, &o, &scratch);
    start = end + 1;
  }
  buf_free(&scratch);
  return 0;
}
