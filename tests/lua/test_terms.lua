-- test_terms.lua: sahel.terms against a second, plain implementation of TEXT-SPEC §9 in Lua
-- over sahel.text.tokenize (term counts, articles, per_10k, n-grams, stopwords, slices by
-- month and by source, keyness, collocations) on generated corpora and datasets/sample,
-- for 1, 2 and 3 threads; hand-worked keyness and collocation cases; option checks.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

-- ---- the independent implementation ---------------------------------------------------

local function analyzed(a)
  if a.title then return a.title .. "\n" .. (a.body or "") end
  return a.body or ""
end

local function slice_of(a, by)
  if by == "month" then
    local d = a.date and a.date:match("^%d%d%d%d%-%d%d%-%d%d")
    return d and d:sub(1, 7) or "unknown"
  elseif by == "source" then
    return a.source or ""
  end
  return ""
end

-- reference(articles, opts): slice -> {words, terms = {["n|term"] = {count, articles}}}
local function reference(articles, opts)
  local stop = {}
  for _, w in ipairs(opts.stopwords or {}) do stop[sahel.text.normalize(w)] = true end
  local out = {}
  for _, a in ipairs(articles) do
    local s = slice_of(a, opts.by)
    out[s] = out[s] or { words = 0, terms = {} }
    local acc, seen = out[s], {}
    local toks = sahel.text.tokenize(analyzed(a))
    local function term_at(i)
      local t = toks[i]
      return t and t.kind == "word" and not stop[t.norm] and t.norm
    end
    for i, t in ipairs(toks) do
      if t.kind == "word" then acc.words = acc.words + 1 end
      local words = {}
      for n = 1, opts.n or 1 do
        local j = i + n - 1
        local w = term_at(j)
        -- consecutive tokens of one sentence: only white space between them
        if not w or toks[j].sentence ~= t.sentence then break end
        words[n] = w
        local key = n .. "|" .. table.concat(words, " ")
        local r = acc.terms[key] or { count = 0, articles = 0 }
        acc.terms[key] = r
        r.count = r.count + 1
        if not seen[key] then seen[key] = true; r.articles = r.articles + 1 end
      end
    end
  end
  return out
end

