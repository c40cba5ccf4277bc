/*
 * host.h: what the sahelscript host and the sahel.so module share: finding the data
 * directory and preparing a Lua state (see sahel.h for the public part).
 */
#ifndef SAHEL_HOST_H
#define SAHEL_HOST_H

#include <pthread.h>
#include <stddef.h>
#include <time.h>

#include "sahel.h"

/* The registry key under which sahel_setup records the data directory (a string). */
#define HOST_DATADIR_KEY "sahel.datadir"

/* host_script_path: resolve a script named on the command line: name itself when it is an
 * existing path, else datadir/scripts/name when that exists, else name unchanged. */
const char *host_script_path(const char *name, const char *datadir, char *out, size_t n);

/* host_script_hint: when name (a SCRIPT that could not be opened) has no '/', a hint
 * naming the bundled script most likely meant and every bundled script (datadir/scripts),
 * to append to the message, into out[0..n): " (did you mean 'analyze.lua'?)\nbundled
 * scripts: analyze.lua, kwic.lua"; out is "" otherwise. Returns out. */
const char *host_script_hint(const char *name, const char *datadir, char *out, size_t n);

/* The limits of one run (sahelscript --timeout, --max-memory) and what became of them. */
typedef struct {
  double timeout;           /* wall-clock seconds from host_limits_start; 0 = none */
  size_t max_memory;        /* bytes for Lua and the toolkit together; 0 = none */
  int memory_hit;           /* an allocation was refused because of max_memory */
  int timed_out;            /* the script ran into the deadline */
  int noted;                /* the note of host_limits_note was printed (by os.exit) */
  struct timespec deadline; /* CLOCK_MONOTONIC */
  pthread_t watchdog;       /* stops C loops at the deadline (cancel.h), kills after a grace */
  int has_watchdog;
} host_limits;

/* The registry key of the host_limits of a state (a light userdata). */
#define HOST_LIMITS_KEY "sahel.limits"
/* The registry key where the host records a controlled exit's status (an integer). */
#define HOST_EXIT_KEY "sahel.exit"

/* host_signals: install the process's signal handlers: SIGINT, SIGTERM, SIGHUP and SIGPIPE
 * remove every unfinished output (outfile_abort_all) and end the process by the same
 * signal (exit status 128 + N in a shell: 130 for SIGINT, 143 for SIGTERM); SIGXFSZ is
 * ignored, so that a write past `ulimit -f` fails with EFBIG instead of killing. Also
 * removes unfinished outputs at exit(). */
void host_signals(void);

/* host_limits_start: apply lim to L: count L's allocations with the toolkit's (mem.h)
 * against max_memory, and stop the script at the deadline (a count hook raising
 * "timeout"; a watchdog thread that requests cancellation for C loops and ends the
 * process HOST_TIMEOUT_GRACE seconds later if the script is still running). Both limits
 * are final: once reached, every further Lua instruction raises, so that a script cannot
 * catch the error and go on. lim must outlive L. 0, or -1 when the watchdog cannot start. */
int host_limits_start(lua_State *L, host_limits *lim);
#define HOST_TIMEOUT_GRACE 3

/* host_limits_stop: stop the watchdog and lift the memory limit: after lua_close, so that
 * finalizers run under the limits too. */
void host_limits_stop(host_limits *lim);

/* host_limits_note: when the run reached a limit (an allocation refused under max_memory,
 * by Lua, the toolkit or SQLite, even if the script caught the error; the deadline
 * passed, even inside a C call), a line saying which into buf (n bytes): the run failed.
 * NULL otherwise. Call it before host_limits_stop. */
const char *host_limits_note(const host_limits *lim, char *buf, size_t n);

#endif
