package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local C = sahel.corpus

local SAMPLE = "datasets/sample"

-- ids: the ids of a corpus's articles, in order.
local function ids(c)
  local out = {}
  for a in c:articles() do out[#out + 1] = a.id end
  return out
end

T.case("the bundled sample: every format, in byte order of the paths", function()
  local c = assert(C.open(SAMPLE))
  local got = ids(c)
  T.eq(#got, 28, "articles")
  T.eq(got[1], "sample-csv-001", "articles.csv comes first")
  T.eq(got[15], "sample-curated-001", "then articles.jsonl (7), then curated/")
  T.eq(got[22], "raw/2013-01-14_serval", "raw files: id = path without extension")
  local s = c:stats()
  T.eq({ s.files, s.files_skipped, s.articles, s.skipped, s.dated, s.warnings },
       { 16, 1, 28, 0, 28, 0 }, "stats")
  T.eq(c:files(), 16)
  T.eq(ids(c), got, "a second pass gives the same")
  c:close()
end)

-- in_filter: whether article a passes filter f, computed here from the filter's definition
-- (docs/api.md): inclusive dates, a partial `to` covering its whole period, exact sources.
local function in_filter(a, f)
  if (f.from or f.to) and not a.date then return false end
  local from = f.from and (sahel.article.parse_date(f.from) or f.from)
  if from and a.date < from then return false end
  if f.to and a.date:sub(1, #f.to) > f.to then return false end
  local src = type(f.source) == "string" and { f.source } or f.source
  if src then
    for _, s in ipairs(src) do if a.source == s then return true end end
    return false
  end
  return true
end

T.cases("filters", {
  { { from = "2024" } }, { { from = "2023-01-01", to = "2023-12-31" } }, { { to = "2012-12" } },
  { { from = "2025-04-07", to = "2025-04-07" } }, { { source = "وكالات" } },
  { { source = { "وكالات", "صدى الصحراء" } } }, { { from = "2020", source = "وكالات" } },
  { { from = "14 نوفمبر 2023" } },
}, function(row)
  local want = {}
  for a in assert(C.open(SAMPLE)):articles() do
    if in_filter(a, row[1]) then want[#want + 1] = a.id end
  end
  T.ok(#want > 0 and #want < 28, "a filter that selects something")
  local f = assert(C.open(SAMPLE)):filter(row[1])
  T.eq(ids(f), want, "filtered")
  T.eq(f:stats().filtered, 28 - #want, "stats.filtered")
  T.eq(ids(assert(C.open(SAMPLE, row[1]))), want, "as open options")
end)

T.case("filters chain, and the original corpus is unchanged", function()
  local c = assert(C.open(SAMPLE))
  local f = c:filter { from = "2020" }:filter { to = "2022" }
  for a in f:articles() do T.ok(a.date >= "2020" and a.date < "2023", a.date) end
  T.eq(#ids(c), 28)
  T.raises(function() c:filter { from = "soon" } end, "bad date 'soon'")
end)

-- A scratch directory with bad records of every kind.
local dir = T.tmpdir()
T.write(dir .. "/a.jsonl", table.concat({
  '{"id":"j1","title":"T1","date":"2025-01-01","text":"one"}',
  'not json',
  '{"id":"j3","title":5,"text":"x"}',
  '{"id":"j4","title":"T4"}',
  '',
  '{"id":"j6","text":"bad \xC0\xAF bytes"}',
  '[1,2]',
  '{"id":"j8","text":"eight"}',
}, "\n"))
T.write(dir .. "/b.txt", "Title B\n\nBody \xFF B\n")
T.write(dir .. "/c.bin", "skipped")
T.write(dir .. "/empty.jsonl", "")

T.case("bad records are warnings naming file:line, skipped and counted", function()
  local warnings = {}
  local c = assert(C.open(dir, { warn = function(m) warnings[#warnings + 1] = m end }))
  T.eq(ids(c), { "j1", "j6", "j8", "b" })
  local s = c:stats()
  T.eq({ s.skipped, s.invalid_texts, s.files_skipped, s.files }, { 4, 2, 1, 3 }, "stats")
  local all = table.concat(warnings, "\n")
  for _, want in ipairs {
    "a.jsonl:2: column", "a.jsonl:3: field 'title' is a number", "a.jsonl:4: no text",
    "a.jsonl:6: invalid UTF-8 at byte", "a.jsonl:7: not a JSON object", "b.txt: invalid UTF-8",
    "4 bad records skipped",
  } do
    T.ok(all:find(want, 1, true), "warning " .. want .. " in:\n" .. all)
  end
  T.eq(s.warnings, #warnings, "all counted")
end)

T.case("strict mode: the first bad record raises from the iterator", function()
  local c = assert(C.open(dir, { strict = true }))
  local seen = {}
  T.raises(function() for a in c:articles() do seen[#seen + 1] = a.id end end,
           "a.jsonl:2: column")
  T.eq(seen, { "j1" })
end)

T.case("globs, explicit files and formats", function()
  local c = assert(C.open(SAMPLE .. "/raw/202*.txt"))
  T.eq(#ids(c), 5)
  local one = assert(C.open(dir .. "/c.bin")) -- named explicitly: plain text
  T.eq(ids(one), { "c" })
  local forced = assert(C.open(dir .. "/c.bin", { format = "jsonl", warn = function() end }))
  T.eq(ids(forced), {})
  T.eq(forced:stats().skipped, 1)
  local a, msg = C.open(dir .. "/*.nothing")
  T.eq(a, nil)
  T.ok(msg:find("no file matches", 1, true), msg)
end)

T.case("CSV columns by name", function()
  T.write(dir .. "/x.csv", "headline,content,when,extra\nH,the body,5 mai 2024,e\n")
  local c = assert(C.open(dir .. "/x.csv", { fields = { date = "when" } }))
  local got
  for a in c:articles() do got = a end
  T.eq({ got.title, got.body, got.date, got.meta.extra, got.id },
       { "H", "the body", "2024-05-05", "e", "x:2" })
end)

T.case("handles: close, <close>, tostring, use after close", function()
  local c = assert(C.open(SAMPLE))
  T.eq(tostring(c), "sahel.Corpus (datasets/sample)")
  do
    local d <close> = assert(C.open(SAMPLE))
    T.ok(d:files() > 0)
  end
  c:close()
  c:close()
  T.eq(tostring(c), "sahel.Corpus (closed)")
  T.raises(function() c:articles() end, "closed corpus")
  T.raises(function() C.open(SAMPLE, { strict = 1 }) end, "bad option 'strict'")
  T.raises(function() C.open(SAMPLE, { warn = "x" }) end, "function expected")
  T.raises(function() C.must_open("no/such/dir") end, "no/such/dir")
end)

T.case("an iterator keeps its corpus alive", function()
  local it = assert(C.open(SAMPLE)):articles()
  collectgarbage()
  collectgarbage()
  T.ok(it(), "still reads")
end)

T.case("a store written by the toolkit reads back as a corpus", function()
  local ok, store = pcall(require, "sahel.store")
  if not ok then return print("skip: sahel.store absent") end
  local path = dir .. "/s.sqlite"
  local db = assert(store.open(path))
  assert(store.ingest(db, assert(C.open(SAMPLE)):articles(), nil, { threads = 1 }))
  db:close()
  local want = {}
  for a in assert(C.open(SAMPLE)):articles() do want[a.id] = a:totable() end
  local n = 0
  for a in assert(C.open(path)):articles() do
    n = n + 1
    local w = want[a.id]
    T.ok(w, "known id " .. a.id)
    T.eq({ a.title, a.date, a.date_raw, a.source, a.author, a.body, a.summary },
         { w.title, w.date, w.date_raw, w.source, w.author, w.body, w.summary }, a.id)
    T.eq(a.meta, w.meta, a.id .. " meta")
  end
  T.eq(n, 28)
end)

T.case("SaudiNewsNet: all 31,030 articles load, memory stays flat", function()
  local path = T.shared("corpora/saudinewsnet/articles.jsonl")
  if not path then return print("skip: ../shared/corpora/saudinewsnet absent") end
  local c = assert(C.open(path, { strict = true }))
  local n, peak, first = 0, 0, nil
  for a in c:articles() do
    n = n + 1
    if n % 2000 == 0 then
      local kb = collectgarbage("count")
      first = first or kb
      peak = math.max(peak, kb)
    end
  end
  local s = c:stats()
  print(string.format("SaudiNewsNet: %d articles, %d dated, %d undated (%d unparsed), "
                      .. "%d invalid UTF-8, Lua heap %.0f-%.0f KiB", n, s.dated, s.undated,
                      s.dates_unparsed, s.invalid_utf8, first, peak))
  T.eq(n, 31030, "articles")
  T.eq(s.skipped, 0, "skipped")
  T.eq(s.dated, 31030, "dates parsed")
  T.ok(peak < first + 64 * 1024, "the Lua heap does not grow with the corpus")
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
