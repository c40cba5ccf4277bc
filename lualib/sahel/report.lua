--- sahel.report: report.html, one self-contained page (no network, no external script or
-- style) that shows an analysis: corpus summary, top entities by type, an NPMI heatmap, the
-- network of the strongest pairs, mentions per period and a KWIC sample per entity.
-- The page is built from a plain data table (see docs/api.md `sahel.report.html`), so a
-- custom script can fill it from anything: the main job's results, or a sahel.sqlite file.
local H = require "sahel.report.html"
local S = require "sahel.report.svg"
local outdir = require "sahel.report.outdir"

local M = {}

--- Defaults of the page's selections (each can be set in opts).
M.defaults = { bars = 10, heatmap = 15, edges = 40, table = 20, series = 8, kwic = 5, seed = 42,
               title = "Sahel news: entities and co-occurrences" }

--- by_mentions(a, b): the order of entities: mentions desc, then id.
local function by_mentions(a, b)
  if a.mentions ~= b.mentions then return a.mentions > b.mentions end
  return a.id < b.id
end

--- top(list, n, field, less): the first n records of list that have field > 0, in the
-- order of less.
local function top(list, n, field, less)
  local all = {}
  for _, r in ipairs(list or {}) do
    if (r[field] or 0) > 0 then all[#all + 1] = r end
  end
  table.sort(all, less)
  local out = {}
  for i = 1, math.min(n, #all) do out[i] = all[i] end
  return out
end

--- top_entities(data, n): the n entities with the most mentions (at least one).
local function top_entities(data, n)
  return top(data.entities, n, "mentions", by_mentions)
end

--- entity_index(data): entity id -> entity record.
local function entity_index(data)
  local idx = {}
  for _, e in ipairs(data.entities or {}) do idx[e.id] = e end
  return idx
end

--- display(e, id): the name shown for entity record e (or the bare id when unknown).
local function display(e, id) return e and (e.name or e.id) or id end

--- section(id, title, intro, body): one <section> of the page.
local function section(id, title, intro, ...)
  return H.el("section", { id = id }, H.el("h2", nil, H.escape(title)),
    intro and H.el("p", { class = "intro" }, H.escape(intro)) or "", ...)
end

--- summary_section(data): the corpus summary as a definition list (data.summary is an array
-- of {label, value} or a table of the known keys below).
local SUMMARY_KEYS = {
  { "articles", "Articles" }, { "sources", "Sources" }, { "date_from", "First date" },
  { "date_to", "Last date" }, { "undated", "Articles without a date" },
  { "paragraphs", "Paragraphs" }, { "sentences", "Sentences" }, { "tokens", "Tokens" },
  { "mentions", "Entity mentions" }, { "entities", "Entities mentioned" },
  { "pairs", "Co-occurring pairs" }, { "context", "Context" }, { "by", "Periods" },
  { "corpus", "Corpus" }, { "gazetteer", "Gazetteer" },
}
local function summary_section(data)
  local s, items = data.summary or {}, {}
  local rows = s[1] and s or {}
  if not s[1] then
    for _, k in ipairs(SUMMARY_KEYS) do
      if s[k[1]] ~= nil then rows[#rows + 1] = { k[2], s[k[1]] } end
    end
  end
  for _, r in ipairs(rows) do
    local v = type(r[2]) == "number" and H.num(r[2]) or r[2]
    items[#items + 1] = H.el("div", nil, H.el("dt", nil, H.escape(r[1])), H.text("dd", v))
  end
  return section("summary", "Corpus", nil, H.el("dl", { class = "summary" }, items))
end

--- bars_section(data, n): one bar chart per entity type, its n most mentioned entities.
local function bars_section(data, n)
  local types, by_type = {}, {}
  for _, e in ipairs(top_entities(data, math.huge)) do
    local t = e.type or "MISC"
    if not by_type[t] then by_type[t] = {}; types[#types + 1] = t end
    local list = by_type[t]
    if #list < n then
      list[#list + 1] = { id = e.id, name = display(e), value = e.mentions, type = t }
    end
  end
  local panels = {}
  for _, t in ipairs(types) do
    panels[#panels + 1] = H.el("figure", { class = "panel" },
      S.bars(t, by_type[t], { colour = S.type_colour(t) }))
  end
  return section("entities", "Top entities by type",
    string.format("Mentions of the %d most mentioned entities of each type.", n),
    H.el("div", { class = "panels" }, panels))
end

--- pair_index(data): "a\0b" (both orders) -> pair record, for the whole-corpus pairs.
local function pair_index(data)
  local idx = {}
  for _, p in ipairs(data.pairs or {}) do
    idx[p.a .. "\0" .. p.b], idx[p.b .. "\0" .. p.a] = p, p
  end
  return idx
end

--- heatmap_section(data, n): NPMI between the n most mentioned entities.
local function heatmap_section(data, n)
  local top, pairs = top_entities(data, n), pair_index(data)
  local list = {}
  for i, e in ipairs(top) do list[i] = { id = e.id, name = display(e) } end
  local chart = S.heatmap(list, function(a, b)
    local p = pairs[a .. "\0" .. b]
    return p and (p.count or 0) > 0 and p.npmi or nil
  end)
  return section("heatmap", "Association between the top entities (NPMI)",
    "Normalized PMI of each pair of the most mentioned entities: red = together more " ..
    "often than chance, blue = less often, grey = never together.",
    H.el("figure", { class = "panel" }, chart))
end

--- by_strength(a, b): the order of pairs: count desc, npmi desc, ids.
local function by_strength(a, b)
  if a.count ~= b.count then return a.count > b.count end
  if (a.npmi or 0) ~= (b.npmi or 0) then return (a.npmi or 0) > (b.npmi or 0) end
  if a.a ~= b.a then return a.a < b.a end
  return a.b < b.b
end

--- strongest(data, n): the n pairs with the highest counts.
function M.strongest(data, n)
  return top(data.pairs, n, "count", by_strength)
end

--- network_section(data, n, seed): the network of the n strongest pairs.
local function network_section(data, n, seed)
  local ents, edges, nodes, seen = entity_index(data), {}, {}, {}
  for _, p in ipairs(M.strongest(data, n)) do
    for _, id in ipairs({ p.a, p.b }) do
      if not seen[id] then
        seen[id] = true
        local e = ents[id]
        nodes[#nodes + 1] = { id = id, name = display(e, id), type = e and e.type,
                              value = e and e.mentions or p.count }
      end
    end
    edges[#edges + 1] = { a = p.a, b = p.b, count = p.count, name_a = display(ents[p.a], p.a),
                          name_b = display(ents[p.b], p.b) }
  end
  table.sort(nodes, function(x, y) return x.id < y.id end)
  return section("network", "Network of the strongest pairs",
    string.format("The %d pairs seen together most often; node size: mentions, edge " ..
      "width: co-occurrences. Layout computed by the toolkit (seed %d).", #edges, seed),
    H.el("figure", { class = "panel" }, S.network(nodes, edges, { seed = seed })))
end

--- weeks_in(y): 52 or 53, the ISO 8601 weeks of year y (53 when it starts on a Thursday,
-- or on a Wednesday in a leap year).
local function weeks_in(y)
  local function jan1(yy)      -- day of week of 1 January, 0 = Sunday (Gauss)
    local c = yy - 1
    return (1 + 5 * (c % 4) + 4 * (c % 100) + 6 * (c % 400)) % 7
  end
  local leap = (y % 4 == 0 and y % 100 ~= 0) or y % 400 == 0
  return (jan1(y) == 4 or (leap and jan1(y) == 3)) and 53 or 52
end

--- PERIOD_KINDS: how to step each kind of period label to the next one.
local PERIOD_KINDS = {
  { "^(%d%d%d%d)$", function(y) return string.format("%04d", y + 1) end },
  { "^(%d%d%d%d)%-(%d%d)$", function(y, m)
      return m == 12 and string.format("%04d-01", y + 1) or string.format("%04d-%02d", y, m + 1)
    end },
  { "^(%d%d%d%d)%-W(%d%d)$", function(y, w)
      return w >= weeks_in(y) and string.format("%04d-W01", y + 1) or
        string.format("%04d-W%02d", y, w + 1)
    end },
}

--- fill_periods(periods): the sorted periods with the missing ones in between added (so
-- that the x axis is regular), when they are all years, months or ISO weeks.
function M.fill_periods(periods)
  if #periods < 2 then return periods end
  for _, kind in ipairs(PERIOD_KINDS) do
    local all = true
    for _, p in ipairs(periods) do all = all and p:find(kind[1]) ~= nil end
    if all then
      local out, p = { periods[1] }, periods[1]
      while p < periods[#periods] and #out < 10000 do
        local a, b = p:match(kind[1])
        p = kind[2](tonumber(a), tonumber(b))
        out[#out + 1] = p
      end
      return out
    end
  end
  return periods
end

--- timeline_section(data, n): mentions per period of the n most mentioned entities.
local function timeline_section(data, n)
  local top, periods, seen, series, undated = top_entities(data, n), {}, {}, {}, 0
  local wanted = {}
  for i, e in ipairs(top) do
    series[i] = { id = e.id, name = display(e), values = {} }
    wanted[e.id] = series[i]
  end
  for _, r in ipairs(data.timeline or {}) do
    local s = wanted[r.entity]
    if r.period == "unknown" or r.period == nil then
      if s then undated = undated + r.mentions end
    elseif s then
      s.values[r.period] = (s.values[r.period] or 0) + r.mentions
      if not seen[r.period] then seen[r.period] = true; periods[#periods + 1] = r.period end
    end
  end
  table.sort(periods)
  periods = M.fill_periods(periods)
  local note = undated > 0 and string.format(" %d mentions in articles without a date are " ..
    "not shown.", undated) or ""
  return section("timeline", "Mentions per " .. (data.period_name or "period"),
    "Mentions of the most mentioned entities in each period." .. note,
    H.el("figure", { class = "panel" }, S.timeline(periods, series)))
end

--- kwic_section(data, n, rows): up to `rows` KWIC lines for each of the n top entities.
local function kwic_section(data, n, rows)
  local by_entity = {}
  for _, r in ipairs(data.kwic or {}) do
    local list = by_entity[r.entity_id] or {}
    by_entity[r.entity_id] = list
    if #list < rows then list[#list + 1] = r end
  end
  local parts = {}
  for _, e in ipairs(top_entities(data, n)) do
    local lines = {}
    for _, r in ipairs(by_entity[e.id] or {}) do
      local text = table.concat({ r.left or "", r.match or "", r.right or "" }, " ")
      lines[#lines + 1] = H.el("div", H.bidi(text, { class = "kwic" }),
        H.el("span", { class = "left" }, H.escape(r.left)),
        H.el("span", { class = "match" }, H.escape(r.match)),
        H.el("span", { class = "right" }, H.escape(r.right)),
        H.el("span", { class = "article", dir = "ltr" }, H.escape(r.article_id)))
    end
    parts[#parts + 1] = H.el("h3", nil, H.text("span", display(e)),
      " ", H.el("span", { class = "type" }, H.escape(e.type)))
    parts[#parts + 1] = #lines > 0 and H.el("div", { class = "kwic-list" }, lines) or
      H.el("p", { class = "none" }, "No context lines.")
  end
  return section("kwic", "Keywords in context",
    "A sample of mentions of the most mentioned entities, with the words around them.", parts)
end

--- pairs_section(data, n): the strongest pairs as a table with every measure.
local function pairs_section(data, n)
  local ents, rows = entity_index(data), {}
  for i, p in ipairs(M.strongest(data, n)) do
    rows[i] = { a = display(ents[p.a], p.a), b = display(ents[p.b], p.b), count = p.count,
                npmi = p.npmi, pmi = p.pmi, dice = p.dice, llr = p.llr }
  end
  return section("pairs", "Strongest pairs", nil, H.table_({
    { key = "a", label = "Entity" }, { key = "b", label = "Entity" },
    { key = "count", label = "Together", numeric = true },
    { key = "npmi", label = "NPMI", numeric = true },
    { key = "pmi", label = "PMI", numeric = true },
    { key = "dice", label = "Dice", numeric = true },
    { key = "llr", label = "LLR", numeric = true },
  }, rows, { class = "data" }))
end

M.STYLE = [[
body{font-family:"DejaVu Sans","Noto Sans","Noto Naskh Arabic",Arial,sans-serif;margin:0 auto;
max-width:1100px;padding:0 16px 40px;color:#222;background:#fff}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{font-size:1.25em;border-bottom:1px solid #ccc;
padding-bottom:.2em;margin-top:1.6em}h3{font-size:1em;margin:1em 0 .3em}
.intro,.generated{color:#555;font-size:.92em}
dl.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:6px 18px}
dl.summary div{border-left:3px solid #4e79a7;padding:2px 8px}dt{font-size:.8em;color:#666}
dd{margin:0;font-size:1.1em;overflow-wrap:anywhere}
.panels{display:flex;flex-wrap:wrap;gap:12px}figure.panel{margin:0;overflow-x:auto}
svg text{font-size:12px;fill:#222}svg .panel-title{font-weight:bold}svg .value,svg .axis{fill:#555}
svg .grid{stroke:#e3e3e3}svg .diag{fill:#fff;stroke:#ccc}
svg .edge{stroke:#7f7f7f;stroke-opacity:.55}
svg .node{stroke:#fff;stroke-width:1.5}svg .series{stroke-width:2}svg .node-label{font-size:11px}
svg .node-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg .dim{opacity:.15}svg .hot{stroke:#d62728;stroke-opacity:1}
table{border-collapse:collapse;font-size:.92em}td,th{padding:3px 8px;border-bottom:1px solid #eee}
td.num{text-align:right;font-variant-numeric:tabular-nums}
.type{color:#888;font-weight:normal;font-size:.85em}
div.kwic{display:grid;grid-template-columns:minmax(0,1fr) auto minmax(0,1fr) 7em;gap:0 .5em;
padding:2px 0;border-bottom:1px solid #f0f0f0;font-size:.95em}div.kwic .left{text-align:end}
div.kwic .match{font-weight:bold;color:#b2182b;white-space:nowrap}
div.kwic .article{color:#888;font-size:.8em;overflow:hidden;text-overflow:ellipsis}
]]

--- The page's script: counts what was drawn into body[data-rendered] (the headless test reads
-- it) and highlights a node's edges on hover. No network, no external code.
M.SCRIPT = [[
(function () {
  "use strict";
  function count(sel) { return document.querySelectorAll(sel).length; }
  var rendered = { bars: count("svg rect.bar"), cells: count("svg rect.cell"),
    nodes: count("svg circle.node"), edges: count("svg line.edge"),
    series: count("svg polyline.series"), points: count("svg circle.point"),
    kwic: count("div.kwic") };
  document.body.setAttribute("data-rendered", JSON.stringify(rendered));
  var expected = JSON.parse(document.body.getAttribute("data-expected") || "{}");
  var ok = Object.keys(expected).every(function (k) { return expected[k] === rendered[k]; });
  document.body.setAttribute("data-status", ok ? "ok" : "mismatch");
  var edges = document.querySelectorAll("svg line.edge");
  document.querySelectorAll("svg circle.node").forEach(function (node) {
    var id = node.getAttribute("data-entity");
    function mark(on) {
      edges.forEach(function (e) {
        var hit = e.getAttribute("data-a") === id || e.getAttribute("data-b") === id;
        e.classList.toggle("hot", on && hit);
        e.classList.toggle("dim", on && !hit);
      });
    }
    node.addEventListener("mouseenter", function () { mark(true); });
    node.addEventListener("mouseleave", function () { mark(false); });
  });
})();
]]

--- expected(body): the counts of drawn shapes, from the markup itself (what the script
-- should find once the page is rendered).
local function expected(body)
  local function n(pat) local _, k = body:gsub(pat, ""); return k end
  return string.format('{"bars":%d,"cells":%d,"nodes":%d,"edges":%d,"series":%d,"kwic":%d}',
    n('<rect class="bar"'), n('<rect class="cell[" ]'), n('<circle class="node"'),
    n('<line class="edge"'), n('<polyline class="series"'), n('<div class="kwic"'))
end

--- html(data, opts): the page as a string. opts: title, bars (per type), heatmap
-- (entities), edges (network pairs), table (rows of the pairs table), series (timeline and
-- KWIC entities), kwic (lines per entity), seed (layout), generated (a line under the
-- title, e.g. the date of the run).
function M.html(data, opts)
  local given = opts or {}
  opts = {}
  for k, v in pairs(M.defaults) do opts[k] = v end
  for k, v in pairs(given) do opts[k] = v end
  local title = data.title or opts.title
  local body = table.concat({
    H.text("h1", title),
    opts.generated and H.el("p", { class = "generated" }, H.escape(opts.generated)) or "",
    summary_section(data), bars_section(data, opts.bars), heatmap_section(data, opts.heatmap),
    network_section(data, opts.edges, opts.seed), pairs_section(data, opts.table),
    timeline_section(data, opts.series), kwic_section(data, opts.series, opts.kwic),
  })
  return table.concat({
    '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; ',
    'style-src \'unsafe-inline\'; script-src \'unsafe-inline\'; img-src data:">\n',
    H.el("title", nil, H.escape(title)), "\n<style>", M.STYLE, "</style>\n</head>\n",
    "<body", H.attrs({ ["data-expected"] = expected(body) }), ">\n", body,
    "\n<script>", M.SCRIPT, "</script>\n</body>\n</html>\n",
  })
end

--- write(path, data, opts): write the page to path, whole or not at all (temporary file and
-- rename). true, or nil and a message.
function M.write(path, data, opts)
  return outdir.write_file(path, M.html(data, opts))
end

--- outdir(path, opts): a set of output files replaced together (sahel.report.outdir.open).
M.outdir = outdir.open
--- write_file(path, s): write the string s to path whole or not at all.
M.write_file = outdir.write_file

return M
