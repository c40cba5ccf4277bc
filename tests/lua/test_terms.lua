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
  if type(by) == "table" then return by[a.id] end -- the articles it names (see named)
  if by == "month" or by == "year" then
    local d = a.date and a.date:match("^%d%d%d%d%-%d%d%-%d%d")
    return d and d:sub(1, by == "month" and 7 or 4) or "unknown"
  elseif by == "source" then
    return a.source or ""
  end
  return ""
end

-- vocabulary(articles): the set of the match forms of every word token.
local function vocabulary(articles)
  local v = {}
  for _, a in ipairs(articles) do
    for _, t in ipairs(sahel.text.tokenize(analyzed(a))) do
      if t.kind == "word" then v[t.norm] = true end
    end
  end
  return v
end

-- strip(w, vocab): clitics = true (spec.md §10): the first form of w without proclitics,
-- in the matcher's order, that vocab holds, again from there until none is held.
local function strip(w, vocab)
  while true do
    local forms, kept = sahel.text.clitic_forms(w), nil
    for i = 2, #forms do
      if vocab[forms[i]] then kept = forms[i]; break end
    end
    if not kept then return w end
    w = kept
  end
end

-- reference(articles, opts): slice -> {words, terms = {["n|term"] = {count, articles}}}
local function reference(articles, opts)
  local stop = {}
  for _, w in ipairs(opts.stopwords or {}) do stop[sahel.text.normalize(w)] = true end
  local vocab = opts.clitics and vocabulary(articles)
  local out = {}
  for _, a in ipairs(articles) do
    local toks = sahel.text.tokenize(analyzed(a))
    -- opts.mask(a, toks): the token indexes counted, or nil to leave the article out
    local mask = opts.mask and opts.mask(a, toks)
    if opts.mask and not mask then goto next end
    local s = slice_of(a, opts.by)
    out[s] = out[s] or { words = 0, terms = {} }
    local acc, seen = out[s], {}
    local function term_at(i)
      local t = toks[i]
      if mask and not mask[i] then return nil end
      if not (t and t.kind == "word" and not stop[t.norm]) then return nil end
      local w = vocab and strip(t.norm, vocab) or t.norm
      return not stop[w] and w
    end
    for i, t in ipairs(toks) do
      if t.kind == "word" and (not mask or mask[i]) then acc.words = acc.words + 1 end
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
    ::next::
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
-- ID_SLICES: by as a table of article ids: two slices, one article in five left out.
local ID_SLICES = {}
for _, a in ipairs(generated) do
  if tonumber(a.id) % 5 ~= 0 then ID_SLICES[a.id] = tonumber(a.id) % 2 == 0 and "even" or "odd" end
end

