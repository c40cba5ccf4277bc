package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local csv = sahel.csv

local dir = T.tmpdir()
local n = 0
-- tmp: a fresh file name in dir.
local function tmp(ext)
  n = n + 1
  return string.format("%s/f%d.%s", dir, n, ext or "csv")
end

-- read_all: every row of path (by header unless opts.header == false).
local function read_all(path, opts)
  local out = {}
  for r in csv.rows(path, opts) do out[#out + 1] = r end
  return out
end

local RLM, LRM = "\u{200F}", "\u{200E}"
local tricky = {
  { name = "باماكو، مالي", note = 'قال "الناطق": نعم, لا', n = 1 },
  { name = RLM .. "الجزائر" .. LRM, note = "سطر أول\nسطر ثان\r\nثالث", n = 2 },
  { name = "=cmd|' /C calc'!A0", note = "+1 -2 @x", n = 3 },
  { name = "Africa Corps", note = "", n = 4 },
  { name = "\tTab", note = "-", n = 5 },
}

T.case("round trip: what write writes, rows reads back", function()
  local path = tmp()
  T.ok(csv.write(path, tricky, { columns = { "n", "name", "note" } }))
  local back = read_all(path, { unguard = true })
  T.eq(#back, #tricky)
  for i, r in ipairs(tricky) do
    T.eq(back[i], { n = tostring(r.n), name = r.name, note = r.note }, "row " .. i)
  end
  local raw = read_all(path)
  T.eq(raw[3].name, "'=cmd|' /C calc'!A0", "rows() keeps the guard unless unguard = true")
  T.eq(raw[3].note, "'+1 -2 @x")
  T.eq(raw[5].note, "'-")
  T.eq(raw[1].name, "باماكو، مالي")
end)

T.cases("written bytes (TEXT-SPEC §8)", {
  { rows = { { "a", "b" }, { 1, 0.5 } }, want = "a,b\n1,0.5\n" },
  { rows = { { 1 / 3, 1 << 60, 2 ^ 60, 1e20, -0.0, 2.0 } },
    want = "0.333333,1152921504606846976,1.15292e+18,1e+20,0,2\n" },
  { rows = { { -5, "-5", "=1+1" } }, want = "-5,'-5,'=1+1\n" },
  { rows = { { "a,b", 'q"q', "x\ny" } }, want = '"a,b","q""q","x\ny"\n' },
  { rows = { { "a", "b" } }, opts = { excel = true }, want = "\xEF\xBB\xBFa,b\r\n" },
  { rows = { { "=x", "y;z" } }, opts = { delimiter = ";", guard = false }, want = '=x;"y;z"\n' },
  { rows = { { x = 1, y = "مالي" } }, opts = { columns = { "y", "x" } }, want = "y,x\nمالي,1\n" },
  { rows = { { b = 2, a = 1 }, { c = 3 } }, want = "a,b,c\n1,2,\n,,3\n" },
  { rows = { { true, false } }, want = "true,false\n" },
}, function(row)
  local path = tmp()
  T.ok(csv.write(path, row.rows, row.opts))
  T.eq(T.read(path), row.want)
end)

T.cases("reading options", {
  { text = "a;b\n1;2\n", opts = { delimiter = ";" }, want = { { a = "1", b = "2" } } },
  { text = "a,b\n1,2\n", opts = { header = false }, want = { { "a", "b" }, { "1", "2" } } },
  { text = "\xEF\xBB\xBFid,x\r\nmali,1\r\n", want = { { id = "mali", x = "1" } } },
  { text = "id,x\n'=a,'-1\n", opts = { unguard = true }, want = { { id = "=a", x = "-1" } } },
  { text = "id,x\n'a,''=b\n", opts = { unguard = true }, want = { { id = "'a", x = "''=b" } } },
  { text = "a,b\n\n1,2\n\n", want = { { a = "1", b = "2" } } },
  { text = "x\n|a|\n", opts = { quote = "|" }, want = { { x = "a" } } },
}, function(row)
  local path = tmp()
  T.write(path, row.text)
  T.eq(read_all(path, row.opts), row.want)
end)

T.cases("errors name file:line[:column]", {
  { text = "a,b\n1,2\"x\n", pat = ":2:4: unbalanced quote" },
  { text = "a,b\n1,\"open\n", pat = ":2:3: unbalanced quote" },
  { text = "a,b,c\n1,2,3\n1,2\n", pat = ":3: 2 fields, the header has 3" },
  { text = "a,b\n1,2,3\n", opts = { header = false }, pat = ":2: 3 fields, the header has 2" },
}, function(row)
  local path = tmp()
  T.write(path, row.text)
  local e = T.raises(function() read_all(path, row.opts) end, row.pat, row.pat)
  T.ok(tostring(e):find(path, 1, true), tostring(e))
end)

T.case("lenient reading warns instead", function()
  local path = tmp()
  T.write(path, "a,b,c\n1,2\n4,5\"x,6\n")
  local warnings = {}
  local rows = read_all(path, { strict = false, warn = function(m) warnings[#warnings + 1] = m end })
  T.eq(#rows, 2)
  T.eq(rows[1], { a = "1", b = "2" })
  T.eq(#warnings, 2, "a ragged row and a quote")
  T.ok(warnings[1]:find(":3:4: unbalanced quote", 1, true), warnings[1])
  T.ok(warnings[2]:find(":2: 2 fields", 1, true), warnings[2])
end)

T.case("missing files and directories", function()
  T.raises(function() csv.rows(dir .. "/none.csv") end, "none.csv")
  local ok, msg = csv.write(dir .. "/no/such/dir.csv", { { 1 } })
  T.eq(ok, nil)
  T.ok(msg:find(dir .. "/no/such/dir.csv", 1, true), msg)
  local h, why = csv.header(dir .. "/none.csv")
  T.eq(h, nil)
  T.ok(why:find("none.csv"), why)
end)

T.case("writer: whole or nothing", function()
  local path = tmp()
  T.write(path, "old\n")
  local w = assert(csv.writer(path, { columns = { "a" } }))
  w:write({ a = "new" })
  T.eq(T.read(path), "old\n", "nothing visible before close")
  w:abort()
  T.eq(T.read(path), "old\n", "abort keeps the old file")
  do
    local w2 <close> = assert(csv.writer(path, { columns = { "a" } }))
    w2:write({ a = "scoped" })
  end
  T.eq(T.read(path), "a\nscoped\n", "<close> commits")
  pcall(function()
    local w3 <close> = assert(csv.writer(path))
    w3:write({ "lost" })
    error("fails mid-way")
  end)
  T.eq(T.read(path), "a\nscoped\n", "an error in scope aborts")
  local ls = select(2, T.sh("ls " .. T.quote(dir)))
  T.ok(not ls:find("tmp%-"), "no temporary left: " .. ls)
  local w4 = assert(csv.writer(path))
  T.ok(w4:close())
  T.raises(function() w4:write({ 1 }) end, "closed CSV writer")
  T.raises(function() w4.w:row({ {} }) end, "closed")
  local w5 = assert(csv.writer(tmp()))
  T.raises(function() w5:write({ {} }) end, "cannot write a table")
  w5:abort()
end)

T.case("format_num", function()
  T.eq(csv.format_num(1 / 3), "0.333333")
  T.eq(csv.format_num(1234567.0), "1.23457e+06")
  T.eq(csv.format_num(0 / 0), "nan")
  T.eq(csv.format_num(-math.huge), "-inf")
end)

T.case("w:copy(stmt, sheet) writes what w:write and sheet:write write", function()
  local X = require "xlsxread"
  local db = assert(sahel.db.open(":memory:"))
  assert(db:exec("CREATE TABLE t(a, b, c, d)"))
  local ins = assert(db:prepare("INSERT INTO t VALUES (?, ?, ?, ?)"))
  for i, r in ipairs(tricky) do
    assert(ins:exec(r.name, r.note, r.n * 1000003, i / 7))
  end
  assert(ins:exec(nil, "", -0.0, 1e300 * 10))
  assert(ins:exec("x", nil, math.mininteger, -1e-7))
  assert(db:exec("INSERT INTO t VALUES (x'00ff41', 'مالي', 2.5, NULL)"))
  ins:close()
  local cols = { "a", "b", "c", "d" }
  local sql = "SELECT a, b, c, d FROM t ORDER BY rowid"
  local by_lua, by_copy = tmp(), tmp()
  local wb1, wb2 = tmp("xlsx"), tmp("xlsx")
  local b1, b2 = sahel.xlsx.open(wb1), sahel.xlsx.open(wb2)
  local s1, s2 = b1:sheet("s", nil, { columns = cols }), b2:sheet("s", nil, { columns = cols })
  for _, excel in ipairs({ false, true }) do
    local w = assert(csv.writer(by_lua, { columns = cols, excel = excel }))
    for r in db:rows(sql) do w:write(r); if not excel then s1:write(r) end end
    assert(w:close())
    w = assert(csv.writer(by_copy, { columns = cols, excel = excel }))
    local st = assert(db:prepare(sql))
    T.eq(w:copy(st, not excel and s2 or nil), #tricky + 3, "rows")
    assert(w:close())
    T.eq(T.read(by_copy), T.read(by_lua), "the same bytes, excel " .. tostring(excel))
    st:close()
  end
  assert(b1:close())
  assert(b2:close())
  if os.execute("command -v unzip >/dev/null 2>&1") then
    T.eq(X.sheet_xml(wb2, "s"), X.sheet_xml(wb1, "s"), "the same sheet")
  end
  local w = assert(csv.writer(tmp(), { columns = { "a", "b" } }))
  T.raises(function() w:copy(assert(db:prepare(sql))) end, "columns %(a, b, c, d%) are not")
  T.raises(function() w:copy(assert(db:prepare("SELECT abs(-9223372036854775807 - 1) AS a, 1 AS b"))) end,
    "integer overflow")
  w:abort()
  db:close()
end)

T.case("w:start_copy(db, sql, sheet) copies in a thread what w:copy copies", function()
  local X = require "xlsxread"
  local path = tmp("sqlite")
  local db = assert(sahel.db.open(path))
  assert(db:exec("PRAGMA journal_mode=WAL"))
  assert(db:exec("CREATE TABLE t(a, b, c, d)"))
  db:tx(function()
    local ins = assert(db:prepare("INSERT INTO t VALUES (?, ?, ?, ?)"))
    for k = 1, 3000 do
      local r = tricky[k % #tricky + 1]
      assert(ins:exec(r.name .. k, r.note, k * 1000003, k / 7))
    end
    assert(ins:exec(nil, "", -0.0, 1e300 * 10))
    ins:close()
  end)
  local cols = { "a", "b", "c", "d" }
  local sql = "SELECT a, b, c, d FROM t ORDER BY rowid"
  local function copied(threaded, also)
    local out, book = tmp(), tmp("xlsx")
    local wb = sahel.xlsx.open(book)
    local s, other = wb:sheet("s", nil, { columns = cols }), wb:sheet("o", nil, { columns = cols })
    local w = assert(csv.writer(out, { columns = cols }))
    local c = assert(w:start_copy(db, sql, s, { thread = threaded }))
    if also then also(w, s, wb, other) end
    T.eq(c:wait(), 3001, "rows")
    assert(w:close())
    assert(wb:close())
    return T.read(out), book
  end
  local ref = tmp()
  local w = assert(csv.writer(ref, { columns = cols }))
  local st = assert(db:prepare(sql))
  w:copy(st)
  st:close()
  assert(w:close())
  local want = T.read(ref)
  local now, book_now = copied(false)
  T.eq(now, want, "thread = false: w:copy's bytes")
  local threaded, book = copied(true, function(w2, s, wb, other)
    T.raises(function() w2:write({ a = 1 }) end, "while a copy writes to it")
    T.raises(function() s:write({ a = 1 }) end, "while a copy writes to it")
    T.raises(function() wb:finish() end, "while a copy writes to its sheets")
    T.raises(function() wb:close() end, "while a copy writes to its sheets")
    T.raises(function() wb:abort() end, "while a copy writes to its sheets")
    for r in db:rows(sql) do other:write(r) end   -- another sheet, the same file, meanwhile
    assert(db:exec("INSERT INTO t VALUES ('later', 1, 2, 3)"))
    assert(db:exec("DELETE FROM t WHERE a = 'later'"))
  end)
  T.eq(threaded, want, "in a thread: the same bytes")
  if os.execute("command -v unzip >/dev/null 2>&1") then
    T.eq(X.sheet_xml(book, "s"), X.sheet_xml(book_now, "s"), "the same sheet")
    T.eq(#X.sheet_xml(book, "o") > 0, true, "the other sheet, written meanwhile")
  end
  -- What is refused, and a copy that fails while it runs.
  local mem = assert(sahel.db.open(":memory:"))
  w = assert(csv.writer(tmp(), { columns = cols }))
  local c, msg = w:start_copy(mem, "SELECT 1 AS a, 2 AS b, 3 AS c, 4 AS d")
  T.eq(c, nil)
  T.ok(msg:find("no file"), msg)
  c, msg = w:start_copy(db, "SELECT a, b, c, d FROM nowhere")
  T.eq(c, nil)
  T.ok(msg:find("no such table: nowhere"), msg)
  c = assert(w:start_copy(db, "SELECT abs(-9223372036854775807 - 1) AS a, 1 AS b, 2 AS c, 3 AS d"))
  T.raises(function() c:wait() end, "integer overflow")
  T.raises(function() c:wait() end, "wait twice")
  w:abort()
  -- A copy never waited for is waited for when collected; its writer is free again.
  w = assert(csv.writer(tmp(), { columns = cols }))
  c = assert(w:start_copy(db, sql))
  c = nil
  collectgarbage()
  collectgarbage()
  w:write({ a = "after" })
  assert(w:close())
  mem:close()
  db:close()
end)

T.case("copies into several sheets of one workbook at once", function()
  -- Each copy writes its sheet's header row out with its first data row, from its own
  -- thread: the header's format is shared by the whole workbook.
  local X = require "xlsxread"
  local path = tmp("sqlite")
  local db = assert(sahel.db.open(path))
  assert(db:exec("CREATE TABLE t(a, b)"))
  assert(db:exec("WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n WHERE k < 200)"
    .. " INSERT INTO t SELECT 'مالي ' || k, k FROM n"))
  for round = 1, 10 do
    local book = tmp("xlsx")
    local wb = sahel.xlsx.open(book)
    local jobs, sheets = {}, {}
    for k = 1, 8 do sheets[k] = wb:sheet("s" .. k, nil, { columns = { "a", "b" } }) end
    for k = 1, 8 do
      local w = assert(csv.writer(tmp(), { columns = { "a", "b" } }))
      jobs[k] = { w = w, c = assert(w:start_copy(db, "SELECT a, b FROM t ORDER BY rowid", sheets[k])) }
    end
    for _, j in ipairs(jobs) do T.eq(j.c:wait(), 200, "rows, round " .. round); assert(j.w:close()) end
    assert(wb:close())
    if round == 1 and os.execute("command -v unzip >/dev/null 2>&1") then
      for k = 1, 8 do
        local xml = X.sheet_xml(book, "s" .. k)
        T.ok(xml:find('<c r="A1" s="1" t="inlineStr">', 1, true), "sheet " .. k .. ": bold header")
        T.ok(xml:find('r="B201"', 1, true), "sheet " .. k .. ": every row")
      end
    end
  end
  db:close()
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
