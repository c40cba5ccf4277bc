-- kwic.lua: keyword-in-context lines for one entity (every mention with the words around
-- it) or for any word or phrase (--word: exact, --glob `إرهاب*`, or --regex, on match forms
-- or --surface), with the article's date, source and id on each line. Demonstrates
-- sahel.kwic (RTL-safe fields cut in C, a fixed number of words each side; words streamed
-- over the corpus with threads) and sahel.csv.writer with the --excel preset (UTF-8 BOM,
-- CRLF) for spreadsheets.
--
--   sahelscript kwic.lua --entity wagner [--width 6] [--limit 20] [--out kwic.csv] [--excel]
--   sahelscript kwic.lua --word 'إرهاب*' --glob [--surface] [--threads N] [...]
local sahel = require "sahel"
local cli = require "sahel.cli"

local NAME = "kwic.lua"
local o = cli.options(arg, cli.spec {
  name = NAME, usage = "sahelscript kwic.lua (--entity ID | --word PATTERN) [options]",
  about = "Keyword-in-context lines of one entity's mentions, or of any word or phrase.",
  { name = "entity", arg = "ID", help = "the entity (gazetteer id; default wagner)" },
  { name = "word", arg = "PATTERN", help = "a word or phrase (match forms, proclitics "
      .. "stripped from its first word) instead of an entity" },
  { name = "glob", help = "--word is a glob: * any characters, ? one (إرهاب*)" },
  { name = "regex", help = "--word is an ICU regular expression, searched in each sentence" },
  { name = "surface", help = "compare --word with the text as written, not match forms" },
  { name = "width", arg = "N", type = "int", min = 0, default = 6, help = "words each side" },
  { name = "limit", arg = "N", type = "int", min = 1, default = 20, help = "lines at most" },
  { name = "threads", arg = "N", type = "int", min = 0, default = 0,
    help = "worker threads for --word (0: every core; the lines do not depend on it)" },
  { name = "out", arg = "CSV", type = "output", help = "also write the lines to this CSV file" },
  { name = "excel", help = "CSV for Excel (BOM, CRLF)" },
  cli.ALLOW_EMPTY,
})
if o.entity and o.word then cli.usage(NAME, "--entity and --word: one at a time") end
if (o.glob or o.regex or o.surface) and not o.word then
  cli.usage(NAME, "--glob, --regex and --surface go with --word")
end
if o.glob and o.regex then cli.usage(NAME, "--glob and --regex: one at a time") end

local corpus, gaz = cli.inputs(o, NAME)
local rows, columns, msg
if o.word then
  rows, msg = sahel.kwic(corpus, o.word, { width = o.width, limit = o.limit, glob = o.glob,
    regex = o.regex, surface = o.surface, threads = o.threads })
  if not rows then cli.die(NAME, "--word: " .. msg) end
  columns = { "article_id", "date", "source", "left", "match", "right" }
  for _, r in ipairs(rows) do
    print(string.format("%-10s %-12s %-24s %s [%s] %s", r.date or "-", r.source or "-",
      r.article_id or "-", r.left, r.match, r.right))
  end
else
  o.entity = cli.entity(gaz, o.entity or "wagner", NAME)
  rows = sahel.kwic(corpus, gaz, { entity = o.entity, width = o.width, limit = o.limit,
                                   demonyms = o.demonyms })
  columns = { "article_id", "entity_id", "left", "match", "right" }
  for _, r in ipairs(rows) do
    print(string.format("%-24s %s [%s] %s", r.article_id, r.left, r.match, r.right))
  end
end
print(string.format("%d lines", #rows))
if o.out then
  cli.require_articles(o, NAME, corpus:stats().articles, o.out .. " is")
  local w = assert(sahel.csv.writer(o.out, { excel = o.excel, columns = columns }))
  for _, r in ipairs(rows) do w:write(r) end
  assert(w:close())
end
