/*
 * l_xlsx.h: what the xlsx binding lends the other bindings: the sheets of a workbook
 * (l_csv.c copies a statement's rows into a CSV file and a sheet at once).
 */
#ifndef SAHEL_L_XLSX_H
#define SAHEL_L_XLSX_H

#include <lua.h>

#include "io/xlsx.h"

/* lx_check_sheet: the sheet of the sahel.XlsxSheet at index i (raises when it is not one,
 * or when its workbook is closed or finished). */
xlsxsheet *lx_check_sheet(lua_State *L, int i);

#endif
