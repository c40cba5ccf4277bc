/*
 * l_terms.c: the sahel.core.terms module: sahel.Terms handles over src/core's term tables
 * (terms.h, TEXT-SPEC §9). Policy (option checks, stopword lists, top-N, "the rest" of a
 * keyness target) lives in lualib/sahel/terms.lua; this file checks arguments, calls the
 * core and pushes rows.
 *
 * A slice selection (argument `pick`) is nil (every slice), a slice name, or an array of
 * slice names; names the table does not hold select nothing.
 */
#include <string.h>

#include "base/mem.h"
#include "bindings.h"
#include "l_article.h"
#include "l_corpus.h"
#include "l_gazetteer.h"
#include "lx_pipeline.h"
#include "terms/discover.h"
#include "terms/kwic.h"
#include "terms/terms.h"

#define TERMS_MT "sahel.Terms"
#define PATTERN_MT "sahel.Pattern"

typedef struct {
  terms *t;          /* NULL once closed */
  size_t top;        /* > 0: only the top terms of each slice and size are held */
  uint32_t passes;   /* the passes counting took (top) */
  terms_stop *stop;  /* the stopwords it counted without (owned) */
  terms *vocab;      /* clitics: the whole words the counting stripped toward (owned; a
                      * table borrowing another's is that table's user value) */
  terms_ids *ids;    /* the slice of each article id, when by is a table (owned) */
} lterms;

/* terms_gc: __gc, __close and t:close(): free the table; safe to call twice. */
static int terms_gc(lua_State *L) {
  lterms *h = luaL_checkudata(L, 1, TERMS_MT);
  terms_free(h->t);
  terms_stop_free(h->stop);
  terms_free(h->vocab);
  terms_ids_free(h->ids);
  h->t = NULL;
  h->stop = NULL;
  h->vocab = NULL;
  h->ids = NULL;
  return 0;
}

/* check_terms: the open table at idx (raises when closed or not a table). */
static terms *check_terms(lua_State *L, int idx) {
  lterms *h = luaL_checkudata(L, idx, TERMS_MT);
  if (!h->t) luaL_argerror(L, idx, "attempt to use a closed term table");
  return h->t;
}

/* terms_tostring: "sahel.Terms (n <= 2, 3 slices, 120 articles)". */
static int terms_tostring(lua_State *L) {
  lterms *h = luaL_checkudata(L, 1, TERMS_MT);
  if (!h->t) return lua_pushstring(L, TERMS_MT " (closed)"), 1;
  lua_pushfstring(L, TERMS_MT " (n <= %d, %d slices, %d articles)", terms_options(h->t)->max_n,
                  (int)terms_slice_count(h->t), (int)terms_articles(h->t));
  return 1;
}

/* check_pick: the slices selected by the value at idx (see the top), as a byte per slice
 * in a userdata pushed on the stack; NULL (and nothing pushed) for every slice. */
static unsigned char *check_pick(lua_State *L, const terms *t, int idx) {
  if (lua_isnoneornil(L, idx)) return NULL;
  size_t n = terms_slice_count(t);
  unsigned char *pick = lua_newuserdatauv(L, n ? n : 1, 0);
  memset(pick, 0, n ? n : 1);
  if (lua_type(L, idx) == LUA_TSTRING) {
    long i = terms_slice_find(t, lua_tostring(L, idx));
    if (i >= 0) pick[i] = 1;
    return pick;
  }
  luaL_checktype(L, idx, LUA_TTABLE);
  for (lua_Integer k = 1, len = luaL_len(L, idx); k <= len; k++) {
    lua_geti(L, idx, k);
    const char *name = lua_tostring(L, -1);
    if (!name) luaL_argerror(L, idx, "slice names expected");
    long i = terms_slice_find(t, name);
    if (i >= 0) pick[i] = 1;
    lua_pop(L, 1);
  }
  return pick;
}

/* by_is_table: whether opts.by is a table (article id -> slice name). */
static int by_is_table(lua_State *L, int opts) {
  if (!lua_istable(L, opts)) return 0;
  lua_pushliteral(L, "by");
  int table = lua_rawget(L, opts) == LUA_TTABLE;
  lua_pop(L, 1);
  return table;
}

/* check_by: the slicing named by opts.by (nil, a period name, "source", or a table: see
 * check_ids). */
static terms_opts check_by(lua_State *L, int opts) {
  terms_opts o = {1, TERMS_BY_NONE, COOC_BY_NONE, NULL, NULL, NULL, 0, 0, 0, NULL};
  int table = by_is_table(L, opts);
  const char *by = table ? NULL : lx_opt_string(L, opts, "by", NULL);
  if (table) {
    o.slicing = TERMS_BY_ID;
  } else if (by && strcmp(by, "source") == 0) {
    o.slicing = TERMS_BY_SOURCE;
  } else if (by) {
    int b = cooc_by_find(by);
    if (b <= 0) luaL_error(L, "bad option 'by' (day, week, month, year or source expected)");
    o.slicing = TERMS_BY_PERIOD;
    o.by = (cooc_by)b;
  }
  lua_Integer n = lx_opt_int(L, opts, "n", 1);
  if (n < 1 || n > 3) luaL_error(L, "bad option 'n' (1, 2 or 3 expected)");
  o.max_n = (int)n;
  if (lua_istable(L, opts) && lua_getfield(L, opts, "stem") != LUA_TNIL) {
    if (lua_isboolean(L, -1)) o.stem = lua_toboolean(L, -1) ? "arabic" : NULL;
    else if (!(o.stem = lua_tostring(L, -1)))
      luaL_error(L, "bad option 'stem' (true or Snowball algorithm names expected)");
  }
  if (lua_istable(L, opts)) lua_pop(L, 1); /* opts keeps the string alive */
  return o;
}

/* check_stop: the stopwords of opts.stopwords (an array of words, put in match form), into
 * h->stop. */
