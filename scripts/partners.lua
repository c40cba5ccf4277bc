-- partners.lua: one entity's strongest partners, with every measure (count, PMI, NPMI,
-- Dice, Jaccard, log-likelihood G2). Demonstrates co:select{entity = ..., sort = ...},
-- co:marginal and co:contexts: the numbers behind each measure (TEXT-SPEC §7).
--
--   sahelscript partners.lua --entity mali [--context sentence|paragraph|article|N]
--                            [--sort count|pmi|npmi|dice|jaccard|llr] [--min-count N] [--top N]
local sahel = require "sahel"
local cli = require "sahel.cli"

local o = cli.options(arg, cli.spec {
  name = "partners.lua", usage = "sahelscript partners.lua --entity ID [options]",
  about = "The entities seen most with one entity, with every association measure.",
  { name = "entity", arg = "ID", default = "mali", help = "the entity (gazetteer id)" },
  { name = "context", arg = "UNIT", default = "sentence",
    help = "sentence, paragraph, article or N words",
    check = cli.context },
  { name = "sort", arg = "MEASURE", default = "count",
    choices = { "count", "pmi", "npmi", "dice", "jaccard", "llr" }, help = "order" },
  { name = "min-count", arg = "N", type = "int", min = 1, default = 1, help = "minimum count" },
  { name = "top", arg = "N", type = "int", min = 1, default = 15, help = "partners shown" },
})
local corpus, gaz = cli.inputs(o, "partners.lua")
cli.entity(gaz, o.entity, "partners.lua")

local co = assert(sahel.cooc.build(corpus, gaz, { context = o.context, demonyms = o.demonyms }))
local n_a, mentions = co:marginal(o.entity)
print(string.format("%s: %d mentions, in %d of %d contexts (%s)", o.entity, mentions, n_a,
  co:contexts(), tostring(o.context)))
print(string.format("%-28s %6s %6s %8s %7s %6s %7s %8s", "partner", "count", "n_b", "pmi",
  "npmi", "dice", "jaccard", "llr"))
for p in co:pairs { entity = o.entity, min_count = o.min_count, sort = o.sort, top = o.top } do
  local other = p.a == o.entity and p.name_b or p.name_a
  local n_b = p.a == o.entity and p.count_b or p.count_a
  print(string.format("%-28s %6d %6d %8.3f %7.3f %6.3f %7.3f %8.2f", other, p.count, n_b,
    p.pmi, p.npmi, p.dice, p.jaccard, p.llr))
end
