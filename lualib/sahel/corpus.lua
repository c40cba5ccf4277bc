--- sahel.corpus: streams of articles (C primitives in sahel.core.corpus): a file, a
-- directory, a glob or a store opened as a sahel.Corpus; plus the raising variant
-- must_open (sahel.must).
local core = require("sahel.core").corpus

local M = {}
for name, fn in pairs(core) do M[name] = fn end

return require("sahel.must").add(M, { "open" })
