--- sahel.text: the Lua side of the text module (C primitives in sahel.core.text).
local core = require("sahel.core").text

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
