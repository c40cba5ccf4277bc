-- terms.lua: term frequencies of a corpus, per period or per source. Demonstrates
-- sahel.terms.count (words and n-grams of 1-3 words in match form, TEXT-SPEC §9, counted in
-- C worker threads) and t:rows: count, articles and frequency per 10,000 words of each
-- slice, with the bundled Arabic, English and French stopword lists.
--
--   sahelscript terms.lua [--n 1|2|3] [--by day|week|month|year | --per source]
--                         [--stopwords ar,en,fr|none|FILE] [--min-count N] [--top N]
--                         [--out terms.csv] [--corpus PATH] [--threads N]
--                         [--stem arabic[,english|french]] [--clitics]
local sahel = require "sahel"
local cli = require "sahel.cli"

local NAME = "terms.lua"
local o = cli.options(arg, {
  name = NAME, usage = "sahelscript terms.lua [options]",
  about = "The most frequent words and n-grams, per corpus, period or source (terms.csv).",
  { name = "n", arg = "N", type = "int", min = 1, default = 1,
    help = "count n-grams of 1 up to N words (1 to 3)" },
  { name = "by", arg = "PERIOD", choices = { "day", "week", "month", "year" },
    help = "one slice per period of the article date" },
  { name = "per", arg = "source", choices = { "source" }, help = "one slice per source" },
  { name = "stopwords", arg = "LISTS", default = "ar,en,fr",
    help = "stopword lists (ar,en,fr), none, or a file of words, one a line" },
  { name = "min-count", arg = "N", type = "int", min = 1, default = 1, help = "minimum count" },
  { name = "top", arg = "N", type = "int", min = 0, default = 20,
    help = "terms per slice printed and written (0: all written)" },
  { name = "out", arg = "CSV", default = "terms.csv", help = "the CSV file written" },
  { name = "corpus", arg = "PATH", help = "a directory, file, glob or store (default: the "
      .. "bundled sample)" },
  { name = "threads", arg = "N", type = "int", min = 0, default = 0,
    help = "worker threads (0: every core)" },
  { name = "max-terms", arg = "N", type = "int", min = 1000,
    help = "distinct terms held per thread at most (default: 1000000 with --top; more "
      .. "passes over the corpus when they do not fit)" },
  { name = "stem", arg = "ALGOS", help = "stem terms with Snowball: arabic, or arabic,english ..." },
  { name = "clitics", help = "strip proclitics toward words seen whole in the corpus" },
})
if o.n > 3 then cli.die(NAME, "--n: 1, 2 or 3 expected") end
if o.by and o.per then cli.die(NAME, "--by and --per: one slicing at a time") end

-- stopwords(v): the stopwords option of sahel.terms.count for --stopwords v.
local function stopwords(v)
  if v == "none" then return nil end
  if v:match("^%a%a[,%a]*$") then return v end
  local words, f, err = {}, io.open(v, "r")
  local text = f and f:read("a")
  if f then err = select(2, f:read(0)) or (v .. ": not a readable file"); f:close() end
  if not text then cli.die(NAME, "--stopwords: " .. tostring(err)) end
  for line in text:gmatch("[^\n]+") do
    local w = line:match("^%s*(.-)%s*$")
    if w ~= "" and w:sub(1, 1) ~= "#" then words[#words + 1] = w end
  end
  return words
end

local corpus, msg = sahel.corpus.open(o.corpus or cli.data("datasets/sample"))
if not corpus then cli.die(NAME, msg) end
local ok, t
-- With --top N only the top N terms of each slice and size are kept: counted exactly in
-- bounded memory (more passes over the corpus when its terms do not fit --max-terms).
ok, t, msg = pcall(sahel.terms.count, corpus, { n = o.n, by = o.by or o.per,
  stopwords = stopwords(o.stopwords), threads = o.threads, stem = o.stem, clitics = o.clitics,
  top = o.top > 0 and o.top or nil, max_terms = o.max_terms })
if not ok or not t then cli.die(NAME, ok and msg or t) end
if o.stem or o.clitics then
  print(string.format("terms%s%s", o.stem and (" stemmed (" .. o.stem .. ")") or "",
    o.clitics and " with proclitics stripped" or ""))
end

local slicing = o.by and "period" or o.per and "source" or nil
local columns = { "term", "n", "count", "articles", "per_10k" }
if slicing then table.insert(columns, 1, slicing) end
local out = {}
for _, s in ipairs(t:slices()) do
  local rows = t:rows { slice = slicing and s or nil, min_count = o.min_count,
                       top = o.top > 0 and o.top or nil }
  print(string.format("%s%d words%s", slicing and (s .. ": ") or "", t:words(s),
    o.top == 0 and string.format(", %d terms", #rows) or ""))
  for i, r in ipairs(rows) do
    if i <= o.top then
      print(string.format("  %6d  %8.2f  %s", r.count, r.per_10k, r.term))
    end
    if i <= o.top or o.top == 0 then
      if slicing then r[slicing] = s end
      out[#out + 1] = r
    end
  end
end
ok, msg = sahel.csv.write(o.out, out, { columns = columns })
if not ok then cli.die(NAME, msg) end
