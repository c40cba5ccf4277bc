/*
 * matcher.c: gaz_match (TEXT-SPEC §6): walk the tokens of a doc left to right; at each
 * token try its clitic forms against the alias trie (first form that matches in full, then
 * the longest alias), keep the match and jump past it (leftmost, then longest; no
 * overlaps); then settle ambiguous aliases with their evidence patterns, one sense per
 * article. A dropped match leaves its words: its alias is banned from its first token and
 * the text is scanned again from there, then settled again, until nothing more is dropped
 * (docs/spec.md §6.4). Everything it needs between calls lives in the mention_list's
 * scratch, so a warm list matches without allocating.
 */
#include <stdlib.h>
#include <string.h>

#include "text/chars.h"
#include "gazetteer/gazetteer_internal.h"
#include "base/mem.h"

/* Evidence states of an ambiguous candidate; EV_KNOWN: its patterns were tried (a state
 * kept across the rounds of settle_all while the candidate stays). */
enum { EV_LOCAL = 1, EV_NEGATIVE = 2, EV_KNOWN = 4 };

/* The roots cache: for a word (its match form and kind), the trie nodes that its clitic
 * forms reach from the root, in the order the forms are tried (§6.3), with the forms'
 * indexes: all that matching from the word needs before it looks at the words after it.
 * Frequent words are settled by one memcmp, without computing their clitic forms or
 * hashing them. Direct-mapped on the mixed fingerprint; longer words are not kept. */
#define ROOT_BITS 12
#define ROOT_SLOTS (1u << ROOT_BITS)
#define ROOT_KEY 30
typedef struct {
  uint8_t len;     /* 0: empty */
  uint8_t kind;    /* tok_kind: clitic forms are a word's only */
  uint8_t nroots;
  uint8_t form[6]; /* the clitic form (index) of each root */
  char key[ROOT_KEY];
  uint32_t node[6];
} root_slot;

/* A token that may start a match, and the fingerprint of its match form. */
typedef struct {
  uint32_t tok, q;
} start;

/* A dropped candidate's alias, which may no longer match from its first token (§6.4). */
typedef struct {
  uint32_t tok, alias;
} ban;

/* An article field in match form for the article conditions: its words, with one space
 * before, between and after them ("" when the field is absent or holds no word). */
typedef struct {
  buf words;
  int ready;
} field_words;

typedef struct {
  clitic_forms first; /* forms of the first token of a candidate */
  clitic_forms word;  /* forms of a word compared with a pattern item */
  uint8_t *state;     /* per candidate: EV_*, and EV_KNOWN once its patterns were tried */
  size_t state_cap;
  uint32_t *stamp;    /* per entity: == gen when seen in the current doc */
  size_t stamp_n, stamp_cap;
  uint32_t gen;
  start *starts;      /* scan: the tokens that may start a match */
  size_t starts_cap, nstarts;
  ban *bans;          /* the dropped candidates' aliases, by token */
  size_t nbans, bans_cap;
  mention *dropped;   /* the dropped candidates, in the order they were dropped */
  size_t ndropped, dropped_cap;
  mention *prev;      /* rescan: the candidates of the round before */
  size_t prev_cap;
  uint8_t *prev_state; /* and their states (below) */
  size_t prev_state_cap;
  const gaz_meta *meta; /* the article of the doc being matched (may be NULL) */
  field_words fields[GAZ_NFIELDS];
  doc fdoc;           /* tokenizes article fields */
  root_slot *roots;   /* ROOT_SLOTS slots, valid for the gazetteer below */
  uint64_t roots_uid; /* gazetteer's uid and alias count when the cache was filled */
  size_t roots_aliases;
} match_scratch;

void mention_list_init(mention_list *m) {
  m->items = NULL;
  m->n = m->cap = 0;
  m->scratch = NULL;
}

void mention_list_free(mention_list *m) {
  match_scratch *ms = m->scratch;
  if (ms) {
    clitic_forms_free(&ms->first);
    clitic_forms_free(&ms->word);
    mem_free(ms->state);
    mem_free(ms->stamp);
    mem_free(ms->starts);
    mem_free(ms->bans);
    mem_free(ms->dropped);
    mem_free(ms->prev);
    mem_free(ms->prev_state);
    for (int f = 0; f < GAZ_NFIELDS; f++) buf_free(&ms->fields[f].words);
    doc_free(&ms->fdoc);
    mem_free(ms->roots);
    mem_free(ms);
  }
  mem_free(m->items);
  mention_list_init(m);
}

/* scratch_of: m's scratch, made on first use; NULL when out of memory. */
static match_scratch *scratch_of(mention_list *m) {
  if (!m->scratch) {
    match_scratch *ms = mem_calloc(1, sizeof *ms);
    if (!ms) return NULL;
    clitic_forms_init(&ms->first);
    clitic_forms_init(&ms->word);
    for (int f = 0; f < GAZ_NFIELDS; f++) buf_init(&ms->fields[f].words);
    doc_init(&ms->fdoc);
    m->scratch = ms;
  }
  return m->scratch;
}

