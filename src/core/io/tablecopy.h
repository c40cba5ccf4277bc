/*
 * tablecopy.h: the rows of an SQL query written into a CSV file (csvwrite.h) and, when
 * given, a sheet of a workbook (xlsx.h), in C: what a Lua loop over the rows would write,
 * without a Lua value per row. Either on the calling thread over a statement the caller
 * prepared (tablecopy_rows), or in a thread of its own over a read-only connection of its
 * own to a database file (tablecopy_start, tablecopy_wait), so that the caller goes on
 * with other work, other queries on the same file included.
 *
 * Each column becomes a field and a cell: NULL empty, integers and reals numbers, text and
 * blobs text.
 */
#ifndef SAHEL_TABLECOPY_H
#define SAHEL_TABLECOPY_H

#include <sqlite3.h>
#include <stdint.h>

#include "base/err.h"
#include "io/csvwrite.h"
#include "io/xlsx.h"

/* tablecopy_rows: every row of st, stepped from where it stands to its end (then reset),
 * into w and, when s is not NULL, into s; *rows counts them. 0, or -1 with e set (SQLite's
 * error, named by label; a sheet's error). */
int tablecopy_rows(sqlite3_stmt *st, csvwriter *w, xlsxsheet *s, const char *label,
                   uint64_t *rows, err *e);

typedef struct tablecopy tablecopy;

/* tablecopy_start: the rows of sql over the database file at path (opened read-only, and
 * allowing what sqldb_lockdown allows) into w and s (s may be NULL), in a thread of its
 * own when threaded, else now. w and s belong to the copy until tablecopy_wait: nothing
 * else may use them. NULL with e set (the file or the SQL refused, out of memory); w and
 * s are then untouched. */
tablecopy *tablecopy_start(const char *path, const char *sql, csvwriter *w, xlsxsheet *s,
                           int threaded, err *e);

/* tablecopy_wait: wait for copy c to end, and free it; *rows counts the rows (may be NULL).
 * 0, or -1 with e set (what failed in the copy). */
int tablecopy_wait(tablecopy *c, uint64_t *rows, err *e);

#endif
