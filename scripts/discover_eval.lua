--- discover_eval.lua: how good sahel.discover's candidates are, against gold named-entity
-- spans. Demonstrates sahel.discover.candidates on a corpus built from a CoNLL-style gold
-- file (ANERcorp's training split: one `token TAG` per line, B-/I- tags, a blank line ends
-- a sentence), and its measurement (docs/discover.md, "How good it is"):
--
--   sahelscript discover_eval.lua --gold train.txt [--gazetteer G.csv] [--per-article 20]
--
-- The sentences are cut into articles of --per-article sentences. A candidate is right when
-- its match form is a gold name's (a gold surface, or a gold surface without a proclitic on
-- its first word, as the matcher strips them). Printed: precision of the top 100 and top
-- 300, recall of the gold names seen 3 times or more that the gazetteer lacks (among all
-- candidates and the top 300), type accuracy of the right candidates in the top 300 (GPE
-- counts as LOC), and one line `figures: ...` for tests.
local sahel = require "sahel"
local cli = require "sahel.cli"
local discover = require "sahel.discover"

local NAME = "discover_eval.lua"
local o = cli.options(arg, {
  name = NAME, usage = "sahelscript discover_eval.lua --gold FILE [options]",
  about = "Precision, recall and type accuracy of discover's candidates against gold spans.",
  { name = "gold", arg = "FILE", type = "input",
    help = "CoNLL gold file: `token TAG` lines, blank line = sentence end" },
  { name = "gazetteer", arg = "CSV", type = "input",
    help = "the gazetteer candidates must be new to (default: the bundled one)" },
  { name = "per-article", arg = "N", type = "int", min = 1, default = 20,
    help = "sentences per article" },
  { name = "min-seen", arg = "N", type = "int", min = 1, default = 3,
    help = "gold names seen at least N times make the recall's set" },
  { name = "show", arg = "N", type = "int", min = 0, default = 0,
    help = "print the first N candidates, marked right (+) or wrong (-)" },
  { name = "misses", arg = "N", type = "int", min = 0, default = 0,
    help = "print N of the gold names the candidates missed" },
})
if not o.gold then cli.usage(NAME, "--gold FILE is required") end

-- Gold types as candidate types.
local TYPE_OF = { PERS = "PER", LOC = "LOC", ORG = "ORG", MISC = "MISC" }

