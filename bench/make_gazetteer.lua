-- bench/make_gazetteer.lua: the benchmark's gazetteers (bench/run; docs/performance.md).
--
--   sahelscript bench/make_gazetteer.lua --corpus C --large OUT.csv --huge OUT.csv
--                                        [--gold train.txt] [--min 5000] [--huge-n 100000]
--                                        [--stopwords datasets/stopwords/ar.txt]
--
-- --large: a gazetteer of at least --min aliases. From the gold mentions of a CoNLL file
--   (ANERcorp: `token TAG` lines, B-/I- tags) when given and present: every gold mention and
--   every shorter run of its words (the shorter names a real gazetteer also lists: "برند
--   جوتشولك", "جوتشولك") that neither starts nor ends with a stopword
--   (datasets/stopwords/ar.txt) and is not a single word of one or two letters, one entity
--   per distinct mention. Topped up (or, without gold, made) from word pairs of the corpus.
-- --huge: --huge-n aliases (default 100,000) of two and three words of the corpus, two
--   aliases per entity: the gazetteer whose loading time the benchmark weighs.
-- Aliases are distinct in match form, so loading them warns about nothing.
local sahel = require "sahel"

local TYPES = { PERS = "PER", LOC = "LOC", ORG = "ORG", MISC = "MISC" }

--- parse_args(argv): the options (raises with the usage on a bad argument).
local function parse_args(argv)
  local o, i = { min = 5000, huge_n = 100000, stopwords = "datasets/stopwords/ar.txt" }, 1
  local names = { ["--corpus"] = "corpus", ["--large"] = "large", ["--huge"] = "huge",
    ["--gold"] = "gold", ["--min"] = "min", ["--huge-n"] = "huge_n",
    ["--stopwords"] = "stopwords" }
  while i <= #argv do
    local k = names[argv[i]]
    if not k or not argv[i + 1] then error("make_gazetteer.lua: bad argument " .. argv[i], 0) end
    o[k] = argv[i + 1]
    i = i + 2
  end
  o.min, o.huge_n = math.tointeger(tonumber(o.min)), math.tointeger(tonumber(o.huge_n))
  assert(o.corpus and o.large and o.huge and o.min and o.huge_n, "make_gazetteer.lua: usage")
  return o
end

--- Builder: rows of one gazetteer, each alias distinct in match form.
local Builder = {}
Builder.__index = Builder

local function builder(prefix)
  return setmetatable({ prefix = prefix, rows = {}, seen = {}, entities = 0 }, Builder)
end

--- b:key(words): the match form of a list of words, or nil unless they make word and
-- number tokens only, one word at least (what a gazetteer accepts as an alias).
function Builder:key(words)
  local norms, word = {}, false
  for i, t in ipairs(sahel.text.tokenize(table.concat(words, " "))) do
    if t.kind ~= "word" and t.kind ~= "number" then return nil end
    word = word or t.kind == "word"
    norms[i] = t.norm
  end
  return word and table.concat(norms, " ") or nil
end

--- b:add(entity, type, words): one alias row unless its match form is taken; true if added.
function Builder:add(entity, ty, words)
  local key = self:key(words)
  if not key or self.seen[key] then return false end
  self.seen[key] = true
  self.rows[#self.rows + 1] = { id = entity, type = ty, alias = table.concat(words, " ") }
  return true
end

--- b:entity(): a new entity id.
function Builder:entity()
  self.entities = self.entities + 1
  return self.prefix .. self.entities
end

--- b:write(path): the rows as a gazetteer CSV file.
function Builder:write(path)
  assert(sahel.csv.write(path, self.rows, { columns = { "id", "type", "alias" }, guard = false }))
end

--- gold_mentions(path): the gold mentions of a CoNLL file: {words, type} in file order.
local function gold_mentions(path)
  local out, cur = {}, nil
  for line in io.lines(path) do
    local word, tag = line:match("^(%S+)%s+(%S+)$")
    local b, ty = (tag or ""):match("^([BI])%-(%u+)$")
    if b == "I" and cur and cur.type == ty then
      cur.words[#cur.words + 1] = word
    else
      cur = b and { words = { word }, type = ty } or nil
      if cur then out[#out + 1] = cur end
    end
  end
  return out
end

--- stopwords(path): the set of the match forms of a stopword list (one word a line).
local function stopwords(path)
  local set = {}
  for line in io.lines(path) do
    local w = line:match("^%s*(%S+)")
    if w and not w:find("^#") then set[sahel.text.normalize(w)] = true end
  end
  return set
end

--- name_like(run, stop): whether a shorter run of a mention's words could be a name: it
-- neither starts nor ends with a stopword, and a single word has three letters or more.
local function name_like(run, stop)
  local first, last = sahel.text.normalize(run[1]), sahel.text.normalize(run[#run])
  if stop[first] or stop[last] then return false end
  return #run > 1 or utf8.len(first) >= 3
end

--- add_gold(b, path, stop): every gold mention and the name-like runs of its words.
local function add_gold(b, path, stop)
  for _, m in ipairs(gold_mentions(path)) do
    local id, ty, w = b:entity(), TYPES[m.type] or "MISC", m.words
    for len = #w, 1, -1 do
      for first = 1, #w - len + 1 do
        local run = table.move(w, first, first + len - 1, 1, {})
        if len == #w or name_like(run, stop) then b:add(id, ty, run) end
      end
    end
  end
end

--- corpus_words(path, want): word tokens of the corpus's first articles, at least `want`.
local function corpus_words(path, want)
  local words, corpus = {}, assert(sahel.corpus.open(path))
  for a in corpus:articles() do
    for _, t in ipairs(sahel.text.tokenize(a.body or "")) do
      if t.kind == "word" and #t.norm >= 4 then words[#words + 1] = t.text end
    end
    if #words >= want then break end
  end
  corpus:close()
  return words
end

--- add_ngrams(b, words, n_aliases, per_entity): aliases of 2 and 3 consecutive words.
local function add_ngrams(b, words, n_aliases, per_entity)
  local id, on_entity = nil, per_entity
  for i = 1, #words - 2 do
    if #b.rows >= n_aliases then return end
    if on_entity >= per_entity then id, on_entity = b:entity(), 0 end
    local len = i % 3 == 0 and 3 or 2
    if b:add(id, "MISC", table.move(words, i, i + len - 1, 1, {})) then on_entity = on_entity + 1 end
  end
  error("make_gazetteer.lua: the corpus has too few words for " .. n_aliases .. " aliases", 0)
end

local o = parse_args(arg)
local large = builder("gold_")
if o.gold and io.open(o.gold) then add_gold(large, o.gold, stopwords(o.stopwords)) end
if #large.rows < o.min then
  add_ngrams(large, corpus_words(o.corpus, 4 * o.min), o.min, 1)
end
large:write(o.large)
local huge = builder("h_")
add_ngrams(huge, corpus_words(o.corpus, 3 * o.huge_n), o.huge_n, 2)
huge:write(o.huge)
print(string.format("%s: %d aliases; %s: %d aliases", o.large, #large.rows, o.huge,
  #huge.rows))
