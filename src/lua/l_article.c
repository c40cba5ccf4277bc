/* l_article.c: the sahel.article module (being written). */
#include "bindings.h"

static const luaL_Reg funcs[] = {
  {NULL, NULL}
};

int luaopen_sahel_article(lua_State *L) {
  lx_newlib(L, funcs, NULL, NULL, NULL);
  return 1;
}
