/*
 * main.c: the sahelscript host, in libsahel as sahel_main (src/sahelscript.c is the
 * program's main). sahel_main only creates the state and runs pmain under lua_pcall;
 * every chunk goes through docall with a traceback handler (as lua.c does).
 *
 *   sahelscript [options] [SCRIPT [ARGS...]]
 *
 * Exit status: 0 success, 1 a script failed (or ran into --timeout / --max-memory), 2 a
 * usage error; killed by SIGINT/SIGTERM: the signal (130/143 in a shell), with unfinished
 * outputs removed. A failed run removes the outputs it had not finished (outfile.h).
 */
#include <lauxlib.h>
#include <lualib.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "host.h"
#include "l_sandbox.h"
#include "base/nearest.h"
#include "io/outfile.h"
#include "io/sandbox.h"
#include "io/sqldb.h"

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
  "  --timeout SECONDS  stop the script after SECONDS of wall-clock time\n"
  "  --max-memory MB    stop the script when Lua and the toolkit hold more than MB\n"
  "  --sandbox    run a script someone else wrote: no commands, no native code, files\n"
  "               read only under the script's --corpus/--gazetteer, the toolkit's data\n"
  "               and --allow-read; written only under its --out and --allow-write\n"
  "  --allow-read PATH, --allow-write PATH  more paths for --sandbox (repeatable)\n"
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
  int sandbox;     /* --sandbox given */
  sandbox *policy; /* its path policy: freed after lua_close (finalizers open files too) */
  host_limits limits; /* --timeout, --max-memory */
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
    if (lsandbox_exit_status(L, 1, NULL)) return 1; /* a sandboxed os.exit: no traceback */
    if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
}

/* report: print the error on top of the stack (when status is not OK) and pop it; a
 * sandboxed os.exit is recorded (HOST_EXIT_KEY) instead. */
static int report(lua_State *L, int status) {
  int code;
  if (status != LUA_OK && lsandbox_exit_status(L, -1, &code)) {
    lua_pushinteger(L, code);
    lua_setfield(L, LUA_REGISTRYINDEX, HOST_EXIT_KEY);
    lua_pop(L, 1);
  } else if (status != LUA_OK) {
    l_message(lua_tostring(L, -1));
    lua_pop(L, 1);
  }
  return status;
}

