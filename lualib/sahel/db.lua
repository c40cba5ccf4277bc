--- sahel.db: the Lua side of the db module (C primitives in sahel.core.db).
local core = require("sahel.core").db

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
