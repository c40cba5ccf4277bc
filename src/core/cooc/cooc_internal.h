/*
 * cooc_internal.h: the layout of a co-occurrence table, shared by the files of cooc/ that
 * fill and read it (cooc.c, cooc_count.c, cooc_merge.c, cooc_read.c). Not for outside cooc/.
 */
#ifndef SAHEL_COOC_INTERNAL_H
#define SAHEL_COOC_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "cooc/cooc.h"

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

/* cooc_table_slot: the slot of key (p, a, b) (period p; a == b for entity a's marginal, a < b
 * for a pair), created (zero) when absent; NULL when out of memory. */
slot *cooc_table_slot(cooc *t, uint32_t p, uint32_t a, uint32_t b);
/* cooc_table_get: the slot of key (p, a, b), or NULL when absent. */
const slot *cooc_table_get(const cooc *t, size_t p, size_t a, size_t b);
/* cooc_period_index: the index of period `name`, created when absent; -1 when out of memory. */
long cooc_period_index(cooc *t, const char *name);

#endif
