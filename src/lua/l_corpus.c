/*
 * l_corpus.c: the sahel.corpus module: open a corpus (a file, a directory, a glob, a
 * store) as a sahel.Corpus, iterate its articles, filter it, read its counts.
 */
#include "l_corpus.h"

#include <glob.h>

#include "bindings.h"
#include "l_article.h"

/* The userdata: created closed (c NULL), then opened. */
typedef struct {
  corpus *c;
  lx_warn w;       /* opts.warn (or stderr); its L is set to the running thread per call */
  article scratch; /* the article being read, copied out into each Article */
} lx_corpus;

corpus *lx_tocorpus(lua_State *L, int idx) {
  lx_corpus *u = luaL_testudata(L, idx, LX_CORPUS_MT);
  return u ? u->c : NULL;
}

corpus *lx_checkcorpus(lua_State *L, int idx) {
  lx_corpus *u = luaL_checkudata(L, idx, LX_CORPUS_MT);
  if (!u->c) luaL_argerror(L, idx, "attempt to use a closed corpus");
  return u->c;
}

/* new_corpus: push a closed Corpus userdata whose warnings go to the function at warn
 * (or stderr when it is nil); *sink is the warn_sink for its corpus. */
static lx_corpus *new_corpus(lua_State *L, int warn, warn_sink *sink) {
  lx_corpus *u = lua_newuserdatauv(L, sizeof *u, 0);
  u->c = NULL;
  u->w = (lx_warn){L, LUA_NOREF};
  article_init(&u->scratch);
  luaL_setmetatable(L, LX_CORPUS_MT);
  *sink = lx_warn_sink(L, warn, &u->w);
  return u;
}

/* close_u: close the corpus, drop the warning function; safe twice. */
static void close_u(lua_State *L, lx_corpus *u) {
  corpus_close(u->c);
  u->c = NULL;
  article_clear(&u->scratch);
  if (u->w.ref != LUA_NOREF) {
    u->w.L = L;
    lx_warn_release(&u->w);
  }
}

/* corpus_gc: __gc and __close (and corpus:close()). */
static int corpus_gc(lua_State *L) {
  close_u(L, luaL_checkudata(L, 1, LX_CORPUS_MT));
  return 0;
}

/* sahel.corpus.open(path [, opts]) -> corpus, or nil, message */
static int l_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lx_opts(L, 2, lx_corpus_keys);
  corpus_opts o;
  lx_corpus_opts(L, 2, &o);                             /* holder */
  if (lua_isnoneornil(L, 2)) lua_pushnil(L);
  else lua_getfield(L, 2, "warn");                      /* holder warn */
  lx_corpus *u = new_corpus(L, lua_gettop(L), &o.warn); /* holder warn ud */
  err e;
  if (!(u->c = corpus_open(path, &o, &e))) {
    close_u(L, u);
    return lx_fail(L, e.msg);
  }
  return 1;
}

/* corpus_iter: the iterator of corpus:articles(): the next Article, or nil at the end;
 * raises in strict mode (upvalue 1: the corpus). */
static int corpus_iter(lua_State *L) {
  lx_corpus *u = lua_touserdata(L, lua_upvalueindex(1));
  if (!u->c) return luaL_error(L, "attempt to use a closed corpus");
  err e;
  u->w.L = L;
  int rc = corpus_next(u->c, &u->scratch, &e);
  if (rc < 0) return luaL_error(L, "%s", e.msg);
  if (rc == 0) return 0;
  lx_pusharticle(L, &u->scratch);
  article_clear(&u->scratch);
  return 1;
}

/* corpus:articles() -> iterator over the articles, from the first (rewinds the corpus) */
static int corpus_articles(lua_State *L) {
  corpus_rewind(lx_checkcorpus(L, 1));
  lua_settop(L, 1);
  lua_pushcclosure(L, corpus_iter, 1);
  return 1;
}

/* filter_of: the filter table at idx as a corpus_filter (strings stay in the table). */
static corpus_filter filter_of(lua_State *L, int idx) {
  static const char *const keys[] = {"from", "to", "source", NULL};
  lx_opts(L, idx, keys);
  corpus_opts o;
  lx_corpus_opts(L, idx, &o); /* pushes the holder of the source list: left on the stack */
  return o.filter;
}

/* corpus:filter{from =, to =, source =} -> a new corpus over the same files, both filters
 * applied; raises on a bad date */