/* next_gen: a fresh stamp for the entities of g (counters sized to g); 0 when out of memory. */
static uint32_t next_gen(const gazetteer *g, match_scratch *ms) {
  if (ms->stamp_n < g->nents) {
    if (mem_grow(&ms->stamp, &ms->stamp_cap, g->nents, sizeof *ms->stamp)) return 0;
    memset(ms->stamp + ms->stamp_n, 0, (g->nents - ms->stamp_n) * sizeof *ms->stamp);
    ms->stamp_n = g->nents;
  }
  if (++ms->gen == 0) { /* wrapped: forget every old stamp */
    memset(ms->stamp, 0, ms->stamp_n * sizeof *ms->stamp);
    ms->gen = 1;
  }
  return ms->gen;
}

/* The aliases banned from one token (a run of ms->bans). */
typedef struct {
  const ban *b;
  size_t n;
} ban_run;

/* is_banned: whether alias (index + 1) is in the run. */
static int is_banned(const ban_run *bans, uint32_t alias) {
  for (size_t k = 0; k < bans->n; k++)
    if (bans->b[k].alias + 1 == alias) return 1;
  return 0;
}

/* usable: the alias (index + 1) at node when it may match under opts through clitic form
 * `form` (0: the word as written) and is not banned, else 0. */
static uint32_t usable(const gazetteer *g, uint32_t node, unsigned opts, uint32_t form,
                       const ban_run *bans) {
  const gaz_node *nd = &g->nodes[node];
  int off = (nd->demonym && !(opts & GAZ_DEMONYMS)) | (nd->no_proclitic && form);
  return off || (bans && is_banned(bans, nd->alias)) ? 0 : nd->alias;
}

/* longest_from: from the trie node of token i's form (clitic form `form`), follow tokens
 * i+1.. up to end (same sentence, consecutive) and return the node of the longest usable
 * alias (0 = none) with *n tokens. */
static uint32_t longest_from(const gazetteer *g, const doc *d, uint32_t node, size_t i,
                             size_t end, unsigned opts, uint32_t form,
                             const ban_run *bans, uint32_t *n) {
  uint32_t best = usable(g, node, opts, form, bans) ? node : 0;
  *n = 1;
  for (size_t j = i + 1; j < end && g->nodes[node].nchild; j++) {
    const token *t = &d->tokens[j];
    node = gaz_child(g, node, d->norm.data + t->norm, t->norm_len);
    if (!node) break;
    if (usable(g, node, opts, form, bans)) best = node, *n = (uint32_t)(j - i + 1);
  }
  return best;
}

/* bans_at: the aliases banned from token i (ms->bans is sorted by token). */
static ban_run bans_at(const match_scratch *ms, uint32_t i) {
  size_t lo = 0, hi = ms->nbans;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (ms->bans[mid].tok < i) lo = mid + 1;
    else hi = mid;
  }
  size_t n = 0;
  while (lo + n < ms->nbans && ms->bans[lo + n].tok == i) n++;
  return (ban_run){ms->bans + lo, n};
}

/* roots_ready: the roots cache, emptied when it was filled for another gazetteer or
 * before aliases were added; 0 or -1 (memory). */
static int roots_ready(const gazetteer *g, match_scratch *ms) {
  if (!ms->roots && !(ms->roots = mem_alloc(ROOT_SLOTS * sizeof *ms->roots))) return -1;
  if (ms->roots_uid != g->uid || ms->roots_aliases != g->naliases || !ms->roots_uid) {
    memset(ms->roots, 0, ROOT_SLOTS * sizeof *ms->roots);
    ms->roots_uid = g->uid;
    ms->roots_aliases = g->naliases;
  }
  return 0;
}

/* add_root: record that clitic form k of f[0..n) starts an alias, when it does. */
static void add_root(const gazetteer *g, root_slot *r, size_t k, const char *f, size_t n) {
  uint32_t node = gaz_child(g, 0, f, n);
  if (!node) return;
  r->form[r->nroots] = (uint8_t)k;
  r->node[r->nroots++] = node;
}

/* find_roots: the roots of token t (match form w[0..n)) into r: the word as written, then,
 * when some alias could begin with a form without proclitics, its other clitic forms. 0 or
 * -1 (memory). */
static int find_roots(const gazetteer *g, const token *t, const char *w, size_t n,
                      match_scratch *ms, root_slot *r) {
  r->nroots = 0;
  add_root(g, r, 0, w, n);
  if (t->kind != TOK_WORD || !gaz_may_strip(g, w, n)) return 0; /* no form can start one */
  clitic_forms *cf = &ms->first;
  if (text_clitic_forms(w, n, cf)) return -1;
  for (size_t k = 1; k < cf->n; k++) add_root(g, r, k, cf->s[k], cf->len[k]);
  return 0;
}

/* same_bytes: whether a[0..n) equals b[0..n): a few overlapping word loads instead of a call
 * to memcmp (the cache compares every word it settles). */
static inline int same_bytes(const char *a, const char *b, size_t n) {
  uint64_t x, y, diff = 0;
  uint32_t u, v, p, q;
  if (n < 4) {
    for (size_t i = 0; i < n; i++) diff |= (unsigned char)(a[i] ^ b[i]);
    return diff == 0;
  }
  if (n < 8) {
    memcpy(&u, a, 4), memcpy(&v, b, 4), memcpy(&p, a + n - 4, 4), memcpy(&q, b + n - 4, 4);
    return ((u ^ v) | (p ^ q)) == 0;
  }
  for (size_t i = 0; i + 8 < n; i += 8) {
    memcpy(&x, a + i, 8), memcpy(&y, b + i, 8);
    diff |= x ^ y;
  }
  memcpy(&x, a + n - 8, 8), memcpy(&y, b + n - 8, 8);
  return (diff | (x ^ y)) == 0;
}

