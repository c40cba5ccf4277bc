/* sqldb.c: opening SQLite connections the toolkit's way, and the sandbox's authorizer
 * (see sqldb.h). */
#include "io/sqldb.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/cancel.h"
#include "base/mem.h"

/* Virtual machine steps between two looks at the stop request. */
#define SQLDB_PROGRESS_STEPS 1000

/* on_progress: SQLite's progress handler: non-zero (interrupt) once a stop is requested. */
static int on_progress(void *unused) {
  (void)unused;
  return cancel_requested();
}

/* The connection settings of every connection (sqlite3_db_config), and their values. The
 * schema stays trusted (SQLITE_DBCONFIG_TRUSTED_SCHEMA): the store's triggers write its
 * FTS5 index, which SQLite does not mark innocuous; the functions with side effects
 * (fts3_tokenizer, load_extension) are direct-only or off. */
static const struct {
  int op, value;
} db_settings[] = {
  {SQLITE_DBCONFIG_ENABLE_FTS3_TOKENIZER, 0},
  {SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0},
  {SQLITE_DBCONFIG_DEFENSIVE, 1},
};

/* harden: apply db_settings, the progress handler and, under a memory limit, temporary
 * storage in memory; SQLite's result code. */
static int harden(sqlite3 *db) {
  for (size_t i = 0; i < sizeof db_settings / sizeof db_settings[0]; i++) {
    int rc = sqlite3_db_config(db, db_settings[i].op, db_settings[i].value, (int *)NULL);
    if (rc != SQLITE_OK) return rc;
  }
  sqlite3_progress_handler(db, SQLDB_PROGRESS_STEPS, on_progress, NULL);
  if (mem_limit()) return sqlite3_exec(db, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL);
  return SQLITE_OK;
}

/* The longest path sqldb_open takes as a plain file name starting with "file:". */
#define SQLDB_PATH_MAX 4096

int sqldb_open(const char *path, sqlite3 **db, int flags) {
  char plain[SQLDB_PATH_MAX + 3];
  if (!(flags & SQLITE_OPEN_URI) && strncmp(path, "file:", 5) == 0) {
    /* Debian's SQLite reads "file:" names as URIs even without SQLITE_OPEN_URI: name the
     * file relative to the working directory instead, as the path says */
    if (strlen(path) > SQLDB_PATH_MAX) return SQLITE_CANTOPEN;
    snprintf(plain, sizeof plain, "./%s", path);
    path = plain;
  }
  int rc = sqlite3_open_v2(path, db, flags, NULL);
  return rc == SQLITE_OK ? harden(*db) : rc;
}

/* ---- the sandbox's authorizer -------------------------------------------------------- */

/* PRAGMAs a sandboxed script may run, reading or setting: each acts on this connection or
 * its own database file only. */
static const char *const pragmas_any[] = {
  "analysis_limit", "application_id", "auto_vacuum", "automatic_index", "busy_timeout",
  "cache_size", "cache_spill", "case_sensitive_like", "cell_size_check",
  "checkpoint_fullfsync", "collation_list", "data_version", "database_list",
  "defer_foreign_keys", "encoding", "foreign_key_check", "foreign_key_list", "foreign_keys",
  "freelist_count", "fullfsync", "function_list", "ignore_check_constraints",
  "incremental_vacuum", "index_info", "index_list", "index_xinfo", "integrity_check",
  "journal_mode", "journal_size_limit", "legacy_alter_table", "locking_mode",
  "max_page_count", "module_list", "optimize", "page_count", "page_size", "pragma_list",
  "query_only", "quick_check", "read_uncommitted", "recursive_triggers",
  "reverse_unordered_selects", "secure_delete", "synchronous", "table_info", "table_list",
  "table_xinfo", "user_version", "wal_autocheckpoint", "wal_checkpoint",
};

/* PRAGMAs it may only read: setting them would move temporary files to disk, lift limits
 * of the whole process, trust the schema or map files into memory uncounted. */
