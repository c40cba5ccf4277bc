/*
 * gazetteer.c: loading gazetteers (TEXT-SPEC §5) into the tables of gazetteer_internal.h:
 * entities, aliases, the trie of alias tokens and the evidence patterns of ambiguous
 * aliases. The matcher lives in matcher.c.
 */
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unicode/utf8.h>

#include "io/csvread.h"
#include "gazetteer/gazetteer_internal.h"
#include "base/mem.h"

static const char *const type_names[GAZ_NTYPES] = {"PER", "ORG", "GPE", "LOC", "EVENT", "MISC"};

/* A trimmed view of a field; s == NULL when the column is absent. */
typedef struct {
  const char *s;
  size_t n;
} slice;

int gaz_type_index(const char *name) {
  for (int i = 0; i < GAZ_NTYPES; i++)
    if (strcmp(name, type_names[i]) == 0) return i;
  return -1;
}

/* no_memory: record that g ran out of memory (a loader must stop: the row was not bad)
 * and set e; always -1. */
static int no_memory(gazetteer *g, err *e) {
  g->failed = 1;
  return err_set(e, "gazetteer: out of memory");
}

/* ---- hashing and the two hash tables ---------------------------------------------- */

uint32_t gaz_hash(const char *s, size_t n, uint32_t seed) {
  uint64_t h = (seed + 1) * 0x9E3779B97F4A7C15ull ^ n;
  uint64_t v;
  for (; n >= 8; s += 8, n -= 8) {
    memcpy(&v, s, 8);
    h = (h ^ v) * 0xBF58476D1CE4E5B9ull;
    h ^= h >> 31;
  }
  v = 0;
  if (n) memcpy(&v, s, n);
  h = (h ^ v) * 0x94D049BB133111EBull;
  h ^= h >> 29;
  return (uint32_t)(h ^ (h >> 32));
}

/* table_put: store (hash, idx) in the first free slot of its probe sequence (room known). */
static void table_put(gaz_table *t, uint32_t hash, uint32_t idx) {
  size_t i = hash & t->mask;
  while (t->s[i].idx) i = (i + 1) & t->mask;
  t->s[i].hash = hash;
  t->s[i].idx = idx + 1;
  t->n++;
}

/* table_insert: add entry idx with its hash, growing the table to keep it under 3/4 full.
 * 0 or -1 (out of memory). */
static int table_insert(gaz_table *t, uint32_t hash, uint32_t idx) {
  size_t cap = t->s ? t->mask + 1 : 0;
  if ((t->n + 1) * 4 > cap * 3) {
    size_t ncap = cap ? cap * 2 : 64;
    gaz_slot *old = t->s;
    gaz_slot *s = mem_calloc(ncap, sizeof *s);
    if (!s) return -1;
    t->s = s;
    t->mask = ncap - 1;
    t->n = 0;
    for (size_t i = 0; i < cap; i++)
      if (old[i].idx) table_put(t, old[i].hash, old[i].idx - 1);
    mem_free(old);
  }
  table_put(t, hash, idx);
  return 0;
}

/* id_find: the index of the entity named id[0..n) with hash h, or -1. */
static long id_find(const gazetteer *g, const char *id, size_t n, uint32_t h) {
  const gaz_table *t = &g->ids;
  if (!t->s) return -1;
  for (size_t i = h & t->mask; t->s[i].idx; i = (i + 1) & t->mask) {
    if (t->s[i].hash != h) continue;
    const char *e = g->ents[t->s[i].idx - 1].id;
    if (strncmp(e, id, n) == 0 && e[n] == '\0') return (long)t->s[i].idx - 1;
  }
  return -1;
}

uint32_t gaz_edge_find(const gazetteer *g, uint32_t node, const char *w, size_t n) {
  const gaz_table *t = &g->trie;
  if (!t->s) return 0;
  uint32_t h = gaz_hash(w, n, node);
  for (size_t i = h & t->mask; t->s[i].idx; i = (i + 1) & t->mask) {
    if (t->s[i].hash != h) continue;
    const gaz_edge *ed = &g->edges[t->s[i].idx - 1];
    if (ed->parent == node && ed->len == n && memcmp(g->words.data + ed->off, w, n) == 0)
      return ed->child;
  }
  return 0;
}

/* ---- construction ------------------------------------------------------------------ */

/* gaz_uid: a non-zero id for a new gazetteer: its address mixed with the clock's
 * nanoseconds, so that a matcher's cache never mistakes it for a freed one. */
static uint64_t gaz_uid(const gazetteer *g) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  uint64_t u = ((uint64_t)(uintptr_t)g * 0x9E3779B97F4A7C15ull) ^
               ((uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec);
  return u ? u : 1;
}

gazetteer *gaz_new(const textproc *tp, err *e) {
  gazetteer *g = mem_calloc(1, sizeof *g);
  if (!g) {
    err_set(e, "gazetteer: out of memory");
    return NULL;
  }
  g->tp = tp;
  g->uid = gaz_uid(g);
  buf_init(&g->words);
  doc_init(&g->scratch);
  g->nodes = mem_calloc(16, sizeof *g->nodes); /* node 0: the root */
  if (!g->nodes) {
    mem_free(g);
    err_set(e, "gazetteer: out of memory");
    return NULL;
  }
  g->nodes_cap = 16;
  g->nnodes = 1;
  return g;
}

