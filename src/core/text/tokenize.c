/*
 * tokenize.c: one pass over the analyzed text that yields paragraphs (§2), sentences (§3)
 * and tokens with their match forms (§1, §4). No ICU call per token: classes and match
 * forms come from tables (chars.h, normalize.h); ICU runs only for the rare token that
 * needs exact normalization.
 */
#include <string.h>

#include "text/chars.h"
#include "base/mem.h"
#include "text/normalize.h"

/* The state of a sentence-final run of terminators and closing marks (§3). */
enum { RUN_NONE, RUN_TERM, RUN_CLOSE };

typedef struct {
  doc *d;
  const textproc *tp;
  const unsigned char *s;
  size_t len;
  long para, sent;       /* the open paragraph and sentence, or -1 */
  int run;               /* RUN_* */
  int run_len;           /* terminators in the run */
  int run_abbrev;        /* the run is a single '.' right after an abbreviation letter */
  int last_abbrev;       /* the last token is a one-letter word: one letter, no digit (§3) */
} scan;

static const char *const kind_names[] = {"word", "number", "punct", "symbol"};

const char *tok_kind_name(tok_kind k) { return kind_names[k]; }

void doc_init(doc *d) {
  memset(d, 0, sizeof *d);
  buf_init(&d->norm);
}

void doc_free(doc *d) {
  mem_free(d->tokens);
  mem_free(d->sentences);
  mem_free(d->paragraphs);
  buf_free(&d->norm);
  doc_init(d);
}

size_t doc_word_count(const doc *d) {
  size_t n = 0;
  for (size_t i = 0; i < d->ntokens; i++) n += d->tokens[i].kind == TOK_WORD;
  return n;
}

/* entry_decode: entry_at for characters of three or four bytes and invalid bytes. */
static uint32_t entry_decode(const scan *sc, size_t i, size_t *n) {
  uint32_t cp;
  *n = chars_decode(sc->s + i, sc->len - i, &cp);
  uint32_t e = textproc_entry(sc->tp, cp);
  /* an invalid byte reads as U+FFFD: its match form is U+FFFD, never the byte itself
   * (as text_normalize makes it; found by tests/fuzz/fuzz_text.c) */
  if (cp == CH_REPLACEMENT && *n == 1 && (e & ENTRY_SAME))
    e = (e & ~(ENTRY_SAME | ENTRY_CP)) | CH_REPLACEMENT;
  return e;
}

/* entry_at: the table entry (normalize.h) of the character at byte i (i < len), and its
 * length in *n. One- and two-byte characters (ASCII, Arabic) skip the general decoder. */
static inline __attribute__((always_inline)) uint32_t entry_at(const scan *sc, size_t i,
                                                               size_t *n) {
  const unsigned char *p = sc->s + i;
  uint32_t c = p[0];
  if (c < 0x80) {
    *n = 1;
    return sc->tp->entry[c];
  }
  if (c >= 0xC2 && c <= 0xDF && i + 1 < sc->len && (p[1] & 0xC0) == 0x80) {
    *n = 2;
    return sc->tp->entry[((c & 0x1F) << 6) | (p[1] & 0x3F)];
  }
  return entry_decode(sc, i, n);
}

/* class_at: the class and flags of the character at byte i (i < len). */
static inline uint8_t class_at(const scan *sc, size_t i, size_t *n) {
  return ENTRY_CLASS(entry_at(sc, i, n));
}

/* open_span: start a new span at token index first; -1 when out of memory. */
static long open_span(span **arr, size_t *n, size_t *cap, uint32_t start, uint32_t first,
                      uint32_t paragraph) {
  if (mem_grow(arr, cap, *n + 1, sizeof **arr)) return -1;
  (*arr)[*n] = (span){start, start, first, 0, paragraph};
  return (long)(*n)++;
}

/* close_paragraph: the open sentence and paragraph end here. */
static void close_paragraph(scan *sc) {
  sc->para = sc->sent = -1;
  sc->run = RUN_NONE;
}

/* push_token: append a token [start, stop) whose match form starts at norm; opens a
 * paragraph and a sentence when none is open. 0 or -1. (Inline: once per token.) */