static void check_stop(lua_State *L, int opts, lterms *h) {
  if (!lua_istable(L, opts) || (lua_pushliteral(L, "stopwords"), lua_rawget(L, opts)) == LUA_TNIL) {
    if (lua_istable(L, opts)) lua_pop(L, 1);
    return;
  }
  if (!lua_istable(L, -1)) luaL_error(L, "bad option 'stopwords' (array of words expected)");
  textproc *tp = NULL;
  err e;
  if (!(h->stop = terms_stop_new()) || !(tp = textproc_new(NORM_DEFAULT, &e)))
    lx_nomem(L);
  for (lua_Integer k = 1, len = luaL_len(L, -1); k <= len; k++) {
    size_t wl;
    lua_geti(L, -1, k);
    const char *w = lua_tolstring(L, -1, &wl);
    int rc = w ? terms_stop_add(h->stop, tp, w, wl) : -2;
    lua_pop(L, 1);
    if (rc) {
      textproc_free(tp);
      if (rc == -2) luaL_error(L, "bad option 'stopwords' (strings expected)");
      lx_nomem(L);
    }
  }
  textproc_free(tp);
  lua_pop(L, 1);
}

/* check_clitics: opts.clitics: a boolean, or a sahel.Terms counted with clitics whose
 * vocabulary o borrows (kept alive as the user value of the new table at index h). */
static int check_clitics(lua_State *L, int opts, int h, terms_opts *o) {
  if (!lua_istable(L, opts) || lua_getfield(L, opts, "clitics") == LUA_TNIL) {
    if (lua_istable(L, opts)) lua_pop(L, 1);
    return 0;
  }
  if (lua_isboolean(L, -1)) {
    int on = lua_toboolean(L, -1);
    lua_pop(L, 1);
    return on;
  }
  lterms *src = luaL_testudata(L, -1, TERMS_MT);
  if (!src || !src->vocab)
    luaL_error(L, "bad option 'clitics' (a boolean or a table counted with clitics expected)");
  o->vocab = src->vocab;
  lua_setiuservalue(L, h, 1);
  return 1;
}

/* new_handle: push a new, empty sahel.Terms handle (one user value). */
static lterms *new_handle(lua_State *L) {
  lterms *h = lua_newuserdatauv(L, sizeof *h, 1);
  *h = (lterms){NULL, 0, 0, NULL, NULL, NULL};
  luaL_setmetatable(L, TERMS_MT);
  return h;
}

/* rewind_corpus: corpus_rewind for terms_count_top. */
static void rewind_corpus(void *c) { corpus_rewind(c); }

/* keep_top: a table of the top k terms of each slice and size of all (freed); NULL with e
 * set. */
static terms *keep_top(terms *all, const terms_opts *o, size_t k, err *e) {
  terms_opts to = *o;
  to.max_terms = 0;
  terms *top = terms_new(&to, e);
  if (top && terms_keep_top(top, all, k, e) < 0) terms_free(top), top = NULL;
  terms_free(all);
  return top;
}

/* one_pass: push a source over the value at idx (a corpus is rewound) and prepare its one
 * round into *po; raises on a bad source or a bad article of an array. */
static void one_pass(lua_State *L, int idx, unsigned kinds, pipeline_opts *po) {
  lx_source_new(L, idx, kinds);
  if (lx_source_round(L, lua_gettop(L), 0, po) < 0) lua_error(L);
}

/* count_source: the table of the corpus or array at idx counted with o: after a pass for
 * the whole words when clitics is set (kept in h->vocab); with h->top only the top terms
 * (over a corpus, in passes of bounded memory). NULL with e set; warnings go to the warn
 * of the options at index opts. */
static terms *count_source(lua_State *L, int idx, int opts, terms_opts *o, int clitics,
                           pipeline_opts po, lterms *h, err *e) {
  int top = lua_gettop(L), is_corpus = lx_tocorpus(L, idx) != NULL;
  clitics = clitics && !o->vocab; /* else the vocabulary of another table */
  one_pass(L, idx, LX_SRC_CORPUS | LX_SRC_ARRAY, &po);
  pipeline_warnings pw;
  pipeline_warnings_init(&pw);
  terms *t = NULL;
  if (clitics && (o->vocab = h->vocab = terms_vocabulary(&po, &pw, e)) != NULL)
    one_pass(L, idx, LX_SRC_CORPUS | LX_SRC_ARRAY, &po);
  pipeline_warnings *w = clitics ? NULL : &pw;
  if ((o->vocab || !clitics) && h->top && is_corpus) {
    h->passes = 1;
    t = terms_count_top(o, h->top, &po, rewind_corpus, w, &h->passes, e);
  } else if (o->vocab || !clitics) {
    t = terms_count(o, &po, w, e);
    if (t && h->top) t = keep_top(t, o, h->top, e), h->passes = 1;
  }
  lx_emit_warnings(L, opts, &pw);
  pipeline_warnings_free(&pw);
  lua_settop(L, top);
  return t;
}

/* id_names: the slice names of the value at the top (a string, or an array of strings),
 * into names (at most TERMS_SLICES_MAX); how many. Raises on anything else. */
static size_t id_names(lua_State *L, const char **names) {
  static const char bad[] = "bad option 'by' (a table of article ids to slice names expected)";
  if (lua_type(L, -1) == LUA_TSTRING) return names[0] = lua_tostring(L, -1), 1;
  if (!lua_istable(L, -1)) luaL_error(L, bad);
  lua_Integer n = luaL_len(L, -1);
  if (n > TERMS_SLICES_MAX) luaL_error(L, "bad option 'by' (more than %d slices for an article)",
                                       TERMS_SLICES_MAX);
  for (lua_Integer k = 1; k <= n; k++) {
    if (lua_geti(L, -1, k) != LUA_TSTRING) luaL_error(L, bad);
    names[k - 1] = lua_tostring(L, -1); /* kept alive by the array */
    lua_pop(L, 1);
  }
  return (size_t)n;
}

/* check_ids: when opts.by is a table (article id -> a slice name or an array of them), its
 * map into h->ids. */
