/*
 * store.h: the SQLite store. Connections opened the toolkit's way (WAL, busy timeout, the
 * FTS5 tokenizer `sahel`), the store's schema (docs/formats.md, "Outputs: the SQLite
 * store"), ingesting analyzed articles into it incrementally, and reading stored mentions
 * back per article (for co-occurrence tables built without re-tokenizing).
 */
#ifndef SAHEL_STORE_H
#define SAHEL_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "err.h"

typedef struct {
  int readonly;   /* open read-only (no WAL switch, no schema) */
  int no_create;  /* fail when the file does not exist */
  int no_wal;     /* keep SQLite's default rollback journal */
  int busy_ms;    /* busy timeout in milliseconds (0: 5000) */
} store_db_opts;

/* store_db_open: open (or create) the database at path (":memory:" works) with WAL,
 * synchronous=NORMAL, a busy timeout and the tokenizer `sahel` registered; NULL with e set
 * ("path: why"). o may be NULL. Close with sqlite3_close_v2. */
sqlite3 *store_db_open(const char *path, const store_db_opts *o, err *e);

/* store_db_error: set e to "<what>: <SQLite's message> (in SQL: <sql>)" for db; -1. The SQL
 * is cut after 200 bytes; sql may be NULL. */
int store_db_error(sqlite3 *db, const char *what, const char *sql, err *e);

#endif
