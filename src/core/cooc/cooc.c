/* cooc.c: co-occurrence tables: the hash, periods, counting one doc, merging (see cooc.h). */
#include "cooc/cooc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"

/* One hash slot. a == b holds entity a's marginal (v1 = n_a, v2 = mentions); a < b holds
 * the pair (v1 = n_ab). used = 0 marks an empty slot. */
typedef struct {
  uint32_t p, a, b, used;
  uint64_t v1, v2;
} slot;

typedef struct {
  char name[COOC_PERIOD_MAX];
  uint64_t contexts;
} period;

struct cooc {
  cooc_config cfg;
  gaz_entity *ents;
  size_t nents, ents_cap;
  uint32_t *byid;   /* entity indexes sorted by id (byte order) */
  size_t byid_cap;
  period *periods;
  size_t nperiods, periods_cap, last_period;
  slot *slots;
  size_t cap, used, npairs; /* cap is a power of two */
  cooc_point *pts;          /* add_doc: the mentions that count */
  size_t pts_cap;
  uint64_t *keys;           /* add_points: (unit or position << 32 | entity), sorted */
  size_t keys_cap;
};

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

/* table_slot: the slot of key (p, a, b), created (zero) when absent; NULL when out of
 * memory. The load factor stays under 3/4 (a large gazetteer makes hundreds of thousands
 * of pairs: memory counts more than the longer probes). */
static slot *table_slot(cooc *t, uint32_t p, uint32_t a, uint32_t b) {
  if ((t->used + 1) * 4 > t->cap * 3 && table_grow(t) < 0) return NULL;
  slot *s = slot_find(t->slots, t->cap, p, a, b);
  if (!s->used) {
    *s = (slot){p, a, b, 1, 0, 0};
    t->used++;
    if (a != b) t->npairs++;
  }
  return s;
}

/* table_get: the slot of key (p, a, b), or NULL when absent. */
static const slot *table_get(const cooc *t, size_t p, size_t a, size_t b) {
  if (!t->cap) return NULL;
  const slot *s = slot_find(t->slots, t->cap, (uint32_t)p, (uint32_t)a, (uint32_t)b);
  return s->used ? s : NULL;
}

/* ---- tables, entities, periods -------------------------------------------------------- */

cooc *cooc_new(const cooc_config *cfg, err *e) {
  if (cfg->context == COOC_WINDOW && cfg->window < 1)
    return err_set(e, "cooc: the window must be at least 1 word"), NULL;
  cooc *t = mem_calloc(1, sizeof *t);
  if (!t) return err_set(e, "cooc: out of memory"), NULL;
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
    return err_set(e, "cooc: out of memory");
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
    return err_set(e, "cooc: out of memory");
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

/* period_index: the index of period `name`, created when absent; -1 when out of memory.
 * The last period used is tried first (articles of one period tend to come together). */
static long period_index(cooc *t, const char *name) {
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

/* ---- periods of dates ----------------------------------------------------------------- */

/* days_from_civil: days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

/* iso_weekday: 1 (Monday) .. 7 (Sunday) of a days_from_civil day number. */
static int iso_weekday(long days) {
  long w = (days + 3) % 7; /* 1970-01-01 was a Thursday: 3 with Monday = 0 */
  return (int)(w < 0 ? w + 7 : w) + 1;
}

/* iso_weeks_in: 52 or 53, the ISO weeks of week-year y (53 when it has 53 Thursdays). */
static int iso_weeks_in(long y) {
  int jan1 = iso_weekday(days_from_civil(y, 1, 1));
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return jan1 == 4 || (leap && jan1 == 3) ? 53 : 52;
}

/* parse_date: y, m, d of a date starting "YYYY-MM-DD" that exists; 0 or -1. */
static int parse_date(const char *s, long *y, unsigned *m, unsigned *d) {
  static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int i = 0; i < 10; i++) {
    int digit = s[i] >= '0' && s[i] <= '9';
    if ((i == 4 || i == 7) ? s[i] != '-' : !digit) return -1;
  }
  *y = strtol(s, NULL, 10);
  *m = (unsigned)strtoul(s + 5, NULL, 10);
  *d = (unsigned)strtoul(s + 8, NULL, 10);
  if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1]) return -1;
  int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  return *m == 2 && *d == 29 && !leap ? -1 : 0;
}

/* iso_week: the ISO 8601 week-year *wy and week of a date. */
static int iso_week(long y, unsigned m, unsigned d, long *wy) {
  long days = days_from_civil(y, m, d);
  long ordinal = days - days_from_civil(y, 1, 1) + 1;
  long week = (ordinal - iso_weekday(days) + 10) / 7;
  *wy = y;
  if (week < 1) {
    *wy = y - 1;
    return iso_weeks_in(y - 1);
  }
  if (week > iso_weeks_in(y)) {
    *wy = y + 1;
    return 1;
  }
  return (int)week;
}

