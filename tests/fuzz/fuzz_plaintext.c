/*
 * fuzz_plaintext.c: a plain-text article file (article_parse_text: decoding, then the
 * front-matter, raw-news heuristics or plain shapes of plaintext.h) on any bytes. The
 * first byte picks the shape, strict mode and the declared encoding. Checks: a parsed
 * article is valid UTF-8 throughout (fuzz_article.h); a refusal names the file; repairs
 * are counted when warned.
 */
#include "fuzz.h" /* again: declares this harness's entry point */
#include "fuzz_article.h"
#include "article/plaintext.h"

static pt_rules *fplain_rules; /* the default patterns, compiled once */

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const encodings[4] = {NULL, NULL, "windows-1256", "UTF-16LE"};
  err e;
  if (size == 0) return 0;
  if (!fplain_rules) fplain_rules = pt_rules_new(NULL, 0, NULL, 0, &e);
  FUZZ_CHECK(fplain_rules != NULL);
  size_t warnings = 0;
  warn_sink w = {fuzz_warn_count, &warnings};
  article_counts counts = {0};
  article_opts o = {0};
  o.encoding = encodings[(data[0] >> 3) & 3];
  o.strict = (data[0] & 4) != 0;
  o.shape = data[0] & 3; /* PT_AUTO, PT_FRONTMATTER, PT_RAW, PT_PLAIN */
  o.rules = fplain_rules;
  o.warn = &w;
  o.counts = &counts;
  article a;
  article_init(&a);
  if (article_parse_text((const char *)data + 1, size - 1, "fuzz.txt", &o, &a, &e) == 0) {
    fuzz_check_article(&a);
    FUZZ_CHECK(counts.invalid_utf8 == 0 || warnings > 0);
  } else {
    FUZZ_CHECK(strncmp(e.msg, "fuzz.txt", 8) == 0);
  }
  article_clear(&a);
  return 0;
}
