--- sahel.report.words: the data of report.html's word panels, counted from a store (the
-- articles and mentions the main job wrote) in one pass of sahel.terms.count: the top terms
-- of each period, and the key terms of the articles mentioning each of the most mentioned
-- entities against the other articles. Each article is analyzed once and counted in the
-- slice of its period ("p:2015-07") and in the slice of each top entity it mentions
-- ("e:mali"): an entity's key terms are its slice against the period slices, nested.
local sahel = require "sahel"

local M = {}

--- defaults of compute's options.
M.defaults = { terms = 100, keyness = 50, entities = 5, periods = 12, min_count = 5,
               threads = 1 }

--- KEYS: the options of compute.
local KEYS = { "by", "terms", "keyness", "entities", "periods", "min_count", "threads", "warn" }

--- COARSER: the next coarser period of each (the panel coarsens until it has few periods).
local COARSER = { day = "month", week = "month", month = "year" }

--- date_counts(db): the articles of each date of the store ({date, n}; date nil: undated).
local function date_counts(db)
  local out = {}
  for r in db:rows("SELECT date, count(*) AS n FROM articles GROUP BY date") do
    out[#out + 1] = { date = r.date, n = r.n }
  end
  return out
end

--- periods_of(dates, by): the set of periods of `by` the dated articles fall in, and how many.
local function periods_of(dates, by)
  local set, n = {}, 0
  for _, d in ipairs(dates) do
    local p = d.date and sahel.cooc.period(by, d.date)
    if p and not set[p] then set[p], n = true, n + 1 end
  end
  return set, n
end

--- panel_period(dates, by, max): by, or the first coarser period with at most max periods
-- (a year, the coarsest, whatever their number).
local function panel_period(dates, by, max)
  while COARSER[by] and select(2, periods_of(dates, by)) > max do by = COARSER[by] end
  return by
end

--- mentioning(db, ids): article id -> the slices "e:ID" of the entities of ids it
-- mentions, for the articles mentioning any.
local function mentioning(db, ids)
  local out = {}
  if #ids == 0 then return out end
  local sql = "SELECT DISTINCT article_id, entity_id FROM mentions WHERE entity_id IN (" ..
    string.rep("?", #ids, ",") .. ") ORDER BY article_id, entity_id"
  for r in db:rows(sql, table.unpack(ids)) do
    local list = out[r.article_id] or {}
    out[r.article_id] = list
    list[#list + 1] = "e:" .. r.entity_id
  end
  return out
end

--- slice_map(db, by, ids): article id -> its slices (its period's "p:PERIOD", then the
-- entities of ids it mentions), and the periods seen (sorted; undated articles are in
-- period "unknown").
local function slice_map(db, by, ids)
  local ents = mentioning(db, ids)
  local map, seen, periods = {}, {}, {}
  for r in db:rows("SELECT id, date FROM articles") do
    local p = r.date and sahel.cooc.period(by, r.date) or "unknown"
    if not seen[p] then seen[p] = true; periods[#periods + 1] = p end
    local e = ents[r.id]
    if e then table.insert(e, 1, "p:" .. p) end
    map[r.id] = e or "p:" .. p
  end
  table.sort(periods)
  return map, periods
end

--- period_terms(t, periods, n): for each dated period, {period, words, terms} with its n
-- most frequent terms ({term, count, articles, per_10k}).
local function period_terms(t, periods, n)
  local out = {}
  for _, p in ipairs(periods) do
    if p ~= "unknown" then
      out[#out + 1] = { period = p, words = t:words("p:" .. p),
        terms = t:rows { slice = "p:" .. p, top = n } }
    end
  end
  return out
end

--- entity_keyness(t, ids, periods, o): for each entity of ids, {entity, words, terms}: the
-- terms over-represented in the articles mentioning it against the other articles (G2 > 0,
-- at least o.min_count occurrences in both, the o.keyness strongest); an entity whose
-- articles are every article has no terms.
local function entity_keyness(t, ids, periods, o)
  local all, targets = {}, {}
  for i, p in ipairs(periods) do all[i] = "p:" .. p end
  for i, id in ipairs(ids) do targets[i] = "e:" .. id end
  local each = sahel.terms.keyness_each(t, targets, { reference_slice = all, nested = true,
    min_count = o.min_count, top = o.keyness })
  local out = {}
  for i, id in ipairs(ids) do
    local kept = {}
    for _, r in ipairs(each[i].rows or {}) do
      if r.g2 > 0 then kept[#kept + 1] = r end
    end
    out[i] = { entity = id, words = t:words(targets[i]), terms = kept }
  end
  return out
end

--- compute(db, corpus, ids, opts): the word panels' data {by, terms, keyness} of the store
-- db whose articles corpus reads (sahel.corpus.open of the store), ids the entities whose
-- key terms are wanted (most mentioned first; the first opts.entities are kept). opts
-- (M.defaults): by (the period wanted: "month"...; coarsened to month, then year, while
-- there are more than opts.periods periods), terms (per period), keyness (per entity),
-- min_count, threads, warn. Bundled stopwords (ar, en, fr). nil, message when counting fails.
function M.compute(db, corpus, ids, opts)
  require("sahel.core").options(opts, KEYS)
  local o = {}
  for k, v in pairs(M.defaults) do o[k] = v end
  for k, v in pairs(opts or {}) do o[k] = v end
  local top = table.move(ids, 1, math.min(#ids, o.entities), 1, {})
  local by = panel_period(date_counts(db), o.by or "month", o.periods)
  local map, periods = slice_map(db, by, top)
  local t, msg = sahel.terms.count(corpus, { by = map, stopwords = true, threads = o.threads,
    warn = o.warn })
  if not t then return nil, msg end
  local data = { by = by, terms = period_terms(t, periods, o.terms),
                 keyness = entity_keyness(t, top, periods, o) }
  t:close()
  return data
end

return M
