/* terms.c: term frequencies, keyness and collocations (TEXT-SPEC §9; see terms.h). */
#include "terms/terms.h"

#include <libstemmer.h>
#include <math.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "cooc/measures.h"
#include "terms/strtab.h"

/* ---- stopwords ------------------------------------------------------------------------ */

struct terms_stop {
  strtab words;
};

terms_stop *terms_stop_new(void) { return mem_calloc(1, sizeof(terms_stop)); }

void terms_stop_free(terms_stop *s) {
  if (!s) return;
  strtab_free(&s->words);
  mem_free(s);
}

int terms_stop_add(terms_stop *s, const textproc *tp, const char *w, size_t len) {
  doc d;
  doc_init(&d);
  err e;
  int rc = doc_analyze(&d, tp, w, len, &e);
  for (size_t i = 0; rc == 0 && i < d.ntokens; i++) {
    const token *t = &d.tokens[i];
    int added;
    if (t->kind == TOK_WORD && strtab_intern(&s->words, 0, d.norm.data + t->norm,
                                             t->norm_len, &added) < 0)
      rc = -1;
  }
  doc_free(&d);
  return rc;
}

int terms_stop_has(const terms_stop *s, const char *m, size_t len) {
  return s && strtab_find(&s->words, 0, m, len) >= 0;
}

size_t terms_stop_count(const terms_stop *s) { return s ? s->words.n : 0; }

/* ---- article ids to slice names ------------------------------------------------------- */

/* Ids are keys of tag 0, slice names keys of tag 1 (stored with their NUL, so that they
 * read as C strings from the arena). The slices of id key k are the name keys
 * pool[first[k] + 1 ..], pool[first[k]] of them. */
struct terms_ids {
  strtab keys;
  uint32_t *first, *pool;
  size_t cap, npool, pool_cap, nids;
};

enum { IDS_ID = 0, IDS_NAME = 1 };

terms_ids *terms_ids_new(void) { return mem_calloc(1, sizeof(terms_ids)); }

void terms_ids_free(terms_ids *m) {
  if (!m) return;
  strtab_free(&m->keys);
  mem_free(m->first);
  mem_free(m->pool);
  mem_free(m);
}

/* grow_u32: make *a (capacity *cap) hold at least n values; 0 or -1. */
static int grow_u32(uint32_t **a, size_t *cap, size_t n) {
  if (n <= *cap) return 0;
  size_t c = *cap ? *cap * 2 : 256;
  while (c < n) c *= 2;
  uint32_t *g = mem_realloc(*a, c * sizeof *g);
  if (!g) return -1;
  *a = g;
  *cap = c;
  return 0;
}

int terms_ids_set(terms_ids *m, const char *id, size_t len, const char *const *names,
                  size_t n) {
  int added;
  size_t at = m->npool;
  if (n > UINT32_MAX || grow_u32(&m->pool, &m->pool_cap, at + 1 + n) < 0) return -1;
  m->pool[at] = (uint32_t)n;
  for (size_t i = 0; i < n; i++) {
    long nk = strtab_intern(&m->keys, IDS_NAME, names[i], strlen(names[i]) + 1, &added);
    if (nk < 0) return -1;
    m->pool[at + 1 + i] = (uint32_t)nk;
  }
  long k = strtab_intern(&m->keys, IDS_ID, id, len, &added);
  size_t cap = m->cap;
  if (k < 0 || grow_u32(&m->first, &cap, (size_t)k + 1) < 0) return -1;
  m->cap = cap;
  m->first[k] = (uint32_t)at;
  m->npool = at + 1 + n;
  m->nids += added;
  return 0;
}

const char *terms_ids_get(const terms_ids *m, const char *id, size_t len, size_t i) {
  long k = m ? strtab_find(&m->keys, IDS_ID, id, len) : -1;
  if (k < 0 || i >= m->pool[m->first[k]]) return NULL;
  return m->keys.arena.data + m->keys.keys[m->pool[m->first[k] + 1 + i]].off;
}

size_t terms_ids_count(const terms_ids *m) { return m ? m->nids : 0; }

/* ---- the table ------------------------------------------------------------------------ */

/* What a term key counts (same index as its strtab key; the tag is its slice id). */
typedef struct {
  uint64_t count, articles, last; /* last: the article serial that counted it last */
  uint32_t first_len;             /* bytes of the first word */
  uint8_t n;
} term_val;

typedef struct {
  char *name;
  uint64_t words;
} slice;

/* The term form of a token of the doc being counted: bytes [off, off + len) of the doc's
 * match forms, or of the table's fbuf when scratch is set (stripped or stemmed). */
typedef struct {
  uint32_t off, len;
  uint8_t scratch, term; /* term: a word, not a stopword */
} tform;

/* The stem cache holds at most this many words; it starts again empty when full. */
#define STEM_CACHE_MAX (1u << 18)

