-- test_pipeline.lua: the one seam between Lua and the pipeline (src/lua/lx_pipeline.c):
-- every bulk binding (cooc.build, gaz:count, terms.count, store.ingest) and article.new
-- turn a Lua value into an article by the same rule, with the same messages, read the same
-- sources, parse threads and warn the same way and hand warnings over with the same text.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local core = require "sahel.core"

local gaz = sahel.gazetteer.new()
assert(gaz:add { id = "mali", alias = "Mali", type = "GPE" })
assert(gaz:add { id = "niger", alias = "Niger", type = "GPE" })

local TMP = os.tmpname()
os.remove(TMP)
assert(os.execute("mkdir -p " .. TMP))

-- The bulk paths, each running one array of articles (or texts) with opts.
local function new_store()
  local path = TMP .. "/s" .. tostring(math.random(1e9)) .. ".sqlite"
  return assert(sahel.store.open(path))
end
local PATHS = {
  cooc = function(arts, opts) return sahel.cooc.build(arts, gaz, opts) end,
  count = function(arts, opts) return gaz:count(arts, opts) end,
  terms = function(arts, opts) return core.terms.count(arts, opts) end,
  ingest = function(arts, opts)
    local db = new_store()
    local r, msg = core.db.ingest(db, arts, gaz, opts)
    db:close()
    return r, msg
  end,
  ingest_fn = function(arts, opts)
    local db, i = new_store(), 0
    local r, msg = core.db.ingest(db, function() i = i + 1; return arts[i] end, gaz, opts)
    db:close()
    return r, msg
  end,
}

-- One rule for every path: the message names the article (from 1) and the field.
T.cases("bad articles: one rule, one message", {
  { { { id = "a" }, { id = "b", title = true } },
    "article 2: field 'title' must be a string (got boolean)" },
  { { { id = 7 } }, "article 1: field 'id' must be a string (got number)" },
  { { { body = "x", date = {} } }, "article 1: field 'date' must be a string (got table)" },
  { { { body = "x", date_raw = 1 } }, "article 1: field 'date_raw' must be a string (got number)" },
  { { { body = "x", origin = false } }, "article 1: field 'origin' must be a string (got boolean)" },
  { { { body = "x" }, { body = "y", meta = "z" } },
    "article 2: field 'meta' must be a table (got string)" },
  { { { body = "x", meta = { k = {} } } },
    "article 1: field 'meta.k' must be a string or a number (got table)" },
  { { { body = "x", meta = { "v" } } },
    "article 1: field 'meta' must be a table with string keys (got number)" },
  { { { body = "x" }, { body = "y" }, true },
    "article 3: a sahel.Article or a table expected, got boolean" },
}, function(row)
  for name, run in pairs(PATHS) do
    local ok, err = pcall(run, row[1], { threads = 1 })
    T.ok(not ok, name .. " raised")
    T.ok(tostring(err):find(row[2], 1, true), name .. ": " .. tostring(err))
  end
end)

T.case("article.new: the same rule for one article", function()
  T.raises(function() sahel.article.new { title = {} } end,
    "field 'title' must be a string %(got table%)")
  T.raises(function() sahel.article.new { id = 1 } end, "field 'id' must be a string")
  local a = sahel.article.new { id = "x", date = "2025-07-28", meta = { b = "2", a = 1 } }
  T.eq(a.meta, { a = "1", b = "2" })
  T.eq(a.date, "2025-07-28")
end)

-- A table, the Article made from it and the Article's totable() are the same article.
local ARTS = {
  { id = "a1", title = "Mali", date = "2025-07-28", body = "Mali and Niger. Niger again.",
    source = "S1", meta = { lang = "en" } },
  { id = "a2", title = "Other", date = "3 August 2025", body = "Mali, Mali. Niger.",
    source = "S2" },
  { id = "a3", body = "Nothing here." },
}
local function articles() local t = {} for i, x in ipairs(ARTS) do t[i] = sahel.article.new(x) end return t end
local function totables() local t = {} for i, a in ipairs(articles()) do t[i] = a:totable() end return t end

