--- sahel.corpus: the Lua side of the corpus module (C primitives in sahel.core.corpus).
local core = require("sahel.core").corpus

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
