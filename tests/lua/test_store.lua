package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local store = require "sahel.store"

local dir = T.tmpdir()

-- gazetteer: Mali, Algeria (and Niger when asked), made in memory.
local function gazetteer(with_niger)
  local g = sahel.gazetteer.new()
  g:add { id = "mali", alias = "مالي", type = "GPE", name = "Mali" }
  g:add { id = "mali", alias = "باماكو", type = "GPE", name = "Mali" }
  g:add { id = "algeria", alias = "الجزائر", type = "GPE", name = "Algeria" }
  if with_niger then g:add { id = "niger", alias = "النيجر", type = "GPE", name = "Niger" } end
  return g
end

-- corpus: n article tables; article i mentions Mali (i % 3 + 1) times and Algeria through
-- a proclitic when i is even; `edit` changes the body of article 2.
local function corpus(n, edit)
  local list = {}
  for i = 1, n do
    local body = {}
    if edit and i == 2 then body[1] = "تعديل جديد." end
    for _ = 1, i % 3 + 1 do body[#body + 1] = "زار الوفد مالي." end
    if i % 2 == 0 then body[#body + 1] = "ثم عاد بالجزائر." end
    list[i] = { id = string.format("a%04d", i), title = "خبر رقم " .. i, date = "2025-03-0" .. (i % 9 + 1),
                source = "test", body = table.concat(body, " "), meta = { lang = "ar", n = tostring(i) } }
  end
  return list
end

local function mentions_of(i) return i % 3 + 1 + (i % 2 == 0 and 1 or 0) end

T.case("ingest writes articles, mentions, entities; re-ingest is incremental", function()
  local db = assert(store.open(dir .. "/s.sqlite"))
  local g = gazetteer()
  local runs = {
    { corpus = corpus(40), want = { seen = 40, inserted = 40, replaced = 0, skipped = 0 } },
    { corpus = corpus(40), want = { seen = 40, inserted = 0, replaced = 0, skipped = 40 } },
    { corpus = corpus(40, true), want = { seen = 40, inserted = 0, replaced = 1, skipped = 39 } },
    { corpus = corpus(45, true), want = { seen = 45, inserted = 5, replaced = 0, skipped = 40 } },
    { corpus = corpus(45, true), gaz = gazetteer(true),
      want = { seen = 45, inserted = 0, replaced = 45, skipped = 0 } },
  }
  for i, r in ipairs(runs) do
    local st = assert(store.ingest(db, r.corpus, r.gaz or g, { threads = 2, batch = 7, round = 16 }))
    T.eq({ seen = st.seen, inserted = st.inserted, replaced = st.replaced, skipped = st.skipped },
         r.want, "run " .. i)
  end
  local total = 0
  for i = 1, 45 do total = total + mentions_of(i) end
  T.eq(db:first("SELECT count(*) AS n FROM articles").n, 45)
  T.eq(db:first("SELECT count(*) AS n FROM mentions").n, total)
  T.eq(db:first("SELECT count(*) AS n FROM entities").n, 3)
  T.eq(db:first("SELECT count(*) AS n FROM aliases").n, 4)
  local a = db:first("SELECT * FROM articles WHERE id = 'a0002'")
  T.eq({ a.date, a.source, a.paragraphs, a.sentences, a.meta },
       { "2025-03-03", "test", 2, 6, '{"lang":"ar","n":"2"}' })
  local m = db:first("SELECT * FROM mentions WHERE article_id = 'a0002' AND entity_id = 'algeria'")
  T.eq({ m.alias, m.surface, m.flags, m.sentence, m.paragraph }, { "الجزائر", "بالجزائر", 1, 5, 1 })
  T.eq(db:first("PRAGMA integrity_check").integrity_check, "ok")
end)

T.case("with_demonyms counts the mentions demonyms would make; bytes count the text read", function()
  local g = gazetteer()
  g:add { id = "mali", alias = "المالي", type = "GPE", name = "Mali", kind = "demonym" }
  g:add { id = "mali", alias = "الجيش المالي", type = "GPE", name = "Mali", kind = "demonym" }
  local list = corpus(12)
  for i = 1, #list, 3 do -- a demonym alone, and one inside a longer demonym alias
    list[i].body = list[i].body .. " قال الوزير المالي إن الجيش المالي في مالي."
  end
  local text_bytes = 0
  for _, a in ipairs(list) do text_bytes = text_bytes + #a.title + #a.body end
  for _, threads in ipairs({ 1, 2, 3 }) do
    local counted = assert(store.ingest(dir .. "/dem-" .. threads .. ".sqlite", list, g,
      { demonyms = true, threads = threads }))
    local plain = assert(store.ingest(dir .. "/plain-" .. threads .. ".sqlite", list, g,
      { with_demonyms = true, threads = threads, round = 5 }))
    T.eq(plain.with_demonyms, counted.mentions, "the ingest with demonyms, " .. threads)
    T.ok(plain.with_demonyms > plain.mentions, "demonyms add mentions")
    T.eq(plain.bytes, text_bytes)
    local again = assert(store.ingest(dir .. "/dem-" .. threads .. ".sqlite", list, g,
      { demonyms = true, with_demonyms = true, force = true, threads = threads }))
    T.eq(again.with_demonyms, counted.mentions, "demonyms counted already")
  end
  local none = assert(store.ingest(dir .. "/dem-none.sqlite", list, g))
  T.eq(none.with_demonyms, 0, "not asked for")
end)

T.case("articles only (no gazetteer), a path, userdata-like articles, errors", function()
  local path = dir .. "/plain.sqlite"
  local st = assert(store.ingest(path, corpus(3), nil))
  T.eq(st.inserted, 3)
  T.eq(st.mentions, 0)
  local warned = {}
  st = assert(store.ingest(path, { { title = "بلا معرف", body = "نص" } }, nil,
                           { warn = function(m) warned[#warned + 1] = m end }))
  T.eq(st.no_id, 1)
  T.eq(#warned, 1)
  T.raises(function() store.ingest(path, { { id = 7 } }, nil) end, "field 'id' must be a string")
  T.raises(function() store.ingest(path, function() error("corpus broke") end, nil) end, "corpus broke")
  T.raises(function() store.ingest(path, 42, nil) end, "corpus expected")
  local ro = assert(sahel.db.open(path, { readonly = true }))
  local ok, msg = store.ingest(ro, corpus(1), nil)
  T.eq(ok, nil)
  T.ok(msg:find("readonly") or msg:find("read%-only"), msg)
end)

T.case("a sahel.Corpus is read by the C reader thread; progress after each round", function()
  local path = dir .. "/corpus.jsonl"
  local lines = {}
  for i, a in ipairs(corpus(30)) do
    lines[i] = string.format('{"id": "%s", "zone": "sahel", "title": "%s", "date": "%s", ' ..
                             '"text": "%s", "lang": "ar"}', a.id, a.title, a.date, a.body)
  end
  T.write(path, table.concat(lines, "\n") .. "\n")
  local db = assert(store.open(dir .. "/fromcorpus.sqlite"))
  local seen = {}
  local c = assert(sahel.corpus.open(path))
  local st = assert(store.ingest(db, c, gazetteer(), {
    round = 8, threads = 2, progress = function(s) seen[#seen + 1] = s.seen end }))
  T.eq(st.inserted, 30)
  T.eq(seen, { 8, 16, 24, 30 })
  st = assert(store.ingest(db, path, gazetteer(), { threads = 1 }))
  T.eq(st.skipped, 30, "a path, again: unchanged")
  local f, s, ctl = c:articles()
  st = assert(store.ingest(db, function() ctl = f(s, ctl); return ctl end, gazetteer()))
  T.eq(st.skipped, 30, "its Articles through Lua: the same hashes")
  T.eq(db:first("SELECT meta FROM articles WHERE id = 'a0001'").meta, '{"zone":"sahel","lang":"ar"}')
  local total = 0
  for i = 1, 30 do total = total + mentions_of(i) end
  T.eq(db:first("SELECT count(*) AS n FROM mentions").n, total)
  local a = db:first("SELECT origin, date FROM articles WHERE id = 'a0003'")
  T.eq(a, { origin = path .. ":3", date = "2025-03-04" })
  T.raises(function() store.ingest(db, c, nil, { progress = function() error("stop here") end }) end,
           "stop here")
  c:close()
end)

T.case("sahel.corpus.open reads the store back as a corpus", function()
  local path = dir .. "/back.sqlite"
  local list = corpus(6)
  assert(store.ingest(path, list, gazetteer()))
  local c = assert(sahel.corpus.open(path))
  local by_id, i = {}, 0
  for _, want in ipairs(list) do by_id[want.id] = want end
  -- articles come back in the order they were stored, which worker threads do not fix
  for a in c:articles() do
    i = i + 1
    local want = by_id[a.id] or {}
    T.eq({ a.id, a.title, a.body, a.date, a.source }, { want.id, want.title, want.body, want.date, want.source },
         "article " .. tostring(a.id))
    by_id[a.id] = nil
  end
  T.eq(i, 6)
  T.eq(next(by_id), nil, "every article read back")
  c:close()
end)

T.case("db:search: ranked articles with a snippet", function()
  local db = assert(store.open(":memory:"))
  local docs = {
    { id = "x1", title = "زيارة إلى الجزائر", body = "وصل الرئيس إلى الجزائر ثم غادر الجزائر." },
    { id = "x2", title = "أخبار", body = "قال مسؤول للجزائر إن التعاون مستمر." },
    { id = "x3", title = "مالي", body = "اجتماع في باماكو دون ذكر الجارة." },
    { id = "x4", title = "الجَزائِر", body = "نص قصير." },
  }
  assert(store.ingest(db, docs, nil))
  local hits = assert(db:search("الجزائر", { quiet = true }))
  local ids = {}
  for _, h in ipairs(hits) do ids[#ids + 1] = h.id end
  table.sort(ids)
  T.eq(ids, { "x1", "x2", "x4" })
  local rank = {}
  for i, h in ipairs(hits) do rank[h.id] = i end
  T.ok(rank.x1 < rank.x2, "two mentions and the title rank above one mention")
  for i = 2, #hits do T.ok(hits[i - 1].score >= hits[i].score, "sorted by score") end
  T.ok(hits[rank.x1].snippet:find("[الجزائر]", 1, true), hits[rank.x1].snippet)
  T.ok(hits[rank.x2].snippet:find("[للجزائر]", 1, true), hits[rank.x2].snippet)
  T.ok(hits[1].score > 0)
  T.eq(#assert(db:search("باماكو الجزائر")), 0, "all words required")
  T.eq(#assert(db:search("الجزائر OR باماكو", { syntax = true })), 4)
  local none, msg = db:search('"unbalanced', { syntax = true })
  T.eq(none, nil)
  T.ok(msg:find("unterminated string"), msg)
end)

T.case("the full-text index: built on demand, by the first search, or ahead; same results", function()
  local docs = {}
  for i = 1, 300 do
    docs[i] = { id = string.format("d%03d", i), title = i % 7 == 0 and "الجزائر" or "خبر",
      body = string.rep("زار الوفد مالي. ", i % 5 + 1) .. (i % 3 == 0 and "ثم عاد بالجزائر." or "") }
  end
  local function search_all(db)
    local out = {}
    for _, q in ipairs { "الجزائر", "مالي", "الوفد", "عاد" } do
      for _, h in ipairs(assert(db:search(q, { limit = 400, quiet = true }))) do
        out[#out + 1] = table.concat({ q, h.id, string.format("%.10g", h.score), h.snippet }, "|")
      end
    end
    return out
  end
  -- ahead: indexed before the first ingest, kept in step by the later ingests
  local ahead = assert(store.open(":memory:"))
  T.eq(store.index(ahead), true)
  T.eq(store.index(ahead), false, "already there")
  assert(store.ingest(ahead, { table.unpack(docs, 1, 150) }, nil))
  assert(store.ingest(ahead, docs, nil))
  -- on demand: no index until the first search builds it
  local lazy = assert(store.open(":memory:"))
  assert(store.ingest(lazy, docs, nil))
  T.eq(lazy:first("SELECT count(*) AS n FROM sqlite_master WHERE name = 'articles_fts'").n, 0)
  local want = search_all(ahead)
  T.ok(#want > 300, #want .. " hits")
  T.eq(search_all(lazy), want)
  -- built, then more articles ingested (one changed): still the same as the other store
  docs[5].body = "الجزائر " .. docs[5].body
  docs[301] = { id = "d301", body = "مالي والجزائر" }
  assert(store.ingest(ahead, docs, nil))
  assert(store.ingest(lazy, docs, nil))
  T.eq(search_all(lazy), search_all(ahead))
  T.ok(lazy:exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')"))
  -- progress, and a message naming the store on the first search only
  local path = dir .. "/lazy.sqlite"
  assert(store.ingest(path, docs, nil))
  local calls = 0
  local ro = assert(sahel.db.open(path, { readonly = true }))
  local none, msg = ro:search("مالي")
  T.eq(none, nil)
  T.ok(msg:find(path .. ": no full-text index, and the store is open read-only", 1, true), msg)
  ro:close()
  local script = dir .. "/search.lua"
  T.write(script, "local db = assert(require('sahel.store').open(" .. string.format("%q", path) ..
    ")) assert(#db:search('مالي') == 20) assert(#db:search('مالي') == 20)")
  local code, _, err = T.sh(T.quote(T.bin) .. " " .. T.quote(script))
  T.eq(code, 0, err)
  local _, n = err:gsub("no full%-text index yet: building it", "")
  T.eq(n, 1, err)
  T.ok(err:find(path, 1, true), err)
  T.eq(store.index(path, { progress = function(done, total) calls = calls + 1 end }), false)
  T.eq(calls, 0, "nothing to build")
end)

T.case("opts.kwic: the KWIC rows of sahel.kwic, in corpus order; a replaced article's go", function()
  local g = assert(sahel.gazetteer.load("tests/fixtures/gazetteer/small.csv"))
  local docs = {
    { id = "k1", title = "روسيا", body = "قال بوتين إن روسيا تدعم حكومة مالي في الساحل." },
    { id = "k2", body = "قال \u{202B}الرئيس إن رُوسيا\u{202C} تدعم الخطة والمشروع \u{2067}مالي\u{2069}" },
    { id = "k3", body = "لا شيء هنا" },
    { id = "k1", body = "زار بوتين روسيا أمس، ثم روسيا مرة أخرى" }, -- replaces k1
  }
  for i = 1, 40 do
    docs[#docs + 1] = { id = "w" .. i, body = string.rep("كلمة ", i % 11) .. "روسيا" ..
      string.rep(" نص", i % 13) .. "\n\nفقرة أخرى عن بوتين" }
  end
  docs[#docs + 1] = docs[3] -- the same again: skipped
  local db = assert(store.open(":memory:"))
  local st = assert(store.ingest(db, docs, g, { kwic = 3, threads = 2, round = 7 }))
  T.eq({ st.seen, st.inserted, st.replaced, st.skipped }, { #docs, #docs - 2, 1, 1 })
  local got = {}
  for r in db:rows("SELECT * FROM kwic ORDER BY rowid") do
    got[#got + 1] = { r.article_id, r.entity_id, r.left, r.match, r.right }
  end
  local want = {}
  local final = { table.unpack(docs, 2, 3) }
  final[#final + 1] = docs[4]
  for i = 5, #docs do final[#final + 1] = docs[i] end
  for _, a in ipairs(final) do
    local text = a.title and (a.title .. "\n" .. a.body) or a.body
    for _, r in ipairs(sahel.kwic(text, g, { width = 3 })) do
      want[#want + 1] = { a.id, r.entity_id, r.left, r.match, r.right }
    end
  end
  T.ok(#want > 80, #want .. " rows")
  T.eq(got, want)
  T.eq(db:first("SELECT count(*) AS n FROM kwic WHERE left LIKE '%' || char(0x202B) || '%'"
    .. " OR match LIKE '%' || char(0x2069) || '%'").n, 0, "no bidi controls")
  T.raises(function() store.ingest(db, docs, g, { kwic = -1 }) end, "kwic")
end)

T.case("threads: rows in corpus order whatever the thread count; a failing write stops the run", function()
  local g = assert(sahel.gazetteer.load("tests/fixtures/gazetteer/small.csv"))
  local c = assert(sahel.corpus.open("datasets/sample/articles.jsonl"))
  local function dump(threads)
    local db = assert(store.open(":memory:"))
    assert(store.ingest(db, c, g, { threads = threads, kwic = 8, batch = 7 }))
    local out = {}
    for _, t in ipairs { "articles", "mentions", "kwic" } do
      for r in db:rows("SELECT * FROM " .. t .. " ORDER BY rowid") do
        local row = {}
        for k, v in pairs(r) do row[#row + 1] = k .. "=" .. tostring(v) end
        table.sort(row)
        out[#out + 1] = t .. ":" .. table.concat(row, "|")
      end
    end
    db:close()
    return out
  end
  local one = dump(1)
  T.ok(#one > 100, #one .. " rows")
  T.eq(dump(2), one, "2 threads")
  T.eq(dump(3), one, "3 threads")
  local db = assert(store.open(":memory:"))
  local id -- the last article: the place the writer fails at
  for a in c:articles() do id = a.id end
  assert(db:exec("CREATE TRIGGER boom BEFORE INSERT ON articles WHEN new.id = '" .. id ..
    "' BEGIN SELECT RAISE(ABORT, 'boom'); END"))
  local none, msg = store.ingest(db, c, g, { threads = 2 })
  T.eq(none, nil)
  T.ok(msg and msg:find("boom"), msg)
  c:close()
end)

T.case("threads: a bad JSONL record's place is handed over empty, the writer goes on", function()
  local path = dir .. "/bad.jsonl"
  local lines = {}
  for i = 1, 3000 do
    lines[i] = i % 700 == 0 and "{not json" or
      string.format('{"id": "b%d", "text": "زار الوفد مالي %d"}', i, i)
  end
  T.write(path, table.concat(lines, "\n") .. "\n")
  local g = sahel.gazetteer.new()
  g:add { id = "mali", alias = "مالي" }
  local c = assert(sahel.corpus.open(path))
  local db = assert(store.open(":memory:"))
  local warned = 0
  local st = assert(store.ingest(db, c, g, { threads = 2, round = 500,
    warn = function() warned = warned + 1 end }))
  T.eq({ st.seen, st.inserted, st.mentions }, { 2996, 2996, 2996 })
  T.ok(warned >= 4, warned .. " warnings: one per bad line (and the corpus's summary)")
  T.eq(db:first("SELECT count(*) AS n FROM articles").n, 2996)
  T.eq(db:first("SELECT group_concat(id) AS ids FROM (SELECT id FROM articles ORDER BY rowid"
    .. " LIMIT 3 OFFSET 698)").ids, "b699,b701,b702", "in corpus order across the gap")
  c:close()
end)

T.case("a run killed with SIGKILL mid-ingest leaves whole articles", function()
  local path = dir .. "/killed.sqlite"
  local script = dir .. "/kill.lua"
  T.write(script, [[
    local sahel = require "sahel"
    local store = require "sahel.store"
    local g = sahel.gazetteer.new()
    g:add { id = "mali", alias = "مالي" }
    assert(store.index(]] .. string.format("%q", path) .. [[))
    local f = assert(io.open("/proc/self/stat"))
    local pid = f:read("a"):match("^(%d+)")
    f:close()
    local i = 0
    local function nxt()
      i = i + 1
      if i == 2600 then os.execute("kill -9 " .. pid) end
      return { id = string.format("k%06d", i), body = string.rep("زار الوفد مالي. ", i % 4 + 1) }
    end
    store.ingest(]] .. string.format("%q", path) .. [[, nxt, g, { batch = 100, round = 64, threads = 2 })
  ]])
  local code = T.sh(T.quote(T.bin) .. " " .. T.quote(script))
  T.ok(code ~= 0, "the run was killed")
  local db = assert(sahel.db.open(path))
  T.eq(db:first("PRAGMA integrity_check").integrity_check, "ok")
  local n = db:first("SELECT count(*) AS n FROM articles").n
  T.ok(n > 0 and n < 2600 and n % 100 == 0, "whole transactions only: " .. n)
  local bad = db:first([[SELECT count(*) AS n FROM articles a WHERE
    (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) != CAST(substr(a.id, 2) AS INTEGER) % 4 + 1]])
  T.eq(bad.n, 0, "every stored article has all its mentions")
  T.ok(db:exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')"))
end)

os.execute("rm -rf " .. T.quote(dir))
T.done()
