-- test_docs.lua: every function visible from Lua has an entry in docs/api.md (as luv's
-- docs coverage check does). Module functions need a heading naming `sahel.mod.fn`; methods
-- of a userdata type `sahel.Type` need a heading `### var:method` in the section of its
-- module (`## sahel.type`), or anywhere when no section has that name.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local doc = assert(T.read("docs/api.md"), "docs/api.md is missing")

-- headings: set of heading lines; sections: section name -> its text.
local headings, sections, current = {}, {}, nil
for line in (doc .. "\n"):gmatch("(.-)\n") do
  local section = line:match("^## (%S+)")
  if section then current = section; sections[current] = "" end
  if line:match("^###") then
    headings[#headings + 1] = line
    if current then sections[current] = sections[current] .. line .. "\n" end
  end
end

local function has_heading(text, pattern)
  for line in text:gmatch("[^\n]+") do
    if line:find(pattern) then return true end
  end
  return false
end

-- Module functions: walk the sahel table.
local missing = {}
local function walk(t, prefix, seen)
  if seen[t] then return end
  seen[t] = true
  for k, v in pairs(t) do
    if type(k) == "string" and not k:match("^_") then
      local name = prefix .. "." .. k
      if type(v) == "function" then
        local pat = "^###%s+`?" .. name:gsub("%.", "%%.") .. "[%s(`]"
        if not has_heading(table.concat(headings, "\n"), pat) and
           not has_heading(table.concat(headings, "\n"), "^###%s+`?" .. name:gsub("%.", "%%.") .. "$") then
          missing[#missing + 1] = name
        end
      elseif type(v) == "table" then
        walk(v, name, seen)
      end
    end
  end
end
walk(sahel, "sahel", {})

-- Methods of the toolkit's userdata types, from their metatables in the registry.
for tname, mt in pairs(debug.getregistry()) do
  if type(tname) == "string" and tname:match("^sahel%.%u") and type(mt) == "table" and
     type(mt.__index) == "table" then
    local section = sections["sahel." .. tname:match("^sahel%.(.*)"):lower()]
    for method, fn in pairs(mt.__index) do
      if type(fn) == "function" and not method:match("^_") then
        local pat = "^###%s+`?[%w_]+:" .. method .. "[%s(`]"
        if not has_heading(section or table.concat(headings, "\n"), pat) then
          missing[#missing + 1] = tname .. ":" .. method
        end
      end
    end
  end
end

table.sort(missing)
T.case("every Lua-visible function is in docs/api.md", function()
  T.eq(missing, {}, "undocumented")
end)

T.case("the check itself finds an undocumented function", function()
  T.ok(not has_heading("### sahel.text.normalize(s)", "^###%s+`?sahel%.text%.tokenize[%s(`]"),
    "pattern must not match another name")
  T.ok(has_heading("### sahel.text.normalize(s [, opts])", "^###%s+`?sahel%.text%.normalize[%s(`]"),
    "pattern matches its own name")
end)

-- Docs are for users: working notes ("**(decision)**", "Until init.lua names it") do not
-- belong in them; the choices made go to docs/spec.md's own section.
local NOTES = { "%(decision", "[Uu]ntil `?init%.lua`? names", "%(name it%)", "TODO", "FIXME" }
T.case("the docs carry no working notes; the choices are listed in spec.md", function()
  local files = { "README.md" }
  for name in io.popen("ls docs"):lines() do
    if name:match("%.md$") or name:match("%.1$") then files[#files + 1] = "docs/" .. name end
  end
  for _, f in ipairs(files) do
    local text = assert(T.read(f), f)
    local n = 0
    for line in text:gmatch("[^\n]*") do
      n = n + 1
      for _, pat in ipairs(NOTES) do
        T.ok(not line:find(pat), string.format("%s:%d: a working note: %s", f, n, line))
      end
    end
  end
  local spec = T.read("docs/spec.md")
  T.ok(spec:find("\n## %d+%. Choices made where the specification is silent\n"), "spec.md's section")
end)

T.done()