struct terms {
  terms_opts o;
  strtab keys;
  term_val *vals;
  size_t vals_cap;
  slice *slices;      /* by id (creation order) */
  uint32_t *sorted;   /* slice ids in name order */
  size_t nslices, slices_cap;
  uint64_t narticles; /* the article serial too */
  buf gram;           /* scratch: an n-gram's term */
  tform *forms;       /* per token of the doc being counted */
  size_t forms_cap;
  buf fbuf;           /* the forms that are not the doc's match forms */
  char *stem_name;    /* o.stem, owned */
  struct sb_stemmer *arabic, *latin; /* this table's stemmers (o.stem), or NULL */
  strtab stems;       /* the stem cache: match form -> stem_at[k] in stem_arena */
  uint32_t (*stem_at)[2];
  size_t stem_cap;
  buf stem_arena;
  clitic_forms cf;    /* clitic stripping (o.vocab) */
  buf clit[2];
  int overflow;       /* a key past o.max_terms was refused */
};

/* is_arabic / is_latin: whether the UTF-8 word w (match form: NFKC) begins with a letter
 * of the Arabic blocks (U+0600-U+06FF, U+0750-U+077F, U+08A0-U+08FF) / Latin (A-Z, a-z,
 * U+00C0-U+024F). */
static int is_arabic(const unsigned char *w, size_t len) {
  return len >= 2 && ((w[0] >= 0xD8 && w[0] <= 0xDB) || w[0] == 0xDD ||
                      (len >= 3 && w[0] == 0xE0 && (w[1] == 0xA2 || w[1] == 0xA3)));
}
static int is_latin(const unsigned char *w, size_t len) {
  return len && (((w[0] | 0x20) >= 'a' && (w[0] | 0x20) <= 'z') || (w[0] >= 0xC3 && w[0] <= 0xC9));
}

/* open_stemmers: the stemmers named in t->o.stem (see terms_opts); 0 or -1 with e set. */
static int open_stemmers(terms *t, err *e) {
  const char *p = t->o.stem;
  while (p && *p) {
    size_t n = strcspn(p, ",");
    char name[32];
    snprintf(name, sizeof name, "%.*s", (int)(n < 31 ? n : 31), p);
    struct sb_stemmer *st = n < 31 ? sb_stemmer_new(name, "UTF_8") : NULL;
    if (!st) return err_set(e, "terms: unknown stemmer '%.*s' (Snowball's: arabic, english, "
                               "french, ...)", (int)n, p);
    struct sb_stemmer **slot = strcmp(name, "arabic") == 0 ? &t->arabic : &t->latin;
    if (*slot) {
      sb_stemmer_delete(st);
      return err_set(e, "terms: stem: one stemmer for Arabic and one for Latin script");
    }
    *slot = st;
    p += n + (p[n] == ',');
  }
  return 0;
}

const char **terms_stemmers(void) { return sb_stemmer_list(); }

terms *terms_new(const terms_opts *o, err *e) {
  if (o->max_n < 1 || o->max_n > 3) return err_set(e, "terms: n must be 1, 2 or 3"), NULL;
  terms *t = mem_calloc(1, sizeof *t);
  if (!t) return err_nomem_at(e, "terms"), NULL;
  t->o = *o;
  clitic_forms_init(&t->cf);
  if (o->stem && !(t->o.stem = t->stem_name = mem_strndup(o->stem, strlen(o->stem))))
    return terms_free(t), err_nomem_at(e, "terms"), NULL;
  if (open_stemmers(t, e) < 0) return terms_free(t), NULL;
  return t;
}

void terms_free(terms *t) {
  if (!t) return;
  strtab_free(&t->keys);
  mem_free(t->vals);
  for (size_t i = 0; i < t->nslices; i++) mem_free(t->slices[i].name);
  mem_free(t->slices);
  mem_free(t->sorted);
  buf_free(&t->gram);
  mem_free(t->forms);
  buf_free(&t->fbuf);
  mem_free(t->stem_name);
  if (t->arabic) sb_stemmer_delete(t->arabic);
  if (t->latin) sb_stemmer_delete(t->latin);
  strtab_free(&t->stems);
  mem_free(t->stem_at);
  buf_free(&t->stem_arena);
  clitic_forms_free(&t->cf);
  buf_free(&t->clit[0]);
  buf_free(&t->clit[1]);
  mem_free(t);
}

const terms_opts *terms_options(const terms *t) { return &t->o; }

/* sorted_pos: the position in t->sorted of the first slice whose name is >= name. */
static size_t sorted_pos(const terms *t, const char *name, int *found) {
  size_t lo = 0, hi = t->nslices;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (strcmp(t->slices[t->sorted[mid]].name, name) < 0) lo = mid + 1;
    else hi = mid;
  }
  *found = lo < t->nslices && strcmp(t->slices[t->sorted[lo]].name, name) == 0;
  return lo;
}