static int corpus_filter_m(lua_State *L) {
  lx_corpus *u = luaL_checkudata(L, 1, LX_CORPUS_MT);
  lx_checkcorpus(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  corpus_filter f = filter_of(L, 2);                    /* holder */
  if (u->w.ref == LUA_NOREF) lua_pushnil(L);
  else lua_rawgeti(L, LUA_REGISTRYINDEX, u->w.ref);     /* holder warn */
  warn_sink s;
  lx_corpus *v = new_corpus(L, lua_gettop(L), &s);     /* holder warn ud */
  err e;
  if (!(v->c = corpus_filtered(u->c, &f, &e))) return luaL_argerror(L, 2, e.msg);
  corpus_set_warn(v->c, &s);
  return 1;
}

/* set_count: t[k] = n for the table on top. */
static void set_count(lua_State *L, const char *k, size_t n) {
  lua_pushinteger(L, (lua_Integer)n);
  lua_setfield(L, -2, k);
}

/* push_detected: the table {encoding = files} of the encodings t counts ("other" for
 * those past ENC_TALLY_MAX). */
static void push_detected(lua_State *L, const enc_tally *t) {
  lua_createtable(L, 0, ENC_TALLY_MAX);
  for (size_t i = 0; i < ENC_TALLY_MAX && t->enc[i].name[0]; i++)
    set_count(L, t->enc[i].name, t->enc[i].files);
  if (t->other) set_count(L, "other", t->other);
}

/* corpus:stats() -> the counts of the current (or last) pass */
static int corpus_stats_m(lua_State *L) {
  corpus *c = lx_checkcorpus(L, 1);
  const corpus_counts *s = corpus_stats(c);
  lua_createtable(L, 0, 13);
  set_count(L, "files", s->files);
  set_count(L, "files_skipped", s->files_skipped);
  set_count(L, "files_failed", s->files_failed);
  set_count(L, "articles", s->articles);
  set_count(L, "skipped", s->skipped);
  set_count(L, "filtered", s->filtered);
  set_count(L, "invalid_utf8", s->invalid_utf8);
  set_count(L, "invalid_texts", s->invalid_texts);
  set_count(L, "dated", s->dated);
  set_count(L, "undated", s->undated);
  set_count(L, "dates_unparsed", s->dates_unparsed);
  set_count(L, "warnings", s->warnings);
  push_detected(L, corpus_detected(c));
  lua_setfield(L, -2, "encodings");
  return 1;
}

/* corpus:files() -> the number of files it reads */
static int corpus_files(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)corpus_nfiles(lx_checkcorpus(L, 1)));
  return 1;
}

/* corpus:list() -> {{path =, size =, mtime =}, ...}: the files it lists, as they were
 * when it was opened (a shard lists them all) */
static int corpus_list(lua_State *L) {
  corpus *c = lx_checkcorpus(L, 1);
  size_t n = corpus_nfiles(c);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    corpus_file_info f = corpus_file_at(c, i);
    lua_createtable(L, 0, 3);
    lua_pushstring(L, f.path);
    lua_setfield(L, -2, "path");
    lua_pushinteger(L, (lua_Integer)f.size);
    lua_setfield(L, -2, "size");
    lua_pushinteger(L, (lua_Integer)f.mtime);
    lua_setfield(L, -2, "mtime");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* corpus:shard() -> K, N (shard K of N), or nothing for the whole corpus */
static int corpus_shard_m(lua_State *L) {
  corpus_shard s = corpus_shard_of(lx_checkcorpus(L, 1));
  if (!s.n) return 0;
  lua_pushinteger(L, s.k);
  lua_pushinteger(L, s.n);
  return 2;
}

/* corpus:bytes() -> the bytes of its text, JSONL and CSV files */
static int corpus_bytes_m(lua_State *L) {
  lua_pushinteger(L, (lua_Integer)corpus_bytes(lx_checkcorpus(L, 1)));
  return 1;
}

/* corpus:close() */
static int corpus_close_m(lua_State *L) { return corpus_gc(L); }

/* __tostring: "sahel.Corpus (path)" or "sahel.Corpus (closed)" */
static int corpus_tostring(lua_State *L) {
  corpus *c = lx_tocorpus(L, 1);
  if (c) lua_pushfstring(L, "sahel.Corpus (%s)", corpus_path(c));
  else lua_pushliteral(L, "sahel.Corpus (closed)");
  return 1;
}

/* sahel.corpus.glob(pattern) -> the paths glob(3) finds, sorted ({} when none); in a
 * sandbox, only those its policy lets the script read (a listing is a read too) */
static int l_glob(lua_State *L) {
  const char *pattern = luaL_checkstring(L, 1);
  const sandbox *policy = lx_policy(L);
  glob_t g;
  err e;
  int rc = glob(pattern, 0, NULL, &g);
  if (rc != 0 && rc != GLOB_NOMATCH) return luaL_error(L, "%s: cannot expand the pattern", pattern);
  lua_createtable(L, rc == 0 ? (int)g.gl_pathc : 0, 0);
  lua_Integer n = 0;
  for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) {
    if (policy && sandbox_check(policy, g.gl_pathv[i], SANDBOX_READ, &e) < 0) continue;
    lua_pushstring(L, g.gl_pathv[i]);
    lua_rawseti(L, -2, ++n);
  }
  if (rc == 0) globfree(&g);
  return 1;
}

/* check_date(s) -> s as a filter date ("YYYY", "YYYY-MM" or "YYYY-MM-DD"), or nil, msg */
static int l_check_date(lua_State *L) {
  char iso[11];
  err e;
  if (corpus_check_date(luaL_checkstring(L, 1), iso, &e)) return lx_fail(L, e.msg);
  lua_pushstring(L, iso);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"open", l_open},
  {"glob", l_glob},
  {"check_date", l_check_date},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"articles", corpus_articles},
  {"filter", corpus_filter_m},
  {"stats", corpus_stats_m},
  {"files", corpus_files},
  {"bytes", corpus_bytes_m},
  {"list", corpus_list},
  {"shard", corpus_shard_m},
  {"close", corpus_close_m},
  {NULL, NULL}
};

static const luaL_Reg meta[] = {
  {"__gc", corpus_gc},
  {"__close", corpus_gc},
  {"__tostring", corpus_tostring},
  {NULL, NULL}
};

int luaopen_sahel_corpus(lua_State *L) {
  lx_newlib(L, funcs, LX_CORPUS_MT, methods, meta);
  return 1;
}
