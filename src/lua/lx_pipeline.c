/*
 * lx_pipeline.c: the seam between Lua and the pipeline (see lx_pipeline.h): articles from
 * Lua values, the source over a corpus, an array or a function, the run options and the
 * hand-off of the workers' warnings.
 */
#include "lx_pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "l_article.h"
#include "l_corpus.h"
#include "base/mem.h"

#define SOURCE_MT "sahel.PipelineSource"
#define HOLDER_MT "sahel.ArticleHolder"

/* ---- articles from Lua ---------------------------------------------------------------- */

/* The string fields of an article table, and where each goes. */
static const char *const string_keys[] = {"id",  "title",   "source", "author",
                                          "url", "summary", "body",   "origin"};

/* string_slot: the field of a named string_keys[k]. */
static char **string_slot(article *a, size_t k) {
  char **slots[] = {&a->id,  &a->title,   &a->source, &a->author,
                    &a->url, &a->summary, &a->body,   &a->origin};
  return slots[k];
}

/* bad_field: raise "article N: field 'k' must be <what> (got <type>)". */
static int bad_field(lua_State *L, lua_Integer index, const char *k, const char *what, int ty) {
  if (index > 0) {
    return luaL_error(L, "article %I: field '%s' must be %s (got %s)", index, k, what,
                      lua_typename(L, ty));
  }
  return luaL_error(L, "field '%s' must be %s (got %s)", k, what, lua_typename(L, ty));
}

/* set_or_raise: *slot = s[0..len) (s may be NULL: nothing); raises when out of memory. */
static void set_or_raise(lua_State *L, char **slot, const char *s, size_t len) {
  if (s && article_set(slot, s, len) < 0) lx_nomem(L);
}

/* string_field: t[k] of the table at t as a string (NULL when nil); raises on another
 * type. The string stays referenced by the table. */
static const char *string_field(lua_State *L, int t, lua_Integer index, const char *k,
                                size_t *len) {
  int ty = lua_getfield(L, t, k);
  if (ty != LUA_TNIL && ty != LUA_TSTRING) bad_field(L, index, k, "a string", ty);
  const char *s = lua_tolstring(L, -1, len);
  lua_pop(L, 1);
  return s;
}

