/* test_date.c: every date form of docs/formats.md ("Dates"), pinned case by case. */
#include <stdlib.h>

#include "check.h"
#include "article/date.h"
#include "cooc/cooc.h"
#include "corpus/corpus.h"

typedef struct {
  const char *in;
  const char *want; /* ISO date, or NULL when no date must be found */
} date_case;

static const date_case cases[] = {
  /* ISO 8601, with or without time and zone; the date is the one written (no UTC shift) */
  {"2025-07-28", "2025-07-28"},
  {"2025-07-28T23:30:00+03:00", "2025-07-28"},
  {"2025-07-28T23:30:00Z", "2025-07-28"},
  {"2015-07-21 02:51:32", "2015-07-21"},
  {"2025/7/8", "2025-07-08"},
  /* RFC 2822 */
  {"Sun, 18 Feb 2018 21:35:43 +0400", "2018-02-18"},
  {"Mon, 1 Jan 2024 00:00:00 GMT", "2024-01-01"},
  /* day-first numeric */
  {"28/07/2025", "2025-07-28"},
  {"28-07-2025", "2025-07-28"},
  {"28.07.2025", "2025-07-28"},
  {"5/3/2024", "2024-03-05"},
  {"07/28/2025", "2025-07-28"}, /* month-first only when the day-first reading is impossible */
  /* Arabic-Indic and extended (Persian) digits */
  {"٢٨/٠٧/٢٠٢٥", "2025-07-28"},
  {"۲۸ يوليو ۲۰۲۵", "2025-07-28"},
  {"٢٨ يوليو ٢٠٢٥", "2025-07-28"},
  /* Arabic month names: Egypt/Gulf, Levant/Iraq, Algeria/Tunisia, Morocco */
  {"28 يوليو 2025", "2025-07-28"},
  {"28 يوليه 2025", "2025-07-28"},
  {"28 تموز 2025", "2025-07-28"},
  {"28 جويلية 2025", "2025-07-28"},
  {"28 يوليوز 2025", "2025-07-28"},
  {"3 يناير 2025", "2025-01-03"},
  {"3 كانون الثاني 2025", "2025-01-03"},
  {"3 جانفي 2025", "2025-01-03"},
  {"14 فبراير 2025", "2025-02-14"},
  {"14 شباط 2025", "2025-02-14"},
  {"14 فيفري 2025", "2025-02-14"},
  {"1 مارس 2025", "2025-03-01"},
  {"1 آذار 2025", "2025-03-01"},
  {"1 اذار 2025", "2025-03-01"},
  {"9 أبريل 2025", "2025-04-09"},
  {"9 ابريل 2025", "2025-04-09"},
  {"9 إبريل 2025", "2025-04-09"},
  {"9 نيسان 2025", "2025-04-09"},
  {"9 أفريل 2025", "2025-04-09"},
  {"9 مايو 2025", "2025-05-09"},
  {"9 أيار 2025", "2025-05-09"},
  {"9 ماي 2025", "2025-05-09"},
  {"30 يونيو 2025", "2025-06-30"},
  {"30 يونيه 2025", "2025-06-30"},
  {"30 حزيران 2025", "2025-06-30"},
  {"30 جوان 2025", "2025-06-30"},
  {"15 أغسطس 2025", "2025-08-15"},
  {"15 اغسطس 2025", "2025-08-15"},
  {"15 آب 2025", "2025-08-15"},
  {"15 أوت 2025", "2025-08-15"},
  {"15 غشت 2025", "2025-08-15"},
  {"2 سبتمبر 2025", "2025-09-02"},
  {"2 أيلول 2025", "2025-09-02"},
  {"2 شتنبر 2025", "2025-09-02"},
  {"6 أكتوبر 2025", "2025-10-06"},
  {"6 اكتوبر 2025", "2025-10-06"},
  {"6 تشرين الأول 2025", "2025-10-06"},
  {"6 تشرين الاول 2025", "2025-10-06"},
  {"11 نوفمبر 2025", "2025-11-11"},
  {"11 تشرين الثاني 2025", "2025-11-11"},
  {"11 نونبر 2025", "2025-11-11"},
  {"25 ديسمبر 2025", "2025-12-25"},
  {"25 كانون الأول 2025", "2025-12-25"},
  {"25 دجنبر 2025", "2025-12-25"},
  {"الاثنين 28 يوليو/تموز 2025", "2025-07-28"},
  {"28 مايو/أيار 2025", "2025-05-28"},
  {"28 يوليو (تموز) 2025م", "2025-07-28"},
  {"28 يـوليـو 2025", "2025-07-28"},   /* tatweel */
  {"هيئة التحرير28 يوليو 2025آخر تحديث :", "2025-07-28"},
  /* English and French month names */
  {"18 February 2018", "2018-02-18"},
  {"February 18, 2018", "2018-02-18"},
  {"Feb. 18th, 2018", "2018-02-18"},
  {"18th of February 2018", "2018-02-18"},
  {"SEPT 3 2019", "2019-09-03"},
  {"1er janvier 2025", "2025-01-01"},
  {"14 février 2025", "2025-02-14"},
  {"14 fevrier 2025", "2025-02-14"},
  {"15 août 2025", "2025-08-15"},
  {"lundi 8 décembre 2025", "2025-12-08"},
  /* Hijri, converted through the Umm al-Qura calendar */
  {"15 محرم 1447 هـ", "2025-07-10"},
  {"3 رجب 802 هـ", "1400-03-09"}, /* proleptic Gregorian before 1582, as ISO 8601 counts */
  {"1 رمضان 1446هـ", "2025-03-01"},
  {"1 شوال 1446 هـ", "2025-03-30"},
  {"10 ذو الحجة 1446 هـ", "2025-06-06"},
  {"10 ذي الحجة 1446", "2025-06-06"},
  {"12 ربيع الأول 1447 هـ", "2025-09-04"},
  {"1 جمادى الآخرة 1446", "2024-12-02"},
  {"1447/01/15 هـ", "2025-07-10"},
  {"15/01/1447", "2025-07-10"},
  /* both calendars: the Gregorian date wins */
  {"الخميس 15 محرم 1447 هـ الموافق 10 يوليو 2025 م", "2025-07-10"},
  /* refused */
  {"", NULL},
  {"hello", NULL},
  {"يوليو 2025", NULL},          /* no day */
  {"31 فبراير 2025", NULL},       /* no such day */
  {"29/02/2025", NULL},
  {"29/02/2024", "2024-02-29"},
  {"2025-13-01", NULL},
  {"13/13/2025", NULL},
  {"30 صفر 1447 هـ", NULL},       /* Safar 1447 has 29 days in Umm al-Qura */
  {"123/07/2025", NULL},
  {"28 يوليو 25", NULL},          /* two-digit years are not guessed */
  {"\xff\xfe 28 July 2025 \xc0", "2025-07-28"},
};

