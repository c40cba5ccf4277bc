-- test_cli.lua: sahel.cli: option parsing, --help, the progress line and the warnings
-- summary.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local cli = sahel.cli or require "sahel.cli"

local SPEC = {
  usage = "sahelscript demo.lua [options]",
  { name = "corpus", arg = "PATH", help = "the corpus", default = "datasets/sample" },
  { name = "context", arg = "UNIT", check = function(v)
      if v == "sentence" or v == "article" then return v end
      local n = math.tointeger(tonumber(v))
      if n and n > 0 then return n end
      return nil, "--context: sentence, article or N expected, got '" .. v .. "'"
    end, default = "sentence" },
  { name = "by", arg = "PERIOD", choices = { "month", "year", "week" } },
  { name = "min-count", arg = "N", type = "int", min = 1, default = 1 },
  { name = "demonyms", help = "count demonyms" },
  { name = "from", arg = "DATE", type = "date" },
  { name = "share", arg = "X", type = "number", min = 0, max = 1 },
  { name = "out", arg = "DIR", type = "outdir" },
  { name = "csv", arg = "CSV", type = "output" },
  { name = "input", arg = "PATH", type = "input" },
  { name = "db", arg = "SQLITE" },
  { name = "store", alias_of = "db" },
}

T.cases("parse", {
  { {}, { corpus = "datasets/sample", context = "sentence", min_count = 1 } },
  { { "--corpus", "x/", "--demonyms" },
    { corpus = "x/", context = "sentence", min_count = 1, demonyms = true } },
  { { "--corpus=a=b", "--min-count=5", "--by", "week" },
    { corpus = "a=b", context = "sentence", min_count = 5, by = "week" } },
  { { "--context", "12" }, { corpus = "datasets/sample", context = 12, min_count = 1 } },
  { { "--help" }, { corpus = "datasets/sample", context = "sentence", min_count = 1, help = true } },
  { { "-h" }, { corpus = "datasets/sample", context = "sentence", min_count = 1, help = true } },
}, function(r) T.eq(cli.parse(r[1], SPEC), r[2], "options") end)

T.cases("parse errors", {
  { { "--nope" }, "^unknown option '%-%-nope'$" },
  { { "--corpas", "x" }, "^unknown option '%-%-corpas' %(did you mean '%-%-corpus'%?%)$" },
  { { "--min_count", "2" }, "did you mean '%-%-min%-count'%?" },
  { { "--hlep" }, "did you mean '%-%-help'%?" },
  { { "--by", "mnth" }, "got 'mnth' %(did you mean 'month'%?%)" },
  { { "--from", "2015-13" }, "^%-%-from: a date YYYY, YYYY%-MM or YYYY%-MM%-DD expected, got '2015%-13'$" },
  { { "--from", "yesterday" }, "%-%-from: a date" },
  { { "--from", "" }, "%-%-from: a date" },
  { { "--min-count", "1e999" }, "%-%-min%-count: an integer >= 1 expected" },
  { { "--min-count", "nan" }, "an integer" },
  { { "--share", "1.5" }, "^%-%-share: a number from 0 to 1 expected, got '1.5'$" },
  { { "--share", "inf" }, "%-%-share: a number" },
  { { "--share", "0/0" }, "%-%-share: a number" },
  { { "--out", "." }, "^%-%-out: '%.' cannot be the output directory: a run replaces" },
  { { "--out", "" }, "%-%-out: '' cannot be the output directory" },
  { { "--out", "/" }, "cannot be the output directory" },
  { { "--out", "a/.." }, "cannot be the output directory" },
  { { "--csv", "" }, "%-%-csv: a file name to write expected" },
  { { "--csv", "tests" }, "%-%-csv: a file name to write expected, got 'tests'" },
  { { "--csv", "no/such/dir/x.csv" }, "%-%-csv: directory 'no/such/dir' does not exist" },
  { { "--input", "no/such/file" }, "^%-%-input: no/such/file: No such file or directory$" },
  { { "--input", "" }, "%-%-input: a path expected, got ''" },
  { { "--corpus" }, "%-%-corpus needs a value %(PATH%)" },
  { { "--demonyms=yes" }, "%-%-demonyms takes no value" },
  { { "--by", "day" }, "%-%-by: one of month, year, week expected, got 'day'" },
  { { "--min-count", "0" }, "%-%-min%-count: an integer >= 1 expected, got '0'" },
  { { "--min-count", "2.5" }, "an integer" },
  { { "--context", "word" }, "%-%-context: sentence, article or N expected" },
  { { "stray" }, "unexpected argument 'stray'" },
  { { "--", "--corpus" }, "unexpected argument '%-%-corpus'" },
}, function(r)
  local t, msg = cli.parse(r[1], SPEC)
  T.eq(t, nil, "no result")
  T.ok(msg:find(r[2]), msg)
end)

