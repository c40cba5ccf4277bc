-- test_xlsx.lua: sahel.xlsx: sheets from arrays, rows by name, iterators and SQL statements;
-- typed cells, the header, the direction, the row limit, misuse raising, and a workbook
-- written whole or not at all. Read back as XML (unzip); test_xlsx_libreoffice.lua reads
-- the same through LibreOffice.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local X = require "xlsxread"
local sahel = require "sahel"

if T.sh("command -v unzip >/dev/null") ~= 0 then T.skip("unzip absent") end

local dir = T.tmpdir()
local n = 0
--- fresh(): a new workbook path.
local function fresh()
  n = n + 1
  return string.format("%s/book%d.xlsx", dir, n)
end

--- cells(xml): the cells of a sheet's XML: ref -> {v = value or text, text = bool, bold}.
local function cells(xml)
  local t = {}
  for attrs, body in xml:gmatch("<c ([^>]*)>(.-)</c>") do
    local ref = attrs:match('r="(%w+)"')
    local text = attrs:find('t="inlineStr"') ~= nil
    local v = text and body:match("<t[^>]*>(.-)</t>") or body:match("<v>(.-)</v>")
    t[ref] = { v = v, text = text, bold = attrs:find('s="1"') ~= nil }
  end
  return t
end

T.cases("sheets from every kind of rows", {
  { name = "array by name: sorted keys as columns",
    rows = { { name = "مالي", count = 3 }, { name = "Niger", count = 1.5 } },
    want = { A1 = "count", B1 = "name", A2 = 3, B2 = "مالي", A3 = 1.5, B3 = "Niger" } },
  { name = "columns in order, missing values empty",
    rows = { { name = "x" }, { name = "y", count = 2 } }, opts = { columns = { "name", "count" } },
    want = { A1 = "name", B1 = "count", A2 = "x", A3 = "y", B3 = 2 }, empty = { "B2" } },
  { name = "arrays, no header", rows = { { "a", 1 }, { "b", 2 } }, bold = false,
    want = { A1 = "a", B1 = 1, A2 = "b", B2 = 2 } },
  { name = "arrays under a header", rows = { { "a", 1 } }, opts = { columns = { "k", "v" } },
    want = { A1 = "k", B1 = "v", A2 = "a", B2 = 1 } },
  { name = "iterator: columns of its first row", iter = { { b = "x", a = 1 }, { a = 2, b = "y" } },
    want = { A1 = "a", B1 = "b", A2 = 1, B2 = "x", A3 = 2, B3 = "y" } },
  { name = "statement: its columns in SQL order", sql = true,
    want = { A1 = "y", B1 = "x", A2 = "3%", B2 = 1, A3 = "2-", B3 = 2.5 } },
  { name = "header off", rows = { { name = "x" } }, bold = false,
    opts = { columns = { "name" }, header = false }, want = { A1 = "x" } },
}, function(case)
  local path = fresh()
  local wb = assert(sahel.xlsx.open(path))
  local rows = case.rows
  if case.iter then
    local i = 0
    rows = function() i = i + 1; return case.iter[i] end
  elseif case.sql then
    local db = assert(sahel.db.open(":memory:"))
    assert(db:exec("CREATE TABLE t(x, y); INSERT INTO t VALUES (1, '3%'), (2.5, '2-');"))
    rows = assert(db:prepare("SELECT y, x FROM t ORDER BY x"))
  end
  wb:sheet("s", rows, case.opts)
  T.ok(wb:close())
  local got = cells(X.sheet_xml(path, "s"))
  for ref, want in pairs(case.want) do
    T.ok(got[ref], ref .. " missing")
    T.eq(got[ref].text, type(want) == "string", ref .. " is text")
    T.eq(got[ref].text and got[ref].v or tonumber(got[ref].v), want, ref)
  end
  T.eq(got.A1.bold, case.bold ~= false, "A1 bold in a header")
  for _, ref in ipairs(case.empty or {}) do T.eq(got[ref], nil, ref .. " empty") end
  local count = 0
  for _ in pairs(got) do count = count + 1 end
  local want_count = 0
  for _ in pairs(case.want) do want_count = want_count + 1 end
  T.eq(count, want_count, "no other cell")
end)

T.cases("text stays text, numbers stay numbers", {
  { "2-" }, { "3%" }, { "2015-08-01" }, { "=1+1" }, { "+33" }, { "0012" }, { "1e5" },
  { "TRUE" }, { " padded " }, { "@x" }, { "-" }, { "٣٤" }, { "1,5" }, { 42 }, { 0.1 },
  { -1e-05 }, { 1e20 }, { true },
}, function(case)
  local path = fresh()
  T.ok(sahel.xlsx.write(path, { { name = "s", rows = { { case[1] } } } }))
  local c = cells(X.sheet_xml(path, "s")).A1
  if type(case[1]) == "string" then
    T.eq(c.text, true, "text cell")
    T.eq(c.v, case[1], "text")
  elseif type(case[1]) == "number" then
    T.eq(c.text, false, "number cell")
    T.eq(tonumber(c.v), case[1], "number")
  else
    T.ok(X.sheet_xml(path, "s"):find('<c r="A1" t="b"><v>1</v></c>', 1, true), "boolean")
  end
end)

