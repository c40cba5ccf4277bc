/* test_cooc.c: measures (TEXT-SPEC §7) and co-occurrence tables on hand-built docs and
 * mention streams, with every expected number computed by hand. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/cancel.h"
#include "check.h"
#include "cooc/cooc.h"
#include "cooc/graph.h"
#include "cooc/measures.h"
#include "base/mem.h"
#include "pipeline/pipeline.h"

#define CHECK_NEAR(got, want) \
  CHECK(fabs((got) - (want)) <= 1e-12 * fmax(1.0, fabs(want)), "got %.17g, want %.17g", \
        (double)(got), (double)(want))

/* ---- measures ------------------------------------------------------------------------- */

typedef struct {
  uint64_t ab, a, b, n;
  double pmi, npmi, dice, jaccard, llr;
} measure_case;

static void test_measures(void) {
  const measure_case cases[] = {
    /* PMI = log2(2*20/(4*5)) = 1; NPMI = 1 / log2(10); G2 over O = 2 2 3 13, E = 1 3 4 12 */
    {2, 4, 5, 20, 1.0, 1.0 / log2(10.0), 4.0 / 9.0, 2.0 / 7.0,
     2 * (2 * log(2 / 1.0) + 2 * log(2 / 3.0) + 3 * log(3 / 4.0) + 13 * log(13 / 12.0))},
    /* n_ab = N: NPMI is 1 by definition; every other cell is 0 (0 ln 0 = 0) */
    {5, 5, 5, 5, 0.0, 1.0, 1.0, 1.0, 0.0},
    /* n_ab = 0: PMI -inf, NPMI -1; O = 0 3 2 5, E = 3*2/10, 3*8/10, 7*2/10, 7*8/10 */
    {0, 3, 2, 10, -INFINITY, -1.0, 0.0, 0.0,
     2 * (3 * log(3 / 2.4) + 2 * log(2 / 1.4) + 5 * log(5 / 5.6))},
    /* perfect association: O = 3 0 0 7, E = 0.9 2.1 2.1 4.9 */
    {3, 3, 3, 10, log2(10.0 / 3.0), 1.0, 1.0, 1.0,
     2 * (3 * log(3 / 0.9) + 7 * log(7 / 4.9))},
    /* independence: PMI 0, G2 0; O = 1 1 1 1 */
    {1, 2, 2, 4, 0.0, 0.0, 0.5, 1.0 / 3.0, 0.0},
    /* a big N (window pairs of 2,000 articles): G2 to 50 digits with mpmath; the naive
     * sum of O ln(O/E) is off by 1e-9 here */
    {13, 8873, 8115, 7961054, log2(13.0 * 7961054 / (8873.0 * 8115)),
     log2(13.0 * 7961054 / (8873.0 * 8115)) / -log2(13.0 / 7961054), 26.0 / 16988,
     13.0 / 16975, 1.5252326588479955542},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const measure_case *c = &cases[i];
    measures m;
    measures_all(c->ab, c->a, c->b, c->n, &m);
    if (isinf(c->pmi)) CHECK(isinf(m.pmi) && m.pmi < 0, "case %zu pmi %g", i, m.pmi);
    else CHECK_NEAR(m.pmi, c->pmi);
    CHECK_NEAR(m.npmi, c->npmi);
    CHECK_NEAR(m.dice, c->dice);
    CHECK_NEAR(m.jaccard, c->jaccard);
    CHECK_NEAR(m.llr, c->llr);
  }
  CHECK(isnan(measure_pmi(1, 1, 1, 0)), "N = 0 gives NaN");
  CHECK(isnan(measure_llr(1, 4, 4, 6)), "n_a + n_b - n_ab > N is an inconsistent table");
  CHECK(isnan(measure_llr(3, 2, 2, 10)), "n_ab > n_a is an inconsistent table");
  CHECK_INT(measure_find("npmi"), MEASURE_NPMI);
  CHECK_INT(measure_find("nope"), -1);
  CHECK_STR(measure_name(MEASURE_LLR), "llr");
}

/* ---- periods -------------------------------------------------------------------------- */

