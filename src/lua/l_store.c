/*
 * l_store.c: the store primitives of sahel.db: init (the schema) and ingest. Ingest pulls
 * articles from a Lua function in rounds (on the Lua thread), then runs each round through
 * the pipeline's workers (no Lua there) into one store session; warnings collected in the
 * workers are emitted on the Lua thread after each round.
 */
#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "l_corpus.h"
#include "l_db.h"
#include "l_gazetteer.h"
#include "l_text.h"
#include "base/mem.h"
#include "store/store.h"

/* One round of articles, converted from Lua, handed to the pipeline in order. */
typedef struct {
  article *items;
  size_t n, next, cap;
} lx_round;

/* round_next: the pipeline source over a round (moves each article out). */
static int round_next(void *src, article *a, const warn_sink *w, err *e) {
  lx_round *r = src;
  (void)w, (void)e;
  if (r->next >= r->n) return 0;
  article_clear(a);
  *a = r->items[r->next];
  article_init(&r->items[r->next++]);
  return 1;
}

/* round_clear: free the articles not handed out; the round is empty again. */
static void round_clear(lx_round *r) {
  for (size_t i = 0; i < r->n; i++) article_clear(&r->items[i]);
  r->n = r->next = 0;
}

/* field: the string field k of the value on top (NULL when absent); raises on a wrong type. */
static const char *field(lua_State *L, const char *k, size_t *len) {
  int t = lua_getfield(L, -1, k);
  if (t != LUA_TNIL && t != LUA_TSTRING) luaL_error(L, "article field '%s' must be a string", k);
  const char *s = lua_tolstring(L, -1, len);
  lua_pop(L, 1); /* the string stays referenced by the article */
  return s;
}

/* compare_keys: qsort order of C strings. */
static int compare_keys(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* add_meta: the string fields of the table article.meta, by sorted key (a stable hash). */
static int add_meta(lua_State *L, article *a) {
  if (lua_getfield(L, -1, "meta") != LUA_TTABLE) {
    lua_pop(L, 1);
    return 0;
  }
  const char *keys[256];
  size_t n = 0;
  for (lua_pushnil(L); lua_next(L, -2) && n < 256; lua_pop(L, 1)) {
    if (lua_type(L, -2) == LUA_TSTRING && lua_type(L, -1) == LUA_TSTRING)
      keys[n++] = lua_tostring(L, -2);
  }
  if (n == 256) lua_pop(L, 2);
  qsort(keys, n, sizeof *keys, compare_keys);
  int rc = 0;
  for (size_t i = 0; i < n && rc == 0; i++) {
    size_t len;
    lua_getfield(L, -1, keys[i]);
    const char *v = lua_tolstring(L, -1, &len);
    rc = article_add_meta(a, keys[i], v, len);
    lua_pop(L, 1);
  }
  lua_pop(L, 1);
  return rc;
}

/* to_article: fill a from the article (table, or userdata with fields) on top; 0 or -1. */
static int to_article(lua_State *L, article *a) {
  static const char *const keys[] = {"id", "title", "source", "author", "url", "summary",
                                     "body", "origin"};
  char **slots[] = {&a->id, &a->title, &a->source, &a->author, &a->url, &a->summary,
                    &a->body, &a->origin};
  int rc = 0;
  size_t len;
  for (size_t k = 0; k < sizeof keys / sizeof keys[0] && rc == 0; k++) {
    const char *s = field(L, keys[k], &len);
    if (s) rc = article_set(slots[k], s, len);
  }
  const char *date = field(L, "date_raw", &len);
  if (!date) date = field(L, "date", &len);
  if (date && rc == 0) rc = article_set_date(a, date, len);
  return rc == 0 ? add_meta(L, a) : -1;
}

/* fill_round: (protected) call next() up to `want` times, converting the articles into
 * the round; stops at the first nil. Upvalue-free: args are next, round, want. */
static int fill_round(lua_State *L) {
  lx_round *r = lua_touserdata(L, 2);
  size_t want = (size_t)lua_tointeger(L, 3);
  while (r->n < want) {
    lua_pushvalue(L, 1);
    lua_call(L, 0, 1);                                        /* article */
    if (lua_isnil(L, -1)) break;
    if (!lua_istable(L, -1) && !lua_isuserdata(L, -1))
      luaL_error(L, "the corpus gave a %s, not an article", luaL_typename(L, -1));
    if (mem_grow(&r->items, &r->cap, r->n + 1, sizeof *r->items) < 0)
      luaL_error(L, "store: out of memory");
    article_init(&r->items[r->n]);
    if (to_article(L, &r->items[r->n++]) < 0) luaL_error(L, "store: out of memory");
    lua_pop(L, 1);
  }
  lua_pushboolean(L, r->n > 0);
  return 1;
}

/* emit: pass the collected warnings to opts.warn (or stderr) and forget them. */
static void emit(lua_State *L, int opts, pipeline_warnings *pw) {
  lx_warn lw;
  int has = lua_istable(L, opts) && lua_getfield(L, opts, "warn") == LUA_TFUNCTION;
  if (lua_istable(L, opts) && !has) lua_pop(L, 1);
  warn_sink sink = lx_warn_sink(L, has ? lua_gettop(L) : 0, &lw);
  for (size_t i = 0; i < pw->n; i++) sink.fn(sink.ud, pw->msgs[i]);
  if (pw->dropped) warn_emit(&sink, "%zu more warnings not shown", pw->dropped);
  lx_warn_release(&lw);
  if (has) lua_pop(L, 1);
  pipeline_warnings_free(pw);
  pipeline_warnings_init(pw);
}

/* push_stats: the counts of an ingest as a table. */
static void push_stats(lua_State *L, const store_ingest_stats *st) {
  const struct { const char *k; size_t v; } f[] = {
    {"seen", st->seen}, {"inserted", st->inserted}, {"replaced", st->replaced},
    {"skipped", st->skipped}, {"mentions", st->mentions}, {"no_id", st->no_id}};
  lua_createtable(L, 0, 6);
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) {
    lua_pushinteger(L, (lua_Integer)f[i].v);
    lua_setfield(L, -2, f[i].k);
  }
}

