/*
 * fuzz_matcher.c: the gazetteer matcher (TEXT-SPEC §6) on any text, with the fixture
 * gazetteer tests/fixtures/gazetteer/small.csv plus one alias taken from the input.
 * Input: ALIAS TAB CONTEXT TAB TEXT (a missing part is empty); the alias is added as an
 * ambiguous alias of a new entity with CONTEXT as its evidence patterns, so that both the
 * trie and the pattern compiler see fuzzed bytes. Checks: fuzz_gaz.h.
 */
#include "fuzz.h" /* again: declares this harness's entry point */
#include "fuzz_gaz.h"

#ifndef FUZZ_FIXTURES
#define FUZZ_FIXTURES "tests/fixtures" /* the replay test runs in the source root */
#endif
#define FMATCH_FIXTURE FUZZ_FIXTURES "/gazetteer/small.csv"

static textproc *fmatch_tp;

/* fmatch_part: the bytes up to the next TAB (or the end) as a NUL-terminated copy in out;
 * advances *s and *n past the TAB. */
static void fmatch_part(const char **s, size_t *n, buf *out) {
  const char *tab = memchr(*s, '\t', *n);
  size_t k = tab ? (size_t)(tab - *s) : *n;
  buf_clear(out);
  buf_add(out, *s, k);
  buf_addc(out, '\0');
  *s += tab ? k + 1 : k;
  *n -= tab ? k + 1 : k;
}

/* fmatch_gazetteer: the fixture plus the input's alias row; NULL when that row is refused. */
static gazetteer *fmatch_gazetteer(const char *alias, const char *context) {
  err e;
  gazetteer *g = gaz_new(fmatch_tp, &e);
  FUZZ_CHECK(g != NULL);
  FUZZ_CHECK(gaz_load_csv(g, FMATCH_FIXTURE, 1, NULL, &e) == 0);
  gaz_row row = {"fuzzed", alias, "GPE", NULL, NULL, "ambiguous", context};
  if (gaz_add(g, &row, "fuzz:1", NULL, &e) == 0) return g;
  FUZZ_CHECK(strncmp(e.msg, "fuzz:1", 6) == 0);
  gaz_free(g);
  return NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  err e;
  if (!fmatch_tp) fmatch_tp = textproc_new(NORM_DEFAULT, &e);
  FUZZ_CHECK(fmatch_tp != NULL);
  const char *s = (const char *)data;
  size_t n = size;
  buf alias, context;
  buf_init(&alias);
  buf_init(&context);
  fmatch_part(&s, &n, &alias);
  fmatch_part(&s, &n, &context);
  gazetteer *g = fmatch_gazetteer(alias.data, context.data);
  if (g) {
    doc d;
    doc_init(&d);
    FUZZ_CHECK(doc_analyze(&d, fmatch_tp, s, n, &e) == 0);
    fuzz_check_matches(g, &d);
    doc_free(&d);
    gaz_free(g);
  }
  buf_free(&alias);
  buf_free(&context);
  return 0;
}