-- articles_of(text, n): the lines of text cut into sahel.Article values of n lines each.
local function articles_of(text, n)
  local out, lines = {}, {}
  local function flush()
    if #lines == 0 then return end
    out[#out + 1] = sahel.article.new { id = "a" .. (#out + 1), body = table.concat(lines, "\n") }
    lines = {}
  end
  for line in text:gmatch("([^\n]*)\n") do
    lines[#lines + 1] = line
    if #lines >= n then flush() end
  end
  flush()
  return out
end

-- norm(s): the match form of s's words joined by one space.
local function norm(s)
  local words = {}
  for _, t in ipairs(sahel.text.tokenize(s)) do
    if t.kind == "word" or t.kind == "number" then words[#words + 1] = t.norm end
  end
  return table.concat(words, " ")
end

-- gold_names(spans): name key -> {count, types = {TYPE = n}, surface, forms} where the key
-- is a gold surface's match form; forms: that form and the forms without proclitics.
local function gold_names(spans)
  local names = {}
  for _, s in ipairs(spans) do
    local key = norm(s.surface)
    if key ~= "" then
      local g = names[key]
      if not g then
        g = { count = 0, types = {}, surface = s.surface, forms = {} }
        local first, rest = key:match("^(%S+)(.*)$")
        for _, f in ipairs(sahel.text.clitic_forms(first)) do g.forms[f .. rest] = true end
        names[key] = g
      end
      g.count = g.count + 1
      local ty = TYPE_OF[s.type] or "MISC"
      g.types[ty] = (g.types[ty] or 0) + 1
    end
  end
  return names
end

-- form_index(names): match form -> the gold name keys it stands for.
local function form_index(names)
  local index = {}
  for key, g in pairs(names) do
    for f in pairs(g.forms) do
      index[f] = index[f] or {}
      index[f][#index[f] + 1] = key
    end
  end
  for _, keys in pairs(index) do table.sort(keys) end
  return index
end

-- main_type(g): the gold name's most frequent type.
local function main_type(g)
  local best, most = nil, -1
  for _, ty in ipairs({ "PER", "LOC", "ORG", "MISC" }) do
    if (g.types[ty] or 0) > most then best, most = ty, g.types[ty] or 0 end
  end
  return best
end

-- measure(rows, names, gaz): the figures.
local function measure(rows, names, gaz)
  local index = form_index(names)
  local f = { right100 = 0, right300 = 0, typed = 0, typed_right = 0, found = {}, found300 = {} }
  for i, r in ipairs(rows) do
    local keys = index[r.norm]
    if keys then
      if i <= 100 then f.right100 = f.right100 + 1 end
      if i <= 300 then
        f.right300 = f.right300 + 1
        local want = main_type(names[keys[1]])
        local got = r.type == "GPE" and "LOC" or r.type
        f.typed = f.typed + 1
        if got == want then f.typed_right = f.typed_right + 1 end
      end
      for _, k in ipairs(keys) do
        f.found[k] = true
        if i <= 300 then f.found300[k] = true end
      end
    end
    r.right = keys ~= nil
  end
  f.wanted, f.hit, f.hit300, f.missed = 0, 0, 0, {}
  for key, g in pairs(names) do
    if g.count >= o.min_seen and not (gaz and gaz:lookup(g.surface) and gaz:lookup(g.surface).full) then
      f.wanted = f.wanted + 1
      if f.found[key] then f.hit = f.hit + 1 else f.missed[#f.missed + 1] = g end
      if f.found300[key] then f.hit300 = f.hit300 + 1 end
    end
  end
  table.sort(f.missed, function(a, b) return a.count > b.count or (a.count == b.count and a.surface < b.surface) end)
  return f
end

local function main()
  local ok, text, spans = pcall(require("sahel.conll").read, o.gold)
  if not ok then cli.die(NAME, text) end
  local gaz, msg = sahel.gazetteer.load(o.gazetteer or cli.data("datasets/gazetteer/sahel.csv"))
  if not gaz then cli.die(NAME, msg) end
  local articles = articles_of(text, o.per_article)
  local t0 = os.clock()
  local rows, err = discover.candidates(articles, gaz)
  if not rows then cli.die(NAME, err) end
  local seconds = os.clock() - t0
  local names = gold_names(spans)
  local f = measure(rows, names, gaz)
  local p100 = f.right100 / math.max(1, math.min(100, #rows))
  local p300 = f.right300 / math.max(1, math.min(300, #rows))
  local recall, recall300 = f.hit / math.max(1, f.wanted), f.hit300 / math.max(1, f.wanted)
  local types = f.typed_right / math.max(1, f.typed)
  print(string.format("%s: %d articles of %d sentences, %d candidates (%.1f s)", o.gold,
    #articles, o.per_article, #rows, seconds))
  print(string.format("precision: top 100 %.3f (%d right), top 300 %.3f (%d right)", p100,
    f.right100, p300, f.right300))
  print(string.format("recall of the %d gold names seen >= %d times the gazetteer lacks: "
    .. "%.3f (%d found), in the top 300 %.3f", f.wanted, o.min_seen, recall, f.hit, recall300))
  print(string.format("type accuracy of the right candidates in the top 300: %.3f (%d of %d)",
    types, f.typed_right, f.typed))
  for i = 1, math.min(o.show, #rows) do
    local r = rows[i]
    print(string.format("%4d %s %-4s %5d %7.2f  %s  [%s]", i, r.right and "+" or "-", r.type,
      r.count, r.score, r.alias, r.evidence))
  end
  for i = 1, math.min(o.misses, #f.missed) do
    local g = f.missed[i]
    print(string.format("missed: %s (%d, %s)", g.surface, g.count, main_type(g)))
  end
  print(string.format("figures: p100=%.3f p300=%.3f recall=%.3f recall300=%.3f types=%.3f",
    p100, p300, recall, recall300, types))
end

main()
