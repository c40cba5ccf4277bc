/*
 * l_csv.c: the sahel.csv primitives: a record reader (sahel.CsvReader, csvread.h over
 * libcsv) and a row writer (sahel.CsvWriter, csvwrite.h: TEXT-SPEC §8, written through a
 * temporary and renamed on close). lualib/sahel/csv.lua builds rows(), writer() and
 * write() on them (headers, ragged rows, the guard's undoing).
 */
#include <string.h>

#include "bindings.h"
#include "io/csvread.h"
#include "io/csvread_warn.h"
#include "io/csvwrite.h"
#include "io/tablecopy.h"
#include "l_db.h"
#include "l_xlsx.h"

#define READER_MT "sahel.CsvReader"
#define WRITER_MT "sahel.CsvWriter"
#define COPY_MT "sahel.TableCopy"

typedef struct {
  csvreader *r;  /* NULL once closed */
  lx_warn warn;  /* where a lenient reader's warnings go */
} lx_reader;

typedef struct {
  csvwriter *w;  /* NULL once closed or aborted */
  int lent;      /* lent to a copy (writer:start_copy) until it is waited for */
} lx_writer;

/* opt_char: opts[field] as a one-byte string (def when absent); raises otherwise. */
static char opt_char(lua_State *L, int opts, const char *field, char def) {
  const char *s = lx_opt_string(L, opts, field, NULL);
  if (!s) return def;
  if (strlen(s) != 1) luaL_error(L, "bad option '%s' (one character expected)", field);
  return s[0];
}

/* csv_reader_open: reader(path [, opts]) -> reader | nil, msg. opts: delimiter, quote,
 * strict (default true), warn (function for a lenient reader's warnings). */
static int csv_reader_open(lua_State *L) {
  static const char *const keys[] = {"delimiter", "quote", "strict", "warn", NULL};
  const char *path = luaL_checkstring(L, 1);
  lx_opts(L, 2, keys);
  csvread_opts o = {opt_char(L, 2, "delimiter", ','), opt_char(L, 2, "quote", '"'),
                    lx_opt_bool(L, 2, "strict", 1)};
  if (!lua_isnoneornil(L, 2)) lua_getfield(L, 2, "warn");
  else lua_pushnil(L);                                        /* warn */
  lx_reader *r = lua_newuserdatauv(L, sizeof *r, 0);          /* warn reader */
  r->r = NULL;
  r->warn.ref = LUA_NOREF;
  luaL_setmetatable(L, READER_MT);
  err e;
  if (!(r->r = csvread_open(path, &o, &e))) return lx_fail(L, e.msg);
  warn_sink sink = lx_warn_sink(L, lua_isnil(L, -2) ? 0 : lua_absindex(L, -2), &r->warn);
  csvread_set_warn(r->r, &sink);
  return 1;
}

/* to_reader: the open reader at index i (raises when closed). */
static csvreader *to_reader(lua_State *L, int i) {
  lx_reader *r = luaL_checkudata(L, i, READER_MT);
  if (!r->r) luaL_error(L, "attempt to use a closed CSV reader");
  return r->r;
}

