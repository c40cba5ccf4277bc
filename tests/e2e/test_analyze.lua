-- test_analyze.lua: the main job end to end (scripts/analyze.lua on the bundled sample):
-- every output of TEXT-SPEC §8 with its exact header, the numbers checked against each other
-- and against independent computations (gaz:mentions summed in Lua, the §7 formulas), the
-- outputs replaced as a set (a failed run leaves the previous files byte for byte), --excel,
-- filters, strict mode, and progress only on a terminal.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

if not (sahel.corpus and sahel.corpus.open) then T.skip("sahel.corpus is not available yet") end

local SAMPLE = "datasets/sample"
local GAZ = "datasets/gazetteer/sahel.csv"

-- analyze(args): run analyze.lua with args (a string); exit code, stdout, stderr.
local function analyze(args)
  return T.sh(T.quote(T.bin) .. " scripts/analyze.lua " .. args .. " </dev/null")
end

-- csv(path): header and rows (tables by column) of a CSV file.
local function csv(path)
  local header = assert(sahel.csv.header(path))
  local rows = {}
  for r in sahel.csv.rows(path) do rows[#rows + 1] = r end
  return header, rows
end

-- num(s): a CSV number field as a Lua number.
local function num(s) return tonumber(s) end

local HEADERS = {
  ["entities.csv"] = { "entity_id", "type", "name", "mentions", "articles" },
  ["cooccurrence.csv"] = { "entity_a", "entity_b", "name_a", "name_b", "count", "count_a",
    "count_b", "contexts", "pmi", "npmi", "dice", "jaccard", "llr" },
  ["mentions.csv"] = { "article_id", "entity_id", "alias", "surface", "paragraph", "sentence",
    "token", "byte_start", "byte_end" },
  ["kwic.csv"] = { "article_id", "entity_id", "left", "match", "right" },
  ["articles.csv"] = { "article_id", "date", "source", "title", "paragraphs", "sentences",
    "tokens", "mentions" },
  ["terms.csv"] = { "period", "term", "count", "articles", "per_10k" },
  ["keyness.csv"] = { "entity_id", "name", "term", "a", "b", "g2", "chi2", "log_ratio" },
}
local OUTPUTS = { ".sahel-manifest", "articles.csv", "cooccurrence.csv", "entities.csv",
  "keyness.csv", "kwic.csv", "mentions.csv", "network.dot", "network.graphml",
  "network_nodes.csv", "report.html", "results.xlsx", "sahel.sqlite", "terms.csv" }

local dir = T.tmpdir()
local out = dir .. "/out"
local code, stdout, stderr = analyze("--out " .. T.quote(out) .. " --terms")

T.case("default run: exit 0, every output, a summary", function()
  T.eq(code, 0, "exit code (stderr: " .. stderr .. ")")
  local _, ls = T.sh("ls -A " .. T.quote(out) .. " | LC_ALL=C sort")
  T.eq(ls, table.concat(OUTPUTS, "\n") .. "\n", "files")
  local _, parent = T.sh("ls -A " .. T.quote(dir))
  T.eq(parent, ".out.lock\nout\n", "no staging directory left (the lock file stays)")
  T.ok(stdout:find("Corpus: %d+ articles"), stdout)
  T.ok(stdout:find("Strongest pairs"), "pairs in the summary")
  T.ok(stdout:find(out, 1, true), "where the files are")
  T.ok(not stderr:find("\r", 1, true), "no progress line when stderr is not a terminal")
end)

if code ~= 0 then T.done() end

local tables = {}
for name, want in pairs(HEADERS) do
  local header, rows = csv(out .. "/" .. name)
  tables[name] = rows
  T.case(name .. ": the header of TEXT-SPEC §8", function() T.eq(header, want, name) end)
end
local entities, mentions = tables["entities.csv"], tables["mentions.csv"]
local articles, pairs_, kwic = tables["articles.csv"], tables["cooccurrence.csv"], tables["kwic.csv"]

-- The independent count: gaz:mentions over every article of the corpus, summed in Lua.
local gaz = assert(sahel.gazetteer.load(GAZ, { warn = function() end }))
local lua_mentions, lua_articles, n_articles = {}, {}, 0
for a in assert(sahel.corpus.open(SAMPLE, { warn = function() end })):articles() do
  n_articles = n_articles + 1
  local seen = {}
  for _, m in ipairs(gaz:mentions(a)) do
    lua_mentions[m.entity] = (lua_mentions[m.entity] or 0) + 1
    if not seen[m.entity] then
      seen[m.entity] = true
      lua_articles[m.entity] = (lua_articles[m.entity] or 0) + 1
    end
  end
end

T.case("entities.csv: every entity, counts equal gaz:mentions summed in Lua", function()
  T.eq(#entities, #gaz:entities(), "one row per entity of the gazetteer")
  local total = 0
  for _, e in ipairs(entities) do
    T.eq({ e.entity_id, num(e.mentions), num(e.articles) },
         { e.entity_id, lua_mentions[e.entity_id] or 0, lua_articles[e.entity_id] or 0 }, "counts")
    total = total + num(e.mentions)
  end
  T.ok(total > 50, "the sample mentions entities (" .. total .. ")")
end)

T.case("entities.csv: sorted by mentions desc, entity_id", function()
  for i = 2, #entities do
    local a, b = entities[i - 1], entities[i]
    T.ok(num(a.mentions) > num(b.mentions) or
         (a.mentions == b.mentions and a.entity_id < b.entity_id), "order at row " .. i)
  end
end)

T.case("mentions.csv and articles.csv agree with entities.csv and the corpus", function()
  local per = {}
  for _, m in ipairs(mentions) do per[m.entity_id] = (per[m.entity_id] or 0) + 1 end
  for _, e in ipairs(entities) do
    T.eq(per[e.entity_id] or 0, num(e.mentions), "mentions.csv rows of " .. e.entity_id)
  end
  T.eq(#articles, n_articles, "articles.csv: one row per article")
  local sum = 0
  for _, a in ipairs(articles) do sum = sum + num(a.mentions) end
  T.eq(sum, #mentions, "articles.csv mentions sum to mentions.csv")
  for _, m in ipairs(mentions) do
    T.ok(num(m.byte_end) > num(m.byte_start), "byte span of " .. m.surface)
  end
end)

T.case("kwic.csv: one line per mention, the match is the surface", function()
  T.eq(#kwic, #mentions, "rows")
  local surfaces = {}
  for _, m in ipairs(mentions) do
    surfaces[m.surface] = (surfaces[m.surface] or 0) + 1
  end
  for _, k in ipairs(kwic) do
    surfaces[k.match] = (surfaces[k.match] or 0) - 1
  end
  for s, n in pairs(surfaces) do T.eq(n, 0, "surface " .. s) end
end)

-- The measures of TEXT-SPEC §7, written again here from the formulas.
local function measures(nab, na, nb, n)
  local pmi = math.log(nab * n / (na * nb), 2)
  local npmi = nab == n and 1 or pmi / -math.log(nab / n, 2)
  local o = { nab, na - nab, nb - nab, n - na - nb + nab }
  local rows, cols = { na, n - na }, { nb, n - nb }
  local g2 = 0
  for i = 1, 2 do
    for j = 1, 2 do
      local obs, e = o[(i - 1) * 2 + j], rows[i] * cols[j] / n
      if obs > 0 then g2 = g2 + obs * math.log(obs / e) end
    end
  end
  return { pmi = pmi, npmi = npmi, dice = 2 * nab / (na + nb), jaccard = nab / (na + nb - nab),
           llr = 2 * g2 }
end

T.case("cooccurrence.csv: §8 order, a < b, measures as §7 computes them", function()
  T.ok(#pairs_ > 10, "pairs (" .. #pairs_ .. ")")
  for i, p in ipairs(pairs_) do
    T.ok(p.entity_a < p.entity_b, "entity_a is the smaller id at row " .. i)
    if i > 1 then
      local q = pairs_[i - 1]
      T.ok(num(q.count) > num(p.count) or (q.count == p.count and
        (q.entity_a < p.entity_a or (q.entity_a == p.entity_a and q.entity_b < p.entity_b))),
        "order at row " .. i)
    end
    local want = measures(num(p.count), num(p.count_a), num(p.count_b), num(p.contexts))
    for k, v in pairs(want) do T.near(num(p[k]), v, 2e-5, k .. " at row " .. i) end
  end
end)

-- group(rows, key): the rows grouped by rows[key], groups in the order first seen.
local function group(rows, key)
  local order, by = {}, {}
  for _, r in ipairs(rows) do
    if not by[r[key]] then by[r[key]] = {}; order[#order + 1] = r[key] end
    table.insert(by[r[key]], r)
  end
  return order, by
end

T.case("terms.csv: the top terms of each year, as sahel.terms counts the corpus", function()
  local corpus = assert(sahel.corpus.open(SAMPLE, { warn = function() end }))
  local t = assert(sahel.terms.count(corpus, { by = "year", stopwords = true }))
  local order, by = group(tables["terms.csv"], "period")
  local years = t:slices()
  if years[#years] == "unknown" then years[#years] = nil end
  T.eq(order, years, "one group per dated year (the sample spans more than 12 months)")
  for _, y in ipairs(order) do
    local want = t:rows { slice = y, n = 1, top = 100 }
    T.eq(#by[y], #want, y .. ": rows")
    for i, r in ipairs(by[y]) do
      local w = want[i] or {}
      T.eq({ r.term, num(r.count), num(r.articles) }, { w.term, w.count, w.articles },
        y .. " row " .. i)
      T.near(num(r.per_10k), w.per_10k or 0, 1e-4, "per_10k")
    end
  end
end)

T.case("keyness.csv: the top entities' articles against the others, as sahel.terms says", function()
  local order, by = group(tables["keyness.csv"], "entity_id")
  local top = {}
  for i = 1, 5 do top[i] = entities[i].entity_id end
  T.eq(order, top, "the 5 most mentioned entities, in order")
  local gaz = assert(sahel.gazetteer.load(GAZ, { warn = function() end }))
  local corpus = assert(sahel.corpus.open(SAMPLE, { warn = function() end }))
  local whole = assert(sahel.terms.count(corpus, { stopwords = true }))
  for _, id in ipairs({ top[1], top[5] }) do
    local with = {}
    for a in corpus:articles() do
      for _, m in ipairs(gaz:mentions(a)) do
        if m.entity == id then with[#with + 1] = a; break end
      end
    end
    local target = assert(sahel.terms.count(with, { stopwords = true }))
    local want = {}
    for _, r in ipairs(assert(sahel.terms.keyness(target, whole, { nested = true,
        min_count = 5, top = 50 }))) do
      if r.g2 > 0 then want[#want + 1] = r end
    end
    T.eq(#by[id], #want, id .. ": rows")
    for i, r in ipairs(by[id]) do
      local w = want[i] or {}
      T.eq({ r.term, num(r.a), num(r.b) }, { w.term, w.a, w.b }, id .. " row " .. i)
      T.near(num(r.g2), w.g2 or 0, 1e-4, "g2")
      T.near(num(r.log_ratio), w.log_ratio or 0, 1e-4, "log_ratio")
    end
  end
end)

T.case("--candidates: candidates.csv as sahel.discover finds them, and the report's section", function()
  local o2 = T.tmpdir() .. "/cand"
  local c, _, err = analyze("--out " .. T.quote(o2) .. " --candidates --terms --quiet")
  T.eq(c, 0, "exit code: " .. err)
  local header, rows = csv(o2 .. "/candidates.csv")
  local gaz = assert(sahel.gazetteer.load(GAZ, { warn = function() end }))
  local want = assert(sahel.discover.candidates(assert(sahel.corpus.open(SAMPLE,
    { warn = function() end })), gaz, { top = 100 }))
  T.eq(header, sahel.discover.columns, "columns")
  T.ok(#want > 0, "the sample has candidates")
  T.eq(#rows, #want, "rows")
  for i, r in ipairs(rows) do
    local w = want[i] or {}
    T.eq({ r.alias, r.type, num(r.count), num(r.articles), r.evidence },
      { w.alias, w.type, w.count, w.articles, w.evidence }, "row " .. i)
  end
  local html = T.read(o2 .. "/report.html")
  local _, shown = html:gsub('<tr class="candidate"', "")
  T.eq(shown, math.min(15, #want), "the report shows the best 15")
  T.ok(not T.read(out .. "/candidates.csv") and not T.read(out .. "/report.html"):find(
    'id="candidates"', 1, true), "without --candidates: no candidates")
  for name in pairs(HEADERS) do T.eq(T.read(o2 .. "/" .. name), T.read(out .. "/" .. name), name) end
  os.execute("rm -rf " .. T.quote(o2:match("^(.*)/")))
end)

T.case("without --terms: no terms.csv, keyness.csv or word panels; the rest the same", function()
  local o2 = T.tmpdir() .. "/noterms"
  local c, _, err = analyze("--out " .. T.quote(o2) .. " --quiet")
  T.eq(c, 0, "exit code: " .. err)
  T.ok(not T.read(o2 .. "/terms.csv") and not T.read(o2 .. "/keyness.csv"), "no term files")
  local html = T.read(o2 .. "/report.html")
  T.ok(not html:find('id="terms"', 1, true) and not html:find('id="keyness"', 1, true),
    "no word panels")
  T.ok(html:find('id="communities"', 1, true), "the communities stay")
  for name in pairs(HEADERS) do
    if name ~= "terms.csv" and name ~= "keyness.csv" then
      T.eq(T.read(o2 .. "/" .. name), T.read(out .. "/" .. name), name)
    end
  end
  os.execute("rm -rf " .. T.quote(o2:match("^(.*)/")))
end)

T.case("sahel.sqlite: the full result, queryable", function()
  local db = assert(sahel.db.open(out .. "/sahel.sqlite", { readonly = true }))
  local n = function(sql) return db:first(sql).n end
  T.eq(n("SELECT count(*) AS n FROM articles"), #articles, "articles")
  T.eq(n("SELECT count(*) AS n FROM mentions"), #mentions, "mentions")
  T.eq(n("SELECT count(*) AS n FROM pairs"), #pairs_, "pairs")
  T.eq(n("SELECT count(*) AS n FROM kwic"), #kwic, "kwic")
  T.eq(db:first("SELECT value FROM analysis WHERE key = 'context'").value, "sentence", "options")
  T.eq(n("SELECT count(*) AS n FROM sqlite_master WHERE name = 'articles_fts'"), 0,
    "no full-text index unless asked for")
  db:close()
  local _, ls = T.sh("ls " .. T.quote(out) .. " | grep -c -- '-wal\\|-shm\\|-journal'")
  T.eq(ls, "0\n", "no journal files left beside the store")
end)

T.case("--index --threads 1: the store's full-text index, and the same CSV files", function()
  local o2 = T.tmpdir() .. "/indexed"
  local c, _, err = analyze("--out " .. T.quote(o2) .. " --index --threads 1 --terms --quiet")
  T.eq(c, 0, "exit code: " .. err)
  for name in pairs(HEADERS) do T.eq(T.read(o2 .. "/" .. name), T.read(out .. "/" .. name), name) end
  -- The workbook's sheets: with 2 threads kwic and articles are copied into theirs by
  -- threads of their own while the entities sheet is written; with 1, in turn.
  local X = package.loaded.xlsxread or dofile("tests/lua/xlsxread.lua")
  if T.sh("command -v unzip >/dev/null") == 0 then
    for _, sheet in ipairs({ "entities", "cooccurrence", "articles", "kwic" }) do
      T.eq(X.sheet_xml(o2 .. "/results.xlsx", sheet), X.sheet_xml(out .. "/results.xlsx", sheet),
        "sheet " .. sheet .. ", 1 and 2 threads")
    end
  end
  local db = assert(sahel.db.open(o2 .. "/sahel.sqlite"))
  T.ok(db:exec("INSERT INTO articles_fts(articles_fts) VALUES('integrity-check')"))
  local hits = assert(db:search("مالي", { limit = 1000 }))
  local mali = db:first("SELECT count(DISTINCT article_id) AS n FROM mentions m"
    .. " JOIN aliases a ON a.entity_id = m.entity_id AND a.alias = m.alias WHERE a.alias = 'مالي'").n
  T.ok(mali > 0 and #hits >= mali, #hits .. " hits, " .. mali .. " articles mention مالي")
  local one = db:first("SELECT group_concat(article_id || entity_id || left || match || right, '|')"
    .. " AS k FROM kwic").k
  db:close()
  db = assert(sahel.db.open(out .. "/sahel.sqlite", { readonly = true }))
  T.eq(db:first("SELECT group_concat(article_id || entity_id || left || match || right, '|')"
    .. " AS k FROM kwic").k, one, "the kwic table, 1 and 2 threads")
  db:close()
  os.execute("rm -rf " .. T.quote(o2:match("^(.*)/")))
end)

T.case("report.html: self-contained, names escaped", function()
  local html = T.read(out .. "/report.html")
  T.ok(html:find("^<!DOCTYPE html>"), "a page")
  T.ok(not html:find("<script src", 1, true) and not html:find("<link", 1, true), "no externals")
  T.ok(html:find('dir="rtl" lang="ar"', 1, true), "Arabic marked right to left")
end)

-- want_shapes(): what report.html must draw for the default run (--top 15), from the CSV
-- files alone: bars per type, heatmap cells, network edges and nodes.
local function want_shapes()
  local per_type, mentioned = {}, 0
  for _, e in ipairs(entities) do
    if num(e.mentions) > 0 then
      mentioned = mentioned + 1
      per_type[e.type] = math.min(15, (per_type[e.type] or 0) + 1)
    end
  end
  local bars = 0
  for _, n in pairs(per_type) do bars = bars + n end
  local strong = {}
  for _, p in ipairs(pairs_) do strong[#strong + 1] = p end
  table.sort(strong, function(x, y)
    if num(x.count) ~= num(y.count) then return num(x.count) > num(y.count) end
    if num(x.npmi) ~= num(y.npmi) then return num(x.npmi) > num(y.npmi) end
    if x.entity_a ~= y.entity_a then return x.entity_a < y.entity_a end
    return x.entity_b < y.entity_b
  end)
  local nodes, n = {}, 0
  for i = 1, math.min(30, #strong) do
    for _, id in ipairs({ strong[i].entity_a, strong[i].entity_b }) do
      if not nodes[id] then nodes[id], n = true, n + 1 end
    end
  end
  local k = math.min(15, mentioned)
  local terms, keys, comms, nc = 0, 0, {}, 0
  for _, rows in pairs(select(2, group(tables["terms.csv"], "period"))) do
    terms = terms + math.min(10, #rows)
  end
  for _, rows in pairs(select(2, group(tables["keyness.csv"], "entity_id"))) do
    keys = keys + math.min(10, #rows)
  end
  for r in sahel.csv.rows(out .. "/network_nodes.csv") do
    if not comms[r.community] then comms[r.community], nc = true, nc + 1 end
  end
  return { bars = bars, cells = k * (k - 1), edges = math.min(30, #strong), nodes = n,
           terms = terms, keys = keys, communities = math.min(8, nc) }
end

T.case("report.html in headless Chromium: the charts the CSV files call for", function()
  package.path = "tests/e2e/?.lua;" .. package.path
  local browser = require "report_browser"
  local bin = browser.chromium()
  if not bin then return print("(chromium not installed: rendering not checked)") end
  local code, dom, console = browser.headless(bin, out .. "/report.html", "--dump-dom")
  T.eq({ code, console }, { 0, {} }, "exit code and console")
  local got = browser.rendered(dom) or {}
  T.eq({ bars = got.bars, cells = got.cells, edges = got.edges, nodes = got.nodes,
         terms = got.terms, keys = got.keys, communities = got.communities },
       want_shapes(), "shapes")
  T.ok(dom:find('data-status="ok"', 1, true), "the page's own check")
end)

-- snapshot(d): name -> content of every file in d.
local function snapshot(d)
  local _, ls = T.sh("ls -A " .. T.quote(d))
  local t = {}
  for name in ls:gmatch("[^\n]+") do t[name] = T.read(d .. "/" .. name) end
  return t
end

T.case("a failed run leaves the previous outputs byte for byte", function()
  local before = snapshot(out)
  local c, _, err = analyze("--out " .. T.quote(out) .. " --corpus " .. T.quote(dir .. "/nope"))
  T.eq(c, 2, "exit code (a usage error)")
  T.ok(err:find(dir .. "/nope", 1, true), "the message names the path: " .. err)
  T.ok(T.deep_equal(snapshot(out), before), "outputs unchanged")
  local _, parent = T.sh("ls -A " .. T.quote(dir))
  T.eq(parent, ".out.lock\nout\n", "no staging directory left (the lock file stays)")
end)

T.case("a second run replaces the set: --by month --context paragraph --excel", function()
  T.write(out .. "/my-notes.txt", "analyst's own file")
  local c, _, err = analyze("--out " .. T.quote(out) .. " --by month --context paragraph " ..
    "--excel --quiet")
  T.eq(c, 0, "exit code: " .. err)
  local raw = T.read(out .. "/cooccurrence.csv")
  T.eq(raw:sub(1, 3), "\239\187\191", "BOM")
  T.ok(raw:find("^\239\187\191period,entity_a,entity_b,") and raw:find("\r\n"), "period, CRLF")
  T.eq(T.read(out .. "/my-notes.txt"), "analyst's own file", "the analyst's file is kept")
  local db = assert(sahel.db.open(out .. "/sahel.sqlite", { readonly = true }))
  T.eq(db:first("SELECT value FROM analysis WHERE key = 'context'").value, "paragraph", "store")
  db:close()
end)

T.case("--from/--to/--source filter the articles", function()
  local o2 = dir .. "/filtered"
  local _, all = csv(out .. "/articles.csv")
  local source = all[1].source
  local c, _, err = analyze("--quiet --out " .. T.quote(o2) .. " --from 2015 --to 2023-12-31")
  T.eq(c, 0, err)
  local _, rows = csv(o2 .. "/articles.csv")
  T.ok(#rows > 0 and #rows < #all, "some articles left out")
  for _, a in ipairs(rows) do T.ok(a.date >= "2015" and a.date <= "2023-12-31", a.date) end
  c, _, err = analyze("--quiet --out " .. T.quote(o2) .. " --source " .. T.quote(source))
  T.eq(c, 0, err)
  _, rows = csv(o2 .. "/articles.csv")
  for _, a in ipairs(rows) do T.eq(a.source, source, "source") end
end)

T.case("bad records: a warning summary, or a failure with --strict", function()
  local corpus = dir .. "/bad"
  T.sh("mkdir -p " .. T.quote(corpus))
  T.write(corpus .. "/a.jsonl", '{"id": "x1", "title": "مالي", "text": "في مالي اليوم."}\n' ..
    "{not json\n" .. '{"id": "x2", "text": "روسيا والجزائر."}\n')
  local c, _, err = analyze("--quiet --out " .. T.quote(dir .. "/b") .. " --corpus " ..
    T.quote(corpus))
  T.eq(c, 0, err)
  T.ok(err:find("warning") and err:find("a.jsonl:2", 1, true), "summary names file:line: " .. err)
  local _, rows = csv(dir .. "/b/articles.csv")
  T.eq(#rows, 2, "the good articles")
  c, _, err = analyze("--quiet --strict --out " .. T.quote(dir .. "/b") .. " --corpus " ..
    T.quote(corpus))
  T.eq(c, 1, "strict fails")
  T.ok(err:find("a.jsonl:2", 1, true), err)
  _, rows = csv(dir .. "/b/articles.csv")
  T.eq(#rows, 2, "previous outputs intact")
end)

T.case("command line: --help, bad options", function()
  local c, o = analyze("--help")
  T.eq(c, 0, "help")
  for _, opt in ipairs({ "--corpus", "--gazetteer", "--out", "--context", "--by", "--demonyms",
                         "--min-count", "--top", "--from", "--to", "--source", "--threads",
                         "--excel", "--strict", "--quiet" }) do
    T.ok(o:find(opt, 1, true), opt .. " in --help")
  end
  local e
  c, _, e = analyze("--context nowhere")
  T.eq(c, 2, "usage error")
  T.ok(e:find("--context", 1, true), e)
end)

T.case("progress on a terminal, none with --quiet", function()
  if T.sh("command -v script") ~= 0 then return end
  local cmd = T.quote(T.bin) .. " scripts/analyze.lua --out " .. T.quote(dir .. "/tty")
  local _, o = T.sh("script -qec " .. T.quote(cmd .. " 2>&1") .. " /dev/null")
  T.ok(o:find("\rreading: %d+ articles"), "progress shown: " .. o:sub(1, 200))
  _, o = T.sh("script -qec " .. T.quote(cmd .. " --quiet 2>&1") .. " /dev/null")
  T.eq(o, "", "--quiet prints nothing")
end)

T.done()
