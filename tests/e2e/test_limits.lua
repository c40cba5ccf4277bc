-- test_limits.lua: --timeout and --max-memory stop a runaway script with a clear error
-- (exit status 1, a last line naming the option), whatever the script does to resist
-- (pcall in a loop, coroutines, a blocking C call); the memory limit counts the toolkit's
-- own C allocations with Lua's; a stopped run leaves no half-written output; bad values
-- are usage errors (exit status 2).
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local dir = T.tmpdir()
local bin = T.quote(T.bin)

-- run(opts, code): sahelscript OPTS -e CODE; exit code, stdout, stderr.
local function run(opts, code)
  return T.sh(bin .. " " .. opts .. " -e " .. T.quote(code) .. " </dev/null")
end

T.cases("--timeout stops a runaway script", {
  { name = "busy loop", code = "while true do end", where = "%(command line%):1: timeout" },
  { name = "pcall swallowing the error in a loop",
    code = "while true do pcall(function() while true do end end) end" },
  -- a message handler runs with hooks off (Lua runs it inside the hook that raised):
  -- the watchdog ends this one
  { name = "message handler that loops",
    code = "local function f() while true do end end while true do xpcall(f, function() return f() end) end",
    where = "timeout: the script did not stop at its deadline", note = false },
  { name = "coroutines", code = [[
    while true do
      local co = coroutine.wrap(function() while true do coroutine.yield() end end)
      for _ = 1, 1e9 do pcall(co) end
    end]] },
  { name = "string building", code = "local s = '' while true do s = s:sub(-1000) .. 'x' end" },
}, function(row)
  local code, _, err = run("--timeout 0.3", row.code)
  T.eq(code, 1, row.name .. ": exit status (stderr: " .. err .. ")")
  T.ok(err:find(row.where or "timeout: still running after 0%.3 s"), row.name .. ": message: " .. err)
  T.ok(row.note == false or
    err:find("stopped: the script was still running after 0.3 s (--timeout 0.3)\n", 1, true),
    row.name .. ": last line names the option: " .. err)
end)

T.case("--timeout: a blocking C call is ended by the watchdog", function()
  local code, _, err = run("--timeout 0.3", "os.execute('sleep 20')")
  T.eq(code, 1, "exit status (stderr: " .. err .. ")")
  T.ok(err:find("timeout: the script did not stop at its deadline (--timeout); killed", 1, true),
    "message: " .. err)
end)

T.case("--timeout: a long bulk call in C stops between articles (cancel.h)", function()
  -- gaz:count over the sample 400 times (about 12,000 articles: seconds of work) on 1 and
  -- 2 threads; the stop must come well before the watchdog's kill (3 s after the deadline)
  local corpus = dir .. "/many"
  os.execute("mkdir -p " .. T.quote(corpus))
  local _, sample = T.sh("realpath " .. T.quote(T.root .. "/datasets/sample/articles.jsonl"))
  sample = sample:gsub("\n$", "")
  for i = 1, 400 do os.execute("ln -sf " .. T.quote(sample) .. " " .. T.quote(corpus .. "/" .. i .. ".jsonl")) end
  for _, threads in ipairs { 1, 2 } do
    local code, _, err = run("--timeout 0.5", string.format([[
      local sahel = require "sahel"
      local gaz = assert(sahel.gazetteer.load(sahel.datadir .. "/datasets/gazetteer/sahel.csv"))
      local c = sahel.corpus.open(%q)
      while true do gaz:count(c, { threads = %d }) end]], corpus, threads))
    T.eq(code, 1, threads .. " threads: exit status (stderr: " .. err .. ")")
    T.ok(err:find("timeout: still running after 0%.5 s") and not err:find("killed", 1, true),
      threads .. " threads: stopped by the hook, not killed: " .. err)
  end
end)

T.case("--timeout: a script that finishes in time is not disturbed", function()
  local code, out, err = run("--timeout 30", "local n = 0 for i = 1, 1e6 do n = n + i end print(n)")
  T.eq({ code, out, err }, { 0, "500000500000\n", "" }, "normal run")
end)

T.case("--timeout: a stopped run leaves the previous output whole", function()
  local out = dir .. "/t"
  os.execute("mkdir -p " .. T.quote(out))
  T.write(out .. "/r.csv", "previous\n")
  local code, _, err = run("--timeout 0.3", "local w = require('sahel').csv.writer(" ..
    string.format("%q", out .. "/r.csv") .. ") w:write{1} while true do w:write{2} end")
  T.eq(code, 1, "stopped: " .. err)
  T.eq(T.read(out .. "/r.csv"), "previous\n", "previous output intact")
  local _, ls = T.sh("ls -A " .. T.quote(out))
  T.eq(ls, "r.csv\n", "no temporary left")
end)

