--- sahel.report.svg: the report's charts as inline SVG strings: bars per entity type, an NPMI
-- heatmap, a network and a timeline. Every shape carries a class the page's script counts
-- (bar, cell, diag, node, edge, series, point) and data-* attributes naming what it shows;
-- every label and tooltip is escaped, and Arabic labels are laid out right to left.
local H = require "sahel.report.html"
local layout = require "sahel.report.layout"

local M = {}

--- Colours of the entity types (TEXT-SPEC §5) and of the timeline's series.
M.TYPE_COLOURS = { GPE = "#4e79a7", PER = "#f28e2b", ORG = "#e15759", LOC = "#76b7b2",
                   EVENT = "#59a14f", MISC = "#b07aa1" }
M.SERIES_COLOURS = { "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                     "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac" }

--- type_colour(t): the colour of entity type t (grey-brown for unknown types).
function M.type_colour(t) return M.TYPE_COLOURS[t] or "#9c755f" end

--- f(x): a coordinate with at most two decimals (stable, short markup).
local function f(x) return H.num(x, 2) end

--- label(s, x, y, anchor, attrs): an SVG <text> at (x, y) holding s, anchored at its
-- "start", "middle" or "end" as seen on the page whatever the direction of s (SVG anchors
-- follow the text's direction, so an Arabic label flips start and end).
function M.label(s, x, y, anchor, attrs)
  attrs = attrs or {}
  attrs.x, attrs.y = f(x), f(y)
  local rtl = H.is_arabic(s)
  if rtl then
    attrs.direction, attrs.lang = "rtl", "ar"
    anchor = anchor == "start" and "end" or anchor == "end" and "start" or anchor
  end
  attrs["text-anchor"] = anchor
  return H.el("text", attrs, H.escape(s))
end

--- short(s, n): s cut to at most n characters (UTF-8), with "…" when cut.
function M.short(s, n)
  s = tostring(s)
  if utf8.len(s) == nil or utf8.len(s) <= n then return s end
  return s:sub(1, utf8.offset(s, n) - 1) .. "…"
end

--- svg(width, height, body, attrs): an <svg> element with a viewBox of that size.
local function svg(width, height, body, attrs)
  attrs = attrs or {}
  attrs.xmlns = "http://www.w3.org/2000/svg"
  attrs.viewBox = string.format("0 0 %s %s", f(width), f(height))
  attrs.width, attrs.height = f(width), f(height)
  return H.el("svg", attrs, body)
end

--- bars(title, items, opts): one horizontal bar chart: items are {id, name, value, type}
-- (drawn in the order given), opts.colour the bar colour; the bars share one scale.
function M.bars(title, items, opts)
  opts = opts or {}
  local lw, bw, row = opts.label_width or 190, opts.bar_width or 240, 22
  local max = 1
  for _, it in ipairs(items) do max = math.max(max, it.value) end
  local out = { M.label(title, 4, 16, "start", { class = "panel-title" }) }
  for i, it in ipairs(items) do
    local y = 26 + (i - 1) * row
    local w = math.max(1, bw * it.value / max)
    out[#out + 1] = M.label(M.short(it.name, 24), lw - 6, y + 14, "end", { class = "bar-label" })
    out[#out + 1] = H.el("rect", { class = "bar", x = f(lw), y = f(y + 3), width = f(w),
      height = row - 6, fill = opts.colour, ["data-entity"] = it.id, ["data-type"] = it.type,
      ["data-value"] = it.value }, H.el("title", nil, H.escape(it.name .. ": " .. it.value)))
    out[#out + 1] = M.label(H.num(it.value), lw + w + 4, y + 14, "start", { class = "value" })
  end
  return svg(lw + bw + 60, 30 + #items * row, out, { class = "chart bars" })
end

--- npmi_colour(v): the heatmap colour of an NPMI value in [-1, 1]: white at 0, red toward 1,
-- blue toward -1.
function M.npmi_colour(v)
  local t = math.min(1, math.abs(v))
  local r, g, b = 178, 24, 43                  -- #b2182b
  if v < 0 then r, g, b = 33, 102, 172 end     -- #2166ac
  local function mix(c) return math.floor(255 + (c - 255) * t + 0.5) end
  return string.format("#%02x%02x%02x", mix(r), mix(g), mix(b))
end

--- heatmap(entities, npmi, opts): a K x K grid of the entities {id, name}: the cell of
-- (a, b), a ~= b, is coloured by npmi(a, b) (nil: the two never co-occur, drawn grey); the
-- diagonal is drawn apart (class diag). K * (K - 1) cells of class "cell".
function M.heatmap(entities, npmi, opts)
  opts = opts or {}
  local k, cs, lw = #entities, opts.cell or 26, opts.label_width or 150
  local out = {}
  for i, a in ipairs(entities) do
    local y = lw + (i - 1) * cs
    local name = M.short(a.name, 22)
    out[#out + 1] = M.label(name, lw - 6, y + cs * 0.65, "end", { class = "axis" })
    local x = lw + (i - 1) * cs + cs * 0.6
    out[#out + 1] = M.label(name, 0, 0, "start", { class = "axis",
      transform = string.format("translate(%s %s) rotate(-60)", f(x), f(lw - 6)) })
    for j, b in ipairs(entities) do
      local cx = lw + (j - 1) * cs
      if i == j then
        out[#out + 1] = H.void("rect", { class = "diag", x = f(cx), y = f(y), width = cs - 1,
          height = cs - 1 })
      else
        local v = npmi(a.id, b.id)
        out[#out + 1] = H.el("rect", { class = v and "cell" or "cell none", x = f(cx), y = f(y),
          width = cs - 1, height = cs - 1, fill = v and M.npmi_colour(v) or "#e6e6e6",
          ["data-a"] = a.id, ["data-b"] = b.id, ["data-npmi"] = v and H.num(v) or "" },
          H.el("title", nil, H.escape(string.format("%s / %s: NPMI %s", a.name, b.name,
            v and H.num(v) or "no co-occurrence"))))
      end
    end
  end
  local side = lw + k * cs + 10
  return svg(side + lw * 0.6, side, out, { class = "chart heatmap" })
end

--- network(nodes, edges, opts): the graph of nodes {id, name, type, value} and edges
-- {a, b, count} (a and b are node ids) laid out by sahel.report.layout.force with opts.seed:
-- node area grows with value (mentions), edge width with count.
function M.network(nodes, edges, opts)
  opts = opts or {}
  local width, height = opts.width or 900, opts.height or 640
  local index, maxv, maxc = {}, 1, 1
  for i, n in ipairs(nodes) do index[n.id] = i; maxv = math.max(maxv, n.value) end
  for _, e in ipairs(edges) do maxc = math.max(maxc, e.count) end
  local links = {}
  for i, e in ipairs(edges) do links[i] = { index[e.a], index[e.b], 0.5 + 0.5 * e.count / maxc } end
  local pos = layout.force(#nodes, links, { width = width, height = height, margin = 60,
    seed = opts.seed })
  local out = {}
  for i, e in ipairs(edges) do
    local p, q = pos[links[i][1]], pos[links[i][2]]
    out[#out + 1] = H.el("line", { class = "edge", x1 = f(p.x), y1 = f(p.y), x2 = f(q.x),
      y2 = f(q.y), ["stroke-width"] = f(0.8 + 6 * e.count / maxc), ["data-a"] = e.a,
      ["data-b"] = e.b, ["data-count"] = e.count },
      H.el("title", nil, H.escape(string.format("%s / %s: %d", e.name_a or e.a,
        e.name_b or e.b, e.count))))
  end
  for i, n in ipairs(nodes) do
    local r = 5 + 18 * math.sqrt(n.value / maxv)
    out[#out + 1] = H.el("circle", { class = "node", cx = f(pos[i].x), cy = f(pos[i].y),
      r = f(r), fill = M.type_colour(n.type), ["data-entity"] = n.id, ["data-value"] = n.value },
      H.el("title", nil, H.escape(string.format("%s (%s): %d", n.name, n.type or "?",
        n.value))))
    out[#out + 1] = M.label(M.short(n.name, 24), pos[i].x, pos[i].y - r - 4, "middle",
      { class = "node-label" })
  end
  return svg(width, height, out, { class = "chart network" })
