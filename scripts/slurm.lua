-- slurm.lua: the main job on a Slurm cluster. Demonstrates sharding: it writes two plain,
-- commented batch scripts, shard.sbatch (a job array: task K runs analyze.lua on shard K of
-- N into OUT/parts/K) and merge.sbatch (merge.lua over the parts into OUT, run once every
-- task has succeeded), and prints the one line that submits both; --submit runs it.
-- Slurm runs the jobs; sahelscript only cuts, counts and merges (docs/cluster.md).
--
--   sahelscript slurm.lua --shards 16 --corpus /data/news --out /scratch/me/run --by month
--   sahelscript slurm.lua --shards 8 --out run --sbatch-opt=--partition=short --submit
local cli = require "sahel.cli"
local job = require "sahel.job"

local SCRIPT = "slurm.lua"

--- OWN: slurm.lua's own options; the others are analyze.lua's, passed to every task.
local OWN = {
  { name = "shards", arg = "N", type = "int", min = 1, help = "tasks of the job array (required)" },
  { name = "sbatch-opt", arg = "OPT", help = "an sbatch option for both scripts, such as " ..
      "--account=X, --partition=Y, --time=1:00:00, --mem=4G (repeat it for more)" },
  { name = "submit", help = "submit both jobs now (sbatch must be on the PATH)" },
  { name = "sahelscript", arg = "PATH", help = "the sahelscript the jobs run (default: this one)" },
}

