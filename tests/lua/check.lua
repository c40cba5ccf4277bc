--- check.lua: the test library of tests/lua and tests/e2e (table-driven, as in lua-cjson).
-- Each test file runs cases and ends with T.done(), which prints "N passed, N failed" and
-- exits non-zero on failure; T.skip exits 77, which ctest reports as skipped.
local T = { passed = 0, failed = 0 }

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  if type(v) ~= "table" then return tostring(v) end
  local keys, parts = {}, {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, function(a, b) return tostring(a) < tostring(b) end)
  for _, k in ipairs(keys) do parts[#parts + 1] = tostring(k) .. "=" .. show(v[k]) end
  return "{" .. table.concat(parts, ", ") .. "}"
end
T.show = show

--- deep_equal(a, b): whether two values are equal, comparing tables by content.
local function deep_equal(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then
    if type(a) == "number" and type(b) == "number" then return a == b or (a ~= a and b ~= b) end
    return a == b
  end
  for k, v in pairs(a) do if not deep_equal(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
T.deep_equal = deep_equal

--- eq(got, want, what): fail the current case unless got equals want (deeply).
function T.eq(got, want, what)
  if not deep_equal(got, want) then
    error(string.format("%s: got %s, want %s", what or "value", show(got), show(want)), 2)
  end
end

--- near(got, want, eps, what): numbers equal within eps (relative for large values).
function T.near(got, want, eps, what)
  eps = eps or 1e-9
  local scale = math.max(1, math.abs(want))
  if type(got) ~= "number" or math.abs(got - want) > eps * scale then
    error(string.format("%s: got %s, want %s", what or "value", tostring(got), tostring(want)), 2)
  end
end

--- ok(v, what): fail unless v is truthy.
function T.ok(v, what)
  if not v then error((what or "expected a true value"), 2) end
  return v
end

--- raises(fn, pattern, what): fail unless fn() raises an error matching pattern.
function T.raises(fn, pattern, what)
  local ok, e = pcall(fn)
  if ok then error((what or "call") .. ": expected an error", 2) end
  if pattern and not tostring(e):find(pattern) then
    error(string.format("%s: error %q does not match %q", what or "call", tostring(e), pattern), 2)
  end
  return e
end

--- case(name, fn): run one case, counting it.
function T.case(name, fn)
  local ok, e = xpcall(fn, debug.traceback)
  if ok then
    T.passed = T.passed + 1
  else
    T.failed = T.failed + 1
    io.stderr:write("FAIL ", name, "\n  ", tostring(e):gsub("\n", "\n  "), "\n")
  end
end

--- cases(name, rows, fn): one case per row of a table (table-driven tests).
function T.cases(name, rows, fn)
  for i, row in ipairs(rows) do
    T.case(string.format("%s #%d %s", name, i, row.name or show(row[1]):sub(1, 40)),
      function() fn(row) end)
  end
end

--- done(): print the summary line and exit with the verdict.
function T.done()
  print(string.format("%d passed, %d failed", T.passed, T.failed))
  os.exit(T.failed == 0 and 0 or 1)
end

--- skip(why): the whole file is skipped (ctest: SKIP_RETURN_CODE 77).
function T.skip(why)
  print("SKIP: " .. why)
  os.exit(77)
end

--- root: the source tree (tests run with it as the working directory).
T.root = os.getenv("SAHEL_ROOT") or "."
--- bin: the sahelscript binary under test.
T.bin = os.getenv("SAHEL_BIN") or "build/sahelscript"

--- shared(rel): the path of ../shared/rel when present, else nil (callers skip cleanly).
function T.shared(rel)
  local dir = os.getenv("SAHEL_SHARED") or (T.root .. "/../shared")
  local path = dir .. "/" .. (rel or "")
  local f = io.open(path, "r")
  if not f then return nil end
  f:close()
  return path
end

--- tmpdir(): a fresh temporary directory (removed by the OS's tmp cleaning).
function T.tmpdir()
  local p = io.popen("mktemp -d /tmp/sahel-test.XXXXXX")
  local dir = p:read("l")
  p:close()
  return dir
end

--- read(path): the whole file, or nil.
function T.read(path)
  local f = io.open(path, "rb")
  if not f then return nil end
  local s = f:read("a")
  f:close()
  return s
end

--- write(path, s): write s to path.
function T.write(path, s)
  local f = assert(io.open(path, "wb"))
  f:write(s)
  f:close()
end

--- sh(cmd): run a shell command; returns exit code, stdout, stderr.
function T.sh(cmd)
  local err = os.tmpname()
  local p = io.popen("(" .. cmd .. ") 2>" .. err)
  local out = p:read("a")
  local _, _, code = p:close()
  local e = T.read(err) or ""
  os.remove(err)
  return code, out, e
end

--- quote(s): s quoted for the shell.
function T.quote(s) return "'" .. tostring(s):gsub("'", "'\\''") .. "'" end

return T
