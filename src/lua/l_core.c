/* l_core.c: luaopen_sahel_core, the table of C primitives, and the helpers of bindings.h. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "bindings.h"
#include "host.h"
#include "l_report.h"
#include "base/nearest.h"

static const luaL_Reg modules[] = {
  {"text", luaopen_sahel_text},
  {"article", luaopen_sahel_article},
  {"date", luaopen_sahel_date},
  {"corpus", luaopen_sahel_corpus},
  {"gazetteer", luaopen_sahel_gazetteer},
  {"cooc", luaopen_sahel_cooc},
  {"terms", luaopen_sahel_terms},
  {"db", luaopen_sahel_store},
  {"csv", luaopen_sahel_csv},
  {"xlsx", luaopen_sahel_xlsx},
  {"report", luaopen_sahel_core_report},
  {NULL, NULL}
};

static int l_options(lua_State *L);

int luaopen_sahel_core(lua_State *L) {
  lua_newtable(L);                                /* core */
  for (const luaL_Reg *m = modules; m->name; m++) {
    lua_pushcfunction(L, m->func);
    lua_call(L, 0, 1);                            /* core module */
    lua_setfield(L, -2, m->name);                 /* core */
  }
  lua_pushstring(L, sahel_version());
  lua_setfield(L, -2, "version");
  lua_getfield(L, LUA_REGISTRYINDEX, HOST_DATADIR_KEY);   /* core datadir */
  lua_setfield(L, -2, "datadir");
  lua_pushcfunction(L, l_options);
  lua_setfield(L, -2, "options");
  return 1;
}

int lx_check_path(lua_State *L, const char *path, const char *mode) {
  if (lua_getfield(L, LUA_REGISTRYINDEX, LX_CHECK_PATH_KEY) != LUA_TFUNCTION) {
    lua_pop(L, 1);
    return 1;
  }
  if (!path) {
    lua_pop(L, 1);
    lua_pushnil(L);
    lua_pushliteral(L, "sandbox: not allowed (only named files under the allowed paths)");
    return 0;
  }
  lua_pushstring(L, path);
  lua_pushstring(L, mode);
  lua_call(L, 2, 2);                              /* ok|nil msg */
  if (!lua_toboolean(L, -2)) return 0;
  lua_pop(L, 2);
  return 1;
}

int lx_fail(lua_State *L, const char *msg) {
  lua_pushnil(L);
  lua_pushstring(L, msg);
  return 2;
}

int lx_nomem(lua_State *L) { return luaL_error(L, "%s", ERR_NOMEM); }

int lx_sandboxed(lua_State *L) {
  int t = lua_getfield(L, LUA_REGISTRYINDEX, LX_CHECK_PATH_KEY);
  lua_pop(L, 1);
  return t == LUA_TFUNCTION;
}

const sandbox *lx_policy(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, LX_POLICY_KEY);
  const sandbox *p = lua_touserdata(L, -1);
  lua_pop(L, 1);
  return p;
}

/* opts_error: raise the formatted message at the position of call level `level`. */
static int opts_error(lua_State *L, int level, const char *fmt, ...) {
  va_list ap;
  luaL_where(L, level);                           /* where */
  va_start(ap, fmt);
  lua_pushvfstring(L, fmt, ap);                   /* where msg */
  va_end(ap);
  lua_concat(L, 2);
  return lua_error(L);
}

/* unknown_option: raise for the key on top of the stack, naming the nearest valid key
 * when it is close, or every valid key. */
static int unknown_option(lua_State *L, const char *const *names, int level) {
  const char *key = lua_tostring(L, -1);
  const char *near = NULL;
  size_t best = (size_t)-1;
  for (const char *const *n = names; *n; n++) {
    size_t d = nearest_distance(key, *n);
    if (d < best) best = d, near = *n;
  }
  if (near && (best <= 2 || 2 * best <= strlen(key)))
    return opts_error(L, level, "unknown option '%s' (did you mean '%s'?)", key, near);
  luaL_Buffer b;
  luaL_buffinit(L, &b);
  for (const char *const *n = names; *n; n++) {
    if (n != names) luaL_addstring(&b, ", ");
    luaL_addstring(&b, *n);
  }
  luaL_pushresult(&b);
  return opts_error(L, level, "unknown option '%s' (the options are: %s)", key,
                    lua_tostring(L, -1));
}

/* listed_key: whether the key on top is a string among names. */
static int listed_key(lua_State *L, const char *const *names) {
  if (lua_type(L, -1) != LUA_TSTRING) return 0;
  for (const char *const *n = names; *n; n++)
    if (strcmp(lua_tostring(L, -1), *n) == 0) return 1;
  return 0;
}

/* check_opts: lx_opts, raising at call level `level`. */
static void check_opts(lua_State *L, int opts, const char *const *names, int level) {
  if (lua_isnoneornil(L, opts)) return;
  opts = lua_absindex(L, opts);
  if (lua_type(L, opts) != LUA_TTABLE)
    opts_error(L, level, "bad options (table expected, got %s)", luaL_typename(L, opts));
  if (lx_sandboxed(L) && lua_getmetatable(L, opts))
    opts_error(L, level, "sandbox: an options table with a metatable is not allowed");
  lua_pushnil(L);
  while (lua_next(L, opts)) {
    lua_pop(L, 1);                                /* key */
    if (listed_key(L, names)) continue;
    if (lua_type(L, -1) != LUA_TSTRING)
      opts_error(L, level, "bad options (a %s key: options are named)", luaL_typename(L, -1));
    unknown_option(L, names, level);
  }
}

