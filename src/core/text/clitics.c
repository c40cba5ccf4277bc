/*
 * clitics.c: the candidate forms of a word without its Arabic proclitics (TEXT-SPEC §6.3),
 * shared by the gazetteer matcher and the full-text search tokenizer.
 */
#include <string.h>

#include "text/chars.h"
#include "text/text.h"

#define WAW "\xD9\x88"       /* و */
#define FEH "\xD9\x81"       /* ف */
#define BEH "\xD8\xA8"       /* ب */
#define LAM "\xD9\x84"       /* ل */
#define KAF "\xD9\x83"       /* ك */
#define ALEF_LAM "\xD8\xA7\xD9\x84" /* ال */
#define LAM_LAM "\xD9\x84\xD9\x84"  /* لل */

void clitic_forms_init(clitic_forms *f) {
  f->n = 0;
  buf_init(&f->scratch);
}

void clitic_forms_free(clitic_forms *f) { buf_free(&f->scratch); }

/* starts: whether s[0..len) starts with the UTF-8 prefix p. */
static int starts(const char *s, size_t len, const char *p) {
  size_t n = strlen(p);
  return len >= n && memcmp(s, p, n) == 0;
}

/* letters: how many letters (L*) s[0..len) holds, counting at most to 2; table is
 * chars_table(). */
static int letters(const uint8_t *table, const char *s, size_t len) {
  int count = 0;
  for (size_t i = 0; i < len && count < 2;) {
    uint32_t cp;
    i += chars_decode((const unsigned char *)s + i, len - i, &cp);
    count += (chars_class(table, cp) & CH_CLASS) == CH_LETTER;
  }
  return count;
}

/* add: record s[0..len) as the next form unless it is a duplicate. */
static void add(clitic_forms *f, const char *s, size_t len) {
  for (size_t i = 0; i < f->n; i++)
    if (f->len[i] == len && memcmp(f->s[i], s, len) == 0) return;
  f->s[f->n] = s;
  f->len[f->n++] = len;
}

/* strip_one: the form of w without a leading ب ل ك (when 2 letters remain), or NULL. */
static const char *strip_one(const uint8_t *table, const char *w, size_t len, size_t *out) {
  if (!(starts(w, len, BEH) || starts(w, len, LAM) || starts(w, len, KAF))) return NULL;
  if (letters(table, w + 2, len - 2) < 2) return NULL;
  *out = len - 2;
  return w + 2;
}

/* strip_lam_lam: offset in scratch of ال + (w after لل), or -1. The scratch may move:
 * pointers into it are taken after all forms are built. */
static long strip_lam_lam(const uint8_t *table, clitic_forms *f, const char *w, size_t len,
                          int *fail) {
  if (!starts(w, len, LAM_LAM) || letters(table, w + 4, len - 4) < 2) return -1;
  long at = (long)f->scratch.len;
  if (buf_add(&f->scratch, ALEF_LAM, 4) || buf_add(&f->scratch, w + 4, len - 4)) *fail = 1;
  return at;
}

int text_clitic_forms(const char *t, size_t len, clitic_forms *f) {
  const char *w = NULL, *s3, *s4 = NULL;
  size_t wlen = 0, n3 = 0, n4 = 0;
  int fail = 0;
  const uint8_t *table = chars_table();
  f->n = 0;
  buf_clear(&f->scratch);
  if ((starts(t, len, WAW) || starts(t, len, FEH)) && letters(table, t + 2, len - 2) >= 2) {
    w = t + 2;
    wlen = len - 2;
  }
  s3 = strip_one(table, t, len, &n3);
  if (w) s4 = strip_one(table, w, wlen, &n4);
  long l5 = strip_lam_lam(table, f, t, len, &fail);
  long l6 = w ? strip_lam_lam(table, f, w, wlen, &fail) : -1;
  if (fail) return -1;
  add(f, t, len);
  if (w) add(f, w, wlen);
  if (s3) add(f, s3, n3);
  if (s4) add(f, s4, n4);
  if (l5 >= 0) add(f, f->scratch.data + l5, len);
  if (l6 >= 0) add(f, f->scratch.data + l6, wlen);
  return 0;
}