/* test_cases: each row of the table. */
static void test_cases(void) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char iso[11] = "";
    err e = {""};
    int rc = date_parse(cases[i].in, strlen(cases[i].in), iso, &e);
    if (cases[i].want) {
      CHECK(rc == 0 && strcmp(iso, cases[i].want) == 0, "\"%s\": got %s (%s), want %s",
            cases[i].in, rc == 0 ? iso : "nil", e.msg, cases[i].want);
    } else {
      CHECK(rc == -1 && e.msg[0], "\"%s\": got %s, want no date", cases[i].in, iso);
    }
  }
}

/* test_span: date_find says where the date was written, and in which calendar. */
static void test_span(void) {
  const char *s = "هيئة التحرير28 يوليو 2025آخر تحديث :";
  date_match m;
  CHECK_INT(date_find(s, strlen(s), &m, NULL), 1);
  CHECK_STR(m.iso, "2025-07-28");
  CHECK_INT(m.start, strlen("هيئة التحرير"));
  CHECK_INT(m.end, strlen("هيئة التحرير28 يوليو 2025"));
  CHECK_INT(m.calendar, DATE_GREGORIAN);
  const char *h = "نشر في 15 محرم 1447 هـ";
  CHECK_INT(date_find(h, strlen(h), &m, NULL), 1);
  CHECK_INT(m.calendar, DATE_HIJRI);
  CHECK_STR(m.iso, "2025-07-10");
}