void lx_opts(lua_State *L, int opts, const char *const *names) { check_opts(L, opts, names, 1); }

/* Most options a function of the Lua side may declare (sahel.core.options). */
#define OPTIONS_MAX 64

/* l_options: sahel.core.options(opts, names [, level]) -> opts: lx_opts for Lua code;
 * names is an array of the valid keys; errors point at call level `level` (default 2:
 * the caller of the function that checks its options). */
static int l_options(lua_State *L) {
  const char *names[OPTIONS_MAX + 1];
  luaL_checktype(L, 2, LUA_TTABLE);
  int level = (int)luaL_optinteger(L, 3, 2), n = (int)luaL_len(L, 2);
  luaL_argcheck(L, n <= OPTIONS_MAX, 2, "too many option names");
  for (int i = 0; i < n; i++) {
    lua_rawgeti(L, 2, i + 1);
    names[i] = luaL_checkstring(L, -1);           /* kept alive by the names table */
    lua_pop(L, 1);
  }
  names[n] = NULL;
  check_opts(L, 1, names, level);
  lua_settop(L, 1);
  return 1;
}

/* opt_field: push opts[field] (raw; nil when opts is absent) and return its type. */
static int opt_field(lua_State *L, int opts, const char *field) {
  if (lua_isnoneornil(L, opts)) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  luaL_checktype(L, opts, LUA_TTABLE);
  lua_pushstring(L, field);
  return lua_rawget(L, opts < 0 && opts > LUA_REGISTRYINDEX ? opts - 1 : opts);
}

/* opt_error: raise "bad option 'field' (TYPE expected, got X)". */
static int opt_error(lua_State *L, const char *field, const char *expected) {
  return luaL_error(L, "bad option '%s' (%s expected, got %s)", field, expected,
                    luaL_typename(L, -1));
}

int lx_opt_bool(lua_State *L, int opts, const char *field, int def) {
  int t = opt_field(L, opts, field);
  if (t != LUA_TNIL && t != LUA_TBOOLEAN) opt_error(L, field, "boolean");
  int v = t == LUA_TNIL ? def : lua_toboolean(L, -1);
  lua_pop(L, 1);
  return v;
}

lua_Integer lx_opt_int(lua_State *L, int opts, const char *field, lua_Integer def) {
  int t = opt_field(L, opts, field);
  if (t != LUA_TNIL && !lua_isinteger(L, -1)) opt_error(L, field, "integer");
  lua_Integer v = t == LUA_TNIL ? def : lua_tointeger(L, -1);
  lua_pop(L, 1);
  return v;
}

const char *lx_opt_string(lua_State *L, int opts, const char *field, const char *def) {
  int t = opt_field(L, opts, field);
  if (t != LUA_TNIL && t != LUA_TSTRING) opt_error(L, field, "string");
  const char *v = t == LUA_TNIL ? def : lua_tostring(L, -1);
  lua_pop(L, 1); /* the string stays alive: it is referenced by opts */
  return v;
}

int lx_keys(lua_State *L, const void *slot, const char *const *names, int n) {
  if (lua_rawgetp(L, LUA_REGISTRYINDEX, slot) != LUA_TTABLE) {
    lua_pop(L, 1);
    lua_createtable(L, n, 0);
    for (int i = 0; i < n; i++) {
      lua_pushstring(L, names[i]);
      lua_rawseti(L, -2, i + 1);
    }
    lua_pushvalue(L, -1);
    lua_rawsetp(L, LUA_REGISTRYINDEX, slot);
  }
  return lua_gettop(L);
}

void lx_newlib(lua_State *L, const luaL_Reg *fns, const char *tname, const luaL_Reg *methods,
               const luaL_Reg *meta) {
  if (tname) {
    luaL_newmetatable(L, tname);                  /* mt */
    if (meta) luaL_setfuncs(L, meta, 0);
    if (methods) {
      lua_newtable(L);                            /* mt methods */
      luaL_setfuncs(L, methods, 0);
      lua_setfield(L, -2, "__index");             /* mt */
    }
    lua_pop(L, 1);
  }
  lua_newtable(L);                                /* module */
  if (fns) luaL_setfuncs(L, fns, 0);
}

/* warn_to_lua: the warn_sink callback behind lx_warn_sink. */
static void warn_to_lua(void *ud, const char *msg) {
  lx_warn *w = ud;
  if (w->ref == LUA_NOREF) {
    fprintf(stderr, "sahelscript: warning: %s\n", msg);
    return;
  }
  lua_rawgeti(w->L, LUA_REGISTRYINDEX, w->ref);   /* fn */
  lua_pushstring(w->L, msg);                      /* fn msg */
  if (lua_pcall(w->L, 1, 0, 0) != LUA_OK) {       /* err */
    fprintf(stderr, "sahelscript: error in warning handler: %s\n", lua_tostring(w->L, -1));
    lua_pop(w->L, 1);
  }
}

warn_sink lx_warn_sink(lua_State *L, int idx, lx_warn *w) {
  w->L = L;
  w->ref = LUA_NOREF;
  if (idx && !lua_isnoneornil(L, idx)) {
    luaL_checktype(L, idx, LUA_TFUNCTION);
    lua_pushvalue(L, idx);
    w->ref = luaL_ref(L, LUA_REGISTRYINDEX);
  }
  return (warn_sink){warn_to_lua, w};
}

void lx_warn_release(lx_warn *w) {
  luaL_unref(w->L, LUA_REGISTRYINDEX, w->ref);
  w->ref = LUA_NOREF;
}
