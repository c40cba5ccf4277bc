/*
 * gazetteer.c: loading gazetteers (TEXT-SPEC §5) into the tables of gazetteer_internal.h:
 * entities, aliases and the trie of alias tokens, row by row. The evidence patterns of
 * ambiguous aliases are parsed in gazetteer_pattern.c, CSV files read in gazetteer_csv.c
 * (both through gazetteer_load.h); the matcher lives in matcher.c.
 */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unicode/utf8.h>

#include "base/mem.h"
#include "gazetteer/gazetteer_internal.h"
#include "gazetteer/gazetteer_load.h"

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
    err_nomem_at(e, "gazetteer");
    return NULL;
  }
  g->tp = tp;
  g->uid = gaz_uid(g);
  buf_init(&g->words);
  doc_init(&g->scratch);
  g->nodes = mem_calloc(16, sizeof *g->nodes); /* node 0: the root */
  if (!g->nodes) {
    mem_free(g);
    err_nomem_at(e, "gazetteer");
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

/* field: the trimmed view of an optional C string. */
static slice field(const char *s) { return s ? trim(s, strlen(s)) : (slice){NULL, 0}; }

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
  g->ents[g->nents] = (gaz_entity){s, gaz_type_names[GAZ_MISC], NULL};
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
    en->type = gaz_type_names[in->type];
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

/* ---- aliases and the trie ----------------------------------------------------------- */

/* alias_tokens: tokenize the alias into g->scratch; -1 unless it holds a word token and
 * every token has a non-empty match form (a lone tatweel has none, and matches nothing). */
static int alias_tokens(gazetteer *g, slice a, const char *origin, err *e) {
  if (gaz_analyze(g, a, e)) return -1;
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
    if (is_eq(t, gaz_type_names[i])) return i;
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
  if (amb && gaz_parse_context(g, r->context, origin, e)) return -1;
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
  if (!s) return err_nomem_at(e, "gazetteer");
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
