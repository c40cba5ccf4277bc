-- test_commit.lua: the output commit under attack (docs/security.md, "The output commit").
-- Two runs onto one output directory (the second is refused, naming the first one's pid;
-- the first commits); SIGKILL at each step of a commit, with and without RENAME_EXCHANGE
-- (the next run recovers: a complete set of outputs, the analyst's files kept, nothing
-- stale left); symbolic links and other users' directories planted in a shared parent
-- under the names the toolkit uses (never followed, never removed); the output directory's
-- mode (kept, or the umask's when new); a run that reads no article, in analyze.lua and in
-- every bundled script that writes outputs (refused unless --allow-empty, the previous
-- outputs left as they were).
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local dir = T.tmpdir()
local bin = T.quote(T.bin)

-- The script of a run: outputs a.csv and b.csv holding arg[2] into directory arg[1].
-- arg[3]: "kill:STEP" kills the process (SIGKILL) when the commit reaches STEP;
-- "fallback" commits without RENAME_EXCHANGE; "wait" prints "ready" once the outputs are
-- staged and commits when the file arg[1].go appears.
local RUN = [[
local outdir = require "sahel.report.outdir"
local out_dir, tag, mode = arg[1], arg[2], arg[3] or ""
if mode:find("fallback") then outdir.exchange = function() return false end end
local kill_at = mode:match("kill:([%w%-]+)")
if kill_at then
  local f = io.open("/proc/self/stat")
  local pid = f:read("n")
  f:close()
  outdir.on_step = function(step)
    if step == kill_at then os.execute("kill -9 " .. pid) end
  end
end
local out, msg = outdir.open(out_dir)
if not out then io.stderr:write(msg, "\n") os.exit(1) end
assert(outdir.write_file(out:path("a.csv"), tag))
assert(outdir.write_file(out:path("b.csv"), tag))
if mode == "wait" then
  print("ready")
  io.stdout:flush()
  while not io.open(out_dir .. ".go") do os.execute("sleep 0.05") end
end
local ok, err = out:commit()
if not ok then io.stderr:write(err, "\n") os.exit(1) end
print("committed")
]]
T.write(dir .. "/run.lua", RUN)

-- run(out, tag, mode, prefix): the script above (under a shell prefix); code, stdout, stderr.
local function run(out, tag, mode, prefix)
  return T.sh((prefix or "") .. bin .. " " .. T.quote(dir .. "/run.lua") .. " " .. T.quote(out) ..
    " " .. tag .. " " .. (mode or "") .. " </dev/null")
end

-- listing(d): the names in d (hidden ones too), sorted, joined with spaces.
local function listing(d)
  local _, out = T.sh("ls -A " .. T.quote(d) .. " | LC_ALL=C sort")
  return (out:gsub("\n$", ""):gsub("\n", " "))
end

-- outputs(out): "a/b" contents of the two outputs ("-" for a missing one).
local function outputs(out)
  return (T.read(out .. "/a.csv") or "-") .. "/" .. (T.read(out .. "/b.csv") or "-")
end

-- mode_of(path): the permission bits of path, in octal.
local function mode_of(path)
  local _, m = T.sh("stat -c %a " .. T.quote(path))
  return (m:gsub("%s", ""))
end

-- previous(parent): parent/out holding run "one" and the analyst's notes.txt and mydir/.
local function previous(parent)
  os.execute("mkdir -p " .. T.quote(parent))
  local out = parent .. "/out"
  local code, _, err = run(out, "one")
  T.eq(code, 0, "first run: " .. err)
  T.write(out .. "/notes.txt", "mine")
  os.execute("mkdir " .. T.quote(out .. "/mydir") .. " && touch " .. T.quote(out .. "/mydir/x"))
  return out
end

-- recovered(what, parent, out): a normal run after a killed one: the third set in place, the
-- analyst's files kept, nothing stale beside the output directory.
local function recovered(what, parent, out)
  local code, _, err = run(out, "three")
  T.eq(code, 0, what .. ": the next run: " .. err)
  T.eq(outputs(out), "three/three", what .. ": the next run's outputs")
  T.eq(T.read(out .. "/notes.txt"), "mine", what .. ": the analyst's notes.txt")
  T.ok(T.read(out .. "/mydir/x"), what .. ": the analyst's directory")
  T.eq(listing(parent), ".out.lock out", what .. ": nothing stale left")
  T.eq(listing(out), ".sahel-manifest a.csv b.csv mydir notes.txt", what .. ": no marker left")
end

-- 13.12: SIGKILL at each step of the commit.
T.cases("SIGKILL at a step of the commit, then a normal run", {
  { "staged" }, { "exchanged" }, { "carried" }, { "removed" },
  { "staged", fallback = true }, { "moved-aside", fallback = true },
  { "exchanged", fallback = true }, { "carried", fallback = true },
}, function(row)
  local what = row[1] .. (row.fallback and " (two renames)" or "")
  local parent = dir .. "/kill-" .. row[1] .. (row.fallback and "-fallback" or "")
  local out = previous(parent)
  local code = run(out, "two", (row.fallback and "fallback," or "") .. "kill:" .. row[1])
  T.eq(code, 137, what .. ": killed at that step")
  local got = outputs(out)
  if row[1] ~= "moved-aside" then
    T.ok(got == "one/one" or got == "two/two", what .. ": a whole set in place: " .. got)
  end
  recovered(what, parent, out)
end)

-- 13.12 as reported: the state a SIGKILL right after RENAME_EXCHANGE leaves (the new set in
-- place, the old one, the analyst's file with it, in a staging directory without marker).
T.case("the old set a killed exchange left behind is carried over, not deleted", function()
  local parent = dir .. "/exchanged-state"
  local out = previous(parent)
  local old = parent .. "/.out.new-Ab12Cd"
  T.sh("mv " .. T.quote(out) .. " " .. T.quote(old))
  T.sh("mkdir " .. T.quote(out))
  T.write(out .. "/a.csv", "two")
  T.write(out .. "/b.csv", "two")
  T.write(out .. "/.sahel-manifest", "a.csv\nb.csv\n")
  recovered("after a killed exchange", parent, out)
end)

-- ... and a SIGKILL during that recovery: the run after it finishes the work.
T.cases("SIGKILL while a run recovers a killed exchange", { { "carried" }, { "removed" } },
  function(row)
    local parent = dir .. "/recovery-" .. row[1]
    local out = previous(parent)
    local old = parent .. "/.out.new-Ef34Gh"
    T.sh("mv " .. T.quote(out) .. " " .. T.quote(old) .. " && mkdir " .. T.quote(out))
    T.write(out .. "/a.csv", "two")
    T.write(out .. "/b.csv", "two")
    T.write(out .. "/.sahel-manifest", "a.csv\nb.csv\n")
    T.eq(run(out, "x", "kill:" .. row[1]), 137, row[1] .. ": killed while recovering")
    recovered("killed at " .. row[1] .. " while recovering", parent, out)
  end)

-- 13.11: two runs onto one output directory.
T.case("a second run onto the same --out is refused; the first one commits", function()
  local parent = dir .. "/concurrent"
  local out = previous(parent)
  local log = parent .. "/first.log"
  T.sh(bin .. " " .. T.quote(dir .. "/run.lua") .. " " .. T.quote(out) .. " first wait >" ..
    T.quote(log) .. " 2>&1 </dev/null & echo $! >" .. T.quote(parent .. "/first.pid"))
  T.sh("i=0; while ! grep -q ready " .. T.quote(log) .. " && [ $i -lt 400 ]; do i=$((i+1)); sleep 0.05; done")
  local pid = T.read(parent .. "/first.pid"):match("%d+")
  local want = "another run is writing " .. out .. " (pid " .. pid .. ")"
  local code, _, err = run(out, "second")
  T.eq(code, 1, "the second run fails: " .. err)
  T.ok(err:find(want, 1, true), "it says who writes: " .. err)
  code, _, err = T.sh(bin .. " analyze.lua --quiet --out " .. T.quote(out) .. " </dev/null")
  T.eq(code, 1, "analyze.lua fails too: " .. err)
  T.ok(err:find(want, 1, true), "analyze.lua says who writes: " .. err)
  T.eq(outputs(out), "one/one", "the previous outputs stay meanwhile")
  T.write(out .. ".go", "")
  T.sh("i=0; while ! grep -q -e committed -e rror " .. T.quote(log) .. " && [ $i -lt 400 ]; do i=$((i+1)); sleep 0.05; done")
  T.ok(T.read(log):find("committed"), "the first run commits: " .. T.read(log))
  T.eq(outputs(out), "first/first", "the first run's outputs")
  T.eq(T.read(out .. "/notes.txt"), "mine", "notes kept")
  code, _, err = run(out, "third")
  T.eq(code, 0, "the lock is released: " .. err)
end)

-- 13.13: symbolic links and other users' directories planted in a shared parent.
T.case("names planted in a sticky parent are never followed nor removed", function()
  local parent = dir .. "/sticky"
  local victim = dir .. "/victim"
  os.execute("mkdir -p " .. T.quote(parent) .. " " .. T.quote(victim) .. " && chmod 1777 " ..
    T.quote(parent))
  T.write(victim .. "/precious.txt", "precious")
  local planted = {
    [".out.new-aaaaaa"] = victim, [".out.old-bbbbbb"] = victim, [".out.new-link"] = victim,
  }
  for name, target in pairs(planted) do
    os.execute("ln -s " .. T.quote(target) .. " " .. T.quote(parent .. "/" .. name))
  end
  -- a killed run's staging directory of ours holding links: the links go, never their targets
  local ours = parent .. "/.out.new-cccccc"
  os.execute("mkdir " .. T.quote(ours))
  T.write(ours .. "/.sahel-stage", "sahelscript staging directory\npid 999999999\ntoken 0\n")
  os.execute("ln -s " .. T.quote(victim .. "/precious.txt") .. " " .. T.quote(ours .. "/a.csv"))
  os.execute("ln -s " .. T.quote(victim) .. " " .. T.quote(ours .. "/dir"))
  -- a staging directory whose marker names a live process (pid 1) is left to it
  local live = parent .. "/.out.new-eeeeee"
  os.execute("mkdir " .. T.quote(live))
  T.write(live .. "/.sahel-stage", "sahelscript staging directory\npid 1\ntoken 0\n")
  T.write(live .. "/a.csv", "live")
  -- another user's directory named like a staging directory (root can make one)
  local theirs = parent .. "/.out.new-dddddd"
  local root = select(2, T.sh("id -u")) == "0\n"
  if root then
    os.execute("mkdir " .. T.quote(theirs))
    T.write(theirs .. "/.sahel-stage", "sahelscript staging directory\npid 999999999\ntoken 0\n")
    T.write(theirs .. "/x.csv", "theirs")
    os.execute("chown -R nobody " .. T.quote(theirs))
  end
  local out = parent .. "/out"
  local code, _, err = run(out, "one")
  T.eq(code, 0, "the run: " .. err)
  code, _, err = run(out, "two")
  T.eq(code, 0, "a second run: " .. err)
  T.eq(T.read(victim .. "/precious.txt"), "precious", "the victim's file")
  T.eq(listing(victim), "precious.txt", "the victim's directory")
  for name in pairs(planted) do
    T.ok(T.sh("test -L " .. T.quote(parent .. "/" .. name)) == 0, name .. " left as it was")
  end
  T.ok(not T.read(ours .. "/.sahel-stage"), "our killed staging directory is removed")
  T.eq(T.read(live .. "/a.csv"), "live", "a live run's staging directory is left")
  if root then T.eq(T.read(theirs .. "/x.csv"), "theirs", "another user's directory is left") end
  -- the output directory or its lock file as a link: refused, the target untouched
  os.execute("ln -s " .. T.quote(victim) .. " " .. T.quote(parent .. "/linked"))
  code, _, err = run(parent .. "/linked", "x")
  T.eq(code, 1, "an output directory that is a link is refused: " .. err)
  T.ok(err:find("symbolic link", 1, true), "the reason: " .. err)
  os.execute("ln -s " .. T.quote(victim .. "/precious.txt") .. " " .. T.quote(parent .. "/.locked.lock"))
  code, _, err = run(parent .. "/locked", "x")
  T.eq(code, 1, "a lock file that is a link is refused: " .. err)
  T.ok(err:find("symbolic link", 1, true), "the reason: " .. err)
  T.eq(T.read(victim .. "/precious.txt"), "precious", "the victim's file, at the end")
  T.eq(listing(victim), "precious.txt", "the victim's directory, at the end")
end)

-- 13.14 and 14: the output directory's mode.
T.case("the output directory keeps its mode; a new one follows the umask", function()
  local parent = dir .. "/modes"
  os.execute("mkdir -p " .. T.quote(parent))
  for _, m in ipairs({ "755", "750", "775", "711" }) do
    local out = parent .. "/out" .. m
    os.execute("mkdir -m " .. m .. " " .. T.quote(out))
    local code, _, err = run(out, "x")
    T.eq(code, 0, m .. ": " .. err)
    T.eq(mode_of(out), m, "mode " .. m .. " kept")
  end
  for umask, want in pairs({ ["022"] = "755", ["027"] = "750", ["077"] = "700", ["002"] = "775" }) do
    local out = parent .. "/new" .. umask
    local code, _, err = run(out, "x", nil, "umask " .. umask .. "; ")
    T.eq(code, 0, umask .. ": " .. err)
    T.eq(mode_of(out), want, "a new directory under umask " .. umask)
  end
  local out = parent .. "/analyze"
  os.execute("mkdir -m 755 " .. T.quote(out))
  local code, _, err = T.sh(bin .. " analyze.lua --quiet --out " .. T.quote(out) .. " </dev/null")
  T.eq(code, 0, "analyze.lua: " .. err)
  T.eq(mode_of(out), "755", "analyze.lua keeps the mode")
end)

-- snapshot(d): every entry of d (hidden ones too) with its content, as one string.
local function snapshot(d)
  local _, ls = T.sh("cd " .. T.quote(d) .. " && find . | LC_ALL=C sort")
  local parts = {}
  for name in ls:gmatch("[^\n]+") do
    parts[#parts + 1] = name .. "=" .. (T.read(d .. "/" .. name) or "<dir>")
  end
  return table.concat(parts, "\n")
end

-- script(args): a bundled script's run; code, stderr.
local function script(args)
  local code, _, err = T.sh(bin .. " " .. args .. " </dev/null")
  return code, err
end

-- 14: a run that reads no article never replaces the previous results.
local BAD = dir .. "/bad.jsonl"
T.write(BAD, "not json\n{\"title\": 5}\n[1]\n")
T.case("analyze.lua: a run that reads no article fails and leaves the previous outputs", function()
  local parent = dir .. "/empty"
  local out = parent .. "/out"
  local code, err = script("analyze.lua --quiet --out " .. T.quote(out))
  T.eq(code, 0, "the first run: " .. err)
  local before = snapshot(out)
  for _, case in ipairs({
    { "--source nosuch", "no article passed --from/--to/--source" },
    { "--from 2025 --to 2013", "" },
    { "--corpus " .. T.quote(BAD), "bad.jsonl: no article was read" },
  }) do
    code, err = script("analyze.lua --quiet --out " .. T.quote(out) .. " " .. case[1])
    T.ok(code ~= 0, case[1] .. ": fails (" .. tostring(code) .. ")")
    T.ok(err:find(case[2], 1, true), case[1] .. ": the reason: " .. err)
    T.ok(code == 2 or err:find("left as it was", 1, true), case[1] .. ": says so: " .. err)
    T.ok(not err:find("traceback", 1, true), case[1] .. ": no traceback: " .. err)
    T.eq(snapshot(out), before, case[1] .. ": the previous outputs, byte for byte")
    T.eq(listing(parent), ".out.lock out", case[1] .. ": nothing left beside them")
  end
  code, err = script("analyze.lua --quiet --allow-empty --source nosuch --out " .. T.quote(out))
  T.eq(code, 0, "--allow-empty: " .. err)
  T.eq(T.read(out .. "/articles.csv"):gsub("\r", ""):match("^[^\n]*\n(.*)$"), "",
    "--allow-empty writes empty results")
end)

T.cases("a script that writes outputs refuses to write from no article", {
  { "kwic.lua --entity mali" }, { "kwic.lua --word مالي" }, { "sources.lua" }, { "timeline.lua" },
  { "words_of.lua --entity mali" },
}, function(row)
  local name = row[1]:match("^(%w+)")
  local out = dir .. "/empty-" .. name .. ".csv"
  T.write(out, "previous\n")
  local code, err = script(row[1] .. " --corpus " .. T.quote(BAD) .. " --out " .. T.quote(out))
  T.eq(code, 1, name .. ": fails: " .. err)
  T.ok(err:find("no article was read", 1, true), name .. ": the reason: " .. err)
  T.eq(T.read(out), "previous\n", name .. ": the previous file stays")
  code, err = script(row[1] .. " --allow-empty --corpus " .. T.quote(BAD) .. " --out " .. T.quote(out))
  T.eq(code, 0, name .. " --allow-empty: " .. err)
  T.ok(T.read(out) ~= "previous\n", name .. " --allow-empty: written")
end)

T.case("custom_report.lua refuses to write from a store without articles", function()
  local out = dir .. "/empty-store"
  local code, err = script("analyze.lua --quiet --allow-empty --source nosuch --out " .. T.quote(out))
  T.eq(code, 0, "an empty store: " .. err)
  local csv = dir .. "/custom.csv"
  T.write(csv, "previous\n")
  code, err = script("custom_report.lua --db " .. T.quote(out .. "/sahel.sqlite") .. " --out " .. T.quote(csv))
  T.eq(code, 1, "fails: " .. err)
  T.ok(err:find("no article was read", 1, true), "the reason: " .. err)
  T.eq(T.read(csv), "previous\n", "the previous file stays")
end)

T.done()
