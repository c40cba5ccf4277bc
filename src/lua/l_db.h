/*
 * l_db.h: what the db binding lends the store binding (l_store.c): the sahel.Db userdata.
 */
#ifndef SAHEL_L_DB_H
#define SAHEL_L_DB_H

#include <lua.h>
#include <sqlite3.h>

typedef struct {
  sqlite3 *db; /* NULL once closed */
} lx_db;

/* lx_check_db: the connection of the sahel.Db at index i (raises when closed or not one). */
sqlite3 *lx_check_db(lua_State *L, int i);

#endif