/* check_gaz: the gazetteer at idx (nil: none) and the textproc to analyze with. */
static const gazetteer *check_gaz(lua_State *L, int idx, const textproc **tp) {
  if (lua_isnil(L, idx)) {
    *tp = lx_textproc(L, NORM_DEFAULT);
    return NULL;
  }
  const gazetteer *g = lx_togazetteer(L, idx);
  *tp = gaz_textproc(g);
  return g;
}

/* An ingest call: its session, the pipeline's base options, the round size, warnings. */
typedef struct {
  store_session *s;
  pipeline_opts po;
  size_t want;
  pipeline_warnings pw;
} lx_ingest;

/* after_round: emit the round's warnings, then call opts.progress(counts) when given;
 * 0, or -1 with the value progress raised on top. */
static int after_round(lua_State *L, lx_ingest *g) {
  emit(L, 4, &g->pw);
  if (!lua_istable(L, 4)) return 0;
  if (lua_getfield(L, 4, "progress") != LUA_TFUNCTION) {
    lua_pop(L, 1);
    return 0;
  }
  store_ingest_stats st;
  store_ingest_counts(g->s, &st);
  push_stats(L, &st);                                         /* progress counts */
  return lua_pcall(L, 1, 0, 0) == LUA_OK ? 0 : -1;
}

/* run_round: one pipeline run over the source next/src; 0, or -2 with the store's
 * message on top. */
static int run_round(lua_State *L, lx_ingest *g, pipeline_next_fn next, void *src) {
  pipeline_opts o = g->po;
  o.next = next;
  o.src = src;
  err e;
  if (store_ingest_run(g->s, &o, &g->pw, &e) == 0) return 0;
  emit(L, 4, &g->pw);
  lua_pushstring(L, e.msg);
  return -2;
}

/* lua_rounds: pull rounds of articles from the function at index 2 and ingest them: 0;
 * -1 with the value raised (by next, a conversion or progress) on top; -2 with the
 * store's message on top. */
static int lua_rounds(lua_State *L, lx_ingest *g) {
  lx_round r = {NULL, 0, 0, 0};
  int rc = 0;
  for (;;) {
    lua_pushcfunction(L, fill_round);
    lua_pushvalue(L, 2);
    lua_pushlightuserdata(L, &r);
    lua_pushinteger(L, (lua_Integer)g->want);
    if (lua_pcall(L, 3, 1, 0) != LUA_OK) {                    /* more | error */
      rc = -1;
      break;
    }
    int more = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (!more) break;
    rc = run_round(L, g, round_next, &r);
    round_clear(&r);
    if (rc == 0) rc = after_round(L, g);
    if (rc < 0) break;
  }
  round_clear(&r);
  mem_free(r.items);
  return rc;
}

/* A C corpus read in rounds by the pipeline's workers (no Lua involved). */
typedef struct {
  corpus *c;
  size_t left; /* articles still to hand out in this round */
  int ended;
} lx_corpus_round;

/* corpus_round_next: the pipeline source over a corpus, ending each round after `left`. */
static int corpus_round_next(void *src, article *a, const warn_sink *w, err *e) {
  lx_corpus_round *r = src;
  if (r->left == 0) return 0;
  int rc = corpus_next_sink(r->c, a, w, e);
  if (rc == 0) r->ended = 1;
  if (rc == 1) r->left--;
  return rc;
}

/* corpus_rounds: ingest the sahel.Corpus c from its first article, in rounds; as
 * lua_rounds. */
