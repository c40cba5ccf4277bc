/*
 * normalize.h: the inside of a textproc, shared by normalize.c and tokenize.c only.
 * Everyone else uses text.h.
 */
#ifndef SAHEL_NORMALIZE_H
#define SAHEL_NORMALIZE_H

#include <unicode/unorm2.h>

#include "text/chars.h"
#include "text/text.h"

/* A character's entry in a textproc's table: what the tokenizer needs in one look-up.
 * Bits 0-20: the code point it becomes in the match form (when neither DELETE nor EXACT);
 * bit 21: it vanishes; bit 22: its token must take the exact path; bit 23: it stays itself;
 * bits 24-31: its class and flags (chars.h). */
#define ENTRY_CP 0x1FFFFFu
#define ENTRY_DELETE (1u << 21)
#define ENTRY_EXACT (1u << 22)
#define ENTRY_SAME (1u << 23)
#define ENTRY_CLASS(e) ((uint8_t)((e) >> 24))

/* The match form of a character that takes the fast path, as UTF-8: b[0..len & 3)
 * (nothing when it vanishes). Four bytes, copied at once by the tokenizer's letter loop;
 * the flags in `len` tell that loop what else it needs, so that it reads no other table. */
typedef struct {
  uint8_t b[3], len;
} norm_utf8;
#define NORM_UTF8_LEN 0x03    /* the form's bytes */
#define NORM_UTF8_LETTER 0x40 /* a letter (CH_LETTER) */
#define NORM_UTF8_RUN 0x80    /* a letter or a mark without flags on the fast path */

/* The letter loop's table (32 KiB) is indexed by the bytes themselves: an ASCII byte, or a
 * two-byte sequence's lead (C2..DF) and next byte as ((lead & 0x1F) << 8 | next). Entries
 * of invalid sequences (next not 10xxxxxx) are zero: no RUN flag, the loop stops there. */
#define NORM_RUN_SIZE 0x2000
static inline uint32_t norm_run_index(uint32_t lead, uint32_t next) {
  return (lead & 0x1F) << 8 | next;
}

struct textproc {
  unsigned flags;           /* NORM_* steps */
  const UNormalizer2 *nfkc; /* ICU's NFKC instance (owned by ICU) */
  uint32_t *entry;          /* 65536 entries, one per BMP character */
  norm_utf8 *run;           /* NORM_RUN_SIZE: the letter loop's table (above) */
};

/* textproc_entry: the entry of any code point (other planes take the exact path). */
static inline uint32_t textproc_entry(const textproc *tp, uint32_t cp) {
  return cp < 0x10000 ? tp->entry[cp] : ENTRY_EXACT | ((uint32_t)chars_classify(cp) << 24);
}

/* norm_exact: append the match form of s[0..len) computed step by step with ICU. 0/-1. */
int norm_exact(const textproc *tp, const char *s, size_t len, buf *out);

/* textproc_step_name: the name of step i (0-based, in TEXT-SPEC order), NULL past the end. */
const char *textproc_step_name(int i);

#endif
