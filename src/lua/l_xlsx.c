/*
 * l_xlsx.c: the sahel.xlsx primitives (xlsx.h): a workbook (sahel.XlsxBook, written through
 * a temporary and renamed on close) and its sheets (sahel.XlsxSheet, each keeping its
 * workbook alive). lualib/sahel/xlsx.lua builds open(), wb:sheet() and write() on them.
 */
#include <string.h>

#include "bindings.h"
#include "io/xlsx.h"
#include "l_xlsx.h"

#define BOOK_MT "sahel.XlsxBook"
#define SHEET_MT "sahel.XlsxSheet"

typedef struct {
  xlsxbook *b;    /* NULL once closed or aborted */
  int finishing;  /* wb:finish() was called: no more sheets nor rows */
  int lent;       /* sheets lent to copies running in other threads (lx_lend_sheet) */
} lx_book;

typedef struct {
  xlsxsheet *s; /* valid while its workbook (user value 1) is open */
  int lent;     /* lent to a copy: written by another thread */
} lx_sheet;

/* xlsx_open_l: open(path [, opts]) -> workbook | nil, msg. opts: max_rows (rows of a sheet,
 * its header included; default and most: 1,048,576). */
static int xlsx_open_l(lua_State *L) {
  const char *path = luaL_checkstring(L, 1);
  lua_Integer max_rows = lx_opt_int(L, 2, "max_rows", XLSX_MAX_ROWS);
  if (max_rows < 1 || max_rows > XLSX_MAX_ROWS) {
    return luaL_error(L, "bad option 'max_rows' (1 to %d expected)", (int)XLSX_MAX_ROWS);
  }
  if (!lx_check_path(L, path, "w")) return 2;             /* a sandbox refused it */
  lx_book *w = lua_newuserdatauv(L, sizeof *w, 0);
  w->b = NULL;
  w->finishing = 0;
  w->lent = 0;
  luaL_setmetatable(L, BOOK_MT);
  err e;
  if (!(w->b = xlsx_open(path, (uint64_t)max_rows, &e))) return lx_fail(L, e.msg);
  return 1;
}

/* check_unlent: raise when a sheet of workbook w is being written by a copy. */
static void check_unlent(lua_State *L, const lx_book *w) {
  if (w->lent) luaL_error(L, "attempt to use a workbook while a copy writes to its sheets");
}

/* to_book: the open workbook at index i (raises when closed, or while a copy writes to
 * one of its sheets). */
static xlsxbook *to_book(lua_State *L, int i) {
  lx_book *w = luaL_checkudata(L, i, BOOK_MT);
  if (!w->b) luaL_error(L, "attempt to use a closed workbook");
  check_unlent(L, w);
  return w->b;
}

/* to_writable: the workbook at index i, open to new sheets and rows (raises otherwise). */
static xlsxbook *to_writable(lua_State *L, int i) {
  xlsxbook *b = to_book(L, i);
  if (((lx_book *)lua_touserdata(L, i))->finishing) {
    luaL_error(L, "attempt to add to a finished workbook");
  }
  return b;
}

/* opt_dir: opts.rtl: true, false, or "auto" (the default). */
static xlsx_dir opt_dir(lua_State *L, int opts) {
  if (lua_isnoneornil(L, opts)) return XLSX_AUTO;
  int t = lua_getfield(L, opts, "rtl");
  xlsx_dir d = t == LUA_TBOOLEAN ? (lua_toboolean(L, -1) ? XLSX_RTL : XLSX_LTR) : XLSX_AUTO;
  int bad = t != LUA_TNIL && t != LUA_TBOOLEAN &&
            !(t == LUA_TSTRING && strcmp(lua_tostring(L, -1), "auto") == 0);
  lua_pop(L, 1);
  if (bad) luaL_error(L, "bad option 'rtl' (true, false or \"auto\" expected)");
  return d;
}

