/* date.c: dates as news sites write them (see date.h and docs/formats.md, "Dates"). */
#include "article/date.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uchar.h>
#include <unicode/ucal.h>
#include <unicode/utf8.h>

/* Tokens of a date text. */
typedef enum { DT_NUM, DT_WORD, DT_SEP, DT_SPACE } dt_kind;

#define DT_WORD_MAX 40 /* folded bytes kept of a word; longer words name no month */

typedef struct {
  dt_kind kind;
  size_t start, end; /* bytes of the text */
  long value;        /* DT_NUM: the number (capped), DT_SEP: the code point */
  int ndigits;       /* DT_NUM */
  char word[DT_WORD_MAX + 1]; /* DT_WORD: folded (date_fold_cp), NUL-terminated */
  size_t wlen;       /* DT_WORD: length, or DT_WORD_MAX + 1 when too long */
} dt_tok;

#define DT_WINDOW 20 /* tokens looked at from each start: the longest form needs ~13 */

/* A month name. Names are written folded: alef forms -> ا, ى -> ي, ة -> ه, lower case. */
typedef struct {
  const char *name;
  int month;
  date_calendar cal;
} month_name;

static const month_name months[] = {
  /* Egypt, the Gulf, and the Maghreb's shared names; English; French */
  {"يناير", 1, DATE_GREGORIAN}, {"فبراير", 2, DATE_GREGORIAN}, {"مارس", 3, DATE_GREGORIAN},
  {"ابريل", 4, DATE_GREGORIAN}, {"مايو", 5, DATE_GREGORIAN}, {"يونيو", 6, DATE_GREGORIAN},
  {"يونيه", 6, DATE_GREGORIAN}, {"يوليو", 7, DATE_GREGORIAN}, {"يوليه", 7, DATE_GREGORIAN},
  {"اغسطس", 8, DATE_GREGORIAN}, {"اغسطوس", 8, DATE_GREGORIAN}, {"سبتمبر", 9, DATE_GREGORIAN},
  {"سيبتمبر", 9, DATE_GREGORIAN}, {"اكتوبر", 10, DATE_GREGORIAN}, {"نوفمبر", 11, DATE_GREGORIAN},
  {"ديسمبر", 12, DATE_GREGORIAN}, {"دجنبر", 12, DATE_GREGORIAN},
  /* Levant and Iraq (Syriac names) */
  {"كانون الثاني", 1, DATE_GREGORIAN}, {"كانون ثاني", 1, DATE_GREGORIAN},
  {"شباط", 2, DATE_GREGORIAN}, {"اذار", 3, DATE_GREGORIAN}, {"نيسان", 4, DATE_GREGORIAN},
  {"ايار", 5, DATE_GREGORIAN}, {"حزيران", 6, DATE_GREGORIAN}, {"تموز", 7, DATE_GREGORIAN},
  {"اب", 8, DATE_GREGORIAN}, {"ايلول", 9, DATE_GREGORIAN}, {"تشرين الاول", 10, DATE_GREGORIAN},
  {"تشرين اول", 10, DATE_GREGORIAN}, {"تشرين الثاني", 11, DATE_GREGORIAN},
  {"تشرين ثاني", 11, DATE_GREGORIAN}, {"كانون الاول", 12, DATE_GREGORIAN},
  {"كانون اول", 12, DATE_GREGORIAN},
  /* Algeria and Tunisia (French names); Morocco */
  {"جانفي", 1, DATE_GREGORIAN}, {"فيفري", 2, DATE_GREGORIAN}, {"افريل", 4, DATE_GREGORIAN},
  {"ماي", 5, DATE_GREGORIAN}, {"جوان", 6, DATE_GREGORIAN}, {"جويليه", 7, DATE_GREGORIAN},
  {"جويلييه", 7, DATE_GREGORIAN}, {"اوت", 8, DATE_GREGORIAN}, {"يوليوز", 7, DATE_GREGORIAN},
  {"غشت", 8, DATE_GREGORIAN}, {"شتنبر", 9, DATE_GREGORIAN}, {"نونبر", 11, DATE_GREGORIAN},
  /* English */
  {"january", 1, DATE_GREGORIAN}, {"jan", 1, DATE_GREGORIAN}, {"february", 2, DATE_GREGORIAN},
  {"feb", 2, DATE_GREGORIAN}, {"march", 3, DATE_GREGORIAN}, {"mar", 3, DATE_GREGORIAN},
  {"april", 4, DATE_GREGORIAN}, {"apr", 4, DATE_GREGORIAN}, {"may", 5, DATE_GREGORIAN},
  {"june", 6, DATE_GREGORIAN}, {"jun", 6, DATE_GREGORIAN}, {"july", 7, DATE_GREGORIAN},
  {"jul", 7, DATE_GREGORIAN}, {"august", 8, DATE_GREGORIAN}, {"aug", 8, DATE_GREGORIAN},
  {"september", 9, DATE_GREGORIAN}, {"sep", 9, DATE_GREGORIAN}, {"sept", 9, DATE_GREGORIAN},
  {"october", 10, DATE_GREGORIAN}, {"oct", 10, DATE_GREGORIAN},
  {"november", 11, DATE_GREGORIAN}, {"nov", 11, DATE_GREGORIAN},
  {"december", 12, DATE_GREGORIAN}, {"dec", 12, DATE_GREGORIAN},
  /* French (with and without accents) */
  {"janvier", 1, DATE_GREGORIAN}, {"janv", 1, DATE_GREGORIAN}, {"février", 2, DATE_GREGORIAN},
  {"fevrier", 2, DATE_GREGORIAN}, {"févr", 2, DATE_GREGORIAN}, {"fevr", 2, DATE_GREGORIAN},
  {"mars", 3, DATE_GREGORIAN}, {"avril", 4, DATE_GREGORIAN}, {"avr", 4, DATE_GREGORIAN},
  {"mai", 5, DATE_GREGORIAN}, {"juin", 6, DATE_GREGORIAN}, {"juillet", 7, DATE_GREGORIAN},
  {"juil", 7, DATE_GREGORIAN}, {"août", 8, DATE_GREGORIAN}, {"aout", 8, DATE_GREGORIAN},
  {"septembre", 9, DATE_GREGORIAN}, {"octobre", 10, DATE_GREGORIAN},
  {"novembre", 11, DATE_GREGORIAN}, {"décembre", 12, DATE_GREGORIAN},
  {"decembre", 12, DATE_GREGORIAN}, {"déc", 12, DATE_GREGORIAN},
  /* Hijri */
  {"محرم", 1, DATE_HIJRI}, {"المحرم", 1, DATE_HIJRI}, {"صفر", 2, DATE_HIJRI},
  {"ربيع الاول", 3, DATE_HIJRI}, {"ربيع اول", 3, DATE_HIJRI}, {"ربيع الثاني", 4, DATE_HIJRI},
  {"ربيع ثاني", 4, DATE_HIJRI}, {"ربيع الاخر", 4, DATE_HIJRI}, {"ربيع اخر", 4, DATE_HIJRI},
  {"جمادي الاولي", 5, DATE_HIJRI}, {"جمادي الاول", 5, DATE_HIJRI},
  {"جمادي اولي", 5, DATE_HIJRI}, {"جمادي الثانيه", 6, DATE_HIJRI},
  {"جمادي الثاني", 6, DATE_HIJRI}, {"جمادي الاخره", 6, DATE_HIJRI},
  {"جمادي الاخر", 6, DATE_HIJRI}, {"جمادي ثاني", 6, DATE_HIJRI}, {"رجب", 7, DATE_HIJRI},
  {"شعبان", 8, DATE_HIJRI}, {"رمضان", 9, DATE_HIJRI}, {"شوال", 10, DATE_HIJRI},
  {"ذو القعده", 11, DATE_HIJRI}, {"ذي القعده", 11, DATE_HIJRI}, {"ذو الحجه", 12, DATE_HIJRI},
  {"ذي الحجه", 12, DATE_HIJRI},
};

