/* host.c: finding the data directory, preparing a Lua state for the toolkit, and the host's
 * protections: signal handlers that leave no unfinished output, and the run's limits. */
#define _GNU_SOURCE /* dladdr */
#include "host.h"

#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <lauxlib.h>
#include <lualib.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/cancel.h"
#include "base/mem.h"
#include "base/nearest.h"
#include "io/outfile.h"

const char *sahel_version(void) { return SAHEL_VERSION; }

/* has_lualib: whether dir holds the toolkit's Lua library (a path too long to write is not). */
static int has_lualib(const char *dir) {
  char path[4096];
  int len = snprintf(path, sizeof path, "%s/lualib/sahel/init.lua", dir);
  return len > 0 && (size_t)len < sizeof path && access(path, R_OK) == 0;
}

/* datadir_above: the installed share/sahelscript found walking up from path (at most 5
 * levels) into out[0..n), or NULL. */
static char *datadir_above(const char *path, char *out, size_t n) {
  char dir[4096];
  snprintf(dir, sizeof dir, "%s", path ? path : "");
  for (int up = 0; up < 5; up++) {
    char *slash = strrchr(dir, '/');
    if (!slash) break;
    *slash = '\0';
    int len = snprintf(out, n, "%s/%s", dir, SAHEL_DATADIR_REL);
    if (len > 0 && (size_t)len < n && has_lualib(out)) return out;
  }
  return NULL;
}

char *sahel_datadir(const char *binary_path, char *out, size_t n) {
  if (datadir_above(binary_path, out, n)) return out;
  snprintf(out, n, "%s", has_lualib(SAHEL_INSTALL_DATADIR) && !has_lualib(SAHEL_SOURCE_DIR)
                             ? SAHEL_INSTALL_DATADIR
                             : SAHEL_SOURCE_DIR);
  return out;
}

/* found_datadir: the data directory of a state set up without one: above the running
 * program, else above libsahel itself (a program that embeds it lives anywhere), else as
 * sahel_datadir falls back. */
