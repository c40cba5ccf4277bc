/* plaintext.c: plain-text articles: front matter, raw scraped news, plain (see plaintext.h
 * and docs/formats.md, "Plain text", which lists every step of the raw heuristics). */
#include "article/plaintext.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unicode/uchar.h>
#include <unicode/uregex.h>
#include <unicode/ustring.h>
#include <unicode/utf8.h>

#include "article/date.h"
#include "base/mem.h"

/* Limits of the raw heuristics (docs/formats.md). */
enum {
  HEADER_LINES = 4,     /* lines after the title where a byline or repeated title may be */
  BYLINE_WORDS = 16,    /* a byline holds at most this many words besides its date */
  CREDIT_WORDS = 8,     /* a source credit line holds at most this many words */
  SUMMARY_LINES = 8,    /* highlights: at most this many lines before a credit */
  BYLINE_BYTES = 400,   /* a byline is at most this long */
  RE_TIME_LIMIT = 200   /* ICU regex steps (about milliseconds) before a match gives up */
};

/* News agencies a credit line names (Arabic, French and English names). */
#define AGENCIES                                                                           \
  "(?:وكالات|وكالة\\s+\\S+(?:\\s+\\S+){0,2}|رويترز|أ\\s*ف\\s*ب|ا\\s*ف\\s*ب|فرانس\\s*برس|"      \
  "الأناضول|الاناضول|د\\s*ب\\s*أ|سبوتنيك|تاس|واس|وام|قنا|كونا|بترا|سانا|واج|ومع|شينخوا|"       \
  "أسوشيتد\\s*برس|afp|reuters|ap|anadolu|tass|ria|aps|map|xinhua)"
/* A credit's separators: / ، , + - | */
#define CREDIT_SEP "\\s*[/،,+|-]\\s*"

static const char *const default_boilerplate[] = {
  "(?:عاجل|breaking|urgent|خبر عاجل)[\\s\\p{P}\\p{S}]*",
  "(?:اقرأ|إقرأ|اقرا|إقرا)\\s+(?:أيضا|أيضاً|ايضا|ايضاً|المزيد)(?:[\\s\\p{P}].*)?",
  "(?:read more|read also|see also|related|lire aussi|à lire aussi|voir aussi)"
  "(?:[\\s\\p{P}].*)?",
  "(?:شارك|شاركوا|مشاركة|share|partager)(?:\\s+(?:هذا|هذه|this))?"
  "(?:\\s+(?:المقال|الخبر|المادة|الصفحة|article|story|l'article))?"
  "(?:[\\s\\p{P}\\p{S}]*(?:على|عبر|on|via|sur)?[\\s\\p{P}\\p{S}]*(?:فيسبوك|فيس بوك|تويتر|"
  "واتساب|واتس اب|تلغرام|تيليغرام|facebook|twitter|whatsapp|telegram|linkedin|email|x))*"
  "[\\s\\p{P}\\p{S}]*",
  "(?:[\\s\\p{P}\\p{S}]|فيسبوك|فيس بوك|تويتر|واتساب|تلغرام|facebook|twitter|whatsapp|telegram|"
  "linkedin|email|print|طباعة|tweet)+",
  "(?:إعلان|اعلان|advertisement|publicité|sponsored|محتوى ممول)[\\s\\p{P}]*",
  ".{0,60}(?:جميع الحقوق محفوظة|كل الحقوق محفوظة|all rights reserved|tous droits réservés|"
  "©).{0,60}",
  "(?:الكلمات المفتاحية|كلمات مفتاحية|الوسوم|وسوم|tags?|mots-clés)\\s*:.*",
  "(?:تابعونا|تابعوا|follow us|suivez-nous)(?:[\\s\\p{P}].*)?",
  "(?:آخر تحديث|اخر تحديث|last updated?|mis à jour)[\\s\\p{P}]*",
  "(?:الرئيسية|home|accueil)(?:\\s*[>»/›|]\\s*[^>»/›|]{1,40})+",
  NULL,
};

