--- sahel.discover: names the gazetteer does not know yet (docs/discover.md). The C counter
-- (sahel.core.terms.discover) streams the corpus through the threaded pipeline and counts
-- the 1-4 word spans that follow (or precede) the cues of datasets/discover/cues.csv:
-- titles, group and place words, reporting verbs, capitalized Latin words. This module adds
-- the policy: the cue file, which spans are names (longest stable span, not in the
-- gazetteer), how often each occurs in the whole corpus, its type, its score, the evidence,
-- and the draft gazetteer an analyst edits.
local core = require("sahel.core")
local options = core.options
local gazetteer = require("sahel.gazetteer")

local M = {}

-- What the cue kinds do: the flags of sahel.core.terms.discover, and how much a hit of
-- the kind weighs in the score and in the type vote.
local AFTER, BEFORE, MODIFIER, NEAR_PLACE, CONSTRUCT = 1, 2, 4, 8, 16
M.kinds = {
  title = { weight = 1.0 }, group = { weight = 1.0 }, place = { weight = 1.0 },
  verb = { weight = 0.5 }, modifier = { weight = 0 }, exclude = { weight = 0 },
  particle = { weight = 0 },
}
local SIDES = { [""] = AFTER, after = AFTER, before = BEFORE, both = AFTER | BEFORE }
local TYPES = { PER = true, ORG = true, GPE = true, LOC = true, EVENT = true, MISC = true }
-- The type a cue without one suggests, and the weight of that vote.
local UNTYPED = { type = "PER", vote = 0.3 }
local CAPS = { kind = "caps", cue = "Capitalized", type = "MISC", weight = 0.5 }

--- default_cues(): the path of the bundled cue list.
function M.default_cues()
  return (core.datadir or ".") .. "/datasets/discover/cues.csv"
end

-- cue_error(path, line, msg): "path:line: msg".
local function cue_error(path, line, msg)
  return string.format("%s:%d: %s", path, line, msg)
end

-- check_cue(rec, path, line): the cue record of a CSV record, or nil, message.
local function check_cue(rec, path, line)
  local cue, kind = rec.cue or "", rec.kind or ""
  local ctype, side, near = rec.type or "", rec.side or "", rec.near or ""
  local construct = rec.construct or ""
  if cue:match("^%s*$") then return nil, cue_error(path, line, "empty cue") end
  if not M.kinds[kind] then
    return nil, cue_error(path, line, "unknown kind '" .. kind
      .. "' (title, group, place, verb, modifier, exclude or particle)")
  end
  if ctype ~= "" and not TYPES[ctype] then
    return nil, cue_error(path, line, "bad type '" .. ctype
      .. "' (PER, ORG, GPE, LOC, EVENT, MISC or empty)")
  end
  if not SIDES[side] then
    return nil, cue_error(path, line, "bad side '" .. side .. "' (after, before or both)")
  end
  if near ~= "" and near ~= "place" then
    return nil, cue_error(path, line, "bad near '" .. near .. "' (place or empty)")
  end
  if construct ~= "" and construct ~= "yes" then
    return nil, cue_error(path, line, "bad construct '" .. construct .. "' (yes or empty)")
  end
  local flags = kind == "modifier" and MODIFIER or kind == "exclude" and 0 or SIDES[side]
  if near == "place" then flags = flags | NEAR_PLACE end
  if construct == "yes" then flags = flags | CONSTRUCT end
  return { cue = cue, kind = kind, type = ctype ~= "" and ctype or nil, flags = flags,
           weight = M.kinds[kind].weight, origin = path .. ":" .. line }
end

