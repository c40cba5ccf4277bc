--- sahel.report.sample: which KWIC lines the report shows for an entity: a sample spread
-- across sources and articles instead of the first lines in corpus order (which all come
-- from one article). Lines stream in (one pass, memory bounded by entities x sources x n):
-- each article gives at most one candidate per entity (its first mention there); each
-- (entity, source) keeps a reservoir of n candidates (Vitter's algorithm R, driven by a
-- seeded generator: the same corpus and seed give the same sample); at the end the sources
-- take turns, the most represented first, and the chosen lines are sorted by date.
local layout = require "sahel.report.layout"

local M = {}

local Sampler = {}
Sampler.__index = Sampler

--- new(opts): a sampler. opts.n: lines per entity (default 5); opts.seed (default 42);
-- opts.entities: a set {id = true} of the entities to sample (default: every entity).
function M.new(opts)
  opts = require("sahel.core").options(opts, { "n", "seed", "entities" }) or {}
  return setmetatable({ n = opts.n or 5, rnd = layout.rng(opts.seed or 42),
    entities = opts.entities, pools = {}, last = {} }, Sampler)
end

--- pool(s, entity, source): the reservoir of (entity, source), created empty.
local function pool(s, entity, source)
  local by_source = s.pools[entity]
  if not by_source then by_source = {}; s.pools[entity] = by_source end
  local p = by_source[source]
  if not p then p = { source = source, seen = 0, rows = {} }; by_source[source] = p end
  return p
end

--- s:add(row, article): offer one KWIC row {article_id, entity_id, left, match, right} of
-- article {id, date, source}; keeps a copy with `date` and `source` added when sampled.
function Sampler:add(row, article)
  local e = row.entity_id
  if self.entities and not self.entities[e] then return end
  if self.last[e] == article.id then return end
  self.last[e] = article.id
  local p = pool(self, e, article.source or "")
  p.seen = p.seen + 1
  local slot = p.seen
  if slot > self.n then
    slot = math.floor(self.rnd() * p.seen) + 1
    if slot > self.n then return end
  end
  p.rows[slot] = { article_id = row.article_id, entity_id = e, left = row.left,
    match = row.match, right = row.right, date = article.date, source = article.source }
end

--- by_date(a, b): the order of the lines shown: date (undated last), then article id.
local function by_date(a, b)
  local da, db = a.date or "\255", b.date or "\255"
  if da ~= db then return da < db end
  return tostring(a.article_id) < tostring(b.article_id)
end

--- pick(s, by_source): up to s.n lines from the reservoirs of one entity: one from each
-- source in turn (sources with more articles first, then by name), sorted by date.
local function pick(s, by_source)
  local pools = {}
  for _, p in pairs(by_source) do pools[#pools + 1] = p end
  table.sort(pools, function(a, b)
    if a.seen ~= b.seen then return a.seen > b.seen end
    return a.source < b.source
  end)
  local out, round = {}, 1
  while #out < s.n do
    local took = false
    for _, p in ipairs(pools) do
      if p.rows[round] and #out < s.n then out[#out + 1] = p.rows[round]; took = true end
    end
    if not took then break end
    round = round + 1
  end
  table.sort(out, by_date)
  return out
end

--- s:rows(): the sampled lines of every entity (entities in id order, each entity's lines
-- by date), each {article_id, entity_id, left, match, right, date, source}.
function Sampler:rows()
  local ids = {}
  for e in pairs(self.pools) do ids[#ids + 1] = e end
  table.sort(ids)
  local out = {}
  for _, e in ipairs(ids) do
    for _, r in ipairs(pick(self, self.pools[e])) do out[#out + 1] = r end
  end
  return out
end

return M
