/*
 * l_xlsx.h: what the xlsx binding lends the other bindings: the sheets of a workbook
 * (l_csv.c copies a query's rows into a CSV file and a sheet at once, on this thread
 * or another).
 */
#ifndef SAHEL_L_XLSX_H
#define SAHEL_L_XLSX_H

#include <lua.h>

#include "io/xlsx.h"

/* lx_check_sheet: the sheet of the sahel.XlsxSheet at index i (raises when it is not one,
 * or when its workbook is closed or finished). */
xlsxsheet *lx_check_sheet(lua_State *L, int i);
/* lx_lend_sheet: the sheet at index i (checked as lx_check_sheet does), lent to a copy
 * that writes it from another thread: until lx_return_sheet, using the sheet or its
 * workbook raises. */
xlsxsheet *lx_lend_sheet(lua_State *L, int i);
/* lx_return_sheet: the sheet at index i back from its copy (nothing when not lent). */
void lx_return_sheet(lua_State *L, int i);

#endif