static void check_ids(lua_State *L, int opts, lterms *h) {
  if (!by_is_table(L, opts)) return;
  lua_pushliteral(L, "by");
  lua_rawget(L, opts);
  if (!(h->ids = terms_ids_new())) lx_nomem(L);
  for (lua_pushnil(L); lua_next(L, -2); lua_pop(L, 1)) {
    const char *names[TERMS_SLICES_MAX];
    size_t len;
    if (lua_type(L, -2) != LUA_TSTRING)
      luaL_error(L, "bad option 'by' (a table of article ids to slice names expected)");
    size_t n = id_names(L, names);
    const char *id = lua_tolstring(L, -2, &len);
    if (terms_ids_set(h->ids, id, len, names, n) < 0) lx_nomem(L);
  }
  lua_pop(L, 1);
}

/* sahel.core.terms.count(corpus, opts) -> Terms | nil, message
 * corpus: a sahel.Corpus or an array of articles. opts: n, by, stopwords (array of words),
 * stem, clitics, top, max_terms, threads, warn. */
static int l_count(lua_State *L) {
  static const char *const names[] = {"n", "by", "stopwords", "stem", "clitics", "threads",
                                      "warn", "top", "max_terms", NULL};
  lua_settop(L, 2);
  lx_opts(L, 2, names);
  terms_opts o = check_by(L, 2);
  pipeline_opts po = lx_run_opts(L, 2);
  lua_Integer top = lx_opt_int(L, 2, "top", 0), max = lx_opt_int(L, 2, "max_terms", 0);
  if (top < 0) luaL_error(L, "bad option 'top' (0 or more expected)");
  if (max < 0 || (max > 0 && max < 1000))
    luaL_error(L, "bad option 'max_terms' (0 or 1000 or more expected)");
  o.max_terms = (size_t)max;
  lterms *h = new_handle(L);                                   /* h */
  h->top = (size_t)top;
  int clitics = check_clitics(L, 2, 3, &o);
  check_stop(L, 2, h);
  check_ids(L, 2, h);
  o.stop = h->stop;
  o.ids = h->ids;
  err e;
  terms *probe = terms_new(&o, &e); /* a bad stemmer name is misuse: it raises */
  if (!probe) luaL_error(L, "bad option 'stem' (%s)", e.msg);
  terms_free(probe);
  h->t = count_source(L, 1, 2, &o, clitics, po, h, &e);
  return h->t ? 1 : lx_fail(L, e.msg);
}

/* check_context: opts.context: "sentence" (0) or a window of k >= 1 words (k). */
static size_t check_context(lua_State *L, int opts) {
  if (!lua_istable(L, opts) || lua_getfield(L, opts, "context") == LUA_TNIL) {
    if (lua_istable(L, opts)) lua_pop(L, 1);
    return 0;
  }
  int isnum;
  lua_Integer k = lua_tointegerx(L, -1, &isnum);
  const char *s = lua_tostring(L, -1);
  if (!(isnum && k >= 1 && k <= 1000) && !(!isnum && s && strcmp(s, "sentence") == 0))
    luaL_error(L, "bad option 'context' (\"sentence\" or a number of words, 1 to 1000, expected)");
  lua_pop(L, 1);
  return isnum ? (size_t)k : 0;
}

/* sahel.core.terms.of_entity(corpus, gaz, id, opts) -> target, whole | nil, message
 * The terms of entity id's contexts and of the whole corpus, in one pass (terms.h:
 * terms_count_entity). opts: those of count, plus context ("sentence" or a number of
 * words each side) and demonyms. */
static int l_of_entity(lua_State *L) {
  lua_settop(L, 4);
  const gazetteer *g = lx_togazetteer(L, 2);
  if (!g) luaL_typeerror(L, 2, LX_GAZETTEER_MT);
  const char *id = luaL_checkstring(L, 3);
  static const char *const names[] = {"n", "by", "stopwords", "stem", "clitics", "threads",
                                      "warn", "context", "demonyms", NULL};
  lx_opts(L, 4, names);
  long ent = gaz_entity_find(g, id);
  if (ent < 0) luaL_argerror(L, 3, lua_pushfstring(L, "unknown entity '%s'", id));
  terms_entity_opts eo = {(uint32_t)ent, check_context(L, 4),
                          lx_opt_bool(L, 4, "demonyms", 0) ? GAZ_DEMONYMS : 0};
  terms_opts o = check_by(L, 4);
  if (o.slicing == TERMS_BY_ID)
    luaL_error(L, "bad option 'by' (a period name or \"source\" expected)");
  pipeline_opts po = lx_run_opts(L, 4);
  lterms *ht = new_handle(L), *hw = new_handle(L);             /* target whole */
  int clitics = check_clitics(L, 4, lua_gettop(L), &o);
  check_stop(L, 4, hw);
  o.stop = hw->stop;
  err e;
  terms *probe = terms_new(&o, &e);
  if (!probe) luaL_error(L, "bad option 'stem' (%s)", e.msg);
  terms_free(probe);
  one_pass(L, 1, LX_SRC_CORPUS, &po);                          /* target whole src */
  pipeline_warnings pw;
  pipeline_warnings_init(&pw);
  int rc = 0;
  if (clitics && !o.vocab) {
    if ((o.vocab = hw->vocab = terms_vocabulary(&po, &pw, &e)) != NULL)
      one_pass(L, 1, LX_SRC_CORPUS, &po);
    else rc = -1;
  }
  if (rc == 0) rc = terms_count_entity(&o, g, &eo, &po, clitics ? NULL : &pw, &ht->t, &hw->t, &e);
  lx_emit_warnings(L, 4, &pw);
  pipeline_warnings_free(&pw);
  lua_settop(L, 6);                                            /* target whole */
  if (rc < 0) return lx_fail(L, e.msg);
  lua_pushvalue(L, -1);               /* target whole whole */
  lua_setiuservalue(L, -3, 1);        /* target whole: the target keeps stop and vocab alive */
  return 2;
}

