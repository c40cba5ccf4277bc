-- test_rock.lua: the rockspec (sahelscript-*.rockspec): `luarocks make` builds the sahel
-- module from a copy of the sources into a temporary tree, and stock lua5.4 then loads it
-- from that tree alone (the copy removed), with its Lua library and data.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

if T.sh("command -v luarocks") ~= 0 then
  T.skip("luarocks is not installed (apt-get install luarocks; ./setup.sh test does)")
end
if T.sh("command -v lua5.4") ~= 0 then T.skip("lua5.4 is not installed") end

local _, specs = T.sh("cd " .. T.quote(T.root) .. " && ls sahelscript-*.rockspec")
local spec = specs:match("[^\n]+")
local work = T.tmpdir()
local src, tree = work .. "/src", work .. "/tree"

T.case("luarocks make installs a sahel module that stock lua5.4 loads", function()
  T.ok(spec, "a rockspec at the top of the tree")
  local copy = ("mkdir -p %s && cd %s && cp -r CMakeLists.txt src lualib scripts datasets %s %s")
               :format(T.quote(src), T.quote(T.root), T.quote(spec), T.quote(src))
  T.eq(T.sh(copy), 0, "copy")
  local code, out, err = T.sh(("cd %s && luarocks --lua-version 5.4 --tree %s make %s")
                              :format(T.quote(src), T.quote(tree), T.quote(spec)))
  T.eq(code, 0, "luarocks make: " .. out .. err)
  T.eq(T.sh("rm -rf " .. T.quote(src)), 0, "the sources removed")
  local lua = ("cd / && eval \"$(luarocks --lua-version 5.4 --tree %s path)\" && lua5.4 -e %s")
              :format(T.quote(tree), T.quote([[
    local sahel = require "sahel"
    local gaz = assert(sahel.gazetteer.load(sahel.datadir .. "/datasets/gazetteer/sahel.csv"))
    local n = 0
    for _, m in ipairs(gaz:mentions("وصل وفد من مالي إلى النيجر")) do n = n + 1 end
    print(sahel.version, sahel.datadir, sahel.text.normalize("أحمد"), n)]]))
  code, out, err = T.sh(lua)
  T.eq(code, 0, "lua5.4: " .. err)
  local version, datadir, word, n = out:match("^(%S+)\t(%S+)\t(%S+)\t(%d+)\n$")
  T.eq(version, require("sahel").version, "version (" .. out .. ")")
  T.ok(datadir and datadir:sub(1, #tree) == tree, "the data in the tree: " .. tostring(datadir))
  T.eq(word, "احمد", "normalized")
  T.eq(tonumber(n), 2, "mentions")
end)

T.sh("rm -rf " .. T.quote(work))
T.done()
