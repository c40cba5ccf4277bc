/* test_discover.c: the discovery counter (terms/discover.h) on hand-written articles: the
 * spans after and before cues, modifiers, construct cues, near-place cues, known words and
 * demonyms ending spans, capitalized Latin runs, extended counts, examples, the memory cap
 * and merging two tables. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "base/mem.h"
#include "terms/discover.h"

static textproc *tp;

/* Cue ids of the test's cue gazetteer, in the order they are added. */
enum { CUE_PRESIDENT, CUE_SAID, CUE_FORMER, CUE_MINISTER, CUE_IN, CUE_CAPS_TITLE, CUE_N };
static const char *const CUE_TEXT[CUE_N] = {"الرئيس", "قال", "السابق", "وزير", "في",
                                             "President"};
static const unsigned CUE_FLAGS[CUE_N] = {
  DISCOVER_AFTER, DISCOVER_AFTER | DISCOVER_BEFORE, DISCOVER_MODIFIER,
  DISCOVER_AFTER | DISCOVER_CONSTRUCT, DISCOVER_AFTER | DISCOVER_NEAR_PLACE, DISCOVER_AFTER};

/* gazetteer_of: a gazetteer of rows {id, alias, type, kind} (NULL-terminated). */
static gazetteer *gazetteer_of(const char *const rows[][4]) {
  err e;
  gazetteer *g = gaz_new(tp, &e);
  for (size_t i = 0; rows[i][0]; i++) {
    gaz_row r = {rows[i][0], rows[i][1], rows[i][2], NULL, rows[i][3], NULL, NULL};
    CHECK(gaz_add(g, &r, "test", NULL, &e) == 0, "%s", e.msg);
  }
  return g;
}

/* cues_of: the cue gazetteer of CUE_TEXT. */
static gazetteer *cues_of(void) {
  const char *rows[CUE_N + 1][4];
  static char ids[CUE_N][8];
  for (int i = 0; i < CUE_N; i++) {
    snprintf(ids[i], sizeof ids[i], "c%d", i);
    rows[i][0] = ids[i], rows[i][1] = CUE_TEXT[i], rows[i][2] = NULL, rows[i][3] = NULL;
  }
  rows[CUE_N][0] = NULL;
  return gazetteer_of(rows);
}

/* count: a table of the bodies texts[0..n) with options o. */
static discover *count(const discover_opts *o, const char *const *texts, size_t n) {
  err e;
  discover *t = discover_new(o, &e);
  CHECK(t, "%s", t ? "" : e.msg);
  pipeline_doc s;
  pipeline_doc_init(&s, tp, o->known, GAZ_DEMONYMS);
  for (size_t i = 0; t && i < n; i++) {
    article a;
    article_init(&a);
    article_set(&a.body, texts[i], strlen(texts[i]));
    CHECK(discover_add_article(t, &s, &a, i, &e) == 0, "%s", e.msg);
    article_clear(&a);
  }
  pipeline_doc_free(&s);
  return t;
}

/* find: the row of (words, cue) in t, or 0 hits. */
static discover_row find(const discover *t, const char *words, uint32_t cue) {
  discover_row r;
  for (size_t i = 0; i < discover_rows(t); i++) {
    discover_row_at(t, i, &r);
    if (r.cue == cue && r.len == strlen(words) && memcmp(r.span, words, r.len) == 0) return r;
  }
  memset(&r, 0, sizeof r);
  return r;
}

/* norm: the match form of s (a static buffer). */
static const char *norm(const char *s) {
  static buf b;
  buf_clear(&b);
  text_normalize(tp, s, strlen(s), &b);
  buf_addc(&b, '\0');
  return b.data;
}

static const char *const KNOWN[][4] = {
  {"mali", "مالي", "GPE", NULL}, {"kidal", "كيدال", "GPE", NULL}, {"kidal", "Kidal", NULL, NULL},
  {"french", "الفرنسي", "GPE", "demonym"}, {NULL, NULL, NULL, NULL}};

