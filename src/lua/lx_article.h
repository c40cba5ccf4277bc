/*
 * lx_article.h: a C article from a Lua value, by one rule for every binding (lx_pipeline.h's
 * sources, sahel.article.new...).
 */
#ifndef SAHEL_LX_ARTICLE_H
#define SAHEL_LX_ARTICLE_H

#include <lua.h>

#include "article/article.h"

/* lx_article_from_lua: fill a (empty, owned by something the garbage collector frees if
 * this raises) from the value at idx: a sahel.Article (copied), or a table whose fields id,
 * title, source, author, url, summary, body, origin are strings or nil, whose date is
 * date_raw or else date (a string, parsed as article_set_date does), and whose meta is nil
 * or a table of string keys to strings or numbers (kept in key order). Other keys are
 * ignored. Raises on a value of any other type or a field of a wrong type, naming the
 * article (`index`, from 1; 0 for a lone article) and the field:
 *   "article 3: field 'title' must be a string (got boolean)"; and when out of memory. */
void lx_article_from_lua(lua_State *L, int idx, lua_Integer index, article *a);
/* lx_article_holder: push a userdata holding an empty article that the garbage collector
 * clears (a place for lx_article_from_lua that an error never leaks); returns it. */
article *lx_article_holder(lua_State *L);

#endif
