/*
 * main.c: the sahelscript host. main() only creates the state and runs pmain under
 * lua_pcall; every chunk goes through docall with a traceback handler (as lua.c does).
 *
 *   sahelscript [options] [SCRIPT [ARGS...]]
 *
 * Exit status: 0 success, 1 a script failed, 2 a usage error.
 */
#include <lauxlib.h>
#include <lualib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"

#ifdef SAHEL_USE_LIBEDIT
#include <editline/readline.h>
#endif

#define PROGNAME "sahelscript"
#define EXIT_USAGE 2

static const char usage_text[] =
  "usage: " PROGNAME " [options] [SCRIPT [ARGS...]]\n"
  "Run a Lua 5.4 script with the sahel toolkit loaded on demand (require \"sahel\").\n"
  "SCRIPT is a path, or the name of a bundled script (e.g. analyze.lua); '-' reads stdin.\n"
  "Options:\n"
  "  -e CODE      run CODE\n"
  "  -l MODULE    require MODULE into the global of the same name\n"
  "  -i           enter the interactive prompt after running SCRIPT\n"
  "  -v, --version  print the version\n"
  "  -h, --help   print this help\n"
  "  --           stop handling options\n"
  "With no SCRIPT on a terminal: an interactive prompt with `sahel` loaded.\n";

/* The command line, as pmain reads it. */
typedef struct {
  int argc;
  char **argv;
  int script;      /* index of SCRIPT in argv, or 0 */
  int interactive; /* -i given */
  int status;      /* exit status decided by pmain */
} cmdline;

/* l_message: print "sahelscript: msg" on stderr. */
static void l_message(const char *msg) {
  fprintf(stderr, "%s: %s\n", PROGNAME, msg);
  fflush(stderr);
}

