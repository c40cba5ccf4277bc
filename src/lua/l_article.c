/*
 * l_article.c: the sahel.article module (load, parse, parse_date, new, defaults) and the
 * Article userdata: one block of Lua memory holding a C article and its strings, fields
 * read through __index, analyst-set extra fields kept in a user-value table.
 */
#include "l_article.h"

#include <string.h>

#include "bindings.h"
#include "article/date.h"
#include "article/jsonl.h"
#include "l_text.h"
#include "article/plaintext.h"
#include "lx_article.h"

#define SCRATCH_KEY "sahel.article.scratch"
#define SCRATCH_MT "sahel.ArticleScratch"

/* The fields an Article shows, in the order of totable. */
static const char *const field_keys[] = {"id",     "title", "date",    "date_raw", "source",
                                         "author", "url",   "summary", "body",     "origin",
                                         NULL};

/* field_ptr: field number i of a. */
static char *field_ptr(const article *a, int i) {
  char *const v[] = {a->id,     a->title, a->date,    a->date_raw, a->source,
                     a->author, a->url,   a->summary, a->body,     a->origin};
  return v[i];
}

/* ---- the block ------------------------------------------------------------------------ */

/* str_size: bytes a copy of s takes (0 for NULL). */
static size_t str_size(const char *s) { return s ? strlen(s) + 1 : 0; }

/* block_size: the bytes of one block holding a, its metadata and its strings. */
static size_t block_size(const article *a) {
  size_t n = sizeof(article) + a->nmeta * sizeof(meta_field);
  for (int i = 0; field_keys[i]; i++) n += str_size(field_ptr(a, i));
  for (size_t i = 0; i < a->nmeta; i++) {
    n += str_size(a->meta[i].key) + str_size(a->meta[i].value);
  }
  return n;
}

/* put: copy s to *p (advancing it); the copy, or NULL for NULL. */
static char *put(char **p, const char *s) {
  if (!s) return NULL;
  size_t n = strlen(s) + 1;
  char *copy = memcpy(*p, s, n);
  *p += n;
  return copy;
}

/* fill_block: copy a into the block b (block_size(a) bytes). */
static void fill_block(article *b, const article *a) {
  char *p = (char *)(b + 1) + a->nmeta * sizeof(meta_field);
  meta_field *m = (meta_field *)(b + 1);
  *b = (article){put(&p, a->id),     put(&p, a->title),  put(&p, a->date),
                 put(&p, a->date_raw), put(&p, a->source), put(&p, a->author),
                 put(&p, a->url),    put(&p, a->summary), put(&p, a->body),
                 a->nmeta ? m : NULL, a->nmeta, a->nmeta, put(&p, a->origin)};
  for (size_t i = 0; i < a->nmeta; i++) {
    m[i].key = put(&p, a->meta[i].key);
    m[i].value = put(&p, a->meta[i].value);
  }
}

void lx_pusharticle(lua_State *L, const article *a) {
  article *b = lua_newuserdatauv(L, block_size(a), 2); /* ud (uv1 extras, uv2 meta) */
  fill_block(b, a);
  luaL_setmetatable(L, LX_ARTICLE_MT);
}

/* check_article: the Article at idx (raises otherwise). */
static const article *check_article(lua_State *L, int idx) {
  return luaL_checkudata(L, idx, LX_ARTICLE_MT);
}

/* ---- fields --------------------------------------------------------------------------- */

/* push_meta: the metadata of the Article at 1 as a table (built once, kept in uv2). */
static void push_meta(lua_State *L, const article *a) {
  if (lua_getiuservalue(L, 1, 2) == LUA_TTABLE) return;
  lua_pop(L, 1);
  lua_createtable(L, 0, (int)a->nmeta);                 /* meta */
  for (size_t i = 0; i < a->nmeta; i++) {
    lua_pushstring(L, a->meta[i].value);
    lua_setfield(L, -2, a->meta[i].key);
  }
  lua_pushvalue(L, -1);                                 /* meta meta */
  lua_setiuservalue(L, 1, 2);                           /* meta */
}

