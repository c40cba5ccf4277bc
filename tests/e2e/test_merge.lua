-- test_merge.lua: analyze.lua --shard K/N and merge.lua against one analyze.lua run: on the
-- bundled sample in N = 1, 2, 3, 7 and 40 shards (empty shards included) and with other
-- contexts, periods, --min-count, --demonyms and --excel, every CSV and network file is
-- byte-identical and so are the store and report.html (but its time stamp); merges merge again (two halves); a Slurm job array's
-- variables pick the shard; missing, duplicated and mismatching parts are refused by name;
-- 2,000 SaudiNewsNet articles in 4 shards (skipped without ../shared).
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local ROOT = T.root == "." and os.getenv("PWD") or T.root
local BIN = T.bin:sub(1, 1) == "/" and T.bin or ROOT .. "/" .. T.bin
local OUTPUTS = { "entities.csv", "cooccurrence.csv", "mentions.csv", "kwic.csv",
  "articles.csv", "network.graphml", "network.dot", "network_nodes.csv" }

--- run(args, env): sahelscript with args (a string), env assignments before it; code,
-- stdout, stderr.
local function run(args, env)
  return T.sh((env or "") .. " " .. T.quote(BIN) .. " " .. args .. " </dev/null")
end

--- must_run(args, env): run, failing the case unless it exits 0; stdout.
local function must_run(args, env)
  local rc, out, err = run(args, env)
  T.eq(rc, 0, args .. ": " .. err)
  return out
end

--- dump(path): the store's content as text (sqlite3's .dump), or "" without sqlite3.
local function dump(path)
  local rc, out = T.sh("sqlite3 " .. T.quote(path) .. " .dump 2>/dev/null")
  return rc == 0 and out or ""
end