/* fold_cp: the code point c in the form month names are written in, or 0 to drop it
 * (marks, tatweel). */
static UChar32 fold_cp(UChar32 c) {
  if (c == 0x0640 || u_charType(c) == U_NON_SPACING_MARK) return 0;
  switch (c) {
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: return 0x0627;
    case 0x0649: case 0x06CC: return 0x064A;
    case 0x0629: return 0x0647;
    case 0x06A9: return 0x0643;
    default: return u_foldCase(c, U_FOLD_CASE_DEFAULT);
  }
}

/* word_add: append folded c to t's word, marking it too long when it does not fit. */
static void word_add(dt_tok *t, UChar32 c) {
  c = fold_cp(c);
  if (!c || t->wlen > DT_WORD_MAX) return;
  if (t->wlen + (size_t)U8_LENGTH(c) > DT_WORD_MAX) {
    t->wlen = DT_WORD_MAX + 1;
    t->word[0] = '\0';
    return;
  }
  U8_APPEND_UNSAFE(t->word, t->wlen, c);
  t->word[t->wlen] = '\0';
}

/* cp_kind: the token kind a code point belongs to. */
static dt_kind cp_kind(UChar32 c) {
  if (c < 0) return DT_SEP;
  if (u_isUWhiteSpace(c) || u_charType(c) == U_FORMAT_CHAR) return DT_SPACE;
  if (u_charType(c) == U_DECIMAL_DIGIT_NUMBER) return DT_NUM;
  if (u_isalpha(c) || (U_GET_GC_MASK(c) & U_GC_M_MASK)) return DT_WORD;
  return DT_SEP;
}

