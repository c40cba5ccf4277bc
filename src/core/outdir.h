/*
 * outdir.h: the file-system steps behind a set of outputs replaced together (the policy is
 * lualib/sahel/report/outdir.lua): a staging directory beside the output directory, an
 * atomic exchange of two directories, a sorted listing, and a whole-or-nothing file write.
 */
#ifndef SAHEL_OUTDIR_H
#define SAHEL_OUTDIR_H

#include <stddef.h>

#include "err.h"

/* outdir_mkstage: create the directory PARENT/.NAME.new-XXXXXX for the output directory
 * `out` (PARENT/NAME; PARENT and its parents are created as needed) and write its path into
 * buf (n bytes). 0, or -1 with e set. */
int outdir_mkstage(const char *out, char *buf, size_t n, err *e);

/* outdir_exchange: swap the paths a and b in one step (renameat2 RENAME_EXCHANGE). 0 when
 * done; 1 when this file system or kernel cannot (the caller renames instead); -1 with e set
 * on any other failure. */
int outdir_exchange(const char *a, const char *b, err *e);

/* outdir_list: call fn(ud, name) for each entry of dir except "." and "..", in byte order
 * of the names. 0, or -1 with e set (dir unreadable, not a directory, out of memory). */
int outdir_list(const char *dir, void (*fn)(void *ud, const char *name), void *ud, err *e);

/* outdir_write: write the n bytes of data to path whole or not at all (outfile.h). 0, or -1
 * with e set and path untouched. */
int outdir_write(const char *path, const void *data, size_t n, err *e);

#endif
