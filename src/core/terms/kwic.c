/* kwic.c: key-word-in-context lines for any word or phrase (see kwic.h). */
#include "terms/kwic.h"

#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/uregex.h>
#include <unicode/utext.h>

#include "gazetteer/gazetteer.h"
#include "base/mem.h"

#define ALEF_LAM "\xD8\xA7\xD9\x84" /* ال */

/* One item of an exact or glob pattern: its form, and for a glob item with `*` or `?`
 * the regex it stands for (whole-string match) and the literal bytes before them. */
typedef struct {
  char *form;
  size_t len, prefix;
  URegularExpression *re; /* NULL: compared byte for byte */
} kwic_item;

struct kwic_pattern {
  kwic_opts o;
  const textproc *tp;      /* the match forms of the docs searched (borrowed) */
  kwic_item *items;
  size_t nitems, items_cap;
  int strip_article;      /* clitic forms are tried without a leading ال too */
  URegularExpression *re; /* KWIC_REGEX */
};

/* ---- compiling ------------------------------------------------------------------------ */

/* codepoints: the number of code points of UTF-8 s[0..len), counting at most to max. */
static size_t codepoints(const char *s, size_t len, size_t max) {
  size_t n = 0;
  for (size_t i = 0; i < len && n < max; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
  return n;
}

/* regex_open: compile the ICU regex re[0..len) with flags; NULL with e set, naming the
 * character (1-based, in the pattern as compiled) where a syntax error lies. */
static URegularExpression *regex_open(const char *re, size_t len, uint32_t flags, err *e) {
  UParseError pe;
  UErrorCode st = U_ZERO_ERROR;
  memset(&pe, 0, sizeof pe);
  UText *ut = utext_openUTF8(NULL, re, (int64_t)len, &st);
  URegularExpression *r = uregex_openUText(ut, flags, &pe, &st);
  utext_close(ut);
  if (U_SUCCESS(st)) return r;
  uregex_close(r);
  if (pe.offset < 0) pe.offset = 0;
  return err_set(e, "bad regex \"%.*s\": %s at offset %d", (int)len, re, u_errorName(st),
                 pe.offset), NULL;
}

/* glob_regex: the ICU regex of glob item g[0..len) (`*` any characters, `?` one, the rest
 * literal) into out, NUL-terminated; 0 or -1 (memory). */
static int glob_regex(const char *g, size_t len, buf *out) {
  buf_clear(out);
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)g[i];
    int rc = c == '*'   ? buf_adds(out, ".*")
             : c == '?' ? buf_addc(out, '.')
             : c < 0x80 && !((c | 0x20) >= 'a' && (c | 0x20) <= 'z') && !(c >= '0' && c <= '9')
                 ? buf_addc(out, '\\') || buf_addc(out, (char)c)
                 : buf_addc(out, (char)c);
    if (rc) return -1;
  }
  return buf_addc(out, '\0');
}

/* item_set: item it for the form f[0..len) (owned from now on) under mode; 0 or -1. */
static int item_set(kwic_item *it, char *f, size_t len, kwic_mode mode, buf *scratch, err *e) {
  it->form = f;
  it->len = len;
  it->prefix = strcspn(f, "*?");
  if (mode != KWIC_GLOB || it->prefix == len) return 0;
  if (glob_regex(f, len, scratch) < 0) return err_nomem_at(e, "kwic");
  it->re = regex_open(scratch->data, scratch->len - 1, 0, e);
  return it->re ? 0 : -1;
}

/* add_item: append the item w[0..len) (in match form unless surface); 0 or -1. */
static int add_item(kwic_pattern *p, const textproc *tp, const char *w, size_t len,
                    buf *scratch, err *e) {
  buf f;
  buf_init(&f);
  int rc = p->o.surface ? buf_add(&f, w, len) : text_normalize(tp, w, len, &f);
  if (rc < 0 || buf_addc(&f, '\0') < 0 ||
      mem_grow(&p->items, &p->items_cap, p->nitems + 1, sizeof *p->items) < 0) {
    buf_free(&f);
    return err_nomem_at(e, "kwic");
  }
  kwic_item *it = &p->items[p->nitems++];
  memset(it, 0, sizeof *it);
  return item_set(it, f.data, f.len - 1, p->o.mode, scratch, e);
}