/* msghandler: the traceback handler for docall: message plus traceback (lua.c). */
static int msghandler(lua_State *L) {
  const char *msg = lua_tostring(L, 1);
  if (msg == NULL) {
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* report: print the error on top of the stack (when status is not OK) and pop it. */
static int report(lua_State *L, int status) {
  if (status != LUA_OK) {
    l_message(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  return status;
}

/* docall: call the function below its narg arguments with the traceback handler. */
static int docall(lua_State *L, int narg, int nres) {
  int base = lua_gettop(L) - narg;
  lua_pushcfunction(L, msghandler);
  lua_insert(L, base);
  int status = lua_pcall(L, narg, nres, base);
  lua_remove(L, base);
  return status;
}

/* dochunk: run a loaded chunk (status from the load) with no arguments. */
static int dochunk(lua_State *L, int status) {
  if (status == LUA_OK) status = docall(L, 0, 0);
  return report(L, status);
}

/* dolibrary: global[name] = require(name). */
static int dolibrary(lua_State *L, const char *name) {
  lua_getglobal(L, "require");
  lua_pushstring(L, name);
  int status = docall(L, 1, 1);
  if (status == LUA_OK) lua_setglobal(L, name);
  return report(L, status);
}

/* createargtable: the global `arg` as stock lua sets it: arg[0] is the script. */
static void createargtable(lua_State *L, char **argv, int argc, int script) {
  lua_createtable(L, argc - script, script + 1);
  for (int i = 0; i < argc; i++) {
    lua_pushstring(L, argv[i]);
    lua_rawseti(L, -2, i - script);
  }
  lua_setglobal(L, "arg");
}

/* pushargs: push the script's arguments (arg[1..n]); returns n. */
static int pushargs(lua_State *L) {
  if (lua_getglobal(L, "arg") != LUA_TTABLE) luaL_error(L, "'arg' is not a table");
  int n = (int)luaL_len(L, -1);
  luaL_checkstack(L, n + 3, "too many arguments to script");
  for (int i = 1; i <= n; i++) lua_rawgeti(L, -i, i);
  lua_remove(L, -n - 1);
  return n;
}

/* datadir: the data directory recorded by sahel_setup. */
static const char *datadir(lua_State *L) {
  lua_getfield(L, LUA_REGISTRYINDEX, HOST_DATADIR_KEY);
  const char *d = lua_tostring(L, -1);
  lua_pop(L, 1); /* still referenced by the registry */
  return d;
}

/* handle_script: load and run SCRIPT (a path, a bundled script name, or "-"). */
static int handle_script(lua_State *L, char **argv) {
  char found[4096];
  const char *fname = argv[0];
  if (strcmp(fname, "-") == 0 && strcmp(argv[-1], "--") != 0) fname = NULL; /* stdin */
  else fname = host_script_path(fname, datadir(L), found, sizeof found);
  int status = luaL_loadfile(L, fname);
  if (status == LUA_OK) {
    int n = pushargs(L);
    status = docall(L, n, LUA_MULTRET);
  }
  return report(L, status);
}

/* usage_error: print a one-line hint and return EXIT_USAGE. */
static int usage_error(const char *what, const char *opt) {
  fprintf(stderr, "%s: %s '%s' (try '%s --help')\n", PROGNAME, what, opt, PROGNAME);
  return EXIT_USAGE;
}

/* Option kinds found by collectargs. */
enum { HAS_E = 1, HAS_I = 2, HAS_V = 4, HAS_H = 8 };

/* collectargs: check the options; set *script to the first non-option argument (or 0).
 * Returns the HAS_* flags, or -1 after printing a usage error. */
static int collectargs(char **argv, int *script) {
  int flags = 0, i;
  for (i = 1; argv[i] != NULL; i++) {
    const char *a = argv[i];
    *script = i;
    if (a[0] != '-' || strcmp(a, "-") == 0) return flags;
    if (strcmp(a, "--") == 0) {
      *script = argv[i + 1] ? i + 1 : 0;
      return flags;
    }
    if (strcmp(a, "--version") == 0 || strcmp(a, "-v") == 0) flags |= HAS_V;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) flags |= HAS_H;
    else if (strcmp(a, "-i") == 0) flags |= HAS_I;
    else if (strcmp(a, "-e") == 0 || strcmp(a, "-l") == 0) {
      if (a[1] == 'e') flags |= HAS_E;
      if (argv[++i] == NULL) return usage_error("option needs an argument:", a), -1;
    } else if ((a[1] == 'e' || a[1] == 'l') && a[2] != '\0') {
      if (a[1] == 'e') flags |= HAS_E; /* -eCODE, -lMODULE as lua accepts them */
    } else {
      return usage_error("unknown option", a), -1;
    }
  }
  *script = 0;
  return flags;
}

/* runargs: run the -e and -l options in order, up to the script. */
static int runargs(lua_State *L, char **argv, int n) {
  for (int i = 1; i < n; i++) {
    const char *a = argv[i];
    if (a[0] != '-' || (a[1] != 'e' && a[1] != 'l')) continue;
    if (strcmp(a, "--") == 0) break;
    const char *extra = a[2] ? a + 2 : argv[++i];
    int status = a[1] == 'e' ? dochunk(L, luaL_loadbuffer(L, extra, strlen(extra), "=(command line)"))
                             : dolibrary(L, extra);
    if (status != LUA_OK) return 0;
  }
  return 1;
}

/* The interactive prompt ---------------------------------------------------------------- */

/* read_line: one line of input with the prompt, or NULL at end of input. The result is
 * malloc'ed. */
static char *read_line(const char *prompt) {
#ifdef SAHEL_USE_LIBEDIT
  if (isatty(STDIN_FILENO)) {
    char *line = readline(prompt);
    if (line && *line) add_history(line);
    return line;
  }
#endif
  fputs(prompt, stdout);
  fflush(stdout);
  char *line = NULL;
  size_t cap = 0;
  ssize_t n = getline(&line, &cap, stdin);
  if (n < 0) {
    free(line);
    return NULL;
  }
  if (n > 0 && line[n - 1] == '\n') line[n - 1] = '\0';
  return line;
}

/* incomplete: whether the load failed only because the chunk is unfinished (lua.c). */
static int incomplete(lua_State *L, int status) {
  if (status != LUA_ERRSYNTAX) return 0;
  size_t lmsg;
  const char *msg = lua_tolstring(L, -1, &lmsg);
  if (lmsg >= 5 && strcmp(msg + lmsg - 5, "<eof>") == 0) {
    lua_pop(L, 1);
    return 1;
  }
  return 0;
}

/* load_input: read one statement (several lines when unfinished); try `return LINE` first
 * so that expressions print their values. Pushes the chunk; returns the load status, or -1
 * at end of input. */
static int load_input(lua_State *L) {
  char *line = read_line("> ");
  if (!line) return -1;
  lua_pushfstring(L, "return %s", line);          /* ret */
  int status = luaL_loadbuffer(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin");
  if (status == LUA_OK) {
    lua_remove(L, -2);                            /* chunk */
    free(line);
    return status;
  }
  lua_pop(L, 2);
  lua_pushstring(L, line);                        /* src */
  free(line);
  for (;;) {
    status = luaL_loadbuffer(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin");
    if (!incomplete(L, status)) break;
    char *more = read_line(">> ");
    if (!more) return -1;
    lua_pushfstring(L, "%s\n%s", lua_tostring(L, -1), more); /* src src2 */
    free(more);
    lua_remove(L, -2);
  }
  lua_remove(L, -2);                              /* chunk or error */
  return status;
}

/* print_results: print the values left by the chunk, as the stock prompt does. */
static void print_results(lua_State *L) {
  int n = lua_gettop(L);
  if (n == 0) return;
  luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
  lua_getglobal(L, "print");
  lua_insert(L, 1);
  if (lua_pcall(L, n, 0, 0) != LUA_OK)
    l_message(lua_pushfstring(L, "error calling 'print' (%s)", lua_tostring(L, -1)));
}

/* repl: the interactive prompt, with `sahel` loaded as a global. */
static void repl(lua_State *L) {
  printf("sahelscript %s (Lua 5.4), `sahel` is loaded; Ctrl-D quits.\n", sahel_version());
  dolibrary(L, "sahel");
  int status;
  lua_settop(L, 0);
  while ((status = load_input(L)) != -1) {
    if (status == LUA_OK) status = docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK) print_results(L);
    else report(L, status);
    lua_settop(L, 0);
  }
  fputc('\n', stdout);
}

/* pmain: everything main does, under protection. */
static int pmain(lua_State *L) {
  cmdline *cl = lua_touserdata(L, 1);
  char **argv = cl->argv;
  cl->status = EXIT_FAILURE;
  int flags = collectargs(argv, &cl->script);
  if (flags < 0) {
    cl->status = EXIT_USAGE;
    return 0;
  }
  if (flags & HAS_H) {
    fputs(usage_text, stdout);
    cl->status = EXIT_SUCCESS;
    return 0;
  }
  if (flags & HAS_V) {
    printf("sahelscript %s (%s)\n", sahel_version(), LUA_RELEASE);
    cl->status = EXIT_SUCCESS;
    return 0;
  }
  luaL_openlibs(L);
  sahel_setup(L, NULL);
  createargtable(L, argv, cl->argc, cl->script);
  lua_gc(L, LUA_GCRESTART);
  lua_gc(L, LUA_GCGEN, 0, 0);
  if (!runargs(L, argv, cl->script ? cl->script : cl->argc)) return 0;
  if (cl->script && handle_script(L, argv + cl->script) != LUA_OK) return 0;
  if ((flags & HAS_I) || (!cl->script && !(flags & HAS_E) && isatty(STDIN_FILENO))) repl(L);
  else if (!cl->script && !(flags & HAS_E) && dochunk(L, luaL_loadfile(L, NULL)) != LUA_OK)
    return 0;
  cl->status = EXIT_SUCCESS;
  return 0;
}

int main(int argc, char **argv) {
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    l_message("cannot create state: not enough memory");
    return EXIT_FAILURE;
  }
  cmdline cl = {argc, argv, 0, 0, EXIT_FAILURE};
  lua_gc(L, LUA_GCSTOP);
  lua_pushcfunction(L, pmain);
  lua_pushlightuserdata(L, &cl);
  int status = lua_pcall(L, 1, 0, 0);
  report(L, status);
  lua_close(L);
  return status == LUA_OK ? cl.status : EXIT_FAILURE;
}
