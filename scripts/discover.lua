-- discover.lua: the names a gazetteer does not know yet: persons, groups and places the
-- news talks about around titles (الرئيس, وزير الدفاع), group words (جماعة, حركة), place
-- words (مدينة, ولاية, في next to a known place), reporting verbs (قال, أعلن) and Latin
-- capitals. Demonstrates sahel.discover.candidates (a C pass over the corpus in worker
-- threads, then the policy in Lua) and an output directory replaced in one step.
--
--   sahelscript discover.lua --corpus C [--gazetteer G] --out DIR [--top N] [--cues CSV]
--
-- Writes DIR/candidates.csv (alias, type, count, articles, score, example, evidence; best
-- first) and DIR/candidates_gazetteer.csv, a draft in the gazetteer format to check, edit
-- and append to the gazetteer.
local sahel = require "sahel"
local cli = require "sahel.cli"
local discover = require "sahel.discover"

local NAME = "discover.lua"
local o = cli.options(arg, cli.spec {
  name = NAME, usage = "sahelscript discover.lua --corpus PATH [--gazetteer CSV] --out DIR",
  about = "Candidate names the gazetteer does not know (candidates.csv and a draft gazetteer).",
  { name = "out", arg = "DIR", type = "outdir", default = "discover",
    help = "output directory (candidates.csv, candidates_gazetteer.csv)" },
  { name = "top", arg = "N", type = "int", min = 0, default = 300,
    help = "candidates written (0: all)" },
  { name = "min-count", arg = "N", type = "int", min = 1, default = 2,
    help = "a candidate is seen after cues at least N times" },
  { name = "cues", arg = "CSV", type = "input",
    help = "the cue list (default: datasets/discover/cues.csv)" },
  { name = "max-words", arg = "N", type = "int", min = 1, default = 4,
    help = "words of a candidate at most (1 to 4)" },
  { name = "threads", arg = "N", type = "int", min = 0, default = 0,
    help = "worker threads (0: every core)" },
  { name = "show", arg = "N", type = "int", min = 0, default = 20,
    help = "candidates printed" },
  cli.ALLOW_EMPTY,
})
if o.max_words > 4 then cli.die(NAME, "--max-words: 1 to 4 expected") end

local corpus, gaz = cli.inputs(o, NAME)
local cues, msg = discover.load_cues(o.cues)
if not cues then cli.die(NAME, msg) end
local rows, info = discover.candidates(corpus, gaz, { cues = cues, top = o.top > 0 and o.top or nil,
  min_count = o.min_count, max_words = o.max_words, threads = o.threads })
if not rows then cli.die(NAME, info) end
cli.require_articles(o, NAME, info.articles, o.out)

local out, err = sahel.report.outdir(o.out)
if not out then cli.die(NAME, err) end
local ok, werr = discover.write(out, rows)
if not ok then out:abort(); cli.die(NAME, werr) end
ok, werr = out:commit()
if not ok then cli.die(NAME, werr) end

for i = 1, math.min(o.show, #rows) do
  local r = rows[i]
  print(string.format("%4d  %-5s %6d %8.2f  %s", i, r.type, r.count, r.score, r.alias))
end
print(string.format("%d articles, %d candidates written to %s/candidates.csv and "
  .. "candidates_gazetteer.csv", info.articles, #rows, o.out))