static void test_periods(void) {
  const struct {
    cooc_by by;
    const char *date, *want;
  } cases[] = {
    {COOC_BY_MONTH, "2025-07-28", "2025-07"},
    {COOC_BY_YEAR, "2025-07-28", "2025"},
    {COOC_BY_WEEK, "2025-07-28", "2025-W31"},  /* a Monday */
    {COOC_BY_WEEK, "2025-07-27", "2025-W30"},  /* the Sunday before */
    {COOC_BY_WEEK, "2021-01-03", "2020-W53"},  /* 2020 has 53 weeks */
    {COOC_BY_WEEK, "2024-12-30", "2025-W01"},  /* a Monday of the next week-year */
    {COOC_BY_WEEK, "2008-12-29", "2009-W01"},
    {COOC_BY_WEEK, "2010-01-03", "2009-W53"},
    {COOC_BY_WEEK, "2026-12-31", "2026-W53"},  /* 2026 starts on a Thursday */
    {COOC_BY_WEEK, "2027-01-01", "2026-W53"},
    {COOC_BY_WEEK, "2015-01-01", "2015-W01"},  /* a Thursday */
    {COOC_BY_WEEK, "2016-01-03", "2015-W53"},
    {COOC_BY_MONTH, "2024-02-29", "2024-02"},
    {COOC_BY_MONTH, "2023-02-29", "unknown"},
    {COOC_BY_MONTH, "2025-13-01", "unknown"},
    {COOC_BY_MONTH, "2025-7-28", "unknown"},
    {COOC_BY_YEAR, NULL, "unknown"},
    {COOC_BY_NONE, "2025-07-28", ""},
    {COOC_BY_MONTH, "2015-07-21 02:51:32", "2015-07"},
    {COOC_BY_DAY, "2015-07-21 02:51:32", "2015-07-21"},
    {COOC_BY_DAY, "2024-02-29", "2024-02-29"},
    {COOC_BY_DAY, "2023-02-29", "unknown"},
    {COOC_BY_DAY, "0999-12-31", "0999-12-31"},
    {COOC_BY_DAY, NULL, "unknown"},
  };
  char out[COOC_PERIOD_MAX];
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
    CHECK_STR(cooc_period_of(cases[i].by, cases[i].date, out), cases[i].want);
  CHECK_INT(cooc_by_find("day"), COOC_BY_DAY);
  CHECK_STR(cooc_by_name(COOC_BY_DAY), "day");
  CHECK_INT(cooc_by_find("hour"), -1);
}

/* ---- hand-built docs ------------------------------------------------------------------ */

/* A doc built from a shape: 'w' word, 'n' number, 'p' punct tokens; ' ' closes a sentence,
 * '/' closes a sentence and a paragraph (a closed sentence may be empty). */
typedef struct {
  doc d;
  token toks[64];
  span sents[16], paras[16];
} fake_doc;

/* close_sentence: end the sentence that started at token `first`. */
static void close_sentence(fake_doc *f, uint32_t first) {
  span *s = &f->sents[f->d.nsentences++];
  *s = (span){0, 0, first, (uint32_t)f->d.ntokens - first, (uint32_t)f->d.nparagraphs};
}

/* close_paragraph: end the paragraph that started at token `first`. */
static void close_paragraph(fake_doc *f, uint32_t first) {
  span *p = &f->paras[f->d.nparagraphs];
  *p = (span){0, 0, first, (uint32_t)f->d.ntokens - first, (uint32_t)f->d.nparagraphs};
  f->d.nparagraphs++;
}

static void fake_build(fake_doc *f, const char *shape) {
  memset(f, 0, sizeof *f);
  f->d.tokens = f->toks;
  f->d.sentences = f->sents;
  f->d.paragraphs = f->paras;
  uint32_t sfirst = 0, pfirst = 0;
  for (const char *c = shape;; c++) {
    if (*c == ' ' || *c == '/' || !*c) {
      close_sentence(f, sfirst);
      sfirst = (uint32_t)f->d.ntokens;
      if (*c != ' ') {
        close_paragraph(f, pfirst);
        pfirst = sfirst;
      }
      if (!*c) break;
      continue;
    }
    token *t = &f->toks[f->d.ntokens++];
    t->kind = *c == 'w' ? TOK_WORD : *c == 'n' ? TOK_NUMBER : TOK_PUNCT;
    t->sentence = (uint32_t)f->d.nsentences;
  }
}

/* fake_mention: a one-token mention of entity e at token tok of f. */
static mention fake_mention(const fake_doc *f, uint32_t e, uint32_t tok) {
  uint32_t s = f->toks[tok].sentence;
  return (mention){.entity = e, .tok_first = tok, .tok_count = 1, .sentence = s,
                   .paragraph = f->sents[s].paragraph};
}

enum { MALI, RUSSIA, ALGERIA, WAGNER };

static cooc *new_table(cooc_context ctx, uint32_t window, cooc_by by) {
  cooc_config cfg = {ctx, window, by};
  err e;
  cooc *t = cooc_new(&cfg, &e);
  const char *ids[] = {"mali", "russia", "algeria", "wagner"};
  for (int i = 0; t && i < 4; i++) cooc_add_entity(t, ids[i], "GPE", NULL, &e);
  return t;
}

