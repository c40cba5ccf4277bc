/*
 * normalize.h: the inside of a textproc, shared by normalize.c and tokenize.c only.
 * Everyone else uses text.h.
 */
#ifndef SAHEL_NORMALIZE_H
#define SAHEL_NORMALIZE_H

#include <unicode/unorm2.h>

#include "text.h"

/* Fast-path table entries besides a plain replacement code point. */
#define MAP_DELETE 0xFFFFFFFEu /* the character vanishes from the match form */
#define MAP_EXACT 0xFFFFFFFFu  /* the token must take the exact path */

struct textproc {
  unsigned flags;           /* NORM_* steps */
  const UNormalizer2 *nfkc; /* ICU's NFKC instance (owned by ICU) */
  uint32_t *map;            /* 65536 entries: what each BMP character becomes */
  const uint8_t *classes;   /* chars_table() */
};

/* norm_exact: append the match form of s[0..len) computed step by step with ICU. 0/-1. */
int norm_exact(const textproc *tp, const char *s, size_t len, buf *out);

/* textproc_step_name: the name of step i (0-based, in TEXT-SPEC order), NULL past the end. */
const char *textproc_step_name(int i);

#endif