T.case("tables, Articles and totable() count the same", function()
  for _, threads in ipairs { 1, 2, 3 } do
    local o = { threads = threads, by = "month" }
    local rows = assert(sahel.cooc.build(ARTS, gaz, o)):rows()
    T.eq(assert(sahel.cooc.build(articles(), gaz, o)):rows(), rows, "cooc articles")
    T.eq(assert(sahel.cooc.build(totables(), gaz, o)):rows(), rows, "cooc totable")
    local c1, n1 = gaz:count(ARTS, { threads = threads })
    T.eq({ gaz:count(articles(), { threads = threads }) }, { c1, n1 }, "count")
    T.eq(n1, 3)
    local t1 = assert(core.terms.count(ARTS, { threads = threads, by = "month" }))
    local t2 = assert(core.terms.count(articles(), { threads = threads, by = "month" }))
    T.eq(t2:rows {}, t1:rows {}, "terms")
    T.eq(t2:slices(), t1:slices(), "terms slices")
  end
end)

T.case("gaz:count reads texts as articles of that body", function()
  local texts, bodies = {}, {}
  for i, x in ipairs(ARTS) do texts[i], bodies[i] = x.body, { body = x.body } end
  T.eq({ gaz:count(texts) }, { gaz:count(bodies) })
  T.raises(function() sahel.cooc.build(texts, gaz) end,
    "article 1: a sahel.Article or a table expected, got string")
end)

T.case("store.ingest: an array, a function and Articles store the same rows", function()
  local function stored(src)
    local db = new_store()
    assert(core.db.ingest(db, src, gaz, { threads = 2, round = 2 }))
    local rows = {}
    for r in db:rows("SELECT id, title, date, date_raw, source, meta FROM articles ORDER BY id") do
      rows[#rows + 1] = r
    end
    db:close()
    return rows
  end
  local want = stored(ARTS)
  T.eq(#want, 3)
  T.eq(stored(articles()), want, "Articles")
  local i = 0
  T.eq(stored(function() i = i + 1; return ARTS[i] end), want, "function")
end)

T.case("sources: what each path reads, one message", function()
  T.raises(function() sahel.cooc.build(42, gaz) end, "sahel.Corpus or array of articles expected")
  T.raises(function() gaz:count(42) end, "sahel.Corpus or array of texts and articles expected")
  T.raises(function() core.terms.count(42) end, "sahel.Corpus or array of articles expected")
  T.raises(function() core.db.ingest(new_store(), 42, gaz) end,
    "sahel.Corpus, array of articles or function expected")
  local c = assert(sahel.corpus.open("datasets/sample"))
  c:close()
  for name, run in pairs(PATHS) do
    if name ~= "ingest_fn" then
      T.raises(function() run(c) end, "closed corpus", name)
    end
  end
  local holed = setmetatable({ { body = "x" }, [3] = { body = "y" } },
    { __len = function() return 3 end })
  for name, run in pairs(PATHS) do
    if name ~= "ingest_fn" then
      T.raises(function() run(holed) end,
        "article 2: a sahel.Article or a table expected, got nil", name)
    end
  end
end)

T.case("run options: one parse of threads and warn", function()
  for name, run in pairs(PATHS) do
    T.raises(function() run(ARTS, { threads = 257 }) end,
      "bad option 'threads' %(0 to 256 expected%)", name)
    T.raises(function() run(ARTS, { threads = -1 }) end, "bad option 'threads'", name)
    T.raises(function() run(ARTS, { warn = 3 }) end,
      "bad option 'warn' %(function expected, got number%)", name)
    T.ok(run(ARTS, { threads = 0 }), name .. ": threads 0 is every core")
    T.ok(run(ARTS, {}), name .. ": the default")
  end
end)

-- More than PIPELINE_WARNINGS_MAX (1000) warnings: the first ones, then one count, in the
-- same words on every path.
T.case("warnings: one hand-off, one text", function()
  local path = TMP .. "/bad.jsonl"
  local f = assert(io.open(path, "w"))
  f:write('{"id": "ok", "body": "Mali"}\n')
  for _ = 1, 1005 do f:write("{not json\n") end
  f:close()
  local runs = {
    cooc = function(c, o) return sahel.cooc.build(c, gaz, o) end,
    count = function(c, o) return gaz:count(c, o) end,
    terms = function(c, o) return core.terms.count(c, o) end,
    ingest = function(c, o) return core.db.ingest(new_store(), c, gaz, o) end,
  }
  for name, run in pairs(runs) do
    local c = assert(sahel.corpus.open(path))
    local got = {}
    assert(run(c, { threads = 2, warn = function(m) got[#got + 1] = m end }))
    T.ok(#got >= 1000, name .. ": " .. #got .. " warnings")
    local last = got[#got]
    T.ok(last:match("^%.%.%. and %d+ more warnings$"), name .. ": " .. last)
    c:close()
  end
end)

os.execute("rm -rf " .. TMP)
T.done()
