/* cooc_count.c: counting one doc (or its points) into a co-occurrence table (see cooc.h). */
#include "cooc/cooc.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cooc/cooc_internal.h"

/* add_marginal: n_a += units and mentions of a += mentions, in period p; 0 or -1. */
static int add_marginal(cooc *t, uint32_t p, uint32_t a, uint64_t units, uint64_t mentions) {
  slot *s = cooc_table_slot(t, p, a, a);
  if (!s) return -1;
  s->v1 += units;
  s->v2 += mentions;
  return 0;
}

/* add_pair: n_ab += 1 for entities a != b in period p; 0 or -1. */
static int add_pair(cooc *t, uint32_t p, uint32_t a, uint32_t b) {
  slot *s = a < b ? cooc_table_slot(t, p, a, b) : cooc_table_slot(t, p, b, a);
  if (!s) return -1;
  s->v1++;
  return 0;
}

static int cmp_u64(const void *x, const void *y) {
  uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
  return (a > b) - (a < b);
}

/* window_pairs: N of an article of w words for window k (ordered position pairs). */
static uint64_t window_pairs(uint64_t w, uint64_t k) {
  uint64_t n = 0;
  if (w <= k) n = w * (w - (w > 0)) / 2;
  else n = k * w - k * (k + 1) / 2;
  return 2 * n;
}

/* units_of: the number of contexts an article adds to N. */
static uint64_t units_of(const cooc *t, const cooc_units *u) {
  switch (t->cfg.context) {
  case COOC_SENTENCE: return u->sentences;
  case COOC_PARAGRAPH: return u->paragraphs;
  case COOC_ARTICLE: return u->has_tokens != 0;
  default: return window_pairs(u->words, t->cfg.window);
  }
}

/* count_unit: the pairs and marginals of one unit's sorted keys k[0..n) (entity in the
 * low 32 bits, duplicates adjacent): each entity's marginal counts the unit once and its
 * mentions (its keys) all; 0 or -1. */
static int count_unit(cooc *t, uint32_t p, const uint64_t *k, size_t n) {
  for (size_t i = 0, next; i < n; i = next) {
    uint32_t a = (uint32_t)k[i];
    for (next = i + 1; next < n && (uint32_t)k[next] == a;) next++;
    if (add_marginal(t, p, a, 1, next - i) < 0) return -1;
    for (size_t j = next; j < n; j++) {
      uint32_t b = (uint32_t)k[j];
      if (b != (uint32_t)k[j - 1] && add_pair(t, p, a, b) < 0) return -1;
    }
  }
  return 0;
}

/* add_units: count an article in a unit context; keys hold (unit << 32 | entity), sorted
 * (mentions included). */
static int add_units(cooc *t, uint32_t p, const uint64_t *k, size_t n) {
  for (size_t i = 0; i < n;) {
    size_t j = i;
    while (j < n && k[j] >> 32 == k[i] >> 32) j++;
    if (count_unit(t, p, k + i, j - i) < 0) return -1;
    i = j;
  }
  return 0;
}

/* add_window: count an article in window mode; keys hold (word position << 32 | entity),
 * sorted; w = the article's word count (mentions included). */
static int add_window(cooc *t, uint32_t p, const uint64_t *k, size_t n, uint64_t w) {
  uint64_t win = t->cfg.window;
  for (size_t i = 0; i < n; i++) {
    uint64_t pos = k[i] >> 32;
    uint64_t left = pos < win ? pos : win;
    uint64_t right = w - 1 - pos < win ? w - 1 - pos : win;
    if (add_marginal(t, p, (uint32_t)k[i], left + right, 1) < 0) return -1;
    for (size_t j = i + 1; j < n && (k[j] >> 32) - pos <= win; j++)
      if ((uint32_t)k[j] != (uint32_t)k[i] && add_pair(t, p, (uint32_t)k[i], (uint32_t)k[j]) < 0)
        return -1;
  }
  return 0;
}

/* sort_keys: sort k[0..n) ascending: insertion sort for an article's few mentions. */
static void sort_keys(uint64_t *k, size_t n) {
  if (n > 64) {
    qsort(k, n, sizeof *k, cmp_u64);
    return;
  }
  for (size_t i = 1; i < n; i++) {
    uint64_t v = k[i];
    size_t j = i;
    for (; j > 0 && k[j - 1] > v; j--) k[j] = k[j - 1];
    k[j] = v;
  }
}

/* point_keys: the points as sorted keys (hi << 32 | entity) in t->keys, hi = the unit of
 * the context or the word position; 0, or -1 with e set (memory, a bad entity index). */
