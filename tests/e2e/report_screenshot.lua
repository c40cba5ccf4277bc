-- report_screenshot.lua: makes docs/report.png, the picture of report.html in the README:
-- runs analyze.lua on the bundled sample into a temporary directory, then has headless
-- Chromium take a screenshot of the top of its report.html. Not a test (no test_ prefix);
-- run it from the source root after changing the report:
--
--   build/sahelscript tests/e2e/report_screenshot.lua [OUT.png [WIDTH HEIGHT]]
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local out = arg[1] or "docs/report.png"
local width, height = tonumber(arg[2]) or 1100, tonumber(arg[3]) or 2300
local bin = os.getenv("SAHEL_BIN") or arg[-1] or "build/sahelscript"
local dir = T.tmpdir()

local code, _, err = T.sh(T.quote(bin) .. " scripts/analyze.lua --quiet --out " ..
  T.quote(dir .. "/out"))
assert(code == 0, "analyze.lua failed: " .. err)

local prof = dir .. "/profile"
code, _, err = T.sh(table.concat({ "timeout 120 chromium --headless --no-sandbox --disable-gpu",
  "--disable-quic --no-first-run --disable-background-networking --disable-component-update",
  "--disable-sync --hide-scrollbars --user-data-dir=" .. T.quote(prof),
  string.format("--window-size=%d,%d", width, height), "--screenshot=" .. T.quote(out),
  T.quote("file://" .. dir .. "/out/report.html") }, " "))
assert(code == 0, "chromium failed: " .. err)
T.sh("rm -rf " .. T.quote(dir))
print("wrote " .. out)
