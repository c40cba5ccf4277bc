-- timeline.lua: mentions per period per entity. Demonstrates sahel.cooc.build with `by`
-- (one table per month, year or ISO week), co:periods() and co:marginal(id, period), and
-- writing a wide table with sahel.csv.write.
--
--   sahelscript timeline.lua [--by month|year|week] [--top N] [--entity mali,russia]
--                            [--out timeline.csv] [--corpus PATH] [--gazetteer CSV]
local sahel = require "sahel"
local cli = require "sahel.cli"

local o = cli.options(arg, cli.spec {
  name = "timeline.lua", usage = "sahelscript timeline.lua [options]",
  about = "Mentions per period of the most mentioned entities (or of --entity).",
  { name = "by", arg = "PERIOD", choices = { "month", "year", "week" }, default = "year",
    help = "the period" },
  { name = "top", arg = "N", type = "int", min = 1, default = 6, help = "entities shown" },
  { name = "entity", arg = "IDS", help = "these entities (comma-separated ids)" },
  { name = "out", arg = "CSV", type = "output", help = "also write the table to this CSV file" },
  cli.ALLOW_EMPTY,
})
local corpus, gaz = cli.inputs(o, "timeline.lua")

local co = assert(sahel.cooc.build(corpus, gaz, { by = o.by, demonyms = o.demonyms }))

-- The entities: --entity, or the most mentioned ones.
local ids = {}
if o.entity then
  for id in o.entity:gmatch("[^,]+") do ids[#ids + 1] = cli.entity(gaz, id, "timeline.lua") end
else
  local totals = {}
  for _, e in ipairs(co:entities()) do
    if e.mentions > 0 then totals[#totals + 1] = { id = e.id, n = e.mentions } end
  end
  table.sort(totals, function(a, b) return a.n > b.n or (a.n == b.n and a.id < b.id) end)
  for i = 1, math.min(o.top, #totals) do ids[i] = totals[i].id end
end

-- One row per period, one column per entity: its mentions in that period.
local rows = {}
for _, period in ipairs(co:periods()) do
  local row = { period = period }
  for _, id in ipairs(ids) do row[id] = select(2, co:marginal(id, period)) end
  rows[#rows + 1] = row
end

local columns = { "period", table.unpack(ids) }
print(table.concat(columns, "\t"))
for _, row in ipairs(rows) do
  local cells = {}
  for i, c in ipairs(columns) do cells[i] = tostring(row[c]) end
  print(table.concat(cells, "\t"))
end
if o.out then
  cli.require_articles(o, "timeline.lua", corpus:stats().articles, o.out .. " is")
  assert(sahel.csv.write(o.out, rows, { columns = columns }))
end