static inline __attribute__((always_inline)) int push_token(scan *sc, size_t start,
                                                            size_t stop, tok_kind kind,
                                                            size_t norm) {
  doc *d = sc->d;
  uint32_t first = (uint32_t)d->ntokens;
  if (sc->para < 0) {
    sc->para = open_span(&d->paragraphs, &d->nparagraphs, &d->paragraphs_cap, (uint32_t)start,
                         first, (uint32_t)d->nparagraphs);
    if (sc->para < 0) return -1;
  }
  if (sc->sent < 0) {
    sc->sent = open_span(&d->sentences, &d->nsentences, &d->sentences_cap, (uint32_t)start,
                         first, (uint32_t)sc->para);
    if (sc->sent < 0) return -1;
  }
  if (d->ntokens == d->tokens_cap &&
      mem_grow(&d->tokens, &d->tokens_cap, d->ntokens + 1, sizeof *d->tokens))
    return -1;
  d->tokens[d->ntokens++] = (token){(uint32_t)start, (uint32_t)stop, (uint32_t)norm,
                                    (uint32_t)(d->norm.len - norm), (uint32_t)sc->sent,
                                    (uint8_t)kind};
  span *p = &d->paragraphs[sc->para], *s = &d->sentences[sc->sent];
  p->stop = s->stop = (uint32_t)stop;
  p->count++;
  s->count++;
  return 0;
}

/* finish_norm: redo the match form of s[start..stop) exactly when the fast path could not
 * make it. 0 or -1. */
static int finish_norm(scan *sc, int exact, size_t start, size_t stop, size_t norm) {
  if (!exact) return 0;
  sc->d->norm.len = norm;
  return norm_exact(sc->tp, (const char *)sc->s + start, stop - start, &sc->d->norm);
}

/* joins: whether the character at i (class c) stays inside the word after a character of
 * class prev (§4): format controls and an apostrophe between two letters, a single number
 * separator between two digits. Sets *skip to the bytes it covers. */
static int joins(const scan *sc, size_t i, uint8_t c, int prev, size_t *skip) {
  int after_letter = prev == CH_LETTER || prev == CH_MARK, want;
  size_t n, j = i;
  if ((c & CH_CLASS) == CH_FORMAT && after_letter) {
    while (j < sc->len && (class_at(sc, j, &n) & CH_CLASS) == CH_FORMAT) j += n;
    want = CH_LETTER;
  } else if ((c & CH_APOS) && after_letter) {
    class_at(sc, j, &n);
    j += n;
    want = CH_LETTER;
  } else if ((c & CH_NUMSEP) && prev == CH_DIGIT) {
    class_at(sc, j, &n);
    j += n;
    want = CH_DIGIT;
  } else {
    return 0;
  }
  if (j >= sc->len || (class_at(sc, j, &n) & CH_CLASS) != want) return 0;
  *skip = j - i;
  return 1;
}

/* A cursor writing match forms straight into doc.norm; the hot loop keeps it in registers
 * and stores it back with out_done. */
typedef struct {
  char *p, *end; /* next byte, and where room for one more character ends */
} outcur;

/* out_begin: a cursor at the end of b with room for at least 64 bytes; -1 when out of
 * memory. (doc_analyze reserves room for the whole text's forms: it rarely grows.) */
static inline int out_begin(buf *b, outcur *o) {
  if (b->cap - b->len <= 64 && buf_reserve(b, 64)) return -1;
  o->p = b->data + b->len;
  o->end = b->data + b->cap - 5;
  return 0;
}

/* out_done: store the cursor's position back into b. */
static void out_done(buf *b, const outcur *o) { b->len = (size_t)(o->p - b->data); }

/* out_char: append the match form of the character s[0..n) with entry e (fast path). */
static inline __attribute__((always_inline)) int out_char(buf *b, outcur *o, uint32_t e,
                                                          const unsigned char *s, size_t n) {
  if (o->p >= o->end) {
    out_done(b, o);
    if (out_begin(b, o)) return -1;
  }
  if (!(e & ENTRY_SAME)) {
    o->p += chars_encode(e & ENTRY_CP, o->p);
    return 0;
  }
  o->p[0] = (char)s[0];
  if (n > 1) o->p[1] = (char)s[1];
  if (n > 2) o->p[2] = (char)s[2];
  if (n > 3) o->p[3] = (char)s[3];
  o->p += n;
  return 0;
}

