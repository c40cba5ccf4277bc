/* cooc_read.c: reading a co-occurrence table: counts, marginals and its rows in the
 * order of TEXT-SPEC §8 (see cooc.h). */
#include "cooc/cooc.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cooc/cooc_internal.h"

uint64_t cooc_marginal(const cooc *t, size_t p, size_t a, uint64_t *mentions) {
  const slot *s = cooc_table_get(t, p, a, a);
  if (mentions) *mentions = s ? s->v2 : 0;
  return s ? s->v1 : 0;
}

uint64_t cooc_count(const cooc *t, size_t p, size_t a, size_t b) {
  if (a == b) return 0;
  const slot *s = a < b ? cooc_table_get(t, p, a, b) : cooc_table_get(t, p, b, a);
  return s ? s->v1 : 0;
}

void cooc_row_fill(const cooc *t, cooc_row *r) {
  r->count_a = cooc_marginal(t, r->period, r->a, NULL);
  r->count_b = cooc_marginal(t, r->period, r->b, NULL);
  r->contexts = t->periods[r->period].contexts;
  measures_all(r->count, r->count_a, r->count_b, r->contexts, &r->m);
}

/* What a row sorts by (§8: period, count desc, id a, id b), and its slot: the rows are
 * made in order once the keys are sorted, so that sorting moves small records. */
typedef struct {
  uint64_t count;
  uint32_t prank, arank, brank, slot;
} rank_key;

static int cmp_rank(const void *x, const void *y) {
  const rank_key *a = x, *b = y;
  if (a->prank != b->prank) return a->prank < b->prank ? -1 : 1;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  if (a->arank != b->arank) return a->arank < b->arank ? -1 : 1;
  return (a->brank > b->brank) - (a->brank < b->brank);
}

/* entity_ranks: erank[i] = the place of entity i among the ids sorted by byte order. */
static int entity_ranks(const cooc *t, size_t *erank) {
  for (size_t i = 0; i < t->nents; i++) erank[t->byid[i]] = i;
  return 0;
}

/* rank_keys: the sort keys of the rows of t (period p or all when p < 0), unsorted, with
 * entity ranks erank and period ranks prank; NULL when out of memory. */
static rank_key *rank_keys(const cooc *t, long p, const size_t *erank, const size_t *prank,
                           size_t *n) {
  rank_key *v = mem_alloc((t->npairs + 1) * sizeof *v);
  if (!v) return NULL;
  *n = 0;
  for (size_t i = 0; i < t->cap; i++) {
    const slot *s = &t->slots[i];
    if (!s->used || s->a == s->b || s->v1 == 0 || (p >= 0 && s->p != (uint32_t)p)) continue;
    size_t ra = erank[s->a], rb = erank[s->b];
    v[(*n)++] = (rank_key){s->v1, (uint32_t)prank[s->p], (uint32_t)(ra < rb ? ra : rb),
                           (uint32_t)(ra < rb ? rb : ra), (uint32_t)i};
  }
  return v;
}

/* row_of: the row of the pair in slot k, a being the entity with the smaller id. */
static cooc_row row_of(const cooc *t, const rank_key *k) {
  const slot *s = &t->slots[k->slot];
  uint32_t a = t->byid[k->arank], b = t->byid[k->brank];
  cooc_row r = {.period = s->p, .a = a, .b = b, .count = s->v1};
  cooc_row_fill(t, &r);
  return r;
}

/* period_ranks: prank[p] = the place of period p among the periods sorted by name. */
static int period_ranks(const cooc *t, size_t *prank) {
  size_t *order = mem_alloc((t->nperiods + 1) * sizeof *order);
  if (!order) return -1;
  cooc_period_order(t, order);
  for (size_t i = 0; i < t->nperiods; i++) prank[order[i]] = i;
  mem_free(order);
  return 0;
}

int cooc_rows(const cooc *t, long p, cooc_row **rows, size_t *n, err *e) {
  size_t *erank = mem_alloc((t->nents + 1) * sizeof *erank);
  size_t *prank = mem_alloc((t->nperiods + 1) * sizeof *prank);
  rank_key *v = NULL;
  if (erank && prank && entity_ranks(t, erank) == 0 &&
      period_ranks(t, prank) == 0)
    v = rank_keys(t, p, erank, prank, n);
  mem_free(erank);
  mem_free(prank);
  if (!v) return err_nomem_at(e, "cooc");
  qsort(v, *n, sizeof *v, cmp_rank);
  *rows = mem_alloc((*n + 1) * sizeof **rows);
  for (size_t i = 0; *rows && i < *n; i++) (*rows)[i] = row_of(t, &v[i]);
  mem_free(v);
  return *rows ? 0 : err_nomem_at(e, "cooc");
}
