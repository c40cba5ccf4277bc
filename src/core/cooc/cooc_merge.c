/* cooc_merge.c: merging co-occurrence tables and collapsing their periods (see cooc.h). */
#include "cooc/cooc.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cooc/cooc_internal.h"

/* same_shape: whether two tables have the same configuration and entity ids; else e set. */
static int same_shape(const cooc *x, const cooc *y, err *e) {
  if (x->cfg.context != y->cfg.context || x->cfg.window != y->cfg.window ||
      x->cfg.by != y->cfg.by)
    return err_set(e, "cooc: cannot merge tables built with different contexts or periods"),
           0;
  if (x->nents != y->nents)
    return err_set(e, "cooc: cannot merge tables of %zu and %zu entities", x->nents,
                   y->nents), 0;
  for (size_t i = 0; i < x->nents; i++)
    if (strcmp(x->ents[i].id, y->ents[i].id) != 0)
      return err_set(e, "cooc: cannot merge: entity %zu is '%s' in one table, '%s' in the other",
                     i + 1, x->ents[i].id, y->ents[i].id), 0;
  return 1;
}

/* add_slots: add every slot of `from` into `into`, mapping period p to map[p]. */
static int add_slots(cooc *into, const cooc *from, const long *map) {
  for (size_t i = 0; i < from->cap; i++) {
    const slot *s = &from->slots[i];
    if (!s->used) continue;
    slot *d = cooc_table_slot(into, (uint32_t)map[s->p], s->a, s->b);
    if (!d) return -1;
    d->v1 += s->v1;
    d->v2 += s->v2;
  }
  return 0;
}

/* merge_into: add from's counts into into, mapping from's periods through their names
 * (every name to `only` when it is not NULL). */
static int merge_into(cooc *into, const cooc *from, const char *only, err *e) {
  long *map = mem_alloc((from->nperiods + 1) * sizeof *map);
  if (!map) return err_nomem_at(e, "cooc");
  for (size_t p = 0; p < from->nperiods; p++) {
    map[p] = cooc_period_index(into, only ? only : from->periods[p].name);
    if (map[p] < 0) break;
    into->periods[map[p]].contexts += from->periods[p].contexts;
  }
  int rc = from->nperiods && map[from->nperiods - 1] < 0 ? -1 : add_slots(into, from, map);
  mem_free(map);
  return rc < 0 ? err_nomem_at(e, "cooc") : 0;
}

int cooc_merge(cooc *into, const cooc *from, err *e) {
  if (!same_shape(into, from, e)) return -1;
  return merge_into(into, from, NULL, e);
}

cooc *cooc_collapse(const cooc *t, err *e) {
  cooc *c = cooc_new_like(t, e);
  if (!c) return NULL;
  c->cfg.by = COOC_BY_NONE;
  if (merge_into(c, t, "", e) < 0 || (t->nperiods == 0 && cooc_period_index(c, "") < 0)) {
    cooc_free(c);
    return NULL;
  }
  return c;
}