/* lex_one: the token of s starting at *pos; advances *pos. */
static void lex_one(const char *s, size_t len, size_t *pos, dt_tok *t) {
  size_t i = *pos, next;
  UChar32 c;
  U8_NEXT(s, i, len, c);
  t->kind = cp_kind(c);
  t->start = *pos;
  t->value = t->kind == DT_SEP ? (c < 0 ? 0xFFFD : c) : 0;
  t->ndigits = 0;
  t->wlen = 0;
  t->word[0] = '\0';
  for (next = *pos;;) {
    if (t->kind == DT_NUM) {
      if (t->value < 100000) t->value = t->value * 10 + u_charDigitValue(c);
      t->ndigits++;
    } else if (t->kind == DT_WORD) {
      word_add(t, c);
    }
    next = i;
    if (t->kind == DT_SEP || i >= len) break;
    U8_NEXT(s, i, len, c);
    if (cp_kind(c) != t->kind) break;
  }
  t->end = *pos = next;
}

/* lex_window: up to DT_WINDOW tokens of s from pos; their number. */
static size_t lex_window(const char *s, size_t len, size_t pos, dt_tok *t) {
  size_t n = 0;
  while (n < DT_WINDOW && pos < len) lex_one(s, len, &pos, &t[n++]);
  return n;
}

/* is_sep: whether token j exists and is the separator code point c. */
static int is_sep(const dt_tok *t, size_t n, size_t j, long c) {
  return j < n && t[j].kind == DT_SEP && t[j].value == c;
}

/* is_num: whether token j exists and is a number of min..max digits. */
static int is_num(const dt_tok *t, size_t n, size_t j, int min, int max) {
  return j < n && t[j].kind == DT_NUM && t[j].ndigits >= min && t[j].ndigits <= max;
}

/* is_word: whether token j exists and is the folded word w. */
static int is_word(const dt_tok *t, size_t n, size_t j, const char *w) {
  return j < n && t[j].kind == DT_WORD && strcmp(t[j].word, w) == 0;
}

/* skip_gap: the index after the spaces and light separators (, . - / ، and the words
 * "de", "of", "من") from j. */
static size_t skip_gap(const dt_tok *t, size_t n, size_t j) {
  while (j < n) {
    if (t[j].kind == DT_SPACE) {
      j++;
    } else if (t[j].kind == DT_SEP && strchr(",.-/", (int)t[j].value) && t[j].value) {
      j++;
    } else if (is_sep(t, n, j, 0x060C) || is_word(t, n, j, "de") || is_word(t, n, j, "of") ||
               is_word(t, n, j, "من")) {
      j++;
    } else {
      break;
    }
  }
  return j;
}

int date_month_name(const char *w, size_t len, date_calendar *calendar) {
  dt_tok t = {.wlen = 0};
  size_t i = 0;
  while (i < len) {
    UChar32 c;
    U8_NEXT(w, i, len, c);
    if (c < 0) return 0;
    word_add(&t, c);
  }
  if (t.wlen > DT_WORD_MAX) return 0;
  for (size_t k = 0; k < sizeof months / sizeof *months; k++) {
    if (strcmp(months[k].name, t.word) == 0) {
      if (calendar) *calendar = months[k].cal;
      return months[k].month;
    }
  }
  return 0;
}

