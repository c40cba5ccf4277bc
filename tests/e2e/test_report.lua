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

-- synthetic(seed): a data table for report.html with hostile names (markup, quotes,
-- ampersands), Arabic and Latin names, four types, pairs, a timeline with an undated period
-- and KWIC lines.
local NAMES = { "مالي", "روسيا", "الجزائر", "فاغنر", "فيلق أفريقيا", "Niger",
  "Burkina <Faso>", "ECOWAS & co", "\"Quoted\" 'x'", "بوتين", "غويتا", "<script>alert(1)</script>",
  "النيجر", "تشاد", "ليبيا", "Paris", "Wagner", "AES", "Moscow", "Tinzaouaten", "Unmentioned" }
local TYPES = { "GPE", "PER", "ORG", "LOC", "EVENT" }
local function synthetic(seed)
  local rnd = layout.rng(seed)
  local d = { entities = {}, pairs = {}, timeline = {}, kwic = {},
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
    for k = 1, i % 7 do
      d.kwic[#d.kwic + 1] = { article_id = "a<" .. k, entity_id = "e" .. i,
        left = "وقعت باماكو وموسكو & <i>", match = NAMES[i], right = "في \"مجال\" الأمن" }
    end
  end
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
  return { bars = bars, cells = k * (k - 1), nodes = nn, edges = math.min(o.edges, #strong),
           series = s, points = s * 12, kwic = kwic }
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
local opts = { bars = 4, heatmap = 9, edges = 25, series = 6, kwic = 3, seed = 5 }
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
  for _, pat in ipairs({ "src%s*=", "href%s*=%s*\"http", "@import", "url%(" }) do
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
  T.eq(listing(parent), "out", "no staging directory left")
  T.eq(listing(parent .. "/out"), ".sahel-manifest a.csv c.csv", "first outputs")
  T.write(parent .. "/out/notes.txt", "mine")
  run(parent, { ["a.csv"] = "a2", ["b.csv"] = "b2" }, true)
  T.eq({ T.read(parent .. "/out/a.csv"), T.read(parent .. "/out/c.csv") }, { "a1", "c1" },
    "an aborted run leaves the previous outputs")
  T.eq(listing(parent), "out", "an aborted run leaves no staging directory")
  T.ok(run(parent, { ["a.csv"] = "a2", ["b.csv"] = "b2" }), "second run")
  T.eq(listing(parent .. "/out"), ".sahel-manifest a.csv b.csv notes.txt",
    "old outputs gone, the analyst's file kept")
  T.eq({ T.read(parent .. "/out/a.csv"), T.read(parent .. "/out/notes.txt") }, { "a2", "mine" },
    "contents")
  T.sh("mkdir " .. T.quote(parent .. "/.out.new-dead00") .. " && touch " ..
    T.quote(parent .. "/.out.new-dead00/x.csv"))
  T.ok(run(parent, { ["a.csv"] = "a3" }), "third run")
  T.eq(listing(parent), "out", "a killed run's staging directory is removed")
  T.eq(listing(parent .. "/out"), ".sahel-manifest a.csv notes.txt", "third outputs")
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
