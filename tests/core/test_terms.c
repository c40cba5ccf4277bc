/* test_terms.c: term counts, n-grams, stopwords, slices, keyness and collocations
 * (TEXT-SPEC §9) on hand-written texts, every expected number worked by hand; counting
 * through the pipeline gives the same table for 1, 2 and 3 threads. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/mem.h"
#include "terms/terms.h"

#define CHECK_NEAR(got, want) \
  CHECK(fabs((got) - (want)) <= 1e-12 * fmax(1.0, fabs(want)), "got %.17g, want %.17g", \
        (double)(got), (double)(want))

static textproc *tp;

/* count_texts: a table of texts[0..n) (one article each, slice ""), options o. */
static terms *count_texts(const terms_opts *o, const char *const *texts, size_t n) {
  err e;
  terms *t = terms_new(o, &e);
  doc d;
  doc_init(&d);
  for (size_t i = 0; t && i < n; i++) {
    CHECK(doc_analyze(&d, tp, texts[i], strlen(texts[i]), &e) == 0, "%s", e.msg);
    CHECK(terms_add_doc(t, "", &d, &e) == 0, "%s", e.msg);
  }
  doc_free(&d);
  return t;
}

/* find_row: the row of term s (size n) in r[0..m), or NULL. */
static const terms_row *find_row(const terms_row *r, size_t m, const char *s, int n) {
  for (size_t i = 0; i < m; i++)
    if (r[i].n == n && r[i].len == strlen(s) && memcmp(r[i].term, s, r[i].len) == 0)
      return &r[i];
  return NULL;
}

/* expect: term s of size n has count and articles in r[0..m). */
static void expect(const terms_row *r, size_t m, const char *s, int n, uint64_t count,
                   uint64_t articles) {
  const terms_row *x = find_row(r, m, s, n);
  CHECK(x, "no row for '%s'", s);
  if (!x) return;
  CHECK(x->count == count && x->articles == articles, "'%s': %llu/%llu, want %llu/%llu", s,
        (unsigned long long)x->count, (unsigned long long)x->articles,
        (unsigned long long)count, (unsigned long long)articles);
}

static void test_unigrams_and_grams(void) {
  const char *texts[] = {
    "The army, the ARMY! 12 soldiers left. Army left",
    "القوات المالية في باماكو. والقوات المالية",
  };
  terms_opts o = {3, TERMS_BY_NONE, COOC_BY_NONE, NULL, NULL, NULL, 0, 0, 0, NULL};
  terms *t = count_texts(&o, texts, 2);
  terms_row *r;
  size_t m;
  err e;
  CHECK(terms_rows(t, NULL, 0, 1, &r, &m, &e) == 0, "%s", e.msg);
  expect(r, m, "army", 1, 3, 1);     /* casefolded; the number 12 is no term */
  CHECK(!find_row(r, m, "12", 1), "numbers are not terms");
  expect(r, m, "the army", 2, 2, 1); /* "army, the": punctuation breaks a gram */
  CHECK(!find_row(r, m, "army the", 2), "punctuation between words breaks a gram");
  CHECK(!find_row(r, m, "left army", 2), "a sentence end breaks a gram");
  expect(r, m, "soldiers left", 2, 1, 1);
  expect(r, m, "القوات الماليه", 2, 1, 1); /* match form: ة -> ه */
  expect(r, m, "القوات الماليه في", 3, 1, 1);
  expect(r, m, "والقوات الماليه", 2, 1, 1);
  CHECK(r[0].count >= r[m - 1].count, "sorted by count");
  CHECK_INT(terms_slice_count(t), 1);
  CHECK_INT(terms_slice_words(t, 0), 8 + 6); /* words, numbers left out */
  mem_free(r);
  CHECK(terms_rows(t, NULL, 2, 2, &r, &m, &e) == 0 && m == 1, "min_count and n: %zu", m);
  mem_free(r);
  terms_free(t);
}

