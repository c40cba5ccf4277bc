/* discover.c: candidate names around cues (see discover.h). */
#include "terms/discover.h"

#include <string.h>

#include "base/mem.h"
#include "terms/strtab.h"

/* What a (span, cue) key counts (same index as its strtab key; the tag is the cue). */
typedef struct {
  uint64_t hits, articles, near_known, extended;
  uint64_t last;               /* place + 1 of the article that counted it last */
  uint64_t ex_place;           /* the place of its example's article */
  uint32_t ex_off, ex_len;     /* the example: bytes of t->examples */
  uint32_t at, at_len;         /* the span as written: bytes [at, at + at_len) of it */
  uint32_t words;
} span_val;

/* Per-token marks of one article. */
enum { MARK_KNOWN = 1, MARK_PLACE = 2, MARK_CUE = 4, MARK_MODIFIER = 8, MARK_DEMONYM = 16 };

struct discover {
  discover_opts o;
  strtab keys;
  span_val *vals;
  size_t vals_cap;
  buf examples;
  uint64_t narticles, refused, words;
  /* per-article scratch */
  mention_list cues;
  unsigned char *marks;
  size_t marks_cap;
  buf span;
};

discover *discover_new(const discover_opts *o, err *e) {
  if (o->max_words < 1 || o->max_words > 4)
    return err_set(e, "discover: max_words must be 1 to 4"), NULL;
  if (!o->cues) return err_set(e, "discover: no cues"), NULL;
  if (gaz_entity_count(o->cues) >= DISCOVER_LEFT) return err_set(e, "discover: too many cues"), NULL;
  if (o->known && textproc_flags(gaz_textproc(o->known)) !=
                      textproc_flags(gaz_textproc(o->cues)))
    return err_set(e, "discover: the cues and the gazetteer normalize differently"), NULL;
  discover *t = mem_calloc(1, sizeof *t);
  if (!t) return err_nomem_at(e, "discover"), NULL;
  t->o = *o;
  mention_list_init(&t->cues);
  return t;
}

void discover_free(discover *t) {
  if (!t) return;
  strtab_free(&t->keys);
  mem_free(t->vals);
  buf_free(&t->examples);
  mention_list_free(&t->cues);
  mem_free(t->marks);
  buf_free(&t->span);
  mem_free(t);
}

/* key_val: the value of (cue, s[0..len)), added zeroed when absent; NULL when out of
 * memory or refused by the cap (*refused = 1). */
static span_val *key_val(discover *t, uint32_t cue, const char *s, size_t len, int *refused) {
  *refused = 0;
  if (t->o.max_keys && t->keys.n >= t->o.max_keys && strtab_find(&t->keys, cue, s, len) < 0)
    return *refused = 1, NULL;
  int added;
  long k = strtab_intern(&t->keys, cue, s, len, &added);
  if (k < 0) return NULL;
  if (added) {
    if ((size_t)k >= t->vals_cap) {
      size_t cap = t->vals_cap ? t->vals_cap * 2 : 256;
      span_val *v = mem_realloc(t->vals, cap * sizeof *v);
      if (!v) return NULL;
      t->vals = v;
      t->vals_cap = cap;
    }
    t->vals[k] = (span_val){0, 0, 0, 0, 0, UINT64_MAX, 0, 0, 0, 0, 0};
  }
  return &t->vals[k];
}

/* An example: the words around a span, as written, and where the span lies in them. */
typedef struct {
  const char *text;
  size_t len, at, at_len;
} example;

/* set_example: make x (from the article at place) v's example when it comes before the
 * one v has; 0 or -1 (memory). */
static int set_example(discover *t, span_val *v, uint64_t place, const example *x) {
  if (place >= v->ex_place || t->examples.len + x->len >= UINT32_MAX) return 0;
  v->ex_place = place;
  v->ex_off = (uint32_t)t->examples.len;
  v->ex_len = (uint32_t)x->len;
  v->at = (uint32_t)x->at;
  v->at_len = (uint32_t)x->at_len;
  return buf_add(&t->examples, x->text, x->len);
}

/* ---- one article ---------------------------------------------------------------------- */

/* A span found in a doc: tokens [first, first + words). */
typedef struct {
  const doc *d;
  size_t first, words;
  int near_known, extended;
  uint64_t place;
} found;

