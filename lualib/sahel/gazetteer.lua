--- sahel.gazetteer: the Lua side of the gazetteer module (C primitives in sahel.core.gazetteer).
local core = require("sahel.core").gazetteer

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
