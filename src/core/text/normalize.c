/*
 * normalize.c: the match form (TEXT-SPEC §1). The exact path runs the steps in order with
 * ICU: NFKC on UTF-16, the Arabic steps per code point, then full case folding. The fast
 * path, used by the tokenizer for almost every character, is a per-textproc table of what
 * the exact path does to each BMP character on its own; a character whose result could
 * depend on its neighbours under NFKC (composition, reordering) or that folds to several
 * characters is marked ENTRY_EXACT, and the token holding it goes through the exact path.
 */
#include "text/normalize.h"

#include <string.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "text/chars.h"
#include "base/mem.h"

static const struct {
  const char *name;
  unsigned flag;
} steps[] = {
  {"nfkc", NORM_NFKC},   {"strip", NORM_STRIP},     {"alef", NORM_ALEF},
  {"yeh", NORM_YEH},     {"teh_marbuta", NORM_TEH_MARBUTA}, {"digits", NORM_DIGITS},
  {"casefold", NORM_CASEFOLD}, {"hamza", NORM_HAMZA}, {NULL, 0}
};

unsigned textproc_step(const char *name) {
  for (int i = 0; steps[i].name; i++)
    if (strcmp(steps[i].name, name) == 0) return steps[i].flag;
  return 0;
}

const char *textproc_step_name(int i) { return steps[i].name; }

unsigned textproc_flags(const textproc *tp) { return tp->flags; }

/* is_stripped: whether the strip step removes cp. */
static int is_stripped(uint32_t cp) {
  return (cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || (cp >= 0x06D6 && cp <= 0x06ED) ||
         cp == 0x0640 || (cp >= 0x200B && cp <= 0x200F) || cp == 0x061C ||
         (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF ||
         cp == 0x00AD;
}

/* Internal result of map_letter for a character that vanishes. */
#define MAP_DELETE 0xFFFFFFFFu

/* map_letter: steps strip..hamza on one code point: its replacement, or MAP_DELETE. */
static uint32_t map_letter(uint32_t cp, unsigned flags) {
  if ((flags & NORM_STRIP) && is_stripped(cp)) return MAP_DELETE;
  if (flags & NORM_ALEF)
    if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622 || cp == 0x0671) return 0x0627;
  if (flags & NORM_YEH) {
    if (cp == 0x0649 || cp == 0x06CC) return 0x064A;
    if (cp == 0x06A9) return 0x0643;
  }
  if ((flags & NORM_TEH_MARBUTA) && cp == 0x0629) return 0x0647;
  if (flags & NORM_DIGITS) {
    if (cp >= 0x0660 && cp <= 0x0669) return '0' + (cp - 0x0660);
    if (cp >= 0x06F0 && cp <= 0x06F9) return '0' + (cp - 0x06F0);
  }
  if (flags & NORM_HAMZA) {
    if (cp == 0x0624) return 0x0648;
    if (cp == 0x0626) return 0x064A;
  }
  return cp;
}

/* to_utf16: s[0..len) as UTF-16 in *u (grown as needed); the length, or -1. */
static int32_t to_utf16(const char *s, size_t len, UChar **u, int32_t *cap) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = 0;
  if (len > INT32_MAX / 2) return -1;
  u_strFromUTF8WithSub(*u, *cap, &n, s, (int32_t)len, CH_REPLACEMENT, NULL, &st);
  if (st == U_BUFFER_OVERFLOW_ERROR) {
    UChar *p = mem_realloc(*u, ((size_t)n + 1) * sizeof(UChar));
    if (!p) return -1;
    *u = p;
    *cap = n + 1;
    st = U_ZERO_ERROR;
    u_strFromUTF8WithSub(*u, *cap, &n, s, (int32_t)len, CH_REPLACEMENT, NULL, &st);
  }
  return U_FAILURE(st) ? -1 : n;
}

/* A UTF-16 working string of the exact path. */
typedef struct {
  UChar *u;
  int32_t len, cap;
} ustr;

/* ustr_reserve: room for n code units; 0 or -1. */
static int ustr_reserve(ustr *s, int32_t n) {
  if (n <= s->cap) return 0;
  UChar *p = mem_realloc(s->u, (size_t)n * sizeof(UChar));
  if (!p) return -1;
  s->u = p;
  s->cap = n;
  return 0;
}

