--- sahel.csv: CSV files for spreadsheets, libcsv underneath (C primitives in
-- sahel.core.csv). rows() reads, writer() and write() write as TEXT-SPEC §8 says.
local core = require("sahel.core").csv
local options = require("sahel.core").options

-- The options of each function (an unknown key raises, naming the nearest), and those
-- the C reader and writer take.
local READER_KEYS = { "delimiter", "quote", "strict", "warn" }
local ROWS_KEYS = { "delimiter", "quote", "strict", "warn", "header", "unguard" }
local WRITER_CORE_KEYS = { "excel", "delimiter", "guard" }
local WRITER_KEYS = { "excel", "delimiter", "guard", "columns", "header" }
local COPY_KEYS = { "thread" }

-- pick(opts, keys): a new table holding the fields keys of opts.
local function pick(opts, keys)
  local t = {}
  for _, k in ipairs(keys) do t[k] = opts[k] end
  return t
end

local M = { format_num = core.format_num, reader = core.reader }

-- The formula guard (§8): a text field starting with one of these gets a leading '.
local GUARDED = "^'[=+%-@\t\r]"

-- unguard: s without the guard's ' when the guard would have added it.
local function unguard(s)
  if s:find(GUARDED) then return s:sub(2) end
  return s
end

-- ragged: report a row whose width differs from the header's: raise (strict) or warn.
local function ragged(reader, line, n, want, opts)
  local msg = string.format("%s:%d: %d fields, the header has %d", reader:name(), line, n,
                            want)
  if opts.strict ~= false then error(msg, 0) end
  if opts.warn then opts.warn(msg) else io.stderr:write("sahelscript: warning: ", msg, "\n") end
end

-- shape: fields as the caller wants them: by header name, or the array itself.
local function shape(fields, header, opts)
  if opts.unguard then
    for i = 1, #fields do fields[i] = unguard(fields[i]) end
  end
  if not header then return fields end
  local row = {}
  for i, name in ipairs(header) do row[name] = fields[i] end
  return row
end

