-- sources.lua: entity shares by newspaper (source). Demonstrates the per-article Lua
-- path: `for a in corpus:articles()` with gaz:mentions(a), counts kept in Lua tables, and
-- sahel.csv.write for the result (one row per source and entity, with its share of that
-- source's mentions).
--
--   sahelscript sources.lua [--top N] [--out sources.csv] [--corpus PATH] [--gazetteer CSV]
local sahel = require "sahel"
local cli = require "sahel.cli"

local o = cli.options(arg, cli.spec {
  name = "sources.lua", usage = "sahelscript sources.lua [options]",
  about = "Which entities each source mentions, and their share of its mentions.",
  { name = "top", arg = "N", type = "int", min = 1, default = 5, help = "entities per source" },
  { name = "out", arg = "CSV", type = "output", help = "also write every source and entity to this CSV file" },
  cli.ALLOW_EMPTY,
})
local corpus, gaz = cli.inputs(o, "sources.lua")

-- counts[source][entity] = mentions; totals[source] = all its mentions.
local counts, totals, articles = {}, {}, {}
for a in corpus:articles() do
  local source = a.source or "(unknown)"
  counts[source] = counts[source] or {}
  articles[source] = (articles[source] or 0) + 1
  for _, m in ipairs(gaz:mentions(a, { demonyms = o.demonyms })) do
    counts[source][m.entity] = (counts[source][m.entity] or 0) + 1
    totals[source] = (totals[source] or 0) + 1
  end
end

local sources, rows = {}, {}
for source in pairs(counts) do sources[#sources + 1] = source end
table.sort(sources)
for _, source in ipairs(sources) do
  local list = {}
  for entity, n in pairs(counts[source]) do
    list[#list + 1] = { source = source, entity_id = entity, mentions = n,
                        share = n / totals[source] }
  end
  table.sort(list, function(x, y)
    return x.mentions > y.mentions or (x.mentions == y.mentions and x.entity_id < y.entity_id)
  end)
  print(string.format("%s: %d articles, %d mentions", source, articles[source],
    totals[source] or 0))
  for i, r in ipairs(list) do
    rows[#rows + 1] = r
    if i <= o.top then
      print(string.format("  %5.1f%%  %4d  %s", 100 * r.share, r.mentions, r.entity_id))
    end
  end
end
if o.out then
  cli.require_articles(o, "sources.lua", corpus:stats().articles, o.out .. " is")
  assert(sahel.csv.write(o.out, rows, { columns = { "source", "entity_id", "mentions", "share" } }))
end