static void test_spans_around_cues(void) {
  gazetteer *known = gazetteer_of(KNOWN), *cues = cues_of();
  discover_opts o = {known, cues, CUE_FLAGS, NULL, 4, 1, 1, 0};
  const char *texts[] = {
    "قال الرئيس السابق موسى فكي إن الوضع صعب.",
    "وقال الرئيس موسى فكي.",
    "وصل وزير الدفاع الفرنسي جان لودريان.",
    "بوبكر قال شيئا.",
    "وقعت معارك في تساليت قرب كيدال. وقعت معارك في تساليت وحدها.",
    "The President Amadou Toure met Kidal Leaders Today.",
  };
  discover *t = count(&o, texts, sizeof texts / sizeof *texts);
  discover_row r = find(t, norm("موسى فكي"), CUE_PRESIDENT);
  CHECK_INT(r.hits, 2);
  CHECK_INT(r.articles, 2);
  CHECK_INT(r.words, 2);
  r = find(t, norm("موسى"), DISCOVER_ALL);
  CHECK_INT(r.hits, 2);
  CHECK_INT(r.extended, 2);
  CHECK(r.example_len > 0 && strstr(r.example, "موسى فكي"), "example");
  CHECK(r.surface_len == strlen("موسى") && memcmp(r.surface, "موسى", r.surface_len) == 0,
        "surface");
  CHECK_INT(find(t, norm("السابق موسى"), CUE_PRESIDENT).hits, 0);
  CHECK_INT(find(t, norm("جان لودريان"), CUE_MINISTER).hits, 1);
  CHECK_INT(find(t, norm("الدفاع"), CUE_MINISTER).hits, 0);
  CHECK_INT(find(t, norm("الفرنسي جان"), CUE_MINISTER).hits, 0);
  CHECK_INT(find(t, norm("بوبكر"), CUE_SAID | DISCOVER_LEFT).hits, 1);
  CHECK_INT(find(t, norm("تساليت"), CUE_IN).hits, 1);
  CHECK_INT(find(t, "amadou toure", CUE_CAPS_TITLE).hits, 1);
  CHECK_INT(find(t, "amadou toure", DISCOVER_CAPS).hits, 1);
  CHECK_INT(find(t, "leaders today", DISCOVER_CAPS).hits, 1);
  CHECK_INT(find(t, "the president", DISCOVER_CAPS).hits, 0);
  CHECK_INT(discover_articles(t), 6);
  CHECK_INT(discover_refused(t), 0);
  discover_free(t);
  gaz_free(known);
  gaz_free(cues);
}

static void test_known_words_and_stopwords_end_spans(void) {
  gazetteer *known = gazetteer_of(KNOWN), *cues = cues_of();
  terms_stop *stop = terms_stop_new();
  terms_stop_add(stop, tp, "إن", strlen("إن"));
  discover_opts o = {known, cues, CUE_FLAGS, stop, 4, 1, 1, 0};
  const char *texts[] = {"قال الرئيس وكيدال بعيدة.", "قال الرئيس إن 12 جنديا."};
  discover *t = count(&o, texts, 2);
  CHECK_INT(discover_rows(t), 0);
  discover_free(t);
  terms_stop_free(stop);
  gaz_free(known);
  gaz_free(cues);
}

static void test_cap_and_merge(void) {
  gazetteer *known = gazetteer_of(KNOWN), *cues = cues_of();
  discover_opts o = {known, cues, CUE_FLAGS, NULL, 2, 0, 1, 0};
  const char *a[] = {"قال الرئيس موسى فكي."}, *b[] = {"قال الرئيس موسى فكي اليوم."};
  discover *x = count(&o, a, 1), *y = count(&o, b, 1);
  err e;
  CHECK(discover_merge(x, y, &e) == 0, "%s", e.msg);
  CHECK_INT(find(x, norm("موسى فكي"), CUE_PRESIDENT).hits, 2);
  CHECK_INT(find(x, norm("موسى فكي"), DISCOVER_ALL).articles, 2);
  CHECK_INT(discover_articles(x), 2);
  discover_free(x);
  discover_free(y);
  o.max_keys = 2;
  discover *z = count(&o, a, 1);
  CHECK_INT(discover_rows(z), 2);
  CHECK(discover_refused(z) > 0, "refused");
  discover_free(z);
  o.max_words = 5;
  CHECK(discover_new(&o, &e) == NULL && strstr(e.msg, "max_words"), "max_words 5");
  gaz_free(known);
  gaz_free(cues);
}

int main(void) {
  err e;
  tp = textproc_new(NORM_DEFAULT, &e);
  RUN(test_spans_around_cues);
  RUN(test_known_words_and_stopwords_end_spans);
  RUN(test_cap_and_merge);
  textproc_free(tp);
  return check_done();
}