/* slice_id: the id of the slice named `name`, created when absent; -1 when out of memory. */
static long slice_id(terms *t, const char *name) {
  int found;
  size_t pos = sorted_pos(t, name, &found);
  if (found) return t->sorted[pos];
  if (t->nslices == t->slices_cap) {
    size_t cap = t->slices_cap ? t->slices_cap * 2 : 8;
    slice *s = mem_realloc(t->slices, cap * sizeof *s);
    if (!s) return -1;
    t->slices = s;
    uint32_t *o = mem_realloc(t->sorted, cap * sizeof *o);
    if (!o) return -1;
    t->sorted = o;
    t->slices_cap = cap;
  }
  char *copy = mem_strndup(name, strlen(name));
  if (!copy) return -1;
  t->slices[t->nslices] = (slice){copy, 0};
  memmove(t->sorted + pos + 1, t->sorted + pos, (t->nslices - pos) * sizeof *t->sorted);
  t->sorted[pos] = (uint32_t)t->nslices;
  return (long)t->nslices++;
}

/* add_term: count one occurrence of term s[0..len) (n words, the first first_len bytes
 * long) in slice id sl, in add times (an occurrence count) and the current article; 0 or
 * -1 (memory). */
static int add_term(terms *t, uint32_t sl, const char *s, size_t len, int n, size_t first_len,
                    uint64_t count, uint64_t articles, uint64_t serial) {
  int added;
  long k = strtab_intern(&t->keys, sl, s, len, &added);
  if (k < 0) return -1;
  if (added && t->o.max_terms && t->keys.n > t->o.max_terms) return t->overflow = 1, -1;
  if (added) {
    if ((size_t)k >= t->vals_cap) {
      size_t cap = t->vals_cap ? t->vals_cap * 2 : 256;
      term_val *v = mem_realloc(t->vals, cap * sizeof *v);
      if (!v) return -1;
      t->vals = v;
      t->vals_cap = cap;
    }
    t->vals[k] = (term_val){0, 0, 0, (uint32_t)first_len, (uint8_t)n};
  }
  term_val *v = &t->vals[k];
  v->count += count;
  if (serial) {
    v->articles += v->last != serial;
    v->last = serial;
  } else {
    v->articles += articles;
  }
  return 0;
}

/* stem_word: the stem of *w (*len bytes) by the stemmer of its script, through the
 * cache, into *w and *len (valid until the next stem_word); unchanged when no stemmer
 * takes it. 0 or -1 (memory). */
static int stem_word(terms *t, const char **w, size_t *len) {
  struct sb_stemmer *st = is_arabic((const unsigned char *)*w, *len) ? t->arabic
                          : is_latin((const unsigned char *)*w, *len) ? t->latin : NULL;
  if (!st) return 0;
  long k = strtab_find(&t->stems, 0, *w, *len);
  if (k < 0) {
    if (t->stems.n >= STEM_CACHE_MAX) strtab_free(&t->stems), buf_clear(&t->stem_arena);
    const sb_symbol *sym = sb_stemmer_stem(st, (const sb_symbol *)*w, (int)*len);
    int added, n = sym ? sb_stemmer_length(st) : -1;
    uint32_t at[2] = {(uint32_t)t->stem_arena.len, (uint32_t)n};
    if (n < 0 || buf_add(&t->stem_arena, sym, (size_t)n) < 0 ||
        (k = strtab_intern(&t->stems, 0, *w, *len, &added)) < 0 ||
        mem_grow(&t->stem_at, &t->stem_cap, (size_t)k + 1, sizeof *t->stem_at) < 0)
      return -1;
    memcpy(t->stem_at[k], at, sizeof at);
  }
  *w = t->stem_arena.data + t->stem_at[k][0];
  *len = t->stem_at[k][1];
  return 0;
}

/* strip_clitics: *w (*len bytes) without the proclitics the vocabulary allows (see
 * terms_opts.vocab), into *w and *len (valid until the next call). 0 or -1 (memory). */
static int strip_clitics(terms *t, const char **w, size_t *len) {
  for (int side = 0;; side ^= 1) {
    if (text_clitic_forms(*w, *len, &t->cf) < 0) return -1;
    size_t f = 1;
    while (f < t->cf.n && !terms_has_word(t->o.vocab, t->cf.s[f], t->cf.len[f])) f++;
    if (f == t->cf.n) return 0;
    buf_clear(&t->clit[side]);
    if (buf_add(&t->clit[side], t->cf.s[f], t->cf.len[f]) < 0) return -1;
    *w = t->clit[side].data;
    *len = t->clit[side].len;
  }
}

/* term_form: the term form of word token k (stopwords, clitics, stem), into *f (its bytes
 * copied to t->fbuf when they are not the match form). 0 or -1 (memory). */
static int term_form(terms *t, const doc *d, const token *k, tform *f) {
  const char *m = d->norm.data + k->norm, *w = m;
  size_t len = k->norm_len;
  *f = (tform){k->norm, k->norm_len, 0, 0};
  if (k->kind != TOK_WORD || terms_stop_has(t->o.stop, w, len)) return 0;
  if (t->o.vocab && strip_clitics(t, &w, &len) < 0) return -1;
  if (w != m && terms_stop_has(t->o.stop, w, len)) return 0;
  if ((t->arabic || t->latin) && stem_word(t, &w, &len) < 0) return -1;
  f->term = 1;
  if (w == m) return 0;
  *f = (tform){(uint32_t)t->fbuf.len, (uint32_t)len, 1, 1};
  return buf_add(&t->fbuf, w, len);
}

