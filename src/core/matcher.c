/*
 * matcher.c: gaz_match (TEXT-SPEC §6): walk the tokens of a doc left to right; at each
 * token try its clitic forms against the alias trie (first form that matches in full, then
 * the longest alias), keep the match and jump past it (leftmost, then longest; no
 * overlaps); then settle ambiguous aliases with their evidence patterns, one sense per
 * article. Everything it needs between calls lives in the mention_list's scratch, so a
 * warm list matches without allocating.
 */
#include <string.h>

#include "gazetteer_internal.h"
#include "mem.h"

/* Evidence states of an ambiguous candidate. */
enum { EV_LOCAL = 1, EV_NEGATIVE = 2 };

/* The negative cache: words none of whose clitic forms starts an alias. A word is tried
 * as written first (one fingerprint and a filter); when some alias could begin with a form
 * ending like it, frequent words are settled by the cache (one memcmp) without computing
 * their clitic forms. Direct-mapped on the fingerprint's low bits. */
#define NEG_SLOTS 4096
#define NEG_KEY 31
typedef struct {
  uint8_t len; /* 0: empty */
  char key[NEG_KEY];
} neg_slot;

typedef struct {
  clitic_forms first; /* forms of the first token of a candidate */
  clitic_forms word;  /* forms of a word compared with a pattern item */
  uint8_t *state;     /* per candidate: EV_* */
  size_t state_cap;
  uint32_t *stamp;    /* per entity: == gen when seen in the current doc */
  size_t stamp_n, stamp_cap;
  uint32_t gen;
  neg_slot *neg;      /* NEG_SLOTS slots, valid for the gazetteer below */
  uint64_t neg_uid;   /* gazetteer's uid and alias count when the cache was filled */
  size_t neg_aliases;
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
    mem_free(ms->neg);
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

/* usable: the alias (index + 1) at node when it may match under opts, else 0. */
static uint32_t usable(const gazetteer *g, uint32_t node, unsigned opts) {
  uint32_t a = g->nodes[node].alias;
  if (a && g->ainfo[a - 1].demonym && !(opts & GAZ_DEMONYMS)) return 0;
  return a;
}

/* longest_from: from the trie node of token i's form, follow tokens i+1.. up to end (same
 * sentence, consecutive) and return the longest usable alias + 1 (0 = none) with *n tokens. */
static uint32_t longest_from(const gazetteer *g, const doc *d, uint32_t node, size_t i,
                             size_t end, unsigned opts, uint32_t *n) {
  uint32_t best = usable(g, node, opts);
  *n = 1;
  for (size_t j = i + 1; j < end && g->nodes[node].nchild; j++) {
    const token *t = &d->tokens[j];
    node = gaz_child(g, node, d->norm.data + t->norm, t->norm_len);
    if (!node) break;
    uint32_t a = usable(g, node, opts);
    if (a) best = a, *n = (uint32_t)(j - i + 1);
  }
  return best;
}

/* neg_ready: the negative cache, emptied when it was filled for another gazetteer or
 * before aliases were added; 0 or -1 (memory). */
static int neg_ready(const gazetteer *g, match_scratch *ms) {
  if (!ms->neg && !(ms->neg = mem_alloc(NEG_SLOTS * sizeof *ms->neg))) return -1;
  if (ms->neg_uid != g->uid || ms->neg_aliases != g->naliases || !ms->neg_uid) {
    memset(ms->neg, 0, NEG_SLOTS * sizeof *ms->neg);
    ms->neg_uid = g->uid;
    ms->neg_aliases = g->naliases;
  }
  return 0;
}

/* try_form: the longest usable alias (+ 1) from the root node of form f[0..n) (fingerprint
 * q) over tokens i.. of d, into *hit; sets *rooted when the form starts some alias. */
static int try_form(const gazetteer *g, const doc *d, size_t i, unsigned opts, const char *f,
                    size_t n, uint32_t q, size_t k, int *rooted, gaz_hit *hit) {
  uint32_t node = gaz_root_may(g, n, q) ? gaz_child(g, 0, f, n) : 0, ntok;
  if (!node) return 0;
  *rooted = 1;
  const span *s = &d->sentences[d->tokens[i].sentence];
  uint32_t a = longest_from(g, d, node, i, s->first + s->count, opts, &ntok);
  if (!a) return 0;
  *hit = (gaz_hit){a - 1, g->aliases[a - 1].entity, ntok, (uint32_t)k, f, n};
  return 1;
}

/* may_start: whether token t (match form w[0..n), fingerprint q) could start a match: its
 * form as written passes the root filter, or, for a word, a form without proclitics might.
 * Inline: the scan asks it of every token, and most answer no. */
static inline int may_start(const gazetteer *g, const token *t, const char *w, size_t n,
                            uint32_t q) {
  return gaz_root_may(g, n, q) || (t->kind == TOK_WORD && gaz_may_end(g, w, n));
}

/* match_at: the alias matching from token i (§6.2-6.3) into *hit: 1, 0 (none), -1 (memory).
 * q is the fingerprint of its match form. The word as written is tried first; its other
 * clitic forms only when it fails. */
static int match_at(const gazetteer *g, const doc *d, size_t i, uint32_t q, unsigned opts,
                    match_scratch *ms, gaz_hit *hit) {
  const token *t = &d->tokens[i];
  const char *w = d->norm.data + t->norm;
  size_t n = t->norm_len;
  int rooted = 0;
  if (try_form(g, d, i, opts, w, n, q, 0, &rooted, hit)) return 1;
  if (t->kind != TOK_WORD || !gaz_may_end(g, w, n)) return 0; /* no form can start an alias */
  neg_slot *slot = &ms->neg[q & (NEG_SLOTS - 1)];
  if (!rooted && slot->len == n && memcmp(slot->key, w, n) == 0) return 0;
  clitic_forms *cf = &ms->first;
  if (text_clitic_forms(w, n, cf)) return -1;
  for (size_t k = 1; k < cf->n; k++) {
    uint32_t qk = gaz_quick(cf->s[k], cf->len[k]);
    if (try_form(g, d, i, opts, cf->s[k], cf->len[k], qk, k, &rooted, hit)) return 1;
  }
  if (!rooted && n && n <= NEG_KEY) { /* no form of this word starts an alias */
    slot->len = (uint8_t)n;
    memcpy(slot->key, w, n);
  }
  return 0;
}

int gaz_lookup(const gazetteer *g, const doc *d, size_t i, unsigned opts, mention_list *m,
               gaz_hit *hit) {
  match_scratch *ms = scratch_of(m);
  if (!ms || neg_ready(g, ms)) return -1;
  if (i >= d->ntokens) return 0;
  const token *t = &d->tokens[i];
  return match_at(g, d, i, gaz_quick(d->norm.data + t->norm, t->norm_len), opts, ms, hit);
}

/* push_candidate: append the mention that hit makes at token i to m. 0 or -1. */
static int push_candidate(const gazetteer *g, const doc *d, size_t i, const gaz_hit *h,
                          mention_list *m) {
  if (mem_grow(&m->items, &m->cap, m->n + 1, sizeof *m->items)) return -1;
  const token *first = &d->tokens[i], *last = &d->tokens[i + h->tok_count - 1];
  uint8_t flags = (h->form ? MENTION_PROCLITIC : 0) |
                  (g->ainfo[h->alias].demonym ? MENTION_DEMONYM : 0);
  m->items[m->n++] = (mention){h->entity,    h->alias,    (uint32_t)i,
                               h->tok_count, first->start, last->stop,
                               first->sentence, d->sentences[first->sentence].paragraph,
                               flags};
  return 0;
}

/* scan: every candidate mention of d, leftmost then longest, without overlaps, into m. */
static int scan(const gazetteer *g, const doc *d, unsigned opts, match_scratch *ms,
                mention_list *m) {
  m->n = 0;
  for (size_t i = 0; i < d->ntokens;) {
    const token *t = &d->tokens[i];
    const char *w = d->norm.data + t->norm;
    uint32_t q = gaz_quick(w, t->norm_len);
    gaz_hit h;
    int rc = may_start(g, t, w, t->norm_len, q) ? match_at(g, d, i, q, opts, ms, &h) : 0;
    if (rc < 0 || (rc && push_candidate(g, d, i, &h, m))) return -1;
    i += rc ? h.tok_count : 1;
  }
  return 0;
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
    if (it->kind == ITEM_WORD) {
      int r = item_word(g, d, (size_t)pos, it, ms);
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

/* evidence_of: the EV_* state of ambiguous candidate c from its alias's patterns. */
static int evidence_of(const gazetteer *g, const doc *d, const mention_list *m,
                       const mention *c, match_scratch *ms) {
  const gaz_alias_info *ai = &g->ainfo[c->alias];
  int state = 0;
  for (uint32_t i = 0; i < ai->npat; i++) {
    const gaz_pattern *p = &g->pats[ai->first_pat + i];
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
 * when it has local evidence or its entity is evidenced. 0 or -1. */
static int settle(const gazetteer *g, const doc *d, mention_list *m, match_scratch *ms) {
  size_t namb = 0;
  for (size_t i = 0; i < m->n; i++) namb += is_ambiguous(g, &m->items[i]);
  if (!namb) return 0;
  uint32_t gen = next_gen(g, ms);
  if (!gen || mem_grow(&ms->state, &ms->state_cap, m->n, 1)) return -1;
  for (size_t i = 0; i < m->n; i++) {
    const mention *c = &m->items[i];
    int st = is_ambiguous(g, c) ? evidence_of(g, d, m, c, ms) : EV_LOCAL;
    if (st < 0) return -1;
    ms->state[i] = (uint8_t)st;
    if (st == EV_LOCAL) ms->stamp[c->entity] = gen;
  }
  for (size_t i = 0; i < m->n; i++) {
    mention *c = &m->items[i];
    if (!is_ambiguous(g, c)) continue;
    if (ms->state[i] == EV_NEGATIVE) c->flags |= MENTION_DROPPED | MENTION_NEGATIVE;
    else if (ms->state[i] == EV_LOCAL || ms->stamp[c->entity] == gen)
      c->flags |= MENTION_EVIDENCE;
    else c->flags |= MENTION_DROPPED;
  }
  return 0;
}

/* compact: remove the dropped mentions from m. */
static void compact(mention_list *m) {
  size_t k = 0;
  for (size_t i = 0; i < m->n; i++)
    if (!(m->items[i].flags & MENTION_DROPPED)) m->items[k++] = m->items[i];
  m->n = k;
}

int gaz_match(const gazetteer *g, const doc *d, unsigned opts, mention_list *m) {
  match_scratch *ms = scratch_of(m);
  if (!ms || neg_ready(g, ms) || scan(g, d, opts, ms, m) || settle(g, d, m, ms)) return -1;
  if (!(opts & GAZ_KEEP_DROPPED)) compact(m);
  return 0;
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
