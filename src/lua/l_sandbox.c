/*
 * l_sandbox.c: the Lua side of `sahelscript --sandbox` (l_sandbox.h, docs/security.md).
 *
 * The standard library loses what reaches outside the process (os.execute, io.popen...),
 * what loads native or binary code (package.loadlib, C searchers, string.dump, binary
 * chunks) and the debug library. Every function that opens a file by name, in the standard
 * library and in the toolkit (sahel.core), is replaced by a guard: a C closure holding the
 * policy box (upvalue 1) and the original function (upvalue 2) that checks the path
 * (sandbox.h) before calling it. The originals stay reachable only through those upvalues,
 * which Lua code cannot read without the debug library.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bindings.h"
#include "l_sandbox.h"

#define EXIT_MT "sahel.SandboxExit"

typedef struct {
  const sandbox *p; /* the host's: it outlives the state (NULL: refuse everything) */
} lsbx_policy;

/* A guard: a function of a table of the standard library (lib), of sahel.core (module) or
 * of a metatable's methods (mt), whose arguments first..last are paths opened in mode:
 * 'r' read, 'w' write, 'i' as io.open's mode (the next argument) says. A refusal raises when `raise`, else returns nil, msg. */
typedef struct {
  char kind; /* 'l' library table (a global), 'm' field of sahel.core, 't' metatable methods */
  const char *where, *name;
  int first, last;
  char mode, raise;
} lsbx_guard;

static const lsbx_guard stdlib_guards[] = {
  {'l', "io", "open", 1, 1, 'i', 0},     {'l', "io", "lines", 1, 1, 'r', 1},
  {'l', "io", "input", 1, 1, 'r', 1},    {'l', "io", "output", 1, 1, 'w', 1},
  {'l', "os", "remove", 1, 1, 'w', 0},   {'l', "os", "rename", 1, 2, 'w', 0},
};

/* The toolkit's openers (until each binding calls lx_check_path itself; sahel.db.open
 * does: it reads its options once, then checks and opens with the same values). */
static const lsbx_guard toolkit_guards[] = {
  {'m', "corpus", "open", 1, 1, 'r', 0},        {'m', "article", "load", 1, 1, 'r', 0},
  {'m', "gazetteer", "load", 1, 1, 'r', 0},     {'m', "csv", "reader", 1, 1, 'r', 0},
  {'m', "csv", "writer", 1, 1, 'w', 0},
  {'m', "cooc", "load", 1, 1, 'r', 0},          {'m', "report", "write_file", 1, 1, 'w', 0},
  {'m', "report", "mkstage", 1, 1, 'w', 0},     {'m', "report", "exchange", 1, 2, 'w', 0},
  {'m', "report", "list", 1, 1, 'r', 0},        {'t', "sahel.Cooc", "save", 2, 2, 'w', 0},
  {'t', "sahel.Cooc", "write_csv", 2, 2, 'w', 0}, {'t', "sahel.Cooc", "write_graph", 2, 2, 'w', 0},
};

/* What the sandbox takes out of the standard library (lib NULL: a global). */
static const struct {
  const char *lib, *name;
} removed[] = {
  {"os", "execute"},  {"os", "tmpname"},     {"os", "getenv"},      {"os", "setlocale"},
  {"io", "popen"},    {"io", "tmpfile"},     {"package", "loadlib"}, {"package", "searchpath"},
  {"string", "dump"}, {NULL, "debug"},
};

#define NELEMS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- checking ------------------------------------------------------------------------ */

/* denied: NULL when the policy of the running guard (upvalue 1) lets path be opened for
 * mode; else the refusal, pushed. */
static const char *denied(lua_State *L, const char *path, sandbox_mode mode) {
  const lsbx_policy *b = lua_touserdata(L, lua_upvalueindex(1));
  err e;
  if (!b || !b->p) return lua_pushliteral(L, "sandbox: no policy: nothing may be opened");
  if (sandbox_check(b->p, path, mode, &e) == 0) return NULL;
  return lua_pushstring(L, e.msg);
}

/* fail_pushed: nil and the message on top (pushed by denied); returns 2. */
static int fail_pushed(lua_State *L) {
  lua_pushnil(L);
  lua_insert(L, -2);
  return 2;
}

/* call_original: call the original function (upvalue 2) with arguments 1..n; its results. */
static int call_original(lua_State *L, int n) {
  lua_settop(L, n);
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_insert(L, 1);
  lua_call(L, n, LUA_MULTRET);
  return lua_gettop(L);
}

