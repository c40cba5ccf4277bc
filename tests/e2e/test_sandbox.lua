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
do -- a database outside, that a "file:" URI would open
  local db = assert(require("sahel").db.open(outside .. "/saved.sqlite"))
  assert(db:exec("CREATE TABLE t(x)"))
  db:close()
end
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

-- The attack classes of issue 13 (items 1-8), each tried: status is the exit status
-- wanted (default 0), want a text stdout must hold, err one stderr must hold, absent files
-- that must not exist afterwards, host more host options.
local db_in_out = "local db = assert(require('sahel').db.open(arg[4] .. '/attack.sqlite')) "
T.cases("attack classes of issue 13, each tried", {
  -- 13.1: options read once, raw: no metamethod can tell the check one thing, the open another
  { name = "options: __index says readonly to the check and read-write to the opener",
    code = "local n = 0 local o = setmetatable({}, { __index = function(_, k) " ..
      "if k == 'readonly' then n = n + 1 return n == 1 end end }) " ..
      "print(pcall(require('sahel').db.open, arg[2] .. '/evil.sqlite', o))",
    want = "an options table with a metatable is not allowed", absent = { corpus .. "/evil.sqlite" } },
  { name = "options: a metatable's __index table is not read either",
    code = "print(pcall(require('sahel').db.open, arg[2] .. '/evil2.sqlite', " ..
      "setmetatable({}, { __index = { readonly = true } })))",
    want = "an options table with a metatable is not allowed", absent = { corpus .. "/evil2.sqlite" } },
  { name = "options: a misspelled key is refused, not ignored",
    code = "print(pcall(require('sahel').db.open, arg[2] .. '/evil3.sqlite', { readonyl = true }))",
    want = "unknown option 'readonyl' (did you mean 'readonly'?)", absent = { corpus .. "/evil3.sqlite" } },
  { name = "options: readonly on a readable path opens it read-only",
    code = "print(require('sahel').db.open(arg[2] .. '/evil4.sqlite', { readonly = true }))",
    want = "unable to open", absent = { corpus .. "/evil4.sqlite" } },
  -- 13.2: FTS3 tokenizer pointers, extensions, virtual tables
  { name = "SQL: fts3_tokenizer leaks no pointer",
    code = db_in_out .. "print(db:first(\"SELECT hex(fts3_tokenizer('simple')) AS p\"))",
    want = "not authorized to use function: fts3_tokenizer" },
  { name = "SQL: fts3_tokenizer registers no pointer",
    code = db_in_out .. "print(db:first(\"SELECT fts3_tokenizer('x', X'4141414141414141')\"))",
    want = "not authorized to use function: fts3_tokenizer" },
  { name = "SQL: an FTS3/FTS4 table (tokenizers by pointer) cannot be created",
    code = db_in_out .. "print(db:exec('CREATE VIRTUAL TABLE t3 USING fts4(tokenize=simple)'))",
    want = "not authorized (in SQL: CREATE VIRTUAL TABLE t3" },
  { name = "SQL: nor any module but fts5",
    code = db_in_out .. "print(db:exec('CREATE VIRTUAL TABLE r USING rtree(id, a, b)'))",
    want = "not authorized" },
  { name = "SQL: load_extension",
    code = db_in_out .. "print(db:first(\"SELECT load_extension('/lib/x86_64-linux-gnu/libc.so.6')\"))",
    want = "not authorized to use function: load_extension" },
  { name = "SQL: a view calling fts3_tokenizer",
    code = db_in_out .. "db:exec(\"CREATE VIEW v AS SELECT fts3_tokenizer('simple') AS p\") " ..
      "print(db:first('SELECT * FROM v'))",
    want = "nil\t" },
  { name = "SQL: ATTACH through a statement prepared and stepped",
    code = db_in_out .. "print(db:prepare(\"ATTACH '/tmp/sahel-sandbox-escape.sqlite' AS x\"))",
    want = "not authorized", absent = { "/tmp/sahel-sandbox-escape.sqlite" } },
  { name = "SQL: ATTACH hidden in a comment and mixed case",
    code = db_in_out .. "print(db:exec(\"/* x */ aTtAcH DATABASE '\" .. arg[2] .. \"/../att.sqlite' AS y\"))",
    want = "not authorized", absent = { dir .. "/att.sqlite" } },
  { name = "SQLite: a 'file:' URI through an opener that takes a plain path (cooc.load)",
    code = "print(require('sahel').cooc.load('file:" .. outside .. "/saved.sqlite'))",
    want = "unable to open" },
  -- 13.3: what glob and a directory walk yield is checked, resolved
  { name = "glob: '.?' matching '..' in sahel.corpus.open",
    code = "print(require('sahel').corpus.open(arg[2] .. '/.?/.?/.?/.?/.?/.?/.?/.?/.?/.?/etc/passwd'))",
    want = "is not allowed (outside the readable paths)" },
  { name = "glob: '.?' in sahel.article.load",
    code = "print(require('sahel').article.load(arg[2] .. '/.?/outside/secret.txt'))",
    want = "is not allowed (outside the readable paths)" },
  { name = "glob: '*' reaching a sibling directory",
    code = "print(require('sahel').corpus.open(arg[2] .. '/.?/out*/*.txt'))",
    want = "is not allowed (outside the readable paths)" },
  { name = "glob: sahel.corpus.glob lists only readable paths",
    code = "local t = require('sahel').corpus.glob('/etc/*') " ..
      "local u = require('sahel').corpus.glob(arg[2] .. '/.?/outside/*') " ..
      "print(#t, #u, #require('sahel').corpus.glob(arg[2] .. '/a.*'))",
    want = "0\t0\t1" },
  { name = "walk: a directory corpus holding a link out of it",
    code = "print(require('sahel').corpus.open(arg[2]))",
    want = "is not allowed (outside the readable paths)" },
  -- 13.5: PRAGMAs that write files elsewhere or change the process
  { name = "PRAGMA temp_store_directory",
    code = db_in_out .. "print(db:exec(\"PRAGMA temp_store_directory = '/tmp'\"))", want = "not authorized" },
  { name = "PRAGMA data_store_directory",
    code = db_in_out .. "print(db:exec(\"PRAGMA data_store_directory = '/tmp'\"))", want = "not authorized" },
  { name = "PRAGMA temp_store = FILE",
    code = db_in_out .. "print(db:exec('PRAGMA temp_store = FILE'))", want = "not authorized" },
  { name = "PRAGMA hard_heap_limit (process-wide)",
    code = db_in_out .. "print(db:exec('PRAGMA hard_heap_limit = 0'))", want = "not authorized" },
  { name = "PRAGMA writable_schema",
    code = db_in_out .. "print(db:exec('PRAGMA writable_schema = ON'))", want = "not authorized" },
  { name = "PRAGMA through a table-valued function",
    code = db_in_out .. "print(db:first('SELECT * FROM pragma_temp_store_directory'))", want = "no such table" },
  -- 13.7: finalizers that open files at exit
  { name = "a __gc on io.stdout opening a file at exit",
    code = "getmetatable(io.stdout).__gc = function() " ..
      "local f = io.open(arg[4] .. '/../gc-escape.txt', 'w') if f then f:write('x') f:close() end end " ..
      "print('set')",
    want = "set", absent = { dir .. "/gc-escape.txt" } },
  { name = "a __gc opening a database outside at exit",
    code = "setmetatable({}, { __gc = function() require('sahel').db.open('/tmp/sahel-gc-escape.sqlite') end }) " ..
      "print('set')", want = "set", absent = { "/tmp/sahel-gc-escape.sqlite" } },
  -- 13.8: SQLite's memory is counted; its statements stop at the deadline
  { name = "SQL: randomblob under --max-memory",
    host = "--max-memory 20", status = 1,
    code = db_in_out .. "for _ = 1, 3 do print(db:first('SELECT length(randomblob(4e8)) AS n')) end",
    want = "out of memory", err = "stopped: the script needed more than 20 MB (--max-memory 20)" },
  { name = "SQL: an endless recursive query under --timeout",
    host = "--timeout 1", status = 1,
    code = db_in_out .. "print(db:first('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) " ..
      "SELECT count(*) FROM c'))",
    want = "interrupted", err = "stopped: the script was still running after 1 s" },
  { name = "SQL: a sort spilling to temporary files stays in counted memory",
    host = "--max-memory 30", status = 1,
    code = db_in_out .. "print(db:first('WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c " ..
      "LIMIT 3000000) SELECT count(*) AS n FROM (SELECT DISTINCT hex(randomblob(16)) FROM c)'))",
    err = "stopped: the script needed more than 30 MB" },
}, function(row)
  local code, stdout, err = sandboxed(row.code, row.host)
  T.eq(code, row.status or 0, row.name .. ": exit status (stderr: " .. err .. ")")
  if row.want then T.ok(stdout:find(row.want, 1, true), row.name .. ": got " .. stdout) end
  if row.err then T.ok(err:find(row.err, 1, true), row.name .. ": stderr " .. err) end
  for _, p in ipairs(row.absent or {}) do T.eq(T.read(p), nil, row.name .. ": " .. p .. " must not exist") end
end)

