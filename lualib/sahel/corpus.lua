--- sahel.corpus: streams of articles (C primitives in sahel.core.corpus): a file, a
-- directory, a glob or a store opened as a sahel.Corpus; plus a raising wrapper.
local core = require("sahel.core").corpus

local M = {}
for name, fn in pairs(core) do M[name] = fn end

--- must_open(path [, opts]) -> corpus: open, raising the message on failure.
function M.must_open(path, opts)
  local c, err = core.open(path, opts)
  if not c then error(err, 2) end
  return c
end

return M
