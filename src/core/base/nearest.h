/*
 * nearest.h: the name a misspelled word most likely meant ("--corpas" -> "corpus",
 * "analyse.lua" -> "analyze.lua"), for "did you mean" hints.
 */
#ifndef SAHEL_NEAREST_H
#define SAHEL_NEAREST_H

#include <stddef.h>

/* nearest_distance: the edit distance between a and b counted in bytes (insertions,
 * deletions, substitutions and transpositions of adjacent bytes), or (size_t)-1 when
 * either is longer than NEAREST_MAX bytes. */
size_t nearest_distance(const char *a, const char *b);
#define NEAREST_MAX 255

/* nearest_name: the index in names[0..n) of the name closest to word, when it is close
 * enough to be a misspelling of it (at most 1 edit for words up to 4 bytes, 2 up to 8,
 * else 3; the first name wins a tie), or -1 when none is. */
int nearest_name(const char *word, const char *const *names, size_t n);

#endif