end

--- axis_y(max, x, w, top, h): tick labels and grid lines of a vertical axis 0..max.
local function axis_y(max, x, w, top, h)
  local out = {}
  for t = 0, 4 do
    local v, y = max * t / 4, top + h - h * t / 4
    if max >= 8 then v = math.floor(v + 0.5) end
    out[#out + 1] = H.void("line", { class = "grid", x1 = f(x), x2 = f(x + w), y1 = f(y),
      y2 = f(y) })
    out[#out + 1] = M.label(H.num(v, 1), x - 6, y + 4, "end", { class = "axis" })
  end
  return table.concat(out)
end

--- timeline(periods, series, opts): one line per series {id, name, values = {period = n}}
-- over the sorted periods (x axis); missing values count 0. Each line is a polyline of class
-- "series" with one circle of class "point" per period.
function M.timeline(periods, series, opts)
  opts = opts or {}
  local left, top, w, h = 50, 14, opts.width or 760, opts.height or 260
  local max = 1
  for _, s in ipairs(series) do
    for _, p in ipairs(periods) do max = math.max(max, s.values[p] or 0) end
  end
  local dx = #periods > 1 and w / (#periods - 1) or 0
  local out = { axis_y(max, left, w, top, h) }
  local every = math.max(1, math.ceil(#periods / 12))
  local radius = #periods > 48 and 1.5 or 3
  for i, p in ipairs(periods) do
    if (i - 1) % every == 0 then
      out[#out + 1] = M.label(p, left + (i - 1) * dx, top + h + 18, "middle", { class = "axis" })
    end
  end
  for k, s in ipairs(series) do
    local colour = M.SERIES_COLOURS[(k - 1) % #M.SERIES_COLOURS + 1]
    local pts, dots = {}, {}
    for i, p in ipairs(periods) do
      local x, v = left + (i - 1) * dx, s.values[p] or 0
      local y = top + h - h * v / max
      pts[i] = f(x) .. "," .. f(y)
      dots[i] = H.el("circle", { class = "point", cx = f(x), cy = f(y), r = radius, fill = colour,
        ["data-entity"] = s.id, ["data-period"] = p, ["data-value"] = v },
        H.el("title", nil, H.escape(string.format("%s, %s: %d", s.name, p, v))))
    end
    out[#out + 1] = H.void("polyline", { class = "series", points = table.concat(pts, " "),
      stroke = colour, fill = "none", ["data-entity"] = s.id })
    out[#out + 1] = table.concat(dots)
    out[#out + 1] = H.void("rect", { x = f(left + w + 14), y = f(top + (k - 1) * 18),
      width = 10, height = 10, fill = colour })
    out[#out + 1] = M.label(s.name, left + w + 30, top + (k - 1) * 18 + 9, "start",
      { class = "legend" })
  end
  return svg(left + w + 200, top + h + 30, out, { class = "chart timeline" })
end

return M
