-- bench/make_corpus.lua: the benchmark's corpus when ../shared/corpora/saudinewsnet is
-- absent (bench/run; docs/performance.md): the lines of a JSONL file of articles (the
-- bundled sample) repeated until the output holds MB megabytes, each copy with its own id
-- ("sample-jsonl-001-r17"). Throughput depends on the bytes and their script, not on the
-- texts being distinct; the gazetteer's matches repeat with them.
--
-- With xK instead of MB, K copies exactly (bench/run's curve: SaudiNewsNet 2, 4 and 9 times
-- over, ids "saudinewsnet-2015-07-21-00000-r3").
--
--   sahelscript bench/make_corpus.lua datasets/sample/articles.jsonl OUT.jsonl [MB | xK]
local src, out_path = arg[1], arg[2]
local copies = tonumber((arg[3] or ""):match("^x(%d+)$"))
local mb = copies and math.huge or tonumber(arg[3] or "100")
assert(src and out_path and mb, "usage: make_corpus.lua IN.jsonl OUT.jsonl [MB | xK]")

local lines = {}
for line in io.lines(src) do
  if line:find('^%s*{%s*"id"%s*:%s*"[%w%-_]+"') then lines[#lines + 1] = line end
end
assert(#lines > 0, src .. ": no line starting with an ASCII id")

local tmp = out_path .. ".tmp"
local f = assert(io.open(tmp, "wb"))
local size, round = 0, 0
while size < mb * 1e6 and round < (copies or math.huge) do
  round = round + 1
  for _, line in ipairs(lines) do
    local copy = line:gsub('^(%s*{%s*"id"%s*:%s*"[%w%-_]+)"', "%1-r" .. round .. '"', 1)
    f:write(copy, "\n")
    size = size + #copy + 1
  end
end
assert(f:close())
assert(os.rename(tmp, out_path))
print(string.format("%s: %d articles, %.1f MB", out_path, round * #lines, size / 1e6))
