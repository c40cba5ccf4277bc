-- test_errors.lua: the error contract of docs/api.md ("Errors"): every open, load and
-- parse returns nil, message when the outside world fails, the message naming the path;
-- its raising variant has one name (must_open, must_load, must_parse), made by sahel.must.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local MISSING = "/nonexistent-dir/sahel-missing"

-- module, function, its arguments failing on the outside world, and what the message names.
T.cases("nil, message; must_ raises the same message", {
  { "corpus", "open", { MISSING }, MISSING },
  { "gazetteer", "load", { MISSING .. ".csv" }, MISSING },
  { "cooc", "load", { MISSING .. ".cooc" }, MISSING },
  { "db", "open", { MISSING .. ".sqlite" }, MISSING },
  { "store", "open", { MISSING .. ".sqlite" }, MISSING },
  { "xlsx", "open", { MISSING .. ".xlsx" }, MISSING },
  { "article", "load", { MISSING .. ".txt" }, MISSING },
  { "article", "parse", { "a\255b", { strict = true, name = "in.txt" } }, "in.txt" },
}, function(row)
  local mod, fn, args, names = sahel[row[1]], row[2], row[3], row[4]
  local v, msg = mod[fn](table.unpack(args))
  T.eq(v, nil, row[1] .. "." .. fn)
  T.ok(type(msg) == "string" and msg:find(names, 1, true), tostring(msg))
  local ok, err = pcall(mod["must_" .. fn], table.unpack(args))
  T.ok(not ok, "must_" .. fn .. " raises")
  T.eq(tostring(err):gsub("^[^:]*:%d+: ", ""), msg, "the same message")
end)

T.case("one name for the raising variant, made in one place", function()
  local openers = 0
  for mname, mod in pairs(sahel) do
    if type(mod) == "table" then
      for k, v in pairs(mod) do
        if type(v) == "function" and (k == "open" or k == "load" or k == "parse") then
          openers = openers + 1
          T.ok(type(mod["must_" .. k]) == "function", mname .. ".must_" .. k)
        end
        T.ok(k ~= "raising" or mname == "must", mname .. ".raising: a second maker")
        local base = type(k) == "string" and k:match("^must_(.*)")
        if base then T.ok(type(mod[base]) == "function", mname .. "." .. k .. " without " .. base) end
      end
    end
  end
  T.ok(openers >= 8, openers .. " openers")
  T.eq(sahel.gazetteer.open, nil, "gazetteer.open (it raised) is gone")
  T.eq(sahel.cooc.open, nil, "cooc.open (it raised) is gone")
  local m = sahel.must.add({ f = function(x) if x then return x, 2 end return nil, "no" end }, { "f" })
  T.eq({ m.must_f(1) }, { 1, 2 })
  T.raises(function() m.must_f(nil) end, "no")
end)

-- C: running out of memory is written by one function (err_nomem / err_nomem_at in
-- src/core/base/err.c) with one message, ERR_NOMEM; no other file spells it (outfile.c's
-- "not written: the run ran out of memory" says something else: a refused commit).
T.case("out of memory: one message, one place", function()
  local spelled, calls = {}, 0
  local files = assert(io.popen("find src -name '*.[ch]' | sort"))
  for path in files:lines() do
    local text = assert(T.read(path))
    local n = 1
    for line in (text .. "\n"):gmatch("(.-)\n") do
      if line:find('"[^"]*out of memory[^"]*"') and not path:find("base/err%.h$")
         and not line:find("ran out of memory", 1, true) and not line:match("^%s*/?%*") then
        spelled[#spelled + 1] = path .. ":" .. n .. ": " .. line
      end
      if line:find("err_nomem") or line:find("lx_nomem") then calls = calls + 1 end
      n = n + 1
    end
  end
  files:close()
  T.eq(spelled, {}, "other spellings")
  T.ok(calls > 100, calls .. " reports through err_nomem / lx_nomem")
end)

-- SQLite's errors have one format, written in one place (sqldb_error, io/sqldb.c):
-- "what: SQLite's message (in SQL: ...)"; no other file reads sqlite3_errmsg.
T.case("SQLite errors: one format, one place", function()
  local others = {}
  local files = assert(io.popen("grep -rln 'sqlite3_errmsg' src bench"))
  for path in files:lines() do
    if not path:find("io/sqldb%.c$") then others[#others + 1] = path end
  end
  files:close()
  T.eq(others, {}, "files formatting SQLite's errors themselves")
  local db = assert(sahel.db.open(":memory:"))
  local r, err = db:exec("SELEC 1")
  T.ok(r == nil and err:find(':memory:: near "SELEC": syntax error (in SQL: SELEC 1)', 1, true),
    tostring(err))
  db:close()
end)

T.done()