/* compare_strings: qsort order of C strings. */
static int compare_strings(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* meta_keys: the keys of the meta table at m, sorted, in a userdata pushed on the stack
 * (strings kept alive by the table); raises on a key that is not a string or a value that
 * is neither a string nor a number. */
static const char **meta_keys(lua_State *L, int m, lua_Integer index, size_t *n) {
  *n = 0;
  for (lua_pushnil(L); lua_next(L, m); lua_pop(L, 1)) {
    int ty = lua_type(L, -1);
    if (lua_type(L, -2) != LUA_TSTRING)
      bad_field(L, index, "meta", "a table with string keys", lua_type(L, -2));
    if (ty != LUA_TSTRING && ty != LUA_TNUMBER) {
      lua_pushfstring(L, "meta.%s", lua_tostring(L, -2));
      bad_field(L, index, lua_tostring(L, -1), "a string or a number", ty);
    }
    (*n)++;
  }
  const char **keys = lua_newuserdatauv(L, (*n + 1) * sizeof *keys, 0);
  size_t i = 0;
  for (lua_pushnil(L); lua_next(L, m); lua_pop(L, 1)) keys[i++] = lua_tostring(L, -2);
  qsort(keys, *n, sizeof *keys, compare_strings);
  return keys;
}

/* meta_from_table: a's metadata from t.meta (nil: none), in key order. */
static void meta_from_table(lua_State *L, int t, lua_Integer index, article *a) {
  int ty = lua_getfield(L, t, "meta");                        /* meta */
  if (ty == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (ty != LUA_TTABLE) bad_field(L, index, "meta", "a table", ty);
  int m = lua_gettop(L);
  size_t n, len;
  const char **keys = meta_keys(L, m, index, &n);            /* meta keys */
  for (size_t i = 0; i < n; i++) {
    lua_getfield(L, m, keys[i]);                              /* meta keys v */
    const char *v = lua_tolstring(L, -1, &len);
    if (article_add_meta(a, keys[i], v, len) < 0) lx_nomem(L);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

/* from_table: fill a from the table at t. */
static void from_table(lua_State *L, int t, lua_Integer index, article *a) {
  size_t len;
  for (size_t k = 0; k < sizeof string_keys / sizeof *string_keys; k++) {
    const char *s = string_field(L, t, index, string_keys[k], &len);
    set_or_raise(L, string_slot(a, k), s, len);
  }
  const char *date = string_field(L, t, index, "date_raw", &len);
  if (!date) date = string_field(L, t, index, "date", &len);
  if (date && article_set_date(a, date, len) < 0) lx_nomem(L);
  meta_from_table(L, t, index, a);
}

/* meta_order: qsort order of metadata by key, then by place (so the last of equal keys
 * comes last). */
static int meta_order(const void *x, const void *y) {
  const meta_field *const *p = x, *const *q = y;
  int c = strcmp((*p)->key, (*q)->key);
  return c ? c : (*p < *q ? -1 : *p > *q);
}

/* copy_meta: the metadata of src into a, in key order, the last value of a repeated key
 * (as a.meta shows it); 0 or -1 (memory). */
static int copy_meta(article *a, const article *src) {
  if (!src->nmeta) return 0;
  const meta_field **order = mem_alloc(src->nmeta * sizeof *order);
  if (!order) return -1;
  for (size_t i = 0; i < src->nmeta; i++) order[i] = &src->meta[i];
  qsort(order, src->nmeta, sizeof *order, meta_order);
  int rc = 0;
  for (size_t i = 0; i < src->nmeta && rc == 0; i++) {
    if (i + 1 < src->nmeta && strcmp(order[i]->key, order[i + 1]->key) == 0) continue;
    rc = article_add_meta(a, order[i]->key, order[i]->value, strlen(order[i]->value));
  }
  mem_free(order);
  return rc;
}

/* copy_article: a = a copy of src (its date as src has it); 0 or -1 (memory). */
static int copy_article(article *a, const article *src) {
  char *const from[] = {src->id,     src->title, src->date,    src->date_raw, src->source,
                        src->author, src->url,   src->summary, src->body,     src->origin};
  char **to[] = {&a->id,     &a->title, &a->date,    &a->date_raw, &a->source,
                 &a->author, &a->url,   &a->summary, &a->body,     &a->origin};
  for (size_t i = 0; i < sizeof to / sizeof *to; i++)
    if (from[i] && article_set(to[i], from[i], strlen(from[i])) < 0) return -1;
  return copy_meta(a, src);
}

void lx_article_from_lua(lua_State *L, int idx, lua_Integer index, article *a) {
  idx = lua_absindex(L, idx);
  const article *src = lx_toarticle(L, idx);
  if (src) {
    if (copy_article(a, src) < 0) lx_nomem(L);
    return;
  }
  if (lua_istable(L, idx)) {
    from_table(L, idx, index, a);
    return;
  }
  if (index > 0) {
    luaL_error(L, "article %I: a sahel.Article or a table expected, got %s", index,
               luaL_typename(L, idx));
  }
  luaL_error(L, "a sahel.Article or a table expected, got %s", luaL_typename(L, idx));
}

/* holder_gc: __gc of an article holder: clear the article. */
static int holder_gc(lua_State *L) {
  article_clear(luaL_checkudata(L, 1, HOLDER_MT));
  return 0;
}

article *lx_article_holder(lua_State *L) {
  article *a = lua_newuserdatauv(L, sizeof *a, 0);            /* holder */
  article_init(a);
  if (luaL_newmetatable(L, HOLDER_MT)) {
    lua_pushcfunction(L, holder_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return a;
}

/* ---- the source ----------------------------------------------------------------------- */

/* A source: the corpus it reads (its userdata is the source's user value), or the array
 * or function (the user value) and the round of articles converted from it. */
struct lx_source {
  unsigned kind;       /* LX_SRC_CORPUS, LX_SRC_ARRAY or LX_SRC_FUNCTION */
  unsigned texts;      /* LX_SRC_TEXTS: array items may be strings */
  corpus *c;
  size_t left;         /* a corpus round: articles still to hand out */
  int ended;           /* the last round was prepared */
  lua_Integer pos, len; /* the next item (from 1); an array's length */
  article *items;      /* the round: items[next..n) still to hand out */
  size_t n, next, cap;
};

/* round_clear: free the articles of the round not handed out; the round is empty. */
static void round_clear(lx_source *s) {
  for (size_t i = 0; i < s->n; i++) article_clear(&s->items[i]);
  s->n = s->next = 0;
}

/* source_gc: __gc: free the round. */
static int source_gc(lua_State *L) {
  lx_source *s = luaL_checkudata(L, 1, SOURCE_MT);
  round_clear(s);
  mem_free(s->items);
  s->items = NULL;
  s->cap = 0;
  return 0;
}

/* round_next: the pipeline source over the round (moves each article out). */
static int round_next(void *src, article *a, const warn_sink *w, err *e) {
  lx_source *s = src;
  (void)w, (void)e;
  if (s->next >= s->n) return 0;
  article_clear(a);
  *a = s->items[s->next];
  article_init(&s->items[s->next++]);
  return 1;
}

/* corpus_round_next: the pipeline source over a corpus, ending the round after `left`. */
static int corpus_round_next(void *src, article *a, const warn_sink *w, err *e) {
  lx_source *s = src;
  if (s->left == 0) return 0;
  int rc = corpus_next_sink(s->c, a, w, e);
  if (rc == 0) s->ended = 1;
  if (rc == 1) s->left--;
  return rc;
}

/* expected: what a source of these kinds reads, for the argument error. */
static const char *expected(unsigned kinds) {
  if (kinds & LX_SRC_FUNCTION) return "sahel.Corpus, array of articles or function";
  if (kinds & LX_SRC_TEXTS) return "sahel.Corpus or array of texts and articles";
  return "sahel.Corpus or array of articles";
}

/* source_kind: the kind of the value at idx among kinds; raises naming argument idx. */
static unsigned source_kind(lua_State *L, int idx, unsigned kinds) {
  if ((kinds & LX_SRC_CORPUS) && luaL_testudata(L, idx, LX_CORPUS_MT)) return LX_SRC_CORPUS;
  if ((kinds & LX_SRC_ARRAY) && lua_type(L, idx) == LUA_TTABLE) return LX_SRC_ARRAY;
  if ((kinds & LX_SRC_FUNCTION) && lua_type(L, idx) == LUA_TFUNCTION) return LX_SRC_FUNCTION;
  return (unsigned)luaL_typeerror(L, idx, expected(kinds));
}

void lx_source_new(lua_State *L, int idx, unsigned kinds) {
  idx = lua_absindex(L, idx);
  unsigned kind = source_kind(L, idx, kinds);
  corpus *c = kind == LX_SRC_CORPUS ? lx_checkcorpus(L, idx) : NULL;
  lua_Integer len = kind == LX_SRC_ARRAY ? luaL_len(L, idx) : 0;
  lx_source *s = lua_newuserdatauv(L, sizeof *s, 1);          /* src */
  *s = (lx_source){.kind = kind, .texts = kinds & LX_SRC_TEXTS, .c = c, .pos = 1, .len = len};
  if (luaL_newmetatable(L, SOURCE_MT)) {
    lua_pushcfunction(L, source_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  lua_pushvalue(L, idx);
  lua_setiuservalue(L, -2, 1);
  if (c) corpus_rewind(c);
}

/* next_value: push the next value of the array or function at 2 (nil at the end). */
static void next_value(lua_State *L, lx_source *s) {
  if (s->kind == LX_SRC_FUNCTION) {
    lua_pushvalue(L, 2);
    lua_call(L, 0, 1);                                        /* v */
  } else if (s->pos > s->len) {
    lua_pushnil(L);                                           /* nil */
  } else if (lua_rawgeti(L, 2, s->pos) == LUA_TNIL) {         /* v */
    luaL_error(L, "article %I: a sahel.Article or a table expected, got nil", s->pos);
  }
}

/* convert: the value on top as the next article of the round (a string of a texts source:
 * an article of that body); pops it. */
static void convert(lua_State *L, lx_source *s, lua_Integer index) {
  if (mem_grow(&s->items, &s->cap, s->n + 1, sizeof *s->items) < 0) lx_nomem(L);
  article *a = &s->items[s->n++];
  article_init(a);
  size_t len;
  if (s->texts && lua_type(L, -1) == LUA_TSTRING) {
    const char *text = lua_tolstring(L, -1, &len);
    set_or_raise(L, &a->body, text, len);
  } else {
    lx_article_from_lua(L, -1, index, a);
  }
  lua_pop(L, 1);
}

/* fill_round: (protected) args: the source, want. Reads up to want values (0: all) into
 * the round; leaves nothing. */
static int fill_round(lua_State *L) {
  lx_source *s = lua_touserdata(L, 1);
  size_t want = (size_t)lua_tointeger(L, 2);
  lua_getiuservalue(L, 1, 1);                                 /* src want fn|array */
  lua_replace(L, 2);                                          /* src fn|array */
  while (want == 0 || s->n < want) {
    next_value(L, s);                                         /* src fn|array v */
    if (lua_isnil(L, -1)) {
      s->ended = 1;
      break;
    }
    convert(L, s, s->pos++);
  }
  return 0;
}

/* corpus_round: the next round of a corpus source into o; 1 or 0 at the end. */
static int corpus_round(lx_source *s, size_t want, pipeline_opts *o) {
  if (s->ended) return 0;
  if (want == 0) {
    s->ended = 1;
    o->next = corpus_next_sink;
    o->stages = &corpus_stages; /* the workers parse: the pipeline's split read/parse mode */
    o->src = s->c;
    return 1;
  }
  s->left = want;
  o->next = corpus_round_next;
  o->stages = NULL;
  o->src = s;
  return 1;
}

int lx_source_round(lua_State *L, int src, size_t want, pipeline_opts *o) {
  lx_source *s = luaL_checkudata(L, src, SOURCE_MT);
  if (s->kind == LX_SRC_CORPUS) return corpus_round(s, want, o);
  round_clear(s);
  if (s->ended) return 0;
  lua_pushcfunction(L, fill_round);
  lua_pushvalue(L, src);
  lua_pushinteger(L, (lua_Integer)want);
  if (lua_pcall(L, 2, 0, 0) != LUA_OK) return -1;             /* | error */
  o->next = round_next;
  o->stages = NULL;
  o->src = s;
  return s->n > 0 || want == 0; /* want 0: the one round, even empty */
}

/* ---- run options and warnings --------------------------------------------------------- */

pipeline_opts lx_run_opts(lua_State *L, int opts) {
  lua_Integer threads = lx_opt_int(L, opts, "threads", 0);
  if (threads < 0 || threads > 256) luaL_error(L, "bad option 'threads' (0 to 256 expected)");
  if (lua_istable(L, opts)) {
    lua_pushliteral(L, "warn");
    int ty = lua_rawget(L, opts);
    if (ty != LUA_TNIL && ty != LUA_TFUNCTION)
      luaL_error(L, "bad option 'warn' (function expected, got %s)", lua_typename(L, ty));
    lua_pop(L, 1);
  }
  return (pipeline_opts){NULL, NULL, (int)threads, NULL};
}

void lx_emit_warnings(lua_State *L, int opts, pipeline_warnings *pw) {
  if (lua_istable(L, opts)) {
    lua_pushliteral(L, "warn");
    lua_rawget(L, opts);                                      /* warn */
  } else {
    lua_pushnil(L);                                           /* nil */
  }
  lx_warn lw;
  warn_sink w = lx_warn_sink(L, lua_gettop(L), &lw);
  for (size_t i = 0; i < pw->n; i++) w.fn(w.ud, pw->msgs[i]);
  if (pw->dropped) warn_emit(&w, "... and %zu more warnings", pw->dropped);
  lx_warn_release(&lw);
  lua_pop(L, 1);
  pipeline_warnings_free(pw);
  pipeline_warnings_init(pw);
}
