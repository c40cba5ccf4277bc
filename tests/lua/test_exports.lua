-- test_exports.lua: the files of sahel.cooc: cooccurrence.csv (TEXT-SPEC §8) read back with
-- libcsv, the matrix, GraphML parsed back with a small XML reader (and xmllint when it is
-- installed), DOT rendered by Graphviz when `dot` is installed.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local gaz = sahel.gazetteer.new()
for _, r in ipairs {
  { id = "mali", alias = "Mali", type = "GPE", name = "مالي" },
  { id = "russia", alias = "Russia", type = "GPE", name = "=HYPERLINK(\"x\")" },
  { id = "algeria", alias = "Algeria", type = "GPE", name = "-Algeria, \"DZ\"" },
  { id = "acme", alias = "Acme", type = "ORG", name = "Tom & \"Jerry\" <x> 'y'\\" },
  { id = "niger", alias = "Niger", type = "GPE" },
} do assert(gaz:add(r)) end

local corpus = {
  { id = "1", date = "2025-07-28", body = "Mali and Russia. Mali, Algeria and Russia. Acme in Mali." },
  { id = "2", date = "2025-08-03", body = "Russia and Mali.\nAlgeria." },
  { id = "3", date = "2025-08-04", body = "Niger." },
}
local dir = T.tmpdir()

