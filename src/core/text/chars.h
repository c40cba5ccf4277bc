/*
 * chars.h: character classes for the tokenizer and the sentence splitter (TEXT-SPEC §2-§4),
 * and a validating UTF-8 decoder. The class of every BMP code point comes from a read-only
 * table built once from ICU's properties; other planes ask ICU directly.
 */
#ifndef SAHEL_CHARS_H
#define SAHEL_CHARS_H

#include <stddef.h>
#include <stdint.h>

/* The class of a character: the low 3 bits of its entry. */
enum {
  CH_SPACE = 0,  /* White_Space */
  CH_FORMAT = 1, /* general category Cf */
  CH_LETTER = 2, /* L* */
  CH_MARK = 3,   /* M* */
  CH_DIGIT = 4,  /* Nd */
  CH_PUNCT = 5,  /* P* */
  CH_SYMBOL = 6, /* everything else that is not space */
  CH_CLASS = 7   /* mask */
};

/* Flags of a character, above its class. */
enum {
  CH_BREAK = 0x08,  /* ends a paragraph: LF CR U+0085 U+2028 U+2029 */
  CH_APOS = 0x10,   /* ' U+2019: inside a word between two letters */
  CH_NUMSEP = 0x20, /* . , U+066B U+066C: inside a number between two digits */
  CH_TERM = 0x40,   /* sentence terminators . ! ? ؟ ۔ … */
  CH_CLOSE = 0x80   /* closing marks after terminators " ' ” ’ » ) ] } */
};

/* The replacement for bytes that are not valid UTF-8. */
#define CH_REPLACEMENT 0xFFFD

/* chars_table: the BMP class table (65536 entries), built on first use (thread-safe). */
const uint8_t *chars_table(void);

/* chars_classify: the class and flags of any code point. */
uint8_t chars_classify(uint32_t cp);

/* chars_class: the class and flags of cp, with table the result of chars_table(). */
static inline uint8_t chars_class(const uint8_t *table, uint32_t cp) {
  return cp < 0x10000 ? table[cp] : chars_classify(cp);
}

/* chars_decode: the code point at s[0..n) (n >= 1) into *cp; returns its length in bytes.
 * Invalid or truncated sequences (overlong forms, surrogates, > U+10FFFF, stray
 * continuation bytes) decode as CH_REPLACEMENT of length 1. */
static inline size_t chars_decode(const unsigned char *s, size_t n, uint32_t *cp) {
  unsigned c = s[0];
  if (c < 0x80) {
    *cp = c;
    return 1;
  }
  if (c >= 0xC2 && c <= 0xDF && n >= 2 && (s[1] & 0xC0) == 0x80) {
    *cp = ((c & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    return 2;
  }
  if (c >= 0xE0 && c <= 0xEF && n >= 3 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    uint32_t v = ((c & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    if (v >= 0x800 && (v < 0xD800 || v > 0xDFFF)) {
      *cp = v;
      return 3;
    }
  } else if (c >= 0xF0 && c <= 0xF4 && n >= 4 && (s[1] & 0xC0) == 0x80 &&
             (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80) {
    uint32_t v = ((c & 0x07u) << 18) | ((s[1] & 0x3Fu) << 12) | ((s[2] & 0x3Fu) << 6) |
                 (s[3] & 0x3Fu);
    if (v >= 0x10000 && v <= 0x10FFFF) {
      *cp = v;
      return 4;
    }
  }
  *cp = CH_REPLACEMENT;
  return 1;
}

/* chars_encode: cp as UTF-8 into out (4 bytes of room); returns the length. */
static inline size_t chars_encode(uint32_t cp, char *out) {
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | (cp >> 6));
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | (cp >> 18));
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

#endif