/* Doc 1: P0 = S0 "www" {mali, russia, mali}, S1 "wwp" {russia, algeria};
 *        P1 = S2 "w" {}, S3 "" (no token); P2 = S4 "ww" {wagner, mali}.
 * Doc 2: one sentence "ww" {mali, algeria}. Doc 3: one sentence "wwp", no mention. */
static void add_docs(cooc *t, const char *p1, const char *p2) {
  fake_doc f;
  err e;
  fake_build(&f, "www wwp/w /ww");
  mention m1[] = {fake_mention(&f, MALI, 0), fake_mention(&f, RUSSIA, 1),
                  fake_mention(&f, MALI, 2), fake_mention(&f, RUSSIA, 3),
                  fake_mention(&f, ALGERIA, 4), fake_mention(&f, WAGNER, 7),
                  fake_mention(&f, MALI, 8)};
  CHECK(cooc_add_doc(t, p1, &f.d, m1, 7, &e) == 0, "%s", e.msg);
  fake_build(&f, "ww");
  mention m2[] = {fake_mention(&f, MALI, 0), fake_mention(&f, ALGERIA, 1)};
  CHECK(cooc_add_doc(t, p2, &f.d, m2, 2, &e) == 0, "%s", e.msg);
  fake_build(&f, "wwp");
  CHECK(cooc_add_doc(t, p2, &f.d, NULL, 0, &e) == 0, "%s", e.msg);
}

/* Expected numbers of one context level over docs 1-3 in one period. */
typedef struct {
  cooc_context ctx;
  uint64_t n;
  uint64_t marg[4];    /* mali russia algeria wagner */
  uint64_t pairs[4][4]; /* upper triangle by index */
} table_case;

static void check_table(const cooc *t, size_t p, const table_case *c) {
  CHECK_INT(cooc_contexts(t, p), c->n);
  for (int a = 0; a < 4; a++) {
    uint64_t mentions;
    CHECK_INT(cooc_marginal(t, p, (size_t)a, &mentions), c->marg[a]);
    static const uint64_t want_mentions[4] = {4, 2, 2, 1};
    CHECK_INT(mentions, want_mentions[a]);
    for (int b = a + 1; b < 4; b++) {
      CHECK_INT(cooc_count(t, p, (size_t)a, (size_t)b), c->pairs[a][b]);
      CHECK_INT(cooc_count(t, p, (size_t)b, (size_t)a), c->pairs[a][b]);
    }
  }
}

static void test_unit_contexts(void) {
  const table_case cases[] = {
    /* sentences with tokens: S0 S1 S2 S4, doc 2, doc 3 = 6 (S3 has none) */
    {COOC_SENTENCE, 6, {3, 2, 2, 1}, {[MALI] = {0, 1, 1, 1}, [RUSSIA] = {0, 0, 1, 0}}},
    /* paragraphs: P0 P1 P2, doc 2, doc 3 = 5 */
    {COOC_PARAGRAPH, 5, {3, 1, 2, 1}, {[MALI] = {0, 1, 2, 1}, [RUSSIA] = {0, 0, 1, 0}}},
    /* articles: 3 */
    {COOC_ARTICLE, 3, {2, 1, 2, 1},
     {[MALI] = {0, 1, 2, 1}, [RUSSIA] = {0, 0, 1, 1}, [ALGERIA] = {0, 0, 0, 1}}},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cooc *t = new_table(cases[i].ctx, 0, COOC_BY_NONE);
    add_docs(t, "", "");
    CHECK_INT(cooc_period_count(t), 1);
    check_table(t, 0, &cases[i]);
    cooc_free(t);
  }
}

/* Window doc: tokens w w p w w w w (6 words); A at token 0 (word 0), B at token 3
 * (word 2), A at token 5 (word 4), C at token 6 (word 5). */
