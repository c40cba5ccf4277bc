-- test_discover.lua: sahel.discover on small made-up articles: each cue kind gives its type,
-- names the gazetteer covers (with proclitics) are left out, the longest stable span is
-- kept, modifiers, demonyms and construct nouns are skipped, the draft gazetteer loads, the
-- counts do not depend on the thread count, and bad cue files get clear messages.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local discover = require "sahel.discover"

local dir = T.tmpdir()

-- articles(bodies): sahel.Article values of the strings bodies.
local function articles(bodies)
  local out = {}
  for i, b in ipairs(bodies) do out[i] = sahel.article.new { id = "a" .. i, body = b } end
  return out
end

-- gazetteer(rows): a gazetteer of rows {id, alias, type[, kind]}.
local function gazetteer(rows)
  local g = sahel.gazetteer.new()
  for _, r in ipairs(rows) do
    assert(g:add { id = r[1], alias = r[2], type = r[3], kind = r[4] })
  end
  return g
end

-- by_norm(rows): norm -> row.
local function by_norm(rows)
  local t = {}
  for _, r in ipairs(rows) do t[r.norm] = r end
  return t
end

local norm = function(s) return sahel.text.normalize(s) end
local KNOWN = gazetteer {
  { "mali", "مالي", "GPE" }, { "kidal", "كيدال", "GPE" }, { "niger", "النيجر", "GPE" },
  { "france", "فرنسا", "GPE" }, { "french", "الفرنسي", "GPE", "demonym" },
}

T.case("each cue kind suggests its type", function()
  local rows = assert(discover.candidates(articles {
    "قال الرئيس أمادو توماني إن الوضع هادئ.", "واستقبل الرئيس أمادو توماني الوفد.",
    "أعلنت جماعة أنصار الإسلام مسؤوليتها.", "هاجمت جماعة أنصار الإسلام موقعا.",
    "وصلت القافلة إلى مدينة تمبكتو أمس.", "عاد الهدوء إلى مدينة تمبكتو.",
    "President Bazoum Mohamed met the envoy.", "President Bazoum Mohamed spoke.",
  }, KNOWN, { corpus_counts = false }))
  local t = by_norm(rows)
  T.eq(t[norm("أمادو توماني")] and t[norm("أمادو توماني")].type, "PER", "title")
  T.eq(t[norm("أنصار الإسلام")] and t[norm("أنصار الإسلام")].type, "ORG", "group")
  T.eq(t[norm("تمبكتو")] and t[norm("تمبكتو")].type, "LOC", "place")
  T.eq(t["bazoum mohamed"] and t["bazoum mohamed"].type, "PER", "Latin title and capitals")
  T.ok(t[norm("أمادو توماني")].evidence:find("title:الرئيس=2", 1, true), t[norm("أمادو توماني")].evidence)
  T.eq(t[norm("أمادو")], nil, "the first name alone is subsumed by the full name")
end)

T.case("capitalized Latin words without a cue are MISC; sentence starts are not names", function()
  local rows = assert(discover.candidates(articles {
    "Yesterday the convoy reached Ansongo town.", "Troops returned to Ansongo again.",
  }, KNOWN, { corpus_counts = false }))
  local t = by_norm(rows)
  T.eq(t.ansongo and t.ansongo.type, "MISC", "caps")
  T.eq(t.yesterday, nil, "a sentence's first word")
end)