/* Credits: group 1, when it matches, is the source (else the whole line). */
static const char *const default_credit[] = {
  "(?:المصدر|مصدر|source|sources)\\s*:\\s*(.{1,60}?)[\\s.]*",
  "(?:نقلا عن|نقلاً عن|according to)\\s+(.{1,60}?)[\\s.]*",
  "[(\\[]?(" AGENCIES "(?:" CREDIT_SEP "[^\\s/،,+|-][^/،,+|-]{0,40})*)[)\\]]?[\\s.]*",
  "[(\\[]?([^\\s/،,+|-][^/،,+|-]{0,40}?" CREDIT_SEP AGENCIES ")[)\\]]?[\\s.]*",
  NULL,
};

/* Byline parts: a prefix word before an author, labels around a date. */
static const char author_head[] =
  "^(?:[\\s\\p{P}\\p{S}]|(?:بقلم|كتب|كتبت|كتبه|إعداد|اعداد|تقرير|by|par|por)"
  "(?=[\\s\\p{P}]|$))+";
static const char author_tail[] =
  "(?:[\\s\\p{P}\\p{S}]|(?<![\\p{L}\\p{M}\\p{N}])(?:\\d{1,2}\\s*[:.hH]\\s*\\d{2}(?:[:.]\\d{2})?|"
  "آخر تحديث|اخر تحديث|آخر تعديل|تحديث|نشر في|نشر|تاريخ النشر|بتاريخ|في|يوم|منذ|الساعة|ص|م|"
  "الأحد|الاحد|الاثنين|الإثنين|الثلاثاء|الأربعاء|الاربعاء|الخميس|الجمعة|الجمعه|السبت|am|pm|gmt|"
  "utc|last updated|updated|update|published|posted|on|at|le|à|mis à jour|publié|sunday|"
  "monday|tuesday|wednesday|thursday|friday|saturday|sun|mon|tue|wed|thu|fri|sat|dimanche|"
  "lundi|mardi|mercredi|jeudi|vendredi|samedi)(?=[\\s\\p{P}\\p{S}]|$))++$";
static const char author_line[] =
  "(?:بقلم|كتب|كتبت|كتبه|إعداد|اعداد|by|par|por)\\s*:?\\s*([^\\s\\d].{0,60})";

typedef struct {
  URegularExpression **re;
  size_t n;
} re_list;

struct pt_rules {
  re_list boiler, credit;
  URegularExpression *head, *tail, *byline;
  UChar *u; /* scratch: the line being matched, in UTF-16 */
  size_t ucap;
};

int pt_shape_named(const char *name) {
  static const char *const names[] = {"auto", "frontmatter", "raw", "plain"};
  for (int i = 0; i < 4; i++) {
    if (strcmp(name, names[i]) == 0) return i;
  }
  return -1;
}

const char *const *pt_defaults(pt_list which, size_t *n) {
  const char *const *l = which == PT_BOILERPLATE ? default_boilerplate : default_credit;
  for (*n = 0; l[*n];) (*n)++;
  return l;
}

/* re_compile: the ICU regex for UTF-8 pattern p (case-insensitive); NULL with e set. */
static URegularExpression *re_compile(const char *p, const char *what, size_t i, err *e) {
  UErrorCode st = U_ZERO_ERROR;
  UParseError pe;
  int32_t n = 0;
  u_strFromUTF8(NULL, 0, &n, p, -1, &st);
  UChar *u = mem_alloc(((size_t)n + 1) * sizeof *u);
  if (!u) return err_nomem(e), NULL;
  st = U_ZERO_ERROR;
  u_strFromUTF8(u, n + 1, NULL, p, -1, &st);
  URegularExpression *re = U_SUCCESS(st) ? uregex_open(u, n, UREGEX_CASE_INSENSITIVE, &pe, &st)
                                         : NULL;
  if (re) uregex_setTimeLimit(re, RE_TIME_LIMIT, &st); /* a runaway match is no match */
  mem_free(u);
  if (U_FAILURE(st)) {
    err_set(e, "%s pattern %zu (\"%s\"): %s at offset %d", what, i + 1, p, u_errorName(st),
            pe.offset);
    return NULL;
  }
  return re;
}

/* list_compile: compile n patterns (NULL: the defaults d) into l; 0 or -1. */
static int list_compile(re_list *l, const char *const *p, size_t n, const char *const *d,
                        const char *what, err *e) {
  if (!p) {
    p = d;
    for (n = 0; d[n];) n++;
  }
  l->re = mem_calloc(n ? n : 1, sizeof *l->re);
  if (!l->re) return err_nomem(e);
  for (l->n = 0; l->n < n; l->n++) {
    if (!(l->re[l->n] = re_compile(p[l->n], what, l->n, e))) return -1;
  }
  return 0;
}