/* example_of: the bytes of d around tokens [first, last] (6 words each side, inside the
 * sentence). */
static example example_of(const doc *d, size_t first, size_t last) {
  const span *sp = &d->sentences[d->tokens[first].sentence];
  size_t lo = first > sp->first + 6 ? first - 6 : sp->first;
  size_t hi = last + 6 < (size_t)sp->first + sp->count ? last + 6 : sp->first + sp->count - 1;
  uint32_t start = d->tokens[lo].start;
  return (example){d->text + start, d->tokens[hi].stop - start, d->tokens[first].start - start,
                   d->tokens[last].stop - d->tokens[first].start};
}

/* count_span: count span f under cue (and under DISCOVER_ALL); 0 or -1 (memory). */
static int count_span(discover *t, const found *f, uint32_t cue) {
  buf_clear(&t->span);
  for (size_t i = f->first; i < f->first + f->words; i++) {
    const token *k = &f->d->tokens[i];
    if ((i > f->first && buf_addc(&t->span, ' ') < 0) ||
        buf_add(&t->span, f->d->norm.data + k->norm, k->norm_len) < 0)
      return -1;
  }
  example ex = example_of(f->d, f->first, f->first + f->words - 1);
  const uint32_t tags[2] = {cue, DISCOVER_ALL};
  for (int i = 0; i < 2; i++) {
    int refused;
    span_val *v = key_val(t, tags[i], t->span.data, t->span.len, &refused);
    if (!v) {
      if (refused) { t->refused++; continue; }
      return -1;
    }
    v->words = (uint32_t)f->words;
    v->hits++;
    v->near_known += f->near_known != 0;
    v->extended += f->extended != 0;
    v->articles += v->last != f->place + 1;
    v->last = f->place + 1;
    if (tags[i] == DISCOVER_ALL && set_example(t, v, f->place, &ex) < 0) return -1;
  }
  return 0;
}

