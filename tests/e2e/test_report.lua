-- test_report.lua: sahel.report (report.html) on synthetic data: escaping, bidi marking,
-- layout determinism, and, where Chromium is installed, the page rendered headless: no
-- console errors, and the charts hold the numbers of bars, cells, nodes and lines that the
-- data calls for (counted here from the data, independently of the report code).
package.path = "tests/lua/?.lua;tests/e2e/?.lua;" .. package.path
local T = require "check"
local browser = require "report_browser"
local sahel = require "sahel"
local report = sahel.report or require "sahel.report"
local H = require "sahel.report.html"
local layout = require "sahel.report.layout"
local S = require "sahel.report.svg"
local order = require "sahel.report.order"
local labels = require "sahel.report.labels"

-- words(d, rnd): the word panels' data of d: network measures and communities (4, one
-- entity left out), top terms of three periods (0, 5 and 14 terms), key terms of three
-- entities and 20 discovery candidates, with hostile and Arabic strings.
local TERMS = { "مالي", "<b>bold</b>", "فاغنر", "army & co", "الجيش", "\"q\"" }
local function words(d, rnd)
  for i, e in ipairs(d.entities) do
    if e.mentions > 0 and i ~= 3 then
      e.community, e.degree = (i - 1) % 4 + 1, i
      e.strength, e.betweenness = math.floor(rnd() * 100), rnd()
    end
  end
  d.terms, d.terms_by, d.keyness, d.candidates = {}, "month", {}, {}
  for p, n in ipairs({ 0, 5, 14 }) do
    local rows = {}
    for k = 1, n do
      rows[k] = { term = TERMS[(k - 1) % #TERMS + 1] .. k, count = 100 - k, articles = 50 - k,
        per_10k = (100 - k) / 7 }
    end
    d.terms[p] = { period = "2024-0" .. p, words = 7000, terms = rows }
  end
  for i, n in ipairs({ 14, 0, 3 }) do
    local rows = {}
    for k = 1, n do
      rows[k] = { term = TERMS[(k + i) % #TERMS + 1], a = 40 - k, b = k, g2 = 90 / k,
        log_ratio = 3 / k }
    end
    d.keyness[i] = { entity = "e" .. i, words = 1234, terms = rows }
  end
  for k = 1, 20 do
    d.candidates[k] = { alias = k % 2 == 0 and "جماعة <" .. k .. ">" or "Colonel X&" .. k,
      type = "PER", count = 30 - k, articles = 20 - k // 2, score = 1 / k,
      example = "قال العقيد «X» & <i>", evidence = "title:العقيد=3; verb:<قال>=2; " ..
        "group:جماعة=2; place:في=1; with known=4; cue share=0.50" }
  end
end

-- synthetic(seed): a data table for report.html with hostile names (markup, quotes,
-- ampersands), Arabic and Latin names, four types, pairs, a timeline with an undated period
-- and KWIC lines.
local NAMES = { "مالي", "روسيا", "الجزائر", "فاغنر", "فيلق أفريقيا", "Niger",
  "Burkina <Faso>", "ECOWAS & co", "\"Quoted\" 'x'", "بوتين", "غويتا", "<script>alert(1)</script>",
  "النيجر", "تشاد", "ليبيا", "Paris", "Wagner", "AES", "Moscow", "Tinzaouaten", "Unmentioned" }
local TYPES = { "GPE", "PER", "ORG", "LOC", "EVENT" }
local function synthetic(seed)
  local rnd = layout.rng(seed)
  local d = { entities = {}, pairs = {}, timeline = {}, kwic = {}, periods = {},
    summary = { articles = 120, sources = 3, date_from = "2024-01-02", date_to = "2025-07-28",
                tokens = 123456, mentions = 2345, corpus = "<corpus & co>" } }
  for i, n in ipairs(NAMES) do
    local m = n == "Unmentioned" and 0 or math.floor(900 / i)
    d.entities[i] = { id = "e" .. i, type = TYPES[(i - 1) % #TYPES + 1], name = n, mentions = m,
                      articles = m // 3 }
  end
  for i = 1, #NAMES - 1 do
    for j = i + 1, #NAMES - 1 do
      if rnd() < 0.35 then
        d.pairs[#d.pairs + 1] = { a = "e" .. i, b = "e" .. j, count = 1 + math.floor(rnd() * 60),
          npmi = rnd() * 2 - 1, pmi = rnd() * 4, dice = rnd(), llr = rnd() * 90 }
      end
    end
    for m = 1, 14 do
      d.timeline[#d.timeline + 1] = { period = string.format("2024-%02d", (m - 1) % 12 + 1),
        entity = "e" .. i, mentions = math.floor(rnd() * 30) }
    end
    d.timeline[#d.timeline + 1] = { period = "unknown", entity = "e" .. i, mentions = 2 }
    d.periods[i] = i <= 12 and { period = string.format("2024-%02d", i), articles = 10 * i } or nil
    for k = 1, i % 7 do
      d.kwic[#d.kwic + 1] = { article_id = "a<" .. k, entity_id = "e" .. i,
        left = "وقعت باماكو وموسكو & <i>", match = NAMES[i], right = "في \"مجال\" الأمن" }
    end
  end
  words(d, rnd)
  return d
end

-- want_counts(d, o): the shapes the page must draw, computed from the data alone.
local function want_counts(d, o)
  local mentioned, per_type = {}, {}
  for _, e in ipairs(d.entities) do
    if e.mentions > 0 then
      mentioned[#mentioned + 1] = e
      per_type[e.type] = math.min(o.bars, (per_type[e.type] or 0) + 1)
    end
  end
  table.sort(mentioned, function(a, b) return a.mentions > b.mentions end)
  local bars = 0
  for _, n in pairs(per_type) do bars = bars + n end
  local k = math.min(o.heatmap, #mentioned)
  local strong = {}
  for _, p in ipairs(d.pairs) do strong[#strong + 1] = p end
  table.sort(strong, function(a, b)
    if a.count ~= b.count then return a.count > b.count end
    return a.npmi > b.npmi
  end)
  local nodes, nn = {}, 0
  for i = 1, math.min(o.edges, #strong) do
    for _, id in ipairs({ strong[i].a, strong[i].b }) do
      if not nodes[id] then nodes[id] = true; nn = nn + 1 end
    end
  end
  local s, kwic, per = math.min(o.series, #mentioned), 0, {}
  for _, r in ipairs(d.kwic) do per[r.entity_id] = (per[r.entity_id] or 0) + 1 end
  for i = 1, s do kwic = kwic + math.min(o.kwic, per[mentioned[i].id] or 0) end
  local charts = d.periods and 2 or 1 -- mentions, and per 100 articles
  local terms, keys, comms = 0, 0, {}
  for _, p in ipairs(d.terms or {}) do terms = terms + math.min(o.terms, #p.terms) end
  for _, e in ipairs(d.keyness or {}) do keys = keys + math.min(o.keyness, #e.terms) end
  for _, e in ipairs(d.entities) do if e.community then comms[e.community] = true end end
  local nc = 0
  for _ in pairs(comms) do nc = nc + 1 end
  return { bars = bars, cells = k * (k - 1), nodes = nn, edges = math.min(o.edges, #strong),
           series = charts * s, points = charts * s * 12, kwic = kwic, terms = terms,
           keys = keys, communities = math.min(o.communities, nc),
           candidates = math.min(o.candidates, #(d.candidates or {})) }
end

T.cases("escape", {
  { "<a href='x'>&\"", "&lt;a href=&#39;x&#39;&gt;&amp;&quot;" },
  { "مالي", "مالي" }, { 3, "3" }, { nil, "" }, { "&amp;", "&amp;amp;" },
}, function(r) T.eq(H.escape(r[1]), r[2], "escape") end)

T.cases("is_arabic", {
  { "مالي", true }, { "Mali", false }, { "Mali (مالي)", true }, { "", false },
  { "\u{FEFB}", true }, { "\u{08A0}", true }, { "Ünïcødé", false }, { "Россия", false },
}, function(r) T.eq(H.is_arabic(r[1]), r[2], r[1]) end)

T.cases("num", {
  { 3, "3" }, { 3.0, "3" }, { 0.5, "0.5" }, { 1 / 3, "0.333" }, { -0.25, "-0.25" },
  { 0 / 0, "" }, { nil, "" },
}, function(r) T.eq(H.num(r[1]), r[2], tostring(r[1])) end)

T.case("layout: deterministic, inside the box, connected nodes closer", function()
  local edges = { { 1, 2, 1 }, { 2, 3, 1 }, { 1, 3, 1 }, { 4, 5, 1 }, { 3, 4, 0.5 } }
  local a = layout.force(6, edges, { seed = 7, width = 500, height = 400, margin = 20 })
  local b = layout.force(6, edges, { seed = 7, width = 500, height = 400, margin = 20 })
  local c = layout.force(6, edges, { seed = 8, width = 500, height = 400, margin = 20 })
  T.eq(a, b, "same seed")
  T.ok(not T.deep_equal(a, c), "another seed gives other positions")
  for i, p in ipairs(a) do
    T.ok(p.x >= 20 - 1e-9 and p.x <= 480 + 1e-9 and p.y >= 20 - 1e-9 and p.y <= 380 + 1e-9,
      "node " .. i .. " inside the box")
  end
  local function d(i, j) return math.sqrt((a[i].x - a[j].x) ^ 2 + (a[i].y - a[j].y) ^ 2) end
  T.ok(d(1, 2) < d(1, 6) and d(4, 5) < d(5, 6), "edges pull their nodes together")
  T.eq(#layout.force(0, {}), 0, "empty graph")
end)

T.cases("fill_periods", {
  { { "2024-11", "2025-02" }, { "2024-11", "2024-12", "2025-01", "2025-02" } },
  { { "2019", "2021" }, { "2019", "2020", "2021" } },
  { { "2020-W52", "2021-W02" }, { "2020-W52", "2020-W53", "2021-W01", "2021-W02" } },
  { { "2021-W52", "2022-W01" }, { "2021-W52", "2022-W01" } },
  { { "2015-W53", "2016-W01" }, { "2015-W53", "2016-W01" } },
  { { "2024-01", "2025" }, { "2024-01", "2025" } },
  { { "2024-03" }, { "2024-03" } },
}, function(r) T.eq(report.fill_periods(r[1]), r[2], "periods") end)

T.case("npmi colours: white at 0, red at 1, blue at -1", function()
  local svg = require "sahel.report.svg"
  T.eq({ svg.npmi_colour(0), svg.npmi_colour(1), svg.npmi_colour(-1) },
       { "#ffffff", "#b2182b", "#2166ac" }, "colours")
end)

local data = synthetic(11)
local opts = { bars = 4, heatmap = 9, edges = 25, series = 6, kwic = 3, seed = 5, terms = 6,
  keyness = 4, communities = 3, members = 2, candidates = 7 }
local html = report.html(data, opts)

T.case("html: every string from the data is escaped", function()
  local _, scripts = html:gsub("<script", "")
  T.eq(scripts, 1, "only the page's own <script>")
  T.ok(not html:find("<Faso>", 1, true) and html:find("Burkina &lt;Faso&gt;", 1, true),
    "names escaped")
  T.ok(html:find("&quot;Quoted&quot; &#39;x&#39;", 1, true), "quotes escaped")
  T.ok(html:find("&lt;corpus &amp; co&gt;", 1, true), "summary escaped")
  T.ok(not html:find("<i>", 1, true), "KWIC text escaped")
end)

T.case("html: self-contained (no external resources)", function()
  -- url(#id) names a pattern or gradient of the page itself; any other url( may fetch
  for _, pat in ipairs({ "src%s*=", "href%s*=%s*\"http", "@import", "url%(%s*[^#%s]" }) do
    T.ok(not html:find(pat), "no " .. pat)
  end
  T.ok(html:find("Content-Security-Policy", 1, true), "a CSP forbids the network")
end)

T.case("html: Arabic text is marked right to left", function()
  T.ok(html:find('<span dir="rtl" lang="ar">فيلق أفريقيا</span>', 1, true), "KWIC heading")
  T.ok(html:find('<div class="kwic" dir="rtl" lang="ar">', 1, true), "KWIC lines")
  T.ok(html:find('direction="rtl" lang="ar"[^>]*>مالي</text>'), "SVG labels")
  T.ok(html:find('<span dir="auto">Niger</span>', 1, true), "Latin names are not")
end)

T.case("word panels: terms per period, key terms, communities, candidates", function()
  local function rows_in(id, class)
    local sec = html:match('<section id="' .. id .. '">(.-)</section>') or ""
    local _, n = sec:gsub('<tr class="' .. class .. '"', "")
    return n, sec
  end
  local n, sec = rows_in("terms", "term")
  T.eq(n, 0 + 5 + 6, "the top `terms` of each period")
  T.ok(sec:find("<figcaption><bdi>2024%-03</bdi></figcaption>"), "one panel per period")
  T.ok(sec:find('<td dir="rtl" lang="ar">مالي1</td>', 1, true), "Arabic terms right to left")
  T.ok(sec:find("&lt;b&gt;bold&lt;/b&gt;2", 1, true) and not sec:find("<b>", 1, true),
    "terms escaped")
  T.ok(sec:find('<td class="num">14.1</td>', 1, true), "per 10,000 words: one decimal")
  n, sec = rows_in("keyness", "key")
  T.eq(n, 4 + 0 + 3, "the top `keyness` of each entity")
  T.ok(sec:find('<span dir="rtl" lang="ar">مالي</span>', 1, true), "entity names")
  T.ok(sec:find("No key terms", 1, true), "an entity without key terms says so")
  T.ok(sec:find('<td class="num">90</td>', 1, true), "G2")
  local comm = html:match('<section id="communities">(.-)</section>') or ""
  local _, groups = comm:gsub('<div class="community"', "")
  T.eq(groups, 3, "the `communities` largest")
  T.ok(comm:find("The network has 4 communities", 1, true), "how many there are")
  T.ok(comm:find("Community 1: 5 entities", 1, true), "sizes")
  local _, central = comm:gsub('class="central"', "")
  T.eq(central, 3 * 2, "the first members in bold (members = 2)")
  T.ok(comm:find("and 3 more", 1, true), "the members left out are counted")
  local c1 = {}
  for _, e in ipairs(data.entities) do if e.community == 1 then c1[#c1 + 1] = e end end
  table.sort(c1, function(a, b) return a.strength > b.strength end)
  local first = comm:match('<ol class="members"><li[^>]*>(.-)</li>')
  T.eq(first, "<bdi>" .. H.escape(c1[1].name) .. "</bdi>", "members by strength, isolated")
  n, sec = rows_in("candidates", "candidate")
  T.eq(n, 7, "the top `candidates`")
  T.ok(sec:find("جماعة &lt;2&gt;", 1, true) and sec:find("Colonel X&amp;1", 1, true),
    "candidates escaped")
  T.ok(sec:find('<td dir="ltr">title:<bdi>العقيد</bdi>=3; verb:<bdi>&lt;قال&gt;</bdi>=2; ' ..
    'group:<bdi>جماعة</bdi>=2; place:<bdi>في</bdi>=1; …</td>', 1, true),
    "evidence: the strongest cues, read left to right, each cue isolated and escaped")
  local bare = report.html({ entities = data.entities, pairs = data.pairs })
  for _, id in ipairs({ "terms", "keyness", "candidates" }) do
    T.ok(not bare:find('<section id="' .. id .. '"', 1, true), "no data, no " .. id)
  end
end)

T.case("html: the same data gives the same page", function()
  T.eq(report.html(synthetic(11), opts), html, "deterministic")
end)

T.case("write: whole file, no temporary left", function()
  local dir = T.tmpdir()
  local path = dir .. "/report.html"
  T.ok(report.write(path, data, opts))
  T.eq(T.read(path), html, "content")
  local _, ls = T.sh("ls -A " .. T.quote(dir))
  T.eq(ls, "report.html\n", "directory")
  local ok, msg = report.write(dir .. "/missing/report.html", data, opts)
  T.ok(not ok and msg:find("missing"), "a bad path gives nil, msg naming it")
end)

-- listing(dir): the names in dir, sorted, joined with spaces.
local function listing(dir)
  local _, out = T.sh("ls -A " .. T.quote(dir) .. " | LC_ALL=C sort")
  return (out:gsub("\n$", ""):gsub("\n", " "))
end

-- run(parent, files, fail): one run writing files {name = content} into parent/out;
-- commits, or aborts when fail is set. Returns what commit/abort returned.
local function run(parent, files, fail)
  local out = assert(report.outdir(parent .. "/out/"))
  local names = {}
  for name in pairs(files) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do assert(report.write_file(out:path(name), files[name])) end
  if fail then return out:abort() end
  return out:commit()
end

T.case("outdir: a set of outputs replaced together", function()
  local parent = T.tmpdir()
  T.ok(run(parent, { ["a.csv"] = "a1", ["c.csv"] = "c1" }), "first run")
  T.eq(listing(parent), ".out.lock out", "no staging directory left")
  T.eq(listing(parent .. "/out"), ".sahel-manifest a.csv c.csv", "first outputs")
  T.write(parent .. "/out/notes.txt", "mine")
  run(parent, { ["a.csv"] = "a2", ["b.csv"] = "b2" }, true)
  T.eq({ T.read(parent .. "/out/a.csv"), T.read(parent .. "/out/c.csv") }, { "a1", "c1" },
    "an aborted run leaves the previous outputs")
  T.eq(listing(parent), ".out.lock out", "an aborted run leaves no staging directory")
  T.ok(run(parent, { ["a.csv"] = "a2", ["b.csv"] = "b2" }), "second run")
  T.eq(listing(parent .. "/out"), ".sahel-manifest a.csv b.csv notes.txt",
    "old outputs gone, the analyst's file kept")
  T.eq({ T.read(parent .. "/out/a.csv"), T.read(parent .. "/out/notes.txt") }, { "a2", "mine" },
    "contents")
  -- a killed run's staging directory (its marker names a dead pid) is removed
  local dead = parent .. "/.out.new-dead00"
  T.sh("mkdir " .. T.quote(dead) .. " && touch " .. T.quote(dead .. "/x.csv"))
  T.write(dead .. "/.sahel-stage", "sahelscript staging directory\npid 999999999\ntoken 00\n")
  T.ok(run(parent, { ["a.csv"] = "a3" }), "third run")
  T.eq(listing(parent), ".out.lock out", "a killed run's staging directory is removed")
  T.eq(listing(parent .. "/out"), ".sahel-manifest a.csv notes.txt", "third outputs")
end)

T.case("outdir: a user's file named like an output is set aside, never deleted", function()
  local parent = T.tmpdir()
  T.sh("mkdir " .. T.quote(parent .. "/out"))
  T.write(parent .. "/out/a.csv", "the analyst's own a.csv")
  T.write(parent .. "/out/notes.txt", "mine")
  local warned = {}
  local out = assert(report.outdir(parent .. "/out", { warn = function(m) warned[#warned + 1] = m end }))
  assert(report.write_file(out:path("a.csv"), "a1"))
  T.ok(out:commit(), "commit")
  T.eq(listing(parent .. "/out"), ".sahel-manifest a.csv notes.txt", "outputs and notes")
  local kept = listing(parent):match("out%.kept%-[%d%-]+")
  T.ok(kept, "the old a.csv set aside: " .. listing(parent))
  T.eq(T.read(parent .. "/" .. kept .. "/a.csv"), "the analyst's own a.csv", "kept whole")
  T.ok(warned[1] and warned[1]:find(kept, 1, true), "the warning names it: " .. tostring(warned[1]))
end)

T.case("outdir: parents created, bad places refused", function()
  local parent = T.tmpdir()
  T.ok(run(parent .. "/x/y", { ["a.csv"] = "a" }), "nested output directory")
  T.eq(T.read(parent .. "/x/y/out/a.csv"), "a", "written")
  T.write(parent .. "/file", "")
  local ok, msg = report.outdir(parent .. "/file/out")
  T.ok(not ok and msg:find(parent .. "/file", 1, true), "a file in the way: " .. tostring(msg))
  ok, msg = report.outdir(parent .. "/file")
  T.ok(not ok and msg:find("not a directory"), "a file as the output: " .. tostring(msg))
  for _, bad in ipairs({ ".", "..", "/", parent .. "/.." }) do
    T.ok(not report.outdir(bad), bad .. " refused")
  end
end)

-- ---- round axis ticks ----------------------------------------------------------------

-- nice(v): whether v is 1, 2 or 5 times a power of ten.
local function nice(v)
  local k = math.floor(math.log(v, 10) + 1e-9)
  local m = v / 10 ^ k
  return math.abs(m - 1) < 1e-9 or math.abs(m - 2) < 1e-9 or math.abs(m - 5) < 1e-9 or
    math.abs(m - 10) < 1e-9
end

T.cases("ticks: 0, a nice step and its multiples, just past the maximum", {
  { 0 }, { 1 }, { 2 }, { 3 }, { 7 }, { 11 }, { 13 }, { 97 }, { 101 }, { 1009 }, { 3299 },
  { 4398 }, { 7919 }, { 65521 }, { 999983 }, { 2 ^ 31 - 1 }, { 2 ^ 53 }, { 1e15 + 7 },
  { 1e300 }, { 0.37 }, { 0.003 }, { 1e-9 }, { 2.5 }, { 0.1 + 0.2 }, { 99.999 },
  { 3299, integer = true }, { 1, integer = true }, { 0, integer = true },
  { 3, integer = true }, { 0.37, integer = true },
}, function(r)
  local max = r[1]
  local ticks, step = S.ticks(max, 4, r.integer)
  T.ok(nice(step), "step " .. step .. " is 1, 2 or 5 x 10^k")
  if r.integer then T.ok(step >= 1 and step == math.floor(step), "whole step " .. step) end
  T.eq(ticks[1], 0, "from 0")
  for i, v in ipairs(ticks) do
    T.ok(math.abs(v - (i - 1) * step) <= 1e-9 * step * i, "tick " .. i .. " is a multiple")
  end
  T.ok(ticks[#ticks] >= max, "the last tick reaches the maximum")
  T.ok(max <= 0 or ticks[#ticks] - step < max, "no tick beyond the one that reaches it")
  T.ok(#ticks - 1 <= 4 and #ticks >= 2, #ticks - 1 .. " intervals")
  for _, v in ipairs(ticks) do
    local text = S.tick_text(v, step)
    T.ok(not text:find("%.%d*[1-9]%d*[1-9]%d%d%d") and #text < 320, "short label " .. text)
  end
end)

T.case("ticks: the labels of 3299 are round (not 1100, 2199, 3299)", function()
  local ticks, step = S.ticks(3299, 4, true)
  local text = {}
  for i, v in ipairs(ticks) do text[i] = S.tick_text(v, step) end
  T.eq(text, { "0", "1000", "2000", "3000", "4000" }, "labels")
  ticks, step = S.ticks(0.37, 4)
  text = {}
  for i, v in ipairs(ticks) do text[i] = S.tick_text(v, step) end
  T.eq(text, { "0", "0.1", "0.2", "0.3", "0.4" }, "fractional labels")
  local svg = S.timeline({ "2024-01", "2024-02" }, { { id = "x", name = "X",
    values = { ["2024-01"] = 3299, ["2024-02"] = 12 } } })
  local labels = {}
  for t in svg:gmatch('<text class="axis"[^>]*>([%d.]+)</text>') do labels[#labels + 1] = t end
  T.eq(labels, { "0", "1000", "2000", "3000", "4000" }, "the chart's axis")
end)

-- ---- partial periods and rates ---------------------------------------------------------

-- timeline_data(from, to, periods): a data table whose one entity has 10 mentions in each
-- period, and 50 articles in each; the corpus runs from `from` to `to`.
local function timeline_data(from, to, periods)
  local d = { summary = { date_from = from, date_to = to }, entities = {
    { id = "mali", name = "Mali", type = "GPE", mentions = 10 * #periods } }, timeline = {},
    periods = {}, period_name = "week" }
  for i, p in ipairs(periods) do
    d.timeline[i] = { period = p, entity = "mali", mentions = 10 }
    d.periods[i] = { period = p, articles = i == #periods and 5 or 50 }
  end
  return d
end

-- marked(html): the periods drawn hatched (once per chart), in page order.
local function marked(html)
  local out = {}
  for p in html:gmatch('<rect class="partial" data%-period="([^"]+)"') do out[#out + 1] = p end
  return out
end

T.cases("partial periods: hatched and listed, whatever the kind", {
  { "2015-07-21", "2015-08-04", { "2015-W30", "2015-W31", "2015-W32" },
    { "2015-W30", "2015-W32" }, "2015-W30 (6 of 7 days), 2015-W32 (2 of 7 days)" },
  { "2015-07-20", "2015-08-09", { "2015-W30", "2015-W31", "2015-W32" }, {}, nil },
  { "2015-07-21", "2015-09-30", { "2015-07", "2015-08", "2015-09" }, { "2015-07" },
    "2015-07 (11 of 31 days)" },
  { "2012-01-01", "2024-02-28", { "2023", "2024" }, { "2024" }, "2024 (59 of 366 days)" },
  { "2024-02-28", "2024-03-01", { "2024-02-28", "2024-02-29", "2024-03-01" }, {}, nil },
  { "2015-12-30", "2016-01-02", { "2015-W53" }, { "2015-W53" }, "2015-W53 (4 of 7 days)" },
}, function(r)
  local html = report.html(timeline_data(r[1], r[2], r[3]), { series = 1 })
  local want = {}
  for _, p in ipairs(r[4]) do want[#want + 1] = p end
  for _, p in ipairs(r[4]) do want[#want + 1] = p end -- the counts chart, then the rates one
  T.eq(marked(html), want, "hatched")
  if r[5] then
    T.ok(html:find("the corpus covers only " .. r[5], 1, true), "the note lists them: " ..
      (html:match("Hatched periods[^<]*") or "no note"))
  else
    T.ok(not html:find("Hatched periods", 1, true), "no note when every period is whole")
  end
end)

T.case("rates: mentions per 100 articles of each period, selectable", function()
  local html = report.html(timeline_data("2015-07-20", "2015-08-04",
    { "2015-W30", "2015-W31", "2015-W32" }), { series = 1 })
  local counts, rates = html:match('<figure class="panel view view%-counts">(.-)</figure>'),
    html:match('<figure class="panel view view%-rates">(.-)</figure>')
  T.ok(counts and rates, "two charts")
  local function values(svg)
    local out = {}
    for v in svg:gmatch('<circle class="point"[^>]* data%-value="([^"]+)"') do
      out[#out + 1] = v
    end
    return out
  end
  T.eq(values(counts), { "10", "10", "10" }, "mentions")
  T.eq(values(rates), { "20", "20", "200" }, "per 100 articles (5 articles in the last)")
  T.ok(html:find('<input checked id="view-counts" name="timeline-view" type="radio"/>', 1,
    true), "counts shown first")
  T.ok(html:find('for="view-rates">Mentions per 100 articles of the period</label>', 1, true),
    "a choice of rates")
  local plain = timeline_data("2015-07-20", "2015-08-04", { "2015-W30" })
  plain.periods = nil
  T.ok(not report.html(plain):find('id="view-rates"', 1, true), "no rates without data.periods")
end)

-- ---- the heatmap: legend and order -------------------------------------------------------

T.case("heatmap: a colour legend from -1 to +1 with the grey of pairs never together", function()
  local svg = S.heatmap({ { id = "a", name = "A" }, { id = "b", name = "B" } },
    function() return 0.5 end)
  T.ok(svg:find('<linearGradient id="npmi-scale">', 1, true), "a gradient")
  for _, v in ipairs({ -1, 0, 1 }) do
    T.ok(svg:find('stop-color="' .. S.npmi_colour(v) .. '"', 1, true), "stop " .. v)
  end
  T.ok(svg:find('class="legend%-none"[^>]*fill="' .. S.NEVER_COLOUR .. '"'), "the grey swatch")
  for _, w in ipairs({ ">-1<", ">0<", ">+1<", ">never together<", ">less often than chance<",
    ">together more often than chance<" }) do
    T.ok(svg:find(w, 1, true), "legend text " .. w)
  end
end)

-- blocks(n): n entities in rank order whose NPMI is high within the groups of i % 3 and
-- negative (or never together) across them.
local function blocks(n)
  local list = {}
  for i = 1, n do list[i] = { id = "e" .. i, group = i % 3 } end
  local group = {}
  for _, e in ipairs(list) do group[e.id] = e.group end
  local function npmi(a, b)
    if group[a] == group[b] then return 0.6 + 0.01 * (#a + #b) end
    if (#a + #b) % 2 == 0 then return -0.3 end
  end
  return list, npmi, group
end

T.cases("order.clusters: groups sit together, deterministic", { { 3 }, { 7 }, { 12 }, { 20 } },
function(r)
  local list, npmi, group = blocks(r[1])
  local got, how = order.clusters(list, npmi)
  T.eq(how, "order_clusters", "its sentence")
  T.eq(#got, #list, "every entity once")
  local runs = 1
  for i = 2, #got do if group[got[i].id] ~= group[got[i - 1].id] then runs = runs + 1 end end
  T.eq(runs, math.min(3, r[1]), "one run per group")
  T.eq(order.clusters(list, npmi), got, "deterministic")
end)

T.case("order.clusters: edge cases keep the given order", function()
  T.eq(order.clusters({}, function() end), {}, "nothing")
  local one = { { id = "a" } }
  T.eq(order.clusters(one, function() end), one, "one")
  local list = { { id = "a" }, { id = "b" }, { id = "c" }, { id = "d" } }
  T.eq(order.clusters(list, function() end), list, "never together: the rank order")
end)

T.case("heatmap order: the page uses opts.order and says how it ordered", function()
  local d = synthetic(11)
  local html = report.html(d, opts)
  T.ok(html:find("ordered by hierarchical clustering", 1, true), "the default is stated")
  local o = { order = function(list)
    local out = {}
    for i = #list, 1, -1 do out[#out + 1] = list[i] end
    return out, "Reversed, for the test."
  end }
  for k, v in pairs(opts) do o[k] = o[k] or v end
  local reversed = report.html(d, o)
  local clustered = report.html(d, opts)
  T.ok(reversed:find("Reversed, for the test.", 1, true), "a replacement's sentence")
  local first = function(page)
    return page:match('<section id="heatmap">.-<text class="axis"[^>]*>([^<]*)</text>')
  end
  T.ok(first(reversed) ~= first(clustered), "a replacement's order")
end)

-- ---- KWIC: a sample across sources and articles -----------------------------------------

-- kwic_stream(sampler): 60 articles of 3 sources (20 each, in source order, as many
-- archives are), each mentioning "mali" 3 times and "niger" once; offered to the sampler.
local function kwic_stream(s)
  local sources = { "aawsat", "alriyadh", "sabq" }
  for i = 1, 60 do
    local a = { id = string.format("a%02d", i), source = sources[(i - 1) // 20 + 1],
      date = string.format("2015-%02d-%02d", (i - 1) // 28 + 7, (i - 1) % 28 + 1) }
    for k = 1, 3 do
      s:add({ article_id = a.id, entity_id = "mali", left = "l" .. k, match = "مالي",
        right = "r" .. k }, a)
    end
    s:add({ article_id = a.id, entity_id = "niger", left = "", match = "النيجر", right = "" }, a)
  end
  return s:rows()
end

T.case("kwic sample: spread across sources and articles, dated, deterministic", function()
  local rows = kwic_stream(report.sampler { n = 5, seed = 42, entities = { mali = true } })
  T.eq(#rows, 5, "five lines")
  local articles, sources = {}, {}
  for i, r in ipairs(rows) do
    T.eq(r.entity_id, "mali", "only the entities asked for")
    T.ok(not articles[r.article_id], "one line per article")
    articles[r.article_id], sources[r.source] = true, true
    T.ok(r.date and r.source, "date and source")
    if i > 1 then T.ok(rows[i - 1].date <= r.date, "by date") end
  end
  T.eq(sources, { aawsat = true, alriyadh = true, sabq = true }, "every source")
  T.ok(rows[1].article_id ~= "a01" or rows[2].article_id ~= "a02", "not the first five")
  T.eq(kwic_stream(report.sampler { n = 5, seed = 42, entities = { mali = true } }), rows,
    "the same seed gives the same lines")
  local all = kwic_stream(report.sampler { n = 2 })
  T.eq(#all, 4, "every entity when none is named")
end)

T.case("kwic lines show the date and the source", function()
  local d = synthetic(11)
  d.kwic = { { article_id = "x1", entity_id = "e1", left = "في", match = "مالي", right = "أمس",
    date = "2015-07-21", source = "الرياض" } }
  d.kwic_seed = 42
  local html = report.html(d, opts)
  T.ok(html:find('<span class="meta" dir="ltr" title="x1"><span class="date">2015-07-21' ..
    '</span> · <bdi class="source" dir="rtl" lang="ar">الرياض</bdi></span>', 1, true),
    "date and source on the line")
  T.ok(html:find("sampled across sources", 1, true) or html:find("spread across sources", 1,
    true), "the intro says how the lines were chosen")
end)

-- ---- languages, title, demonyms ----------------------------------------------------------

-- directives(s): the string.format directives of s, in order.
local function directives(s)
  local out = {}
  for d in tostring(s):gmatch("%%[%d.]*[dsf%%]") do out[#out + 1] = d end
  return table.concat(out, " ")
end

T.case("labels: every label in every language, with the same directives", function()
  for _, lang in ipairs(labels.LANGUAGES) do
    local t = assert(labels.get(lang))
    for _, other in ipairs(labels.LANGUAGES) do
      for k, v in pairs(labels.get(other)) do
        T.ok(type(t[k]) == "string" and t[k] ~= "", lang .. " has " .. k)
        T.eq(directives(t[k]), directives(v), lang .. "." .. k .. " vs " .. other)
      end
    end
  end
  local none, msg = labels.get("de")
  T.ok(not none and msg:find("en, fr, ar"), tostring(msg))
end)

T.case("labels: the page uses only labels that exist (every language renders)", function()
  for _, lang in ipairs(labels.LANGUAGES) do
    local d = timeline_data("2015-07-21", "2015-08-04", { "2015-W30", "2015-W31", "2015-W32" })
    local full = synthetic(11)
    for k, v in pairs(d) do if full[k] == nil then full[k] = v end end
    full.summary.date_from, full.summary.date_to = "2024-01-10", "2024-12-03"
    full.summary.context, full.summary.by, full.summary.names = 8, "month", "ar"
    full.demonyms, full.kwic_seed = { counted = false, mentions = 1234, total = 56789 }, 42
    local html = report.html(full, { lang = lang })
    T.ok(#html > 10000, lang)
  end
  T.raises(function() report.html(synthetic(11), { lang = "de" }) end, "unknown interface")
end)

T.case("--lang: French and Arabic pages; Arabic is right to left", function()
  local d = synthetic(11)
  local fr = report.html(d, { lang = "fr" })
  T.ok(fr:find('<html dir="ltr" lang="fr">', 1, true), "html lang fr")
  T.ok(fr:find("<h2>Entités les plus mentionnées, par type</h2>", 1, true), "French headings")
  T.ok(fr:find("<title>Presse du Sahel", 1, true), "French default title")
  local ar = report.html(d, { lang = "ar" })
  T.ok(ar:find('<html dir="rtl" lang="ar">', 1, true), "html dir rtl")
  T.ok(ar:find("<h2>شبكة أقوى الأزواج</h2>", 1, true), "Arabic headings")
  T.ok(ar:find('<text class="legend" direction="ltr" text%-anchor="middle"[^>]*>%-1</text>'),
    "numbers in the charts stay left to right")
  T.ok(report.html(d):find('<html dir="ltr" lang="en">', 1, true), "English by default")
end)

T.case("--title: the title given wins", function()
  local html = report.html(synthetic(11), { title = "Mali & <co>, 2015", lang = "ar" })
  T.ok(html:find("<title>Mali &amp; &lt;co&gt;, 2015</title>", 1, true), "<title>")
  T.ok(html:find('<h1 dir="auto">Mali &amp; &lt;co&gt;, 2015</h1>', 1, true), "<h1>")
end)

T.cases("demonyms: the report says whether they counted, and how many mentions", {
  { { counted = true, mentions = 1234, total = 56789 }, "en",
    "Demonyms (المالي, russe...) were counted: they make 1,234 of the 56,789 mentions." },
  { { counted = false, mentions = 90, total = 605 }, "en",
    "were not counted: counting them (--demonyms) would add 90 mentions to the 605." },
  { { counted = false, mentions = 1234, total = 56789 }, "fr",
    "ajouterait 1\u{202F}234 mentions aux 56\u{202F}789." },
  { { counted = false }, "en", "Demonyms (المالي, russe...) were not counted." },
}, function(r)
  local d = synthetic(11)
  d.demonyms = r[1]
  local html = report.html(d, { lang = r[2] })
  T.ok(html:find('<p class="note demonyms">' .. H.escape(r[3]), 1, true) or
    html:find(H.escape(r[3]), 1, true), r[3])
end)

-- ---- the main job's report (analyze.lua on the bundled sample) -----------------------------

-- analyze(out, args): run analyze.lua into out with args; its exit code and stderr.
local function analyze(out, args)
  local code, _, err = T.sh(T.quote(T.bin) .. " scripts/analyze.lua --quiet --out " ..
    T.quote(out) .. " " .. args .. " </dev/null")
  return code, err
end

-- rows_of(path): the rows of a CSV file.
local function rows_of(path)
  local out = {}
  for r in sahel.csv.rows(path) do out[#out + 1] = r end
  return out
end

local runs = T.tmpdir()

T.case("analyze --names ar --lang fr --title --by week: every output", function()
  local out = runs .. "/ar"
  local code, err = analyze(out, "--names ar --lang fr --title 'Revue & <Sahel>' --by week")
  T.eq(code, 0, err)
  local names = {}
  for _, r in ipairs(rows_of(out .. "/entities.csv")) do names[r.entity_id] = r.name end
  T.eq({ names.mali, names.niger, names.algeria }, { "مالي", "النيجر", "الجزائر" },
    "entities.csv: the first Arabic alias, the id stays the id")
  local pair = rows_of(out .. "/cooccurrence.csv")[1]
  T.ok(H.is_arabic(pair.name_a) and H.is_arabic(pair.name_b) and not H.is_arabic(pair.entity_a),
    "cooccurrence.csv: Arabic names")
  local graphml = T.read(out .. "/network.graphml")
  T.ok(graphml:find(">مالي<", 1, true) and not graphml:find(">Mali<", 1, true), "GraphML labels")
  T.ok(T.read(out .. "/network.dot"):find('"مالي"', 1, true), "DOT labels")
  local _, sheet = T.sh("unzip -p " .. T.quote(out .. "/results.xlsx") ..
    " xl/worksheets/sheet2.xml 2>/dev/null")
  T.ok(sheet == "" or (sheet:find(">مالي<", 1, true) and not sheet:find(">Mali<", 1, true)),
    "results.xlsx's entities sheet (when unzip is there)")
  local html = T.read(out .. "/report.html")
  T.ok(html:find('<html dir="ltr" lang="fr">', 1, true), "French page")
  T.ok(html:find("<title>Revue &amp; &lt;Sahel&gt;</title>", 1, true), "--title")
  T.ok(html:find("<h2>Mentions par semaine</h2>", 1, true), "weeks, in French")
  T.ok(html:find('data-entity="mali"[^>]*>[^<]*<title>مالي: ') or
    html:find('<title>مالي: %d+</title>'), "Arabic names in the charts")
  -- the sample starts on Friday 2012-03-23: its first week has 3 of 7 days
  T.ok(html:find('<rect class="partial" data-period="2012-W12"', 1, true), "first week hatched")
  T.ok(html:find("2012-W12 (3 jours sur 7)", 1, true), "and listed")
  T.ok(html:find('id="view-rates"', 1, true), "rates per 100 articles")
end)

T.case("analyze --by day: day periods in the CSV and the report", function()
  local out = runs .. "/day"
  local code, err = analyze(out, "--by day")
  T.eq(code, 0, err)
  local periods = {}
  for _, r in ipairs(rows_of(out .. "/cooccurrence.csv")) do
    T.ok(r.period:find("^%d%d%d%d%-%d%d%-%d%d$"), "a day: " .. r.period)
    periods[r.period] = true
  end
  T.ok(next(periods), "pairs by day")
  local html = T.read(out .. "/report.html")
  T.ok(html:find("<h2>Mentions per day</h2>", 1, true), "per day")
  T.ok(not html:find('<rect class="partial"', 1, true), "a day is never partial")
end)

T.case("analyze: KWIC lines spread across articles, with date and source", function()
  local html = T.read(runs .. "/day/report.html")
  local mali = html:match("<h3><span dir=\"auto\">Mali</span>.-</div></div>")
  T.ok(mali, "Mali's lines")
  local articles, n = {}, 0
  for id, date, source in mali:gmatch('<span class="meta" dir="ltr" title="([^"]+)"><span ' ..
    'class="date">(%d%d%d%d%-%d%d%-%d%d)</span> · <bdi class="source"[^>]*>([^<]+)</bdi>') do
    T.ok(not articles[id], "one line per article: " .. id)
    articles[id], n = true, n + 1
  end
  T.eq(n, 5, "five dated lines with their source")
end)

T.case("analyze: the report says how many mentions demonyms add, and that is true", function()
  local plain = T.read(runs .. "/day/report.html")
  local add, total = plain:match("would add ([%d,]+) mentions to the ([%d,]+)%.")
  T.ok(add, "the note without --demonyms")
  local out = runs .. "/demonyms"
  local code, err = analyze(out, "--demonyms")
  T.eq(code, 0, err)
  local function sum(path)
    local n = 0
    for _, r in ipairs(rows_of(path)) do n = n + tonumber(r.mentions) end
    return n
  end
  local without, with = sum(runs .. "/day/entities.csv"), sum(out .. "/entities.csv")
  T.eq({ tonumber((add:gsub(",", ""))), tonumber((total:gsub(",", ""))) },
    { with - without, without }, "would add = the --demonyms run's extra mentions")
  local made, of = T.read(out .. "/report.html"):match("they make ([%d,]+) of the ([%d,]+) ")
  local db = sahel.db.open(out .. "/sahel.sqlite")
  local n = db:first("SELECT count(*) AS n FROM mentions WHERE flags & 2 <> 0").n
  db:close()
  T.eq({ tonumber(made and (made:gsub(",", ""))), tonumber(of and (of:gsub(",", ""))) },
    { n, with }, "with --demonyms: how many of the mentions they make")
  T.ok(n > 0, "the sample has demonyms")
end)

local bin = browser.chromium()
if not bin then
  print("SKIP (chromium not installed): the rendering cases")
  T.done()
end

local dir = T.tmpdir()
local page = dir .. "/report.html"
assert(report.write(page, data, opts))

T.case("chromium: the page renders with no console message", function()
  local code, dom, console = browser.headless(bin, page, "--dump-dom")
  T.eq(code, 0, "exit code")
  T.eq(console, {}, "console")
  T.eq(browser.rendered(dom), want_counts(data, opts), "shapes drawn")
  T.ok(dom:find('data-status="ok"', 1, true), "the page's own check")
end)

T.case("chromium: the Arabic and French pages render as the English one", function()
  for _, lang in ipairs({ "ar", "fr" }) do
    local path = dir .. "/report-" .. lang .. ".html"
    local o = { lang = lang }
    for k, v in pairs(opts) do o[k] = v end
    assert(report.write(path, data, o))
    local code, dom, console = browser.headless(bin, path, "--dump-dom")
    T.eq({ code, console }, { 0, {} }, lang .. ": exit code and console")
    T.eq(browser.rendered(dom), want_counts(data, opts), lang .. ": shapes drawn")
    T.ok(dom:find('data-status="ok"', 1, true), lang .. ": the page's own check")
  end
end)

T.case("chromium: a broken page is caught (the check can fail)", function()
  local bad = dir .. "/bad.html"
  T.write(bad, (html:gsub('"use strict";', '"use strict"; undefinedFunction();', 1)))
  local _, dom, console = browser.headless(bin, bad, "--dump-dom")
  T.eq(#console, 1, "one console error")
  T.ok(console[1]:find("undefinedFunction"), "names the error")
  T.eq(browser.rendered(dom), nil, "no counts")
end)

T.case("chromium: screenshot", function()
  local png = dir .. "/report.png"
  local code = browser.headless(bin, page,
    "--hide-scrollbars --window-size=1100,3000 --screenshot=" .. T.quote(png))
  T.eq(code, 0, "exit code")
  local bytes = T.read(png) or ""
  T.eq(bytes:sub(1, 8), "\137PNG\r\n\26\n", "a PNG")
  T.eq({ string.unpack(">I4I4", bytes, 17) }, { 1100, 3000, 25 }, "size")
  T.ok(#bytes > 50000, "not blank (" .. #bytes .. " bytes)")
end)

T.done()