/* is_space: whether c is ASCII white space. */
static int is_space(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }

/* compile_items: the white-space separated items of pat[0..len); 0 or -1. */
static int compile_items(kwic_pattern *p, const textproc *tp, const char *pat, size_t len,
                         err *e) {
  buf scratch;
  buf_init(&scratch);
  size_t i = 0;
  int rc = 0;
  while (rc == 0 && i < len) {
    while (i < len && is_space(pat[i])) i++;
    size_t j = i;
    while (j < len && !is_space(pat[j])) j++;
    if (j > i) rc = add_item(p, tp, pat + i, j - i, &scratch, e);
    i = j;
  }
  buf_free(&scratch);
  if (rc == 0 && !p->nitems) return err_set(e, "kwic: the pattern holds no word");
  p->strip_article = rc == 0 && !(p->items[0].len >= 4 && memcmp(p->items[0].form,
                                                                  ALEF_LAM, 4) == 0);
  return rc;
}

/* compile_regex: the regex pat[0..len), in match form (but for case folding, done by
 * matching case-insensitively) unless surface; 0 or -1. */
static int compile_regex(kwic_pattern *p, const textproc *tp, const char *pat, size_t len,
                         err *e) {
  unsigned flags = textproc_flags(tp);
  if (p->o.surface) {
    p->re = regex_open(pat, len, 0, e);
    return p->re ? 0 : -1;
  }
  textproc *nocase = textproc_new(flags & ~(unsigned)NORM_CASEFOLD, e);
  buf f;
  buf_init(&f);
  int rc = nocase ? text_normalize(nocase, pat, len, &f) : -1;
  if (nocase && rc < 0) err_nomem_at(e, "kwic");
  if (rc == 0)
    p->re = regex_open(f.data ? f.data : "", f.len,
                       flags & NORM_CASEFOLD ? UREGEX_CASE_INSENSITIVE : 0, e);
  textproc_free(nocase);
  buf_free(&f);
  return p->re ? 0 : -1;
}

kwic_pattern *kwic_compile(const textproc *tp, const char *pat, size_t len, const kwic_opts *o,
                           err *e) {
  kwic_pattern *p = mem_calloc(1, sizeof *p);
  if (!p) return err_nomem_at(e, "kwic"), NULL;
  p->o = *o;
  p->tp = tp;
  if (o->mode == KWIC_REGEX && codepoints(pat, len, 1) == 0)
    return kwic_pattern_free(p), err_set(e, "kwic: the pattern is empty"), NULL;
  int rc = o->mode == KWIC_REGEX ? compile_regex(p, tp, pat, len, e)
                                 : compile_items(p, tp, pat, len, e);
  if (rc < 0) return kwic_pattern_free(p), NULL;
  return p;
}

void kwic_pattern_free(kwic_pattern *p) {
  if (!p) return;
  for (size_t i = 0; i < p->nitems; i++) {
    mem_free(p->items[i].form);
    uregex_close(p->items[i].re);
  }
  mem_free(p->items);
  uregex_close(p->re);
  mem_free(p);
}

/* ---- matching ------------------------------------------------------------------------- */

struct kwic_scratch {
  const kwic_pattern *p;
  URegularExpression **re; /* this thread's clones: one per item, or the regex at 0 */
  size_t nre;
  UText *ut;
  clitic_forms cf;
  buf joined;       /* regex on match forms: a sentence's forms joined by spaces */
  uint32_t *starts; /* where each token's form begins in joined */
  size_t starts_cap;
  kwic_hit *hits;
  size_t nhits, hits_cap;
};