/* letter_run: the run of letters and marks at j (one or two bytes each, without flags,
 * none needing the exact path, not the text's last byte): their match forms copied through
 * the cursor, four bytes at a time (the cursor keeps five bytes of room), and the letters
 * counted; *last becomes CH_LETTER after a run (a letter or a mark: what follows treats
 * them alike). Returns the end of the run. This is the inside of almost every word: one
 * load from a 32 KiB table per character (normalize.h), nothing else. */
static inline size_t letter_run(const scan *sc, size_t j, outcur *o, int *letters, int *last) {
  const unsigned char *s = sc->s;
  const norm_utf8 *run = sc->tp->run;
  char *p = o->p;
  const char *end = o->end;
  size_t from = j, stop = sc->len - 1; /* a two-byte sequence is read at j < stop */
  int n = 0;
  while (j < stop && p < end) {
    uint32_t c = s[j], at = c, w = 1;
    if (c >= 0x80) {
      if (c - 0xC2 > 0xDF - 0xC2) break;
      at = norm_run_index(c, s[j + 1]);
      w = 2;
    }
    norm_utf8 u = run[at];
    if (!(u.len & NORM_UTF8_RUN)) break;
    memcpy(p, &u, 4);
    p += u.len & NORM_UTF8_LEN;
    n += (u.len & NORM_UTF8_LETTER) != 0;
    j += w;
  }
  o->p = p;
  *letters += n;
  if (j > from) *last = CH_LETTER;
  return j;
}

/* scan_word: the word or number starting at i (a letter, mark or digit); pushes it and
 * returns its end, or 0 when out of memory. This is the tokenizer's hot loop. A word that
 * starts with letters and marks on the fast path (most do) starts in the letter loop:
 * its first letter follows no digit. */
static size_t scan_word(scan *sc, size_t i) {
  buf *b = &sc->d->norm;
  size_t j, norm = b->len, skip;
  int prev = -1, letters = 0, alpha, digits = 0, exact = 0;
  outcur o;
  if (out_begin(b, &o)) return 0;
  j = letter_run(sc, i, &o, &letters, &prev);
  alpha = j > i;
  while (j < sc->len) {
    size_t n;
    uint32_t e = entry_at(sc, j, &n);
    uint8_t c = ENTRY_CLASS(e);
    int k = c & CH_CLASS;
    if (k == CH_LETTER || k == CH_MARK || k == CH_DIGIT) {
      letters += k == CH_LETTER;
      digits |= k == CH_DIGIT;
      alpha |= k != CH_DIGIT;
      prev = k;
    } else if ((c & (CH_APOS | CH_NUMSEP) || k == CH_FORMAT) && joins(sc, j, c, prev, &skip)) {
      for (size_t end = j + skip, m; j < end; j += m) {
        uint32_t f = entry_at(sc, j, &m);
        if (f & (ENTRY_EXACT | ENTRY_DELETE)) exact |= (f & ENTRY_EXACT) != 0;
        else if (out_char(b, &o, f, sc->s + j, m)) return 0;
      }
      prev = -1;
      continue;
    } else {
      break;
    }
    if (e & (ENTRY_EXACT | ENTRY_DELETE)) exact |= (e & ENTRY_EXACT) != 0;
    else if (out_char(b, &o, e, sc->s + j, n)) return 0;
    j += n;
    if (k != CH_DIGIT) j = letter_run(sc, j, &o, &letters, &prev);
  }
  out_done(b, &o);
  if (finish_norm(sc, exact, i, j, norm)) return 0;
  sc->last_abbrev = letters == 1 && !digits;
  if (push_token(sc, i, j, alpha ? TOK_WORD : TOK_NUMBER, norm)) return 0;
  return j;
}

/* sentence_ends_after: whether position i (just after a terminator run) is followed by
 * white space or the end of the paragraph, format controls skipped (§3). */