static const char *found_datadir(char *out, size_t n) {
  char self[4096];
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  self[k > 0 ? k : 0] = '\0';
  Dl_info lib;
  if (datadir_above(self, out, n)) return out;
  if (dladdr((void *)sahel_setup, &lib) && lib.dli_fname && datadir_above(lib.dli_fname, out, n))
    return out;
  return sahel_datadir(self, out, n);
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
  if (!datadir) datadir = found_datadir(found, sizeof found);
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

/* by_name: qsort comparison of two names. */
static int by_name(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* bundled_scripts: the names of the .lua files of dir into names[0..max) (malloc'ed,
 * sorted); their number. */
static size_t bundled_scripts(const char *dir, char **names, size_t max) {
  DIR *d = opendir(dir);
  size_t n = 0;
  if (!d) return 0;
  for (struct dirent *e; n < max && (e = readdir(d)) != NULL;) {
    size_t len = strlen(e->d_name);
    if (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0 && (names[n] = strdup(e->d_name)))
      n++;
  }
  closedir(d);
  qsort(names, n, sizeof *names, by_name);
  return n;
}

const char *host_script_hint(const char *name, const char *datadir, char *out, size_t n) {
  char dir[4096], *names[64];
  out[0] = '\0';
  if (strchr(name, '/')) return out;
  snprintf(dir, sizeof dir, "%s/scripts", datadir);
  size_t count = bundled_scripts(dir, names, sizeof names / sizeof *names), len = 0;
  int near = nearest_name(name, (const char *const *)names, count);
  if (near >= 0) len = (size_t)snprintf(out, n, " (did you mean '%s'?)", names[near]);
  for (size_t i = 0; i < count && len < n; i++)
    len += (size_t)snprintf(out + len, n - len, "%s%s", i ? ", " : "\nbundled scripts: ", names[i]);
  for (size_t i = 0; i < count; i++) free(names[i]);
  return out;
}

/* Signals ------------------------------------------------------------------------------ */

/* on_fatal_signal: remove unfinished outputs, then die of the same signal (SA_RESETHAND
 * restored the default action; the signal is delivered when the handler returns).
 * Async-signal-safe: unlink, write and raise only. */
static void on_fatal_signal(int sig) {
  static const char msg[] = "sahelscript: interrupted: unfinished outputs removed\n";
  outfile_abort_all();
  if (sig != SIGPIPE) {
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
  }
  raise(sig);
}

/* abort_outputs_at_exit: an atexit handler: an output still open at exit is unfinished. */
static void abort_outputs_at_exit(void) { outfile_abort_all(); }

void host_signals(void) {
  static const int fatal[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
  struct sigaction sa, old;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND;
  for (size_t i = 0; i < sizeof fatal / sizeof fatal[0]; i++) {
    if (sigaction(fatal[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue; /* nohup */
    sigaction(fatal[i], &sa, NULL);
  }
  signal(SIGXFSZ, SIG_IGN);
  atexit(abort_outputs_at_exit);
}

/* Limits ------------------------------------------------------------------------------- */

/* limits_alloc: the lua_Alloc of a limited state: realloc and free, every byte counted in
 * mem.h's counter so that one limit covers Lua and the toolkit. */
static void *limits_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
  host_limits *lim = ud;
  size_t old = ptr ? osize : 0;
  if (nsize == 0) {
    free(ptr);
    mem_account(-(ptrdiff_t)old);
    return NULL;
  }
  if (nsize > old && !mem_account((ptrdiff_t)(nsize - old))) {
    lim->memory_hit = 1;
    return NULL;
  }
  void *p = realloc(ptr, nsize);
  if (!p) {
    if (nsize > old) mem_account(-(ptrdiff_t)(nsize - old));
    return NULL;
  }
  if (nsize < old) mem_account(-(ptrdiff_t)(old - nsize));
  return p;
}

/* past: whether the monotonic clock has passed t. */
static int past(const struct timespec *t) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec > t->tv_sec || (now.tv_sec == t->tv_sec && now.tv_nsec >= t->tv_nsec);
}

/* Instructions between two looks at the clock (~50 microseconds of Lua). */
#define LIMITS_HOOK_COUNT 10000

/* memory_reached: whether an allocation of Lua (limits_alloc) or of the toolkit and
 * SQLite (mem.h) was refused under --max-memory. */
static int memory_reached(const host_limits *lim) {
  return lim->max_memory && (lim->memory_hit || mem_refused());
}

/* limits_hook: the count hook: past the deadline, or once an allocation was refused for
 * --max-memory (by Lua, the toolkit or SQLite), raise in the running thread and, from then on, at every instruction of it
 * and of the main thread (so that a pcall in a loop cannot swallow the stop). */
static void limits_hook(lua_State *L, lua_Debug *ar) {
  (void)ar;
  lua_getfield(L, LUA_REGISTRYINDEX, HOST_LIMITS_KEY);
  host_limits *lim = lua_touserdata(L, -1);
  lua_pop(L, 1);
  if (!lim) return;
  int late = lim->timeout > 0 && (lim->timed_out || past(&lim->deadline));
  if (!late && !memory_reached(lim)) return;
  if (late) {
    lim->timed_out = 1;
    cancel_request();
  }
  lua_sethook(L, limits_hook, LUA_MASKCOUNT, 1);
  lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_MAINTHREAD);
  lua_sethook(lua_tothread(L, -1), limits_hook, LUA_MASKCOUNT, 1);
  lua_pop(L, 1);
  char msg[128];
  if (late)
    snprintf(msg, sizeof msg, "timeout: still running after %g s (--timeout %g)", lim->timeout,
             lim->timeout);
  else
    snprintf(msg, sizeof msg, "memory limit reached (--max-memory %zu)", lim->max_memory >> 20);
  luaL_where(L, 0);                               /* where */
  lua_pushstring(L, msg);                         /* where msg */
  lua_concat(L, 2);
  lua_error(L);
}

/* sleep_until: sleep until the monotonic clock reaches t (a cancellation point). */
static void sleep_until(const struct timespec *t) {
  while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, t, NULL) == EINTR) continue;
}

/* watchdog: at the deadline, ask C loops to stop; HOST_TIMEOUT_GRACE seconds later, if the
 * process is still running, remove unfinished outputs and end it. */
static void *watchdog(void *ud) {
  static const char msg[] = "sahelscript: timeout: the script did not stop at its deadline "
                            "(--timeout); killed, unfinished outputs removed\n";
  host_limits *lim = ud;
  sleep_until(&lim->deadline);
  cancel_request();
  struct timespec hard = lim->deadline;
  hard.tv_sec += HOST_TIMEOUT_GRACE;
  sleep_until(&hard);
  ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)w;
  outfile_abort_all();
  _exit(EXIT_FAILURE);
}

