-- test_cooc_independent.lua: a second, short implementation of TEXT-SPEC §7 in Lua, over
-- the records of gaz:mentions and sahel.text, must give exactly the C engine's tables:
-- on generated corpora (every context, slicing by month), on datasets/sample with the
-- bundled gazetteer, and on 2,000 SaudiNewsNet articles when ../shared is present.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

-- ---- the independent implementation ---------------------------------------------------

-- analyzed(a): the analyzed text of an article (TEXT-SPEC §2: title, LF, body).
local function analyzed(a)
  if a.title then return a.title .. "\n" .. (a.body or "") end
  return a.body or ""
end

-- period_of(a, by): the period of an article dated a.date (ISO) when slicing by month.
local function period_of(a, by)
  if not by then return "" end
  local d = a.date and a.date:match("^%d%d%d%d%-%d%d%-%d%d")
  return d and d:sub(1, 7) or "unknown"
end

-- new_period(): the counts of one period.
local function new_period() return { n = 0, marg = {}, ment = {}, pairs = {} } end

local function add(t, k, v) t[k] = (t[k] or 0) + v end

-- pair_key(a, b): "a|b" with the smaller id first.
local function pair_key(a, b) if a < b then return a .. "|" .. b end return b .. "|" .. a end

-- count_units(acc, text, mentions, context): one article in a unit context.
local function count_units(acc, text, mentions, context)
  local units
  if context == "sentence" then units = sahel.text.sentences(text)
  elseif context == "paragraph" then units = sahel.text.paragraphs(text)
  else units = { { tokens = #sahel.text.tokenize(text) } } end
  for _, u in ipairs(units) do if u.tokens > 0 then acc.n = acc.n + 1 end end
  local sets = {}
  for _, m in ipairs(mentions) do
    local u = context == "sentence" and m.sentence or context == "paragraph" and m.paragraph or 0
    sets[u] = sets[u] or {}
    sets[u][m.entity] = true
  end
  for _, set in pairs(sets) do
    local ids = {}
    for id in pairs(set) do ids[#ids + 1] = id; add(acc.marg, id, 1) end
    for i = 1, #ids do
      for j = i + 1, #ids do add(acc.pairs, pair_key(ids[i], ids[j]), 1) end
    end
  end
end

-- count_window(acc, text, mentions, k): one article in window mode (docs/spec.md §7).
local function count_window(acc, text, mentions, k)
  local ordinal, words = {}, 0
  for _, t in ipairs(sahel.text.tokenize(text)) do
    ordinal[t.index] = words
    if t.kind == "word" then words = words + 1 end
  end
  for d = 1, k do acc.n = acc.n + 2 * math.max(0, words - d) end
  local pos = {}
  for i, m in ipairs(mentions) do
    pos[i] = ordinal[m.token]
    add(acc.marg, m.entity, math.min(k, pos[i]) + math.min(k, words - 1 - pos[i]))
  end
  for i = 1, #mentions do
    for j = i + 1, #mentions do
      local a, b = mentions[i].entity, mentions[j].entity
      if a ~= b and math.abs(pos[i] - pos[j]) <= k then add(acc.pairs, pair_key(a, b), 1) end
    end
  end
end

-- independent(articles, gaz, opts): periods -> counts, from gaz:mentions and sahel.text.
local function independent(articles, gaz, opts)
  local periods = {}
  for _, a in ipairs(articles) do
    local p = period_of(a, opts.by)
    periods[p] = periods[p] or new_period()
    local acc, text = periods[p], analyzed(a)
    local mentions = gaz:mentions(text, { demonyms = opts.demonyms })
    for _, m in ipairs(mentions) do add(acc.ment, m.entity, 1) end
    if math.type(opts.context) == "integer" then count_window(acc, text, mentions, opts.context)
    else count_units(acc, text, mentions, opts.context or "sentence") end
  end
  return periods
end

-- ln_ratio(o, n, r, c): ln(o n / (r c)) = ln(O / E) of one G2 cell, keeping its digits
-- when O is close to E (the large cell of a big N): the difference o n - r c is exact in
-- integers and ln(1 + x) is its series for small x.
local function ln_ratio(o, n, r, c)
  local x = (o * n - r * c) / (r * c)
  if math.abs(x) < 1e-4 then return x - x * x / 2 + x ^ 3 / 3 - x ^ 4 / 4 end
  return math.log(o * n / (r * c))
end

-- measures(ab, a, b, n): §7's formulas.
local function measures(ab, a, b, n)
  local pmi = math.log(ab * n / (a * b), 2)
  local o = { ab, a - ab, b - ab, n - a - b + ab }
  local r = { a, a, n - a, n - a }
  local c = { b, n - b, b, n - b }
  local g2 = 0
  for i = 1, 4 do if o[i] > 0 then g2 = g2 + o[i] * ln_ratio(o[i], n, r[i], c[i]) end end
  return { pmi = pmi, npmi = ab == n and 1 or pmi / -math.log(ab / n, 2),
           dice = 2 * ab / (a + b), jaccard = ab / (a + b - ab), llr = math.max(0, 2 * g2) }
end

-- compare(co, want, gaz): the C table equals the independent counts, measure by measure.
local function compare(co, want, gaz)
  local sliced = co:info().by ~= nil
  local names = {}
  for p in pairs(want) do names[#names + 1] = p end
  table.sort(names)
  T.eq(co:periods(), sliced and names or {}, "periods")
  local npairs = 0
  for _, p in ipairs(names) do
    local w, cp = want[p], sliced and p or nil
    T.eq(co:contexts(cp), w.n, "N of " .. p)
    for _, e in ipairs(gaz:entities()) do
      T.eq({ co:marginal(e.id, cp) }, { w.marg[e.id] or 0, w.ment[e.id] or 0 }, e.id .. " in " .. p)
    end
    for key, n_ab in pairs(w.pairs) do
      local a, b = key:match("^(.-)|(.*)$")
      T.eq(co:count(a, b, cp), n_ab, key .. " in " .. p)
      npairs = npairs + 1
    end
  end
  local rows = co:rows()
  T.eq(#rows, npairs, "number of pair rows")
  for _, r in ipairs(rows) do
    local w = want[r.period or ""]
    local m = measures(w.pairs[r.a .. "|" .. r.b], w.marg[r.a], w.marg[r.b], w.n)
    for k, v in pairs(m) do T.near(r[k], v, 1e-9, k .. " of " .. r.a .. "|" .. r.b) end
  end
  return #rows
end

-- ---- generated corpora -----------------------------------------------------------------

local gaz = sahel.gazetteer.new()
for _, r in ipairs {
  { id = "mali", alias = "Mali" }, { id = "mali", alias = "مالي" },
  { id = "russia", alias = "Russia" }, { id = "russia", alias = "روسيا" },
  { id = "russia", alias = "الروسي", kind = "demonym" },
  { id = "algeria", alias = "الجزائر" }, { id = "algeria", alias = "Algeria" },
  { id = "wagner", alias = "Wagner Group" }, { id = "wagner", alias = "فاغنر" },
  { id = "africa_corps", alias = "الفيلق الأفريقي" }, { id = "ecowas", alias = "ECOWAS" },
  { id = "bamako", alias = "باماكو" },
} do assert(gaz:add(r)) end

local WORDS = { "Mali", "مالي", "Russia", "وروسيا", "لروسيا", "الروسي", "للجزائر", "Algeria",
  "Wagner Group", "فاغنر", "الفيلق الأفريقي", "ECOWAS", "وباماكو", "the", "and", "في", "قال",
  "2025", "3.5", ".", ",", "؟", "!", "\n", "\n\n", "«", "»", "-", "Wagner", "Group" }

-- generate(n, seed): n articles of random words, some titled, dated or not.
local function generate(n, seed)
  math.randomseed(seed)
  local out = {}
  for i = 1, n do
    local words = {}
    for _ = 1, math.random(0, 70) do words[#words + 1] = WORDS[math.random(#WORDS)] end
    local a = { id = tostring(i), body = table.concat(words, " ") }
    if math.random() < 0.4 then a.title = WORDS[math.random(#WORDS)] .. " " .. WORDS[1] end
    if math.random() < 0.8 then
      a.date = string.format("2025-%02d-%02d", math.random(1, 12), math.random(1, 28))
    end
    out[i] = a
  end
  return out
end

local generated = generate(400, 7)
T.cases("generated corpus", {
  { "sentence" }, { "paragraph" }, { "article" }, { 1 }, { 3 }, { 10 },
  { "sentence", by = "month" }, { 2, by = "month", demonyms = true },
  { "paragraph", demonyms = true, threads = 2 },
}, function(row)
  local opts = { context = row[1], by = row.by, demonyms = row.demonyms, threads = row.threads or 1 }
  local co = assert(sahel.cooc.build(generated, gaz, opts))
  T.ok(compare(co, independent(generated, gaz, opts), gaz) > 10, "enough pairs to compare")
end)

-- ---- real corpora ------------------------------------------------------------------------

-- read_corpus(path, limit): the corpus at path (its first `limit` articles, as a filtered
-- corpus when a limit is given) and its articles as plain tables.
local function read_corpus(path, limit)
  local out = {}
  local c = assert(sahel.corpus.open(path))
  for a in c:articles() do
    out[#out + 1] = { id = a.id, title = a.title, date = a.date, source = a.source, body = a.body }
    if limit and #out >= limit then break end
  end
  return c, out
end

-- check_real(source, articles, gaz, what): the C engine over source (a corpus or an
-- array) against the Lua implementation over articles: sentence by month and window 5,
-- with 1 and 2 threads.
local function check_real(source, articles, rgaz, what)
  for _, opts in ipairs {
    { context = "sentence", by = "month", threads = 1 },
    { context = "sentence", by = "month", threads = 2 },
    { context = 5, threads = 2 },
  } do
    local co = assert(sahel.cooc.build(source, rgaz, opts))
    local n = compare(co, independent(articles, rgaz, opts), rgaz)
    print(string.format("%s, context %s, %d threads: %d pair rows agree", what,
      tostring(opts.context), opts.threads, n))
  end
end

T.case("datasets/sample with the bundled gazetteer", function()
  local rgaz = assert(sahel.gazetteer.load("datasets/gazetteer/sahel.csv"))
  local c, articles = read_corpus("datasets/sample/articles.jsonl")
  check_real(c, articles, rgaz, "sample (corpus read by the workers)")
end)

local snn = T.shared("corpora/saudinewsnet/articles.jsonl")
if snn then
  T.case("2,000 SaudiNewsNet articles with the bundled gazetteer", function()
    local rgaz = assert(sahel.gazetteer.load("datasets/gazetteer/sahel.csv"))
    local _, articles = read_corpus(snn, 2000)
    check_real(articles, articles, rgaz, "SaudiNewsNet")
  end)
else
  print("note: ../shared absent: the SaudiNewsNet comparison is skipped")
end

T.done()