/* test_reasons: a refused near-date says why. */
static void test_reasons(void) {
  char iso[11];
  err e;
  CHECK_INT(date_parse("31 فبراير 2025", strlen("31 فبراير 2025"), iso, &e), -1);
  CHECK(strstr(e.msg, "no day 31 in 2025-02") != NULL, "%s", e.msg);
  CHECK_INT(date_parse("nothing here", 12, iso, &e), -1);
  CHECK(strstr(e.msg, "no date in \"nothing here\"") != NULL, "%s", e.msg);
}

/* test_month_names: the lookup ignores case and Arabic spelling variants. */
static void test_month_names(void) {
  static const struct {
    const char *w;
    int month;
    date_calendar cal;
  } rows[] = {
    {"أغسطس", 8, DATE_GREGORIAN}, {"AUGUST", 8, DATE_GREGORIAN}, {"جويلية", 7, DATE_GREGORIAN},
    {"ذو القعدة", 11, DATE_HIJRI}, {"جُمادى الأولى", 5, DATE_HIJRI},
    {"Décembre", 12, DATE_GREGORIAN},
    {"كانون", 0, DATE_GREGORIAN}, {"", 0, DATE_GREGORIAN},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    date_calendar cal = DATE_GREGORIAN;
    CHECK_INT(date_month_name(rows[i].w, strlen(rows[i].w), &cal), rows[i].month);
    if (rows[i].month) CHECK_INT(cal, rows[i].cal);
  }
}

/* test_bytes: any bytes are safe, and a date found is well formed (deterministic fuzz). */
static void test_bytes(void) {
  char s[64], iso[11];
  unsigned seed = 12345;
  for (int round = 0; round < 20000; round++) {
    size_t n = (size_t)(round % 64);
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      s[i] = (char)(seed >> 16);
    }
    if (date_parse(s, n, iso, NULL) == 0) {
      CHECK(strlen(iso) == 10 && iso[4] == '-' && iso[7] == '-', "bad ISO %s", iso);
    }
  }
}

/* test_iso_prefix: a text starting with an ISO date (the fast path) gives what the general
 * path gives for the same text after a space (where the fast path does not apply): the
 * same date, calendar and span, or no date, for valid and invalid days, years around 1600,
 * and every kind of text after it. */
static void test_iso_prefix(void) {
  static const char *const after[] = {"", " 02:51:32", "T10:00Z", " هـ", " ه", " AH", " م",
                                      "x", "3", " ", "T", "-05", "/2025", " 12 يوليو 2025"};
  static const int years[] = {1, 1447, 1599, 1600, 1900, 2000, 2015, 2024, 9999};
  char s[64], spaced[65];
  for (size_t y = 0; y < sizeof years / sizeof *years; y++)
    for (int mo = 0; mo <= 13; mo++)
      for (int d = 0; d <= 32; d += (d == 2 ? 25 : 1))
        for (size_t k = 0; k < sizeof after / sizeof *after; k++) {
          snprintf(s, sizeof s, "%04d-%02d-%02d%s", years[y], mo, d, after[k]);
          snprintf(spaced, sizeof spaced, " %s", s);
          date_match fast, slow;
          int got = date_find(s, strlen(s), &fast, NULL);
          int want = date_find(spaced, strlen(spaced), &slow, NULL);
          CHECK(got == want, "%s: found %d, the general path %d", s, got, want);
          if (!got || !want) continue;
          CHECK_STR(fast.iso, slow.iso);
          CHECK_INT(fast.calendar, slow.calendar);
          CHECK_INT(fast.start + 1, slow.start);
          CHECK_INT(fast.end + 1, slow.end);
        }
}

/* ---- the calendar ---------------------------------------------------------------------- */