/* start_timeout: the deadline and the watchdog; 0 or -1. */
static int start_timeout(host_limits *lim) {
  clock_gettime(CLOCK_MONOTONIC, &lim->deadline);
  double whole = (double)(time_t)lim->timeout;
  lim->deadline.tv_sec += (time_t)whole;
  lim->deadline.tv_nsec += (long)((lim->timeout - whole) * 1e9);
  if (lim->deadline.tv_nsec >= 1000000000L) {
    lim->deadline.tv_sec++;
    lim->deadline.tv_nsec -= 1000000000L;
  }
  if (pthread_create(&lim->watchdog, NULL, watchdog, lim) != 0) return -1;
  lim->has_watchdog = 1;
  return 0;
}

/* limits_exit: os.exit([status [, close]]) under limits (upvalue 1 the host_limits,
 * upvalue 2 the original): a run that reached a limit exits with a failure and the note
 * saying which, whatever status the script asks for. */
static int limits_exit(lua_State *L) {
  host_limits *lim = lua_touserdata(L, lua_upvalueindex(1));
  char note[256];
  lua_settop(L, 2);
  if (host_limits_note(lim, note, sizeof note)) {
    fprintf(stderr, "sahelscript: %s\n", note);
    fflush(stderr);
    lim->noted = 1;
    lua_pushboolean(L, 0);
    lua_replace(L, 1);
  }
  lua_pushvalue(L, lua_upvalueindex(2));
  lua_insert(L, 1);
  lua_call(L, 2, LUA_MULTRET);
  return lua_gettop(L);
}

/* wrap_exit: os.exit = limits_exit around the current one. */
static void wrap_exit(lua_State *L, host_limits *lim) {
  int top = lua_gettop(L);
  if (lua_getglobal(L, "os") != LUA_TTABLE || lua_getfield(L, -1, "exit") != LUA_TFUNCTION) {
    lua_settop(L, top);
    return;
  }
  lua_pushlightuserdata(L, lim);                  /* os exit lim */
  lua_insert(L, -2);                              /* os lim exit */
  lua_pushcclosure(L, limits_exit, 2);            /* os wrapped */
  lua_setfield(L, -2, "exit");
  lua_pop(L, 1);
}

int host_limits_start(lua_State *L, host_limits *lim) {
  lua_pushlightuserdata(L, lim);
  lua_setfield(L, LUA_REGISTRYINDEX, HOST_LIMITS_KEY);
  if (lim->max_memory || lim->timeout > 0) wrap_exit(L, lim);
  if (lim->max_memory) {
    void *ud;
    if (lua_getallocf(L, &ud) != limits_alloc) {
      /* blocks allocated so far will be freed through limits_alloc: count them now */
      mem_account((ptrdiff_t)lua_gc(L, LUA_GCCOUNT, 0) * 1024 + lua_gc(L, LUA_GCCOUNTB, 0));
      lua_setallocf(L, limits_alloc, lim);
    }
    mem_set_limit(lim->max_memory);
  }
  if (lim->max_memory || lim->timeout > 0) lua_sethook(L, limits_hook, LUA_MASKCOUNT, LIMITS_HOOK_COUNT);
  return lim->timeout > 0 ? start_timeout(lim) : 0;
}

void host_limits_stop(host_limits *lim) {
  if (lim->has_watchdog) {
    pthread_cancel(lim->watchdog);
    pthread_join(lim->watchdog, NULL);
    lim->has_watchdog = 0;
  }
  mem_set_limit(0);
}

const char *host_limits_note(const host_limits *lim, char *buf, size_t n) {
  if (memory_reached(lim)) {
    snprintf(buf, n, "stopped: the script needed more than %zu MB (--max-memory %zu)",
             lim->max_memory >> 20, lim->max_memory >> 20);
    return buf;
  }
  if (lim->timed_out || (lim->timeout > 0 && past(&lim->deadline))) {
    snprintf(buf, n, "stopped: the script was still running after %g s (--timeout %g)",
             lim->timeout, lim->timeout);
    return buf;
  }
  return NULL;
}