/* book_sheet: wb:sheet(name [, opts]) -> sheet | nil, msg. opts: header (the first row is
 * a header: bold, frozen, filtered), rtl (true, false, "auto"). */
static int book_sheet(lua_State *L) {
  xlsxbook *b = to_writable(L, 1);
  const char *name = luaL_checkstring(L, 2);
  xlsxsheet_opts o = {lx_opt_bool(L, 3, "header", 0), opt_dir(L, 3)};
  err e;
  xlsxsheet *s = xlsx_sheet(b, name, &o, &e);
  if (!s) return lx_fail(L, e.msg);
  lx_sheet *h = lua_newuserdatauv(L, sizeof *h, 1);           /* sheet */
  h->s = s;
  h->lent = 0;
  luaL_setmetatable(L, SHEET_MT);
  lua_pushvalue(L, 1);                                        /* sheet book */
  lua_setiuservalue(L, -2, 1);                                /* sheet */
  return 1;
}

/* book_of: the workbook of the sheet at index i. */
static lx_book *book_of(lua_State *L, int i) {
  lua_getiuservalue(L, i, 1);                                 /* book */
  lx_book *w = lua_touserdata(L, -1);
  lua_pop(L, 1);
  return w;
}

xlsxsheet *lx_check_sheet(lua_State *L, int i) {
  lx_sheet *h = luaL_checkudata(L, i, SHEET_MT);
  lx_book *w = book_of(L, i);
  if (!w || !w->b) luaL_error(L, "attempt to use a sheet of a closed workbook");
  if (w->finishing) luaL_error(L, "attempt to add to a finished workbook");
  if (h->lent) luaL_error(L, "attempt to use a sheet while a copy writes to it");
  return h->s;
}

xlsxsheet *lx_lend_sheet(lua_State *L, int i) {
  xlsxsheet *s = lx_check_sheet(L, i);
  ((lx_sheet *)lua_touserdata(L, i))->lent = 1;
  book_of(L, i)->lent++;
  return s;
}

void lx_return_sheet(lua_State *L, int i) {
  lx_sheet *h = luaL_checkudata(L, i, SHEET_MT);
  if (!h->lent) return;
  h->lent = 0;
  book_of(L, i)->lent--;
}

/* write_value: the Lua value at index v as the next cell: numbers as numbers, strings as
 * text (whatever they look like), booleans as booleans, nil empty; other types raise. */
static int write_value(lua_State *L, xlsxsheet *s, int v, err *e) {
  size_t len;
  switch (lua_type(L, v)) {
  case LUA_TNIL: return xlsx_null(s, e);
  case LUA_TNUMBER: return xlsx_num(s, lua_tonumber(L, v), e);
  case LUA_TBOOLEAN: return xlsx_bool(s, lua_toboolean(L, v), e);
  case LUA_TSTRING: {
    const char *p = lua_tolstring(L, v, &len);
    return xlsx_text(s, p, len, e);
  }
  default: return luaL_error(L, "cannot write a %s to a cell", luaL_typename(L, v));
  }
}

/* sheet_row: sheet:row(values [, n]) or sheet:row(row, columns): one row of
 * values[1..n] (n: #values), or of row[columns[1]], row[columns[2]]... Raises past 16,384
 * columns. */
static int sheet_row(lua_State *L) {
  xlsxsheet *s = lx_check_sheet(L, 1);
  luaL_checktype(L, 2, LUA_TTABLE);
  int by_name = lua_type(L, 3) == LUA_TTABLE;
  lua_Integer n = by_name ? (lua_Integer)luaL_len(L, 3)
                          : luaL_opt(L, luaL_checkinteger, 3, (lua_Integer)luaL_len(L, 2));
  err e;
  for (lua_Integer i = 1; i <= n; i++) {
    if (by_name) {
      lua_geti(L, 3, i);                                      /* name */
      lua_gettable(L, 2);                                     /* value */
    } else {
      lua_geti(L, 2, i);                                      /* value */
    }
    if (write_value(L, s, lua_gettop(L), &e) != 0) return luaL_error(L, "%s", e.msg);
    lua_pop(L, 1);
  }
  xlsx_endrow(s);
  return 0;
}