/* The leap years, written out (not computed by the rule under test). */
static const struct {
  long y;
  int leap;
} leap_years[] = {{1600, 1}, {1900, 0}, {2000, 1}, {2023, 0}, {2024, 1}, {2025, 0},
                  {2100, 0}, {2400, 1}};

static void test_leap(void) {
  for (size_t i = 0; i < sizeof leap_years / sizeof *leap_years; i++) {
    CHECK(date_leap(leap_years[i].y) == leap_years[i].leap, "%ld", leap_years[i].y);
    CHECK_INT(date_month_days(leap_years[i].y, 2), 28 + leap_years[i].leap);
    /* a year holds 365 or 366 days by the day numbers too */
    long y = leap_years[i].y;
    CHECK_INT(date_day(y + 1, 1, 1) - date_day(y, 1, 1), 365 + leap_years[i].leap);
  }
}

/* Every day 0..32 of every month 0..13 of 1900, 2000, 2024 and 2025: an ISO date exists
 * exactly when the month is 1..12 and the day within that month's length; every rule
 * that reads ISO dates agrees (date_split, date_bound, corpus_check_date, the periods of
 * cooc_period_of, date_span). */
static void test_every_day(void) {
  static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  for (size_t i = 0; i < sizeof leap_years / sizeof *leap_years; i++) {
    long y = leap_years[i].y;
    if (y != 1900 && y != 2000 && y != 2024 && y != 2025) continue;
    for (int m = 0; m <= 13; m++)
      for (int d = 0; d <= 32; d++) {
        char s[16], out[11], period[COOC_PERIOD_MAX];
        snprintf(s, sizeof s, "%04ld-%02d-%02d", y, m, d);
        int exists = m >= 1 && m <= 12 && d >= 1 &&
                     d <= mdays[m - 1] + (m == 2 && leap_years[i].leap);
        long yy, first, last;
        int mm, dd;
        err e;
        CHECK((date_split(s, &yy, &mm, &dd) == 0) == exists, "date_split %s", s);
        CHECK((date_bound(s, 1, out, &e) == 0) == exists, "date_bound %s", s);
        CHECK((corpus_check_date(s, out, &e) == 0) == exists, "corpus_check_date %s", s);
        CHECK((date_span(s, &first, &last) != NULL) == exists, "date_span %s", s);
        cooc_period_of(COOC_BY_DAY, s, period);
        CHECK((strcmp(period, "unknown") != 0) == exists, "cooc_period_of %s: %s", s, period);
        if (exists) {
          CHECK_STR(out, s);
          CHECK(yy == y && mm == m && dd == d, "%s", s);
        } else {
          CHECK(strstr(e.msg, s) != NULL, "%s: %s", s, e.msg);
        }
      }
  }
  err e;
  char out[11];
  CHECK(date_bound("2025-02-31", 0, out, &e) < 0, "2025-02-31");
  CHECK_STR(e.msg, "bad date '2025-02-31' (no day 31 in 2025-02)");
  CHECK(date_bound("2025-13", 1, out, &e) < 0, "2025-13");
  CHECK_STR(e.msg, "bad date '2025-13' (no month 13)");
}

/* Day numbers: 1970-01-01 is day 0, and every day of 1899..2101 goes there and back, the
 * day after the last of a month being the first of the next. */
static void test_day_numbers(void) {
  char out[11];
  CHECK_INT(date_day(1970, 1, 1), 0);
  CHECK_STR(date_of_day(0, out), "1970-01-01");
  CHECK_STR(date_of_day(-719162, out), "0001-01-01");
  CHECK_STR(date_of_day(2932896, out), "9999-12-31");
  long y, prev_y = 1898;
  int m, d, prev_m = 12, prev_d = 31;
  for (long n = date_day(1899, 1, 1); n <= date_day(2101, 12, 31); n++) {
    date_of_day(n, out);
    if (date_split(out, &y, &m, &d) < 0 || date_day(y, m, d) != n) {
      CHECK(0, "day %ld: %s", n, out);
      return;
    }
    int next = (d == prev_d + 1 && m == prev_m && y == prev_y) ||
               (d == 1 && prev_d == date_month_days(prev_y, prev_m) &&
                ((m == prev_m + 1 && y == prev_y) || (m == 1 && prev_m == 12 && y == prev_y + 1)));
    CHECK(next, "%s after %ld-%02d-%02d", out, prev_y, prev_m, prev_d);
    prev_y = y, prev_m = m, prev_d = d;
  }
}