/* prepare_forms: the term form of every token of d (those mask leaves out, when not
 * NULL, are no terms), into t->forms; the word tokens counted in *words. 0 or -1. */
static int prepare_forms(terms *t, const doc *d, const uint8_t *mask, uint64_t *words) {
  if (mem_grow(&t->forms, &t->forms_cap, d->ntokens ? d->ntokens : 1, sizeof *t->forms) < 0)
    return -1;
  buf_clear(&t->fbuf);
  *words = 0;
  for (size_t i = 0; i < d->ntokens; i++) {
    const token *k = &d->tokens[i];
    if (mask && !mask[i]) {
      t->forms[i] = (tform){0, 0, 0, 0};
      continue;
    }
    *words += k->kind == TOK_WORD;
    if (term_form(t, d, k, &t->forms[i]) < 0) return -1;
  }
  return 0;
}

/* form_bytes: the bytes of term form f of a token of d. */
static const char *form_bytes(const terms *t, const doc *d, const tform *f) {
  return (f->scratch ? t->fbuf.data : d->norm.data) + f->off;
}

/* in_part: whether term s[0..len) is counted under o's parts (FNV-1a of its bytes). */
static int in_part(const terms_opts *o, const char *s, size_t len) {
  if (o->parts <= 1) return 1;
  uint64_t h = 0xcbf29ce484222325u;
  for (size_t i = 0; i < len; i++) h = (h ^ (unsigned char)s[i]) * 0x100000001b3u;
  return (h ^ (h >> 32)) % o->parts == o->part;
}

/* add_grams: count the n-grams starting at token i (n = 1 .. max_n, consecutive word
 * tokens of i's sentence, none a stopword) in each slice of sl[0..nsl); 0 or -1. */
static int add_grams(terms *t, const uint32_t *sl, size_t nsl, const doc *d, size_t i,
                     size_t end) {
  const tform *f0 = &t->forms[i];
  buf_clear(&t->gram);
  if (buf_add(&t->gram, form_bytes(t, d, f0), f0->len) < 0) return -1;
  for (int n = 1; n <= t->o.max_n; n++) {
    if (n > 1) {
      size_t j = i + (size_t)n - 1;
      if (j >= end || !t->forms[j].term) break;
      const tform *f = &t->forms[j];
      if (buf_addc(&t->gram, ' ') < 0 || buf_add(&t->gram, form_bytes(t, d, f), f->len) < 0)
        return -1;
    }
    if (!in_part(&t->o, t->gram.data, t->gram.len)) continue;
    for (size_t k = 0; k < nsl; k++)
      if (add_term(t, sl[k], t->gram.data, t->gram.len, n, f0->len, 1, 0, t->narticles) < 0)
        return -1;
  }
  return 0;
}

/* fail: the message of a failed count into t (a key past max_terms, or memory); -1. */
static int fail(const terms *t, err *e) {
  if (t->overflow)
    return err_set(e, "terms: more than %zu distinct terms (max_terms)", t->o.max_terms);
  return err_nomem_at(e, "terms");
}

int terms_overflowed(const terms *t) { return t->overflow; }

int terms_add_doc(terms *t, const char *slice_name, const doc *d, err *e) {
  return terms_add_doc_masked(t, slice_name, d, NULL, e);
}

/* add_doc: count one analyzed article in each slice of sl[0..nsl) (one article), only its
 * tokens with mask[i] set (NULL: every token); 0, or -1 with e set. */
static int add_doc(terms *t, const uint32_t *sl, size_t nsl, const doc *d, const uint8_t *mask,
                   err *e) {
  uint64_t words;
  if (prepare_forms(t, d, mask, &words) < 0) return err_nomem_at(e, "terms");
  t->narticles++;
  for (size_t k = 0; k < nsl; k++) t->slices[sl[k]].words += words;
  for (size_t s = 0; s < d->nsentences; s++) {
    const span *sp = &d->sentences[s];
    size_t end = (size_t)sp->first + sp->count;
    for (size_t i = sp->first; i < end; i++)
      if (t->forms[i].term && add_grams(t, sl, nsl, d, i, end) < 0) return fail(t, e);
  }
  return 0;
}

int terms_add_doc_masked(terms *t, const char *slice_name, const doc *d, const uint8_t *mask,
                         err *e) {
  long sl = slice_id(t, slice_name);
  if (sl < 0) return err_nomem_at(e, "terms");
  uint32_t id = (uint32_t)sl;
  return add_doc(t, &id, 1, d, mask, e);
}

int terms_has_word(const terms *t, const char *w, size_t len) {
  return t->nslices && strtab_find(&t->keys, 0, w, len) >= 0;
}

