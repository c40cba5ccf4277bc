-- test_options.lua: the command line of every bundled script, as a user mistypes it: an
-- unknown option names the nearest valid one, a misspelled script name lists the bundled
-- scripts, every bad option value (dates, numbers, choices, paths, entity ids) is a
-- one-line usage error with exit status 2 (never a traceback), and the options that scripts
-- share have one name across them.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local bin = T.quote(T.bin)
local root = io.popen("pwd"):read("l")
local dir = T.tmpdir() -- runs happen here: a default --out lands in it

--- run(args): sahelscript ARGS from dir; exit code, stdout, stderr.
local function run(args)
  return T.sh("cd " .. T.quote(dir) .. " && " .. bin .. " " .. args .. " </dev/null")
end

--- scripts(): the bundled scripts' names.
local function scripts()
  local names = {}
  for name in io.popen("ls " .. T.quote(root .. "/scripts")):lines() do
    if name:match("%.lua$") then names[#names + 1] = name end
  end
  return names
end

--- options(script): the options of script's --help that take a value: {name, arg}.
local function options(script)
  local code, out, err = run(script .. " --help")
  T.eq(code, 0, script .. " --help: " .. err)
  local list = {}
  for name, arg, help in out:gmatch("\n%s+%-%-([%w-]+) (%u[%u%-.]*)([^\n]*)") do
    list[#list + 1] = { name = name, arg = arg, deprecated = help:find("deprecated") ~= nil }
  end
  return list
end

--- one_line_usage(what, code, err): exit 2 and a single line naming the option.
local function one_line_usage(what, code, err)
  T.eq(code, 2, what .. " exit status (stderr: " .. err .. ")")
  T.ok(not err:find("traceback"), what .. ": a traceback: " .. err)
  local _, lines = err:gsub("\n", "")
  T.eq(lines, 1, what .. ": one line: " .. err)
end

T.cases("unknown options name the nearest valid one", {
  { "analyze.lua --corpas x", "^analyze%.lua: unknown option '%-%-corpas' %(did you mean '%-%-corpus'%?%)" },
  { "analyze.lua --min_count 2", "did you mean '%-%-min%-count'%?" },
  { "partners.lua --sort nmpi", "got 'nmpi' %(did you mean 'npmi'%?%)" },
  { "analyze.lua --by mnth", "did you mean 'month'%?" },
  { "kwic.lua --entity wagnr", "unknown entity 'wagnr' %(did you mean 'wagner'%?%)" },
  { "timeline.lua --entity mali,nigr", "unknown entity 'nigr' %(did you mean 'niger'%?%)" },
  { "--sandbx analyze.lua", "^sahelscript: unknown option '%-%-sandbx' %(did you mean '%-%-sandbox'%?%)" },
}, function(r)
  local code, _, err = run(r[1])
  one_line_usage(r[1], code, err)
  T.ok(err:find(r[2]), r[1] .. ": " .. err)
end)

T.case("a misspelled script name: the nearest bundled script and the list", function()
  local code, _, err = run("analyse.lua")
  T.eq(code, 1, "exit status")
  T.ok(err:find("^sahelscript: cannot open analyse%.lua[^\n]*%(did you mean 'analyze%.lua'%?%)\n"), err)
  T.ok(err:find("\nbundled scripts: analyze%.lua, [^\n]*kwic%.lua[^\n]*timeline%.lua[^\n]*\n$"), err)
  code, _, err = run("nothing-like-it.lua")
  T.ok(err:find("bundled scripts: analyze%.lua") and not err:find("did you mean"), err)
end)

T.cases("bad values: one line, exit 2", {
  { "analyze.lua --from 2015-13", "^analyze%.lua: %-%-from: a date YYYY, YYYY%-MM or YYYY%-MM%-DD expected, got '2015%-13'" },
  { "analyze.lua --to 2015-02-xx", "%-%-to: a date" },
  { "analyze.lua --top 0", "%-%-top: an integer >= 1 expected, got '0'" },
  { "analyze.lua --threads many", "%-%-threads: an integer" },
  { "analyze.lua --context 0", "%-%-context: sentence, paragraph, article or a number" },
  { "partners.lua --context 0", "%-%-context: sentence, paragraph, article or a number" },
  { "partners.lua --context sentnce", "%-%-context:" },
  { "analyze.lua --out .", "'%.' cannot be the output directory: a run replaces its output directory as a whole" },
  { "analyze.lua --corpus no/such/dir", "%-%-corpus: no/such/dir: No such file or directory" },
  { "analyze.lua --gazetteer no.csv", "%-%-gazetteer: no%.csv: No such file or directory" },
  { "custom_report.lua --db no.sqlite", "%-%-db: no%.sqlite: No such file or directory" },
  { "custom_report.lua --out no/such/dir/x.csv", "%-%-out: directory 'no/such/dir' does not exist" },
  { "search.lua --db " .. T.quote(root .. "/README.md") .. " --corpus " .. T.quote(root .. "/datasets/sample"), "give one of them" },
  { "search.lua --query ''", "%-%-query: words to search for expected" },
  { "gazetteer_eval.lua --gold no.conll --gazetteer x.csv", "%-%-gold: no%.conll: No such file" },
  { "gazetteer_eval.lua --top x --gold no.conll", "%-%-top: an integer" },
}, function(r)
  local code, _, err = run(r[1])
  one_line_usage(r[1], code, err)
  T.ok(err:find(r[2]), r[1] .. ": " .. err)
end)

-- The whole class: every option of every bundled script with values that are wrong for
-- most types. A value may be acceptable (a search query); then the run may succeed or fail
-- on the outside world, but never with a traceback or an uncaught error.
local BAD = { "", "2015-13", "-1", "nan", "1e999", "." }
for _, script in ipairs(scripts()) do
  local extra = script == "analyze.lua" and " --out " .. T.quote(dir .. "/analyze-out") or ""
  for _, o in ipairs(options(script)) do
    T.cases(script .. " --" .. o.name, BAD, function(v)
      local args = script .. " --" .. o.name .. " " .. T.quote(v) .. extra
      local code, _, err = run(args)
      local uncaught = ("\n" .. err):find("\nsahelscript: [^w]") -- an error, not a warning
      T.ok(not err:find("traceback") and not uncaught, args .. ": " .. err)
      T.ok(code == 0 or code == 1 or code == 2, args .. ": exit " .. tostring(code))
      if code == 2 then one_line_usage(args, code, err) end
    end)
  end
end

T.cases("a file that is not a store: one line, exit 1", {
  { "custom_report.lua --db " .. T.quote(root .. "/README.md"), "README%.md: not a store written by analyze%.lua\n$" },
  { "search.lua --db " .. T.quote(root .. "/README.md"), "^search%.lua: [^\n]*README%.md: file is not a database" },
}, function(r)
  local code, _, err = run(r[1])
  T.eq(code, 1, r[1] .. " exit status: " .. err)
  T.ok(err:find(r[2]) and not err:find("traceback"), r[1] .. ": " .. err)
end)

T.case("one name for the same thing in every script", function()
  local seen = {} -- option name -> its value's name, per meaning
  for _, script in ipairs(scripts()) do
    for _, o in ipairs(options(script)) do
      if o.arg == "SQLITE" and not o.deprecated then
        T.eq(o.name, "db", script .. ": a store is --db")
      end
      seen[o.name] = true
    end
  end
  T.ok(seen.db, "--db is an option somewhere")
end)

T.case("search.lua: the count is of every match, not of those shown", function()
  local code, out, err = run("search.lua --query الجزائر --limit 2")
  T.eq(code, 0, "exit: " .. err)
  local n = tonumber(out:match("^(%d+) articles? match"))
  T.ok(n and n > 2, "matches counted beyond --limit: " .. out)
  T.ok(out:find("%(the best 2 shown%)"), out)
  local _, shown = out:gsub("\n%s*%d+%. ", "")
  T.eq(shown + (out:find("^%s*1%. ") and 1 or 0), 2, "two shown")
end)

T.case("search.lua: --store still works, with a deprecation note", function()
  local out_dir = dir .. "/store-out"
  local code, _, err = run("analyze.lua --quiet --out " .. T.quote(out_dir))
  T.eq(code, 0, "analyze: " .. err)
  local out
  code, out, err = run("search.lua --store " .. T.quote(out_dir .. "/sahel.sqlite") .. " --limit 1")
  T.eq(code, 0, "exit: " .. err)
  T.ok(err:find("%-%-store is deprecated: use %-%-db"), err)
  T.ok(out:find("articles? match"), out)
end)

T.done()