static void test_window(void) {
  const struct {
    uint32_t k;
    uint64_t n, na, nb, nc, ab, ac, bc;
  } cases[] = {
    /* k = 2: 9 unordered position pairs -> N = 18; n_A = (0+2) + (2+1), n_B = 2+2,
     * n_C = 2+0; pairs: (A0,B2) (B2,A4) -> AB = 2, (A4,C5) -> AC = 1, B-C at 3 words */
    {2, 18, 5, 4, 2, 2, 1, 0},
    /* k = 1: N = 10; n_A = 1 + 2, n_B = 2, n_C = 1; only (A4,C5) */
    {1, 10, 3, 2, 1, 0, 1, 0},
    /* k = 3: N = 2 (3*6 - 6) = 24; n_A = 3 + 4, n_B = 2 + 3, n_C = 3; B-C now too */
    {3, 24, 7, 5, 3, 2, 1, 1},
    /* k = 10 >= words: every pair of the 6 words, N = 30; each mention sees 5 */
    {10, 30, 10, 5, 5, 2, 2, 1},
  };
  fake_doc f;
  fake_build(&f, "wwpwwww");
  mention m[] = {fake_mention(&f, MALI, 0), fake_mention(&f, RUSSIA, 3),
                 fake_mention(&f, MALI, 5), fake_mention(&f, ALGERIA, 6)};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    cooc *t = new_table(COOC_WINDOW, cases[i].k, COOC_BY_NONE);
    err e;
    CHECK(cooc_add_doc(t, "", &f.d, m, 4, &e) == 0, "%s", e.msg);
    uint64_t ments;
    CHECK_INT(cooc_contexts(t, 0), cases[i].n);
    CHECK_INT(cooc_marginal(t, 0, MALI, &ments), cases[i].na);
    CHECK_INT(ments, 2);
    CHECK_INT(cooc_marginal(t, 0, RUSSIA, NULL), cases[i].nb);
    CHECK_INT(cooc_marginal(t, 0, ALGERIA, NULL), cases[i].nc);
    CHECK_INT(cooc_count(t, 0, MALI, RUSSIA), cases[i].ab);
    CHECK_INT(cooc_count(t, 0, MALI, ALGERIA), cases[i].ac);
    CHECK_INT(cooc_count(t, 0, RUSSIA, ALGERIA), cases[i].bc);
    cooc_free(t);
  }
  cooc_config bad = {COOC_WINDOW, 0, COOC_BY_NONE};
  err e;
  CHECK(cooc_new(&bad, &e) == NULL, "window 0 is refused");
}

/* rows_equal: whether two tables have the same rows (all periods). */
static int rows_equal(const cooc *x, const cooc *y) {
  cooc_row *rx, *ry;
  size_t nx, ny;
  err e;
  if (cooc_rows(x, -1, &rx, &nx, &e) < 0 || cooc_rows(y, -1, &ry, &ny, &e) < 0) return 0;
  int same = nx == ny;
  for (size_t i = 0; same && i < nx; i++) {
    same = strcmp(cooc_period_name(x, rx[i].period), cooc_period_name(y, ry[i].period)) == 0 &&
           rx[i].a == ry[i].a && rx[i].b == ry[i].b && rx[i].count == ry[i].count &&
           rx[i].count_a == ry[i].count_a && rx[i].count_b == ry[i].count_b &&
           rx[i].contexts == ry[i].contexts;
  }
  mem_free(rx);
  mem_free(ry);
  return same;
}

static void test_rows_order(void) {
  cooc *t = new_table(COOC_ARTICLE, 0, COOC_BY_MONTH);
  char p1[COOC_PERIOD_MAX], p2[COOC_PERIOD_MAX];
  add_docs(t, cooc_period_of(COOC_BY_MONTH, "2025-08-01", p1),
           cooc_period_of(COOC_BY_MONTH, "2025-07-15", p2));
  cooc_row *r;
  size_t n;
  err e;
  CHECK(cooc_rows(t, -1, &r, &n, &e) == 0, "%s", e.msg);
  /* 2025-07: doc 2 {mali, algeria}; 2025-08: doc 1's six pairs, all count 1 */
  const char *want[][3] = {{"2025-07", "algeria", "mali"},   {"2025-08", "algeria", "mali"},
                           {"2025-08", "algeria", "russia"}, {"2025-08", "algeria", "wagner"},
                           {"2025-08", "mali", "russia"},    {"2025-08", "mali", "wagner"},
                           {"2025-08", "russia", "wagner"}};
  CHECK_INT(n, 7);
  for (size_t i = 0; i < n && i < 7; i++) {
    CHECK_STR(cooc_period_name(t, r[i].period), want[i][0]);
    CHECK_STR(cooc_entity(t, r[i].a)->id, want[i][1]);
    CHECK_STR(cooc_entity(t, r[i].b)->id, want[i][2]);
  }
  CHECK_INT(r[0].contexts, 2); /* docs 2 and 3 */
  CHECK_INT(r[1].contexts, 1);
  mem_free(r);
  cooc_free(t);
}

