-- test_results_xlsx.lua: results.xlsx of the main job (scripts/analyze.lua on the bundled
-- sample), read as XML: its sheets in order (periods only with --by), the header of each,
-- right to left where the sheet holds Arabic, the about sheet (inputs, options, date), the
-- periods sheet against entities.csv, and sheets cut at a small row limit with a note on the
-- about sheet. test_results_libreoffice.lua compares every cell with the CSV files.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local X = require "xlsxread"
local sahel = require "sahel"

if T.sh("command -v unzip >/dev/null") ~= 0 then T.skip("unzip absent") end

local dir = T.tmpdir()

-- analyze(out, args): run analyze.lua into out with args; fails the case when it fails.
local function analyze(out, args)
  local code, stdout, stderr = T.sh(T.quote(T.bin) .. " scripts/analyze.lua --quiet --out " ..
    T.quote(out) .. " " .. args .. " </dev/null")
  T.eq(code, 0, "analyze.lua: " .. stdout .. stderr)
  return out .. "/results.xlsx"
end

-- about(path): the about sheet as item -> value (strings, as the XML holds them).
local function about(path)
  local t, xml = {}, X.sheet_xml(path, "about")
  for row in xml:gmatch("<row [^>]*>(.-)</row>") do
    local vals = {}
    for body in row:gmatch("<c [^>]*>(.-)</c>") do
      vals[#vals + 1] = body:match("<t[^>]*>(.-)</t>") or body:match("<v>(.-)</v>")
    end
    if vals[1] == "note" then t.notes = (t.notes or "") .. vals[2] .. "\n"
    elseif vals[1] then t[vals[1]] = vals[2] or "" end
  end
  return t
end

local by_month = analyze(dir .. "/month", "--by month")
local plain = analyze(dir .. "/plain", "")

T.case("sheets in order; periods only with --by", function()
  T.eq(X.sheet_names(by_month),
    { "about", "entities", "cooccurrence", "articles", "kwic", "periods" })
  T.eq(X.sheet_names(plain), { "about", "entities", "cooccurrence", "articles", "kwic" })
  T.ok(T.read(dir .. "/plain/.sahel-manifest"):find("results.xlsx", 1, true), "manifest")
end)

T.cases("each table: bold frozen header, filter, direction", {
  { "entities", rtl = false, first = "entity_id" }, { "cooccurrence", rtl = false, first = "period" },
  { "articles", rtl = true, first = "article_id" }, { "kwic", rtl = true, first = "article_id" },
  { "periods", rtl = false, first = "period" }, { "about", rtl = false, first = "item" },
}, function(case)
  local xml = X.sheet_xml(by_month, case[1])
  T.ok(xml:find('state="frozen"', 1, true), "frozen header")
  T.ok(xml:find("<autoFilter ref=", 1, true), "autofilter")
  T.ok(xml:find('<c r="A1" s="1" t="inlineStr"><is><t>' .. case.first .. "</t>", 1, true),
    "bold header starting with " .. case.first)
  T.eq(xml:find('rightToLeft="1"', 1, true) ~= nil, case.rtl, "right to left")
  T.ok(xml:find("<cols>", 1, true), "column widths")
end)

T.case("about: the run's inputs, options and date", function()
  local a = about(by_month)
  T.eq(a["--corpus"], "datasets/sample (bundled)")
  T.eq(a["--gazetteer"], "datasets/gazetteer/sahel.csv (bundled)")
  T.eq(a["--by"], "month")
  T.eq(a["--context"], "sentence")
  T.eq(a["--min-count"], "1")
  T.eq(a["--excel"], "no")
  T.eq(a.sahelscript, sahel.version)
  T.ok(a.date:find("^%d%d%d%d%-%d%d%-%d%d %d%d:%d%d:%d%d UTC$"), a.date)
  T.ok(a.command:find("analyze.lua --quiet --out ", 1, true), a.command)
  T.eq(a.articles, "28")
  T.eq(a.notes, nil, "nothing cut")
end)

T.case("periods: each entity's mentions per month add up to entities.csv", function()
  local total = {}
  for r in sahel.csv.rows(dir .. "/month/entities.csv") do total[r.entity_id] = tonumber(r.mentions) end
  local xml, sums, rows = X.sheet_xml(by_month, "periods"), {}, 0
  for row in xml:gmatch('<row r="(%d+)"') do rows = math.max(rows, tonumber(row)) end
  for id, mentions in xml:gmatch('<c r="B%d+" t="inlineStr"><is><t>([^<]*)</t></is></c>' ..
      '<c r="C%d+" t="inlineStr"><is><t>[^<]*</t></is></c><c r="D%d+" t="inlineStr"><is><t>' ..
      '[^<]*</t></is></c><c r="E%d+"><v>(%d+)</v>') do
    sums[id] = (sums[id] or 0) + tonumber(mentions)
  end
  local seen = 0
  for id, n in pairs(total) do
    if n > 0 then seen = seen + 1; T.eq(sums[id], n, id) end
  end
  T.ok(seen > 100 and rows > seen, "entities and rows")
end)

T.case("a sheet past the row limit is cut, with a note on the about sheet", function()
  local out = dir .. "/cut"
  local xlsx = require "sahel.xlsx"
  xlsx.defaults.max_rows = 10
  local saved = arg
  arg = { "--quiet", "--out", out }
  local ok, e = pcall(dofile, "scripts/analyze.lua")
  arg, xlsx.defaults.max_rows = saved, 1048576
  T.ok(ok, tostring(e))
  local path, kwic_rows = out .. "/results.xlsx", -1
  for _ in sahel.csv.rows(out .. "/kwic.csv", { header = false }) do kwic_rows = kwic_rows + 1 end
  local _, rows = X.sheet_xml(path, "kwic"):gsub("<row ", "")
  T.eq(rows, 10, "kwic rows in the sheet")
  local notes = about(path).notes or ""
  T.ok(notes:find(string.format("kwic: the last %d of %d rows are left out (a sheet holds 10 " ..
    "rows with its header); kwic.csv holds every row", kwic_rows - 9, kwic_rows), 1, true), notes)
  T.ok(notes:find("articles: the last 19 of 28 rows", 1, true), notes)
  T.eq(#T.read(out .. "/kwic.csv") > 0, true, "kwic.csv whole")
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
