package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local G = sahel.gazetteer
local FIX = "tests/fixtures/gazetteer/"

--- quiet_load(path [, opts]): load, collecting warnings; returns gaz|nil, err, warnings.
local function quiet_load(path, opts)
  local warnings = {}
  local o = { warn = function(m) warnings[#warnings + 1] = m end }
  for k, v in pairs(opts or {}) do o[k] = v end
  local g, err = G.load(path, o)
  return g, err, warnings
end

local g, err, warnings = quiet_load(FIX .. "small.csv")
if not g then error(err) end

T.case("small.csv loads with no warning", function()
  T.eq(warnings, {}, "warnings")
  T.ok(tostring(g):find("^sahel.Gazetteer %(%d+ entities, %d+ aliases%)$"), tostring(g))
end)

T.cases("bad files: nil and file:line", {
  { "missing_column.csv", "missing_column.csv:1: missing column 'alias'" },
  { "semicolon.csv", "semicolon.csv:1: missing column 'id': the header is one column named "
    .. "\"id;alias;type\"; the file seems separated by ';'" },
  { "tab.csv", "tab.csv:1: missing column 'id': the header is one column named "
    .. "\"id\talias\ttype\"; the file seems separated by a tab" },
  { "unbalanced.csv", "unbalanced.csv:3:%d+: unbalanced quote" },
  { "nope.csv", "nope.csv" },
}, function(row)
  local x, msg = quiet_load(FIX .. row[1])
  T.eq(x, nil, "gazetteer")
  T.ok(msg:find(row[2], 1, not row[2]:find("%%")), msg)
end)

T.cases("bad rows: skipped with a warning naming file:line; strict fails on them", {
  { "empty_alias.csv", "empty_alias.csv:3: empty alias" },
  { "bad_kind.csv", "bad_kind.csv:3: unknown kind" },
  { "bad_type.csv", "bad_type.csv:3: bad type" },
  { "bad_utf8.csv", "bad_utf8.csv:3: invalid UTF-8" },
  { "no_word.csv", "no_word.csv:2: alias \"2025\" holds no word" },
  { "too_many.csv", "too_many.csv:2: 3 fields" },
}, function(row)
  local x, _, w = quiet_load(FIX .. row[1])
  T.ok(x, "lenient: loaded")
  T.eq(#w, 1, "one warning")
  T.ok(w[1]:find(row[2], 1, true) and w[1]:find("; row skipped$"), w[1])
  local y, msg = quiet_load(FIX .. row[1], { strict = true })
  T.eq(y, nil, "strict")
  T.ok(msg:find(row[2], 1, true) and not msg:find("skipped"), msg)
end)

T.case("bad rows: the good rows around them are loaded", function()
  local x, _, w = quiet_load(FIX .. "bad_rows.csv")
  T.eq(#w, 8, "warnings")
  T.eq(#x:entities(), 3, "mali, russia, algeria")
  local ids = {}
  for _, m in ipairs(x:mentions("مالي وروسيا والجزائر والنيجر وتشاد")) do ids[#ids + 1] = m.entity end
  T.eq(ids, { "mali", "russia", "algeria" }, "mentions")
end)

T.case("duplicates warn naming both lines; strict refuses them", function()
  local x, _, w = quiet_load(FIX .. "duplicate.csv")
  T.ok(x, "loaded")
  T.eq(#w, 1, "warnings")
  T.ok(w[1]:find("duplicate.csv:4: .*'mali'.*duplicate.csv:2"), w[1])
  local y, msg = quiet_load(FIX .. "duplicate.csv", { strict = true })
  T.eq(y, nil, "strict")
  T.ok(msg:find("duplicate.csv:4:"), msg)
  T.raises(function() G.must_load(FIX .. "duplicate.csv", { strict = true, warn = function() end }) end,
    "duplicate.csv:4:")
end)

T.case("entities, entity, aliases", function()
  local es = g:entities()
  T.eq(es[1], { id = "mali", type = "GPE", name = "Mali", index = 0, aliases = 3 }, "first")
  T.eq(g:entity("africa").type, "LOC", "africa")
  T.eq(g:entity("atlantis"), nil, "unknown")
  local as = g:aliases("mali")
  T.eq(#as, 3, "aliases")
  T.eq(as[1].alias, "مالي", "alias")
  T.eq(as[1].ambiguous, true, "ambiguous")
  T.ok(as[1].context:find("^في _"), "context")
  T.eq(as[1].origin, FIX .. "small.csv:3", "origin")
  T.eq(as[3].kind, "demonym", "kind")
  local none, msg = g:aliases("atlantis")
  T.eq(none, nil, "unknown id")
  T.ok(msg:find("atlantis"), msg)
end)

T.case("arabic_names: the first Arabic alias, demonyms left out, in every output", function()
  local h = assert(quiet_load(FIX .. "small.csv"))
  T.ok(G.arabic_names(h) > 5, "renamed")
  T.eq(h:entity("mali").name, "مالي", "mali")
  T.eq(h:entity("ecowas").name, "إيكواس", "a Latin first alias is skipped")
  T.eq(h:entity("mali").id, "mali", "the id stays the id")
  local m = h:mentions("Russia and Mali")
  T.eq({ m[1].name, m[2].name }, { "روسيا", "مالي" }, "mention records")
  local co = sahel.cooc.build({ { id = "a", body = "Russia and Mali." } }, h, { threads = 1 })
  local r = co:rows()[1]
  T.eq({ r.name_a, r.name_b }, { "مالي", "روسيا" }, "co-occurrence rows")
  local x = G.new()
  assert(x:add { id = "x", alias = "Xland", name = "Xland" })
  assert(x:add { id = "x", alias = "الإكسي", kind = "demonym" })
  assert(x:add { id = "x", alias = "إكس" })
  assert(x:add { id = "y", alias = "Yland" })
  T.eq(G.arabic_names(x), 1, "one renamed")
  T.eq({ x:entity("x").name, x:entity("y").name }, { "إكس", "Yland" }, "demonym skipped; none kept")
end)

T.case("rename: unknown id and bad names", function()
  local h = assert(quiet_load(FIX .. "small.csv"))
  local ok, msg = h:rename("atlantis", "x")
  T.ok(not ok and msg:find("atlantis"), tostring(msg))
  ok, msg = h:rename("mali", "\255bad")
  T.ok(not ok and msg:find("UTF%-8"), tostring(msg))
  T.raises(function() h:rename("mali", "") end, "non%-empty")
  T.eq(h:entity("mali").name, "Mali", "unchanged")
end)

T.cases("lookup: entity, rule, form", {
  { "وروسيا", { entity = "russia", proclitic = true, form = "روسيا", tokens = 1, full = true } },
  { "للجزائر", { entity = "algeria", proclitic = true, form = "الجزائر" } },
  { "بوركينا فاسو", { entity = "burkina_faso", proclitic = false, tokens = 2, full = true } },
  { "بوركينا فاسو اليوم", { entity = "burkina_faso", tokens = 2, full = false } },
  { "المالي", { entity = "mali", demonym = true, ambiguous = true } },
  { "مالي", { entity = "mali", ambiguous = true, norm = "مالي" } },
  { "الاقتصاد", nil },
}, function(row)
  local hit = g:lookup(row[1])
  if not row[2] then return T.eq(hit, nil, "no match") end
  T.ok(hit, "a match")
  for k, v in pairs(row[2]) do T.eq(hit[k], v, k) end
end)

T.case("lookup honours demonyms = false", function()
  T.eq(g:lookup("المالي", { demonyms = false }), nil, "demonym off")
end)

local text = "عنوان عن روسيا\nقال بوتين إن مالي وروسيا شريكتان. ثم زار فيلق أفريقيا."

T.case("mention records: fields and index bases", function()
  local ms = g:mentions(text)
  T.eq(#ms, 5, "mentions")
  local m = ms[4]
  T.eq(m.entity, "russia", "entity")
  T.eq(m.alias, "روسيا", "alias")
  T.eq(m.surface, "وروسيا", "surface")
  T.eq(text:sub(m.start, m.stop), m.surface, "1-based inclusive")
  T.eq(text:sub(m.byte_start + 1, m.byte_end), m.surface, "0-based exclusive")
  T.eq(m.token, 7, "0-based token")
  T.eq(m.tokens, 1, "tokens")
  T.eq(sahel.text.tokenize(text)[m.token + 1].text, "وروسيا", "token index")
  T.eq(m.sentence, 1, "sentence")
  T.eq(m.paragraph, 1, "paragraph")
  T.eq({ m.proclitic, m.demonym, m.evidence, m.dropped }, { true, false, false, false }, "flags")
  T.eq(ms[3].entity, "mali", "mali")
  T.eq(ms[3].evidence, true, "evidence")
  T.eq(ms[5].surface, "فيلق أفريقيا", "africa corps")
  T.eq(ms[1].paragraph, 0, "title")
end)

T.cases("mentions: options", {
  { "هذا مشروع مالي", nil, {} },
  { "هذا مشروع مالي", { report_dropped = true }, { "mali:dropped" } },
  { "دعم مالي", { report_dropped = true }, { "mali:dropped:negative" } },
  { "الجيش المالي", nil, {} },
  { "الجيش المالي", { demonyms = true }, { "mali:demonym:evidence" } },
  { "روسيا ومالي والجزائر", { entity = "algeria" }, { "algeria" } },
}, function(row)
  local got = {}
  for _, m in ipairs(g:mentions(row[1], row[2])) do
    local s = m.entity
    for _, f in ipairs { "demonym", "evidence", "dropped", "negative" } do
      if m[f] then s = s .. ":" .. f end
    end
    got[#got + 1] = s
  end
  T.eq(got, row[3], row[1])
end)

T.case("mentions: windows stay in the paragraph", function()
  local ms = g:mentions("أول سطر\nقال الوزير، أمس: إن روسيا (اليوم) تدعم الخطة كثيرا.", { window = 2 })
  T.eq(#ms, 1, "mentions")
  T.eq(ms[1].left, "أمس: إن", "left")
  T.eq(ms[1].right, "(اليوم) تدعم", "right")
  local far = g:mentions("روسيا", { window = 5 })[1]
  T.eq({ far.left, far.right }, { "", "" }, "nothing around")
end)

T.case("count: the sums of gaz:mentions, article by article", function()
  local texts = { text, "هذا مشروع مالي. وروسيا وروسيا", "", "Mali and RUSSIA", "الجيش المالي" }
  for _, opts in ipairs { {}, { demonyms = true } } do
    local want = {}
    for _, e in ipairs(g:entities()) do want[e.id] = { mentions = 0, articles = 0 } end
    for _, t in ipairs(texts) do
      local seen = {}
      for _, m in ipairs(g:mentions(t, opts)) do
        want[m.entity].mentions = want[m.entity].mentions + 1
        if not seen[m.entity] then want[m.entity].articles = want[m.entity].articles + 1 end
        seen[m.entity] = true
      end
    end
    local got = g:count(texts, opts)
    T.eq(got, want, "counts")
    T.ok(got.russia.mentions >= 4 and got.russia.articles == 3, "russia")
  end
  T.raises(function() g:count(42) end, "array of texts")
end)

T.case("misuse raises", function()
  T.raises(function() g:mentions(42) end, "string or sahel.Article")
  T.raises(function() g:mentions("x", { entity = "atlantis" }) end, "unknown entity")
  T.raises(function() g:mentions("x", { window = -1 }) end, "window")
  T.raises(function() g:add("x") end, "table expected")
  T.raises(function() g:add { id = {}, alias = "x" } end, "bad field 'id'")
end)

T.case("add: rows from Lua, errors naming the script line", function()
  local x = G.new()
  T.eq(x:add { id = "sahel", type = "LOC", alias = "الساحل" }, true, "add")
  T.eq(x:add { id = "sahel", alias = "Sahel" }, true, "second alias")
  local ok, msg = x:add { id = "bad", alias = "x", kind = "nickname" }
  T.eq(ok, nil, "bad kind")
  T.ok(msg:find("test_gazetteer.lua:%d+: unknown kind"), msg)
  local dup = {}
  T.eq(x:add({ id = "other", alias = "sahel" }, function(m) dup[#dup + 1] = m end), true, "dup")
  T.eq(#dup, 1, "duplicate warning")
  T.eq(#x:mentions("منطقة الساحل و Sahel"), 2, "mentions")
  T.eq(x:mentions("منطقة وSahel")[1].proclitic, true, "و glued to a Latin word is a proclitic")
  T.eq(x:entities()[1].name, "الساحل", "default name")
end)

T.case("mention records follow gaz:add: a name given later replaces the default one", function()
  local g = sahel.gazetteer.new()
  T.ok(g:add { id = "mali", alias = "Mali", type = "GPE" })
  T.eq(g:mentions("Mali and Bamako")[1].name, "Mali", "the first alias names it")
  T.ok(g:add { id = "mali", alias = "Malian Republic", name = "Republic of Mali" })
  T.ok(g:add { id = "bamako", alias = "Bamako", type = "GPE" })
  local m = g:mentions("Mali and Bamako")
  T.eq(m[1].name, "Republic of Mali", "the name given later")
  T.eq({ m[2].entity, m[2].name, m[2].type, m[2].alias }, { "bamako", "Bamako", "GPE", "Bamako" })
end)

T.case("normalization steps: the gazetteer matches in its own match form", function()
  local plain, strict = G.new(), G.new { alef = false }
  for _, x in ipairs { plain, strict } do T.ok(x:add { id = "africa", alias = "أفريقيا" }, "add") end
  T.eq(#plain:mentions("افريقيا وإفريقيا"), 2, "alef folded")
  T.eq(#strict:mentions("افريقيا وإفريقيا أفريقيا"), 1, "alef kept")
end)

--- found(x, text_or_article [, opts]): "entity=surface/flags ..." of x's mentions.
local function found(x, text, opts)
  local out = {}
  for _, m in ipairs(x:mentions(text, opts)) do
    local f = (m.evidence and "E" or "") .. (m.dropped and "X" or "") .. (m.negative and "N" or "")
    out[#out + 1] = m.entity .. "=" .. m.surface .. (f ~= "" and "/" .. f or "")
  end
  return table.concat(out, " ")
end

T.case("patterns: @DEF, @NUM, @no_proclitic, a dropped match leaves its words, no_proclitic", function()
  local x, err, w = quiet_load(FIX .. "patterns.csv")
  T.ok(x, err)
  T.eq(w, {}, "warnings")
  T.eq(found(x, "قالت السلطات السعودية وبالأنباء السعودية"), "", "@DEF")
  T.eq(found(x, "سافر إلى السعودية"), "saudi=السعودية/E", "إلى is no definite noun")
  T.eq(found(x, "قتل ١٣ روسيا وعشرين روسيا", { report_dropped = true }),
    "russia=روسيا/XN russia=روسيا/XN", "@NUM")
  T.eq(found(x, "كأس العالم 2018 بروسيا و13 روسيا"), "russia=بروسيا/E",
    "@no_proclitic: بروسيا after a number counts, روسيا does not")
  T.eq(found(x, "قالت روسيا اليوم", { report_dropped = true }), "rt=روسيا اليوم/X russia=روسيا/E",
    "dropped RT, then Russia")
  T.eq(found(x, "سجل بلومي في لومي"), "lome=لومي", "no_proclitic")
  T.eq(x:aliases("lome")[1].no_proclitic, true, "alias record")
  T.eq(x:lookup("بلومي"), nil, "lookup")
end)

T.case("patterns: article conditions from an article, or a text's opts", function()
  local x = quiet_load(FIX .. "patterns.csv")
  local sport = sahel.article.new { title = "مباراة", body = "فاز في مدريد", meta = { category = "Sport" } }
  local section = sahel.article.new { body = "في مدريد", meta = { section = "رياضة" } }
  local news = sahel.article.new { body = "في مدريد", source = "Reuters", meta = { category = "" } }
  T.eq(found(x, sport), "", "category sport")
  T.eq(found(x, section), "", "section")
  T.eq(found(x, news), "madrid=مدريد/E", "no category")
  T.eq(found(x, "في مدريد", { category = "sport" }), "", "opts.category")
  T.eq(found(x, "قالت روسيا اليوم", { source = "RT" }), "rt=روسيا اليوم/E", "opts.source")
  local counts = x:count { sport, news }
  T.eq(counts.madrid.mentions, 1, "count")
  local path = T.tmpdir() .. "/c.jsonl"
  local f = assert(io.open(path, "w"))
  f:write('{"id": "a", "category": "sport", "text": "في مدريد"}\n',
    '{"id": "b", "category": "", "source": "RT", "text": "في مدريد وقالت روسيا اليوم"}\n')
  f:close()
  local c = x:count(sahel.corpus.open(path), { threads = 2 })
  T.eq({ c.madrid.mentions, c.rt.mentions, c.russia.mentions }, { 1, 1, 0 }, "corpus: category and source")
end)

T.case("close: twice is fine, use after close raises, __close", function()
  local x = G.new()
  x:close()
  x:close()
  T.ok(tostring(x):find("closed"), tostring(x))
  T.raises(function() x:mentions("x") end, "closed gazetteer")
  do
    local y <close> = G.new()
    T.ok(y:add { id = "a", alias = "b" }, "open inside the block")
  end
end)

T.done()