/* clone: a clone of r for this thread in *out (NULL stays NULL); 0 or -1 with e set. */
static int clone(const URegularExpression *r, URegularExpression **out, err *e) {
  UErrorCode st = U_ZERO_ERROR;
  *out = r ? uregex_clone(r, &st) : NULL;
  return U_FAILURE(st) ? err_set(e, "kwic: ICU regex: %s", u_errorName(st)) : 0;
}

kwic_scratch *kwic_scratch_new(const kwic_pattern *p, err *e) {
  kwic_scratch *s = mem_calloc(1, sizeof *s);
  if (!s) return err_nomem_at(e, "kwic"), NULL;
  s->p = p;
  clitic_forms_init(&s->cf);
  buf_init(&s->joined);
  s->nre = p->re ? 1 : p->nitems;
  if (!(s->re = mem_calloc(s->nre, sizeof *s->re)))
    return kwic_scratch_free(s), err_nomem_at(e, "kwic"), NULL;
  for (size_t i = 0; i < s->nre; i++)
    if (clone(p->re ? p->re : p->items[i].re, &s->re[i], e) < 0)
      return kwic_scratch_free(s), NULL;
  return s;
}

void kwic_scratch_free(kwic_scratch *s) {
  if (!s) return;
  for (size_t i = 0; s->re && i < s->nre; i++) uregex_close(s->re[i]);
  mem_free(s->re);
  utext_close(s->ut);
  clitic_forms_free(&s->cf);
  buf_free(&s->joined);
  mem_free(s->starts);
  mem_free(s->hits);
  mem_free(s);
}

/* set_text: give regex r the text t[0..len); 0 or -1 with e set. */
static int set_text(kwic_scratch *s, URegularExpression *r, const char *t, size_t len, err *e) {
  UErrorCode st = U_ZERO_ERROR;
  s->ut = utext_openUTF8(s->ut, t, (int64_t)len, &st);
  uregex_setUText(r, s->ut, &st);
  return U_FAILURE(st) ? err_set(e, "kwic: ICU regex: %s", u_errorName(st)) : 0;
}

/* item_matches: whether item k matches the form w[0..len) in full: 1, 0, or -1 (e set). */
static int item_matches(kwic_scratch *s, size_t k, const char *w, size_t len, err *e) {
  const kwic_item *it = &s->p->items[k];
  if (!it->re) return len == it->len && memcmp(w, it->form, len) == 0;
  if (len < it->prefix || memcmp(w, it->form, it->prefix) != 0) return 0;
  UErrorCode st = U_ZERO_ERROR;
  if (set_text(s, s->re[k], w, len, e) < 0) return -1;
  UBool m = uregex_matches(s->re[k], -1, &st);
  return U_FAILURE(st) ? err_set(e, "kwic: ICU regex: %s", u_errorName(st)) : m != 0;
}

/* token_form: the form of token t of d compared with items (match form or surface). */
static const char *token_form(const kwic_scratch *s, const doc *d, const token *t, size_t *len) {
  if (s->p->o.surface) return *len = t->stop - t->start, d->text + t->start;
  return *len = t->norm_len, d->norm.data + t->norm;
}

/* first_matches: whether item 0 matches token t as written or, with clitics, through one
 * of its forms without proclitics (and without ال when the pattern allows it). */
static int first_matches(kwic_scratch *s, const doc *d, const token *t, err *e) {
  size_t len;
  const char *w = token_form(s, d, t, &len);
  if (!s->p->o.clitics) return item_matches(s, 0, w, len, e);
  if (text_clitic_forms(w, len, &s->cf) < 0) return err_nomem_at(e, "kwic");
  for (size_t f = 0; f < s->cf.n; f++) {
    const char *x = s->cf.s[f];
    size_t n = s->cf.len[f];
    int m = item_matches(s, 0, x, n, e);
    if (m == 0 && s->p->strip_article && n > 4 && memcmp(x, ALEF_LAM, 4) == 0 &&
        codepoints(x + 4, n - 4, 2) == 2)
      m = item_matches(s, 0, x + 4, n - 4, e);
    if (m) return m;
  }
  return 0;
}

