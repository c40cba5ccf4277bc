-- kwic.lua: keyword-in-context lines for one entity: every mention with the words around
-- it. Demonstrates sahel.kwic (RTL-safe fields, a fixed number of words each side) and
-- sahel.csv.writer with the --excel preset (UTF-8 BOM, CRLF) for spreadsheets.
--
--   sahelscript kwic.lua --entity wagner [--width 6] [--limit 20] [--out kwic.csv] [--excel]
local sahel = require "sahel"
local cli = require "sahel.cli"

local o = cli.options(arg, cli.spec {
  name = "kwic.lua", usage = "sahelscript kwic.lua --entity ID [options]",
  about = "Keyword-in-context lines of one entity's mentions.",
  { name = "entity", arg = "ID", default = "wagner", help = "the entity (gazetteer id)" },
  { name = "width", arg = "N", type = "int", min = 0, default = 6, help = "words each side" },
  { name = "limit", arg = "N", type = "int", min = 1, default = 20, help = "lines at most" },
  { name = "out", arg = "CSV", type = "output", help = "also write the lines to this CSV file" },
  { name = "excel", help = "CSV for Excel (BOM, CRLF)" },
  cli.ALLOW_EMPTY,
})
local corpus, gaz = cli.inputs(o, "kwic.lua")
cli.entity(gaz, o.entity, "kwic.lua")

local kwic = sahel.kwic or sahel.gazetteer.kwic
local rows = kwic(corpus, gaz, { entity = o.entity, width = o.width, limit = o.limit,
                                 demonyms = o.demonyms })
for _, r in ipairs(rows) do
  print(string.format("%-24s %s [%s] %s", r.article_id, r.left, r.match, r.right))
end
print(string.format("%d lines", #rows))
if o.out then
  cli.require_articles(o, "kwic.lua", corpus:stats().articles, o.out .. " is")
  local w = assert(sahel.csv.writer(o.out, { excel = o.excel,
    columns = { "article_id", "entity_id", "left", "match", "right" } }))
  for _, r in ipairs(rows) do w:write(r) end
  assert(w:close())
end