/* art_index: a.field, a.meta, a:method, or an extra field set by the analyst.
 * Upvalues: 1 the methods, 2 field name -> number. */
static int art_index(lua_State *L) {
  const article *a = lua_touserdata(L, 1);
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(2)) == LUA_TNUMBER) { /* k i */
    const char *v = field_ptr(a, (int)lua_tointeger(L, -1));
    v ? lua_pushstring(L, v) : lua_pushnil(L);
    return 1;
  }
  if (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "meta") == 0) {
    push_meta(L, a);
    return 1;
  }
  lua_pushvalue(L, 2);
  if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL) return 1;
  if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) return 0;
  lua_pushvalue(L, 2);
  lua_rawget(L, -2);
  return 1;
}

/* art_newindex: a.k = v keeps an extra field; the article's own fields are read-only. */
static int art_newindex(lua_State *L) {
  lua_pushvalue(L, 2);
  int own = lua_rawget(L, lua_upvalueindex(2)) != LUA_TNIL;
  lua_pushvalue(L, 2);
  own = own || lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL ||
        (lua_type(L, 2) == LUA_TSTRING && strcmp(lua_tostring(L, 2), "meta") == 0);
  if (own) return luaL_error(L, "field '%s' of an article is read-only", lua_tostring(L, 2));
  if (lua_getiuservalue(L, 1, 1) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_newtable(L);
    lua_pushvalue(L, -1);
    lua_setiuservalue(L, 1, 1);
  }
  lua_pushvalue(L, 2);
  lua_pushvalue(L, 3);
  lua_rawset(L, -3);
  return 0;
}

/* art_tostring: "sahel.Article (id)". */
static int art_tostring(lua_State *L) {
  const article *a = check_article(L, 1);
  lua_pushfstring(L, "sahel.Article (%s)", a->id ? a->id : a->title ? a->title : "no id");
  return 1;
}

/* a:totable() -> a plain table of the fields, meta and extra fields */
static int art_totable(lua_State *L) {
  const article *a = check_article(L, 1);
  lua_newtable(L);                                      /* t */
  if (lua_getiuservalue(L, 1, 1) == LUA_TTABLE) {       /* t extras */
    lua_pushnil(L);
    while (lua_next(L, -2)) {                           /* t extras k v */
      lua_pushvalue(L, -2);
      lua_insert(L, -2);                                /* t extras k k v */
      lua_rawset(L, -5);                                /* t extras k */
    }
  }
  lua_pop(L, 1);                                        /* t */
  for (int i = 0; field_keys[i]; i++) {
    if (!field_ptr(a, i)) continue;
    lua_pushstring(L, field_ptr(a, i));
    lua_setfield(L, -2, field_keys[i]);
  }
  push_meta(L, a);
  lua_setfield(L, -2, "meta");
  return 1;
}

/* a:text() -> the analyzed text: the title, a LF, then the body */
static int art_text(lua_State *L) {
  const article *a = check_article(L, 1);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  if (a->title) {
    luaL_addstring(&b, a->title);
    luaL_addchar(&b, '\n');
  }
  luaL_addstring(&b, a->body ? a->body : "");
  luaL_pushresult(&b);
  return 1;
}

/* ---- analysis ------------------------------------------------------------------------- */

/* Per-state scratch for analyses: reused, freed by the garbage collector. */
typedef struct {
  buf text;
  doc d;
} lx_scratch;

/* scratch_gc: release the scratch's memory. */
static int scratch_gc(lua_State *L) {
  lx_scratch *s = luaL_checkudata(L, 1, SCRATCH_MT);
  buf_free(&s->text);
  doc_free(&s->d);
  return 0;
}