T.cases("--max-memory stops a script that holds too much", {
  { name = "growing table", code = "local t = {} for i = 1, 1e9 do t[i] = ('x'):rep(64) .. i end" },
  { name = "growing string", code = "local s = 'x' while true do s = s .. s end" },
  { name = "pcall in a loop", code = "local t = {} while true do pcall(function() t[#t + 1] = ('y'):rep(1e5) .. #t end) end" },
}, function(row)
  local code, _, err = run("--max-memory 40 --timeout 60", row.code) -- (a safety net)
  T.eq(code, 1, row.name .. ": exit status (stderr: " .. err .. ")")
  T.ok(err:find("stopped: the script needed more than 40 MB (--max-memory 40)\n", 1, true),
    row.name .. ": message: " .. err)
end)

-- A 10 MB string (Lua) normalized (a C buffer of up to 16 MB, then a 10 MB result): 20 MB
-- for Lua alone fits in 24 MB; with the toolkit's buffer counted it does not. The script
-- catches the failure, but a limit reached is a failed run all the same (issue 13.9).
T.case("--max-memory counts the toolkit's allocations with Lua's", function()
  local code = "local s = ('x'):rep(10e6) collectgarbage() " ..
    "local ok, r = pcall(require('sahel').text.normalize, s) print(ok, ok and #r or r)"
  local c1, out1, err1 = run("--max-memory 24", code)
  T.eq(c1, 1, "caught, the run failed all the same: " .. err1)
  T.ok(err1:find("stopped: the script needed more than 24 MB (--max-memory 24)", 1, true), err1)
  T.ok(out1:find("^false\t"), "normalize refused under 24 MB: " .. out1)
  local c2, out2 = run("--max-memory 64", code)
  T.eq({ c2, out2 }, { 0, "true\t10000000\n" }, "the same fits in 64 MB")
end)

-- 13.6: finalizers run in lua_close under the limits (the watchdog, the memory limit)
T.cases("finalizers run under the limits", {
  { name = "an endless query in a __gc stops at --timeout", opts = "--timeout 1",
    code = "local db = require('sahel').db.open(':memory:') setmetatable({}, { __gc = function() " ..
      "db:first('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT count(*) FROM c') end })",
    err = "stopped: the script was still running after 1 s (--timeout 1)" },
  { name = "an endless loop in a __gc is killed by the watchdog", opts = "--timeout 0.5",
    code = "setmetatable({}, { __gc = function() while true do end end })",
    err = "timeout: the script did not stop at its deadline" },
  { name = "a __gc allocating past --max-memory", opts = "--max-memory 20",
    code = "setmetatable({}, { __gc = function() local t = {} for i = 1, 1e7 do t[i] = i end end })",
    err = "stopped: the script needed more than 20 MB (--max-memory 20)" },
}, function(row)
  local code, _, err = T.sh("timeout 20 " .. bin .. " " .. row.opts .. " -e " .. T.quote(row.code) .. " </dev/null")
  T.eq(code, 1, row.name .. ": exit status (stderr: " .. err .. ")")
  T.ok(err:find(row.err, 1, true), row.name .. ": message: " .. err)
end)

-- 13.9: a limit reached is a failure of the run, even when the script caught it or the
-- deadline passed inside a C call: exit status 1, no output replaced
T.cases("a limit reached fails the run", {
  { name = "--max-memory hit 100 times inside pcall, then return", opts = "--max-memory 20",
    code = "for _ = 1, 100 do pcall(string.rep, 'x', 50e6) end print('returned')",
    err = "stopped: the script needed more than 20 MB (--max-memory 20)" },
  { name = "--max-memory hit inside pcall, then os.exit(0)", opts = "--max-memory 20",
    code = "pcall(string.rep, 'x', 50e6) os.exit(0)",
    err = "stopped: the script needed more than 20 MB (--max-memory 20)" },
  { name = "--max-memory hit by SQLite inside pcall", opts = "--max-memory 20",
    code = "local db = require('sahel').db.open(':memory:') print(db:first('SELECT length(randomblob(4e8)) AS n'))",
    err = "stopped: the script needed more than 20 MB (--max-memory 20)" },
  { name = "--timeout passed inside a C call that then returns", opts = "--timeout 0.5",
    code = "os.execute('sleep 1.2') print('returned')",
    err = "stopped: the script was still running after 0.5 s (--timeout 0.5)" },
}, function(row)
  local out = dir .. "/hit"
  os.execute("rm -rf " .. T.quote(out) .. " && mkdir -p " .. T.quote(out))
  T.write(out .. "/r.csv", "previous\n")
  local commit = string.format("local w = assert(require('sahel').csv.writer(%q)) w:write{'new'} " ..
    "print('commit', w:close()) ", out .. "/r.csv")
  local code, _, err = run(row.opts, row.code:gsub("print%('returned'%)", commit .. "%0")
    :gsub("os%.exit%(0%)", commit .. "%0"))
  T.eq(code, 1, row.name .. ": exit status (stderr: " .. err .. ")")
  T.ok(err:find(row.err, 1, true), row.name .. ": message: " .. err)
  T.eq(T.read(out .. "/r.csv"), "previous\n", row.name .. ": the previous output stays")
end)

