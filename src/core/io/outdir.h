/*
 * outdir.h: the file-system steps behind a set of outputs replaced together (the policy is
 * lualib/sahel/report/outdir.lua): a lock beside the output directory, a staging directory
 * beside it (made by mkdtemp, marked with the run's pid and a random token), an atomic
 * exchange of two directories, a sorted listing, removals that never follow a symbolic link
 * and never touch a directory the user running us does not own, and a whole-or-nothing file
 * write.
 */
#ifndef SAHEL_OUTDIR_H
#define SAHEL_OUTDIR_H

#include <stddef.h>

#include "base/err.h"

/* The marker file of a staging directory: "sahelscript staging directory\npid N\ntoken HEX\n".
 * Its presence says the directory was made by the toolkit and never committed. */
#define OUTDIR_MARKER ".sahel-stage"

/* outdir_check: what the output directory path `out` is, without following a link at its
 * last component: 0 when absent, 1 when a directory; -1 with e set when a symbolic link
 * ("name the directory it points to"), another kind of file, or not reachable. */
int outdir_check(const char *out, err *e);

/* outdir_lock: take the lock of the output directory `out`: PARENT/.NAME.lock (PARENT is
 * created as needed; the file stays, holding the pid of the last run that took it), locked
 * with flock and never followed when it is a symbolic link. The open descriptor (keep it
 * open while the run writes; close it to release), or -1 with e set: "another run is
 * writing OUT (pid N)" when a live run holds it. */
int outdir_lock(const char *out, err *e);

/* outdir_mkstage: create the directory PARENT/.NAME.new-XXXXXX (mkdtemp) for the output
 * directory `out` (PARENT/NAME; PARENT and its parents are created as needed), give it the
 * mode of `out` (or 0777 less the umask when `out` does not exist), put the marker in it,
 * and write its path into buf (n bytes). 0, or -1 with e set (nothing left behind). */
int outdir_mkstage(const char *out, char *buf, size_t n, err *e);

/* outdir_stage_pid: whether dir is a directory of ours (a real directory, not a link,
 * owned by this user): -1 when not; 0 when it holds no marker; 1 when it holds one, with
 * the pid it names in *pid (0 when unreadable). */
int outdir_stage_pid(const char *dir, long *pid);

/* outdir_pid_alive: whether the process pid (> 0) still exists. */
int outdir_pid_alive(long pid);

/* outdir_remove: remove from the directory dir (a directory of ours, see outdir_stage_pid)
 * the entries names[0..n) (every entry that is no directory when names is NULL), never
 * following a symbolic link; then remove dir itself when it is empty. The number of
 * entries left in dir (0: dir is gone), or -1 with e set. A missing dir counts as removed. */
long outdir_remove(const char *dir, const char *const *names, size_t n, err *e);

/* outdir_exchange: swap the paths a and b in one step (renameat2 RENAME_EXCHANGE). 0 when
 * done; 1 when this file system or kernel cannot (the caller renames instead); -1 with e set
 * on any other failure. */
int outdir_exchange(const char *a, const char *b, err *e);

/* outdir_move: rename a to b unless b exists (renameat2 RENAME_NOREPLACE; a check then a
 * rename where the file system cannot). 0 when moved, 1 when b exists, -1 with e set. */
int outdir_move(const char *a, const char *b, err *e);

/* outdir_list: call fn(ud, name) for each entry of dir except "." and "..", in byte order
 * of the names. 0, or -1 with e set (dir unreadable, not a directory, out of memory). */
int outdir_list(const char *dir, void (*fn)(void *ud, const char *name), void *ud, err *e);

/* outdir_write: write the n bytes of data to path whole or not at all (outfile.h). 0, or -1
 * with e set and path untouched. */
int outdir_write(const char *path, const void *data, size_t n, err *e);

#endif