/* apply_nfkc: a = NFKC(a), using b as scratch (swapped). 0 or -1. */
static int apply_nfkc(const textproc *tp, ustr *a, ustr *b) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = unorm2_normalize(tp->nfkc, a->u, a->len, b->u, b->cap, &st);
  if (st == U_BUFFER_OVERFLOW_ERROR) {
    if (ustr_reserve(b, n + 1)) return -1;
    st = U_ZERO_ERROR;
    n = unorm2_normalize(tp->nfkc, a->u, a->len, b->u, b->cap, &st);
  }
  if (U_FAILURE(st)) return -1;
  b->len = n;
  ustr t = *a;
  *a = *b;
  *b = t;
  return 0;
}

/* apply_letters: the per-code-point steps on a, in place (results never grow). */
static void apply_letters(ustr *a, unsigned flags) {
  int32_t i = 0, o = 0;
  while (i < a->len) {
    UChar32 c;
    U16_NEXT(a->u, i, a->len, c);
    uint32_t m = map_letter((uint32_t)c, flags);
    if (m == MAP_DELETE) continue;
    U16_APPEND_UNSAFE(a->u, o, m);
  }
  a->len = o;
}

/* apply_fold: a = full case folding of a, using b as scratch. 0 or -1. */
static int apply_fold(ustr *a, ustr *b) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = u_strFoldCase(b->u, b->cap, a->u, a->len, U_FOLD_CASE_DEFAULT, &st);
  if (st == U_BUFFER_OVERFLOW_ERROR) {
    if (ustr_reserve(b, n + 1)) return -1;
    st = U_ZERO_ERROR;
    n = u_strFoldCase(b->u, b->cap, a->u, a->len, U_FOLD_CASE_DEFAULT, &st);
  }
  if (U_FAILURE(st)) return -1;
  b->len = n;
  ustr t = *a;
  *a = *b;
  *b = t;
  return 0;
}

/* append_utf8: append UTF-16 a to out as UTF-8. 0 or -1. */
static int append_utf8(const ustr *a, buf *out) {
  if (buf_reserve(out, (size_t)a->len * 3)) return -1;
  UErrorCode st = U_ZERO_ERROR;
  int32_t n = 0;
  u_strToUTF8WithSub(out->data + out->len, (int32_t)(out->cap - out->len - 1), &n, a->u,
                     a->len, CH_REPLACEMENT, NULL, &st);
  if (U_FAILURE(st)) return -1;
  out->len += (size_t)n;
  out->data[out->len] = '\0';
  return 0;
}

int norm_exact(const textproc *tp, const char *s, size_t len, buf *out) {
  ustr a = {NULL, 0, 0}, b = {NULL, 0, 0};
  int rc = -1;
  a.len = to_utf16(s, len, &a.u, &a.cap);
  if (a.len < 0 || ustr_reserve(&b, a.len + 1)) goto done;
  if ((tp->flags & NORM_NFKC) && apply_nfkc(tp, &a, &b)) goto done;
  apply_letters(&a, tp->flags);
  if ((tp->flags & NORM_CASEFOLD) && apply_fold(&a, &b)) goto done;
  rc = append_utf8(&a, out);
done:
  mem_free(a.u);
  mem_free(b.u);
  return rc;
}

/* composes: whether cp's NFKC may depend on its neighbours (quick check not YES, or a
 * non-zero combining class that is not simply deleted by the strip step). */
static int composes(const textproc *tp, uint32_t cp) {
  if (!(tp->flags & NORM_NFKC)) return 0;
  if (u_getIntPropertyValue((UChar32)cp, UCHAR_NFKC_QUICK_CHECK) != UNORM_YES) return 1;
  return u_getCombiningClass((UChar32)cp) != 0 &&
         !((tp->flags & NORM_STRIP) && is_stripped(cp));
}

/* fast_entry: the table entry of one BMP code point: its class, and what the exact path
 * makes of it alone (nothing, one code point), or ENTRY_EXACT. */
