-- test_cooc.lua: sahel.cooc through the whole stack (text layer, gazetteer, pipeline,
-- tables) on small corpora whose every count is worked out by hand in the comments.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local function gazetteer()
  local g = sahel.gazetteer.new()
  for _, r in ipairs {
    { id = "mali", alias = "Mali", type = "GPE", name = "Mali" },
    { id = "russia", alias = "Russia", type = "GPE" },
    { id = "russia", alias = "روسيا" },
    { id = "russia", alias = "Russian", kind = "demonym" },
    { id = "algeria", alias = "Algeria", type = "GPE" },
    { id = "algeria", alias = "الجزائر" },
    { id = "wagner", alias = "Wagner Group", type = "ORG" },
    { id = "bamako", alias = "باماكو", type = "LOC" },
  } do assert(g:add(r)) end
  return g
end
local gaz = gazetteer()

-- Article 1 (2025-07-28): title P0 = S0 {mali, russia}; P1 = S1 {mali, russia},
-- S2 {mali} (three mentions); P2 = S3 {algeria, wagner}; P3 = S4 {} (the blank line is no
-- paragraph). Article 2 (2025-08-03): P0 = S0 {russia, algeria}; P1 = S1 {wagner, mali},
-- S2 {russia}. Article 3 (no date): one sentence, no entity.
local corpus = {
  { id = "a1", date = "2025-07-28", title = "Mali and Russia",
    body = "Mali signed with Russia. Mali, Mali and Mali.\nAlgeria watched Wagner Group.\n\n"
      .. "Nothing else here." },
  { id = "a2", date = "2025-08-03", body = "Russia and Algeria.\nWagner Group in Mali. Russia too." },
  { id = "a3", body = "No entity at all." },
}

-- Hand counts per context: N, n_a, and n_ab by "a|b" (a < b).
local expected = {
  sentence = { n = 5 + 3 + 1, marg = { mali = 4, russia = 4, algeria = 2, wagner = 2 },
    pairs = { ["mali|russia"] = 2, ["algeria|wagner"] = 1, ["algeria|russia"] = 1,
              ["mali|wagner"] = 1 } },
  paragraph = { n = 4 + 2 + 1, marg = { mali = 3, russia = 4, algeria = 2, wagner = 2 },
    pairs = { ["mali|russia"] = 3, ["algeria|wagner"] = 1, ["algeria|russia"] = 1,
              ["mali|wagner"] = 1, ["russia|wagner"] = 1 } },
  article = { n = 3, marg = { mali = 2, russia = 2, algeria = 2, wagner = 2 },
    pairs = { ["mali|russia"] = 2, ["algeria|wagner"] = 2, ["algeria|russia"] = 2,
              ["mali|wagner"] = 2, ["russia|wagner"] = 2, ["algeria|mali"] = 2 } },
}
local MENTIONS = { mali = 6, russia = 4, algeria = 2, wagner = 2, bamako = 0 }

-- measures(ab, a, b, n): TEXT-SPEC §7 written out again, independently of the C code.
local function measures(ab, a, b, n)
  local pmi = math.log(ab * n / (a * b), 2)
  local npmi = ab == n and 1 or pmi / -math.log(ab / n, 2)
  local o = { ab, a - ab, b - ab, n - a - b + ab }
  local e = { a * b / n, a * (n - b) / n, (n - a) * b / n, (n - a) * (n - b) / n }
  local g2 = 0
  for i = 1, 4 do if o[i] > 0 then g2 = g2 + o[i] * math.log(o[i] / e[i]) end end
  return { pmi = pmi, npmi = npmi, dice = 2 * ab / (a + b), jaccard = ab / (a + b - ab),
           llr = math.max(0, 2 * g2) }
end

