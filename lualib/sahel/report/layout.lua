--- sahel.report.layout: a deterministic force-directed layout (Fruchterman and Reingold 1991)
-- for the report's network. The same nodes, edges and seed give the same positions on every
-- run and every machine with IEEE doubles: the start positions come from a small generator of
-- our own (not math.random, whose state a script may share), and nodes are visited in order.
local M = {}

--- rng(seed): a function returning pseudo-random numbers in [0, 1) (a 32-bit linear
-- congruential generator, Numerical Recipes constants; plenty for start positions).
function M.rng(seed)
  local state = math.tointeger(seed) or 1
  return function()
    state = (state * 1664525 + 1013904223) & 0xffffffff
    return state / 4294967296.0
  end
end

--- start(n, rnd): n start positions on a circle of radius 0.5 around (0, 0), each moved a
-- little at random so that symmetric graphs do not stay balanced on a saddle.
local function start(n, rnd)
  local pos = {}
  for i = 1, n do
    local angle = 2 * math.pi * (i - 1) / math.max(n, 1)
    pos[i] = { x = 0.5 * math.cos(angle) + 0.05 * (rnd() - 0.5),
               y = 0.5 * math.sin(angle) + 0.05 * (rnd() - 0.5) }
  end
  return pos
end

--- repulse(pos, disp, k): add the repulsive forces k^2/d between every two nodes to disp.
local function repulse(pos, disp, k)
  local n = #pos
  for i = 1, n do
    for j = i + 1, n do
      local dx, dy = pos[i].x - pos[j].x, pos[i].y - pos[j].y
      local d2 = math.max(dx * dx + dy * dy, 1e-9)
      local f = k * k / d2              -- force / distance, so (dx, dy) * f has size k^2/d
      disp[i].x, disp[i].y = disp[i].x + dx * f, disp[i].y + dy * f
      disp[j].x, disp[j].y = disp[j].x - dx * f, disp[j].y - dy * f
    end
  end
end

--- attract(pos, disp, edges, k): add the attractive forces w d^2/k along each edge
-- {i, j, w} to disp (w scales the pull: heavier edges hold their nodes closer).
local function attract(pos, disp, edges, k)
  for _, e in ipairs(edges) do
    local i, j, w = e[1], e[2], e[3] or 1
    local dx, dy = pos[i].x - pos[j].x, pos[i].y - pos[j].y
    local d = math.sqrt(dx * dx + dy * dy)
    local f = w * d / k                 -- force / distance
    disp[i].x, disp[i].y = disp[i].x - dx * f, disp[i].y - dy * f
    disp[j].x, disp[j].y = disp[j].x + dx * f, disp[j].y + dy * f
  end
end

--- gravity(pos, disp, g): pull every node toward the centre (keeps components together).
local function gravity(pos, disp, g)
  for i, p in ipairs(pos) do
    disp[i].x, disp[i].y = disp[i].x - g * p.x, disp[i].y - g * p.y
  end
end

--- step(pos, disp, t): move each node along its displacement, by at most t.
local function step(pos, disp, t)
  for i, p in ipairs(pos) do
    local dx, dy = disp[i].x, disp[i].y
    local d = math.sqrt(dx * dx + dy * dy)
    if d > 0 then
      local s = math.min(d, t) / d
      p.x, p.y = p.x + dx * s, p.y + dy * s
    end
  end
end

--- fit(pos, width, height, margin): scale and move positions into the box
-- [margin, width - margin] x [margin, height - margin], keeping the aspect ratio.
local function fit(pos, width, height, margin)
  local minx, miny, maxx, maxy = math.huge, math.huge, -math.huge, -math.huge
  for _, p in ipairs(pos) do
    minx, maxx = math.min(minx, p.x), math.max(maxx, p.x)
    miny, maxy = math.min(miny, p.y), math.max(maxy, p.y)
  end
  local w, h = width - 2 * margin, height - 2 * margin
  local s = math.min(w / math.max(maxx - minx, 1e-9), h / math.max(maxy - miny, 1e-9))
  local ox = margin + (w - s * (maxx - minx)) / 2
  local oy = margin + (h - s * (maxy - miny)) / 2
  for _, p in ipairs(pos) do
    p.x, p.y = ox + s * (p.x - minx), oy + s * (p.y - miny)
  end
end

--- force(n, edges, opts): positions {x, y} of nodes 1..n in the box opts.width x opts.height
-- (default 800 x 600, opts.margin 40) for edges {i, j, weight}; opts.seed (default 42) and
-- opts.iterations (default 300). Deterministic. One node sits in the middle.
function M.force(n, edges, opts)
  opts = opts or {}
  local width, height = opts.width or 800, opts.height or 600
  local margin = opts.margin or 40
  if n == 0 then return {} end
  if n == 1 then return { { x = width / 2, y = height / 2 } } end
  local pos = start(n, M.rng(opts.seed or 42))
  local k = math.sqrt(1 / n)
  local iterations = opts.iterations or 300
  for it = 1, iterations do
    local disp = {}
    for i = 1, n do disp[i] = { x = 0, y = 0 } end
    repulse(pos, disp, k)
    attract(pos, disp, edges, k)
    gravity(pos, disp, opts.gravity or 3)
    step(pos, disp, 0.1 * (1 - (it - 1) / iterations) + 0.001)
  end
  fit(pos, width, height, margin)
  return pos
end

return M
