/* cooc_period.c: the period (month, year, ISO week, day) of an article's date (see
 * cooc.h: cooc_period_of). */
#include "cooc/cooc.h"

#include <stdio.h>
#include <stdlib.h>

/* days_from_civil: days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant). */
static long days_from_civil(long y, unsigned m, unsigned d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  unsigned yoe = (unsigned)(y - era * 400);
  unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + (long)doe - 719468;
}

/* iso_weekday: 1 (Monday) .. 7 (Sunday) of a days_from_civil day number. */
static int iso_weekday(long days) {
  long w = (days + 3) % 7; /* 1970-01-01 was a Thursday: 3 with Monday = 0 */
  return (int)(w < 0 ? w + 7 : w) + 1;
}

/* iso_weeks_in: 52 or 53, the ISO weeks of week-year y (53 when it has 53 Thursdays). */
static int iso_weeks_in(long y) {
  int jan1 = iso_weekday(days_from_civil(y, 1, 1));
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return jan1 == 4 || (leap && jan1 == 3) ? 53 : 52;
}

/* parse_date: y, m, d of a date starting "YYYY-MM-DD" that exists; 0 or -1. */
static int parse_date(const char *s, long *y, unsigned *m, unsigned *d) {
  static const unsigned mdays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (int i = 0; i < 10; i++) {
    int digit = s[i] >= '0' && s[i] <= '9';
    if ((i == 4 || i == 7) ? s[i] != '-' : !digit) return -1;
  }
  *y = strtol(s, NULL, 10);
  *m = (unsigned)strtoul(s + 5, NULL, 10);
  *d = (unsigned)strtoul(s + 8, NULL, 10);
  if (*m < 1 || *m > 12 || *d < 1 || *d > mdays[*m - 1]) return -1;
  int leap = (*y % 4 == 0 && *y % 100 != 0) || *y % 400 == 0;
  return *m == 2 && *d == 29 && !leap ? -1 : 0;
}

/* iso_week: the ISO 8601 week-year *wy and week of a date. */
static int iso_week(long y, unsigned m, unsigned d, long *wy) {
  long days = days_from_civil(y, m, d);
  long ordinal = days - days_from_civil(y, 1, 1) + 1;
  long week = (ordinal - iso_weekday(days) + 10) / 7;
  *wy = y;
  if (week < 1) {
    *wy = y - 1;
    return iso_weeks_in(y - 1);
  }
  if (week > iso_weeks_in(y)) {
    *wy = y + 1;
    return 1;
  }
  return (int)week;
}

const char *cooc_period_of(cooc_by by, const char *date, char out[COOC_PERIOD_MAX]) {
  long y, wy;
  unsigned m, d;
  if (by == COOC_BY_NONE) {
    out[0] = '\0';
  } else if (!date || parse_date(date, &y, &m, &d) < 0) {
    snprintf(out, COOC_PERIOD_MAX, "unknown");
  } else if (by == COOC_BY_YEAR) {
    snprintf(out, COOC_PERIOD_MAX, "%04ld", y);
  } else if (by == COOC_BY_MONTH) {
    snprintf(out, COOC_PERIOD_MAX, "%04ld-%02u", y, m);
  } else if (by == COOC_BY_DAY) {
    snprintf(out, COOC_PERIOD_MAX, "%.10s", date); /* the checked "YYYY-MM-DD" itself */
  } else {
    int w = iso_week(y, m, d, &wy);
    snprintf(out, COOC_PERIOD_MAX, "%04ld-W%02d", wy, w);
  }
  return out;
}
