/* l_report.c: sahel.core.report: write_file, check, lock, mkstage, stage_pid, remove,
 * exchange, move, list (outdir.h) and isatty, for lualib/sahel/report/outdir.lua and
 * lualib/sahel/cli.lua. */
#include "l_report.h"

#include <stdlib.h>
#include <unistd.h>

#include "bindings.h"
#include "base/nearest.h"
#include "io/outdir.h"

#define LOCK_MT "sahel.OutputLock"

/* An output directory's lock (outdir_lock): the descriptor, -1 once released. */
typedef struct {
  int fd;
} out_lock;

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

/* check(out): false when out does not exist, true when it is a directory, or nil, msg (a
 * symbolic link, another kind of file). */
static int l_check(lua_State *L) {
  const char *out = luaL_checkstring(L, 1);
  err e;
  int rc = outdir_check(out, &e);
  if (rc < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, rc);
  return 1;
}

/* lock(out): the lock of output directory out (a handle: lock:release(), also on
 * collection), or nil, msg ("another run is writing OUT (pid N)"). */
static int l_lock(lua_State *L) {
  const char *out = luaL_checkstring(L, 1);
  if (!lx_check_path(L, out, "w")) return 2;
  out_lock *k = lua_newuserdatauv(L, sizeof *k, 0);     /* lock */
  k->fd = -1;
  luaL_setmetatable(L, LOCK_MT);
  err e;
  k->fd = outdir_lock(out, &e);
  if (k->fd < 0) return lx_fail(L, e.msg);
  return 1;
}

/* lock_release: lock:release() (also __gc and __close): release the lock; safe twice. */
static int lock_release(lua_State *L) {
  out_lock *k = luaL_checkudata(L, 1, LOCK_MT);
  if (k->fd >= 0) close(k->fd);
  k->fd = -1;
  return 0;
}

/* lock_tostring: "output lock (held)" or "output lock (released)". */
static int lock_tostring(lua_State *L) {
  out_lock *k = luaL_checkudata(L, 1, LOCK_MT);
  lua_pushstring(L, k->fd >= 0 ? "output lock (held)" : "output lock (released)");
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

/* stage_pid(dir): "stage", pid when dir is a staging directory of ours (its marker names
 * pid: 0 when unreadable or when that process is gone); "plain" when a directory of ours
 * without a marker; nil when dir is missing, a link, or not ours. */
static int l_stage_pid(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
  if (!lx_check_path(L, dir, "r")) return 2;
  long pid;
  int rc = outdir_stage_pid(dir, &pid);
  if (rc < 0) return lx_fail(L, "not a directory of this user");
  lua_pushstring(L, rc ? "stage" : "plain");
  lua_pushinteger(L, outdir_pid_alive(pid) ? pid : 0);
  return 2;
}

/* remove(dir [, names]): remove the entries `names` of dir (every entry that is no
 * directory without names), links never followed, then dir when empty: the number of
 * entries left, or nil, msg. */
static int l_remove(lua_State *L) {
  const char *dir = luaL_checkstring(L, 1);
  if (!lx_check_path(L, dir, "w")) return 2;
  size_t n = 0;
  const char **names = NULL;
  if (!lua_isnoneornil(L, 2)) {
    luaL_checktype(L, 2, LUA_TTABLE);
    n = (size_t)lua_rawlen(L, 2);
    names = lua_newuserdatauv(L, (n ? n : 1) * sizeof *names, 0); /* dir t buf */
    for (size_t i = 0; i < n; i++) {
      lua_rawgeti(L, 2, (lua_Integer)i + 1);           /* dir t buf name */
      names[i] = luaL_checkstring(L, -1);               /* kept alive by t */
      lua_pop(L, 1);
    }
  }
  err e;
  long left = outdir_remove(dir, names, n, &e);
  if (left < 0) return lx_fail(L, e.msg);
  lua_pushinteger(L, left);
  return 1;
}

/* move(a, b): true when a was renamed to b, false when b exists (nothing done), or nil,
 * msg. */
static int l_move(lua_State *L) {
  const char *a = luaL_checkstring(L, 1), *b = luaL_checkstring(L, 2);
  if (!lx_check_path(L, a, "w") || !lx_check_path(L, b, "w")) return 2;
  err e;
  int rc = outdir_move(a, b, &e);
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

/* nearest(word, names) -> the name of the array names that word most likely misspells, or
 * nil (nearest.h) */
static int l_nearest(lua_State *L) {
  const char *word = luaL_checkstring(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  size_t n = (size_t)luaL_len(L, 2);
  luaL_checkstack(L, (int)n + 2, "too many names");
  const char **names = lua_newuserdatauv(L, (n ? n : 1) * sizeof *names, 0); /* names */
  for (size_t i = 0; i < n; i++) {
    lua_rawgeti(L, 2, (lua_Integer)i + 1);
    names[i] = luaL_tolstring(L, -1, NULL);       /* names v s: kept on the stack */
    lua_replace(L, -2);                           /* names s */
  }
  int at = nearest_name(word, names, n);
  if (at < 0) lua_pushnil(L);
  else lua_pushstring(L, names[at]);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"write_file", l_write_file},
  {"check", l_check},
  {"lock", l_lock},
  {"mkstage", l_mkstage},
  {"stage_pid", l_stage_pid},
  {"remove", l_remove},
  {"exchange", l_exchange},
  {"move", l_move},
  {"list", l_list},
  {"isatty", l_isatty},
  {"nearest", l_nearest},
  {NULL, NULL}
};

static const luaL_Reg lock_methods[] = {
  {"release", lock_release},
  {NULL, NULL}
};

static const luaL_Reg lock_meta[] = {
  {"__gc", lock_release},
  {"__close", lock_release},
  {"__tostring", lock_tostring},
  {NULL, NULL}
};

int luaopen_sahel_core_report(lua_State *L) {
  lx_newlib(L, funcs, LOCK_MT, lock_methods, lock_meta);
  return 1;
}