-- 13.4: roots are literal paths: glob characters in --out, --allow-write or the script's
-- path do not widen them to the parent directory
T.cases("roots are literal paths", {
  { name = "--out with '['", args = "--out " .. T.quote(dir .. "/res[1]"),
    code = "print(io.open(" .. string.format("%q", dir .. "/resX.txt") .. ", 'w'))",
    absent = dir .. "/resX.txt" },
  { name = "--allow-write with '['", host = "--allow-write " .. T.quote(dir .. "/w[1]"),
    code = "print(io.open(" .. string.format("%q", dir .. "/w1.txt") .. ", 'w'))",
    absent = dir .. "/w1.txt" },
  { name = "--out with '*'", args = "--out " .. T.quote(dir .. "/res*"),
    code = "print(io.open(" .. string.format("%q", dir .. "/resY.txt") .. ", 'w'))",
    absent = dir .. "/resY.txt" },
  { name = "a script whose path holds '['", script = dir .. "/s[1].lua",
    code = "print(io.open(" .. string.format("%q", outside .. "/secret.txt") .. "))" },
}, function(row)
  local script = row.script or dir .. "/literal.lua"
  T.write(script, row.code)
  local code, stdout, err = T.sh(bin .. " --sandbox " .. (row.host or "") .. " " .. T.quote(script) ..
    " " .. (row.args or "") .. " </dev/null")
  T.eq(code, 0, row.name .. ": exit status (stderr: " .. err .. ")")
  T.ok(stdout:find("is not allowed", 1, true), row.name .. ": refused: " .. stdout)
  if row.absent then T.eq(T.read(row.absent), nil, row.name .. ": " .. row.absent .. " must not exist") end
end)