T.case("names the gazetteer covers are left out, proclitics stripped as the matcher does", function()
  local texts = { "وصل الوفد إلى مدينة وكيدال أمس.", "عاد الجنود إلى مدينة وكيدال.",
                  "قال الرئيس كيدال شيئا.", "قال الرئيس كيدال." }
  local rows = assert(discover.candidates(articles(texts), KNOWN, { corpus_counts = false }))
  T.eq(#rows, 0, "all covered")
  local none = assert(discover.candidates(articles(texts), nil, { corpus_counts = false }))
  T.ok(by_norm(none)[norm("وكيدال")] and by_norm(none)[norm("كيدال")], "without a gazetteer they are candidates")
end)

T.case("an alias the gazetteer knows is never a candidate, even where it did not match", function()
  local g = gazetteer { { "ansar", "أنصار الدين", "ORG" } }
  local rows = assert(discover.candidates(articles {
    "قالت حركة أنصار الدين ذلك.", "قالت حركة أنصار الدين ذلك.",
  }, g, { corpus_counts = false }))
  T.eq(#rows, 0, "covered")
end)

T.case("modifiers, nisba adjectives, demonyms and construct nouns are skipped", function()
  local rows = assert(discover.candidates(articles {
    "قال الرئيس السابق محمد بازوم إن.", "التقى الرئيس السابق محمد بازوم الوفد.",
    "قال وزير الدفاع الفرنسي جان لودريان.", "وصل وزير الدفاع الفرنسي جان لودريان.",
    "قال وزير التجارة ساديو سانغاري.", "زار وزير التجارة ساديو سانغاري السوق.",
    "وصل الرئيس الغاني جون ماهاما.", "تحدث الرئيس الغاني جون ماهاما.",
  }, KNOWN, { corpus_counts = false }))
  local t = by_norm(rows)
  for _, name in ipairs({ "محمد بازوم", "جان لودريان", "ساديو سانغاري", "جون ماهاما" }) do
    T.ok(t[norm(name)], name .. " found")
  end
  for _, word in ipairs({ "السابق", "الفرنسي", "الدفاع", "التجاره", "الغاني" }) do
    for n in pairs(t) do T.ok(not n:find(norm(word), 1, true), word .. " in " .. n) end
  end
end)

T.case("a span whose corpus count says it is a longer name's prefix is subsumed", function()
  local rows = assert(discover.candidates(articles {
    "قال الرئيس جورج بوش إن.", "قال الرئيس جورج بوش كلاما.", "أكد الرئيس جورج بوش ذلك.",
  }, KNOWN))
  local t = by_norm(rows)
  T.ok(t[norm("جورج بوش")], "full name")
  T.eq(t[norm("جورج")], nil, "first name subsumed")
  T.eq(t[norm("جورج بوش")].count, 3, "counted in the corpus")
  T.eq(t[norm("جورج بوش")].articles, 3, "articles")
  T.ok(t[norm("جورج بوش")].example:find("جورج بوش", 1, true), "example")
end)

T.case("min_count and top", function()
  local a = articles { "قال الرئيس جورج بوش إن.", "قال الرئيس جورج بوش كلاما.",
                       "وصل إلى مدينة تمبكتو.", "قال الرئيس توري." }
  T.eq(#assert(discover.candidates(a, KNOWN, { min_count = 3 })), 0, "min_count 3")
  local rows = assert(discover.candidates(a, KNOWN, { min_count = 1 }))
  T.ok(#rows >= 3, "min_count 1: " .. #rows)
  T.eq(#assert(discover.candidates(a, KNOWN, { min_count = 1, top = 2 })), 2, "top")
  for i = 2, #rows do T.ok(rows[i - 1].score >= rows[i].score, "best first") end
end)

T.case("the draft gazetteer loads with sahel.gazetteer and keeps the names", function()
  local rows = assert(discover.candidates(articles {
    "قال الرئيس جورج بوش إن.", "قال الرئيس جورج بوش كلاما.",
    "President Bazoum Mohamed met.", "President Bazoum Mohamed spoke.",
  }, KNOWN))
  local out = assert(sahel.report.outdir(dir .. "/out"))
  assert(discover.write(out, rows))
  assert(out:commit())
  local g = assert(sahel.gazetteer.load(dir .. "/out/candidates_gazetteer.csv", { strict = true }))
  T.eq(#g:entities(), #rows, "one entity per candidate")
  for _, r in ipairs(rows) do T.ok(g:lookup(r.alias) and g:lookup(r.alias).full, r.alias) end
  local header = sahel.csv.header(dir .. "/out/candidates.csv")
  T.eq(header, { "alias", "type", "count", "articles", "score", "example", "evidence" }, "columns")
end)

T.case("the same candidates for every thread count, from a corpus file", function()
  local lines = {}
  local bodies = { "قال الرئيس جورج بوش إن.", "أعلنت جماعة أنصار الإسلام.", "وصل إلى مدينة تمبكتو.",
                   "President Bazoum Mohamed met.", "قال الرئيس بوش." }
  for i = 1, 60 do
    lines[i] = string.format('{"id": "a%d", "body": "%s"}', i, bodies[i % #bodies + 1])
  end
  T.write(dir .. "/c.jsonl", table.concat(lines, "\n") .. "\n")
  local corpus = assert(sahel.corpus.open(dir .. "/c.jsonl"))
  local one = assert(discover.candidates(corpus, KNOWN, { threads = 1 }))
  local three = assert(discover.candidates(corpus, KNOWN, { threads = 3 }))
  T.ok(#one >= 4, "candidates: " .. #one)
  T.eq(three, one, "threads 3 = threads 1")
end)

T.case("the counter's memory cap refuses new spans and says how many", function()
  local a = articles { "قال الرئيس جورج بوش إن.", "وصل إلى مدينة تمبكتو.", "قال الرئيس جورج بوش." }
  local _, info = assert(discover.candidates(a, KNOWN, { max_keys = 2, min_count = 1 }))
  T.ok(info.refused > 0, "refused " .. info.refused)
end)

-- A cue file with the given lines after the header.
local function cue_file(name, text)
  local path = dir .. "/" .. name
  T.write(path, text)
  return path
end

T.cases("bad cue files are refused with file:line", {
  { "cue,kind\nالرئيس,tittle\n", ":2: unknown kind 'tittle'" },
  { "cue,kind,type\nالرئيس,title,PERSON\n", ":2: bad type 'PERSON'" },
  { "cue,kind,side\nقال,verb,around\n", ":2: bad side 'around'" },
  { "cue,kind,near\nفي,place,city\n", ":2: bad near 'city'" },
  { "cue,kind,construct\nوزير,title,no\n", ":2: bad construct 'no'" },
  { "# a comment\ncue,kind\nالرئيس,title\nالرئيس,title\n", ":4: cue 'الرئيس' listed twice" },
  { "cue,kind\n,title\n", ":2: empty cue" },
  { "name,type\nالرئيس,PER\n", "no header naming the columns cue and kind" },
  { "cue,kind\n", "no cue" },
  { "cue,kind\n\"الرئيس,title\n", "unbalanced quote" },
}, function(row)
  local path = cue_file("cues" .. math.random(1e9) .. ".csv", row[1])
  local cues, msg = discover.load_cues(path)
  T.eq(cues, nil, "refused")
  T.ok(msg and msg:find(path, 1, true) and msg:find(row[2], 1, true), tostring(msg))
  local rows, msg2 = discover.candidates(articles { "قال الرئيس بوش." }, nil, { cues = path })
  T.eq(rows, nil, "candidates refuses it too")
  T.eq(msg2, msg, "same message")
end)

T.case("a missing cue file is a message, not a crash", function()
  local cues, msg = discover.load_cues(dir .. "/none.csv")
  T.eq(cues, nil)
  T.ok(msg:find("none.csv", 1, true), msg)
end)

T.case("bad arguments raise", function()
  T.raises(function() discover.candidates(articles { "x" }, KNOWN, { min_cont = 2 }) end, "min_count")
  T.raises(function() discover.candidates(articles { "x" }, KNOWN, { max_words = 5 }) end, "max_words")
  T.raises(function() discover.candidates(articles { "x" }, "gaz") end, "Gazetteer")
  T.raises(function() discover.candidates({ "not an article" }, KNOWN) end,
    "article 1: a sahel.Article or a table expected, got string")
end)

T.case("sahel.terms.collocation gives the measures t:collocations gives", function()
  local a = articles { "جورج بوش قال. جورج بوش عاد. جورج ميلر قال. بوش جاء.", "زار جورج بوش مالي." }
  local t = assert(sahel.terms.count(a, { n = 2 }))
  local rows = assert(t:collocations())
  local N, nx, ny = 0, 0, 0
  for _, r in ipairs(t:rows { n = 2 }) do
    N = N + r.count
    if r.term:match("^(%S+)") == norm("جورج") then nx = nx + r.count end
    if r.term:match("(%S+)$") == norm("بوش") then ny = ny + r.count end
  end
  for _, c in ipairs(rows) do
    if c.x == norm("جورج") and c.y == norm("بوش") then
      local m = sahel.terms.collocation(c.count, nx, ny, N)
      for _, k in ipairs({ "lambda", "z", "pmi", "g2" }) do T.near(m[k], c[k], 1e-9, k) end
      return
    end
  end
  error("the pair is missing")
end)

T.case("sahel.terms.collocation refuses impossible counts", function()
  T.raises(function() sahel.terms.collocation(5, 3, 4, 10) end, "n11")
  T.raises(function() sahel.terms.collocation(1, 8, 8, 10) end, "n11")
end)

T.case("the bundled cue list loads", function()
  local cues = assert(discover.load_cues())
  T.ok(#cues.list > 100, "cues: " .. #cues.list)
  local kinds = {}
  for _, c in ipairs(cues.list) do kinds[c.kind] = true end
  for _, k in ipairs({ "title", "group", "place", "verb", "modifier", "exclude" }) do
    T.ok(kinds[k], k)
  end
  T.ok(cues.particles[norm("بن")], "particles")
end)

T.done()
