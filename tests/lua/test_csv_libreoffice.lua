-- A CSV written by sahel.csv goes through LibreOffice (to xlsx and back to CSV) with its
-- Arabic names and its numbers intact. Skipped when soffice is absent.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

if T.sh("command -v soffice >/dev/null") ~= 0 then T.skip("soffice (LibreOffice) absent") end

local dir = T.tmpdir()
local rows = {
  { name = "مالي", count = 42, npmi = 0.123457 },
  { name = "الجزائر", count = 7, npmi = -0.5 },
  { name = "فاغنر، أفريكا كوربس", count = 1000000, npmi = 1 },
  { name = "تشاد", count = 0, npmi = 1e-05 },
}

T.case("csv -> xlsx -> csv keeps names and numbers", function()
  T.ok(sahel.csv.write(dir .. "/sheet.csv", rows, { columns = { "name", "count", "npmi" } }))
  local cmd = "cd " .. T.quote(dir) .. " && soffice --headless --convert-to xlsx sheet.csv" ..
              " && mkdir -p back && soffice --headless" ..
              " --convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' --outdir back sheet.xlsx"
  local code, out, err = T.sh(cmd)
  T.eq(code, 0, "soffice: " .. out .. err)
  local i = 0
  for r in sahel.csv.rows(dir .. "/back/sheet.csv") do
    i = i + 1
    local want = rows[i]
    T.eq(r.name, want.name, "name " .. i)
    T.eq(tonumber(r.count), want.count, "count " .. i)
    T.near(tonumber(r.npmi), want.npmi, 1e-6, "npmi " .. i)
  end
  T.eq(i, #rows)
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
