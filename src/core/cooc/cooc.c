/* cooc.c: co-occurrence tables: the hash, entities and periods (see cooc.h; the table's
 * layout is in cooc_internal.h). */
#include "cooc/cooc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cooc/cooc_internal.h"

static const char *const context_names[] = {"sentence", "paragraph", "article", "window"};
static const char *const by_names[] = {"none", "month", "year", "week", "day"};

const char *cooc_context_name(cooc_context c) { return context_names[c]; }
const char *cooc_by_name(cooc_by b) { return by_names[b]; }

int cooc_context_find(const char *name) {
  for (int i = 0; i < 4; i++)
    if (strcmp(name, context_names[i]) == 0) return i;
  return -1;
}

int cooc_by_find(const char *name) {
  for (int i = 0; i < (int)(sizeof by_names / sizeof *by_names); i++)
    if (strcmp(name, by_names[i]) == 0) return i;
  return -1;
}

/* ---- the hash ------------------------------------------------------------------------- */

/* slot_hash: a well-mixed 64-bit hash of a key. */
static uint64_t slot_hash(uint32_t p, uint32_t a, uint32_t b) {
  uint64_t h = ((uint64_t)a << 32 | b) ^ ((uint64_t)p * 0x9E3779B97F4A7C15u);
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDu;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53u;
  return h ^ (h >> 33);
}

/* slot_find: the slot of key (p, a, b), or the empty slot where it would go. */
static slot *slot_find(slot *slots, size_t cap, uint32_t p, uint32_t a, uint32_t b) {
  size_t mask = cap - 1, i = slot_hash(p, a, b) & mask;
  for (;;) {
    slot *s = &slots[i];
    if (!s->used || (s->p == p && s->a == a && s->b == b)) return s;
    i = (i + 1) & mask;
  }
}

/* table_grow: double the hash (or create it); 0 or -1. */
static int table_grow(cooc *t) {
  size_t cap = t->cap ? t->cap * 2 : 1024;
  slot *n = mem_calloc(cap, sizeof *n);
  if (!n) return -1;
  for (size_t i = 0; i < t->cap; i++) {
    slot *s = &t->slots[i];
    if (s->used) *slot_find(n, cap, s->p, s->a, s->b) = *s;
  }
  mem_free(t->slots);
  t->slots = n;
  t->cap = cap;
  return 0;
}

/* cooc_table_slot: the slot of key (p, a, b), created (zero) when absent; NULL when out of
 * memory. The load factor stays under 3/4 (a large gazetteer makes hundreds of thousands
 * of pairs: memory counts more than the longer probes). */
slot *cooc_table_slot(cooc *t, uint32_t p, uint32_t a, uint32_t b) {
  if ((t->used + 1) * 4 > t->cap * 3 && table_grow(t) < 0) return NULL;
  slot *s = slot_find(t->slots, t->cap, p, a, b);
  if (!s->used) {
    *s = (slot){p, a, b, 1, 0, 0};
    t->used++;
    if (a != b) t->npairs++;
  }
  return s;
}

/* cooc_table_get: the slot of key (p, a, b), or NULL when absent. */
const slot *cooc_table_get(const cooc *t, size_t p, size_t a, size_t b) {
  if (!t->cap) return NULL;
  const slot *s = slot_find(t->slots, t->cap, (uint32_t)p, (uint32_t)a, (uint32_t)b);
  return s->used ? s : NULL;
}

/* ---- tables, entities, periods -------------------------------------------------------- */

cooc *cooc_new(const cooc_config *cfg, err *e) {
  if (cfg->context == COOC_WINDOW && cfg->window < 1)
    return err_set(e, "cooc: the window must be at least 1 word"), NULL;
  cooc *t = mem_calloc(1, sizeof *t);
  if (!t) return err_nomem_at(e, "cooc"), NULL;
  t->cfg = *cfg;
  if (cfg->context != COOC_WINDOW) t->cfg.window = 0;
  return t;
}

cooc *cooc_new_like(const cooc *t, err *e) {
  cooc *n = cooc_new(&t->cfg, e);
  for (size_t i = 0; n && i < t->nents; i++) {
    const gaz_entity *x = &t->ents[i];
    if (cooc_add_entity(n, x->id, x->type, x->name, e) < 0) {
      cooc_free(n);
      return NULL;
    }
  }
  return n;
}

