/*
 * l_gazetteer.c: the sahel.gazetteer module: sahel.Gazetteer handles over src/core's
 * gazetteer (loading, tables, lookup, mentions, corpus counts).
 *
 * Index conventions (as l_text.h): `start`/`stop` are 1-based inclusive bytes
 * (s:sub(start, stop) is the surface); `byte_start`/`byte_end` are 0-based, end exclusive
 * (as in mentions.csv); `token`, `sentence` and `paragraph` are 0-based (paragraph 0 is the
 * title when the article has one).
 */
#include <string.h>

#include "l_gazetteer.h"

#include "bindings.h"
#include "gazetteer/gazetteer_count.h"
#include "l_article.h"
#include "l_corpus.h"
#include "l_text.h"
#include "lx_pipeline.h"

#define GAZ_MT LX_GAZETTEER_MT

/* A handle: the gazetteer and the scratch of the calls made from Lua. */
typedef struct {
  gazetteer *g; /* NULL once closed */
  const textproc *tp; /* borrowed from l_text's per-state cache */
  doc d;
  mention_list m;
  buf text;
} lgaz;

/* ---- handles ------------------------------------------------------------------------- */

/* gaz_close: __gc, __close and gaz:close(): release everything; safe to call twice. */
static int gaz_close(lua_State *L) {
  lgaz *h = luaL_checkudata(L, 1, GAZ_MT);
  if (h->g) {
    gaz_free(h->g);
    h->g = NULL;
    doc_free(&h->d);
    mention_list_free(&h->m);
    buf_free(&h->text);
  }
  return 0;
}

/* gaz_tostring: "sahel.Gazetteer (N entities, M aliases)" or "sahel.Gazetteer (closed)". */
static int gaz_tostring(lua_State *L) {
  lgaz *h = luaL_checkudata(L, 1, GAZ_MT);
  if (!h->g) lua_pushstring(L, GAZ_MT " (closed)");
  else
    lua_pushfstring(L, GAZ_MT " (%d entities, %d aliases)", (int)gaz_entity_count(h->g),
                    (int)gaz_alias_count(h->g));
  return 1;
}

/* check_gaz: the open handle at idx (raises when it is closed or not a gazetteer). */
static lgaz *check_gaz(lua_State *L, int idx) {
  lgaz *h = luaL_checkudata(L, idx, GAZ_MT);
  if (!h->g) luaL_argerror(L, idx, "attempt to use a closed gazetteer");
  return h;
}

const gazetteer *lx_togazetteer(lua_State *L, int idx) { return check_gaz(L, idx)->g; }

/* new_gaz: push an empty open handle matching with the normalization steps of opts. */
static lgaz *new_gaz(lua_State *L, int opts) {
  const textproc *tp = lx_textproc(L, lx_norm_flags(L, opts));
  lgaz *h = lua_newuserdatauv(L, sizeof *h, 1);      /* gaz */
  h->g = NULL;
  luaL_setmetatable(L, GAZ_MT);
  err e;
  if (!(h->g = gaz_new(tp, &e))) luaL_error(L, "%s", e.msg);
  h->tp = tp;
  doc_init(&h->d);
  mention_list_init(&h->m);
  buf_init(&h->text);
  return h;
}

/* sahel.gazetteer.new([opts]) -> an empty gazetteer */
static int l_new(lua_State *L) {
  lx_norm_opts(L, 1, NULL);
  new_gaz(L, 1);
  return 1;
}

/* warn_arg: a warn_sink calling opts.warn (a function) or printing to stderr. */
static warn_sink warn_arg(lua_State *L, int opts, lx_warn *w) {
  int idx = 0;
  if (lua_istable(L, opts) && lua_getfield(L, opts, "warn") != LUA_TNIL) idx = lua_gettop(L);
  warn_sink s = lx_warn_sink(L, idx, w);
  if (idx) lua_pop(L, 1); /* the sink holds its own reference */
  return s;
}

