/* cooc_period.c: the period (month, year, ISO week, day) of an article's date (see
 * cooc.h: cooc_period_of), by the calendar of the date module (article/date.h). */
#include "cooc/cooc.h"

#include <stdio.h>

#include "article/date.h"

const char *cooc_period_of(cooc_by by, const char *date, char out[COOC_PERIOD_MAX]) {
  long y, wy;
  int m, d;
  if (by == COOC_BY_NONE) {
    out[0] = '\0';
  } else if (!date || date_split(date, &y, &m, &d) < 0) {
    snprintf(out, COOC_PERIOD_MAX, "unknown");
  } else if (by == COOC_BY_YEAR) {
    snprintf(out, COOC_PERIOD_MAX, "%04ld", y);
  } else if (by == COOC_BY_MONTH) {
    snprintf(out, COOC_PERIOD_MAX, "%04ld-%02d", y, m);
  } else if (by == COOC_BY_DAY) {
    snprintf(out, COOC_PERIOD_MAX, "%.10s", date); /* the checked "YYYY-MM-DD" itself */
  } else {
    int w = date_iso_week(y, m, d, &wy);
    snprintf(out, COOC_PERIOD_MAX, "%04ld-W%02d", wy, w);
  }
  return out;
}
