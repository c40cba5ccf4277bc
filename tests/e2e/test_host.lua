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

--- on_terminal(keys, env): sahelscript with no script on a pseudo-terminal (script(1) from
-- util-linux), the keys typed into it; exit code and what the terminal showed. nil when
-- script(1) is absent.
local function on_terminal(keys, env)
  if T.sh("command -v script") ~= 0 then return nil end
  local input = dir .. "/keys"
  T.write(input, keys .. "\4")
  -- typing waits for the prompt, as a person does: the keys arrive after it is drawn
  local code, out = T.sh("(sleep 1; cat " .. T.quote(input) .. "; sleep 2) | " .. (env or "") ..
    " script -qfec " .. T.quote(T.bin) .. " /dev/null")
  return code, out
end

T.case("the prompt on a terminal keeps the Arabic letters typed (libedit)", function()
  local code, out = on_terminal('print(#"مالي", "مالي")\n', "LANG=C.UTF-8 LC_ALL=")
  if not code then return print("skip: script(1) absent") end
  T.ok(out:find("8\tمالي"), "8 bytes and the word back: " .. out)
  code, out = on_terminal('print(#"مالي")\n', "LANG= LC_ALL= LC_CTYPE=")
  T.ok(out:find("\n8\r?\n"), "no locale in the environment: still UTF-8: " .. out)
end)

T.case("the prompt prints tables readably and completes sahel. names with Tab", function()
  local code, out = on_terminal('{3, 1, b = "x", a = {1}}\ntype(sahel.tex\tnormalize)\n',
    "LANG=C.UTF-8")
  if not code then return print("skip: script(1) absent") end
  T.ok(out:find('{3, 1, a = {...}, b = "x"}', 1, true), "a table, keys sorted: " .. out)
  T.ok(not out:find("table: 0x"), "no address: " .. out)
  T.ok(out:find("\nfunction\r?\n"), "Tab completed sahel.tex to sahel.text.: " .. out)
end)

T.case("bundled scripts are found by name from any directory", function()
  if not T.read("scripts/analyze.lua") then return print("skip: no scripts/analyze.lua yet") end
  local code, out, err = T.sh("cd / && " .. bin .. " analyze.lua --help")
  T.eq(code, 0, "analyze.lua --help from / : " .. err)
  T.ok(out:find("analyze"), "help text")
end)

--- stock_lua(dir, cmd): cmd (which runs lua5.4) run in dir, with the sanitizer runtimes
-- preloaded when sahel.so was built with them (stock lua must load them first).
local function stock_lua(dir, cmd)
  local preload = os.getenv("SAHEL_SANITIZE") == "1" and
    "LD_PRELOAD=$(gcc -print-file-name=libasan.so):$(gcc -print-file-name=libubsan.so) " ..
    "ASAN_OPTIONS=detect_leaks=0 " or ""
  return T.sh("cd " .. T.quote(dir) .. " && " .. preload .. cmd)
end

T.case("sahel.so loads in stock lua5.4", function()
  local lua = io.popen("command -v lua5.4"):read("l")
  if not lua then return print("skip: lua5.4 absent") end
  local mod = os.getenv("SAHEL_MODULE_DIR") or (io.popen("pwd"):read("l") .. "/build")
  local code, out, err = stock_lua("/tmp", "LUA_CPATH=" .. T.quote(mod .. "/?.so") ..
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


T.case("./setup.sh install: binary, module, man page and data under PREFIX", function()
  local build = os.getenv("SAHEL_BUILD")
  if not build then return print("skip: SAHEL_BUILD unset") end
  if T.sh("command -v lua5.4") ~= 0 then return print("skip: lua5.4 absent") end
  local prefix = dir .. "/setup-prefix"
  local code, _, err = T.sh("BUILD=" .. T.quote(build) .. " PREFIX=" .. T.quote(prefix) ..
    " ./setup.sh install")
  T.eq(code, 0, "setup.sh install: " .. err)
  T.ok(err:find("LUA_CPATH='" .. prefix .. "/lib/lua/5.4/?.so;;'", 1, true),
    "it says how lua5.4 finds the module: " .. err)
  local out
  code, out, err = T.sh("cd / && env -i " .. T.quote(prefix .. "/bin/sahelscript") ..
    " kwic.lua --entity mali --limit 1")
  T.eq(code, 0, "the installed binary runs a bundled script from /: " .. err)
  T.ok(out:find("1 lines"), out)
  T.ok(T.read(prefix .. "/share/man/man1/sahelscript.1"), "man page installed")
  if T.sh("command -v man") == 0 then
    code, out = T.sh("MANPATH=" .. T.quote(prefix .. "/share/man") .. " man -w sahelscript")
    T.eq(out, prefix .. "/share/man/man1/sahelscript.1\n", "man finds it")
  end
  code, out, err = stock_lua("/", "LUA_CPATH=" .. T.quote(prefix .. "/lib/lua/5.4/?.so;;") ..
    " lua5.4 -e 'local s = require \"sahel\" print(s.datadir, s.text.normalize(\"أحمد\"))'")
  T.eq(code, 0, "lua5.4 require from the prefix: " .. err)
  T.eq(out, prefix .. "/share/sahelscript\tاحمد\n", "the installed module and its data")
end)

T.case("./setup.sh install with DESTDIR: the default /usr/local tree, staged", function()
  local build = os.getenv("SAHEL_BUILD")
  if not build then return print("skip: SAHEL_BUILD unset") end
  local stage = dir .. "/stage"
  local code, _, err = T.sh("BUILD=" .. T.quote(build) .. " DESTDIR=" .. T.quote(stage) ..
    " ./setup.sh install")
  T.eq(code, 0, "setup.sh install: " .. err)
  local usr = stage .. "/usr/local"
  for _, f in ipairs { "bin/sahelscript", "share/man/man1/sahelscript.1", "lib/lua/5.4/sahel.so",
                       "share/sahelscript/lualib/sahel/init.lua",
                       "share/sahelscript/scripts/analyze.lua",
                       "share/sahelscript/datasets/gazetteer/sahel.csv" } do
    T.ok(io.open(usr .. "/" .. f), f .. " under DESTDIR/usr/local")
  end
  -- where the stock interpreter and man look by default on Debian
  local _, cpath = T.sh("lua5.4 -e 'io.write(package.cpath)'")
  T.ok(cpath == "" or cpath:find("/usr/local/lib/lua/5.4/?.so", 1, true), "default cpath: " .. cpath)
end)

T.done()
