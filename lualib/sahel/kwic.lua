--- sahel.kwic: keyword-in-context rows (left, match, right) for the mentions of a
-- gazetteer's entities, ready for kwic.csv (TEXT-SPEC §8), or for any word or phrase
-- (exact, glob or regex; docs/spec.md §10), cut in C.
--
-- RTL safety: each field is cut out of the text at the edges of word tokens (a word keeps
-- its marks and joiners, so no grapheme is cut, except a combining mark typed right after a
-- space, which stays with the word it precedes); bidi embedding, override and isolate
-- controls (U+202A-U+202E, U+2066-U+2069) are removed from the fields, since a cut field
-- may hold one half of a pair; with opts.isolate each field is wrapped in U+2068 FSI ...
-- U+2069 PDI, so that a spreadsheet or terminal lays out each field on its own.

local FSI, PDI = "\u{2068}", "\u{2069}"
-- The UTF-8 of U+202A..U+202E and U+2066..U+2069.
local EMBEDDINGS, ISOLATES = "\226\128[\170-\174]", "\226\129[\166-\169]"

--- clean(s, isolate): s without bidi embeddings and isolates, wrapped in FSI/PDI if asked.
local function clean(s, isolate)
  s = s:gsub(EMBEDDINGS, ""):gsub(ISOLATES, "")
  if isolate and s ~= "" then return FSI .. s .. PDI end
  return s
end

--- kind(x): "corpus", "article", "text", "list", or nil for anything else.
local function kind(x)
  local t = type(x)
  if t == "string" then return "text" end
  local mt = getmetatable(x)
  local name = type(mt) == "table" and mt.__name
  if name == "sahel.Article" then return "article" end
  if name == "sahel.Corpus" or (t == "table" and type(x.articles) == "function") then
    return "corpus"
  end
  if t == "table" then return "list" end
  return nil
end

--- each(source, fn): fn(article_or_text, id) for every article or text of source, until fn
-- returns true (enough rows).
local function each(source, fn, id)
  local k = kind(source)
  if k == "text" then return fn(source, id) end
  if k == "article" then return fn(source, source.id or id) end
  if k == "corpus" then
    for a in source:articles() do
      if fn(a, a.id) then return true end
    end
  elseif k == "list" then
    for i, x in ipairs(source) do
      if each(x, fn, tostring(i)) then return true end
    end
  else
    error("bad source for kwic (corpus, article, string or array expected, got "
      .. type(source) .. ")", 3)
  end
end

--- kwic(source, gaz, opts) -> array of rows {article_id, entity_id, left, match, right,
-- paragraph, sentence, byte_start, byte_end}, in corpus and text order.
-- opts.entity: only this entity (default: all); opts.width: words each side (default 8);
-- opts.isolate: wrap each text field in FSI ... PDI; opts.demonyms: as gaz:mentions;
-- opts.limit: stop after this many rows.
local KEYS = { "width", "limit", "isolate", "entity", "demonyms" }

local WORD_KEYS = { "width", "limit", "isolate", "glob", "regex", "surface", "clitics",
                    "threads", "warn" }

--- words(source, pattern, opts): the rows of kwic(source, pattern, opts) for a word
-- pattern, or nil, message (an empty pattern, a bad regex).
local function words(source, pattern, opts)
  local core = require("sahel.core")
  opts = core.options(opts, WORD_KEYS) or {}
  local p <close>, err = core.terms.pattern(pattern, { glob = opts.glob, regex = opts.regex,
    surface = opts.surface, clitics = opts.clitics })
  if not p then return nil, err end
  local lopts = { width = opts.width, limit = opts.limit, threads = opts.threads,
                  warn = opts.warn }
  local rows = {}
  if kind(source) == "corpus" and getmetatable(source).__name == "sahel.Corpus" then
    rows, err = p:lines(source, lopts)
    if not rows then return nil, err end
  else
    each(source, function(x, id)
      for _, r in ipairs(assert(p:lines(x, lopts))) do
        r.article_id = r.article_id or id
        rows[#rows + 1] = r
        if opts.limit and #rows >= opts.limit then return true end
      end
    end)
  end
  for _, r in ipairs(rows) do
    r.left, r.match, r.right = clean(r.left, opts.isolate), clean(r.match, opts.isolate),
      clean(r.right, opts.isolate)
  end
  return rows
end

local function kwic(source, gaz, opts)
  if type(gaz) == "string" then return words(source, gaz, opts) end
  opts = require("sahel.core").options(opts, KEYS) or {}
  local width, limit, isolate = opts.width or 8, opts.limit, opts.isolate
  assert(math.type(width) == "integer" and width >= 0, "opts.width: a non-negative integer")
  local rows = {}
  local mopts = { entity = opts.entity, window = width, demonyms = opts.demonyms }
  each(source, function(x, id)
    for _, m in ipairs(gaz:mentions(x, mopts)) do
      rows[#rows + 1] = {
        article_id = id, entity_id = m.entity,
        left = clean(m.left or "", isolate), match = clean(m.surface, isolate),
        right = clean(m.right or "", isolate),
        paragraph = m.paragraph, sentence = m.sentence,
        byte_start = m.byte_start, byte_end = m.byte_end,
      }
      if limit and #rows >= limit then return true end
    end
  end)
  return rows
end

return kwic
