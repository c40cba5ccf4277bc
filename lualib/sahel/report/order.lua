--- sahel.report.order: the order of the heatmap's rows and columns. One function,
-- `clusters`, is the report's default; another ordering (network communities...) replaces it
-- through sahel.report.html's opts.order: a function(entities, npmi) returning the entities
-- reordered and the key of the sentence (sahel.report.labels) that tells the reader how.
local M = {}

--- distance(npmi, a, b): 1 - NPMI of the pair (0 .. 2); a pair never seen together counts
-- as NPMI -1 (2, the farthest).
local function distance(npmi, a, b)
  local v = npmi(a, b)
  if v == nil or v ~= v then return 2 end
  return 1 - math.max(-1, math.min(1, v))
end

--- linkage(d, x, y): the average distance between the members of clusters x and y.
local function linkage(d, x, y)
  local sum = 0
  for _, i in ipairs(x) do
    for _, j in ipairs(y) do sum = sum + d[i][j] end
  end
  return sum / (#x * #y)
end

--- closest(d, clusters): the indexes p < q of the two clusters with the smallest average
-- distance (the first such pair in index order: deterministic on ties).
local function closest(d, clusters)
  local best, bp, bq = math.huge, 1, 2
  for p = 1, #clusters do
    for q = p + 1, #clusters do
      local l = linkage(d, clusters[p], clusters[q])
      if l < best - 1e-12 then best, bp, bq = l, p, q end
    end
  end
  return bp, bq
end

--- reversed(list): a reversed copy of list.
local function reversed(list)
  local out = {}
  for i = #list, 1, -1 do out[#out + 1] = list[i] end
  return out
end

--- join(d, x, y): the leaves of x then y, each turned so that the two leaves that meet are
-- the closest of the four choices (a flip of a subtree keeps it a valid dendrogram order);
-- on ties, x and y as they are.
local function join(d, x, y)
  local best, bx, by = math.huge, x, y
  for _, xs in ipairs({ x, reversed(x) }) do
    for _, ys in ipairs({ y, reversed(y) }) do
      local l = d[xs[#xs]][ys[1]]
      if l < best - 1e-12 then best, bx, by = l, xs, ys end
    end
  end
  local out = {}
  for _, i in ipairs(bx) do out[#out + 1] = i end
  for _, i in ipairs(by) do out[#out + 1] = i end
  return out
end

--- clusters(entities, npmi): the entities {id, ...} in the leaf order of an average-linkage
-- hierarchical clustering on 1 - NPMI (npmi(a_id, b_id) -> value or nil), each merge turned
-- so that neighbours are similar; ties keep the given order (the most mentioned first), so
-- the order is deterministic. Returns the ordered entities and "order_clusters".
function M.clusters(entities, npmi)
  local n, d = #entities, {}
  for i = 1, n do
    d[i] = {}
    for j = 1, n do
      d[i][j] = i == j and 0 or distance(npmi, entities[i].id, entities[j].id)
    end
  end
  local list = {}
  for i = 1, n do list[i] = { i } end
  while #list > 1 do
    local p, q = closest(d, list)
    list[p] = join(d, list[p], list[q])
    table.remove(list, q)
  end
  local out = {}
  for k, i in ipairs(list[1] or {}) do out[k] = entities[i] end
  return out, "order_clusters"
end

--- communities(entities, npmi): the entities grouped by their `community` (the network's,
-- co:network: 1 = the largest; entities without one last), each group in the order of
-- M.clusters. Returns the ordered entities and "order_communities"; M.clusters' order
-- when no entity has a community.
function M.communities(entities, npmi)
  local groups, keys = {}, {}
  for _, e in ipairs(entities) do
    local k = e.community or math.huge
    if not groups[k] then groups[k] = {}; keys[#keys + 1] = k end
    table.insert(groups[k], e)
  end
  if #keys == 1 and keys[1] == math.huge then return M.clusters(entities, npmi) end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do
    for _, e in ipairs((M.clusters(groups[k], npmi))) do out[#out + 1] = e end
  end
  return out, "order_communities"
end

return M
