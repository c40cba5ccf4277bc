/* gazetteer_pattern.c: the evidence patterns of ambiguous aliases (TEXT-SPEC §6.4), parsed
 * from a row's context column into the tables of gazetteer_internal.h. */
#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "gazetteer/gazetteer_internal.h"
#include "gazetteer/gazetteer_load.h"

/* push_item: append one pattern item; 0 or -1 (memory). */
static int push_item(gazetteer *g, gaz_item it, err *e) {
  if (mem_grow(&g->items, &g->items_cap, g->nitems + 1, sizeof *g->items))
    return no_memory(g, e);
  g->items[g->nitems++] = it;
  return 0;
}

/* gaz_analyze: tokenize s[0..n) into g->scratch; -1 (a failure to remember: memory) or 0. */
int gaz_analyze(gazetteer *g, slice s, err *e) {
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
  if (gaz_analyze(g, s, e)) return -1;
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
 * condition (`@source:`, `@category:`) or a mention condition (`@no_proclitic`, `@quoted`). */
static int is_condition(slice it) {
  slice v = {NULL, 0};
  return is_eq(it, "@no_proclitic") || is_eq(it, "@quoted") ||
         (it.n > 1 && it.s[0] == '@' && field_of((slice){it.s + 1, it.n - 1}, &v) >= 0);
}

/* push_condition: `@no_proclitic` as an ITEM_AS_WRITTEN item, `@quoted` as an ITEM_QUOTED
 * one, or the article condition `@field:value` as an ITEM_FIELD item: the value's words in
 * match form, one space between them. 0 or -1. */
static int push_condition(gazetteer *g, slice it, const char *origin, err *e) {
  if (is_eq(it, "@no_proclitic")) return push_item(g, (gaz_item){ITEM_AS_WRITTEN, 0, 0, 0}, e);
  if (is_eq(it, "@quoted")) return push_item(g, (gaz_item){ITEM_QUOTED, 0, 0, 0}, e);
  slice v = {NULL, 0};
  int f = field_of((slice){it.s + 1, it.n - 1}, &v);
  if (gaz_analyze(g, v, e)) return -1;
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
                   "@MISC, @DEF, @NUM, @source:VALUE, @category:VALUE, @no_proclitic, @quoted)",
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

/* gaz_parse_context: the patterns of a context column, separated by `|` (empty ones skipped). */
int gaz_parse_context(gazetteer *g, slice c, const char *origin, err *e) {
  for (size_t i = 0; i < c.n;) {
    size_t j = i;
    while (j < c.n && c.s[j] != '|') j++;
    slice p = trim(c.s + i, j - i);
    if (p.n && parse_pattern(g, p, origin, e)) return -1;
    i = j + 1;
  }
  return 0;
}
