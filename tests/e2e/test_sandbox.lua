-- test_sandbox.lua: `sahelscript --sandbox` runs a script someone else wrote. Each escape is
-- tried and must fail with a clear error: commands and native code (os.execute, io.popen,
-- package.loadlib, C modules, the debug library), binary chunks (string.dump, load,
-- loadfile, dofile, require, the script itself), files outside the allowed paths through the
-- standard library and the toolkit's openers (with "..", absolute paths and symbolic
-- links), SQL that opens other files. What the script may do still works: read its
-- --corpus and --gazetteer, write under --out, require the toolkit, exit with a status.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local dir = T.tmpdir()
local bin = T.quote(T.bin)
local corpus, out, outside = dir .. "/corpus", dir .. "/out", dir .. "/outside"
for _, d in ipairs({ corpus, out, outside }) do os.execute("mkdir -p " .. T.quote(d)) end
T.write(corpus .. "/a.txt", "عنوان\nنص الخبر عن مالي.\n")
T.write(outside .. "/secret.txt", "secret\n")
T.write(out .. "/previous.csv", "kept\n")
os.execute("ln -s " .. T.quote(outside) .. " " .. T.quote(corpus .. "/to_outside"))
os.execute("ln -s " .. T.quote(outside .. "/secret.txt") .. " " .. T.quote(out .. "/to_secret"))
os.execute("ln -s /nonexistent/dir/new.csv " .. T.quote(out .. "/dangling"))
-- a binary chunk, made outside the sandbox, where the script may read it
local BYTECODE = string.dump(function() return "binary ran" end)
T.write(corpus .. "/chunk.luac", BYTECODE)
os.execute("mkdir -p " .. T.quote(corpus .. "/mods"))
T.write(corpus .. "/mods/binmod.lua", BYTECODE)
T.write(corpus .. "/mods/textmod.lua", "return 'text module'")

-- sandboxed(code [, host_opts]): run code as a script in the sandbox with the usual
-- arguments; exit code, stdout, stderr.
local function sandboxed(code, host_opts)
  local path = dir .. "/script.lua"
  T.write(path, code)
  return T.sh(bin .. " --sandbox " .. (host_opts or "") .. " " .. T.quote(path) ..
    " --corpus " .. T.quote(corpus) .. " --out " .. T.quote(out) .. " </dev/null")
end

