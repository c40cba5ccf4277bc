-- test_xlsx_libreoffice.lua: a workbook written by sahel.xlsx, opened by LibreOffice Calc
-- (headless, default import): every text cell arrives as the same text (Arabic, quotes,
-- commas, line breaks, and text that looks like a number, a date or a formula), every
-- number as a number, on every sheet. Skipped when soffice is absent.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local X = require "xlsxread"
local sahel = require "sahel"

local missing = X.missing()
if missing then T.skip(missing) end

local TEXTS = { "مالي", "فاغنر، أفريكا كوربس", 'تشاد "الجارة"', "سطر\nثان", "2-", "3%",
  "2015-08-01", "=1+1", "+33", "0012", "1e5", "TRUE", " padded ", "@x", "-", "٣٤", "1,5",
  "12/05/2020", "_x0041_", "'quoted", "a\tb" }
local NUMBERS = { 42, 0.123456789012345, -0.5, 1e-05, 1000000, 0, 1e20, -7 }

local dir = T.tmpdir()
local path = dir .. "/book.xlsx"
local rows = {}
for i = 1, math.max(#TEXTS, #NUMBERS) do
  rows[i] = { text = TEXTS[i], number = NUMBERS[i], id = "r" .. i }
end
T.ok(sahel.xlsx.write(path, {
  { name = "ltr", rows = rows, columns = { "id", "text", "number" }, rtl = false },
  { name = "rtl", rows = rows, columns = { "number", "text", "id" } },
}))
local sheets = X.libreoffice(path)

T.cases("every cell as written", {
  { name = "ltr", columns = { "id", "text", "number" } },
  { name = "rtl", columns = { "number", "text", "id" } },
}, function(case)
  local got = T.ok(sheets[case.name], "sheet " .. case.name)
  T.eq(#got, #rows + 1, "rows")
  for c, name in ipairs(case.columns) do
    T.eq(got[1][c], { v = name, text = true }, "header " .. name)
  end
  for i, r in ipairs(rows) do
    for c, name in ipairs(case.columns) do
      local cell, want = got[i + 1][c], r[name]
      local what = string.format("%s row %d column %s", case.name, i, name)
      if want == nil then
        T.eq(cell, { v = "", text = false }, what .. " (empty)")
      elseif type(want) == "number" then
        T.eq(cell.text, false, what .. " is a number")
        T.near(tonumber(cell.v), want, 1e-14, what)
      else
        T.eq(cell, { v = want, text = true }, what)
      end
    end
  end
end)

T.case("the sheets are laid out as asked", function()
  T.eq(X.sheet_xml(path, "ltr"):find('rightToLeft="1"', 1, true), nil, "ltr")
  T.ok(X.sheet_xml(path, "rtl"):find('rightToLeft="1"', 1, true), "rtl (auto: Arabic)")
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
