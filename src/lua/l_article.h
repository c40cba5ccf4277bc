/*
 * l_article.h: what the article binding lends the other bindings: Article userdata (a C
 * article held in one Lua-managed block, so that the garbage collector sees its size) and
 * the reader of article/corpus option tables.
 */
#ifndef SAHEL_L_ARTICLE_H
#define SAHEL_L_ARTICLE_H

#include <lauxlib.h>
#include <lua.h>

#include "article/article.h"
#include "corpus/corpus.h"

#define LX_ARTICLE_MT "sahel.Article"

/* lx_toarticle: the article of the Article at idx (valid while the value lives), or NULL
 * when idx holds something else. */
static inline const article *lx_toarticle(lua_State *L, int idx) {
  return luaL_testudata(L, idx, LX_ARTICLE_MT);
}
/* lx_pusharticle: push a new Article holding a copy of a (raises when out of memory). */
void lx_pusharticle(lua_State *L, const article *a);

/* lx_corpus_opts: read the options table at idx (or none) into *o: encoding, strict, shape,
 * format, fields, boilerplate, credit, delimiter, from, to, source. Strings and lists stay
 * valid while the table and the values this pushes live: it pushes one value (a holder of
 * the lists) that the caller pops after using *o. Raises on misuse (wrong types, unknown
 * names). The warn option is the caller's (lx_warn_sink). */
void lx_corpus_opts(lua_State *L, int idx, corpus_opts *o);
/* lx_corpus_keys: the keys lx_corpus_opts reads (NULL-terminated), for lx_opts. */
extern const char *const lx_corpus_keys[];

#endif