-- Each escape prints what it got; the expected pattern must appear (plain text).
T.cases("escapes fail with a clear error", {
  { name = "os.execute is gone", code = "print(os.execute)", want = "nil" },
  { name = "io.popen is gone", code = "print(io.popen)", want = "nil" },
  { name = "os.getenv, os.tmpname, io.tmpfile are gone",
    code = "print(os.getenv, os.tmpname, io.tmpfile, os.setlocale)", want = "nil\tnil\tnil\tnil" },
  { name = "package.loadlib is gone", code = "print(package.loadlib, package.searchpath)", want = "nil\tnil" },
  { name = "the debug library is gone", code = "print(debug, package.loaded.debug, pcall(require, 'debug'))",
    want = "nil\tnil\tfalse" },
  { name = "string.dump is gone", code = "print(string.dump, ('').dump)", want = "nil\tnil" },
  { name = "load refuses bytecode",
    code = "print(load(io.open(arg[2] .. '/chunk.luac', 'rb'):read('a')))",
    want = "attempt to load a binary chunk (mode is 't')" },
  { name = "load refuses bytecode even when asked for 'b'",
    code = "print(load(io.open(arg[2] .. '/chunk.luac', 'rb'):read('a'), 'x', 'b'))",
    want = "attempt to load a binary chunk" },
  { name = "loadfile refuses bytecode", code = "print(loadfile(arg[2] .. '/chunk.luac'))",
    want = "attempt to load a binary chunk" },
  { name = "dofile refuses bytecode", code = "print(pcall(dofile, arg[2] .. '/chunk.luac'))",
    want = "attempt to load a binary chunk" },
  { name = "require refuses a bytecode module",
    code = "package.path = arg[2] .. '/mods/?.lua' print(pcall(require, 'binmod'))",
    want = "attempt to load a binary chunk" },
  { name = "require of a C module finds nothing",
    code = "package.cpath = '" .. (os.getenv("SAHEL_MODULE_DIR") or "build") .. "/?.so' print(pcall(require, 'sahel_native'))",
    want = "module 'sahel_native' not found" },
  { name = "io.open of /etc/passwd",
    code = "print(io.open('/etc/passwd'))",
    want = "nil\tsandbox: reading '/etc/passwd' is not allowed (outside the readable paths)" },
  { name = "io.lines of /etc/passwd", code = "print(pcall(io.lines, '/etc/passwd'))",
    want = "sandbox: reading '/etc/passwd' is not allowed" },
  { name = "io.input of a file outside", code = "print(pcall(io.input, arg[2] .. '/../outside/secret.txt'))",
    want = "is not allowed (outside the readable paths)" },
  { name = "loadfile outside", code = "print(loadfile('/etc/passwd'))",
    want = "sandbox: reading '/etc/passwd' is not allowed" },
  { name = "dofile outside", code = "print(pcall(dofile, '/etc/passwd'))",
    want = "sandbox: reading '/etc/passwd' is not allowed" },
  { name = "require through package.path outside",
    code = "package.path = '/etc/?' print(pcall(require, 'passwd'))",
    want = "no file '/etc/passwd' (not readable in the sandbox)" },
  { name = "reading with .. out of the corpus",
    code = "print(io.open(arg[2] .. '/../outside/secret.txt'))", want = "outside the readable paths" },
  { name = "reading through a symbolic link out of the corpus",
    code = "print(io.open(arg[2] .. '/to_outside/secret.txt'))", want = "outside the readable paths" },
  { name = "writing into the corpus", code = "print(io.open(arg[2] .. '/new.txt', 'w'))",
    want = "outside the writable paths" },
  { name = "appending to a file outside", code = "print(io.open(arg[2] .. '/../outside/secret.txt', 'a'))",
    want = "sandbox: writing" },
  { name = "writing with .. out of --out", code = "print(io.open(arg[4] .. '/../escape.txt', 'w'))",
    want = "outside the writable paths" },
  { name = "writing with .. past a new directory",
    code = "print(io.open(arg[4] .. '/new/../../escape.txt', 'w'))",
    want = "'..' after a directory that does not exist" },
  { name = "writing through a symbolic link out of --out",
    code = "print(io.open(arg[4] .. '/to_secret', 'w'))", want = "outside the writable paths" },
  { name = "writing through a dangling symbolic link",
    code = "print(io.open(arg[4] .. '/dangling', 'w'))", want = "dangling symbolic link" },
  { name = "io.output outside", code = "print(pcall(io.output, '/tmp/sahel-sandbox-escape.txt'))",
    want = "sandbox: writing '/tmp/sahel-sandbox-escape.txt' is not allowed" },
  { name = "os.remove outside", code = "print(os.remove(arg[2] .. '/../outside/secret.txt'))",
    want = "outside the writable paths" },
  { name = "os.rename out of --out",
    code = "print(os.rename(arg[4] .. '/previous.csv', arg[2] .. '/../outside/stolen.csv'))",
    want = "outside the writable paths" },
  { name = "the toolkit's CSV writer outside",
    code = "print(require('sahel').csv.writer('/tmp/sahel-sandbox-escape.csv'))",
    want = "nil\tsandbox: writing '/tmp/sahel-sandbox-escape.csv' is not allowed" },
  { name = "the toolkit's workbook writer outside",
    code = "print(require('sahel').xlsx.open('/tmp/sahel-sandbox-escape.xlsx'))",
    want = "nil\tsandbox: writing '/tmp/sahel-sandbox-escape.xlsx' is not allowed" },
  { name = "the toolkit's CSV reader outside",
    code = "print(require('sahel.core').csv.reader('/etc/passwd'))",
    want = "nil\tsandbox: reading '/etc/passwd' is not allowed" },
  { name = "the toolkit's gazetteer loader outside",
    code = "print(require('sahel').gazetteer.load(arg[2] .. '/../outside/secret.txt'))",
    want = "outside the readable paths" },
  { name = "an SQLite database outside",
    code = "print(require('sahel').db.open('/tmp/sahel-sandbox-escape.sqlite'))",
    want = "nil\tsandbox: writing '/tmp/sahel-sandbox-escape.sqlite' is not allowed" },
  { name = "an SQLite URI", code = "print(require('sahel').db.open('file:/etc/passwd?mode=ro'))",
    want = "sandbox: SQLite URI 'file:/etc/passwd?mode=ro' is not allowed" },
  { name = "SQL ATTACH",
    code = "local db = require('sahel').db.open(arg[4] .. '/s.sqlite') " ..
      "print(db:exec(\"ATTACH '/tmp/sahel-sandbox-escape.sqlite' AS x\"))",
    want = "not authorized (in SQL: ATTACH" },
  { name = "SQL VACUUM INTO",
    code = "local db = require('sahel').db.open(arg[4] .. '/s.sqlite') " ..
      "print(db:first(\"vacuum into '/tmp/sahel-sandbox-escape.sqlite'\"))",
    want = "authorization denied (in SQL: vacuum into" },
  { name = "the raw toolkit table is guarded too",
    code = "package.loaded['sahel.core'] = nil print(require('sahel.core').csv.writer('/tmp/x.csv'))",
    want = "sandbox: writing '/tmp/x.csv' is not allowed" },
}, function(row)
  local code, stdout, err = sandboxed(row.code)
  T.eq(code, 0, row.name .. ": exit status (stderr: " .. err .. ")")
  T.ok(stdout:find(row.want, 1, true), row.name .. ": got " .. stdout)
end)

T.case("nothing was created outside the allowed paths", function()
  for _, p in ipairs({ "/tmp/sahel-sandbox-escape.txt", "/tmp/sahel-sandbox-escape.csv",
                       "/tmp/sahel-sandbox-escape.sqlite", dir .. "/escape.txt",
                       outside .. "/stolen.csv", corpus .. "/new.txt", "/nonexistent" }) do
    T.eq(T.read(p), nil, p .. " must not exist")
  end
  T.eq(T.read(outside .. "/secret.txt"), "secret\n", "the file outside is intact")
end)

