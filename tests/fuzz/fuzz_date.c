/*
 * fuzz_date.c: the article date parser (date.h) on any bytes. Checks: a date found is a
 * real Gregorian day written as YYYY-MM-DD, its span lies in the text, date_parse agrees
 * with date_find, and a refusal says why.
 */
#include "article/date.h"
#include "fuzz.h"

/* fdate_days: the days of month m (1..12) of year y (Gregorian). */
static int fdate_days(int y, int m) {
  static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return days[m - 1] + (m == 2 && leap);
}

/* fdate_check_iso: iso is "YYYY-MM-DD" naming a day that exists. */
static void fdate_check_iso(const char *iso) {
  int y, m, d;
  char tail;
  FUZZ_CHECK(strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-');
  FUZZ_CHECK(sscanf(iso, "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3);
  FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= fdate_days(y, m));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  const char *s = (const char *)data;
  date_match m;
  err why;
  why.msg[0] = '\0';
  int found = date_find(s, size, &m, &why);
  FUZZ_CHECK(found == 0 || found == 1);
  char iso[11];
  err e;
  int rc = date_parse(s, size, iso, &e);
  if (found) {
    fdate_check_iso(m.iso);
    FUZZ_CHECK(m.start < m.end && m.end <= size);
    FUZZ_CHECK(m.calendar == DATE_GREGORIAN || m.calendar == DATE_HIJRI);
    FUZZ_CHECK(rc == 0 && strcmp(iso, m.iso) == 0);
  } else {
    FUZZ_CHECK(rc == -1 && fuzz_msg_ok(e.msg));
  }
  date_calendar cal;
  int month = date_month_name(s, size, &cal);
  FUZZ_CHECK(month >= 0 && month <= 12);
  return 0;
}
