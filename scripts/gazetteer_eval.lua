--- gazetteer_eval.lua: how well a gazetteer's matches agree with gold named-entity spans.
-- Demonstrates gaz:mentions on a large text and the evaluation of a gazetteer against a
-- CoNLL-style corpus (one `token TAG` per line, B-/I- tags, a blank line ends a sentence,
-- e.g. ANERcorp): precision, recall and F1 per entity type and overall, the most often
-- missed and the most often spurious surfaces; and building a gazetteer from the gold
-- mentions themselves (whose recall measures the tokenizer, normalizer and matcher).
--
--   sahelscript scripts/gazetteer_eval.lua --gold train.txt --gazetteer G.csv [--demonyms]
--   sahelscript scripts/gazetteer_eval.lua --gold train.txt --build-gazetteer OUT.csv
--
-- The text is rebuilt by joining a sentence's tokens with spaces and sentences with LF, and
-- matched as one article. A match is right when its byte span equals a gold span and its
-- type maps to the gold type (PER->PERS, GPE and LOC->LOC, ORG->ORG, MISC and EVENT->MISC).
local sahel = require "sahel"
local cli = require "sahel.cli"

-- Gold types and the gazetteer types that count as each.
local GOLD_TYPES = { "PERS", "LOC", "ORG", "MISC" }
local TO_GOLD = { PER = "PERS", GPE = "LOC", LOC = "LOC", ORG = "ORG", MISC = "MISC",
  EVENT = "MISC" }
local TO_GAZ = { PERS = "PER", LOC = "LOC", ORG = "ORG", MISC = "MISC" }

local SPEC = {
  name = "gazetteer_eval.lua",
  usage = "sahelscript gazetteer_eval.lua --gold FILE (--gazetteer CSV | --build-gazetteer OUT) [options]",
  about = "Precision, recall and F1 of a gazetteer's matches against CoNLL gold spans.",
  { name = "gold", arg = "FILE", type = "input",
    help = "CoNLL gold file: `token TAG` lines, blank line = sentence end" },
  { name = "gazetteer", arg = "CSV", type = "input", help = "the gazetteer to evaluate" },
  { name = "build-gazetteer", arg = "OUT", type = "output",
    help = "write a gazetteer of the gold mentions to OUT (evaluated unless --gazetteer)" },
  { name = "demonyms", help = "let demonym aliases match" },
  { name = "top", arg = "N", type = "int", min = 1, default = 15,
    help = "how many missed and spurious surfaces to list" },
}

--- parse_args(argv): the options table; exits 2 (usage) when a required one is missing.
local function parse_args(argv)
  local o = cli.options(argv, SPEC)
  if not o.gold then cli.usage(SPEC.name, "--gold FILE is required") end
  if not (o.gazetteer or o.build_gazetteer) then
    cli.usage(SPEC.name, "--gazetteer CSV or --build-gazetteer OUT is required")
  end
  o.build = o.build_gazetteer
  return o
end

