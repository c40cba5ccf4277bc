/* encoding.c: bytes to valid UTF-8 with ICU (see encoding.h). */
#include "text/encoding.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/ustring.h>
#include <unicode/utf16.h>
#include <unicode/utf8.h>

static const char replacement[] = "\xEF\xBF\xBD"; /* U+FFFD */

const char *enc_bom(const char *s, size_t len, size_t *bom_len) {
  static const struct {
    const char *bytes;
    size_t len;
    const char *name;
  } boms[] = {
    {"\xEF\xBB\xBF", 3, "UTF-8"},          {"\xFF\xFE\x00\x00", 4, "UTF-32LE"},
    {"\x00\x00\xFE\xFF", 4, "UTF-32BE"},   {"\xFF\xFE", 2, "UTF-16LE"},
    {"\xFE\xFF", 2, "UTF-16BE"},
  };
  for (size_t i = 0; i < sizeof boms / sizeof *boms; i++) {
    if (len >= boms[i].len && memcmp(s, boms[i].bytes, boms[i].len) == 0) {
      *bom_len = boms[i].len;
      return boms[i].name;
    }
  }
  *bom_len = 0;
  return NULL;
}

#define ONES 0x0101010101010101ull
#define HIGH 0x8080808080808080ull

/* load_word: the eight bytes at s, byte k in bits 8k..8k+7. */
static uint64_t load_word(const unsigned char *s) {
  uint64_t v;
  memcpy(&v, s, 8);
#if __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
  v = __builtin_bswap64(v);
#endif
  return v;
}

/* word_flaws: what in the word v (without NUL bytes) breaks a run of ASCII bytes and
 * two-byte sequences (C2..DF, 80..BF): a wide lead (three or four bytes), an overlong
 * C0/C1, a byte 10xxxxxx not right after a lead 110xxxxx or a lead without one; 0 when
 * nothing. *lead: 0x80 when the word before ended with a lead, then the same for v. */
static uint64_t word_flaws(uint64_t v, uint64_t *lead) {
  uint64_t top2 = v & v << 1 & HIGH, wide = top2 & v << 2, cont = (v & HIGH) ^ top2;
  uint64_t overlong = top2 & ~((v & 0x1E1E1E1E1E1E1E1Eull) + 0x7F7F7F7F7F7F7F7Full);
  uint64_t flaws = wide | overlong | ((top2 << 8 | *lead) ^ cont);
  *lead = top2 >> 56;
  return flaws;
}

/* word_run: the length of the run at the start of s[0..len) (without NUL bytes) made of
 * ASCII bytes and two-byte sequences (C2..DF, 80..BF): most of Latin and Arabic text. Two
 * words of eight bytes at a time, without a branch per byte. Ends on a sequence
 * boundary. */
static size_t word_run(const unsigned char *s, size_t len) {
  size_t i = 0;
  uint64_t lead = 0; /* 0x80 when the bytes before s + i end with a lead */
  for (; i + 16 <= len; i += 16) {
    uint64_t next = lead;
    if (word_flaws(load_word(s + i), &next) | word_flaws(load_word(s + i + 8), &next)) break;
    lead = next;
  }
  return i - (lead != 0); /* a lead at the end of the run starts the next sequence */
}

/* seq_len: the length of the well-formed sequence at the start of s[0..len) (Unicode's
 * table 3-7, as ICU's U8_NEXT reads it; NUL excluded), or 0 when it is ill-formed. */
static size_t seq_len(const unsigned char *s, size_t len) {
  unsigned c = s[0];
  if (c < 0x80) return c ? 1 : 0;
  if (c >= 0xC2 && c <= 0xDF) return len >= 2 && (s[1] & 0xC0) == 0x80 ? 2 : 0;
  if (c >= 0xE0 && c <= 0xEF) {
    unsigned lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    return len >= 3 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
  }
  if (c >= 0xF0 && c <= 0xF4) {
    unsigned lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    int ok = len >= 4 && s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 &&
             (s[3] & 0xC0) == 0x80;
    return ok ? 4 : 0;
  }
  return 0;
}

/* nul_free: the end of the run of s[i..len) without NUL bytes, looked for over `window`
 * bytes at most (memchr, many bytes at a time). */
static size_t nul_free(const unsigned char *s, size_t i, size_t len, size_t window) {
  size_t end = len - i > window ? i + window : len;
  const unsigned char *nul = memchr(s + i, 0, end - i);
  return nul ? (size_t)(nul - s) : end;
}

