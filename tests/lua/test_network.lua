-- test_network.lua: co:network and the network measures of co:to_graphml: two groups of
-- entities that appear together, joined by one bridge sentence; the measures worked out by
-- hand; the same in GraphML's node attributes; the main job's network_nodes.csv.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local g = sahel.gazetteer.new()
for _, id in ipairs { "aa", "bb", "cc", "dd", "ee", "ff" } do
  assert(g:add { id = id, alias = id:upper(), type = "ORG", name = id })
end

-- Sentences: AA BB CC five times, DD EE FF five times, CC DD once: two triangles (counts
-- 5) joined by the bridge cc-dd (count 1).
local body = {}
for _ = 1, 5 do body[#body + 1] = "AA met BB and CC. DD met EE and FF." end
body[#body + 1] = "CC met DD."
local co = assert(sahel.cooc.build({ { id = "x", body = table.concat(body, " ") } }, g,
  { threads = 1 }))

local by_id = {}
for _, n in ipairs(assert(co:network())) do by_id[n.id] = n end

T.cases("measures worked out by hand", {
  { "aa", 2, 10, 0 }, { "cc", 3, 11, 6 }, { "dd", 3, 11, 6 }, { "ff", 2, 10, 0 },
}, function(row)
  local n = by_id[row[1]]
  T.eq({ n.degree, n.strength, n.betweenness }, { row[2], row[3], row[4] }, row[1])
end)

T.case("two communities, numbered from the largest, the first node's first", function()
  T.eq({ by_id.aa.community, by_id.bb.community, by_id.cc.community }, { 1, 1, 1 })
  T.eq({ by_id.dd.community, by_id.ee.community, by_id.ff.community }, { 2, 2, 2 })
end)

T.case("a selection: without the bridge, no path through cc", function()
  local nodes = assert(co:network { min_count = 2 })
  for _, n in ipairs(nodes) do if n.id == "cc" then T.eq(n.betweenness, 0) end end
end)

T.case("GraphML nodes carry the same measures", function()
  local path = T.tmpdir() .. "/n.graphml"
  assert(co:to_graphml(path, { network = true }))
  local xml = T.read(path)
  T.ok(xml:find('<key id="community" for="node" attr.name="community" attr.type="long"/>',
    1, true), "the community key")
  T.ok(xml:find('<node id="cc">.-<data key="degree">3</data><data key="strength">11</data>' ..
    '<data key="betweenness">6</data><data key="community">1</data></node>'), "cc's data")
  assert(co:to_graphml(path))
  T.ok(not T.read(path):find("community"), "without network = true: as before")
end)

T.case("analyze.lua writes network_nodes.csv", function()
  local out = T.tmpdir() .. "/out"
  local rc, _, err = T.sh(T.quote(T.bin) .. " analyze.lua --quiet --out " .. T.quote(out))
  T.eq(rc, 0, err)
  local csv = T.read(out .. "/network_nodes.csv") or ""
  T.ok(csv:find("^entity_id,type,name,mentions,degree,strength,betweenness,community\n"), csv)
  T.ok(csv:find("\nmali,GPE,Mali,%d+,%d+,%d+,[%d.]+,%d+\n"), csv:sub(1, 300))
  T.ok(T.read(out .. "/report.html"):find("community"), "the heatmap's order says so")
end)

T.done()
