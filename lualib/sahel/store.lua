--- sahel.store: the SQLite store of a corpus: articles, mentions, entities, aliases and,
-- when asked for, a full-text index (docs/formats.md, "Outputs: the SQLite store"). The C
-- primitives live in sahel.core.db (store_init, store_index, ingest); this module says
-- where articles come from.
local core = require("sahel.core").db
local db_mod = require "sahel.db"

local M = {}

-- is_corpus: whether v is a sahel.Corpus (which the C side reads on its own thread).
local function is_corpus(v)
  local mt = type(v) == "userdata" and getmetatable(v)
  return type(mt) == "table" and mt.__name == "sahel.Corpus"
end

-- articles_of: what core.ingest reads: a sahel.Corpus, or a function giving the articles
-- of corpus one by one, then nil. corpus: a sahel.Corpus, a path (opened with
-- sahel.corpus.open), a function, an array of article tables, or an object with
-- :articles().
local function articles_of(corpus)
  local t = type(corpus)
  if t == "function" or is_corpus(corpus) then return corpus end
  if t == "string" then
    local c, msg = require("sahel.corpus").open(corpus)
    if not c then error(msg, 3) end
    return c
  end
  if type(corpus) == "table" and getmetatable(corpus) == nil then
    local i = 0
    return function()
      i = i + 1
      return corpus[i]
    end
  end
  local ok, f, s, c = pcall(function() return corpus:articles() end)
  if not ok then error("bad argument #2 to 'ingest' (corpus expected, got " .. t .. ")", 3) end
  return function()
    local a = f(s, c)
    c = a
    return a
  end
end

--- open(path [, opts]): a database (sahel.db.open) holding the store's schema; nil, message.
function M.open(path, opts)
  local db, msg = db_mod.open(path, opts)
  if not db then return nil, msg end
  if not (opts and opts.readonly) then
    local ok, err = core.store_init(db)
    if not ok then
      db:close()
      return nil, err
    end
  end
  return db
end

--- init(db): create the store's schema in db when absent; true, or nil, message.
function M.init(db) return core.store_init(db) end

-- on_store(db, fn, ...): pcall(fn, db, ...) where db is a database, or a path opened with
-- M.open for the call and closed after it; returns pcall's results (true, nil, message
-- when the path cannot be opened).
local function on_store(db, fn, ...)
  local owned
  if type(db) == "string" then
    local msg
    owned, msg = M.open(db)
    if not owned then return true, nil, msg end
    db = owned
  end
  local ok, a, b = pcall(fn, db, ...)
  if owned then owned:close() end
  return ok, a, b
end

--- index(db [, opts]): build the full-text index of the store db (a database, or a path
-- opened with M.open) when it has none; later ingests keep it up to date. opts.progress:
-- a function called with (articles indexed, total) as the build goes. true when built,
-- false when it was there already, or nil, message.
function M.index(db, opts)
  require("sahel.core").options(opts, { "progress" })
  local ok, built, msg = on_store(db, core.store_index, opts and opts.progress)
  if not ok then error(built, 2) end
  return built, msg
end

--- ingest(db, corpus, gaz [, opts]): write the articles of corpus (see articles_of) and
-- their mentions of gaz (a sahel gazetteer, or nil for articles only) into db (a database,
-- or a path opened with M.open). Incremental: unchanged articles are skipped. opts: batch
-- (articles per transaction, 500), threads (workers; default the machine's cores), round
-- (articles read between two calls of progress, 1024), force (analyze every article
-- again), demonyms, kwic, with_demonyms, warn (function for warnings), progress (function
-- called with the counts so far after each round). Returns the counts {seen, inserted,
-- replaced, skipped, mentions, no_id, bytes, with_demonyms}, or nil, message.
function M.ingest(db, corpus, gaz, opts)
  local src = articles_of(corpus)
  local ok, stats, msg = on_store(db, core.ingest, src, gaz, opts)
  if type(corpus) == "string" then src:close() end
  if not ok then error(stats, 2) end
  return stats, msg
end

return require("sahel.must").add(M, { "open" })
