/*
 * date.h: find and parse the date of a news article, as written by sites in Arabic,
 * English and French (docs/formats.md, "Dates"): ISO 8601, RFC 2822, day-first numeric
 * dates, month names (Arabic in its three naming traditions, English, French), Arabic-Indic
 * digits, and Hijri dates converted through ICU's islamic-umalqura calendar.
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

#endif
