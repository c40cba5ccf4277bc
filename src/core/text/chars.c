/* chars.c: the character class table (see chars.h). */
#include "text/chars.h"

#include <pthread.h>
#include <unicode/uchar.h>

static uint8_t bmp[0x10000];
static pthread_once_t bmp_once = PTHREAD_ONCE_INIT;

/* category_class: the CH_ class of a general category. */
static uint8_t category_class(int8_t gc) {
  switch (gc) {
    case U_FORMAT_CHAR: return CH_FORMAT;
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: return CH_LETTER;
    case U_NON_SPACING_MARK: case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK:
      return CH_MARK;
    case U_DECIMAL_DIGIT_NUMBER: return CH_DIGIT;
    case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_CONNECTOR_PUNCTUATION: case U_OTHER_PUNCTUATION: case U_INITIAL_PUNCTUATION:
    case U_FINAL_PUNCTUATION: return CH_PUNCT;
    default: return CH_SYMBOL;
  }
}

/* special_flags: the CH_ flags of the few characters the rules name. */
static uint8_t special_flags(uint32_t cp) {
  switch (cp) {
    case 0x0A: case 0x0D: case 0x85: case 0x2028: case 0x2029: return CH_BREAK;
    case '\'': return CH_APOS | CH_CLOSE;
    case 0x2019: return CH_APOS | CH_CLOSE;
    case '.': return CH_NUMSEP | CH_TERM;
    case ',': case 0x066B: case 0x066C: return CH_NUMSEP;
    case '!': case '?': case 0x061F: case 0x06D4: case 0x2026: return CH_TERM;
    case '"': case 0x201D: case 0x00BB: case ')': case ']': case '}': return CH_CLOSE;
    default: return 0;
  }
}

uint8_t chars_classify(uint32_t cp) {
  uint8_t cls = u_isUWhiteSpace((UChar32)cp) ? CH_SPACE : category_class(u_charType((UChar32)cp));
  return cls | special_flags(cp);
}

/* build: fill the BMP table. */
static void build(void) {
  for (uint32_t cp = 0; cp < 0x10000; cp++) bmp[cp] = chars_classify(cp);
}

const uint8_t *chars_table(void) {
  pthread_once(&bmp_once, build);
  return bmp;
}
