/* bench_stages.c: one timed pass over the corpus per stage (see bench.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "cooc/cooc.h"
#include "corpus/corpus.h"
#include "text/icuwords.h"
#include "base/mem.h"
#include "store/store.h"
#include "terms/terms.h"

static const char *const stage_names[BENCH_NSTAGES] = {
  "ICU word break iterator (yardstick)",
  "JSONL read (corpus_next + text)",
  "+ normalize + tokenize + sentences",
  "+ gazetteer match",
  "+ sentence co-occurrence",
  "+ cooccurrence.csv",
  "read+analyze+match -> SQLite store",
  "read+analyze -> term counts (1-grams)",
};

const char *bench_stage_name(bench_stage s) { return stage_names[s]; }

double bench_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* mix: FNV-1a step of the digest with v. */
static uint64_t mix(uint64_t h, uint64_t v) {
  for (int i = 0; i < 8; i++) h = (h ^ ((v >> (8 * i)) & 0xFF)) * 0x100000001b3ULL;
  return h;
}

/* ---- gazetteers ----------------------------------------------------------------------- */

gazetteer *bench_load_gazetteer(const char *const *paths, size_t n, double *sec, err *e) {
  textproc *tp = textproc_new(NORM_DEFAULT, e);
  if (!tp) return NULL;
  double t0 = bench_now();
  gazetteer *g = gaz_new(tp, e);
  for (size_t i = 0; g && i < n; i++) {
    if (gaz_load_csv(g, paths[i], 1, NULL, e) < 0) {
      gaz_free(g);
      g = NULL;
    }
  }
  *sec = bench_now() - t0;
  if (!g) textproc_free(tp);
  return g;
}

void bench_free_gazetteer(gazetteer *g) {
  if (!g) return;
  textproc *tp = (textproc *)gaz_textproc(g);
  gaz_free(g);
  textproc_free(tp);
}

/* ---- passes over articles on this thread ---------------------------------------------- */

/* Per-pass scratch. */
typedef struct {
  buf text;
  doc d;
  mention_list ml;
  icuwords *icu;
  uint64_t segs; /* ICU letter and number segments of the current text */
} pass;

/* count_seg: icuwords callback: count letter and number segments. */
static void count_seg(void *ud, size_t start, size_t stop, icu_seg_kind kind) {
  (void)start, (void)stop;
  ((pass *)ud)->segs += kind != ICU_SEG_OTHER;
}

/* word_tokens: the word and number tokens of d. */
static uint64_t word_tokens(const doc *d) {
  uint64_t n = 0;
  for (size_t i = 0; i < d->ntokens; i++) n += d->tokens[i].kind <= TOK_NUMBER;
  return n;
}

/* one_article: stage s's work on the text in p->text (a read); adds to m. 0 or -1. */
static int one_article(const bench_job *j, bench_stage s, pass *p, bench_m *m, err *e) {
  if (s == BENCH_ICU) {
    p->segs = 0;
    double t0 = bench_now();
    if (icuwords_run(p->icu, p->text.data ? p->text.data : "", p->text.len, count_seg, p, e))
      return -1;
    m->sec += bench_now() - t0;
    m->tokens += p->segs;
    m->check = mix(m->check, p->segs);
    return 0;
  }
  if (s == BENCH_READ) return 0;
  const textproc *tp = gaz_textproc(j->gaz);
  if (doc_analyze(&p->d, tp, p->text.data ? p->text.data : "", p->text.len, e) < 0) return -1;
  m->tokens += word_tokens(&p->d);
  m->check = mix(mix(m->check, p->d.ntokens), p->d.nsentences);
  if (s == BENCH_ANALYZE) return 0;
  if (gaz_match(j->gaz, &p->d, 0, &p->ml) < 0) return err_set(e, "out of memory");
  for (size_t i = 0; i < p->ml.n; i++) m->check = mix(m->check, p->ml.items[i].entity);
  return 0;
}

/* pass_articles: a pass of stage s (ICU, READ, ANALYZE or MATCH) on this thread. */
static int pass_articles(const bench_job *j, bench_stage s, bench_m *m, err *e) {
  corpus *c = corpus_open(j->corpus, NULL, e);
  if (!c) return -1;
  pass p = {.icu = NULL};
  buf_init(&p.text);
  doc_init(&p.d);
  mention_list_init(&p.ml);
  article a;
  article_init(&a);
  int rc = s == BENCH_ICU && !(p.icu = icuwords_new(e)) ? -1 : 0;
  double t0 = bench_now();
  while (rc == 0 && (!j->max_bytes || m->bytes < j->max_bytes) &&
         (rc = corpus_next(c, &a, e)) == 1) {
    rc = article_text(&a, &p.text) < 0 ? err_set(e, "out of memory") : 0;
    m->bytes += p.text.len;
    m->articles++;
    if (rc == 0) rc = one_article(j, s, &p, m, e);
  }
  if (s != BENCH_ICU) m->sec = bench_now() - t0;
  article_clear(&a);
  corpus_close(c);
  icuwords_free(p.icu);
  mention_list_free(&p.ml);
  doc_free(&p.d);
  buf_free(&p.text);
  return rc < 0 ? -1 : 0;
}

/* ---- the bulk paths (pipeline) -------------------------------------------------------- */

