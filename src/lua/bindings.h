/*
 * bindings.h: the Lua modules of src/lua (one file and one luaopen each) and the few
 * helpers they share. Bindings check arguments, call src/core, push results; nothing else.
 * Contract (STYLE.md): misuse raises; failures of the outside world return nil, message.
 */
#ifndef SAHEL_BINDINGS_H
#define SAHEL_BINDINGS_H

#include <lauxlib.h>
#include <lua.h>

#include "base/err.h"
#include "io/sandbox.h"

int luaopen_sahel_text(lua_State *L);
int luaopen_sahel_article(lua_State *L);
int luaopen_sahel_date(lua_State *L);
int luaopen_sahel_corpus(lua_State *L);
int luaopen_sahel_gazetteer(lua_State *L);
int luaopen_sahel_cooc(lua_State *L);
/* luaopen_sahel_db: connections and statements (l_db.c); luaopen_sahel_store: the same
 * table with the store's primitives added (l_store.c): what sahel.core.db is. */
int luaopen_sahel_db(lua_State *L);
int luaopen_sahel_store(lua_State *L);
int luaopen_sahel_csv(lua_State *L);
int luaopen_sahel_xlsx(lua_State *L);
int luaopen_sahel_terms(lua_State *L);

/* The registry key of the sandbox's path check (a function (path, mode) -> true | nil,
 * msg), set by `sahelscript --sandbox` (l_sandbox.c); absent outside a sandbox. */
#define LX_CHECK_PATH_KEY "sahel.check_path"

/* lx_check_path: whether L may open the file path for mode ("r" read, "w" write or
 * create): 1 outside a sandbox, and in a sandbox when its path policy allows it;
 * otherwise 0 with nil and the refusal pushed, so that an opener does
 *   if (!lx_check_path(L, path, "r")) return 2;
 * before opening. path NULL asks whether the caller may open files it cannot name (an SQL
 * ATTACH): 1 outside a sandbox, 0 (nil, msg pushed) inside. */
int lx_check_path(lua_State *L, const char *path, const char *mode);
/* The registry key of the sandbox's path policy (a light userdata: a const sandbox *,
 * owned by the host, valid until the state is closed); absent outside a sandbox. */
#define LX_POLICY_KEY "sahel.policy"

/* lx_sandboxed: whether L runs under `sahelscript --sandbox`. */
int lx_sandboxed(lua_State *L);
/* lx_policy: the sandbox's path policy, for core functions that open files they find
 * themselves (a glob, a directory walk); NULL outside a sandbox. */
const sandbox *lx_policy(lua_State *L);
/* lx_opts: check the options table at index opts (none or nil: no options) against the
 * NULL-terminated list of its valid keys, reading it raw (no metamethod runs, so what is
 * checked is what is used): raises "unknown option 'contxt' (did you mean 'context'?)"
 * for any other key, for a value that is not a table, and, in a sandbox, for a table with
 * a metatable. Every binding that takes options calls it first, then reads each option
 * once with lx_opt_* (raw too). Lua code calls it as sahel.core.options(opts, names). */
void lx_opts(lua_State *L, int opts, const char *const *names);
/* lx_fail: push nil and a message; returns 2 (for `return lx_fail(L, msg)`). */
int lx_fail(lua_State *L, const char *msg);
/* lx_nomem: raise "out of memory", the one message for it (err.h); never returns. */
int lx_nomem(lua_State *L);
/* lx_opt_bool: opts[field] (raw) as a boolean (def when absent); raises on a wrong type. */
int lx_opt_bool(lua_State *L, int opts, const char *field, int def);
/* lx_opt_int: opts[field] as an integer (def when absent); raises on a wrong type. */
lua_Integer lx_opt_int(lua_State *L, int opts, const char *field, lua_Integer def);
/* lx_opt_string: opts[field] as a string (def when absent); raises on a wrong type. */
const char *lx_opt_string(lua_State *L, int opts, const char *field, const char *def);
/* lx_newlib: a module table with functions fns, and metatable `tname` (if not NULL) with
 * methods in its __index and metamethods meta. Leaves the module table on the stack. */
void lx_newlib(lua_State *L, const luaL_Reg *fns, const char *tname, const luaL_Reg *methods,
               const luaL_Reg *meta);
/* lx_keys: the strings names[0..n) as a Lua array (names[i] at i + 1), made once per state
 * and kept in the registry under the address `slot`; pushes it and returns its index.
 * For records made by the million: a field set with a key from it (lua_rawgeti, the
 * value, lua_rawset) skips interning the C string key each time, as lua_setfield does. */
int lx_keys(lua_State *L, const void *slot, const char *const *names, int n);
/* Where warnings of one call go: a Lua function, or stderr. */
typedef struct {
  lua_State *L;
  int ref; /* registry reference to the function, or LUA_NOREF for stderr */
} lx_warn;

/* lx_warn_sink: a warn_sink calling the Lua function at stack index idx (protected: an error
 * in it is printed, not raised), or printing to stderr when idx is 0 or holds nil. The
 * reference lives in *w until lx_warn_release. */
warn_sink lx_warn_sink(lua_State *L, int idx, lx_warn *w);
/* lx_warn_release: drop the reference taken by lx_warn_sink. */
void lx_warn_release(lx_warn *w);

#endif