static const char *const pragmas_read[] = {
  "temp_store", "hard_heap_limit", "soft_heap_limit", "threads", "trusted_schema",
  "mmap_size", "schema_version", "compile_options",
};

/* The virtual table modules a sandboxed script may create tables of (FTS5 with its own
 * tokenizers and the toolkit's `sahel`; FTS3/4 take tokenizers by pointer). */
static const char *const vtab_modules[] = {"fts5", "fts5vocab"};

/* Functions a sandboxed script may not call. */
static const char *const functions_denied[] = {"fts3_tokenizer", "load_extension"};

/* listed: whether name is one of names[0..n) (any case). */
static int listed(const char *name, const char *const *names, size_t n) {
  for (size_t i = 0; name && i < n; i++)
    if (strcasecmp(name, names[i]) == 0) return 1;
  return 0;
}

#define LISTED(name, arr) listed(name, arr, sizeof arr / sizeof arr[0])

/* pragma_allowed: whether PRAGMA name [= value] (value NULL: a read) is allowed. */
static int pragma_allowed(const char *name, const char *value) {
  return LISTED(name, pragmas_any) || (!value && LISTED(name, pragmas_read));
}

/* authorize: the authorizer of a locked-down connection (sqlite3_set_authorizer). */
static int authorize(void *unused, int action, const char *a, const char *b, const char *db,
                     const char *trigger) {
  (void)unused, (void)db, (void)trigger;
  switch (action) {
  case SQLITE_ATTACH:
  case SQLITE_DETACH: return SQLITE_DENY;
  case SQLITE_PRAGMA: return pragma_allowed(a, b) ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_CREATE_VTABLE: return LISTED(b, vtab_modules) ? SQLITE_OK : SQLITE_DENY;
  case SQLITE_FUNCTION: return LISTED(b, functions_denied) ? SQLITE_DENY : SQLITE_OK;
  default: return SQLITE_OK;
  }
}

int sqldb_error(sqlite3 *db, const char *sql, err *e, const char *fmt, ...) {
  if (!e) return -1;
  char what[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(what, sizeof what, fmt, ap);
  va_end(ap);
  const char *msg = db ? sqlite3_errmsg(db) : ERR_NOMEM;
  if (!sql) return err_set(e, "%s: %s", what, msg);
  size_t n = strlen(sql);
  return err_set(e, "%s: %s (in SQL: %.200s%s)", what, msg, sql, n > 200 ? "..." : "");
}

int sqldb_lockdown(sqlite3 *db, err *e) {
  if (sqlite3_exec(db, "PRAGMA temp_store=MEMORY", NULL, NULL, NULL) != SQLITE_OK)
    return sqldb_error(db, NULL, e, "sandbox");
  sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_set_authorizer(db, authorize, NULL);
  return 0;
}

/* ---- memory --------------------------------------------------------------------------- */

static void *sql_malloc(int n) { return n > 0 ? mem_alloc((size_t)n) : NULL; }
static void sql_free(void *p) { mem_free(p); }
static void *sql_realloc(void *p, int n) { return n > 0 ? mem_realloc(p, (size_t)n) : NULL; }
static int sql_size(void *p) { return p ? (int)mem_size(p) : 0; }
static int sql_roundup(int n) { return (n + 7) & ~7; }
static int sql_init(void *unused) { return (void)unused, SQLITE_OK; }
static void sql_shutdown(void *unused) { (void)unused; }

int sqldb_count_memory(void) {
  static const sqlite3_mem_methods methods = {
    sql_malloc, sql_free, sql_realloc, sql_size, sql_roundup, sql_init, sql_shutdown, NULL,
  };
  if (sqlite3_config(SQLITE_CONFIG_MALLOC, &methods) != SQLITE_OK) return -1;
  /* mem.h counts: SQLite's own count would take a process-wide mutex per allocation. */
  return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK ? 0 : -1;
}
