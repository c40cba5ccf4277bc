/*
 * l_date.c: the sahel.date module: the calendar of the date module (article/date.h) bound
 * once for Lua: day numbers, the days a period label covers, filter bounds. Which period
 * holds a date stays sahel.cooc.period; reading dates as written, sahel.article.parse_date.
 */
#include <string.h>

#include "article/date.h"
#include "bindings.h"

/* sahel.date.day(date) -> days since 1970-01-01 of a date starting "YYYY-MM-DD" that
 * exists, or nil */
static int l_day(lua_State *L) {
  const char *s = luaL_checkstring(L, 1);
  long y;
  int m, d;
  if (date_split(s, &y, &m, &d) < 0) return 0;
  lua_pushinteger(L, (lua_Integer)date_day(y, m, d));
  return 1;
}

/* sahel.date.of_day(n) -> "YYYY-MM-DD" of day number n */
static int l_of_day(lua_State *L) {
  lua_Integer n = luaL_checkinteger(L, 1);
  luaL_argcheck(L, n >= -719162 && n <= 2932896, 1, "a day of the years 0001 to 9999 expected");
  char out[11];
  lua_pushstring(L, date_of_day((long)n, out));
  return 1;
}

/* sahel.date.span(label) -> kind, first day, last day of a period label, or nil */
static int l_span(lua_State *L) {
  long first, last;
  const char *kind = date_span(luaL_checkstring(L, 1), &first, &last);
  if (!kind) return 0;
  lua_pushstring(L, kind);
  lua_pushinteger(L, (lua_Integer)first);
  lua_pushinteger(L, (lua_Integer)last);
  return 3;
}

/* sahel.date.bound(s, "from" | "to") -> the full ISO date of the bound, or nil, message */
static int l_bound(lua_State *L) {
  static const char *const ends[] = {"from", "to", NULL};
  const char *s = luaL_checkstring(L, 1);
  int end = luaL_checkoption(L, 2, NULL, ends);
  char out[11];
  err e;
  if (date_bound(s, end, out, &e) < 0) return lx_fail(L, e.msg);
  lua_pushstring(L, out);
  return 1;
}

static const luaL_Reg funcs[] = {
  {"day", l_day},
  {"of_day", l_of_day},
  {"span", l_span},
  {"bound", l_bound},
  {NULL, NULL}
};

int luaopen_sahel_date(lua_State *L) {
  lx_newlib(L, funcs, NULL, NULL, NULL);
  return 1;
}