/* t:slices() -> array of slice names, in name order ("" for an unsliced table). */
static int l_slices(lua_State *L) {
  terms *t = check_terms(L, 1);
  size_t n = terms_slice_count(t);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushstring(L, terms_slice_name(t, i));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* t:words([pick]) -> word tokens of the slices picked (stopwords included). */
static int l_words(lua_State *L) {
  terms *t = check_terms(L, 1);
  lua_pushinteger(L, (lua_Integer)terms_words(t, check_pick(L, t, 2)));
  return 1;
}

/* t:info() -> {n, by, articles, stopwords, stem, clitics} */
static int l_info(lua_State *L) {
  lterms *h = luaL_checkudata(L, 1, TERMS_MT);
  const terms_opts *o = terms_options(check_terms(L, 1));
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, o->max_n);
  lua_setfield(L, -2, "n");
  if (o->slicing == TERMS_BY_SOURCE) lua_pushstring(L, "source");
  else if (o->slicing == TERMS_BY_PERIOD) lua_pushstring(L, cooc_by_name(o->by));
  else if (o->slicing == TERMS_BY_ID) lua_pushstring(L, "id");
  else lua_pushnil(L);
  lua_setfield(L, -2, "by");
  lua_pushinteger(L, (lua_Integer)terms_articles(h->t));
  lua_setfield(L, -2, "articles");
  lua_pushinteger(L, (lua_Integer)terms_stop_count(o->stop));
  lua_setfield(L, -2, "stopwords");
  if (o->stem) lua_pushstring(L, o->stem), lua_setfield(L, -2, "stem");
  lua_pushboolean(L, o->vocab != NULL);
  lua_setfield(L, -2, "clitics");
  if (h->top) {
    lua_pushinteger(L, (lua_Integer)h->top);
    lua_setfield(L, -2, "top");
    lua_pushinteger(L, (lua_Integer)h->passes);
    lua_setfield(L, -2, "passes");
  }
  return 1;
}