/* ISO 8601 weeks, as calendars print them. */
static void test_iso_weeks(void) {
  static const struct {
    const char *date, *week;
  } weeks[] = {
    {"2024-12-30", "2025-W01"}, {"2025-01-05", "2025-W01"}, {"2025-07-28", "2025-W31"},
    {"2020-12-31", "2020-W53"}, {"2021-01-03", "2020-W53"}, {"2021-01-04", "2021-W01"},
    {"2026-01-01", "2026-W01"}, {"2027-01-01", "2026-W53"}, {"2008-12-29", "2009-W01"},
    {"2010-01-03", "2009-W53"}, {"1900-01-01", "1900-W01"}, {"2000-01-01", "1999-W52"},
  };
  for (size_t i = 0; i < sizeof weeks / sizeof *weeks; i++) {
    char period[COOC_PERIOD_MAX];
    CHECK_STR(cooc_period_of(COOC_BY_WEEK, weeks[i].date, period), weeks[i].week);
    long first, last, day = 0, y;
    int m, d;
    CHECK(date_span(weeks[i].week, &first, &last) != NULL, "%s", weeks[i].week);
    if (date_split(weeks[i].date, &y, &m, &d) == 0) day = date_day(y, m, d);
    CHECK(first <= day && day <= last && last == first + 6, "%s in %s", weeks[i].date,
          weeks[i].week);
    CHECK_INT((first + 3) % 7, 0); /* a Monday: 1970-01-01 was a Thursday */
  }
  long first, last;
  CHECK(date_span("2021-W53", &first, &last) == NULL, "2021 has 52 weeks");
  CHECK(date_span("2025-W00", &first, &last) == NULL, "no week 0");
}

/* Periods and bounds: a partial `to` is the last day of its period. */
static void test_bounds(void) {
  static const struct {
    const char *in;
    int end;
    const char *want;
  } bounds[] = {
    {"2025", 0, "2025-01-01"},        {"2025", 1, "2025-12-31"},
    {"2025-02", 0, "2025-02-01"},     {"2025-02", 1, "2025-02-28"},
    {"2024-02", 1, "2024-02-29"},     {"1900-02", 1, "1900-02-28"},
    {"2000-02", 1, "2000-02-29"},     {"2025-07-28", 1, "2025-07-28"},
    {"28 July 2025", 1, "2025-07-28"}, {"2025-12", 1, "2025-12-31"},
  };
  for (size_t i = 0; i < sizeof bounds / sizeof *bounds; i++) {
    char out[11];
    err e;
    CHECK(date_bound(bounds[i].in, bounds[i].end, out, &e) == 0, "%s: %s", bounds[i].in, e.msg);
    CHECK_STR(out, bounds[i].want);
  }
  long first, last;
  char a[11], b[11];
  CHECK_STR(date_span("2024-02", &first, &last), "month");
  CHECK_STR(date_of_day(first, a), "2024-02-01");
  CHECK_STR(date_of_day(last, b), "2024-02-29");
  CHECK_STR(date_span("2025", &first, &last), "year");
  CHECK_INT(last - first, 364);
  CHECK(date_span("unknown", &first, &last) == NULL, "unknown");
  CHECK(date_span("2025-7", &first, &last) == NULL, "2025-7");
}

int main(void) {
  RUN(test_leap);
  RUN(test_every_day);
  RUN(test_day_numbers);
  RUN(test_iso_weeks);
  RUN(test_bounds);
  RUN(test_cases);
  RUN(test_iso_prefix);
  RUN(test_span);
  RUN(test_reasons);
  RUN(test_month_names);
  RUN(test_bytes);
  return check_done();
}