--- same_outputs(a, b, what): every output file of the directories a and b byte-identical
-- (candidates.csv, terms.csv and keyness.csv too when a has them).
local function same_outputs(a, b, what)
  local names = table.move(OUTPUTS, 1, #OUTPUTS, 1, {})
  for _, extra in ipairs { "candidates.csv", "terms.csv", "keyness.csv" } do
    if T.read(a .. "/" .. extra) then names[#names + 1] = extra end
  end
  for _, name in ipairs(names) do
    local x, y = T.read(a .. "/" .. name), T.read(b .. "/" .. name)
    T.ok(x and #x > 0, what .. ": " .. a .. "/" .. name .. " missing")
    T.ok(x == y, what .. ": " .. name .. " differs")
  end
  T.eq(dump(b .. "/sahel.sqlite"), dump(a .. "/sahel.sqlite"), what .. ": the store")
  local stamp = "%d%d%d%d%-%d%d%-%d%d %d%d:%d%d UTC"
  local ra, rb = T.read(a .. "/report.html"), T.read(b .. "/report.html")
  T.ok(ra and rb and ra:gsub(stamp, "") == rb:gsub(stamp, ""), what .. ": report.html differs")
end

--- shards(dir, n, opts): analyze.lua's shards 0..n-1 with options opts into dir/parts/K.
local function shards(dir, n, opts)
  for k = 0, n - 1 do
    must_run(string.format("analyze.lua --shard %d/%d --out %s %s", k, n,
      T.quote(dir .. "/parts/" .. k), opts))
  end
end

local dir = T.tmpdir()
local one = {}

T.cases("merged shards give the one-machine run's bytes", {
  { opts = "", n = { 1, 2, 3, 7, 40 } },
  { opts = "--context paragraph --by month --min-count 2 --top 5", n = { 2, 7 } },
  { opts = "--context 5 --by week --demonyms --excel", n = { 3 } },
  { opts = "--context article --by year --from 2024-06 --names ar", n = { 4 } },
  { opts = "--candidates --top 5", n = { 3 } },
  { opts = "--terms --by month", n = { 2, 3 } },
}, function(row)
  local base = dir .. "/c" .. #one
  one[#one + 1] = base .. "/one"
  must_run("analyze.lua --quiet --out " .. T.quote(base .. "/one") .. " " .. row.opts)
  for _, n in ipairs(row.n) do
    local d = base .. "/n" .. n
    shards(d, n, row.opts .. " --quiet")
    local merge_opts = row.opts:match("%-%-min%-count %d+") or ""
    merge_opts = merge_opts .. " " .. (row.opts:match("%-%-top %d+") or "") .. " " ..
      (row.opts:match("%-%-excel") or "") .. " " .. (row.opts:match("%-%-candidates") or "") ..
      " " .. (row.opts:match("%-%-terms") or "")
    must_run("merge.lua " .. T.quote(d .. "/parts") .. "/* --quiet --out " ..
      T.quote(d .. "/merged") .. " " .. merge_opts)
    same_outputs(base .. "/one", d .. "/merged", row.opts .. ", " .. n .. " shards")
  end
end)

T.case("an empty shard says so and merges", function()
  local rc, out = run("analyze.lua --shard 39/40 --out " .. T.quote(dir .. "/empty"))
  T.eq(rc, 0)
  T.ok(out:find("an empty shard"), out)
end)

T.case("merges merge again: two halves of 7 shards", function()
  local d = dir .. "/c0/n7"
  must_run("merge.lua --partial --quiet " .. d .. "/parts/0 " .. d .. "/parts/1 " .. d ..
    "/parts/2 --out " .. T.quote(dir .. "/h0"))
  must_run("merge.lua --partial --quiet '" .. d .. "/parts/[3-6]' --out " ..
    T.quote(dir .. "/h1"))
  must_run("merge.lua --quiet " .. T.quote(dir .. "/h1") .. " " .. T.quote(dir .. "/h0") ..
    " --out " .. T.quote(dir .. "/hh"))
  same_outputs(one[1], dir .. "/hh", "merge of merges")
end)

T.case("a Slurm job array's task picks the shard; --shard wins", function()
  local env = "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=0"
  must_run("analyze.lua --quiet --out " .. T.quote(dir .. "/slurm1"), env)
  T.ok(T.read(dir .. "/slurm1/manifest.tsv"):find("shards\t1\t1\t3"), "shard 1 of 3")
  must_run("analyze.lua --quiet --shard 2/3 --out " .. T.quote(dir .. "/slurm2"), env)
  T.ok(T.read(dir .. "/slurm2/manifest.tsv"):find("shards\t2\t2\t3"), "--shard wins")
  local rc, _, err = run("analyze.lua --quiet --out " .. T.quote(dir .. "/slurm3"),
    "SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_COUNT=3 SLURM_ARRAY_TASK_MIN=1")
  T.eq(rc, 2)
  T.ok(err:find("SLURM_ARRAY_TASK_MIN"), err)
end)

T.cases("bad sets of parts are refused by name", {
  { "parts/0 parts/2 parts/3 parts/4 parts/5 parts/6", "shard 1 of 7 missing" },
  { "parts/0 parts/1 parts/1 parts/2 parts/3 parts/4 parts/5 parts/6", "shard 1 of 7 is given twice" },
  { "parts/0 parts/1 parts/2 parts/3 ../../c1/n7/parts/4 parts/5 parts/6", "%-%-context" },
  { "parts/0 nothing", "nothing: not a shard's part directory" },
  { "parts/0 ../n3/parts/1", "number of shards" },
}, function(row)
  local d = dir .. "/c0/n7/"
  local args = row[1]:gsub("(%S+)", function(p) return T.quote(d .. p) end)
  local rc, _, err = run("merge.lua " .. args .. " --out " .. T.quote(dir .. "/bad"))
  T.eq(rc, 1, row[1])
  T.ok(err:find(row[2]), err)
  T.ok(not T.read(dir .. "/bad/entities.csv"), "nothing written")
end)

--- sh_blocks(path): the ```sh blocks of a page, each as one string.
local function sh_blocks(path)
  local blocks = {}
  for block in assert(T.read(path)):gmatch("\n```sh\n(.-)\n```") do blocks[#blocks + 1] = block end
  return blocks
end

T.case("docs/cluster.md's commands work", function()
  local d = T.tmpdir()
  T.sh("mkdir -p " .. T.quote(d .. "/bin") .. " && ln -s " .. T.quote(BIN) .. " " ..
    T.quote(d .. "/bin/sahelscript"))
  local blocks = sh_blocks("docs/cluster.md")
  T.ok(#blocks >= 5, "the page's commands")
  local has_parallel = T.sh("command -v parallel >/dev/null") == 0
  for _, block in ipairs(blocks) do
    if block:find("^parallel") and not has_parallel then
      print("skip: GNU parallel is absent (./setup.sh test installs it)")
    else
      local rc, _, err = T.sh("cd " .. T.quote(d) .. " && PATH=" .. T.quote(d .. "/bin") ..
        ":$PATH sh -e -c " .. T.quote(block) .. " </dev/null >/dev/null")
      T.eq(rc, 0, block .. "\n" .. err)
    end
  end
  for _, out in ipairs { "results", "all-three", has_parallel and "results4" or nil } do
    same_outputs(one[1], d .. "/" .. out, "docs/cluster.md: " .. out)
  end
  T.ok(T.read(d .. "/run/shard.sbatch"):find("#SBATCH %-%-array=0%-3"), "shard.sbatch")
end)

T.case("slurm.lua: the tasks' options, absolute inputs, repeated --sbatch-opt", function()
  local d = T.tmpdir()
  must_run("slurm.lua --shards 2 --out " .. T.quote(d) .. " --corpus=datasets/sample " ..
    "--min-count 2 --sbatch-opt=--partition=short --sbatch-opt --time=1:00:00")
  local shard, merge = T.read(d .. "/shard.sbatch"), T.read(d .. "/merge.sbatch")
  T.ok(shard:find("'--corpus' '" .. ROOT .. "/datasets/sample'", 1, true), shard)
  T.ok(shard:find("#SBATCH --partition=short\n#SBATCH --time=1:00:00\n", 1, true), shard)
  T.ok(merge:find("'--min-count' '2'", 1, true) and not merge:find("%-%-corpus"), merge)
end)

T.case("2,000 SaudiNewsNet articles in 4 shards", function()
  local src = T.shared("corpora/saudinewsnet/articles.jsonl")
  if not src then print("skip: ../shared/corpora/saudinewsnet is absent") return end
  local corpus = dir .. "/snn.jsonl"
  T.sh("head -n 2000 " .. T.quote(src) .. " > " .. T.quote(corpus))
  local opts = "--quiet --corpus " .. T.quote(corpus) .. " --by month --min-count 2"
  must_run("analyze.lua " .. opts .. " --out " .. T.quote(dir .. "/snn/one"))
  shards(dir .. "/snn", 4, opts)
  must_run("merge.lua --quiet " .. T.quote(dir .. "/snn/parts") .. "/* --min-count 2 --out " ..
    T.quote(dir .. "/snn/merged"))
  same_outputs(dir .. "/snn/one", dir .. "/snn/merged", "SaudiNewsNet")
end)

T.done()
