-- test_discover_anercorp.lua: scripts/discover_eval.lua on ANERcorp's training split
-- (../shared/ner/anercorp/train.txt) gives at least the figures docs/discover.md reports,
-- less a small margin: precision of the top 100 and 300 candidates, recall of the gold
-- names seen 3 times or more that the bundled gazetteer lacks, type accuracy. Skipped
-- (77) when ../shared is absent.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local gold = T.shared("ner/anercorp/train.txt")
if not gold then T.skip("../shared/ner/anercorp/train.txt is absent") end

-- The figures measured (docs/discover.md), and the margin a change may lose.
local MEASURED = { p100 = 0.75, p300 = 0.537, recall = 0.274, recall300 = 0.26, types = 0.907 }
local MARGIN = 0.02

local code, out, err = T.sh(T.quote(T.bin) .. " scripts/discover_eval.lua --gold " .. T.quote(gold))
T.case("discover_eval.lua runs", function() T.eq(code, 0, err) end)
local figures = {}
for k, v in (out:match("figures: ([^\n]*)") or ""):gmatch("(%w+)=([%d.]+)") do
  figures[k] = tonumber(v)
end
T.cases("each figure holds", {
  { "p100" }, { "p300" }, { "recall" }, { "recall300" }, { "types" },
}, function(row)
  local k = row[1]
  T.ok(figures[k], k .. " printed: " .. out)
  T.ok(figures[k] >= MEASURED[k] - MARGIN,
    string.format("%s = %.3f, measured %.3f", k, figures[k], MEASURED[k]))
end)
T.done()