/* list_free: close the regexes of l. */
static void list_free(re_list *l) {
  for (size_t i = 0; i < l->n; i++) uregex_close(l->re[i]);
  mem_free(l->re);
}

pt_rules *pt_rules_new(const char *const *boilerplate, size_t nboilerplate,
                       const char *const *credit, size_t ncredit, err *e) {
  pt_rules *r = mem_calloc(1, sizeof *r);
  if (!r) return err_nomem(e), NULL;
  if (list_compile(&r->boiler, boilerplate, nboilerplate, default_boilerplate, "boilerplate",
                   e) ||
      list_compile(&r->credit, credit, ncredit, default_credit, "credit", e) ||
      !(r->head = re_compile(author_head, "byline", 0, e)) ||
      !(r->tail = re_compile(author_tail, "byline", 1, e)) ||
      !(r->byline = re_compile(author_line, "byline", 2, e))) {
    pt_rules_free(r);
    return NULL;
  }
  return r;
}

void pt_rules_free(pt_rules *r) {
  if (!r) return;
  list_free(&r->boiler);
  list_free(&r->credit);
  if (r->head) uregex_close(r->head);
  if (r->tail) uregex_close(r->tail);
  if (r->byline) uregex_close(r->byline);
  mem_free(r->u);
  mem_free(r);
}

/* set_text: give re the UTF-8 text s[0..len) (converted into r's scratch); its UTF-16
 * length, or -1. */
static int32_t set_text(pt_rules *r, URegularExpression *re, const char *s, size_t len) {
  UErrorCode st = U_ZERO_ERROR;
  if (len > 1 << 24 || mem_grow(&r->u, &r->ucap, len + 1, sizeof *r->u)) return -1;
  int32_t n = 0;
  u_strFromUTF8WithSub(r->u, (int32_t)r->ucap, &n, s, (int32_t)len, 0xFFFD, NULL, &st);
  uregex_setText(re, r->u, n, &st);
  return U_FAILURE(st) ? -1 : n;
}

/* re_matches: whether re matches all of s[0..len). */
static int re_matches(pt_rules *r, URegularExpression *re, const char *s, size_t len) {
  UErrorCode st = U_ZERO_ERROR;
  if (set_text(r, re, s, len) < 0) return 0;
  return uregex_matches(re, 0, &st) && U_SUCCESS(st);
}

/* group_span: the UTF-8 byte span [*b, *e) in s of group g of re's last match (UTF-16
 * indexes mapped back); 0, or -1 when the group did not take part. */
static int group_span(pt_rules *r, URegularExpression *re, int g, size_t *b, size_t *e) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t ub = uregex_start(re, g, &st), ue = uregex_end(re, g, &st);
  if (U_FAILURE(st) || ub < 0) return -1;
  int32_t nb = 0, ne = 0;
  st = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &nb, r->u, ub, &st);
  st = U_ZERO_ERROR;
  u_strToUTF8(NULL, 0, &ne, r->u, ue, &st);
  *b = (size_t)nb;
  *e = (size_t)ne;
  return 0;
}

/* ---- lines ---------------------------------------------------------------------------- */

typedef struct {
  size_t start, len; /* trimmed: no white space or format controls at either end */
  size_t number;     /* 1-based line number in the text */
} pt_line;

typedef struct {
  const char *s;
  size_t len;
  const char *name;
  pt_line *lines; /* the non-blank lines */
  size_t n, cap;
  pt_rules *rules;
  article *a;
} pt_ctx;

/* is_space: white space or a format control (trimmed from lines). */
static int is_space(UChar32 c) {
  return c >= 0 && (u_isUWhiteSpace(c) || u_charType(c) == U_FORMAT_CHAR);
}

/* line_end: the length of the line break at s[i] (LF, CR, CRLF, NEL, LS, PS), or 0. */
static size_t line_end(const char *s, size_t len, size_t i) {
  unsigned char c = (unsigned char)s[i];
  if (c == '\n') return 1;
  if (c == '\r') return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
  if (c == 0xC2 && i + 1 < len && (unsigned char)s[i + 1] == 0x85) return 2;
  if (c == 0xE2 && i + 2 < len && (unsigned char)s[i + 1] == 0x80 &&
      ((unsigned char)s[i + 2] == 0xA8 || (unsigned char)s[i + 2] == 0xA9)) {
    return 3;
  }
  return 0;
}