static void test_stopwords(void) {
  terms_stop *s = terms_stop_new();
  CHECK(terms_stop_add(s, tp, "The", 3) == 0 && terms_stop_add(s, tp, "فى", strlen("فى")) == 0,
        "add");
  CHECK(terms_stop_has(s, "the", 3) && terms_stop_has(s, "في", strlen("في")), "match forms");
  const char *texts[] = {"the army in the city. القوات في باماكو"};
  terms_opts o = {2, TERMS_BY_NONE, COOC_BY_NONE, s, NULL, NULL, 0, 0, 0, NULL};
  terms *t = count_texts(&o, texts, 1);
  terms_row *r;
  size_t m;
  err e;
  CHECK(terms_rows(t, NULL, 0, 1, &r, &m, &e) == 0, "%s", e.msg);
  CHECK(!find_row(r, m, "the", 1) && !find_row(r, m, "في", 1), "stopwords dropped");
  expect(r, m, "army in", 2, 1, 1);
  CHECK(!find_row(r, m, "القوات في", 2), "no gram holds a stopword");
  CHECK_INT(terms_words(t, NULL), 8); /* stopwords included in the word total */
  mem_free(r);
  terms_free(t);
  terms_stop_free(s);
}

/* A source of articles for the pipeline: bodies cycled, dates and sources by index. */
typedef struct {
  int next, n;
} fake_src;

static int fake_next(void *src, article *a, const warn_sink *w, err *e) {
  fake_src *s = src;
  static const char *const bodies[] = {
    "Wagner forces in Mali. Wagner forces left Bamako!",
    "Russian forces and Wagner forces. Mali army",
    "الجيش المالي وقوات فاغنر. قوات فاغنر في مالي",
  };
  static const char *const dates[] = {"2018-06-02", "2018-07-15", "2019-01-01"};
  static const char *const sources[] = {"a", "b"};
  (void)w, (void)e;
  if (s->next >= s->n) return 0;
  char id[32];
  snprintf(id, sizeof id, "%d", s->next);
  article_set(&a->id, id, strlen(id));
  const char *b = bodies[s->next % 3], *d = dates[s->next % 3 == 0 ? s->next % 2 : 2];
  article_set(&a->body, b, strlen(b));
  if (s->next % 5) article_set(&a->date, d, strlen(d));
  article_set(&a->source, sources[s->next % 2], 1);
  s->next++;
  return 1;
}

/* dump: every slice and row of t as text (to compare tables). */
static char *dump(const terms *t) {
  buf b;
  buf_init(&b);
  err e;
  for (size_t i = 0; i < terms_slice_count(t); i++) {
    unsigned char pick[64] = {0};
    pick[i] = 1;
    terms_row *r;
    size_t m;
    buf_addf(&b, "[%s] %llu\n", terms_slice_name(t, i),
             (unsigned long long)terms_slice_words(t, i));
    if (terms_rows(t, pick, 0, 1, &r, &m, &e) < 0) continue;
    for (size_t j = 0; j < m; j++)
      buf_addf(&b, "%.*s %d %llu %llu\n", (int)r[j].len, r[j].term, r[j].n,
               (unsigned long long)r[j].count, (unsigned long long)r[j].articles);
    mem_free(r);
  }
  return b.data;
}

static void test_pipeline_threads(void) {
  const terms_slicing sl[] = {TERMS_BY_NONE, TERMS_BY_PERIOD, TERMS_BY_SOURCE};
  for (size_t k = 0; k < 3; k++) {
    char *want = NULL;
    for (int threads = 1; threads <= 3; threads++) {
      fake_src src = {0, 50};
      terms_opts o = {3, sl[k], COOC_BY_MONTH, NULL, NULL, NULL, 0, 0, 0, NULL};
      pipeline_opts po = {fake_next, &src, threads, NULL};
      err e;
      terms *t = terms_count(&o, &po, NULL, &e);
      CHECK(t, "count: %s", e.msg);
      if (!t) continue;
      CHECK_INT(terms_articles(t), 50);
      char *got = dump(t);
      if (!want) want = got;
      else CHECK(strcmp(got, want) == 0, "threads %d differ:\n%s\nvs\n%s", threads, got, want);
      if (got != want) mem_free(got);
      if (k == 1) {
        CHECK(terms_slice_find(t, "unknown") == (long)terms_slice_count(t) - 1,
              "undated articles go to 'unknown', sorted last");
        CHECK(terms_slice_find(t, "2018-06") == 0, "periods by name");
      }
      if (k == 0 && threads == 1) {
        terms_row *r;
        size_t m;
        CHECK(terms_rows(t, NULL, 1, 1, &r, &m, &e) == 0, "%s", e.msg);
        /* bodies 0 and 1 cycle over 17 + 17 articles: forces 2 each */
        expect(r, m, "forces", 1, 17 * 2 + 17 * 2, 34);
        mem_free(r);
      }
      terms_free(t);
    }
    mem_free(want);
  }
}

