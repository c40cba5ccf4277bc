--- sahel.xlsx: workbooks (.xlsx) that a spreadsheet opens as they are: one sheet per table,
-- from Lua tables, iterators or SQL statements, libxlsxwriter underneath (C primitives in
-- sahel.core.xlsx). Numbers are numbers, strings are text whatever they look like; a header
-- row is bold, frozen and filtered; sheets holding Arabic are laid out right to left.
local core = require("sahel.core").xlsx
local csv = require "sahel.csv"

local M = {}

--- Defaults of open's options: max_rows, the rows a sheet keeps (its header included):
-- the format's limit. A smaller value cuts every sheet sooner (tests, previews).
M.defaults = { max_rows = 1048576 }

local Workbook, Sheet = {}, {}
Workbook.__index, Sheet.__index = Workbook, Sheet

--- open(path [, opts]): a new workbook, written to a temporary beside path and renamed
-- over it by wb:close(); nil, message when the temporary cannot be created.
-- opts.max_rows: rows per sheet (default M.defaults.max_rows); rows past it are counted.
function M.open(path, opts)
  opts = require("sahel.core").options(opts, { "max_rows" }) or {}
  local b, msg = core.open(path, { max_rows = opts.max_rows or M.defaults.max_rows })
  if not b then return nil, msg end
  return setmetatable({ b = b, path = path, sheets = {} }, Workbook)
end

--- kind(rows): "none", "array", "stmt" or "iterator" (raises for anything else).
local function kind(rows)
  if rows == nil then return "none" end
  local mt = getmetatable(rows)
  if type(mt) == "table" and mt.__name == "sahel.Stmt" then return "stmt" end
  if type(rows) == "table" then return "array" end
  if type(rows) == "function" then return "iterator" end
  error("bad rows (an array, a function or a prepared statement expected, got "
    .. type(rows) .. ")", 3)
end

--- by_name(row): whether row is a table by column name (not an array).
local function by_name(row)
  return type(row) == "table" and row[1] == nil and next(row) ~= nil
end

--- columns_for(rows, k, first, opts): the sheet's columns: opts.columns, a statement's,
-- or the sorted keys of rows by name (of the first row for an iterator); nil for arrays.
local function columns_for(rows, k, first, opts)
  if opts.columns then return opts.columns end
  if k == "stmt" then return rows:columns() end
  if k == "array" and by_name(rows[1]) then return csv.columns_of(rows) end
  if k == "iterator" and by_name(first) then return csv.columns_of({ first }) end
end

--- each(rows, k, first, fn): fn(row) for every row of rows (first: the iterator's first
-- row, already read).
local function each(rows, k, first, fn)
  if k == "array" then
    for _, r in ipairs(rows) do fn(r) end
  elseif k == "stmt" then
    for r in rows:rows() do fn(r) end
  elseif k == "iterator" and first ~= nil then
    fn(first)
    for r in rows do fn(r) end
  end
end

--- wb:sheet(name, rows [, opts]): a new sheet at the end of the workbook, holding rows
-- (nil: none yet; an array of rows; an iterator function, called until it returns nil; a
-- prepared statement, sahel.Stmt, run once). A row is a table by column name or an array.
-- opts: columns (names in order; default: the statement's columns, or the sorted keys of
-- rows by name), header (default true when there are columns: written first, bold,
-- frozen, filtered), rtl (true, false, or "auto" (default): right to left once a cell
-- holds a right-to-left letter). Returns the sheet (more rows: sheet:write); raises on a
-- bad name or bad rows.
function Workbook:sheet(name, rows, opts)
  opts = require("sahel.core").options(opts, { "columns", "header", "rtl" }) or {}
  local k = kind(rows)
  local first = k == "iterator" and rows() or nil
  local columns = columns_for(rows, k, first, opts)
  local header = opts.header
  if header == nil then header = columns ~= nil end
  local s, msg = self.b:sheet(name, { header = header, rtl = opts.rtl })
  if not s then error(msg, 2) end
  local sheet = setmetatable({ s = s, name = name, columns = columns }, Sheet)
  self.sheets[#self.sheets + 1] = sheet
  if columns and header then s:row(columns) end
  each(rows, k, first, function(r) sheet:write(r) end)
  return sheet
end

--- sheet:write(row): one more row: a table by column name (on a sheet with columns), or an
-- array (row[1] not nil; row.n counts trailing nils).
function Sheet:write(row)
  local cols = self.columns
  if not cols or row[1] ~= nil then return self.s:row(row, row.n) end
  self.s:row(row, cols)
end

--- sheet:counts(): {rows, cut_rows, cut_texts, rtl}: rows written (header included), rows
-- left out past max_rows, text cells cut at 32,767 characters, the direction so far.
function Sheet:counts() return self.s:counts() end

--- wb:finish(): every sheet is complete: start writing (compressing) the workbook in a
-- thread of its own, while the script goes on; wb:close() waits for it. Adding a sheet or
-- a row afterwards raises.
function Workbook:finish() return self.b:finish() end

--- wb:close(): write the workbook (or wait for wb:finish's thread) and rename it over its
-- path; true, or nil, message.
function Workbook:close() return self.b:close() end

--- wb:abort(): discard the workbook; its path is left as it was.
function Workbook:abort() return self.b:abort() end

Workbook.__close = function(self, e)
  if e ~= nil then self.b:abort() else assert(self.b:close()) end
end

--- write(path, sheets [, opts]): a workbook of sheets at once: sheets is an array of
-- {name, rows, columns, header, rtl} (as wb:sheet). true, or nil, message; bad sheets
-- raise (nothing is written).
function M.write(path, sheets, opts)
  require("sahel.core").options(opts, { "max_rows" })
  local wb, msg = M.open(path, opts)
  if not wb then return nil, msg end
  local ok, e = pcall(function()
    for _, t in ipairs(sheets) do
      require("sahel.core").options(t, { "name", "rows", "columns", "header", "rtl" }, 4)
      wb:sheet(t.name, t.rows, { columns = t.columns, header = t.header, rtl = t.rtl })
    end
  end)
  if not ok then
    wb:abort()
    error(e, 2)
  end
  return wb:close()
end

return require("sahel.must").add(M, { "open" })
