/* l_report.h: sahel.core.report, the file-system primitives of the report and the main job's
 * outputs (outdir.h) and of the command-line helpers (isatty). */
#ifndef SAHEL_L_REPORT_H
#define SAHEL_L_REPORT_H

#include <lua.h>

int luaopen_sahel_core_report(lua_State *L);

#endif
