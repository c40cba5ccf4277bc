/* nearest.c: edit distances for "did you mean" hints (see nearest.h). */
#include "base/nearest.h"

#include <string.h>

/* min3: the smallest of three sizes. */
static size_t min3(size_t a, size_t b, size_t c) {
  size_t m = a < b ? a : b;
  return m < c ? m : c;
}

size_t nearest_distance(const char *a, const char *b) {
  size_t n = strlen(a), m = strlen(b);
  if (n > NEAREST_MAX || m > NEAREST_MAX) return (size_t)-1;
  /* three rows of the optimal string alignment table: i-2, i-1 and i */
  size_t rows[3][NEAREST_MAX + 1];
  for (size_t j = 0; j <= m; j++) rows[1][j] = j;
  for (size_t i = 1; i <= n; i++) {
    size_t *cur = rows[(i + 1) % 3], *prev = rows[i % 3], *prev2 = rows[(i + 2) % 3];
    cur[0] = i;
    for (size_t j = 1; j <= m; j++) {
      size_t cost = a[i - 1] != b[j - 1];
      cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
          prev2[j - 2] + 1 < cur[j])
        cur[j] = prev2[j - 2] + 1;
    }
  }
  return rows[(n + 1) % 3][m];
}

int nearest_name(const char *word, const char *const *names, size_t n) {
  size_t len = strlen(word);
  size_t limit = len <= 4 ? 1 : len <= 8 ? 2 : 3, best = limit + 1;
  int at = -1;
  for (size_t i = 0; i < n; i++) {
    size_t d = nearest_distance(word, names[i]);
    if (d < best) {
      best = d;
      at = (int)i;
    }
  }
  return at;
}