static int point_keys(cooc *t, const cooc_point *pts, size_t n, err *e) {
  if (mem_grow(&t->keys, &t->keys_cap, n + 1, sizeof *t->keys) < 0)
    return err_nomem_at(e, "cooc");
  for (size_t i = 0; i < n; i++) {
    const cooc_point *x = &pts[i];
    if (x->entity >= t->nents)
      return err_set(e, "cooc: mention of entity %u, but the table has %zu entities",
                     (unsigned)x->entity, t->nents);
    uint64_t hi = t->cfg.context == COOC_SENTENCE    ? x->sentence
                  : t->cfg.context == COOC_PARAGRAPH ? x->paragraph
                  : t->cfg.context == COOC_WINDOW    ? x->word
                                                     : 0;
    t->keys[i] = hi << 32 | x->entity;
  }
  sort_keys(t->keys, n);
  return 0;
}

int cooc_add_points(cooc *t, const char *period_name, const cooc_units *u,
                    const cooc_point *pts, size_t n, err *e) {
  long p = cooc_period_index(t, period_name);
  if (p < 0) return err_nomem_at(e, "cooc");
  if (point_keys(t, pts, n, e) < 0) return -1;
  t->periods[p].contexts += units_of(t, u);
  int rc = t->cfg.context == COOC_WINDOW ? add_window(t, (uint32_t)p, t->keys, n, u->words)
                                         : add_units(t, (uint32_t)p, t->keys, n);
  return rc < 0 ? err_nomem_at(e, "cooc") : 0;
}

/* doc_units: the units of an analyzed doc (its words only when windows need them). */
static cooc_units doc_units(const cooc *t, const doc *d) {
  cooc_units u = {0, 0, 0, d->ntokens > 0};
  for (size_t i = 0; i < d->nsentences; i++) u.sentences += d->sentences[i].count > 0;
  for (size_t i = 0; i < d->nparagraphs; i++) u.paragraphs += d->paragraphs[i].count > 0;
  if (t->cfg.context == COOC_WINDOW) u.words = doc_word_count(d);
  return u;
}

/* doc_points: the mentions m[0..n) that count (not MENTION_DROPPED) as points in t->pts,
 * with their word positions (windows only: 0 otherwise); their number, or -1 when out of
 * memory. */
static long doc_points(cooc *t, const doc *d, const mention *m, size_t n) {
  if (mem_grow(&t->pts, &t->pts_cap, n + 1, sizeof *t->pts) < 0) return -1;
  size_t np = 0, tok = 0, words = 0;
  int window = t->cfg.context == COOC_WINDOW;
  for (size_t i = 0; i < n; i++) {
    if (m[i].flags & MENTION_DROPPED) continue;
    if (m[i].tok_first < tok) tok = words = 0; /* not in text order: count again */
    for (; window && tok < m[i].tok_first && tok < d->ntokens; tok++)
      words += d->tokens[tok].kind == TOK_WORD;
    t->pts[np++] = (cooc_point){m[i].entity, m[i].sentence, m[i].paragraph, (uint32_t)words};
  }
  return (long)np;
}

int cooc_add_doc(cooc *t, const char *period_name, const doc *d, const mention *m, size_t n,
                 err *e) {
  long np = doc_points(t, d, m, n);
  if (np < 0) return err_nomem_at(e, "cooc");
  cooc_units u = doc_units(t, d);
  return cooc_add_points(t, period_name, &u, t->pts, (size_t)np, e);
}

int cooc_add_counts(cooc *t, const char *period_name, size_t a, size_t b, uint64_t count,
                    uint64_t mentions, err *e) {
  if (a >= t->nents || b >= t->nents)
    return err_set(e, "cooc: entity index out of range (%zu entities)", t->nents);
  long p = cooc_period_index(t, period_name);
  slot *s = p < 0 ? NULL : a <= b ? cooc_table_slot(t, (uint32_t)p, (uint32_t)a, (uint32_t)b)
                                  : cooc_table_slot(t, (uint32_t)p, (uint32_t)b, (uint32_t)a);
  if (!s) return err_nomem_at(e, "cooc");
  s->v1 += count;
  if (a == b) s->v2 += mentions;
  return 0;
}

int cooc_add_contexts(cooc *t, const char *period_name, uint64_t n, err *e) {
  long p = cooc_period_index(t, period_name);
  if (p < 0) return err_nomem_at(e, "cooc");
  t->periods[p].contexts += n;
  return 0;
}