T.case("--out with '[' is itself writable", function()
  local res = dir .. "/r[2]"
  os.execute("mkdir -p " .. T.quote(res))
  T.write(dir .. "/literal.lua", "local f = assert(io.open(arg[2] .. '/x.txt', 'w')) f:write('ok') f:close() print('written')")
  local code, stdout, err = T.sh(bin .. " --sandbox " .. T.quote(dir .. "/literal.lua") .. " --out " ..
    T.quote(res) .. " </dev/null")
  T.eq({ code, stdout }, { 0, "written\n" }, "write under the literal --out: " .. err)
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
  { name = "an FTS5 table with the toolkit's tokenizer",
    code = "local db = assert(require('sahel').db.open(arg[4] .. '/f.sqlite')) " ..
      "print(db:exec(\"CREATE VIRTUAL TABLE IF NOT EXISTS f USING fts5(x, tokenize='sahel')\"))",
    want = "true\n" },
  { name = "PRAGMAs about the database itself",
    code = "local db = assert(require('sahel').db.open(arg[4] .. '/p.sqlite')) " ..
      "print(db:exec('PRAGMA user_version = 3'), db:first('PRAGMA user_version').user_version, " ..
      "db:first('PRAGMA temp_store').temp_store)",
    want = "true\t3\t2\n" },
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
