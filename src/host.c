/* host.c: finding the data directory and preparing a Lua state for the toolkit. */
#include "host.h"

#include <lauxlib.h>
#include <lualib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

const char *sahel_version(void) { return SAHEL_VERSION; }

/* has_lualib: whether dir holds the toolkit's Lua library. */
static int has_lualib(const char *dir) {
  char path[4096];
  snprintf(path, sizeof path, "%s/lualib/sahel/init.lua", dir);
  return access(path, R_OK) == 0;
}

char *sahel_datadir(const char *binary_path, char *out, size_t n) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", binary_path ? binary_path : "");
  for (int up = 0; up < 5; up++) {
    char *slash = strrchr(dir, '/');
    if (!slash) break;
    *slash = '\0';
    snprintf(out, n, "%s/%s", dir, SAHEL_DATADIR_REL);
    if (has_lualib(out)) return out;
  }
  snprintf(out, n, "%s", has_lualib(SAHEL_INSTALL_DATADIR) && !has_lualib(SAHEL_SOURCE_DIR)
                             ? SAHEL_INSTALL_DATADIR
                             : SAHEL_SOURCE_DIR);
  return out;
}

/* prepend_path: package[field] = prefix .. ";" .. package[field]. */
static void prepend_path(lua_State *L, const char *field, const char *prefix) {
  lua_getglobal(L, "package");                   /* package */
  lua_getfield(L, -1, field);                    /* package old */
  lua_pushfstring(L, "%s;%s", prefix, lua_tostring(L, -1)); /* package old new */
  lua_setfield(L, -3, field);                    /* package old */
  lua_pop(L, 2);
}

void sahel_setup(lua_State *L, const char *datadir) {
  char found[4096];
  if (!datadir) {
    char self[4096];
    ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
    self[k > 0 ? k : 0] = '\0';
    datadir = sahel_datadir(self, found, sizeof found);
  }
  lua_pushstring(L, datadir);
  lua_setfield(L, LUA_REGISTRYINDEX, HOST_DATADIR_KEY);
  lua_pushfstring(L, "%s/lualib/?.lua;%s/lualib/?/init.lua", datadir, datadir);
  prepend_path(L, "path", lua_tostring(L, -1));
  lua_pop(L, 1);
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE); /* preload */
  lua_pushcfunction(L, luaopen_sahel_core);
  lua_setfield(L, -2, "sahel.core");
  lua_pop(L, 1);
}

const char *host_script_path(const char *name, const char *datadir, char *out, size_t n) {
  if (access(name, F_OK) == 0 || strchr(name, '/')) return name;
  snprintf(out, n, "%s/scripts/%s", datadir, name);
  return access(out, F_OK) == 0 ? out : name;
}
