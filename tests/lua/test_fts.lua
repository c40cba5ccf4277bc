-- The FTS5 tokenizer `sahel` (registered on every connection): documents are indexed in
-- match form with their proclitic-stripped forms; queries in match form, not stripped.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

-- index: a fresh FTS5 table over docs (rowid = position in the list).
local function index(docs)
  local db = assert(sahel.db.open(":memory:"))
  assert(db:exec("CREATE VIRTUAL TABLE f USING fts5(body, tokenize='sahel')"))
  local st = assert(db:prepare("INSERT INTO f(rowid, body) VALUES (?, ?)"))
  for i, d in ipairs(docs) do assert(st:exec(i, d)) end
  st:close()
  return db
end

-- hits: the rowids matching query, sorted.
local function hits(db, query)
  local out = {}
  for r in db:rows("SELECT rowid AS id FROM f WHERE f MATCH ? ORDER BY rowid", query) do
    out[#out + 1] = r.id
  end
  return out
end

local docs = {
  "وصل الوفد إلى الجزائر أمس",           -- 1 plain
  "قال إنه عاد بالجزائر",                 -- 2 bi-
  "رسالة للجزائر من باماكو",              -- 3 lil- -> al-
  "وبالجزائر اجتمع الوزراء",              -- 4 wa-bi-
  "في الجَزَائِرِ العاصمة",                 -- 5 diacritics
  "ﺍﻟﺠﺰﺍﺋﺮ بالحروف المعروضة",             -- 6 presentation forms (NFKC)
  "الجزا\u{200C}ئر مع فاصل",              -- 7 a ZWNJ inside the word
  "رئيس أمريكا وفرنسا",                   -- 8 hamza on alef, wa- on the second word
  "مدينة غاو في مالى",                    -- 9 alef maksura
  "عام ٢٠٢٥ في باماكو",                   -- 10 Arabic-Indic digits
  "Wagner and the AFRICA Corps",         -- 11 Latin, case
  "والي المدينة",                         -- 12 wali (governor): wa- not stripped in queries
}

T.cases("queries in base form find every variant", {
  { q = "الجزائر", want = { 1, 2, 3, 4, 5, 6, 7 } },
  { q = "الجَزائر", want = { 1, 2, 3, 4, 5, 6, 7 } },
  { q = "بالجزائر", want = { 2, 4 } },
  { q = "امريكا", want = { 8 } },
  { q = "أمريكا", want = { 8 } },
  { q = "فرنسا", want = { 8 } },
  { q = "مالي", want = { 9 } },
  { q = "2025", want = { 10 } },
  { q = "باماكو", want = { 3, 10 } },
  { q = "africa", want = { 11 } },
  { q = "\"africa corps\"", want = { 11 } },
  { q = "الي", want = { 1, 12 } },
  { q = "والي", want = { 12 } },
  { q = "الجزا*", want = { 1, 2, 3, 4, 5, 6, 7 } },
  { q = "الجزائر NOT باماكو", want = { 1, 2, 4, 5, 6, 7 } },
}, function(row)
  local db = index(docs)
  T.eq(hits(db, row.q), row.want, row.q)
end)

T.case("highlight marks the original words", function()
  local db = index(docs)
  local r = db:first("SELECT highlight(f, 0, '[', ']') AS h FROM f WHERE f MATCH 'الجزائر' AND rowid = 2")
  T.eq(r.h, "قال إنه عاد [بالجزائر]")
  r = db:first("SELECT highlight(f, 0, '[', ']') AS h FROM f WHERE f MATCH 'الجزائر' AND rowid = 5")
  T.eq(r.h, "في [الجَزَائِرِ] العاصمة")
end)

T.case("every connection has the tokenizer; bad arguments are refused", function()
  local path = os.tmpname()
  local db = assert(sahel.db.open(path))
  assert(db:exec("CREATE VIRTUAL TABLE f USING fts5(body, tokenize='sahel'); INSERT INTO f VALUES ('بالجزائر')"))
  db:close()
  local again = assert(sahel.db.open(path))
  T.eq(again:first("SELECT count(*) AS n FROM f WHERE f MATCH 'الجزائر'").n, 1)
  local ok, msg = again:exec("CREATE VIRTUAL TABLE g USING fts5(x, tokenize='sahel extra')")
  T.eq(ok, nil)
  T.ok(msg:find("tokenize"), msg)
  again:close()
  os.remove(path)
  os.remove(path .. "-wal")
  os.remove(path .. "-shm")
end)

T.done()