size_t enc_valid_utf8(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t i = 0, window = 64; /* short at first: a repair calls this after each bad byte */
  while (i < len) {
    i += word_run(s + i, nul_free(s, i, len, window) - i);
    window = 4096;
    /* then sequence by sequence over at least eight bytes (or to the end) */
    for (size_t stop = i + 8; i < len && i < stop;) {
      size_t n = seq_len(s + i, len - i);
      if (!n) return i;
      i += n;
    }
  }
  return len;
}

int enc_repair_utf8(const char *s, size_t len, size_t base, buf *out, enc_bad *bad) {
  if (buf_reserve(out, len)) return -1;
  size_t i = 0;
  while (i < len) {
    size_t ok = enc_valid_utf8(s + i, len - i);
    if (buf_add(out, s + i, ok)) return -1;
    i += ok;
    if (i >= len) break;
    if (bad->count++ == 0) bad->first = base + i;
    UChar32 c;
    U8_NEXT(s, i, len, c); /* skips the maximal ill-formed subpart (or the NUL) */
    if (buf_add(out, replacement, 3)) return -1;
  }
  return 0;
}

int enc_is_utf8(const char *name) {
  return !name || ucnv_compareNames(name, "UTF-8") == 0 || ucnv_compareNames(name, "UTF8") == 0;
}

/* The state of one conversion: where the input started, and what was replaced. */
typedef struct {
  const char *start;
  enc_bad *bad;
} conv_ctx;

/* count_bad: ICU to-Unicode callback: write U+FFFD for an illegal or unmapped sequence
 * and count it. */
static void count_bad(const void *context, UConverterToUnicodeArgs *args, const char *units,
                      int32_t length, UConverterCallbackReason reason, UErrorCode *st) {
  (void)units;
  const conv_ctx *cx = context;
  if (reason > UCNV_IRREGULAR) return; /* reset, close, clone */
  size_t at = (size_t)(args->source - cx->start) - (size_t)length;
  if (cx->bad->count++ == 0) cx->bad->first = at;
  static const UChar fffd = 0xFFFD;
  *st = U_ZERO_ERROR;
  ucnv_cbToUWriteUChars(args, &fffd, 1, 0, st);
}

/* flush_utf16: append u[0..n) to out as UTF-8, NULs replaced (and counted at offset at);
 * 0 or -1. */
static int flush_utf16(UChar *u, int32_t n, buf *out, enc_bad *bad, size_t at) {
  for (int32_t i = 0; i < n; i++) {
    if (u[i] == 0) {
      u[i] = 0xFFFD;
      if (bad->count++ == 0) bad->first = at;
    }
  }
  int32_t need = 0;
  UErrorCode st = U_ZERO_ERROR;
  u_strToUTF8WithSub(NULL, 0, &need, u, n, 0xFFFD, NULL, &st);
  if (buf_reserve(out, (size_t)need)) return -1;
  st = U_ZERO_ERROR;
  u_strToUTF8WithSub(out->data + out->len, need + 1, &need, u, n, 0xFFFD, NULL, &st);
  if (U_FAILURE(st)) return -1;
  out->len += (size_t)need;
  out->data[out->len] = '\0';
  return 0;
}

/* convert_loop: run cv over s[0..len) in chunks, appending UTF-8 to out; 0 or -1. A lead
 * surrogate at the end of a chunk waits for its trail in the next one. */
static int convert_loop(UConverter *cv, const char *s, size_t len, buf *out, enc_bad *bad) {
  UChar chunk[4096];
  int32_t keep = 0;
  const char *src = s, *end = s + len;
  for (;;) {
    UChar *target = chunk + keep;
    UErrorCode st = U_ZERO_ERROR;
    ucnv_toUnicode(cv, &target, chunk + 4096, &src, end, NULL, 1, &st);
    if (U_FAILURE(st) && st != U_BUFFER_OVERFLOW_ERROR) return -1;
    int32_t n = (int32_t)(target - chunk);
    keep = st == U_BUFFER_OVERFLOW_ERROR && n > 0 && U16_IS_LEAD(chunk[n - 1]) ? 1 : 0;
    if (flush_utf16(chunk, n - keep, out, bad, (size_t)(src - s))) return -1;
    if (keep) chunk[0] = chunk[n - 1];
    if (st != U_BUFFER_OVERFLOW_ERROR) return 0;
  }
}

