/*
 * gazetteer_load.h: what the loader's files share (gazetteer.c, gazetteer_pattern.c,
 * gazetteer_csv.c): trimmed views of fields, the out-of-memory stop, and the parsing of
 * a row's context patterns. Not for outside gazetteer/.
 */
#ifndef SAHEL_GAZETTEER_LOAD_H
#define SAHEL_GAZETTEER_LOAD_H

#include <stddef.h>
#include <string.h>

#include "base/err.h"
#include "gazetteer/gazetteer_internal.h"

/* A trimmed view of a field; s == NULL when the column is absent. */
typedef struct {
  const char *s;
  size_t n;
} slice;

/* no_memory: record that g ran out of memory (a loader must stop: the row was not bad)
 * and set e; always -1. */
static inline int no_memory(gazetteer *g, err *e) {
  g->failed = 1;
  return err_nomem_at(e, "gazetteer");
}

/* trim: s[0..n) without leading and trailing ASCII white space. */
static inline slice trim(const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
    n--;
  return (slice){s, n};
}

/* is_eq: whether the slice holds exactly the word w. */
static inline int is_eq(slice v, const char *w) {
  return v.n == strlen(w) && memcmp(v.s, w, v.n) == 0;
}

/* gaz_analyze: tokenize s[0..n) into g->scratch; -1 (a failure to remember: memory) or 0. */
int gaz_analyze(gazetteer *g, slice s, err *e);
/* gaz_parse_context: the patterns of a context column, separated by `|` (empty ones
 * skipped), appended to g's patterns; 0, or -1 with e set. */
int gaz_parse_context(gazetteer *g, slice c, const char *origin, err *e);

#endif
