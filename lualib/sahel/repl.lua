--- sahel.repl: what the interactive prompt (`sahelscript` with no script) shows and
-- completes: values printed readably (a table as one level of sorted keys instead of
-- `table: 0x...`) and the names after `sahel.` (or any global table) for the Tab key.
local M = {}

--- MAX_ITEMS: the fields of a table shown before "...".
M.MAX_ITEMS = 40

--- scalar(v): v as written in Lua source (strings quoted), for one field of a table.
local function scalar(v)
  if type(v) == "string" then return string.format("%q", v):gsub("\\\n", "\\n") end
  if type(v) == "table" and getmetatable(v) == nil then return "{...}" end
  return tostring(v)
end

--- key_order(a, b): numbers first (ascending), then other keys by their text.
local function key_order(a, b)
  local na, nb = type(a) == "number", type(b) == "number"
  if na ~= nb then return na end
  if na then return a < b end
  return tostring(a) < tostring(b)
end

--- field(k, v, n): one field of a table: `v` for the array part 1..n, `k = v` or
-- `[k] = v` otherwise.
local function field(k, v, n)
  if math.type(k) == "integer" and k >= 1 and k <= n then return scalar(v) end
  if type(k) == "string" and k:match("^[%a_][%w_]*$") then return k .. " = " .. scalar(v) end
  return "[" .. scalar(k) .. "] = " .. scalar(v)
end

--- show(v): v for the prompt: a plain table (no metatable) as `{1, 2, name = "x", sub =
-- {...}}` (one level, keys sorted, at most MAX_ITEMS fields); anything else as tostring
-- does it (userdata keep their `__tostring`).
function M.show(v)
  if type(v) ~= "table" or getmetatable(v) ~= nil then return tostring(v) end
  local keys = {}
  for k in pairs(v) do keys[#keys + 1] = k end
  table.sort(keys, key_order)
  local n, parts = #v, {}
  for i, k in ipairs(keys) do
    if i > M.MAX_ITEMS then
      parts[#parts + 1] = string.format("... (%d more)", #keys - M.MAX_ITEMS)
      break
    end
    parts[#parts + 1] = field(k, v[k], n)
  end
  return "{" .. table.concat(parts, ", ") .. "}"
end

--- complete(word [, env]): the completions of word, a name such as `sahel.te` or
-- `sahel.text.no` or `pri`: the names of the table before the last dot (looked up from env,
-- default _G) that start with what follows it, each as the whole word (`sahel.text`), a
-- table's name followed by "."; sorted.
function M.complete(word, env)
  local t = env or _G
  local path, last = word:match("^(.*)%.([%w_]*)$")
  if not path then path, last = "", word end
  if path ~= "" then
    for name in path:gmatch("[^.]+") do
      local ok, sub = pcall(function() return t[name] end)
      if not ok or type(sub) ~= "table" then return {} end
      t = sub
    end
  end
  local prefix = path ~= "" and path .. "." or ""
  local out = {}
  for k, v in pairs(t) do
    if type(k) == "string" and k:sub(1, #last) == last and k:match("^[%a_][%w_]*$") then
      out[#out + 1] = prefix .. k .. (type(v) == "table" and "." or "")
    end
  end
  table.sort(out)
  return out
end

return M
