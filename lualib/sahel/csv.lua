--- sahel.csv: the Lua side of the csv module (C primitives in sahel.core.csv).
local core = require("sahel.core").csv

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
