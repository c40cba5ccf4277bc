/* l_report.c: sahel.core.report: write_file, mkstage, exchange, list (outdir.h) and isatty,
 * for lualib/sahel/report/outdir.lua and lualib/sahel/cli.lua. */
#include "l_report.h"

#include <unistd.h>

#include "bindings.h"
#include "outdir.h"

/* write_file(path, s): true, or nil, msg; path is replaced whole or not at all. */
static int l_write_file(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  size_t n;
  const char *s = luaL_checklstring(L, 2, &n);
  if (!lx_check_path(L, path, "w")) return 2;          /* a sandbox refused it */
  err e;
  if (outdir_write(path, s, n, &e) != 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* mkstage(out): the path of a new staging directory beside out, or nil, msg. */
static int l_mkstage(lua_State *L) {
  const char *out = luaL_checkstring(L, 1);
  if (!lx_check_path(L, out, "w")) return 2;
  char buf[4096];
  err e;
  if (outdir_mkstage(out, buf, sizeof buf, &e) != 0) return lx_fail(L, e.msg);
  lua_pushstring(L, buf);
  return 1;
}

/* exchange(a, b): true when swapped, false when the file system cannot, or nil, msg. */
static int l_exchange(lua_State *L) {
  const char *a = luaL_checkstring(L, 1), *b = luaL_checkstring(L, 2);
  if (!lx_check_path(L, a, "w") || !lx_check_path(L, b, "w")) return 2;
  err e;
  int rc = outdir_exchange(a, b, &e);
  if (rc < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, rc == 0);
  return 1;
}

/* add_name: outdir_list callback appending name to the table on top of the stack. */
static void add_name(void *ud, const char *name) {
  lua_State *L = ud;
  lua_pushstring(L, name);                              /* t name */
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1); /* t */
}

/* list(dir): the sorted entry names of dir, or nil, msg. */
static int l_list(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
  if (!lx_check_path(L, dir, "r")) return 2;
  err e;
  lua_newtable(L);                                      /* t */
  if (outdir_list(dir, add_name, L, &e) != 0) return lx_fail(L, e.msg);
  return 1;
}

/* isatty(fd): whether file descriptor fd (0, 1 or 2) is a terminal. */
static int l_isatty(lua_State *L) {
  lua_Integer fd = luaL_checkinteger(L, 1);
  luaL_argcheck(L, fd >= 0 && fd <= 2, 1, "0, 1 or 2 expected");
  lua_pushboolean(L, isatty((int)fd));
  return 1;
}

static const luaL_Reg funcs[] = {
  {"write_file", l_write_file},
  {"mkstage", l_mkstage},
  {"exchange", l_exchange},
  {"list", l_list},
  {"isatty", l_isatty},
  {NULL, NULL}
};

int luaopen_sahel_core_report(lua_State *L) {
  lx_newlib(L, funcs, NULL, NULL, NULL);
  return 1;
}
