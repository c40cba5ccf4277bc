/*
 * l_db.c: the sahel.db module: SQLite connections (sahel.Db) and prepared statements
 * (sahel.Stmt, which keep their connection alive through a user value). Connections come
 * from store_db_open: WAL, busy timeout and the FTS5 tokenizer `sahel`.
 * Contract: misuse raises; SQL failures return nil, message ("path: why (in SQL: ...)"),
 * except in the iterators of rows(), which raise (a for loop cannot take nil, message).
 */
#include <sqlite3.h>
#include <string.h>

#include "bindings.h"
#include "l_db.h"
#include "io/sqldb.h"
#include "store/store.h"

#define DB_MT "sahel.Db"
#define STMT_MT "sahel.Stmt"

typedef struct {
  sqlite3_stmt *st; /* NULL once closed */
} lx_stmt;

/* to_db: the sahel.Db at index i, open or closed. */
static lx_db *to_db(lua_State *L, int i) { return luaL_checkudata(L, i, DB_MT); }

sqlite3 *lx_check_db(lua_State *L, int i) {
  lx_db *d = to_db(L, i);
  if (!d->db) luaL_error(L, "attempt to use a closed database");
  return d->db;
}

/* fail_sql: push nil, "path: message (in SQL: sql)" for db; returns 2. */
static int fail_sql(lua_State *L, sqlite3 *db, const char *sql) {
  err e;
  const char *path = sqlite3_db_filename(db, "main");
  sqldb_error(db, sql, &e, "%s", path && *path ? path : ":memory:");
  return lx_fail(L, e.msg);
}

/* raise_sql: raise the message fail_sql would return. */
static int raise_sql(lua_State *L, sqlite3 *db, const char *sql) {
  fail_sql(L, db, sql);
  return lua_error(L);
}

static const char *const open_options[] = {"readonly", "create", "wal", "busy_timeout", NULL};

/* may_open: whether a sandbox (if any) lets path be opened as o says (the options read
 * once: the check and the open use the same values); else nil, msg pushed. SQLite names:
 * ":memory:" and "" are no file; "file:" URIs are refused in a sandbox. */
static int may_open(lua_State *L, const char *path, const store_db_opts *o) {
  if (!path[0] || strcmp(path, ":memory:") == 0) return 1;
  if (lx_sandboxed(L) && strncmp(path, "file:", 5) == 0) {
    lua_pushnil(L);
    lua_pushfstring(L, "sandbox: SQLite URI '%s' is not allowed (give a path)", path);
    return 0;
  }
  return lx_check_path(L, path, o->readonly ? "r" : "w");
}

/* db_open: sahel.db.open(path [, opts]) -> db | nil, msg. In a sandbox the connection is
 * locked down (sqldb.h). */
static int db_open(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lx_opts(L, 2, open_options);
  store_db_opts o = {
    lx_opt_bool(L, 2, "readonly", 0), !lx_opt_bool(L, 2, "create", 1),
    !lx_opt_bool(L, 2, "wal", 1), (int)lx_opt_int(L, 2, "busy_timeout", 5000),
  };
  if (!may_open(L, path, &o)) return 2;
  lx_db *d = lua_newuserdatauv(L, sizeof *d, 0);
  d->db = NULL;
  luaL_setmetatable(L, DB_MT);
  err e;
  if (!(d->db = store_db_open(path, &o, &e))) return lx_fail(L, e.msg);
  if (lx_sandboxed(L) && sqldb_lockdown(d->db, &e) < 0) return lx_fail(L, e.msg);
  return 1;
}

/* db_close: db:close() / __gc / __close: close the connection (deferred by SQLite until
 * its statements are closed); safe to call twice. */
static int db_close(lua_State *L) {
  lx_db *d = to_db(L, 1);
  if (d->db) sqlite3_close_v2(d->db);
  d->db = NULL;
  lua_pushboolean(L, 1);
  return 1;
}

/* db_tostring: "sahel.Db (path)" or "sahel.Db (closed)". */
static int db_tostring(lua_State *L) {
  lx_db *d = to_db(L, 1);
  const char *path = d->db ? sqlite3_db_filename(d->db, "main") : NULL;
  if (!d->db) lua_pushliteral(L, "sahel.Db (closed)");
  else lua_pushfstring(L, "sahel.Db (%s)", path && *path ? path : ":memory:");
  return 1;
}

/* db_exec: db:exec(sql) -> true | nil, msg (sql may hold several statements). */
static int db_exec(lua_State *L) {
  sqlite3 *db = lx_check_db(L, 1);
  const char *sql = luaL_checkstring(L, 2);
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) return fail_sql(L, db, sql);
  lua_pushboolean(L, 1);
  return 1;
}