/* get_scratch: the state's scratch (made on first use). */
static lx_scratch *get_scratch(lua_State *L) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, SCRATCH_KEY) == LUA_TUSERDATA) {
    lx_scratch *s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    return s;
  }
  lua_pop(L, 1);
  lx_scratch *s = lua_newuserdatauv(L, sizeof *s, 0);
  buf_init(&s->text);
  doc_init(&s->d);
  if (luaL_newmetatable(L, SCRATCH_MT)) {
    lua_pushcfunction(L, scratch_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  lua_setfield(L, LUA_REGISTRYINDEX, SCRATCH_KEY);
  return s;
}

/* analyze: the doc of the Article at 1 (normalization options at 2), in the scratch. */
static const doc *analyze(lua_State *L) {
  const article *a = check_article(L, 1);
  lx_norm_opts(L, 2, NULL);
  const textproc *tp = lx_textproc(L, lx_norm_flags(L, 2));
  lx_scratch *s = get_scratch(L);
  err e;
  if (article_text(a, &s->text)) lx_nomem(L);
  if (doc_analyze(&s->d, tp, s->text.data ? s->text.data : "", s->text.len, &e)) {
    luaL_error(L, "%s", e.msg);
  }
  return &s->d;
}

/* a:tokens([opts]) -> array of {text, norm, kind, start, stop, index, sentence, paragraph} */
static int art_tokens(lua_State *L) {
  lx_push_tokens(L, analyze(L));
  return 1;
}

/* a:sentences([opts]) -> array of {text, start, stop, index, first_token, tokens, paragraph} */
static int art_sentences(lua_State *L) {
  lx_push_spans(L, analyze(L), 1);
  return 1;
}

/* a:paragraphs([opts]) -> array of {text, start, stop, index, first_token, tokens} */
static int art_paragraphs(lua_State *L) {
  lx_push_spans(L, analyze(L), 0);
  return 1;
}

/* ---- options -------------------------------------------------------------------------- */

/* anchor: keep the value on top alive in the holder at h (popping it). */
static void anchor(lua_State *L, int h) { lua_rawseti(L, h, (lua_Integer)lua_rawlen(L, h) + 1); }

/* str_list: the value at v (a string or an array of strings) as a NULL-terminated array
 * anchored in holder h; *n its length. Raises naming the option what. */
static const char *const *str_list(lua_State *L, int h, int v, const char *what, size_t *n) {
  size_t len = lua_type(L, v) == LUA_TSTRING ? 1 : lua_istable(L, v) ? lua_rawlen(L, v) : 0;
  if (!lua_istable(L, v) && lua_type(L, v) != LUA_TSTRING) {
    luaL_error(L, "bad option '%s' (string or array of strings expected, got %s)", what,
               luaL_typename(L, v));
  }
  const char **list = lua_newuserdatauv(L, (len + 1) * sizeof *list, 0);
  anchor(L, h);
  for (size_t i = 0; i < len; i++) {
    if (lua_istable(L, v) && lua_rawgeti(L, v, (lua_Integer)i + 1) != LUA_TSTRING) {
      luaL_error(L, "bad option '%s' (item %d is not a string)", what, (int)i + 1);
    }
    list[i] = lua_tostring(L, lua_istable(L, v) ? -1 : v);
    if (lua_istable(L, v)) lua_pop(L, 1); /* the string stays in the table */
  }
  list[len] = NULL;
  if (n) *n = len;
  return list;
}

/* opt_list: opts[field] as a pattern list: nil -> NULL (defaults), false -> empty. */
static const char *const *opt_list(lua_State *L, int opts, int h, const char *field, size_t *n) {
  *n = 0;
  if (lua_isnoneornil(L, opts) || lua_getfield(L, opts, field) == LUA_TNIL) {
    if (!lua_isnoneornil(L, opts)) lua_pop(L, 1);
    return NULL;
  }
  const char *const *l = lua_toboolean(L, -1) ? str_list(L, h, lua_gettop(L), field, n)
                                              : str_list(L, h, h, field, n); /* empty */
  lua_pop(L, 1);
  return l;
}

/* opt_fields: opts.fields = {title = "headline" or {...}, ...} into o. */
static void opt_fields(lua_State *L, int opts, int h, corpus_opts *o) {
  if (lua_isnoneornil(L, opts) || lua_getfield(L, opts, "fields") == LUA_TNIL) {
    if (!lua_isnoneornil(L, opts)) lua_pop(L, 1);
    return;
  }
  int t = lua_gettop(L);
  luaL_argexpected(L, lua_istable(L, t), opts, "table for option 'fields'");
  for (int f = 0; f < AF_COUNT; f++) {
    if (lua_getfield(L, t, article_field_name((article_field)f)) != LUA_TNIL) {
      o->art.fields.names[f] = str_list(L, h, lua_gettop(L), "fields", NULL);
    }
    lua_pop(L, 1);
  }
  lua_pushnil(L);
  while (lua_next(L, t)) {
    lua_pop(L, 1);
    int known = 0;
    for (int f = 0; f < AF_COUNT && lua_type(L, -1) == LUA_TSTRING; f++) {
      known |= strcmp(lua_tostring(L, -1), article_field_name((article_field)f)) == 0;
    }
    if (!known) {
      luaL_error(L, "bad option 'fields' (no article field '%s')", luaL_tolstring(L, -1, NULL));
    }
  }
  lua_pop(L, 1);
}

/* opt_choice: opts[field] among names (NULL-terminated): its index, or def when absent. */
static int opt_choice(lua_State *L, int opts, const char *field, const char *const *names,
                      int def) {
  const char *s = lx_opt_string(L, opts, field, NULL);
  if (!s) return def;
  for (int i = 0; names[i]; i++) {
    if (strcmp(s, names[i]) == 0) return i;
  }
  return luaL_error(L, "bad option '%s' (unknown value '%s')", field, s);
}

/* opt_shard: opts.shard = {K, N} (shard K of N, 0 <= K < N) into o. */
static void opt_shard(lua_State *L, int opts, corpus_opts *o) {
  if (lua_isnoneornil(L, opts) || lua_getfield(L, opts, "shard") == LUA_TNIL) {
    if (!lua_isnoneornil(L, opts)) lua_pop(L, 1);
    return;
  }
  int ok = lua_istable(L, -1) && lua_rawlen(L, -1) == 2;
  lua_Integer kn[2] = {0, 0};
  for (int i = 0; ok && i < 2; i++) {
    lua_rawgeti(L, -1, i + 1);
    kn[i] = lua_tointegerx(L, -1, &ok);
    lua_pop(L, 1);
  }
  if (!ok || kn[1] < 1 || kn[1] > 1000000 || kn[0] < 0 || kn[0] >= kn[1]) {
    luaL_error(L, "bad option 'shard' ({K, N} expected: shard K of N, 0 <= K < N)");
  }
  lua_pop(L, 1);
  o->shard = (corpus_shard){(unsigned)kn[0], (unsigned)kn[1]};
}

const char *const lx_corpus_keys[] = {
  "encoding", "strict", "shape", "format", "delimiter", "from", "to", "source", "boilerplate",
  "credit", "fields", "warn", "shard", NULL,
};

void lx_corpus_opts(lua_State *L, int idx, corpus_opts *o) {
  static const char *const shapes[] = {"auto", "frontmatter", "raw", "plain", NULL};
  static const char *const formats[] = {"auto", "txt", "jsonl", "csv", "sqlite", NULL};
  idx = lua_absindex(L, idx);
  memset(o, 0, sizeof *o);
  o->policy = lx_policy(L);
  lua_newtable(L);                                      /* holder */
  int h = lua_gettop(L);
  o->art.encoding = lx_opt_string(L, idx, "encoding", NULL);
  o->art.strict = lx_opt_bool(L, idx, "strict", 0);
  o->art.shape = opt_choice(L, idx, "shape", shapes, PT_AUTO);
  o->format = (corpus_format)opt_choice(L, idx, "format", formats, CORPUS_AUTO);
  const char *d = lx_opt_string(L, idx, "delimiter", NULL);
  if (d && strlen(d) != 1) luaL_error(L, "bad option 'delimiter' (one character expected)");
  o->delimiter = d ? d[0] : 0;
  o->filter.from = lx_opt_string(L, idx, "from", NULL);
  o->filter.to = lx_opt_string(L, idx, "to", NULL);
  size_t n;
  o->filter.sources = opt_list(L, idx, h, "source", &n);
  o->boilerplate = opt_list(L, idx, h, "boilerplate", &o->nboilerplate);
  o->credit = opt_list(L, idx, h, "credit", &o->ncredit);
  opt_fields(L, idx, h, o);
  opt_shard(L, idx, o);
}

/* ---- the module ----------------------------------------------------------------------- */

/* opt_warn: push opts.warn (or nil) and return its index, for lx_warn_sink. */
static int opt_warn(lua_State *L, int opts) {
  if (lua_isnoneornil(L, opts)) lua_pushnil(L);
  else lua_getfield(L, opts, "warn");
  return lua_gettop(L);
}

/* sahel.article.load(path [, opts]) -> the first article of the file, or nil, message */
static int l_load(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lx_opts(L, 2, lx_corpus_keys);
  corpus_opts o;
  lx_corpus_opts(L, 2, &o);                             /* holder */
  lx_warn w;
  o.warn = lx_warn_sink(L, opt_warn(L, 2), &w);
  err e;
  corpus *c = corpus_open(path, &o, &e);
  if (!c) {
    lx_warn_release(&w);
    return lx_fail(L, e.msg);
  }
  article a;
  article_init(&a);
  int rc = corpus_next(c, &a, &e);
  corpus_close(c);
  lx_warn_release(&w);
  if (rc == 1) lx_pusharticle(L, &a);
  article_clear(&a);
  if (rc == 1) return 1;
  if (rc == 0) snprintf(e.msg, sizeof e.msg, "%s: no article", path);
  return lx_fail(L, e.msg);
}

/* parse_with: parse s as text (or a JSON object when opts.format is "jsonl") into a. */
static int parse_with(lua_State *L, const char *s, size_t len, article *a, err *e) {
  static const char *const keys[] = {
    "encoding", "strict", "shape", "format", "delimiter", "from", "to", "source", "boilerplate",
    "credit", "fields", "warn", "shard", "name", NULL,
  };
  lx_opts(L, 2, keys);
  corpus_opts o;
  lx_corpus_opts(L, 2, &o);                             /* holder */
  const char *name = lx_opt_string(L, 2, "name", "text");
  lx_warn w;
  warn_sink sink = lx_warn_sink(L, opt_warn(L, 2), &w);
  o.art.warn = &sink;
  o.art.rules = pt_rules_new(o.boilerplate, o.nboilerplate, o.credit, o.ncredit, e);
  int rc = -1;
  if (o.art.rules && o.format == CORPUS_JSONL) {
    buf scratch;
    buf_init(&scratch);
    rc = jsonl_parse_line(s, len, name, 0, &o.art, a, &scratch, e);
    buf_free(&scratch);
  } else if (o.art.rules) {
    rc = article_parse_text(s, len, name, &o.art, a, e);
  }
  pt_rules_free(o.art.rules);
  lx_warn_release(&w);
  return rc;
}

/* sahel.article.parse(text [, opts]) -> article, or nil, message */
static int l_parse(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  article a;
  err e;
  article_init(&a);
  int rc = parse_with(L, s, len, &a, &e);
  if (rc == 0) lx_pusharticle(L, &a);
  article_clear(&a);
  return rc == 0 ? 1 : lx_fail(L, e.msg);
}

/* sahel.article.parse_date(s) -> "YYYY-MM-DD", or nil, message */
static int l_parse_date(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  char iso[11];
  err e;
  if (date_parse(s, len, iso, &e)) return lx_fail(L, e.msg);
  lua_pushstring(L, iso);
  return 1;
}

/* is_own_key: whether the key on top is an article field name, "date" or "meta". */
static int is_own_key(lua_State *L) {
  if (lua_type(L, -1) != LUA_TSTRING) return 0;
  const char *k = lua_tostring(L, -1);
  for (int i = 0; field_keys[i]; i++) {
    if (strcmp(k, field_keys[i]) == 0) return 1;
  }
  return strcmp(k, "meta") == 0;
}

/* sahel.article.new(t) -> article: from a table {id, title, date, source, author, url,
 * summary, body, origin, meta = {k = v}}; other keys become extra fields */
static int l_new(lua_State *L) {
  luaL_checktype(L, 1, LUA_TTABLE);
  lua_settop(L, 1);
  article *a = lx_article_holder(L);                    /* holder */
  lx_article_from_lua(L, 1, 0, a);
  lx_pusharticle(L, a);                                 /* holder ud */
  article_clear(a);
  lua_newtable(L);                                      /* holder ud extras */
  lua_pushnil(L);
  while (lua_next(L, 1)) {                              /* ud extras k v */
    lua_pushvalue(L, -2);
    if (is_own_key(L)) {
      lua_pop(L, 2);
      continue;
    }
    lua_insert(L, -2);                                  /* holder ud extras k k v */
    lua_rawset(L, -4);                                  /* holder ud extras k */
  }
  lua_setiuservalue(L, -2, 1);                          /* holder ud */
  return 1;
}

/* push_strings: push an array of the strings of the NULL-terminated list l. */
static void push_strings(lua_State *L, const char *const *l) {
  lua_newtable(L);
  for (int i = 0; l[i]; i++) {
    lua_pushstring(L, l[i]);
    lua_rawseti(L, -2, i + 1);
  }
}

/* sahel.article.defaults() -> {boilerplate = {...}, credit = {...}, fields = {...}} */
static int l_defaults(lua_State *L) {
  size_t n;
  lua_newtable(L);
  push_strings(L, pt_defaults(PT_BOILERPLATE, &n));
  lua_setfield(L, -2, "boilerplate");
  push_strings(L, pt_defaults(PT_CREDIT, &n));
  lua_setfield(L, -2, "credit");
  lua_newtable(L);
  for (int f = 0; f < AF_COUNT; f++) {
    push_strings(L, article_field_defaults((article_field)f));
    lua_setfield(L, -2, article_field_name((article_field)f));
  }
  lua_setfield(L, -2, "fields");
  return 1;
}

static const luaL_Reg funcs[] = {
  {"load", l_load},
  {"parse", l_parse},
  {"parse_date", l_parse_date},
  {"new", l_new},
  {"defaults", l_defaults},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"text", art_text},
  {"tokens", art_tokens},
  {"sentences", art_sentences},
  {"paragraphs", art_paragraphs},
  {"totable", art_totable},
  {NULL, NULL}
};

/* set_metatable: sahel.Article's metatable; __index and __newindex close over the methods
 * and the field numbers. */
static void set_metatable(lua_State *L) {
  luaL_newmetatable(L, LX_ARTICLE_MT);                  /* mt */
  luaL_newlib(L, methods);                              /* mt methods */
  lua_newtable(L);                                      /* mt methods fields */
  for (int i = 0; field_keys[i]; i++) {
    lua_pushinteger(L, i);
    lua_setfield(L, -2, field_keys[i]);
  }
  lua_pushvalue(L, -2);
  lua_pushvalue(L, -2);                                 /* mt methods fields methods fields */
  lua_pushcclosure(L, art_index, 2);
  lua_setfield(L, -4, "__index");                       /* mt methods fields */
  lua_pushcclosure(L, art_newindex, 2);                 /* mt newindex */
  lua_setfield(L, -2, "__newindex");
  lua_pushcfunction(L, art_tostring);
  lua_setfield(L, -2, "__tostring");
  lua_pop(L, 1);
}

int luaopen_sahel_article(lua_State *L) {
  set_metatable(L);
  lx_newlib(L, funcs, NULL, NULL, NULL);
  return 1;
}