static uint32_t fast_entry(const textproc *tp, uint32_t cp) {
  uint32_t cls = (uint32_t)chars_classify(cp) << 24;
  if ((cp >= 0xD800 && cp <= 0xDFFF) || composes(tp, cp)) return cls | ENTRY_EXACT;
  char in[4];
  buf out;
  buf_init(&out);
  uint32_t entry = ENTRY_EXACT;
  if (norm_exact(tp, in, chars_encode(cp, in), &out) == 0) {
    uint32_t m;
    const unsigned char *o = (const unsigned char *)out.data;
    if (out.len == 0) entry = ENTRY_DELETE;
    else if (chars_decode(o, out.len, &m) == out.len) entry = m | (m == cp ? ENTRY_SAME : 0);
  }
  buf_free(&out);
  return cls | entry;
}

/* fast_utf8: the UTF-8 match form of a fast entry and its NORM_UTF8_* flags (a character
 * that becomes one outside the BMP is given to the exact path instead: *e gets
 * ENTRY_EXACT). */
static norm_utf8 fast_utf8(uint32_t *e) {
  norm_utf8 u = {{0, 0, 0}, 0};
  char out[4];
  if (*e & ENTRY_EXACT) return u;
  size_t n = *e & ENTRY_DELETE ? 0 : chars_encode(*e & ENTRY_CP, out);
  if (n > 3) {
    *e |= ENTRY_EXACT;
    return u;
  }
  memcpy(u.b, out, n);
  uint8_t c = ENTRY_CLASS(*e); /* a letter or mark with a flag leaves the letter loop */
  u.len = (uint8_t)(n | (c == CH_LETTER ? NORM_UTF8_LETTER : 0) |
                    (c == CH_LETTER || c == CH_MARK ? NORM_UTF8_RUN : 0));
  return u;
}

textproc *textproc_new(unsigned flags, err *e) {
  textproc *tp = mem_calloc(1, sizeof *tp);
  if (!tp) return err_nomem(e), NULL;
  UErrorCode st = U_ZERO_ERROR;
  tp->flags = flags;
  tp->nfkc = unorm2_getNFKCInstance(&st);
  tp->entry = mem_alloc(0x10000 * sizeof *tp->entry);
  if (U_FAILURE(st) || !tp->entry) {
    textproc_free(tp);
    return err_set(e, "cannot set up normalization: %s", u_errorName(st)), NULL;
  }
  for (uint32_t cp = 0; cp < 0x10000; cp++) tp->entry[cp] = fast_entry(tp, cp);
  if (!(tp->run = mem_calloc(NORM_RUN_SIZE, sizeof *tp->run))) {
    textproc_free(tp);
    return err_nomem(e), NULL;
  }
  for (uint32_t cp = 0; cp < 0x10000; cp++) { /* every entry: fast_utf8 may make it EXACT */
    norm_utf8 u = fast_utf8(&tp->entry[cp]);
    if (cp < 0x80) tp->run[cp] = u;
    else if (cp < 0x800) tp->run[norm_run_index(0xC0 | cp >> 6, 0x80 | (cp & 0x3F))] = u;
  }
  return tp;
}

void textproc_free(textproc *tp) {
  if (!tp) return;
  mem_free(tp->entry);
  mem_free(tp->run);
  mem_free(tp);
}

/* add_cp: append code point cp to out as UTF-8; 0 or -1. */
static int add_cp(buf *out, uint32_t cp) {
  char s[4];
  return buf_add(out, s, chars_encode(cp, s));
}

int text_normalize(const textproc *tp, const char *s, size_t len, buf *out) {
  size_t start = out->len;
  const unsigned char *p = (const unsigned char *)s;
  for (size_t i = 0; i < len;) {
    uint32_t cp;
    size_t n = chars_decode(p + i, len - i, &cp);
    uint32_t e = textproc_entry(tp, cp);
    if (e & ENTRY_EXACT) {
      out->len = start; /* redo the whole string exactly */
      if (out->data) out->data[start] = '\0';
      return norm_exact(tp, s, len, out);
    }
    if (!(e & ENTRY_DELETE) && add_cp(out, e & ENTRY_CP)) return -1;
    i += n;
  }
  return buf_reserve(out, 0);
}
