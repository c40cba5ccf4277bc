/*
 * l_gazetteer.h: what the gazetteer binding lends the other bindings (sahel.cooc,
 * sahel.store...): the C gazetteer of a sahel.Gazetteer handle.
 */
#ifndef SAHEL_L_GAZETTEER_H
#define SAHEL_L_GAZETTEER_H

#include <lua.h>

#include "gazetteer/gazetteer.h"

/* The metatable name of gazetteer handles. */
#define LX_GAZETTEER_MT "sahel.Gazetteer"

/* lx_togazetteer: the gazetteer of the open sahel.Gazetteer at idx (raises when idx holds
 * something else or a closed handle). Its normalization is gaz_textproc(g). The pointer is
 * valid while the handle is alive and open: keep the handle referenced (a user value) when
 * an object outlives the call. */
const gazetteer *lx_togazetteer(lua_State *L, int idx);

#endif
