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
  else
    attrs.direction = "ltr" -- not the page's: "-1" would read "1-" on an Arabic page
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

--- heatmap(entities, npmi, opts): a K x K grid of the entities {id, name} (in the order
-- given): the cell of (a, b), a ~= b, is coloured by npmi(a, b) (nil: the two never
-- co-occur, drawn grey); the diagonal is drawn apart (class diag). K * (K - 1) cells of class
-- "cell", and a colour legend under the grid. opts.labels: the page's words (cell_title,
-- no_cooc and the legend_* keys, sahel.report.labels).
function M.heatmap(entities, npmi, opts)
  opts = opts or {}
  local L = opts.labels or require("sahel.report.labels").en
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
          width = cs - 1, height = cs - 1, fill = v and M.npmi_colour(v) or M.NEVER_COLOUR,
          ["data-a"] = a.id, ["data-b"] = b.id, ["data-npmi"] = v and H.num(v) or "" },
          H.el("title", nil, H.escape(string.format(L.cell_title, a.name, b.name,
            v and H.num(v) or L.no_cooc))))
      end
    end
  end
  local side = lw + k * cs + 10
  local width = math.max(side + lw * 0.6, lw + 420)
  out[#out + 1] = M.npmi_legend(lw, side + 4, L)
  return svg(width, side + 70, out, { class = "chart heatmap" })
end

--- NEVER_COLOUR: the heatmap's colour of a pair never seen together.
M.NEVER_COLOUR = "#e6e6e6"

--- npmi_legend(x, y, L): the heatmap's colour scale at (x, y): a bar from NPMI -1 (blue)
-- through 0 (white) to 1 (red), drawn with the colours of npmi_colour, its ends labelled,
-- and the grey of pairs never together. L: the page's words.
function M.npmi_legend(x, y, L)
  local w = 240
  local stops = {}
  for i, v in ipairs({ -1, 0, 1 }) do
    stops[i] = H.void("stop", { offset = f((v + 1) / 2), ["stop-color"] = M.npmi_colour(v) })
  end
  local out = {
    H.el("defs", nil, H.el("linearGradient", { id = "npmi-scale" }, stops)),
    H.void("rect", { class = "legend-scale", x = f(x), y = f(y), width = w, height = 12,
      fill = "url(#npmi-scale)", stroke = "#ccc" }),
  }
  for _, v in ipairs({ -1, 0, 1 }) do
    out[#out + 1] = M.label(v > 0 and "+1" or tostring(v), x + w * (v + 1) / 2, y + 26,
      "middle", { class = "legend" })
  end
  out[#out + 1] = M.label(L.legend_less, x, y + 42, "start", { class = "legend" })
  out[#out + 1] = M.label(L.legend_more, x + w, y + 58, "end", { class = "legend" })
  out[#out + 1] = H.void("rect", { class = "legend-none", x = f(x + w + 24), y = f(y),
    width = 12, height = 12, fill = M.NEVER_COLOUR })
  out[#out + 1] = M.label(L.legend_never, x + w + 42, y + 10, "start", { class = "legend" })
  return table.concat(out)
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

--- nice_step(range, intervals, integer): the smallest "nice" step (1, 2 or 5 x 10^k) that
-- cuts 0..range into at most `intervals` intervals; at least 1 when integer is set. A range
-- that is 0, negative or not finite counts as 1.
function M.nice_step(range, intervals, integer)
  if not (range > 0 and range < math.huge) then range = 1 end
  local raw = range / intervals
  local mag = 10 ^ math.floor(math.log(raw, 10))
  local step = 10 * mag
  for _, m in ipairs({ 5, 2, 1 }) do
    if m * mag >= raw then step = m * mag end
  end
  if integer and step < 1 then step = 1 end
  return step
end

--- ticks(max, intervals, integer): the ticks of an axis from 0 to at least max: 0, step,
-- 2 step... up to the first multiple of the nice step that reaches max (nice_step; default
-- 4 intervals); and the step.
function M.ticks(max, intervals, integer)
  local step = M.nice_step(max, intervals or 4, integer)
  local n = (max > 0 and max < math.huge) and math.ceil(max / step) or 1
  while n > 1 and (n - 1) * step >= max do n = n - 1 end -- 0.30000000000000004 / 0.1 > 3
  local out = {}
  for i = 0, math.max(n, 1) do out[#out + 1] = i * step end
  return out, step
end

--- tick_text(v, step): the label of tick v: as many decimals as the step needs, no more.
function M.tick_text(v, step)
  local decimals = math.max(0, -math.floor(math.log(step, 10) + 1e-9))
  if decimals == 0 then return string.format("%.0f", v) end
  return H.num(v, decimals)
end

--- axis_y(ticks, step, x, w, top, h): tick labels and grid lines of a vertical axis from 0
-- to the last tick.
local function axis_y(ticks, step, x, w, top, h)
  local out, max = {}, ticks[#ticks]
  for _, v in ipairs(ticks) do
    local y = top + h - h * v / max
    out[#out + 1] = H.void("line", { class = "grid", x1 = f(x), x2 = f(x + w), y1 = f(y),
      y2 = f(y) })
    out[#out + 1] = M.label(M.tick_text(v, step), x - 6, y + 4, "end", { class = "axis" })
  end
  return table.concat(out)
end

--- partial_marks(periods, partial, x0, dx, top, h, id, mark): a hatched band over each
-- period of `partial` (period -> true), with the word `mark` above it; the pattern's id.
local function partial_marks(periods, partial, x0, dx, top, h, id, mark)
  local out = { H.el("defs", nil, H.el("pattern", { id = id, width = 6, height = 6,
    patternUnits = "userSpaceOnUse", patternTransform = "rotate(45)" },
    H.void("rect", { width = 6, height = 6, fill = "#fff", ["fill-opacity"] = "0.55" }),
    H.void("line", { x1 = 0, y1 = 0, x2 = 0, y2 = 6, stroke = "#999", ["stroke-width"] = 2 }))) }
  local half = math.max(dx / 2, 8)
  local x1 = x0 + (#periods - 1) * dx
  for i, p in ipairs(periods) do
    if partial[p] then
      local x = x0 + (i - 1) * dx -- the band: half way to the neighbours, inside the plot
      local a, b = math.max(x - half, x0), math.min(x + half, math.max(x1, x0 + 2 * half))
      out[#out + 1] = H.void("rect", { class = "partial", x = f(a), y = f(top),
        width = f(b - a), height = f(h), fill = "url(#" .. id .. ")", ["data-period"] = p,
        ["pointer-events"] = "none" })
      out[#out + 1] = M.label(mark, (a + b) / 2, top - 3, "middle", { class = "partial-mark" })
    end
  end
  return table.concat(out)
end

--- timeline(periods, series, opts): one line per series {id, name, values = {period = n}}
-- over the sorted periods (x axis); missing values count 0. Each line is a polyline of class
-- "series" with one circle of class "point" per period. opts: partial (period -> true:
-- drawn hatched, points hollow), mark (the word over them), id (unique on the page: names
-- the hatch pattern), integer (whole-number ticks; default true), title(s, p, v) (a point's
-- tooltip).
function M.timeline(periods, series, opts)
  opts = opts or {}
  local left, top, w, h = 50, 20, opts.width or 760, opts.height or 260
  local partial = opts.partial or {}
  local max = 0
  for _, s in ipairs(series) do
    for _, p in ipairs(periods) do max = math.max(max, s.values[p] or 0) end
  end
  local ticks, step = M.ticks(max, 4, opts.integer ~= false)
  max = ticks[#ticks]
  local dx = #periods > 1 and w / (#periods - 1) or 0
  local out = { axis_y(ticks, step, left, w, top, h) }
  local every = math.max(1, math.ceil(#periods / 12))
  local radius = #periods > 48 and 1.5 or 3
  for i, p in ipairs(periods) do
    if (i - 1) % every == 0 then
      out[#out + 1] = M.label(p, left + (i - 1) * dx, top + h + 18, "middle", { class = "axis" })
    end
  end
  local title = opts.title or function(s, p, v) return string.format("%s, %s: %s", s.name, p,
    H.num(v)) end
  for k, s in ipairs(series) do
    local colour = M.SERIES_COLOURS[(k - 1) % #M.SERIES_COLOURS + 1]
    local pts, dots = {}, {}
    for i, p in ipairs(periods) do
      local x, v = left + (i - 1) * dx, s.values[p] or 0
      local y = top + h - h * v / max
      pts[i] = f(x) .. "," .. f(y)
      dots[i] = H.el("circle", { class = "point", cx = f(x), cy = f(y), r = radius,
        fill = partial[p] and "#fff" or colour, stroke = partial[p] and colour or nil,
        ["data-entity"] = s.id, ["data-period"] = p, ["data-value"] = H.num(v) },
        H.el("title", nil, H.escape(title(s, p, v))))
    end
    out[#out + 1] = H.void("polyline", { class = "series", points = table.concat(pts, " "),
      stroke = colour, fill = "none", ["data-entity"] = s.id })
    out[#out + 1] = table.concat(dots)
    out[#out + 1] = H.void("rect", { x = f(left + w + 14), y = f(top + (k - 1) * 18),
      width = 10, height = 10, fill = colour })
    out[#out + 1] = M.label(s.name, left + w + 30, top + (k - 1) * 18 + 9, "start",
      { class = "legend" })
  end
  out[#out + 1] = partial_marks(periods, partial, left, dx, top, h, opts.id or "hatch",
    opts.mark or "partial")
  return svg(left + w + 200, top + h + 30, out, { class = "chart timeline" })
end

return M