int enc_convert(const char *name, const char *s, size_t len, buf *out, enc_bad *bad, err *e) {
  UErrorCode st = U_ZERO_ERROR;
  UConverter *cv = ucnv_open(name, &st);
  if (U_FAILURE(st)) return err_set(e, "unknown encoding '%s' (an ICU converter name)", name);
  conv_ctx cx = {s, bad};
  ucnv_setToUCallBack(cv, count_bad, &cx, NULL, NULL, &st);
  int rc = U_FAILURE(st) ? -1 : convert_loop(cv, s, len, out, bad);
  ucnv_close(cv);
  return rc ? err_nomem_at(e, "converting from %s", name) : 0;
}

int enc_decode(const char *name, const char *s, size_t len, buf *out, enc_bad *bad, err *e) {
  size_t skip;
  const char *bom = enc_bom(s, len, &skip);
  if (bom) name = bom;
  if (enc_is_utf8(name)) {
    if (enc_repair_utf8(s + skip, len - skip, skip, out, bad)) {
      return err_nomem(e);
    }
    return 0;
  }
  size_t before = bad->count;
  if (enc_convert(name, s + skip, len - skip, out, bad, e)) return -1;
  if (before == 0 && bad->count) bad->first += skip; /* offsets in the file, BOM included */
  return 0;
}

int enc_detect(const char *s, size_t len, char *name, size_t n) {
  UErrorCode st = U_ZERO_ERROR;
  UCharsetDetector *d = ucsdet_open(&st);
  if (U_FAILURE(st)) return -1;
  ucsdet_setText(d, s, (int32_t)(len > 65536 ? 65536 : len), &st);
  const UCharsetMatch *m = ucsdet_detect(d, &st);
  int conf = -1;
  if (U_SUCCESS(st) && m) {
    const char *guess = ucsdet_getName(m, &st);
    conf = ucsdet_getConfidence(m, &st);
    snprintf(name, n, "%s", U_SUCCESS(st) && guess ? guess : "?");
  }
  ucsdet_close(d);
  return U_SUCCESS(st) ? conf : -1;
}

int enc_explain(err *e, const char *where, const char *raw, size_t rawlen, const enc_bad *bad) {
  char guess[64];
  int conf = enc_detect(raw, rawlen, guess, sizeof guess);
  if (conf < 0) {
    return err_set(e, "%s: invalid UTF-8 at byte %zu (%zu sequence%s replaced with U+FFFD)",
                   where, bad->first, bad->count, bad->count == 1 ? "" : "s");
  }
  return err_set(e,
                 "%s: invalid UTF-8 at byte %zu (%zu sequence%s replaced with U+FFFD); ICU's "
                 "charset detector suggests %s (confidence %d%%): set the encoding "
                 "(--encoding NAME, or opts.encoding)",
                 where, bad->first, bad->count, bad->count == 1 ? "" : "s", guess, conf);
}

int enc_is_auto(const char *name) { return !name || strcmp(name, "auto") == 0; }

/* not_utf8: whether s[0..len) (its first 64 KiB) is mostly not UTF-8: at least
 * ENC_AUTO_MIN_BAD bytes that start no well-formed sequence (NULs aside), and more of them
 * than well-formed multi-byte sequences (UTF-8 text with a few damaged bytes is repaired,
 * not read in another encoding). */
static int not_utf8(const char *text, size_t len) {
  const unsigned char *s = (const unsigned char *)text;
  size_t bad = 0, multi = 0, end = len > 65536 ? 65536 : len;
  for (size_t i = 0; i < end;) {
    size_t k = seq_len(s + i, len - i);
    if (k == 0 && s[i] != 0) bad++;
    if (k > 1) multi++;
    i += k ? k : 1;
  }
  return bad >= ENC_AUTO_MIN_BAD && bad > multi;
}

int enc_guess(const char *s, size_t len, char *name, size_t n, int *conf) {
  *conf = -1;
  name[0] = '\0';
  if (!not_utf8(s, len)) return 0;
  *conf = enc_detect(s, len, name, n);
  return *conf >= ENC_AUTO_CONFIDENCE && !enc_is_utf8(name);
}

void enc_tally_add(enc_tally *t, const char *name, size_t files) {
  for (size_t i = 0; i < ENC_TALLY_MAX; i++) {
    if (t->enc[i].name[0] == '\0') snprintf(t->enc[i].name, sizeof t->enc[i].name, "%s", name);
    if (strcmp(t->enc[i].name, name) == 0) {
      t->enc[i].files += files;
      return;
    }
  }
  t->other += files;
}

void enc_tally_merge(enc_tally *into, const enc_tally *from) {
  for (size_t i = 0; i < ENC_TALLY_MAX && from->enc[i].name[0]; i++)
    enc_tally_add(into, from->enc[i].name, from->enc[i].files);
  into->other += from->other;
}
