/*
 * fuzz_gaz.h: the checks the gazetteer and matcher harnesses share: run the matcher on an
 * analyzed doc (with and without demonyms and dropped mentions), gaz_lookup from every
 * token, the KWIC windows and the tally, and check what they return against the doc.
 */
#ifndef SAHEL_FUZZ_GAZ_H
#define SAHEL_FUZZ_GAZ_H

#include "fuzz.h"
#include "gazetteer/gazetteer.h"
#include "base/mem.h"

/* fuzz_check_window: a KWIC window lies around mention c, inside the text. */
static inline void fuzz_check_window(const doc *d, const mention *c, gaz_window w) {
  FUZZ_CHECK(w.left_start <= w.left_stop && w.left_stop <= c->byte_start);
  FUZZ_CHECK(c->byte_end <= w.right_start && w.right_start <= w.right_stop);
  FUZZ_CHECK(w.right_stop <= d->len);
}

/* fuzz_check_mention: mention c of d is well-formed (indexes, spans; in text order after
 * prev, the mention before it; after final, the last final mention before it, without
 * overlapping it unless c was dropped). */
static inline void fuzz_check_mention(const gazetteer *g, const doc *d, const mention *c,
                                      const mention *prev, const mention *final) {
  FUZZ_CHECK(c->entity < gaz_entity_count(g) && c->alias < gaz_alias_count(g));
  FUZZ_CHECK(gaz_alias_at(g, c->alias)->entity == c->entity);
  FUZZ_CHECK(c->tok_count >= 1 && (size_t)c->tok_first + c->tok_count <= d->ntokens);
  FUZZ_CHECK(c->byte_start == d->tokens[c->tok_first].start);
  FUZZ_CHECK(c->byte_end == d->tokens[c->tok_first + c->tok_count - 1].stop);
  FUZZ_CHECK(c->sentence < d->nsentences && c->paragraph < d->nparagraphs);
  FUZZ_CHECK(d->tokens[c->tok_first].sentence == c->sentence);
  FUZZ_CHECK(!prev || prev->tok_first <= c->tok_first);
  FUZZ_CHECK(!final || (c->flags & MENTION_DROPPED) ||
             final->tok_first + final->tok_count <= c->tok_first);
  fuzz_check_window(d, c, gaz_context(d, c, 3));
}

/* fuzz_check_lookup: gaz_lookup from every token of d agrees with the doc. */
static inline void fuzz_check_lookup(const gazetteer *g, const doc *d, unsigned opts,
                                     mention_list *m) {
  for (size_t i = 0; i < d->ntokens; i++) {
    gaz_hit hit;
    int rc = gaz_lookup(g, d, i, opts, m, &hit);
    FUZZ_CHECK(rc == 0 || rc == 1);
    if (rc == 0) continue;
    FUZZ_CHECK(hit.alias < gaz_alias_count(g) && hit.entity < gaz_entity_count(g));
    FUZZ_CHECK(hit.tok_count >= 1 && i + hit.tok_count <= d->ntokens);
    FUZZ_CHECK(fuzz_utf8_valid(hit.form_text, hit.form_len));
  }
}

/* fuzz_check_matches: match d with every option set and check the results. */
static inline void fuzz_check_matches(const gazetteer *g, const doc *d) {
  mention_list m;
  mention_list_init(&m);
  size_t ne = gaz_entity_count(g);
  uint64_t *counts = mem_calloc(ne ? 2 * ne : 1, sizeof *counts);
  FUZZ_CHECK(counts != NULL);
  for (unsigned opts = 0; opts < 4; opts++) {
    FUZZ_CHECK(gaz_match(g, d, opts, &m) == 0);
    const mention *final = NULL;
    for (size_t i = 0; i < m.n; i++) {
      fuzz_check_mention(g, d, &m.items[i], i ? &m.items[i - 1] : NULL, final);
      if (!(m.items[i].flags & MENTION_DROPPED)) final = &m.items[i];
      FUZZ_CHECK((opts & GAZ_KEEP_DROPPED) || !(m.items[i].flags & MENTION_DROPPED));
      FUZZ_CHECK((opts & GAZ_DEMONYMS) || !(m.items[i].flags & MENTION_DEMONYM));
    }
    FUZZ_CHECK(gaz_tally(g, &m, counts, counts + ne) == 0);
    fuzz_check_lookup(g, d, opts, &m);
  }
  for (size_t i = 0; i < ne; i++) FUZZ_CHECK(counts[ne + i] <= 4 && counts[ne + i] <= counts[i]);
  mem_free(counts);
  mention_list_free(&m);
}

#endif
