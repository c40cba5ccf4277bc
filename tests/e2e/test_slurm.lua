-- test_slurm.lua: slurm.lua's batch scripts on a real Slurm on loopback (slurm_cluster.lua:
-- munged, slurmctld and slurmd started here and stopped by their pids): the bundled sample
-- in 4 shards, the merge job run after the array, its outputs byte-identical to one
-- analyze.lua run; a failed task leaves its part missing and the merge job refuses, naming
-- it; rerunning that one array index and merging again succeeds; with two slurmd (n1, n2)
-- the tasks of one array run on both nodes. Skipped with the reason when Slurm cannot start.
package.path = "tests/lua/?.lua;tests/e2e/?.lua;" .. package.path
local T = require "check"
local slurm_cluster = require "slurm_cluster"

local ROOT = T.root == "." and os.getenv("PWD") or T.root
local BIN = T.bin:sub(1, 1) == "/" and T.bin or ROOT .. "/" .. T.bin
local OUTPUTS = { "entities.csv", "cooccurrence.csv", "mentions.csv", "kwic.csv",
  "articles.csv", "network.graphml", "network.dot" }

--- sh_ok(cluster, cmd): run cmd with the cluster's SLURM_CONF; stdout, failing the case
-- on a non-zero exit.
local function sh_ok(cluster, cmd)
  local rc, out, err = cluster:sh(cmd)
  T.eq(rc, 0, cmd .. ": " .. err)
  return out
end

--- submit(cluster, out): slurm.lua's submit line for the run in out, run; the two job ids.
local function submit(cluster, out)
  local line = sh_ok(cluster, T.quote(BIN) .. " slurm.lua --shards 4 --out " .. T.quote(out) ..
    " --by month --min-count 2"):match("\n(jid=.-)\n")
  T.ok(line, "the submit line")
  local ids = sh_ok(cluster, "sh -c " .. T.quote(line .. " && echo $jid"))
  local merge, array = ids:match("^(%d+).-\n(%d+)")
  return array, merge
end

local one = T.tmpdir() .. "/one"
T.sh(T.quote(BIN) .. " analyze.lua --quiet --by month --min-count 2 --out " .. T.quote(one))

local cluster, why = slurm_cluster.start(T)
if not cluster then T.skip(why) end
local ok, err = pcall(function()
  T.case("the sample in 4 shards on Slurm, merged: one run's bytes", function()
    local out = T.tmpdir() .. "/run"
    local array, merge = submit(cluster, out)
    T.ok(array and merge, "job ids")
    T.ok(cluster:wait(merge, 180), "the merge job ended")
    for k = 0, 3 do T.ok(T.read(out .. "/parts/" .. k .. "/manifest.tsv"), "part " .. k) end
    for _, name in ipairs(OUTPUTS) do
      T.ok(T.read(out .. "/" .. name) == T.read(one .. "/" .. name), name .. " differs: " ..
        (T.read(out .. "/logs/merge.log") or ""))
    end
    T.ok(T.read(out .. "/report.html"), "report.html")
  end)

  T.case("a failed task: the merge refuses, naming it; rerun it and merge again", function()
    local out = T.tmpdir() .. "/run"
    sh_ok(cluster, T.quote(BIN) .. " slurm.lua --shards 4 --out " .. T.quote(out) ..
      " --by month --min-count 2")
    -- task 2 fails: its part directory is a file it cannot replace
    os.execute("mkdir -p " .. T.quote(out .. "/parts") .. " && touch " ..
      T.quote(out .. "/parts/2"))
    local array = sh_ok(cluster, "sbatch --parsable " .. T.quote(out .. "/shard.sbatch")):match("%d+")
    T.ok(cluster:wait(array, 120), "the array ended")
    local rc, _, e = cluster:sh(T.quote(BIN) .. " merge.lua " .. T.quote(out .. "/parts") ..
      "/* --out " .. T.quote(out))
    T.eq(rc, 1)
    T.ok(e:find("2: not a shard's part directory") or e:find("shard 2 of 4 missing"), e)
    os.remove(out .. "/parts/2")
    local rerun = sh_ok(cluster, "sbatch --parsable --array=2 " ..
      T.quote(out .. "/shard.sbatch")):match("%d+")
    T.ok(cluster:wait(rerun, 120), "the rerun ended")
    local merge = sh_ok(cluster, "sbatch --parsable " .. T.quote(out .. "/merge.sbatch")):match("%d+")
    T.ok(cluster:wait(merge, 120), "the merge ended")
    T.ok(T.read(out .. "/entities.csv") == T.read(one .. "/entities.csv"), "merged after the rerun")
  end)
end)
cluster:stop()
if not ok then error(err, 0) end

local two
two, why = slurm_cluster.start(T, { nodes = { "n1", "n2" } })
if not two then
  print("skip: two nodes: " .. why)
else
  ok, err = pcall(T.case, "one array's tasks run on both nodes", function()
    local out = T.tmpdir() .. "/run"
    local array, merge = submit(two, out)
    T.ok(two:wait(merge, 180), "the merge job ended")
    local nodes, seen = {}, {}
    for k = 0, 3 do
      local log = T.read(out .. "/logs/shard-" .. k .. ".log") or ""
      local node = log:match("on node ([%w_.-]+)") or "?"
      nodes[node] = true
      seen[#seen + 1] = node
    end
    T.ok(nodes.n1 and nodes.n2, "array " .. array .. " ran on " .. table.concat(seen, ", "))
    T.ok(T.read(out .. "/entities.csv") == T.read(one .. "/entities.csv"), "merged")
  end)
  two:stop()
  if not ok then error(err, 0) end
end

T.done()