const char *terms_slice_of(const terms *t, const article *a, char out[COOC_PERIOD_MAX]) {
  if (t->o.slicing == TERMS_BY_SOURCE) return a->source ? a->source : "";
  if (t->o.slicing == TERMS_BY_PERIOD) return cooc_period_of(t->o.by, a->date, out);
  if (t->o.slicing == TERMS_BY_ID) return terms_ids_get(t->o.ids, a->id ? a->id : "",
                                                        a->id ? strlen(a->id) : 0, 0);
  out[0] = '\0';
  return out;
}

int terms_merge(terms *into, const terms *from, err *e) {
  uint32_t *map = mem_calloc(from->nslices ? from->nslices : 1, sizeof *map);
  if (!map) return err_nomem_at(e, "terms");
  for (size_t i = 0; i < from->nslices; i++) {
    long sl = slice_id(into, from->slices[i].name);
    if (sl < 0) return mem_free(map), err_nomem_at(e, "terms");
    map[i] = (uint32_t)sl;
    into->slices[sl].words += from->slices[i].words;
  }
  for (size_t k = 0; k < from->keys.n; k++) {
    const strkey *key = &from->keys.keys[k];
    const term_val *v = &from->vals[k];
    if (add_term(into, map[key->tag], from->keys.arena.data + key->off, key->len, v->n,
                 v->first_len, v->count, v->articles, 0) < 0)
      return mem_free(map), fail(into, e);
  }
  into->narticles += from->narticles;
  mem_free(map);
  return 0;
}

/* ---- counting a corpus through the pipeline ------------------------------------------- */

/* One worker: its article scratch and its partial table. */
typedef struct count_job count_job;
typedef struct {
  pipeline_doc s;
  terms *t;
  count_job *job;
} count_worker;

/* What the workers share. */
struct count_job {
  const terms_opts *o;
  const textproc *tp;
  atomic_int overflow; /* some worker's table went past max_terms */
};

/* count_free: release a worker. */
static void count_free(void *state) {
  count_worker *w = state;
  if (!w) return;
  pipeline_doc_free(&w->s);
  terms_free(w->t);
  mem_free(w);
}

/* count_new: a worker with an empty table. */
static void *count_new(void *ud, err *e) {
  count_job *job = ud;
  count_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem_at(e, "terms"), NULL;
  w->job = job;
  pipeline_doc_init(&w->s, job->tp, NULL, 0);
  if (!(w->t = terms_new(job->o, e))) return count_free(w), NULL;
  return w;
}

/* id_slices: the slices the table's id map names for article a, into sl (at most
 * TERMS_SLICES_MAX; created when absent): how many (0: none), or -1 with e set. */
static long id_slices(terms *t, const article *a, uint32_t *sl, err *e) {
  const char *id = a->id ? a->id : "";
  size_t n = 0;
  for (const char *name; (name = terms_ids_get(t->o.ids, id, strlen(id), n)); n++) {
    if (n == TERMS_SLICES_MAX)
      return err_set(e, "terms: article %s is in more than %d slices", id, TERMS_SLICES_MAX);
    long k = slice_id(t, name);
    if (k < 0) return err_nomem_at(e, "terms");
    sl[n] = (uint32_t)k;
  }
  return (long)n;
}

int terms_add_article(terms *t, pipeline_doc *s, const article *a, err *e) {
  char period[COOC_PERIOD_MAX];
  uint32_t sl[TERMS_SLICES_MAX];
  long n = 1;
  if (t->o.slicing == TERMS_BY_ID) {
    if ((n = id_slices(t, a, sl, e)) <= 0) return (int)n;
  } else {
    long k = slice_id(t, terms_slice_of(t, a, period));
    if (k < 0) return err_nomem_at(e, "terms");
    sl[0] = (uint32_t)k;
  }
  if (pipeline_doc_run(s, a, e) < 0) return -1;
  return add_doc(t, sl, (size_t)n, &s->d, NULL, e);
}

/* count_article: analyze one article and count its terms. */
static int count_article(void *state, const article *a, const warn_sink *ws, err *e) {
  count_worker *w = state;
  (void)ws;
  int rc = terms_add_article(w->t, &w->s, a, e);
  if (rc < 0 && w->t->overflow) atomic_store(&w->job->overflow, 1);
  return rc;
}

/* count_merge: add one worker's table into another's. */
static int count_merge(void *into, void *from, err *e) {
  count_worker *w = into;
  int rc = terms_merge(w->t, ((count_worker *)from)->t, e);
  if (rc < 0 && w->t->overflow) atomic_store(&w->job->overflow, 1);
  return rc;
}

/* count_run: terms_count, and in *overflow whether it failed for max_terms. */
static terms *count_run(const terms_opts *o, const pipeline_opts *po, pipeline_warnings *pw,
                        int *overflow, err *e) {
  textproc *tp = textproc_new(NORM_DEFAULT, e);
  if (!tp) return NULL;
  count_job job = {o, tp, 0};
  pipeline_worker_fns f = {count_new, count_article, count_merge, count_free, &job, NULL};
  count_worker *w = pipeline_run(po, &f, pw, e);
  textproc_free(tp);
  *overflow = atomic_load(&job.overflow);
  if (!w) return NULL;
  terms *t = w->t;
  w->t = NULL;
  count_free(w);
  return t;
}