/* l_check: check(path, mode) -> true | nil, msg: what lx_check_path calls. */
static int l_check(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  const char *mode = luaL_checkstring(L, 2);
  if (denied(L, path, mode[0] == 'w' ? SANDBOX_WRITE : SANDBOX_READ)) return fail_pushed(L);
  lua_pushboolean(L, 1);
  return 1;
}

/* path_mode: what the path at index i is opened for, by the guard's mode code. */
static sandbox_mode path_mode(lua_State *L, int code, int i) {
  if (code == 'w') return SANDBOX_WRITE;
  if (code == 'i') {
    const char *m = lua_tostring(L, i + 1);
    return m && strpbrk(m, "wa+") ? SANDBOX_WRITE : SANDBOX_READ;
  }
  return SANDBOX_READ;
}

/* guard_arg: NULL when argument i may be opened (or is no path: the original will say
 * so); else the refusal, pushed. */
static const char *guard_arg(lua_State *L, int code, int i) {
  if (!lua_isstring(L, i)) return NULL;
  return denied(L, lua_tostring(L, i), path_mode(L, code, i));
}

/* l_guard: the guard closure: upvalues policy, original, first, last, mode, raise. */
static int l_guard(lua_State *L) {
  int n = lua_gettop(L);
  int first = (int)lua_tointeger(L, lua_upvalueindex(3));
  int last = (int)lua_tointeger(L, lua_upvalueindex(4));
  int code = (int)lua_tointeger(L, lua_upvalueindex(5));
  for (int i = first; i <= last; i++) {
    const char *why = guard_arg(L, code, i);
    if (!why) continue;
    if (lua_toboolean(L, lua_upvalueindex(6))) return luaL_error(L, "%s", why);
    return fail_pushed(L);
  }
  return call_original(L, n);
}

/* ---- replacing functions ------------------------------------------------------------- */

/* push_guard: a guard for g around the function on top (replaced by the guard); box is the
 * index of the policy box. */
static void push_guard(lua_State *L, int box, const lsbx_guard *g) {
  lua_pushvalue(L, box);                           /* fn box */
  lua_insert(L, -2);                               /* box fn */
  lua_pushinteger(L, g->first);
  lua_pushinteger(L, g->last);
  lua_pushinteger(L, g->mode);
  lua_pushboolean(L, g->raise);                    /* box fn first last mode raise */
  lua_pushcclosure(L, l_guard, 6);                 /* guard */
}

/* replace: t[name] = fn(box, t[name]) for the table at index t, when t[name] is a function;
 * fn's closure gets the policy and the original as upvalues 1 and 2. */
static void replace(lua_State *L, int t, const char *name, int box, lua_CFunction fn) {
  if (lua_getfield(L, t, name) != LUA_TFUNCTION) {
    lua_pop(L, 1);
    return;
  }
  lua_pushvalue(L, box);                           /* orig box */
  lua_insert(L, -2);                               /* box orig */
  lua_pushcclosure(L, fn, 2);
  lua_setfield(L, t, name);
}

/* push_place: the table a guard applies to (nil when absent): a global library, a field
 * of the sahel.core table at index core, or the methods of a metatable. */
static int push_place(lua_State *L, const lsbx_guard *g, int core) {
  if (g->kind == 'l') return lua_getglobal(L, g->where);
  if (g->kind == 'm') return lua_getfield(L, core, g->where);
  if (luaL_getmetatable(L, g->where) != LUA_TTABLE) return LUA_TNIL;
  lua_getfield(L, -1, "__index");
  lua_remove(L, -2);
  return lua_type(L, -1);
}

/* apply_guards: install the n guards of gs (core: index of sahel.core, or 0). */
static void apply_guards(lua_State *L, int box, const lsbx_guard *gs, size_t n, int core) {
  for (size_t i = 0; i < n; i++) {
    int top = lua_gettop(L);
    if (push_place(L, &gs[i], core) == LUA_TTABLE &&
        lua_getfield(L, -1, gs[i].name) == LUA_TFUNCTION) {
      push_guard(L, box, &gs[i]);                  /* place guard */
      lua_setfield(L, -2, gs[i].name);
    }
    lua_settop(L, top);
  }
}

/* ---- SQL, chunks, exit --------------------------------------------------------------- */