/* is_countable: whether token t is a word or a number (what items compare with). */
static int is_countable(const token *t) { return t->kind == TOK_WORD || t->kind == TOK_NUMBER; }

/* items_match_at: whether the items match tokens i.. of a sentence ending at end. */
static int items_match_at(kwic_scratch *s, const doc *d, size_t i, size_t end, err *e) {
  size_t n = s->p->nitems;
  if (i + n > end) return 0;
  for (size_t k = 0; k < n; k++) {
    const token *t = &d->tokens[i + k];
    if (!is_countable(t)) return 0;
    size_t len;
    const char *w = token_form(s, d, t, &len);
    int m = k == 0 ? first_matches(s, d, t, e) : item_matches(s, k, w, len, e);
    if (m != 1) return m;
  }
  return 1;
}

/* add_hit: record tokens [first, first + count); 0 or -1 with e set. */
static int add_hit(kwic_scratch *s, size_t first, size_t count, err *e) {
  if (mem_grow(&s->hits, &s->hits_cap, s->nhits + 1, sizeof *s->hits) < 0)
    return err_nomem_at(e, "kwic");
  s->hits[s->nhits++] = (kwic_hit){(uint32_t)first, (uint32_t)count};
  return 0;
}

/* find_items: the hits of an exact or glob pattern in sentence sp; 0 or -1. */
static int find_items(kwic_scratch *s, const doc *d, const span *sp, err *e) {
  size_t end = (size_t)sp->first + sp->count;
  for (size_t i = sp->first; i < end;) {
    int m = items_match_at(s, d, i, end, e);
    if (m < 0 || (m && add_hit(s, i, s->p->nitems, e) < 0)) return -1;
    i += m ? s->p->nitems : 1;
  }
  return 0;
}

/* sentence_text: the text a regex searches in sentence sp: its surface, or its tokens'
 * match forms with one space where the text has white space between two tokens
 * (s->starts[k]: where token sp->first + k begins). */
static const char *sentence_text(kwic_scratch *s, const doc *d, const span *sp, size_t *len) {
  if (s->p->o.surface) return *len = sp->stop - sp->start, d->text + sp->start;
  if (mem_grow(&s->starts, &s->starts_cap, sp->count + 1, sizeof *s->starts) < 0) return NULL;
  buf_clear(&s->joined);
  for (size_t k = 0; k < sp->count; k++) {
    const token *t = &d->tokens[sp->first + k];
    if (k && t->start > t[-1].stop && buf_addc(&s->joined, ' ') < 0) return NULL;
    s->starts[k] = (uint32_t)s->joined.len;
    if (buf_add(&s->joined, d->norm.data + t->norm, t->norm_len) < 0) return NULL;
  }
  *len = s->joined.len;
  return s->joined.data ? s->joined.data : "";
}

/* token_range: bytes [*from, *to) of token k of sentence sp in the text sentence_text gave. */
static void token_range(const kwic_scratch *s, const doc *d, const span *sp, size_t k,
                        int64_t *from, int64_t *to) {
  const token *t = &d->tokens[sp->first + k];
  if (s->p->o.surface) *from = t->start - sp->start, *to = t->stop - sp->start;
  else *from = s->starts[k], *to = s->starts[k] + t->norm_len;
}

/* widen: the tokens [*first, *last] of sp that bytes [a, b) of its text touch; 0 if none. */
static int widen(const kwic_scratch *s, const doc *d, const span *sp, int64_t a, int64_t b,
                 size_t *first, size_t *last) {
  int found = 0;
  for (size_t k = 0; k < sp->count; k++) {
    int64_t from, to;
    token_range(s, d, sp, k, &from, &to);
    if (to <= a || from >= b) continue;
    if (!found) *first = k;
    *last = k;
    found = 1;
  }
  return found;
}

/* find_regex: the hits of the regex in sentence sp (each match widened to the tokens it
 * touches; empty matches, matches of white space only and overlaps are left out). */