-- read_csv(path): header and rows (arrays) through sahel.csv.
local function read_csv(path)
  local rows = {}
  for r in sahel.csv.rows(path, { header = false }) do rows[#rows + 1] = r end
  return table.remove(rows, 1), rows
end

local LONG = { "entity_a", "entity_b", "name_a", "name_b", "count", "count_a", "count_b",
               "contexts", "pmi", "npmi", "dice", "jaccard", "llr" }
local MEASURES = { "pmi", "npmi", "dice", "jaccard", "llr" }

-- check_long(path, rows, with_period): the file holds exactly rows, in order.
local function check_long(path, rows, with_period)
  local header, got = read_csv(path)
  local want_header = { table.unpack(LONG) }
  if with_period then table.insert(want_header, 1, "period") end
  T.eq(header, want_header, "header")
  T.eq(#got, #rows, "rows")
  local off = with_period and 1 or 0
  for i, r in ipairs(rows) do
    local f = got[i]
    if with_period then T.eq(f[1], r.period, "period") end
    T.eq({ f[off + 1], f[off + 2] }, { r.a, r.b }, "ids")
    for k, name in ipairs { "count", "count_a", "count_b", "contexts" } do
      T.eq(math.tointeger(tonumber(f[off + 4 + k])), r[name], name)
    end
    for k, m in ipairs(MEASURES) do
      T.ok(f[off + 8 + k]:match("^%-?[%d.e+%-]+$"), "a plain number: " .. f[off + 8 + k])
      T.near(tonumber(f[off + 8 + k]), r[m], 5e-6, m)
    end
  end
  return got
end

T.case("cooccurrence.csv: schema, order, numbers, formula guard", function()
  local co = sahel.cooc.build(corpus, gaz)
  local path = dir .. "/cooc.csv"
  T.eq(co:to_csv(path), true, "written")
  local got = check_long(path, co:rows(), false)
  local names = {}
  for _, f in ipairs(got) do names[f[1]] = f[3]; names[f[2]] = f[4] end
  T.eq(names.mali, "مالي", "Arabic name")
  T.eq(names.russia, "'=HYPERLINK(\"x\")", "formula guard")
  T.eq(names.algeria, "'-Algeria, \"DZ\"", "guard and quoting")
  local text = T.read(path)
  T.ok(not text:find("\r", 1, true), "LF line ends")
  T.ok(text:find("\"'-Algeria, \"\"DZ\"\"\"", 1, true), "RFC 4180 quoting")
end)

T.case("cooccurrence.csv: period column, excel, selection", function()
  local co = sahel.cooc.build(corpus, gaz, { by = "month" })
  local path = dir .. "/month.csv"
  T.eq(co:to_csv(path), true)
  check_long(path, co:rows(), true)
  T.eq(co:to_csv(path, { excel = true }), true)
  local text = T.read(path)
  T.eq(text:sub(1, 3), "\239\187\191", "BOM")
  T.ok(text:find("llr\r\n", 1, true), "CRLF")
  T.eq(co:to_csv(path, { period = "2025-08" }), true)
  check_long(path, co:rows("2025-08"), true)
  local sel = co:select { min_count = 2 }
  T.eq(co:to_csv(path, { min_count = 2 }), true)
  check_long(path, sel, true)
  T.eq(co:to_csv(path, { sort = "npmi", top = 2 }), true)
  check_long(path, co:select { sort = "npmi", top = 2 }, true)
end)

T.case("matrix CSV: symmetric cells of any measure", function()
  local co = sahel.cooc.build(corpus, gaz, { by = "month" })
  local path = dir .. "/matrix.csv"
  T.eq(co:to_csv(path, { format = "matrix" }), true, "count matrix of the sums")
  local header, rows = read_csv(path)
  T.eq(header, { "entity", "acme", "algeria", "mali", "russia" }, "ids sorted")
  local total = co:collapse()
  for i, r in ipairs(rows) do
    T.eq(r[1], header[i + 1], "row id")
    for j = 2, #header do
      local want = i + 1 == j and "" or tostring(total:count(r[1], header[j]))
      T.eq(r[j], want, r[1] .. "/" .. header[j])
    end
  end
  T.eq(co:to_csv(path, { format = "matrix", measure = "npmi", period = "2025-07" }), true)
  header, rows = read_csv(path)
  local july = {}
  for _, p in ipairs(co:rows("2025-07")) do july[p.a .. "|" .. p.b] = p.npmi end
  for i, r in ipairs(rows) do
    for j = 2, #header do
      local a, b = r[1], header[j]
      local v = july[(a < b and a .. "|" .. b) or (b .. "|" .. a)]
      if v then T.near(tonumber(r[j]), v, 5e-6, a .. "/" .. b) else T.eq(r[j], "", a .. "/" .. b) end
    end
    T.eq(r[i + 1], "", "diagonal")
  end
  T.raises(function() co:to_csv(path, { format = "matrix", measure = "loudness" }) end, "measure")
  local ok, err = co:to_csv(dir .. "/no/such/dir/m.csv", { format = "matrix" })
  T.ok(not ok and err:find("no/such/dir", 1, true), "unwritable: " .. tostring(err))
end)

-- ---- a small XML reader: elements {name, attrs, children, text}; raises when malformed --

local ENTITIES = { amp = "&", lt = "<", gt = ">", quot = "\"", apos = "'" }

local function unescape(s)
  T.ok(not s:find("<", 1, true), "raw < in text")
  T.ok(not s:gsub("&#?%w+;", ""):find("&", 1, true), "raw & in text")
  return (s:gsub("&(#?)(%w+);", function(hash, name)
    if hash == "#" then return utf8.char(tonumber(name)) end
    return assert(ENTITIES[name], "unknown entity " .. name)
  end))
end

local function parse_tag(tag)
  local name, rest = tag:match("^([%w:_%.%-]+)(.-)/?$")
  assert(name, "bad tag <" .. tag .. ">")
  local attrs = {}
  local left = rest:gsub('%s+([%w:_%.%-]+)="([^"<]*)"', function(k, v)
    assert(attrs[k] == nil, "duplicate attribute " .. k)
    attrs[k] = unescape(v)
    return ""
  end)
  assert(left:match("^%s*$"), "bad attributes in <" .. tag .. ">")
  return { name = name, attrs = attrs, children = {}, text = "" }
end

local function parse_xml(s)
  local body = assert(s:match('^<%?xml version="1.0" encoding="UTF%-8"%?>\n(.*)$'), "declaration")
  local root = { children = {}, text = "" }
  local stack, pos = { root }, 1
  while true do
    local lt = body:find("<", pos, true)
    local top = stack[#stack]
    top.text = top.text .. unescape(body:sub(pos, (lt or #body + 1) - 1))
    if not lt then break end
    local gt = assert(body:find(">", lt, true), "unclosed tag")
    local tag = body:sub(lt + 1, gt - 1)
    if tag:sub(1, 1) == "/" then
      assert(top.name == tag:sub(2), "</" .. tag:sub(2) .. "> closes <" .. tostring(top.name) .. ">")
      stack[#stack] = nil
    else
      local el = parse_tag(tag)
      top.children[#top.children + 1] = el
      if tag:sub(-1) ~= "/" then stack[#stack + 1] = el end
    end
    pos = gt + 1
  end
  assert(#stack == 1 and #root.children == 1, "one root element, all closed")
  assert(root.text:match("^%s*$"), "text outside the root")
  return root.children[1]
end

local function children(el, name)
  local out = {}
  for _, c in ipairs(el.children) do if c.name == name then out[#out + 1] = c end end
  return out
end

-- load_graphml(path): keys by id, nodes by id, edges as arrays, with data typed by key.
local function load_graphml(path)
  local root = parse_xml(assert(T.read(path)))
  T.eq(root.name, "graphml", "root")
  T.eq(root.attrs.xmlns, "http://graphml.graphdrawing.org/xmlns", "namespace")
  local keys = {}
  for _, k in ipairs(children(root, "key")) do keys[k.attrs.id] = k.attrs end
  local graph = children(root, "graph")[1]
  T.eq(graph.attrs.edgedefault, "undirected", "undirected")
  local function data(el)
    local d = {}
    for _, x in ipairs(children(el, "data")) do
      local k = assert(keys[x.attrs.key], "undeclared key " .. x.attrs.key)
      T.eq(k["for"], el.name, "key domain of " .. x.attrs.key)
      d[k["attr.name"]] = k["attr.type"] == "string" and x.text or tonumber(x.text)
    end
    return d
  end
  local nodes, edges = {}, {}
  for _, n in ipairs(children(graph, "node")) do nodes[n.attrs.id] = data(n) end
  for _, e in ipairs(children(graph, "edge")) do
    local d = data(e)
    d.source, d.target = e.attrs.source, e.attrs.target
    T.ok(nodes[d.source] and nodes[d.target], "edge ends are nodes")
    edges[#edges + 1] = d
  end
  return keys, nodes, edges
end

T.cases("the XML reader refuses malformed documents", {
  { "<a><b></a>" }, { "<a>x & y</a>" }, { "<a x=\"1\" x=\"2\"/>" }, { "<a></a><b/>" },
  { "<a>" }, { "<a y=\"<\"/>" },
}, function(row)
  T.raises(function() parse_xml('<?xml version="1.0" encoding="UTF-8"?>\n' .. row[1]) end)
end)

T.case("GraphML: declared keys, escaped text, every measure, loads back", function()
  local co = sahel.cooc.build(corpus, gaz)
  local path = dir .. "/net.graphml"
  T.eq(co:to_graphml(path), true)
  local keys, nodes, edges = load_graphml(path)
  for _, k in ipairs { "type", "name", "mentions" } do T.eq(keys[k]["for"], "node", k) end
  for _, k in ipairs { "count", "count_a", "count_b", "contexts", "pmi", "npmi", "dice",
                       "jaccard", "llr" } do
    T.eq(keys[k]["for"], "edge", k)
  end
  T.eq(nodes.acme.name, "Tom & \"Jerry\" <x> 'y'\\", "escaped name read back")
  T.eq(nodes.mali.name, "مالي", "UTF-8 name")
  T.eq(nodes.mali.type, "GPE", "type")
  T.eq(nodes.mali.mentions, select(2, co:marginal("mali")), "mentions")
  T.eq(nodes.niger, nil, "no isolated node by default")
  local rows = co:rows()
  T.eq(#edges, #rows, "one edge per pair")
  for i, r in ipairs(rows) do
    local e = edges[i]
    T.eq({ e.source, e.target, e.count, e.count_a, e.count_b, e.contexts },
         { r.a, r.b, r.count, r.count_a, r.count_b, r.contexts }, "edge " .. i)
    for _, m in ipairs(MEASURES) do T.near(e[m], r[m], 5e-6, m) end
  end
  T.eq(co:to_graphml(path, { isolated = true, min_count = 2 }), true)
  keys, nodes, edges = load_graphml(path)
  T.ok(nodes.niger, "isolated = true adds entities without edges")
  T.eq(#edges, #co:select { min_count = 2 }, "threshold")
  local code = T.sh("command -v xmllint >/dev/null")
  if code == 0 then
    local rc, _, err = T.sh("xmllint --noout " .. T.quote(path))
    T.eq(rc, 0, "xmllint: " .. err)
  end
end)

T.case("GraphML of a sliced table: sums, or one period", function()
  local co = sahel.cooc.build(corpus, gaz, { by = "month" })
  local path = dir .. "/month.graphml"
  T.eq(co:to_graphml(path), true)
  local _, nodes, edges = load_graphml(path)
  T.eq(#edges, #co:collapse():rows(), "sums over the periods")
  T.eq(nodes.mali.mentions, select(2, co:marginal("mali")), "all mentions")
  T.eq(co:to_graphml(path, { period = "2025-08" }), true)
  _, nodes, edges = load_graphml(path)
  T.eq(#edges, #co:rows("2025-08"), "one period")
  T.eq(nodes.mali.mentions, select(2, co:marginal("mali", "2025-08")), "its mentions")
  T.eq(co:to_graphml(path, { top_per_node = 1 }), true, "top per node")
end)

T.case("DOT: Graphviz accepts it", function()
  local co = sahel.cooc.build(corpus, gaz)
  local path = dir .. "/net.dot"
  T.eq(co:to_dot(path), true)
  local text = T.read(path)
  T.ok(text:find('"acme" [label="Tom & \\"Jerry\\" <x> \'y\'\\\\"', 1, true), "quoted label")
  T.ok(text:find('"mali" -- "russia" [penwidth=8', 1, true), "the heaviest edge")
  local code = T.sh("command -v dot >/dev/null")
  if code ~= 0 then
    print("note: dot not installed; DOT syntax not checked by Graphviz")
    return
  end
  local rc, svg, err = T.sh("dot -Tsvg " .. T.quote(path))
  T.eq(rc, 0, "dot: " .. err)
  T.ok(svg:find("<svg", 1, true), "an SVG came out")
  T.ok(svg:find("مالي", 1, true), "labels in the drawing")
end)

T.case("exports leave no temporary files behind", function()
  local co = sahel.cooc.build(corpus, gaz)
  local sub = dir .. "/clean"
  os.execute("mkdir -p " .. T.quote(sub))
  co:to_csv(sub .. "/a.csv")
  co:to_csv(sub .. "/m.csv", { format = "matrix" })
  co:to_graphml(sub .. "/a.graphml")
  co:to_dot(sub .. "/a.dot")
  co:save(sub .. "/a.cooc")
  local _, out = T.sh("ls " .. T.quote(sub))
  T.eq(out, "a.cooc\na.csv\na.dot\na.graphml\nm.csv\n", "files")
end)

T.done()
