-- test_audit.lua: scripts/audit.lua and sahel.audit: a reproducible sample for a seed,
-- strata of entity frequency, resuming a session, the non-interactive TSV and --report,
-- Wilson intervals against published figures, and clear errors.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local audit = require "sahel.audit"

local DIR = T.tmpdir()
local GAZ, CORPUS = DIR .. "/gaz.csv", DIR .. "/news.jsonl"

-- A corpus where the three entities have 60, 30 and 10 mentions (100 in all), so the
-- strata of entity frequency are known: S1 = bamako (its first mention opens the first
-- third), S2 = niamey (starts at 60), S3 = ouaga (starts at 90).
T.write(GAZ, "id,type,alias\nbamako,GPE,باماكو\nniamey,GPE,نيامي\nouaga,GPE,واغادوغو\n")
do
  local lines = {}
  for i = 1, 20 do
    local words = {}
    for _ = 1, 3 do words[#words + 1] = "وصل الوفد إلى باماكو أمس." end
    if i <= 15 then words[#words + 1] = "ثم إلى نيامي ثم نيامي مرة أخرى." end
    if i <= 10 then words[#words + 1] = "وزار واغادوغو." end
    lines[i] = string.format('{"id": "a%02d", "date": "2024-03-%02d", "source": "src%d", ' ..
      '"title": "خبر %d", "text": "%s"}', i, i, i % 2, i, table.concat(words, " "))
  end
  T.write(CORPUS, table.concat(lines, "\n") .. "\n")
end

--- run(args [, input]): run audit.lua with args (stdin from the string input); exit code,
-- stdout, stderr.
local function run(args, input)
  local cmd = T.quote(T.bin) .. " scripts/audit.lua " .. args
  if input then
    local f = DIR .. "/stdin"
    T.write(f, input)
    cmd = cmd .. " < " .. T.quote(f)
  else
    cmd = cmd .. " < /dev/null"
  end
  return T.sh(cmd)
end

--- draw(out, extra): draw a sample of the fixture corpus into out; the rows read back.
local function draw(out, extra)
  local code, so, se = run("--corpus " .. CORPUS .. " --gazetteer " .. GAZ .. " --out " ..
    out .. " " .. extra)
  T.eq(code, 0, "exit " .. se .. so)
  return T.ok(audit.read(out), "sample file reads")
end

T.case("Wilson intervals: Newcombe (1998), Table I, method 3", function()
  for _, c in ipairs({ { 81, 263, 0.2553, 0.3662 }, { 15, 148, 0.0624, 0.1605 },
    { 0, 20, 0.0, 0.1611 }, { 1, 29, 0.0061, 0.1718 }, { 29, 29, 0.8830, 1.0 } }) do
    local lo, hi = audit.wilson(c[1], c[2])
    T.near(lo, c[3], 5e-5, c[1] .. "/" .. c[2] .. " lo")
    T.near(hi, c[4], 5e-5, c[1] .. "/" .. c[2] .. " hi")
  end
  T.eq(audit.wilson(0, 0), nil, "no trial, no interval")
end)

T.case("priorities are reproducible, spread and seed-dependent", function()
  -- pinned: splitmix64 of state 0 first outputs 0xE220A8397B1DCDAF (its published value)
  T.eq(audit.priority(0, 0), 0xE220A8397B1DCDAF, "splitmix64")
  T.eq(audit.priority(42, 7), audit.priority(42, 7), "same seed and key, same priority")
  T.ok(audit.priority(42, 7) ~= audit.priority(43, 7), "another seed")
  local low = 0
  for key = 1, 1000 do
    if math.ult(audit.priority(5, key), 1 << 62) then low = low + 1 end
  end
  T.ok(low > 200 and low < 300, "a quarter below 2^62: " .. low)
end)

T.case("strata of entity frequency cut the mentions in k parts", function()
  local of, list = audit.strata({ a = 50, b = 30, c = 10, d = 6, e = 4, z = 0 }, 3)
  T.eq({ of.a, of.b, of.c, of.d, of.e, of.z }, { 1, 2, 3, 3, 3, nil }, "strata")
  T.eq(list, { { index = 1, mentions = 50, entities = 1 }, { index = 2, mentions = 30,
    entities = 1 }, { index = 3, mentions = 20, entities = 3 } }, "sizes")
  -- an entity holding most mentions leaves the middle stratum empty: it is left out
  local _, l2 = audit.strata({ big = 90, small = 10 }, 3)
  T.eq(#l2, 2, "empty stratum dropped")
end)

T.case("a seed draws the same sample; strata are equal shares of the draws", function()
  local r1 = draw(DIR .. "/s1.tsv", "--sample 9 --seed 7 --no-ask")
  local r2 = draw(DIR .. "/s2.tsv", "--sample 9 --seed 7 --no-ask")
  local r3 = draw(DIR .. "/s3.tsv", "--sample 9 --seed 8 --no-ask")
  T.eq(T.read(DIR .. "/s1.tsv"), T.read(DIR .. "/s2.tsv"), "same seed, same file")
  T.ok(T.read(DIR .. "/s1.tsv") ~= T.read(DIR .. "/s3.tsv"), "another seed, another sample")
  local want = { S1 = { "bamako", 60 }, S2 = { "niamey", 30 }, S3 = { "ouaga", 10 } }
  local per, keys = {}, {}
  for _, r in ipairs(r1) do
    T.eq({ r.entity, r.stratum_mentions }, want[r.stratum], "stratum " .. r.stratum)
    per[r.stratum] = (per[r.stratum] or 0) + 1
    local key = r.article_id .. ":" .. r.byte_start
    T.ok(not keys[key], "drawn once: " .. key)
    keys[key] = true
    T.eq(r.verdict, "", "verdict left empty")
    T.ok(r.date:match("^2024%-03%-%d%d$") and r.source:match("^src%d$"), "date and source")
    T.ok(r.match:find("واغادوغو") or r.match:find("نيامي") or r.match:find("باماكو"), r.match)
    T.ok(r.left ~= "" or r.right ~= "", "context")
  end
  T.eq(per, { S1 = 3, S2 = 3, S3 = 3 }, "equal shares")
  -- a sample larger than a stratum takes all of it and gives the rest to the others
  local big = draw(DIR .. "/big.tsv", "--sample 60 --seed 1 --no-ask")
  local n3 = 0
  for _, r in ipairs(big) do if r.stratum == "S3" then n3 = n3 + 1 end end
  T.eq({ #big, n3 }, { 60, 10 }, "S3 all taken")
end)

T.case("a mention keeps its draw when the gazetteer changes; --carry reuses verdicts", function()
  local before = draw(DIR .. "/g1.tsv", "--sample 9 --seed 4 --no-ask")
  local verdicts = {}
  for i in ipairs(before) do verdicts[i] = i % 2 == 0 and "s" or "r" end
  local rows = audit.read(DIR .. "/g1.tsv")
  for i, r in ipairs(rows) do r.verdict = verdicts[i] end
  assert(audit.write(DIR .. "/g1.tsv", rows))
  -- a gazetteer with one more entity: the mentions of the others stay in the sample
  local gaz2 = DIR .. "/gaz2.csv"
  T.write(gaz2, T.read(GAZ) .. "wafd,ORG,الوفد\n")
  local code, so, se = run("--corpus " .. CORPUS .. " --gazetteer " .. gaz2 .. " --out " ..
    DIR .. "/g2.tsv --sample 9 --seed 4 --no-ask --strata 1 --carry " .. DIR .. "/g1.tsv")
  T.eq(code, 0, se)
  local n = tonumber(so:match("(%d+) verdicts carried"))
  local after = audit.read(DIR .. "/g2.tsv")
  local same = 0
  for _, r in ipairs(after) do
    for i, b in ipairs(before) do
      if b.article_id == r.article_id and b.byte_start == r.byte_start then
        same = same + 1
        T.eq(r.verdict, audit.verdict(verdicts[i]), "verdict carried")
      end
    end
  end
  T.ok(same >= 1 and n == same, "carried " .. tostring(n) .. " of " .. same .. " shared")
end)

T.case("--alias and --entity draw one stratum", function()
  local rows = draw(DIR .. "/alias.tsv", "--alias نيامي --sample 5 --seed 2 --no-ask")
  T.eq(#rows, 5, "five")
  for _, r in ipairs(rows) do T.eq({ r.alias, r.stratum }, { "نيامي", "alias:نيامي" }, "alias") end
  rows = draw(DIR .. "/aliases.tsv", "--alias 'نيامي|واغادوغو' --sample 12 --seed 2 --no-ask")
  local per = {}
  for _, r in ipairs(rows) do
    T.eq(r.stratum, "alias:" .. r.alias, "one stratum per alias")
    per[r.alias] = (per[r.alias] or 0) + 1
  end
  T.eq(per, { ["نيامي"] = 12, ["واغادوغو"] = 10 }, "N of each alias, all of a small one")
  rows = draw(DIR .. "/entity.tsv", "--entity ouaga --sample 50 --seed 2 --no-ask")
  T.eq(#rows, 10, "all ten mentions of a small entity")
end)

T.case("an interrupted session resumes where it stopped", function()
  local out = DIR .. "/resume.tsv"
  draw(out, "--sample 6 --seed 3 --no-ask")
  local code, so = run("--out " .. out .. " --ask", "r\nbad\ns an adjective\nq\n")
  T.eq(code, 0, so)
  T.ok(so:find("r, s, e, u or q"), "a bad answer is asked again")
  local rows = audit.read(out)
  T.eq({ rows[1].verdict, rows[2].verdict, rows[2].note, rows[3].verdict },
    { "right", "wrong_sense", "an adjective", "" }, "saved at q")
  code, so = run("--out " .. out .. " --ask", "e\n")        -- ends at end of input
  T.ok(so:find("resuming"), so)
  T.ok(so:find("%[3/6%]") and not so:find("%[1/6%]"), "starts at the first open row")
  rows = audit.read(out)
  T.eq({ rows[3].verdict, rows[4].verdict }, { "wrong_entity", "" }, "saved at end of input")
  code, so = run("--out " .. out .. " --ask", "r\nu\nr\n")
  T.ok(so:find("| S1 |", 1, true) and so:find("Look at first"), "report at the end: " .. so)
end)

--- fill(path, verdicts): write the verdicts (by row) into the sample file, as an editor would.
local function fill(path, verdicts)
  local rows = assert(audit.read(path))
  for i, r in ipairs(rows) do r.verdict = verdicts[i] or "" end
  assert(audit.write(path, rows))
end

--- cells(out, label): the cells of the report's table row starting with label.
local function cells(out, label)
  for line in out:gmatch("[^\n]+") do
    if line:sub(1, #label + 2) == "| " .. label then
      local t = {}
      for c in line:gmatch("|%s*([^|]-)%s*%f[|]") do t[#t + 1] = c end
      return t
    end
  end
end

T.case("--report: precision and Wilson intervals per stratum, alias and overall", function()
  local out = DIR .. "/report.tsv"
  draw(out, "--sample 30 --seed 11 --no-ask")
  local rows = audit.read(out)
  local verdicts = {}
  -- S1 all right; S2 one wrong sense in ten; S3 one wrong entity, one unsure
  local seen = {}
  for i, r in ipairs(rows) do
    seen[r.stratum] = (seen[r.stratum] or 0) + 1
    verdicts[i] = "r"
    if r.stratum == "S2" and seen.S2 == 1 then verdicts[i] = "wrong_sense" end
    if r.stratum == "S3" and seen.S3 == 1 then verdicts[i] = "e" end
    if r.stratum == "S3" and seen.S3 == 2 then verdicts[i] = "unsure" end
  end
  fill(out, verdicts)
  local code, so, se = run("--report " .. out)
  T.eq(code, 0, se)
  T.eq(cells(so, "S1"), { "S1", "60", "10", "10", "0", "0", "0", "0", "100.0%", "72.2-100.0" },
    "S1: 10/10, Wilson 0.722-1")
  T.eq(cells(so, "S2"), { "S2", "30", "10", "9", "1", "0", "0", "0", "90.0%", "59.6-98.2" }, "S2")
  T.eq(cells(so, "S3"), { "S3", "10", "9", "8", "0", "1", "1", "0", "88.9%", "56.5-98.0" }, "S3")
  -- overall: 0.6 x 1 + 0.3 x 0.9 + 0.1 x 8/9 = 0.95889; n_eff = 1 / (0.36/10 + 0.09/10 +
  -- 0.01/9) = 21.68; Wilson(0.95889 x 21.68, 21.68) = 0.7862-0.9932
  local ov = cells(so, "**overall**")
  T.ok(ov and ov[1]:find("n_eff 21.7"), so)
  T.eq({ ov[9], ov[10] }, { "95.9%", "78.6-99.3" }, "overall")
  T.eq(cells(so, "نيامي"), { "نيامي", "niamey", "30", "10", "9", "1", "0", "0", "90.0%",
    "59.6-98.2", "3" }, "alias row: est. wrong = 0.1 x 30")
  T.ok(so:find("Look at first: نيامي %(~3%), واغادوغو %(~1%)"), so)
  -- an alias drawn in two files counts once per mention, pooled
  local code2, so2 = run("--report " .. out .. " " .. out)
  T.eq(code2, 0, so2)
  T.eq(cells(so2, "نيامي")[4], "10", "the same mentions are not counted twice")
end)

T.cases("clear errors", {
  { "--corpus " .. CORPUS .. " --gazetteer " .. GAZ .. " --entity nobody --out " .. DIR ..
    "/e1.tsv", "no entity 'nobody'" },
  { "--corpus " .. CORPUS .. " --gazetteer " .. GAZ .. " --alias تمبكتو --out " .. DIR ..
    "/e2.tsv", "no alias 'تمبكتو'" },
  { "--corpus " .. CORPUS .. " --gazetteer " .. GAZ .. " --alias نيامي --entity ouaga --out " ..
    DIR .. "/e3.tsv", "not both" },
  { "--report " .. DIR .. "/missing.tsv", "missing.tsv: cannot open" },
  { "--sample 0", "%-%-sample: an integer >= 1" },
  { "--corpus " .. DIR .. "/nothing.jsonl --gazetteer " .. GAZ .. " --out " .. DIR .. "/e4.tsv",
    "nothing.jsonl" },
}, function(c)
  local code, so, se = run(c[1])
  T.ok(code ~= 0, "fails: " .. so)
  T.ok(se:find(c[2]), se)
end)

T.case("a bad verdict in the file is named with its line", function()
  local out = DIR .. "/bad.tsv"
  draw(out, "--sample 3 --seed 1 --no-ask")
  fill(out, { "r", "maybe", "r" })
  local code, _, se = run("--report " .. out)
  T.ok(code ~= 0, "fails")
  T.ok(se:find("bad.tsv:3: unknown verdict 'maybe'", 1, true), se)
end)

T.case("--help", function()
  local code, so = run("--help")
  T.eq(code, 0, "exit")
  T.ok(so:find("stratified by entity") and so:find("--report"), so)
end)

T.done()
