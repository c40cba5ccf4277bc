/*
 * outfile.h: write a file whole or not at all. Bytes go to "path.tmp-XXXXXX" beside the
 * target; outfile_commit flushes, fsyncs and renames it over path; outfile_abort (or any
 * failure) removes it. Every open temporary is listed so that a signal handler can remove
 * them all (outfile_abort_all) before the process dies.
 */
#ifndef SAHEL_OUTFILE_H
#define SAHEL_OUTFILE_H

#include <stdio.h>
#include <sys/types.h>

#include "base/err.h"

typedef struct outfile outfile;

/* outfile_open: a temporary beside path, open for writing; NULL with e set. */
outfile *outfile_open(const char *path, err *e);
/* outfile_stream: the FILE* to write to. */
FILE *outfile_stream(outfile *f);
/* outfile_tmpname: the temporary's path, for a library that writes a file by name
 * (libxlsxwriter): what it writes there is committed or removed with f. */
const char *outfile_tmpname(const outfile *f);
/* outfile_commit: finish: check write errors (ENOSPC...), fsync, rename over the target
 * (refused once the run reached a limit: a stop was requested, cancel.h, or an allocation
 * was refused under a memory limit, mem.h),
 * free f. 0, or -1 with e set and the target untouched. */
int outfile_commit(outfile *f, err *e);
/* outfile_abort: remove the temporary and free f (NULL is fine). */
void outfile_abort(outfile *f);
/* outfile_umask: the process umask (read once, from /proc: umask(2) cannot be read without
 * changing it, which would race with other threads). */
mode_t outfile_umask(void);
/* outfile_abort_all: remove every temporary still open (async-signal-safe: unlink only). */
void outfile_abort_all(void);

#endif
