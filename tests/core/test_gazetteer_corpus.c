/* test_gazetteer_corpus.c: the gazetteer on whole articles: gaz_count over a corpus equals
 * the sum of gaz_match article by article (bundled sample; 2,000 SaudiNewsNet articles when
 * ../shared is present), and the seed article with the bundled gazetteer. */
#include <stdlib.h>

#include "check.h"
#include "corpus/corpus.h"
#include "gazetteer/gazetteer_count.h"
#include "article/plaintext.h"
#include "base/mem.h"
#include "gazetteer/pipeline_doc.h"

#define GAZ "datasets/gazetteer/sahel.csv"

static textproc *tp;
static gazetteer *sahel;

/* A corpus handing out at most `left` articles. */
typedef struct {
  corpus *c;
  size_t left;
} limited;

static int limited_next(void *src, article *a, const warn_sink *w, err *e) {
  limited *l = src;
  if (!l->left) return 0;
  l->left--;
  return corpus_next_sink(l->c, a, w, e);
}

/* shared_path: ../shared/rel (SAHEL_SHARED) when it exists, else NULL. */
static const char *shared_path(const char *rel, char *out, size_t n) {
  const char *dir = getenv("SAHEL_SHARED");
  snprintf(out, n, "%s/%s", dir ? dir : "../shared", rel);
  FILE *f = fopen(out, "rb");
  if (!f) return NULL;
  fclose(f);
  return out;
}

/* by_hand: counts from gaz_match + gaz_tally, article by article, on this thread. */
static int by_hand(const char *path, size_t limit, gaz_counts *out) {
  err e;
  limited src = {corpus_open(path, NULL, &e), limit};
  if (!src.c) return fprintf(stderr, "%s\n", e.msg), -1;
  pipeline_doc s;
  pipeline_doc_init(&s, tp, sahel, 0);
  article a;
  article_init(&a);
  size_t n = gaz_entity_count(sahel);
  out->n = n;
  out->narticles = 0;
  out->mentions = calloc(n, sizeof *out->mentions);
  out->articles = calloc(n, sizeof *out->articles);
  int rc;
  while ((rc = limited_next(&src, &a, NULL, &e)) > 0) {
    if (pipeline_doc_run(&s, &a, &e) || gaz_tally(sahel, &s.m, out->mentions, out->articles))
      break;
    out->narticles++;
  }
  article_clear(&a);
  pipeline_doc_free(&s);
  corpus_close(src.c);
  return rc;
}

/* same_counts: gaz_count with `threads` equals the counts by hand. */
static void same_counts(const char *path, size_t limit, int threads) {
  gaz_counts hand, piped;
  err e;
  CHECK_INT(by_hand(path, limit, &hand), 0);
  limited src = {corpus_open(path, NULL, &e), limit};
  pipeline_opts o = {limited_next, &src, threads, NULL};
  CHECK_INT(gaz_count(sahel, 0, &o, NULL, &piped, &e), 0);
  corpus_close(src.c);
  uint64_t total = 0, diff = 0;
  for (size_t i = 0; i < hand.n; i++) {
    total += hand.mentions[i];
    diff += hand.mentions[i] != piped.mentions[i] || hand.articles[i] != piped.articles[i];
  }
  CHECK(total > 0, "%s: no mention at all", path);
  CHECK_INT(diff, 0);
  CHECK_INT(piped.narticles, hand.narticles);
  printf("%s: %llu articles, %llu mentions, threads %d: same counts\n", path,
         (unsigned long long)hand.narticles, (unsigned long long)total, threads);
  free(hand.mentions);
  free(hand.articles);
  gaz_counts_free(&piped);
}

static void test_sample(void) {
  same_counts("datasets/sample/articles.jsonl", (size_t)-1, 1);
  same_counts("datasets/sample/articles.jsonl", (size_t)-1, 2);
  same_counts("datasets/sample", (size_t)-1, 2);
}

static void test_saudinewsnet(void) {
  char path[4096];
  if (!shared_path("corpora/saudinewsnet/articles.jsonl", path, sizeof path)) {
    printf("SKIP SaudiNewsNet: ../shared is absent\n");
    return;
  }
  same_counts(path, 2000, 2);
}