/* trim: narrow [*b, *e) of s past white space at both ends. */
static void trim(const char *s, size_t *b, size_t *e) {
  UChar32 c;
  while (*b < *e) {
    size_t i = *b;
    U8_NEXT(s, i, *e, c);
    if (!is_space(c)) break;
    *b = i;
  }
  while (*e > *b) {
    size_t i = *e - 1, j;
    while (i > *b && ((unsigned char)s[i] & 0xC0) == 0x80 && *e - i < 4) i--;
    j = i;
    U8_NEXT(s, j, *e, c);
    if (j != *e || !is_space(c)) break; /* an ill-formed tail is not space either */
    *e = i;
  }
}

/* add_line: keep s[b..e) (trimmed) as line number n if it is not blank; 0 or -1. */
static int add_line(pt_ctx *x, size_t b, size_t e, size_t n) {
  trim(x->s, &b, &e);
  if (b == e) return 0;
  if (mem_grow(&x->lines, &x->cap, x->n + 1, sizeof *x->lines)) return -1;
  x->lines[x->n++] = (pt_line){b, e - b, n};
  return 0;
}

/* split_lines: the non-blank lines of the text from byte `from`, numbered from `number`. */
static int split_lines(pt_ctx *x, size_t from, size_t number) {
  size_t b = from;
  for (size_t i = from; i < x->len;) {
    size_t k = line_end(x->s, x->len, i);
    if (!k) {
      i++;
      continue;
    }
    if (add_line(x, b, i, number++)) return -1;
    b = i += k;
  }
  return add_line(x, b, x->len, number);
}

/* add_lf: append s[0..len) to out with CRLF and CR turned into LF; 0 or -1. */
static int add_lf(buf *out, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    char c = s[i];
    if (c == '\r') {
      if (i + 1 < len && s[i + 1] == '\n') continue;
      c = '\n';
    }
    if (buf_addc(out, c)) return -1;
  }
  return 0;
}

/* set_lf: *slot = s[0..len) with line ends made LF; 0 or -1. */
static int set_lf(char **slot, const char *s, size_t len) {
  buf b;
  buf_init(&b);
  if (add_lf(&b, s, len) || article_set(slot, b.data ? b.data : "", b.len)) {
    buf_free(&b);
    return -1;
  }
  buf_free(&b);
  return 0;
}

/* set_lines: *slot = lines [from, to) joined with LF; 0 or -1. */
static int set_lines(pt_ctx *x, char **slot, size_t from, size_t to) {
  buf b;
  buf_init(&b);
  int rc = 0;
  for (size_t i = from; i < to && !rc; i++) {
    if (i > from) rc = buf_addc(&b, '\n');
    if (!rc) rc = add_lf(&b, x->s + x->lines[i].start, x->lines[i].len);
  }
  if (!rc) rc = article_set(slot, b.data ? b.data : "", b.len);
  buf_free(&b);
  return rc;
}

/* ---- front matter --------------------------------------------------------------------- */

/* fm_field: the article field a front-matter key names, or NULL (kept as metadata). */
static char **fm_field(article *a, const char *k, size_t n) {
  static const struct {
    const char *key;
    size_t off;
  } keys[] = {
    {"id", offsetof(article, id)},         {"title", offsetof(article, title)},
    {"source", offsetof(article, source)}, {"author", offsetof(article, author)},
    {"url", offsetof(article, url)},       {"summary", offsetof(article, summary)},
    {"abstract", offsetof(article, summary)},
  };
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    if (strlen(keys[i].key) == n && strncasecmp(keys[i].key, k, n) == 0) {
      return (char **)((char *)a + keys[i].off);
    }
  }
  return NULL;
}

/* unquote: narrow [*b, *e) of s past one pair of matching surrounding quotes. */
static void unquote(const char *s, size_t *b, size_t *e) {
  if (*e - *b >= 2 && (s[*b] == '"' || s[*b] == '\'') && s[*e - 1] == s[*b]) {
    (*b)++;
    (*e)--;
  }
}