void cooc_free(cooc *t) {
  if (!t) return;
  for (size_t i = 0; i < t->nents; i++) {
    mem_free((char *)t->ents[i].id);
    mem_free((char *)t->ents[i].type);
    mem_free((char *)t->ents[i].name);
  }
  mem_free(t->ents);
  mem_free(t->byid);
  mem_free(t->periods);
  mem_free(t->slots);
  mem_free(t->pts);
  mem_free(t->keys);
  mem_free(t);
}

/* id_place: where id is, or would go, in t->byid (binary search). */
static size_t id_place(const cooc *t, const char *id) {
  size_t lo = 0, hi = t->nents;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(t->ents[t->byid[mid]].id, id) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/* index_entity: insert the last entity added into the sorted index (before nents grows). */
static void index_entity(cooc *t, const char *id) {
  size_t at = id_place(t, id);
  memmove(&t->byid[at + 1], &t->byid[at], (t->nents - at) * sizeof *t->byid);
  t->byid[at] = (uint32_t)t->nents;
}

int cooc_add_entity(cooc *t, const char *id, const char *type, const char *name, err *e) {
  if (cooc_entity_find(t, id) >= 0) return err_set(e, "cooc: entity '%s' added twice", id);
  if (mem_grow(&t->ents, &t->ents_cap, t->nents + 1, sizeof *t->ents) < 0 ||
      mem_grow(&t->byid, &t->byid_cap, t->nents + 1, sizeof *t->byid) < 0)
    return err_nomem_at(e, "cooc");
  gaz_entity *x = &t->ents[t->nents];
  type = type ? type : "MISC";
  name = name ? name : id;
  x->id = mem_strndup(id, strlen(id));
  x->type = mem_strndup(type, strlen(type));
  x->name = mem_strndup(name, strlen(name));
  if (!x->id || !x->type || !x->name) {
    mem_free((char *)x->id);
    mem_free((char *)x->type);
    mem_free((char *)x->name);
    return err_nomem_at(e, "cooc");
  }
  index_entity(t, x->id);
  t->nents++;
  return 0;
}

const cooc_config *cooc_config_of(const cooc *t) { return &t->cfg; }
size_t cooc_entity_count(const cooc *t) { return t->nents; }
const gaz_entity *cooc_entity(const cooc *t, size_t i) { return &t->ents[i]; }

long cooc_entity_find(const cooc *t, const char *id) {
  size_t at = id_place(t, id);
  return at < t->nents && strcmp(t->ents[t->byid[at]].id, id) == 0 ? (long)t->byid[at] : -1;
}

size_t cooc_period_count(const cooc *t) { return t->nperiods; }
const char *cooc_period_name(const cooc *t, size_t p) { return t->periods[p].name; }
uint64_t cooc_contexts(const cooc *t, size_t p) { return t->periods[p].contexts; }
size_t cooc_pair_total(const cooc *t) { return t->npairs; }

long cooc_period_find(const cooc *t, const char *name) {
  for (size_t i = 0; i < t->nperiods; i++)
    if (strcmp(t->periods[i].name, name) == 0) return (long)i;
  return -1;
}

/* cooc_period_index: the index of period `name`, created when absent; -1 when out of memory.
 * The last period used is tried first (articles of one period tend to come together). */
long cooc_period_index(cooc *t, const char *name) {
  if (t->last_period < t->nperiods && strcmp(t->periods[t->last_period].name, name) == 0)
    return (long)t->last_period;
  long p = cooc_period_find(t, name);
  if (p < 0) {
    if (mem_grow(&t->periods, &t->periods_cap, t->nperiods + 1, sizeof *t->periods) < 0)
      return -1;
    p = (long)t->nperiods++;
    period *x = &t->periods[p];
    snprintf(x->name, sizeof x->name, "%s", name);
    x->contexts = 0;
  }
  t->last_period = (size_t)p;
  return p;
}

/* A name and its index, to sort indexes by name. */
typedef struct {
  const char *name;
  size_t index;
} named;

static int cmp_named(const void *x, const void *y) {
  return strcmp(((const named *)x)->name, ((const named *)y)->name);
}

void cooc_period_order(const cooc *t, size_t *order) {
  named *v = mem_alloc((t->nperiods + 1) * sizeof *v);
  if (!v) { /* out of memory: internal order, still a valid permutation */
    for (size_t i = 0; i < t->nperiods; i++) order[i] = i;
    return;
  }
  for (size_t i = 0; i < t->nperiods; i++) v[i] = (named){t->periods[i].name, i};
  qsort(v, t->nperiods, sizeof *v, cmp_named);
  for (size_t i = 0; i < t->nperiods; i++) order[i] = v[i].index;
  mem_free(v);
}
