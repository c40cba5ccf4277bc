-- test_host.lua: the sahelscript host as a user meets it: arguments, exit codes, error
-- messages with file:line and a traceback, -e/-l/-, the prompt, bundled-script lookup,
-- the sahel.so module under stock lua5.4, and an installed tree.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local bin = T.quote(T.bin)
local dir = T.tmpdir()

local function script(name, body)
  local path = dir .. "/" .. name
  T.write(path, body)
  return path
end

T.cases("exit codes and messages", {
  { name = "success", args = "-e 'print(1 + 1)'", code = 0, out = "^2\n$" },
  { name = "script error", args = script("boom.lua", "local x = 1\nerror('boom')\n"), code = 1,
    err = "^sahelscript: [^\n]*boom%.lua:2: boom\nstack traceback:" },
  { name = "runtime error with traceback", args = script("nil.lua", "local function f() return nil + 1 end\nf()\n"),
    code = 1, err = "nil%.lua:1: attempt to perform arithmetic.*in local 'f'" },
  { name = "syntax error", args = script("syn.lua", "x = = 1\n"), code = 1,
    err = "^sahelscript: [^\n]*syn%.lua:1: unexpected symbol" },
  { name = "missing script", args = "no/such/script.lua", code = 1, err = "cannot open no/such/script%.lua" },
  { name = "unknown option", args = "--frobnicate", code = 2,
    err = "^sahelscript: unknown option '%-%-frobnicate' %(try 'sahelscript %-%-help'%)\n$" },
  { name = "missing option argument", args = "-e", code = 2, err = "needs an argument" },
  { name = "version", args = "--version", code = 0, out = "^sahelscript %d+%.%d+%.%d+ %(Lua 5%.4" },
  { name = "help", args = "--help", code = 0, out = "^usage: sahelscript" },
  { name = "error object not a string", args = "-e 'error({})'", code = 1, err = "error object is a table value" },
}, function(row)
  local code, out, err = T.sh(bin .. " " .. row.args .. " </dev/null")
  T.eq(code, row.code, row.name .. " exit code (stderr: " .. err .. ")")
  if row.out then T.ok(out:find(row.out), row.name .. " stdout: " .. out) end
  if row.err then T.ok(err:find(row.err), row.name .. " stderr: " .. err) end
end)

T.case("arg is set as stock lua sets it", function()
  local s = script("args.lua", "print(arg[0], arg[1], arg[2], #arg, arg[-1] ~= nil, ...)")
  local code, out = T.sh(bin .. " " .. s .. " one two")
  T.eq(code, 0, "exit")
  T.eq(out, s .. "\tone\ttwo\t2\ttrue\tone\ttwo\n", "arg table and varargs")
end)

T.case("-l loads a module into a global, -e runs in order", function()
  local code, out = T.sh(bin .. " -l sahel -e 'print(type(sahel.text.normalize))'")
  T.eq({ code, out }, { 0, "function\n" }, "-l sahel")
end)

T.case("script from stdin", function()
  local code, out = T.sh("echo 'print(select(\"#\", ...), ...)' | " .. bin .. " - a b")
  T.eq({ code, out }, { 0, "2\ta\tb\n" }, "stdin script")
end)

T.case("the prompt prints results and continues lines", function()
  local code, out = T.sh("printf 'return 1 + 2\\nsahel.version\\nfor i = 1, 2 do\\nprint(i)\\nend\\nerror(\"x\")\\n' | "
    .. bin .. " -i")
  T.eq(code, 0, "exit")
  T.ok(out:find("\n?> 3\n"), "expression printed: " .. out)
  T.ok(out:find("%d+%.%d+%.%d+"), "sahel loaded")
  T.ok(out:find("1\n2\n"), "multi-line statement")
end)

T.case("bundled scripts are found by name from any directory", function()
  if not T.read("scripts/analyze.lua") then return print("skip: no scripts/analyze.lua yet") end
  local code, out, err = T.sh("cd / && " .. bin .. " analyze.lua --help")
  T.eq(code, 0, "analyze.lua --help from / : " .. err)
  T.ok(out:find("analyze"), "help text")
end)

T.case("sahel.so loads in stock lua5.4", function()
  local lua = io.popen("command -v lua5.4"):read("l")
  if not lua then return print("skip: lua5.4 absent") end
  local mod = os.getenv("SAHEL_MODULE_DIR") or (io.popen("pwd"):read("l") .. "/build")
  -- a sanitizer build of sahel.so needs the sanitizer runtimes loaded first in stock lua
  local preload = os.getenv("SAHEL_SANITIZE") == "1" and
    "LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so) " ..
    "ASAN_OPTIONS=detect_leaks=0 " or ""
  local code, out, err = T.sh("cd /tmp && " .. preload .. "LUA_CPATH=" .. T.quote(mod .. "/?.so") ..
    " lua5.4 -e 'local s = require \"sahel\"; print(s.version, s.text.normalize(\"أحمد\"))'")
  T.eq(code, 0, "lua5.4 require: " .. err)
  T.ok(out:match("^%d+%.%d+%.%d+\tاحمد\n$"), "output: " .. out)
end)

T.case("cmake --install gives a tree that works without environment variables", function()
  local build = os.getenv("SAHEL_BUILD")
  if not build then return print("skip: SAHEL_BUILD unset") end
  local prefix = dir .. "/prefix"
  local code, _, err = T.sh("cmake --install " .. T.quote(build) .. " --prefix " .. T.quote(prefix))
  T.eq(code, 0, "install: " .. err)
  local exe = prefix .. "/bin/sahelscript"
  local out
  code, out = T.sh("cd / && env -i " .. T.quote(exe) ..
    " -e 'local s = require \"sahel\" print(s.version, package.path:match(\"[^;]*\"))'")
  T.eq(code, 0, "installed binary runs")
  T.ok(out:find(prefix .. "/share/sahelscript/lualib", 1, true), "uses the installed lualib: " .. out)
  T.ok(T.read(prefix .. "/share/man/man1/sahelscript.1"), "man page installed")
  local cmod = io.popen("ls " .. T.quote(prefix) .. "/lib*/lua/5.4/sahel.so " ..
    T.quote(prefix) .. "/lib/*/lua/5.4/sahel.so 2>/dev/null"):read("l")
  T.ok(cmod, "C module installed")
end)

T.done()