/* fm_pair: one `key: value` line of the header; 0 or -1 with e set. */
static int fm_pair(pt_ctx *x, const pt_line *l, err *e) {
  const char *s = x->s + l->start, *colon = memchr(s, ':', l->len);
  size_t klen = colon ? (size_t)(colon - s) : 0;
  while (klen && (s[klen - 1] == ' ' || s[klen - 1] == '\t')) klen--;
  if (!colon || !klen) {
    return err_set(e, "%s:%zu: front matter line is not 'key: value'", x->name, l->number);
  }
  size_t vb = (size_t)(colon + 1 - s), ve = l->len;
  trim(s, &vb, &ve);
  unquote(s, &vb, &ve);
  char **slot = fm_field(x->a, s, klen);
  int rc;
  if (klen == 4 && strncasecmp(s, "date", 4) == 0) {
    rc = article_set_date(x->a, s + vb, ve - vb);
  } else if (slot) {
    rc = article_set(slot, s + vb, ve - vb);
  } else {
    char key[128];
    size_t kn = klen < 127 ? klen : 127;
    while (kn < klen && kn > 0 && ((unsigned char)s[kn] & 0xC0) == 0x80) kn--; /* whole chars */
    snprintf(key, sizeof key, "%.*s", (int)kn, s);
    rc = article_add_meta(x->a, key, s + vb, ve - vb);
  }
  return rc ? err_nomem_at(e, "%s", x->name) : 0;
}

/* is_fence: whether line l is `---` (or `...` closing a header). */
static int is_fence(const pt_ctx *x, const pt_line *l, int closing) {
  const char *s = x->s + l->start;
  return l->len == 3 && (memcmp(s, "---", 3) == 0 || (closing && memcmp(s, "...", 3) == 0));
}

/* parse_frontmatter: the header, then the body after the closing fence. */
static int parse_frontmatter(pt_ctx *x, err *e) {
  if (x->n == 0 || !is_fence(x, &x->lines[0], 0)) {
    return err_set(e, "%s:1: no front matter (the text must start with a '---' line)", x->name);
  }
  size_t i = 1;
  for (; i < x->n && !is_fence(x, &x->lines[i], 1); i++) {
    if (fm_pair(x, &x->lines[i], e)) return -1;
  }
  if (i >= x->n) return err_set(e, "%s:%zu: front matter not closed by '---'", x->name,
                                x->lines[0].number);
  size_t from = x->lines[i].start + x->lines[i].len;
  if (i + 1 < x->n) from = x->lines[i + 1].start;
  size_t b = from, end = x->len;
  trim(x->s, &b, &end);
  return set_lf(&x->a->body, x->s + b, end - b) ? err_nomem_at(e, "%s", x->name) : 0;
}

/* parse_plain: the first line is the title, the rest the body. */
static int parse_plain(pt_ctx *x, err *e) {
  if (x->n == 0) return set_lf(&x->a->body, "", 0);
  const pt_line *t = &x->lines[0];
  size_t b = t->start + t->len, end = x->len;
  trim(x->s, &b, &end);
  if (article_set(&x->a->title, x->s + t->start, t->len) ||
      set_lf(&x->a->body, x->s + b, end - b)) {
    return err_nomem_at(e, "%s", x->name);
  }
  return 0;
}

/* ---- raw scraped news ----------------------------------------------------------------- */

/* word_count: the number of white-space separated words of s[0..len). */
static size_t word_count(const char *s, size_t len) {
  size_t n = 0, i = 0;
  int in = 0;
  while (i < len) {
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (is_space(c)) {
      in = 0;
    } else if (!in) {
      in = 1;
      n++;
    }
  }
  return n;
}

/* next_solid: the next code point of s[*i..n) that is not white space, or -1 at the end. */
static UChar32 next_solid(const char *s, size_t *i, size_t n) {
  while (*i < n) {
    UChar32 c;
    U8_NEXT(s, *i, n, c);
    if (!is_space(c)) return c < 0 ? 0xFFFD : c;
  }
  return -1;
}

/* same_text: whether two strings are equal but for white space. */
static int same_text(const char *a, size_t na, const char *b, size_t nb) {
  size_t i = 0, j = 0;
  for (;;) {
    UChar32 c = next_solid(a, &i, na), d = next_solid(b, &j, nb);
    if (c != d) return 0;
    if (c == -1) return 1;
  }
}

