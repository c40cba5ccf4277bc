/*
 * l_cooc.c: the sahel.cooc module: sahel.Cooc handles over src/core's co-occurrence
 * tables (cooc.h). Policy (option defaults, thresholds, sorting, top-N) lives in
 * lualib/sahel/cooc.lua; this file checks arguments, calls the core and pushes results.
 *
 * Rows pushed to Lua: {period (only when the table is sliced), a, b, name_a, name_b,
 * type_a, type_b, count, count_a, count_b, contexts, pmi, npmi, dice, jaccard, llr}.
 */
#include <string.h>

#include "article/date.h"
#include "bindings.h"
#include "cooc/cooc.h"
#include "l_db.h"
#include "l_gazetteer.h"
#include "lx_pipeline.h"
#include "base/mem.h"
#include "store/store.h"

#define COOC_MT "sahel.Cooc"

typedef struct {
  cooc *t; /* NULL once closed */
} lcooc;

/* ---- handles -------------------------------------------------------------------------- */

/* cooc_gc: __gc, __close and co:close(): free the table; safe to call twice. */
static int cooc_gc(lua_State *L) {
  lcooc *h = luaL_checkudata(L, 1, COOC_MT);
  cooc_free(h->t);
  h->t = NULL;
  return 0;
}

/* cooc_tostring: "sahel.Cooc (sentence, 12 pairs, 3 periods)" or "sahel.Cooc (closed)". */
static int cooc_tostring(lua_State *L) {
  lcooc *h = luaL_checkudata(L, 1, COOC_MT);
  if (!h->t) {
    lua_pushstring(L, COOC_MT " (closed)");
    return 1;
  }
  const cooc_config *c = cooc_config_of(h->t);
  lua_pushfstring(L, COOC_MT " (%s%s%s, %d pairs, %d periods)", cooc_context_name(c->context),
                  c->by ? " by " : "", c->by ? cooc_by_name(c->by) : "",
                  (int)cooc_pair_total(h->t), (int)cooc_period_count(h->t));
  return 1;
}

/* check_cooc: the open table at idx (raises when closed or not a table). */
static cooc *check_cooc(lua_State *L, int idx) {
  lcooc *h = luaL_checkudata(L, idx, COOC_MT);
  if (!h->t) luaL_argerror(L, idx, "attempt to use a closed co-occurrence table");
  return h->t;
}

/* push_cooc: push a handle owning t (t is freed if the push fails). */
static void push_cooc(lua_State *L, cooc *t) {
  lcooc *h = lua_newuserdatauv(L, sizeof *h, 0);
  h->t = t;
  luaL_setmetatable(L, COOC_MT);
}

/* close: co:close(): free the table now. */
static int l_close(lua_State *L) { return cooc_gc(L); }

/* ---- arguments ------------------------------------------------------------------------ */

/* check_period: the period index named at idx (nil/none: -1; -2 when the table has no
 * such period: an empty selection). */
static long check_period(lua_State *L, cooc *t, int idx) {
  if (lua_isnoneornil(L, idx)) return -1;
  const char *name = luaL_checkstring(L, idx);
  long p = cooc_period_find(t, name);
  if (p < 0) p = -2; /* a period without articles: empty, but not an error */
  return p;
}

/* opt_period: the period index named by opts.period (-1 when absent, -2 when the table
 * has no such period: an empty selection). */
static long opt_period(lua_State *L, cooc *t, int opts) {
  const char *name = lx_opt_string(L, opts, "period", NULL);
  if (!name) return -1;
  long p = cooc_period_find(t, name);
  return p < 0 ? -2 : p;
}

/* check_entity: the entity index of the id at idx; raises when unknown. */
static size_t check_entity(lua_State *L, cooc *t, int idx) {
  const char *id = luaL_checkstring(L, idx);
  long i = cooc_entity_find(t, id);
  if (i < 0) luaL_argerror(L, idx, lua_pushfstring(L, "unknown entity '%s'", id));
  return (size_t)i;
}

/* ---- reading -------------------------------------------------------------------------- */

/* setnum / setint / setstr: t[k] = v for the table on top. */
static void setnum(lua_State *L, const char *k, double v) {
  lua_pushnumber(L, v);
  lua_setfield(L, -2, k);
}

static void setint(lua_State *L, const char *k, uint64_t v) {
  lua_pushinteger(L, (lua_Integer)v);
  lua_setfield(L, -2, k);
}

