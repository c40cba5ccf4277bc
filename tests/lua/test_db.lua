package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local dir = T.tmpdir()

-- mem: a fresh in-memory database with a small table.
local function mem()
  local db = assert(sahel.db.open(":memory:"))
  assert(db:exec([[CREATE TABLE t(id INTEGER PRIMARY KEY, name TEXT, x REAL, b BLOB);
                   INSERT INTO t(name, x) VALUES ('مالي', 1.5), ('niger', NULL), ('تشاد', 3)]]))
  return db
end

T.cases("rows with bound parameters", {
  { sql = "SELECT name FROM t WHERE id = ?", args = { 1 }, want = { { name = "مالي" } } },
  { sql = "SELECT name FROM t WHERE x > ? ORDER BY id", args = { 1 },
    want = { { name = "مالي" }, { name = "تشاد" } } },
  { sql = "SELECT name, x FROM t WHERE name = :n", args = { { n = "niger" } },
    want = { { name = "niger" } } },
  { sql = "SELECT ?1 AS a, ?2 AS b, ?3 AS c, ?4 AS d", args = { true, 2.5, "s\0z", nil, n = 4 },
    want = { { a = 1, b = 2.5, c = "s\0z" } } },
  { sql = "SELECT count(*) AS n FROM t WHERE x IS NULL", args = {}, want = { { n = 1 } } },
  { sql = "SELECT 1 AS one WHERE 0", args = {}, want = {} },
}, function(row)
  local db = mem()
  local got = {}
  for r in db:rows(row.sql, table.unpack(row.args, 1, row.args.n or #row.args)) do got[#got + 1] = r end
  T.eq(got, row.want, row.sql)
  db:close()
end)

T.case("first, exec, changes, last_id", function()
  local db = mem()
  T.eq(db:first("SELECT name FROM t WHERE id = ?", 3), { name = "تشاد" })
  T.eq(db:first("SELECT name FROM t WHERE id = ?", 99), nil)
  T.ok(db:exec("UPDATE t SET x = 0"))
  T.eq(db:changes(), 3)
  T.ok(db:exec("INSERT INTO t(name) VALUES ('x')"))
  T.eq(db:last_id(), 4)
end)

T.cases("SQL errors name the SQL and the message", {
  { call = "exec", sql = "SELEC 1", pat = "syntax error.*in SQL: SELEC 1" },
  { call = "first", sql = "SELECT * FROM nowhere", pat = "no such table: nowhere.*in SQL" },
  { call = "prepare", sql = "SELECT nope FROM t", pat = "no such column: nope" },
  { call = "exec", sql = "INSERT INTO t(id) VALUES (1)", pat = "UNIQUE constraint failed" },
}, function(row)
  local db = mem()
  local v, msg = db[row.call](db, row.sql)
  T.eq(v, nil, "value")
  T.ok(msg and msg:find(row.pat), tostring(msg))
  T.ok(msg:find(":memory:", 1, true), "names the database: " .. msg)
end)

T.case("rows raises on an SQL error; misuse raises", function()
  local db = mem()
  T.raises(function() for _ in db:rows("SELECT * FROM nowhere") do end end, "no such table")
  T.raises(function() db:rows("SELECT 1; SELECT 2") end, "one SQL statement")
  T.raises(function() db:rows("SELECT ?", {}, 2) end, "2 values given for 1")
  T.raises(function() db:first("SELECT ?", function() end) end, "cannot bind a function")
  T.raises(function() db:exec(42 == 42 and {} or "") end, "string expected")
end)

T.case("tx commits, rolls back and re-raises, nests", function()
  local db = mem()
  local a, b = db:tx(function(d)
    d:exec("INSERT INTO t(name) VALUES ('a')")
    return 1, 2
  end)
  T.eq({ a, b }, { 1, 2 })
  T.eq(db:first("SELECT count(*) AS n FROM t").n, 4)
  local e = T.raises(function()
    db:tx(function(d)
      d:exec("INSERT INTO t(name) VALUES ('b')")
      error({ code = 7 })
    end)
  end)
  T.eq(e, { code = 7 }, "the error object itself")
  T.eq(db:first("SELECT count(*) AS n FROM t").n, 4)
  db:tx(function(d)
    d:exec("INSERT INTO t(name) VALUES ('outer')")
    pcall(d.tx, d, function(d2)
      d2:exec("INSERT INTO t(name) VALUES ('inner')")
      error("inner fails")
    end)
  end)
  T.eq(db:first("SELECT group_concat(name) AS g FROM t WHERE id > 3").g, "a,outer")
end)

T.case("statements keep their database alive; close is safe twice", function()
  local st = mem():prepare("SELECT name FROM t WHERE id = ?")
  collectgarbage()
  collectgarbage()
  T.eq(st:first(2), { name = "niger" })
  T.eq(st:first(1), { name = "مالي" })
  local names = {}
  for r in st:rows() do names[#names + 1] = r.name end
  T.eq(#names, 0, "a missing parameter is NULL")
  T.eq(st:columns(), { "name" })
  T.ok(tostring(st):find("SELECT name"), tostring(st))
  st:close()
  st:close()
  T.ok(tostring(st):find("closed"))
  T.raises(function() st:first(1) end, "closed statement")
end)

T.case("closed database: misuse raises, statements of it too", function()
  local db = mem()
  local st = db:prepare("SELECT 1 AS one")
  T.ok(db:close())
  T.ok(db:close())
  T.ok(tostring(db):find("closed"))
  T.raises(function() db:exec("SELECT 1") end, "closed database")
  T.raises(function() st:first() end, "closed database")
  do
    local db2 <close> = mem()
    T.eq(db2:first("SELECT 2 AS two"), { two = 2 })
  end
end)

T.case("breaking out of rows closes the statement", function()
  local db = mem()
  for _ in db:rows("SELECT * FROM t") do break end
  T.ok(db:exec("DROP TABLE t"), "no statement left running on t")
end)

T.case("files: WAL mode, busy timeout, errors name the path", function()
  local path = dir .. "/a.sqlite"
  local db = assert(sahel.db.open(path))
  T.eq(db:first("PRAGMA journal_mode").journal_mode, "wal")
  T.ok(db:exec("CREATE TABLE k(v); BEGIN IMMEDIATE; INSERT INTO k VALUES (1)"))
  local other = assert(sahel.db.open(path, { busy_timeout = 20 }))
  local ok, msg = other:exec("INSERT INTO k VALUES (2)")
  T.eq(ok, nil)
  T.ok(msg:find("locked") and msg:find(path, 1, true), msg)
  db:exec("COMMIT")
  T.ok(other:exec("INSERT INTO k VALUES (2)"))
  local none, why = sahel.db.open(dir .. "/missing/x.sqlite")
  T.eq(none, nil)
  T.ok(why:find(dir .. "/missing/x.sqlite", 1, true), why)
  local ro = assert(sahel.db.open(path, { readonly = true }))
  T.eq(ro:first("SELECT count(*) AS n FROM k").n, 2)
  T.eq(select(1, ro:exec("INSERT INTO k VALUES (3)")), nil)
  T.eq(sahel.db.open(dir .. "/new.sqlite", { create = false }), nil)
end)

T.case("the FTS5 tokenizer sahel is registered on every connection", function()
  local db = mem()
  T.ok(db:exec("CREATE VIRTUAL TABLE f USING fts5(body, tokenize='sahel')"))
  T.ok(db:exec("INSERT INTO f(body) VALUES ('وصل الوفد إلى بالجزائر أمس')"))
  T.eq(db:first("SELECT count(*) AS n FROM f WHERE f MATCH 'الجزائر'").n, 1)
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
