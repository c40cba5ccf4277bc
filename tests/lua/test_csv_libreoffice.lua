-- A CSV written by sahel.csv goes through LibreOffice (imported as UTF-8 CSV, saved as xlsx,
-- converted back to CSV) with its Arabic names and its numbers intact, with and without
-- `excel = true`. Skipped when soffice is absent.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local X = require "xlsxread"
local sahel = require "sahel"

local missing = X.missing()
if missing then T.skip(missing) end

local dir = T.tmpdir()
local rows = {
  { name = "مالي", count = 42, npmi = 0.123457 },
  { name = "الجزائر", count = 7, npmi = -0.5 },
  { name = "فاغنر، أفريكا كوربس", count = 1000000, npmi = 1 },
  { name = "تشاد \"الجارة\"", count = 0, npmi = 1e-05 },
}

T.cases("csv -> xlsx -> csv keeps names and numbers", {
  { name = "plain", opts = {} },
  { name = "excel", opts = { excel = true } },
}, function(case)
  local sub = dir .. "/" .. case.name
  os.execute("mkdir -p " .. T.quote(sub .. "/back"))
  local opts = { columns = { "name", "count", "npmi" }, excel = case.opts.excel }
  T.ok(sahel.csv.write(sub .. "/sheet.csv", rows, opts))
  local code, log = X.soffice(sub, "--infilter=CSV:44,34,76 --convert-to xlsx sheet.csv")
  T.eq(code, 0, "soffice: " .. log)
  code, log = X.soffice(sub, "--convert-to 'csv:Text - txt - csv (StarCalc):44,34,76' " ..
    "--outdir back sheet.xlsx")
  T.eq(code, 0, "soffice: " .. log)
  local i = 0
  for r in sahel.csv.rows(sub .. "/back/sheet.csv") do
    i = i + 1
    local want = rows[i]
    T.eq(r.name, want.name, "name " .. i)
    T.eq(tonumber(r.count), want.count, "count " .. i)
    T.near(tonumber(r.npmi), want.npmi, 1e-9, "npmi " .. i)
  end
  T.eq(i, #rows)
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
