-- test_valgrind.lua: the end-to-end job and the host's protections under valgrind memcheck:
-- no invalid access, no use of uninitialised memory, no definite leak. Each run must end
-- with the program's own exit status (valgrind's is 9 on any error) and a clean summary.
-- Skipped when valgrind is absent, and for sanitizer builds (ASan and valgrind exclude each
-- other; .ci/run covers those with ASan/UBSan).
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

if T.sh("command -v valgrind") ~= 0 then T.skip("valgrind is not installed") end
local cache = T.read((os.getenv("SAHEL_BUILD") or "build") .. "/CMakeCache.txt") or ""
if cache:find("SAHEL_SANITIZE:BOOL=ON") or cache:find("SAHEL_FUZZ:BOOL=ON") then
  T.skip("a sanitizer build: valgrind cannot run it")
end

local dir = T.tmpdir()
local VALGRIND = "valgrind --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite " ..
  "--show-leak-kinds=definite --track-origins=yes --log-file="

T.write(dir .. "/writer.lua", [[
local sahel = require "sahel"
local w = assert(sahel.csv.writer(arg[1] .. "/rows.csv"))
local gaz = assert(sahel.gazetteer.load("tests/fixtures/gazetteer/small.csv"))
for i = 1, 200 do
  local ms = gaz:mentions("أعلنت الحكومة في مالي عن اتفاق مع روسيا قرب باماكو " .. i)
  w:write{ i, #ms, sahel.text.normalize("إفريقيا " .. i) }
end
if arg[2] == "fail" then error("failed on purpose with an open writer") end
assert(w:close())
]])

T.cases("memcheck finds nothing", {
  { name = "analyze.lua on the bundled sample", args = "analyze.lua --out %s/out1 --quiet", status = 0 },
  { name = "analyze.lua with --timeout and --max-memory",
    args = "--timeout 600 --max-memory 500 analyze.lua --out %s/out2 --quiet", status = 0 },
  { name = "the toolkit in a sandbox", args = "--sandbox %s/writer.lua %s --out %s", status = 0 },
  { name = "a script error with an open output", args = "%s/writer.lua %s fail", status = 1 },
  { name = "a script stopped by --timeout", args = "--timeout 1 -e 'while true do end'", status = 1 },
  { name = "a script stopped by --max-memory",
    args = "--max-memory 40 -e 'local t = {} while true do t[#t + 1] = (\"x\"):rep(1000) .. #t end'",
    status = 1 },
}, function(row)
  local log = dir .. "/" .. row.name:gsub("%W", "_") .. ".vg"
  local args = row.args:gsub("%%s", dir)
  local code, _, err = T.sh(VALGRIND .. T.quote(log) .. " " .. T.quote(T.bin) .. " " .. args .. " </dev/null")
  local report = T.read(log) or ""
  T.eq(code, row.status, row.name .. ": exit status (9 = valgrind found errors; stderr: " ..
    err:sub(1, 300) .. "; valgrind: " .. report:sub(-1500) .. ")")
  T.ok(report:find("ERROR SUMMARY: 0 errors"), row.name .. ": " .. report:sub(-1500))
  T.ok(report:find("definitely lost: 0 bytes") or report:find("All heap blocks were freed"),
    row.name .. ": no definite leak")
end)

T.done()
