/* measures.c: PMI, NPMI, Dice, Jaccard and G2 exactly as TEXT-SPEC §7 writes them. */
#include "cooc/measures.h"

#include <math.h>
#include <string.h>

static const char *const names[] = {"count", "pmi", "npmi", "dice", "jaccard", "llr"};

double measure_pmi(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N) {
  if (N == 0 || n_a == 0 || n_b == 0) return NAN;
  if (n_ab == 0) return -INFINITY;
  return log2((double)n_ab * (double)N / ((double)n_a * (double)n_b));
}

double measure_npmi(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N) {
  if (N == 0 || n_a == 0 || n_b == 0) return NAN;
  if (n_ab == 0) return -1.0;
  if (n_ab == N) return 1.0;
  return measure_pmi(n_ab, n_a, n_b, N) / -log2((double)n_ab / (double)N);
}

double measure_dice(uint64_t n_ab, uint64_t n_a, uint64_t n_b) {
  if (n_a + n_b == 0) return NAN;
  return 2.0 * (double)n_ab / ((double)n_a + (double)n_b);
}

double measure_jaccard(uint64_t n_ab, uint64_t n_a, uint64_t n_b) {
  double u = (double)n_a + (double)n_b - (double)n_ab;
  if (u <= 0) return NAN;
  return (double)n_ab / u;
}

/* g2_term: O ln(O / E) with E = row * col / N, and 0 ln 0 = 0. Computed as
 * O log1p((O N - row col) / (row col)): the products are exact in a long double up to
 * 2^64, so a cell close to its expectation (the large O22 of a big N) keeps its digits;
 * ln(O / E) itself would lose about 9 of them at N = 10^7. */
static long double g2_term(uint64_t o, uint64_t row, uint64_t col, uint64_t n) {
  if (o == 0) return 0.0L;
  long double on = (long double)o * (long double)n, rc = (long double)row * (long double)col;
  return (long double)o * log1pl((on - rc) / rc);
}

double measure_llr(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N) {
  if (N == 0 || n_ab > n_a || n_ab > n_b || n_a > N || n_b > N || n_a + n_b - n_ab > N)
    return NAN;
  uint64_t o12 = n_a - n_ab, o21 = n_b - n_ab, o22 = N - n_a - n_b + n_ab;
  long double g = g2_term(n_ab, n_a, n_b, N) + g2_term(o12, n_a, N - n_b, N) +
                  g2_term(o21, N - n_a, n_b, N) + g2_term(o22, N - n_a, N - n_b, N);
  return g < 0 ? 0.0 : (double)(2 * g);
}

void measures_all(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N, measures *m) {
  m->pmi = measure_pmi(n_ab, n_a, n_b, N);
  m->npmi = measure_npmi(n_ab, n_a, n_b, N);
  m->dice = measure_dice(n_ab, n_a, n_b);
  m->jaccard = measure_jaccard(n_ab, n_a, n_b);
  m->llr = measure_llr(n_ab, n_a, n_b, N);
}

int measure_find(const char *name) {
  for (int i = 0; i < (int)(sizeof names / sizeof names[0]); i++)
    if (strcmp(names[i], name) == 0) return i;
  return -1;
}

const char *measure_name(int m) {
  return m >= 0 && m < (int)(sizeof names / sizeof names[0]) ? names[m] : "?";
}

double measure_get(int m, uint64_t n_ab, const measures *ms) {
  switch (m) {
  case MEASURE_PMI: return ms->pmi;
  case MEASURE_NPMI: return ms->npmi;
  case MEASURE_DICE: return ms->dice;
  case MEASURE_JACCARD: return ms->jaccard;
  case MEASURE_LLR: return ms->llr;
  default: return (double)n_ab;
  }
}