/* sheet_counts: sheet:counts() -> {rows, cut_rows, cut_texts, rtl}. */
static int sheet_counts(lua_State *L) {
  xlsxsheet_counts c = xlsx_counts(lx_check_sheet(L, 1));
  lua_createtable(L, 0, 4);
  lua_pushinteger(L, (lua_Integer)c.rows);
  lua_setfield(L, -2, "rows");
  lua_pushinteger(L, (lua_Integer)c.cut_rows);
  lua_setfield(L, -2, "cut_rows");
  lua_pushinteger(L, (lua_Integer)c.cut_texts);
  lua_setfield(L, -2, "cut_texts");
  lua_pushboolean(L, c.rtl);
  lua_setfield(L, -2, "rtl");
  return 1;
}

/* book_finish: wb:finish(): every sheet is complete: start writing the workbook in a
 * thread of its own (wb:close() waits for it). */
static int book_finish(lua_State *L) {
  xlsxbook *b = to_writable(L, 1);
  ((lx_book *)lua_touserdata(L, 1))->finishing = 1;
  xlsx_finish(b);
  return 0;
}

/* book_commit: wb:close() -> true | nil, msg: the workbook appears whole at its path. */
static int book_commit(lua_State *L) {
  xlsxbook *b = to_book(L, 1);
  ((lx_book *)lua_touserdata(L, 1))->b = NULL;
  err e;
  if (xlsx_close(b, &e) < 0) return lx_fail(L, e.msg);
  lua_pushboolean(L, 1);
  return 1;
}

/* book_abort: wb:abort() / __gc: drop the workbook; safe twice. Raises while a copy
 * writes to one of its sheets (a copy, made after its workbook, is collected first). */
static int book_abort(lua_State *L) {
  lx_book *w = luaL_checkudata(L, 1, BOOK_MT);
  check_unlent(L, w);
  xlsx_abort(w->b);
  w->b = NULL;
  return 0;
}

/* book_toclose: __close: commit when the scope ends normally, abort on an error (a failed
 * commit raises). */
static int book_toclose(lua_State *L) {
  lx_book *w = luaL_checkudata(L, 1, BOOK_MT);
  if (!w->b) return 0;
  if (!lua_isnil(L, 2)) return book_abort(L);
  lua_settop(L, 1);
  if (book_commit(L) == 2) return lua_error(L);
  return 0;
}

/* book_tostring: "sahel.XlsxBook (open)" or "(closed)". */
static int book_tostring(lua_State *L) {
  lx_book *w = luaL_checkudata(L, 1, BOOK_MT);
  lua_pushstring(L, w->b ? "sahel.XlsxBook (open)" : "sahel.XlsxBook (closed)");
  return 1;
}

static const luaL_Reg funcs[] = {{"open", xlsx_open_l}, {NULL, NULL}};

static const luaL_Reg book_methods[] = {
  {"sheet", book_sheet}, {"finish", book_finish}, {"close", book_commit},
  {"abort", book_abort}, {NULL, NULL}
};

static const luaL_Reg book_meta[] = {
  {"__gc", book_abort}, {"__close", book_toclose}, {"__tostring", book_tostring},
  {NULL, NULL}
};

static const luaL_Reg sheet_methods[] = {
  {"row", sheet_row}, {"counts", sheet_counts}, {NULL, NULL}
};

int luaopen_sahel_xlsx(lua_State *L) {
  lx_newlib(L, NULL, SHEET_MT, sheet_methods, NULL);
  lua_pop(L, 1);
  lx_newlib(L, funcs, BOOK_MT, book_methods, book_meta);
  return 1;
}
