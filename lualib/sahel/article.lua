--- sahel.article: the Lua side of the article module (C primitives in sahel.core.article).
local core = require("sahel.core").article

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return M