/* month_at: the month named from token j (one word, or two words separated by spaces);
 * *after is the index after the name. 0 when no month is named there. */
static int month_at(const dt_tok *t, size_t n, size_t j, date_calendar *cal, size_t *after) {
  if (j >= n || t[j].kind != DT_WORD || t[j].wlen > DT_WORD_MAX) return 0;
  if (j + 2 < n && t[j + 1].kind == DT_SPACE && t[j + 2].kind == DT_WORD) {
    char two[2 * DT_WORD_MAX + 2];
    snprintf(two, sizeof two, "%s %s", t[j].word, t[j + 2].word);
    int m = date_month_name(two, strlen(two), cal);
    if (m) {
      *after = j + 3;
      return m;
    }
  }
  int m = date_month_name(t[j].word, t[j].wlen, cal);
  if (m) *after = j + 1;
  return m;
}

/* skip_alt_month: after a month name, skip a second name of it ("مايو/أيار",
 * "يوليو (تموز)"); returns the index after it, or j. */
static size_t skip_alt_month(const dt_tok *t, size_t n, size_t j) {
  size_t k = j;
  while (k < n && t[k].kind == DT_SPACE) k++;
  if (!(is_sep(t, n, k, '/') || is_sep(t, n, k, '(') || is_sep(t, n, k, '-'))) return j;
  int paren = t[k].value == '(';
  k++;
  while (k < n && t[k].kind == DT_SPACE) k++;
  date_calendar cal;
  size_t after;
  if (!month_at(t, n, k, &cal, &after)) return j;
  if (paren && is_sep(t, n, after, ')')) after++;
  return after;
}

/* skip_ordinal: skip an ordinal suffix glued to a day number (1er, 2nd, 3rd, 18th). */
static size_t skip_ordinal(const dt_tok *t, size_t n, size_t j) {
  static const char *const ords[] = {"er", "st", "nd", "rd", "th", "e"};
  if (j < n && t[j].kind == DT_WORD && t[j].start == t[j - 1].end) {
    for (size_t k = 0; k < sizeof ords / sizeof *ords; k++) {
      if (strcmp(t[j].word, ords[k]) == 0) return j + 1;
    }
  }
  return j;
}

/* era_marker: the index of an era marker after token j (after spaces): Hijri (هـ, ه, AH,
 * هجري) when *hijri is set on return, else Gregorian (م, ميلادي, CE, AD); 0 when none. */
static size_t era_marker(const dt_tok *t, size_t n, size_t j, int *hijri) {
  static const char *const hijri_words[] = {"ه", "ah", "هجري", "هجريه"};
  static const char *const greg_words[] = {"م", "ميلادي", "ميلاديه", "ce", "ad"};
  while (j < n && t[j].kind == DT_SPACE) j++;
  for (size_t k = 0; k < sizeof hijri_words / sizeof *hijri_words; k++) {
    if (is_word(t, n, j, hijri_words[k])) return *hijri = 1, j;
  }
  for (size_t k = 0; k < sizeof greg_words / sizeof *greg_words; k++) {
    if (is_word(t, n, j, greg_words[k])) return *hijri = 0, j;
  }
  return 0;
}

/* hijri_marker: whether a Hijri era marker follows token j. */
static int hijri_marker(const dt_tok *t, size_t n, size_t j) {
  int hijri = 0;
  return era_marker(t, n, j, &hijri) && hijri;
}

/* A candidate date read from the tokens. */
typedef struct {
  int y, m, d;
  date_calendar cal;
  size_t last; /* index of its last token */
} dt_cand;

/* pattern_numeric: Y-M-D (ISO and Y/M/D) or D/M/Y with one separator - / . repeated. */
static int pattern_numeric(const dt_tok *t, size_t n, dt_cand *c) {
  if (n < 5 || t[1].kind != DT_SEP || !strchr("-/.", (int)t[1].value) || !t[1].value ||
      !is_sep(t, n, 3, t[1].value)) {
    return 0;
  }
  if (is_num(t, n, 0, 4, 4) && is_num(t, n, 2, 1, 2) && is_num(t, n, 4, 1, 2)) {
    *c = (dt_cand){(int)t[0].value, (int)t[2].value, (int)t[4].value, DATE_GREGORIAN, 4};
  } else if (is_num(t, n, 0, 1, 2) && is_num(t, n, 2, 1, 2) && is_num(t, n, 4, 4, 4)) {
    *c = (dt_cand){(int)t[4].value, (int)t[2].value, (int)t[0].value, DATE_GREGORIAN, 4};
    if (c->m > 12 && c->d <= 12) { /* unambiguous month-first (US) */
      int tmp = c->m;
      c->m = c->d;
      c->d = tmp;
    }
  } else {
    return 0;
  }
  if (c->y < 1600 || hijri_marker(t, n, 5)) c->cal = DATE_HIJRI;
  return 1;
}