/* table_digest: a digest of every row of t (counts and measures); 0 on failure. */
static uint64_t table_digest(const cooc *t, err *e) {
  cooc_row *rows;
  size_t n;
  if (cooc_rows(t, -1, &rows, &n, e) < 0) return 0;
  uint64_t h = 0xcbf29ce484222325ULL;
  for (size_t i = 0; i < n; i++) {
    const cooc_row *r = &rows[i];
    uint64_t npmi;
    memcpy(&npmi, &r->m.npmi, sizeof npmi);
    h = mix(mix(mix(mix(mix(h, r->a), r->b), r->count), r->contexts), npmi);
  }
  mem_free(rows);
  return h;
}

/* write_pairs: cooccurrence.csv of t in tmpdir; 0 or -1. */
static int write_pairs(const bench_job *j, const cooc *t, err *e) {
  char path[4096];
  cooc_row *rows;
  size_t n;
  snprintf(path, sizeof path, "%s/cooccurrence.csv", j->tmpdir);
  if (cooc_rows(t, -1, &rows, &n, e) < 0) return -1;
  csvwrite_opts o = {0, ',', 0};
  int rc = cooc_write_csv(t, path, rows, n, 0, &o, e);
  mem_free(rows);
  return rc;
}

/* pass_cooc: sentence co-occurrence through cooc_build (and the CSV for BENCH_CSV). */
static int pass_cooc(const bench_job *j, bench_stage s, bench_m *m, err *e) {
  cooc_config cfg = {COOC_SENTENCE, 0, COOC_BY_NONE};
  double t0 = bench_now();
  corpus *c = corpus_open(j->corpus, NULL, e);
  cooc *proto = c ? cooc_table_from_gazetteer(&cfg, j->gaz, e) : NULL, *t = NULL;
  if (proto) {
    cooc_build_opts b = {j->gaz, 0, proto};
    pipeline_opts o = {corpus_next_sink, c, j->threads, &corpus_stages};
    t = cooc_build(&b, &o, NULL, e);
  }
  int rc = t && (s != BENCH_CSV || write_pairs(j, t, e) == 0) ? 0 : -1;
  m->sec = bench_now() - t0;
  if (rc == 0) {
    m->check = table_digest(t, e);
    m->articles = corpus_stats(c)->articles;
  }
  cooc_free(t);
  cooc_free(proto);
  corpus_close(c);
  return rc;
}

/* fresh: remove a store and its journal files; path is written into out. */
static void fresh(const bench_job *j, char *out, size_t n) {
  static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
  char p[4200];
  snprintf(out, n, "%s/bench.sqlite", j->tmpdir);
  for (size_t i = 0; i < 4; i++) {
    snprintf(p, sizeof p, "%s%s", out, sfx[i]);
    unlink(p);
  }
}

/* pass_store: a fresh store ingest (articles, mentions; no full-text index: store_index
 * builds it on demand) with j->threads workers. */
static int pass_store(const bench_job *j, bench_m *m, err *e) {
  char path[4096];
  fresh(j, path, sizeof path);
  double t0 = bench_now();
  corpus *c = corpus_open(j->corpus, NULL, e);
  sqlite3 *db = c ? store_db_open(path, NULL, e) : NULL;
  int rc = db ? 0 : -1;
  store_ingest_stats st = {0};
  if (rc == 0) {
    store_ingest_opts so = {gaz_textproc(j->gaz), j->gaz, 0, 0, 0, 0, 0};
    pipeline_opts o = {corpus_next_sink, c, j->threads, &corpus_stages};
    rc = store_ingest(db, &so, &o, NULL, &st, e);
  }
  if (db) sqlite3_close_v2(db);
  m->sec = bench_now() - t0;
  m->check = mix(mix(0, st.inserted), st.mentions);
  m->articles = st.seen;
  corpus_close(c);
  return rc;
}

/* terms_digest: a digest of every 1-gram row of t; 0 on failure. */
static uint64_t terms_digest(const terms *t, err *e) {
  terms_row *rows;
  size_t n;
  if (terms_rows(t, NULL, 0, 1, &rows, &n, e) < 0) return 0;
  uint64_t h = mix(0xcbf29ce484222325ULL, n);
  for (size_t i = 0; i < n; i++) {
    for (uint32_t k = 0; k < rows[i].len; k++) h = mix(h, (unsigned char)rows[i].term[k]);
    h = mix(mix(h, rows[i].count), rows[i].articles);
  }
  mem_free(rows);
  return h;
}

/* pass_terms: the 1-gram counts of the corpus (no stopwords, no slices) through
 * terms_count with j->threads workers. */
static int pass_terms(const bench_job *j, bench_m *m, err *e) {
  terms_opts o = {1, TERMS_BY_NONE, COOC_BY_NONE, NULL, NULL, NULL, 0, 0, 0, NULL};
  double t0 = bench_now();
  corpus *c = corpus_open(j->corpus, NULL, e);
  terms *t = NULL;
  if (c) {
    pipeline_opts po = {corpus_next_sink, c, j->threads, &corpus_stages};
    t = terms_count(&o, &po, NULL, e);
  }
  m->sec = bench_now() - t0;
  if (t) {
    m->check = terms_digest(t, e);
    m->articles = corpus_stats(c)->articles;
  }
  terms_free(t);
  corpus_close(c);
  return t ? 0 : -1;
}

int bench_run_stage(const bench_job *j, bench_stage s, bench_m *m, err *e) {
  memset(m, 0, sizeof *m);
  if (s == BENCH_TERMS) return pass_terms(j, m, e);
  if (s == BENCH_COOC || s == BENCH_CSV) return pass_cooc(j, s, m, e);
  if (s == BENCH_STORE) return pass_store(j, m, e);
  return pass_articles(j, s, m, e);
}
