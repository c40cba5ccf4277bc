/*
 * module.c: the toolkit as a C module for stock lua5.4 (sahel.so). `require "sahel"` finds
 * luaopen_sahel here through LUA_CPATH; it locates lualib beside the installed module (or in
 * the source tree), prepares the state as the host does, and runs lualib's sahel/init.lua.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <lauxlib.h>

#include "sahel.h"

int luaopen_sahel(lua_State *L) {
  Dl_info info;
  char datadir[4096];
  const char *self = dladdr((void *)luaopen_sahel, &info) ? info.dli_fname : NULL;
  sahel_setup(L, sahel_datadir(self, datadir, sizeof datadir));
  lua_pushfstring(L, "%s/lualib/sahel/init.lua", datadir);
  if (luaL_loadfile(L, lua_tostring(L, -1)) != LUA_OK) return lua_error(L);
  lua_pushstring(L, "sahel");        /* init.lua receives the module name, as require does */
  lua_call(L, 1, 1);
  return 1;
}