const char *cooc_period_of(cooc_by by, const char *date, char out[COOC_PERIOD_MAX]) {
  long y, wy;
  unsigned m, d;
  if (by == COOC_BY_NONE) {
    out[0] = '\0';
  } else if (!date || parse_date(date, &y, &m, &d) < 0) {
    snprintf(out, COOC_PERIOD_MAX, "unknown");
  } else if (by == COOC_BY_YEAR) {
    snprintf(out, COOC_PERIOD_MAX, "%04ld", y);
  } else if (by == COOC_BY_MONTH) {
    snprintf(out, COOC_PERIOD_MAX, "%04ld-%02u", y, m);
  } else if (by == COOC_BY_DAY) {
    snprintf(out, COOC_PERIOD_MAX, "%.10s", date); /* the checked "YYYY-MM-DD" itself */
  } else {
    int w = iso_week(y, m, d, &wy);
    snprintf(out, COOC_PERIOD_MAX, "%04ld-W%02d", wy, w);
  }
  return out;
}

/* ---- counting one doc ----------------------------------------------------------------- */

/* add_marginal: n_a += units and mentions of a += mentions, in period p; 0 or -1. */
static int add_marginal(cooc *t, uint32_t p, uint32_t a, uint64_t units, uint64_t mentions) {
  slot *s = table_slot(t, p, a, a);
  if (!s) return -1;
  s->v1 += units;
  s->v2 += mentions;
  return 0;
}

/* add_pair: n_ab += 1 for entities a != b in period p; 0 or -1. */
static int add_pair(cooc *t, uint32_t p, uint32_t a, uint32_t b) {
  slot *s = a < b ? table_slot(t, p, a, b) : table_slot(t, p, b, a);
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
    return err_set(e, "cooc: out of memory");
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
  long p = period_index(t, period_name);
  if (p < 0) return err_set(e, "cooc: out of memory");
  if (point_keys(t, pts, n, e) < 0) return -1;
  t->periods[p].contexts += units_of(t, u);
  int rc = t->cfg.context == COOC_WINDOW ? add_window(t, (uint32_t)p, t->keys, n, u->words)
                                         : add_units(t, (uint32_t)p, t->keys, n);
  return rc < 0 ? err_set(e, "cooc: out of memory") : 0;
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
  if (np < 0) return err_set(e, "cooc: out of memory");
  cooc_units u = doc_units(t, d);
  return cooc_add_points(t, period_name, &u, t->pts, (size_t)np, e);
}

int cooc_add_counts(cooc *t, const char *period_name, size_t a, size_t b, uint64_t count,
                    uint64_t mentions, err *e) {
  if (a >= t->nents || b >= t->nents)
    return err_set(e, "cooc: entity index out of range (%zu entities)", t->nents);
  long p = period_index(t, period_name);
  slot *s = p < 0 ? NULL : a <= b ? table_slot(t, (uint32_t)p, (uint32_t)a, (uint32_t)b)
                                  : table_slot(t, (uint32_t)p, (uint32_t)b, (uint32_t)a);
  if (!s) return err_set(e, "cooc: out of memory");
  s->v1 += count;
  if (a == b) s->v2 += mentions;
  return 0;
}

int cooc_add_contexts(cooc *t, const char *period_name, uint64_t n, err *e) {
  long p = period_index(t, period_name);
  if (p < 0) return err_set(e, "cooc: out of memory");
  t->periods[p].contexts += n;
  return 0;
}

/* ---- merging -------------------------------------------------------------------------- */

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
    slot *d = table_slot(into, (uint32_t)map[s->p], s->a, s->b);
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
  if (!map) return err_set(e, "cooc: out of memory");
  for (size_t p = 0; p < from->nperiods; p++) {
    map[p] = period_index(into, only ? only : from->periods[p].name);
    if (map[p] < 0) break;
    into->periods[map[p]].contexts += from->periods[p].contexts;
  }
  int rc = from->nperiods && map[from->nperiods - 1] < 0 ? -1 : add_slots(into, from, map);
  mem_free(map);
  return rc < 0 ? err_set(e, "cooc: out of memory") : 0;
}

int cooc_merge(cooc *into, const cooc *from, err *e) {
  if (!same_shape(into, from, e)) return -1;
  return merge_into(into, from, NULL, e);
}

cooc *cooc_collapse(const cooc *t, err *e) {
  cooc *c = cooc_new_like(t, e);
  if (!c) return NULL;
  c->cfg.by = COOC_BY_NONE;
  if (merge_into(c, t, "", e) < 0 || (t->nperiods == 0 && period_index(c, "") < 0)) {
    cooc_free(c);
    return NULL;
  }
  return c;
}

/* ---- reading ------------------------------------------------------------------------- */

uint64_t cooc_marginal(const cooc *t, size_t p, size_t a, uint64_t *mentions) {
  const slot *s = table_get(t, p, a, a);
  if (mentions) *mentions = s ? s->v2 : 0;
  return s ? s->v1 : 0;
}

uint64_t cooc_count(const cooc *t, size_t p, size_t a, size_t b) {
  if (a == b) return 0;
  const slot *s = a < b ? table_get(t, p, a, b) : table_get(t, p, b, a);
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
  if (!v) return err_set(e, "cooc: out of memory");
  qsort(v, *n, sizeof *v, cmp_rank);
  *rows = mem_alloc((*n + 1) * sizeof **rows);
  for (size_t i = 0; *rows && i < *n; i++) (*rows)[i] = row_of(t, &v[i]);
  mem_free(v);
  return *rows ? 0 : err_set(e, "cooc: out of memory");
}