/* root_slot_of: the cache slot of a word with fingerprint q (its bits mixed again: the
 * filters that let the word through chose by some of them). */
static inline size_t root_slot_of(uint32_t q) { return (q * 0x9E3779B1u) >> (32 - ROOT_BITS); }

/* roots_of: the roots of token t, from the cache (filled on a miss) or, for a long word,
 * into *tmp; NULL when out of memory. */
static const root_slot *roots_of(const gazetteer *g, const token *t, const char *w, size_t n,
                                 uint32_t q, match_scratch *ms, root_slot *tmp) {
  if (n > ROOT_KEY) return find_roots(g, t, w, n, ms, tmp) < 0 ? NULL : tmp;
  root_slot *r = &ms->roots[root_slot_of(q)];
  if (r->len == n && r->kind == t->kind && same_bytes(r->key, w, n)) return r;
  r->len = 0;
  if (find_roots(g, t, w, n, ms, r) < 0) return NULL;
  r->len = (uint8_t)n;
  r->kind = t->kind;
  memcpy(r->key, w, n);
  return r;
}

/* may_start: whether token t (match form w[0..n), fingerprint q) could start a match: its
 * form as written passes the root filter, or, for a word, a form without proclitics might.
 * Inline: the scan asks it of every token, and most answer no. */
static inline int may_start(const gazetteer *g, const token *t, const char *w, size_t n,
                            uint32_t q) {
  return gaz_root_may(g, n, q) | (t->kind == TOK_WORD && gaz_may_strip(g, w, n));
}

/* What match_at found: the hit, and the trie node of its alias (which holds its entity and
 * flags). */
typedef struct {
  gaz_hit hit;
  const gaz_node *node;
} found;

/* match_at: the alias matching from token i (§6.2-6.3) into *f: 1, 0 (none), -1 (memory).
 * q is the fingerprint of its match form; bans (NULL: none) the aliases banned from i. The
 * forms are tried in order (the word as written first): the first from which some alias
 * matches in full wins, with its longest alias. f->hit.form_text is left NULL (gaz_lookup
 * fills it). */
static int match_at(const gazetteer *g, const doc *d, size_t i, uint32_t q, unsigned opts,
                    const ban_run *bans, match_scratch *ms, found *f) {
  const token *t = &d->tokens[i];
  root_slot tmp;
  const root_slot *r = roots_of(g, t, d->norm.data + t->norm, t->norm_len, q, ms, &tmp);
  if (!r) return -1;
  const span *s = &d->sentences[t->sentence];
  for (uint32_t j = 0; j < r->nroots; j++) {
    uint32_t ntok, b = longest_from(g, d, r->node[j], i, s->first + s->count, opts, r->form[j],
                                    bans, &ntok);
    if (!b) continue;
    f->node = &g->nodes[b];
    f->hit = (gaz_hit){f->node->alias - 1, f->node->entity, ntok, r->form[j], NULL, 0};
    return 1;
  }
  return 0;
}

int gaz_lookup(const gazetteer *g, const doc *d, size_t i, unsigned opts, mention_list *m,
               gaz_hit *hit) {
  match_scratch *ms = scratch_of(m);
  if (!ms || roots_ready(g, ms)) return -1;
  if (i >= d->ntokens) return 0;
  const token *t = &d->tokens[i];
  const char *w = d->norm.data + t->norm;
  found f;
  int rc = match_at(g, d, i, gaz_quick(w, t->norm_len), opts, NULL, ms, &f);
  if (rc <= 0) return rc;
  *hit = f.hit;
  if (text_clitic_forms(w, t->norm_len, &ms->first)) return -1;
  hit->form_text = ms->first.s[hit->form];
  hit->form_len = ms->first.len[hit->form];
  return 1;
}

/* push_candidate: append the mention that f makes at token i to m (room known). */
static void push_candidate(const doc *d, size_t i, const found *f, mention_list *m) {
  const gaz_hit *h = &f->hit;
  const token *first = &d->tokens[i], *last = &d->tokens[i + h->tok_count - 1];
  uint8_t flags = (h->form ? MENTION_PROCLITIC : 0) | (f->node->demonym ? MENTION_DEMONYM : 0);
  m->items[m->n++] = (mention){h->entity,    h->alias,    (uint32_t)i,
                               h->tok_count, first->start, last->stop,
                               first->sentence, d->sentences[first->sentence].paragraph,
                               flags};
}

/* starts_of: the tokens of d that may start a match (may_start) with their fingerprints, in
 * text order, into ms->starts; how many, or SIZE_MAX (memory). Every token is written and
 * the count moves on only for those that may: the test takes no branch, which the
 * predictor would miss for about one token in four. */
static size_t starts_of(const gazetteer *g, const doc *d, match_scratch *ms) {
  if (mem_grow(&ms->starts, &ms->starts_cap, d->ntokens, sizeof *ms->starts)) return SIZE_MAX;
  size_t n = 0;
  for (size_t i = 0; i < d->ntokens; i++) {
    const token *t = &d->tokens[i];
    const char *w = d->norm.data + t->norm;
    uint32_t q = gaz_quick(w, t->norm_len);
    ms->starts[n] = (start){(uint32_t)i, q};
    n += may_start(g, t, w, t->norm_len, q);
  }
  return n;
}

/* in_step: whether a rescan at token i is in the state the scan that made prev[0..np) was
 * in there (i free in both, and not where prev dropped a candidate), advancing *p to the
 * first candidate of prev that ends after i. */
