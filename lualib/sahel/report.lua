--- sahel.report: report.html, one self-contained page (no network, no external script or
-- style) that shows an analysis: corpus summary, top entities by type, an NPMI heatmap, the
-- network of the strongest pairs, mentions per period and a KWIC sample per entity.
-- The page is built from a plain data table (see docs/api.md `sahel.report.html`), so a
-- custom script can fill it from anything: the main job's results, or a sahel.sqlite file.
local H = require "sahel.report.html"
local S = require "sahel.report.svg"
local outdir = require "sahel.report.outdir"
local labels = require "sahel.report.labels"
local order = require "sahel.report.order"
local periods_of = require "sahel.report.periods"

local M = {}

--- Defaults of the page's selections (each can be set in opts).
M.defaults = { bars = 10, heatmap = 15, edges = 40, table = 20, series = 8, kwic = 5, seed = 42,
               lang = "en", terms = 10, keyness = 10, communities = 8, members = 12,
               candidates = 15 }

--- cluster_order(entities, npmi): the heatmap's default order (sahel.report.order.clusters);
-- opts.order replaces it.
M.cluster_order = order.clusters
--- community_order(entities, npmi): grouped by network community, then clustered
-- (sahel.report.order.communities).
M.community_order = order.communities

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

--- count_text(n, L): a count for running text, its thousands grouped ("12,345"; L.thousands
-- separates them).
local function count_text(n, L)
  local s, k = H.num(n), 0
  if not s:match("^%-?%d+$") then return s end
  repeat s, k = s:gsub("^(%-?%d+)(%d%d%d)", "%1" .. L.thousands .. "%2") until k == 0
  return s
end

--- SUMMARY_KEYS: the known keys of data.summary, in the order shown (each is also the key of
-- its label).
local SUMMARY_KEYS = { "articles", "sources", "date_from", "date_to", "undated", "paragraphs",
  "sentences", "tokens", "mentions", "entities", "pairs", "context", "by", "names", "corpus",
  "gazetteer" }

--- SUMMARY_WORDS: the label prefix of the summary values that are words of the interface.
local SUMMARY_WORDS = { context = "context_", by = "period_", names = "names_" }

--- summary_value(k, v, L): summary value v of key k as shown: a context, period or names
-- word in the page's language (a context of N words: a window), anything else as it is.
local function summary_value(k, v, L)
  if k == "context" and math.type(v) == "integer" then
    return string.format(L.context_window, v)
  end
  return SUMMARY_WORDS[k] and L[SUMMARY_WORDS[k] .. tostring(v)] or v
end

--- demonyms_note(d, L): the sentence saying whether demonyms were counted and how many
-- mentions they made or would add (d = data.demonyms: {counted, mentions, total}), or nil.
local function demonyms_note(d, L)
  if type(d) ~= "table" then return nil end
  local key = d.counted and "demonyms_counted" or "demonyms_not_counted"
  if d.mentions == nil or d.total == nil then return L[key .. "_plain"] end
  return string.format(L[key], count_text(d.mentions, L), count_text(d.total, L))
end