static void setstr(lua_State *L, const char *k, const char *v) {
  lua_pushstring(L, v);
  lua_setfield(L, -2, k);
}

/* push_row: push one row table. */
static void push_row(lua_State *L, const cooc *t, const cooc_row *r) {
  const gaz_entity *a = cooc_entity(t, r->a), *b = cooc_entity(t, r->b);
  lua_createtable(L, 0, 16);
  if (cooc_config_of(t)->by) setstr(L, "period", cooc_period_name(t, r->period));
  setstr(L, "a", a->id);
  setstr(L, "b", b->id);
  setstr(L, "name_a", a->name);
  setstr(L, "name_b", b->name);
  setstr(L, "type_a", a->type);
  setstr(L, "type_b", b->type);
  setint(L, "count", r->count);
  setint(L, "count_a", r->count_a);
  setint(L, "count_b", r->count_b);
  setint(L, "contexts", r->contexts);
  setnum(L, "pmi", r->m.pmi);
  setnum(L, "npmi", r->m.npmi);
  setnum(L, "dice", r->m.dice);
  setnum(L, "jaccard", r->m.jaccard);
  setnum(L, "llr", r->m.llr);
}

/* co:rows([period]) -> array of every pair with count >= 1, in §8 order */
static int l_rows(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  long p = check_period(L, t, 2);
  cooc_row *rows = NULL;
  size_t n = 0;
  err e;
  if (p != -2 && cooc_rows(t, p, &rows, &n, &e) < 0) return luaL_error(L, "%s", e.msg);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    push_row(L, t, &rows[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  mem_free(rows);
  return 1;
}

/* sum_marginal: n_a and mentions of entity a over period p (every period when p = -1). */
static uint64_t sum_marginal(const cooc *t, long p, size_t a, uint64_t *mentions) {
  uint64_t n = 0, m;
  *mentions = 0;
  for (size_t q = 0; q < cooc_period_count(t); q++) {
    if (p != -1 && (long)q != p) continue;
    n += cooc_marginal(t, q, a, &m);
    *mentions += m;
  }
  return n;
}

/* co:marginal(id [, period]) -> n_a, mentions (summed over periods when none is named) */
static int l_marginal(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  size_t a = check_entity(L, t, 2);
  uint64_t mentions, n = sum_marginal(t, check_period(L, t, 3), a, &mentions);
  lua_pushinteger(L, (lua_Integer)n);
  lua_pushinteger(L, (lua_Integer)mentions);
  return 2;
}

/* co:count(a, b [, period]) -> n_ab (summed over periods when none is named) */
static int l_count(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  size_t a = check_entity(L, t, 2), b = check_entity(L, t, 3);
  long p = check_period(L, t, 4);
  uint64_t n = 0;
  for (size_t q = 0; q < cooc_period_count(t); q++)
    if (p == -1 || (long)q == p) n += cooc_count(t, q, a, b);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* co:contexts([period]) -> N (summed over periods when none is named) */
static int l_contexts(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  long p = check_period(L, t, 2);
  uint64_t n = 0;
  for (size_t q = 0; q < cooc_period_count(t); q++)
    if (p == -1 || (long)q == p) n += cooc_contexts(t, q);
  lua_pushinteger(L, (lua_Integer)n);
  return 1;
}

/* co:periods() -> sorted array of period names ({} when the table is not sliced) */
static int l_periods(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  size_t n = cooc_config_of(t)->by ? cooc_period_count(t) : 0;
  size_t *order = mem_alloc((n + 1) * sizeof *order);
  if (!order) return lx_nomem(L);
  cooc_period_order(t, order);
  lua_createtable(L, (int)n, 0);
  for (size_t i = 0; i < n; i++) {
    lua_pushstring(L, cooc_period_name(t, order[i]));
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  mem_free(order);
  return 1;
}

/* co:entities() -> array of {id, type, name, mentions, count} in gazetteer order */
static int l_entities(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  lua_createtable(L, (int)cooc_entity_count(t), 0);
  for (size_t i = 0; i < cooc_entity_count(t); i++) {
    const gaz_entity *x = cooc_entity(t, i);
    uint64_t mentions, n = sum_marginal(t, -1, i, &mentions);
    lua_createtable(L, 0, 5);
    setstr(L, "id", x->id);
    setstr(L, "type", x->type);
    setstr(L, "name", x->name);
    setint(L, "mentions", mentions);
    setint(L, "count", n);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  return 1;
}

/* co:info() -> {context, window, by, pairs, periods} */
static int l_info(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  const cooc_config *c = cooc_config_of(t);
  lua_createtable(L, 0, 5);
  setstr(L, "context", cooc_context_name(c->context));
  if (c->context == COOC_WINDOW) setint(L, "window", c->window);
  if (c->by) setstr(L, "by", cooc_by_name(c->by));
  setint(L, "pairs", cooc_pair_total(t));
  setint(L, "periods", cooc_period_count(t));
  return 1;
}

/* ---- combining ------------------------------------------------------------------------ */

/* co:merge(other) -> co: add other's counts (same context, periods and entities) */
static int l_merge(lua_State *L) {
  cooc *t = check_cooc(L, 1), *o = check_cooc(L, 2);
  err e;
  if (t == o) return luaL_argerror(L, 2, "cannot merge a table into itself");
  if (cooc_merge(t, o, &e) < 0) return luaL_argerror(L, 2, e.msg);
  lua_settop(L, 1);
  return 1;
}

/* co:collapse() -> a new table: one unsliced table of the sums over every period */
static int l_collapse(lua_State *L) {
  err e;
  cooc *c = cooc_collapse(check_cooc(L, 1), &e);
  if (!c) return luaL_error(L, "%s", e.msg);
  push_cooc(L, c);
  return 1;
}

/* co:save(path) -> true, or nil, message */
static int l_save(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  err e;
  if (cooc_save(t, luaL_checkstring(L, 2), &e) < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* sahel.cooc.period(by, date) -> the period name of date ("2025-07", "unknown"...) */
static int l_period(lua_State *L) {
  const char *by = luaL_checkstring(L, 1);
  const char *date = luaL_optstring(L, 2, NULL);
  int b = cooc_by_find(by);
  if (b <= COOC_BY_NONE) luaL_argerror(L, 1, lua_pushfstring(L, "unknown period '%s'", by));
  char out[COOC_PERIOD_MAX];
  lua_pushstring(L, cooc_period_of((cooc_by)b, date, out));
  return 1;
}

/* sahel.cooc.load(path) -> table, or nil, message */
static int l_load(lua_State *L) {
  err e;
  cooc *t = cooc_load(luaL_checkstring(L, 1), &e);
  if (!t) return lx_fail(L, e.msg);
  push_cooc(L, t);
  return 1;
}

/* ---- exports -------------------------------------------------------------------------- */

/* row_field: the string field k of the row table on top (NULL when absent); raises on a
 * wrong type. */
static const char *row_field(lua_State *L, int i, const char *k) {
  int ty = lua_getfield(L, -1, k);
  if (ty != LUA_TSTRING && ty != LUA_TNIL)
    luaL_error(L, "row %d: field '%s' must be a string", i, k);
  const char *s = lua_tostring(L, -1);
  lua_pop(L, 1); /* the string stays referenced by the row */
  return s;
}

/* row_from_lua: the table row at the top (a, b, period) as a cooc_row; raises when it
 * names an unknown entity or period. */
static cooc_row row_from_lua(lua_State *L, cooc *t, int i) {
  const char *a = row_field(L, i, "a"), *b = row_field(L, i, "b");
  const char *pn = row_field(L, i, "period");
  long ia = a ? cooc_entity_find(t, a) : -1, ib = b ? cooc_entity_find(t, b) : -1;
  long p = cooc_period_find(t, pn ? pn : "");
  if (ia < 0 || ib < 0 || ia == ib) luaL_error(L, "row %d: unknown entities or a == b", i);
  if (p < 0) luaL_error(L, "row %d: no such period '%s'", i, pn ? pn : "");
  cooc_row r = {.period = (uint32_t)p, .a = (uint32_t)ia, .b = (uint32_t)ib};
  r.count = cooc_count(t, (size_t)p, (size_t)ia, (size_t)ib);
  cooc_row_fill(t, &r);
  return r;
}

/* check_rows: the rows to export: those of the array at idx (in its order), or, when it is
 * nil, every row of period p (-1: all). The array lives in a userdata pushed on the stack. */
static cooc_row *check_rows(lua_State *L, cooc *t, int idx, long p, size_t *n) {
  if (!lua_isnoneornil(L, idx)) {
    luaL_checktype(L, idx, LUA_TTABLE);
    *n = (size_t)luaL_len(L, idx);
    cooc_row *rows = lua_newuserdatauv(L, (*n + 1) * sizeof *rows, 0);
    for (size_t i = 0; i < *n; i++) {
      if (lua_rawgeti(L, idx, (lua_Integer)i + 1) != LUA_TTABLE)
        luaL_error(L, "row %d is not a table", (int)i + 1);
      rows[i] = row_from_lua(L, t, (int)i + 1);
      lua_pop(L, 1);
    }
    return rows;
  }
  cooc_row *all = NULL;
  err e;
  *n = 0;
  if (p != -2 && cooc_rows(t, p, &all, n, &e) < 0) luaL_error(L, "%s", e.msg);
  cooc_row *rows = lua_newuserdatauv(L, (*n + 1) * sizeof *rows, 0);
  if (*n) memcpy(rows, all, *n * sizeof *rows);
  mem_free(all);
  return rows;
}

/* check_measure: MEASURE_* of opts.measure (default count); raises when unknown. */
static int check_measure(lua_State *L, int opts) {
  const char *name = lx_opt_string(L, opts, "measure", "count");
  int m = measure_find(name);
  if (m < 0) luaL_error(L, "bad option 'measure' (unknown measure '%s')", name);
  return m;
}

/* co:write_csv(path, rows|nil, opts) -> true, or nil, message
 * opts: format = "long" | "matrix", measure, excel, period (rows = nil) */
static int l_write_csv(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  static const char *const keys[] = {"format", "measure", "excel", "period", NULL};
  const char *path = luaL_checkstring(L, 2);
  lx_opts(L, 4, keys);
  const char *format = lx_opt_string(L, 4, "format", "long");
  int matrix = strcmp(format, "matrix") == 0, measure = check_measure(L, 4);
  if (!matrix && strcmp(format, "long") != 0) luaL_error(L, "bad option 'format' ('%s')", format);
  csvwrite_opts o = {.excel = lx_opt_bool(L, 4, "excel", 0), .delimiter = ','};
  long p = opt_period(L, t, 4);
  size_t n;
  cooc_row *rows = check_rows(L, t, 3, p, &n);
  err e;
  int rc = matrix ? cooc_write_matrix(t, path, rows, n, measure, &o, &e)
                  : cooc_write_csv(t, path, rows, n, cooc_config_of(t)->by != COOC_BY_NONE, &o,
                                   &e);
  if (rc < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* co:write_graph(path, rows|nil, opts) -> true, or nil, message
 * opts: format = "graphml" | "dot", isolated, period, network */
static int l_write_graph(lua_State *L) {
  cooc *t = check_cooc(L, 1);
  static const char *const keys[] = {"format", "isolated", "period", "network", NULL};
  const char *path = luaL_checkstring(L, 2);
  lx_opts(L, 4, keys);
  const char *format = lx_opt_string(L, 4, "format", "graphml");
  if (strcmp(format, "graphml") != 0 && strcmp(format, "dot") != 0)
    luaL_error(L, "bad option 'format' ('%s')", format);
  long p = opt_period(L, t, 4);
  cooc_graph_opts g = {strcmp(format, "dot") == 0, lx_opt_bool(L, 4, "isolated", 0), p,
                       lx_opt_bool(L, 4, "network", 0)};
  size_t n;
  cooc_row *rows = check_rows(L, t, 3, p, &n);
  err e;
  if (cooc_write_graph(t, path, rows, n, &g, &e) < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* push_node: the row {id, type, name, mentions, degree, strength, betweenness, community}
 * of node n. */
static void push_node(lua_State *L, const graph_node *n) {
  lua_createtable(L, 0, 8);
  lua_pushstring(L, n->id);
  lua_setfield(L, -2, "id");
  lua_pushstring(L, n->type ? n->type : "");
  lua_setfield(L, -2, "type");
  lua_pushstring(L, n->name ? n->name : n->id);
  lua_setfield(L, -2, "name");
  lua_pushinteger(L, (lua_Integer)n->mentions);
  lua_setfield(L, -2, "mentions");
  lua_pushinteger(L, (lua_Integer)n->net->degree);
  lua_setfield(L, -2, "degree");
  lua_pushnumber(L, n->net->strength);
  lua_setfield(L, -2, "strength");
  lua_pushnumber(L, n->net->betweenness);
  lua_setfield(L, -2, "betweenness");
  lua_pushinteger(L, n->net->community);
  lua_setfield(L, -2, "community");
}

/* co:network_nodes(rows|nil, opts) -> the nodes of the network of rows with their measures, in
 * the table's entity order, or nil, message; opts: isolated, period */
static int l_network_nodes(lua_State *L) {
  static const char *const keys[] = {"isolated", "period", NULL};
  cooc *t = check_cooc(L, 1);
  lx_opts(L, 3, keys);
  long p = opt_period(L, t, 3);
  cooc_graph_opts g = {0, lx_opt_bool(L, 3, "isolated", 0), p, 1};
  size_t n;
  cooc_row *rows = check_rows(L, t, 2, p, &n);
  cooc_graph net;
  err e;
  int rc = cooc_graph_build(t, rows, n, &g, &net, &e);
  if (rc == 0) {
    lua_createtable(L, (int)net.nn, 0);
    for (size_t i = 0; i < net.nn; i++) {
      push_node(L, &net.nodes[i]);
      lua_rawseti(L, -2, (lua_Integer)i + 1);
    }
  }
  cooc_graph_free(&net);
  return rc == 0 ? 1 : lx_fail(L, e.msg);
}

/* ---- building ------------------------------------------------------------------------- */

/* check_config: the table configuration of the build options at idx. */
static cooc_config check_config(lua_State *L, int opts) {
  const char *context = lx_opt_string(L, opts, "context", "sentence");
  const char *by = lx_opt_string(L, opts, "by", "none");
  int c = cooc_context_find(context), b = cooc_by_find(by);
  lua_Integer k = lx_opt_int(L, opts, "window", 0);
  if (c < 0) luaL_error(L, "bad option 'context' (unknown context '%s')", context);
  if (b < 0) luaL_error(L, "bad option 'by' (unknown period '%s')", by);
  if (c == COOC_WINDOW && (k < 1 || k > 1000000))
    luaL_error(L, "bad option 'window' (1 to 1000000 words expected)");
  return (cooc_config){(cooc_context)c, c == COOC_WINDOW ? (uint32_t)k : 0, (cooc_by)b};
}

/* run_build: build with pipeline options o, then emit the warnings; pushes the table or
 * nil, message. Nothing raises once the build has started. */
static int run_build(lua_State *L, const pipeline_opts *o, const cooc_build_opts *b, int opts) {
  lcooc *h = lua_newuserdatauv(L, sizeof *h, 0); /* the handle first: no leak if Lua lacks memory */
  h->t = NULL;
  luaL_setmetatable(L, COOC_MT);
  pipeline_warnings pw;
  pipeline_warnings_init(&pw);
  err e;
  h->t = cooc_build(b, o, &pw, &e);
  lx_emit_warnings(L, opts, &pw);
  pipeline_warnings_free(&pw);
  return h->t ? 1 : lx_fail(L, e.msg);
}

/* sahel.cooc.build(corpus, gaz, opts) -> table, or nil, message
 * corpus: a sahel.Corpus or an array of Articles / article tables. opts: context, window,
 * by, demonyms, threads, queue, warn. */
static int l_build(lua_State *L) {
  static const char *const keys[] = {"context", "window", "by", "demonyms", "threads", "queue",
                                     "warn", NULL};
  const gazetteer *g = lx_togazetteer(L, 2);
  lua_settop(L, 3);
  lx_opts(L, 3, keys);
  cooc_config cfg = check_config(L, 3);
  unsigned mo = lx_opt_bool(L, 3, "demonyms", 0) ? GAZ_DEMONYMS : 0;
  pipeline_opts o = lx_run_opts(L, 3);
  lx_source_new(L, 1, LX_SRC_CORPUS | LX_SRC_ARRAY);         /* src */
  if (lx_source_round(L, 4, 0, &o) < 0) return lua_error(L); /* an array read, converted */
  err e;
  cooc *proto = cooc_table_from_gazetteer(&cfg, g, &e);
  if (!proto) return luaL_error(L, "%s", e.msg);
  push_cooc(L, proto); /* owned by Lua from here: freed even if something raises */
  cooc_build_opts b = {g, mo, proto};
  return run_build(L, &o, &b, 3);
}

/* opt_bound: opts[field] (a date) as the full ISO date of its first day (end 0) or last
 * day (end 1) into out; NULL when absent; raises on a bad date. */
static const char *opt_bound(lua_State *L, int opts, const char *field, int end, char out[11]) {
  const char *s = lx_opt_string(L, opts, field, NULL);
  err e;
  if (!s) return NULL;
  if (date_bound(s, end, out, &e) < 0) luaL_error(L, "bad option '%s' (%s)", field, e.msg);
  return out;
}

/* count_store: fill the table t from the stored mentions of db; 0, or -1 with e set.
 * *unknown counts mentions of entities the table does not hold. */
static int count_store(sqlite3 *db, cooc *t, int opts_idx, lua_State *L, size_t *unknown,
                       err *e) {
  char lo[11], hi[11];
  const char *from = opt_bound(L, opts_idx, "from", 0, lo);
  const char *to = opt_bound(L, opts_idx, "to", 1, hi);
  const char *source = lx_opt_string(L, opts_idx, "source", NULL);
  int demonyms = lx_opt_bool(L, opts_idx, "demonyms", 0);
  store_mentions *it = store_mentions_open(db, from, to, source, e);
  if (!it) return -1;
  int rc = cooc_add_store(t, it, demonyms, unknown, e);
  store_mentions_close(it);
  return rc;
}

/* sahel.cooc.from_store(db, gaz, opts) -> table, or nil, message
 * The mentions a store holds (sahel.store.ingest), counted without analyzing the articles
 * again. opts: context, window, by, demonyms, from, to (full ISO dates), source, warn. */
static int l_from_store(lua_State *L) {
  static const char *const keys[] = {"context", "window", "by", "demonyms", "threads", "warn",
                                     "from", "to", "source", NULL};
  sqlite3 *db = lx_check_db(L, 1);
  const gazetteer *g = lx_togazetteer(L, 2);
  lx_opts(L, 3, keys);
  cooc_config cfg = check_config(L, 3);
  lx_run_opts(L, 3); /* checks the warn option */
  lcooc *h = lua_newuserdatauv(L, sizeof *h, 0);
  h->t = NULL;
  luaL_setmetatable(L, COOC_MT);
  err e;
  size_t unknown = 0;
  if (!(h->t = cooc_table_from_gazetteer(&cfg, g, &e))) return luaL_error(L, "%s", e.msg);
  if (count_store(db, h->t, 3, L, &unknown, &e) < 0) return lx_fail(L, e.msg);
  if (unknown) {
    pipeline_warnings pw;
    pipeline_warnings_init(&pw);
    warn_sink w = pipeline_warnings_sink(&pw);
    warn_emit(&w, "store: %zu stored mentions name entities the gazetteer does not hold; "
              "they were left out", unknown);
    lx_emit_warnings(L, 3, &pw);
    pipeline_warnings_free(&pw);
  }
  return 1;
}

/* ---- the module ----------------------------------------------------------------------- */

static const luaL_Reg funcs[] = {
  {"build", l_build},
  {"from_store", l_from_store},
  {"load", l_load},
  {"period", l_period},
  {NULL, NULL}
};

static const luaL_Reg methods[] = {
  {"rows", l_rows},
  {"marginal", l_marginal},
  {"count", l_count},
  {"contexts", l_contexts},
  {"periods", l_periods},
  {"entities", l_entities},
  {"info", l_info},
  {"merge", l_merge},
  {"collapse", l_collapse},
  {"save", l_save},
  {"write_csv", l_write_csv},
  {"write_graph", l_write_graph},
  {"network_nodes", l_network_nodes},
  {"close", l_close},
  {NULL, NULL}
};

static const luaL_Reg meta[] = {
  {"__gc", cooc_gc},
  {"__close", cooc_gc},
  {"__tostring", cooc_tostring},
  {NULL, NULL}
};

int luaopen_sahel_cooc(lua_State *L) {
  lx_newlib(L, funcs, COOC_MT, methods, meta);   /* module */
  luaL_getmetatable(L, COOC_MT);                  /* module mt */
  lua_getfield(L, -1, "__index");                 /* module mt methods */
  lua_setfield(L, -3, "methods");                 /* module mt */
  lua_pop(L, 1);                                  /* module */
  return 1;
}
