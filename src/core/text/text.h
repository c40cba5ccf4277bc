/*
 * text.h: the text layer of TEXT-SPEC §1-§4 in pure C: the match form (normalization),
 * tokens, sentences and paragraphs, with byte offsets into the analyzed text.
 *
 * A `textproc` holds the read-only tables of one normalization setting; build it once and
 * share it between threads. A `doc` is per-thread scratch: analyzing a text fills its token,
 * sentence and paragraph arrays, reusing their memory from the previous text (the hot path
 * allocates nothing once warm).
 */
#ifndef SAHEL_TEXT_H
#define SAHEL_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "base/buf.h"
#include "base/err.h"

/* Normalization steps (TEXT-SPEC §1), applied in this order. */
enum {
  NORM_NFKC = 1 << 0,        /* Unicode NFKC */
  NORM_STRIP = 1 << 1,       /* diacritics, tatweel, format controls */
  NORM_ALEF = 1 << 2,        /* أ إ آ ٱ -> ا */
  NORM_YEH = 1 << 3,         /* ى ی -> ي, ک -> ك */
  NORM_TEH_MARBUTA = 1 << 4, /* ة -> ه */
  NORM_DIGITS = 1 << 5,      /* Arabic-Indic digits -> ASCII */
  NORM_CASEFOLD = 1 << 6,    /* Unicode (full) case folding */
  NORM_HAMZA = 1 << 7,       /* ؤ -> و, ئ -> ي (off by default) */
  NORM_DEFAULT = 0x7F
};

/* textproc_step: the flag of a step named as in TEXT-SPEC ("nfkc", "alef"...), or 0. */
unsigned textproc_step(const char *name);

typedef struct textproc textproc;

/* textproc_new: tables for the normalization steps in flags; NULL with e set on failure. */
textproc *textproc_new(unsigned flags, err *e);
/* textproc_free: release it (NULL is fine). */
void textproc_free(textproc *tp);
/* textproc_flags: the steps this textproc applies. */
unsigned textproc_flags(const textproc *tp);

/* text_normalize: append the match form of s[0..len) to out; 0, or -1 when out of memory.
 * Invalid UTF-8 bytes become U+FFFD. */
int text_normalize(const textproc *tp, const char *s, size_t len, buf *out);

/* Token kinds (TEXT-SPEC §4). */
typedef enum { TOK_WORD, TOK_NUMBER, TOK_PUNCT, TOK_SYMBOL } tok_kind;

/* tok_kind_name: "word", "number", "punct" or "symbol". */
const char *tok_kind_name(tok_kind k);

typedef struct {
  uint32_t start, stop;    /* bytes [start, stop) of the analyzed text */
  uint32_t norm, norm_len; /* match form: doc.norm.data + norm, norm_len bytes */
  uint32_t sentence;       /* index into doc.sentences */
  uint8_t kind;            /* tok_kind */
} token;

/* A sentence or a paragraph: a byte range and the tokens inside it. */
typedef struct {
  uint32_t start, stop;  /* bytes [start, stop) */
  uint32_t first, count; /* tokens [first, first + count) */
  uint32_t paragraph;    /* the paragraph a sentence lies in (a paragraph: its own index) */
} span;

typedef struct {
  const char *text; /* the analyzed text (borrowed, valid while the doc is used) */
  size_t len;
  token *tokens;
  size_t ntokens, tokens_cap;
  span *sentences;
  size_t nsentences, sentences_cap;
  span *paragraphs;
  size_t nparagraphs, paragraphs_cap;
  buf norm;         /* all match forms, back to back */
} doc;

/* doc_init: an empty doc (no allocation). */
void doc_init(doc *d);
/* doc_free: release its arrays. */
void doc_free(doc *d);
/* doc_analyze: split text[0..len) into paragraphs (§2), sentences (§3) and tokens (§4)
 * with match forms (§1). Texts over 4 GiB are refused. 0, or -1 with e set. */
int doc_analyze(doc *d, const textproc *tp, const char *text, size_t len, err *e);
/* doc_word_count: the number of word tokens (kind TOK_WORD) in the doc. */
size_t doc_word_count(const doc *d);

/* The candidate forms of a word for matching (TEXT-SPEC §6.3), in the order they are tried:
 * the word itself, then its forms without proclitics (و ف, ب ل ك, لل -> ال) that keep at
 * least 2 letters after what was removed. Duplicates are left out. */
typedef struct {
  const char *s[6];
  size_t len[6];
  size_t n;
  buf scratch; /* holds the forms that are not substrings of the word (ال + ...) */
} clitic_forms;

/* clitic_forms_init / clitic_forms_free: scratch for text_clitic_forms. */
void clitic_forms_init(clitic_forms *f);
void clitic_forms_free(clitic_forms *f);
/* text_clitic_forms: fill f with the forms of the match form w[0..len); 0 or -1 (memory).
 * f->s[0] is always w itself. */
int text_clitic_forms(const char *w, size_t len, clitic_forms *f);

#endif