/* l_load: load(chunk [, name [, mode [, env]]]) with the mode forced to "t" (text). */
static int l_load(lua_State *L) {
  int n = lua_gettop(L) < 3 ? 3 : lua_gettop(L);
  lua_settop(L, n);
  lua_pushliteral(L, "t");
  lua_replace(L, 3);
  return call_original(L, n);
}

/* l_loadfile: loadfile([file [, mode [, env]]]): text only, and only a readable file. */
static int l_loadfile(lua_State *L) {
  int n = lua_gettop(L) < 2 ? 2 : lua_gettop(L);
  if (lua_isstring(L, 1) && denied(L, lua_tostring(L, 1), SANDBOX_READ)) return fail_pushed(L);
  lua_settop(L, n);
  lua_pushliteral(L, "t");
  lua_replace(L, 2);
  return call_original(L, n);
}

/* l_dofile: dofile([file]): run a readable text chunk; raises as dofile does. */
static int l_dofile(lua_State *L) {
  const char *fname = luaL_optstring(L, 1, NULL);
  lua_settop(L, 1);
  const char *why = fname ? denied(L, fname, SANDBOX_READ) : NULL;
  if (why) return luaL_error(L, "%s", why);
  if (luaL_loadfilex(L, fname, "t") != LUA_OK) return lua_error(L);
  lua_call(L, 0, LUA_MULTRET);
  return lua_gettop(L) - 1;
}

/* l_exit: os.exit([status [, close]]) in a sandbox: raise an exit object that the host
 * turns into its exit status after its usual cleanup (unfinished outputs removed). */
static int l_exit(lua_State *L) {
  int status = EXIT_SUCCESS;
  if (lua_isboolean(L, 1)) status = lua_toboolean(L, 1) ? EXIT_SUCCESS : EXIT_FAILURE;
  else status = (int)luaL_optinteger(L, 1, EXIT_SUCCESS);
  int *box = lua_newuserdatauv(L, sizeof *box, 0);
  *box = status;
  luaL_setmetatable(L, EXIT_MT);
  return lua_error(L);
}

/* exit_tostring: "os.exit(N)" (shown if a script catches it and prints it). */
static int exit_tostring(lua_State *L) {
  lua_pushfstring(L, "os.exit(%d)", *(int *)luaL_checkudata(L, 1, EXIT_MT));
  return 1;
}

int lsandbox_exit_status(lua_State *L, int idx, int *status) {
  int *box = luaL_testudata(L, idx, EXIT_MT);
  if (box && status) *status = *box;
  return box != NULL;
}

/* ---- require ------------------------------------------------------------------------- */

/* try_candidate: whether the file cand may be read and exists; otherwise appends why not
 * to the message at index msg. */
static int try_candidate(lua_State *L, const char *cand, int msg) {
  const char *why = "";
  if (denied(L, cand, SANDBOX_READ)) {
    lua_pop(L, 1);
    why = " (not readable in the sandbox)";
  } else {
    FILE *f = fopen(cand, "r");
    if (f) {
      fclose(f);
      return 1;
    }
  }
  const char *before = lua_tostring(L, msg);
  lua_pushfstring(L, "%s%sno file '%s'%s", before, *before ? "\n\t" : "", cand, why);
  lua_replace(L, msg);
  return 0;
}

/* l_searcher: the Lua searcher of a sandbox: package.path's templates, readable files
 * only, text chunks only. Upvalue 2 is the package table. */
static int l_searcher(lua_State *L) {
  const char *name = luaL_checkstring(L, 1);
  lua_settop(L, 1);
  lua_getfield(L, lua_upvalueindex(2), "path");               /* name path */
  if (!lua_isstring(L, 2)) return luaL_error(L, "'package.path' must be a string");
  const char *file = luaL_gsub(L, name, ".", LUA_DIRSEP);     /* name path file */
  lua_pushliteral(L, "");                                     /* name path file msg */
  for (const char *p = lua_tostring(L, 2); *p; p += *p == ';') {
    size_t k = strcspn(p, ";");
    lua_pushlstring(L, p, k);                                 /* ... msg tmpl */
    p += k;
    const char *cand = luaL_gsub(L, lua_tostring(L, -1), "?", file); /* ... tmpl cand */
    lua_remove(L, -2);                                        /* ... msg cand */
    if (k && try_candidate(L, cand, 4)) {
      if (luaL_loadfilex(L, cand, "t") != LUA_OK)
        return luaL_error(L, "error loading module '%s' from file '%s':\n\t%s", name, cand,
                          lua_tostring(L, -1));
      lua_insert(L, -2);                                      /* ... msg chunk cand */
      return 2;
    }
    lua_pop(L, 1);
  }
  return 1;
}