static int in_step(const mention *prev, size_t np, size_t *p, size_t i) {
  while (*p < np && prev[*p].tok_first + prev[*p].tok_count <= i) (*p)++;
  const mention *c = *p < np ? &prev[*p] : NULL;
  return !c || c->tok_first > i || (c->tok_first == i && !(c->flags & MENTION_DROPPED));
}

/* copy_kept: append prev[p..) up to its next dropped candidate to m, with their states;
 * the index of that dropped candidate (np when none); *ambiguous counts the ambiguous ones
 * copied. */
static size_t copy_kept(const gazetteer *g, match_scratch *ms, mention_list *m, size_t p,
                        size_t np, long *ambiguous) {
  size_t q = p;
  for (; q < np && !(ms->prev[q].flags & MENTION_DROPPED); q++)
    *ambiguous += g->aliases[ms->prev[q].alias].ambiguous;
  memcpy(m->items + m->n, ms->prev + p, (q - p) * sizeof *ms->prev);
  memcpy(ms->state + m->n, ms->prev_state + p, q - p);
  m->n += q - p;
  return q;
}

/* scan_from: the candidates of d from start ms->starts[0] on, leftmost then longest,
 * without overlaps, into m (room known), each with state 0. In a rescan (np > 0: ms->prev
 * holds the round before, whose dropped candidates are banned), wherever the scan is in
 * step with the one that made prev (in_step) it copies prev's candidates up to the next
 * dropped one and goes on from there. How many candidates are ambiguous, or -1 (memory). */
static inline __attribute__((always_inline)) long scan_from(const gazetteer *g, const doc *d,
                                                            unsigned opts, match_scratch *ms,
                                                            mention_list *m, size_t np) {
  long ambiguous = 0;
  size_t next = 0, p = 0; /* next: the first token after the last candidate */
  m->n = 0;
  for (size_t k = 0; k < ms->nstarts; k++) {
    size_t i = ms->starts[k].tok;
    if (i < next) continue; /* inside the mention just found */
    if (np && in_step(ms->prev, np, &p, i)) {
      p = copy_kept(g, ms, m, p, np, &ambiguous);
      if (p == np) return ambiguous;
      next = ms->prev[p].tok_first; /* scan again from the dropped candidate */
      while (k + 1 < ms->nstarts && ms->starts[k + 1].tok < next) k++;
      continue;
    }
    found f;
    ban_run run = {NULL, 0};
    if (np) run = bans_at(ms, (uint32_t)i);
    int rc = match_at(g, d, i, ms->starts[k].q, opts, run.n ? &run : NULL, ms, &f);
    if (rc < 0) return -1;
    if (!rc) continue;
    ms->state[m->n] = 0;
    push_candidate(d, i, &f, m);
    next = i + f.hit.tok_count;
    ambiguous += f.node->ambiguous;
  }
  return ambiguous;
}

/* scan: every candidate mention of d, leftmost then longest, without overlaps, into m; how
 * many came through an ambiguous alias, or -1 (memory). */
static long scan(const gazetteer *g, const doc *d, unsigned opts, match_scratch *ms,
                 mention_list *m) {
  m->n = 0;
  ms->nstarts = starts_of(g, d, ms);
  if (ms->nstarts == SIZE_MAX || mem_grow(&m->items, &m->cap, ms->nstarts, sizeof *m->items) ||
      mem_grow(&ms->state, &ms->state_cap, ms->nstarts, 1))
    return -1;
  return scan_from(g, d, opts, ms, m, 0);
}

/* ---- evidence (§6.4) ------------------------------------------------------------------ */

/* is_ambiguous: whether mention c was made through an ambiguous alias. */
static int is_ambiguous(const gazetteer *g, const mention *c) {
  return g->aliases[c->alias].ambiguous;
}

/* candidate_at: the candidate starting (end = 0) or ending (end = 1) at token tok, or NULL.
 * Candidates are sorted and never overlap, so a binary search finds it. */
static const mention *candidate_at(const mention_list *m, size_t tok, int end) {
  size_t lo = 0, hi = m->n; /* the last candidate starting at or before tok */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->items[mid].tok_first <= tok) lo = mid + 1;
    else hi = mid;
  }
  if (!lo) return NULL;
  const mention *c = &m->items[lo - 1];
  size_t at = end ? c->tok_first + c->tok_count - 1 : c->tok_first;
  return at == tok ? c : NULL;
}

/* item_word: whether token j matches the word of item it: some clitic form of the token
 * (§6.3) equals it. 1, 0, or -1 (memory). */
static int item_word(const gazetteer *g, const doc *d, size_t j, const gaz_item *it,
                     match_scratch *ms) {
  const token *t = &d->tokens[j];
  const char *w = d->norm.data + t->norm, *iw = g->words.data + it->off;
  if (t->kind != TOK_WORD) return t->norm_len == it->len && memcmp(w, iw, it->len) == 0;
  if (text_clitic_forms(w, t->norm_len, &ms->word)) return -1;
  for (size_t k = 0; k < ms->word.n; k++)
    if (ms->word.len[k] == it->len && memcmp(ms->word.s[k], iw, it->len) == 0) return 1;
  return 0;
}

