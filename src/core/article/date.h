/*
 * date.h: the one date module. It finds and parses the date of a news article, as written
 * by sites in Arabic, English and French (docs/formats.md, "Dates"): ISO 8601, RFC 2822,
 * day-first numeric dates, month names (Arabic in its three naming traditions, English,
 * French), Arabic-Indic digits, and Hijri dates converted through ICU's islamic-umalqura
 * calendar. And it owns every calendar rule of the toolkit (the proleptic Gregorian
 * calendar of ISO 8601): which ISO dates exist, leap years, day numbers, ISO weeks, the
 * days a period covers and what a partial date means as a bound; nothing else computes
 * them (sahel.date binds them for Lua).
 * Callable on any bytes (fuzzing): nothing is allocated, invalid UTF-8 is skipped over.
 */
#ifndef SAHEL_DATE_H
#define SAHEL_DATE_H

#include <stddef.h>

#include "base/err.h"

/* Calendars a date can be written in. */
typedef enum { DATE_GREGORIAN, DATE_HIJRI } date_calendar;

/* A date found in a text. */
typedef struct {
  char iso[11];          /* "YYYY-MM-DD" (Gregorian), NUL-terminated */
  size_t start, end;     /* bytes [start, end) of the text that wrote it */
  date_calendar calendar; /* as written (iso is always Gregorian) */
} date_match;

/* date_find: the date written in s[0..len): the first Gregorian one, else the first Hijri
 * one (a text giving both, "15 محرم 1447 هـ الموافق 10 يوليو 2025", yields the Gregorian).
 * 1 found (*m filled), 0 none; why (may be NULL) then says what came closest. */
int date_find(const char *s, size_t len, date_match *m, err *why);

/* date_parse: the ISO date of s[0..len) into iso (11 bytes): 0, or -1 with e set
 * ("no date in \"...\"" or the reason a near-date was refused). */
int date_parse(const char *s, size_t len, char iso[11], err *e);

/* date_month_name: the month (1..12) named by the word w[0..len) in the Gregorian
 * (*calendar = DATE_GREGORIAN) or Hijri month tables, or 0. Case and Arabic spelling
 * variants (hamza on alef, ى/ي, ة/ه, diacritics, tatweel) are ignored. */
int date_month_name(const char *w, size_t len, date_calendar *calendar);

/* ---- the calendar ---------------------------------------------------------------------- */

/* date_leap: whether Gregorian year y is a leap year (divisible by 4, and not by 100
 * unless by 400: 2000 and 2024 are, 1900 and 2025 are not). */
int date_leap(long y);
/* date_month_days: the days of month m (1..12) of Gregorian year y. */
int date_month_days(long y, int m);
/* date_split: y, m, d of the ISO date s[0..10) ("YYYY-MM-DD") when it names a day that
 * exists (month 1..12, day 1..date_month_days: "2025-02-31" and "2025-02-29" do not);
 * 0, or -1 (what follows s[10] is not looked at). */
int date_split(const char *s, long *y, int *m, int *d);
/* date_day: days since 1970-01-01 of the Gregorian date y-m-d (H. Hinnant's
 * days_from_civil). */
long date_day(long y, int m, int d);
/* date_of_day: the "YYYY-MM-DD" of day number `day` into out (11 bytes); out. */
char *date_of_day(long day, char out[11]);
/* date_iso_week: the ISO 8601 week (1..53) of y-m-d; its week-year into *wy (the year of
 * its Thursday: 2024-12-30 is in 2025-W01). */
int date_iso_week(long y, int m, int d, long *wy);
/* date_span: the kind ("day", "week", "month" or "year") of a period label
 * ("2025-07-28", "2025-W31", "2025-07", "2025") that exists, and its first and last day
 * numbers (date_day); NULL for any other label ("unknown", "2025-13", "2025-W54"). */
const char *date_span(const char *label, long *first, long *last);
/* date_bound: the filter bound s ("YYYY", "YYYY-MM" or "YYYY-MM-DD" that exists, or any
 * date date_parse reads) as the full ISO date of the first day of its period (end 0: a
 * `from`), or of its last day (end 1: a partial `to` means the end of its period), into
 * out (11 bytes). 0, or -1 with e set: "bad date '2025-02-31' (no day 31 in 2025-02)". */
int date_bound(const char *s, int end, char out[11], err *e);

#endif
