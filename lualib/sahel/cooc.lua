--- sahel.cooc: entity co-occurrence tables (TEXT-SPEC §7) and their exports (§8, GraphML,
-- DOT). The C primitives (sahel.core.cooc) count, merge, save and write files; this module
-- adds the policy an analyst may change: option defaults, which pairs to keep (thresholds
-- by count or measure, top-N, top-N per node, entity), their order, and which table a
-- matrix or a network shows.
local core = require("sahel.core").cooc
local options = require("sahel.core").options
local date = require("sahel.core").date

local M = {}
for name, fn in pairs(core) do
  if name ~= "methods" then M[name] = fn end
end

-- Cooc: the methods of sahel.Cooc tables (C methods plus those below).
local Cooc = core.methods

local MEASURES = { "count", "pmi", "npmi", "dice", "jaccard", "llr" }
local IS_MEASURE = {}
for _, m in ipairs(MEASURES) do IS_MEASURE[m] = true end
M.measures = MEASURES

-- The options each function takes (an unknown key raises, naming the nearest).
local BUILD_KEYS = { "context", "window", "by", "demonyms", "threads", "warn", "from", "to", "source" }
local FROM_STORE_KEYS = { "context", "window", "by", "demonyms", "warn", "from", "to", "source" }
local SELECT_KEYS = { "period", "min", "entity", "sort", "top", "top_per_node" }
for _, m in ipairs(MEASURES) do SELECT_KEYS[#SELECT_KEYS + 1] = "min_" .. m end
-- with(keys, more): keys followed by more (a new array).
local function with(keys, more)
  local all = table.move(keys, 1, #keys, 1, {})
  return table.move(more, 1, #more, #all + 1, all)
end
local TO_CSV_KEYS = with(SELECT_KEYS, { "format", "measure", "excel" })
local GRAPH_KEYS = with(SELECT_KEYS, { "isolated", "network" })
local NETWORK_KEYS = with(SELECT_KEYS, { "isolated" })

local BY = { month = true, year = true, week = true, day = true }
local CONTEXTS = { sentence = true, paragraph = true, article = true, window = true }

-- check_measure(name, option): raise unless name is a measure.
local function check_measure(name, option)
  if not IS_MEASURE[name] then
    error(string.format("bad option '%s' (unknown measure '%s')", option, tostring(name)), 4)
  end
  return name
end

-- build_opts(opts): the options core.build takes, checked.
local function build_opts(opts)
  local context, window = opts.context or "sentence", opts.window
  if math.type(context) == "integer" then context, window = "window", context end
  if not CONTEXTS[context] then
    error(string.format("bad option 'context' (sentence, paragraph, article or a window size "
      .. "expected, got %s)", tostring(context)), 3)
  end
  if opts.by ~= nil and not BY[opts.by] then
    error(string.format("bad option 'by' (month, year, week or day expected, got %s)",
      tostring(opts.by)), 3)
  end
  return { context = context, window = window, by = opts.by, demonyms = opts.demonyms,
           threads = opts.threads, warn = opts.warn }
end

-- bound(opts, which): opts.from or opts.to as a full ISO date (sahel.date.bound), or nil;
-- raises on a bad date.
local function bound(opts, which)
  if opts[which] == nil then return nil end
  local d, err = date.bound(opts[which], which)
  if not d then error("bad option '" .. which .. "' (" .. err .. ")", 4) end
  return d
end

-- filter_array(articles, opts): the articles of a Lua array within opts.from / opts.to
-- ("YYYY", "YYYY-MM" or "YYYY-MM-DD", inclusive, as sahel.date.bound reads them: a partial
-- `to` is the end of its period, as corpus:filter reads them; undated articles are left
-- out when either is set) and of opts.source (a name or an array of names).
local function filter_array(articles, opts)
  local sources
  if opts.source then
    sources = {}
    for _, s in ipairs(type(opts.source) == "table" and opts.source or { opts.source }) do
      sources[s] = true
    end
  end
  local from, to = bound(opts, "from"), bound(opts, "to")
  local kept = {}
  for _, a in ipairs(articles) do
    local d = a.date and a.date:match("^%d%d%d%d%-%d%d%-%d%d")
    local ok = (not sources or sources[a.source or false])
      and (not from or (d and d >= from)) and (not to or (d and d <= to))
    if ok then kept[#kept + 1] = a end
  end
  return kept
end

--- build(corpus, gaz [, opts]) -> table | nil, message
-- corpus: a sahel.Corpus or an array of article tables {id, title, date, source, body...};
-- opts: context = "sentence" (default) | "paragraph" | "article" | k (a window of k words),
-- by = "month" | "year" | "week" | "day", demonyms, threads (default: the machine's cores),
-- from / to (ISO dates) and source (a name or a list), warn (a function for warnings).
function M.build(corpus, gaz, opts)
  opts = options(opts, BUILD_KEYS) or {}
  local o = build_opts(opts)
  local filtered = opts.from or opts.to or opts.source
  if type(corpus) == "table" and getmetatable(corpus) == nil then
    if filtered then corpus = filter_array(corpus, opts) end
  elseif filtered then
    corpus = corpus:filter { from = opts.from, to = opts.to, source = opts.source }
  end
  return core.build(corpus, gaz, o)
end

--- from_store(db, gaz [, opts]) -> table | nil, message
-- The mentions a store holds (sahel.store.ingest), counted without analyzing the articles
-- again: the same table as build over the same articles with the same gazetteer. opts:
-- context, by, demonyms (only demonym mentions the store holds), from / to (ISO dates,
-- inclusive; a partial `to` is the end of its period), source (one name), warn.
function M.from_store(db, gaz, opts)
  opts = options(opts, FROM_STORE_KEYS) or {}
  local o = build_opts(opts)
  o.from, o.to, o.source = opts.from, opts.to, opts.source
  return core.from_store(db, gaz, o)
end

-- thresholds(opts): the list of {measure, minimum} of opts.min_count, opts.min_<measure>
-- and opts.min = {measure = minimum}.
local function thresholds(opts)
  local list = {}
  for _, m in ipairs(MEASURES) do
    local v = opts["min_" .. m]
    if v ~= nil then list[#list + 1] = { m, v } end
  end
  for m, v in pairs(opts.min or {}) do list[#list + 1] = { check_measure(m, "min"), v } end
  return list
end

-- entity_set(opts): the set of ids of opts.entity (an id or a list), or nil.
local function entity_set(opts)
  if opts.entity == nil then return nil end
  local set = {}
  for _, id in ipairs(type(opts.entity) == "table" and opts.entity or { opts.entity }) do
    set[id] = true
  end
  return set
end

-- keep(rows, opts): the rows passing the thresholds and the entity filter.
local function keep(rows, opts)
  local limits, ents, kept = thresholds(opts), entity_set(opts), {}
  for _, r in ipairs(rows) do
    local ok = not ents or ents[r.a] or ents[r.b]
    for _, l in ipairs(limits) do
      ok = ok and r[l[1]] >= l[2]
    end
    if ok then kept[#kept + 1] = r end
  end
  return kept
end

-- sort_rows(rows, measure): rows by measure, largest first (NaN last), ties in their
-- given order (§8: count desc, entity_a, entity_b).
local function sort_rows(rows, measure)
  for i, r in ipairs(rows) do r._order = i end
  table.sort(rows, function(x, y)
    local a, b = x[measure], y[measure]
    if a ~= a then a = -math.huge end
    if b ~= b then b = -math.huge end
    if a ~= b then return a > b end
    return x._order < y._order
  end)
  for _, r in ipairs(rows) do r._order = nil end
  return rows
end

-- top_per_node(rows, n): the rows among the first n of either of their entities (rows are
-- in rank order), kept in that order.
local function top_per_node(rows, n)
  local seen, kept = {}, {}
  for _, r in ipairs(rows) do
    local ka, kb = (seen[r.a] or 0) + 1, (seen[r.b] or 0) + 1
    seen[r.a], seen[r.b] = ka, kb
    if ka <= n or kb <= n then kept[#kept + 1] = r end
  end
  return kept
end

-- select_rows(co, opts): co:select without the check of opts' keys.
local function select_rows(self, opts)
  local rows = keep(self:rows(opts.period), opts)
  local measure = opts.sort and check_measure(opts.sort, "sort")
  if measure and measure ~= "count" then sort_rows(rows, measure) end
  if opts.top_per_node then rows = top_per_node(rows, opts.top_per_node) end
  if opts.top and #rows > opts.top then
    for i = #rows, opts.top + 1, -1 do rows[i] = nil end
  end
  return rows
end

--- co:select([opts]) -> array of pair rows
-- opts: period, min_count, min_pmi, min_npmi, min_dice, min_jaccard, min_llr,
-- min = {measure = minimum}, entity (an id or a list: pairs holding one of them),
-- sort (a measure, largest first; default: §8 order), top_per_node (n), top (n).
function Cooc:select(opts)
  return select_rows(self, options(opts, SELECT_KEYS) or {})
end

--- co:pairs([opts]) -> iterator over the rows co:select(opts) returns
function Cooc:pairs(opts)
  local rows, i = select_rows(self, options(opts, SELECT_KEYS) or {}), 0
  return function()
    i = i + 1
    return rows[i]
  end
end

local SELECTING = { "min_count", "min", "entity", "sort", "top", "top_per_node" }

-- selection(co, opts): the rows to export (nil: every row, the fast path in C; every row
-- has count >= 1, so min_count = 1 selects them all).
local function selection(co, opts)
  local any = false
  for _, k in ipairs(SELECTING) do
    any = any or (opts[k] ~= nil and not (k == "min_count" and opts[k] <= 1))
  end
  for _, m in ipairs(MEASURES) do any = any or opts["min_" .. m] ~= nil end
  return any and select_rows(co, opts) or nil
end

-- one_table(co, opts): the table a matrix or a network shows: co itself when it is not
-- sliced or opts.period names a period, else the sums over every period (a new table).
local function one_table(co, opts)
  if co:info().by and not opts.period then return co:collapse(), true end
  return co, false
end

-- export(co, opts, write): write through one_table and the selection; true | nil, message.
local function export(co, opts, write)
  local t, temp = one_table(co, opts)
  local ok, err = write(t, selection(t, opts))
  if temp then t:close() end
  return ok, err
end

--- co:to_csv(path [, opts]) -> true | nil, message
-- opts.format = "long" (default: §8 cooccurrence.csv, one row per pair and period) or
-- "matrix" (entities in rows and columns, cells = opts.measure, default count; a sliced
-- table shows opts.period or the sums over every period); opts.excel; selection options
-- as in co:select.
function Cooc:to_csv(path, opts)
  opts = options(opts, TO_CSV_KEYS) or {}
  local wopts = { format = opts.format, measure = opts.measure and check_measure(opts.measure,
    "measure"), excel = opts.excel, period = opts.period }
  if opts.format == "matrix" then
    return export(self, opts, function(t, rows) return t:write_csv(path, rows, wopts) end)
  end
  return self:write_csv(path, selection(self, opts), wopts)
end

-- to_graph(co, path, opts, format): a network file.
local function to_graph(co, path, opts, format)
  opts = options(opts, GRAPH_KEYS, 3) or {}
  local wopts = { format = format, isolated = opts.isolated, period = opts.period,
    network = opts.network }
  return export(co, opts, function(t, rows) return t:write_graph(path, rows, wopts) end)
end

--- co:to_graphml(path [, opts]) -> true | nil, message
-- A GraphML network (Gephi, Cytoscape): nodes with type, name, mentions; edges with every
-- measure. opts: selection options as in co:select, isolated (also entities without an
-- edge), period (a sliced table shows the sums over every period otherwise), network (the
-- nodes also carry degree, strength, betweenness and community: co:network).
function Cooc:to_graphml(path, opts) return to_graph(self, path, opts, "graphml") end

--- co:network([opts]) -> nodes | nil, message
-- The nodes of the network that co:to_graphml(path, opts) writes, in the gazetteer's
-- order, with their measures: {id, type, name, mentions, degree, strength, betweenness,
-- community} (igraph: degree = edges; strength = the sum of their counts; betweenness over
-- unweighted shortest paths; community = Louvain's, numbered 1, 2... by size).
function Cooc:network(opts)
  opts = options(opts, NETWORK_KEYS) or {}
  local wopts = { isolated = opts.isolated, period = opts.period }
  return export(self, opts, function(t, rows) return t:network_nodes(rows, wopts) end)
end

--- co:to_dot(path [, opts]) -> true | nil, message: the same network for Graphviz.
function Cooc:to_dot(path, opts) return to_graph(self, path, opts, "dot") end

return require("sahel.must").add(M, { "load" })
