-- keyness.lua: the words that set a set of articles apart from the rest of the corpus.
-- Demonstrates sahel.terms.keyness (log-likelihood G2, chi-square and log ratio, TEXT-SPEC
-- §9) over term tables from sahel.terms.count: a source against the other sources (slices
-- of one table), a period or the articles mentioning an entity against the whole corpus
-- minus them (`nested`), the entity's articles picked in Lua with gaz:mentions.
--
--   sahelscript keyness.lua --target source:NAME | from:YYYY[-MM[-DD]] | to:DATE |
--                                    during:DATE | entity:ID
--                           [--n 1|2|3] [--stopwords ar,en,fr|none] [--min-count N] [--top N]
--                           [--stem arabic[,english|french]] [--clitics]
--                           [--out keyness.csv] [--corpus PATH] [--gazetteer CSV]
local sahel = require "sahel"
local cli = require "sahel.cli"

local NAME = "keyness.lua"
local o = cli.options(arg, cli.spec {
  name = NAME, usage = "sahelscript keyness.lua --target KIND:VALUE [options]",
  about = "Key terms of a source, a period or an entity's articles against the rest.",
  { name = "target", arg = "KIND:VALUE", default = "from:2020",
    help = "source:NAME, from:DATE, to:DATE, during:DATE or entity:ID" },
  { name = "n", arg = "N", type = "int", min = 1, default = 1, help = "n-gram size (1 to 3)" },
  { name = "stopwords", arg = "LISTS", default = "ar,en,fr", help = "stopword lists or none" },
  { name = "min-count", arg = "N", type = "int", min = 1, default = 3,
    help = "minimum count in target and reference together" },
  { name = "top", arg = "N", type = "int", min = 1, default = 25, help = "terms printed" },
  { name = "out", arg = "CSV", default = "keyness.csv", help = "the CSV file written" },
  { name = "threads", arg = "N", type = "int", min = 0, default = 0, help = "worker threads" },
  { name = "stem", arg = "ALGOS", help = "stem terms with Snowball: arabic, or arabic,english ..." },
  { name = "clitics", help = "strip proclitics toward words seen whole in the corpus" },
})
local kind, value = o.target:match("^(%a+):(.+)$")
local KINDS = { source = true, from = true, to = true, during = true, entity = true }
if not KINDS[kind] then
  cli.die(NAME, "--target: source:NAME, from:DATE, to:DATE, during:DATE or entity:ID expected")
end
if o.n > 3 then cli.die(NAME, "--n: 1, 2 or 3 expected") end

local corpus, gaz
if kind == "entity" then
  corpus, gaz = cli.inputs(o, NAME)
  if not gaz:entity(value) then cli.die(NAME, "unknown entity '" .. value .. "'") end
else
  local msg
  corpus, msg = sahel.corpus.open(o.corpus or cli.data("datasets/sample"))
  if not corpus then cli.die(NAME, msg) end
end
local topts = { n = o.n, threads = o.threads, stem = o.stem, clitics = o.clitics,
                stopwords = o.stopwords ~= "none" and o.stopwords or nil }

-- count(source, by): a term table of source (a corpus or an array of articles); with
-- --clitics, a target strips toward the whole corpus's words (those of topts.clitics).
local function count(source, by)
  topts.by = by
  local ok, t, msg = pcall(sahel.terms.count, source, topts)
  if not ok or not t then cli.die(NAME, ok and msg or t) end
  return t
end
local whole = count(corpus)
if o.clitics then topts.clitics = whole end

-- entity_articles(): the articles mentioning the target entity.
local function entity_articles()
  local list = {}
  for a in corpus:articles() do
    for _, m in ipairs(gaz:mentions(a, { demonyms = o.demonyms })) do
      if m.entity == value then list[#list + 1] = a; break end
    end
  end
  return list
end

local rows, c_t, c_r
local kopts = { n = o.n, min_count = o.min_count }
if kind == "source" then
  kopts.slice = value
  rows, c_t, c_r = sahel.terms.keyness(count(corpus, "source"), nil, kopts)
else
  local target
  if kind == "entity" then
    target = count(entity_articles())
  else
    local ok, sub = pcall(corpus.filter, corpus, kind == "during" and { from = value, to = value }
      or { [kind] = value })
    if not ok then cli.die(NAME, sub) end
    target = count(sub)
  end
  kopts.nested = true
  rows, c_t, c_r = sahel.terms.keyness(target, whole, kopts)
end
if not rows then cli.die(NAME, o.target .. ": " .. tostring(c_t)) end

print(string.format("%s: %d words against %d words%s%s", o.target, c_t, c_r,
  o.stem and (", stemmed (" .. o.stem .. ")") or "", o.clitics and ", proclitics stripped" or ""))
print(string.format("%-30s %6s %6s %10s %8s", "term", "a", "b", "G2", "log2 r"))
for i, r in ipairs(rows) do
  if i > o.top then break end
  print(string.format("%-30s %6d %6d %10.2f %8.2f", r.term, r.a, r.b, r.g2, r.log_ratio))
end
local ok, msg = sahel.csv.write(o.out, rows,
  { columns = { "term", "n", "a", "b", "g2", "chi2", "log_ratio" } })
if not ok then cli.die(NAME, msg) end
