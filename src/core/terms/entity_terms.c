/* entity_terms.c: the terms of an entity's contexts and of the whole corpus, counted in one
 * threaded pass (see terms.h: terms_count_entity). */
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "terms/terms.h"

/* What the workers share. */
typedef struct {
  const terms_opts *o;
  const textproc *tp;
  const gazetteer *g;
  const terms_entity_opts *eo;
} entity_job;

/* One worker: its article scratch (with mentions), its two partial tables and its mask. */
typedef struct {
  const entity_job *job;
  pipeline_doc s;
  terms *target, *whole;
  uint8_t *mask;
  size_t mask_cap;
} entity_worker;

/* worker_free: release a worker. */
static void worker_free(void *state) {
  entity_worker *w = state;
  if (!w) return;
  pipeline_doc_free(&w->s);
  terms_free(w->target);
  terms_free(w->whole);
  mem_free(w->mask);
  mem_free(w);
}

/* worker_new: a worker with empty tables. */
static void *worker_new(void *ud, err *e) {
  const entity_job *job = ud;
  entity_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem_at(e, "terms"), NULL;
  w->job = job;
  pipeline_doc_init(&w->s, job->tp, job->g, job->eo->match_opts);
  if (!(w->target = terms_new(job->o, e)) || !(w->whole = terms_new(job->o, e)))
    return worker_free(w), NULL;
  return w;
}

/* mark_window: set mask on the word (and other) tokens of mention c's sentence that lie at
 * most k word tokens before its first token or after its last one. */
static void mark_window(const doc *d, const mention *c, size_t k, uint8_t *mask) {
  const span *sp = &d->sentences[c->sentence];
  size_t lo = c->tok_first, hi = c->tok_first + c->tok_count, words = 0;
  while (lo > sp->first && words < k) words += d->tokens[--lo].kind == TOK_WORD;
  for (words = 0; hi < (size_t)sp->first + sp->count && words < k; hi++)
    words += d->tokens[hi].kind == TOK_WORD;
  memset(mask + lo, 1, hi - lo);
}

/* entity_mask: the mask of the entity's contexts in the doc of s (its sentences, or a
 * window of words around each mention; the mentions' own tokens left out), into w->mask.
 * The number of the entity's mentions, or -1 (memory). */
static long entity_mask(entity_worker *w) {
  const doc *d = &w->s.d;
  const mention_list *m = &w->s.m;
  const terms_entity_opts *eo = w->job->eo;
  if (mem_grow(&w->mask, &w->mask_cap, d->ntokens ? d->ntokens : 1, 1) < 0) return -1;
  memset(w->mask, 0, d->ntokens);
  long n = 0;
  for (size_t i = 0; i < m->n; i++) {
    const mention *c = &m->items[i];
    if (c->entity != eo->entity) continue;
    n++;
    const span *sp = &d->sentences[c->sentence];
    if (eo->window) mark_window(d, c, eo->window, w->mask);
    else memset(w->mask + sp->first, 1, sp->count);
  }
  for (size_t i = 0; n && i < m->n; i++) {
    const mention *c = &m->items[i];
    if (c->entity == eo->entity) memset(w->mask + c->tok_first, 0, c->tok_count);
  }
  return n;
}

/* worker_article: count the article in the whole table and, when it mentions the entity,
 * its contexts in the target table. */
static int worker_article(void *state, const article *a, const warn_sink *ws, err *e) {
  entity_worker *w = state;
  char period[COOC_PERIOD_MAX];
  (void)ws;
  if (pipeline_doc_run(&w->s, a, e) < 0) return -1;
  const char *slice = terms_slice_of(w->whole, a, period);
  if (terms_add_doc(w->whole, slice, &w->s.d, e) < 0) return -1;
  long n = entity_mask(w);
  if (n < 0) return err_nomem_at(e, "terms");
  return n ? terms_add_doc_masked(w->target, slice, &w->s.d, w->mask, e) : 0;
}

/* worker_merge: add one worker's tables into another's. */
static int worker_merge(void *into, void *from, err *e) {
  entity_worker *a = into, *b = from;
  return terms_merge(a->target, b->target, e) < 0 ? -1 : terms_merge(a->whole, b->whole, e);
}

int terms_count_entity(const terms_opts *o, const gazetteer *g, const terms_entity_opts *eo,
                       const pipeline_opts *po, pipeline_warnings *pw, terms **target,
                       terms **whole, err *e) {
  entity_job job = {o, gaz_textproc(g), g, eo};
  pipeline_worker_fns f = {worker_new, worker_article, worker_merge, worker_free, &job, NULL};
  entity_worker *w = pipeline_run(po, &f, pw, e);
  if (!w) return -1;
  *target = w->target;
  *whole = w->whole;
  w->target = w->whole = NULL;
  worker_free(w);
  return 0;
}