terms *terms_count(const terms_opts *o, const pipeline_opts *po, pipeline_warnings *pw,
                   err *e) {
  int overflow;
  return count_run(o, po, pw, &overflow, e);
}

int terms_keep_top(terms *into, const terms *from, size_t k, err *e) {
  unsigned char *pick = mem_calloc(from->nslices ? from->nslices : 1, 1);
  if (!pick) return err_nomem_at(e, "terms");
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < from->nslices; i++) {
    long sl = slice_id(into, terms_slice_name(from, i));
    if (sl < 0) rc = err_nomem_at(e, "terms");
    else into->slices[sl].words = terms_slice_words(from, i);
    pick[i] = 1;
    for (int n = 1; rc == 0 && n <= from->o.max_n; n++) {
      terms_row *r;
      size_t m;
      if ((rc = terms_rows(from, pick, n, 1, &r, &m, e)) < 0) break;
      for (size_t j = 0; rc == 0 && j < m && j < k; j++)
        if (add_term(into, (uint32_t)sl, r[j].term, r[j].len, n, r[j].first_len, r[j].count,
                     r[j].articles, 0) < 0)
          rc = fail(into, e);
      mem_free(r);
    }
    pick[i] = 0;
  }
  into->narticles = from->narticles;
  mem_free(pick);
  return rc;
}

/* copy_warnings: append the messages of from to to. */
static void copy_warnings(const pipeline_warnings *from, pipeline_warnings *to) {
  if (!to) return;
  warn_sink w = pipeline_warnings_sink(to);
  for (size_t i = 0; i < from->n; i++) w.fn(w.ud, from->msgs[i]);
  if (from->dropped) warn_emit(&w, "... and %zu more warnings", from->dropped);
}

/* count_parts: the top k terms counted in `parts` passes (see terms_count_top); NULL with e
 * set, and *overflow when a pass went past max_terms. */
static terms *count_parts(const terms_opts *o, size_t k, uint32_t parts,
                          const pipeline_opts *po, void (*rewind)(void *),
                          pipeline_warnings *first, int *overflow, err *e) {
  terms_opts to = *o;
  to.max_terms = 0;
  to.parts = to.part = 0;
  terms *top = terms_new(&to, e);
  for (uint32_t p = 0; top && p < parts; p++) {
    terms_opts po_ = *o;
    po_.parts = parts;
    po_.part = p;
    rewind(po->src);
    terms *t = count_run(&po_, po, p ? NULL : first, overflow, e);
    if (!t || terms_keep_top(top, t, k, e) < 0) {
      terms_free(top);
      top = NULL;
    }
    terms_free(t);
  }
  terms *cut = top && parts > 1 ? terms_new(&to, e) : NULL; /* k of the k x parts kept */
  if (cut && terms_keep_top(cut, top, k, e) < 0) terms_free(cut), cut = NULL;
  if (parts > 1) terms_free(top), top = cut;
  return top;
}

terms *terms_count_top(const terms_opts *o, size_t k, const pipeline_opts *po,
                       void (*rewind)(void *src), pipeline_warnings *pw, uint32_t *passes,
                       err *e) {
  for (uint32_t parts = 1; parts <= 1u << 16; parts *= 2) {
    pipeline_warnings first;
    pipeline_warnings_init(&first);
    int overflow = 0;
    terms *top = count_parts(o, k, parts, po, rewind, &first, &overflow, e);
    if (top) copy_warnings(&first, pw);
    pipeline_warnings_free(&first);
    if (top || !overflow) return *passes = parts, top;
  }
  return err_set(e, "terms: max_terms too small even for 65536 passes"), NULL;
}

terms *terms_vocabulary(const pipeline_opts *po, pipeline_warnings *pw, err *e) {
  terms_opts o = {1, TERMS_BY_NONE, COOC_BY_NONE, NULL, NULL, NULL, 0, 0, 0, NULL};
  return terms_count(&o, po, pw, e);
}

/* ---- reading the table ---------------------------------------------------------------- */

size_t terms_slice_count(const terms *t) { return t->nslices; }

const char *terms_slice_name(const terms *t, size_t i) {
  return t->slices[t->sorted[i]].name;
}

long terms_slice_find(const terms *t, const char *name) {
  int found;
  size_t pos = sorted_pos(t, name, &found);
  return found ? (long)pos : -1;
}

uint64_t terms_slice_words(const terms *t, size_t i) { return t->slices[t->sorted[i]].words; }

uint64_t terms_articles(const terms *t) { return t->narticles; }

uint64_t terms_words(const terms *t, const unsigned char *pick) {
  uint64_t w = 0;
  for (size_t i = 0; i < t->nslices; i++)
    if (!pick || pick[i]) w += terms_slice_words(t, i);
  return w;
}