--- alias_key(s): the alias's token sequence in match form (what the gazetteer compares), or
-- nil when it cannot be an alias (no word, or a token empty in match form).
local function alias_key(s)
  local norms, word = {}, false
  for _, t in ipairs(sahel.text.tokenize(s)) do
    if t.norm == "" then return nil end
    word = word or t.kind == "word"
    norms[#norms + 1] = t.norm
  end
  return word and table.concat(norms, " ") or nil
end

--- build_gazetteer(spans, path): write a gazetteer of the gold surfaces (one entity per
-- distinct alias, typed by its most frequent gold type); returns aliases written, skipped.
local function build_gazetteer(spans, path)
  local by_key, order, skipped = {}, {}, 0
  for _, s in ipairs(spans) do
    local key = alias_key(s.surface)
    if not key then
      skipped = skipped + 1
    else
      local e = by_key[key]
      if not e then
        e = { surface = s.surface, types = {} }
        by_key[key] = e
        order[#order + 1] = key
      end
      e.types[s.type] = (e.types[s.type] or 0) + 1
    end
  end
  local rows = {}
  for i, key in ipairs(order) do
    local e, best = by_key[key], nil
    for _, ty in ipairs(GOLD_TYPES) do
      if (e.types[ty] or 0) > (best and e.types[best] or 0) then best = ty end
    end
    rows[#rows + 1] = { id = "gold_" .. i, type = TO_GAZ[best], alias = e.surface }
  end
  local ok, msg = sahel.csv.write(path, rows, { columns = { "id", "type", "alias" }, guard = false })
  if not ok then cli.die("gazetteer_eval.lua", msg) end
  return #rows, skipped
end

--- score(spans, mentions): counts per gold type: gold, predicted, right; plus the missed and
-- spurious surfaces (surface -> count) and span-only agreement.
local function score(spans, mentions)
  local t = { spans_right = 0, missed = {}, spurious = {}, missed_spans = {} }
  for _, ty in ipairs(GOLD_TYPES) do t[ty] = { gold = 0, pred = 0, right = 0 } end
  local gold = {}
  for _, s in ipairs(spans) do
    gold[s.start .. ":" .. s.stop] = s
    t[s.type].gold = t[s.type].gold + 1
  end
  local found, matched = {}, {}
  for _, m in ipairs(mentions) do
    local ty = TO_GOLD[m.type] or "MISC"
    local key = m.byte_start .. ":" .. m.byte_end
    local g = gold[key]
    matched[key] = true
    t[ty].pred = t[ty].pred + 1
    if g then t.spans_right = t.spans_right + 1 end
    if g and g.type == ty then
      t[ty].right = t[ty].right + 1
      found[key] = true
    else
      t.spurious[m.surface] = (t.spurious[m.surface] or 0) + 1
    end
  end
  for key, s in pairs(gold) do
    if not found[key] then t.missed[s.surface] = (t.missed[s.surface] or 0) + 1 end
    if not matched[key] then
      t.missed_spans[s.surface] = (t.missed_spans[s.surface] or 0) + 1
    end
  end
  return t
end

--- prf(right, pred, gold): precision, recall, F1 (0 when undefined).
local function prf(right, pred, gold)
  local p = pred > 0 and right / pred or 0
  local r = gold > 0 and right / gold or 0
  return p, r, (p + r > 0) and 2 * p * r / (p + r) or 0
end

--- top(counts, n): the n surfaces with the highest counts, as "surface (count)".
local function top(counts, n)
  local list = {}
  for s, c in pairs(counts) do list[#list + 1] = { s, c } end
  table.sort(list, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
  local out = {}
  for i = 1, math.min(n, #list) do out[i] = string.format("%s (%d)", list[i][1], list[i][2]) end
  return out
end

--- report(t, o, info): print the tables in Markdown.
local function report(t, o, info)
  print(string.format("## %s on %s\n", info.gazetteer, info.gold))
  print(string.format("%d gold mentions, %d matches, %d sentences, %.1f s matching\n",
    info.ngold, info.npred, info.nsentences, info.seconds))
  print("| type | gold | matched | right | precision | recall | F1 |")
  print("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
  local G, P, R = 0, 0, 0
  for _, ty in ipairs(GOLD_TYPES) do
    local c = t[ty]
    G, P, R = G + c.gold, P + c.pred, R + c.right
    local p, r, f = prf(c.right, c.pred, c.gold)
    print(string.format("| %s | %d | %d | %d | %.3f | %.3f | %.3f |", ty, c.gold, c.pred,
      c.right, p, r, f))
  end
  local p, r, f = prf(R, P, G)
  print(string.format("| **all** | %d | %d | %d | %.3f | %.3f | %.3f |", G, P, R, p, r, f))
  p, r, f = prf(t.spans_right, P, G)
  print(string.format("| spans only | %d | %d | %d | %.3f | %.3f | %.3f |\n", G, P,
    t.spans_right, p, r, f))
  print("Most missed: " .. table.concat(top(t.missed, o.top), ", ") .. "\n")
  print("Most missed spans (no match with that exact span, whatever its type): "
    .. table.concat(top(t.missed_spans, o.top), ", ") .. "\n")
  print("Most spurious: " .. table.concat(top(t.spurious, o.top), ", ") .. "\n")
end

local function main(argv)
  local o = parse_args(argv)
  local ok, text, spans = pcall(require("sahel.conll").read, o.gold)
  if not ok then cli.die(SPEC.name, text) end
  if o.build then
    local n, skipped = build_gazetteer(spans, o.build)
    print(string.format("wrote %s: %d aliases from %d gold mentions (%d could not be aliases)\n",
      o.build, n, #spans, skipped))
  end
  local path = o.gazetteer or o.build
  local gaz, msg = sahel.gazetteer.load(path)
  if not gaz then cli.die(SPEC.name, msg) end
  local t0 = os.clock()
  local mentions = gaz:mentions(text, { demonyms = o.demonyms })
  local seconds = os.clock() - t0
  local _, nsentences = text:gsub("\n", "")
  report(score(spans, mentions), o, { gazetteer = path, gold = o.gold, ngold = #spans,
    npred = #mentions, nsentences = nsentences, seconds = seconds })
end

main(arg or {})