/* pattern_day_month: D Month Y ("28 يوليو 2025", "Sun, 18 Feb 2018", "1er janvier"). */
static int pattern_day_month(const dt_tok *t, size_t n, dt_cand *c) {
  if (!is_num(t, n, 0, 1, 2)) return 0;
  size_t j = skip_gap(t, n, skip_ordinal(t, n, 1)), after;
  date_calendar cal;
  int m = month_at(t, n, j, &cal, &after);
  if (!m) return 0;
  j = skip_gap(t, n, skip_alt_month(t, n, after));
  if (!is_num(t, n, j, cal == DATE_HIJRI ? 3 : 4, 4)) return 0;
  *c = (dt_cand){(int)t[j].value, m, (int)t[0].value, cal, j};
  return 1;
}

/* pattern_month_day: Month D, Y ("February 18, 2018", "Feb. 18th 2018"). */
static int pattern_month_day(const dt_tok *t, size_t n, dt_cand *c) {
  size_t after;
  date_calendar cal;
  int m = month_at(t, n, 0, &cal, &after);
  if (!m) return 0;
  size_t j = skip_gap(t, n, skip_alt_month(t, n, after));
  if (!is_num(t, n, j, 1, 2)) return 0;
  size_t day = j;
  j = skip_gap(t, n, skip_ordinal(t, n, j + 1));
  if (!is_num(t, n, j, 4, 4)) return 0;
  *c = (dt_cand){(int)t[j].value, m, (int)t[day].value, cal, j};
  return 1;
}

/* hijri_to_gregorian: convert *c (Hijri, Umm al-Qura) to Gregorian with ICU; 0 or -1. */
static int hijri_to_gregorian(dt_cand *c) {
  static const UChar utc[] = {'U', 'T', 'C', 0};
  UErrorCode st = U_ZERO_ERROR;
  if (c->m < 1 || c->m > 12 || c->d < 1 || c->d > 30) return -1;
  UCalendar *cal = ucal_open(utc, -1, "@calendar=islamic-umalqura", UCAL_DEFAULT, &st);
  if (U_FAILURE(st)) return -1;
  ucal_setAttribute(cal, UCAL_LENIENT, 0);
  ucal_clear(cal);
  ucal_setDate(cal, c->y, c->m - 1, c->d, &st);
  UDate when = ucal_getMillis(cal, &st);
  ucal_close(cal);
  if (U_FAILURE(st)) return -1;
  cal = ucal_open(utc, -1, "@calendar=gregorian", UCAL_GREGORIAN, &st);
  ucal_setGregorianChange(cal, -1.8e17, &st); /* proleptic Gregorian, as ISO 8601 counts */
  ucal_setMillis(cal, when, &st);
  c->y = ucal_get(cal, UCAL_EXTENDED_YEAR, &st);
  c->m = ucal_get(cal, UCAL_MONTH, &st) + 1;
  c->d = ucal_get(cal, UCAL_DATE, &st);
  ucal_close(cal);
  return U_FAILURE(st) ? -1 : 0;
}

/* cand_valid: check (and convert to Gregorian) a candidate; 0, or -1 with why set. */
static int cand_valid(dt_cand *c, const char *s, const dt_tok *t, err *why) {
  int len = (int)(t[c->last].end - t[0].start);
  if (c->m < 1 || c->m > 12) {
    return err_set(why, "no month %d in \"%.*s\"", c->m, len, s + t[0].start);
  }
  if (c->cal == DATE_HIJRI) {
    if (hijri_to_gregorian(c) == 0) return 0;
    return err_set(why, "not a Hijri (Umm al-Qura) date: \"%.*s\"", len, s + t[0].start);
  }
  if (c->y < 1 || c->d < 1 || c->d > date_month_days(c->y, c->m)) {
    return err_set(why, "no day %d in %04d-%02d (\"%.*s\")", c->d, c->y, c->m, len,
                   s + t[0].start);
  }
  return 0;
}