static int corpus_rounds(lua_State *L, lx_ingest *g, corpus *c) {
  lx_corpus_round r = {c, 0, 0};
  int rc = 0;
  corpus_rewind(c);
  while (rc == 0 && !r.ended) {
    r.left = g->want;
    rc = run_round(L, g, corpus_round_next, &r);
    if (rc == 0) rc = after_round(L, g);
  }
  return rc;
}

/* db_ingest: ingest(db, corpus, gaz, opts) -> stats | nil, msg. corpus: a sahel.Corpus
 * (read by the pipeline's workers), or a function giving articles (tables or
 * userdata with fields id, title, date, date_raw, source, author, url, summary, body,
 * origin, meta) and nil at the end; gaz may be nil. opts: batch, threads, round, force,
 * demonyms, kwic, warn, progress. An error raised by corpus, progress or a bad article field is
 * raised again after the rollback; a failing store or corpus file returns nil, msg. */
static int db_ingest(lua_State *L) {
  sqlite3 *db = lx_check_db(L, 1);
  corpus *c = lx_tocorpus(L, 2);
  if (!c) luaL_checktype(L, 2, LUA_TFUNCTION);
  const textproc *tp;
  static const char *const keys[] = {"batch", "threads", "round", "force", "demonyms", "warn",
                                     "progress", "kwic", NULL};
  const gazetteer *gz = check_gaz(L, 3, &tp);
  lua_settop(L, 4);
  lx_opts(L, 4, keys);
  lua_Integer kwic = lx_opt_int(L, 4, "kwic", 0);
  if (kwic < 0 || kwic > 1000) luaL_argerror(L, 4, "kwic: 0 to 1000 words expected");
  store_ingest_opts o = {tp, gz, lx_opt_bool(L, 4, "demonyms", 0) ? GAZ_DEMONYMS : 0u,
                         (int)lx_opt_int(L, 4, "batch", 500), lx_opt_bool(L, 4, "force", 0),
                         (int)kwic};
  lua_Integer threads = lx_opt_int(L, 4, "threads", 0);
  lua_Integer want = lx_opt_int(L, 4, "round", 1024);
  if (threads < 0 || threads > 256) luaL_argerror(L, 4, "threads: 0 to 256 expected");
  if (want < 1) luaL_argerror(L, 4, "round: at least 1 expected");
  err e;
  lx_ingest g = {.po = {NULL, NULL, (int)threads}, .want = (size_t)want};
  if (!(g.s = store_ingest_begin(db, &o, &e))) return lx_fail(L, e.msg);
  pipeline_warnings_init(&g.pw);
  int rc = c ? corpus_rounds(L, &g, c) : lua_rounds(L, &g);
  pipeline_warnings_free(&g.pw);
  store_ingest_stats st;
  if (store_ingest_end(g.s, rc == 0, &st, &e) < 0 && rc == 0) return lx_fail(L, e.msg);
  if (rc == -1) return lua_error(L);
  if (rc == -2) return lx_fail(L, lua_tostring(L, -1));
  push_stats(L, &st);
  return 1;
}

/* db_store_init: store_init(db) -> true | nil, msg: create the store's schema if absent. */
static int db_store_init(lua_State *L) {
  err e;
  if (store_init(lx_check_db(L, 1), &e) < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* index_progress: store_index's progress hook: calls the Lua function at index 2 with
 * (done, total) under pcall; a raised value stays on top and stops the build. */
static int index_progress(void *ud, int64_t done, int64_t total) {
  lua_State *L = ud;
  lua_pushvalue(L, 2);                                        /* fn */
  lua_pushinteger(L, (lua_Integer)done);
  lua_pushinteger(L, (lua_Integer)total);
  return lua_pcall(L, 2, 0, 0) != LUA_OK;                     /* | error */
}

/* db_store_index: store_index(db [, progress]) -> built (true) or already there (false) |
 * nil, msg. progress(done, total) is called between chunks; what it raises is raised
 * again after the rollback. */
static int db_store_index(lua_State *L) {
  sqlite3 *db = lx_check_db(L, 1);
  if (!lua_isnoneornil(L, 2)) luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  int top = lua_gettop(L);
  err e;
  int rc = store_index(db, lua_isnil(L, 2) ? NULL : index_progress, L, &e);
  if (rc < 0 && lua_gettop(L) > top) return lua_error(L);
  if (rc < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, rc == 1);
  return 1;
}

/* db_store_has_index: store_has_index(db) -> boolean | nil, msg. */
static int db_store_has_index(lua_State *L) {
  err e;
  int rc = store_has_index(lx_check_db(L, 1), &e);
  if (rc < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, rc);
  return 1;
}

static const luaL_Reg store_funcs[] = {
  {"ingest", db_ingest}, {"store_init", db_store_init}, {"store_index", db_store_index},
  {"store_has_index", db_store_has_index}, {NULL, NULL}
};

void lx_store_register(lua_State *L) { luaL_setfuncs(L, store_funcs, 0); }