-- check_rows(co, want): the rows of co are exactly the hand counts, with their measures.
local function check_rows(co, want)
  local rows = co:rows()
  local n = 0
  for _ in pairs(want.pairs) do n = n + 1 end
  T.eq(#rows, n, "number of pairs")
  for _, r in ipairs(rows) do
    local key = r.a .. "|" .. r.b
    T.ok(r.a < r.b, "entity_a is the smaller id: " .. key)
    T.eq(r.count, want.pairs[key], "n_ab of " .. key)
    T.eq(r.count_a, want.marg[r.a], "n_a of " .. key)
    T.eq(r.count_b, want.marg[r.b], "n_b of " .. key)
    T.eq(r.contexts, want.n, "N")
    local m = measures(r.count, r.count_a, r.count_b, r.contexts)
    for k, v in pairs(m) do T.near(r[k], v, 1e-12, k .. " of " .. key) end
  end
  T.eq(co:contexts(), want.n, "co:contexts()")
  for id, n_a in pairs(want.marg) do
    local got, mentions = co:marginal(id)
    T.eq(got, n_a, "marginal " .. id)
    T.eq(mentions, MENTIONS[id], "mentions " .. id)
  end
end

T.cases("unit contexts", {
  { "sentence" }, { "paragraph" }, { "article" },
}, function(row)
  local co = assert(sahel.cooc.build(corpus, gaz, { context = row[1], threads = 1 }))
  check_rows(co, expected[row[1]])
  T.eq(co:info().context, row[1], "info")
  T.eq(co:periods(), {}, "unsliced")
end)

T.case("rows are in §8 order: count desc, entity_a, entity_b", function()
  local co = sahel.cooc.build(corpus, gaz, { context = "paragraph" })
  local got = {}
  for p in co:pairs() do got[#got + 1] = p.a .. "|" .. p.b end
  T.eq(got, { "mali|russia", "algeria|russia", "algeria|wagner", "mali|wagner", "russia|wagner" })
end)

-- Window k = 2 over "Mali , Russia and Mali Algeria" (docs/spec.md §7's example): words
-- Mali 0, Russia 1, and 2, Mali 3, Algeria 4; N = 2 (2*5 - 3) = 14; n_mali = 2 + 3,
-- n_russia = 1 + 2, n_algeria = 2 + 0; pairs Mali0-Russia1, Russia1-Mali3, Mali3-Algeria4.
-- A second article "Russia" (one word) adds no position pair, one mention.
T.cases("window contexts", {
  { 2, n = 14, marg = { mali = 5, russia = 3, algeria = 2 },
    pairs = { ["mali|russia"] = 2, ["algeria|mali"] = 1 } },
  -- k = 1: N = 2 * 4 = 8; n_mali = 1 + 2, n_russia = 2, n_algeria = 1; adjacent pairs only
  { 1, n = 8, marg = { mali = 3, russia = 2, algeria = 1 },
    pairs = { ["mali|russia"] = 1, ["algeria|mali"] = 1 } },
  -- k = 9 > W: every pair of the 5 words, N = 20; each mention sees 4 words
  { 9, n = 20, marg = { mali = 8, russia = 4, algeria = 4 },
    pairs = { ["mali|russia"] = 2, ["algeria|mali"] = 2, ["algeria|russia"] = 1 } },
}, function(row)
  local arts = { { id = "w1", body = "Mali , Russia and Mali Algeria" }, { id = "w2", body = "Russia" } }
  local co = sahel.cooc.build(arts, gaz, { context = row[1] })
  T.eq(co:info().window, row[1], "info.window")
  local rows = co:rows()
  local n = 0
  for _ in pairs(row.pairs) do n = n + 1 end
  T.eq(#rows, n, "pairs")
  for _, r in ipairs(rows) do
    T.eq(r.count, row.pairs[r.a .. "|" .. r.b], r.a .. "|" .. r.b)
    T.eq({ r.count_a, r.count_b, r.contexts }, { row.marg[r.a], row.marg[r.b], row.n }, "marginals")
    T.ok(r.dice <= 1 and r.jaccard <= 1 and r.npmi <= 1, "measures in range")
  end
  T.eq(select(2, co:marginal("russia")), 2, "mentions of russia")
end)

T.cases("sahel.cooc.period: the tables' rule for one date", {
  { "week", "2025-08-03", "2025-W31" }, { "week", "2021-01-03", "2020-W53" },
  { "day", "2015-07-21 02:51:32", "2015-07-21" }, { "month", "2024-02-29", "2024-02" },
  { "year", "2025-07-28", "2025" }, { "day", "2023-02-29", "unknown" }, { "day", nil, "unknown" },
}, function(r) T.eq(sahel.cooc.period(r[1], r[2]), r[3], r[1]) end)

T.case("sahel.cooc.period: an unknown period raises", function()
  T.raises(function() sahel.cooc.period("hour", "2025-07-28") end, "unknown period 'hour'")
  T.raises(function() sahel.cooc.period("none", "2025-07-28") end, "unknown period 'none'")
end)

T.case("periods: month slices with their own N; undated articles are 'unknown'", function()
  local co = sahel.cooc.build(corpus, gaz, { by = "month" })
  T.eq(co:periods(), { "2025-07", "2025-08", "unknown" }, "periods")
  T.eq({ co:contexts("2025-07"), co:contexts("2025-08"), co:contexts("unknown") }, { 5, 3, 1 }, "N")
  T.eq(co:contexts(), 9, "N summed")
  T.eq(co:count("mali", "russia", "2025-07"), 2, "July")
  T.eq(co:count("russia", "mali", "2025-08"), 0, "August")
  T.eq(co:count("mali", "wagner", "2025-08"), 1, "August pair")
  T.eq({ co:marginal("mali", "2025-07") }, { 3, 5 }, "July marginal, mentions")
  local rows = co:rows()
  T.eq({ rows[1].period, rows[1].a, rows[1].b, rows[1].count }, { "2025-07", "mali", "russia", 2 })
  T.eq(#co:rows("2025-08"), 2, "rows of one period")
  T.eq(co:rows("1999-01"), {}, "a period without articles")
  T.near(rows[1].pmi, math.log(2 * 5 / (3 * 2), 2), 1e-12, "pmi within the period")
  local total = co:collapse()
  T.eq(total:rows(), sahel.cooc.build(corpus, gaz):rows(), "collapse = unsliced build")
end)

T.cases("period names", {
  { "year", { "2025", "unknown" } },
  { "week", { "2025-W31", "2025-W31", "unknown" } }, -- Monday 28 July and Sunday 3 August
  { "day", { "2025-07-28", "2025-08-03", "unknown" } },
}, function(row)
  local co = sahel.cooc.build(corpus, gaz, { by = row[1] })
  local want = {}
  for _, p in ipairs(row[2]) do if want[#want] ~= p then want[#want + 1] = p end end
  T.eq(co:periods(), want)
end)

-- replicate(n): the corpus n times, with distinct ids.
local function replicate(n)
  local out = {}
  for i = 1, n do
    for _, a in ipairs(corpus) do
      out[#out + 1] = { id = a.id .. "-" .. i, date = a.date, title = a.title, body = a.body }
    end
  end
  return out
end

T.case("thread-count invariance", function()
  local big = replicate(60)
  for _, ctx in ipairs { "sentence", "paragraph", "article", 3 } do
    local one = sahel.cooc.build(big, gaz, { context = ctx, by = "month", threads = 1 })
    for _, n in ipairs { 2, 3, 4, 7 } do
      local many = sahel.cooc.build(big, gaz, { context = ctx, by = "month", threads = n })
      T.eq(many:rows(), one:rows(), tostring(ctx) .. ": " .. n .. " threads")
    end
    if ctx == "sentence" then
      T.eq(one:count("mali", "russia"), 60 * 2, "sums scale with the corpus")
      T.eq(one:contexts(), 60 * 9, "N scales")
    end
  end
  T.ok(sahel.cooc.build(big, gaz), "default threads (the machine's cores)")
end)

T.case("merge: shards add up to the whole", function()
  local big = replicate(5)
  local whole = sahel.cooc.build(big, gaz, { by = "week" })
  local a, b = {}, {}
  for i, x in ipairs(big) do table.insert(i % 3 == 0 and a or b, x) end
  local sa = sahel.cooc.build(a, gaz, { by = "week" })
  local sb = sahel.cooc.build(b, gaz, { by = "week" })
  T.eq(sa:merge(sb), sa, "merge returns the table")
  T.eq(sa:rows(), whole:rows(), "merged rows")
  T.eq(sa:entities(), whole:entities(), "merged entities")
  T.raises(function() sa:merge(sahel.cooc.build(a, gaz, { by = "month" })) end, "different")
  T.raises(function() sa:merge(sa) end, "itself")
end)

T.case("save / load round-trips exactly", function()
  local dir = T.tmpdir()
  for _, opts in ipairs { { context = "paragraph", by = "month" }, { context = 4 } } do
    local co = sahel.cooc.build(corpus, gaz, opts)
    local path = dir .. "/t.cooc"
    T.eq(co:save(path), true, "save")
    local back = assert(sahel.cooc.load(path))
    T.eq(back:rows(), co:rows(), "rows")
    T.eq(back:info(), co:info(), "info")
    T.eq(back:periods(), co:periods(), "periods")
    T.eq(back:entities(), co:entities(), "entities with mentions")
    T.eq(back:contexts(), co:contexts(), "N")
  end
  local ok, err = sahel.cooc.load(dir .. "/missing.cooc")
  T.eq(ok, nil, "missing file")
  T.ok(err:find("missing.cooc", 1, true), "message names the file: " .. err)
  T.write(dir .. "/text.cooc", "not a database\n")
  ok, err = sahel.cooc.load(dir .. "/text.cooc")
  T.ok(not ok and err:find("text.cooc", 1, true), "a text file is refused: " .. tostring(err))
  T.raises(function() sahel.cooc.must_load(dir .. "/missing.cooc") end, "missing.cooc")
  local co = sahel.cooc.build(corpus, gaz)
  ok, err = co:save("/nonexistent-dir/x.cooc")
  T.ok(not ok and err:find("nonexistent", 1, true), "unwritable path: " .. tostring(err))
end)

T.case("selection: thresholds, sorting, top, top per node, entity", function()
  local co = sahel.cooc.build(corpus, gaz, { context = "paragraph" })
  T.eq(#co:select { min_count = 2 }, 1, "min_count")
  local by_npmi = co:select { sort = "npmi" }
  for i = 2, #by_npmi do T.ok(by_npmi[i - 1].npmi >= by_npmi[i].npmi, "npmi order") end
  T.eq(#co:select { top = 2 }, 2, "top")
  T.eq(#co:select { entity = "wagner" }, 3, "entity")
  T.eq(#co:select { entity = { "wagner", "mali" } }, 4, "entities")
  T.eq(#co:select { min = { count = 1, jaccard = 0.5 } }, #co:select { min_jaccard = 0.5 }, "min table")
  -- top 1 per node by count: mali|russia (3) is first for mali and russia; algeria's first
  -- is algeria|russia, wagner's first is algeria|wagner
  local got = {}
  for p in co:pairs { top_per_node = 1 } do got[#got + 1] = p.a .. "|" .. p.b end
  T.eq(got, { "mali|russia", "algeria|russia", "algeria|wagner" }, "top_per_node")
  T.raises(function() co:select { sort = "loudness" } end, "unknown measure")
  T.raises(function() co:select { min = { loudness = 1 } } end, "unknown measure")
end)

T.case("Arabic text, proclitics, demonyms", function()
  local arts = { { id = "ar", body = "التقت روسيا والجزائر في باماكو. وقال الروسي Russian كلاما." } }
  local co = sahel.cooc.build(arts, gaz)
  T.eq(co:count("algeria", "russia"), 1, "روسيا and والجزائر share a sentence")
  T.eq(co:count("bamako", "russia"), 1, "and باماكو")
  T.eq({ co:marginal("russia") }, { 1, 1 }, "the demonym does not count by default")
  local dem = sahel.cooc.build(arts, gaz, { demonyms = true })
  T.eq({ dem:marginal("russia") }, { 2, 2 }, "demonyms = true")
end)

T.case("date and source filters", function()
  local arts = replicate(1)
  arts[1].source = "aawsat"
  arts[2].source = "alriyadh"
  local co = sahel.cooc.build(arts, gaz, { from = "2025-08-01" })
  T.eq(co:contexts(), 3, "only article 2 (the undated one is left out)")
  co = sahel.cooc.build(arts, gaz, { source = { "aawsat" } })
  T.eq(co:contexts(), 5, "only article 1")
  co = sahel.cooc.build(arts, gaz, { to = "2025-07-31", source = "alriyadh" })
  T.eq(co:contexts(), 0, "nothing left")
  T.eq(sahel.cooc.build(arts, gaz, { to = "2025-07" }):contexts(), 5, "a partial 'to' ends its month")
  T.eq(sahel.cooc.build(arts, gaz, { from = "2025" }):contexts(), 8, "a partial 'from'")
end)

T.case("a sahel.Corpus (read by the workers) and arrays of Articles", function()
  local c = assert(sahel.corpus.open("tests/fixtures/cooc/hand.jsonl"))
  for _, threads in ipairs { 1, 3 } do
    check_rows(sahel.cooc.build(c, gaz, { threads = threads }), expected.sentence)
    check_rows(sahel.cooc.build(c, gaz, { context = "paragraph", threads = threads }),
      expected.paragraph)
  end
  local articles = {}
  for a in c:articles() do articles[#articles + 1] = a end
  check_rows(sahel.cooc.build(articles, gaz, { threads = 2 }), expected.sentence)
  T.eq(sahel.cooc.build(c, gaz, { from = "2025-08-01" }):contexts(), 3, "from: article 2")
  T.eq(sahel.cooc.build(c, gaz, { source = "aawsat" }):contexts(), 6, "source: articles 1, 3")
  T.eq(sahel.cooc.build(c, gaz, { by = "month", to = "2025-07" }):periods(), { "2025-07" }, "to")
end)

T.case("corpus warnings reach opts.warn on the Lua thread, with file:line", function()
  local c = assert(sahel.corpus.open("tests/fixtures/cooc/bad.jsonl"))
  for _, threads in ipairs { 1, 2 } do
    local got = {}
    local co = sahel.cooc.build(c, gaz, { threads = threads, warn = function(m) got[#got + 1] = m end })
    T.eq(co:count("mali", "russia"), 1, "the good records count")
    T.ok(#got >= 2, "warnings collected")
    T.ok(got[1]:find("bad.jsonl:2:", 1, true), "names file:line: " .. got[1])
    T.ok(got[2]:find("bad.jsonl:4:", 1, true), "names file:line: " .. got[2])
  end
end)

T.case("from_store: the stored mentions give the same tables", function()
  local store = require "sahel.store"
  local c = assert(sahel.corpus.open("tests/fixtures/cooc/hand.jsonl"))
  local arts = { { id = "d1", date = "2025-09-01", body = "Russian troops in Mali. Mali." } }
  local path = T.tmpdir() .. "/store.sqlite"
  assert(store.ingest(path, c, gaz, { demonyms = true }))
  assert(store.ingest(path, arts, gaz, { demonyms = true }))
  local db <close> = assert(store.open(path))
  local all = replicate(1)
  all[#all + 1] = arts[1]
  for _, ctx in ipairs { "sentence", "paragraph", "article", 2 } do
    for _, dem in ipairs { false, true } do
      local opts = { context = ctx, by = "month", demonyms = dem }
      T.eq(sahel.cooc.from_store(db, gaz, opts):rows(), sahel.cooc.build(all, gaz, opts):rows(),
        tostring(ctx) .. (dem and " with demonyms" or ""))
    end
  end
  T.eq(sahel.cooc.from_store(db, gaz, { from = "2025-08-01", to = "2025-08" }):contexts(), 3,
    "dates: article 2 only")
  T.eq(sahel.cooc.from_store(db, gaz, { source = "aawsat" }):contexts(), 6, "source")
  local small = sahel.gazetteer.new()
  assert(small:add { id = "mali", alias = "Mali" })
  local got = {}
  local co = sahel.cooc.from_store(db, small, { warn = function(m) got[#got + 1] = m end })
  T.eq({ co:marginal("mali") }, { 4 + 2, 6 + 2 }, "known entities still count")
  T.ok(got[1] and got[1]:find("left out", 1, true), "unknown entities are a warning")
end)

T.case("misuse raises; handles close", function()
  T.raises(function() sahel.cooc.build(corpus, gaz, { context = "chapter" }) end, "context")
  T.raises(function() sahel.cooc.build(corpus, gaz, { context = 0 }) end, "window")
  T.raises(function() sahel.cooc.build(corpus, gaz, { by = "decade" }) end, "by")
  T.raises(function() sahel.cooc.build(corpus, gaz, { threads = -1 }) end, "threads")
  T.raises(function() sahel.cooc.build(corpus, {}) end, "sahel.Gazetteer")
  T.raises(function() sahel.cooc.build({ { body = 42 } }, gaz) end, "body")
  local co = sahel.cooc.build(corpus, gaz)
  T.raises(function() co:marginal("atlantis") end, "unknown entity")
  T.ok(tostring(co):find("sentence"), "tostring")
  co:close()
  co:close()
  T.ok(tostring(co):find("closed"), "tostring of a closed table")
  T.raises(function() co:rows() end, "closed")
  do
    local scoped <close> = sahel.cooc.build(corpus, gaz)
    T.ok(#scoped:rows() > 0, "to-be-closed")
  end
end)

T.done()
