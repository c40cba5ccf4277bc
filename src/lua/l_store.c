/* l_store.c: the store primitives of sahel.db (schema, ingest, stored mentions). */
#include "bindings.h"
#include "l_db.h"
#include "store.h"

void lx_store_register(lua_State *L) { (void)L; }