static void test_count_order(void) {
  cooc *t = new_table(COOC_PARAGRAPH, 0, COOC_BY_NONE);
  add_docs(t, "", "");
  cooc_row *r;
  size_t n;
  err e;
  CHECK(cooc_rows(t, -1, &r, &n, &e) == 0, "%s", e.msg);
  CHECK_INT(n, 4);
  /* mali-algeria (2) first, then count-1 pairs by id: algeria-russia, mali-russia, mali-wagner */
  CHECK_INT(r[0].count, 2);
  CHECK_STR(cooc_entity(t, r[0].a)->id, "algeria");
  CHECK_INT(r[0].count_a, 2);
  CHECK_INT(r[0].count_b, 3);
  CHECK_NEAR(r[0].m.pmi, log2(2.0 * 5 / (2 * 3)));
  CHECK_STR(cooc_entity(t, r[1].a)->id, "algeria");
  CHECK_STR(cooc_entity(t, r[1].b)->id, "russia");
  CHECK_STR(cooc_entity(t, r[3].b)->id, "wagner");
  mem_free(r);
  cooc_free(t);
}

static void test_merge(void) {
  cooc *whole = new_table(COOC_SENTENCE, 0, COOC_BY_YEAR);
  cooc *x = new_table(COOC_SENTENCE, 0, COOC_BY_YEAR);
  cooc *y = new_table(COOC_SENTENCE, 0, COOC_BY_YEAR);
  add_docs(whole, "2024", "2025");
  add_docs(whole, "2025", "unknown");
  add_docs(x, "2024", "2025");
  add_docs(y, "2025", "unknown");
  err e;
  CHECK(cooc_merge(y, x, &e) == 0, "%s", e.msg);
  CHECK(rows_equal(whole, y), "merged shards equal the whole");
  CHECK_INT(cooc_period_count(y), 3);
  CHECK_INT(cooc_contexts(y, (size_t)cooc_period_find(y, "2025")), 4 + 2);
  cooc *c = cooc_collapse(y, &e);
  cooc *flat = new_table(COOC_SENTENCE, 0, COOC_BY_NONE);
  add_docs(flat, "", "");
  add_docs(flat, "", "");
  CHECK(c && rows_equal(c, flat), "collapsed equals unsliced");
  cooc *other = new_table(COOC_PARAGRAPH, 0, COOC_BY_YEAR);
  CHECK(cooc_merge(y, other, &e) < 0, "different contexts are refused");
  cooc_free(whole);
  cooc_free(x);
  cooc_free(y);
  cooc_free(c);
  cooc_free(flat);
  cooc_free(other);
}

static void test_save_load(void) {
  cooc *t = new_table(COOC_WINDOW, 3, COOC_BY_WEEK);
  add_docs(t, "2025-W31", "unknown");
  char path[] = "/tmp/sahel-test-cooc-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0, "mkstemp");
  err e;
  CHECK(cooc_save(t, path, &e) == 0, "%s", e.msg);
  cooc *u = cooc_load(path, &e);
  CHECK(u != NULL, "%s", e.msg);
  if (u) {
    CHECK(rows_equal(t, u), "loaded rows equal saved rows");
    CHECK_INT(cooc_config_of(u)->window, 3);
    CHECK_INT(cooc_config_of(u)->by, COOC_BY_WEEK);
    uint64_t m1, m2;
    long p = cooc_period_find(u, "2025-W31");
    CHECK(p >= 0, "period kept");
    CHECK_INT(cooc_marginal(u, (size_t)p, MALI, &m1),
              cooc_marginal(t, (size_t)cooc_period_find(t, "2025-W31"), MALI, &m2));
    CHECK_INT(m1, m2);
    CHECK_STR(cooc_entity(u, WAGNER)->id, "wagner");
  }
  cooc_free(u);
  FILE *f = fopen(path, "w");
  fputs("not a table\n", f);
  fclose(f);
  CHECK(cooc_load(path, &e) == NULL, "a text file is refused");
  CHECK(strstr(e.msg, path) != NULL, "message names the file: %s", e.msg);
  CHECK(cooc_load("/nonexistent/x.cooc", &e) == NULL, "missing file");
  remove(path);
  cooc_free(t);
}

static void test_dropped_and_range(void) {
  cooc *t = new_table(COOC_SENTENCE, 0, COOC_BY_NONE);
  fake_doc f;
  fake_build(&f, "www");
  mention m[] = {fake_mention(&f, MALI, 0), fake_mention(&f, RUSSIA, 1)};
  m[1].flags = MENTION_DROPPED;
  err e;
  CHECK(cooc_add_doc(t, "", &f.d, m, 2, &e) == 0, "%s", e.msg);
  CHECK_INT(cooc_marginal(t, 0, RUSSIA, NULL), 0);
  CHECK_INT(cooc_count(t, 0, MALI, RUSSIA), 0);
  m[1] = fake_mention(&f, 9, 1);
  CHECK(cooc_add_doc(t, "", &f.d, m, 2, &e) < 0, "entity out of range");
  cooc_free(t);
}

