/*
 * sahel.h: the public C API of libsahel, for embedding the toolkit in another program.
 *
 *   lua_State *L = luaL_newstate();
 *   luaL_openlibs(L);
 *   sahel_setup(L, NULL);               // package.path -> lualib, preload "sahel.core"
 *   luaL_dostring(L, "local sahel = require 'sahel' print(sahel.version)");
 *
 * The same toolkit is also a C module: stock lua5.4 with LUA_CPATH pointing at sahel.so
 * loads it with `require "sahel"`. Build against the installed library with
 * `pkg-config --cflags --libs sahel` (docs/embedding.md). libsahel exports these functions
 * and nothing else.
 */
#ifndef SAHEL_H
#define SAHEL_H

#include <stddef.h>

#include <lua.h>

/* SAHEL_API: what libsahel exports (it is built with hidden visibility). */
#if defined(__GNUC__)
#define SAHEL_API __attribute__((visibility("default")))
#else
#define SAHEL_API
#endif

/* sahel_version: the toolkit's version, "MAJOR.MINOR.PATCH". */
SAHEL_API const char *sahel_version(void);

/* sahel_datadir: the directory holding lualib/, scripts/ and datasets/: the installed
 * share/sahelscript found beside the binary at binary_path (walking up from it), else the
 * source tree the toolkit was built from. Writes at most n bytes into out; returns out. */
SAHEL_API char *sahel_datadir(const char *binary_path, char *out, size_t n);

/* sahel_setup: make `require "sahel"` work in L: prepend datadir/lualib to package.path,
 * put luaopen_sahel_core in package.preload["sahel.core"] and record the data directory
 * (NULL: found from the running program, then from libsahel's own place). Needs the
 * package library open in L. */
SAHEL_API void sahel_setup(lua_State *L, const char *datadir);

/* luaopen_sahel_core: the C primitives as one table (text, article, corpus, gazetteer,
 * cooc, db, csv). Lua code normally requires "sahel", which wraps them. */
SAHEL_API int luaopen_sahel_core(lua_State *L);

/* sahel_main: the sahelscript program: its command line, prompt and exit status (a main
 * that is only `return sahel_main(argc, argv);` is sahelscript). */
SAHEL_API int sahel_main(int argc, char **argv);

/* luaopen_sahel: `require "sahel"` from a stock Lua: sahel_setup, then lualib's sahel. It
 * is the entry point of the sahel module (lib/lua/5.4/sahel.so), not part of libsahel. */
int luaopen_sahel(lua_State *L);

#endif