-- named(articles, by): the articles counted under `by`: those a table of ids names.
local function named(articles, by)
  if type(by) ~= "table" then return articles end
  local kept = {}
  for _, a in ipairs(articles) do
    if by[a.id] then kept[#kept + 1] = a end
  end
  return kept
end

T.cases("generated corpus against the reference", {
  { n = 1 }, { n = 2 }, { n = 3 }, { n = 3, by = "month" }, { n = 2, by = "source" },
  { n = 3, stopwords = STOP }, { n = 2, by = "month", stopwords = STOP },
  { n = 3, clitics = true }, { n = 2, by = "source", stopwords = STOP, clitics = true },
  { n = 2, by = ID_SLICES },
}, function(row)
  local want = reference(named(generated, row.by), row)
  for threads = 1, 3 do
    local t = assert(sahel.terms.count(gen_corpus, { n = row.n, by = row.by, threads = threads,
                                                     stopwords = row.stopwords,
                                                     clitics = row.clitics }))
    T.eq(t:info().clitics, row.clitics or false, "info: clitics")
    T.ok(compare(t, want, "threads " .. threads) > 20, "enough terms")
  end
end)

-- sample(): the bundled sample, opened, and its articles as plain tables.
local function sample()
  local c = assert(sahel.corpus.open("datasets/sample"))
  local articles = {}
  for a in c:articles() do
    articles[#articles + 1] = { title = a.title, body = a.body, date = a.date, source = a.source }
  end
  return c, articles
end

T.case("datasets/sample for 1, 2 and 3 threads", function()
  local c, articles = sample()
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

T.case("keyness_each: each target as keyness gives it, the reference summed once", function()
  local t = assert(sahel.terms.count(gen_corpus, { by = "source", n = 2 }))
  local targets = { "alpha", { "beta", "gamma" }, "none" }
  for _, o in ipairs { {}, { nested = true, min_count = 3, top = 7, n = 0 },
                       { reference_slice = { "beta", "gamma" }, n = 2 } } do
    local each = sahel.terms.keyness_each(t, targets, o)
    T.eq(#each, 3, "one result per target")
    for i = 1, 2 do
      local rows, ct, cr = sahel.terms.keyness(t, t, { slice = targets[i], nested = o.nested,
        reference_slice = o.reference_slice, n = o.n, min_count = o.min_count, top = o.top })
      T.eq(each[i], { rows = rows, c_t = ct, c_r = cr }, "target " .. i)
      T.ok(#rows > 0 and (not o.top or #rows <= o.top), "rows")
    end
    T.ok(each[3].error and each[3].error:find("words"), "a target without words: its error")
  end
  T.raises(function() sahel.terms.keyness_each(t, targets, { slice = "x" }) end,
    "unknown option 'slice'")
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

-- counts(source, opts): term -> count of the 1-grams of terms.count(source, opts).
local function counts(source, opts)
  local out = {}
  for _, r in ipairs(assert(sahel.terms.count(source, opts)):rows { n = 1 }) do
    out[r.term] = r.count
  end
  return out
end

T.case("stem: Snowball on the match form, hand-checked", function()
  local list = {}
  for i, text in ipairs { "المقاتلون قاتلوا المقاتلين. الجزائريون بالجزائر للجزائر",
                          "الإرهابيين وإرهابيون forces forced running" } do
    list[i] = assert(sahel.article.parse(text, { name = "t" .. i }))
  end
  T.eq(counts(list, { stem = true }), {
    ["مقاتل"] = 2, ["قاتل"] = 1, ["جزاير"] = 3, ["ارهاب"] = 1, ["وارهابي"] = 1,
    forces = 1, forced = 1, running = 1 }, "Arabic words stemmed (Snowball maps ئ to ي), Latin kept")
  T.eq(counts(list, { stem = "arabic,english" }), {
    ["مقاتل"] = 2, ["قاتل"] = 1, ["جزاير"] = 3, ["ارهاب"] = 1, ["وارهابي"] = 1,
    forc = 2, run = 1 }, "English stems for Latin words")
  T.eq(counts(list, { stem = true, clitics = true }), {
    ["مقاتل"] = 2, ["قاتل"] = 1, ["جزاير"] = 3, ["ارهاب"] = 1, ["وارهابي"] = 1,
    forces = 1, forced = 1, running = 1 },
    "clitics, then stem: بالجزائر and للجزائر -> الجزائر (seen); وإرهابيون kept (إرهابيون unseen)")
  list[3] = assert(sahel.article.parse("إرهابيون", { name = "t3" }))
  T.eq(counts(list, { stem = true, clitics = true })["ارهابي"], 2,
    "once إرهابيون is seen as a whole word, وإرهابيون is counted as it")
  local t = assert(sahel.terms.count(list, { stem = "arabic,french", n = 2 }))
  T.eq(t:info().stem, "arabic,french", "info names the stemmers")
  local bigrams = {}
  for _, r in ipairs(t:rows { n = 2 }) do bigrams[r.term] = r.count end
  T.eq(bigrams, { ["مقاتل قاتل"] = 1, ["قاتل مقاتل"] = 1, ["جزاير جزاير"] = 2,
    ["ارهاب وارهابي"] = 1, ["وارهابي forc"] = 1, ["forc forced"] = 1, ["forced running"] = 1 },
    "n-grams of stems (French stems for Latin words)")
  T.raises(function() sahel.terms.count(list, { stem = "klingon" }) end, "unknown stemmer 'klingon'")
  T.raises(function() sahel.terms.count(list, { stem = "english,french" }) end, "one stemmer")
  T.raises(function() sahel.terms.count(list, { stem = 3 }) end, "bad option 'stem'")
end)

T.case("clitics: hand-checked, and a table's vocabulary reused", function()
  local list = { assert(sahel.article.parse("الجزائر وبالجزائر للجزائر فالكرملين والد وزير", { name = "a" })),
                 assert(sahel.article.parse("بالجزائر الكرملين ولد زير", { name = "b" })) }
  T.eq(counts(list, { clitics = true }), { ["الجزائر"] = 4, ["الكرملين"] = 2, ["ولد"] = 1,
    ["والد"] = 1, ["زير"] = 2 }, "stripped toward whole words seen in the corpus")
  local whole = assert(sahel.terms.count(list, { clitics = true }))
  local one = assert(sahel.terms.count({ list[1] }, { clitics = whole }))
  T.eq(one:info().clitics, true, "info")
  local got = {}
  for _, r in ipairs(one:rows()) do got[r.term] = r.count end
  T.eq(got, { ["الجزائر"] = 3, ["الكرملين"] = 1, ["والد"] = 1, ["زير"] = 1 },
    "the vocabulary of the whole corpus: الكرملين and زير come from the other article")
  T.eq(counts({ list[1] }, { clitics = true })["فالكرملين"], 1, "its own vocabulary lacks الكرملين")
  T.raises(function() sahel.terms.count(list, { clitics = assert(sahel.terms.count(list)) }) end,
    "counted with clitics")
end)

-- entity_mask(gaz, id, context): the mask function of reference for the contexts of entity
-- id: the sentences of its mentions, or context word tokens each side inside the sentence;
-- the mentions' own tokens left out.
local function entity_mask(gaz, id, context)
  return function(a, toks)
    local mask, any = {}, false
    for _, m in ipairs(gaz:mentions(analyzed(a))) do
      if m.entity == id then
        any = true
        local first, last = m.token + 1, m.token + m.tokens
        if context == "sentence" then
          for i, t in ipairs(toks) do
            if t.sentence == m.sentence then mask[i] = true end
          end
        else
          local lo, words = first, 0
          while lo > 1 and toks[lo - 1].sentence == m.sentence and words < context do
            lo = lo - 1
            if toks[lo].kind == "word" then words = words + 1 end
          end
          local hi = last
          words = 0
          while toks[hi + 1] and toks[hi + 1].sentence == m.sentence and words < context do
            hi = hi + 1
            if toks[hi].kind == "word" then words = words + 1 end
          end
          for i = lo, hi do mask[i] = true end
        end
      end
    end
    if not any then return nil end
    for _, m in ipairs(gaz:mentions(analyzed(a))) do
      if m.entity == id then
        for i = m.token + 1, m.token + m.tokens do mask[i] = nil end
      end
    end
    return mask
  end
end

T.case("the words of an entity against the reference, for 1 to 3 threads", function()
  local c, articles = sample()
  local gaz = assert(sahel.gazetteer.load("datasets/gazetteer/sahel.csv"))
  local stop = assert(sahel.terms.stopwords(true))
  for _, case in ipairs { { "wagner", "sentence", "year" }, { "mali", 3, nil }, { "russia", 5, "month" } } do
    local id, context, by = case[1], case[2], case[3]
    local want = reference(articles, { n = 2, by = by, stopwords = stop,
                                       mask = entity_mask(gaz, id, context) })
    local all = reference(articles, { n = 2, by = by, stopwords = stop })
    for threads = 1, 3 do
      local what = id .. " " .. tostring(context) .. " threads " .. threads
      local rows, target, whole = assert(sahel.terms.of_entity(c, gaz, id, { context = context,
        by = by, n = 2, stopwords = true, threads = threads }))
      T.ok(compare(target, want, what) > 10, what .. ": enough terms")
      compare(whole, all, what .. " (whole)")
      T.ok(#rows > 10, what .. ": rows")
      local last = {}
      for _, r in ipairs(rows) do
        local s = r.slice
        local a = want[s].terms[r.n .. "|" .. r.term]
        local b = all[s].terms[r.n .. "|" .. r.term]
        local ct, cr = want[s].words, all[s].words - want[s].words
        local ra, rb = a and a.count or 0, (b and b.count or 0) - (a and a.count or 0)
        T.eq({ r.a, r.b }, { ra, rb }, what .. ": counts of " .. r.term)
        local k = keyness_ref(ra, rb, ct, cr)
        T.near(r.g2, k.g2, 1e-6, "g2")
        T.near(r.log_ratio, k.log_ratio, 1e-9, "log ratio")
        T.ok(not last[1] or last[1] < s or (last[1] == s and last[2] >= r.g2), "sorted by slice, G2")
        last = { s, r.g2 }
      end
    end
  end
  T.raises(function() sahel.terms.of_entity(c, gaz, "atlantis") end, "unknown entity")
  T.raises(function() sahel.terms.of_entity(c, gaz, "mali", { context = "paragraph" }) end, "context")
  T.raises(function() sahel.terms.of_entity(c, gaz, "mali", { contxt = 2 }) end, "unknown option")
  c:close()
end)

-- same_rows(a, b, what, opts): t:rows(opts) of tables a and b are equal, slice by slice.
local function same_rows(a, b, what, opts)
  T.eq(a:slices(), b:slices(), what .. ": slices")
  for _, s in ipairs(a:slices()) do
    local o = {}
    for k, v in pairs(opts or {}) do o[k] = v end
    o.slice = s
    T.eq(a:rows(o), b:rows(o), what .. ": rows of " .. s)
    T.eq(a:words(s), b:words(s), what .. ": words of " .. s)
  end
end

T.case("top: the exact top terms in bounded memory, for 1 to 3 threads", function()
  local full = assert(sahel.terms.count(gen_corpus, { n = 3, by = "month" }))
  local keys = #full:rows()
  for _, max in ipairs { 0, 1000, 4000 } do
    for threads = 1, 3 do
      local what = "max_terms " .. max .. ", threads " .. threads
      local top = assert(sahel.terms.count(gen_corpus, { n = 3, by = "month", top = 4,
        max_terms = max > 0 and max or nil, threads = threads }))
      for n = 1, 3 do same_rows(full, top, what .. ", n " .. n, { n = n, top = 4 }) end
      local info = top:info()
      T.eq(info.top, 4, "info: top")
      T.ok(max == 0 or max >= keys or info.passes > 1, what .. ": passes " .. info.passes)
      T.ok(max > 0 or info.passes == 1, what .. ": one pass without a cap")
    end
  end
  local over, msg = sahel.terms.count(gen_corpus, { n = 3, max_terms = 1000 })
  T.eq(over, nil, "a full table past max_terms fails")
  T.ok(msg:find("more than 1000 distinct terms", 1, true), msg)
  T.ok(sahel.terms.count(gen_corpus, { n = 3, max_terms = keys + 1 }), "a cap it fits under")
  local top = assert(sahel.terms.count(gen_corpus, { n = 2, top = 3 }))
  T.eq(select(2, top:collocations()), "collocations need every pair: this table holds only the top terms",
    "collocations refused")
  T.eq(select(2, sahel.terms.keyness(top, full, { nested = true })),
    "keyness needs every term: a table counted with top holds only the top terms", "keyness refused")
  T.raises(function() sahel.terms.count(gen_corpus, { max_terms = 10 }) end, "bad option 'max_terms'")
end)

T.case("shards of a corpus merge exactly", function()
  local full = assert(sahel.terms.count(gen_corpus, { n = 3, by = "month", stopwords = STOP }))
  for _, n in ipairs { 2, 3, 7 } do
    local sum
    for k = 0, n - 1 do
      local part = assert(sahel.corpus.open(gen_path, { shard = { k, n } }))
      local t = assert(sahel.terms.count(part, { n = 3, by = "month", stopwords = STOP, threads = 2 }))
      if sum then T.eq(sum:merge(t), sum, "merge returns the table") else sum = t end
      part:close()
    end
    same_rows(full, sum, n .. " shards")
    T.eq(sum:info().articles, full:info().articles, "articles")
  end
  local other = assert(sahel.terms.count(gen_corpus, { n = 2 }))
  T.eq(select(2, full:merge(other)), "the tables were counted with other options", "options differ")
end)

T.case("options", function()
  T.raises(function() sahel.terms.count(gen_corpus, { bogus = 1 }) end, "unknown option 'bogus'")
  T.raises(function() sahel.terms.count(gen_corpus, { n = 4 }) end, "bad option 'n'")
  T.raises(function() sahel.terms.count(gen_corpus, { by = "decade" }) end, "bad option 'by'")
  T.raises(function() sahel.terms.count(gen_corpus, { by = { "x" } }) end, "bad option 'by'")
  T.eq(sahel.terms.count(gen_corpus, { by = { ["1"] = "one" } }):info(),
    { n = 1, by = "id", articles = 1, stopwords = 0, clitics = false }, "by ids: only the articles named")
  T.raises(function() sahel.terms.count(gen_corpus, { by = { ["1"] = { 1 } } }) end, "bad option 'by'")
  local several = {}
  for _, a in ipairs(generated) do several[a.id] = { "all", "s" .. tonumber(a.id) % 3 } end
  local both, plain = assert(sahel.terms.count(gen_corpus, { n = 2, by = several })),
    assert(sahel.terms.count(gen_corpus, { n = 2 }))
  T.eq(both:rows { slice = "all" }, plain:rows(), "an article in two slices counts in each")
  T.eq(both:rows { slice = { "s0", "s1", "s2" } }, plain:rows(), "the other slices: the same")
  T.eq(both:info().articles, #generated, "each article once")
  for threads = 1, 3 do -- slices by id in words' bounded counting: the same top rows
    local bounded = assert(sahel.terms.count(gen_corpus, { n = 2, by = several, top = 4,
      max_terms = 1000, threads = threads }))
    for n = 1, 2 do same_rows(both, bounded, "ids, top, threads " .. threads, { n = n, top = 4 }) end
    T.ok(bounded:info().passes > 1, "ids, top: more than one pass under max_terms")
    T.eq(sahel.terms.keyness_each(bounded, { "s0" }, {}), nil, "keyness_each refuses top")
  end
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
