-- test_text.lua: sahel.text from Lua: options, record fields and index bases, the ICU
-- engine, and the differential test against ICU's word break iterator (TEXT-SPEC §4): our
-- word and number tokens agree with ICU's letter/number segments except for the
-- differences documented in docs/spec.md §4, which this test recognises one by one.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local text = sahel.text

T.cases("normalize options", {
  { "أحمد", nil, "احمد" },
  { "أحمد", { alef = false }, "أحمد" },
  { "مؤسسة", { hamza = true }, "موسسه" },
  { "MALI", { casefold = false }, "MALI" },
  { "ﻻ", { nfkc = false }, "ﻻ" },
  { "١٢", { digits = false }, "١٢" },
}, function(row)
  T.eq(text.normalize(row[1], row[2]), row[3], "normalize " .. row[1])
end)

T.case("misuse raises", function()
  T.raises(function() text.normalize() end, "bad argument")
  T.raises(function() text.normalize("x", { alef = "yes" }) end, "bad option 'alef'")
  T.raises(function() text.tokenize("x", { engine = "camel" }) end, "unknown engine")
end)

T.case("token records", function()
  local s = "قال د. محمد\nسطر"
  local toks = text.tokenize(s)
  T.eq(#toks, 5, "token count")
  for i, t in ipairs(toks) do
    T.eq(s:sub(t.start, t.stop), t.text, "start/stop are string.sub positions")
    T.eq(t.index, i - 1, "0-based index")
  end
  T.eq({ toks[2].kind, toks[3].kind, toks[3].norm }, { "word", "punct", "." }, "kinds")
  T.eq({ toks[4].sentence, toks[5].sentence, toks[5].paragraph }, { 0, 1, 1 }, "indexes")
end)

T.case("sentences and paragraphs", function()
  local s = "العنوان\n\nأولى. ثانية؟ ثالثة"
  local sents, paras = text.sentences(s), text.paragraphs(s)
  T.eq(#paras, 2, "paragraphs")
  T.eq(paras[1].text, "العنوان", "title paragraph")
  T.eq({ sents[2].text, sents[2].paragraph, sents[4].text }, { "أولى.", 1, "ثالثة" }, "sentences")
  T.eq(s:sub(sents[3].start, sents[3].stop), "ثانية؟", "sentence span")
end)

T.cases("a one-letter word holds one letter and no digit (TEXT-SPEC §3)", {
  { "بين عامي 2011 و2014. ونقلت", { "بين عامي 2011 و2014.", "ونقلت" } },
  { "هاتف S60. ثم", { "هاتف S60.", "ثم" } },
  { "قال د. محمد", { "قال د. محمد" } },
}, function(row)
  local got = {}
  for i, sent in ipairs(text.sentences(row[1])) do got[i] = sent.text end
  T.eq(got, row[2], row[1])
end)

T.case("clitic forms", function()
  T.eq(text.clitic_forms("وللجزائر"), { "وللجزائر", "للجزائر", "لجزائر", "الجزائر" }, "forms")
  T.eq(text.clitic_forms("بالجزائر"), { "بالجزائر", "الجزائر" }, "forms")
end)

T.case("icu engine", function()
  local segs = text.tokenize("U.S. forces, 2.5 وروسيا!", { engine = "icu" })
  local got = {}
  for _, s in ipairs(segs) do got[#got + 1] = s.text .. "/" .. s.kind end
  T.eq(got, { "U.S/word", "forces/word", "2.5/number", "وروسيا/word" }, "segments")
end)

-- The differential test ------------------------------------------------------------------

-- A character that ICU may keep inside a word where we split (docs/spec.md §4): any
-- punctuation (ICU's MidLetter, MidNum, MidNumLet, ExtendNumLet classes are all P*) and
-- any format control (ICU's WB4 attaches them to the word before).
local function joinable(ch)
  local tok = text.tokenize(ch)
  return #tok == 0 or (#tok == 1 and tok[1].kind == "punct")
end

-- A combining mark: part of our words (§4), but attached by ICU to the character before it,
-- even a space (WB4), so that a word starting with marks (or made only of them) differs.
local function is_mark(ch)
  local tok = text.tokenize(ch)
  return #tok == 1 and tok[1].kind == "word" and #text.tokenize(ch, { engine = "icu" }) == 0
end

--- leading_marks(t, g): whether our token t is ICU's segment g (or nothing) after marks.
local function leading_marks(s, t, g)
  if g and (t.stop ~= g.stop or t.start > g.start) then return false end
  for _, c in utf8.codes(s:sub(t.start, g and g.start - 1 or t.stop)) do
    if not is_mark(utf8.char(c)) then return false end
  end
  return true
end

--- differences(s): unexplained differences between our tokens and ICU's segments.
local function differences(s)
  local ours, icu = {}, {}
  local starts = {}
  for _, t in ipairs(text.tokenize(s)) do
    if t.kind == "word" or t.kind == "number" then
      ours[t.start .. ":" .. t.stop] = t
      starts[#starts + 1] = t
    end
  end
  for _, g in ipairs(text.tokenize(s, { engine = "icu" })) do icu[g.start .. ":" .. g.stop] = g end
  local bad, explained = {}, {}
  for key, g in pairs(icu) do
    local marked
    for _, t in ipairs(starts) do
      if t.stop == g.stop and t.start < g.start and leading_marks(s, t, g) then marked = t end
    end
    if marked then
      explained[marked.start .. ":" .. marked.stop] = true
    elseif not ours[key] then
      -- every byte of g not covered by one of our words must be a joinable character
      local covered, inside = {}, 0
      for _, t in ipairs(starts) do
        if t.start >= g.start and t.stop <= g.stop then
          inside = inside + 1
          explained[t.start .. ":" .. t.stop] = true
          for p = t.start, t.stop do covered[p] = true end
        end
      end
      local ok = inside > 0
      local rest = {}
      for p, c in utf8.codes(s:sub(g.start, g.stop)) do
        local at = g.start + p - 1
        if not covered[at] then rest[#rest + 1] = utf8.char(c) end
      end
      for _, ch in ipairs(rest) do ok = ok and joinable(ch) end
      if not ok then bad[#bad + 1] = "icu: " .. g.text end
    end
  end
  for key, t in pairs(ours) do
    if not icu[key] and not explained[key] and not leading_marks(s, t) then bad[#bad + 1] = "ours: " .. t.text end
  end
  return bad
end

T.case("differential: documented differences are recognised", function()
  T.eq(differences("U.S. www.example.com a_b 5.\u{200F}7 Drive\u{202A} x"), {}, "explained")
  T.eq(differences("كلمة ًمن ِ عربية"), {}, "leading marks")
  T.eq(#differences("abc"), 0, "identical")
end)

T.case("differential: the fixtures", function()
  for _, path in ipairs { "tests/fixtures/text/news.txt" } do
    local s = T.read(path)
    if s then T.eq(differences(s), {}, path) end
  end
end)

T.case("differential: the seed article", function()
  local seed = T.shared("seeds/000_11dbe4327a88c620.txt")
  if not seed then return print("skip: ../shared absent") end
  T.eq(differences(T.read(seed)), {}, "seed")
end)

T.case("differential: 2,000 SaudiNewsNet articles", function()
  local path = T.shared("corpora/saudinewsnet/articles.jsonl")
  if not path or not sahel.corpus.open then return print("skip: ../shared absent") end
  local corpus = assert(sahel.corpus.open(path))
  local n, bad = 0, {}
  for a in corpus:articles() do
    n = n + 1
    if n > 2000 then break end
    for _, d in ipairs(differences(a.body or "")) do bad[#bad + 1] = a.id .. " " .. d end
  end
  T.eq(#bad, 0, "unexplained differences (first: " .. tostring(bad[1]) .. ")")
end)

T.done()