/* drop_boilerplate: remove the lines some boilerplate pattern matches whole. */
static void drop_boilerplate(pt_ctx *x) {
  size_t k = 0;
  for (size_t i = 0; i < x->n; i++) {
    const pt_line *l = &x->lines[i];
    int drop = 0;
    for (size_t p = 0; p < x->rules->boiler.n && !drop; p++) {
      drop = re_matches(x->rules, x->rules->boiler.re[p], x->s + l->start, l->len);
    }
    if (!drop) x->lines[k++] = *l;
  }
  x->n = k;
}

/* clean_author: narrow [*b, *e) of s past byline prefixes ("بقلم", "By"), labels ("آخر
 * تحديث", weekdays, times) and punctuation at both ends. */
static void clean_author(pt_ctx *x, const char *s, size_t *b, size_t *e) {
  pt_rules *r = x->rules;
  UErrorCode st = U_ZERO_ERROR;
  size_t gb, ge;
  if (*b < *e && set_text(r, r->head, s + *b, *e - *b) >= 0 && uregex_lookingAt(r->head, 0, &st) &&
      group_span(r, r->head, 0, &gb, &ge) == 0) {
    *b += ge;
  }
  st = U_ZERO_ERROR;
  if (*b < *e && set_text(r, r->tail, s + *b, *e - *b) >= 0 && uregex_find(r->tail, 0, &st) &&
      group_span(r, r->tail, 0, &gb, &ge) == 0) {
    *e = *b + gb;
  }
}

/* has_letter: whether s[0..len) holds a letter. */
static int has_letter(const char *s, size_t len) {
  for (size_t i = 0; i < len;) {
    UChar32 c;
    U8_NEXT(s, i, len, c);
    if (c > 0 && u_isalpha(c)) return 1;
  }
  return 0;
}

/* try_byline: line l is a byline when it is short and holds a date: the date, the author
 * written before it (or after it), and the metadata `byline` (the line). 1 taken, 0 not a
 * byline, -1 memory. */
static int try_byline(pt_ctx *x, const pt_line *l) {
  const char *s = x->s + l->start;
  date_match m;
  if (x->a->date_raw || l->len > BYLINE_BYTES || word_count(s, l->len) > BYLINE_WORDS + 6 ||
      !date_find(s, l->len, &m, NULL)) {
    return 0;
  }
  if (word_count(s, m.start) + word_count(s + m.end, l->len - m.end) > BYLINE_WORDS) return 0;
  if (article_set(&x->a->date_raw, s + m.start, m.end - m.start) ||
      article_set(&x->a->date, m.iso, 10) || article_add_meta(x->a, "byline", s, l->len)) {
    return -1;
  }
  size_t b = 0, e = m.start;
  clean_author(x, s, &b, &e);
  if (b == e || !has_letter(s + b, e - b)) {
    b = m.end;
    e = l->len;
    clean_author(x, s, &b, &e);
  }
  if (b < e && has_letter(s + b, e - b) && !x->a->author) {
    if (article_set(&x->a->author, s + b, e - b)) return -1;
  }
  return 1;
}

/* try_author_line: line l is "بقلم فلان" / "By Name" (short, no date): the author. */
static int try_author_line(pt_ctx *x, const pt_line *l) {
  const char *s = x->s + l->start;
  size_t b, e;
  if (x->a->author || word_count(s, l->len) > CREDIT_WORDS ||
      !re_matches(x->rules, x->rules->byline, s, l->len) ||
      group_span(x->rules, x->rules->byline, 1, &b, &e)) {
    return 0;
  }
  clean_author(x, s, &b, &e);
  if (b == e) return 0;
  return article_set(&x->a->author, s + b, e - b) ? -1 : 1;
}

/* skip_header: after the title, take the bylines, author lines and repeats of the title;
 * the index of the first line after them, or (size_t)-1 when out of memory. */
static size_t skip_header(pt_ctx *x, size_t i) {
  const pt_line *t = &x->lines[0];
  for (size_t end = i + HEADER_LINES; i < x->n && i < end; i++) {
    const pt_line *l = &x->lines[i];
    if (same_text(x->s + l->start, l->len, x->s + t->start, t->len)) continue;
    int rc = try_byline(x, l);
    if (rc == 0) rc = try_author_line(x, l);
    if (rc < 0) return (size_t)-1;
    if (rc == 0) break;
  }
  return i;
}

