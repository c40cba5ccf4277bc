--- sahel.db: SQLite connections (C primitives in sahel.core.db) and the Lua-written
-- methods on them: db:search (full-text search of a store, ranked by bm25).
local core = require("sahel.core").db

local M = { open = core.open }

-- fts_query: the words of q as an FTS5 query: each whitespace-separated word quoted (so
-- that punctuation cannot break the syntax), all required.
local function fts_query(q)
  local parts = {}
  for w in q:gmatch("%S+") do parts[#parts + 1] = '"' .. w:gsub('"', '""') .. '"' end
  return table.concat(parts, " ")
end

local SEARCH_SQL = [[
SELECT a.id AS id, a.title AS title, a.date AS date, a.source AS source, a.url AS url,
       -bm25(articles_fts, ?3, 1.0) AS score,
       snippet(articles_fts, -1, ?4, ?5, '…', ?6) AS snippet
FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid
WHERE articles_fts MATCH ?1
ORDER BY score DESC, a.id
LIMIT ?2]]

--- build_index(db, opts): the first search of a store without a full-text index builds it,
-- saying so on stderr (unless opts.quiet) with a progress line on a terminal; true, or
-- nil, message. A database without `articles` is left to the query's own message.
local function build_index(db, opts)
  local has, msg = core.store_has_index(db)
  if has == nil then return nil, msg end
  if has or not db:first("SELECT 1 AS x FROM sqlite_master WHERE name = 'articles'") then
    return true
  end
  local p = require("sahel.cli").progress { label = "full-text index", quiet = opts.quiet }
  if not opts.quiet then
    io.stderr:write(tostring(db):match("^sahel%.Db %((.*)%)$") or "", ": no full-text index yet: building it for this first",
      " search (once; sahel.store.index or analyze.lua --index build it ahead)\n")
  end
  local ok, err = core.store_index(db, function(done, total)
    p.total = total
    p:update(done)
  end)
  p:done()
  if ok == nil then return nil, err end
  return true
end
local options = require("sahel.core").options
local SEARCH_KEYS = { "syntax", "limit", "title_weight", "open", "close", "words", "quiet" }
local COUNT_KEYS = { "syntax", "quiet" }

local COUNT_SQL = [[
SELECT count(*) AS n FROM articles_fts WHERE articles_fts MATCH ?1]]

--- db:search_count(query [, opts]): how many articles of a store match query (as
-- db:search reads it, without its limit), or nil, message. A store without a full-text
-- index gets one first (build_index).
function core.methods.search_count(db, query, opts)
  assert(type(query) == "string", "bad argument #1 to 'search_count' (string expected)")
  opts = options(opts, COUNT_KEYS) or {}
  local indexed, why = build_index(db, opts)
  if not indexed then return nil, why end
  local q = opts.syntax and query or fts_query(query)
  local ok, row, msg = pcall(db.first, db, COUNT_SQL, q)
  if not ok then return nil, tostring(row) end
  if not row then return nil, msg end
  return row.n
end

--- db:search(query [, opts]): articles of a store matching query, best first; an array of
-- {id, title, date, source, url, score (higher is better), snippet}, or nil, message. A
-- store without a full-text index gets one first (build_index).
function core.methods.search(db, query, opts)
  assert(type(query) == "string", "bad argument #1 to 'search' (string expected)")
  opts = options(opts, SEARCH_KEYS) or {}
  local indexed, why = build_index(db, opts)
  if not indexed then return nil, why end
  local q = opts.syntax and query or fts_query(query)
  local st, msg = db:prepare(SEARCH_SQL)
  if not st then return nil, msg end
  local out = {}
  local ok, e = pcall(function()
    for row in st:rows(q, opts.limit or 20, opts.title_weight or 2.0, opts.open or "[",
                       opts.close or "]", opts.words or 16) do
      out[#out + 1] = row
    end
  end)
  st:close()
  if not ok then return nil, tostring(e) end
  return out
end

return require("sahel.must").add(M, { "open" })
