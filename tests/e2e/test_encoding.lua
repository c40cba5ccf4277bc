-- test_encoding.lua: a corpus in windows-1256 (an older Arabic archive), read by
-- analyze.lua: with --encoding auto (the default) each file that is not UTF-8 is read in
-- the encoding ICU's detector is confident of, named per file in the warnings and in the
-- store's analysis table, and counts as its UTF-8 copy does; --encoding NAME forces one;
-- a file the detector is not sure of is repaired with U+FFFD and a warning.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

if T.sh("command -v iconv") ~= 0 then T.skip("iconv (libc-bin) absent") end

local bin = T.quote(T.bin)
local dir = T.tmpdir()

local ARTICLES = {
  ["2009-03-01_mali.txt"] = "الحكومة في مالي توقع اتفاقا مع روسيا\n" ..
    "أعلنت الحكومة الانتقالية في مالي اليوم عن اتفاق جديد مع روسيا لبناء محطة طاقة قرب " ..
    "باماكو. وقال وزير الطاقة إن النيجر وبوركينا فاسو ستستفيدان من المشروع.\n",
  ["2009-03-02_niger.txt"] = "النيجر تستدعي سفير الجزائر\n" ..
    "استدعت النيجر سفير الجزائر بعد تصريحات حول الحدود. وتواصل مالي والنيجر التنسيق " ..
    "الأمني في منطقة الساحل مع روسيا.\n",
}

--- corpus(name, encoding): a directory of ARTICLES written in encoding (via iconv).
local function corpus(name, encoding)
  local path = dir .. "/" .. name
  os.execute("mkdir -p " .. T.quote(path))
  for file, text in pairs(ARTICLES) do
    T.write(path .. "/" .. file .. ".utf8", text)
    local code, _, err = T.sh("iconv -f UTF-8 -t " .. encoding .. " " ..
      T.quote(path .. "/" .. file .. ".utf8") .. " > " .. T.quote(path .. "/" .. file))
    T.eq(code, 0, "iconv: " .. err)
    os.remove(path .. "/" .. file .. ".utf8")
  end
  return path
end

--- analyze(corpus_path, out, extra): run analyze.lua; exit code, stdout, stderr.
local function analyze(corpus_path, out, extra)
  return T.sh(bin .. " analyze.lua --quiet --corpus " .. T.quote(corpus_path) .. " --out " ..
    T.quote(dir .. "/" .. out) .. " " .. (extra or ""))
end

--- analysis(out, key): the value of key in the analysis table of out's store.
local function analysis(out, key)
  local script = dir .. "/analysis.lua"
  T.write(script, "local db = assert(require('sahel').db.open(arg[1], {readonly = true}))\n" ..
    "local r = db:first('SELECT value FROM analysis WHERE key = ?', arg[2])\n" ..
    "io.write(tostring(r and r.value))\n")
  local code, v, err = T.sh(bin .. " " .. T.quote(script) .. " " ..
    T.quote(dir .. "/" .. out .. "/sahel.sqlite") .. " " .. key)
  T.eq(code, 0, "read the analysis table: " .. err)
  return v
end

local utf8_dir, cp_dir = corpus("utf8", "UTF-8"), corpus("cp1256", "WINDOWS-1256")
local code, _, err = analyze(utf8_dir, "out-utf8")
T.eq(code, 0, "the UTF-8 corpus: " .. err)
local want = T.read(dir .. "/out-utf8/entities.csv")

T.case("--encoding auto (the default): windows-1256 files read as such, named per file", function()
  local c, _, e = analyze(cp_dir, "out-auto")
  T.eq(c, 0, "exit: " .. e)
  for file in pairs(ARTICLES) do
    T.ok(e:find(file .. ": not UTF-8: read as windows-1256 (ICU's charset detector, confidence",
      1, true), "a warning names " .. file .. ": " .. e)
  end
  T.ok(not e:find("U+FFFD", 1, true), "nothing replaced: " .. e)
  T.eq(T.read(dir .. "/out-auto/entities.csv"), want, "entities.csv as from the UTF-8 copy")
  T.ok(want:find("mali,GPE"), "the corpus mentions Mali: " .. want)
  T.eq(analysis("out-auto", "encodings_detected"), "windows-1256: 2 files", "recorded for the workbook")
  T.eq(analysis("out-utf8", "encodings_detected"), "nil", "none for a UTF-8 corpus")
  if T.sh("command -v unzip") == 0 then -- the about sheet of results.xlsx lists them too
    local _, xml = T.sh("unzip -p " .. T.quote(dir .. "/out-auto/results.xlsx") .. " 'xl/*.xml' 'xl/worksheets/*.xml'")
    T.ok(xml:find("encodings detected", 1, true) and xml:find("windows-1256: 2 files", 1, true),
      "the about sheet names the encoding")
  end
end)

T.case("--encoding windows-1256: no guessing, the same counts", function()
  local c, _, e = analyze(cp_dir, "out-named", "--encoding windows-1256")
  T.eq(c, 0, "exit: " .. e)
  T.ok(not e:find("warning"), "no warning: " .. e)
  T.eq(T.read(dir .. "/out-named/entities.csv"), want, "entities.csv as from the UTF-8 copy")
  T.eq(analysis("out-named", "encoding"), "windows-1256", "the option is recorded")
end)

T.case("--encoding UTF-8: invalid bytes replaced, the warning says how to set it", function()
  -- every letter replaced: no article has text left, hence --allow-empty
  local c, _, e = analyze(cp_dir, "out-forced", "--encoding UTF-8 --allow-empty")
  T.eq(c, 0, "exit: " .. e)
  T.ok(e:find("invalid UTF%-8 at byte 0 %([^\n]*set the encoding %(%-%-encoding NAME, or opts%.encoding%)"),
    "the hint names the command-line option: " .. e)
end)

T.case("a file the detector is not sure of: repaired with U+FFFD and a warning", function()
  local path = dir .. "/unsure"
  os.execute("mkdir -p " .. T.quote(path))
  T.write(path .. "/a.txt", "Title\nMali and Niger\xC0\xAF signed it.\n")
  local c, _, e = analyze(path, "out-unsure")
  T.eq(c, 0, "exit: " .. e)
  T.ok(e:find("a.txt: invalid UTF-8 at byte 20", 1, true), e)
  T.ok(not e:find("read as", 1, true), "not read in another encoding: " .. e)
end)

T.case("--encoding with a name ICU does not know: a usage error", function()
  local c, _, e = analyze(cp_dir, "out-bad", "--encoding cp-nope")
  T.eq(c, 2, "exit: " .. e)
  T.ok(e:find("^analyze%.lua: %-%-encoding: an ICU converter name [^\n]* or auto expected, got 'cp%-nope'"), e)
end)

T.done()
