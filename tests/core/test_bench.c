/*
 * test_bench.c: the fast paths written for speed (docs/performance.md) agree with the plain
 * reference they replace, on structured and random inputs:
 * - enc_valid_utf8 (eight bytes at a time) with a loop of ICU's U8_NEXT;
 * - the match form of every token doc_analyze makes (its letter loop copies match forms
 *   from a table) with text_normalize of the token's text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <unicode/utf8.h>

#include "check.h"
#include "text/encoding.h"
#include "text/text.h"

/* ref_valid_utf8: the longest well-formed prefix without NUL, character by character. */
static size_t ref_valid_utf8(const char *s, size_t len) {
  size_t i = 0;
  while (i < len) {
    size_t at = i;
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c <= 0) return at;
  }
  return len;
}

/* rnd: a small deterministic generator (xorshift), so that a failure repeats. */
static uint32_t rnd(uint64_t *st) {
  *st ^= *st << 13;
  *st ^= *st >> 7;
  *st ^= *st << 17;
  return (uint32_t)(*st >> 16);
}

/* Characters of every length and the edges of table 3-7, to build mostly valid text. */
static const char *const pieces[] = {
  "a", " ", "\n", "\xD8\xA7", "\xD9\x84", "\xC3\xA9", "\xC2\x80", "\xDF\xBF",
  "\xE2\x80\x9C", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEF\xBF\xBF", "\xF0\x90\x80\x80",
  "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
};

/* Bytes that break sequences: NUL, lone trails, overlong leads, surrogates, bad leads. */
static const unsigned char breakers[] = {0x00, 0x80, 0xBF, 0xC0, 0xC1, 0xE0, 0xED, 0xF0,
                                         0xF4, 0xF5, 0xFF, 0xA0, 0x9F, 0x8F, 0x90};

/* fill: n bytes of mostly valid text with an occasional breaker; the length. */
static size_t fill(unsigned char *b, size_t n, uint64_t *st) {
  size_t k = 0;
  while (k < n) {
    const char *p = pieces[rnd(st) % (sizeof pieces / sizeof *pieces)];
    size_t m = strlen(p);
    if (k + m > n) break;
    memcpy(b + k, p, m);
    k += m;
    if (rnd(st) % 40 == 0) b[k - 1 - rnd(st) % m] = breakers[rnd(st) % sizeof breakers];
  }
  return k;
}

/* test_valid_utf8_random: structured and random bytes, every length up to 100. */
static void test_valid_utf8_random(void) {
  uint64_t st = 0x9E3779B97F4A7C15ull;
  unsigned char b[128];
  for (int round = 0; round < 400000; round++) {
    size_t n = rnd(&st) % 101;
    if (round % 3 == 0) {
      for (size_t k = 0; k < n; k++) b[k] = (unsigned char)rnd(&st);
    } else {
      n = fill(b, n, &st);
    }
    size_t got = enc_valid_utf8((const char *)b, n), want = ref_valid_utf8((const char *)b, n);
    CHECK(got == want, "round %d, %zu bytes: %zu, want %zu", round, n, got, want);
    if (got != want) return;
  }
}

/* test_valid_utf8_cases: an ill-formed sequence at every offset of a long valid run. */
static void test_valid_utf8_cases(void) {
  static const char *const bad[] = {"\x80", "\xC0\xAF", "\xC1\xBF", "\xC2", "\xE0\x9F\xBF",
                                    "\xED\xA0\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80",
                                    "\xF5\x80\x80\x80", "\xD8", "\0"};
  const char *arabic = "\xD9\x85\xD8\xA7\xD9\x84\xD9\x8A \xD9\x88\xD8\xA7\xD9\x84\xD8\xAC "
                       "Bamako 2025 \xE2\x80\x9C\xF0\x9F\x98\x80";
  char b[256];
  size_t base = strlen(arabic);
  for (size_t k = 0; k < sizeof bad / sizeof *bad; k++) {
    size_t m = k == sizeof bad / sizeof *bad - 1 ? 1 : strlen(bad[k]);
    for (size_t at = 0; at <= base; at++) {
      memcpy(b, arabic, at);
      memcpy(b + at, bad[k], m);
      memcpy(b + at + m, arabic, base);
      size_t n = at + m + base;
      CHECK_INT(enc_valid_utf8(b, n), ref_valid_utf8(b, n));
    }
  }
}

/* Pieces of text for the tokenizer: Arabic letters and their variants, diacritics,
 * tatweel, digits of both scripts, Latin of both cases, characters whose match form is
 * longer (U+023A), needs ICU (presentation forms, ß, a combining accent), format controls,
 * apostrophes, separators, terminators, spaces, line ends, NBSP and an invalid byte. */
static const char *const words[] = {
  "\xd9\x85\xd8\xa7\xd9\x84\xd9\x8a", "\xd8\xa3", "\xd8\xa5", "\xd8\xa2", "\xd9\xb1",
  "\xd9\x89", "\xdb\x8c", "\xda\xa9", "\xd8\xa9", "\xd9\x8b", "\xd9\x91", "\xd9\x80",
  "\xd9\xa3", "\xdb\xb5", "2025", "Bamako", "MALI", "\xc8\xba", "\xef\xbb\xbb", "\xc3\x9f",
  "e\xcc\x81", "\xe2\x80\x8c", "\xe2\x80\x8f", "'", "\xe2\x80\x99", ".", ",", "\xd9\xab",
  "\xd8\x9f", "!", " ", " ", " ", "\n", "\xc2\xa0", "\xff", "\xce\xa3", "\xd0\x94", "(",
};

/* test_token_norms: on random texts, each token's match form is its text's. */
static void test_token_norms(void) {
  err e;
  textproc *tp = textproc_new(NORM_DEFAULT, &e);
  doc d;
  buf text, norm;
  doc_init(&d);
  buf_init(&text);
  buf_init(&norm);
  uint64_t st = 0x2545F4914F6CDD1Dull;
  for (int round = 0; tp && round < 20000; round++) {
    buf_clear(&text);
    for (uint32_t k = rnd(&st) % 40; k > 0; k--)
      buf_adds(&text, words[rnd(&st) % (sizeof words / sizeof *words)]);
    CHECK(doc_analyze(&d, tp, text.data ? text.data : "", text.len, &e) == 0, "%s", e.msg);
    for (size_t i = 0; i < d.ntokens; i++) {
      const token *t = &d.tokens[i];
      buf_clear(&norm);
      text_normalize(tp, text.data + t->start, t->stop - t->start, &norm);
      int same = norm.len == t->norm_len &&
                 memcmp(norm.data ? norm.data : "", d.norm.data + t->norm, norm.len) == 0;
      CHECK(same, "round %d, token %zu \"%.*s\": \"%.*s\", want \"%.*s\"", round, i,
            (int)(t->stop - t->start), text.data + t->start, (int)t->norm_len,
            d.norm.data + t->norm, (int)norm.len, norm.data ? norm.data : "");
      if (!same) round = 20000;
    }
  }
  CHECK(tp != NULL, "textproc");
  textproc_free(tp);
  doc_free(&d);
  buf_free(&text);
  buf_free(&norm);
}

int main(void) {
  RUN(test_valid_utf8_random);
  RUN(test_valid_utf8_cases);
  RUN(test_token_norms);
  return check_done();
}