/* set_searchers: package.searchers = {preload searcher, l_searcher}: no C modules. */
static void set_searchers(lua_State *L, int box) {
  lua_getglobal(L, "package");                                /* package */
  lua_pushliteral(L, "");
  lua_setfield(L, -2, "cpath");
  lua_getfield(L, -1, "searchers");                           /* package searchers */
  lua_createtable(L, 2, 0);                                   /* package searchers new */
  lua_rawgeti(L, -2, 1);
  lua_rawseti(L, -2, 1);
  lua_pushvalue(L, box);
  lua_pushvalue(L, -4);
  lua_pushcclosure(L, l_searcher, 2);
  lua_rawseti(L, -2, 2);
  lua_setfield(L, -3, "searchers");                           /* package searchers */
  lua_pop(L, 2);
}

/* ---- the toolkit --------------------------------------------------------------------- */

/* l_core_open: package.preload["sahel.core"] of a sandbox: the original, then guards on
 * the toolkit's openers (again at every load, since loading sets the functions anew).
 * SQL is gated by the authorizer of every connection a sandboxed script opens (sqldb.h). */
static int l_core_open(lua_State *L) {
  call_original(L, lua_gettop(L));
  lua_settop(L, 1);                                           /* core */
  apply_guards(L, lua_upvalueindex(1), toolkit_guards, NELEMS(toolkit_guards), 1);
  lua_settop(L, 1);
  return 1;
}

/* wrap_core: put l_core_open in front of package.preload["sahel.core"]. */
static void wrap_core(lua_State *L, int box) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);  /* preload */
  replace(L, lua_gettop(L), "sahel.core", box, l_core_open);
  lua_pop(L, 1);
}

/* ---- the standard library ------------------------------------------------------------ */

/* remove_unsafe: take out what reaches outside the process or loads native code. */
static void remove_unsafe(lua_State *L) {
  for (size_t i = 0; i < NELEMS(removed); i++) {
    int top = lua_gettop(L);
    if (!removed[i].lib) lua_pushglobaltable(L);
    else lua_getglobal(L, removed[i].lib);
    if (lua_type(L, -1) == LUA_TTABLE) {
      lua_pushnil(L);
      lua_setfield(L, -2, removed[i].name);
    }
    lua_settop(L, top);
  }
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_LOADED_TABLE);
  lua_pushnil(L);
  lua_setfield(L, -2, "debug");
  lua_pop(L, 1);
}

/* replace_chunk_loaders: load, loadfile, dofile in text mode with checks; os.exit. */
static void replace_chunk_loaders(lua_State *L, int box) {
  lua_pushglobaltable(L);
  replace(L, lua_gettop(L), "load", box, l_load);
  replace(L, lua_gettop(L), "loadfile", box, l_loadfile);
  replace(L, lua_gettop(L), "dofile", box, l_dofile);
  lua_pop(L, 1);
  if (lua_getglobal(L, "os") == LUA_TTABLE) replace(L, lua_gettop(L), "exit", box, l_exit);
  lua_pop(L, 1);
}

void lsandbox_apply(lua_State *L, const sandbox *p) {
  lsbx_policy *b = lua_newuserdatauv(L, sizeof *b, 0);       /* box */
  b->p = p;
  int box = lua_gettop(L);
  if (luaL_newmetatable(L, EXIT_MT)) {
    lua_pushcfunction(L, exit_tostring);
    lua_setfield(L, -2, "__tostring");
  }
  lua_pop(L, 1);
  lua_pushvalue(L, box);
  lua_pushcclosure(L, l_check, 1);
  lua_setfield(L, LUA_REGISTRYINDEX, LX_CHECK_PATH_KEY);
  lua_pushlightuserdata(L, (void *)p);
  lua_setfield(L, LUA_REGISTRYINDEX, LX_POLICY_KEY);
  remove_unsafe(L);
  apply_guards(L, box, stdlib_guards, NELEMS(stdlib_guards), 0);
  replace_chunk_loaders(L, box);
  set_searchers(L, box);
  wrap_core(L, box);
  lua_pop(L, 1);
}
