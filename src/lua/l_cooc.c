/* l_cooc.c: the sahel.cooc module (being written). */
#include "bindings.h"

static const luaL_Reg funcs[] = {
  {NULL, NULL}
};

int luaopen_sahel_cooc(lua_State *L) {
  lx_newlib(L, funcs, NULL, NULL, NULL);
  return 1;
}