/* surfaces: the surfaces of entity id's mentions in text, joined by '|'. */
static void surfaces(const mention_list *m, const char *text, const char *id, char *out,
                     size_t n) {
  size_t len = 0;
  out[0] = '\0';
  for (size_t i = 0; i < m->n && len < n; i++) {
    const mention *c = &m->items[i];
    if (strcmp(gaz_entity_at(sahel, c->entity)->id, id)) continue;
    len += (size_t)snprintf(out + len, n - len, "|%.*s", (int)(c->byte_end - c->byte_start),
                            text + c->byte_start);
  }
}

/* Reading the seed: three spellings of Africa Corps, two of Prigozhin, proclitics on
 * Russia, Mali the country but not "المالية" (finance), the summary counted once. */
static void test_seed(void) {
  char path[4096], s[8192];
  if (!shared_path("seeds/000_11dbe4327a88c620.txt", path, sizeof path)) {
    printf("SKIP seed: ../shared is absent\n");
    return;
  }
  FILE *f = fopen(path, "rb");
  size_t len = 0;
  char *bytes = NULL;
  for (size_t k; (k = fread(s, 1, sizeof s, f)) > 0; len += k)
    bytes = realloc(bytes, len + k), memcpy(bytes + len, s, k);
  fclose(f);
  err e;
  article a;
  article_opts o;
  memset(&o, 0, sizeof o);
  article_init(&a);
  CHECK_INT(article_parse_text(bytes, len, path, &o, &a, &e), 0);
  buf text;
  doc d;
  mention_list m;
  buf_init(&text);
  doc_init(&d);
  mention_list_init(&m);
  article_text(&a, &text);
  for (unsigned opts = 0; opts <= GAZ_DEMONYMS; opts += GAZ_DEMONYMS) {
    CHECK_INT(doc_analyze(&d, tp, text.data, text.len, &e), 0);
    CHECK_INT(gaz_match(sahel, &d, opts, &m), 0);
    surfaces(&m, text.data, "africa_corps", s, sizeof s);
    CHECK(strstr(s, "|فيلق إفريقيا") && strstr(s, "|فيلق أفريقيا") && strstr(s, "|فيلق افريقيا"),
          "africa_corps: %s", s);
    surfaces(&m, text.data, "prigozhin", s, sizeof s);
    CHECK(strstr(s, "بريغوزين") && strstr(s, "بريجوجن"), "prigozhin: %s", s);
    surfaces(&m, text.data, "russia", s, sizeof s);
    CHECK(strstr(s, "|وروسيا|") && strstr(s, "|لروسيا|"), "russia: %s", s);
    surfaces(&m, text.data, "mali", s, sizeof s);
    CHECK(strstr(s, "|مالي|") != NULL, "mali: %s", s);
    const char *finance = strstr(text.data, "وزير الاقتصاد والمالية");
    CHECK(finance != NULL, "the finance minister's title");
    size_t fs = finance ? (size_t)(finance - text.data) : 0, fe = fs + strlen("وزير الاقتصاد والمالية");
    for (size_t i = 0; finance && i < m.n; i++)
      CHECK(m.items[i].byte_end <= fs || m.items[i].byte_start >= fe, "a mention in %s",
            "وزير الاقتصاد والمالية");
  }
  /* the summary repeats body paragraphs: it is not part of the analyzed text */
  CHECK(a.summary && strstr(a.summary, "تتماشى هذه الشراكة"), "summary");
  CHECK(strstr(text.data, "\nتتماشى هذه الشراكة") == NULL, "summary analyzed");
  free(bytes);
  buf_free(&text);
  doc_free(&d);
  mention_list_free(&m);
  article_clear(&a);
}

int main(void) {
  err e;
  tp = textproc_new(NORM_DEFAULT, &e);
  sahel = tp ? gaz_new(tp, &e) : NULL;
  if (!sahel || gaz_load_csv(sahel, GAZ, 1, NULL, &e)) {
    fprintf(stderr, "%s\n", e.msg);
    return 1;
  }
  RUN(test_sample);
  RUN(test_seed);
  RUN(test_saudinewsnet);
  gaz_free(sahel);
  textproc_free(tp);
  return check_done();
}
