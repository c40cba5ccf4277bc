--- sahel.report.html: HTML and SVG markup helpers for the report: escaping (every string
-- from the data goes through escape), elements with sorted attributes, and bidi: text holding
-- Arabic letters is marked dir="rtl" lang="ar" so that browsers lay it out right to left and
-- shape it.
local M = {}

local ENTITIES = { ["&"] = "&amp;", ["<"] = "&lt;", [">"] = "&gt;", ['"'] = "&quot;",
                   ["'"] = "&#39;" }

--- escape(v): v (a string or a number; nil gives "") with & < > " ' replaced by entities,
-- safe in text and in double-quoted attribute values of HTML and inline SVG.
function M.escape(v)
  if v == nil then return "" end
  return (tostring(v):gsub("[&<>\"']", ENTITIES))
end

--- attrs(t): ' k="v"' for each key of t in sorted order (false and nil values are left out,
-- true gives a bare attribute).
function M.attrs(t)
  if not t then return "" end
  local keys = {}
  for k, v in pairs(t) do if v ~= nil and v ~= false then keys[#keys + 1] = k end end
  table.sort(keys)
  local out = {}
  for i, k in ipairs(keys) do
    local v = t[k]
    out[i] = v == true and (" " .. k) or string.format(' %s="%s"', k, M.escape(v))
  end
  return table.concat(out)
end

--- el(tag, attrs, ...): the element <tag attrs>...</tag>; the children are markup strings
-- (already escaped) or arrays of them.
function M.el(tag, attrs, ...)
  local parts = { "<", tag, M.attrs(attrs), ">" }
  for i = 1, select("#", ...) do
    local c = select(i, ...)
    if type(c) == "table" then c = table.concat(c) end
    parts[#parts + 1] = c or ""
  end
  parts[#parts + 1] = "</" .. tag .. ">"
  return table.concat(parts)
end

--- void(tag, attrs): the empty element <tag attrs/> (SVG shapes).
function M.void(tag, attrs)
  return "<" .. tag .. M.attrs(attrs) .. "/>"
end

--- is_arabic(s): whether s holds a letter of the Arabic script (U+0600..U+06FF,
-- U+0750..U+077F, U+08A0..U+08FF or the presentation forms U+FB50..U+FDFF, U+FE70..U+FEFF).
function M.is_arabic(s)
  s = tostring(s or "")
  return s:find("[\216-\219\221][\128-\191]") ~= nil or
         s:find("\224[\162\163][\128-\191]") ~= nil or
         s:find("\239[\173-\183\185-\187][\128-\191]") ~= nil
end

--- bidi(s, attrs): attrs (a table, created when nil) with dir="rtl" lang="ar" added when s
-- is Arabic, dir="auto" otherwise; returns attrs.
function M.bidi(s, attrs)
  attrs = attrs or {}
  if M.is_arabic(s) then
    attrs.dir, attrs.lang = "rtl", "ar"
  else
    attrs.dir = attrs.dir or "auto"
  end
  return attrs
end

--- text(tag, s, attrs): the element <tag> holding the escaped string s, with its direction.
function M.text(tag, s, attrs)
  return M.el(tag, M.bidi(s, attrs), M.escape(s))
end

--- num(v, digits): a number for display: integers as they are, others with up to `digits`
-- (default 3) decimals and no trailing zeros; nil and NaN give "".
function M.num(v, digits)
  if type(v) ~= "number" or v ~= v then return "" end
  if math.type(v) == "integer" or v == math.floor(v) and math.abs(v) < 2^53 then
    return string.format("%d", v)
  end
  local s = string.format("%." .. (digits or 3) .. "f", v)
  return (s:gsub("0+$", ""):gsub("%.$", ""))
end

--- table_(columns, rows, attrs, row_class): an HTML table: columns is an array of {key,
-- label, numeric, digits (decimals of numeric cells, default 3), markup (the value is markup
-- already escaped, laid out left to right)}; each cell holds the escaped value of row[key], Arabic cells marked right
-- to left; each row has the class row_class when given.
function M.table_(columns, rows, attrs, row_class)
  local head = {}
  for i, c in ipairs(columns) do head[i] = M.el("th", nil, M.escape(c.label or c.key)) end
  local body = {}
  for _, r in ipairs(rows) do
    local cells = {}
    for i, c in ipairs(columns) do
      local v = r[c.key]
      cells[i] = c.numeric and M.el("td", { class = "num" }, M.escape(M.num(v, c.digits)))
                 or c.markup and M.el("td", { dir = "ltr" }, v) or M.text("td", v)
    end
    body[#body + 1] = M.el("tr", row_class and { class = row_class }, cells)
  end
  return M.el("table", attrs, M.el("thead", nil, M.el("tr", nil, head)), M.el("tbody", nil, body))
end

return M
