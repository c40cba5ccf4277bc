-- words_of.lua: the words of an entity: what is said in its sentences (or a window of words
-- around its mentions) that the rest of the corpus does not say, per period: "what is said
-- about Wagner, and how it changed from 2018 to 2024". Demonstrates sahel.terms.of_entity
-- (keyness G2, chi-square and log ratio of the entity's contexts against the rest of each
-- period, both counted in one threaded C pass) and sahel.csv.write.
--
--   sahelscript words_of.lua --entity wagner [--by year|month|source] [--context sentence|N]
--                            [--n 1|2|3] [--stopwords ar,en,fr|none] [--stem arabic]
--                            [--clitics] [--min-count N] [--top N] [--out words_of.csv]
local sahel = require "sahel"
local cli = require "sahel.cli"

local NAME = "words_of.lua"
local o = cli.options(arg, cli.spec {
  name = NAME, usage = "sahelscript words_of.lua --entity ID [options]",
  about = "Key words of an entity's sentences against the rest of the corpus, per period.",
  { name = "entity", arg = "ID", default = "wagner", help = "the entity (gazetteer id)" },
  { name = "by", arg = "PERIOD", choices = { "day", "week", "month", "year", "source" },
    help = "one list per period of the article date, or per source" },
  { name = "context", arg = "CONTEXT", default = "sentence",
    help = "sentence, or a number of words each side of each mention" },
  { name = "n", arg = "N", type = "int", min = 1, default = 1, help = "n-gram size (1 to 3)" },
  { name = "stopwords", arg = "LISTS", default = "ar,en,fr", help = "stopword lists or none" },
  { name = "stem", arg = "ALGOS", help = "stem terms with Snowball: arabic, or arabic,english ..." },
  { name = "clitics", help = "strip proclitics toward words seen whole in the corpus" },
  { name = "min-count", arg = "N", type = "int", min = 1, default = 2,
    help = "minimum count in the entity's contexts and the rest together" },
  { name = "top", arg = "N", type = "int", min = 1, default = 15, help = "terms per period" },
  { name = "out", arg = "CSV", type = "output", default = "words_of.csv",
    help = "the CSV file written" },
  { name = "threads", arg = "N", type = "int", min = 0, default = 0,
    help = "worker threads (0: every core; the figures do not depend on it)" },
  cli.ALLOW_EMPTY,
})
if o.n > 3 then cli.usage(NAME, "--n: 1, 2 or 3 expected") end
local context = o.context == "sentence" and "sentence" or math.tointeger(tonumber(o.context))
if not context or (context ~= "sentence" and (context < 1 or context > 1000)) then
  cli.usage(NAME, "--context: sentence or a number of words (1 to 1000) expected, got '"
    .. o.context .. "'")
end

local corpus, gaz = cli.inputs(o, NAME)
cli.entity(gaz, o.entity, NAME)
local ok, rows, target = pcall(sahel.terms.of_entity, corpus, gaz, o.entity, {
  by = o.by, context = context, n = o.n, min_count = o.min_count, top = o.top,
  stopwords = o.stopwords ~= "none" and o.stopwords or nil, stem = o.stem,
  clitics = o.clitics, demonyms = o.demonyms, threads = o.threads })
if not ok or not rows then cli.die(NAME, ok and target or rows) end
cli.require_articles(o, NAME, corpus:stats().articles, o.out)

print(string.format("%s: %d articles mention it; %d words in its %s", o.entity,
  target:info().articles, target:words(), context == "sentence" and "sentences"
  or ("windows of " .. context .. " words")))
local slice
for _, r in ipairs(rows) do
  if r.slice ~= slice then
    slice = r.slice
    print(string.format("%s%d words", slice ~= "" and (slice .. ": ") or "", target:words(slice)))
  end
  print(string.format("  %-30s %6d %6d %10.2f %8.2f", r.term, r.a, r.b, r.g2, r.log_ratio))
end
local columns = { "term", "n", "a", "b", "g2", "chi2", "log_ratio" }
if o.by then table.insert(columns, 1, "slice") end
local written, msg = sahel.csv.write(o.out, rows, { columns = columns })
if not written then cli.die(NAME, msg) end
