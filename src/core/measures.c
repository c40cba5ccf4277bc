/* measures.c: PMI, NPMI, Dice, Jaccard and G2 exactly as TEXT-SPEC §7 writes them. */
#include "measures.h"

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

/* g2_term: O ln(O / E) with E = row * col / N, and 0 ln 0 = 0. */
static double g2_term(double o, double row, double col, double n) {
  if (o == 0) return 0.0;
  return o * log(o * n / (row * col));
}

double measure_llr(uint64_t n_ab, uint64_t n_a, uint64_t n_b, uint64_t N) {
  double n = (double)N, o11 = (double)n_ab;
  double o12 = (double)n_a - o11, o21 = (double)n_b - o11;
  double o22 = n - (double)n_a - (double)n_b + o11;
  if (N == 0 || o12 < 0 || o21 < 0 || o22 < 0) return NAN;
  double r1 = o11 + o12, r2 = o21 + o22, c1 = o11 + o21, c2 = o12 + o22;
  double g = 2.0 * (g2_term(o11, r1, c1, n) + g2_term(o12, r1, c2, n) +
                    g2_term(o21, r2, c1, n) + g2_term(o22, r2, c2, n));
  return g < 0 ? 0.0 : g;
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