/* reader_read: reader:read() -> fields (array of strings), line | nil (end) | nil, msg. */
static int reader_read(lua_State *L) {
  csvreader *c = to_reader(L, 1);
  ((lx_reader *)lua_touserdata(L, 1))->warn.L = L; /* warnings run on the calling thread */
  csvrecord rec;
  err e;
  int rc = csvread_next(c, &rec, &e);
  if (rc < 0) return lx_fail(L, e.msg);
  if (rc == 0) {
    lua_pushnil(L);
    return 1;
  }
  lua_createtable(L, (int)rec.nfields, 0);                    /* fields */
  for (size_t i = 0; i < rec.nfields; i++) {
    lua_pushlstring(L, rec.fields[i], rec.lens[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  lua_pushinteger(L, (lua_Integer)rec.line);                  /* fields line */
  return 2;
}

/* reader_name: reader:name() -> the file name used in messages. */
static int reader_name(lua_State *L) {
  lua_pushstring(L, csvread_name(to_reader(L, 1)));
  return 1;
}

/* reader_close: reader:close() / __gc / __close; safe twice. */
static int reader_close(lua_State *L) {
  lx_reader *r = luaL_checkudata(L, 1, READER_MT);
  csvread_close(r->r);
  r->r = NULL;
  if (r->warn.ref != LUA_NOREF) lx_warn_release(&r->warn);
  return 0;
}

/* reader_tostring: "sahel.CsvReader (path)" or "(closed)". */
static int reader_tostring(lua_State *L) {
  lx_reader *r = luaL_checkudata(L, 1, READER_MT);
  lua_pushfstring(L, "sahel.CsvReader (%s)", r->r ? csvread_name(r->r) : "closed");
  return 1;
}

/* csv_writer_open: writer(path [, opts]) -> writer | nil, msg. opts: excel, delimiter,
 * guard (default true). */
static int csv_writer_open(lua_State *L) {
  static const char *const keys[] = {"excel", "delimiter", "guard", NULL};
  const char *path = luaL_checkstring(L, 1);
  lx_opts(L, 2, keys);
  csvwrite_opts o = {lx_opt_bool(L, 2, "excel", 0), opt_char(L, 2, "delimiter", ','),
                     !lx_opt_bool(L, 2, "guard", 1)};
  lx_writer *w = lua_newuserdatauv(L, sizeof *w, 0);
  w->w = NULL;
  w->lent = 0;
  luaL_setmetatable(L, WRITER_MT);
  err e;
  if (!(w->w = csvwrite_open(path, &o, &e))) return lx_fail(L, e.msg);
  return 1;
}

/* check_unlent: raise while writer w is lent to a copy. */
static void check_unlent(lua_State *L, const lx_writer *w) {
  if (w->lent) luaL_error(L, "attempt to use a CSV writer while a copy writes to it");
}

/* to_writer: the open writer at index i (raises when closed or lent to a copy). */
static csvwriter *to_writer(lua_State *L, int i) {
  lx_writer *w = luaL_checkudata(L, i, WRITER_MT);
  if (!w->w) luaL_error(L, "attempt to use a closed CSV writer");
  check_unlent(L, w);
  return w->w;
}

/* write_value: the Lua value at index v as one field: integers and floats as numbers
 * (§8, never guarded), strings as text (guarded), booleans as true/false, nil empty. */
static void write_value(lua_State *L, csvwriter *w, int v) {
  size_t len;
  switch (lua_type(L, v)) {
  case LUA_TNIL: csvwrite_null(w); break;
  case LUA_TNUMBER:
    if (lua_isinteger(L, v)) csvwrite_int(w, lua_tointeger(L, v));
    else csvwrite_num(w, lua_tonumber(L, v));
    break;
  case LUA_TBOOLEAN: csvwrite_text(w, lua_toboolean(L, v) ? "true" : "false",
                                   lua_toboolean(L, v) ? 4 : 5); break;
  case LUA_TSTRING: {
    const char *s = lua_tolstring(L, v, &len);
    csvwrite_text(w, s, len);
    break;
  }
  default: luaL_error(L, "cannot write a %s to a CSV field", luaL_typename(L, v));
  }
}

/* writer_row: writer:row(values [, n]): one row of values[1..n] (n: #values). */
static int writer_row(lua_State *L) {
  csvwriter *w = to_writer(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  lua_Integer n = luaL_opt(L, luaL_checkinteger, 3, (lua_Integer)luaL_len(L, 2));
  for (lua_Integer i = 1; i <= n; i++) {
    lua_geti(L, 2, i);
    write_value(L, w, lua_gettop(L));
    lua_pop(L, 1);
  }
  csvwrite_endrow(w);
  return 0;
}

/* writer_copy: writer:copy(stmt [, sheet]) -> rows: every row of the sahel.Stmt (run to
 * its end), its columns in order, into the file and, when given, the sahel.XlsxSheet: what
 * `for r in stmt:rows() do writer:row(...); sheet:row(...) end` writes, without a Lua
 * table per row (tablecopy.h). Raises on an SQL error or a sheet error. */
static int writer_copy(lua_State *L) {
  csvwriter *w = to_writer(L, 1);
  sqlite3_stmt *st = lx_check_stmt(L, 2);
  xlsxsheet *sheet = lua_isnoneornil(L, 3) ? NULL : lx_check_sheet(L, 3);
  const char *path = sqlite3_db_filename(sqlite3_db_handle(st), "main");
  uint64_t rows;
  err e;
  if (tablecopy_rows(st, w, sheet, path && *path ? path : ":memory:", &rows, &e) < 0) {
    return luaL_error(L, "%s", e.msg);
  }
  lua_pushinteger(L, (lua_Integer)rows);
  return 1;
}

/* A copy started by writer:start_copy: its writer, sheet and database are its user values
 * 1, 2 and 3 (kept alive, and lent to it until it is waited for). */
typedef struct {
  tablecopy *c; /* NULL once waited for */
} lx_copy;

/* writer_start_copy: writer:start_copy(db, sql [, sheet [, threaded]]) -> copy: the rows
 * of sql over the file of the sahel.Db (a connection of the copy's own, read-only) into
 * the file and the sheet, in a thread of its own (threaded, the default) or now. The
 * writer and the sheet are the copy's until copy:wait(). nil, msg when the database has
 * no file or refuses the SQL. */
static int writer_start_copy(lua_State *L) {
  lua_settop(L, 5);
  csvwriter *w = to_writer(L, 1);
  sqlite3 *db = lx_check_db(L, 2);
  const char *sql = luaL_checkstring(L, 3);
  int threaded = lua_isnil(L, 5) || lua_toboolean(L, 5);
  const char *path = sqlite3_db_filename(db, "main");
  if (!path || !*path) return lx_fail(L, "start_copy: the database has no file to read");
  lx_copy *h = lua_newuserdatauv(L, sizeof *h, 3);            /* copy */
  h->c = NULL;
  luaL_setmetatable(L, COPY_MT);
  err e;
  xlsxsheet *sheet = lua_isnil(L, 4) ? NULL : lx_lend_sheet(L, 4); /* raises when not one */
  ((lx_writer *)lua_touserdata(L, 1))->lent = 1;
  if (!(h->c = tablecopy_start(path, sql, w, sheet, threaded, &e))) {
    ((lx_writer *)lua_touserdata(L, 1))->lent = 0;
    if (sheet) lx_return_sheet(L, 4);
    return lx_fail(L, e.msg);
  }
  for (int i = 1; i <= 3; i++) {
    lua_pushvalue(L, i == 3 ? 2 : i == 1 ? 1 : 4);            /* copy value */
    lua_setiuservalue(L, -2, i);                              /* copy */
  }
  return 1;
}

/* copy_end: wait for the copy at index 1 and give its writer and sheet back; rows and 0,
 * or -1 with e set (also when it was waited for already: *rows 0). */
static int copy_end(lua_State *L, uint64_t *rows, err *e) {
  lx_copy *h = luaL_checkudata(L, 1, COPY_MT);
  *rows = 0;
  if (!h->c) return err_set(e, "attempt to wait twice for a copy");
  int rc = tablecopy_wait(h->c, rows, e);
  h->c = NULL;
  lua_getiuservalue(L, 1, 1);                                 /* writer */
  ((lx_writer *)lua_touserdata(L, -1))->lent = 0;
  if (lua_getiuservalue(L, 1, 2) != LUA_TNIL) lx_return_sheet(L, lua_gettop(L));
  lua_pop(L, 2);
  return rc;
}

/* copy_wait: copy:wait() -> rows: wait for the copy to end; raises what made it fail. */
static int copy_wait(lua_State *L) {
  uint64_t rows;
  err e;
  if (copy_end(L, &rows, &e) < 0) return luaL_error(L, "%s", e.msg);
  lua_pushinteger(L, (lua_Integer)rows);
  return 1;
}

/* copy_gc: __gc: a copy never waited for is waited for (its failure dropped). */
static int copy_gc(lua_State *L) {
  uint64_t rows;
  err e;
  if (((lx_copy *)luaL_checkudata(L, 1, COPY_MT))->c) copy_end(L, &rows, &e);
  return 0;
}

/* writer_commit: writer:close() -> true | nil, msg: the file appears whole at its path. */
static int writer_commit(lua_State *L) {
  csvwriter *cw = to_writer(L, 1);
  ((lx_writer *)lua_touserdata(L, 1))->w = NULL;
  err e;
  if (csvwrite_close(cw, &e) < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* writer_abort: writer:abort() / __gc: drop what was written; safe twice. Raises while
 * lent to a copy (a copy, made after its writer, is collected first). */
static int writer_abort(lua_State *L) {
  lx_writer *w = luaL_checkudata(L, 1, WRITER_MT);
  check_unlent(L, w);
  csvwrite_abort(w->w);
  w->w = NULL;
  return 0;
}

/* writer_toclose: __close: commit when the scope ends normally, abort on an error (a
 * failed commit raises). */
static int writer_toclose(lua_State *L) {
  lx_writer *w = luaL_checkudata(L, 1, WRITER_MT);
  if (!w->w) return 0;
  if (!lua_isnil(L, 2)) return writer_abort(L);
  lua_settop(L, 1);
  if (writer_commit(L) == 2) return lua_error(L);
  return 0;
}

/* writer_tostring: "sahel.CsvWriter" with "(closed)" once closed. */
static int writer_tostring(lua_State *L) {
  lx_writer *w = luaL_checkudata(L, 1, WRITER_MT);
  lua_pushstring(L, w->w ? "sahel.CsvWriter (open)" : "sahel.CsvWriter (closed)");
  return 1;
}

/* csv_format_num: format_num(x) -> x as §8 prints a measure ("%.6g", "." always). */
static int csv_format_num(lua_State *L) {
  char out[32];
  lua_pushstring(L, csvwrite_format_num(luaL_checknumber(L, 1), out));
  return 1;
}

static const luaL_Reg funcs[] = {
  {"reader", csv_reader_open}, {"writer", csv_writer_open}, {"format_num", csv_format_num},
  {NULL, NULL}
};

static const luaL_Reg reader_methods[] = {
  {"read", reader_read}, {"name", reader_name}, {"close", reader_close}, {NULL, NULL}
};

static const luaL_Reg reader_meta[] = {
  {"__gc", reader_close}, {"__close", reader_close}, {"__tostring", reader_tostring},
  {NULL, NULL}
};

static const luaL_Reg writer_methods[] = {
  {"row", writer_row}, {"copy", writer_copy}, {"start_copy", writer_start_copy},
  {"close", writer_commit}, {"abort", writer_abort}, {NULL, NULL}
};

static const luaL_Reg copy_methods[] = {{"wait", copy_wait}, {NULL, NULL}};

static const luaL_Reg copy_meta[] = {{"__gc", copy_gc}, {NULL, NULL}};

static const luaL_Reg writer_meta[] = {
  {"__gc", writer_abort}, {"__close", writer_toclose}, {"__tostring", writer_tostring},
  {NULL, NULL}
};

int luaopen_sahel_csv(lua_State *L) {
  lx_newlib(L, NULL, READER_MT, reader_methods, reader_meta);
  lua_pop(L, 1);
  lx_newlib(L, NULL, COPY_MT, copy_methods, copy_meta);
  lua_pop(L, 1);
  lx_newlib(L, funcs, WRITER_MT, writer_methods, writer_meta);
  return 1;
}