/* bind_value: bind the Lua value at index v to parameter i of st (raises on a table...). */
static void bind_value(lua_State *L, sqlite3_stmt *st, int i, int v) {
  size_t len;
  switch (lua_type(L, v)) {
  case LUA_TNIL: sqlite3_bind_null(st, i); break;
  case LUA_TBOOLEAN: sqlite3_bind_int(st, i, lua_toboolean(L, v)); break;
  case LUA_TNUMBER:
    if (lua_isinteger(L, v)) sqlite3_bind_int64(st, i, lua_tointeger(L, v));
    else sqlite3_bind_double(st, i, lua_tonumber(L, v));
    break;
  case LUA_TSTRING: {
    const char *s = lua_tolstring(L, v, &len);
    sqlite3_bind_text64(st, i, s, len, SQLITE_TRANSIENT, SQLITE_UTF8);
    break;
  }
  default:
    luaL_error(L, "cannot bind a %s to SQL parameter %d", luaL_typename(L, v), i);
  }
}

/* bind_named: bind the fields of the table at index t to st's named parameters. */
static void bind_named(lua_State *L, sqlite3_stmt *st, int t) {
  int n = sqlite3_bind_parameter_count(st);
  for (int i = 1; i <= n; i++) {
    const char *name = sqlite3_bind_parameter_name(st, i);
    if (!name || name[0] == '?') luaL_error(L, "SQL parameter %d has no name", i);
    lua_getfield(L, t, name + 1);
    bind_value(L, st, i, lua_gettop(L));
    lua_pop(L, 1);
  }
}

/* bind_args: bind the arguments first..top to st: positionally, or by name when the one
 * argument is a table and the statement's parameters are named. */
static void bind_args(lua_State *L, sqlite3_stmt *st, int first) {
  int top = lua_gettop(L), n = sqlite3_bind_parameter_count(st);
  sqlite3_reset(st);
  sqlite3_clear_bindings(st);
  if (top == first && lua_istable(L, first)) {
    bind_named(L, st, first);
    return;
  }
  if (top - first + 1 > n) {
    luaL_error(L, "%d values given for %d SQL parameters", top - first + 1, n);
  }
  for (int i = first; i <= top; i++) bind_value(L, st, i - first + 1, i);
}

/* push_row: push the current row of st as a table by column name (NULL: absent). */
static void push_row(lua_State *L, sqlite3_stmt *st) {
  int n = sqlite3_column_count(st);
  lua_createtable(L, 0, n);                                   /* row */
  for (int i = 0; i < n; i++) {
    switch (sqlite3_column_type(st, i)) {
    case SQLITE_NULL: continue;
    case SQLITE_INTEGER: lua_pushinteger(L, sqlite3_column_int64(st, i)); break;
    case SQLITE_FLOAT: lua_pushnumber(L, sqlite3_column_double(st, i)); break;
    default: {
      const void *p = sqlite3_column_blob(st, i);
      lua_pushlstring(L, p ? p : "", (size_t)sqlite3_column_bytes(st, i));
    }
    }
    lua_setfield(L, -2, sqlite3_column_name(st, i));          /* row */
  }
}

/* more_sql: whether tail (what follows a prepared statement) holds more than white space,
 * comments and semicolons. */
static int more_sql(sqlite3 *db, const char *tail) {
  sqlite3_stmt *more = NULL;
  if (!tail || !*tail) return 0;
  int rc = sqlite3_prepare_v2(db, tail, -1, &more, NULL);
  sqlite3_finalize(more);
  return rc != SQLITE_OK || more != NULL;
}

/* new_stmt: push a sahel.Stmt for sql on the database at index dbi; its sqlite3_stmt, or
 * NULL with nil, msg pushed instead (raise: raise instead). */
static sqlite3_stmt *new_stmt(lua_State *L, int dbi, const char *sql, int raise) {
  sqlite3 *db = lx_check_db(L, dbi);
  lx_stmt *s = lua_newuserdatauv(L, sizeof *s, 1);            /* stmt */
  s->st = NULL;
  luaL_setmetatable(L, STMT_MT);
  lua_pushvalue(L, dbi);
  lua_setiuservalue(L, -2, 1);                                /* keeps the db alive */
  const char *tail = NULL;
  if (sqlite3_prepare_v2(db, sql, -1, &s->st, &tail) != SQLITE_OK) {
    lua_pop(L, 1);
    if (raise) raise_sql(L, db, sql);
    fail_sql(L, db, sql);
    return NULL;
  }
  if (more_sql(db, tail)) luaL_error(L, "one SQL statement expected, more given: %s", sql);
  return s->st;
}

