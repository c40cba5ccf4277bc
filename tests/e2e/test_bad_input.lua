-- test_bad_input.lua: the main job (analyze.lua) against every kind of bad input, one row
-- each: empty and blank files, NUL bytes and binary files, each kind of invalid UTF-8,
-- UTF-16 with a BOM, windows-1256, CRLF and mixed line ends, a 50 MB single line, broken
-- JSONL and CSV records, huge strings, bad gazetteer rows, unparseable dates, missing and
-- unreadable paths, FIFOs and dangling links in a corpus directory, an output directory
-- that cannot be written. For each: no crash (the exit status is the documented one, no
-- sanitizer report), a message naming the file and the line or byte offset, and the
-- documented behaviour (docs/formats.md): skipped with a warning, or an error with
-- --strict. (A run that hangs is stopped by --timeout 300 and fails its row.)
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local dir = T.tmpdir()
local bin = T.quote(T.bin)
local CRASH = { "AddressSanitizer", "LeakSanitizer", "runtime error:", "Segmentation fault",
                "core dumped", "Aborted", "panic:" }

-- utf16(s, be): s (UTF-8, BMP only) in UTF-16 with its BOM.
local function utf16(s, be)
  local out = { be and "\xFE\xFF" or "\xFF\xFE" }
  for _, cp in utf8.codes(s) do
    local hi, lo = cp >> 8, cp & 0xFF
    out[#out + 1] = be and string.char(hi, lo) or string.char(lo, hi)
  end
  return table.concat(out)
end

-- cp1256(s): s converted to windows-1256 by iconv (nil when iconv is missing).
local function cp1256(s)
  T.write(dir .. "/utf8.tmp", s)
  local code, out = T.sh("iconv -f UTF-8 -t WINDOWS-1256 " .. T.quote(dir .. "/utf8.tmp"))
  return code == 0 and out or nil
end

local ARABIC = "الحكومة الانتقالية في مالي تعلن اتفاقا جديدا مع روسيا لبناء محطة طاقة قرب باماكو. "
local BIG_UNIT = "the quick brown fox jumps over the lazy dog. " -- 9 words, no entity
local BIG_N = 50 * 1024 * 1024 // #BIG_UNIT

-- The rows. file: name and bytes of the corpus file; warn: what the lenient run's stderr
-- holds (exit 0); strict: what --strict's holds (exit 1; default: warn); fatal: an error in
-- both modes (exit 1); clean: no warning in either mode; articles: articles.csv's rows;
-- columns: {column = value} of the first article (tokens: word tokens); args: the command
-- line's corpus part instead.
local rows = {
  -- empty, blank, binary
  { name = "empty file", file = { "empty.txt", "" }, warn = "empty.txt: no text", articles = 0 },
  { name = "only white space", file = { "blank.txt", "  \n\t \r\n\n" }, warn = "blank.txt: no text", articles = 0 },
  { name = "NUL bytes", file = { "nul.txt", "عنوان\nنص\0عن مالي\n" },
    warn = "nul.txt: invalid UTF-8 at byte 15 (1 sequence replaced with U+FFFD)", articles = 1 },
  { name = "a binary file", file = { "binary.txt", "\x89PNG\r\n\x1a\n" .. string.rep(string.char(table.unpack((function()
      local t = {} for i = 0, 255 do t[#t + 1] = i end return t end)())), 4) },
    warn = "binary.txt: invalid UTF-8 at byte 0", articles = 1 },
  -- each kind of invalid UTF-8, 11 bytes into the file
  { name = "stray continuation byte", file = { "cont.txt", "title\nbody \x80 end\n" }, warn = "cont.txt: invalid UTF-8 at byte 11" },
  { name = "overlong 2-byte form", file = { "over2.txt", "title\nbody \xC0\xAF end\n" }, warn = "over2.txt: invalid UTF-8 at byte 11" },
  { name = "overlong 3-byte form", file = { "over3.txt", "title\nbody \xE0\x80\xAF end\n" }, warn = "over3.txt: invalid UTF-8 at byte 11" },
  { name = "UTF-16 surrogate", file = { "surr.txt", "title\nbody \xED\xA0\x80 end\n" }, warn = "surr.txt: invalid UTF-8 at byte 11" },
  { name = "above U+10FFFF", file = { "big.txt", "title\nbody \xF4\x90\x80\x80 end\n" }, warn = "big.txt: invalid UTF-8 at byte 11" },
  { name = "5-byte form", file = { "five.txt", "title\nbody \xF8\x88\x80\x80\x80 end\n" }, warn = "five.txt: invalid UTF-8 at byte 11" },
  { name = "FE and FF bytes", file = { "feff.txt", "title\nbody \xFE\xFF end\n" }, warn = "feff.txt: invalid UTF-8 at byte 11" },
  { name = "sequence cut by a character", file = { "cut.txt", "title\nbody \xE2\x82x end\n" }, warn = "cut.txt: invalid UTF-8 at byte 11" },
  { name = "sequence cut by the end of the file", file = { "end.txt", "title\nbody \xE2\x82" }, warn = "end.txt: invalid UTF-8 at byte 11" },
  { name = "invalid UTF-8 in a JSONL string",
    file = { "bad.jsonl", '{"title":"a","text":"ok"}\n{"title":"b","text":"bad \xff here"}\n' },
    warn = "bad.jsonl:2: invalid UTF-8 at byte 51", articles = 2 },
  { name = "invalid UTF-8 in a CSV field", file = { "bad.csv", 'id,title,text\n1,a,"bad \xff"\n' },
    warn = "bad.csv:2: field 'text': invalid UTF-8 at byte 4", articles = 1 },
  -- encodings
  { name = "UTF-16LE with a BOM", file = { "le.txt", utf16("عنوان\n" .. ARABIC .. "\n") }, clean = true,
    articles = 1, columns = { title = "عنوان" } },
  { name = "UTF-16BE with a BOM", file = { "be.txt", utf16("عنوان\n" .. ARABIC .. "\n", true) }, clean = true,
    articles = 1, columns = { title = "عنوان" } },
  { name = "UTF-8 with a BOM", file = { "bom.txt", "\xEF\xBB\xBFعنوان\n" .. ARABIC .. "\n" }, clean = true,
    articles = 1, columns = { title = "عنوان" } },
  { name = "windows-1256 text", file = { "cp1256.txt", cp1256("عنوان\n" .. ARABIC:rep(20) .. "\n") },
    warn = "cp1256.txt: not UTF-8: read as windows-1256 (ICU's charset detector, confidence",
    strict_ok = true, articles = 1, columns = { title = "عنوان" }, needs = "iconv" },
  { name = "UTF-8 with a few damaged bytes: repaired, not read as another encoding",
    file = { "damaged.txt", "عنوان\n" .. ARABIC:rep(5):gsub("مالي", "م\xD8\xD8\xD8لي", 1) .. "\n" },
    warn = "damaged.txt: invalid UTF-8 at byte", articles = 1, columns = { title = "عنوان" } },
  -- line ends
  { name = "CRLF line ends", file = { "crlf.txt", "title\r\nline one.\r\nline two.\r\n" }, clean = true,
    columns = { title = "title", paragraphs = "3", sentences = "3", tokens = "5" } },
  { name = "mixed line ends", file = { "mixed.txt", "title\r\nline one.\rline two.\nline three.\r\n\r\n" },
    clean = true, columns = { title = "title", paragraphs = "4", sentences = "4", tokens = "7" } },
  { name = "a 50 MB single line", file = { "line.txt", "title\n" .. BIG_UNIT:rep(BIG_N) .. "\n" }, clean = true,
    columns = { paragraphs = "2", tokens = tostring(BIG_N * 9 + 1) } },
  -- JSONL
  { name = "JSONL with malformed lines",
    file = { "broken.jsonl", '{"title":"a","text":"ok"}\nnot json\n[1,2]\n{"title":5,"text":"x"}\n' ..
      '{"title":"no body"}\n\n{"text":"abc\n{"text":null}\n' },
    warn = "broken.jsonl:2: column 1: invalid JSON near 'not", strict = "broken.jsonl:2:", articles = 1,
    also = { "broken.jsonl:3: not a JSON object", "broken.jsonl:4: field 'title' is a number, expected a string",
             "broken.jsonl:5: no text", "broken.jsonl:7:", "broken.jsonl:8: no text" } },
  { name = "JSONL with wrongly typed fields",
    file = { "types.jsonl", '{"text":12}\n{"text":"ok","date":true}\n{"text":"ok","id":{"a":1}}\n{"text":["a"]}\n' },
    warn = "types.jsonl:1: field 'text' is a number, expected a string", strict = "types.jsonl:1:",
    also = { "types.jsonl:2: field 'date'", "types.jsonl:3: field 'id'", "types.jsonl:4: field 'text'" } },
  { name = "JSONL with a 20 MB string", file = { "huge.jsonl", '{"title":"t","text":"' .. ("مالي "):rep(2 * 1024 * 1024) .. '"}\n' },
    clean = true, articles = 1 },
  { name = "JSONL with a BOM and CRLF", file = { "crlf.jsonl", '\xEF\xBB\xBF{"title":"a","text":"x"}\r\n{"title":"b","text":"y"}\r\n' },
    clean = true, articles = 2 },
  -- CSV
  { name = "CSV with an unbalanced quote", file = { "quote.csv", 'id,title,text\n1,a,"unbalanced\n2,b,c\n' },
    warn = "quote.csv:2:5: unbalanced quote (a quoted field is never closed)" },
  { name = "CSV with a quote inside a field", file = { "inner.csv", 'id,title,text\n1,a"b,c\n2,b,c\n' },
    warn = "inner.csv:2:4: unbalanced quote (a quote inside an unquoted field)", articles = 2 },
  { name = "CSV with ragged rows", file = { "ragged.csv", "id,title,text\n1,a,b\n2,b\n3,c,d,e\n4,d,e\n" },
    warn = "ragged.csv:3: 2 fields, the header has 3", strict = "ragged.csv:3:", articles = 2,
    also = { "ragged.csv:4: 4 fields, the header has 3" } },
  { name = "CSV without a text column", file = { "nobody.csv", "id,title,zzz\n1,a,b\n" },
    warn = "nobody.csv:1: no text column", articles = 0 },
  -- dates
  { name = "unparseable dates", file = { "dates.txt", "---\ntitle: t\ndate: 31 فبراير 2025\n---\nنص.\n" },
    clean = true, columns = { date = "" } },
  { name = "a month without a day", file = { "month.txt", "---\ntitle: t\ndate: يوليو 2025\n---\nنص.\n" },
    clean = true, columns = { date = "" } },
  { name = "a date that is not one", file = { "garbage.jsonl", '{"text":"x","date":"25/13/2025 99:99"}\n' },
    clean = true, columns = { date = "" } },
  -- gazetteers: a bad row is skipped with a warning (an error with --strict); a bad file fails
  { name = "gazetteer: unknown flag", gaz = "bad_flag.csv", warn = "bad_flag.csv:2: unknown flag" },
  { name = "gazetteer: bad id", gaz = "bad_id.csv", warn = "bad_id.csv:3: bad id" },
  { name = "gazetteer: unknown kind", gaz = "bad_kind.csv", warn = "bad_kind.csv:3: unknown kind" },
  { name = "gazetteer: bad pattern", gaz = "bad_pattern.csv", warn = "bad_pattern.csv:2: pattern" },
  { name = "gazetteer: bad pattern type", gaz = "bad_pattern_type.csv", warn = "bad_pattern_type.csv:2: unknown type" },
  { name = "gazetteer: bad type", gaz = "bad_type.csv", warn = "bad_type.csv:3: bad type" },
  { name = "gazetteer: invalid UTF-8", gaz = "bad_utf8.csv", warn = "bad_utf8.csv:3: invalid UTF-8" },
  { name = "gazetteer: empty alias", gaz = "empty_alias.csv", warn = "empty_alias.csv:3: empty alias" },
  { name = "gazetteer: empty id", gaz = "empty_id.csv", warn = "empty_id.csv:4: empty id" },
  { name = "gazetteer: missing column", gaz = "missing_column.csv", fatal = "missing_column.csv:1: missing column 'alias'" },
  { name = "gazetteer: alias without a word", gaz = "no_word.csv", warn = "no_word.csv:2: alias \"2025\" holds no word" },
  { name = "gazetteer: too many fields", gaz = "too_many.csv", warn = "too_many.csv:2: 3 fields" },
  { name = "gazetteer: unbalanced quote", gaz = "unbalanced.csv", fatal = "unbalanced.csv:3:7: unbalanced quote" },
  { name = "gazetteer: duplicate alias", gaz = "duplicate.csv", warn = "duplicate.csv:2",
    strict = "duplicate.csv:4: alias \"مالى\" of 'mali_bank' is already an alias of 'mali'" },
  { name = "gazetteer: empty file", gazfile = { "empty.csv", "" }, fatal = "empty.csv:1: no header row" },
  { name = "gazetteer: binary file", gazfile = { "binary.csv", "\0\1\2\x89PNG\xff\xfe" }, fatal = "binary.csv:1:" },
  -- paths
  { name = "missing corpus", args = "--corpus %s/no/such/corpus", usage = true,
    fatal = "no/such/corpus: No such file or directory" },
  { name = "missing gazetteer", args = "--gazetteer %s/no/such.csv", usage = true,
    fatal = "no/such.csv: No such file or directory" },
  { name = "an output directory under a file", args = "--out %s/empty.txt/out", pre = { "empty.txt", "" },
    fatal = "empty.txt/out: not a directory" },
  { name = "an output directory that cannot be created", args = "--out /proc/sahel-test-out", fatal = "/proc/" },
  -- directory entries that are no readable files: skipped with a warning naming them
  { name = "a FIFO named .txt in a corpus directory (never opened: it would wait for a writer)",
    dir = { { "a.txt", "title\nbody\n" }, { "fifo.txt", false } }, articles = 1,
    warn = "corpus/fifo.txt: not a regular file (a FIFO, a socket or a device)" },
  { name = "a dangling symbolic link in a corpus directory",
    dir = { { "a.txt", "title\nbody\n" }, { "gone.txt", "/nonexistent/gone.txt" } }, articles = 1,
    warn = "corpus/gone.txt: No such file or directory" },
  { name = "an unreadable file in a corpus directory (run as nobody when root)",
    dir = { { "a.txt", "title\nbody\n" }, { "secret.txt", "title\nbody\n" } }, chmod = "secret.txt",
    articles = 1, warn = "corpus/secret.txt: Permission denied", nonroot = true },
  { name = "an unreadable subdirectory in a corpus directory (run as nobody when root)",
    dir = { { "a.txt", "title\nbody\n" }, { "sub/b.txt", "title\nbody\n" }, { "z.txt", "title\nbody\n" } },
    chmod = "sub", articles = 2, warn = "corpus/sub/: Permission denied", nonroot = true },
}

-- setup(row, base): the files of a row under base; returns the extra arguments.
local function setup(row, base)
  os.execute("mkdir -p " .. T.quote(base))
  if row.file then
    T.write(base .. "/" .. row.file[1], row.file[2])
    return "--corpus " .. T.quote(base .. "/" .. row.file[1])
  elseif row.gaz then
    return "--gazetteer tests/fixtures/gazetteer/" .. row.gaz
  elseif row.gazfile then
    T.write(base .. "/" .. row.gazfile[1], row.gazfile[2])
    return "--gazetteer " .. T.quote(base .. "/" .. row.gazfile[1])
  elseif row.dir then
    os.execute("mkdir -p " .. T.quote(base .. "/corpus"))
    for _, f in ipairs(row.dir) do
      local p = base .. "/corpus/" .. f[1]
      os.execute("mkdir -p " .. T.quote(p:match("^(.*)/")))
      if f[2] == false then os.execute("mkfifo " .. T.quote(p))
      elseif f[2]:sub(1, 1) == "/" then os.execute("ln -s " .. T.quote(f[2]) .. " " .. T.quote(p))
      else T.write(p, f[2]) end
    end
    if row.chmod then os.execute("chmod 000 " .. T.quote(base .. "/corpus/" .. row.chmod)) end
    return "--corpus " .. T.quote(base .. "/corpus")
  end
  if row.pre then T.write(base .. "/" .. row.pre[1], row.pre[2]) end
  return (row.args:gsub("%%s", base))
end

-- AS_NOBODY: the prefix that runs a command as the user nobody (root reads every file: a
-- case of unreadable entries runs as nobody when the tests run as root).
local AS_NOBODY = "setpriv --reuid=nobody --regid=nogroup --clear-groups "

-- analyze(args, out, strict, prefix, empty): run the main job (under a command prefix;
-- with --allow-empty unless empty is false: a corpus whose every record is bad reads no
-- article); code, stderr.
local function analyze(args, out, strict, prefix, empty)
  local out_arg = args:find("%-%-out ") and "" or (" --out " .. T.quote(out))
  local code, _, err = T.sh((prefix or "") .. bin .. " --timeout 300 analyze.lua " .. args ..
    out_arg .. " --quiet" .. (strict and " --strict" or "") ..
    (empty == false and "" or " --allow-empty") .. " </dev/null")
  return code, err
end

-- first_article(out): the article count and the first row of articles.csv (by column).
local function first_article(out)
  local sahel = require "sahel"
  local n, first = 0, nil
  for r in sahel.csv.rows(out .. "/articles.csv") do
    n = n + 1
    first = first or r
  end
  return n, first
end

-- no_crash(what, code, err): a documented exit status and no crash report.
local function no_crash(what, code, err)
  T.ok(code == 0 or code == 1 or code == 2, what .. ": exit status " .. tostring(code) .. " (stderr: " .. err .. ")")
  for _, mark in ipairs(CRASH) do T.ok(not err:find(mark, 1, true), what .. ": crash report: " .. err) end
end

-- check_lenient(row, code, err, out): the run without --strict.
local function check_lenient(row, code, err, out)
  no_crash(row.name, code, err)
  if row.fatal then
    T.eq(code, row.usage and 2 or 1, row.name .. ": fails (" .. err .. ")")
    T.ok(err:find(row.fatal, 1, true), row.name .. ": message: " .. err)
    return
  end
  T.eq(code, 0, row.name .. ": succeeds with warnings (" .. err .. ")")
  if row.warn then T.ok(err:find(row.warn, 1, true), row.name .. ": warning: " .. err) end
  for _, w in ipairs(row.also or {}) do T.ok(err:find(w, 1, true), row.name .. ": warning " .. w .. ": " .. err) end
  if row.clean then T.ok(not err:find("warning"), row.name .. ": no warning: " .. err) end
  if row.articles or row.columns then
    local n, first = first_article(out)
    if row.articles then T.eq(n, row.articles, row.name .. ": articles") end
    for k, v in pairs(row.columns or {}) do T.eq(first and first[k], v, row.name .. ": " .. k) end
  end
  if first_article(out) > 0 then return end
  -- no article read: without --allow-empty the run fails and writes nothing
  local before = T.read(out .. "/articles.csv")
  code, err = analyze(row.args_used, out, false, row.prefix_used, false)
  T.eq(code, 1, row.name .. ": no article, no --allow-empty: fails (" .. err .. ")")
  T.ok(err:find("no article was read", 1, true), row.name .. ": the reason: " .. err)
  T.eq(T.read(out .. "/articles.csv"), before, row.name .. ": the previous outputs stay")
end

-- check_strict(row, code, err): the run with --strict.
local function check_strict(row, code, err)
  no_crash(row.name .. " --strict", code, err)
  if row.clean or row.strict_ok then
    T.eq(code, 0, row.name .. " --strict: succeeds (" .. err .. ")")
    return
  end
  T.eq(code, row.usage and 2 or 1, row.name .. " --strict: fails (" .. err .. ")")
  local want = row.fatal or row.strict or row.warn
  T.ok(err:find(want, 1, true), row.name .. " --strict: message: " .. err)
end

local has_iconv = T.sh("command -v iconv") == 0
local root = select(2, T.sh("id -u")) == "0\n"
for i, row in ipairs(rows) do
  T.case(string.format("bad input #%d %s", i, row.name), function()
    if row.needs == "iconv" and not has_iconv then return print("skip: " .. row.name .. " (no iconv)") end
    local prefix = row.nonroot and root and AS_NOBODY or nil
    if prefix and T.sh(prefix .. "true") ~= 0 then
      return print("skip: " .. row.name .. " (root, and setpriv cannot run as nobody)")
    end
    local base = dir .. "/" .. i
    local args = setup(row, base)
    if prefix then os.execute("chmod 755 " .. T.quote(dir) .. "; chmod 777 " .. T.quote(base)) end
    row.args_used, row.prefix_used = args, prefix
    local code, err = analyze(args, base .. "/out", false, prefix)
    check_lenient(row, code, err, base .. "/out")
    code, err = analyze(args, base .. "/out-strict", true, prefix)
    check_strict(row, code, err)
  end)
end

T.done()
