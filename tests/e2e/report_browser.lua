-- report_browser.lua: headless Chromium for the report tests (test_report.lua,
-- test_analyze.lua) and tests/e2e/report_screenshot.lua: find the browser, run it on a page
-- with a fresh profile, collect its console messages, read the counts the page's script
-- wrote into body[data-rendered].
local T = require "check"

local M = {}

--- chromium(): the headless browser, or nil.
function M.chromium()
  local env = os.getenv("SAHEL_CHROMIUM")
  if env then return env ~= "" and env or nil end
  for _, name in ipairs({ "chromium", "chromium-browser", "google-chrome" }) do
    local code, out = T.sh("command -v " .. name)
    if code == 0 then return (out:gsub("%s+$", "")) end
  end
end

--- headless(bin, path, args): run the browser bin on the file path with the extra
-- arguments args (a string); returns its exit code, stdout, and the console lines it logged.
function M.headless(bin, path, args)
  local prof = T.tmpdir()
  local cmd = table.concat({ T.quote(bin), "--headless --no-sandbox --disable-gpu",
    "--disable-quic --no-first-run --disable-background-networking --disable-component-update",
    "--disable-sync --enable-logging=stderr --v=0 --user-data-dir=" .. T.quote(prof), args,
    T.quote("file://" .. path) }, " ")
  local code, out, err = T.sh("timeout 120 " .. cmd)
  T.sh("rm -rf " .. T.quote(prof))
  local console = {}
  for line in err:gmatch("[^\n]+") do
    if line:find(":CONSOLE", 1, true) then console[#console + 1] = line end
  end
  return code, out, console
end

--- counts(dom, name): the JSON object of counts in body[data-NAME] of the dumped DOM.
function M.counts(dom, name)
  local attr = dom:match('data%-' .. name .. '="([^"]*)"')
  if not attr then return nil end
  local counts = {}
  for k, v in attr:gsub("&quot;", '"'):gmatch('"(%w+)":(%d+)') do counts[k] = tonumber(v) end
  return counts
end

--- rendered(dom): the counts the page's script wrote into body[data-rendered].
function M.rendered(dom) return M.counts(dom, "rendered") end

return M