--- rows(path [, opts]): iterator over the records of a CSV file: tables by header name
-- (the first record), or arrays with opts.header = false. opts: delimiter, quote,
-- strict (default true: unbalanced quotes and ragged rows raise "file:line[:column]: ...";
-- false: libcsv's lenient reading, with warnings to opts.warn or stderr), unguard (remove
-- the ' that the formula guard adds). Raises when the file cannot be read (as io.lines).
function M.rows(path, opts)
  opts = options(opts, ROWS_KEYS) or {}
  local reader = assert(core.reader(path, pick(opts, READER_KEYS)))
  local header
  if opts.header ~= false then
    local fields, msg = reader:read()
    if not fields and msg then error(msg, 2) end
    header = fields or {}
  end
  local width = header and #header
  local function next_row()
    local fields, line = reader:read()
    if not fields then
      reader:close()
      if line then error(line, 0) end
      return nil
    end
    width = width or #fields
    if #fields ~= width then ragged(reader, line, #fields, width, opts) end
    return shape(fields, header, opts)
  end
  return next_row, nil, nil, reader
end

--- header(path [, opts]): the header row (array of names) of a CSV file, or nil, message.
function M.header(path, opts)
  local reader, msg = core.reader(path, pick(options(opts, READER_KEYS) or {}, READER_KEYS))
  if not reader then return nil, msg end
  local fields, err = reader:read()
  reader:close()
  if not fields and err then return nil, err end
  return fields or {}
end

local Writer = {}
Writer.__index = Writer

--- writer(path [, opts]): a CSV writer; nil, message when the file cannot be created.
-- opts: columns (header names and their order; rows are then tables by name), header
-- (default true when columns are given), excel (BOM + CRLF), delimiter, guard (default
-- true). Nothing appears at path until :close() succeeds.
function M.writer(path, opts)
  opts = options(opts, WRITER_KEYS) or {}
  local w, msg = core.writer(path, pick(opts, WRITER_CORE_KEYS))
  if not w then return nil, msg end
  local self = setmetatable({ w = w, columns = opts.columns }, Writer)
  if self.columns and opts.header ~= false then w:row(self.columns) end
  return self
end

--- w:write(row): one row: a table by column name (with opts.columns) or an array.
function Writer:write(row)
  local cols = self.columns
  if not cols then return self.w:row(row, row.n) end
  local values = {}
  for i, c in ipairs(cols) do values[i] = row[c] end
  self.w:row(values, #cols)
end

--- same_columns(names, columns, what): raise unless columns (when set) are names in order.
local function same_columns(names, columns, what)
  if not columns then return end
  local ok = #names == #columns
  for i = 1, #names do ok = ok and names[i] == columns[i] end
  if not ok then
    error(string.format("copy: the statement's columns (%s) are not the %s's (%s)",
      table.concat(names, ", "), what, table.concat(columns, ", ")), 3)
  end
end

--- w:copy(stmt [, sheet]): every row of the prepared statement (sahel.Stmt, run once) into
-- the file and into the sahel.xlsx sheet when given, as w:write and sheet:write would
-- write them, in C; the statement's columns must be the writer's (and the sheet's).
-- Returns the number of rows.
function Writer:copy(stmt, sheet)
  local names = stmt:columns()
  same_columns(names, self.columns, "writer")
  if sheet then same_columns(names, sheet.columns, "sheet") end
  return self.w:copy(stmt, sheet and sheet.s)
end

--- w:start_copy(db, sql [, sheet [, opts]]): w:copy's work for the query sql over the file
-- of the sahel.Db db, through a read-only connection of its own, in a thread of its own
-- (opts.thread = false: now), while the caller goes on. Returns a copy whose :wait()
-- returns the number of rows (raising what failed); until then the writer and the sheet
-- are the copy's. nil, message when db has no file or refuses sql.
function Writer:start_copy(db, sql, sheet, opts)
  opts = options(opts, COPY_KEYS) or {}
  local st, msg = db:prepare(sql)
  if not st then return nil, msg end
  local names = st:columns()
  st:close()
  same_columns(names, self.columns, "writer")
  if sheet then same_columns(names, sheet.columns, "sheet") end
  return self.w:start_copy(db, sql, sheet and sheet.s, opts.thread ~= false)
end

--- w:close(): commit the file (rename over path); true, or nil, message.
function Writer:close() return self.w:close() end

--- w:abort(): discard the file; path is left as it was.
function Writer:abort() return self.w:abort() end

Writer.__close = function(self, e)
  if e ~= nil then self.w:abort() else assert(self.w:close()) end
end

--- columns_of(rows): the sorted union of the string keys of the tables in rows (the default
-- columns of write, and of sahel.xlsx's sheets).
function M.columns_of(rows)
  local seen, cols = {}, {}
  for _, r in ipairs(rows) do
    for k in pairs(r) do
      if type(k) == "string" and not seen[k] then
        seen[k] = true
        cols[#cols + 1] = k
      end
    end
  end
  table.sort(cols)
  return cols
end

--- write(path, rows [, opts]): write an array of rows at once (see writer); true, or nil,
-- message. Without opts.columns, rows that are tables by name get the sorted union of
-- their keys as columns; arrays are written as they are, without a header.
function M.write(path, rows, opts)
  opts = options(opts, WRITER_KEYS) or {}
  local first = rows[1]
  if not opts.columns and type(first) == "table" and first[1] == nil and next(first) then
    opts = pick(opts, WRITER_KEYS)
    opts.columns = M.columns_of(rows)
  end
  local w, msg = M.writer(path, opts)
  if not w then return nil, msg end
  local ok, e = pcall(function() for _, r in ipairs(rows) do w:write(r) end end)
  if not ok then
    w:abort()
    error(e, 2)
  end
  return w:close()
end

return M
