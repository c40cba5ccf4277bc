/*
 * sqldb.h: how the toolkit opens every SQLite connection (the store, a store read as a
 * corpus, a saved co-occurrence table, sahel.db.open), and the lock-down of a connection
 * that a sandboxed script's SQL runs on. A database file is input like any other: it may
 * hold views, triggers and virtual tables written by someone else.
 */
#ifndef SAHEL_SQLDB_H
#define SAHEL_SQLDB_H

#include <sqlite3.h>

#include "base/err.h"

/* sqldb_open: sqlite3_open_v2(path, db, flags, NULL), then, on success, the toolkit's
 * settings: no FTS3 tokenizer registration from SQL (fts3_tokenizer with two arguments), no
 * extension loading, defensive mode (no writes to the schema or sqlite_dbpage), statements
 * interrupted once a stop is requested (cancel.h: --timeout), and temporary tables and
 * sorts in memory when a memory limit is set (mem.h), so that they count against it and
 * fill no temporary directory. A path starting with "file:" is a URI only when flags hold
 * SQLITE_OPEN_URI (Debian's SQLite would read it as one always). Returns SQLite's result code; *db may be set on failure
 * too (close it). */
int sqldb_open(const char *path, sqlite3 **db, int flags);

/* sqldb_error: the one format of SQLite's errors: e = "<what>: <SQLite's message of db>"
 * and, when sql is not NULL, " (in SQL: <sql cut after 200 bytes>)"; WHAT is formatted
 * from fmt (the path, or the path and what failed). db NULL: out of memory. Returns -1. */
int sqldb_error(sqlite3 *db, const char *sql, err *e, const char *fmt, ...)
  __attribute__((format(printf, 4, 5)));

/* sqldb_lockdown: allow on db only what a sandboxed script may do (docs/security.md): no
 * ATTACH or DETACH (so no VACUUM INTO either), PRAGMAs from a list of those that neither
 * name files nor change process-wide settings (temp_store and the heap limits are read
 * only, temp_store_directory and data_store_directory refused), virtual tables of the
 * fts5 modules only, no fts3_tokenizer() or load_extension(); temporary storage in memory.
 * 0, or -1 with e set. */
int sqldb_lockdown(sqlite3 *db, err *e);

/* sqldb_count_memory: route SQLite's allocations through mem.h, so that --max-memory
 * counts them with Lua's and the toolkit's (SQLite's own count, and its lock per
 * allocation, turned off). Process-wide: call it before any other SQLite call (the host
 * does, first thing). 0, or -1 when SQLite is already initialized. */
int sqldb_count_memory(void);

#endif