static int find_regex(kwic_scratch *s, const doc *d, const span *sp, err *e) {
  size_t len, first = 0, last = 0, next = 0;
  const char *t = sentence_text(s, d, sp, &len);
  if (!t) return err_nomem_at(e, "kwic");
  if (set_text(s, s->re[0], t, len, e) < 0) return -1;
  UErrorCode st = U_ZERO_ERROR;
  while (uregex_findNext(s->re[0], &st) && U_SUCCESS(st)) {
    int64_t a = uregex_start64(s->re[0], 0, &st), b = uregex_end64(s->re[0], 0, &st);
    if (b <= a || !widen(s, d, sp, a, b, &first, &last) || first < next) continue;
    if (add_hit(s, sp->first + first, last - first + 1, e) < 0) return -1;
    next = last + 1;
  }
  return U_FAILURE(st) ? err_set(e, "kwic: ICU regex: %s", u_errorName(st)) : 0;
}

int kwic_find(kwic_scratch *s, const doc *d, const kwic_hit **hits, size_t *n, err *e) {
  s->nhits = 0;
  for (size_t i = 0; i < d->nsentences; i++) {
    int rc = s->p->re ? find_regex(s, d, &d->sentences[i], e)
                      : find_items(s, d, &d->sentences[i], e);
    if (rc < 0) return -1;
  }
  *hits = s->hits;
  *n = s->nhits;
  return 0;
}

/* ---- lines ---------------------------------------------------------------------------- */

void kwic_lines_init(kwic_lines *l) {
  memset(l, 0, sizeof *l);
  buf_init(&l->text);
}

void kwic_lines_free(kwic_lines *l) {
  mem_free(l->lines);
  buf_free(&l->text);
  kwic_lines_init(l);
}

/* add_field: append s (NULL: absent) to l's text as field f of line x; 0 or -1. */
static int add_field(kwic_lines *l, kwic_line *x, int f, const char *s) {
  x->start[f] = s ? l->text.len : SIZE_MAX;
  x->len[f] = s ? strlen(s) : 0;
  return s ? buf_add(&l->text, s, x->len[f]) : 0;
}

/* add_line: append the line of hit h of d (article a or NULL) to out; 0 or -1. */
static int add_line(const doc *d, const kwic_hit *h, const article *a, size_t width,
                    uint64_t place, kwic_lines *out) {
  if (mem_grow(&out->lines, &out->cap, out->n + 1, sizeof *out->lines) < 0) return -1;
  const token *t0 = &d->tokens[h->first], *t1 = &d->tokens[h->first + h->count - 1];
  const span *sp = &d->sentences[t0->sentence];
  mention m = {0, 0, h->first, h->count, t0->start, t1->stop, t0->sentence, sp->paragraph, 0};
  kwic_line *x = &out->lines[out->n];
  *x = (kwic_line){place, {0}, {0}, sp->paragraph, t0->sentence, t0->start, t1->stop};
  if (add_field(out, x, KWIC_ID, a ? a->id : NULL) < 0 ||
      add_field(out, x, KWIC_DATE, a ? a->date : NULL) < 0 ||
      add_field(out, x, KWIC_SOURCE, a ? a->source : NULL) < 0)
    return -1;
  gaz_kwic_row row;
  if (gaz_kwic(d, &m, width, &out->text, &row) < 0) return -1;
  for (int f = 0; f < 3; f++) x->start[KWIC_LEFT + f] = row.start[f], x->len[KWIC_LEFT + f] = row.len[f];
  out->n++;
  return 0;
}

int kwic_doc_lines(kwic_scratch *s, const doc *d, const article *a, size_t width,
                   uint64_t place, kwic_lines *out, err *e) {
  const kwic_hit *h;
  size_t n;
  if (kwic_find(s, d, &h, &n, e) < 0) return -1;
  for (size_t i = 0; i < n; i++)
    if (add_line(d, &h[i], a, width, place, out) < 0) return err_nomem_at(e, "kwic");
  return 0;
}

