--- sahel.corpus: streams of articles (C primitives in sahel.core.corpus): a file, a
-- directory, a glob or a store opened as a sahel.Corpus; plus a raising wrapper.
local core = require("sahel.core").corpus
local article = require "sahel.article"

local M = {}
for name, fn in pairs(core) do M[name] = fn end

--- must_open(path [, opts]) -> corpus: open, raising the message on failure.
M.must_open = article.raising(core.open)

return M