/* sahel.gazetteer.load(path [, opts]) -> gazetteer | nil, message; opts.strict: a bad row
 * fails the load (else it is skipped with a warning) */
static int l_load(lua_State *L) {
  static const char *const keys[] = {"warn", "strict", NULL};
  const char *path = luaL_checkstring(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TTABLE);
  lx_norm_opts(L, 2, keys);
  if (!lx_check_path(L, path, "r")) return 2;        /* a sandbox refused it */
  int strict = lx_opt_bool(L, 2, "strict", 0);
  lgaz *h = new_gaz(L, 2);                           /* gaz */
  lx_warn lw;
  warn_sink w = warn_arg(L, 2, &lw);
  err e;
  int rc = gaz_load_csv(h->g, path, strict, &w, &e);
  lx_warn_release(&lw);
  if (rc) {
    lua_pushcfunction(L, gaz_close);
    lua_pushvalue(L, -2);
    lua_call(L, 1, 0);
    return lx_fail(L, e.msg);
  }
  return 1;
}

/* ---- tables ----------------------------------------------------------------------------- */

/* setstr / setint / setbool: t[k] = v for the table on top of the stack. */
static void setstr(lua_State *L, const char *k, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}
static void setint(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}
static void setbool(lua_State *L, const char *k, int v) {
  lua_pushboolean(L, v);
  lua_setfield(L, -2, k);
}

/* row_field: row[k] of the table at index 2 as a string (NULL when absent); raises when it
 * is not a string. */
static const char *row_field(lua_State *L, const char *k) {
  int t = lua_getfield(L, 2, k);
  if (t != LUA_TNIL && t != LUA_TSTRING && t != LUA_TNUMBER)
    luaL_error(L, "bad field '%s' in gazetteer row (string expected, got %s)", k,
               luaL_typename(L, -1));
  const char *v = lua_tostring(L, -1);
  lua_pop(L, 1); /* still referenced by the row */
  return v;
}

