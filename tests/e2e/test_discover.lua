-- test_discover.lua: scripts/discover.lua writes candidates.csv and a draft gazetteer that
-- loads, both committed together (a failed run leaves the previous outputs as they were),
-- and refuses bad options and inputs with a one-line message.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local dir = T.tmpdir()

-- run(args): discover.lua with args; exit code, stdout, stderr.
local function run(args)
  return T.sh(T.quote(T.bin) .. " scripts/discover.lua " .. args .. " </dev/null")
end

T.case("--help names every option", function()
  local code, out = run("--help")
  T.eq(code, 0)
  for _, o in ipairs({ "--corpus", "--gazetteer", "--out", "--top", "--min-count", "--cues" }) do
    T.ok(out:find(o, 1, true), o)
  end
end)

local out = dir .. "/out"
T.case("the sample gives candidates and a draft gazetteer that loads", function()
  local code, stdout, err = run("--out " .. T.quote(out) .. " --threads 2")
  T.eq(code, 0, err)
  T.ok(stdout:find("candidates written to", 1, true), stdout)
  local rows = {}
  for r in sahel.csv.rows(out .. "/candidates.csv") do rows[#rows + 1] = r end
  T.ok(#rows > 0, "candidates")
  T.eq(sahel.csv.header(out .. "/candidates.csv"),
    { "alias", "type", "count", "articles", "score", "example", "evidence" }, "columns")
  for i = 2, #rows do T.ok(tonumber(rows[i - 1].score) >= tonumber(rows[i].score), "best first") end
  local g = assert(sahel.gazetteer.load(out .. "/candidates_gazetteer.csv", { strict = true }))
  T.eq(#g:entities(), #rows, "one entity per candidate")
end)

T.case("a failed run leaves the previous outputs as they were", function()
  local before = T.read(out .. "/candidates.csv")
  T.write(dir .. "/bad.csv", "cue,kind\nالرئيس,tittle\n")
  local code, _, err = run("--out " .. T.quote(out) .. " --cues " .. T.quote(dir .. "/bad.csv"))
  T.eq(code, 1, "exit 1")
  T.ok(err:find("bad.csv:2: unknown kind 'tittle'", 1, true), err)
  T.eq(T.read(out .. "/candidates.csv"), before, "unchanged")
end)

T.cases("bad options and inputs: one line, no traceback", {
  { "--max-words 5", "--max-words: 1 to 4 expected" },
  { "--top -1", "--top" },
  { "--corpus " .. "/nonexistent/x.jsonl", "/nonexistent/x.jsonl" },
  { "--gazetteer /nonexistent/g.csv", "/nonexistent/g.csv" },
  { "--cues /nonexistent/c.csv", "/nonexistent/c.csv" },
}, function(row)
  local code, _, err = run(row[1] .. " --out " .. T.quote(dir .. "/o2"))
  T.ok(code == 1 or code == 2, "exit " .. tostring(code))
  T.ok(err:find(row[2], 1, true), err)
  T.ok(not err:find("traceback"), err)
end)

T.case("an empty corpus writes nothing without --allow-empty", function()
  T.write(dir .. "/empty.jsonl", "")
  local code, _, err = run("--corpus " .. T.quote(dir .. "/empty.jsonl") .. " --out " ..
    T.quote(dir .. "/o3"))
  T.eq(code, 1, err)
  T.ok(not T.read(dir .. "/o3/candidates.csv"), "nothing written")
end)

T.done()
