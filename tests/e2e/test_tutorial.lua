-- test_tutorial.lua: the ```lua blocks of docs/scripting.md, put in order into one script
-- (each block at its own line numbers, so an error names the line of the page), run in an
-- empty directory; then the custom report of README.md, run on the output of analyze.lua.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

if not (sahel.corpus and sahel.corpus.open) then T.skip("sahel.corpus is not available yet") end

-- Absolute paths: the scripts run in other directories.
local ROOT = T.root == "." and os.getenv("PWD") or T.root
local BIN = T.bin:sub(1, 1) == "/" and T.bin or ROOT .. "/" .. T.bin

--- blocks(path): the page's ```lua blocks as one script: every other line of the page left
-- blank, so that line N of the script is line N of the page; and how many blocks.
local function blocks(path)
  local text = assert(T.read(path), path .. " is missing")
  local out, inside, n = {}, false, 0
  for line in (text .. "\n"):gmatch("(.-)\n") do
    if not inside and line:match("^```lua%s*$") then
      inside, n = true, n + 1
      out[#out + 1] = ""
    elseif inside and line:match("^```%s*$") then
      inside = false
      out[#out + 1] = ""
    else
      out[#out + 1] = inside and line or ""
    end
  end
  assert(not inside, path .. ": a ```lua block is not closed")
  return table.concat(out, "\n"), n
end

--- run(dir, name, source): write source to dir/name and run it there; code, out, err.
local function run(dir, name, source)
  T.write(dir .. "/" .. name, source)
  return T.sh("cd " .. T.quote(dir) .. " && " .. T.quote(BIN) .. " " .. T.quote(name) ..
    " </dev/null")
end

T.case("blocks: line numbers are kept, blocks counted", function()
  local dir = T.tmpdir()
  T.write(dir .. "/page.md", "# t\n```lua\nlocal a = 1\n```\ntext\n```sh\nls\n```\n" ..
    "```lua\nprint(a + 1)\n```\n")
  local src, n = blocks(dir .. "/page.md")
  T.eq(n, 2, "two lua blocks")
  T.eq(src, "\n\nlocal a = 1\n\n\n\n\n\n\nprint(a + 1)\n\n", "script")
end)

local dir = T.tmpdir()
local src, n = blocks("docs/scripting.md")

T.case("docs/scripting.md: every block runs, in order", function()
  T.ok(n >= 10, "blocks: " .. n)
  local code, out, err = run(dir, "scripting.md", src)
  T.eq(code, 0, "exit code; stderr:\n" .. err)
  T.ok(out:find("^sahel " .. sahel.version:gsub("%p", "%%%0") .. "\n"), "step 1 prints the version")
  T.ok(out:find("%d+ articles\n"), "step 3 counts the sample")
  T.ok(out:find("open my_report.html in a browser\n$"), "the last step ran")
end)

T.case("docs/scripting.md: the files the tutorial writes", function()
  for _, name in ipairs({ "pairs.csv", "top.csv", "network.graphml", "news.sqlite",
                          "my_report.html" }) do
    local s = T.read(dir .. "/" .. name)
    T.ok(s and #s > 100, name .. " written")
  end
  local html = T.read(dir .. "/my_report.html") or ""
  T.ok(html:find("My first report", 1, true) and html:find('class="bar"', 1, true),
    "the custom report has charts")
end)

T.case("docs/scripting.md: step 5's two counts agree", function()
  local _, out = run(dir, "scripting.md", src)
  local lines = {}
  for line in out:gmatch("[^\n]+") do lines[#lines + 1] = line end
  local first, by_hand
  for i, line in ipairs(lines) do
    local id, m = line:match("^([%w_]+)\t(%d+)\t%d+$")
    if id and not first then first = { id, m } end
    local id2, m2 = line:match("^([%w_]+)\t(%d+)$")
    if id2 and first and id2 == first[1] and i > 5 then by_hand = m2 end
  end
  T.ok(first, "the top entity was printed")
  T.eq(by_hand, first and first[2], "gaz:count and the Lua loop")
end)

T.case("README.md: the custom report runs on analyze.lua's output", function()
  local readme, k = blocks("README.md")
  T.ok(k >= 1, "a lua block in the README")
  local rdir = T.tmpdir()
  local code, _, err = T.sh("cd " .. T.quote(rdir) .. " && " .. T.quote(BIN) ..
    " analyze.lua --quiet")
  T.eq(code, 0, "analyze.lua: " .. err)
  local out
  code, out, err = run(rdir, "readme.lua", readme)
  T.eq(code, 0, "exit code; stderr:\n" .. err)
  local _, lines = out:gsub("\n", "")
  T.ok(lines >= 1, out)
  local csv = T.read(rdir .. "/russia_partners.csv") or ""
  T.ok(csv:find("^year,partner,articles\n%d%d%d%d,"), csv:sub(1, 200))
end)

T.done()
