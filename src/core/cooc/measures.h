/*
 * measures.h: the association measures of TEXT-SPEC §7 over one 2x2 contingency table,
 * as pure functions. n_ab = contexts holding both entities, n_a and n_b = contexts holding
 * each, N = all contexts. Logarithms: base 2 for PMI, natural inside G2.
 */
#ifndef SAHEL_MEASURES_H
#define SAHEL_MEASURES_H

#include <stdint.h>

typedef struct {
  double pmi, npmi, dice, jaccard, llr;
} measures;

/* The measures by name, in the order of the CSV columns (§8). */
enum { MEASURE_COUNT, MEASURE_PMI, MEASURE_NPMI, MEASURE_DICE, MEASURE_JACCARD, MEASURE_LLR };

/* measure_pmi: log2(n_ab N / (n_a n_b)); -inf when n_ab = 0, NaN when N or a marginal is 0. */
double measure_pmi(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N);
/* measure_npmi: PMI / -log2(n_ab / N); 1 when n_ab = N > 0, -1 when n_ab = 0 (the limit). */
double measure_npmi(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N);
/* measure_dice: 2 n_ab / (n_a + n_b); NaN when both marginals are 0. */
double measure_dice(uint64_t n_ab, uint64_t n_a, uint64_t n_b);
/* measure_jaccard: n_ab / (n_a + n_b - n_ab); NaN when the union is empty. */
double measure_jaccard(uint64_t n_ab, uint64_t n_a, uint64_t n_b);
/* measure_llr: G2 = 2 sum O ln(O/E) over the 2x2 table, 0 ln 0 = 0; never below 0 (a
 * rounding residue under 0 is returned as 0); NaN when N = 0 or the table is inconsistent
 * (a cell below 0). */
double measure_llr(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N);
/* measures_all: every measure of one table into *m. */
void measures_all(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N, measures *m);

/* measure_find: MEASURE_* for a name ("count", "pmi", "npmi", "dice", "jaccard", "llr"),
 * or -1. */
int measure_find(const char *name);
/* measure_name: the name of MEASURE_* m. */
const char *measure_name(int m);
/* measure_get: the value of MEASURE_* m for a pair with count n_ab and measures ms. */
double measure_get(int m, uint64_t n_ab, const measures *ms);

#endif