/* exit_requested: the status of a sandboxed os.exit, or -1 when none happened. */
static int exit_requested(lua_State *L) {
  int isnum;
  lua_getfield(L, LUA_REGISTRYINDEX, HOST_EXIT_KEY);
  int code = (int)lua_tointegerx(L, -1, &isnum);
  lua_pop(L, 1);
  return isnum ? code : -1;
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

/* script_file: the file of SCRIPT argv[0] (NULL: stdin), found through found[0..n). */
static const char *script_file(lua_State *L, char **argv, char *found, size_t n) {
  if (strcmp(argv[0], "-") == 0 && strcmp(argv[-1], "--") != 0) return NULL;
  return host_script_path(argv[0], datadir(L), found, n);
}

/* handle_script: load and run SCRIPT (a path, a bundled script name, or "-"); mode is
 * the chunk mode ("t" in a sandbox: no binary chunks). */
static int handle_script(lua_State *L, char **argv, const char *mode) {
  char found[4096];
  const char *fname = script_file(L, argv, found, sizeof found);
  int status = luaL_loadfilex(L, fname, mode);
  if (status == LUA_ERRFILE && fname && access(fname, F_OK) != 0) {
    char hint[2048];
    host_script_hint(fname, datadir(L), hint, sizeof hint);
    lua_pushfstring(L, "%s%s", lua_tostring(L, -1), hint); /* msg msg2 */
    lua_remove(L, -2);
  }
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

/* unknown_option: print "unknown option 'a'", with the host option most likely meant, and
 * return EXIT_USAGE. */
static int unknown_option(const char *a) {
  static const char *const known[] = {"-e", "-l", "-i", "-v", "-h", "--timeout", "--max-memory",
                                      "--sandbox", "--allow-read", "--allow-write",
                                      "--version", "--help"};
  char what[300], name[128];
  snprintf(name, sizeof name, "%.*s", (int)strcspn(a, "="), a); /* --name=value */
  int near = nearest_name(name, known, sizeof known / sizeof known[0]);
  if (near < 0) return usage_error("unknown option", a);
  snprintf(what, sizeof what, "unknown option '%s' (did you mean '%s'?);", name, known[near]);
  fprintf(stderr, "%s: %s try '%s --help'\n", PROGNAME, what, PROGNAME);
  return EXIT_USAGE;
}

/* Option kinds found by collectargs. */
enum { HAS_E = 1, HAS_I = 2, HAS_V = 4, HAS_H = 8 };

/* long_value: the value of the long option `name` at argv[*i], given as "--name V" (*i
 * then moves to V) or "--name=V"; NULL when argv[*i] is another option. *missing is set
 * when the value is absent. */
static const char *long_value(char **argv, int *i, const char *name, int *missing) {
  size_t k = strlen(name);
  const char *a = argv[*i];
  if (strncmp(a, name, k) != 0) return NULL;
  if (a[k] == '=') return a + k + 1;
  if (a[k] != '\0') return NULL;
  if (argv[*i + 1] == NULL) {
    *missing = 1;
    return NULL;
  }
  return argv[++*i];
}

/* positive: v as a number > 0 (at most max), or -1 when it is not one. */
static double positive(const char *v, double max) {
  char *end;
  double x = strtod(v, &end);
  return end != v && *end == '\0' && x > 0 && x <= max ? x : -1;
}

/* host_option: handle argv[*i] when it is one of the host's long options (--sandbox,
 * --timeout, --max-memory, --allow-read, --allow-write): 1 handled, 0 not one of them,
 * -1 after printing a usage error. */
static int host_option(char **argv, int *i, cmdline *cl) {
  int missing = 0;
  const char *v;
  if (strcmp(argv[*i], "--sandbox") == 0) return cl->sandbox = 1;
  if ((v = long_value(argv, i, "--timeout", &missing)) != NULL) {
    if ((cl->limits.timeout = positive(v, 1e9)) < 0)
      return usage_error("--timeout: a number of seconds expected, got", v), -1;
    return 1;
  }
  if ((v = long_value(argv, i, "--max-memory", &missing)) != NULL) {
    double mb = positive(v, (double)(SIZE_MAX >> 21));
    if (mb < 1) return usage_error("--max-memory: a number of megabytes (>= 1) expected, got", v), -1;
    cl->limits.max_memory = (size_t)(mb * 1048576.0);
    return 1;
  }
  if ((v = long_value(argv, i, "--allow-read", &missing)) != NULL ||
      (v = long_value(argv, i, "--allow-write", &missing)) != NULL)
    return 1;
  if (missing) return usage_error("option needs an argument:", argv[*i]), -1;
  return 0;
}

/* collectargs: check the options; set cl->script to the first non-option argument (or 0)
 * and the host options into cl. Returns the HAS_* flags, or -1 after printing a usage
 * error. */
static int collectargs(char **argv, cmdline *cl) {
  int flags = 0, i, *script = &cl->script;
  for (i = 1; argv[i] != NULL; i++) {
    const char *a = argv[i];
    *script = i;
    if (a[0] != '-' || strcmp(a, "-") == 0) return flags;
    if (strcmp(a, "--") == 0) {
      *script = argv[i + 1] ? i + 1 : 0;
      return flags;
    }
    int host = strncmp(a, "--", 2) == 0 ? host_option(argv, &i, cl) : 0;
    if (host < 0) return -1;
    if (host) continue;
    if (strcmp(a, "--version") == 0 || strcmp(a, "-v") == 0) flags |= HAS_V;
    else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) flags |= HAS_H;
    else if (strcmp(a, "-i") == 0) flags |= HAS_I;
    else if (strcmp(a, "-e") == 0 || strcmp(a, "-l") == 0) {
      if (a[1] == 'e') flags |= HAS_E;
      if (argv[++i] == NULL) return usage_error("option needs an argument:", a), -1;
    } else if ((a[1] == 'e' || a[1] == 'l') && a[2] != '\0') {
      if (a[1] == 'e') flags |= HAS_E; /* -eCODE, -lMODULE as lua accepts them */
    } else {
      return unknown_option(a), -1;
    }
  }
  *script = 0;
  return flags;
}

/* takes_value: whether argv[i] is a host option whose value is the next argument. */
static int takes_value(const char *a) {
  static const char *const valued[] = {"--timeout", "--max-memory", "--allow-read",
                                       "--allow-write"};
  for (size_t k = 0; k < sizeof valued / sizeof valued[0]; k++)
    if (strcmp(a, valued[k]) == 0) return 1;
  return 0;
}

/* runargs: run the -e and -l options in order, up to the script (chunks in mode). */
static int runargs(lua_State *L, char **argv, int n, const char *mode) {
  for (int i = 1; i < n; i++) {
    const char *a = argv[i];
    if (takes_value(a)) i++; /* its value is no option: --allow-read -e... */
    if (a[0] != '-' || (a[1] != 'e' && a[1] != 'l')) continue;
    if (strcmp(a, "--") == 0) break;
    const char *extra = a[2] ? a + 2 : argv[++i];
    int status = a[1] == 'e'
                   ? dochunk(L, luaL_loadbufferx(L, extra, strlen(extra), "=(command line)", mode))
                   : dolibrary(L, extra);
    if (status != LUA_OK) return 0;
  }
  return 1;
}

/* The interactive prompt ---------------------------------------------------------------- */

/* The registry key of the prompt's helpers, the table of lualib/sahel/repl.lua. */
#define REPL_KEY "sahel.repl"

#ifdef SAHEL_USE_LIBEDIT
/* The state whose names the Tab key completes. readline's callbacks take no user data, so
 * the prompt sets it while it reads lines (there is one prompt per process). */
static lua_State *completing;

/* completion: readline's generator: the state-th completion of text (malloc'ed), NULL
 * after the last. The list comes from sahel.repl.complete(text), asked once per word
 * (state 0) and kept in the registry until the next word. */
static char *completion(const char *text, int state) {
  lua_State *L = completing;
  if (state == 0) {
    lua_getfield(L, LUA_REGISTRYINDEX, REPL_KEY);        /* repl */
    lua_getfield(L, -1, "complete");                     /* repl complete */
    lua_pushstring(L, text);                             /* repl complete text */
    if (lua_pcall(L, 1, 1, 0) != LUA_OK || !lua_istable(L, -1)) {
      lua_pop(L, 1);
      lua_newtable(L);                                   /* repl matches */
    }
    lua_setfield(L, LUA_REGISTRYINDEX, REPL_KEY ".matches"); /* repl */
    lua_pop(L, 1);
  }
  lua_getfield(L, LUA_REGISTRYINDEX, REPL_KEY ".matches"); /* matches */
  lua_rawgeti(L, -1, state + 1);                         /* matches s */
  const char *s = lua_tostring(L, -1);
  char *match = s ? strdup(s) : NULL;
  lua_pop(L, 2);
  return match;
}

/* complete_names: the Tab key: Lua names (sahel.text.normalize), never file names. */
static char **complete_names(const char *text, int start, int end) {
  (void)start;
  (void)end;
  rl_attempted_completion_over = 1;
  rl_completion_append_character = '\0'; /* "sahel.text." goes on with a name */
  return rl_completion_matches(text, completion);
}

/* editline_setup: libedit for the prompt of L: the terminal's character set (a UTF-8 one
 * when the environment names none), so that it reads Arabic letters as letters instead of
 * dropping them, and Tab completing names. */
static void editline_setup(lua_State *L) {
  const char *set = setlocale(LC_CTYPE, "");
  if (!set || strcmp(set, "C") == 0 || strcmp(set, "POSIX") == 0) setlocale(LC_CTYPE, "C.UTF-8");
  completing = L;
  rl_attempted_completion_function = complete_names;
}
#endif

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
static int load_input(lua_State *L, const char *mode) {
  char *line = read_line("> ");
  if (!line) return -1;
  lua_pushfstring(L, "return %s", line);          /* ret */
  int status = luaL_loadbufferx(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin", mode);
  if (status == LUA_OK) {
    lua_remove(L, -2);                            /* chunk */
    free(line);
    return status;
  }
  lua_pop(L, 2);
  lua_pushstring(L, line);                        /* src */
  free(line);
  for (;;) {
    status = luaL_loadbufferx(L, lua_tostring(L, -1), lua_rawlen(L, -1), "=stdin", mode);
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

/* show_values: replace each value on the stack by its text for the prompt
 * (sahel.repl.show: a table as one level of sorted keys), or by tostring's when the
 * helpers are absent. */
static int show_values(lua_State *L) {
  int n = lua_gettop(L);
  int has = lua_getfield(L, LUA_REGISTRYINDEX, REPL_KEY) == LUA_TTABLE &&
            lua_getfield(L, -1, "show") == LUA_TFUNCTION;
  for (int i = 1; i <= n; i++) {
    if (has) {
      lua_pushvalue(L, -1);                       /* ... show show */
      lua_pushvalue(L, i);                        /* ... show show v */
      lua_call(L, 1, 1);                          /* ... show s */
    } else {
      luaL_tolstring(L, i, NULL);                 /* ... s */
    }
    lua_replace(L, i);
  }
  lua_settop(L, n);
  return n;
}

/* print_results: print the values left by the chunk, separated by tabs, as the stock
 * prompt does, but tables readably (show_values). */
static void print_results(lua_State *L) {
  int n = lua_gettop(L);
  if (n == 0) return;
  luaL_checkstack(L, LUA_MINSTACK, "too many results to print");
  lua_pushcfunction(L, show_values);
  lua_insert(L, 1);
  if (lua_pcall(L, n, n, 0) != LUA_OK) {
    l_message(lua_pushfstring(L, "error showing the result (%s)", lua_tostring(L, -1)));
    return;
  }
  for (int i = 1; i <= n; i++) {
    fputs(lua_tostring(L, i), stdout);
    fputc(i < n ? '\t' : '\n', stdout);
  }
  fflush(stdout);
}

/* repl: the interactive prompt, with `sahel` loaded as a global (chunks in mode). */
static void repl(lua_State *L, const char *mode) {
  printf("sahelscript %s (Lua 5.4), `sahel` is loaded; Ctrl-D quits.\n", sahel_version());
  dolibrary(L, "sahel");
  lua_getglobal(L, "require");
  lua_pushliteral(L, "sahel.repl");
  if (docall(L, 1, 1) == LUA_OK) lua_setfield(L, LUA_REGISTRYINDEX, REPL_KEY);
  else lua_pop(L, 1); /* without the helpers: plain values, no completion */
#ifdef SAHEL_USE_LIBEDIT
  if (isatty(STDIN_FILENO)) editline_setup(L);
#endif
  int status;
  lua_settop(L, 0);
  while (exit_requested(L) < 0 && (status = load_input(L, mode)) != -1) {
    if (status == LUA_OK) status = docall(L, 0, LUA_MULTRET);
    if (status == LUA_OK) print_results(L);
    else report(L, status);
    lua_settop(L, 0);
  }
  fputc('\n', stdout);
}

/* The sandbox ----------------------------------------------------------------------------- */

/* The script's options naming paths that a sandbox opens to it. */
static const struct {
  const char *option;
  sandbox_mode mode;
} script_paths[] = {
  {"--corpus", SANDBOX_READ}, {"--gazetteer", SANDBOX_READ}, {"--out", SANDBOX_WRITE},
};

/* allow: add root, a literal path, to policy p for mode. 1, or 0 after printing why not. */
static int allow(sandbox *p, const char *root, sandbox_mode mode, const char *from) {
  err e;
  if (sandbox_allow(p, root, mode, &e) == 0) return 1;
  fprintf(stderr, "%s: %s: %s\n", PROGNAME, from, e.msg);
  return 0;
}

/* allow_corpus: add the --corpus value to p for reading: the path itself when it exists;
 * a glob pattern (which sahel.corpus.open expands) gives its directory part instead,
 * for reading only (each file the pattern yields is checked again when opened). */
static int allow_corpus(sandbox *p, const char *root) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", root);
  char *glob = access(root, F_OK) == 0 ? NULL : strpbrk(dir, "*?[");
  if (glob) {
    while (glob > dir && glob[-1] != '/') glob--;
    snprintf(glob, sizeof dir - (size_t)(glob - dir), "%s", glob == dir ? "." : "");
  }
  return allow(p, dir, SANDBOX_READ, "--corpus");
}

/* allow_options: add the paths of the options in argv[from..to) that list names
 * (options[i].option) to p. 1, or 0 after printing why not. */
static int allow_options(sandbox *p, char **argv, int from, int to) {
  for (int i = from; i < to; i++) {
    for (size_t k = 0; k < sizeof script_paths / sizeof script_paths[0]; k++) {
      int missing = 0, at = i;
      const char *v = long_value(argv, &at, script_paths[k].option, &missing);
      if (!v || at >= to) continue;
      int ok = k == 0 ? allow_corpus(p, v) : allow(p, v, script_paths[k].mode, script_paths[k].option);
      if (!ok) return 0;
    }
    int missing = 0, at = i;
    const char *r = long_value(argv, &at, "--allow-read", &missing);
    const char *w = r ? NULL : long_value(argv, &at, "--allow-write", &missing);
    if ((r && !allow(p, r, SANDBOX_READ, "--allow-read")) ||
        (w && !allow(p, w, SANDBOX_WRITE, "--allow-write")))
      return 0;
  }
  return 1;
}

/* setup_sandbox: lock L down (l_sandbox.h): readable are the toolkit's data directory,
 * SCRIPT, the script's --corpus and --gazetteer and the host's --allow-read paths;
 * writable the script's --out and the host's --allow-write paths. 1, or 0 on failure. */
static int setup_sandbox(lua_State *L, cmdline *cl) {
  sandbox *p = sandbox_new();
  char found[4096];
  const char *script = cl->script ? script_file(L, cl->argv + cl->script, found, sizeof found) : NULL;
  int end = cl->script ? cl->script : cl->argc;
  int ok = p && allow(p, datadir(L), SANDBOX_READ, "data directory") &&
           (!script || allow(p, script, SANDBOX_READ, "SCRIPT")) &&
           allow_options(p, cl->argv, 1, end) && (!cl->script || allow_options(p, cl->argv, end + 1, cl->argc));
  if (!ok) {
    sandbox_free(p);
    if (!p) l_message("--sandbox: " ERR_NOMEM);
    return 0;
  }
  cl->policy = p;
  lsandbox_apply(L, p);
  return 1;
}

/* pmain: everything main does, under protection. */
static int pmain(lua_State *L) {
  cmdline *cl = lua_touserdata(L, 1);
  char **argv = cl->argv;
  cl->status = EXIT_FAILURE;
  int flags = collectargs(argv, cl);
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
  const char *mode = cl->sandbox ? "t" : NULL; /* a sandbox loads no binary chunk */
  if (cl->sandbox && !setup_sandbox(L, cl)) return 0;
  createargtable(L, argv, cl->argc, cl->script);
  if (host_limits_start(L, &cl->limits) < 0) {
    l_message("--timeout: cannot start the watchdog thread");
    return 0;
  }
  lua_gc(L, LUA_GCRESTART);
  lua_gc(L, LUA_GCGEN, 0, 0);
  if (!runargs(L, argv, cl->script ? cl->script : cl->argc, mode)) return 0;
  if (cl->script && handle_script(L, argv + cl->script, mode) != LUA_OK) return 0;
  if ((flags & HAS_I) || (!cl->script && !(flags & HAS_E) && isatty(STDIN_FILENO))) repl(L, mode);
  else if (!cl->script && !(flags & HAS_E) &&
           dochunk(L, luaL_loadfilex(L, NULL, mode)) != LUA_OK)
    return 0;
  cl->status = EXIT_SUCCESS;
  return 0;
}

/* finish: the exit status of the run (status of pmain; asked: a sandboxed os.exit's, or
 * -1), after its last words: a run that reached a limit failed, whatever the script did
 * (caught the error, returned, asked for exit 0), with a note saying which; unfinished
 * outputs are removed when it failed. */
static int finish(cmdline *cl, int status, int asked) {
  char note[256];
  int code = status == LUA_OK ? cl->status : EXIT_FAILURE;
  if (asked >= 0) code = asked;
  if (host_limits_note(&cl->limits, note, sizeof note)) {
    if (!cl->limits.noted) l_message(note);
    code = EXIT_FAILURE;
  }
  if (code != EXIT_SUCCESS) outfile_abort_all();
  return code;
}

int sahel_main(int argc, char **argv) {
  host_signals();
  if (sqldb_count_memory() < 0) l_message("warning: SQLite's memory is not counted (--max-memory)");
  lua_State *L = luaL_newstate();
  if (L == NULL) {
    l_message("cannot create state: not enough memory");
    return EXIT_FAILURE;
  }
  cmdline cl = {.argc = argc, .argv = argv, .status = EXIT_FAILURE};
  lua_gc(L, LUA_GCSTOP);
  lua_pushcfunction(L, pmain);
  lua_pushlightuserdata(L, &cl);
  int status = lua_pcall(L, 1, 0, 0);
  report(L, status);
  int asked = exit_requested(L);
  lua_close(L); /* finalizers run here: the limits and the sandbox's policy still hold */
  int code = finish(&cl, status, asked);
  host_limits_stop(&cl.limits);
  sandbox_free(cl.policy);
  return code;
}