--- spec(): OWN followed by analyze.lua's options (but --shard, which each task gets).
local function spec()
  local t = { name = SCRIPT, usage = "sahelscript slurm.lua --shards N --out DIR [--submit] " ..
      "[--sbatch-opt OPT]... [analyze.lua options]",
    about = "Write OUT/shard.sbatch (a Slurm job array: task K analyzes shard K of N into\n" ..
      "OUT/parts/K) and OUT/merge.sbatch (merges the parts into OUT once every task has\n" ..
      "succeeded), and print the line that submits both. Other options go to analyze.lua." }
  for _, o in ipairs(OWN) do t[#t + 1] = o end
  for _, o in ipairs(job.SPEC) do if o.name ~= "shard" then t[#t + 1] = o end end
  return t
end

--- quote(s): s quoted for /bin/sh.
local function quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

--- absolute(path): path from the root (relative paths are taken from the current
-- directory: the jobs may start elsewhere).
local function absolute(path)
  if path:sub(1, 1) == "/" then return path end
  return (os.getenv("PWD") or ".") .. "/" .. path:gsub("^%./", "")
end

--- own_binary(): the sahelscript running this script, as an absolute path.
local function own_binary()
  local argv0 = arg[-1] or "sahelscript"
  if argv0:find("/") then return absolute(argv0) end
  local p = io.popen("command -v " .. quote(argv0) .. " 2>/dev/null")
  local found = p and p:read("l")
  if p then p:close() end
  return found and absolute(found) or argv0
end

--- task_args(o): from the options o was given, in order: the arguments of analyze.lua's
-- (but --out; the corpus and gazetteer as absolute paths), those of them merge.lua takes
-- too, and the value of every --sbatch-opt.
local function task_args(o)
  local analyze, merge = {}, {}
  for _, opt in ipairs(job.SPEC) do analyze[opt.name] = true end
  for _, opt in ipairs(job.merge_spec()) do merge[opt.name] = true end
  local pass, merge_pass, sbatch = {}, {}, {}
  for _, g in ipairs(cli.given(o)) do
    local value = g.value
    if g.name == "corpus" or g.name == "gazetteer" then value = absolute(value) end
    local words = { "--" .. g.name, value }
    if g.name == "sbatch-opt" then sbatch[#sbatch + 1] = value end
    if analyze[g.name] and g.name ~= "out" then table.move(words, 1, #words, #pass + 1, pass) end
    if merge[g.name] and g.name ~= "out" then
      table.move(words, 1, #words, #merge_pass + 1, merge_pass)
    end
  end
  return pass, merge_pass, sbatch
end

--- header(name, lines, sbatch): a batch script's first lines: what it is, how to adapt it,
-- its #SBATCH options.
local function header(name, what, directives, sbatch)
  local t = { "#!/bin/sh",
    "# " .. name .. ": " .. what,
    "# Written by `sahelscript slurm.lua` on " .. os.date("!%Y-%m-%d %H:%M UTC") .. ".",
    "# Add your site's options as #SBATCH lines below (or give them to slurm.lua with",
    "# --sbatch-opt), e.g. --account=PROJECT, --partition=NAME, --time=2:00:00, --mem=4G." }
  for _, d in ipairs(directives) do t[#t + 1] = "#SBATCH " .. d end
  for _, d in ipairs(sbatch) do t[#t + 1] = "#SBATCH " .. d end
  t[#t + 1] = "set -eu"
  return t
end

--- shard_script(r): the text of shard.sbatch.
local function shard_script(r)
  local n = r.o.shards
  local t = header("shard.sbatch", "one task of a job array per shard of the corpus: task K " ..
    "reads shard K of " .. n .. "\n# and writes its partial result into " .. r.out ..
    "/parts/K. To rerun task K alone:\n#   sbatch --array=K " .. r.out .. "/shard.sbatch", {
      "--job-name=sahel-shard", "--array=0-" .. (n - 1), "--ntasks=1", "--cpus-per-task=1",
      "--output=" .. r.out .. "/logs/shard-%a.log" }, r.sbatch)
  t[#t + 1] = 'echo "sahelscript: shard $SLURM_ARRAY_TASK_ID of ' .. n ..
    ' on node ${SLURMD_NODENAME:-$(hostname)}, job ${SLURM_ARRAY_JOB_ID:-?}"'
  local cmd = { "exec", quote(r.bin), "analyze.lua", "--shard", '"$SLURM_ARRAY_TASK_ID/' .. n ..
    '"', "--out", quote(r.out .. "/parts") .. '/"$SLURM_ARRAY_TASK_ID"' }
  for _, a in ipairs(r.pass) do cmd[#cmd + 1] = quote(a) end
  cmd[#cmd + 1] = "--quiet"
  t[#t + 1] = table.concat(cmd, " ")
  return table.concat(t, "\n") .. "\n"
end

--- merge_script(r): the text of merge.sbatch.
local function merge_script(r)
  local t = header("merge.sbatch", "merges the parts of shard.sbatch's tasks into " .. r.out ..
    "\n# (the same files as one analyze.lua run). Submit it with --dependency=afterok:ARRAY_ID.",
    { "--job-name=sahel-merge", "--ntasks=1", "--output=" .. r.out .. "/logs/merge.log" },
    r.sbatch)
  local cmd = { "exec", quote(r.bin), "merge.lua", quote(r.out .. "/parts") .. "/*", "--out",
    quote(r.out) }
  for _, a in ipairs(r.merge_pass) do cmd[#cmd + 1] = quote(a) end
  t[#t + 1] = table.concat(cmd, " ")
  return table.concat(t, "\n") .. "\n"
end

--- submit_line(out): the shell line that submits both scripts.
local function submit_line(out)
  return "jid=$(sbatch --parsable " .. quote(out .. "/shard.sbatch") .. ") && sbatch " ..
    "--parsable --dependency=afterok:${jid%%;*} --kill-on-invalid-dep=yes " ..
    quote(out .. "/merge.sbatch")
end

--- write(path, s): write s to path (whole or not at all), or die.
local function write(path, s)
  local ok, msg = require("sahel.report").write_file(path, s)
  if not ok then cli.die(SCRIPT, msg) end
end

--- main(args): check the options, write the scripts, print (or run) the submit line.
local function main(args)
  local sp = spec()
  local o = cli.options(args, sp)
  if not o.shards then cli.die(SCRIPT, "--shards N is required (the number of array tasks)") end
  local r = { o = o, out = absolute(o.out), bin = o.sahelscript or own_binary() }
  r.pass, r.merge_pass, r.sbatch = task_args(o)
  if not os.execute("mkdir -p " .. quote(r.out .. "/parts") .. " " .. quote(r.out .. "/logs")) then
    cli.die(SCRIPT, r.out .. ": cannot create the directory")
  end
  write(r.out .. "/shard.sbatch", shard_script(r))
  write(r.out .. "/merge.sbatch", merge_script(r))
  local line = submit_line(r.out)
  if not o.submit then
    print("Wrote " .. r.out .. "/shard.sbatch and " .. r.out .. "/merge.sbatch. Submit both with:")
    print(line)
    return
  end
  local p = io.popen(line .. " 2>&1")
  local said = p:read("a")
  local ok = p:close()
  if not ok then cli.die(SCRIPT, "sbatch failed: " .. said) end
  print("Submitted (array job, then merge job): " .. said:gsub("%s+$", ""):gsub("\n", ", "))
end

main(arg)