T.cases("right to left: auto by the letters, or as asked", {
  { name = "auto, Arabic", text = "تمبكتو", rtl = nil, want = true },
  { name = "auto, Latin", text = "Timbuktu", rtl = nil, want = false },
  { name = "auto spelled", text = "تمبكتو", rtl = "auto", want = true },
  { name = "forced on", text = "Timbuktu", rtl = true, want = true },
  { name = "forced off", text = "تمبكتو", rtl = false, want = false },
}, function(case)
  local path = fresh()
  local wb = assert(sahel.xlsx.open(path))
  local s = wb:sheet("first", nil, { columns = { "id", "place" }, rtl = case.rtl })
  s:write { id = "x", place = case.text }
  wb:sheet("other", { { "Latin only" } })
  T.eq(s:counts().rtl, case.want, "counts().rtl")
  T.ok(wb:close())
  T.eq(X.sheet_xml(path, "first"):find('rightToLeft="1"', 1, true) ~= nil, case.want, "flag")
  T.eq(X.sheet_xml(path, "other"):find('rightToLeft="1"', 1, true), nil, "other sheet")
end)

T.case("rows past max_rows are counted, not written", function()
  local path = fresh()
  local wb = assert(sahel.xlsx.open(path, { max_rows = 3 }))
  local s = wb:sheet("k", nil, { columns = { "i" } })
  for i = 1, 5 do s:write { i = i } end
  T.eq(s:counts(), { rows = 3, cut_rows = 3, cut_texts = 0, rtl = false })
  T.ok(wb:close())
  local xml = X.sheet_xml(path, "k")
  local _, rows = xml:gsub("<row ", "")
  T.eq(rows, 3, "rows in the sheet")
  T.ok(xml:find('<autoFilter ref="A1:A3"/>', 1, true), "filter over the rows written")
  T.eq(sahel.xlsx.defaults.max_rows, 1048576, "the default: the format's limit")
end)

T.case("misuse raises, naming what is wrong", function()
  local path = fresh()
  local wb = assert(sahel.xlsx.open(path))
  wb:sheet("taken", {})
  T.raises(function() wb:sheet("Taken", {}) end, "sheet name 'Taken'", "duplicate (case aside)")
  T.raises(function() wb:sheet("a/b", {}) end, "book%d+%.xlsx: sheet name 'a/b'", "bad character")
  T.raises(function() wb:sheet(string.rep("x", 32), {}) end, "sheet name", "too long")
  T.raises(function() wb:sheet("r", 42) end, "bad rows", "rows of a wrong type")
  T.raises(function() wb:sheet("v", { { print } }) end, "cannot write a function", "value")
  T.raises(function() wb:sheet("d", {}, { rtl = "yes" }) end, "bad option 'rtl'", "rtl")
  T.raises(function() sahel.xlsx.open(fresh(), { max_rows = 0 }) end, "max_rows", "max_rows")
  local s = wb:sheet("later", {})
  T.ok(wb:close())
  T.raises(function() s:write { "x" } end, "closed workbook", "sheet of a closed workbook")
  T.raises(function() wb:sheet("again", {}) end, "closed workbook", "closed workbook")
  local none, msg = sahel.xlsx.open("/nonexistent-dir/x.xlsx")
  T.eq(none, nil, "no directory")
  T.ok(msg:find("/nonexistent-dir/x.xlsx", 1, true), msg)
end)

T.case("whole or not at all", function()
  local path = dir .. "/keep.xlsx"
  T.write(path, "old")
  T.raises(function()
    local wb <close> = assert(sahel.xlsx.open(path))
    wb:sheet("s", { { "new" } })
    error("the report failed")
  end, "the report failed")
  T.eq(T.read(path), "old", "an error in the scope leaves the old file")
  T.raises(function() sahel.xlsx.write(path, { { name = "s", rows = { { {} } } } }) end,
    "cannot write a table")
  T.eq(T.read(path), "old", "a bad row leaves the old file")
  local _, out = T.sh("ls -A " .. T.quote(dir) .. " | grep -c tmp")
  T.eq(tonumber(out), 0, "no temporary left")
  do
    local wb <close> = assert(sahel.xlsx.open(path))
    wb:sheet("s", { { "new" } })
  end
  T.ok(X.sheet_xml(path, "s"):find("<t>new</t>", 1, true), "the scope's end commits")
end)

T.case("finish: written in a thread, committed by close, discarded by abort", function()
  local path = dir .. "/finish.xlsx"
  T.write(path, "old")
  local wb = assert(sahel.xlsx.open(path))
  local s = wb:sheet("s", { { "مالي", 1 } })
  wb:finish()
  T.raises(function() s:write { "late" } end, "finished workbook", "a row after finish")
  T.raises(function() wb:sheet("t", {}) end, "finished workbook", "a sheet after finish")
  wb:abort()
  T.eq(T.read(path), "old", "abort after finish leaves the old file")
  wb = assert(sahel.xlsx.open(path))
  wb:sheet("s", { { "مالي", 1 } })
  wb:finish()
  T.eq(T.read(path), "old", "nothing in place before close")
  T.ok(wb:close())
  T.ok(X.sheet_xml(path, "s"):find("<t>مالي</t>", 1, true), "committed by close")
  T.ok(X.sheet_xml(path, "s"):find('rightToLeft="1"', 1, true), "finished in the thread")
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
