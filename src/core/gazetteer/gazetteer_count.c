/* gazetteer_count.c: gaz_count, per-entity counts over a whole corpus through the pipeline
 * (see gazetteer.h): each worker matches its articles and tallies them into its own
 * counters; the partial counters merge by addition. */
#include "gazetteer/gazetteer_count.h"
#include "base/mem.h"
#include "gazetteer/pipeline_doc.h"

/* What the workers share. */
typedef struct {
  const gazetteer *g;
  const textproc *tp;
  unsigned opts;
} count_job;

/* One worker: its article scratch and its partial counts. */
typedef struct {
  pipeline_doc s;
  gaz_counts c;
} count_worker;

void gaz_counts_free(gaz_counts *c) {
  mem_free(c->mentions);
  mem_free(c->articles);
  c->mentions = c->articles = NULL;
  c->n = 0;
  c->narticles = 0;
}

/* count_free: release a worker. */
static void count_free(void *state) {
  count_worker *w = state;
  if (!w) return;
  pipeline_doc_free(&w->s);
  gaz_counts_free(&w->c);
  mem_free(w);
}

/* count_new: a worker with zeroed counters for every entity. */
static void *count_new(void *ud, err *e) {
  const count_job *job = ud;
  size_t n = gaz_entity_count(job->g);
  count_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem_at(e, "gazetteer"), NULL;
  pipeline_doc_init(&w->s, job->tp, job->g, job->opts);
  w->c.n = n;
  w->c.mentions = mem_calloc(n ? n : 1, sizeof *w->c.mentions);
  w->c.articles = mem_calloc(n ? n : 1, sizeof *w->c.articles);
  if (!w->c.mentions || !w->c.articles) {
    count_free(w);
    return err_nomem_at(e, "gazetteer"), NULL;
  }
  return w;
}

/* count_article: match one article and add its mentions. */
static int count_article(void *state, const article *a, const warn_sink *ws, err *e) {
  count_worker *w = state;
  (void)ws;
  if (pipeline_doc_run(&w->s, a, e) < 0) return -1;
  w->c.narticles++;
  if (gaz_tally(w->s.g, &w->s.m, w->c.mentions, w->c.articles) < 0)
    return err_nomem_at(e, "gazetteer");
  return 0;
}

/* count_merge: add one worker's counts into another's. */
static int count_merge(void *into, void *from, err *e) {
  gaz_counts *a = &((count_worker *)into)->c, *b = &((count_worker *)from)->c;
  (void)e;
  for (size_t i = 0; i < a->n; i++) {
    a->mentions[i] += b->mentions[i];
    a->articles[i] += b->articles[i];
  }
  a->narticles += b->narticles;
  return 0;
}

int gaz_count(const gazetteer *g, unsigned opts, const pipeline_opts *o, pipeline_warnings *pw,
              gaz_counts *out, err *e) {
  count_job job = {g, gaz_textproc(g), opts & ~(unsigned)GAZ_KEEP_DROPPED};
  pipeline_worker_fns f = {count_new, count_article, count_merge, count_free, &job, NULL};
  count_worker *w = pipeline_run(o, &f, pw, e);
  if (!w) return -1;
  *out = w->c;
  w->c = (gaz_counts){NULL, NULL, 0, 0};
  count_free(w);
  return 0;
}