/* term_cmp: byte order of two terms, then n. */
static int term_cmp(const char *a, size_t alen, int an, const char *b, size_t blen, int bn) {
  int c = memcmp(a, b, alen < blen ? alen : blen);
  if (c) return c;
  if (alen != blen) return alen < blen ? -1 : 1;
  return (an > bn) - (an < bn);
}

/* row_term_cmp: rows by term, then n (qsort). */
static int row_term_cmp(const void *pa, const void *pb) {
  const terms_row *a = pa, *b = pb;
  return term_cmp(a->term, a->len, a->n, b->term, b->len, b->n);
}

/* row_count_cmp: rows by count descending, then term, then n (qsort). */
static int row_count_cmp(const void *pa, const void *pb) {
  const terms_row *a = pa, *b = pb;
  if (a->count != b->count) return a->count > b->count ? -1 : 1;
  return row_term_cmp(pa, pb);
}

/* sum_equal: merge adjacent rows of equal term and n (sorted by term) by addition; the
 * number of rows left. */
static size_t sum_equal(terms_row *r, size_t n) {
  size_t m = 0;
  for (size_t i = 0; i < n; i++) {
    if (m && row_term_cmp(&r[m - 1], &r[i]) == 0) {
      r[m - 1].count += r[i].count;
      r[m - 1].articles += r[i].articles;
    } else {
      r[m++] = r[i];
    }
  }
  return m;
}

int terms_rows(const terms *t, const unsigned char *pick, int n, uint64_t min_count,
               terms_row **out, size_t *nout, err *e) {
  unsigned char *ids = mem_calloc(t->nslices ? t->nslices : 1, 1);
  terms_row *r = mem_alloc((t->keys.n ? t->keys.n : 1) * sizeof *r);
  if (!ids || !r) return mem_free(ids), mem_free(r), err_nomem_at(e, "terms");
  for (size_t i = 0; i < t->nslices; i++) ids[t->sorted[i]] = !pick || pick[i];
  size_t m = 0;
  for (size_t k = 0; k < t->keys.n; k++) {
    const strkey *key = &t->keys.keys[k];
    const term_val *v = &t->vals[k];
    if (!ids[key->tag] || (n && v->n != n)) continue;
    r[m++] = (terms_row){t->keys.arena.data + key->off, key->len, v->first_len, v->n,
                         v->count, v->articles};
  }
  mem_free(ids);
  qsort(r, m, sizeof *r, row_term_cmp);
  m = sum_equal(r, m);
  size_t kept = 0;
  for (size_t i = 0; i < m; i++)
    if (r[i].count >= min_count) r[kept++] = r[i];
  qsort(r, kept, sizeof *r, row_count_cmp);
  *out = r;
  *nout = kept;
  return 0;
}

/* ---- keyness -------------------------------------------------------------------------- */

/* xlnx: x ln(x / e), with 0 ln 0 = 0. */
static double xlnx(double x, double e) { return x > 0 ? x * log(x / e) : 0; }

void terms_keyness_of(uint64_t a, uint64_t b, uint64_t c_t, uint64_t c_r, terms_key *k) {
  double A = (double)a, B = (double)b, ct = (double)c_t, cr = (double)c_r;
  double et = ct * (A + B) / (ct + cr), er = cr * (A + B) / (ct + cr);
  double g2 = 2 * (xlnx(A, et) + xlnx(B, er));
  double chi2 = (A - et) * (A - et) / et + (B - er) * (B - er) / er;
  double sign = A / ct - B / cr < 0 ? -1 : 1;
  k->a = a;
  k->b = b;
  k->g2 = sign * (g2 < 0 ? 0 : g2);
  k->chi2 = sign * chi2;
  k->log_ratio = log2(((a ? A : 0.5) / ct) / ((b ? B : 0.5) / cr));
}

/* key_cmp: keyness rows by G2 descending, then term, then n (qsort). */
static int key_cmp(const void *pa, const void *pb) {
  const terms_key *a = pa, *b = pb;
  if (a->g2 != b->g2) return a->g2 > b->g2 ? -1 : 1;
  return term_cmp(a->term, a->len, a->n, b->term, b->len, b->n);
}