T.cases("typed values", {
  { { "--from", "2015" }, "from", "2015" },
  { { "--from", "2015-02-28" }, "from", "2015-02-28" },
  { { "--share", "0.25" }, "share", 0.25 },
  { { "--out", "results/" }, "out", "results/" },
  { { "--csv", "x.csv" }, "csv", "x.csv" },
  { { "--input", "tests" }, "input", "tests" },
  { { "--input", "tests/*.none" }, "input", "tests/*.none" },
}, function(r)
  local t, msg = cli.parse(r[1], SPEC)
  T.ok(t, msg)
  T.eq(t[r[2]], r[3], r[2])
end)

T.case("an old option name is accepted, with a note, and listed as deprecated", function()
  local t = assert(cli.parse({ "--store", "x.sqlite" }, SPEC))
  T.eq(t.db, "x.sqlite", "alias sets the new name")
  T.eq(t.store, nil, "not under the old name")
  T.ok(cli.help(SPEC):find("%-%-store SQLITE%s+deprecated: use %-%-db"), cli.help(SPEC))
end)

T.cases("nearest", {
  { "corpas", { "corpus", "out", "context" }, "corpus" },
  { "analyse.lua", { "analyze.lua", "kwic.lua" }, "analyze.lua" },
  { "cnotext", { "corpus", "context" }, "context" },
  { "xyz", { "corpus", "out" }, nil },
  { "o", { "out" }, nil },
  { "", { "out" }, nil },
}, function(r) T.eq(cli.nearest(r[1], r[2]), r[3], r[1]) end)

T.case("positional arguments when allowed", function()
  local spec = { positional = true, { name = "x", arg = "X" } }
  T.eq(cli.parse({ "--x", "1", "a", "--", "b" }, spec), { x = "1", "a", "b" }, "after a")
  T.eq(cli.parse({ "a", "--x", "2", "b" }, spec), { x = "2", "a", "b" }, "options between")
  T.eq(cli.parse({ "--", "--x" }, spec), { "--x" }, "after --")
  T.eq(cli.parse({ "a", "--", "--x", "--" }, spec), { "a", "--x", "--" }, "all after --")
end)

T.case("help lists every option with its default", function()
  local h = cli.help(SPEC)
  T.ok(h:find("^usage: sahelscript demo.lua %[options%]\n"), h)
  for _, want in ipairs({ "%-%-corpus PATH%s+the corpus %(default: datasets/sample%)",
                          "%-%-min%-count N", "%-%-demonyms%s+count demonyms\n", "%-%-help" }) do
    T.ok(h:find(want), want)
  end
end)

T.cases("sizes and durations", {
  { cli.bytes(999), "999 B" }, { cli.bytes(12345), "12.3 kB" }, { cli.bytes(5.5e6), "5.5 MB" },
  { cli.duration(5), "5 s" }, { cli.duration(125), "2 min 05 s" },
  { cli.duration(3720), "1 h 02 min" },
}, function(r) T.eq(r[1], r[2], "format") end)

