--- sahel.article: articles (C primitives in sahel.core.article): load one from a file,
-- parse one from a string, parse dates, make one from a table; plus raising wrappers.
local core = require("sahel.core").article

local M = {}
for name, fn in pairs(core) do M[name] = fn end

--- must_load(path [, opts]) -> article: load, raising the message on failure.
function M.must_load(path, opts)
  local a, err = core.load(path, opts)
  if not a then error(err, 2) end
  return a
end

--- must_parse(text [, opts]) -> article: parse, raising the message on failure.
function M.must_parse(text, opts)
  local a, err = core.parse(text, opts)
  if not a then error(err, 2) end
  return a
end

return M
