-- test_types.lua: lualib/types/sahel.lua (annotations for lua-language-server) covers the
-- whole API: every function reachable from `require "sahel"` (plus sahel.report, sahel.cli,
-- sahel.store and sahel.kwic) and every method of the toolkit's userdata types has an
-- annotated declaration; and the file is valid Lua.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local src = assert(T.read("lualib/types/sahel.lua"), "lualib/types/sahel.lua is missing")

T.case("the annotations file is valid Lua with a ---@meta header", function()
  T.ok(load(src, "=types", "t"), "compiles")
  T.ok(src:find("^%-%-%-@meta sahel\n"), "meta header")
end)

-- declared: "sahel.x.y" and "Class:method" names declared with `function`.
local declared = {}
for name in src:gmatch("\nfunction ([%w_.:]+)%(") do declared[name] = true end

-- Functions of the module tables.
local modules = { sahel = sahel }
for _, extra in ipairs({ "report", "cli", "store", "kwic" }) do
  if sahel[extra] == nil then
    local ok, m = pcall(require, "sahel." .. extra)
    if ok then modules["sahel." .. extra] = m end
  end
end

local missing = {}
local function walk(t, prefix, seen)
  if seen[t] then return end
  seen[t] = true
  for k, v in pairs(t) do
    if type(k) == "string" and not k:match("^_") and not k:match("^%u") then
      local name = prefix .. "." .. k
      if type(v) == "function" then
        if not declared[name] then missing[#missing + 1] = name end
      elseif type(v) == "table" and getmetatable(v) == nil then
        walk(v, name, seen)
      end
    end
  end
end
for prefix, m in pairs(modules) do
  if type(m) == "function" then
    if not declared[prefix] then missing[#missing + 1] = prefix end
  else
    walk(m, prefix, {})
  end
end

-- Methods of the userdata types: registry metatable "sahel.X" -> annotated class X.
for tname, mt in pairs(debug.getregistry()) do
  if type(tname) == "string" and tname:match("^sahel%.%u") and type(mt) == "table" and
     type(mt.__index) == "table" then
    local class = tname:match("^sahel%.(.*)")
    for method, fn in pairs(mt.__index) do
      if type(fn) == "function" and not method:match("^_") and
         not declared[class .. ":" .. method] then
        missing[#missing + 1] = tname .. ":" .. method
      end
    end
  end
end

table.sort(missing)
T.case("every function and method is annotated", function() T.eq(missing, {}, "missing") end)

T.case("the check finds a missing declaration", function()
  T.ok(declared["sahel.text.normalize"] and not declared["sahel.text.no_such_function"],
    "declarations are read")
end)

T.done()