--- summary_section(data, L): the corpus summary as a definition list (data.summary is an
-- array of {label, value} or a table of the keys of SUMMARY_KEYS) and the demonyms note.
local function summary_section(data, L)
  local s, items = data.summary or {}, {}
  local rows = s[1] and s or {}
  if not s[1] then
    for _, k in ipairs(SUMMARY_KEYS) do
      if s[k] ~= nil then rows[#rows + 1] = { L[k], summary_value(k, s[k], L) } end
    end
  end
  for _, r in ipairs(rows) do
    local v = type(r[2]) == "number" and H.num(r[2]) or r[2]
    items[#items + 1] = H.el("div", nil, H.el("dt", nil, H.escape(r[1])), H.text("dd", v))
  end
  local note = demonyms_note(data.demonyms, L)
  return section("summary", L.section_corpus, nil, H.el("dl", { class = "summary" }, items),
    note and H.el("p", { class = "note demonyms" }, H.escape(note)) or "")
end

--- bars_section(data, n, L): one bar chart per entity type, its n most mentioned entities.
local function bars_section(data, n, L)
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
  return section("entities", L.section_entities, string.format(L.entities_intro, n),
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

--- heatmap_section(data, n, L, order_fn): NPMI between the n most mentioned entities, rows
-- in the order of order_fn (sahel.report.order), with its colour legend.
local function heatmap_section(data, n, L, order_fn)
  local top, pairs = top_entities(data, n), pair_index(data)
  local list = {}
  for i, e in ipairs(top) do list[i] = { id = e.id, name = display(e), community = e.community } end
  local function npmi(a, b)
    local p = pairs[a .. "\0" .. b]
    return p and (p.count or 0) > 0 and p.npmi or nil
  end
  local ordered, how = order_fn(list, npmi)
  return section("heatmap", L.section_heatmap, L.heatmap_intro .. " " .. (L[how] or how or ""),
    H.el("figure", { class = "panel" }, S.heatmap(ordered, npmi, { labels = L })))
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

--- network_section(data, n, seed, L): the network of the n strongest pairs.
local function network_section(data, n, seed, L)
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
  return section("network", L.section_network, string.format(L.network_intro, #edges, seed),
    H.el("figure", { class = "panel" }, S.network(nodes, edges, { seed = seed })))
end

--- fill_periods(periods): the sorted periods with the missing ones in between added (so
-- that the x axis is regular), when they are all years, months, ISO weeks or days.
M.fill_periods = periods_of.fill

--- timeline_series(data, n): the series {id, name, values} of the n most mentioned
-- entities, the sorted periods they have values in, and their mentions without a date.
local function timeline_series(data, n)
  local periods, seen, series, wanted, undated = {}, {}, {}, {}, 0
  for i, e in ipairs(top_entities(data, n)) do
    series[i] = { id = e.id, name = display(e), values = {} }
    wanted[e.id] = series[i]
  end
  for _, r in ipairs(data.timeline or {}) do
    local s = wanted[r.entity]
    if s and (r.period == "unknown" or r.period == nil) then
      undated = undated + r.mentions
    elseif s then
      s.values[r.period] = (s.values[r.period] or 0) + r.mentions
      if not seen[r.period] then seen[r.period] = true; periods[#periods + 1] = r.period end
    end
  end
  table.sort(periods)
  return series, M.fill_periods(periods), undated
end

--- partial_periods(data, periods, L): the periods the corpus only partly covers (from
-- data.summary's date_from to date_to) as a set, and the note's list of them.
local function partial_periods(data, periods, L)
  local s = data.summary or {}
  local first = periods_of.day_number(s.date_from)
  local last = periods_of.day_number(s.date_to)
  local set, items = {}, {}
  for _, p in ipairs(periods) do
    local covered, days = periods_of.coverage(p, first, last)
    if covered and covered < days then
      set[p] = true
      items[#items + 1] = string.format(L.partial_item, p, covered, days)
    end
  end
  return set, table.concat(items, L.list_sep)
end

--- rate_series(series, articles): the series as mentions per 100 articles of each period
-- (articles: period -> articles); periods without articles are left out (drawn as 0).
local function rate_series(series, articles)
  local out = {}
  for i, s in ipairs(series) do
    local values = {}
    for p, v in pairs(s.values) do
      local n = articles[p] or 0
      if n > 0 then values[p] = 100 * v / n end
    end
    out[i] = { id = s.id, name = s.name, values = values, counts = s.values }
  end
  return out
end

--- views(id, charts): the timeline's charts {key, label, svg}, one shown at a time: radio
-- buttons choose (no script needed), the first is shown at first.
local function views(charts)
  if #charts == 1 then return H.el("figure", { class = "panel" }, charts[1].svg) end
  local out = {}
  for i, c in ipairs(charts) do
    out[#out + 1] = H.void("input", { type = "radio", name = "timeline-view",
      id = "view-" .. c.key, checked = i == 1 })
    out[#out + 1] = H.el("label", { ["for"] = "view-" .. c.key }, H.escape(c.label))
  end
  for _, c in ipairs(charts) do
    out[#out + 1] = H.el("figure", { class = "panel view view-" .. c.key }, c.svg)
  end
  return H.el("div", { class = "views" }, out)
end

--- timeline_section(data, n, L): mentions per period of the n most mentioned entities, and
-- per 100 articles of the period when data.periods gives the articles of each; periods the
-- corpus covers in part are hatched and listed.
local function timeline_section(data, n, L)
  local series, periods, undated = timeline_series(data, n)
  local partial, partial_list = partial_periods(data, periods, L)
  local notes = { L.timeline_intro }
  if partial_list ~= "" then notes[#notes + 1] = string.format(L.partial_note, partial_list) end
  if undated > 0 then notes[#notes + 1] = string.format(L.undated_note, count_text(undated, L)) end
  local charts = { { key = "counts", label = L.view_counts, svg = S.timeline(periods, series,
    { partial = partial, mark = L.partial_mark, id = "hatch-counts", title = function(s, p, v)
      return string.format(L.count_title, s.name, p, count_text(v, L)) end }) } }
  if data.periods then
    local articles = {}
    for _, r in ipairs(data.periods) do articles[r.period] = r.articles end
    charts[2] = { key = "rates", label = L.view_rates, svg = S.timeline(periods,
      rate_series(series, articles), { partial = partial, mark = L.partial_mark,
        id = "hatch-rates", integer = false, title = function(s, p, v)
          return string.format(L.rate_title, s.name, p, H.num(v, 2),
            count_text(s.counts[p] or 0, L), count_text(articles[p] or 0, L)) end }) }
  end
  local word = L["period_" .. (data.period_name or "period")] or data.period_name
  return section("timeline", string.format(L.section_timeline, word),
    table.concat(notes, " "), views(charts))
end

--- kwic_line(r): one KWIC line: left context, match, right context, and the article's date
-- and source (its id in the tooltip).
local function kwic_line(r)
  local text = table.concat({ r.left or "", r.match or "", r.right or "" }, " ")
  return H.el("div", H.bidi(text, { class = "kwic" }),
    H.el("span", { class = "left" }, H.escape(r.left)),
    H.el("span", { class = "match" }, H.escape(r.match)),
    H.el("span", { class = "right" }, H.escape(r.right)),
    H.el("span", { class = "meta", dir = "ltr", title = r.article_id },
      H.el("span", { class = "date" }, H.escape(r.date or "")),
      (r.date and r.source) and " · " or "", H.text("bdi", r.source or "", { class = "source" })))
end

--- kwic_section(data, n, rows, L): up to `rows` KWIC lines for each of the n top entities;
-- the introduction says how they were sampled when data.kwic_seed gives the sampler's seed.
local function kwic_section(data, n, rows, L)
  local by_entity = {}
  for _, r in ipairs(data.kwic or {}) do
    local list = by_entity[r.entity_id] or {}
    by_entity[r.entity_id] = list
    if #list < rows then list[#list + 1] = r end
  end
  local parts = {}
  for _, e in ipairs(top_entities(data, n)) do
    local lines = {}
    for _, r in ipairs(by_entity[e.id] or {}) do lines[#lines + 1] = kwic_line(r) end
    parts[#parts + 1] = H.el("h3", nil, H.text("span", display(e)),
      " ", H.el("span", { class = "type" }, H.escape(e.type)))
    parts[#parts + 1] = #lines > 0 and H.el("div", { class = "kwic-list" }, lines) or
      H.el("p", { class = "none" }, H.escape(L.no_kwic))
  end
  local intro = data.kwic_seed and string.format(L.kwic_sampled, rows, data.kwic_seed) or
    string.format(L.kwic_intro, rows)
  return section("kwic", L.section_kwic, intro, parts)
end

--- pairs_section(data, n, L): the strongest pairs as a table with every measure.
local function pairs_section(data, n, L)
  local ents, rows = entity_index(data), {}
  for i, p in ipairs(M.strongest(data, n)) do
    rows[i] = { a = display(ents[p.a], p.a), b = display(ents[p.b], p.b), count = p.count,
                npmi = p.npmi, pmi = p.pmi, dice = p.dice, llr = p.llr }
  end
  return section("pairs", L.section_pairs, nil, H.table_({
    { key = "a", label = L.col_entity }, { key = "b", label = L.col_entity },
    { key = "count", label = L.col_together, numeric = true },
    { key = "npmi", label = "NPMI", numeric = true },
    { key = "pmi", label = "PMI", numeric = true },
    { key = "dice", label = "Dice", numeric = true },
    { key = "llr", label = "LLR", numeric = true },
  }, rows, { class = "data" }))
end

--- terms_section(data, n, L): the n most frequent terms of each period of data.terms, a
-- small table per period (none: no section).
local function terms_section(data, n, L)
  if not data.terms or #data.terms == 0 then return "" end
  local panels = {}
  for _, p in ipairs(data.terms) do
    local rows = {}
    for i = 1, math.min(n, #p.terms) do rows[i] = p.terms[i] end
    panels[#panels + 1] = H.el("figure", { class = "panel terms" },
      H.el("figcaption", nil, H.el("bdi", nil, H.escape(p.period))),
      H.table_({ { key = "term", label = L.col_term },
        { key = "count", label = L.col_count, numeric = true },
        { key = "per_10k", label = L.col_per_10k, numeric = true, digits = 1 } }, rows,
        { class = "data" }, "term"))
  end
  local word = L["period_" .. (data.terms_by or "period")] or data.terms_by
  return section("terms", string.format(L.section_terms, word),
    string.format(L.terms_intro, n), H.el("div", { class = "panels" }, panels))
end

--- keyness_section(data, n, L): for each entity of data.keyness, its n key terms (articles
-- mentioning it against the others), a table per entity.
local function keyness_section(data, n, L)
  if not data.keyness or #data.keyness == 0 then return "" end
  local ents, panels = entity_index(data), {}
  for _, k in ipairs(data.keyness) do
    local rows = {}
    for i = 1, math.min(n, #k.terms) do rows[i] = k.terms[i] end
    local e = ents[k.entity]
    panels[#panels + 1] = H.el("figure", { class = "panel keyness" },
      H.el("figcaption", nil, H.text("span", display(e, k.entity)), " ",
        H.el("span", { class = "type" }, H.escape(e and e.type))),
      #rows == 0 and H.el("p", { class = "none" }, H.escape(L.no_key_terms)) or
      H.table_({ { key = "term", label = L.col_term },
        { key = "a", label = L.col_with, numeric = true },
        { key = "b", label = L.col_without, numeric = true },
        { key = "g2", label = "G2", numeric = true, digits = 1 },
        { key = "log_ratio", label = L.col_log_ratio, numeric = true, digits = 2 } }, rows,
        { class = "data" }, "key"))
  end
  return section("keyness", L.section_keyness, string.format(L.keyness_intro, n),
    H.el("div", { class = "panels" }, panels))
end

--- by_centrality(a, b): the order of a community's members: strength desc, betweenness
-- desc, mentions desc, id.
local function by_centrality(a, b)
  if (a.strength or 0) ~= (b.strength or 0) then return (a.strength or 0) > (b.strength or 0) end
  if (a.betweenness or 0) ~= (b.betweenness or 0) then
    return (a.betweenness or 0) > (b.betweenness or 0)
  end
  return by_mentions(a, b)
end

--- communities(data): the network communities of data.entities ({id, members (by
-- centrality), mentions}), community 1 (the largest) first.
local function communities(data)
  local by_id, list = {}, {}
  for _, e in ipairs(data.entities or {}) do
    local c = e.community
    if c then
      if not by_id[c] then
        by_id[c] = { id = c, members = {}, mentions = 0 }
        list[#list + 1] = by_id[c]
      end
      table.insert(by_id[c].members, e)
      by_id[c].mentions = by_id[c].mentions + (e.mentions or 0)
    end
  end
  table.sort(list, function(a, b) return a.id < b.id end)
  for _, c in ipairs(list) do table.sort(c.members, by_centrality) end
  return list
end

--- member_item(e, central, L): one member of a community: its name (in bold when central;
-- isolated in a <bdi>, so that the list keeps the page's direction), its strength, degree
-- and betweenness in the tooltip.
local function member_item(e, central, L)
  local tip = string.format(L.member_title, display(e), H.num(e.strength or 0),
    H.num(e.degree or 0), H.num(e.betweenness or 0, 3))
  return H.el("li", { class = central and "central" or nil, title = tip },
    H.el("bdi", nil, H.escape(display(e))))
end

--- communities_section(data, n, members, L): the n largest network communities: size,
-- mentions, the most central members first (the first three in bold), up to `members` each.
local function communities_section(data, n, members, L)
  local list = communities(data)
  if #list == 0 then return "" end
  local parts = {}
  for i = 1, math.min(n, #list) do
    local c, items = list[i], {}
    for j = 1, math.min(members, #c.members) do
      items[j] = member_item(c.members[j], j <= 3, L)
    end
    local more = #c.members - #items
    parts[#parts + 1] = H.el("div", { class = "community", ["data-community"] = c.id },
      H.el("h3", nil, H.escape(string.format(L.community_title, c.id, #c.members,
        count_text(c.mentions, L)))),
      H.el("ol", { class = "members" }, items),
      more > 0 and H.el("p", { class = "more" }, H.escape(string.format(L.community_more, more)))
        or "")
  end
  return section("communities", L.section_communities,
    string.format(L.communities_intro, #list, math.min(n, #list)),
    H.el("div", { class = "communities" }, parts))
end

--- EVIDENCE_ITEMS: the items of a candidate's evidence shown (its strongest cues).
local EVIDENCE_ITEMS = 4

--- evidence_markup(s): the first EVIDENCE_ITEMS items of an evidence string ("kind:cue=N;
-- ..."), "…" standing for the others, as markup read left to right, each cue isolated in a
-- <bdi> (an Arabic cue keeps its place before its count).
local function evidence_markup(s)
  local items = {}
  for item in tostring(s or ""):gmatch("[^;]+") do
    if #items == EVIDENCE_ITEMS then items[#items + 1] = "…"; break end
    local kind, cue, n = item:match("^%s*([^:]+):(.-)=(%d+)%s*$")
    items[#items + 1] = kind and (H.escape(kind) .. ":" .. H.el("bdi", nil, H.escape(cue)) ..
      "=" .. n) or H.escape(item:match("^%s*(.-)%s*$"))
  end
  return table.concat(items, "; ")
end

--- candidates_section(data, n, L): the n best candidates of data.candidates (names the
-- gazetteer lacks, sahel.discover), with their strongest evidence.
local function candidates_section(data, n, L)
  if not data.candidates then return "" end
  local rows = {}
  for i = 1, math.min(n, #data.candidates) do
    local c = data.candidates[i]
    rows[i] = { alias = c.alias, type = c.type, count = c.count, articles = c.articles,
                score = c.score, example = c.example, evidence = evidence_markup(c.evidence) }
  end
  return section("candidates", L.section_candidates, string.format(L.candidates_intro, n),
    #rows == 0 and H.el("p", { class = "none" }, H.escape(L.no_candidates)) or
    H.table_({ { key = "alias", label = L.col_alias }, { key = "type", label = L.col_type },
      { key = "count", label = L.col_count, numeric = true },
      { key = "articles", label = L.col_articles, numeric = true },
      { key = "score", label = L.col_score, numeric = true, digits = 2 },
      { key = "example", label = L.col_example },
      { key = "evidence", label = L.col_evidence, markup = true } },
      rows, { class = "data candidates" }, "candidate"))
end

M.STYLE = [[
body{font-family:"DejaVu Sans","Noto Sans","Noto Naskh Arabic",Arial,sans-serif;margin:0 auto;
max-width:1100px;padding:0 16px 40px;color:#222;background:#fff}
h1{font-size:1.6em;margin:.8em 0 .2em}h2{font-size:1.25em;border-bottom:1px solid #ccc;
padding-bottom:.2em;margin-top:1.6em}h3{font-size:1em;margin:1em 0 .3em}
.intro,.generated{color:#555;font-size:.92em}
dl.summary{display:grid;grid-template-columns:repeat(auto-fill,minmax(210px,1fr));gap:6px 18px}
dl.summary div{border-inline-start:3px solid #4e79a7;padding:2px 8px}
dt{font-size:.8em;color:#666}p.note{color:#555;font-size:.92em}svg{direction:ltr}
dd{margin:0;font-size:1.1em;overflow-wrap:anywhere}
.panels{display:flex;flex-wrap:wrap;gap:12px}figure.panel{margin:0;overflow-x:auto}
svg text{font-size:12px;fill:#222}svg .panel-title{font-weight:bold}svg .value,svg .axis{fill:#555}
svg .grid{stroke:#e3e3e3}svg .diag{fill:#fff;stroke:#ccc}
svg .edge{stroke:#7f7f7f;stroke-opacity:.55}
svg .node{stroke:#fff;stroke-width:1.5}svg .series{stroke-width:2}svg .node-label{font-size:11px}
svg .node-label{paint-order:stroke;stroke:#fff;stroke-width:3px;stroke-linejoin:round}
svg .dim{opacity:.15}svg .hot{stroke:#d62728;stroke-opacity:1}
table{border-collapse:collapse;font-size:.92em}td,th{padding:3px 8px;border-bottom:1px solid #eee}
td.num{text-align:end;font-variant-numeric:tabular-nums}
svg .partial-mark{font-size:10px;fill:#777;font-style:italic}svg .legend{fill:#444}
.views>input{margin:0 .3em 0 1em}.views>label{font-size:.92em;cursor:pointer}
.views>figure.view{display:none;margin-top:6px}
.views>#view-counts:checked~figure.view-counts,.views>#view-rates:checked~figure.view-rates{
display:block}
.type{color:#888;font-weight:normal;font-size:.85em}
div.kwic{display:grid;grid-template-columns:minmax(0,1fr) auto minmax(0,1fr) 15em;gap:0 .5em;
padding:2px 0;border-bottom:1px solid #f0f0f0;font-size:.95em}div.kwic .left{text-align:end}
div.kwic .match{font-weight:bold;color:#b2182b;white-space:nowrap}
div.kwic .meta{color:#777;font-size:.8em;overflow:hidden;text-overflow:ellipsis;
white-space:nowrap}
figure.terms,figure.keyness{border:1px solid #eee;padding:4px 6px}
figcaption{font-weight:bold;margin:2px 0 4px}p.none{color:#888}
.communities{display:grid;grid-template-columns:repeat(auto-fill,minmax(240px,1fr));gap:10px}
div.community{border-inline-start:3px solid #59a14f;padding:0 10px}
div.community h3{margin:.3em 0}ol.members{margin:0;padding-inline-start:1.4em}
ol.members li.central{font-weight:bold}p.more{color:#777;font-size:.85em;margin:.2em 0}
table.candidates td{vertical-align:top}
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
    kwic: count("div.kwic"), terms: count("tr.term"), keys: count("tr.key"),
    communities: count("div.community"), candidates: count("tr.candidate") };
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
  return string.format('{"bars":%d,"cells":%d,"nodes":%d,"edges":%d,"series":%d,"kwic":%d,' ..
    '"terms":%d,"keys":%d,"communities":%d,"candidates":%d}',
    n('<rect class="bar"'), n('<rect class="cell[" ]'), n('<circle class="node"'),
    n('<line class="edge"'), n('<polyline class="series"'), n('<div class="kwic"'),
    n('<tr class="term"'), n('<tr class="key"'), n('<div class="community"'),
    n('<tr class="candidate"'))
end

-- html_keys(): the options of html: those with a default, and title, generated, lang, order.
local function html_keys()
  local keys = { "title", "generated", "lang", "order" }
  for k in pairs(M.defaults) do
    if k ~= "title" and k ~= "generated" and k ~= "lang" and k ~= "order" then keys[#keys + 1] = k end
  end
  table.sort(keys)
  return keys
end

--- options(given): the page's options: M.defaults overridden by those given; an unknown
-- key raises, naming the nearest (at the caller of html).
local function options(given)
  require("sahel.core").options(given, html_keys(), 3)
  local opts = {}
  for k, v in pairs(M.defaults) do opts[k] = v end
  for k, v in pairs(given or {}) do opts[k] = v end
  return opts
end

--- html(data, opts): the page as a string. opts: title (default data.title, else the
-- language's), lang ("en", "fr", "ar": the interface's words, sahel.report.labels), bars (per
-- type), heatmap (entities), order (the heatmap's order: sahel.report.order.clusters), edges
-- (network pairs), table (rows of the pairs table), series (timeline and KWIC entities), kwic
-- (lines per entity), seed (the network's layout), generated (a
-- line under the title, e.g. the date of the run). Raises on an unknown language.
function M.html(data, opts)
  opts = options(opts)
  local L = assert(labels.get(opts.lang))
  local title = opts.title or data.title or L.title
  local body = table.concat({
    H.text("h1", title),
    opts.generated and H.el("p", { class = "generated" }, H.escape(opts.generated)) or "",
    summary_section(data, L), bars_section(data, opts.bars, L),
    heatmap_section(data, opts.heatmap, L, opts.order or M.cluster_order),
    network_section(data, opts.edges, opts.seed, L),
    communities_section(data, opts.communities, opts.members, L),
    pairs_section(data, opts.table, L),
    timeline_section(data, opts.series, L),
    terms_section(data, opts.terms, L), keyness_section(data, opts.keyness, L),
    kwic_section(data, opts.series, opts.kwic, L),
    candidates_section(data, opts.candidates, L),
  })
  return table.concat({
    '<!DOCTYPE html>\n<html', H.attrs({ lang = opts.lang, dir = L.dir }), '>\n<head>\n',
    '<meta charset="utf-8">\n',
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
  require("sahel.core").options(opts, html_keys())
  return outdir.write_file(path, M.html(data, opts))
end

--- sampler(opts): a sampler of KWIC lines spread across sources and articles
-- (sahel.report.sample.new).
M.sampler = require("sahel.report.sample").new

--- outdir(path, opts): a set of output files replaced together (sahel.report.outdir.open).
M.outdir = outdir.open
--- write_file(path, s): write the string s to path whole or not at all.
M.write_file = outdir.write_file

return M
