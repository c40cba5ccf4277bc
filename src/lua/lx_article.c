/*
 * lx_article.c: articles from Lua values (see lx_article.h): a sahel.Article copied, or a
 * table read by one rule; and a holder the garbage collector clears.
 */
#include "lx_article.h"

#include <stdlib.h>
#include <string.h>

#include "base/mem.h"
#include "bindings.h"
#include "l_article.h"

#define HOLDER_MT "sahel.ArticleHolder"

/* ---- articles from Lua ---------------------------------------------------------------- */

/* The string fields of an article table, and where each goes. */
static const char *const string_keys[] = {"id",  "title",   "source", "author",
                                          "url", "summary", "body",   "origin"};

/* string_slot: the field of a named string_keys[k]. */
static char **string_slot(article *a, size_t k) {
  char **slots[] = {&a->id,  &a->title,   &a->source, &a->author,
                    &a->url, &a->summary, &a->body,   &a->origin};
  return slots[k];
}

/* bad_field: raise "article N: field 'k' must be <what> (got <type>)". */
static int bad_field(lua_State *L, lua_Integer index, const char *k, const char *what, int ty) {
  if (index > 0) {
    return luaL_error(L, "article %I: field '%s' must be %s (got %s)", index, k, what,
                      lua_typename(L, ty));
  }
  return luaL_error(L, "field '%s' must be %s (got %s)", k, what, lua_typename(L, ty));
}

/* set_or_raise: *slot = s[0..len) (s may be NULL: nothing); raises when out of memory. */
static void set_or_raise(lua_State *L, char **slot, const char *s, size_t len) {
  if (s && article_set(slot, s, len) < 0) lx_nomem(L);
}

/* string_field: t[k] of the table at t as a string (NULL when nil); raises on another
 * type. The string stays referenced by the table. */
static const char *string_field(lua_State *L, int t, lua_Integer index, const char *k,
                                size_t *len) {
  int ty = lua_getfield(L, t, k);
  if (ty != LUA_TNIL && ty != LUA_TSTRING) bad_field(L, index, k, "a string", ty);
  const char *s = lua_tolstring(L, -1, len);
  lua_pop(L, 1);
  return s;
}