/* match_at: a valid date starting at the first of tokens t[0..n); 1 found, 0 not. */
static int match_at(const char *s, const dt_tok *t, size_t n, dt_cand *c, err *why,
                    int *refused) {
  if (!pattern_numeric(t, n, c) && !pattern_day_month(t, n, c) && !pattern_month_day(t, n, c)) {
    return 0;
  }
  if (cand_valid(c, s, t, *refused ? NULL : why) == 0) return 1;
  *refused = 1;
  return 0;
}

/* clip: the length of s[0..len) cut to at most max bytes on a character boundary. */
static int clip(const char *s, size_t len, size_t max) {
  if (len <= max) return (int)len;
  while (max > 0 && (s[max] & 0xC0) == 0x80) max--;
  return (int)max;
}

/* fill_match: m from candidate c read at tokens t[0..n) (its span takes in an era
 * marker that follows it). */
static void fill_match(date_match *m, const dt_cand *c, const dt_tok *t, size_t n,
                       date_calendar cal) {
  int hijri = 0;
  size_t marker = era_marker(t, n, c->last + 1, &hijri);
  snprintf(m->iso, sizeof m->iso, "%04u-%02u-%02u", (unsigned)c->y % 10000u, (unsigned)c->m % 100u,
           (unsigned)c->d % 100u);
  m->start = t[0].start;
  m->end = t[marker ? marker : c->last].end;
  m->calendar = cal;
}