/* in_lexicon: whether some clitic form in f is a word of g->lexicon of kind k (LEX_*). */
static int in_lexicon(const gazetteer *g, const clitic_forms *f, int k) {
  for (size_t i = 0; i < g->nlexicon; i++) {
    const gaz_item *w = &g->lexicon[i];
    if (w->type != k) continue;
    for (size_t j = 0; j < f->n; j++)
      if (f->len[j] == w->len && memcmp(f->s[j], g->words.data + w->off, w->len) == 0) return 1;
  }
  return 0;
}

/* first_letters: the first letters (at most max) of the word as written s[0..n), skipping
 * marks, format controls and tatweel, into out; how many. */
static size_t first_letters(const char *s, size_t n, uint32_t *out, size_t max) {
  const uint8_t *table = chars_table();
  size_t k = 0;
  for (size_t i = 0; i < n && k < max;) {
    uint32_t cp;
    i += chars_decode((const unsigned char *)s + i, n - i, &cp);
    uint8_t c = chars_class(table, cp) & CH_CLASS;
    if (c == CH_MARK || c == CH_FORMAT || cp == 0x0640) continue;
    if (c != CH_LETTER) break;
    out[k++] = cp;
  }
  return k;
}

/* written_definite: whether the word as written s[0..n) starts with the article: an optional
 * و or ف, an optional ب ك or ل, then ال with a bare alef (ا or ٱ, not أ إ آ); or an optional
 * و or ف, then لل. */
static int written_definite(const char *s, size_t n) {
  uint32_t l[4];
  size_t k = first_letters(s, n, l, 4);
  for (size_t a = 0; a <= (k && (l[0] == 0x0648 || l[0] == 0x0641)); a++) {
    if (a + 1 < k && l[a] == 0x0644 && l[a + 1] == 0x0644) return 1; /* لل */
    int prep = a < k && (l[a] == 0x0628 || l[a] == 0x0643 || l[a] == 0x0644);
    for (size_t j = a; j <= a + (size_t)prep; j++)
      if (j + 1 < k && (l[j] == 0x0627 || l[j] == 0x0671) && l[j + 1] == 0x0644) return 1;
  }
  return 0;
}

/* chars_in: how many characters s[0..n) holds, counting at most to 2. */
static int chars_in(const char *s, size_t n) {
  int c = 0;
  for (size_t i = 0; i < n && c < 2; i++) c += ((unsigned char)s[i] & 0xC0) != 0x80;
  return c;
}

/* inside_plain: whether token pos lies inside a candidate made through an alias that is not
 * ambiguous. */
static int inside_plain(const gazetteer *g, const mention_list *m, size_t pos) {
  size_t lo = 0, hi = m->n; /* the last candidate starting at or before pos */
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (m->items[mid].tok_first <= pos) lo = mid + 1;
    else hi = mid;
  }
  const mention *c = lo ? &m->items[lo - 1] : NULL;
  return c && pos < c->tok_first + c->tok_count && !g->aliases[c->alias].ambiguous;
}

/* item_definite: whether token j is a definite noun for @DEF: a word written with the
 * article (written_definite), one of whose clitic forms is ال and two more characters and no
 * word of the LEX_NOT_DEFINITE list, not inside a mention through a plain alias. 1, 0, -1. */
static int item_definite(const gazetteer *g, const doc *d, const mention_list *m, size_t j,
                         match_scratch *ms) {
  const token *t = &d->tokens[j];
  if (t->kind != TOK_WORD || !written_definite(d->text + t->start, t->stop - t->start) ||
      inside_plain(g, m, j))
    return 0;
  if (text_clitic_forms(d->norm.data + t->norm, t->norm_len, &ms->word)) return -1;
  if (in_lexicon(g, &ms->word, LEX_NOT_DEFINITE)) return 0;
  for (size_t k = 0; k < ms->word.n; k++) {
    const char *f = ms->word.s[k];
    size_t n = ms->word.len[k];
    if (n > 4 && memcmp(f, "\xD8\xA7\xD9\x84", 4) == 0 && chars_in(f + 4, n - 4) >= 2) return 1;
  }
  return 0;
}

/* all_digits: whether s[0..n) is digits with single separators between them (a number). */
static int all_digits(const char *s, size_t n) {
  const uint8_t *table = chars_table();
  int prev_digit = 0;
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    i += chars_decode((const unsigned char *)s + i, n - i, &cp);
    uint8_t c = chars_class(table, cp);
    int digit = (c & CH_CLASS) == CH_DIGIT;
    if (!digit && !(prev_digit && (c & CH_NUMSEP) && i < n)) return 0;
    prev_digit = digit;
  }
  return n > 0 && prev_digit;
}

/* item_number: whether token j is a number for @NUM: a number token, a word made of one
 * proclitic letter and a number (و13), or a number word of the lexicon (LEX_NUMBER) in one
 * of its clitic forms. 1, 0, or -1 (memory). */
static int item_number(const gazetteer *g, const doc *d, size_t j, match_scratch *ms) {
  const token *t = &d->tokens[j];
  const char *w = d->norm.data + t->norm;
  if (t->kind == TOK_NUMBER) return 1;
  if (t->kind != TOK_WORD) return 0;
  if (gaz_proclitic(w, t->norm_len) && all_digits(w + 2, t->norm_len - 2)) return 1;
  if (text_clitic_forms(w, t->norm_len, &ms->word)) return -1;
  return in_lexicon(g, &ms->word, LEX_NUMBER);
}

/* item_mention: the non-ambiguous mention of another entity than c's, of the item's type,
 * that ends (dir < 0) or starts (dir > 0) at token pos; NULL when there is none. */
