/*
 * gazetteer_count.h: entity counts over a whole corpus (TEXT-SPEC §7), through the threaded
 * pipeline (gazetteer.h itself needs no pipeline).
 */
#ifndef SAHEL_GAZETTEER_COUNT_H
#define SAHEL_GAZETTEER_COUNT_H

#include <stdint.h>

#include "gazetteer/gazetteer.h"
#include "pipeline/pipeline.h"

/* Per-entity counts: mentions[i] and articles[i] for entity i. */
typedef struct {
  uint64_t *mentions, *articles;
  size_t n;           /* entities */
  uint64_t narticles; /* articles read */
} gaz_counts;

/* gaz_counts_free: release the counters (the struct is zeroed). */
void gaz_counts_free(gaz_counts *c);

/* gaz_count: match every article of the pipeline's source (its analyzed text, TEXT-SPEC §2)
 * and count per entity its final mentions and the articles holding at least one, with the
 * pipeline's threads (the sums do not depend on them). opts: GAZ_DEMONYMS. 0 with *out
 * filled (free it with gaz_counts_free), or -1 with e set; warnings go to pw. */
int gaz_count(const gazetteer *g, unsigned opts, const pipeline_opts *o, pipeline_warnings *pw,
              gaz_counts *out, err *e);

#endif
