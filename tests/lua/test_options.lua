-- test_options.lua: every documented function that takes an options table (each heading
-- of docs/api.md with `opts` among its arguments) refuses a misspelled key with an error
-- naming the key and the nearest valid one, instead of ignoring it (issue 14); options
-- are read raw (a metatable's __index is not consulted, so what is checked is what is
-- used: issue 13.1); a far-off key lists the valid ones.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local dir = T.tmpdir()
local sample = T.root .. "/datasets/sample/articles.jsonl"
local gaz = assert(sahel.gazetteer.load(sahel.datadir .. "/datasets/gazetteer/sahel.csv"))
local corpus = assert(sahel.corpus.open(sample))
local article = assert(sahel.article.load(sample))
local co = assert(sahel.cooc.build(corpus, gaz))
local terms = assert(sahel.terms.count(corpus, { n = 2 }))
local store = assert(sahel.store.open(dir .. "/store.sqlite"))
assert(sahel.store.ingest(store, corpus, gaz))
T.write(dir .. "/t.csv", "a,b\n1,2\n")
local population = assert(sahel.audit.population(corpus, gaz))
local workbook = sahel.xlsx and assert(sahel.xlsx.open(dir .. "/w.xlsx"))

-- The documented function (its heading, up to the parenthesis) -> a call with a misspelled
-- key (opts) and the key the message must suggest.
local calls = {
  ["sahel.text.normalize"] = { function(o) return sahel.text.normalize("x", o) end, { hamzza = true }, "hamza" },
  ["sahel.text.tokenize"] = { function(o) return sahel.text.tokenize("x", o) end, { engin = "icu" }, "engine" },
  ["sahel.text.sentences"] = { function(o) return sahel.text.sentences("x", o) end, { digit = true }, "digits" },
  ["sahel.text.paragraphs"] = { function(o) return sahel.text.paragraphs("x", o) end, { alefs = true }, "alef" },
  ["sahel.text.clitic_forms"] = { function(o) return sahel.text.clitic_forms("x", o) end, { yeh_ = true }, "yeh" },
  ["sahel.article.load"] = { function(o) return sahel.article.load(sample, o) end, { encodin = "utf-8" }, "encoding" },
  ["sahel.article.must_load"] = { function(o) return sahel.article.must_load(sample, o) end, { strickt = true }, "strict" },
  ["sahel.article.parse"] = { function(o) return sahel.article.parse("x", o) end, { nme = "n" }, "name" },
  ["sahel.article.must_parse"] = { function(o) return sahel.article.must_parse("x", o) end, { shap = "raw" }, "shape" },
  ["a:tokens"] = { function(o) return article:tokens(o) end, { casefld = true }, "casefold" },
  ["a:sentences"] = { function(o) return article:sentences(o) end, { stip = true }, "strip" },
  ["a:paragraphs"] = { function(o) return article:paragraphs(o) end, { nfk = true }, "nfkc" },
  ["sahel.corpus.open"] = { function(o) return sahel.corpus.open(sample, o) end, { form = "2020" }, "from" },
  ["sahel.corpus.must_open"] = { function(o) return sahel.corpus.must_open(sample, o) end, { too = "2020" }, "to" },
  ["corpus:filter"] = { function(o) return corpus:filter(o) end, { sources = "x" }, "source" },
  ["sahel.gazetteer.load"] = { function(o) return sahel.gazetteer.load(dir .. "/t.csv", o) end, { wran = print }, "warn" },
  ["sahel.gazetteer.must_load"] = { function(o) return sahel.gazetteer.must_load(dir .. "/t.csv", o) end, { stict = true }, "strict" },
  ["sahel.gazetteer.new"] = { function(o) return sahel.gazetteer.new(o) end, { hamz = true }, "hamza" },
  ["gaz:lookup"] = { function(o) return gaz:lookup("مالي", o) end, { demonym = true }, "demonyms" },
  ["gaz:mentions"] = { function(o) return gaz:mentions("مالي", o) end, { windw = 3 }, "window" },
  ["gaz:count"] = { function(o) return gaz:count(corpus, o) end, { thread = 2 }, "threads" },
  ["sahel.gazetteer.kwic"] = { function(o) return sahel.gazetteer.kwic(corpus, gaz, o) end, { widht = 3 }, "width" },
  ["sahel.kwic"] = { function(o) return sahel.kwic(corpus, gaz, o) end, { limt = 3 }, "limit" },
  ["sahel.cooc.build"] = { function(o) return sahel.cooc.build(corpus, gaz, o) end, { contxt = "paragraph" }, "context" },
  ["sahel.cooc.from_store"] = { function(o) return sahel.cooc.from_store(store, gaz, o) end, { bye = "month" }, "by" },
  ["co:select"] = { function(o) return co:select(o) end, { min_cout = 5 }, "min_count" },
  ["co:pairs"] = { function(o) return co:pairs(o) end, { srt = "npmi" }, "sort" },
  ["co:to_csv"] = { function(o) return co:to_csv(dir .. "/c.csv", o) end, { excell = true }, "excel" },
  ["co:to_graphml"] = { function(o) return co:to_graphml(dir .. "/c.graphml", o) end, { isolate = true }, "isolated" },
  ["co:to_dot"] = { function(o) return co:to_dot(dir .. "/c.dot", o) end, { top_per_nod = 2 }, "top_per_node" },
  ["co:network"] = { function(o) return co:network(o) end, { isolatd = true }, "isolated" },
  ["co:network_nodes"] = { function(o) return co:network_nodes(nil, o) end, { perod = "x" }, "period" },
  ["co:write_csv"] = { function(o) return co:write_csv(dir .. "/w.csv", nil, o) end, { mesure = "npmi" }, "measure" },
  ["co:write_graph"] = { function(o) return co:write_graph(dir .. "/w.dot", nil, o) end, { formt = "dot" }, "format" },
  ["sahel.terms.count"] = { function(o) return sahel.terms.count(corpus, o) end, { stopword = true }, "stopwords" },
  ["sahel.terms.keyness"] = { function(o) return sahel.terms.keyness(terms, terms, o) end, { nestd = true }, "nested" },
  ["sahel.terms.keyness_each"] = { function(o) return sahel.terms.keyness_each(terms, {}, o) end, { mincount = 2 }, "min_count" },
  ["t:rows"] = { function(o) return terms:rows(o) end, { min_cont = 2 }, "min_count" },
  ["sahel.terms.of_entity"] = { function(o) return sahel.terms.of_entity(corpus, gaz, "mali", o) end, { contxt = 3 }, "context" },
  ["sahel.terms.pattern"] = { function(o) return sahel.terms.pattern("x", o) end, { glb = true }, "glob" },
  ["p:lines"] = { function(o) return sahel.terms.pattern("x"):lines("x", o) end, { widht = 2 }, "width" },
  ["t:collocations"] = { function(o) return terms:collocations(o) end, { slise = "x" }, "slice" },
  ["sahel.discover.candidates"] = { function(o) return sahel.discover.candidates(corpus, gaz, o) end, { min_cont = 2 }, "min_count" },
  ["sahel.db.open"] = { function(o) return sahel.db.open(dir .. "/d.sqlite", o) end, { readonyl = true }, "readonly" },
  ["sahel.db.must_open"] = { function(o) return sahel.db.must_open(dir .. "/d.sqlite", o) end, { busy_timout = 1 }, "busy_timeout" },
  ["db:search"] = { function(o) return store:search("مالي", o) end, { limi = 3 }, "limit" },
  ["db:search_count"] = { function(o) return store:search_count("مالي", o) end, { syntx = true }, "syntax" },
  ["sahel.store.open"] = { function(o) return sahel.store.open(dir .. "/s2.sqlite", o) end, { creat = false }, "create" },
  ["sahel.store.must_open"] = { function(o) return sahel.store.must_open(dir .. "/s2.sqlite", o) end, { wall = true }, "wal" },
  ["sahel.store.index"] = { function(o) return sahel.store.index(store, o) end, { progres = print }, "progress" },
  ["sahel.report.words.compute"] = { function(o)
    return require("sahel.report.words").compute(store, assert(sahel.corpus.open(dir .. "/store.sqlite")), { "mali" }, o)
  end, { keynes = 3 }, "keyness" },
  ["sahel.report.sampler"] = { function(o) return sahel.report.sampler(o) end, { sed = 1 }, "seed" },
  ["sahel.audit.population"] = { function(o) return sahel.audit.population(corpus, gaz, o) end, { entiy = "mali" }, "entity" },
  ["sahel.audit.draw"] = { function(o) return sahel.audit.draw(population, o) end, { strat = 1 }, "strata" },
  ["sahel.audit.rows"] = { function(o) return sahel.audit.rows(corpus, gaz, population, {}, o) end, { widht = 3 }, "width" },
  ["sahel.store.ingest"] = { function(o) return sahel.store.ingest(store, corpus, gaz, o) end, { bacth = 10 }, "batch" },
  ["sahel.csv.rows"] = { function(o) return sahel.csv.rows(dir .. "/t.csv", o) end, { hedaer = false }, "header" },
  ["sahel.csv.header"] = { function(o) return sahel.csv.header(dir .. "/t.csv", o) end, { delimeter = ";" }, "delimiter" },
  ["sahel.csv.writer"] = { function(o) return sahel.csv.writer(dir .. "/o.csv", o) end, { colums = { "a" } }, "columns" },
  ["w:start_copy"] = { function(o)
    local w = assert(sahel.csv.writer(dir .. "/c.csv"))
    local c, msg = w:start_copy(store, "SELECT 1", nil, o)
    if c then c:wait() end
    w:abort()
    return c, msg
  end, { thraed = false }, "thread" },
  ["sahel.csv.write"] = { function(o) return sahel.csv.write(dir .. "/o.csv", { { a = 1 } }, o) end, { gaurd = false }, "guard" },
  ["sahel.csv.reader"] = { function(o) return sahel.csv.reader(dir .. "/t.csv", o) end, { qoute = "'" }, "quote" },
  ["sahel.xlsx.open"] = { function(o) return sahel.xlsx.open(dir .. "/x.xlsx", o) end, { max_row = 5 }, "max_rows" },
  ["sahel.xlsx.must_open"] = { function(o) return sahel.xlsx.must_open(dir .. "/x.xlsx", o) end, { max_rowz = 5 }, "max_rows" },
  ["wb:sheet"] = { function(o) return workbook:sheet("s" .. math.random(1e9), {}, o) end, { rlt = true }, "rtl" },
  ["sahel.xlsx.write"] = { function(o) return sahel.xlsx.write(dir .. "/y.xlsx", {}, o) end, { maxrows = 5 }, "max_rows" },
  ["sahel.report.outdir"] = { function(o) return sahel.report.outdir(dir .. "/od", o) end, { wrn = print }, "warn" },
  ["sahel.report.html"] = { function(o) return sahel.report.html({}, o) end, { heatmpa = 3 }, "heatmap" },
  ["sahel.report.write"] = { function(o) return sahel.report.write(dir .. "/r.html", {}, o) end, { titel = "x" }, "title" },
  ["sahel.cli.progress"] = { function(o) return sahel.cli.progress(o) end, { quite = true }, "quiet" },
  ["sahel.cli.warnings"] = { function(o) return sahel.cli.warnings(o) end, { example = 2 }, "examples" },
}