/* id_map: articles 0..49 of fake_src: bodies 0 -> slices "w" and "all", bodies 1 -> "r"
 * and "all" (set twice: the last wins), bodies 2 -> none. */
static terms_ids *id_map(void) {
  terms_ids *m = terms_ids_new();
  const char *const w[] = {"w", "all"}, *const r[] = {"r", "all"};
  for (int i = 0; m && i < 50; i++) {
    char id[32];
    snprintf(id, sizeof id, "%d", i);
    if (i % 3 == 1) CHECK(terms_ids_set(m, id, strlen(id), w, 1) == 0, "set");
    if (i % 3 < 2) CHECK(terms_ids_set(m, id, strlen(id), i % 3 ? r : w, 2) == 0, "set");
  }
  return m;
}

static void test_id_slices(void) {
  terms_ids *m = id_map();
  CHECK_INT(terms_ids_count(m), 34);
  CHECK(terms_ids_get(m, "2", 1, 0) == NULL && strcmp(terms_ids_get(m, "3", 1, 0), "w") == 0 &&
        strcmp(terms_ids_get(m, "4", 1, 0), "r") == 0 &&
        strcmp(terms_ids_get(m, "4", 1, 1), "all") == 0 && !terms_ids_get(m, "4", 1, 2),
        "lookups");
  char *want = NULL;
  for (int threads = 1; threads <= 3; threads++) {
    fake_src src = {0, 50};
    terms_opts o = {1, TERMS_BY_ID, COOC_BY_NONE, NULL, NULL, NULL, 0, 0, 0, m};
    pipeline_opts po = {fake_next, &src, threads, NULL};
    err e;
    terms *t = terms_count(&o, &po, NULL, &e);
    CHECK(t, "count: %s", e.msg);
    if (!t) continue;
    CHECK_INT(terms_articles(t), 34); /* the 16 articles the map does not name: not counted */
    CHECK_INT(terms_slice_count(t), 3);
    char *got = dump(t);
    if (!want) want = got;
    else CHECK(strcmp(got, want) == 0, "threads %d differ:\n%s\nvs\n%s", threads, got, want);
    if (got != want) mem_free(got);
    unsigned char pick[3] = {0, 0, 1}; /* "w" */
    terms_row *r;
    size_t n;
    CHECK(terms_rows(t, pick, 1, 1, &r, &n, &e) == 0, "%s", e.msg);
    expect(r, n, "wagner", 1, 17 * 2, 17);
    CHECK(!find_row(r, n, "russian", 1), "'russian' is only in slice r");
    mem_free(r);
    unsigned char all[3] = {1, 0, 0}; /* "all": both */
    CHECK(terms_rows(t, all, 1, 1, &r, &n, &e) == 0, "%s", e.msg);
    CHECK(!find_row(r, n, "فاغنر", 1), "unmapped articles are not counted");
    expect(r, n, "forces", 1, 17 * 2 + 17 * 2, 34);
    mem_free(r);
    CHECK(terms_words(t, all) == terms_words(t, pick) + terms_slice_words(t, 1), "words");
    terms_free(t);
  }
  mem_free(want);
  terms_ids_free(m);
}