static const mention *item_mention(const gazetteer *g, const mention_list *m,
                                   const mention *c, long pos, int dir, const gaz_item *it) {
  const mention *o = candidate_at(m, (size_t)pos, dir < 0);
  if (!o || o->entity == c->entity || is_ambiguous(g, o) || g->einfo[o->entity].type != it->type)
    return NULL;
  return o;
}

/* walk: whether the items of p on one side of `_` match outward from candidate c (dir -1:
 * leftward, +1: rightward) inside c's sentence, skipping punct and symbol tokens.
 * 1, 0, or -1 (memory). */
static int walk(const gazetteer *g, const doc *d, const mention_list *m, const mention *c,
                const gaz_pattern *p, int dir, match_scratch *ms) {
  const span *s = &d->sentences[c->sentence];
  long lo = s->first, hi = (long)s->first + s->count - 1;
  long pos = dir < 0 ? (long)c->tok_first - 1 : (long)(c->tok_first + c->tok_count);
  long k = (long)p->self + dir, kend = dir < 0 ? -1 : (long)p->n;
  for (; k != kend; k += dir) {
    while (pos >= lo && pos <= hi && d->tokens[pos].kind >= TOK_PUNCT) pos += dir;
    if (pos < lo || pos > hi) return 0;
    const gaz_item *it = &g->items[p->first + k];
    if (it->kind == ITEM_WORD || it->kind == ITEM_DEF || it->kind == ITEM_NUM) {
      int r = it->kind == ITEM_WORD  ? item_word(g, d, (size_t)pos, it, ms)
              : it->kind == ITEM_DEF ? item_definite(g, d, m, (size_t)pos, ms)
                                     : item_number(g, d, (size_t)pos, ms);
      if (r <= 0) return r;
    } else if (it->kind == ITEM_TYPE) {
      const mention *o = item_mention(g, m, c, pos, dir, it);
      if (!o) return 0;
      pos = dir < 0 ? (long)o->tok_first : (long)(o->tok_first + o->tok_count - 1);
    }
    pos += dir;
  }
  return 1;
}

/* field_ready: the words of article field f (FIELD_*) in match form, made on first use
 * for the doc being matched: " w1 w2 " (empty when the field is absent). NULL (memory). */
static const buf *field_ready(const gazetteer *g, match_scratch *ms, int f) {
  field_words *fw = &ms->fields[f];
  if (fw->ready) return &fw->words;
  const char *v = !ms->meta ? NULL : f == FIELD_SOURCE ? ms->meta->source : ms->meta->category;
  buf_clear(&fw->words);
  err e;
  if (v && doc_analyze(&ms->fdoc, g->tp, v, strlen(v), &e)) return NULL;
  for (size_t i = 0; v && i < ms->fdoc.ntokens; i++) {
    const token *t = &ms->fdoc.tokens[i];
    if ((t->kind != TOK_WORD && t->kind != TOK_NUMBER) || !t->norm_len) continue;
    if ((!fw->words.len && buf_addc(&fw->words, ' ')) ||
        buf_add(&fw->words, ms->fdoc.norm.data + t->norm, t->norm_len) ||
        buf_addc(&fw->words, ' '))
      return NULL;
  }
  fw->ready = 1;
  return &fw->words;
}

/* holds_words: whether the words " w1 w2 " of hay hold the words v[0..n) (one space between
 * them), whole and in a row. */
static int holds_words(const buf *hay, const char *v, size_t n) {
  for (size_t i = 0; i + n + 2 <= hay->len; i++) {
    if (hay->data[i] == ' ' && hay->data[i + n + 1] == ' ' && memcmp(hay->data + i + 1, v, n) == 0)
      return 1;
  }
  return 0;
}

/* is_quote_mark: whether token j of d is one quotation mark: « » “ ” „ " ‘ ’ ' ‹ › { }. */
static int is_quote_mark(const doc *d, long j) {
  static const char *const marks[] = {"\xC2\xAB", "\xC2\xBB", "\xE2\x80\x9C", "\xE2\x80\x9D",
                                      "\xE2\x80\x9E", "\"", "\xE2\x80\x98", "\xE2\x80\x99",
                                      "'", "\xE2\x80\xB9", "\xE2\x80\xBA", "{", "}"};
  if (j < 0 || (size_t)j >= d->ntokens) return 0;
  const token *t = &d->tokens[j];
  size_t n = t->stop - t->start;
  for (size_t k = 0; k < sizeof marks / sizeof *marks; k++)
    if (n == strlen(marks[k]) && memcmp(d->text + t->start, marks[k], n) == 0) return 1;
  return 0;
}

/* is_quoted: whether mention c stands between quotation marks: the tokens right before and
 * right after it (nothing skipped) are quotation marks (is_quote_mark). */
static int is_quoted(const doc *d, const mention *c) {
  return is_quote_mark(d, (long)c->tok_first - 1) &&
         is_quote_mark(d, (long)(c->tok_first + c->tok_count));
}

/* conditions_hold: whether the conditions of pattern p hold for candidate c of d:
 * `@no_proclitic` (c was matched as written), `@quoted` (is_quoted) and the article
 * conditions. 1, 0, -1 (memory). */
