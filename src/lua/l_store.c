/*
 * l_store.c: the store primitives of sahel.db: init (the schema) and ingest. Ingest pulls
 * articles from a Lua function in rounds (on the Lua thread), then runs each round through
 * the pipeline's workers (no Lua there) into one store session; warnings collected in the
 * workers are emitted on the Lua thread after each round.
 */
#include "bindings.h"
#include "l_db.h"
#include "l_gazetteer.h"
#include "l_text.h"
#include "lx_pipeline.h"
#include "store/store.h"

/* push_stats: the counts of an ingest as a table. */
static void push_stats(lua_State *L, const store_ingest_stats *st) {
  const struct { const char *k; size_t v; } f[] = {
    {"seen", st->seen}, {"inserted", st->inserted}, {"replaced", st->replaced},
    {"skipped", st->skipped}, {"mentions", st->mentions}, {"no_id", st->no_id},
    {"bytes", st->bytes}, {"with_demonyms", st->with_demonyms}};
  lua_createtable(L, 0, 8);
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
  lx_emit_warnings(L, 4, &g->pw);
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

/* run_round: one pipeline run over the round o of the source; 0, or -2 with the store's
 * message on top. */
static int run_round(lua_State *L, lx_ingest *g, const pipeline_opts *o) {
  err e;
  if (store_ingest_run(g->s, o, &g->pw, &e) == 0) return 0;
  lx_emit_warnings(L, 4, &g->pw);
  lua_pushstring(L, e.msg);
  return -2;
}

/* rounds: ingest the source at index 5 (a corpus from its first article, or a function
 * pulled on this thread) round by round: 0; -1 with the value raised (by the function, a
 * conversion or progress) on top; -2 with the store's message on top. */
static int rounds(lua_State *L, lx_ingest *g) {
  int rc = 0;
  pipeline_opts o = g->po;
  while (rc == 0) {
    int more = lx_source_round(L, 5, g->want, &o);
    if (more <= 0) return more;
    rc = run_round(L, g, &o);
    if (rc == 0) rc = after_round(L, g);
  }
  return rc;
}

/* db_ingest: ingest(db, corpus, gaz, opts) -> stats | nil, msg. corpus: a sahel.Corpus
 * (read by the pipeline's workers), an array of articles, or a function giving articles
 * and nil at the end (sahel.Article values or tables: lx_article_from_lua); gaz may be nil. opts: batch, threads, round, force,
 * demonyms, kwic, with_demonyms, warn, progress. An error raised by corpus, progress or a bad article field is
 * raised again after the rollback; a failing store or corpus file returns nil, msg. */
static int db_ingest(lua_State *L) {
  sqlite3 *db = lx_check_db(L, 1);
  const textproc *tp;
  static const char *const keys[] = {"batch", "threads", "round", "force", "demonyms", "warn",
                                     "progress", "kwic", "with_demonyms", NULL};
  const gazetteer *gz = check_gaz(L, 3, &tp);
  lua_settop(L, 4);
  lx_opts(L, 4, keys);
  lua_Integer kwic = lx_opt_int(L, 4, "kwic", 0);
  if (kwic < 0 || kwic > 1000) luaL_argerror(L, 4, "kwic: 0 to 1000 words expected");
  store_ingest_opts o = {tp, gz, lx_opt_bool(L, 4, "demonyms", 0) ? GAZ_DEMONYMS : 0u,
                         (int)lx_opt_int(L, 4, "batch", 500), lx_opt_bool(L, 4, "force", 0),
                         (int)kwic, lx_opt_bool(L, 4, "with_demonyms", 0)};
  lua_Integer want = lx_opt_int(L, 4, "round", 1024);
  if (want < 1) luaL_argerror(L, 4, "round: at least 1 expected");
  lx_ingest g = {.po = lx_run_opts(L, 4), .want = (size_t)want};
  lx_source_new(L, 2, LX_SRC_CORPUS | LX_SRC_ARRAY | LX_SRC_FUNCTION); /* src */
  err e;
  if (!(g.s = store_ingest_begin(db, &o, &e))) return lx_fail(L, e.msg);
  pipeline_warnings_init(&g.pw);
  int rc = rounds(L, &g);
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

/* luaopen_sahel_store: the sahel.core.db table (l_db.c) with the store's primitives added. */
int luaopen_sahel_store(lua_State *L) {
  luaopen_sahel_db(L);
  luaL_setfuncs(L, store_funcs, 0);
  return 1;
}