/* ---- a corpus through the pipeline ---------------------------------------------------- */

/* What the workers share: the pattern, and with a limit, the lowest place at which some
 * worker holds `limit` lines (articles after it cannot give one of the first lines). */
typedef struct {
  const kwic_pattern *p;
  const textproc *tp;
  size_t width, limit;
  _Atomic uint64_t enough;
} kwic_job;

typedef struct {
  kwic_job *job;
  pipeline_doc s;
  kwic_scratch *ks;
  kwic_lines lines;
} kwic_worker;

/* worker_free: release a worker. */
static void worker_free(void *state) {
  kwic_worker *w = state;
  if (!w) return;
  pipeline_doc_free(&w->s);
  kwic_scratch_free(w->ks);
  kwic_lines_free(&w->lines);
  mem_free(w);
}

/* worker_new: a worker with its scratch and no lines. */
static void *worker_new(void *ud, err *e) {
  kwic_job *job = ud;
  kwic_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem_at(e, "kwic"), NULL;
  w->job = job;
  pipeline_doc_init(&w->s, job->tp, NULL, 0);
  kwic_lines_init(&w->lines);
  if (!(w->ks = kwic_scratch_new(job->p, e))) return worker_free(w), NULL;
  return w;
}

/* worker_article: the lines of one article, unless the first `limit` lines lie before it. */
static int worker_article(void *state, const article *a, const warn_sink *ws, err *e) {
  kwic_worker *w = state;
  uint64_t place = pipeline_place(ws);
  if (w->job->limit && place > atomic_load(&w->job->enough)) return 0;
  if (pipeline_doc_run(&w->s, a, e) < 0 ||
      kwic_doc_lines(w->ks, &w->s.d, a, w->job->width, place, &w->lines, e) < 0)
    return -1;
  uint64_t seen = atomic_load(&w->job->enough);
  while (w->job->limit && w->lines.n >= w->job->limit && place < seen &&
         !atomic_compare_exchange_weak(&w->job->enough, &seen, place)) {
  }
  return 0;
}

/* worker_merge: append from's lines to into's. */
static int worker_merge(void *into, void *from, err *e) {
  kwic_lines *a = &((kwic_worker *)into)->lines, *b = &((kwic_worker *)from)->lines;
  if (mem_grow(&a->lines, &a->cap, a->n + b->n, sizeof *a->lines) < 0)
    return err_nomem_at(e, "kwic");
  size_t shift = a->text.len;
  if (buf_add(&a->text, b->text.data, b->text.len) < 0) return err_nomem_at(e, "kwic");
  for (size_t i = 0; i < b->n; i++) {
    kwic_line x = b->lines[i];
    for (int f = 0; f < KWIC_FIELDS; f++)
      if (x.start[f] != SIZE_MAX) x.start[f] += shift;
    a->lines[a->n++] = x;
  }
  return 0;
}

/* line_cmp: lines in corpus order, then text order (qsort). */
static int line_cmp(const void *pa, const void *pb) {
  const kwic_line *a = pa, *b = pb;
  if (a->place != b->place) return a->place < b->place ? -1 : 1;
  return (a->byte_start > b->byte_start) - (a->byte_start < b->byte_start);
}

int kwic_corpus(const kwic_pattern *p, size_t width, size_t limit, const pipeline_opts *po,
                pipeline_warnings *pw, kwic_lines *out, err *e) {
  kwic_lines_free(out);
  kwic_job job = {p, p->tp, width, limit, UINT64_MAX};
  pipeline_worker_fns f = {worker_new, worker_article, worker_merge, worker_free, &job, NULL};
  kwic_worker *w = pipeline_run(po, &f, pw, e);
  if (!w) return -1;
  *out = w->lines;
  kwic_lines_init(&w->lines);
  worker_free(w);
  if (out->n) qsort(out->lines, out->n, sizeof *out->lines, line_cmp);
  if (limit && out->n > limit) out->n = limit;
  return 0;
}
