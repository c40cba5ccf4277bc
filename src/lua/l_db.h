/*
 * l_db.h: what the db binding lends the other bindings: the sahel.Db userdata (the store,
 * l_store.c) and its statements (copied into files by l_csv.c).
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
/* lx_check_stmt: the statement of the open sahel.Stmt at index i (raises when it or its
 * database is closed, or when it is not one). */
sqlite3_stmt *lx_check_stmt(lua_State *L, int i);
/* lx_step: step st: 1 with a row, 0 at the end (st is reset); raises SQLite's message on
 * an error (st reset). */
int lx_step(lua_State *L, sqlite3_stmt *st);

#endif