sqlite3_stmt *lx_check_stmt(lua_State *L, int i) {
  lx_stmt *s = luaL_checkudata(L, i, STMT_MT);
  if (!s->st) luaL_error(L, "attempt to use a closed statement");
  lua_getiuservalue(L, i, 1);
  lx_check_db(L, -1);
  lua_pop(L, 1);
  return s->st;
}

/* step_first: step st once: push the row (or nil) and return 1, or push nil, msg (2). */
static int step_first(lua_State *L, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) push_row(L, st);
  else if (rc == SQLITE_DONE) lua_pushnil(L);
  else return fail_sql(L, sqlite3_db_handle(st), sqlite3_sql(st));
  sqlite3_reset(st);
  return 1;
}

int lx_step(lua_State *L, sqlite3_stmt *st) {
  int rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) return 1;
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) raise_sql(L, sqlite3_db_handle(st), sqlite3_sql(st));
  return 0;
}

/* stmt_iter: the iterator of rows(): the next row, nil at the end; raises on an error. */
static int stmt_iter(lua_State *L) {
  sqlite3_stmt *st = lx_check_stmt(L, 1);
  if (!lx_step(L, st)) return 0;
  push_row(L, st);
  return 1;
}

/* push_loop: push what a generic for needs to walk the statement at index i: iterator,
 * state, control and closing value; returns 4. */
static int push_loop(lua_State *L, int i) {
  lua_pushcfunction(L, stmt_iter);                            /* iter */
  lua_pushvalue(L, i);                                        /* iter stmt */
  lua_pushnil(L);                                             /* iter stmt nil */
  lua_pushvalue(L, i);                                        /* iter stmt nil stmt */
  return 4;
}

/* db_rows: db:rows(sql, ...) -> iterator, stmt, nil, stmt (the last one is closed when the
 * loop ends). Raises on an SQL error. */
static int db_rows(lua_State *L) {
  sqlite3_stmt *st = new_stmt(L, 1, luaL_checkstring(L, 2), 1); /* db sql args... stmt */
  lua_insert(L, 3);                                           /* db sql stmt args... */
  bind_args(L, st, 4);
  return push_loop(L, 3);
}

/* db_first: db:first(sql, ...) -> first row | nil (no row) | nil, msg. */
static int db_first(lua_State *L) {
  const char *sql = luaL_checkstring(L, 2);
  sqlite3_stmt *st = new_stmt(L, 1, sql, 0);                  /* args... stmt */
  if (!st) return 2;
  lua_insert(L, 3);                                           /* stmt args... */
  bind_args(L, st, 4);
  int n = step_first(L, st);
  sqlite3_finalize(st);
  ((lx_stmt *)lua_touserdata(L, 3))->st = NULL;
  return n;
}

/* db_prepare: db:prepare(sql) -> stmt | nil, msg. */
static int db_prepare(lua_State *L) {
  return new_stmt(L, 1, luaL_checkstring(L, 2), 0) ? 1 : 2;
}

/* tx_end: finish a transaction of db:tx: sql "COMMIT"-like; rolls back when that fails,
 * and only while a transaction is open (SQLite rolls back by itself on some errors, a full
 * disk among them: their message is the one to raise). 0, or -1 with the error message
 * pushed. */
static int tx_end(lua_State *L, sqlite3 *db, int outer, int commit) {
  if (!commit && sqlite3_get_autocommit(db)) return 0;
  const char *sql = commit ? (outer ? "COMMIT" : "RELEASE sahel_tx")
                           : (outer ? "ROLLBACK" : "ROLLBACK TO sahel_tx; RELEASE sahel_tx");
  if (sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK) return 0;
  fail_sql(L, db, sql);                                       /* nil msg */
  lua_remove(L, -2);                                          /* msg */
  if (commit) tx_end(L, db, outer, 0);
  return -1;
}

/* db_tx: db:tx(fn) -> what fn returns: fn(db) inside a transaction (a savepoint when one is
 * already open), committed when fn returns; rolled back when fn raises, and the error
 * raised again. Always raises on failure. */
static int db_tx(lua_State *L) {
  lx_check_db(L, 1);
  luaL_checktype(L, 2, LUA_TFUNCTION);
  lua_settop(L, 2);
  lx_db *d = to_db(L, 1);
  int outer = sqlite3_get_autocommit(d->db);
  const char *begin = outer ? "BEGIN IMMEDIATE" : "SAVEPOINT sahel_tx";
  if (sqlite3_exec(d->db, begin, NULL, NULL, NULL) != SQLITE_OK) raise_sql(L, d->db, begin);
  lua_pushvalue(L, 1);                                        /* db fn db */
  int status = lua_pcall(L, 1, LUA_MULTRET, 0);               /* db results... | db err */
  if (!d->db) {
    if (status != LUA_OK) return lua_error(L);
    return luaL_error(L, "the database was closed inside db:tx()");
  }
  if (tx_end(L, d->db, outer, status == LUA_OK) < 0 || status != LUA_OK) return lua_error(L);
  return lua_gettop(L) - 1;
}