T.case("a set of outputs is not committed once a limit was reached", function()
  local out = dir .. "/set"
  os.execute("mkdir -p " .. T.quote(out))
  T.write(out .. "/entities.csv", "previous\n")
  local code, stdout, err = run("--max-memory 20", string.format([[
    pcall(string.rep, 'x', 50e6)
    local od = assert(require('sahel.report.outdir').open(%q))
    local f = assert(io.open(od:path('entities.csv'), 'w')) f:write('new\n') f:close()
    print(od:commit())]], out))
  T.eq(code, 1, "exit status: " .. err)
  T.ok(stdout:find("not written: the run ran out of memory (--max-memory)", 1, true), "commit refused: " .. stdout)
  T.eq(T.read(out .. "/entities.csv"), "previous\n", "previous outputs in place")
end)

-- 13.10: running out of memory is never a bad record: a corpus file with one line longer
-- than the limit fails the run (lenient mode included) and replaces no outputs
T.case("a corpus line longer than --max-memory fails the run", function()
  local corpus, out = dir .. "/bigline", dir .. "/bigline-out"
  os.execute("mkdir -p " .. T.quote(corpus) .. " " .. T.quote(out))
  local _, sample = T.sh("realpath " .. T.quote(T.root .. "/datasets/sample/articles.jsonl"))
  os.execute("cp " .. T.quote(sample:gsub("\n$", "")) .. " " .. T.quote(corpus .. "/a.jsonl"))
  local f = assert(io.open(corpus .. "/z.jsonl", "w"))
  f:write('{"id": "big", "title": "t", "body": "', ("مالي "):rep(6e6), '"}\n')
  f:close()
  T.write(out .. "/entities.csv", "previous\n")
  local code, _, err = T.sh(bin .. " --max-memory 40 analyze.lua --corpus " .. T.quote(corpus) ..
    " --out " .. T.quote(out) .. " --quiet </dev/null")
  os.remove(corpus .. "/z.jsonl")
  T.eq(code, 1, "exit status (stderr: " .. err .. ")")
  T.ok(err:find("z.jsonl", 1, true) and err:find("out of memory", 1, true), "names the file: " .. err)
  T.ok(err:find("stopped: the script needed more than 40 MB (--max-memory 40)", 1, true), "the note: " .. err)
  T.eq(T.read(out .. "/entities.csv"), "previous\n", "previous outputs in place")
end)

T.cases("bad limit values are usage errors", {
  { "--timeout abc", "--timeout: a number of seconds expected, got 'abc'" },
  { "--timeout -1", "--timeout: a number of seconds expected" },
  { "--timeout=0", "--timeout: a number of seconds expected, got '0'" },
  { "--max-memory 0", "--max-memory: a number of megabytes" },
  { "--max-memory 12x", "--max-memory: a number of megabytes" },
  { "--timeout", "option needs an argument: '--timeout'", alone = true },
  { "--max-memory", "option needs an argument: '--max-memory'", alone = true },
}, function(row)
  local code, _, err = T.sh(bin .. " " .. row[1] .. (row.alone and "" or " -e 'print(1)'") .. " </dev/null")
  T.eq(code, 2, row[1] .. ": exit status")
  T.ok(err:find(row[2], 1, true), row[1] .. ": message: " .. err)
end)

T.case("--timeout=N and --max-memory=N forms", function()
  local code, out = T.sh(bin .. " --timeout=5 --max-memory=100 -e 'print(2)' </dev/null")
  T.eq({ code, out }, { 0, "2\n" }, "accepted")
end)

T.done()
