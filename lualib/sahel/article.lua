--- sahel.article: articles (C primitives in sahel.core.article): load one from a file,
-- parse one from a string, parse dates, make one from a table; plus the raising variants
-- must_load and must_parse (sahel.must).
local core = require("sahel.core").article

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return require("sahel.must").add(M, { "load", "parse" })