T.cases("what a script may do still works", {
  { name = "read the corpus", code = "print(io.open(arg[2] .. '/a.txt'):read('l'))", want = "عنوان\n" },
  { name = "require the toolkit", code = "print(require('sahel').text.normalize('أحمد'))", want = "احمد\n" },
  { name = "require a text module under the corpus",
    code = "package.path = arg[2] .. '/mods/?.lua' print((require('textmod')))", want = "text module\n" },
  { name = "load text", code = "print(load('return 1 + 1')())", want = "2\n" },
  { name = "write under --out with the toolkit",
    code = "local w, msg = require('sahel').csv.writer(arg[4] .. '/written.csv') " ..
      "print(w and 'opened' or msg)", want = "opened\n" },
  { name = "write and rename under --out",
    code = "local f = assert(io.open(arg[4] .. '/x.txt', 'w')) f:write('x') f:close() " ..
      "print(os.rename(arg[4] .. '/x.txt', arg[4] .. '/y.txt'), os.remove(arg[4] .. '/y.txt'))",
    want = "true\ttrue\n" },
  { name = "a database under --out",
    code = "local db = assert(require('sahel').db.open(arg[4] .. '/s.sqlite')) " ..
      "print(db:exec('CREATE TABLE IF NOT EXISTS t(x)'), db:exec('INSERT INTO t VALUES (1)'))",
    want = "true\ttrue\n" },
  { name = "the bundled gazetteer", code = "local g = assert(require('sahel').gazetteer.load(" ..
      "require('sahel').datadir .. '/datasets/gazetteer/sahel.csv')) print(#g:entities() > 10)",
    want = "true\n" },
  { name = "--allow-read opens one more path", host = "--allow-read " .. T.quote(outside),
    code = "print(io.open(arg[2] .. '/../outside/secret.txt'):read('l'))", want = "secret\n" },
}, function(row)
  local code, stdout, err = sandboxed(row.code, row.host)
  T.eq(code, 0, row.name .. ": exit status (stderr: " .. err .. ")")
  T.ok(stdout:find(row.want, 1, true), row.name .. ": got " .. stdout)
end)

T.cases("exit status and errors", {
  { name = "os.exit(n)", code = "print('before') os.exit(3) print('after')", code_want = 3, out = "before\n" },
  { name = "os.exit(false)", code = "os.exit(false)", code_want = 1, out = "" },
  { name = "os.exit() with an open output",
    code = "local w = require('sahel').csv.writer(arg[4] .. '/previous.csv') w:write{'new'} os.exit(0)",
    code_want = 0, out = "" },
  { name = "an error names the script line", code = "\nerror('boom')", code_want = 1, out = "",
    err = "script.lua:2: boom" },
}, function(row)
  local code, stdout, err = sandboxed(row.code)
  T.eq({ code, stdout }, { row.code_want, row.out }, row.name .. " (stderr: " .. err .. ")")
  if row.err then T.ok(err:find(row.err, 1, true), row.name .. ": " .. err) end
  T.eq(T.read(out .. "/previous.csv"), "kept\n", row.name .. ": unfinished output not committed")
end)

T.case("a binary chunk as the script itself is refused", function()
  local code, _, err = T.sh(bin .. " --sandbox " .. T.quote(corpus .. "/chunk.luac") .. " </dev/null")
  T.eq(code, 1, "exit status")
  T.ok(err:find("attempt to load a binary chunk", 1, true), "message: " .. err)
  code = T.sh(bin .. " " .. T.quote(corpus .. "/chunk.luac") .. " </dev/null")
  T.eq(code, 0, "outside the sandbox it runs")
end)

T.cases("sandbox usage errors", {
  { "--allow-read", "option needs an argument: '--allow-read'" },
  { "--allow-write " .. T.quote(out .. "/dangling"), "dangling symbolic link" },
}, function(row)
  local code, _, err = T.sh(bin .. " --sandbox " .. row[1] .. " </dev/null")
  T.ok(code ~= 0, row[1] .. ": fails")
  T.ok(err:find(row[2], 1, true), row[1] .. ": message: " .. err)
end)

T.case("analyze.lua runs in the sandbox", function()
  local core = require("sahel.core")
  if not core.report then return print("skip: sahel.core.report is not registered yet") end
  local res = dir .. "/results"
  for run = 1, 2 do -- the second run replaces the first's outputs (staging, swap, removal)
    local code, _, err = T.sh(bin .. " --sandbox analyze.lua --out " .. T.quote(res) .. " --quiet </dev/null")
    T.eq(code, 0, "analyze.lua in the sandbox, run " .. run .. ": " .. err)
    T.ok(T.read(res .. "/entities.csv"), "entities.csv written")
  end
  local _, ls = T.sh("ls -A " .. T.quote(dir))
  T.ok(not ls:gsub("%.results%.lock", ""):find("%.results%."), "no staging directory left: " .. ls)
end)

T.done()