/* gaz:add(row [, warn]) -> true | nil, message */
static int l_add(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (!lua_isnoneornil(L, 3)) luaL_checktype(L, 3, LUA_TFUNCTION);
  lua_settop(L, 3);
  gaz_row row = {row_field(L, "id"),   row_field(L, "alias"), row_field(L, "type"),
                 row_field(L, "name"), row_field(L, "kind"),  row_field(L, "flags"),
                 row_field(L, "context")};
  luaL_where(L, 1);                                  /* ... where */
  char origin[256];
  snprintf(origin, sizeof origin, "%s", lua_tostring(L, -1));
  size_t n = strlen(origin);
  while (n && (origin[n - 1] == ' ' || origin[n - 1] == ':')) origin[--n] = '\0';
  if (!n) snprintf(origin, sizeof origin, "gaz:add");
  lx_warn lw;
  warn_sink w = lx_warn_sink(L, 3, &lw);
  err e;
  int rc = gaz_add(h->g, &row, origin, &w, &e);
  lx_warn_release(&lw);
  lua_pushnil(L); /* an entity's name may have changed: forget the strings of records */
  lua_setiuservalue(L, 1, 1);
  if (rc) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* gaz:rename(id, name) -> true | nil, message (an unknown id) */
static int l_rename(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  const char *id = luaL_checkstring(L, 2);
  size_t len;
  const char *name = luaL_checklstring(L, 3, &len);
  if (len == 0 || strlen(name) != len) luaL_argerror(L, 3, "a non-empty name without NUL expected");
  long i = gaz_entity_find(h->g, id);
  if (i < 0) return lx_fail(L, lua_pushfstring(L, "unknown entity '%s'", id));
  err e;
  if (gaz_rename(h->g, (size_t)i, name, &e)) return lx_fail(L, e.msg);
  lua_pushnil(L); /* forget the strings of records: they hold the old name */
  lua_setiuservalue(L, 1, 1);
  lua_pushboolean(L, 1);
  return 1;
}

/* push_entity: the record of entity i: {id, type, name, aliases = count}. */
static void push_entity(lua_State *L, const gazetteer *g, size_t i) {
  const gaz_entity *en = gaz_entity_at(g, i);
  lua_createtable(L, 0, 5);
  setstr(L, "id", en->id);
  setstr(L, "type", en->type);
  setstr(L, "name", en->name);
  setint(L, "index", (lua_Integer)i);
  size_t n = 0;
  for (size_t k = 0; k < gaz_alias_count(g); k++) n += gaz_alias_at(g, k)->entity == i;
  setint(L, "aliases", (lua_Integer)n);
}

/* gaz:entities() -> array of {id, type, name, index, aliases}, in file order */
static int l_entities(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  size_t n = gaz_entity_count(h->g);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    push_entity(L, h->g, i);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* gaz:entity(id) -> {id, type, name, index, aliases} | nil */
static int l_entity(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  long i = gaz_entity_find(h->g, luaL_checkstring(L, 2));
  if (i < 0) return 0;
  push_entity(L, h->g, (size_t)i);
  return 1;
}

/* push_alias: the record of alias k: {alias, entity, kind, ambiguous, context, origin}. */
static void push_alias(lua_State *L, const gazetteer *g, size_t k) {
  const gaz_alias *a = gaz_alias_at(g, k);
  lua_createtable(L, 0, 6);
  setstr(L, "alias", a->text);
  setstr(L, "entity", gaz_entity_at(g, a->entity)->id);
  setstr(L, "kind", a->kind);
  setbool(L, "ambiguous", a->ambiguous);
  if (a->no_proclitic) setbool(L, "no_proclitic", 1);
  if (a->context) setstr(L, "context", a->context);
  setstr(L, "origin", a->origin);
}

/* gaz:aliases(id) -> array of alias records, in file order | nil, message */
static int l_aliases(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  const char *id = luaL_checkstring(L, 2);
  long i = gaz_entity_find(h->g, id);
  if (i < 0) {
    lua_pushnil(L);
    lua_pushfstring(L, "unknown entity '%s'", id);
    return 2;
  }
  lua_newtable(L);
  for (size_t k = 0, n = 0; k < gaz_alias_count(h->g); k++) {
    if (gaz_alias_at(h->g, k)->entity != (uint32_t)i) continue;
    push_alias(L, h->g, k);
    lua_rawseti(L, -2, (lua_Integer)++n);
  }
  return 1;
}

/* ---- matching -------------------------------------------------------------------------- */

/* analyze_arg: analyze the text at idx (a string, or an article: its analyzed text,
 * TEXT-SPEC §2) into h->d; the article, or NULL for a string; raises on failure. */
static const article *analyze_arg(lua_State *L, lgaz *h, int idx) {
  const article *a = lua_type(L, idx) == LUA_TSTRING ? NULL : lx_toarticle(L, idx);
  if (!a && lua_type(L, idx) != LUA_TSTRING) luaL_typeerror(L, idx, "string or sahel.Article");
  size_t len;
  const char *s = a ? NULL : lua_tolstring(L, idx, &len);
  if (a) {
    if (article_text(a, &h->text)) lx_nomem(L);
    s = h->text.data ? h->text.data : "";
    len = h->text.len;
  }
  err e;
  if (doc_analyze(&h->d, h->tp, s, len, &e)) luaL_error(L, "%s", e.msg);
  return a;
}

/* meta_of: the article fields patterns may test: the article's, or for a text those of
 * the table at index opts {source, category} (0: none; strings kept alive by opts). */
static gaz_meta meta_of(lua_State *L, const article *a, int opts) {
  if (a) return (gaz_meta){a->source, article_category(a)};
  if (!opts) return (gaz_meta){NULL, NULL};
  return (gaz_meta){lx_opt_string(L, opts, "source", NULL),
                    lx_opt_string(L, opts, "category", NULL)};
}

/* push_window: the left and right fields of a mention's key-word-in-context window. */
static void push_window(lua_State *L, const doc *d, const mention *c, size_t k) {
  gaz_window w = gaz_context(d, c, k);
  lua_pushlstring(L, d->text + w.left_start, w.left_stop - w.left_start);
  lua_setfield(L, -2, "left");
  lua_pushlstring(L, d->text + w.right_start, w.right_stop - w.right_start);
  lua_setfield(L, -2, "right");
}

/* The fields of a mention record, in the order push_mention sets them (its keys are made
 * once per state: lx_keys). */
enum { MK_ENTITY = 1, MK_NAME, MK_TYPE, MK_ALIAS, MK_SURFACE, MK_TOKEN, MK_TOKENS, MK_START,
       MK_STOP, MK_BYTE_START, MK_BYTE_END, MK_SENTENCE, MK_PARAGRAPH, MK_PROCLITIC,
       MK_DEMONYM, MK_EVIDENCE, MK_DROPPED, MK_NEGATIVE, MK_N = MK_NEGATIVE };
static const char *const mention_keys[MK_N] = {
  "entity", "name", "type", "alias", "surface", "token", "tokens", "start", "stop",
  "byte_start", "byte_end", "sentence", "paragraph", "proclitic", "demonym", "evidence",
  "dropped", "negative"};
static const char mention_keys_slot = 0; /* its address names the keys in the registry */

/* The strings of records (entity ids, names and types, alias texts) as Lua strings, made
 * on first use and kept in the gazetteer handle's user value until gaz:add changes it:
 * entity i's at 4i + 1..3, alias j's at -(j + 1). */
enum { SC_ID = 1, SC_NAME, SC_TYPE, SC_PER_ENTITY = 4 };

/* string_cache: push the string cache of the handle at index gaz; returns its index. */
static int string_cache(lua_State *L, int gaz) {
  if (lua_getiuservalue(L, gaz, 1) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, gaz, 1);
  }
  return lua_gettop(L);
}

/* kstr: t[keys[k]] = s for the table t on top of the stack (keys at index kx: lx_keys),
 * s kept in the string cache at cx under slot. */
static void kstr(lua_State *L, int kx, int k, int cx, lua_Integer slot, const char *s) {
  lua_rawgeti(L, kx, k);
  if (lua_rawgeti(L, cx, slot) == LUA_TNIL) {
    lua_pop(L, 1);
    lua_pushstring(L, s);
    lua_pushvalue(L, -1);
    lua_rawseti(L, cx, slot);
  }
  lua_rawset(L, -3);
}

/* kint / kbool: t[keys[k]] = v for the table t on top of the stack. */
static void kint(lua_State *L, int kx, int k, lua_Integer v) {
  lua_rawgeti(L, kx, k);
  lua_pushinteger(L, v);
  lua_rawset(L, -3);
}
static void kbool(lua_State *L, int kx, int k, int v) {
  lua_rawgeti(L, kx, k);
  lua_pushboolean(L, v);
  lua_rawset(L, -3);
}

/* push_mention: the record of mention c of h->d (with a window of k words when k > 0);
 * kx: the index of the mention keys (lx_keys), cx: the string cache's. */
static void push_mention(lua_State *L, int kx, int cx, const lgaz *h, const mention *c,
                         lua_Integer k) {
  const gaz_entity *en = gaz_entity_at(h->g, c->entity);
  lua_Integer e = (lua_Integer)c->entity * SC_PER_ENTITY;
  lua_createtable(L, 0, MK_N + 2);
  kstr(L, kx, MK_ENTITY, cx, e + SC_ID, en->id);
  kstr(L, kx, MK_NAME, cx, e + SC_NAME, en->name);
  kstr(L, kx, MK_TYPE, cx, e + SC_TYPE, en->type);
  kstr(L, kx, MK_ALIAS, cx, -(lua_Integer)c->alias - 1, gaz_alias_at(h->g, c->alias)->text);
  lua_rawgeti(L, kx, MK_SURFACE);
  lua_pushlstring(L, h->d.text + c->byte_start, c->byte_end - c->byte_start);
  lua_rawset(L, -3);
  kint(L, kx, MK_TOKEN, c->tok_first);
  kint(L, kx, MK_TOKENS, c->tok_count);
  kint(L, kx, MK_START, (lua_Integer)c->byte_start + 1);
  kint(L, kx, MK_STOP, c->byte_end);
  kint(L, kx, MK_BYTE_START, c->byte_start);
  kint(L, kx, MK_BYTE_END, c->byte_end);
  kint(L, kx, MK_SENTENCE, c->sentence);
  kint(L, kx, MK_PARAGRAPH, c->paragraph);
  kbool(L, kx, MK_PROCLITIC, c->flags & MENTION_PROCLITIC);
  kbool(L, kx, MK_DEMONYM, c->flags & MENTION_DEMONYM);
  kbool(L, kx, MK_EVIDENCE, c->flags & MENTION_EVIDENCE);
  kbool(L, kx, MK_DROPPED, c->flags & MENTION_DROPPED);
  kbool(L, kx, MK_NEGATIVE, c->flags & MENTION_NEGATIVE);
  if (k > 0) push_window(L, &h->d, c, (size_t)k);
}

/* match_opts: the GAZ_* options of opts {demonyms, report_dropped}. */
static unsigned match_opts(lua_State *L, int opts) {
  return (lx_opt_bool(L, opts, "demonyms", 0) ? GAZ_DEMONYMS : 0) |
         (lx_opt_bool(L, opts, "report_dropped", 0) ? GAZ_KEEP_DROPPED : 0);
}

/* gaz:mentions(article_or_text [, opts]) -> array of mention records, in text order */
static int l_mentions(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  static const char *const keys[] = {"demonyms", "report_dropped", "window", "entity",
                                     "source", "category", NULL};
  lx_opts(L, 3, keys);
  unsigned mo = match_opts(L, 3);
  lua_Integer window = lx_opt_int(L, 3, "window", 0);
  const char *only = lx_opt_string(L, 3, "entity", NULL);
  long ent = only ? gaz_entity_find(h->g, only) : -1;
  if (only && ent < 0) luaL_argerror(L, 3, lua_pushfstring(L, "unknown entity '%s'", only));
  luaL_argcheck(L, window >= 0, 3, "window must be >= 0");
  gaz_meta meta = meta_of(L, analyze_arg(L, h, 2), 3);
  if (gaz_match_article(h->g, &h->d, &meta, mo, &h->m)) return lx_nomem(L);
  int kx = lx_keys(L, &mention_keys_slot, mention_keys, MK_N); /* keys */
  int cx = string_cache(L, 1);                       /* keys cache */
  lua_createtable(L, (int)h->m.n, 0);                /* keys cache list */
  for (size_t i = 0, n = 0; i < h->m.n; i++) {
    if (ent >= 0 && h->m.items[i].entity != (uint32_t)ent) continue;
    push_mention(L, kx, cx, h, &h->m.items[i], window); /* keys cache list m */
    lua_rawseti(L, -2, (lua_Integer)++n);               /* keys cache list */
  }
  return 1;
}

/* push_hit: the record of gaz:lookup for hit in h->d. */
static void push_hit(lua_State *L, const lgaz *h, const gaz_hit *hit) {
  const token *t = &h->d.tokens[0];
  push_alias(L, h->g, hit->alias);
  const gaz_entity *en = gaz_entity_at(h->g, hit->entity);
  setstr(L, "name", en->name);
  setstr(L, "type", en->type);
  lua_pushlstring(L, h->d.norm.data + t->norm, t->norm_len);
  lua_setfield(L, -2, "norm");
  lua_pushlstring(L, hit->form_text, hit->form_len);
  lua_setfield(L, -2, "form");
  setbool(L, "proclitic", hit->form > 0);
  setbool(L, "demonym", strcmp(gaz_alias_at(h->g, hit->alias)->kind, "demonym") == 0);
  setint(L, "tokens", hit->tok_count);
  setbool(L, "full", hit->tok_count == h->d.ntokens);
}

/* gaz:lookup(word_or_phrase [, opts]) -> the alias matching from its first word | nil */
static int l_lookup(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  luaL_checkstring(L, 2);
  static const char *const keys[] = {"demonyms", NULL};
  lx_opts(L, 3, keys);
  unsigned mo = lx_opt_bool(L, 3, "demonyms", 1) ? GAZ_DEMONYMS : 0;
  analyze_arg(L, h, 2);
  gaz_hit hit;
  int rc = gaz_lookup(h->g, &h->d, 0, mo, &h->m, &hit);
  if (rc < 0) return lx_nomem(L);
  if (rc == 0) return 0;
  push_hit(L, h, &hit);
  return 1;
}

/* push_counts: the table id -> {mentions, articles} of every entity. */
static void push_counts(lua_State *L, const gazetteer *g, const uint64_t *mentions,
                        const uint64_t *articles) {
  size_t n = gaz_entity_count(g);
  lua_createtable(L, 0, (int)n);                     /* counts */
  for (size_t i = 0; i < n; i++) {
    lua_createtable(L, 0, 2);                        /* counts c */
    setint(L, "mentions", (lua_Integer)mentions[i]);
    setint(L, "articles", (lua_Integer)articles[i]);
    lua_setfield(L, -2, gaz_entity_at(g, i)->id);    /* counts */
  }
}

/* gaz:count(corpus [, opts]) -> id -> {mentions, articles}, articles read | nil, message
 * corpus: a sahel.Corpus or an array of texts and articles. opts: demonyms, threads, warn. */
static int l_count(lua_State *L) {
  lgaz *h = check_gaz(L, 1);
  static const char *const keys[] = {"demonyms", "threads", "warn", NULL};
  lua_settop(L, 3);
  lx_opts(L, 3, keys);
  unsigned mo = lx_opt_bool(L, 3, "demonyms", 0) ? GAZ_DEMONYMS : 0;
  pipeline_opts o = lx_run_opts(L, 3);
  lx_source_new(L, 2, LX_SRC_CORPUS | LX_SRC_ARRAY | LX_SRC_TEXTS); /* src */
  if (lx_source_round(L, 4, 0, &o) < 0) return lua_error(L);
  size_t n = gaz_entity_count(h->g);
  uint64_t *mentions = lua_newuserdatauv(L, (n ? n : 1) * sizeof *mentions, 0);
  uint64_t *articles = lua_newuserdatauv(L, (n ? n : 1) * sizeof *articles, 0);
  pipeline_warnings pw;
  pipeline_warnings_init(&pw);
  gaz_counts out;
  err e;
  int rc = gaz_count(h->g, mo, &o, &pw, &out, &e);
  lx_emit_warnings(L, 3, &pw);
  pipeline_warnings_free(&pw);
  if (rc) return lx_fail(L, e.msg);
  memcpy(mentions, out.mentions, n * sizeof *mentions);
  memcpy(articles, out.articles, n * sizeof *articles);
  uint64_t narticles = out.narticles;
  gaz_counts_free(&out); /* nothing raises from here to its free */
  push_counts(L, h->g, mentions, articles);
  lua_pushinteger(L, (lua_Integer)narticles);
  return 2;
}

/* ---- the module ---------------------------------------------------------------------- */

static const luaL_Reg funcs[] = {
  {"new", l_new},
  {"load", l_load},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"add", l_add},
  {"entities", l_entities},
  {"entity", l_entity},
  {"rename", l_rename},
  {"aliases", l_aliases},
  {"lookup", l_lookup},
  {"mentions", l_mentions},
  {"count", l_count},
  {"close", gaz_close},
  {NULL, NULL}
};

static const luaL_Reg meta[] = {
  {"__gc", gaz_close},
  {"__close", gaz_close},
  {"__tostring", gaz_tostring},
  {NULL, NULL}
};

int luaopen_sahel_gazetteer(lua_State *L) {
  lx_newlib(L, funcs, GAZ_MT, methods, meta);
  return 1;
}
