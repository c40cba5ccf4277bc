/*
 * icuwords.h: ICU's own word segmentation (UAX #29 word break iterator over UTF-8), the
 * reference the tokenizer is checked against and the yardstick of the benchmark.
 */
#ifndef SAHEL_ICUWORDS_H
#define SAHEL_ICUWORDS_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* Segment kinds, from the iterator's rule status. */
typedef enum { ICU_SEG_OTHER, ICU_SEG_NUMBER, ICU_SEG_LETTER } icu_seg_kind;

typedef struct icuwords icuwords;

/* A callback per segment: bytes [start, stop) of the text and their kind. */
typedef void (*icu_seg_fn)(void *ud, size_t start, size_t stop, icu_seg_kind kind);

/* icuwords_new: a word break iterator (one per thread); NULL with e set. */
icuwords *icuwords_new(err *e);
/* icuwords_free: release it (NULL is fine). */
void icuwords_free(icuwords *w);
/* icuwords_run: segment s[0..len) (UTF-8), calling fn for every segment; 0, or -1 with e
 * set. */
int icuwords_run(icuwords *w, const char *s, size_t len, icu_seg_fn fn, void *ud, err *e);

#endif