-- The documented functions with options: headings whose arguments name opts (or corpus:filter's t).
local documented = {}
for line in assert(T.read("docs/api.md")):gmatch("[^\n]+") do
  local name, args = line:match("^### ([%w_.:]+)(%b())")
  if name and (args:find("opts") or name == "corpus:filter") then documented[#documented + 1] = name end
end

T.case("every documented function with options is walked", function()
  T.ok(#documented >= 40, "headings found: " .. #documented)
  for _, name in ipairs(documented) do T.ok(calls[name], name .. " has no call in this test") end
end)

T.cases("a misspelled option is refused, naming the nearest valid one", documented, function(name)
  local call = calls[name]
  if not call then return end
  local fn, opts, near = call[1], call[2], call[3]
  local key = next(opts)
  local ok, msg = pcall(fn, opts)
  T.eq(ok, false, name .. ": refused")
  T.ok(tostring(msg):find(string.format("unknown option '%s' (did you mean '%s'?)", key, near), 1, true),
    name .. ": message: " .. tostring(msg))
  -- the same call with the right key is accepted (the key is real)
  local right = { [near] = opts[key] }
  local ok2, msg2 = pcall(fn, right)
  T.ok(ok2 or not tostring(msg2):find("unknown option", 1, true), name .. ": the right key: " .. tostring(msg2))
end)

T.cases("the messages", {
  { function() return sahel.cooc.build(corpus, gaz, { contxt = "paragraph" }) end,
    "unknown option 'contxt' (did you mean 'context'?)" },
  { function() return co:select { min_cout = 5 } end, "unknown option 'min_cout' (did you mean 'min_count'?)" },
  { function() return sahel.corpus.open(sample, { form = "2020" }) end, "unknown option 'form' (did you mean 'from'?)" },
  { function() return sahel.text.normalize("x", { zzzzzzzzzz = true }) end,
    "unknown option 'zzzzzzzzzz' (the options are: nfkc, " },
  { function() return sahel.db.open(":memory:", { [1] = true }) end, "options are named" },
  { function() return sahel.db.open(":memory:", "readonly") end, "bad options (table expected, got string)" },
}, function(row)
  local ok, msg = pcall(row[1])
  T.eq(ok, false, row[2])
  T.ok(tostring(msg):find(row[2], 1, true), "message: " .. tostring(msg))
end)

T.case("the error points at the caller's line", function()
  local ok, msg = pcall(function() local t = sahel.cooc.build(corpus, gaz, { contxt = "x" }) return t end)
  T.ok(not ok and msg:find("test_options.lua:%d+: unknown option"), "position: " .. tostring(msg))
  ok, msg = pcall(function() local db = sahel.db.open(":memory:", { wall = false }) return db end)
  T.ok(not ok and msg:find("test_options.lua:%d+: unknown option"), "position: " .. tostring(msg))
end)

T.case("options are read raw: a metatable's __index is not consulted", function()
  -- outside a sandbox a table with a metatable is accepted, but only its own fields count
  local db = assert(sahel.db.open(dir .. "/raw.sqlite", setmetatable({}, { __index = { readonly = true } })))
  T.ok(db:exec("CREATE TABLE t(x)"), "opened read-write: readonly came from __index only")
  db:close()
  local n = 0
  local sneaky = setmetatable({}, { __index = function() n = n + 1 end })
  assert(sahel.db.open(":memory:", sneaky)):close()
  T.eq(n, 0, "__index never called")
end)

T.done()
