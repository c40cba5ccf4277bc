-- test_examples.lua: every script in scripts/ runs on the bundled sample, says in its first
-- lines what it demonstrates, and gives numbers that agree with the main job's outputs
-- (analyze.lua is run first; its entities.csv and sahel.sqlite are the reference).
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

if not (sahel.corpus and sahel.corpus.open) then T.skip("sahel.corpus is not available yet") end

local dir = T.tmpdir()

-- script(name, args): run scripts/name with args; exit code, stdout, stderr.
local function script(name, args)
  return T.sh(T.quote(T.bin) .. " scripts/" .. name .. " " .. (args or "") .. " </dev/null")
end

-- rows(path): the rows of a CSV file.
local function rows(path)
  local t = {}
  for r in sahel.csv.rows(path) do t[#t + 1] = r end
  return t
end

T.case("every script is headed with what it demonstrates", function()
  local _, ls = T.sh("ls scripts/*.lua")
  local n = 0
  for path in ls:gmatch("[^\n]+") do
    local head = (T.read(path) or ""):sub(1, 400)
    T.ok(head:find("^%-%-%-? ?[%w_]+%.lua: ") and head:find("[Dd]emonstrates"),
      path .. " starts with 'NAME.lua: ...' and says what it demonstrates")
    n = n + 1
  end
  T.ok(n >= 8, "scripts found: " .. n)
end)

local code, _, err = script("analyze.lua", "--quiet --out " .. T.quote(dir .. "/out"))
if code ~= 0 then
  T.case("analyze.lua runs", function() T.eq(code, 0, err) end)
  T.done()
end
local db_path = dir .. "/out/sahel.sqlite"
local mentions_of = {}
for _, e in ipairs(rows(dir .. "/out/entities.csv")) do
  mentions_of[e.entity_id] = tonumber(e.mentions)
end
local total = 0
for _, n in pairs(mentions_of) do total = total + n end

T.case("timeline.lua: mentions per year sum to the entity's mentions", function()
  local c, out, e = script("timeline.lua", "--by year --entity mali,russia --out " ..
    T.quote(dir .. "/timeline.csv"))
  T.eq(c, 0, e)
  T.ok(out:find("^period\tmali\trussia\n"), out)
  local sum = { mali = 0, russia = 0 }
  for _, r in ipairs(rows(dir .. "/timeline.csv")) do
    T.ok(r.period:find("^%d%d%d%d$") or r.period == "unknown", "a year: " .. r.period)
    for id in pairs(sum) do sum[id] = sum[id] + tonumber(r[id]) end
  end
  T.eq(sum, { mali = mentions_of.mali, russia = mentions_of.russia }, "sums")
end)

T.case("partners.lua: the entity's mentions and its partners", function()
  local c, out, e = script("partners.lua", "--entity mali --sort npmi --min-count 1")
  T.eq(c, 0, e)
  T.eq(tonumber(out:match("^mali: (%d+) mentions")), mentions_of.mali, "mentions")
  local _, lines = out:gsub("\n", "")
  T.ok(lines >= 4, "a header and partners:\n" .. out)
  c, _, e = script("partners.lua", "--entity no_such_entity")
  T.eq(c, 2, "unknown entity: a usage error")
  T.ok(e:find("no_such_entity", 1, true), e)
end)

T.case("sources.lua: shares per source sum to every mention", function()
  local c, out, e = script("sources.lua", "--out " .. T.quote(dir .. "/sources.csv"))
  T.eq(c, 0, e)
  local sum, share = 0, {}
  for _, r in ipairs(rows(dir .. "/sources.csv")) do
    sum = sum + tonumber(r.mentions)
    share[r.source] = (share[r.source] or 0) + tonumber(r.share)
  end
  T.eq(sum, total, "mentions")
  for s, v in pairs(share) do T.near(v, 1, 1e-4, "shares of " .. s) end
  T.ok(out:find("%%"), out)
end)

T.case("kwic.lua: lines for one entity, CSV for Excel", function()
  local c, out, e = script("kwic.lua", "--entity mali --limit 4 --excel --out " ..
    T.quote(dir .. "/kwic.csv"))
  T.eq(c, 0, e)
  local want = math.min(4, mentions_of.mali)
  T.ok(out:find("\n" .. want .. " lines\n$"), out)
  T.eq(T.read(dir .. "/kwic.csv"):sub(1, 3), "\239\187\191", "BOM")
  T.eq(#rows(dir .. "/kwic.csv"), want, "rows")
end)

T.case("kwic.lua --word: any word, with date, source and article id; a bad regex", function()
  local c, out, e = script("kwic.lua", "--word 'إرهاب*' --glob --limit 3 --threads 2 --out " ..
    T.quote(dir .. "/kwic_word.csv"))
  T.eq(c, 0, e)
  T.ok(out:find("\n3 lines\n$"), out)
  local first = out:match("^[^\n]+")
  T.ok(first:find("^%d%d%d%d%-%d%d%-%d%d ") and first:find(" sample%-") and first:find("%[[^%]]*إرهاب"),
    "date, id, match: " .. first)
  local r = rows(dir .. "/kwic_word.csv")
  T.eq(#r, 3, "rows")
  T.ok(r[1].date and r[1].source and r[1].article_id and r[1].match:find("إرهاب"), "columns")
  c, out, e = script("kwic.lua", "--word 'a(' --regex")
  T.eq(c, 1, "exit status")
  T.eq(e, "kwic.lua: --word: bad regex \"a(\": U_REGEX_MISMATCHED_PAREN at offset 2\n", "message")
  c, _, e = script("kwic.lua", "--glob")
  T.eq(c, 2, "usage: " .. e)
end)

T.case("words_of.lua: an entity's key words per year, as the API gives them", function()
  local c, out, e = script("words_of.lua", "--entity wagner --by year --top 3 --stem arabic " ..
    "--clitics --threads 2 --out " .. T.quote(dir .. "/words_of.csv"))
  T.eq(c, 0, e)
  T.ok(out:find("^wagner: %d+ articles mention it; %d+ words in its sentences\n"), out)
  local r = rows(dir .. "/words_of.csv")
  T.ok(#r > 3, "rows")
  local corpus = assert(sahel.corpus.open("datasets/sample"))
  local gaz = assert(sahel.gazetteer.load("datasets/gazetteer/sahel.csv"))
  local want = assert(sahel.terms.of_entity(corpus, gaz, "wagner", { by = "year", top = 3,
    min_count = 2, stem = "arabic", clitics = true, stopwords = "ar,en,fr" }))
  T.eq(#r, #want, "the rows of sahel.terms.of_entity")
  for i, w in ipairs(want) do
    T.eq({ r[i].slice, r[i].term, tonumber(r[i].a), tonumber(r[i].b) }, { w.slice, w.term, w.a, w.b },
      "row " .. i)
  end
  c, _, e = script("words_of.lua", "--entity wagnr")
  T.eq(c, 2, "unknown entity: " .. e)
  c, _, e = script("terms.lua", "--stem klingon")
  T.eq(c, 1, "unknown stemmer")
  T.ok(e:find("^terms%.lua: bad option 'stem' %(unknown stemmer 'klingon'"), e)
end)

T.case("search.lua: FTS over the main job's store finds proclitic forms", function()
  local c, out, e = script("search.lua", "--store " .. T.quote(db_path) ..
    " --query الجزائر --limit 1000")
  T.eq(c, 0, e)
  local n = tonumber(out:match("^(%d+) articles match"))
  T.ok(n and n >= 1, out)
  local db = assert(sahel.db.open(db_path, { readonly = true }))
  local literal = db:first("SELECT count(*) AS n FROM articles " ..
    "WHERE coalesce(title, '') || body LIKE '%الجزائر%'").n
  db:close()
  T.ok(n >= literal, string.format("%d hits, %d articles hold the exact form", n, literal))
  c, out, e = script("search.lua", "--query باماكو")
  T.eq(c, 0, "without --store: a temporary store of the sample: " .. e)
  T.ok(out:find("^%d+ articles match"), out)
end)

T.case("custom_report.lua: SQL over sahel.sqlite agrees with entities.csv", function()
  local c, out, e = script("custom_report.lua", "--db " .. T.quote(db_path) .. " --top 3 --out " ..
    T.quote(dir .. "/custom.csv"))
  T.eq(c, 0, e)
  T.ok(out:find("rows written"), out)
  local db = assert(sahel.db.open(db_path, { readonly = true }))
  local per = {}
  for r in db:rows("SELECT id, name FROM entities") do per[r.name] = r.id end
  db:close()
  local sum = {}
  for _, r in ipairs(rows(dir .. "/custom.csv")) do
    sum[r.entity] = (sum[r.entity] or 0) + tonumber(r.mentions)
  end
  local n = 0
  for name, v in pairs(sum) do
    n = n + 1
    T.eq(v, mentions_of[per[name]], "mentions of " .. name)
  end
  T.eq(n, 3, "three entities")
  c, _, e = script("custom_report.lua", "--db " .. T.quote(dir .. "/missing.sqlite"))
  T.eq(c, 2, "a missing store: a usage error")
  T.ok(e:find("missing.sqlite: No such file", 1, true), e)
end)

T.case("gazetteer_eval.lua: a gazetteer built from gold spans finds them all", function()
  if not T.read("scripts/gazetteer_eval.lua") then return end
  local gold = dir .. "/gold.conll"
  T.write(gold, table.concat({ "زار O", "الرئيس O", "فلاديمير B-PERS", "بوتين I-PERS",
    "باماكو B-LOC", ". O", "", "وقالت O", "الأمم B-ORG", "المتحدة I-ORG", "إن O", "كيدال B-LOC",
    "هادئة O", ". O", "" }, "\n"))
  local c, out, e = script("gazetteer_eval.lua", "--gold " .. T.quote(gold) ..
    " --build-gazetteer " .. T.quote(dir .. "/gold-gaz.csv"))
  T.eq(c, 0, e)
  T.ok(out:find("| %*%*all%*%* | 4 | 4 | 4 | 1%.000 | 1%.000 | 1%.000 |"), out)
  c, out, e = script("gazetteer_eval.lua", "--gold " .. T.quote(gold) ..
    " --gazetteer datasets/gazetteer/sahel.csv")
  T.eq(c, 0, e)
  T.ok(out:find("| %*%*all%*%* | 4 |"), out)
end)

T.done()
