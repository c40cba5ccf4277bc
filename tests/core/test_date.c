/* test_date.c: every date form of docs/formats.md ("Dates"), pinned case by case. */
#include <stdlib.h>

#include "check.h"
#include "article/date.h"

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

int main(void) {
  RUN(test_cases);
  RUN(test_iso_prefix);
  RUN(test_span);
  RUN(test_reasons);
  RUN(test_month_names);
  RUN(test_bytes);
  return check_done();
}