/* is_latin: whether token k starts with an ASCII letter or a Latin-1 letter. */
static int is_latin(const doc *d, const token *k) {
  unsigned char c = (unsigned char)d->text[k->start];
  return (c < 0x80 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')) || c == 0xC3;
}

/* is_capital: whether token k starts with a Latin capital (A-Z, À-Þ). */
static int is_capital(const doc *d, const token *k) {
  const unsigned char *c = (const unsigned char *)d->text + k->start;
  return (c[0] >= 'A' && c[0] <= 'Z') || (c[0] == 0xC3 && c[1] >= 0x80 && c[1] <= 0x9E);
}

/* has_digit: whether the match form of token k holds an ASCII digit. */
static int has_digit(const doc *d, const token *k) {
  for (uint32_t i = 0; i < k->norm_len; i++)
    if ((unsigned)(d->norm.data[k->norm + i] - '0') < 10) return 1;
  return 0;
}

/* chars_at_least: whether the UTF-8 s[0..len) holds at least n characters. */
static int chars_at_least(const char *s, size_t len, size_t n) {
  size_t c = 0;
  for (size_t i = 0; i < len && c < n; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c >= n;
}

/* nameable: whether token i may be a word of a name: a word of two characters or more, no
 * digit, no stopword, not known (a demonym neither), not a cue. */
static int nameable(const discover *t, const doc *d, size_t i) {
  const token *k = &d->tokens[i];
  return k->kind == TOK_WORD && chars_at_least(d->norm.data + k->norm, k->norm_len, 2) &&
         !(t->marks[i] & (MARK_KNOWN | MARK_CUE | MARK_MODIFIER | MARK_DEMONYM)) &&
         !has_digit(d, k) && !terms_stop_has(t->o.stop, d->norm.data + k->norm, k->norm_len);
}

/* spaced: whether only white space lies between tokens i and i + 1 (§6.2). */
static int spaced(const doc *d, size_t i) {
  for (uint32_t b = d->tokens[i].stop; b < d->tokens[i + 1].start; b++)
    if (d->text[b] != ' ' && d->text[b] != '\t' && d->text[b] != '\n' && d->text[b] != '\r')
      return 0;
  return 1;
}

/* is_nisba: whether token i's match form is ال + at least two letters + ي or يه. */
static int is_nisba(const doc *d, size_t i) {
  const token *k = &d->tokens[i];
  const char *m = d->norm.data + k->norm;
  size_t n = k->norm_len;
  if (n < 10 || memcmp(m, "\xD8\xA7\xD9\x84", 4) != 0) return 0;
  return memcmp(m + n - 2, "\xD9\x8A", 2) == 0 || memcmp(m + n - 4, "\xD9\x8A\xD9\x87", 4) == 0;
}

/* near_place: whether a known GPE/LOC word lies within DISCOVER_NEAR words of tokens
 * [first, last], in their sentence. */
static int near_place(const discover *t, const doc *d, size_t first, size_t last) {
  const span *sp = &d->sentences[d->tokens[first].sentence];
  size_t lo = first > sp->first + DISCOVER_NEAR ? first - DISCOVER_NEAR : sp->first;
  size_t end = (size_t)sp->first + sp->count;
  size_t hi = last + DISCOVER_NEAR < end ? last + DISCOVER_NEAR : end - 1;
  for (size_t i = lo; i <= hi; i++)
    if (t->marks[i] & MARK_PLACE) return 1;
  return 0;
}

/* is_definite: whether token i's match form starts with ال and has two letters more. */
static int is_definite(const doc *d, size_t i) {
  const token *k = &d->tokens[i];
  return k->norm_len >= 8 && memcmp(d->norm.data + k->norm, "\xD8\xA7\xD9\x84", 4) == 0;
}

/* skip_modifiers: the first token from i on, before hi, that is not a modifier (a
 * modifier cue, a demonym of the known gazetteer, or a nisba adjective followed by a
 * nameable or known word); after a construct cue, a definite noun first. */
static size_t skip_modifiers(const discover *t, const doc *d, size_t i, size_t hi,
                             unsigned flags) {
  if ((flags & DISCOVER_CONSTRUCT) && i < hi && nameable(t, d, i) && is_definite(d, i)) i++;
  while (i < hi) {
    int modifier = t->marks[i] & (MARK_MODIFIER | MARK_DEMONYM);
    if (!modifier && t->o.nisba && is_nisba(d, i) && i + 1 < hi && nameable(t, d, i) &&
        (nameable(t, d, i + 1) || (t->marks[i + 1] & MARK_KNOWN)) && spaced(d, i))
      modifier = 1;
    if (!modifier) break;
    i++;
  }
  return i;
}

/* run_length: how many words from token i (going dir) can make a name, up to max + 1:
 * nameable words of the sentence [lo, hi), with only white space between them, of one
 * script (Latin ones capitalized). */
static size_t run_length(const discover *t, const doc *d, size_t i, int dir, size_t lo,
                         size_t hi, size_t max) {
  if (i < lo || i >= hi || !nameable(t, d, i)) return 0;
  int latin = is_latin(d, &d->tokens[i]);
  size_t n = 1;
  for (; n <= max; n++) {
    size_t j = (size_t)((long)i + dir * (long)n);
    if (j < lo || j >= hi || !nameable(t, d, j) || !spaced(d, dir > 0 ? j - 1 : j)) break;
    if (is_latin(d, &d->tokens[j]) != latin || (latin && !is_capital(d, &d->tokens[j]))) break;
  }
  return n;
}

/* count_spans_from: count the spans of 1 .. max_words words from token i going dir (+1: i
 * is the first word; -1: i is the last) that can make a name, inside the sentence [lo, hi),
 * under cue, each marked extended when a longer one was counted too; 0 or -1. */
static int count_spans_from(discover *t, found *f, size_t i, int dir, size_t lo, size_t hi,
                            uint32_t cue, unsigned flags) {
  size_t max = (size_t)t->o.max_words, len = run_length(t, f->d, i, dir, lo, hi, max);
  for (size_t n = 1; n <= len && n <= max; n++) {
    size_t j = (size_t)((long)i + dir * (long)(n - 1));
    f->first = dir > 0 ? i : j;
    f->words = n;
    f->extended = n < len;
    if ((flags & DISCOVER_NEAR_PLACE) && !near_place(t, f->d, f->first, f->first + n - 1)) continue;
    if (count_span(t, f, cue) < 0) return -1;
  }
  return 0;
}

/* count_cue: count the spans around cue mention c; 0 or -1. */
static int count_cue(discover *t, found *f, const mention *c) {
  unsigned flags = t->o.cue_flags[c->entity];
  const span *sp = &f->d->sentences[c->sentence];
  size_t lo = sp->first, hi = (size_t)sp->first + sp->count;
  size_t after = (size_t)c->tok_first + c->tok_count;
  if ((flags & DISCOVER_AFTER) &&
      count_spans_from(t, f, skip_modifiers(t, f->d, after, hi, flags), 1, lo, hi, c->entity,
                       flags) < 0)
    return -1;
  if ((flags & DISCOVER_BEFORE) && c->tok_first > lo &&
      count_spans_from(t, f, c->tok_first - 1, -1, lo, hi, c->entity | DISCOVER_LEFT, flags) < 0)
    return -1;
  return 0;
}

/* count_caps: count the runs of 1 .. max_words capitalized Latin nameable words that do
 * not open a sentence; 0 or -1. */
static int count_caps(discover *t, found *f) {
  const doc *d = f->d;
  for (size_t s = 0; s < d->nsentences; s++) {
    const span *sp = &d->sentences[s];
    size_t end = (size_t)sp->first + sp->count;
    for (size_t i = sp->first + 1; i < end;) {
      size_t j = i;
      while (j < end && nameable(t, d, j) && is_capital(d, &d->tokens[j]) &&
             (j == i || spaced(d, j - 1)))
        j++;
      if (j > i && j - i <= (size_t)t->o.max_words) {
        f->first = i;
        f->words = j - i;
        f->near_known = 0;
        for (size_t k = sp->first; k < end; k++) f->near_known |= t->marks[k] & MARK_KNOWN;
        if (count_span(t, f, DISCOVER_CAPS) < 0) return -1;
      }
      i = j > i ? j : i + 1;
    }
  }
  return 0;
}

/* mark_mentions: set the marks of d's tokens from the known mentions m and the cues. */
static void mark_mentions(discover *t, const doc *d, const mention_list *m) {
  memset(t->marks, 0, d->ntokens);
  for (size_t i = 0; i < m->n; i++) {
    const mention *x = &m->items[i];
    if (x->flags & MENTION_DROPPED) continue;
    const char *type = gaz_entity_at(t->o.known, x->entity)->type;
    unsigned mark = (x->flags & MENTION_DEMONYM) ? MARK_DEMONYM
                    : MARK_KNOWN | ((strcmp(type, "GPE") == 0 || strcmp(type, "LOC") == 0)
                                        ? MARK_PLACE : 0);
    for (uint32_t k = x->tok_first; k < x->tok_first + x->tok_count; k++) t->marks[k] |= mark;
  }
  for (size_t i = 0; i < t->cues.n; i++) {
    const mention *x = &t->cues.items[i];
    int modifier = t->o.cue_flags[x->entity] & DISCOVER_MODIFIER;
    for (uint32_t k = x->tok_first; k < x->tok_first + x->tok_count; k++)
      t->marks[k] |= modifier ? MARK_MODIFIER : MARK_CUE;
  }
}

/* sentence_known: whether sentence s of d holds a known word. */
static int sentence_known(const discover *t, const doc *d, size_t s) {
  const span *sp = &d->sentences[s];
  for (size_t k = sp->first; k < (size_t)sp->first + sp->count; k++)
    if (t->marks[k] & MARK_KNOWN) return 1;
  return 0;
}

int discover_add_article(discover *t, pipeline_doc *s, const article *a, uint64_t place,
                         err *e) {
  if (pipeline_doc_run(s, a, e) < 0) return -1;
  const doc *d = &s->d;
  t->narticles++;
  t->words += doc_word_count(d);
  if (d->ntokens > t->marks_cap) {
    unsigned char *m = mem_realloc(t->marks, d->ntokens);
    if (!m) return err_nomem_at(e, "discover");
    t->marks = m;
    t->marks_cap = d->ntokens;
  }
  if (gaz_match(t->o.cues, d, 0, &t->cues) < 0) return err_nomem_at(e, "discover");
  mark_mentions(t, d, &s->m);
  found f = {d, 0, 0, 0, 0, place};
  for (size_t i = 0; i < t->cues.n; i++) {
    const mention *c = &t->cues.items[i];
    f.near_known = sentence_known(t, d, c->sentence);
    if (count_cue(t, &f, c) < 0) return err_nomem_at(e, "discover");
  }
  if (t->o.latin_caps && count_caps(t, &f) < 0) return err_nomem_at(e, "discover");
  return 0;
}

int discover_merge(discover *into, const discover *from, err *e) {
  for (size_t k = 0; k < from->keys.n; k++) {
    size_t len;
    const char *s = strtab_key(&from->keys, k, &len);
    const span_val *fv = &from->vals[k];
    int refused;
    span_val *v = key_val(into, from->keys.keys[k].tag, s, len, &refused);
    if (!v) {
      if (refused) { into->refused += fv->hits; continue; }
      return err_nomem_at(e, "discover");
    }
    v->words = fv->words;
    v->hits += fv->hits;
    v->articles += fv->articles;
    v->near_known += fv->near_known;
    v->extended += fv->extended;
    example ex = {from->examples.data + fv->ex_off, fv->ex_len, fv->at, fv->at_len};
    if (fv->ex_place != UINT64_MAX && set_example(into, v, fv->ex_place, &ex) < 0)
      return err_nomem_at(e, "discover");
  }
  into->narticles += from->narticles;
  into->refused += from->refused;
  into->words += from->words;
  return 0;
}

/* ---- counting a corpus through the pipeline ------------------------------------------- */

/* One worker: its article scratch and its partial table. */
typedef struct {
  pipeline_doc s;
  discover *t;
} disc_worker;

/* disc_free: release a worker. */
static void disc_free(void *state) {
  disc_worker *w = state;
  if (!w) return;
  pipeline_doc_free(&w->s);
  discover_free(w->t);
  mem_free(w);
}

/* disc_new: a worker with an empty table. */
static void *disc_new(void *ud, err *e) {
  const discover_opts *o = ud;
  disc_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem_at(e, "discover"), NULL;
  pipeline_doc_init(&w->s, gaz_textproc(o->cues), o->known, GAZ_DEMONYMS);
  if (!(w->t = discover_new(o, e))) return disc_free(w), NULL;
  return w;
}

/* disc_article: count one article. */
static int disc_article(void *state, const article *a, const warn_sink *ws, err *e) {
  disc_worker *w = state;
  return discover_add_article(w->t, &w->s, a, pipeline_place(ws), e);
}

/* disc_merge: add one worker's table into another's. */
static int disc_merge(void *into, void *from, err *e) {
  return discover_merge(((disc_worker *)into)->t, ((disc_worker *)from)->t, e);
}

discover *discover_count_corpus(const discover_opts *o, const pipeline_opts *po,
                                pipeline_warnings *pw, err *e) {
  pipeline_worker_fns f = {disc_new, disc_article, disc_merge, disc_free, (void *)o, NULL};
  disc_worker *w = pipeline_run(po, &f, pw, e);
  if (!w) return NULL;
  discover *t = w->t;
  w->t = NULL;
  disc_free(w);
  return t;
}

/* ---- reading the table ---------------------------------------------------------------- */

size_t discover_rows(const discover *t) { return t->keys.n; }

void discover_row_at(const discover *t, size_t i, discover_row *r) {
  const span_val *v = &t->vals[i];
  r->span = strtab_key(&t->keys, i, &r->len);
  r->cue = t->keys.keys[i].tag;
  r->words = (int)v->words;
  r->hits = v->hits;
  r->articles = v->articles;
  r->near_known = v->near_known;
  r->extended = v->extended;
  r->example = t->examples.data ? t->examples.data + v->ex_off : "";
  r->example_len = v->ex_len;
  r->surface = r->example + v->at;
  r->surface_len = v->at_len;
}

uint64_t discover_articles(const discover *t) { return t->narticles; }

uint64_t discover_refused(const discover *t) { return t->refused; }

uint64_t discover_words(const discover *t) { return t->words; }

uint64_t discover_span_hits(const discover *t, const char *s, size_t len) {
  long k = strtab_find(&t->keys, DISCOVER_ALL, s, len);
  return k < 0 ? 0 : t->vals[k].hits;
}
