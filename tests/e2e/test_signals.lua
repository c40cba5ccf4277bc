-- test_signals.lua: nothing is lost when a run dies. A run that is interrupted (SIGINT,
-- SIGTERM, SIGHUP), fails (a script error), or exits early (os.exit without closing) while
-- writing an output leaves the previous run's file as it was and no temporary behind; the
-- exit status says what happened (130/143/129 from a shell). SIGKILL cannot be caught:
-- the previous outputs stay intact all the same and the SQLite store passes
-- integrity_check with whole transactions only.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local dir = T.tmpdir()
local bin = T.quote(T.bin)
local PREVIOUS = "id,text\n1,previous run\n"

-- The script of a run: it opens out/result.csv through the toolkit's writer (a temporary
-- beside the target), writes rows, prints "ready" once the temporary exists, then does
-- what `tail` says (loop forever, raise, or exit without closing the state).
local function writer_script(tail)
  return [[
local sahel = require "sahel"
local w = assert(sahel.csv.writer(arg[1] .. "/result.csv"))
for i = 1, 1000 do w:write{ i, "row of the interrupted run " .. i } end
io.stdout:write("ready\n")
io.stdout:flush()
]] .. tail
end

-- fresh_out(name): a directory holding the previous run's result.csv.
local function fresh_out(name)
  local out = dir .. "/" .. name
  os.execute("mkdir -p " .. T.quote(out))
  T.write(out .. "/result.csv", PREVIOUS)
  return out
end

-- temporaries(out): the names in out other than result.csv (temporaries left behind).
local function temporaries(out)
  local _, ls = T.sh("ls -A " .. T.quote(out))
  local left = {}
  for name in ls:gmatch("[^\n]+") do
    if name ~= "result.csv" then left[#left + 1] = name end
  end
  return left
end

-- run_and_signal(script, out, sig): start the host (with --timeout as a safety net), wait
-- for "ready", list out (the temporary must be there), send sig, wait; returns the exit
-- status as a shell reports it, the listing before the signal, and stderr.
local function run_and_signal(script, out, sig)
  T.write(out .. ".lua", script)
  local log, errf = out .. ".log", out .. ".err"
  local sh = table.concat({
    -- a background job of a script shell starts with SIGINT ignored: restore the default
    "env --default-signal=INT " .. bin .. " --timeout 60 " .. T.quote(out .. ".lua") .. " " .. T.quote(out) ..
      " >" .. T.quote(log) .. " 2>" .. T.quote(errf) .. " </dev/null & pid=$!",
    "i=0; while ! grep -q ready " .. T.quote(log) .. " 2>/dev/null && [ $i -lt 400 ]; do i=$((i+1)); sleep 0.05; done",
    "ls -A " .. T.quote(out) .. " | tr '\\n' ' '; echo",
    "kill -" .. sig .. " $pid; wait $pid; echo \"status=$?\"",
  }, "\n")
  local _, stdout = T.sh(sh)
  local before, status = stdout:match("^(.-)\nstatus=(%d+)")
  return tonumber(status), before or "", T.read(errf) or ""
end

T.cases("a signal mid-write removes the temporary and keeps the previous output", {
  { "INT", 130 },
  { "TERM", 143 },
  { "HUP", 129 },
}, function(row)
  local sig, want = row[1], row[2]
  local out = fresh_out("sig" .. sig)
  local status, before, err = run_and_signal(writer_script("while true do end\n"), out, sig)
  T.ok(before:find("result%.csv%.tmp%-"), "the temporary existed before SIG" .. sig .. ": " .. before)
  T.eq(status, want, "exit status after SIG" .. sig .. " (stderr: " .. err .. ")")
  T.eq(T.read(out .. "/result.csv"), PREVIOUS, "previous output intact after SIG" .. sig)
  T.eq(temporaries(out), {}, "no temporary left after SIG" .. sig)
  if sig ~= "HUP" then T.ok(err:find("interrupted"), "says it was interrupted: " .. err) end
end)

T.cases("a run that fails or exits early mid-write leaves no half-written output", {
  { name = "script error", tail = "error('boom')\n", status = 1, err = "boom" },
  { name = "runtime error", tail = "local t = nil\nt.x = 1\n", status = 1, err = "attempt to index" },
  { name = "os.exit without closing the state", tail = "os.exit(3)\n", status = 3 },
  { name = "os.exit(true, true)", tail = "os.exit(true, true)\n", status = 0 },
}, function(row)
  local out = fresh_out(row.name:gsub("%W", "_"))
  T.write(out .. ".lua", writer_script(row.tail))
  local code, _, err = T.sh(bin .. " " .. T.quote(out .. ".lua") .. " " .. T.quote(out) .. " </dev/null")
  T.eq(code, row.status, row.name .. ": exit status (stderr: " .. err .. ")")
  if row.err then T.ok(err:find(row.err, 1, true), row.name .. ": message: " .. err) end
  T.eq(T.read(out .. "/result.csv"), PREVIOUS, row.name .. ": previous output intact")
  T.eq(temporaries(out), {}, row.name .. ": no temporary left")
end)

T.case("SIGKILL: previous outputs intact, the SQLite store whole", function()
  local out = fresh_out("kill")
  local store = out .. "/store.sqlite"
  local db = assert(sahel.db.open(store))
  assert(db:exec("CREATE TABLE runs(batch INTEGER, n INTEGER)"))
  db:tx(function() for n = 1, 1000 do assert(db:exec("INSERT INTO runs VALUES (0, " .. n .. ")")) end end)
  db:close()
  -- the killed run commits batches of 1000 rows in transactions, and writes a CSV
  local status, before = run_and_signal(writer_script([[
local db = assert(sahel.db.open(arg[1] .. "/store.sqlite"))
local st = assert(db:prepare("INSERT INTO runs VALUES (?, ?)"))
local batch = 0
while true do
  batch = batch + 1
  db:tx(function() for n = 1, 1000 do st:exec(batch, n) end end)
end
]]), out, "KILL")
  T.ok(before:find("result%.csv%.tmp%-"), "the temporary existed before SIGKILL: " .. before)
  T.eq(status, 137, "killed")
  T.eq(T.read(out .. "/result.csv"), PREVIOUS, "previous CSV intact after SIGKILL")
  db = assert(sahel.db.open(store))
  T.eq(db:first("PRAGMA integrity_check"), { integrity_check = "ok" }, "integrity_check")
  local r = db:first("SELECT count(*) AS n, count(DISTINCT batch) AS batches FROM runs")
  T.ok(r.n >= 1000, "the previous run's rows are there")
  T.eq(r.n, r.batches * 1000, "whole transactions only (" .. r.n .. " rows)")
  db:close()
end)

T.done()
