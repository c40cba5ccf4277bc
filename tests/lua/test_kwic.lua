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

T.done()