static void test_keyness(void) {
  terms_key k;
  /* a = 10 in 1000 words, b = 5 in 2000: E_T = 1000 * 15 / 3000 = 5, E_R = 10 */
  terms_keyness_of(10, 5, 1000, 2000, &k);
  CHECK_NEAR(k.g2, 2 * (10 * log(10 / 5.0) + 5 * log(5 / 10.0)));
  CHECK_NEAR(k.chi2, 25 / 5.0 + 25 / 10.0);
  CHECK_NEAR(k.log_ratio, log2((10 / 1000.0) / (5 / 2000.0)));
  /* underused: negative; b = 0 -> 0.5 in the ratio, 0 ln 0 = 0 */
  terms_keyness_of(0, 8, 100, 100, &k);
  CHECK_NEAR(k.g2, -2 * (8 * log(8 / 4.0)));
  CHECK_NEAR(k.chi2, -(16 / 4.0 + 16 / 4.0));
  CHECK_NEAR(k.log_ratio, log2(0.5 / 8));
  terms_keyness_of(3, 0, 100, 300, &k);
  CHECK_NEAR(k.log_ratio, log2((3 / 100.0) / (0.5 / 300)));
  /* a whole table: terms of either side, sorted by signed G2 then term */
  terms_row ta[] = {{"x", 1, 1, 1, 10, 1}, {"y", 1, 1, 1, 1, 1}, {"b", 1, 1, 1, 2, 1}};
  terms_row rb[] = {{"y", 1, 1, 1, 9, 1}, {"z", 1, 1, 1, 4, 1}, {"a", 1, 1, 1, 2, 1}};
  terms_key *out;
  size_t n;
  err e;
  CHECK(terms_keyness(ta, 3, 100, rb, 3, 100, 0, &out, &n, &e) == 0 && n == 5, "5 terms");
  char got[6] = {0};
  for (size_t i = 0; i < n && i < 5; i++) got[i] = out[i].term[0];
  /* exact: G2(y: 1 vs 9) = -2(ln(1/5) + 9 ln(9/5)); z: 0 vs 4 = -2(4 ln 2); a: -2(2 ln 2) */
  double gy = -2 * (1 * log(1 / 5.0) + 9 * log(9 / 5.0)), gz = -8 * log(2.0),
         ga = -4 * log(2.0);
  CHECK(gy < gz && gz < ga, "hand order");
  CHECK(strcmp(got, "xbazy") == 0, "sorted by G2 desc: %s", got);
  mem_free(out);
}

static void test_collocations(void) {
  /* pairs: "a b" 3, "a c" 1, "d b" 1, "d e" 5: N = 10; for a b: n11 3, n12 1, n21 1,
   * n22 = 10 - 3 - 1 - 1 = 5 */
  terms_row p[] = {{"a b", 3, 1, 2, 3, 1}, {"a c", 3, 1, 2, 1, 1}, {"d b", 3, 1, 2, 1, 1},
                   {"d e", 3, 1, 2, 5, 1}};
  terms_colloc *c;
  size_t n;
  err e;
  CHECK(terms_collocations(p, 4, 2, &c, &n, &e) == 0 && n == 2, "min_count keeps 2");
  const terms_colloc *ab = NULL;
  for (size_t i = 0; i < n; i++)
    if (c[i].xlen == 1 && c[i].x[0] == 'a') ab = &c[i];
  CHECK(ab, "a b present");
  if (ab) {
    double lambda = log(3.5 * 5.5 / (1.5 * 1.5));
    CHECK_NEAR(ab->lambda, lambda);
    CHECK_NEAR(ab->z, lambda / sqrt(1 / 3.5 + 1 / 1.5 + 1 / 1.5 + 1 / 5.5));
    CHECK_NEAR(ab->pmi, log2(3.0 * 10 / (4 * 4)));
    CHECK_INT(ab->n22, 5);
    CHECK(ab->ylen == 1 && ab->y[0] == 'b', "y");
  }
  mem_free(c);
}

int main(void) {
  err e;
  tp = textproc_new(NORM_DEFAULT, &e);
  RUN(test_unigrams_and_grams);
  RUN(test_stopwords);
  RUN(test_pipeline_threads);
  RUN(test_id_slices);
  RUN(test_keyness);
  RUN(test_collocations);
  textproc_free(tp);
  return check_done();
}
