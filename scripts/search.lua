-- search.lua: full-text search over a store. Demonstrates sahel.store (articles and
-- mentions in SQLite), the Arabic-aware FTS5 tokenizer `sahel` (match forms and proclitics:
-- a query for الجزائر finds بالجزائر and للجزائر), db:search (bm25 ranking, snippets) and
-- db:search_count (how many match in all).
--
--   sahelscript search.lua [--db out/sahel.sqlite] [--query "الجزائر"] [--limit 10]
-- Without --db, the corpus (--corpus, default the bundled sample) is ingested into a
-- temporary store first.
local sahel = require "sahel"
local cli = require "sahel.cli"
local store = sahel.store or require "sahel.store"

local o = cli.options(arg, {
  name = "search.lua", usage = "sahelscript search.lua [options]",
  about = "Ranked full-text search of a store's articles (analyze.lua's sahel.sqlite), or of\n"
    .. "a corpus read into a temporary store.",
  { name = "db", arg = "SQLITE", type = "input",
    help = "the store to search (e.g. analyze.lua's out/sahel.sqlite)" },
  { name = "store", alias_of = "db" },
  { name = "corpus", arg = "PATH", type = "input",
    help = "search this corpus instead of a store (default: the bundled sample)" },
  { name = "query", arg = "WORDS", default = "الجزائر", help = "all these words",
    check = function(v)
      if v:find("%S") then return v end
      return nil, "--query: words to search for expected, got '" .. v .. "'"
    end },
  { name = "limit", arg = "N", type = "int", min = 1, default = 10, help = "results shown" },
})
if o.db and o.corpus then cli.usage("search.lua", "--db and --corpus: give one of them") end

local path, tmp = o.db, nil
if not path then
  local corpus = sahel.corpus.open(o.corpus or cli.data("datasets/sample"))
  tmp = os.tmpname()
  path = tmp
  local stats, msg = store.ingest(path, corpus, nil)
  if not stats then os.remove(tmp); cli.die("search.lua", msg) end
end
-- writable: a store written without a full-text index gets one on its first search
local db, msg = store.open(path)
if not db then cli.die("search.lua", msg) end

local total, hits
hits, msg = db:search(o.query, { limit = o.limit })
if hits then total, msg = db:search_count(o.query) end
if not total then hits = nil end
if not hits then
  db:close()
  if tmp then os.remove(tmp) end
  cli.die("search.lua", msg)
end
print(string.format("%d article%s match %q%s", total, total == 1 and "" or "s", o.query,
  #hits < total and string.format(" (the best %d shown)", #hits) or ""))
for i, h in ipairs(hits) do
  print(string.format("%2d. %7.3g  %s  %s  %s", i, h.score, h.date or "????-??-??", h.id,
    h.title or ""))
  print("      " .. (h.snippet or ""):gsub("\n", " "))
end
db:close()
if tmp then os.remove(tmp) end