-- compare(t, want, what): the C table equals the reference, slice by slice.
local function compare(t, want, what)
  local names = {}
  for s in pairs(want) do names[#names + 1] = s end
  table.sort(names)
  T.eq(t:slices(), names, what .. ": slices")
  local total = 0
  for _, s in ipairs(names) do
    local w = want[s]
    T.eq(t:words(s), w.words, what .. ": words of " .. s)
    local rows, n = t:rows { slice = s }, 0
    for _, r in ipairs(rows) do
      local x = w.terms[r.n .. "|" .. r.term]
      T.ok(x, what .. ": unexpected term " .. r.term)
      if x then
        T.eq({ r.count, r.articles }, { x.count, x.articles },
          what .. ": " .. r.term .. " in " .. s)
        T.near(r.per_10k, x.count * 10000 / w.words, 1e-9, "per_10k")
      end
    end
    for _ in pairs(w.terms) do n = n + 1 end
    T.eq(#rows, n, what .. ": rows of " .. s)
    for i = 2, #rows do
      local a, b = rows[i - 1], rows[i]
      T.ok(a.count > b.count or a.count == b.count and a.term <= b.term, "sorted")
    end
    total = total + n
  end
  return total
end

-- ---- corpora ---------------------------------------------------------------------------

-- json(s): s as a JSON string.
local function json(s)
  return '"' .. s:gsub('[%c"\\]', function(c)
    return string.format("\\u%04x", c:byte())
  end) .. '"'
end

-- write_corpus(articles): a JSONL corpus of the articles, opened.
local function write_corpus(articles)
  local path = os.tmpname() .. ".jsonl"
  local f = assert(io.open(path, "w"))
  for _, a in ipairs(articles) do
    local fields = {}
    for _, k in ipairs { "id", "title", "date", "source", "body" } do
      if a[k] then fields[#fields + 1] = json(k) .. ":" .. json(a[k]) end
    end
    f:write("{", table.concat(fields, ","), "}\n")
  end
  f:close()
  local c = assert(sahel.corpus.open(path))
  return c, path
end

local WORDS = { "Mali", "مالي", "Russia", "وروسيا", "الروسي", "للجزائر", "Wagner", "Group",
  "فاغنر", "الفيلق", "الأفريقي", "ECOWAS", "the", "and", "في", "قال", "2025", "3.5", ".", ",",
  "؟", "!", "\n", "«", "»", "-", "القوات", "المسلحة", "army", "Army", "د.", "ﻻ", "إرهاب" }

local function generate(n, seed)
  math.randomseed(seed)
  local out = {}
  for i = 1, n do
    local words = {}
    for _ = 1, math.random(0, 60) do words[#words + 1] = WORDS[math.random(#WORDS)] end
    local a = { id = tostring(i), body = table.concat(words, math.random() < 0.2 and "  " or " "),
                source = ({ "alpha", "beta", "gamma" })[math.random(3)] }
    if math.random() < 0.4 then a.title = WORDS[math.random(#WORDS)] .. " " .. WORDS[1] end
    if math.random() < 0.8 then
      a.date = string.format("20%02d-%02d-%02d", math.random(18, 19), math.random(1, 12),
        math.random(1, 28))
    end
    out[i] = a
  end
  return out
end

local generated = generate(300, 11)
local gen_corpus, gen_path = write_corpus(generated)
local STOP = { "the", "and", "في", "قال" }

T.cases("generated corpus against the reference", {
  { n = 1 }, { n = 2 }, { n = 3 }, { n = 3, by = "month" }, { n = 2, by = "source" },
  { n = 3, stopwords = STOP }, { n = 2, by = "month", stopwords = STOP },
}, function(row)
  local want = reference(generated, row)
  for threads = 1, 3 do
    local t = assert(sahel.terms.count(gen_corpus, { n = row.n, by = row.by, threads = threads,
                                                     stopwords = row.stopwords }))
    T.ok(compare(t, want, "threads " .. threads) > 20, "enough terms")
  end
end)

T.case("datasets/sample for 1, 2 and 3 threads", function()
  local c = assert(sahel.corpus.open("datasets/sample"))
  local articles = {}
  for a in c:articles() do
    articles[#articles + 1] = { title = a.title, body = a.body, date = a.date, source = a.source }
  end
  local stop = assert(sahel.terms.stopwords(true))
  for _, by in ipairs { "month", "source" } do
    local want = reference(articles, { n = 3, by = by, stopwords = stop })
    for threads = 1, 3 do
      local t = assert(sahel.terms.count(c, { n = 3, by = by, stopwords = true,
                                              threads = threads }))
      T.ok(compare(t, want, by .. " threads " .. threads) > 500, "enough terms")
    end
  end
end)

-- ---- keyness and collocations ---------------------------------------------------------

-- keyness_ref(a, b, ct, cr): §9's formulas.
local function keyness_ref(a, b, ct, cr)
  local et, er = ct * (a + b) / (ct + cr), cr * (a + b) / (ct + cr)
  local function xl(x, e) return x > 0 and x * math.log(x / e) or 0 end
  local sign = a / ct - b / cr < 0 and -1 or 1
  return { g2 = sign * 2 * (xl(a, et) + xl(b, er)),
           chi2 = sign * ((a - et) ^ 2 / et + (b - er) ^ 2 / er),
           log_ratio = math.log(((a > 0 and a or 0.5) / ct) / ((b > 0 and b or 0.5) / cr), 2) }
end

T.case("keyness by hand", function()
  -- target: "x x y" (3 words), reference: "y z z z" (4 words)
  local c = write_corpus {
    { id = "1", body = "x x y", source = "t" }, { id = "2", body = "y z z z", source = "r" } }
  local t = assert(sahel.terms.count(c, { by = "source" }))
  local rows, ct, cr = sahel.terms.keyness(t, nil, { slice = "t" })
  T.eq({ ct, cr }, { 3, 4 }, "word totals")
  local by = {}
  for _, r in ipairs(rows) do by[r.term] = r end
  -- x: a 2, b 0: E_T = 3 * 2 / 7, G2 = 2 * 2 ln(2 / (6/7)) = 4 ln(7/3) > 0
  T.near(by.x.g2, 4 * math.log(7 / 3), 1e-12, "G2 of x")
  T.near(by.x.log_ratio, math.log((2 / 3) / (0.5 / 4), 2), 1e-12, "log ratio with 0.5")
  -- z: a 0, b 3: negative
  T.near(by.z.g2, -2 * 3 * math.log(3 / (4 * 3 / 7)), 1e-12, "G2 of z")
  T.near(by.z.chi2, -((0 - 9 / 7) ^ 2 / (9 / 7) + (3 - 12 / 7) ^ 2 / (12 / 7)), 1e-12, "chi2 z")
  T.eq({ rows[1].term, rows[2].term, rows[3].term }, { "x", "y", "z" }, "G2 desc")
  -- the same through a second handle as the reference
  local c2 = write_corpus { { id = "2", body = "y z z z" } }
  local r2 = assert(sahel.terms.count(c2))
  local rows2 = sahel.terms.keyness(t, r2, { slice = "t" })
  T.eq(rows2, rows, "two handles give the same rows")
end)

T.case("keyness of generated slices against the reference", function()
  local t = assert(sahel.terms.count(gen_corpus, { by = "source", n = 2 }))
  local want = reference(generated, { n = 2, by = "source" })
  local rows, ct, cr = sahel.terms.keyness(t, nil, { slice = "alpha", n = 0 })
  T.eq(ct, want.alpha.words, "c_T")
  T.eq(cr, want.beta.words + want.gamma.words, "c_R: the rest")
  local terms = {}
  for _, s in ipairs { "alpha", "beta", "gamma" } do
    for k, v in pairs(want[s].terms) do
      terms[k] = terms[k] or { a = 0, b = 0 }
      if s == "alpha" then terms[k].a = v.count else terms[k].b = terms[k].b + v.count end
    end
  end
  local n = 0
  for _ in pairs(terms) do n = n + 1 end
  T.eq(#rows, n, "every term of either side")
  for i, r in ipairs(rows) do
    local w = terms[r.n .. "|" .. r.term]
    T.eq({ r.a, r.b }, { w.a, w.b }, r.term)
    local k = keyness_ref(w.a, w.b, ct, cr)
    for _, m in ipairs { "g2", "chi2", "log_ratio" } do T.near(r[m], k[m], 1e-9, m) end
    if i > 1 then
      local p = rows[i - 1]
      T.ok(p.g2 > r.g2 or p.g2 == r.g2 and p.term <= r.term, "sorted by G2 then term")
    end
  end
  -- the same from a table of the target alone against the whole corpus (nested)
  local alpha = assert(sahel.terms.count(gen_corpus:filter { source = "alpha" }, { n = 2 }))
  local whole = assert(sahel.terms.count(gen_corpus, { n = 2 }))
  local nested, nt, nr = sahel.terms.keyness(alpha, whole, { nested = true, n = 0 })
  T.eq({ nt, nr }, { ct, cr }, "nested word totals")
  T.eq(nested, rows, "nested rows")
  T.eq(select(2, sahel.terms.keyness(whole, alpha, { nested = true })),
    "terms: the reference does not hold the target", "nested the wrong way")
end)

T.case("collocations against the reference", function()
  local t = assert(sahel.terms.count(gen_corpus, { n = 2, stopwords = STOP }))
  local want = reference(generated, { n = 2, stopwords = STOP })[""]
  local N, nx, ny, list = 0, {}, {}, {}
  for k, v in pairs(want.terms) do
    local x, y = k:match("^2|(%S+) (%S+)$")
    if x then
      list[#list + 1] = { x = x, y = y, n = v.count }
      N = N + v.count
      nx[x] = (nx[x] or 0) + v.count
      ny[y] = (ny[y] or 0) + v.count
    end
  end
  local rows = assert(t:collocations { min_count = 2 })
  local got = {}
  for _, r in ipairs(rows) do got[r.x .. " " .. r.y] = r end
  local kept = 0
  for _, p in ipairs(list) do
    local r = got[p.x .. " " .. p.y]
    if p.n >= 2 then
      kept = kept + 1
      local n11, n12, n21 = p.n, nx[p.x] - p.n, ny[p.y] - p.n
      local n22 = N - n11 - n12 - n21
      local lambda = math.log((n11 + .5) * (n22 + .5) / ((n12 + .5) * (n21 + .5)))
      local z = lambda / math.sqrt(1 / (n11 + .5) + 1 / (n12 + .5) + 1 / (n21 + .5) +
        1 / (n22 + .5))
      T.eq(r.count, n11, "count")
      T.near(r.lambda, lambda, 1e-9, "lambda")
      T.near(r.z, z, 1e-9, "z")
      T.near(r.pmi, math.log(n11 * N / (nx[p.x] * ny[p.y]), 2), 1e-9, "pmi")
    else
      T.ok(not r, "below min_count")
    end
  end
  T.eq(#rows, kept, "rows")
  T.ok(kept > 10, "enough pairs")
  for i = 2, #rows do T.ok(rows[i - 1].z >= rows[i].z, "sorted by z") end
  local one = assert(sahel.terms.count(gen_corpus))
  T.eq(select(2, one:collocations()), "collocations need a table counted with n >= 2", "n = 1")
end)

T.case("options", function()
  T.raises(function() sahel.terms.count(gen_corpus, { bogus = 1 }) end, "unknown option 'bogus'")
  T.raises(function() sahel.terms.count(gen_corpus, { n = 4 }) end, "bad option 'n'")
  T.raises(function() sahel.terms.count(gen_corpus, { by = "decade" }) end, "bad option 'by'")
  T.raises(function() sahel.terms.count(gen_corpus, { stopwords = "xx" }) end, "stopword list")
  local t = assert(sahel.terms.count(gen_corpus, { n = 2 }))
  T.raises(function() t:rows { sliced = "x" } end, "unknown option 'sliced'")
  T.eq(#t:rows { top = 5 }, 5, "top")
  T.eq(#t:rows { slice = "nothing" }, 0, "a missing slice selects nothing")
  for _, r in ipairs(t:rows { n = 2, min_count = 3 }) do
    T.ok(r.n == 2 and r.count >= 3, "n, min")
  end
  local words = assert(sahel.terms.stopwords("ar,fr"))
  T.ok(#words > 50, "bundled lists")
  T.eq(t:info().n, 2, "info")
  t:close()
  T.raises(function() t:rows() end, "closed")
end)

T.case("terms.lua and keyness.lua write what the API gives", function()
  local dir = T.tmpdir()
  local code, _, err = T.sh(T.quote(T.bin) .. " scripts/terms.lua --n 2 --by year --top 0 --out "
    .. T.quote(dir .. "/terms.csv") .. " </dev/null")
  T.eq(code, 0, err)
  local c = assert(sahel.corpus.open("datasets/sample"))
  local t = assert(sahel.terms.count(c, { n = 2, by = "year", stopwords = true }))
  local want = {}
  for _, s in ipairs(t:slices()) do
    for _, r in ipairs(t:rows { slice = s }) do
      want[#want + 1] = table.concat({ s, r.term, r.n, r.count, r.articles }, "|")
    end
  end
  local got = {}
  for r in sahel.csv.rows(dir .. "/terms.csv") do
    got[#got + 1] = table.concat({ r.period, r.term, r.n, r.count, r.articles }, "|")
  end
  T.eq(got, want, "terms.csv")
  code, _, err = T.sh(T.quote(T.bin) .. " scripts/keyness.lua --target from:2020 --min-count 1"
    .. " --out " .. T.quote(dir .. "/keyness.csv") .. " </dev/null")
  T.eq(code, 0, err)
  local target = assert(sahel.terms.count(c:filter { from = "2020" }, { stopwords = true }))
  local whole = assert(sahel.terms.count(c, { stopwords = true }))
  local rows = sahel.terms.keyness(target, whole, { nested = true })
  local n = 0
  for r in sahel.csv.rows(dir .. "/keyness.csv") do
    n = n + 1
    T.eq({ r.term, tonumber(r.a), tonumber(r.b) }, { rows[n].term, rows[n].a, rows[n].b }, "row")
    T.near(tonumber(r.g2), rows[n].g2, 1e-5, "g2")
  end
  T.eq(n, #rows, "keyness.csv rows")
  T.ok(n > 100, "enough rows")
  code = T.sh(T.quote(T.bin) .. " scripts/keyness.lua --target nothing </dev/null")
  T.eq(code, 1, "a bad target")
end)

gen_corpus:close()
os.remove(gen_path)
T.done()
