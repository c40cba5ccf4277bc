--- xlsxread.lua: a workbook read back for the tests, two ways: the XML of its parts (unzip),
-- and its cells as LibreOffice reads them (soffice headless with a private profile, every
-- sheet converted to CSV with text cells quoted, so that each cell's type shows).
local T = require "check"

local X = {}

--- missing(): nil when soffice and unzip are on PATH, else why the test cannot run.
function X.missing()
  if T.sh("command -v unzip >/dev/null") ~= 0 then return "unzip absent" end
  if T.sh("command -v soffice >/dev/null") ~= 0 then
    return "soffice (LibreOffice Calc) absent: ./setup.sh test installs libreoffice-calc"
  end
end

--- part(path, member): the text of one member of the zip file path (nil when absent).
function X.part(path, member)
  local code, out = T.sh("unzip -p " .. T.quote(path) .. " " .. T.quote(member))
  if code ~= 0 or out == "" then return nil end
  return out
end

--- sheet_names(path): the names of the workbook's sheets, in tab order.
function X.sheet_names(path)
  local names = {}
  for name in (X.part(path, "xl/workbook.xml") or ""):gmatch('<sheet name="([^"]*)"') do
    names[#names + 1] = name
  end
  return names
end

--- sheet_xml(path, name): the XML of sheet `name` (libxlsxwriter numbers the parts in tab
-- order).
function X.sheet_xml(path, name)
  for i, n in ipairs(X.sheet_names(path)) do
    if n == name then return X.part(path, "xl/worksheets/sheet" .. i .. ".xml") end
  end
end

--- split_csv(s): the records of LibreOffice's CSV text s, each an array of cells {v = text,
-- text = whether it was quoted}: with "quote all text cells", a quoted cell is text and an
-- unquoted one a number (or empty).
function X.split_csv(s)
  local rows, row, i, n = {}, {}, 1, #s
  while i <= n do
    if s:sub(i, i) == '"' then
      local parts = {}
      i = i + 1
      while true do
        local j = assert(s:find('"', i, true), "unclosed quote")
        parts[#parts + 1] = s:sub(i, j - 1)
        if s:sub(j + 1, j + 1) ~= '"' then i = j + 1; break end
        parts[#parts + 1] = '"'
        i = j + 2
      end
      row[#row + 1] = { v = table.concat(parts), text = true }
    else
      local j = s:find("[,\n]", i) or n + 1
      row[#row + 1] = { v = s:sub(i, j - 1), text = false }
      i = j
    end
    local sep = s:sub(i, i)
    i = i + 1
    if sep ~= "," then rows[#rows + 1] = row; row = {} end
  end
  return rows
end

-- The CSV export filter: comma, quote, UTF-8, from line 1, text cells quoted, raw values
-- (not as shown), every sheet into its own file (LibreOffice 7.2 and later).
local FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,true,true,false,false,false,-1"

--- soffice(dir, args): run `soffice --headless args` in dir with a private profile
-- (dir/profile), in its own process group, which is stopped by its pid after 300 s or when
-- soffice ends (nothing of it stays behind); exit code and log.
function X.soffice(dir, args)
  local script = table.concat({
    "cd " .. T.quote(dir),
    "setsid soffice -env:UserInstallation=file://" .. dir .. "/profile --headless " .. args ..
      " >soffice.log 2>&1 &",
    "pid=$!; i=0",
    "while kill -0 $pid 2>/dev/null && [ $i -lt 600 ]; do sleep 0.5; i=$((i + 1)); done",
    "kill -KILL -- -$pid 2>/dev/null; wait $pid",
  }, "\n")
  local code = T.sh(script)
  return code, T.read(dir .. "/soffice.log") or ""
end

--- libreoffice(path): the sheets of the workbook at path as LibreOffice reads them: name ->
-- records (see split_csv). Raises when the conversion fails.
function X.libreoffice(path)
  local dir = T.tmpdir()
  assert(T.sh("cp " .. T.quote(path) .. " " .. T.quote(dir .. "/book.xlsx")) == 0)
  local code, log = X.soffice(dir, "--convert-to " .. T.quote(FILTER) .. " --outdir out book.xlsx")
  assert(code == 0, "soffice failed (" .. tostring(code) .. "): " .. log)
  local sheets = {}
  for _, name in ipairs(X.sheet_names(path)) do
    local text = T.read(dir .. "/out/book-" .. name .. ".csv")
    assert(text, "soffice wrote no CSV for sheet " .. name .. ": " .. log)
    sheets[name] = X.split_csv(text)
  end
  T.sh("rm -rf " .. T.quote(dir))
  return sheets
end

return X
