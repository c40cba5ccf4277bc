-- The store on real text: the first 1,500 SaudiNewsNet articles ingested with the bundled
-- gazetteer; re-ingest skips them all; stored mentions equal gaz:mentions; FTS queries for
-- five names return exactly the articles holding the name in some clitic or spelling
-- variant (computed independently with sahel.text). Skipped when ../shared is absent.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local store = require "sahel.store"

local path = T.shared("corpora/saudinewsnet/articles.jsonl")
if not path then T.skip("../shared/corpora/saudinewsnet absent") end

local N = 1500
local dir = T.tmpdir()
local gaz = assert(sahel.gazetteer.load("datasets/gazetteer/sahel.csv", { warn = function() end }))

-- first_n: a function giving the first N articles of the corpus, then nil.
local function first_n(c)
  local f, s, ctl = c:articles()
  local i = 0
  return function()
    i = i + 1
    if i > N then return nil end
    ctl = f(s, ctl)
    return ctl
  end
end

local db = assert(store.open(dir .. "/saudi.sqlite"))
local c = assert(sahel.corpus.open(path))

T.case("ingest, then re-ingest unchanged", function()
  local st = assert(store.ingest(db, first_n(c), gaz, { threads = 2 }))
  T.eq({ st.seen, st.inserted, st.skipped }, { N, N, 0 })
  T.ok(st.mentions > 0, "some mentions")
  st = assert(store.ingest(db, first_n(c), gaz, { threads = 2 }))
  T.eq({ st.seen, st.inserted, st.replaced, st.skipped, st.mentions }, { N, 0, 0, N, 0 })
  T.eq(db:first("PRAGMA integrity_check").integrity_check, "ok")
end)

T.case("stored mentions equal gaz:mentions article by article", function()
  local stored = {}
  for r in db:rows("SELECT article_id AS id, count(*) AS n FROM mentions GROUP BY article_id") do
    stored[r.id] = r.n
  end
  local i, differ = 0, {}
  for a in c:articles() do
    i = i + 1
    if i > N then break end
    if i % 10 == 0 then
      local text = a.title and (a.title .. "\n" .. (a.body or "")) or (a.body or "")
      local n = #gaz:mentions(text)
      if n ~= (stored[a.id] or 0) then differ[#differ + 1] = a.id end
    end
  end
  T.eq(differ, {}, "articles whose stored mentions differ")
end)

-- forms_of: the set of every match form and clitic-stripped form of the words of s.
local function forms_of(s, into)
  for _, t in ipairs(sahel.text.tokenize(s)) do
    if t.kind == "word" or t.kind == "number" then
      for _, f in ipairs(sahel.text.clitic_forms(t.norm)) do into[f] = true end
    end
  end
  return into
end

T.case("search: an index built on demand equals one kept in step at ingest", function()
  local ahead = assert(store.open(dir .. "/ahead.sqlite"))
  assert(store.index(ahead))
  assert(store.ingest(ahead, first_n(c), gaz, { threads = 2 }))
  T.eq(db:first("SELECT count(*) AS n FROM sqlite_master WHERE name = 'articles_fts'").n, 0)
  for _, q in ipairs { "الجزائر", "مالي", "الملك", "وزير الخارجية", "الأمم المتحدة", "النفط" } do
    local want = assert(ahead:search(q, { limit = 200 }))
    T.ok(#want > 0, q)
    T.eq(assert(db:search(q, { limit = 200, quiet = true })), want, q)
  end
  ahead:close()
end)

T.case("FTS finds exactly the articles holding five names in any variant", function()
  local names = { "الجزائر", "روسيا", "اليمن", "إيران", "مالي" }
  local expected = {}
  for _, n in ipairs(names) do expected[n] = {} end
  for a in db:rows("SELECT id, title, body FROM articles") do
    local forms = forms_of(a.body or "", forms_of(a.title or "", {}))
    for _, n in ipairs(names) do
      if forms[sahel.text.normalize(n)] then expected[n][#expected[n] + 1] = a.id end
    end
  end
  for _, n in ipairs(names) do
    local got = {}
    for r in db:rows([[SELECT a.id FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
                       WHERE articles_fts MATCH ?]], '"' .. n .. '"') do got[#got + 1] = r.id end
    table.sort(got)
    table.sort(expected[n])
    T.ok(#got > 0, n .. ": some hits")
    T.eq(got, expected[n], n)
    local hits = assert(db:search(n, { limit = 3 }))
    T.ok(#hits == math.min(3, #got) and hits[1].snippet:find("[", 1, true), n .. ": db:search")
  end
end)

c:close()
db:close()
os.execute("rm -rf " .. T.quote(dir))
T.done()
