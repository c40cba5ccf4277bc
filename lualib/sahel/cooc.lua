--- sahel.cooc: the Lua side of the cooc module (C primitives in sahel.core.cooc).
local core = require("sahel.core").cooc

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
