/* l_core.c: luaopen_sahel_core, the table of C primitives, and the helpers of bindings.h. */
#include <stdio.h>

#include "bindings.h"
#include "host.h"
#include "l_report.h"

static const luaL_Reg modules[] = {
  {"text", luaopen_sahel_text},
  {"article", luaopen_sahel_article},
  {"corpus", luaopen_sahel_corpus},
  {"gazetteer", luaopen_sahel_gazetteer},
  {"cooc", luaopen_sahel_cooc},
  {"db", luaopen_sahel_db},
  {"csv", luaopen_sahel_csv},
  {"xlsx", luaopen_sahel_xlsx},
  {"report", luaopen_sahel_core_report},
  {NULL, NULL}
};

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

/* opt_field: push opts[field] (nil when opts is absent) and return its type. */
static int opt_field(lua_State *L, int opts, const char *field) {
  if (lua_isnoneornil(L, opts)) {
    lua_pushnil(L);
    return LUA_TNIL;
  }
  luaL_checktype(L, opts, LUA_TTABLE);
  return lua_getfield(L, opts, field);
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