int terms_keyness(terms_row *ta, size_t na, uint64_t c_t, terms_row *rb, size_t nb,
                  uint64_t c_r, int nested, terms_key **out, size_t *nout, err *e) {
  if (nested && c_r < c_t) return err_set(e, "terms: the reference does not hold the target");
  if (nested) c_r -= c_t;
  if (!c_t || !c_r) return err_set(e, "terms: keyness needs words in both the target and the "
                                      "reference");
  terms_key *k = mem_alloc((na + nb ? na + nb : 1) * sizeof *k);
  if (!k) return err_nomem_at(e, "terms");
  qsort(ta, na, sizeof *ta, row_term_cmp);
  qsort(rb, nb, sizeof *rb, row_term_cmp);
  size_t i = 0, j = 0, m = 0;
  while (i < na || j < nb) {
    int c = i == na ? 1 : j == nb ? -1 : row_term_cmp(&ta[i], &rb[j]);
    const terms_row *r = c <= 0 ? &ta[i] : &rb[j];
    uint64_t a = c <= 0 ? ta[i++].count : 0, b = c >= 0 ? rb[j++].count : 0;
    if (nested && b < a) {
      mem_free(k);
      return err_set(e, "terms: the reference does not hold the target");
    }
    if (nested) b -= a;
    if (!a && !b) continue;
    k[m] = (terms_key){r->term, r->len, r->n, 0, 0, 0, 0, 0};
    terms_keyness_of(a, b, c_t, c_r, &k[m++]);
  }
  qsort(k, m, sizeof *k, key_cmp);
  *out = k;
  *nout = m;
  return 0;
}

/* ---- collocations --------------------------------------------------------------------- */

/* A pair with its marginals. */
typedef struct {
  terms_row r;
  uint64_t nx, ny;
} pair_m;

/* by_x / by_y: pairs ordered by their first / second word (qsort). */
static int by_x(const void *pa, const void *pb) {
  const terms_row *a = &((const pair_m *)pa)->r, *b = &((const pair_m *)pb)->r;
  return term_cmp(a->term, a->first_len, 0, b->term, b->first_len, 0);
}
static int by_y(const void *pa, const void *pb) {
  const terms_row *a = &((const pair_m *)pa)->r, *b = &((const pair_m *)pb)->r;
  uint32_t al = a->len - a->first_len - 1, bl = b->len - b->first_len - 1;
  return term_cmp(a->term + a->first_len + 1, al, 0, b->term + b->first_len + 1, bl, 0);
}

/* marginals: sort p by cmp and set, in each pair, the total count of the pairs equal to
 * it under cmp (into nx when x is set, else ny). */
static void marginals(pair_m *p, size_t n, int (*cmp)(const void *, const void *), int x) {
  qsort(p, n, sizeof *p, cmp);
  for (size_t i = 0; i < n;) {
    size_t j = i;
    uint64_t sum = 0;
    while (j < n && cmp(&p[i], &p[j]) == 0) sum += p[j++].r.count;
    for (; i < j; i++) *(x ? &p[i].nx : &p[i].ny) = sum;
  }
}

/* colloc_cmp: collocations by z descending, then x, then y (qsort). */
static int colloc_cmp(const void *pa, const void *pb) {
  const terms_colloc *a = pa, *b = pb;
  if (a->z != b->z) return a->z > b->z ? -1 : 1;
  int c = term_cmp(a->x, a->xlen, 0, b->x, b->xlen, 0);
  return c ? c : term_cmp(a->y, a->ylen, 0, b->y, b->ylen, 0);
}

void terms_colloc_measures(uint64_t n11, uint64_t nx, uint64_t ny, uint64_t N, terms_colloc *c) {
  c->n11 = n11;
  c->n12 = nx - n11;
  c->n21 = ny - n11;
  c->n22 = N - nx - ny + n11;
  double a = c->n11 + .5, b = c->n12 + .5, d = c->n21 + .5, f = c->n22 + .5;
  c->lambda = log(a * f / (b * d));
  c->z = c->lambda / sqrt(1 / a + 1 / b + 1 / d + 1 / f);
  c->pmi = measure_pmi(n11, nx, ny, N);
  c->g2 = measure_llr(n11, nx, ny, N);
}

/* colloc_of: the measures of pair p (count n11, marginals nx, ny) over N pairs. */
static terms_colloc colloc_of(const pair_m *p, uint64_t N) {
  const terms_row *r = &p->r;
  terms_colloc c = {r->term, r->term + r->first_len + 1, r->first_len,
                    r->len - r->first_len - 1, 0, 0, 0, 0, 0, 0, 0, 0};
  terms_colloc_measures(r->count, p->nx, p->ny, N, &c);
  return c;
}

int terms_collocations(const terms_row *pairs, size_t n, uint64_t min_count,
                       terms_colloc **out, size_t *nout, err *e) {
  uint64_t N = 0;
  pair_m *p = mem_alloc((n ? n : 1) * sizeof *p);
  terms_colloc *c = mem_alloc((n ? n : 1) * sizeof *c);
  if (!p || !c) return mem_free(p), mem_free(c), err_nomem_at(e, "terms");
  for (size_t i = 0; i < n; i++) {
    if (pairs[i].n != 2) return mem_free(p), mem_free(c), err_set(e, "terms: not a pair");
    p[i] = (pair_m){pairs[i], 0, 0};
    N += pairs[i].count;
  }
  marginals(p, n, by_x, 1);
  marginals(p, n, by_y, 0);
  size_t m = 0;
  for (size_t i = 0; i < n; i++)
    if (p[i].r.count >= min_count) c[m++] = colloc_of(&p[i], N);
  mem_free(p);
  qsort(c, m, sizeof *c, colloc_cmp);
  *out = c;
  *nout = m;
  return 0;
}
