--- sahel.audit: how often a gazetteer's mentions are right, measured by reading a random
-- sample of them. Draws a reproducible sample (stratified by entity frequency, or of one
-- entity or alias), fills in each mention's context, keeps the reader's verdicts in a TSV
-- file, and computes precision with Wilson intervals per stratum, per alias and overall.
-- The matching is the gazetteer's own (gaz:mentions, in C); this module is the policy.
local csv = require "sahel.csv"

local M = {}

--- M.VERDICTS: the verdicts, in the order they are offered, with the short answers a reader
-- may type (also accepted in the TSV file).
M.VERDICTS = {
  { name = "right", keys = { "r", "right", "y", "1" },
    help = "the mention is the entity" },
  { name = "wrong_sense", keys = { "s", "wrong_sense", "sense" },
    help = "the words mean something else (an adjective, a common word, a club...)" },
  { name = "wrong_entity", keys = { "e", "wrong_entity", "entity" },
    help = "a name, but of another entity (another person or place)" },
  { name = "unsure", keys = { "u", "unsure", "?" },
    help = "cannot tell from the context" },
}

--- M.COLUMNS: the columns of a sample file, in order.
M.COLUMNS = { "n", "stratum", "stratum_mentions", "entity", "alias", "alias_mentions",
  "article_id", "date", "source", "byte_start", "byte_end", "left", "match", "right",
  "verdict", "note", "seed" }

local VERDICT_OF = {}
for _, v in ipairs(M.VERDICTS) do
  for _, k in ipairs(v.keys) do VERDICT_OF[k] = v.name end
end

--- M.verdict(s): the verdict name that the answer s stands for ("r" -> "right"), "" for an
-- empty answer (not judged yet), or nil for anything else.
function M.verdict(s)
  s = (s or ""):lower():gsub("^%s+", ""):gsub("%s+$", "")
  if s == "" then return "" end
  return VERDICT_OF[s]
end

--- M.priority(seed, key): the random priority (an integer) of the item with integer key
-- under seed: the splitmix64 output for state seed x 0x9E3779B97F4A7C15 + key, the same on
-- every machine and Lua 5.4 build. A sample is the items of lowest priority, so an item
-- keeps its chance of being drawn whatever else changes around it.
function M.priority(seed, key)
  assert(math.type(seed) == "integer" and math.type(key) == "integer", "integer seed and key")
  local z = seed * 0x9E3779B97F4A7C15 + key + 0x9E3779B97F4A7C15
  z = (z ~ (z >> 30)) * 0xBF58476D1CE4E5B9
  z = (z ~ (z >> 27)) * 0x94D049BB133111EB
  return z ~ (z >> 31)
end

--- M.wilson(k, n [, z]): the Wilson score interval (lo, hi) of a proportion with k
-- successes in n trials, z the normal quantile (default 1.96, 95%); nil for n = 0.
-- n may be fractional (an effective sample size).
function M.wilson(k, n, z)
  if n <= 0 then return nil end
  z = z or 1.959963984540054
  local p, z2 = k / n, z * z
  local centre = (p + z2 / (2 * n)) / (1 + z2 / n)
  local half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
  return math.max(0, centre - half), math.min(1, centre + half)
end