/* db_changes: db:changes() -> rows changed by the last INSERT, UPDATE or DELETE. */
static int db_changes(lua_State *L) {
  lua_pushinteger(L, sqlite3_changes64(lx_check_db(L, 1)));
  return 1;
}

/* db_last_id: db:last_id() -> the rowid of the last INSERT. */
static int db_last_id(lua_State *L) {
  lua_pushinteger(L, sqlite3_last_insert_rowid(lx_check_db(L, 1)));
  return 1;
}

/* stmt_rows: st:rows(...) -> iterator, st: rebinds and walks the statement (which stays
 * open after the loop). */
static int stmt_rows(lua_State *L) {
  bind_args(L, lx_check_stmt(L, 1), 2);
  lua_pushcfunction(L, stmt_iter);                            /* iter */
  lua_pushvalue(L, 1);                                        /* iter st */
  return 2;
}

/* stmt_first: st:first(...) -> first row | nil | nil, msg. */
static int stmt_first(lua_State *L) {
  sqlite3_stmt *st = lx_check_stmt(L, 1);
  bind_args(L, st, 2);
  return step_first(L, st);
}

/* stmt_exec: st:exec(...) -> rows changed | nil, msg: runs the statement to its end. */
static int stmt_exec(lua_State *L) {
  sqlite3_stmt *st = lx_check_stmt(L, 1);
  bind_args(L, st, 2);
  int rc;
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) continue;
  sqlite3_reset(st);
  if (rc != SQLITE_DONE) return fail_sql(L, sqlite3_db_handle(st), sqlite3_sql(st));
  lua_pushinteger(L, sqlite3_changes64(sqlite3_db_handle(st)));
  return 1;
}

/* stmt_columns: st:columns() -> array of the result's column names. */
static int stmt_columns(lua_State *L) {
  sqlite3_stmt *st = lx_check_stmt(L, 1);
  int n = sqlite3_column_count(st);
  lua_createtable(L, n, 0);
  for (int i = 0; i < n; i++) {
    lua_pushstring(L, sqlite3_column_name(st, i));
    lua_rawseti(L, -2, i + 1);
  }
  return 1;
}

/* stmt_close: st:close() / __gc / __close: finalize; safe to call twice. */
static int stmt_close(lua_State *L) {
  lx_stmt *s = luaL_checkudata(L, 1, STMT_MT);
  if (s->st) sqlite3_finalize(s->st);
  s->st = NULL;
  return 0;
}

/* stmt_tostring: "sahel.Stmt (sql)" or "sahel.Stmt (closed)". */
static int stmt_tostring(lua_State *L) {
  lx_stmt *s = luaL_checkudata(L, 1, STMT_MT);
  if (s->st) lua_pushfstring(L, "sahel.Stmt (%s)", sqlite3_sql(s->st));
  else lua_pushliteral(L, "sahel.Stmt (closed)");
  return 1;
}

static const luaL_Reg funcs[] = {
  {"open", db_open},
  {NULL, NULL}
};

static const luaL_Reg db_methods[] = {
  {"exec", db_exec}, {"rows", db_rows}, {"first", db_first}, {"prepare", db_prepare},
  {"tx", db_tx}, {"changes", db_changes}, {"last_id", db_last_id}, {"close", db_close},
  {NULL, NULL}
};

static const luaL_Reg db_meta[] = {
  {"__gc", db_close}, {"__close", db_close}, {"__tostring", db_tostring}, {NULL, NULL}
};

static const luaL_Reg stmt_methods[] = {
  {"rows", stmt_rows}, {"first", stmt_first}, {"exec", stmt_exec},
  {"columns", stmt_columns}, {"close", stmt_close}, {NULL, NULL}
};

static const luaL_Reg stmt_meta[] = {
  {"__gc", stmt_close}, {"__close", stmt_close}, {"__tostring", stmt_tostring}, {NULL, NULL}
};

int luaopen_sahel_db(lua_State *L) {
  lx_newlib(L, NULL, STMT_MT, stmt_methods, stmt_meta);
  lua_pop(L, 1);
  lx_newlib(L, funcs, DB_MT, db_methods, db_meta);            /* db */
  luaL_getmetatable(L, DB_MT);                                /* db mt */
  lua_getfield(L, -1, "__index");                             /* db mt methods */
  lua_setfield(L, -3, "methods");                             /* db mt */
  lua_pop(L, 1);                                              /* db */
  return 1;
}
