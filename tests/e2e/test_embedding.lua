-- test_embedding.lua: libsahel as an embedder meets it (docs/embedding.md): the build
-- installed into a temporary prefix (cmake --install), the library exporting exactly the
-- functions of sahel.h under a versioned SONAME, and the C program of docs/embedding.md
-- (extracted from the page, so that the two cannot drift) compiled with
-- `pkg-config --cflags --libs sahel` only and run from elsewhere: its rows must be those the
-- same report gives here.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

if os.getenv("SAHEL_SANITIZE") == "1" then
  T.skip("a sanitized libsahel needs its runtime in the embedding program: not a plain cc build")
end
for _, tool in ipairs { "cc", "pkg-config", "nm", "readelf" } do
  if T.sh("command -v " .. tool) ~= 0 then T.skip(tool .. " is not installed") end
end

local build = assert(os.getenv("SAHEL_BUILD"), "SAHEL_BUILD")
local prefix = T.tmpdir()
local code, _, err = T.sh("cmake --install " .. T.quote(build) .. " --prefix " .. T.quote(prefix))
assert(code == 0, "cmake --install: " .. err)

-- installed(name): the path of the one installed file called name.
local function installed(name)
  local _, out = T.sh("find " .. T.quote(prefix) .. " -name " .. T.quote(name))
  local path = out:match("[^\n]+")
  assert(path, name .. " is not installed under " .. prefix)
  return path
end

local lib = installed("libsahel.so.0")
local libdir = lib:match("^(.*)/[^/]+$")
local pcdir = installed("sahel.pc"):match("^(.*)/[^/]+$")
local header = T.read(installed("sahel.h"))

T.case("libsahel exports the functions of sahel.h and nothing else, under libsahel.so.0", function()
  local want = {}
  for line in header:gmatch("[^\n]+") do
    local name = line:match("^SAHEL_API%s[^(]-([%a_][%w_]*)%s*%(")
    if name then want[#want + 1] = name end
  end
  table.sort(want)
  T.ok(#want >= 5, "sahel.h declares its API with SAHEL_API")
  local _, out = T.sh("nm -D --defined-only " .. T.quote(lib))
  local got = {}
  for name in out:gmatch("%x+ %a ([%w_]+)") do -- all but the linker's _edata, _end...
    if not name:match("^_") then got[#got + 1] = name end
  end
  table.sort(got)
  T.eq(got, want, "exported functions")
  local _, dyn = T.sh("readelf -d " .. T.quote(lib))
  T.ok(dyn:find("Library soname: %[libsahel%.so%.0%]"), "SONAME: " .. dyn)
  T.ok(T.read(libdir .. "/libsahel.so"), "the development link libsahel.so")
end)

T.case("pkg-config describes the installed library", function()
  local env = "PKG_CONFIG_PATH=" .. T.quote(pcdir) .. " "
  local c, out, e = T.sh(env .. "pkg-config --modversion sahel")
  T.eq({ c, out }, { 0, sahel.version .. "\n" }, "version (" .. e .. ")")
  c, out, e = T.sh(env .. "pkg-config --cflags --libs sahel")
  T.eq(c, 0, "flags: " .. e)
  T.ok(out:find("-lsahel", 1, true) and out:find("-llua5.4", 1, true), "flags: " .. out)
end)

T.case("the program of docs/embedding.md builds with pkg-config alone and reads its rows back",
       function()
  local doc = assert(T.read(T.root .. "/docs/embedding.md"))
  local program = assert(doc:match("```c\n(.-)```"), "no C program in docs/embedding.md")
  local work = T.tmpdir() -- outside the prefix: the toolkit must find its data by itself
  T.write(work .. "/top_pairs.c", program)
  local cc = ("cd %s && cc -std=c11 -Wall -Wextra -Werror top_pairs.c"
              .. " $(PKG_CONFIG_PATH=%s pkg-config --cflags --libs sahel) -o top_pairs")
             :format(T.quote(work), T.quote(pcdir))
  local c, _, e = T.sh(cc)
  T.eq(c, 0, "cc: " .. e)
  local out
  c, out, e = T.sh(("cd / && env -u SAHEL_ROOT LD_LIBRARY_PATH=%s %s/top_pairs")
                   :format(T.quote(libdir), T.quote(work)))
  T.eq(c, 0, "run: " .. e)
  -- the same report, here
  local dir = sahel.datadir
  local corpus = assert(sahel.corpus.open(dir .. "/datasets/sample/articles.jsonl"))
  local gaz = assert(sahel.gazetteer.load(dir .. "/datasets/gazetteer/sahel.csv"))
  local co = assert(sahel.cooc.build(corpus, gaz, { context = "sentence" }))
  local want = { ("sahelscript %s, data in %s/share/sahelscript"):format(sahel.version, prefix) }
  for i, row in ipairs(co:rows()) do
    if i > 5 then break end
    want[#want + 1] = ("%s\t%s\t%d"):format(row.a, row.b, row.count)
  end
  T.ok(#want == 6, "the sample gives five pairs")
  local got = {}
  for line in out:gmatch("[^\n]+") do got[#got + 1] = line end
  T.eq(got, want, "the program's output")
end)

T.sh("rm -rf " .. T.quote(prefix))
T.done()
