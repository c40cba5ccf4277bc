/*
 * l_sandbox.h: `sahelscript --sandbox`: a Lua state locked down to run a script someone
 * else wrote (docs/security.md says what it promises and what it does not).
 */
#ifndef SAHEL_L_SANDBOX_H
#define SAHEL_L_SANDBOX_H

#include <lua.h>

#include "io/sandbox.h"

/* lsandbox_apply: lock L down with the path policy p, which must stay valid until L is
 * closed (finalizers run in lua_close open files too; the caller frees p after it):
 * removes os.execute, io.popen, package.loadlib, string.dump, the debug library, C module
 * loading and binary chunks; checks every file the script or the toolkit opens against p;
 * turns os.exit into a controlled exit (lsandbox_exit_status). Call it after the standard
 * libraries and sahel_setup, before any script runs; it raises on memory errors. */
void lsandbox_apply(lua_State *L, const sandbox *p);

/* lsandbox_exit_status: whether the value at idx is the error object of a sandboxed
 * os.exit; its status into *status (may be NULL). */
int lsandbox_exit_status(lua_State *L, int idx, int *status);

#endif