static int conditions_hold(const gazetteer *g, const doc *d, const gaz_pattern *p,
                           const mention *c, match_scratch *ms) {
  for (uint32_t k = 0; k < p->nconds; k++) {
    const gaz_item *it = &g->items[p->first + p->n + k];
    if (it->kind == ITEM_AS_WRITTEN || it->kind == ITEM_QUOTED) {
      int holds = it->kind == ITEM_QUOTED ? is_quoted(d, c) : !(c->flags & MENTION_PROCLITIC);
      if (!holds) return 0;
      continue;
    }
    const buf *words = field_ready(g, ms, it->type);
    if (!words) return -1;
    if (!holds_words(words, g->words.data + it->off, it->len)) return 0;
  }
  return 1;
}

/* evidence_of: the EV_* state of ambiguous candidate c from its alias's patterns. */
static int evidence_of(const gazetteer *g, const doc *d, const mention_list *m,
                       const mention *c, match_scratch *ms) {
  const gaz_alias_info *ai = &g->ainfo[c->alias];
  int state = 0;
  for (uint32_t i = 0; i < ai->npat; i++) {
    const gaz_pattern *p = &g->pats[ai->first_pat + i];
    int h = conditions_hold(g, d, p, c, ms);
    if (h <= 0) {
      if (h < 0) return -1;
      continue;
    }
    int l = walk(g, d, m, c, p, -1, ms);
    int r = l > 0 ? walk(g, d, m, c, p, +1, ms) : l;
    if (l < 0 || r < 0) return -1;
    if (r) state |= p->negative ? EV_NEGATIVE : EV_LOCAL;
  }
  return state & EV_NEGATIVE ? EV_NEGATIVE : state;
}

/* settle: flag each ambiguous candidate EVIDENCE or DROPPED (+NEGATIVE): an entity is
 * evidenced in the doc by a mention through a non-ambiguous alias or through an ambiguous
 * one with local evidence; then every ambiguous mention without a negative pattern counts
 * when it has local evidence or its entity is evidenced. For candidates of which some are
 * ambiguous; 0 or -1. */
static int settle(const gazetteer *g, const doc *d, mention_list *m, match_scratch *ms) {
  uint32_t gen = next_gen(g, ms);
  if (!gen) return -1;
  for (size_t i = 0; i < m->n; i++) {
    mention *c = &m->items[i];
    c->flags &= (uint8_t)~(MENTION_EVIDENCE | MENTION_DROPPED | MENTION_NEGATIVE);
    int st = ms->state[i];
    if (!is_ambiguous(g, c)) st = EV_LOCAL;
    else if (!(st & EV_KNOWN) || g->ainfo[c->alias].near_mentions)
      st = evidence_of(g, d, m, c, ms);
    if (st < 0) return -1;
    ms->state[i] = (uint8_t)(st | EV_KNOWN);
    if ((st & ~EV_KNOWN) == EV_LOCAL) ms->stamp[c->entity] = gen;
  }
  for (size_t i = 0; i < m->n; i++) {
    mention *c = &m->items[i];
    int st = ms->state[i] & ~EV_KNOWN;
    if (!is_ambiguous(g, c)) continue;
    if (st == EV_NEGATIVE) c->flags |= MENTION_DROPPED | MENTION_NEGATIVE;
    else if (st == EV_LOCAL || ms->stamp[c->entity] == gen) c->flags |= MENTION_EVIDENCE;
    else c->flags |= MENTION_DROPPED;
  }
  return 0;
}

/* ban_dropped: move the candidates of m that settle dropped to ms->dropped, ban their
 * aliases from their first tokens (ms->bans stays sorted), and copy m as it was to ms->prev
 * for the rescan; how many were dropped, or -1 (memory). */
static long ban_dropped(match_scratch *ms, mention_list *m) {
  size_t n = 0;
  for (size_t i = 0; i < m->n; i++) n += (m->items[i].flags & MENTION_DROPPED) != 0;
  if (!n) return 0;
  if (mem_grow(&ms->bans, &ms->bans_cap, ms->nbans + n, sizeof *ms->bans) ||
      mem_grow(&ms->dropped, &ms->dropped_cap, ms->ndropped + n, sizeof *ms->dropped) ||
      mem_grow(&ms->prev, &ms->prev_cap, m->n, sizeof *ms->prev) ||
      mem_grow(&ms->prev_state, &ms->prev_state_cap, m->n, 1))
    return -1;
  for (size_t i = 0; i < m->n; i++) {
    const mention *c = &m->items[i];
    if (!(c->flags & MENTION_DROPPED)) continue;
    ms->dropped[ms->ndropped++] = *c;
    size_t k = ms->nbans++;
    for (; k && ms->bans[k - 1].tok > c->tok_first; k--) ms->bans[k] = ms->bans[k - 1];
    ms->bans[k] = (ban){c->tok_first, c->alias};
  }
  memcpy(ms->prev, m->items, m->n * sizeof *m->items);
  memcpy(ms->prev_state, ms->state, m->n);
  return (long)n;
}

/* rescan: after a round dropped candidates (ban_dropped: they are banned, and the round is
 * in ms->prev), scan again, copying what did not change (scan_from). How many candidates
 * are ambiguous now, or -1 (memory). */
static long rescan(const gazetteer *g, const doc *d, unsigned opts, match_scratch *ms,
                   mention_list *m) {
  return scan_from(g, d, opts, ms, m, m->n);
}

/* mention_order: text order for qsort; at the same token the longer mention first. */
static int mention_order(const void *a, const void *b) {
  const mention *x = a, *y = b;
  if (x->tok_first != y->tok_first) return x->tok_first < y->tok_first ? -1 : 1;
  return (x->tok_count < y->tok_count) - (x->tok_count > y->tok_count);
}