/* read_file: the whole file (static buffer). */
static const char *read_file(const char *path) {
  static char text[8192];
  FILE *f = fopen(path, "rb");
  size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
  if (f) fclose(f);
  text[n] = '\0';
  return text;
}

static void test_graph_files(void) {
  graph_node nodes[] = {{"a&b", "ORG", "<Tom> \"Q\" \\ 'x'", 3, NULL},
                        {"mali", "GPE", "\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a\x01", 5, NULL}};
  graph_edge edges[] = {{.a = 0, .b = 1, .count = 2, .count_a = 3, .count_b = 5, .contexts = 10}};
  measures_all(2, 3, 5, 10, &edges[0].m);
  char path[] = "/tmp/sahel-test-graph-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0, "mkstemp");
  err e;
  CHECK(graph_write_graphml(path, nodes, 2, edges, 1, &e) == 0, "%s", e.msg);
  const char *x = read_file(path);
  CHECK(strstr(x, "<node id=\"a&amp;b\">") != NULL, "escaped id: %s", x);
  CHECK(strstr(x, "&lt;Tom&gt; &quot;Q&quot; \\ &apos;x&apos;") != NULL, "escaped name");
  CHECK(strstr(x, "\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a\xef\xbf\xbd<") != NULL, "control -> U+FFFD");
  CHECK(strstr(x, "source=\"a&amp;b\" target=\"mali\"") != NULL, "edge ends");
  CHECK(strstr(x, "<data key=\"pmi\">0.415037</data>") != NULL, "pmi = log2(4/3)");
  CHECK(strstr(x, "<key id=\"llr\" for=\"edge\" attr.name=\"llr\" attr.type=\"double\"/>"),
        "key declaration");
  CHECK(graph_write_dot(path, nodes, 2, edges, 1, &e) == 0, "%s", e.msg);
  x = read_file(path);
  CHECK(strstr(x, "\"a&b\" [label=\"<Tom> \\\"Q\\\" \\\\ 'x'\"") != NULL, "dot quoting: %s", x);
  CHECK(strstr(x, "\"a&b\" -- \"mali\" [penwidth=8, count=2") != NULL, "dot edge: %s", x);
  CHECK(graph_write_dot("/nonexistent/dir/x.dot", nodes, 2, edges, 1, &e) < 0, "bad path");
  remove(path);
}

static void test_csv_files(void) {
  cooc *t = new_table(COOC_PARAGRAPH, 0, COOC_BY_NONE);
  add_docs(t, "", "");
  cooc_row *r;
  size_t n;
  err e;
  char path[] = "/tmp/sahel-test-csv-XXXXXX";
  int fd = mkstemp(path);
  CHECK(fd >= 0 && cooc_rows(t, -1, &r, &n, &e) == 0, "rows");
  csvwrite_opts o = {0};
  CHECK(cooc_write_csv(t, path, r, n, 0, &o, &e) == 0, "%s", e.msg);
  const char *x = read_file(path);
  const char *head = "entity_a,entity_b,name_a,name_b,count,count_a,count_b,contexts,pmi,npmi,"
                     "dice,jaccard,llr\nalgeria,mali,algeria,mali,2,2,3,5,";
  CHECK(strncmp(x, head, strlen(head)) == 0, "long csv: %s", x);
  CHECK(strstr(x, ",0.8,0.666667,") != NULL, "dice 4/5, jaccard 2/3: %s", x);
  CHECK(cooc_write_csv(t, path, r, 1, 1, &o, &e) == 0, "%s", e.msg);
  x = read_file(path);
  CHECK(strncmp(x, "period,entity_a,", 16) == 0 && strstr(x, "\n,algeria,mali,") != NULL,
        "period column: %s", x);
  CHECK(cooc_write_matrix(t, path, r, n, MEASURE_COUNT, &o, &e) == 0, "%s", e.msg);
  CHECK_STR(read_file(path), "entity,algeria,mali,russia,wagner\n"
                             "algeria,,2,1,0\nmali,2,,1,1\nrussia,1,1,,0\nwagner,0,1,0,\n");
  CHECK(cooc_write_matrix(t, path, r, 1, MEASURE_DICE, &o, &e) == 0, "%s", e.msg);
  CHECK_STR(read_file(path), "entity,algeria,mali\nalgeria,,0.8\nmali,0.8,\n");
  mem_free(r);
  cooc_free(t);
  remove(path);
}

/* ---- the pipeline -------------------------------------------------------------------- */

/* A synthetic source: articles "0".."n-1", failing at article `fail` (when >= 0). */
typedef struct {
  int next, n, fail;
  const char *const *texts; /* bodies, cycled (NULL: none) */
  size_t ntexts;
} fake_src;

