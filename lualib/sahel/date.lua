--- sahel.date: the calendar (C primitives in sahel.core.date, the one date module of the
-- toolkit): day numbers, the days a period label covers, and filter bounds (a partial `to`
-- means the end of its period). Which period holds a date: sahel.cooc.period; reading a
-- date as written: sahel.article.parse_date.
local core = require("sahel.core").date

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