/* push_rows: rows r[0..m) as {term, n, count, articles, per_10k} over `words` tokens. */
static void push_rows(lua_State *L, const terms_row *r, size_t m, uint64_t words) {
  lua_createtable(L, (int)m, 0);
  for (size_t i = 0; i < m; i++) {
    lua_createtable(L, 0, 5);
    lua_pushlstring(L, r[i].term, r[i].len);
    lua_setfield(L, -2, "term");
    lua_pushinteger(L, r[i].n);
    lua_setfield(L, -2, "n");
    lua_pushinteger(L, (lua_Integer)r[i].count);
    lua_setfield(L, -2, "count");
    lua_pushinteger(L, (lua_Integer)r[i].articles);
    lua_setfield(L, -2, "articles");
    lua_pushnumber(L, words ? (double)r[i].count * 10000.0 / (double)words : 0);
    lua_setfield(L, -2, "per_10k");
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
}

/* get_rows: the rows of t over pick for size n and min_count; raises when out of memory
 * (*out freed by the caller). */
static void get_rows(lua_State *L, terms *t, const unsigned char *pick, int n,
                     lua_Integer min_count, terms_row **out, size_t *m) {
  err e;
  if (terms_rows(t, pick, n, min_count < 1 ? 1 : (uint64_t)min_count, out, m, &e) < 0)
    luaL_error(L, "%s", e.msg);
}

/* t:rows([pick [, n [, min_count [, top]]]]) -> rows sorted by count desc, term; n 0 or nil
 * = every size; top > 0: only the first top rows are made. */
static int l_rows(lua_State *L) {
  terms *t = check_terms(L, 1);
  lua_Integer n = luaL_optinteger(L, 3, 0), min = luaL_optinteger(L, 4, 1);
  lua_Integer top = luaL_optinteger(L, 5, 0);
  luaL_argcheck(L, n >= 0 && n <= 3, 3, "0 to 3 expected");
  luaL_argcheck(L, top >= 0, 5, "0 or more expected");
  lua_settop(L, 4);
  const unsigned char *pick = check_pick(L, t, 2);
  terms_row *r;
  size_t m;
  get_rows(L, t, pick, (int)n, min, &r, &m);
  uint64_t words = terms_words(t, pick);
  push_rows(L, r, top && (size_t)top < m ? (size_t)top : m, words);
  mem_free(r);
  return 1;
}

/* same_counting: whether tables a and b count alike (size, slicing, stopwords, stem,
 * clitics), so that their sum means something. */
static int same_counting(const lterms *a, const lterms *b) {
  const terms_opts *x = terms_options(a->t), *y = terms_options(b->t);
  return x->max_n == y->max_n && x->slicing == y->slicing && x->by == y->by &&
         terms_stop_count(x->stop) == terms_stop_count(y->stop) &&
         (x->stem ? y->stem && strcmp(x->stem, y->stem) == 0 : !y->stem) &&
         !x->vocab == !y->vocab;
}

/* t:merge(other) -> t | nil, message: add other's counts (a table of other articles,
 * counted alike: a shard) into t, exactly. */
static int l_merge(lua_State *L) {
  lterms *a = luaL_checkudata(L, 1, TERMS_MT), *b = luaL_checkudata(L, 2, TERMS_MT);
  check_terms(L, 1);
  check_terms(L, 2);
  luaL_argcheck(L, a != b, 2, "a table cannot merge itself");
  if (a->top || b->top) return lx_fail(L, "a table counted with top holds only the top terms: "
                                          "merge full tables");
  if (!same_counting(a, b)) return lx_fail(L, "the tables were counted with other options");
  err e;
  if (terms_merge(a->t, b->t, &e) < 0) return lx_fail(L, e.msg);
  lua_settop(L, 1);
  return 1;
}

/* t:collocations([pick [, min_count]]) -> rows {x, y, count, lambda, z, pmi, g2}, sorted by
 * z desc, x, y. */
static int l_collocations(lua_State *L) {
  terms *t = check_terms(L, 1);
  lua_Integer min = luaL_optinteger(L, 3, 1);
  if (terms_options(t)->max_n < 2)
    return lx_fail(L, "collocations need a table counted with n >= 2");
  if (((lterms *)lua_touserdata(L, 1))->top)
    return lx_fail(L, "collocations need every pair: this table holds only the top terms");
  const unsigned char *pick = check_pick(L, t, 2);
  terms_row *r;
  terms_colloc *c;
  size_t m, nc;
  err e;
  get_rows(L, t, pick, 2, 1, &r, &m);
  int rc = terms_collocations(r, m, min < 1 ? 1 : (uint64_t)min, &c, &nc, &e);
  if (rc < 0) return mem_free(r), luaL_error(L, "%s", e.msg);
  lua_createtable(L, (int)nc, 0);
  for (size_t i = 0; i < nc; i++) {
    lua_createtable(L, 0, 7);
    lua_pushlstring(L, c[i].x, c[i].xlen);
    lua_setfield(L, -2, "x");
    lua_pushlstring(L, c[i].y, c[i].ylen);
    lua_setfield(L, -2, "y");
    lua_pushinteger(L, (lua_Integer)c[i].n11);
    lua_setfield(L, -2, "count");
    const double v[] = {c[i].lambda, c[i].z, c[i].pmi, c[i].g2};
    const char *const names[] = {"lambda", "z", "pmi", "g2"};
    for (int k = 0; k < 4; k++) lua_pushnumber(L, v[k]), lua_setfield(L, -2, names[k]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  mem_free(c);
  mem_free(r);
  return 1;
}

/* push_keys: the keyness rows k[0..nk) with a + b >= min, the first top of them. */
static void push_keys(lua_State *L, const terms_key *k, size_t nk, uint64_t min, size_t top) {
  lua_createtable(L, (int)(top < nk ? top : nk), 0);
  lua_Integer pushed = 0;
  for (size_t i = 0; i < nk && (size_t)pushed < top; i++) {
    if (k[i].a + k[i].b < min) continue;
    lua_createtable(L, 0, 7);
    lua_pushlstring(L, k[i].term, k[i].len);
    lua_setfield(L, -2, "term");
    lua_pushinteger(L, k[i].n);
    lua_setfield(L, -2, "n");
    lua_pushinteger(L, (lua_Integer)k[i].a);
    lua_setfield(L, -2, "a");
    lua_pushinteger(L, (lua_Integer)k[i].b);
    lua_setfield(L, -2, "b");
    const double v[] = {k[i].g2, k[i].chi2, k[i].log_ratio};
    const char *const names[] = {"g2", "chi2", "log_ratio"};
    for (int j = 0; j < 3; j++) lua_pushnumber(L, v[j]), lua_setfield(L, -2, names[j]);
    lua_rawseti(L, -2, ++pushed);
  }
}

/* push_keyness: the keyness of target rows a[0..na) (c_t words) against reference rows
 * b[0..nb) (c_r words) pushed as push_keys does, then c_t and the reference's words; 3, or
 * nil and a message (2: no words on a side). a and b are reordered, not freed. */
static int push_keyness(lua_State *L, terms_row *a, size_t na, uint64_t ct, terms_row *b,
                        size_t nb, uint64_t cr, int nested, lua_Integer min, size_t top) {
  terms_key *k;
  size_t nk;
  err e;
  if (terms_keyness(a, na, ct, b, nb, cr, nested, &k, &nk, &e) < 0) return lx_fail(L, e.msg);
  push_keys(L, k, nk, min < 1 ? 1 : (uint64_t)min, top);
  mem_free(k);
  lua_pushinteger(L, (lua_Integer)ct);
  lua_pushinteger(L, (lua_Integer)(nested ? cr - ct : cr));
  return 3;
}

/* check_cue_flags: the DISCOVER_* flags of the array at idx, one per cue of cues (a
 * userdata pushed on the stack holds them). */
static unsigned *check_cue_flags(lua_State *L, int idx, const gazetteer *cues) {
  size_t n = gaz_entity_count(cues);
  luaL_checktype(L, idx, LUA_TTABLE);
  if ((size_t)luaL_len(L, idx) != n) luaL_argerror(L, idx, "one flag set per cue expected");
  unsigned *flags = lua_newuserdatauv(L, (n ? n : 1) * sizeof *flags, 0);
  for (size_t i = 0; i < n; i++) {
    lua_geti(L, idx, (lua_Integer)i + 1);
    int ok;
    lua_Integer v = lua_tointegerx(L, -1, &ok);
    if (!ok || v < 0 || v > 31) luaL_argerror(L, idx, "flags 0 to 31 expected");
    flags[i] = (unsigned)v;
    lua_pop(L, 1);
  }
  return flags;
}

/* push_discovered: the rows of t as an array of {span, cue, before, words, hits, articles,
 * near_known, extended, example, surface}; cue is the cue's index (from 1), "caps" or "all"; before:
 * the span was found before the cue. Only the spans counted min_hits times or more. */
static void push_discovered(lua_State *L, const discover *t, uint64_t min_hits) {
  size_t n = discover_rows(t), m = 0;
  lua_createtable(L, 0, 0);
  for (size_t i = 0; i < n; i++) {
    discover_row r;
    discover_row_at(t, i, &r);
    if (min_hits > 1 && discover_span_hits(t, r.span, r.len) < min_hits) continue;
    lua_createtable(L, 0, 10);
    lua_pushlstring(L, r.span, r.len);
    lua_setfield(L, -2, "span");
    if (r.cue == DISCOVER_CAPS) lua_pushliteral(L, "caps");
    else if (r.cue == DISCOVER_ALL) lua_pushliteral(L, "all");
    else lua_pushinteger(L, (lua_Integer)(r.cue & ~DISCOVER_LEFT) + 1);
    lua_setfield(L, -2, "cue");
    lua_pushboolean(L, r.cue < DISCOVER_ALL && (r.cue & DISCOVER_LEFT));
    lua_setfield(L, -2, "before");
    const uint64_t v[] = {(uint64_t)r.words, r.hits, r.articles, r.near_known, r.extended};
    const char *const names[] = {"words", "hits", "articles", "near_known", "extended"};
    for (int k = 0; k < 5; k++) lua_pushinteger(L, (lua_Integer)v[k]), lua_setfield(L, -2, names[k]);
    lua_pushlstring(L, r.example, r.example_len);
    lua_setfield(L, -2, "example");
    lua_pushlstring(L, r.surface, r.surface_len);
    lua_setfield(L, -2, "surface");
    lua_rawseti(L, -2, (lua_Integer)++m);
  }
}

/* sahel.core.terms.discover(source, known, cues, flags [, opts]) -> rows, info | nil, msg
 * source: a sahel.Corpus or an array of sahel.Article values; known: a sahel.Gazetteer or
 * nil; cues: a sahel.Gazetteer of cue phrases; flags: DISCOVER_* per cue. opts: stopwords
 * (array of words), threads, max_words, latin_caps, nisba, max_keys, min_hits (rows of
 * spans counted fewer times are left out), warn. info: {articles, refused, words, keys}. */
static int l_discover(lua_State *L) {
  static const char *const names[] = {"stopwords", "threads", "max_words", "latin_caps",
                                      "nisba", "max_keys", "min_hits", "warn", NULL};
  lua_settop(L, 5);
  lx_opts(L, 5, names);
  discover_opts o = {lua_isnil(L, 2) ? NULL : lx_togazetteer(L, 2), lx_togazetteer(L, 3),
                     NULL, NULL, (int)lx_opt_int(L, 5, "max_words", 4),
                     lx_opt_bool(L, 5, "latin_caps", 1), lx_opt_bool(L, 5, "nisba", 1),
                     (size_t)lx_opt_int(L, 5, "max_keys", 0)};
  pipeline_opts po = lx_run_opts(L, 5);
  lua_Integer min_hits = lx_opt_int(L, 5, "min_hits", 1);
  if (lx_opt_int(L, 5, "max_keys", 0) < 0) luaL_error(L, "bad option 'max_keys' (>= 0 expected)");
  if (o.max_words < 1 || o.max_words > 4) luaL_error(L, "bad option 'max_words' (1 to 4 expected)");
  o.cue_flags = check_cue_flags(L, 4, o.cues);               /* flags */
  lx_source_new(L, 1, LX_SRC_CORPUS | LX_SRC_ARRAY);         /* flags src */
  lterms *h = lua_newuserdatauv(L, sizeof *h, 0);   /* holds the stopwords until collected */
  *h = (lterms){NULL, 0, 0, NULL, NULL, NULL};
  luaL_setmetatable(L, TERMS_MT);
  check_stop(L, 5, h);
  o.stop = h->stop;
  if (lx_source_round(L, 7, 0, &po) < 0) return lua_error(L);
  pipeline_warnings pw;
  pipeline_warnings_init(&pw);
  err e;
  discover *t = discover_count_corpus(&o, &po, &pw, &e);
  lx_emit_warnings(L, 5, &pw);
  pipeline_warnings_free(&pw);
  if (!t) return lx_fail(L, e.msg);
  push_discovered(L, t, (uint64_t)(min_hits < 1 ? 1 : min_hits));
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, (lua_Integer)discover_words(t));
  lua_setfield(L, -2, "words");
  lua_pushinteger(L, (lua_Integer)discover_rows(t));
  lua_setfield(L, -2, "keys");
  lua_pushinteger(L, (lua_Integer)discover_articles(t));
  lua_setfield(L, -2, "articles");
  lua_pushinteger(L, (lua_Integer)discover_refused(t));
  lua_setfield(L, -2, "refused");
  discover_free(t);
  return 2;
}

/* sahel.core.terms.colloc(n11, nx, ny, N) -> {lambda, z, pmi, g2}: the measures (§9) of a
 * pair seen n11 times whose first word starts nx of N pairs and second word ends ny. */
static int l_colloc(lua_State *L) {
  lua_Integer v[4];
  for (int i = 0; i < 4; i++) v[i] = luaL_checkinteger(L, i + 1);
  luaL_argcheck(L, v[0] >= 0 && v[0] <= v[1] && v[0] <= v[2] && v[1] <= v[3] && v[2] <= v[3] &&
                   v[1] + v[2] - v[0] <= v[3], 1, "0 <= n11 <= nx, ny <= N expected");
  terms_colloc c;
  terms_colloc_measures((uint64_t)v[0], (uint64_t)v[1], (uint64_t)v[2], (uint64_t)v[3], &c);
  lua_createtable(L, 0, 4);
  const double m[] = {c.lambda, c.z, c.pmi, c.g2};
  const char *const names[] = {"lambda", "z", "pmi", "g2"};
  for (int k = 0; k < 4; k++) lua_pushnumber(L, m[k]), lua_setfield(L, -2, names[k]);
  return 1;
}

/* ---- key-word-in-context patterns (kwic.h) ---------------------------------------------- */

typedef struct {
  kwic_pattern *p;  /* NULL once closed */
  textproc *tp;
  kwic_scratch *ks; /* for one text or article at a time, on the calling thread */
  doc d;
  buf text;
} lpattern;

/* pattern_release: free what h holds; safe to call twice. */
static void pattern_release(lpattern *h) {
  kwic_scratch_free(h->ks);
  kwic_pattern_free(h->p);
  textproc_free(h->tp);
  doc_free(&h->d);
  buf_free(&h->text);
  h->ks = NULL;
  h->p = NULL;
  h->tp = NULL;
}

/* pattern_gc: __gc, __close and p:close(): free the pattern; safe to call twice. */
static int pattern_gc(lua_State *L) {
  pattern_release(luaL_checkudata(L, 1, PATTERN_MT));
  return 0;
}

/* pattern_tostring: "sahel.Pattern" or "sahel.Pattern (closed)". */
static int pattern_tostring(lua_State *L) {
  lpattern *h = luaL_checkudata(L, 1, PATTERN_MT);
  lua_pushstring(L, h->p ? PATTERN_MT : PATTERN_MT " (closed)");
  return 1;
}

/* sahel.core.terms.pattern(pattern, opts) -> Pattern | nil, message (an empty pattern, a
 * bad regex). opts: glob, regex (booleans; exact when neither), surface, clitics (default
 * true). */
static int l_pattern(lua_State *L) {
  size_t len;
  const char *pat = luaL_checklstring(L, 1, &len);
  static const char *const names[] = {"glob", "regex", "surface", "clitics", NULL};
  lx_opts(L, 2, names);
  int glob = lx_opt_bool(L, 2, "glob", 0), regex = lx_opt_bool(L, 2, "regex", 0);
  if (glob && regex) luaL_error(L, "bad options 'glob' and 'regex' (one at a time)");
  kwic_opts o = {regex ? KWIC_REGEX : glob ? KWIC_GLOB : KWIC_EXACT,
                 lx_opt_bool(L, 2, "surface", 0), lx_opt_bool(L, 2, "clitics", 1)};
  lpattern *h = lua_newuserdatauv(L, sizeof *h, 0);
  memset(h, 0, sizeof *h);
  doc_init(&h->d);
  buf_init(&h->text);
  luaL_setmetatable(L, PATTERN_MT);
  err e;
  if (!(h->tp = textproc_new(NORM_DEFAULT, &e)) || !(h->p = kwic_compile(h->tp, pat, len, &o, &e)) ||
      !(h->ks = kwic_scratch_new(h->p, &e))) {
    pattern_release(h);
    return lx_fail(L, e.msg);
  }
  return 1;
}

/* check_pattern: the open pattern at idx. */
static lpattern *check_pattern(lua_State *L, int idx) {
  lpattern *h = luaL_checkudata(L, idx, PATTERN_MT);
  if (!h->p) luaL_argerror(L, idx, "attempt to use a closed pattern");
  return h;
}

/* The fields of a line, in kwic_line's order (keys made once per state: lx_keys). */
static const char *const line_keys[KWIC_FIELDS] = {"article_id", "date", "source", "left",
                                                  "match", "right"};
static const char line_keys_slot = 0;

/* push_lines: the lines of l as an array of {article_id, date, source, left, match, right,
 * paragraph, sentence, byte_start, byte_end} (absent fields nil). */
static void push_lines(lua_State *L, const kwic_lines *l) {
  int kx = lx_keys(L, &line_keys_slot, line_keys, KWIC_FIELDS);
  lua_createtable(L, (int)l->n, 0);
  for (size_t i = 0; i < l->n; i++) {
    const kwic_line *x = &l->lines[i];
    lua_createtable(L, 0, 10);
    for (int f = 0; f < KWIC_FIELDS; f++) {
      if (x->start[f] == SIZE_MAX) continue;
      lua_rawgeti(L, kx, f + 1);
      lua_pushlstring(L, l->text.data + x->start[f], x->len[f]);
      lua_rawset(L, -3);
    }
    const uint32_t v[] = {x->paragraph, x->sentence, x->byte_start, x->byte_end};
    const char *const names[] = {"paragraph", "sentence", "byte_start", "byte_end"};
    for (int k = 0; k < 4; k++) lua_pushinteger(L, v[k]), lua_setfield(L, -2, names[k]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_remove(L, kx);
}

/* lines_of_text: the lines of one string or article at idx (the calling thread). */
static int lines_of_text(lua_State *L, lpattern *h, int idx, size_t width, kwic_lines *out,
                         err *e) {
  const article *a = lua_type(L, idx) == LUA_TSTRING ? NULL : lx_toarticle(L, idx);
  if (!a && lua_type(L, idx) != LUA_TSTRING)
    luaL_typeerror(L, idx, "sahel.Corpus, sahel.Article or string");
  size_t len;
  const char *s = a ? NULL : lua_tolstring(L, idx, &len);
  if (a) {
    buf_clear(&h->text);
    if (article_text(a, &h->text)) return err_nomem(e);
    s = h->text.data ? h->text.data : "";
    len = h->text.len;
  }
  if (doc_analyze(&h->d, h->tp, s, len, e) < 0) return -1;
  return kwic_doc_lines(h->ks, &h->d, a, width, 0, out, e);
}

/* p:lines(source, opts) -> array of lines | nil, message
 * source: a sahel.Corpus (its articles through the pipeline's threads, in corpus order), a
 * sahel.Article or a string. opts: width (words each side, default 8), limit (0 = all),
 * threads, warn. */
static int l_lines(lua_State *L) {
  lpattern *h = check_pattern(L, 1);
  static const char *const names[] = {"width", "limit", "threads", "warn", NULL};
  lua_settop(L, 3);
  lx_opts(L, 3, names);
  lua_Integer width = lx_opt_int(L, 3, "width", 8), limit = lx_opt_int(L, 3, "limit", 0);
  if (width < 0 || width > 1000) luaL_error(L, "bad option 'width' (0 to 1000 expected)");
  if (limit < 0) luaL_error(L, "bad option 'limit' (0 or more expected)");
  pipeline_opts po = lx_run_opts(L, 3);
  kwic_lines out;
  kwic_lines_init(&out);
  err e;
  int rc;
  if (lx_tocorpus(L, 2)) {
    one_pass(L, 2, LX_SRC_CORPUS, &po);                        /* src */
    pipeline_warnings pw;
    pipeline_warnings_init(&pw);
    rc = kwic_corpus(h->p, (size_t)width, (size_t)limit, &po, &pw, &out, &e);
    lx_emit_warnings(L, 3, &pw);
    pipeline_warnings_free(&pw);
  } else {
    rc = lines_of_text(L, h, 2, (size_t)width, &out, &e);
    if (rc == 0 && limit && out.n > (size_t)limit) out.n = (size_t)limit;
  }
  if (rc < 0) return kwic_lines_free(&out), lx_fail(L, e.msg);
  push_lines(L, &out);
  kwic_lines_free(&out);
  return 1;
}

/* TOP_KEYNESS: why keyness refuses a table counted with top. */
static const char TOP_KEYNESS[] =
  "keyness needs every term: a table counted with top holds only the top terms";

/* counted_with_top: whether the sahel.Terms at idx (checked) holds only its top terms. */
static int counted_with_top(lua_State *L, int idx) {
  return ((lterms *)lua_touserdata(L, idx))->top != 0;
}

/* opt_top: argument idx as a number of rows to keep, at most all (nil: all). */
static size_t opt_top(lua_State *L, int idx, size_t all) {
  if (lua_isnoneornil(L, idx)) return all;
  lua_Integer top = luaL_checkinteger(L, idx);
  luaL_argcheck(L, top >= 0, idx, "0 or more expected");
  return (lua_Unsigned)top > all ? all : (size_t)top;
}

/* sahel.core.terms.keyness(target, tpick, reference, rpick [, n [, nested [, min_count
 * [, top]]]]) -> rows {term, n, a, b, g2, chi2, log_ratio} sorted by G2 desc, term (those
 * with a + b >= min_count, the first top); c_t; c_r | nil, message (no words). nested: the
 * reference holds the target (it is subtracted). */
static int l_keyness(lua_State *L) {
  terms *tt = check_terms(L, 1), *rt = check_terms(L, 3);
  if (counted_with_top(L, 1) || counted_with_top(L, 3)) return lx_fail(L, TOP_KEYNESS);
  lua_Integer n = luaL_optinteger(L, 5, 1), min = luaL_optinteger(L, 7, 1);
  luaL_argcheck(L, n >= 0 && n <= 3, 5, "0 to 3 expected");
  int nested = lua_toboolean(L, 6);
  size_t top = opt_top(L, 8, (size_t)-1);
  lua_settop(L, 5);
  const unsigned char *tp = check_pick(L, tt, 2), *rp = check_pick(L, rt, 4);
  terms_row *a, *b = NULL;
  size_t na, nb;
  err e;
  get_rows(L, tt, tp, (int)n, 1, &a, &na);
  if (terms_rows(rt, rp, (int)n, 1, &b, &nb, &e) < 0)
    return mem_free(a), luaL_error(L, "%s", e.msg);
  int r = push_keyness(L, a, na, terms_words(tt, tp), b, nb, terms_words(rt, rp), nested, min,
                       top);
  mem_free(a);
  mem_free(b);
  return r;
}

/* sahel.core.terms.keyness_each(t, targets, rpick [, n [, nested [, min_count [, top]]]])
 * -> for each pick of the array targets, {rows, c_t, c_r} or {error = message}, as keyness
 * of t's target slices against t's rpick slices gives them; the reference's rows are
 * summed once for all. */
static int l_keyness_each(lua_State *L) {
  terms *t = check_terms(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  if (counted_with_top(L, 1)) return lx_fail(L, TOP_KEYNESS);
  lua_Integer n = luaL_optinteger(L, 4, 1), min = luaL_optinteger(L, 6, 1);
  luaL_argcheck(L, n >= 0 && n <= 3, 4, "0 to 3 expected");
  int nested = lua_toboolean(L, 5);
  size_t top = opt_top(L, 7, (size_t)-1);
  lua_settop(L, 3);
  const unsigned char *rp = check_pick(L, t, 3); /* may push the pick */
  terms_row *b;
  size_t nb;
  get_rows(L, t, rp, (int)n, 1, &b, &nb);
  lua_Integer count = luaL_len(L, 2);
  lua_createtable(L, (int)count, 0);
  int out = lua_gettop(L);
  for (lua_Integer i = 1; i <= count; i++) {
    lua_geti(L, 2, i);
    int target = lua_gettop(L);
    const unsigned char *tp = check_pick(L, t, target);
    terms_row *a;
    size_t na;
    get_rows(L, t, tp, (int)n, 1, &a, &na);
    int r = push_keyness(L, a, na, terms_words(t, tp), b, nb, terms_words(t, rp), nested, min,
                         top);
    mem_free(a);
    lua_createtable(L, 0, 3);
    if (r == 3) {
      lua_pushvalue(L, -4), lua_setfield(L, -2, "rows");
      lua_pushvalue(L, -3), lua_setfield(L, -2, "c_t");
      lua_pushvalue(L, -2), lua_setfield(L, -2, "c_r");
    } else {
      lua_pushvalue(L, -2), lua_setfield(L, -2, "error");
    }
    lua_rawseti(L, out, i);
    lua_settop(L, out);
  }
  mem_free(b);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"count", l_count},
  {"pattern", l_pattern},
  {"of_entity", l_of_entity},
  {"keyness", l_keyness},
  {"discover", l_discover},
  {"colloc", l_colloc},
  {"keyness_each", l_keyness_each},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"slices", l_slices},
  {"words", l_words},
  {"info", l_info},
  {"rows", l_rows},
  {"collocations", l_collocations},
  {"merge", l_merge},
  {"close", terms_gc},
  {NULL, NULL}
};

static const luaL_Reg meta[] = {
  {"__gc", terms_gc},
  {"__close", terms_gc},
  {"__tostring", terms_tostring},
  {NULL, NULL}
};

static const luaL_Reg pattern_methods[] = {
  {"lines", l_lines},
  {"close", pattern_gc},
  {NULL, NULL}
};

static const luaL_Reg pattern_meta[] = {
  {"__gc", pattern_gc},
  {"__close", pattern_gc},
  {"__tostring", pattern_tostring},
  {NULL, NULL}
};

int luaopen_sahel_terms(lua_State *L) {
  lx_newlib(L, NULL, PATTERN_MT, pattern_methods, pattern_meta); /* patterns */
  lua_pop(L, 1);
  lx_newlib(L, funcs, TERMS_MT, methods, meta);   /* module */
  luaL_getmetatable(L, TERMS_MT);                  /* module mt */
  lua_getfield(L, -1, "__index");                  /* module mt methods */
  lua_setfield(L, -3, "methods");                  /* module mt */
  lua_pop(L, 1);                                   /* module */
  lua_newtable(L);                                 /* module stemmers */
  const char **names = terms_stemmers();
  for (int i = 0; names[i]; i++) lua_pushstring(L, names[i]), lua_rawseti(L, -2, i + 1);
  lua_setfield(L, -2, "stemmers");                 /* module */
  return 1;
}
