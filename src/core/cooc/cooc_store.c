/* cooc_store.c: co-occurrence tables from the mentions a store holds (cooc.h), without
 * analyzing the articles again. */
#include "cooc/cooc.h"
#include "base/mem.h"
#include "store/store.h"

/* store_points: the stored mentions of sa that count, as points in *pts (grown as needed);
 * their number, or -1 when out of memory. Unknown entity ids are counted in *unknown. */
static long store_points(const cooc *t, const store_article *sa, int demonyms,
                         cooc_point **pts, size_t *cap, size_t *unknown) {
  if (mem_grow(pts, cap, sa->n + 1, sizeof **pts) < 0) return -1;
  size_t n = 0;
  for (size_t i = 0; i < sa->n; i++) {
    const store_mention *m = &sa->m[i];
    if ((m->flags & MENTION_DROPPED) || ((m->flags & MENTION_DEMONYM) && !demonyms)) continue;
    long ent = cooc_entity_find(t, m->entity_id);
    if (ent < 0) {
      ++*unknown;
      continue;
    }
    (*pts)[n++] = (cooc_point){(uint32_t)ent, (uint32_t)m->sentence, (uint32_t)m->paragraph,
                               (uint32_t)m->word};
  }
  return (long)n;
}

int cooc_add_store(cooc *t, struct store_mentions *it, int demonyms, size_t *unknown,
                   err *e) {
  cooc_point *pts = NULL;
  size_t cap = 0;
  store_article sa;
  char period[COOC_PERIOD_MAX];
  int rc;
  *unknown = 0;
  while ((rc = store_mentions_next(it, &sa, e)) == 1) {
    long n = store_points(t, &sa, demonyms, &pts, &cap, unknown);
    cooc_units u = {(uint64_t)sa.sentences, (uint64_t)sa.paragraphs, (uint64_t)sa.tokens,
                    sa.sentences > 0};
    if (n < 0) rc = err_nomem_at(e, "cooc");
    else rc = cooc_add_points(t, cooc_period_of(cooc_config_of(t)->by, sa.date, period), &u,
                              pts, (size_t)n, e);
    if (rc < 0) break;
  }
  mem_free(pts);
  return rc < 0 ? -1 : 0;
}
