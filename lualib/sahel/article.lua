--- sahel.article: articles (C primitives in sahel.core.article): load one from a file,
-- parse one from a string, parse dates, make one from a table; plus raising wrappers.
local core = require("sahel.core").article

local M = {}
for name, fn in pairs(core) do M[name] = fn end

--- raising(fn): fn, raising its message instead of returning nil, message.
function M.raising(fn)
  return function(...)
    local v, err = fn(...)
    if v == nil then error(err, 2) end
    return v
  end
end

--- must_load(path [, opts]) -> article: load, raising the message on failure.
M.must_load = M.raising(core.load)
--- must_parse(text [, opts]) -> article: parse, raising the message on failure.
M.must_parse = M.raising(core.parse)

return M