static int sentence_ends_after(const scan *sc, size_t i) {
  size_t n;
  while (i < sc->len) {
    int k = class_at(sc, i, &n) & CH_CLASS;
    if (k == CH_SPACE) return 1;
    if (k != CH_FORMAT) return 0;
    i += n;
  }
  return 1;
}

/* track_run: after a punctuation or symbol token [i, i+n) of class c, follow the run of
 * terminators and closing marks, and end the sentence where §3 says. */
static void track_run(scan *sc, size_t i, size_t n, uint8_t c, int after_word) {
  uint8_t is_dot = sc->s[i] == '.';
  if ((c & CH_TERM) && sc->run != RUN_TERM) {
    sc->run = RUN_TERM;
    sc->run_len = 1;
    sc->run_abbrev = is_dot && after_word && sc->last_abbrev;
  } else if (c & CH_TERM) {
    sc->run_len++;
  } else if ((c & CH_CLOSE) && sc->run != RUN_NONE) {
    sc->run = RUN_CLOSE;
  } else {
    sc->run = RUN_NONE;
  }
  if (sc->run == RUN_NONE || !sentence_ends_after(sc, i + n)) return;
  if (!(sc->run_len == 1 && sc->run_abbrev)) sc->sent = -1;
  sc->run = RUN_NONE;
}

/* scan_single: the punctuation or symbol character at i; pushes it and returns its end,
 * or 0 when out of memory. */
static size_t scan_single(scan *sc, size_t i, size_t n, uint32_t e) {
  size_t norm = sc->d->norm.len;
  uint8_t c = ENTRY_CLASS(e);
  int after_word = sc->d->ntokens > 0 && sc->d->tokens[sc->d->ntokens - 1].stop == i &&
                   sc->d->tokens[sc->d->ntokens - 1].kind == TOK_WORD;
  buf *b = &sc->d->norm;
  outcur o;
  int exact = (e & ENTRY_EXACT) != 0;
  if (!(e & (ENTRY_EXACT | ENTRY_DELETE))) {
    if (out_begin(b, &o) || out_char(b, &o, e, sc->s + i, n)) return 0;
    out_done(b, &o);
  }
  if (finish_norm(sc, exact, i, i + n, norm)) return 0;
  if (push_token(sc, i, i + n, (c & CH_CLASS) == CH_PUNCT ? TOK_PUNCT : TOK_SYMBOL, norm))
    return 0;
  track_run(sc, i, n, c, after_word);
  return i + n;
}

/* doc_reset: forget the previous text, keep the memory. */
static void doc_reset(doc *d, const char *text, size_t len) {
  d->text = text;
  d->len = len;
  d->ntokens = d->nsentences = d->nparagraphs = 0;
  buf_clear(&d->norm);
}

int doc_analyze(doc *d, const textproc *tp, const char *text, size_t len, err *e) {
  if (len > UINT32_MAX - 8) return err_set(e, "text of %zu bytes: 4 GiB at most", len);
  doc_reset(d, text, len);
  if (buf_reserve(&d->norm, len + len / 2 + 16)) return err_nomem(e);
  scan sc = {d, tp, (const unsigned char *)text, len, -1, -1, RUN_NONE, 0, 0, 0};
  size_t i = 0;
  while (i < len) {
    size_t n;
    if (text[i] == ' ') { /* the usual space between words: SPACE, no flag */
      i++;
      continue;
    }
    uint32_t ent = entry_at(&sc, i, &n);
    uint8_t c = ENTRY_CLASS(ent);
    int k = c & CH_CLASS;
    if (k == CH_SPACE || k == CH_FORMAT) {
      if (c & CH_BREAK) close_paragraph(&sc);
      i += n;
      continue;
    }
    if (k == CH_LETTER || k == CH_MARK || k == CH_DIGIT) {
      sc.run = RUN_NONE;
      i = scan_word(&sc, i);
    } else {
      i = scan_single(&sc, i, n, ent);
    }
    if (i == 0) return err_nomem(e);
  }
  d->norm.data[d->norm.len] = '\0';
  return 0;
}