static int fake_next(void *src, article *a, const warn_sink *w, err *e) {
  fake_src *s = src;
  if (s->next == s->fail) return err_set(e, "fake:%d: broken record", s->next);
  if (s->next >= s->n) return 0;
  char id[32];
  snprintf(id, sizeof id, "%d", s->next);
  article_set(&a->id, id, strlen(id));
  if (s->texts) {
    const char *t = s->texts[(size_t)s->next % s->ntexts];
    article_set(&a->body, t, strlen(t));
    const char *date = s->next % 3 ? "2015-07-21" : s->next % 2 ? "2015-08-02" : NULL;
    if (date) article_set(&a->date, date, 10);
  }
  if (s->next % 10 == 0) warn_emit(w, "fake:%d: a warning", s->next);
  s->next++;
  return 1;
}

/* A worker summing article ids; fails on article `fail` (when >= 0). */
typedef struct {
  long sum, count, fail;
} sum_worker;

static void *sum_new(void *ud, err *e) {
  sum_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_set(e, "oom"), NULL;
  w->fail = *(const long *)ud;
  return w;
}

static int sum_article(void *state, const article *a, const warn_sink *ws, err *e) {
  sum_worker *w = state;
  long id = strtol(a->id, NULL, 10);
  (void)ws;
  if (id == w->fail) return err_set(e, "worker: article %ld refused", id);
  w->sum += id;
  w->count++;
  return 0;
}

static int sum_merge(void *into, void *from, err *e) {
  (void)e;
  ((sum_worker *)into)->sum += ((sum_worker *)from)->sum;
  ((sum_worker *)into)->count += ((sum_worker *)from)->count;
  return 0;
}

static void sum_free(void *state) { mem_free(state); }

static void test_pipeline(void) {
  const struct {
    int threads, n, src_fail;
    long worker_fail;
  } cases[] = {
    {1, 1000, -1, -1}, {2, 1000, -1, -1}, {3, 1000, -1, -1}, {8, 1000, -1, -1},
    {4, 0, -1, -1},    {1, 100, 50, -1},  {4, 1000, 500, -1}, {1, 100, -1, 42},
    {4, 1000, -1, 420}, {2, 5, -1, -1},   {2, 1000, 0, -1},   {8, 3, -1, 2},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t before = mem_used();
    fake_src src = {0, cases[i].n, cases[i].src_fail, NULL, 0};
    pipeline_opts o = {fake_next, &src, cases[i].threads, NULL};
    pipeline_worker_fns f = {sum_new, sum_article, sum_merge, sum_free,
                             (void *)&cases[i].worker_fail, NULL};
    pipeline_warnings pw;
    pipeline_warnings_init(&pw);
    err e = {""};
    sum_worker *r = pipeline_run(&o, &f, &pw, &e);
    if (cases[i].src_fail >= 0 || cases[i].worker_fail >= 0) {
      CHECK(r == NULL, "case %zu: failure reported", i);
      CHECK(strstr(e.msg, cases[i].src_fail >= 0 ? "broken record" : "refused") != NULL,
            "case %zu: %s", i, e.msg);
    } else {
      long n = cases[i].n;
      CHECK(r != NULL, "case %zu: %s", i, e.msg);
      CHECK_INT(r ? r->count : -1, n);
      CHECK_INT(r ? r->sum : -1, n * (n - 1) / 2);
      CHECK_INT(pw.n, (n + 9) / 10);
      for (size_t k = 0; k < pw.n; k++) { /* in article order, whatever the threads */
        char want[64];
        snprintf(want, sizeof want, "fake:%zu: a warning", 10 * k);
        CHECK_STR(pw.msgs[k], want);
      }
    }
    sum_free(r);
    pipeline_warnings_free(&pw);
    CHECK_INT(mem_used(), before); /* the workers' threads gave their memory credit back */
  }
}

/* test_pipeline_cancel: a stop requested through cancel.h ends a run with "cancelled", on
 * the calling thread and on workers alike. */
static void test_pipeline_cancel(void) {
  for (int threads = 1; threads <= 3; threads += 2) {
    fake_src src = {0, 1000, -1, NULL, 0};
    pipeline_opts o = {fake_next, &src, threads, NULL};
    long no_fail = -1;
    pipeline_worker_fns f = {sum_new, sum_article, sum_merge, sum_free, &no_fail, NULL};
    err e = {""};
    cancel_request();
    sum_worker *r = pipeline_run(&o, &f, NULL, &e);
    cancel_clear();
    CHECK(r == NULL, "%d threads: the run stopped", threads);
    CHECK_STR(e.msg, "cancelled");
    sum_free(r);
  }
}

/* build_with: a table of `texts` (cycled over n articles, dated as fake_next does) built
 * with `threads` threads. */