--- M.strata(counts, k): strata of entity frequency. counts: entity id -> mentions. The
-- entities are sorted by mentions (most first, then id); each goes to the stratum where its
-- first mention falls when all mentions are cut into k equal thirds (k-ths): stratum 1 holds
-- the most frequent entities, making up about the first 1/k of all mentions, stratum k the
-- rarest. Returns stratum of id (1..k) and the array of strata {index, mentions, entities}
-- that hold at least one entity.
function M.strata(counts, k)
  local ids, total = {}, 0
  for id, n in pairs(counts) do
    if n > 0 then ids[#ids + 1] = id; total = total + n end
  end
  table.sort(ids, function(a, b)
    if counts[a] ~= counts[b] then return counts[a] > counts[b] end
    return a < b
  end)
  local of, sizes, cum = {}, {}, 0
  for _, id in ipairs(ids) do
    local h = math.min(k, cum * k // total + 1)
    of[id], cum = h, cum + counts[id]
    sizes[h] = sizes[h] or { index = h, mentions = 0, entities = 0 }
    sizes[h].mentions = sizes[h].mentions + counts[id]
    sizes[h].entities = sizes[h].entities + 1
  end
  local list = {}
  for h = 1, k do list[#list + 1] = sizes[h] end
  return of, list
end

--- alias_filter(gaz, aliases): the set of the gazetteer's aliases (as written) that have the
-- match form of one of aliases (a string or an array of strings), or nil, message naming
-- the first that none has.
local function alias_filter(gaz, aliases)
  local text = require "sahel.text"
  if type(aliases) == "string" then aliases = { aliases } end
  local want, hit, set = {}, {}, {}
  for _, a in ipairs(aliases) do want[text.normalize(a)] = a end
  for _, e in ipairs(gaz:entities()) do
    for _, a in ipairs(gaz:aliases(e.id)) do
      local asked = want[text.normalize(a.alias)]
      if asked then set[a.alias], hit[asked] = true, true end
    end
  end
  for _, a in ipairs(aliases) do
    if not hit[a] then return nil, "no alias '" .. a .. "' in the gazetteer" end
  end
  return set
end

--- M.population(corpus, gaz [, opts]): every final mention of the corpus, kept compact:
-- {entity = {}, alias = {}, article = {}, byte_start = {} (parallel arrays, one entry per
-- mention), articles = n, by_entity = id -> mentions, by_alias = alias -> mentions}.
-- opts: entity (an id: only its mentions), alias (only the aliases with this match form; an
-- array: with one of these), demonyms (as gaz:mentions). Returns nil, message for an unknown entity or alias.
function M.population(corpus, gaz, opts)
  opts = require("sahel.core").options(opts, { "entity", "alias", "demonyms" }) or {}
  if opts.entity and not gaz:entity(opts.entity) then
    return nil, "no entity '" .. opts.entity .. "' in the gazetteer"
  end
  local aliases, msg
  if opts.alias then
    aliases, msg = alias_filter(gaz, opts.alias)
    if not aliases then return nil, msg end
  end
  local p = { entity = {}, alias = {}, article = {}, byte_start = {}, articles = 0,
    by_entity = {}, by_alias = {} }
  local mopts = { demonyms = opts.demonyms, entity = opts.entity }
  for a in corpus:articles() do
    p.articles = p.articles + 1
    for _, m in ipairs(gaz:mentions(a, mopts)) do
      if not aliases or aliases[m.alias] then
        local i = #p.entity + 1
        p.entity[i], p.alias[i], p.article[i], p.byte_start[i] =
          m.entity, m.alias, p.articles, m.byte_start
        p.by_entity[m.entity] = (p.by_entity[m.entity] or 0) + 1
        p.by_alias[m.alias] = (p.by_alias[m.alias] or 0) + 1
      end
    end
  end
  return p
end

--- draw_from(list, k, prio): the k elements of list of lowest priority prio[element]
-- (ties cannot happen in practice; broken by element), in that order.
local function draw_from(list, k, prio)
  local copy = table.move(list, 1, #list, 1, {})
  table.sort(copy, function(a, b)
    local pa, pb = prio[a], prio[b]
    if pa ~= pb then return math.ult(pa, pb) end
    return a < b
  end)
  return table.move(copy, 1, math.min(k, #copy), 1, {})
end

--- allocate(sizes, n): how many of n draws go to each stratum: equal shares (the first
-- strata take the remainder), a stratum smaller than its share gives the rest to the others.
local function allocate(sizes, n)
  local alloc, left, open = {}, n, {}
  for i in ipairs(sizes) do alloc[i] = 0; open[#open + 1] = i end
  while left > 0 and #open > 0 do
    local share, still = left // #open, {}
    local extra = left - share * #open
    for j, i in ipairs(open) do
      local want = share + (j <= extra and 1 or 0)
      local take = math.min(want, sizes[i] - alloc[i])
      alloc[i], left = alloc[i] + take, left - take
      if alloc[i] < sizes[i] then still[#still + 1] = i end
    end
    open = still
  end
  return alloc
end

--- M.draw(p, opts): the sample of population p (M.population): an array of {index (into
-- p's arrays), stratum (label), stratum_mentions}: in each stratum, the mentions of lowest
-- M.priority(seed, article ordinal << 32 | byte offset), so a mention that a gazetteer change
-- leaves in place (and in its stratum) stays drawn. opts: n (sample size), seed (integer),
-- strata (k; default 3): with k > 1 the mentions are stratified by entity frequency
-- (M.strata) and the n draws split equally among the non-empty strata; with k = 1, or
-- opts.label (the stratum's label, e.g. "alias:X"), one simple random sample; with
-- opts.per_alias, one stratum per alias (labelled "alias:A", in order of first mention)
-- and n draws from each.
function M.draw(p, opts)
  require("sahel.core").options(opts, { "n", "seed", "strata", "label", "per_alias" })
  local k, prio = opts.strata or 3, {}
  for i, art in ipairs(p.article) do
    prio[i] = M.priority(opts.seed, (art << 32) | p.byte_start[i])
  end
  local groups, labels = {}, {}
  if opts.per_alias then
    local by = {}
    for i, a in ipairs(p.alias) do
      if not by[a] then
        by[a] = {}
        groups[#groups + 1], labels[#labels + 1] = by[a], "alias:" .. a
      end
      by[a][#by[a] + 1] = i
    end
  elseif k > 1 and not opts.label then
    local of, list = M.strata(p.by_entity, k)
    for gi, s in ipairs(list) do
      groups[gi], labels[gi] = {}, "S" .. s.index
      for i, id in ipairs(p.entity) do
        if of[id] == s.index then groups[gi][#groups[gi] + 1] = i end
      end
    end
  else
    groups[1], labels[1] = {}, opts.label or "all"
    for i in ipairs(p.entity) do groups[1][i] = i end
  end
  local sizes = {}
  for gi, g in ipairs(groups) do sizes[gi] = #g end
  local alloc, out = allocate(sizes, opts.n), {}
  if opts.per_alias then
    for gi, size in ipairs(sizes) do alloc[gi] = math.min(opts.n, size) end
  end
  for gi, g in ipairs(groups) do
    for _, i in ipairs(draw_from(g, alloc[gi], prio)) do
      out[#out + 1] = { index = i, stratum = labels[gi], stratum_mentions = #g }
    end
  end
  return out
end

--- squeeze(s): s with every run of white space made one space (a TSV field stays on one line).
local function squeeze(s)
  return ((s or ""):gsub("%s+", " "):gsub("^ ", ""):gsub(" $", ""))
end

--- M.rows(corpus, gaz, p, sample, opts): the sample's rows (M.COLUMNS) with each mention's
-- context: a second pass over the corpus, reading only the sampled articles. opts: width
-- (words each side, default 10), seed (recorded), demonyms.
function M.rows(corpus, gaz, p, sample, opts)
  require("sahel.core").options(opts, { "width", "seed", "demonyms" })
  local want = {}
  for _, s in ipairs(sample) do
    local art = p.article[s.index]
    want[art] = want[art] or {}
    want[art][p.byte_start[s.index]] = s
  end
  local found, ordinal = {}, 0
  local mopts = { window = opts.width or 10, demonyms = opts.demonyms }
  for a in corpus:articles() do
    ordinal = ordinal + 1
    if want[ordinal] then
      for _, m in ipairs(gaz:mentions(a, mopts)) do
        local s = want[ordinal][m.byte_start]
        if s then found[s] = { a = a, m = m, ordinal = ordinal } end
      end
    end
  end
  local rows = {}
  for n, s in ipairs(sample) do
    local hit = assert(found[s], "the corpus changed between the two passes")
    local a, m = hit.a, hit.m
    rows[n] = { n = n, stratum = s.stratum, stratum_mentions = s.stratum_mentions,
      entity = m.entity, alias = m.alias, alias_mentions = p.by_alias[m.alias],
      article_id = a.id or tostring(hit.ordinal), date = a.date or "", source = a.source or "",
      byte_start = m.byte_start, byte_end = m.byte_end, left = squeeze(m.left),
      match = squeeze(m.surface), right = squeeze(m.right), verdict = "", note = "",
      seed = opts.seed }
  end
  return rows
end

--- M.write(path, rows): write the sample file (TSV, M.COLUMNS) through a temporary file
-- renamed in; true or nil, message.
function M.write(path, rows)
  return csv.write(path, rows, { columns = M.COLUMNS, delimiter = "\t", guard = false })
end

--- M.read(path): the rows of a sample file, each with its verdict checked (the short
-- answers are turned into names) and `line` (its line in the file); nil, message naming
-- path:line for a missing column, a bad number or an unknown verdict.
function M.read(path)
  local f = io.open(path, "rb")
  if not f then return nil, path .. ": cannot open the sample file" end
  f:close()
  local ok, rows = pcall(function()
    local out, line = {}, 1
    for r in csv.rows(path, { delimiter = "\t" }) do
      line = line + 1
      r.line = line
      out[#out + 1] = r
    end
    return out
  end)
  if not ok then return nil, tostring(rows) end
  local header = csv.header(path, { delimiter = "\t" }) or {}
  local have = {}
  for _, c in ipairs(header) do have[c] = true end
  for _, c in ipairs({ "stratum", "stratum_mentions", "entity", "alias", "alias_mentions",
    "article_id", "byte_start", "verdict" }) do
    if not have[c] then return nil, path .. ":1: missing column '" .. c .. "'" end
  end
  for _, r in ipairs(rows) do
    local v = M.verdict(r.verdict)
    if not v then
      return nil, string.format("%s:%d: unknown verdict '%s' (one of right, wrong_sense, " ..
        "wrong_entity, unsure, or r, s, e, u; empty when not judged yet)", path, r.line, r.verdict)
    end
    r.verdict = v
    for _, c in ipairs({ "stratum_mentions", "alias_mentions", "byte_start" }) do
      local x = math.tointeger(tonumber(r[c]))
      if not x or x < 0 then
        return nil, string.format("%s:%d: %s: a count expected, got '%s'", path, r.line, c, r[c])
      end
      r[c] = x
    end
  end
  return rows
end

--- M.carry(rows, earlier): give each row without a verdict the verdict and note of the same
-- mention (article, byte offset, entity) in the arrays of rows earlier (sample files read
-- with M.read); the number of verdicts carried.
function M.carry(rows, earlier)
  local known, n = {}, 0
  for _, list in ipairs(earlier) do
    for _, r in ipairs(list) do
      if r.verdict ~= "" then known[r.article_id .. "\0" .. r.byte_start .. "\0" .. r.entity] = r end
    end
  end
  for _, r in ipairs(rows) do
    local k = known[r.article_id .. "\0" .. r.byte_start .. "\0" .. r.entity]
    if k and r.verdict == "" then r.verdict, r.note, n = k.verdict, k.note, n + 1 end
  end
  return n
end

--- tally(): an empty tally of verdicts.
local function tally()
  return { right = 0, wrong_sense = 0, wrong_entity = 0, unsure = 0, judged = 0, pending = 0 }
end

--- add(t, verdict): count one verdict in tally t.
local function add(t, verdict)
  if verdict == "" then t.pending = t.pending + 1; return end
  t[verdict] = t[verdict] + 1
  if verdict ~= "unsure" then t.judged = t.judged + 1 end
end

--- finish(t): t with precision p = right / (right + wrong), unsure left out, and its Wilson
-- interval lo, hi (nil while nothing is judged).
local function finish(t)
  if t.judged > 0 then
    t.p = t.right / t.judged
    t.lo, t.hi = M.wilson(t.right, t.judged)
  end
  return t
end

--- overall(strata): the precision of a stratified sample: the precisions of the strata
-- judged so far weighted by their sizes in mentions (W_h = N_h / N, N their sum), with a Wilson interval on Kish's effective
-- sample size n_eff = 1 / sum(W_h^2 / n_h) (n_eff = n for a proportional allocation).
local function overall(strata)
  local total, all, t = 0, 0, tally()
  for _, s in ipairs(strata) do
    if s.judged > 0 then total = total + s.mentions end
    all = all + s.mentions
  end
  t.mentions = all
  if total == 0 then return t end
  local p, inv = 0, 0
  for _, s in ipairs(strata) do
    for _, v in ipairs(M.VERDICTS) do t[v.name] = t[v.name] + s[v.name] end
    t.judged, t.pending = t.judged + s.judged, t.pending + s.pending
    if s.judged > 0 then
      local w = s.mentions / total
      p, inv = p + w * s.p, inv + w * w / s.judged
    end
  end
  t.p, t.n_eff = p, 1 / inv
  t.lo, t.hi = M.wilson(p * t.n_eff, t.n_eff)
  t.wrong_estimate = (1 - p) * all
  return t
end

--- M.report(files): the figures of one or more sample files (arrays of rows from M.read):
-- {designs = array per file of {strata = {...}, overall = {...}}, aliases = array sorted by
-- estimated wrong mentions, most first}. A tally holds right, wrong_sense, wrong_entity,
-- unsure, judged, pending, p, lo, hi; a stratum adds label, mentions (its size), and an
-- alias adds alias, entity, mentions and wrong_estimate = (1 - p) x mentions. A mention
-- drawn in several files counts once for its alias (the first verdict given).
function M.report(files)
  local designs, aliases, by_alias, seen = {}, {}, {}, {}
  for _, rows in ipairs(files) do
    local strata, by_label = {}, {}
    for _, r in ipairs(rows) do
      local s = by_label[r.stratum]
      if not s then
        s = tally()
        s.label, s.mentions = r.stratum, r.stratum_mentions
        by_label[r.stratum], strata[#strata + 1] = s, s
      end
      add(s, r.verdict)
      local key = r.article_id .. "\0" .. r.byte_start
      if not seen[key] or seen[key] == "" then
        local a = by_alias[r.alias]
        if not a then
          a = tally()
          a.alias, a.entity, a.mentions = r.alias, r.entity, r.alias_mentions
          by_alias[r.alias], aliases[#aliases + 1] = a, a
        end
        if seen[key] == "" then a.pending = a.pending - 1 end
        add(a, r.verdict)
        seen[key] = r.verdict
      end
    end
    for _, s in ipairs(strata) do finish(s) end
    designs[#designs + 1] = { strata = strata, overall = overall(strata) }
  end
  for _, a in ipairs(aliases) do
    finish(a)
    a.wrong_estimate = a.p and (1 - a.p) * a.mentions or 0
  end
  table.sort(aliases, function(x, y)
    if x.wrong_estimate ~= y.wrong_estimate then return x.wrong_estimate > y.wrong_estimate end
    return x.alias < y.alias
  end)
  return { designs = designs, aliases = aliases }
end

return M
