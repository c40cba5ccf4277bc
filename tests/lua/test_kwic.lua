package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local g = assert(sahel.gazetteer.load("tests/fixtures/gazetteer/small.csv"))
local kwic = sahel.gazetteer.kwic
local FSI, PDI = "\u{2068}", "\u{2069}"

T.case("rows: article ids, entities, left/match/right", function()
  local rows = kwic({ "قال بوتين إن روسيا تدعم حكومة مالي في الساحل.", "لا شيء هنا", "زار روسيا أمس" },
    g, { width = 2 })
  T.eq(#rows, 4, "rows")
  T.eq(rows[1], { article_id = "1", entity_id = "putin", left = "قال", match = "بوتين",
    right = "إن روسيا", paragraph = 0, sentence = 0, byte_start = 7, byte_end = 17 }, "first")
  T.eq({ rows[3].left, rows[3].match, rows[3].right }, { "تدعم حكومة", "مالي", "في الساحل" },
    "ambiguous mention with local evidence; the window ends at its last word")
  T.eq(rows[4].article_id, "3", "third text")
end)

T.cases("options", {
  { { entity = "russia" }, { "روسيا", "روسيا" } },
  { { entity = "russia", limit = 1 }, { "روسيا" } },
  { { width = 0, entity = "mali" }, { "مالي" } },
}, function(row)
  local got = {}
  for _, r in ipairs(kwic({ "قال بوتين إن روسيا تدعم حكومة مالي في الساحل.", "زار روسيا أمس" }, g, row[1])) do
    got[#got + 1] = r.match
    if row[1].width == 0 then T.eq({ r.left, r.right }, { "", "" }, "width 0") end
  end
  T.eq(got, row[2], "matches")
end)

T.case("RTL safety: isolates on demand, no unbalanced bidi controls, whole graphemes", function()
  -- an RLE opened before the mention and closed (PDF) after the right field's end
  local text = "قال \u{202B}الرئيس إن رُوسيا\u{202C} تدعم الخطة والمشروع"
  local rows = kwic(text, g, { width = 1, entity = "russia", isolate = true })
  T.eq(#rows, 1, "rows")
  local r = rows[1]
  T.eq(r.left, FSI .. "إن" .. PDI, "left")
  T.eq(r.match, FSI .. "رُوسيا" .. PDI, "match keeps its damma")
  T.eq(r.right, FSI .. "تدعم" .. PDI, "right")
  local plain = kwic(text, g, { width = 3, entity = "russia" })[1]
  T.eq(plain.left, "قال الرئيس إن", "left without the RLE")
  T.eq(plain.right, "تدعم الخطة والمشروع", "right without the PDF")
  for _, f in ipairs { plain.left, plain.match, plain.right } do
    T.ok(not f:find("\226\128[\170-\174]") and not f:find("\226\129[\166-\169]"), "no controls")
    T.ok(utf8.len(f), "valid UTF-8")
  end
end)

T.case("corpora and articles: rows carry the article ids", function()
  local corpus = assert(sahel.corpus.open("datasets/sample/curated"))
  local rows = kwic(corpus, g, { entity = "africa_corps", width = 3 })
  T.ok(#rows > 0, "rows")
  local ids = {}
  for a in corpus:articles() do ids[a.id] = a end
  for _, r in ipairs(rows) do
    local a = T.ok(ids[r.article_id], "an article id: " .. tostring(r.article_id))
    T.eq(a:text():sub(r.byte_start + 1, r.byte_end), r.match, "the match in its article")
  end
  local one = ids[rows[1].article_id]
  T.eq(kwic(one, g, { entity = "africa_corps", width = 3 })[1], rows[1], "a single article")
  T.eq(#kwic({ one, one }, g, { entity = "africa_corps" }), 2 * #kwic(one, g, { entity = "africa_corps" }),
    "an array of articles")
  corpus:close()
end)

T.case("bad arguments raise", function()
  T.raises(function() kwic(42, g) end, "bad source")
  T.raises(function() kwic("x", g, { width = -1 }) end, "width")
  T.raises(function() kwic("x", g, { entity = "atlantis" }) end, "unknown entity")
end)

-- ---- any word or phrase (docs/spec.md §10) ----------------------------------------------

local function matches(source, pattern, opts)
  local got = {}
  for _, r in ipairs(assert(sahel.kwic(source, pattern, opts))) do got[#got + 1] = r.match end
  return got
end

local TEXT = "قال إن الإرهابيين ووالإرهاب هاجموا والإرهابية. ثم للإرهاب وإرهابي وارهابيون بإرهاب؛ " ..
  "لكن الإرهاب، لا. قوات فاغنر وقوات، فاغنر. Wagner WAGNERS"

T.cases("exact and glob words: match forms, proclitics and the article as the first word", {
  { "إرهاب*", { glob = true }, { "الإرهابيين", "والإرهابية", "للإرهاب", "وإرهابي",
    "وارهابيون", "بإرهاب", "الإرهاب" } },
  { "إرهاب*", { glob = true, clitics = false }, {} },
  { "وإرهاب*", { glob = true, clitics = false }, { "وإرهابي", "وارهابيون" } },
  { "ارهاب", {}, { "للإرهاب", "بإرهاب", "الإرهاب" } },
  { "الإرهاب", {}, { "للإرهاب", "الإرهاب" } },
  { "إرهاب?", { glob = true }, { "وإرهابي" } },
  { "*ية", { glob = true }, { "والإرهابية" } },
  { "قوات فاغنر", {}, { "قوات فاغنر" } },
  { "وقوات فاغنر", {}, {} },
  { "wagner", {}, { "Wagner" } },
  { "wagner*", { glob = true }, { "Wagner", "WAGNERS" } },
  { "Wagner*", { glob = true, surface = true }, { "Wagner" } },
  { "إرهاب*", { glob = true, surface = true, clitics = false }, {} },
  { "إرهاب*", { glob = true, surface = true }, { "الإرهابيين", "والإرهابية", "للإرهاب",
    "وإرهابي", "بإرهاب", "الإرهاب" } },
  { "a.b", { glob = true }, {} },
}, function(row)
  T.eq(matches(TEXT, row[1], row[2]), row[3], row[1])
end)

T.cases("regex: searched in each sentence, widened to the tokens it touches", {
  { "ارهاب\\w*", {}, { "الإرهابيين", "ووالإرهاب", "والإرهابية", "للإرهاب", "وإرهابي",
    "وارهابيون", "بإرهاب", "الإرهاب" } },
  { "^ثم \\w+", {}, { "ثم للإرهاب" } },
  { "قوات فاغنر", {}, { "قوات فاغنر" } },
  { "WAGNER\\b", {}, { "Wagner" } },
  { "WAGNER", { surface = true }, { "WAGNERS" } },
  { "فاغنر\\.", {}, { "فاغنر." } },
  { "فاغنر \\.", {}, {} },
  { "قوات، فاغنر", {}, { "وقوات، فاغنر" } },
  { "x*", {}, {} },
  { " ", {}, {} },
}, function(row)
  row[2].regex = true
  T.eq(matches(TEXT, row[1], row[2]), row[3], row[1])
end)

T.case("fields: offsets into the text, words each side inside the paragraph", function()
  local rows = assert(sahel.kwic(TEXT, "فاغنر", { width = 2 }))
  T.eq(#rows, 2, "rows")
  T.eq({ rows[1].left, rows[1].match, rows[1].right }, { "لا. قوات", "فاغنر", "وقوات، فاغنر" },
    "first")
  T.eq(TEXT:sub(rows[1].byte_start + 1, rows[1].byte_end), "فاغنر", "offsets")
  T.eq(rows[1].article_id, nil, "a lone string has no id")
  T.eq(sahel.kwic({ "x", TEXT }, "فاغنر")[1].article_id, "2", "a string's id is its position")
  T.eq(rows[1].sentence, 2, "sentence")
  T.eq(sahel.kwic(TEXT, "فاغنر", { isolate = true, width = 0 })[1].match, FSI .. "فاغنر" .. PDI,
    "isolate")
end)

T.cases("bad patterns: nil and a message with the offset", {
  { "ab(c", { regex = true }, "bad regex \"ab%(c\": U_REGEX_MISMATCHED_PAREN at offset 4" },
  { "a{2", { regex = true }, "bad regex" },
  { "   ", {}, "no word" },
  { "", { regex = true }, "empty" },
}, function(row)
  local rows, msg = sahel.kwic("x", row[1], row[2])
  T.eq(rows, nil, "no rows")
  T.ok(msg and msg:find(row[3]), tostring(msg))
end)

T.case("bad options raise", function()
  T.raises(function() sahel.kwic("x", "a", { glob = true, regex = true }) end, "glob.*regex")
  T.raises(function() sahel.kwic("x", "a", { widht = 2 }) end, "unknown option")
  T.raises(function() sahel.kwic("x", "a", { width = -1 }) end, "width")
end)

T.case("a corpus: lines in corpus order for every thread count, with date and source", function()
  local corpus = assert(sahel.corpus.open("datasets/sample"))
  local one = assert(sahel.kwic(corpus, "مالي", { threads = 1 }))
  local two = assert(sahel.kwic(corpus, "مالي", { threads = 2 }))
  local all = assert(sahel.kwic(corpus, "مالي", { threads = 0 }))
  T.ok(#one > 10, "lines: " .. #one)
  T.eq(two, one, "2 threads")
  T.eq(all, one, "every core")
  local first = assert(sahel.kwic(corpus, "مالي", { threads = 2, limit = 7 }))
  T.eq(first, { table.unpack(one, 1, 7) }, "limit: the first lines")
  -- a reference in plain Lua: the word tokens whose match form is مالي, in corpus order
  local want, texts = {}, {}
  for a in corpus:articles() do
    texts[a.id] = a
    for _, t in ipairs(a:tokens()) do
      if t.kind == "word" and t.norm == sahel.text.normalize("مالي") then
        want[#want + 1] = a.id .. "@" .. (t.start - 1)
      end
    end
  end
  local got = {}
  for _, r in ipairs(assert(sahel.kwic(corpus, "مالي", { clitics = false, threads = 2 }))) do
    got[#got + 1] = r.article_id .. "@" .. r.byte_start
    local a = texts[r.article_id]
    T.eq({ r.date, r.source }, { a.date, a.source }, "date and source")
    T.eq(a:text():sub(r.byte_start + 1, r.byte_end), r.match, "match at its offsets")
  end
  T.eq(got, want, "the tokens a plain Lua loop finds")
  corpus:close()
end)

T.done()
