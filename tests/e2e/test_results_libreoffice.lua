-- test_results_libreoffice.lua: results.xlsx of the main job (the bundled sample, by ISO
-- week) opened by LibreOffice Calc (headless, default import): every cell of the entities,
-- cooccurrence, articles and kwic sheets equals the cell of the CSV file (Arabic intact, the
-- formula guard's ' absent), text arrives as text and every measure and count as a number.
-- Skipped when soffice is absent.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local X = require "xlsxread"
local sahel = require "sahel"

local missing = X.missing()
if missing then T.skip(missing) end

-- The numeric columns of each table (every other column is text).
local NUMERIC = {
  entities = { mentions = true, articles = true },
  cooccurrence = { count = true, count_a = true, count_b = true, contexts = true, pmi = true,
    npmi = true, dice = true, jaccard = true, llr = true },
  articles = { paragraphs = true, sentences = true, tokens = true, mentions = true },
  kwic = {},
}

local dir = T.tmpdir()
local code, out, err = T.sh(T.quote(T.bin) .. " scripts/analyze.lua --quiet --by week --out " ..
  T.quote(dir .. "/out") .. " </dev/null")
if code ~= 0 then error("analyze.lua failed: " .. out .. err) end
local sheets = X.libreoffice(dir .. "/out/results.xlsx")

-- csv_records(name): the records of name.csv as arrays of strings, the guard's ' removed.
local function csv_records(name)
  local t = {}
  for r in sahel.csv.rows(dir .. "/out/" .. name .. ".csv", { header = false, unguard = true }) do
    t[#t + 1] = r
  end
  return t
end

-- same_cell(cell, want, numeric, what): the cell LibreOffice read equals the CSV field want.
local function same_cell(cell, want, numeric, what)
  T.ok(cell, what .. " missing")
  if want == "" then return T.eq(cell, { v = "", text = false }, what .. " (empty)") end
  local n = numeric and tonumber(want)
  if n and n == n and math.abs(n) ~= math.huge then
    T.eq(cell.text, false, what .. " is a number")
    return T.near(tonumber(cell.v), n, 5e-6, what) -- the CSV keeps 6 significant digits
  end
  T.eq(cell, { v = want, text = true }, what .. " is the same text")
end

T.cases("every cell equals the CSV file's", {
  { "entities" }, { "cooccurrence" }, { "articles" }, { "kwic" },
}, function(case)
  local name = case[1]
  local want, got = csv_records(name), T.ok(sheets[name], "sheet " .. name)
  T.eq(#got, #want, "rows")
  T.ok(#want > 20, "a table worth comparing")
  local header, arabic = want[1], 0
  for i, rec in ipairs(want) do
    T.eq(#got[i], #rec, name .. " row " .. i .. " width")
    for c, field in ipairs(rec) do
      same_cell(got[i][c], field, i > 1 and NUMERIC[name][header[c]],
        string.format("%s row %d column %s", name, i, header[c]))
      if field:find("[\216-\219]") then arabic = arabic + 1 end
    end
  end
  if name ~= "entities" and name ~= "cooccurrence" then T.ok(arabic > 20, "Arabic cells") end
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
