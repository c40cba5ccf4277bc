--- sahel.terms: term frequencies, keyness and collocations (TEXT-SPEC §9). The C primitives
-- (sahel.core.terms) count terms over a corpus with the threaded pipeline and compute the
-- measures; this module adds the policy: option checks, the bundled stopword lists, top-N,
-- and "the rest of the corpus" as a keyness reference.
local core = require("sahel.core").terms
local options = require("sahel.core").options

local M = {}

-- Terms: the methods of sahel.Terms tables (C methods plus those below).
local Terms = core.methods
local c_rows, c_collocations = Terms.rows, Terms.collocations

-- The options each function takes (an unknown key raises, naming the nearest).
local COUNT_KEYS = { "n", "by", "stopwords", "stem", "clitics", "threads", "warn", "top",
                     "max_terms" }
local ROWS_KEYS = { "slice", "n", "min_count", "top" }
local COLLOCATIONS_KEYS = { "slice", "min_count", "top" }
local KEYNESS_KEYS = { "slice", "reference_slice", "nested", "n", "min_count", "top" }
local EACH_KEYS = { "reference_slice", "nested", "n", "min_count", "top" }

M.languages = { "ar", "en", "fr" }

--- pattern(pattern, opts) -> Pattern | nil, message: a compiled word pattern for key words
-- in context (sahel.kwic); opts: glob, regex, surface, clitics.
M.pattern = core.pattern

