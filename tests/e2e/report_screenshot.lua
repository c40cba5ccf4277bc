-- report_screenshot.lua: makes docs/report.png, the picture of report.html in the README:
-- runs analyze.lua on the bundled sample into a temporary directory, then has headless
-- Chromium take a screenshot of the top of its report.html. Not a test (no test_ prefix);
-- run it from the source root after changing the report:
--
--   build/sahelscript tests/e2e/report_screenshot.lua [OUT.png [WIDTH HEIGHT]]
package.path = "tests/lua/?.lua;tests/e2e/?.lua;" .. package.path
local T = require "check"
local browser = require "report_browser"

local out = arg[1] or "docs/report.png"
local width, height = tonumber(arg[2]) or 1100, tonumber(arg[3]) or 2300
local bin = os.getenv("SAHEL_BIN") or arg[-1] or "build/sahelscript"
local dir = T.tmpdir()

local code, _, err = T.sh(T.quote(bin) .. " scripts/analyze.lua --quiet --out " ..
  T.quote(dir .. "/out"))
assert(code == 0, "analyze.lua failed: " .. err)

local chromium = assert(browser.chromium(), "chromium is not installed")
code = browser.headless(chromium, dir .. "/out/report.html", string.format(
  "--hide-scrollbars --window-size=%d,%d --screenshot=%s", width, height, T.quote(out)))
assert(code == 0, "chromium failed")
T.sh("rm -rf " .. T.quote(dir))
print("wrote " .. out)
