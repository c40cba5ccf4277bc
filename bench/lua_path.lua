-- bench/lua_path.lua: the cost of the Lua per-article path against the C bulk path, for
-- bench/run (docs/performance.md). Prints the CPU seconds of
--   for a in corpus:articles() do gaz:mentions(a) end
-- and of gaz:count(corpus, {threads = 1}) (the same work in C, one thread), and checks that
-- both found the same number of mentions.
--
--   sahelscript bench/lua_path.lua CORPUS GAZETTEER.csv [MORE.csv...]
-- (the rows of the further files are added to the first's gazetteer with gaz:add).
local sahel = require "sahel"

local corpus_path, gaz_path = arg[1], arg[2]
assert(corpus_path and gaz_path, "usage: lua_path.lua CORPUS GAZETTEER.csv [MORE.csv...]")
local quiet = function() end
local gaz = assert(sahel.gazetteer.load(gaz_path, { warn = quiet }))
for i = 3, #arg do
  for row in sahel.csv.rows(arg[i]) do assert(gaz:add(row, quiet)) end
end
local corpus = assert(sahel.corpus.open(corpus_path))

--- lua_path(): CPU seconds and mentions of the per-article Lua loop.
local function lua_path()
  local t0, n = os.clock(), 0
  for a in corpus:articles() do n = n + #gaz:mentions(a) end
  return os.clock() - t0, n
end

--- bulk_path(): CPU seconds and mentions of gaz:count on one thread.
local function bulk_path()
  local t0, n = os.clock(), 0
  local counts = assert(gaz:count(corpus, { threads = 1 }))
  for _, c in pairs(counts) do n = n + c.mentions end
  return os.clock() - t0, n
end

local lua_sec, lua_n = lua_path()
local bulk_sec, bulk_n = bulk_path()
if lua_n ~= bulk_n then
  io.stderr:write(string.format("lua_path.lua: %d mentions through Lua, %d in bulk\n", lua_n,
    bulk_n))
  os.exit(1)
end
print(string.format("%.3f %.3f %d", lua_sec, bulk_sec, lua_n))