/* digits: the value of the n ASCII digits at s, or -1 when one is not a digit. */
static int digits(const char *s, size_t n) {
  int v = 0;
  for (size_t i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/* iso_prefix: what date_find finds in a text that starts with a valid Gregorian ISO date
 * (YYYY-MM-DD, year 1600 or later) followed by nothing, or by ' ' or 'T' and a digit (a
 * time: no era marker can follow); 1 with *m filled, 0 when the text is not so (the
 * general path decides). The shape of most corpora's dates, read without ICU. */
static int iso_prefix(const char *s, size_t len, date_match *m) {
  if (len < 10 || s[4] != '-' || s[7] != '-') return 0;
  if (len > 10 && !((s[10] == ' ' || s[10] == 'T') && len > 11 && s[11] >= '0' && s[11] <= '9'))
    return 0;
  int y = digits(s, 4), mo = digits(s + 5, 2), d = digits(s + 8, 2);
  if (y < 1600 || mo < 1 || mo > 12 || d < 1 || d > date_month_days(y, mo)) return 0;
  memcpy(m->iso, s, 10);
  m->iso[10] = '\0';
  m->start = 0;
  m->end = 10;
  m->calendar = DATE_GREGORIAN;
  return 1;
}

int date_find(const char *s, size_t len, date_match *m, err *why) {
  if (iso_prefix(s, len, m)) return 1;
  dt_tok t[DT_WINDOW];
  int refused = 0, have_hijri = 0;
  date_match hijri;
  err_set(why, "no date in \"%.*s\"", clip(s, len, 80), s);
  for (size_t pos = 0; pos < len;) {
    size_t n = lex_window(s, len, pos, t);
    dt_cand c;
    if ((t[0].kind == DT_NUM || t[0].kind == DT_WORD) && match_at(s, t, n, &c, why, &refused)) {
      date_calendar cal = c.cal;
      if (cal == DATE_GREGORIAN) {
        fill_match(m, &c, t, n, cal);
        return 1;
      }
      if (!have_hijri) fill_match(&hijri, &c, t, n, cal);
      have_hijri = 1;
    }
    pos = t[0].end;
  }
  if (have_hijri) *m = hijri;
  return have_hijri;
}

int date_parse(const char *s, size_t len, char iso[11], err *e) {
  date_match m;
  if (!date_find(s, len, &m, e)) return -1;
  memcpy(iso, m.iso, sizeof m.iso);
  return 0;
}

/* ---- the calendar ---------------------------------------------------------------------- */

int date_leap(long y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int date_month_days(long y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && date_leap(y) ? 29 : days[m - 1];
}

/* shaped: whether s[0..n) has the shape of the first n bytes of "dddd-dd-dd". */
static int shaped(const char *s, size_t n) {
  static const char shape[] = "dddd-dd-dd";
  for (size_t i = 0; i < n; i++) {
    if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != '-') return 0;
  }
  return 1;
}

int date_split(const char *s, long *y, int *m, int *d) {
  if (strnlen(s, 10) < 10 || !shaped(s, 10)) return -1;
  *y = digits(s, 4);
  *m = digits(s + 5, 2);
  *d = digits(s + 8, 2);
  return *m >= 1 && *m <= 12 && *d >= 1 && *d <= date_month_days(*y, *m) ? 0 : -1;
}

long date_day(long y, int m, int d) {
  y -= m <= 2;
  long era = (y >= 0 ? y : y - 399) / 400;
  long yoe = y - era * 400;
  long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

char *date_of_day(long day, char out[11]) {
  long z = day + 719468;
  long era = (z >= 0 ? z : z - 146096) / 146097;
  long doe = z - era * 146097;
  long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  long mp = (5 * doy + 2) / 153;
  long d = doy - (153 * mp + 2) / 5 + 1, m = mp < 10 ? mp + 3 : mp - 9;
  char full[64]; /* room for any long: the compiler cannot know the year has 4 digits */
  snprintf(full, sizeof full, "%04ld-%02ld-%02ld", yoe + era * 400 + (m <= 2), m, d);
  memcpy(out, full, 10);
  out[10] = '\0';
  return out;
}

/* iso_weekday: 1 (Monday) .. 7 (Sunday) of a day number. */
static int iso_weekday(long day) {
  long w = (day + 3) % 7; /* 1970-01-01 was a Thursday: 3 with Monday = 0 */
  return (int)(w < 0 ? w + 7 : w) + 1;
}

/* iso_weeks_in: 52 or 53, the ISO weeks of week-year y (53 when it has 53 Thursdays). */
static int iso_weeks_in(long y) {
  int jan1 = iso_weekday(date_day(y, 1, 1));
  return jan1 == 4 || (date_leap(y) && jan1 == 3) ? 53 : 52;
}

int date_iso_week(long y, int m, int d, long *wy) {
  long day = date_day(y, m, d);
  long week = (day - date_day(y, 1, 1) + 1 - iso_weekday(day) + 10) / 7;
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

/* week_span: the days of ISO week w of week-year y (week 1 holds 4 January); 0 or -1. */
static int week_span(long y, int w, long *first, long *last) {
  if (w < 1 || w > iso_weeks_in(y)) return -1;
  long jan4 = date_day(y, 1, 4);
  *first = jan4 - (iso_weekday(jan4) - 1) + 7L * (w - 1);
  *last = *first + 6;
  return 0;
}

const char *date_span(const char *label, long *first, long *last) {
  size_t n = strlen(label);
  long y;
  int m, d;
  if (n == 10 && date_split(label, &y, &m, &d) == 0) {
    *first = *last = date_day(y, m, d);
    return "day";
  }
  if (n == 8 && shaped(label, 4) && label[4] == '-' && label[5] == 'W' &&
      shaped(label + 6, 2) &&
      week_span(digits(label, 4), digits(label + 6, 2), first, last) == 0) {
    return "week";
  }
  if ((n == 7 || n == 4) && shaped(label, n)) {
    y = digits(label, 4);
    m = n == 7 ? digits(label + 5, 2) : 0;
    if (n == 7 && (m < 1 || m > 12)) return NULL;
    *first = date_day(y, m ? m : 1, 1);
    *last = date_day(y, m ? m : 12, m ? date_month_days(y, m) : 31);
    return n == 7 ? "month" : "year";
  }
  return NULL;
}

int date_bound(const char *s, int end, char out[11], err *e) {
  size_t n = strlen(s);
  long first, last;
  if ((n == 4 || n == 7 || n == 10) && shaped(s, n)) {
    if (date_span(s, &first, &last)) {
      date_of_day(end ? last : first, out);
      return 0;
    }
    int m = digits(s + 5, 2);
    if (m < 1 || m > 12) return err_set(e, "bad date '%s' (no month %d)", s, m);
    return err_set(e, "bad date '%s' (no day %d in %.7s)", s, digits(s + 8, 2), s);
  }
  if (date_parse(s, n, out, NULL) == 0) return 0;
  return err_set(e, "bad date '%s' (YYYY, YYYY-MM or YYYY-MM-DD expected)", s);
}
