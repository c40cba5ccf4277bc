/*
 * lx_pipeline.c: the seam between Lua and the pipeline (see lx_pipeline.h): the source over
 * a corpus, an array or a function (its articles made by lx_article.c), the run options and
 * the hand-off of the workers' warnings.
 */
#include "lx_pipeline.h"

#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "l_article.h"
#include "l_corpus.h"
#include "base/mem.h"

#define SOURCE_MT "sahel.PipelineSource"

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
    if (article_set(&a->body, text, len) < 0) lx_nomem(L);
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