void gaz_free(gazetteer *g) {
  if (!g) return;
  for (size_t i = 0; i < g->nents; i++) {
    mem_free((char *)g->ents[i].id);
    mem_free((char *)g->ents[i].name);
  }
  for (size_t i = 0; i < g->naliases; i++) {
    mem_free((char *)g->aliases[i].text);
    mem_free((char *)g->aliases[i].context);
    mem_free((char *)g->aliases[i].origin);
  }
  mem_free(g->ents);
  mem_free(g->einfo);
  mem_free(g->aliases);
  mem_free(g->ainfo);
  mem_free(g->ids.s);
  mem_free(g->trie.s);
  mem_free(g->edges);
  mem_free(g->nodes);
  mem_free(g->pats);
  mem_free(g->items);
  mem_free(g->lexicon);
  buf_free(&g->words);
  doc_free(&g->scratch);
  mem_free(g);
}

/* trim: s[0..n) without leading and trailing ASCII white space. */
static slice trim(const char *s, size_t n) {
  while (n && (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')) s++, n--;
  while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
    n--;
  return (slice){s, n};
}

/* field: the trimmed view of an optional C string. */
static slice field(const char *s) { return s ? trim(s, strlen(s)) : (slice){NULL, 0}; }

/* is_eq: whether the slice holds exactly the word w. */
static int is_eq(slice v, const char *w) { return v.n == strlen(w) && memcmp(v.s, w, v.n) == 0; }

/* check_utf8: 0 when v is valid UTF-8, else -1 with "origin: invalid UTF-8 in column ...". */
static int check_utf8(slice v, const char *column, const char *origin, err *e) {
  int32_t i = 0, n = (int32_t)v.n;
  while (i < n) {
    int32_t at = i;
    UChar32 c;
    U8_NEXT(v.s, i, n, c);
    if (c < 0)
      return err_set(e, "%s: invalid UTF-8 in column '%s' (byte %ld of the field)", origin,
                     column, (long)at);
  }
  return 0;
}

/* check_id: 0 when the id is an ASCII slug ([A-Za-z0-9_] first, then also . and -). */
static int check_id(slice id, const char *origin, err *e) {
  if (!id.n) return err_set(e, "%s: empty id", origin);
  for (size_t i = 0; i < id.n; i++) {
    unsigned char c = (unsigned char)id.s[i];
    int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
             c == '_' || (i > 0 && (c == '.' || c == '-'));
    if (!ok)
      return err_set(e, "%s: bad id \"%.*s\" (an ASCII slug: letters, digits, _ . -)", origin,
                     (int)id.n, id.s);
  }
  return 0;
}

/* The flags of an alias (the flags column). */
typedef struct {
  int ambiguous, no_proclitic;
} alias_flags;

/* check_flags: parse the flags column (words separated by | , or spaces) into *fl. */
static int check_flags(slice f, alias_flags *fl, const char *origin, err *e) {
  *fl = (alias_flags){0, 0};
  size_t i = 0;
  while (i < f.n) {
    size_t j = i;
    while (j < f.n && !strchr("|, \t", f.s[j])) j++;
    slice w = {f.s + i, j - i};
    if (w.n && is_eq(w, "ambiguous"))
      fl->ambiguous = 1;
    else if (w.n && is_eq(w, "no_proclitic"))
      fl->no_proclitic = 1;
    else if (w.n)
      return err_set(e, "%s: unknown flag \"%.*s\" (known: ambiguous, no_proclitic)", origin,
                     (int)w.n, w.s);
    i = j + 1;
  }
  return 0;
}

/* ---- entities ------------------------------------------------------------------------ */

/* entity_get: the index of entity id, created (type MISC, no name yet) when new; -1 when
 * out of memory. */
static long entity_get(gazetteer *g, slice id, err *e) {
  uint32_t h = gaz_hash(id.s, id.n, 0);
  long i = id_find(g, id.s, id.n, h);
  if (i >= 0) return i;
  if (mem_grow(&g->ents, &g->ents_cap, g->nents + 1, sizeof *g->ents) ||
      mem_grow(&g->einfo, &g->einfo_cap, g->nents + 1, sizeof *g->einfo))
    return no_memory(g, e);
  char *s = mem_strndup(id.s, id.n);
  if (!s || table_insert(&g->ids, h, (uint32_t)g->nents)) {
    mem_free(s);
    return no_memory(g, e);
  }
  g->ents[g->nents] = (gaz_entity){s, type_names[GAZ_MISC], NULL};
  g->einfo[g->nents] = (gaz_entity_info){.hash = h, .type = GAZ_MISC};
  return (long)g->nents++;
}

/* entity_describe: apply the type and name a row gives to entity i (the first row giving
 * each wins; a different one later is a warning). type was checked. 0 or -1 (memory). */
static int entity_describe(gazetteer *g, size_t i, slice type, slice name, const char *origin,
                           const warn_sink *w, err *e) {
  gaz_entity *en = &g->ents[i];
  gaz_entity_info *in = &g->einfo[i];
  if (type.n && !in->has_type) {
    char t[8];
    snprintf(t, sizeof t, "%.*s", (int)type.n, type.s);
    in->type = (uint8_t)gaz_type_index(t);
    en->type = type_names[in->type];
    in->has_type = 1;
  } else if (type.n && !is_eq(type, en->type)) {
    warn_emit(w, "%s: entity '%s' is already of type %s; type %.*s ignored", origin, en->id,
              en->type, (int)type.n, type.s);
  }
  if (name.n && !in->has_name) {
    char *s = mem_strndup(name.s, name.n);
    if (!s) return no_memory(g, e);
    mem_free((char *)en->name);
    en->name = s;
    in->has_name = 1;
  } else if (name.n && !is_eq(name, en->name)) {
    warn_emit(w, "%s: entity '%s' is already named \"%s\"; name \"%.*s\" ignored", origin,
              en->id, en->name, (int)name.n, name.s);
  }
  return 0;
}

/* ---- evidence patterns (TEXT-SPEC §6.4) --------------------------------------------- */

/* push_item: append one pattern item; 0 or -1 (memory). */
static int push_item(gazetteer *g, gaz_item it, err *e) {
  if (mem_grow(&g->items, &g->items_cap, g->nitems + 1, sizeof *g->items))
    return no_memory(g, e);
  g->items[g->nitems++] = it;
  return 0;
}

/* analyze: tokenize s[0..n) into g->scratch; -1 (a failure to remember: memory) or 0. */
static int analyze(gazetteer *g, slice s, err *e) {
  if (doc_analyze(&g->scratch, g->tp, s.s, s.n, e)) return g->failed = 1, -1;
  return 0;
}

/* is_word_token: whether token t of g->scratch is a word or a number with a match form. */
static int is_word_token(const token *t) {
  return (t->kind == TOK_WORD || t->kind == TOK_NUMBER) && t->norm_len;
}

/* push_words: the word and number tokens of s[0..n), in match form, as ITEM_WORD items;
 * punctuation in an item is left out. 0, or -1 when s holds no word. */
static int push_words(gazetteer *g, slice s, const char *origin, err *e) {
  if (analyze(g, s, e)) return -1;
  size_t added = 0;
  for (size_t i = 0; i < g->scratch.ntokens; i++) {
    const token *t = &g->scratch.tokens[i];
    if (!is_word_token(t)) continue;
    gaz_item it = {ITEM_WORD, 0, (uint32_t)g->words.len, t->norm_len};
    if (buf_add(&g->words, g->scratch.norm.data + t->norm, t->norm_len)) return no_memory(g, e);
    if (push_item(g, it, e)) return -1;
    added++;
  }
  if (!added)
    return err_set(e, "%s: pattern item \"%.*s\" holds no word", origin, (int)s.n, s.s);
  return 0;
}

/* The words behind @NUM (Arabic cardinals: the tens and the "ten" of 11-19 take the
 * singular accusative after them) and the words that start with ال but are no definite noun
 * (@DEF), as written; they are put in the gazetteer's match form when a pattern first uses
 * them. docs/spec.md §6.5 lists them. */
static const char *const number_words[] = {
  "واحد", "واحدة", "اثنان", "اثنين", "اثنتان", "اثنتين", "ثلاث", "ثلاثة", "أربع", "أربعة",
  "خمس", "خمسة", "ست", "ستة", "سبع", "سبعة", "ثمان", "ثماني", "ثمانية", "تسع", "تسعة", "عشر",
  "عشرة", "عشرون", "عشرين", "ثلاثون", "ثلاثين", "أربعون", "أربعين", "خمسون", "خمسين",
  "ستون", "ستين", "سبعون", "سبعين", "ثمانون", "ثمانين", "تسعون", "تسعين", "مئة", "مائة",
  "مئتان", "مئتين", "مائتان", "مائتين", "مئات", "ألف", "ألفا", "ألفان", "ألفين", "آلاف",
  "مليون", "ملايين", "مليار", "مليارات"};
static const char *const not_definite_words[] = {
  "الى", "الذي", "التي", "الذين", "اللذان", "اللتان", "اللذين", "اللتين", "اللاتي",
  "اللواتي", "اللائي", "الآن"};

/* lexicon_add: the match form of each of words[0..n) into g->lexicon as kind k. 0 or -1. */
static int lexicon_add(gazetteer *g, const char *const *words, size_t n, int k, err *e) {
  for (size_t i = 0; i < n; i++) {
    size_t off = g->words.len;
    if (text_normalize(g->tp, words[i], strlen(words[i]), &g->words) ||
        mem_grow(&g->lexicon, &g->lexicon_cap, g->nlexicon + 1, sizeof *g->lexicon))
      return no_memory(g, e);
    g->lexicon[g->nlexicon++] =
        (gaz_item){ITEM_WORD, (uint8_t)k, (uint32_t)off, (uint32_t)(g->words.len - off)};
  }
  return 0;
}

/* lexicon_ready: g->lexicon, made on first use. 0 or -1 (memory). */
static int lexicon_ready(gazetteer *g, err *e) {
  if (g->lexicon) return 0;
  size_t nn = sizeof number_words / sizeof *number_words;
  size_t nd = sizeof not_definite_words / sizeof *not_definite_words;
  if (lexicon_add(g, number_words, nn, LEX_NUMBER, e) ||
      lexicon_add(g, not_definite_words, nd, LEX_NOT_DEFINITE, e)) {
    mem_free(g->lexicon);
    g->lexicon = NULL;
    g->nlexicon = g->lexicon_cap = 0;
    return -1;
  }
  return 0;
}

/* field_of: the FIELD_* an article condition `@name:value` names (the slice holds what
 * follows the @), with *value set; -1 when it is none. */
static int field_of(slice it, slice *value) {
  static const char *const names[GAZ_NFIELDS] = {"source:", "category:"};
  for (int f = 0; f < GAZ_NFIELDS; f++) {
    size_t n = strlen(names[f]);
    if (it.n >= n && strncasecmp(it.s, names[f], n) == 0) {
      *value = (slice){it.s + n, it.n - n};
      return f;
    }
  }
  return -1;
}

/* is_condition: whether a pattern item is a condition that does not walk: an article
 * condition (`@source:`, `@category:`) or the mention condition `@no_proclitic`. */
static int is_condition(slice it) {
  slice v = {NULL, 0};
  return is_eq(it, "@no_proclitic") ||
         (it.n > 1 && it.s[0] == '@' && field_of((slice){it.s + 1, it.n - 1}, &v) >= 0);
}

/* push_condition: `@no_proclitic` as an ITEM_AS_WRITTEN item, or the article condition
 * `@field:value` as an ITEM_FIELD item: the value's words in match form, one space between
 * them. 0 or -1. */
static int push_condition(gazetteer *g, slice it, const char *origin, err *e) {
  if (is_eq(it, "@no_proclitic")) return push_item(g, (gaz_item){ITEM_AS_WRITTEN, 0, 0, 0}, e);
  slice v = {NULL, 0};
  int f = field_of((slice){it.s + 1, it.n - 1}, &v);
  if (analyze(g, v, e)) return -1;
  size_t off = g->words.len;
  for (size_t i = 0; i < g->scratch.ntokens; i++) {
    const token *t = &g->scratch.tokens[i];
    if (!is_word_token(t)) continue;
    if ((g->words.len > off && buf_addc(&g->words, ' ')) ||
        buf_add(&g->words, g->scratch.norm.data + t->norm, t->norm_len))
      return no_memory(g, e);
  }
  if (g->words.len == off)
    return err_set(e, "%s: pattern item \"%.*s\" holds no word after the ':'", origin,
                   (int)it.n, it.s);
  return push_item(g, (gaz_item){ITEM_FIELD, (uint8_t)f, (uint32_t)off,
                                 (uint32_t)(g->words.len - off)}, e);
}

/* parse_item: one positional item of a pattern: `_`, `*`, `@TYPE`, `@DEF`, `@NUM` or
 * words. 0 or -1. */
static int parse_item(gazetteer *g, slice it, const char *origin, err *e) {
  if (is_eq(it, "_")) return push_item(g, (gaz_item){ITEM_SELF, 0, 0, 0}, e);
  if (is_eq(it, "*")) return push_item(g, (gaz_item){ITEM_ANY, 0, 0, 0}, e);
  if (it.s[0] != '@') return push_words(g, it, origin, e);
  if (is_eq(it, "@DEF") || is_eq(it, "@NUM")) {
    if (lexicon_ready(g, e)) return -1;
    return push_item(g, (gaz_item){is_eq(it, "@DEF") ? ITEM_DEF : ITEM_NUM, 0, 0, 0}, e);
  }
  char t[8] = "";
  int type = -1;
  if (it.n - 1 < sizeof t) {
    memcpy(t, it.s + 1, it.n - 1);
    t[it.n - 1] = '\0';
    type = gaz_type_index(t);
  }
  if (type < 0)
    return err_set(e,
                   "%s: unknown type in pattern item \"%.*s\" (@PER @ORG @GPE @LOC @EVENT "
                   "@MISC, @DEF, @NUM, @source:VALUE, @category:VALUE, @no_proclitic)",
                   origin, (int)it.n, it.s);
  return push_item(g, (gaz_item){ITEM_TYPE, (uint8_t)type, 0, 0}, e);
}

/* A pattern's items, one by one: next_item returns the next item of p from *at (a slice
 * with n == 0 at the end). */
static slice next_item(slice p, size_t *at) {
  size_t i = *at;
  while (i < p.n && (p.s[i] == ' ' || p.s[i] == '\t')) i++;
  size_t j = i;
  while (j < p.n && p.s[j] != ' ' && p.s[j] != '\t') j++;
  *at = j;
  return (slice){p.s + i, j - i};
}

/* parse_pattern: one pattern ("!" for negative, items separated by spaces) into g->pats:
 * its positional items (exactly one `_`, or none at all when it holds only conditions),
 * then its conditions (is_condition). 0 or -1. */
static int parse_pattern(gazetteer *g, slice p, const char *origin, err *e) {
  gaz_pattern pat = {(uint32_t)g->nitems, 0, 0, 0, 0};
  slice whole = p;
  if (p.s[0] == '!') {
    pat.negative = 1;
    p = trim(p.s + 1, p.n - 1);
  }
  size_t selves = 0, conds = 0, at = 0;
  for (slice it = next_item(p, &at); it.n; it = next_item(p, &at)) {
    if (is_condition(it)) {
      conds++;
      continue;
    }
    if (is_eq(it, "_")) pat.self = (uint32_t)(g->nitems - pat.first), selves++;
    if (parse_item(g, it, origin, e)) return -1;
  }
  if (g->nitems == pat.first && conds) { /* conditions only: the mention is implied */
    if (push_item(g, (gaz_item){ITEM_SELF, 0, 0, 0}, e)) return -1;
    selves = 1;
  }
  if (selves != 1)
    return err_set(e, "%s: pattern \"%.*s\" must hold exactly one _ (the mention)", origin,
                   (int)whole.n, whole.s);
  pat.n = (uint32_t)(g->nitems - pat.first);
  at = 0;
  for (slice it = next_item(p, &at); it.n; it = next_item(p, &at))
    if (is_condition(it) && push_condition(g, it, origin, e)) return -1;
  pat.nconds = (uint32_t)conds;
  if (mem_grow(&g->pats, &g->pats_cap, g->npats + 1, sizeof *g->pats)) return no_memory(g, e);
  g->pats[g->npats++] = pat;
  return 0;
}

/* parse_context: the patterns of a context column, separated by `|` (empty ones skipped). */
static int parse_context(gazetteer *g, slice c, const char *origin, err *e) {
  for (size_t i = 0; i < c.n;) {
    size_t j = i;
    while (j < c.n && c.s[j] != '|') j++;
    slice p = trim(c.s + i, j - i);
    if (p.n && parse_pattern(g, p, origin, e)) return -1;
    i = j + 1;
  }
  return 0;
}

/* ---- aliases and the trie ----------------------------------------------------------- */

/* alias_tokens: tokenize the alias into g->scratch; -1 unless it holds a word token and
 * every token has a non-empty match form (a lone tatweel has none, and matches nothing). */
static int alias_tokens(gazetteer *g, slice a, const char *origin, err *e) {
  if (analyze(g, a, e)) return -1;
  int words = 0;
  for (size_t i = 0; i < g->scratch.ntokens; i++) {
    const token *t = &g->scratch.tokens[i];
    if (!t->norm_len)
      return err_set(e, "%s: alias \"%.*s\" holds \"%.*s\", empty in match form", origin,
                     (int)a.n, a.s, (int)(t->stop - t->start), a.s + t->start);
    words += t->kind == TOK_WORD;
  }
  if (!words) return err_set(e, "%s: alias \"%.*s\" holds no word", origin, (int)a.n, a.s);
  return 0;
}

/* trie_find: the node reached by the tokens in g->scratch, or 0 when there is none. */
static uint32_t trie_find(const gazetteer *g) {
  uint32_t node = 0;
  for (size_t i = 0; i < g->scratch.ntokens; i++) {
    const token *t = &g->scratch.tokens[i];
    node = gaz_child(g, node, g->scratch.norm.data + t->norm, t->norm_len);
    if (!node) return 0;
  }
  return node;
}

/* filter_edge: record the new edge (node, w[0..n)) in the filters. */
static void filter_edge(gazetteer *g, uint32_t node, const char *w, size_t n) {
  uint32_t q = gaz_quick(w, n);
  if (node) {
    gaz_filter_add(g->follow, gaz_follow_key(node, q));
    return;
  }
  gaz_filter_add(g->filter, q);
  if (n > 4 && memcmp(w, "\xD8\xA7\xD9\x84", 4) == 0) /* ال + r */
    gaz_filter_add(g->rests, gaz_quick(w + 4, n - 4));
  if (n > g->max_root_len) g->max_root_len = n;
}

/* trie_edge: the child of node by token w[0..n), created when new; 0 when out of memory. */
static uint32_t trie_edge(gazetteer *g, uint32_t node, const char *w, size_t n) {
  uint32_t child = gaz_child(g, node, w, n);
  if (child) return child;
  if (mem_grow(&g->nodes, &g->nodes_cap, g->nnodes + 1, sizeof *g->nodes) ||
      mem_grow(&g->edges, &g->edges_cap, g->nedges + 1, sizeof *g->edges))
    return 0;
  uint32_t h = gaz_hash(w, n, node), off = (uint32_t)g->words.len;
  if (buf_add(&g->words, w, n) || table_insert(&g->trie, h, (uint32_t)g->nedges)) return 0;
  child = (uint32_t)g->nnodes++;
  g->nodes[child] = (gaz_node){0, 0, 0, 0, 0, 0};
  g->edges[g->nedges++] = (gaz_edge){node, child, off, (uint32_t)n};
  g->nodes[node].nchild++;
  filter_edge(g, node, w, n);
  return child;
}

/* trie_add: the node reached by the tokens in g->scratch, created as needed; 0 (memory). */
static uint32_t trie_add(gazetteer *g) {
  uint32_t node = 0;
  for (size_t i = 0; i < g->scratch.ntokens && (i == 0 || node); i++) {
    const token *t = &g->scratch.tokens[i];
    node = trie_edge(g, node, g->scratch.norm.data + t->norm, t->norm_len);
  }
  return node;
}

/* warn_duplicate: the warning for an alias whose token sequence alias `old` already holds. */
static void warn_duplicate(const gazetteer *g, size_t old, size_t ent, slice a,
                           const char *origin, const warn_sink *w) {
  const gaz_alias *o = &g->aliases[old];
  const char *owner = g->ents[o->entity].id, *id = g->ents[ent].id;
  if (o->entity == ent)
    warn_emit(w, "%s: alias \"%.*s\" of '%s' repeats its alias \"%s\" (%s) in match form",
              origin, (int)a.n, a.s, id, o->text, o->origin);
  else
    warn_emit(w, "%s: alias \"%.*s\" of '%s' is already an alias of '%s' (%s); '%s' keeps it",
              origin, (int)a.n, a.s, id, owner, o->origin, owner);
}

/* ---- rows ----------------------------------------------------------------------------- */

/* The trimmed fields of a row. */
typedef struct {
  slice id, alias, type, name, kind, flags, context;
} row_view;

static const char *const kind_names[] = {"name", "acronym", "demonym"};

/* kind_of: the static name of kind k ("name" when empty), or NULL when unknown. */
static const char *kind_of(slice k) {
  if (!k.n) return kind_names[0];
  for (size_t i = 0; i < sizeof kind_names / sizeof *kind_names; i++)
    if (is_eq(k, kind_names[i])) return kind_names[i];
  return NULL;
}

/* type_of: the index of type t, or -1. */
static int type_of(slice t) {
  for (int i = 0; i < GAZ_NTYPES; i++)
    if (is_eq(t, type_names[i])) return i;
  return -1;
}

/* check_row: the checks of a row that need no table (UTF-8, id, alias, type, kind, flags);
 * sets *fl. 0 or -1 with "origin: ..." in e. */
static int check_row(const row_view *r, alias_flags *fl, const char *origin, err *e) {
  const slice *cols[] = {&r->id, &r->alias, &r->type, &r->name, &r->kind, &r->flags,
                         &r->context};
  static const char *const names[] = {"id", "alias", "type", "name", "kind", "flags",
                                      "context"};
  for (size_t i = 0; i < 7; i++)
    if (check_utf8(*cols[i], names[i], origin, e)) return -1;
  if (check_id(r->id, origin, e)) return -1;
  if (!r->alias.n) return err_set(e, "%s: empty alias for entity '%.*s'", origin,
                                  (int)r->id.n, r->id.s);
  if (r->type.n && type_of(r->type) < 0)
    return err_set(e, "%s: bad type \"%.*s\" (PER ORG GPE LOC EVENT MISC)", origin,
                   (int)r->type.n, r->type.s);
  if (!kind_of(r->kind))
    return err_set(e, "%s: unknown kind \"%.*s\" (name, acronym, demonym)", origin,
                   (int)r->kind.n, r->kind.s);
  return check_flags(r->flags, fl, origin, e);
}

/* near_mentions: whether some item of the patterns [first_pat, g->npats) depends on the
 * mentions around the one it tests (@TYPE, @DEF). */
static uint8_t near_mentions(const gazetteer *g, size_t first_pat) {
  for (size_t i = first_pat; i < g->npats; i++) {
    const gaz_pattern *p = &g->pats[i];
    for (uint32_t k = p->first; k < p->first + p->n; k++)
      if (g->items[k].kind == ITEM_TYPE || g->items[k].kind == ITEM_DEF) return 1;
  }
  return 0;
}

/* alias_push: record alias r->alias of entity ent at trie node `node`, with patterns
 * [first_pat, g->npats). 0 or -1 (memory). */
static int alias_push(gazetteer *g, size_t ent, uint32_t node, const row_view *r,
                      alias_flags fl, size_t first_pat, const char *origin, err *e) {
  int amb = fl.ambiguous;
  if (mem_grow(&g->aliases, &g->aliases_cap, g->naliases + 1, sizeof *g->aliases) ||
      mem_grow(&g->ainfo, &g->ainfo_cap, g->naliases + 1, sizeof *g->ainfo))
    return no_memory(g, e);
  char *text = mem_strndup(r->alias.s, r->alias.n), *org = mem_strndup(origin, strlen(origin));
  char *ctx = amb && r->context.n ? mem_strndup(r->context.s, r->context.n) : NULL;
  if (!text || !org || (amb && r->context.n && !ctx)) {
    mem_free(text), mem_free(org), mem_free(ctx);
    return no_memory(g, e);
  }
  const char *kind = kind_of(r->kind);
  g->aliases[g->naliases] = (gaz_alias){(uint32_t)ent, text, kind, amb, ctx, org,
                                        fl.no_proclitic};
  g->ainfo[g->naliases] = (gaz_alias_info){(uint32_t)g->scratch.ntokens, (uint32_t)first_pat,
                                           (uint32_t)(g->npats - first_pat),
                                           kind == kind_names[2], near_mentions(g, first_pat)};
  g->nodes[node].alias = (uint32_t)++g->naliases;
  g->nodes[node].entity = (uint32_t)ent;
  g->nodes[node].demonym = g->ainfo[g->naliases - 1].demonym;
  g->nodes[node].ambiguous = (uint8_t)amb;
  g->nodes[node].no_proclitic = (uint8_t)fl.no_proclitic;
  g->einfo[ent].naliases++;
  return 0;
}

/* default_name: give entity ent its first alias as display name when it has none. */
static int default_name(gazetteer *g, size_t ent, slice alias, err *e) {
  if (g->ents[ent].name) return 0;
  g->ents[ent].name = mem_strndup(alias.s, alias.n);
  return g->ents[ent].name ? 0 : no_memory(g, e);
}

/* add_view: gaz_add on trimmed fields, after check_row. */
static int add_view(gazetteer *g, const row_view *r, alias_flags fl, const char *origin,
                    const warn_sink *w, err *e) {
  int amb = fl.ambiguous;
  size_t first_pat = g->npats;
  if (r->context.n && !amb)
    warn_emit(w, "%s: context of alias \"%.*s\" ignored: the alias is not ambiguous", origin,
              (int)r->alias.n, r->alias.s);
  if (amb && parse_context(g, r->context, origin, e)) return -1;
  if (alias_tokens(g, r->alias, origin, e)) return -1;
  long ent = entity_get(g, r->id, e);
  if (ent < 0 || entity_describe(g, (size_t)ent, r->type, r->name, origin, w, e) ||
      default_name(g, (size_t)ent, r->alias, e))
    return -1;
  uint32_t node = trie_find(g);
  if (node && g->nodes[node].alias) {
    warn_duplicate(g, g->nodes[node].alias - 1, (size_t)ent, r->alias, origin, w);
    return 1;
  }
  node = trie_add(g);
  if (!node) return no_memory(g, e);
  return alias_push(g, (size_t)ent, node, r, fl, first_pat, origin, e);
}

int gaz_add(gazetteer *g, const gaz_row *row, const char *origin, const warn_sink *w, err *e) {
  row_view r = {field(row->id),   field(row->alias), field(row->type),   field(row->name),
                field(row->kind), field(row->flags), field(row->context)};
  alias_flags fl = {0, 0};
  size_t npats = g->npats, nitems = g->nitems;
  if (check_row(&r, &fl, origin, e)) return -1;
  int rc = add_view(g, &r, fl, origin, w, e);
  if (rc) { /* an error or a duplicate: forget the patterns parsed for this row */
    g->npats = npats;
    g->nitems = nitems;
  }
  return rc < 0 ? -1 : 0;
}

/* ---- CSV files ------------------------------------------------------------------------ */

enum { COL_ID, COL_ALIAS, COL_TYPE, COL_NAME, COL_KIND, COL_FLAGS, COL_CONTEXT, NCOLS };
static const char *const col_names[NCOLS] = {"id",   "alias", "type",   "name",
                                             "kind", "flags", "context"};
/* Columns for the analyst's own notes: ignored without a warning. */
static const char *const note_cols[] = {"note", "notes", "comment", "source"};

/* skip_record: whether a record is a comment (first field starts with #) or blank. */
static int skip_record(const csvrecord *r) {
  slice first = r->nfields ? trim(r->fields[0], r->lens[0]) : (slice){"", 0};
  if (first.n && first.s[0] == '#') return 1;
  for (size_t i = 0; i < r->nfields; i++)
    if (trim(r->fields[i], r->lens[i]).n) return 0;
  return 1;
}

/* column_of: the COL_* of header name h, NCOLS for a note column, -1 when unknown. */
static int column_of(slice h) {
  for (int k = 0; k < NCOLS; k++)
    if (h.n == strlen(col_names[k]) && strncasecmp(h.s, col_names[k], h.n) == 0) return k;
  for (size_t k = 0; k < sizeof note_cols / sizeof *note_cols; k++)
    if (h.n == strlen(note_cols[k]) && strncasecmp(h.s, note_cols[k], h.n) == 0) return NCOLS;
  return -1;
}

/* separator_of: the name of the separator a one-field header seems to use instead of
 * commas ("';'", "a tab", "'|'"), or NULL. */
static const char *separator_of(const csvrecord *r) {
  static const struct {
    char c;
    const char *name;
  } seps[] = {{';', "';'"}, {'\t', "a tab"}, {'|', "'|'"}};
  if (r->nfields != 1) return NULL;
  for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
    if (memchr(r->fields[0], seps[i].c, r->lens[0])) return seps[i].name;
  return NULL;
}

/* missing_column: the error for a header without column `col`; when the header is one
 * field that another separator splits, the message says so. Always -1. */
static int missing_column(const csvrecord *r, const char *col, const char *name, err *e) {
  const char *sep = separator_of(r);
  if (!sep) return err_set(e, "%s:%zu: missing column '%s'", name, r->line, col);
  slice h = trim(r->fields[0], r->lens[0]);
  return err_set(e,
                 "%s:%zu: missing column '%s': the header is one column named \"%.*s\"; the "
                 "file seems separated by %s, but a gazetteer is comma-separated (save it as "
                 "CSV with ',' between the columns)",
                 name, r->line, col, (int)(h.n > 200 ? 200 : h.n), h.s, sep);
}

/* read_header: map the columns of the header record into col[NCOLS] (-1 = absent).
 * Unknown columns are warnings; a repeated or missing required column is an error. */
static int read_header(const csvrecord *r, int *col, const char *name, const warn_sink *w,
                       err *e) {
  for (int k = 0; k < NCOLS; k++) col[k] = -1;
  for (size_t i = 0; i < r->nfields; i++) {
    slice h = trim(r->fields[i], r->lens[i]);
    int k = column_of(h);
    if (k < 0)
      warn_emit(w, "%s:%zu: unknown column \"%.*s\" ignored", name, r->line, (int)h.n, h.s);
    else if (k < NCOLS && col[k] >= 0)
      return err_set(e, "%s:%zu: column '%s' given twice", name, r->line, col_names[k]);
    else if (k < NCOLS)
      col[k] = (int)i;
  }
  for (int k = COL_ID; k <= COL_ALIAS; k++)
    if (col[k] < 0) return missing_column(r, col_names[k], name, e);
  return 0;
}

/* read_row: add one data record; fields past the end of a short row are absent. */
static int read_row(gazetteer *g, const csvrecord *r, const int *col, size_t ncols,
                    const char *name, const warn_sink *w, err *e) {
  if (r->nfields > ncols)
    return err_set(e, "%s:%zu: %zu fields, but the header names %zu columns", name, r->line,
                   r->nfields, ncols);
  const char *v[NCOLS];
  for (int k = 0; k < NCOLS; k++) {
    v[k] = col[k] >= 0 && (size_t)col[k] < r->nfields ? r->fields[col[k]] : NULL;
    if (v[k] && strlen(v[k]) != r->lens[col[k]])
      return err_set(e, "%s:%zu: NUL byte in column '%s'", name, r->line, col_names[k]);
  }
  char origin[1024];
  snprintf(origin, sizeof origin, "%s:%zu", name, r->line);
  gaz_row row = {v[COL_ID], v[COL_ALIAS], v[COL_TYPE], v[COL_NAME], v[COL_KIND], v[COL_FLAGS],
                 v[COL_CONTEXT]};
  return gaz_add(g, &row, origin, w, e);
}

/* data_row: read_row, and when the row is bad (not memory) and the load is not strict,
 * a warning naming it instead of an error. 0 or -1. */
static int data_row(gazetteer *g, const csvrecord *r, const int *col, size_t ncols,
                    const char *name, int strict, const warn_sink *w, err *e) {
  if (read_row(g, r, col, ncols, name, w, e) == 0) return 0;
  if (strict || g->failed) return -1;
  warn_emit(w, "%s; row skipped", e->msg);
  return 0;
}

int gaz_load_csv(gazetteer *g, const char *path, int strict, const warn_sink *w, err *e) {
  csvread_opts o = {',', '"', 1};
  csvreader *c = csvread_open(path, &o, e);
  if (!c) return -1;
  csvrecord r;
  int col[NCOLS], rc, header = 0;
  size_t ncols = 0;
  while ((rc = csvread_next(c, &r, e)) > 0) {
    if (skip_record(&r)) continue;
    if (header ? data_row(g, &r, col, ncols, path, strict, w, e)
               : read_header(&r, col, path, w, e)) {
      rc = -1;
      break;
    }
    if (!header) ncols = r.nfields;
    header = 1;
  }
  csvread_close(c);
  if (rc == 0 && !header) rc = err_set(e, "%s:1: no header row (id, alias, ...)", path);
  return rc < 0 ? -1 : 0;
}

/* ---- accessors ------------------------------------------------------------------------ */

size_t gaz_entity_count(const gazetteer *g) { return g->nents; }
const gaz_entity *gaz_entity_at(const gazetteer *g, size_t i) {
  return i < g->nents ? &g->ents[i] : NULL;
}
long gaz_entity_find(const gazetteer *g, const char *id) {
  size_t n = strlen(id);
  return id_find(g, id, n, gaz_hash(id, n, 0));
}
int gaz_rename(gazetteer *g, size_t i, const char *name, err *e) {
  if (i >= g->nents) return err_set(e, "gazetteer: no entity %zu", i);
  if (check_utf8((slice){name, strlen(name)}, "name", "gaz:rename", e)) return -1;
  char *s = mem_strndup(name, strlen(name));
  if (!s) return err_set(e, "gazetteer: out of memory");
  mem_free((char *)g->ents[i].name);
  g->ents[i].name = s;
  g->einfo[i].has_name = 1;
  return 0;
}
size_t gaz_alias_count(const gazetteer *g) { return g->naliases; }
const gaz_alias *gaz_alias_at(const gazetteer *g, size_t i) {
  return i < g->naliases ? &g->aliases[i] : NULL;
}
const textproc *gaz_textproc(const gazetteer *g) { return g->tp; }
