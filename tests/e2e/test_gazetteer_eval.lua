package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"

local FIX = "tests/fixtures/gazetteer/"
local SCRIPT = "scripts/gazetteer_eval.lua"

--- eval(args): run the script; exit code, stdout, stderr.
local function eval(args)
  return T.sh(T.quote(T.bin) .. " " .. SCRIPT .. " " .. args)
end

--- row(out, label): the numbers of a table row "| label | gold | matched | right | P | R | F1 |".
local function row(out, label)
  local line = out:match("\n| " .. label:gsub("%*", "%%*") .. " |([^\n]*)")
  if not line then return nil end
  local v = {}
  for x in line:gmatch("[%d.]+") do v[#v + 1] = tonumber(x) end
  return v
end

T.case("fixture: scores against a small gazetteer", function()
  local code, out, err = eval("--gold " .. FIX .. "gold.conll --gazetteer " .. FIX .. "small.csv")
  T.eq(code, 0, "exit " .. err)
  T.eq(row(out, "**all**"), { 6, 5, 5, 1.0, 0.833, 0.909 }, "all")
  T.eq(row(out, "LOC"), { 4, 3, 3, 1.0, 0.75, 0.857 }, "LOC")
  T.eq(row(out, "PERS"), { 1, 1, 1, 1.0, 1.0, 1.0 }, "PERS")
  T.ok(out:find("Most missed: الساحل %(1%)"), out)
end)

T.case("fixture: demonyms add a spurious match", function()
  local _, out = eval("--gold " .. FIX .. "gold.conll --gazetteer " .. FIX .. "small.csv --demonyms")
  T.eq(row(out, "**all**"), { 6, 6, 5, 0.833, 0.833, 0.833 }, "all")
  T.ok(out:find("Most spurious: الروسي %(1%)"), out)
end)

T.case("fixture: a gazetteer built from the gold finds every gold mention", function()
  local out_csv = T.tmpdir() .. "/gold.csv"
  local code, out, err = eval("--gold " .. FIX .. "gold.conll --build-gazetteer " .. out_csv)
  T.eq(code, 0, "exit " .. err)
  T.ok(out:find("wrote .-: 5 aliases from 6 gold mentions"), out)
  T.eq(row(out, "**all**"), { 6, 6, 6, 1.0, 1.0, 1.0 }, "all")
  local g = T.ok(sahel.gazetteer.load(out_csv, { strict = true }), "loads without warnings")
  T.eq(g:lookup("مالي").type, "LOC", "gold type LOC")
end)

T.cases("bad input fails naming file:line", {
  { "--gold " .. FIX .. "bad_gold.conll --gazetteer " .. FIX .. "small.csv",
    "bad_gold.conll:4: bad tag 'X%-LOC'" },
  { "--gold " .. FIX .. "gold.conll", "%-%-gazetteer CSV or %-%-build%-gazetteer OUT is required" },
  { "--gold " .. FIX .. "gold.conll --gazetteer " .. FIX .. "missing_column.csv",
    "missing_column.csv:1:" },
}, function(r)
  local code, _, err = eval(r[1])
  T.ok(code ~= 0, "exit code")
  T.ok(err:find(r[2]), err)
end)

local anercorp = T.shared("ner/anercorp/train.txt")
if anercorp then
  T.case("ANERcorp: its own gold mentions are found (tokenizer and matcher limits only)", function()
    local code, out, err = eval("--gold " .. anercorp .. " --build-gazetteer " .. T.tmpdir() .. "/g.csv")
    T.eq(code, 0, "exit " .. err)
    local all, spans = row(out, "**all**"), row(out, "spans only")
    T.ok(all[5] >= 0.97, "typed recall " .. all[5])
    T.ok(spans[5] >= 0.98, "span recall " .. spans[5])
  end)
else
  print("note: ../shared/ner/anercorp absent: the ANERcorp case is skipped")
end

T.done()