-- sink(): a fake stream collecting what is written.
local function sink()
  local s = { out = {} }
  function s:write(...) for _, v in ipairs({ ... }) do self.out[#self.out + 1] = v end end
  function s.flush() end
  function s:text() return table.concat(self.out) end
  return s
end

T.case("progress: rate and ETA, one redraw per tick, cleared at the end", function()
  local now, stream = 100, sink()
  local p = cli.progress({ enabled = true, clock = function() return now end, stream = stream,
                           total_bytes = 4e6, label = "reading" })
  p:add(1e6)
  T.eq(stream:text(), "\rreading: 1 articles, 1.0 MB", "first draw")
  p:add(1e6)
  T.eq(stream:text(), "\rreading: 1 articles, 1.0 MB", "same tick: no redraw")
  now = 102
  p:add(0)
  T.eq(p:line(), "reading: 3 articles, 2.0 MB, 1.0 MB/s, ETA 2 s", "line")
  T.ok(stream:text():find("ETA 2 s$"), "redrawn")
  p:done()
  T.ok(stream:text():find("\r%s+\r$"), "cleared")
end)

T.case("progress: silent when disabled or quiet", function()
  local stream = sink()
  local p = cli.progress({ enabled = false, stream = stream })
  p:add(10)
  p:done()
  local q = cli.progress({ quiet = true, stream = stream })
  q:add(10)
  T.eq(stream:text(), "", "nothing written")
  T.eq(q.enabled, false, "quiet disables")
end)

T.case("corpus:bytes(): text files of a file, a directory tree or a glob", function()
  local dir = T.tmpdir()
  T.sh("mkdir -p " .. T.quote(dir .. "/sub/deeper"))
  T.write(dir .. "/a.txt", "title\n6789")
  T.write(dir .. "/sub/b.jsonl", '{"text":"x"}\n')
  T.write(dir .. "/sub/deeper/c.csv", "text\nxy\n")
  T.write(dir .. "/sub/notes.bin", "ignored")
  T.sh("mkfifo " .. T.quote(dir .. "/sub/pipe.txt"))
  T.eq(sahel.corpus.open(dir):bytes(), 10 + 13 + 8, "directory (a FIFO counts 0, not opened)")
  T.eq(sahel.corpus.open(dir .. "/a.txt"):bytes(), 10, "file")
  T.eq(sahel.corpus.open(dir .. "/*.txt"):bytes(), 10, "glob")
  local store = dir .. "/store.sqlite"
  sahel.store.ingest(store, sahel.corpus.open(dir .. "/a.txt"))
  T.eq(sahel.corpus.open(store):bytes(), 0, "a store counts 0")
end)

T.case("isatty: stdin of a test is not a terminal", function()
  T.eq(type(cli.isatty(2)), "boolean", "a boolean")
  local code, out = T.sh(T.quote(T.bin) .. " -e 'io.write(tostring(require(\"sahel.cli\")" ..
    ".isatty(2)))' 2>/dev/null")
  T.eq({ code, out }, { 0, "false" }, "stderr redirected to a file")
end)

T.case("warnings: grouped by kind, examples kept, summary", function()
  local w = cli.warnings({ examples = 2 })
  w.fn("a.jsonl:3: bad JSON: unexpected token at byte 17")
  w:add("a.jsonl:9: bad JSON: unexpected token at byte 4")
  w:add("b.jsonl:1:5: bad JSON: unexpected token at byte 2")
  w:add("x.txt: invalid UTF-8 at byte 12")
  T.eq(w.total, 4, "total")
  T.eq(w:summary(), table.concat({
    "4 warnings:",
    "  a.jsonl:3: bad JSON: unexpected token at byte 17",
    "  a.jsonl:9: bad JSON: unexpected token at byte 4",
    "    and 1 more like these",
    "  x.txt: invalid UTF-8 at byte 12", "" }, "\n"), "summary")
  T.ok(not w:summary():find("byte N", 1, true), "no template line in the summary")
  T.eq(cli.warnings():summary(), "", "no warnings, no text")
end)

local repl = require "sahel.repl"

T.cases("the prompt shows a table as one level of sorted fields", {
  { { 3, 1, b = "x", a = { 1 } }, '{3, 1, a = {...}, b = "x"}' },
  { {}, "{}" },
  { { ["two words"] = true, [2.5] = "n", z = 1 }, '{[2.5] = "n", ["two words"] = true, z = 1}' },
  { { "مالي\n" }, '{"مالي\\n"}' },
  { 42, "42" },
  { "text", "text" },
  { setmetatable({}, { __tostring = function() return "custom" end }), "custom" },
}, function(r) T.eq(repl.show(r[1]), r[2], "show") end)

T.case("the prompt shows at most MAX_ITEMS fields", function()
  local t = {}
  for i = 1, repl.MAX_ITEMS + 5 do t[i] = i end
  T.ok(repl.show(t):find(", %.%.%. %(5 more%)}$"), repl.show(t))
end)

T.cases("Tab completes names", {
  { "sahel.tex", { "sahel.text." } }, { "sahel.te", { "sahel.terms.", "sahel.text." } },
  { "sahel.text.norm", { "sahel.text.normalize" } },
  { "sahel.nope.x", {} },
  { "sahel.version.x", {} },
  { "pri", { "print" } },
}, function(r) T.eq(repl.complete(r[1], { sahel = sahel, print = print, pairs = pairs }), r[2], r[1]) end)

T.done()