/* list_dropped: add the dropped candidates to m's final mentions, in text order. 0 or -1. */
static int list_dropped(match_scratch *ms, mention_list *m) {
  if (!ms->ndropped) return 0;
  if (mem_grow(&m->items, &m->cap, m->n + ms->ndropped, sizeof *m->items)) return -1;
  memcpy(m->items + m->n, ms->dropped, ms->ndropped * sizeof *ms->dropped);
  m->n += ms->ndropped;
  qsort(m->items, m->n, sizeof *m->items, mention_order);
  return 0;
}

/* settle_all: settle the ambiguous candidates; while some are dropped, leave their words to
 * other aliases (ban_dropped, rescan) and settle again. 0 or -1. */
static int settle_all(const gazetteer *g, const doc *d, unsigned opts, match_scratch *ms,
                      mention_list *m, long ambiguous) {
  while (ambiguous > 0) {
    if (settle(g, d, m, ms)) return -1;
    long dropped = ban_dropped(ms, m);
    if (dropped <= 0) return (int)dropped;
    ambiguous = rescan(g, d, opts, ms, m);
  }
  return ambiguous < 0 ? -1 : 0;
}

int gaz_match_article(const gazetteer *g, const doc *d, const gaz_meta *meta, unsigned opts,
                      mention_list *m) {
  match_scratch *ms = scratch_of(m);
  if (!ms || roots_ready(g, ms)) return -1;
  ms->nbans = ms->ndropped = 0;
  ms->meta = meta;
  for (int f = 0; f < GAZ_NFIELDS; f++) ms->fields[f].ready = 0;
  long ambiguous = scan(g, d, opts, ms, m);
  int rc = ambiguous < 0 || settle_all(g, d, opts, ms, m, ambiguous) ? -1 : 0;
  if (!rc && (opts & GAZ_KEEP_DROPPED)) rc = list_dropped(ms, m);
  ms->nbans = 0; /* gaz_lookup ignores them */
  ms->meta = NULL;
  return rc;
}

int gaz_match(const gazetteer *g, const doc *d, unsigned opts, mention_list *m) {
  return gaz_match_article(g, d, NULL, opts, m);
}

int gaz_tally(const gazetteer *g, mention_list *m, uint64_t *mentions, uint64_t *articles) {
  match_scratch *ms = scratch_of(m);
  uint32_t gen = ms ? next_gen(g, ms) : 0;
  if (!gen) return -1;
  for (size_t i = 0; i < m->n; i++) {
    const mention *c = &m->items[i];
    if (c->flags & MENTION_DROPPED) continue;
    mentions[c->entity]++;
    if (ms->stamp[c->entity] != gen) articles[c->entity]++, ms->stamp[c->entity] = gen;
  }
  return 0;
}

/* is_word: whether a token counts as a word for windows (words and numbers). */
static int is_word(const token *t) { return t->kind == TOK_WORD || t->kind == TOK_NUMBER; }

gaz_window gaz_context(const doc *d, const mention *c, size_t k) {
  const span *p = &d->paragraphs[c->paragraph];
  size_t first = c->tok_first, last = c->tok_first + c->tok_count; /* [first, last) */
  size_t lo = first, hi = last, words = 0;
  while (lo > p->first && words < k) words += is_word(&d->tokens[--lo]);
  for (words = 0; hi < p->first + p->count && words < k; hi++) words += is_word(&d->tokens[hi]);
  gaz_window w = {c->byte_start, c->byte_start, c->byte_end, c->byte_end};
  if (lo < first) w.left_start = d->tokens[lo].start, w.left_stop = d->tokens[first - 1].stop;
  if (hi > last) w.right_start = d->tokens[last].start, w.right_stop = d->tokens[hi - 1].stop;
  return w;
}

/* is_bidi_control: whether the 3 bytes at p are U+202A-U+202E or U+2066-U+2069. */
static int is_bidi_control(const unsigned char *p) {
  return p[0] == 0xE2 && ((p[1] == 0x80 && p[2] >= 0xAA && p[2] <= 0xAE) ||
                          (p[1] == 0x81 && p[2] >= 0xA6 && p[2] <= 0xA9));
}

/* add_clean: append text[from, to) to out without bidi controls; 0 or -1. */
static int add_clean(const char *text, size_t from, size_t to, buf *out) {
  const char *p = text + from, *end = text + to, *run = p;
  while ((p = memchr(p, 0xE2, (size_t)(end - p))) != NULL) {
    if (end - p >= 3 && is_bidi_control((const unsigned char *)p)) {
      if (buf_add(out, run, (size_t)(p - run)) < 0) return -1;
      run = p += 3;
    } else {
      p++;
    }
  }
  return buf_add(out, run, (size_t)(end - run));
}

int gaz_kwic(const doc *d, const mention *c, size_t k, buf *out, gaz_kwic_row *row) {
  gaz_window w = gaz_context(d, c, k);
  const uint32_t from[3] = {w.left_start, c->byte_start, w.right_start};
  const uint32_t to[3] = {w.left_stop, c->byte_end, w.right_stop};
  for (int f = 0; f < 3; f++) {
    row->start[f] = out->len;
    if (add_clean(d->text, from[f], to[f], out) < 0) return -1;
    row->len[f] = out->len - row->start[f];
  }
  return 0;
}
