-- test_shard.lua: sahel.corpus.open's shard option and the sahel.shard module: the shards
-- of the bundled sample (every format) add up to the corpus in order; K/N and Slurm's
-- array variables; manifests written and read back; a set of parts checked for missing,
-- duplicated and mismatching shards.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local shard = require "sahel.shard"

--- ids(path, opts): the ids of the articles of the corpus at path, in order.
local function ids(path, opts)
  local t = {}
  for a in assert(sahel.corpus.open(path, opts)):articles() do t[#t + 1] = a.id end
  return t
end

T.cases("shards add up to the corpus", {
  { path = "datasets/sample" }, { path = "datasets/sample/articles.jsonl" },
  { path = "datasets/sample/articles.csv" },
}, function(row)
  local whole = ids(row.path)
  T.ok(#whole > 0, "articles")
  for _, n in ipairs { 1, 2, 3, 7, 40 } do
    local got = {}
    for k = 0, n - 1 do
      for _, id in ipairs(ids(row.path, { shard = { k, n } })) do got[#got + 1] = id end
    end
    T.eq(got, whole, row.path .. " in " .. n .. " shards")
  end
end)

T.case("corpus:shard and corpus:list", function()
  local c = assert(sahel.corpus.open("datasets/sample/articles.jsonl", { shard = { 1, 3 } }))
  T.eq({ c:shard() }, { 1, 3 })
  local files = c:list()
  T.eq(#files, 1)
  T.eq(files[1].path, "datasets/sample/articles.jsonl")
  T.ok(files[1].size > 0 and files[1].mtime > 0, "size and mtime")
  T.eq({ assert(sahel.corpus.open("datasets/sample")):shard() }, {})
end)

T.cases("bad shard options raise", {
  { { 3, 3 } }, { { -1, 3 } }, { { 0, 0 } }, { { 1 } }, { "1/3" }, { { 0.5, 2 } },
}, function(row)
  T.raises(function() sahel.corpus.open("datasets/sample", { shard = row[1] }) end,
    "bad option 'shard'")
end)

T.cases("K/N", {
  { "0/1", 0, 1 }, { "3/4", 3, 4 }, { " 2 / 7 ", 2, 7 },
  { "4/4" }, { "1/0" }, { "-1/3" }, { "a/b" }, { "3" },
}, function(row)
  local k, n = shard.parse(row[1])
  if row[2] then T.eq({ k, n }, { row[2], row[3] }) else T.eq(k, nil); T.ok(n:find("K/N"), n) end
end)

T.case("the shard of a Slurm job array", function()
  local env = { SLURM_ARRAY_TASK_ID = "2", SLURM_ARRAY_TASK_COUNT = "5",
    SLURM_ARRAY_TASK_MIN = "0" }
  T.eq({ shard.from_env(function(k) return env[k] end) }, { 2, 5 })
  T.eq({ shard.from_env(function() return nil end) }, {})
  env.SLURM_ARRAY_TASK_MIN = "1"
  local k, msg = shard.from_env(function(v) return env[v] end)
  T.eq(k, nil)
  T.ok(msg:find("SLURM_ARRAY_TASK_MIN"), msg)
end)

--- part(dir, k, n, options, k2): a part directory holding a manifest of shards k..k2 (or
-- k alone) of n.
local function part(dir, k, n, options, k2)
  os.execute("mkdir -p " .. T.quote(dir))
  T.write(dir .. "/" .. shard.MANIFEST, shard.manifest_text {
    first = k, last = k2 or k, n = n, corpus = "news\tdir", articles = 3,
    files = { { path = "news/a.jsonl", size = 10, mtime = 5 } },
    gazetteer = { path = "g.csv", fingerprint = "abc" },
    options = options or { context = "sentence", by = "month" },
  })
  return dir
end

T.case("manifests round-trip", function()
  local dir = part(T.tmpdir() .. "/p", 1, 4)
  local m = assert(shard.read_manifest(dir))
  T.eq({ m.first, m.last, m.n }, { 1, 1, 4 })
  T.eq(m.corpus, "news\tdir")
  T.eq(m.options, { context = "sentence", by = "month" })
  T.eq(m.gazetteer.fingerprint, "abc")
  T.eq(m.files[1].path, "news/a.jsonl")
end)

T.case("check: order, missing, twice, mismatching", function()
  local d = T.tmpdir()
  local p = {}
  for k = 0, 3 do p[k] = part(d .. "/" .. k, k, 4) end
  local parts = assert(shard.check { p[2], p[0], p[3], p[1] })
  T.eq({ parts[1].first, parts[2].first, parts[3].first, parts[4].first }, { 0, 1, 2, 3 })
  local ok, msg = shard.check { p[0], p[2] }
  T.eq(ok, nil)
  T.ok(msg:find("shards 1, 3 of 4 missing"), msg)
  ok, msg = shard.check { p[0] }
  T.ok(not ok and msg:find("shards 1%-3 of 4 missing"), msg)
  T.ok(shard.check({ p[1], p[2] }, true), "consecutive shards, partial")
  ok, msg = shard.check({ p[1], p[3] }, true)
  T.ok(not ok and msg:find("shard 2 of 4 missing"), msg)
  local halves = { part(d .. "/h0", 0, 4, nil, 1), part(d .. "/h1", 2, 4, nil, 3) }
  T.ok(shard.check(halves), "two merged halves")
  ok, msg = shard.check { halves[1], p[1], halves[2] }
  T.ok(not ok and msg:find("shard 1 of 4 is given twice"), msg)
  ok, msg = shard.check { p[0], p[1], p[1], p[2], p[3] }
  T.ok(not ok and msg:find("shard 1 of 4 is given twice"), msg)
  local other = part(d .. "/x", 2, 4, { context = "paragraph", by = "month" })
  ok, msg = shard.check { p[0], p[1], other, p[3] }
  T.ok(not ok and msg:find("%-%-context"), msg)
  local five = part(d .. "/y", 2, 5)
  ok, msg = shard.check { p[0], p[1], five, p[3] }
  T.ok(not ok and msg:find("number of shards"), msg)
  ok, msg = shard.check { d .. "/nothing" }
  T.ok(not ok and msg:find("not a shard's part directory"), msg)
end)

T.done()