-- read_records(path): the records of a CSV file (libcsv) whose lines starting with '#' are
-- comments, as {line, rec} pairs (rec by header name), or nil, message.
local function read_records(path)
  local reader, err = core.csv.reader(path, { strict = true })
  if not reader then return nil, err end
  local header, out = nil, {}
  while true do
    local fields, line = reader:read()
    if not fields then
      reader:close()
      if line then return nil, line end
      break
    end
    if not (fields[1] or ""):match("^#") then
      if not header then
        header = fields
      elseif #fields > #header then
        reader:close()
        return nil, cue_error(path, line, #fields .. " fields, the header has " .. #header)
      else
        local rec = {}
        for i, name in ipairs(header) do rec[name] = fields[i] end
        out[#out + 1] = { line = line, rec = rec }
      end
    end
  end
  local has = {}
  for _, name in ipairs(header or {}) do has[name] = true end
  if not has.cue or not has.kind then
    return nil, path .. ": no header naming the columns cue and kind"
  end
  return out
end

--- load_cues(path) -> cues | nil, message
-- The cues of a CSV file (columns cue, kind, type, side, near, construct; '#' lines are
-- comments):
-- {list = array of cue records {cue, kind, type, flags, weight, origin}, gaz = a
-- sahel.Gazetteer of the cue phrases, flags = array of flags, particles = set of the
-- particles in match form}. Messages name path:line.
function M.load_cues(path)
  path = path or M.default_cues()
  local records, err = read_records(path)
  if not records then return nil, err end
  local cues = { list = {}, flags = {}, gaz = gazetteer.new(), particles = {} }
  local normalize = require("sahel.text").normalize
  for _, r in ipairs(records) do
    local cue, msg = check_cue(r.rec, path, r.line)
    if not cue then return nil, msg end
    if cue.kind == "particle" then
      cues.particles[normalize(cue.cue)] = true
      goto continue
    end
    local i = #cues.list + 1
    local warned
    local ok, addmsg = cues.gaz:add({ id = "cue" .. i, alias = cue.cue },
      function(w) warned = w end)
    if not ok then return nil, cue_error(path, r.line, addmsg) end
    if warned then return nil, cue_error(path, r.line, "cue '" .. cue.cue .. "' listed twice") end
    cues.list[i], cues.flags[i] = cue, cue.flags
    ::continue::
  end
  if #cues.list == 0 then return nil, path .. ": no cue" end
  return cues
end

-- The options of candidates (an unknown key raises, naming the nearest).
local KEYS = { "top", "min_count", "cues", "stopwords", "threads", "max_words", "latin_caps",
               "nisba", "max_keys", "warn", "corpus_counts", "extend" }

-- aggregate(rows, cues): the spans of the counter's rows: span -> {span, surface, words,
-- hits, articles, near_known, example, cues = {[cue record] = hits}}.
local function aggregate(rows, cues)
  local spans = {}
  for _, r in ipairs(rows) do
    local s = spans[r.span]
    if not s then
      s = { span = r.span, words = r.words, cues = {}, hits = 0, weighted = 0 }
      spans[r.span] = s
    end
    if r.cue == "all" then
      s.hits, s.articles, s.near_known, s.ext = r.hits, r.articles, r.near_known, r.extended
      s.example, s.surface = r.example, r.surface
    else
      local cue = r.cue == "caps" and CAPS or cues.list[r.cue]
      s.cues[cue] = (s.cues[cue] or 0) + r.hits
      if r.before then s.left = (s.left or 0) + r.hits end
      s.weighted = s.weighted + r.hits * cue.weight
    end
  end
  return spans
end

-- type_of(s): the type most of s's weighted cues suggest (ties: PER, ORG, GPE, LOC...).
local ORDER = { "PER", "ORG", "GPE", "LOC", "EVENT", "MISC" }
local function type_of(s)
  local votes = {}
  for cue, hits in pairs(s.cues) do
    local t, w = cue.type, cue.weight
    if not t then t, w = UNTYPED.type, UNTYPED.vote end
    votes[t] = (votes[t] or 0) + hits * w
  end
  local best, most = "MISC", 0
  for _, t in ipairs(ORDER) do
    if (votes[t] or 0) > most then best, most = t, votes[t] end
  end
  return best
end

-- evidence_of(s): "title:الرئيس=12; verb:قال=3; with known=10" (cues by hits desc).
local function evidence_of(s)
  local list = {}
  for cue, hits in pairs(s.cues) do list[#list + 1] = { cue = cue, hits = hits } end
  table.sort(list, function(a, b)
    if a.hits ~= b.hits then return a.hits > b.hits end
    return a.cue.cue < b.cue.cue
  end)
  local parts = {}
  for _, x in ipairs(list) do
    parts[#parts + 1] = string.format("%s:%s=%d", x.cue.kind, x.cue.cue, x.hits)
  end
  parts[#parts + 1] = string.format("with known=%d", s.near_known or 0)
  if s.z then parts[#parts + 1] = string.format("sticks z=%.1f", s.z) end
  if s.count then parts[#parts + 1] = string.format("cue share=%.2f", s.share) end
  return table.concat(parts, "; ")
end

-- AL: the definite article in match form.
local AL = "\u{627}\u{644}"

-- alternates(span): the forms that say span is not a name when the corpus holds them
-- more often than its first word: for a one-word span, the word with the definite article
-- toggled ("مصدر" <-> "المصدر": a word that takes the article either way is a common
-- noun); and the first word without its proclitics ("والشعب" -> "الشعب", "بالديوان" ->
-- "الديوان").
local function alternates(span)
  local first, rest = span:match("^(%S+)(.*)$")
  local out = {}
  if rest == "" and not span:find("^%w") then
    if span:sub(1, #AL) ~= AL then out[1] = AL .. span
    elseif utf8.len(span) >= #AL / 2 + 2 then out[1] = span:sub(#AL + 1) end
  end
  local forms = require("sahel.text").clitic_forms(first)
  for i = 2, #forms do out[#out + 1] = forms[i] end
  return out, first
end

-- counted(forms, source, opts): form -> {mentions, articles} in the whole corpus, each
-- form matched as a gazetteer alias is (match form, proclitics, leftmost longest among
-- the forms), counted in C; or nil, message.
local function counted(forms, source, opts)
  local g, ids = gazetteer.new(), {}
  for _, form in ipairs(forms) do
    if not ids[form] and g:add({ id = "f" .. (#ids + 1), alias = form }, function() end) then
      ids[#ids + 1] = form
      ids[form] = "f" .. #ids
    end
  end
  local counts, err = g:count(source, { threads = opts.threads, warn = function() end })
  g:close()
  if not counts then return nil, err end
  local out = {}
  for _, form in ipairs(ids) do out[form] = counts[ids[form]] end
  return out
end

-- parent_of(s, spans): the span s nests in (s without its last word; without its first
-- for spans mostly counted before a cue), if counted.
local function parent_of(s, spans)
  if s.words < 2 then return nil end
  if (s.left or 0) * 2 > s.hits then return spans[s.span:match("^[^ ]+ (.*)$")] end
  return spans[s.span:match("^(.*) [^ ]+$")]
end

-- nest(spans, ratio): keep, of a span and its one-word-longer extension, the extension
-- when the corpus holds it at least ratio times as often as the span ("عمر البشير" over
-- "عمر"), else the span (and every longer extension of the rejected one). An extension
-- ending with a particle (محمد بن) is never kept: its span stays until a longer one that
-- does not end so is kept ("محمد بن راشد" over "محمد").
local function nest(spans, ratio)
  local by_words = { {}, {}, {}, {} }
  for _, s in pairs(spans) do table.insert(by_words[s.words], s) end
  for k = 2, 4 do
    table.sort(by_words[k], function(a, b) return a.span < b.span end)
    for _, s in ipairs(by_words[k]) do
      local p = parent_of(s, spans)
      if p and (p.rejected or s.total < ratio * p.total) then
        s.rejected = true
      elseif p then
        s.strong = p
        if not s.cut then
          local q = p
          q.subsumed = true
          while q.cut and q.strong do q = q.strong; q.subsumed = true end
        end
      end
    end
  end
end

-- totals(spans): each span's total: its own corpus count plus those of its extensions
-- (longest first), the count of the words as a prefix in the corpus.
local function totals(spans)
  local list = {}
  for _, s in pairs(spans) do s.total = s.count; list[#list + 1] = s end
  table.sort(list, function(a, b) return a.words > b.words end)
  for _, s in ipairs(list) do
    local p = parent_of(s, spans)
    if p then p.total = p.total + s.count end
  end
end

-- surnames(spans): the last words of the names of persons (type PER, 2 words or more) as
-- spans of their own ("بوش" of "جورج بوش"), for the articles that name them so.
local function surnames(spans)
  local out = {}
  for _, s in pairs(spans) do
    local last = s.words > 1 and s.type == "PER" and s.span:match(" ([^ ]+)$")
    if last and not spans[last] and utf8.len(last) and utf8.len(last) >= 3 then
      local x = out[last]
      if not x or x.of.weighted < s.weighted or
         (x.of.weighted == s.weighted and s.span < x.of.span) then
        out[last] = { span = last, words = 1, cues = {}, of = s, hits = 0, weighted = 0,
                      near_known = 0, type = "PER" }
      end
    end
  end
  return out
end

-- stickiness(spans, words): each multiword span's z (TEXT-SPEC §9, the collocation
-- measure of sahel.terms.collocation) as the pair of its prefix and its last word: n11 its corpus
-- count, the prefix's count, the last word's (alone or in the span), over the corpus's
-- words.
local function stickiness(spans, words)
  local colloc = require("sahel.terms").collocation
  for _, s in pairs(spans) do
    local p = s.words > 1 and spans[s.span:match("^(.*) [^ ]+$")]
    if p and s.total > 0 then
      local n11 = s.total
      local nx, ny = math.max(p.total, n11), math.max((s.last_count or 0) + n11, n11)
      s.z = colloc(n11, nx, ny, math.max(words, nx + ny - n11)).z
    end
  end
end

-- surname_of(x): whether the surname x stands for its name: the name was kept and the
-- word alone is not much more frequent than the name (not "الثاني" of "عبدالله الثاني").
local function surname_of(x)
  local name = x.of
  return not (name.rejected or name.subsumed) and x.count <= 3 * name.total
end

-- with_counts(spans, source, opts): set count and articles_all of each span (its corpus
-- mentions) and alt_count (those of its alternate); adds the surnames found; true or nil,
-- message.
local function with_counts(spans, source, opts)
  local extra = surnames(spans)
  local forms = {}
  for _, set in ipairs({ spans, extra }) do
    for span, s in pairs(set) do
      forms[#forms + 1] = span
      s.alts, s.first = alternates(span)
      for _, a in ipairs(s.alts) do forms[#forms + 1] = a end
      if s.words > 1 then forms[#forms + 1] = s.first end
      s.last = s.words > 1 and span:match(" ([^ ]+)$") or nil
      if s.last then forms[#forms + 1] = s.last end
    end
  end
  table.sort(forms)
  local counts, err = counted(forms, source, opts)
  if not counts then return nil, err end
  for _, set in ipairs({ spans, extra }) do
    for span, s in pairs(set) do
      local c = counts[span] or { mentions = 0, articles = 0 }
      s.count, s.articles_all = c.mentions, math.max(c.articles, s.articles or 0)
      s.last_count = s.last and counts[s.last] and counts[s.last].mentions or 0
      s.first_count = counts[s.first] and counts[s.first].mentions or 0
      s.alt_count = 0
      for _, a in ipairs(s.alts) do
        s.alt_count = math.max(s.alt_count, counts[a] and counts[a].mentions or 0)
      end
    end
  end
  for span, x in pairs(extra) do
    if x.count >= 2 then
      x.cues = { [{ kind = "surname", cue = x.of.surface or x.of.span, weight = 0.5 }] = x.count }
      x.weighted, x.hits, x.articles = 0.5 * x.of.weighted, x.count, x.articles_all
      x.surface = span
      x.example = x.of.example
      spans[span] = x
    end
  end
  return true
end

-- score_of(s): how much s looks like a name: its cue hits (weighted), times the share of
-- its occurrences that a cue announced, favouring names seen in several articles, less
-- for words that also take (or drop) the definite article, for spans only reporting
-- verbs announced, for spans that mostly go on into a longer one (first names) and for
-- words that do not stick together (collocation z under 5).
local function score_of(s)
  local share = math.min(1, s.hits / math.max(1, s.total))
  s.share = share
  local own = s.words > 1 and (s.first_count or 0) + s.total or s.total
  local alt = (s.alt_count or 0) / ((s.alt_count or 0) + own)
  local verbs = true
  for cue in pairs(s.cues) do verbs = verbs and cue.kind == "verb" end
  local complete = math.max(0, 1 - (s.ext or 0) / math.max(1, s.hits))
  return s.weighted * (0.25 + share) * (1 + math.log(s.articles, 2)) / (1 + math.log(s.hits, 2))
    * (1 - alt) ^ 3 * (verbs and 0.5 or 1) * (0.2 + 0.8 * complete)
    * (s.z and math.min(1, math.max(s.z, 0) / 5) or s.words > 1 and 0.5 or 1)
end

-- by_score: rows best first (score desc, then count desc, then alias).
local function by_score(a, b)
  if a.score ~= b.score then return a.score > b.score end
  if a.count ~= b.count then return a.count > b.count end
  return a.norm < b.norm
end

-- stop_words(v): the stopwords option as an array of words (default: the bundled lists).
local function stop_words(v)
  if v == false then return nil end
  if v == nil or v == true then v = "ar,en,fr" end
  if type(v) == "table" then return v end
  local words, err = require("sahel.terms").stopwords(v)
  if not words then error("bad option 'stopwords' (" .. err .. ")", 4) end
  return words
end

-- covered(gaz, span): whether the gazetteer knows span (an alias matches all of it, by
-- the matcher's rules: match form, proclitics; ambiguous and demonym aliases included).
local function covered(gaz, span)
  if not gaz then return false end
  local hit = gaz:lookup(span)
  return hit ~= nil and hit.full
end

--- candidates(corpus, gaz, opts) -> rows | nil, message
-- Names that gaz (a sahel.Gazetteer, or nil) does not know, best first: rows {alias, norm,
-- type, count, articles, hits, score, example, evidence}. corpus: a sahel.Corpus or an
-- array of sahel.Article values. opts: top (rows kept; default all), min_count (cue hits
-- at least; default 2), cues (a path or a table from load_cues; default the bundled
-- list), stopwords (true/nil = the bundled ar, en, fr lists, language codes, an array of
-- words, or false), threads (default 0, every core), max_words (1-4, default 4),
-- latin_caps (default true), nisba (default true), max_keys (memory cap of the counter,
-- default 4,000,000 spans), corpus_counts (default true: count each candidate in the
-- whole corpus; false: count = cue hits), extend (default 0.5: a span is dropped for a
-- longer one counted at least this share of its hits), warn (corpus warnings).
function M.candidates(corpus, gaz, opts)
  opts = options(opts, KEYS) or {}
  local cues, err = opts.cues, nil
  if cues == nil or type(cues) == "string" then
    cues, err = M.load_cues(cues)
    if not cues then return nil, err end
  end
  local min = opts.min_count or 2
  local rows, info = core.terms.discover(corpus, gaz, cues.gaz, cues.flags, {
    stopwords = stop_words(opts.stopwords), threads = opts.threads, min_hits = min,
    max_words = opts.max_words, latin_caps = opts.latin_caps, nisba = opts.nisba,
    max_keys = opts.max_keys or 4000000, warn = opts.warn })
  if not rows then return nil, info end
  local spans = aggregate(rows, cues)
  rows = nil
  for span, x in pairs(spans) do
    x.cut = (cues.particles or {})[span:match("([^ ]+)$")]
    if x.hits < min or x.weighted <= 0 or covered(gaz, span) then
      spans[span] = nil
    else x.type = type_of(x) end
  end
  if opts.corpus_counts ~= false then
    local ok, cerr = with_counts(spans, corpus, opts)
    if not ok then return nil, cerr end
  else
    for _, x in pairs(spans) do x.count = x.hits end
  end
  totals(spans)
  stickiness(spans, info.words)
  nest(spans, opts.extend or 0.5)
  local list = {}
  for span, x in pairs(spans) do
    if not (x.rejected or x.subsumed or x.cut or x.of and not surname_of(x)) and
       not covered(gaz, span) then
      list[#list + 1] = x
    end
  end
  local out = {}
  for _, s in ipairs(list) do
    out[#out + 1] = {
      alias = s.surface, norm = s.span, type = s.type, count = math.max(s.total, s.hits),
      articles = s.articles_all or s.articles, hits = s.hits, score = score_of(s),
      example = s.example, evidence = nil, _s = s,
    }
  end
  table.sort(out, by_score)
  if opts.top then
    for i = #out, opts.top + 1, -1 do out[i] = nil end
  end
  for _, r in ipairs(out) do r.evidence = evidence_of(r._s); r._s = nil end
  return out, { articles = info.articles, refused = info.refused, spans = #list }
end

-- The columns of candidates.csv and of the draft gazetteer.
M.columns = { "alias", "type", "count", "articles", "score", "example", "evidence" }
M.gazetteer_columns = { "id", "alias", "type", "name", "kind" }

-- slug(s, i): an ASCII id for candidate i: its Latin letters, or new_<i>.
local function slug(s, i)
  local id = s:lower():gsub("[^%w]+", "_"):gsub("^_+", ""):gsub("_+$", "")
  if id == "" or not id:match("^[a-z]") or id:find("[\128-\255]") then
    return string.format("new_%04d", i)
  end
  return id .. "_" .. i
end

--- draft(rows) -> rows of a gazetteer (TEXT-SPEC §5): id, alias, type, name, kind, one per
-- candidate, for an analyst to check, rename and append.
function M.draft(rows)
  local out = {}
  for i, r in ipairs(rows) do
    out[i] = { id = slug(r.alias, i), alias = r.alias, type = r.type, name = r.alias,
               kind = "name" }
  end
  return out
end

--- write(out, rows): candidates.csv and candidates_gazetteer.csv of rows into the output
-- set out (sahel.report.outdir); true or nil, message.
function M.write(out, rows)
  local csv = require("sahel.csv")
  local ok, err = csv.write(out:path("candidates.csv"), rows, { columns = M.columns })
  if not ok then return nil, err end
  return csv.write(out:path("candidates_gazetteer.csv"), M.draft(rows),
    { columns = M.gazetteer_columns })
end

return M
