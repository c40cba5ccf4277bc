-- search.lua: full-text search over a store. Demonstrates sahel.store (articles and
-- mentions in SQLite), the Arabic-aware FTS5 tokenizer `sahel` (match forms and proclitics:
-- a query for الجزائر finds بالجزائر and للجزائر) and db:search (bm25 ranking, snippets).
--
--   sahelscript search.lua [--store out/sahel.sqlite] [--query "الجزائر"] [--limit 10]
-- Without --store, the corpus (--corpus, default the bundled sample) is ingested into a
-- temporary store first.
local sahel = require "sahel"
local cli = require "sahel.cli"
local store = sahel.store or require "sahel.store"

local o = cli.options(arg, cli.spec {
  name = "search.lua", usage = "sahelscript search.lua [options]",
  about = "Ranked full-text search of a store's articles.",
  { name = "store", arg = "SQLITE", help = "a store (e.g. analyze.lua's out/sahel.sqlite)" },
  { name = "query", arg = "WORDS", default = "الجزائر", help = "all these words" },
  { name = "limit", arg = "N", type = "int", min = 1, default = 10, help = "results at most" },
})

local path, tmp = o.store, nil
if not path then
  local corpus, gaz = cli.inputs(o, "search.lua")
  tmp = os.tmpname()
  path = tmp
  local stats, msg = store.ingest(path, corpus, gaz)
  if not stats then cli.die("search.lua", msg) end
end
-- writable: a store written without a full-text index gets one on its first search
local db, msg = store.open(path)
if not db then cli.die("search.lua", msg) end

local hits = assert(db:search(o.query, { limit = o.limit }))
print(string.format("%d articles match %q", #hits, o.query))
for i, h in ipairs(hits) do
  print(string.format("%2d. %7.3g  %s  %s  %s", i, h.score, h.date or "????-??-??", h.id,
    h.title or ""))
  print("      " .. (h.snippet or ""):gsub("\n", " "))
end
db:close()
if tmp then os.remove(tmp) end
