-- custom_report.lua: your own table from the main job's result. Demonstrates SQL over
-- sahel.sqlite (written by analyze.lua: articles, mentions, entities, pairs, cooccurrence,
-- kwic) with sahel.db, and sahel.csv.writer for the result: here, mentions of the top
-- entities per source and year, with the number of articles behind them.
--
--   sahelscript analyze.lua --out out/ && sahelscript custom_report.lua --db out/sahel.sqlite
local sahel = require "sahel"
local cli = require "sahel.cli"

local o = cli.options(arg, {
  name = "custom_report.lua", usage = "sahelscript custom_report.lua [options]",
  about = "Mentions of the top entities per source and year, from analyze.lua's store.",
  { name = "db", arg = "SQLITE", type = "input", default = "out/sahel.sqlite", help = "analyze.lua's store" },
  { name = "top", arg = "N", type = "int", min = 1, default = 10, help = "entities" },
  { name = "out", arg = "CSV", type = "output", default = "custom_report.csv", help = "the CSV to write" },
  cli.ALLOW_EMPTY,
})

local db, msg = sahel.db.open(o.db, { readonly = true })
if not db then cli.die("custom_report.lua", msg .. " (run analyze.lua first)") end
local probed, _, why = pcall(db.first, db, "SELECT 1 FROM mentions, articles, entities LIMIT 1")
if not probed or why then
  cli.die("custom_report.lua", o.db .. ": not a store written by analyze.lua")
end

local SQL = [[
WITH top AS (
  SELECT entity_id, count(*) AS n FROM mentions GROUP BY entity_id
  ORDER BY n DESC, entity_id LIMIT ?1)
SELECT e.name AS entity, a.source AS source, substr(a.date, 1, 4) AS year,
       count(*) AS mentions, count(DISTINCT a.id) AS articles
FROM mentions m
JOIN top ON top.entity_id = m.entity_id
JOIN entities e ON e.id = m.entity_id
JOIN articles a ON a.id = m.article_id
GROUP BY m.entity_id, a.source, year
ORDER BY top.n DESC, m.entity_id, a.source, year]]

cli.require_articles(o, "custom_report.lua", db:first("SELECT count(*) AS n FROM articles").n,
  o.out .. " is", o.db)
local w
w, msg = sahel.csv.writer(o.out, { columns = { "entity", "source", "year", "mentions",
                                              "articles" } })
if not w then cli.die("custom_report.lua", msg) end
local n = 0
local ok, e = pcall(function()
  for row in db:rows(SQL, o.top) do
    w:write(row)
    n = n + 1
  end
end)
db:close()
if not ok then
  w:abort()
  cli.die("custom_report.lua", tostring(e))
end
ok, msg = w:close()
if not ok then cli.die("custom_report.lua", msg) end
print(string.format("%d rows written to %s", n, o.out))
