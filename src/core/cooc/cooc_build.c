/* cooc_build.c: co-occurrence tables over a whole corpus through the pipeline (cooc.h). */
#include "cooc/cooc.h"
#include "base/mem.h"
#include "gazetteer/pipeline_doc.h"

/* One worker: its article scratch and its partial table. */
typedef struct {
  pipeline_doc s;
  cooc *t;
} build_worker;

/* build_new: a worker with an empty table like the prototype. */
static void *build_new(void *ud, err *e) {
  const cooc_build_opts *b = ud;
  build_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem_at(e, "cooc"), NULL;
  pipeline_doc_init(&w->s, gaz_textproc(b->g), b->g, b->match_opts);
  if ((w->t = cooc_new_like(b->proto, e)) == NULL) {
    pipeline_doc_free(&w->s);
    mem_free(w);
    return NULL;
  }
  return w;
}

/* build_article: analyze one article and count it in its period. */
static int build_article(void *state, const article *a, const warn_sink *ws, err *e) {
  build_worker *w = state;
  char period[COOC_PERIOD_MAX];
  (void)ws;
  if (pipeline_doc_run(&w->s, a, e) < 0) return -1;
  cooc_period_of(cooc_config_of(w->t)->by, a->date, period);
  return cooc_add_doc(w->t, period, &w->s.d, w->s.m.items, w->s.m.n, e);
}

/* build_merge: add one worker's table into another's. */
static int build_merge(void *into, void *from, err *e) {
  return cooc_merge(((build_worker *)into)->t, ((build_worker *)from)->t, e);
}

/* build_free: release a worker and its table. */
static void build_free(void *state) {
  build_worker *w = state;
  if (!w) return;
  pipeline_doc_free(&w->s);
  cooc_free(w->t);
  mem_free(w);
}

cooc *cooc_build(const cooc_build_opts *b, const pipeline_opts *o, pipeline_warnings *w,
                 err *e) {
  pipeline_worker_fns f = {build_new, build_article, build_merge, build_free, (void *)b, NULL};
  build_worker *r = pipeline_run(o, &f, w, e);
  if (!r) return NULL;
  cooc *t = r->t;
  r->t = NULL;
  build_free(r);
  return t;
}

cooc *cooc_table_from_gazetteer(const cooc_config *cfg, const gazetteer *g, err *e) {
  cooc *t = cooc_new(cfg, e);
  for (size_t i = 0; t && i < gaz_entity_count(g); i++) {
    const gaz_entity *x = gaz_entity_at(g, i);
    if (cooc_add_entity(t, x->id, x->type, x->name, e) < 0) {
      cooc_free(t);
      return NULL;
    }
  }
  return t;
}