--- stopwords(langs): the bundled stopword list(s) of langs ("ar", "en", "fr", a comma list
-- "ar,fr", an array of codes, or true for all three) as an array of words, or nil, message.
function M.stopwords(langs)
  if langs == true then langs = M.languages end
  if type(langs) == "string" then
    local list = {}
    for code in langs:gmatch("[^,%s]+") do list[#list + 1] = code end
    langs = list
  end
  local words = {}
  local dir = (require("sahel.core").datadir or ".") .. "/datasets/stopwords/"
  for _, code in ipairs(langs) do
    if not code:match("^%a%a$") then return nil, "unknown stopword list '" .. code .. "'" end
    local f, err = io.open(dir .. code .. ".txt", "r")
    if not f then return nil, "no stopword list for '" .. code .. "': " .. err end
    for line in f:lines() do
      local w = line:match("^%s*(.-)%s*$")
      if w ~= "" and w:sub(1, 1) ~= "#" then words[#words + 1] = w end
    end
    f:close()
  end
  return words
end

-- stop_words(v): the stopwords option as an array of words: true (every bundled list), a
-- string of language codes ("ar,fr"), or an array of words; raises on a bad value.
local function stop_words(v)
  if v == nil or v == false or type(v) == "table" then return v or nil end
  if v ~= true and type(v) ~= "string" then
    error("bad option 'stopwords' (true, language codes or an array of words expected)", 4)
  end
  local words, err = M.stopwords(v)
  if not words then error("bad option 'stopwords' (" .. err .. ")", 4) end
  return words
end

--- MAX_TERMS: the distinct terms a table holds per thread by default when counting with
-- top (about 100 bytes each).
M.MAX_TERMS = 1000000

--- stemmers: the Snowball algorithms `stem` may name ("arabic", "english", "french", ...).
M.stemmers = core.stemmers

-- check_stem(v): raise (at the caller of count) for a stem option naming no Snowball
-- algorithm.
local function check_stem(v)
  if type(v) ~= "string" then return end
  local known = {}
  for _, name in ipairs(M.stemmers) do known[name] = true end
  for name in (v .. ","):gmatch("([^,]*),") do
    if not known[name] then
      error("bad option 'stem' (unknown stemmer '" .. name .. "'; Snowball's: " ..
        table.concat(M.stemmers, ", ") .. ")", 3)
    end
  end
end

--- count(corpus, opts) -> Terms | nil, message
-- opts: n (1..3: n-grams up to n, default 1), by ("day", "week", "month", "year",
-- "source", or a table article id -> a slice name or an array of them: the articles it
-- names only, each counted in each of its slices), stopwords (true = the bundled ar, en and fr lists, a string of language codes
-- "ar,fr", or an array of words), stem (true = Snowball Arabic, or algorithm names
-- "arabic,french"), clitics (true, or a table counted with clitics whose words to strip
-- toward are reused), threads (default 0, every core), warn (function), top (keep only
-- the top terms of each slice and size, exact, counted in bounded memory), max_terms (the
-- most distinct terms a table holds per thread: with top, more passes; without, a failure).
function M.count(corpus, opts)
  opts = options(opts, COUNT_KEYS) or {}
  check_stem(opts.stem)
  return core.count(corpus, { n = opts.n, by = opts.by, threads = opts.threads,
                              warn = opts.warn, stopwords = stop_words(opts.stopwords),
                              stem = opts.stem, clitics = opts.clitics, top = opts.top,
                              max_terms = opts.max_terms or (opts.top and M.MAX_TERMS) })
end

--- t:rows(opts) -> array of {term, n, count, articles, per_10k}, by count desc then term
-- opts: slice (a name or an array of names; default: every slice summed), n (1..3; default
-- every size), min_count (default 1), top (keep the first top rows).
function Terms:rows(opts)
  opts = options(opts, ROWS_KEYS) or {}
  return c_rows(self, opts.slice, opts.n or 0, opts.min_count or 1, opts.top or 0)
end

--- t:collocations(opts) -> array of {x, y, count, lambda, z, pmi, g2}, by z desc | nil, msg
-- opts: slice, min_count (default 1), top. The table must count n >= 2.
function Terms:collocations(opts)
  opts = options(opts, COLLOCATIONS_KEYS) or {}
  local rows, err = c_collocations(self, opts.slice, opts.min_count or 1)
  if rows and opts.top then
    for i = #rows, opts.top + 1, -1 do rows[i] = nil end
  end
  return rows, err
end

-- rest(t, slice): the slices of t other than slice (a name or an array of names).
local function rest(t, slice)
  local skip = {}
  for _, s in ipairs(type(slice) == "table" and slice or { slice }) do skip[s] = true end
  local kept = {}
  for _, s in ipairs(t:slices()) do
    if not skip[s] then kept[#kept + 1] = s end
  end
  return kept
end

--- collocation(n11, nx, ny, N) -> {lambda, z, pmi, g2}: the measures of TEXT-SPEC §9 of a
-- pair x y seen n11 times, where x starts nx of the N pairs and y ends ny of them (as
-- t:collocations computes them); raises unless 0 <= n11 <= nx, ny <= N.
M.collocation = core.colloc

--- keyness(target, reference, opts) -> rows {term, n, a, b, g2, chi2, log_ratio} sorted by
-- G2 desc then term, plus the word totals c_t and c_r | nil, message
-- target and reference are Terms tables; reference may be nil (then target's own table is
-- the reference). opts: slice (of target; default every slice), reference_slice (of
-- reference; default every slice, or, when reference is nil, every slice but `slice`),
-- nested (the reference holds the target too, e.g. the whole corpus: the target's counts
-- and words are subtracted from it), n (1..3, default 1; 0 = every size), min_count (on
-- a + b), top.
function M.keyness(target, reference, opts)
  opts = options(opts, KEYNESS_KEYS) or {}
  local rslice = opts.reference_slice
  if reference == nil then
    reference = target
    if rslice == nil then
      if opts.slice == nil then error("keyness: a target slice or a reference is needed", 2) end
      rslice = rest(target, opts.slice)
    end
  end
  return core.keyness(target, opts.slice, reference, rslice, opts.n or 1, opts.nested,
                      opts.min_count, opts.top)
end

--- keyness_each(t, targets, opts) -> for each slice selection of the array targets,
-- {rows, c_t, c_r} as keyness(t, t, {slice = target, ...}) gives them, or {error = message}
-- opts: reference_slice (default every slice), nested, n, min_count, top. The reference's
-- terms are summed once for every target (an entity's articles against the whole corpus,
-- for many entities).
function M.keyness_each(t, targets, opts)
  opts = options(opts, EACH_KEYS) or {}
  return core.keyness_each(t, targets, opts.reference_slice, opts.n or 1, opts.nested,
                           opts.min_count, opts.top)
end

local OF_ENTITY_KEYS = { "context", "by", "n", "stopwords", "stem", "clitics", "demonyms",
                         "min_count", "top", "threads", "warn" }

--- of_entity(corpus, gaz, id, opts) -> rows, target, whole | nil, message
-- The words of an entity: the keyness of the terms of entity id's contexts (its sentences,
-- or `context` words each side of each mention; the mentions themselves left out) against
-- the rest of the corpus, per slice when `by` is given ("year": how it changed). Rows
-- {slice, term, n, a, b, g2, chi2, log_ratio}, by slice then G2 descending; slices where
-- either side has no words are left out. target and whole are the two sahel.Terms tables
-- (the entity's contexts; every article). opts: context ("sentence" default, or a number),
-- by, n (1), stopwords, stem, clitics, demonyms, min_count (on a + b, default 1), top (per
-- slice), threads, warn.
function M.of_entity(corpus, gaz, id, opts)
  opts = options(opts, OF_ENTITY_KEYS) or {}
  check_stem(opts.stem)
  local target, whole = core.of_entity(corpus, gaz, id, { context = opts.context, by = opts.by,
    n = opts.n, stopwords = stop_words(opts.stopwords), stem = opts.stem,
    clitics = opts.clitics, demonyms = opts.demonyms, threads = opts.threads, warn = opts.warn })
  if not target then return nil, whole end
  local rows = {}
  for _, slice in ipairs(target:slices()) do
    local part = M.keyness(target, whole, { slice = slice, reference_slice = slice,
      nested = true, n = opts.n or 1, min_count = opts.min_count, top = opts.top })
    for _, r in ipairs(part or {}) do
      r.slice = slice
      rows[#rows + 1] = r
    end
  end
  return rows, target, whole
end

return M