/* compare_strings: qsort order of C strings. */
static int compare_strings(const void *x, const void *y) {
  return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* meta_keys: the keys of the meta table at m, sorted, in a userdata pushed on the stack
 * (strings kept alive by the table); raises on a key that is not a string or a value that
 * is neither a string nor a number. */
static const char **meta_keys(lua_State *L, int m, lua_Integer index, size_t *n) {
  *n = 0;
  for (lua_pushnil(L); lua_next(L, m); lua_pop(L, 1)) {
    int ty = lua_type(L, -1);
    if (lua_type(L, -2) != LUA_TSTRING)
      bad_field(L, index, "meta", "a table with string keys", lua_type(L, -2));
    if (ty != LUA_TSTRING && ty != LUA_TNUMBER) {
      lua_pushfstring(L, "meta.%s", lua_tostring(L, -2));
      bad_field(L, index, lua_tostring(L, -1), "a string or a number", ty);
    }
    (*n)++;
  }
  const char **keys = lua_newuserdatauv(L, (*n + 1) * sizeof *keys, 0);
  size_t i = 0;
  for (lua_pushnil(L); lua_next(L, m); lua_pop(L, 1)) keys[i++] = lua_tostring(L, -2);
  qsort(keys, *n, sizeof *keys, compare_strings);
  return keys;
}

/* meta_from_table: a's metadata from t.meta (nil: none), in key order. */
static void meta_from_table(lua_State *L, int t, lua_Integer index, article *a) {
  int ty = lua_getfield(L, t, "meta");                        /* meta */
  if (ty == LUA_TNIL) {
    lua_pop(L, 1);
    return;
  }
  if (ty != LUA_TTABLE) bad_field(L, index, "meta", "a table", ty);
  int m = lua_gettop(L);
  size_t n, len;
  const char **keys = meta_keys(L, m, index, &n);            /* meta keys */
  for (size_t i = 0; i < n; i++) {
    lua_getfield(L, m, keys[i]);                              /* meta keys v */
    const char *v = lua_tolstring(L, -1, &len);
    if (article_add_meta(a, keys[i], v, len) < 0) lx_nomem(L);
    lua_pop(L, 1);
  }
  lua_pop(L, 2);
}

/* from_table: fill a from the table at t. */
static void from_table(lua_State *L, int t, lua_Integer index, article *a) {
  size_t len;
  for (size_t k = 0; k < sizeof string_keys / sizeof *string_keys; k++) {
    const char *s = string_field(L, t, index, string_keys[k], &len);
    set_or_raise(L, string_slot(a, k), s, len);
  }
  const char *date = string_field(L, t, index, "date_raw", &len);
  if (!date) date = string_field(L, t, index, "date", &len);
  if (date && article_set_date(a, date, len) < 0) lx_nomem(L);
  meta_from_table(L, t, index, a);
}

/* meta_order: qsort order of metadata by key, then by place (so the last of equal keys
 * comes last). */
static int meta_order(const void *x, const void *y) {
  const meta_field *const *p = x, *const *q = y;
  int c = strcmp((*p)->key, (*q)->key);
  return c ? c : (*p < *q ? -1 : *p > *q);
}

/* copy_meta: the metadata of src into a, in key order, the last value of a repeated key
 * (as a.meta shows it); 0 or -1 (memory). */
static int copy_meta(article *a, const article *src) {
  if (!src->nmeta) return 0;
  const meta_field **order = mem_alloc(src->nmeta * sizeof *order);
  if (!order) return -1;
  for (size_t i = 0; i < src->nmeta; i++) order[i] = &src->meta[i];
  qsort(order, src->nmeta, sizeof *order, meta_order);
  int rc = 0;
  for (size_t i = 0; i < src->nmeta && rc == 0; i++) {
    if (i + 1 < src->nmeta && strcmp(order[i]->key, order[i + 1]->key) == 0) continue;
    rc = article_add_meta(a, order[i]->key, order[i]->value, strlen(order[i]->value));
  }
  mem_free(order);
  return rc;
}

/* copy_article: a = a copy of src (its date as src has it); 0 or -1 (memory). */
static int copy_article(article *a, const article *src) {
  char *const from[] = {src->id,     src->title, src->date,    src->date_raw, src->source,
                        src->author, src->url,   src->summary, src->body,     src->origin};
  char **to[] = {&a->id,     &a->title, &a->date,    &a->date_raw, &a->source,
                 &a->author, &a->url,   &a->summary, &a->body,     &a->origin};
  for (size_t i = 0; i < sizeof to / sizeof *to; i++)
    if (from[i] && article_set(to[i], from[i], strlen(from[i])) < 0) return -1;
  return copy_meta(a, src);
}

void lx_article_from_lua(lua_State *L, int idx, lua_Integer index, article *a) {
  idx = lua_absindex(L, idx);
  const article *src = lx_toarticle(L, idx);
  if (src) {
    if (copy_article(a, src) < 0) lx_nomem(L);
    return;
  }
  if (lua_istable(L, idx)) {
    from_table(L, idx, index, a);
    return;
  }
  if (index > 0) {
    luaL_error(L, "article %I: a sahel.Article or a table expected, got %s", index,
               luaL_typename(L, idx));
  }
  luaL_error(L, "a sahel.Article or a table expected, got %s", luaL_typename(L, idx));
}

/* holder_gc: __gc of an article holder: clear the article. */
static int holder_gc(lua_State *L) {
  article_clear(luaL_checkudata(L, 1, HOLDER_MT));
  return 0;
}

article *lx_article_holder(lua_State *L) {
  article *a = lua_newuserdatauv(L, sizeof *a, 0);            /* holder */
  article_init(a);
  if (luaL_newmetatable(L, HOLDER_MT)) {
    lua_pushcfunction(L, holder_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  return a;
}