static cooc *build_with(const gazetteer *g, const cooc *proto,
                        const char *const *texts, size_t ntexts, int n, int threads) {
  fake_src src = {0, n, -1, texts, ntexts};
  pipeline_opts o = {fake_next, &src, threads, NULL};
  cooc_build_opts b = {g, 0, proto};
  err e;
  cooc *t = cooc_build(&b, &o, NULL, &e);
  CHECK(t != NULL, "%s", e.msg);
  return t;
}

static void test_build_threads(void) {
  err e;
  textproc *tp = textproc_new(NORM_DEFAULT, &e);
  gazetteer *g = tp ? gaz_new(tp, &e) : NULL;
  const char *rows[][2] = {{"mali", "Mali"}, {"russia", "Russia"}, {"russia", "Moscow"},
                           {"algeria", "Algeria"}, {"wagner", "Wagner Group"}};
  for (size_t i = 0; g && i < 5; i++) {
    gaz_row r = {.id = rows[i][0], .alias = rows[i][1]};
    CHECK(gaz_add(g, &r, "test", NULL, &e) == 0, "%s", e.msg);
  }
  CHECK(g != NULL, "%s", e.msg);
  if (!g) return;
  const char *texts[] = {"Mali and Russia met. Algeria did not.\nThe Wagner Group left Mali.",
                         "Moscow, Mali, Russia and Mali again.", "Nothing here.",
                         "Algeria. Mali. Wagner Group and Algeria."};
  for (int ctx = COOC_SENTENCE; ctx <= COOC_WINDOW; ctx++) {
    cooc_config cfg = {(cooc_context)ctx, 3, COOC_BY_MONTH};
    cooc *proto = cooc_table_from_gazetteer(&cfg, g, &e);
    cooc *one = build_with(g, proto, texts, 4, 203, 1);
    for (int threads = 2; one && threads <= 4; threads++) {
      cooc *many = build_with(g, proto, texts, 4, 203, threads);
      CHECK(many && rows_equal(one, many), "%s: %d threads", cooc_context_name(ctx), threads);
      cooc_free(many);
    }
    CHECK(one && cooc_period_count(one) == 3, "2015-07, 2015-08, unknown");
    CHECK(one && cooc_pair_total(one) > 0, "pairs counted");
    cooc_free(one);
    cooc_free(proto);
  }
  gaz_free(g);
  textproc_free(tp);
}

/* cooc_add_points gives what cooc_add_doc gives for the same article (the store path). */
static void test_points(void) {
  for (int ctx = COOC_SENTENCE; ctx <= COOC_WINDOW; ctx++) {
    cooc *x = new_table((cooc_context)ctx, 2, COOC_BY_NONE);
    cooc *y = new_table((cooc_context)ctx, 2, COOC_BY_NONE);
    add_docs(x, "", "");
    /* doc 1 of add_docs by hand: 4 sentences and 3 paragraphs with tokens, 8 words
     * (token 5 is punctuation) */
    cooc_units u1 = {4, 3, 8, 1}, u2 = {1, 1, 2, 1}, u3 = {1, 1, 2, 1};
    cooc_point p1[] = {{MALI, 0, 0, 0}, {RUSSIA, 0, 0, 1}, {MALI, 0, 0, 2}, {RUSSIA, 1, 0, 3},
                       {ALGERIA, 1, 0, 4}, {WAGNER, 4, 2, 6}, {MALI, 4, 2, 7}};
    cooc_point p2[] = {{MALI, 0, 0, 0}, {ALGERIA, 0, 0, 1}};
    err e;
    CHECK(cooc_add_points(y, "", &u1, p1, 7, &e) == 0, "%s", e.msg);
    CHECK(cooc_add_points(y, "", &u2, p2, 2, &e) == 0, "%s", e.msg);
    CHECK(cooc_add_points(y, "", &u3, NULL, 0, &e) == 0, "%s", e.msg);
    CHECK(rows_equal(x, y), "%s: points = doc", cooc_context_name((cooc_context)ctx));
    CHECK_INT(cooc_contexts(x, 0), cooc_contexts(y, 0));
    cooc_free(x);
    cooc_free(y);
  }
}

int main(void) {
  RUN(test_measures);
  RUN(test_periods);
  RUN(test_unit_contexts);
  RUN(test_window);
  RUN(test_rows_order);
  RUN(test_count_order);
  RUN(test_merge);
  RUN(test_save_load);
  RUN(test_dropped_and_range);
  RUN(test_graph_files);
  RUN(test_csv_files);
  RUN(test_points);
  RUN(test_pipeline);
  RUN(test_pipeline_cancel);
  RUN(test_build_threads);
  return check_done();
}