/* is_credit: whether line i is a source credit; sets a.source (the pattern's group 1, or
 * the whole line) and the metadata `credit` (the line). 1, 0, or -1 (memory). */
static int is_credit(pt_ctx *x, size_t i) {
  const pt_line *l = &x->lines[i];
  const char *s = x->s + l->start;
  if (word_count(s, l->len) > CREDIT_WORDS) return 0;
  for (size_t p = 0; p < x->rules->credit.n; p++) {
    URegularExpression *re = x->rules->credit.re[p];
    if (!re_matches(x->rules, re, s, l->len)) continue;
    size_t b = 0, e = l->len;
    if (group_span(x->rules, re, 1, &b, &e)) b = 0, e = l->len;
    trim(s, &b, &e);
    if (article_set(&x->a->source, s + b, e - b) ||
        article_add_meta(x->a, "credit", s, l->len)) {
      return -1;
    }
    return 1;
  }
  return 0;
}

/* find_credit: the index of the credit line among lines [from, to), or to; -1 (memory) is
 * returned as (size_t)-1. */
static size_t find_credit(pt_ctx *x, size_t from, size_t to) {
  for (size_t i = from; i < to; i++) {
    int rc = is_credit(x, i);
    if (rc) return rc < 0 ? (size_t)-1 : i;
  }
  return to;
}

/* parse_raw: title, header, highlights and credit, body (docs/formats.md lists the steps). */
static int parse_raw(pt_ctx *x, err *e) {
  drop_boilerplate(x);
  if (x->n == 0) return set_lf(&x->a->body, "", 0) ? err_nomem_at(e, "%s", x->name) : 0;
  size_t i = skip_header(x, 1);
  if (i == (size_t)-1 || article_set(&x->a->title, x->s + x->lines[0].start, x->lines[0].len)) {
    return err_nomem_at(e, "%s", x->name);
  }
  size_t lim = i + SUMMARY_LINES + 1 < x->n ? i + SUMMARY_LINES + 1 : x->n;
  size_t c = find_credit(x, i, lim), from = i, to = x->n;
  if (c == (size_t)-1) return err_nomem_at(e, "%s", x->name);
  if (c + 1 == x->n && c > i) { /* a credit closing the article */
    to = c;
  } else if (c < lim) {
    if (c > i && set_lines(x, &x->a->summary, i, c)) {
      return err_nomem_at(e, "%s", x->name);
    }
    from = c + 1;
  } else if (x->n > i + 1) {
    int rc = is_credit(x, x->n - 1); /* a credit closing the article */
    if (rc < 0) return err_nomem_at(e, "%s", x->name);
    if (rc) to = x->n - 1;
  }
  return set_lines(x, &x->a->body, from, to) ? err_nomem_at(e, "%s", x->name) : 0;
}

/* starts_with_fence: whether the first non-blank line is `---`. */
static int starts_with_fence(const pt_ctx *x) { return x->n && is_fence(x, &x->lines[0], 0); }

int pt_parse(const char *s, size_t len, const char *name, pt_shape shape, pt_rules *rules,
             article *a, err *e) {
  pt_ctx x = {s, len, name, NULL, 0, 0, rules, a};
  int rc = -1;
  if (!rules && !(x.rules = pt_rules_new(NULL, 0, NULL, 0, e))) return -1;
  if (split_lines(&x, 0, 1)) {
    err_nomem_at(e, "%s", name);
  } else if (shape == PT_FRONTMATTER || (shape == PT_AUTO && starts_with_fence(&x))) {
    rc = parse_frontmatter(&x, e);
  } else if (shape == PT_PLAIN) {
    rc = parse_plain(&x, e);
  } else {
    rc = parse_raw(&x, e);
  }
  mem_free(x.lines);
  if (!rules) pt_rules_free(x.rules);
  return rc;
}

int article_parse_text(const char *bytes, size_t len, const char *name, const article_opts *o,
                       article *a, err *e) {
  static const article_opts none;
  if (!o) o = &none;
  buf text;
  buf_init(&text);
  int rc = article_decode(bytes, len, name, o, &text, e);
  if (rc == 0) {
    rc = pt_parse(text.data ? text.data : "", text.len, name, (pt_shape)o->shape, o->rules, a, e);
  }
  buf_free(&text);
  return rc;
}
