-- test_date.lua: sahel.date, the one date module bound for Lua, and the paths that read
-- dates through it (corpus filters, cooc.build's and cooc.from_store's from/to, the
-- report's periods) agree on which dates exist and on what a partial `to` means.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"
local sahel = require "sahel"
local D = sahel.date

local LEAP = { [1900] = false, [2000] = true, [2024] = true, [2025] = false }
local MDAYS = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 }

T.case("every day of every month of 1900, 2000, 2024 and 2025", function()
  for y, leap in pairs(LEAP) do
    for m = 0, 13 do
      for d = 0, 32 do
        local s = string.format("%04d-%02d-%02d", y, m, d)
        local exists = m >= 1 and m <= 12 and d >= 1 and d <= MDAYS[m] + ((m == 2 and leap) and 1 or 0)
        T.eq(D.day(s) ~= nil, exists, s .. " day")
        T.eq(D.bound(s, "to") ~= nil, exists, s .. " bound")
        T.eq(sahel.corpus.check_date(s) ~= nil, exists, s .. " check_date")
        T.eq(D.span(s) ~= nil, exists, s .. " span")
        T.eq(sahel.cooc.period("day", s) ~= "unknown", exists, s .. " period")
        if exists then T.eq(D.of_day(D.day(s)), s, s .. " round trip") end
      end
    end
  end
  T.eq({ D.bound("2025-02-31", "from") }, { nil, "bad date '2025-02-31' (no day 31 in 2025-02)" })
end)

T.case("day numbers, spans and bounds", function()
  T.eq(D.day("1970-01-01"), 0)
  T.eq(D.of_day(-1), "1969-12-31")
  T.eq({ D.span("2025-W01") }, { "week", D.day("2024-12-30"), D.day("2025-01-05") })
  T.eq({ D.span("2024-02") }, { "month", D.day("2024-02-01"), D.day("2024-02-29") })
  T.eq({ D.span("2025") }, { "year", D.day("2025-01-01"), D.day("2025-12-31") })
  T.eq(D.span("2021-W53"), nil)
  T.eq(D.span("unknown"), nil)
  T.eq(D.bound("2025-02", "to"), "2025-02-28")
  T.eq(D.bound("2025-02", "from"), "2025-02-01")
  T.eq(D.bound("28 July 2025", "to"), "2025-07-28")
  T.raises(function() D.bound("2025", "until") end, "invalid option")
end)

-- Articles on both sides of each bound: every path keeps the same ones.
local ARTS = {
  { id = "jan31", date = "2025-01-31", body = "Mali" },
  { id = "feb01", date = "2025-02-01", body = "Mali" },
  { id = "feb28", date = "2025-02-28", body = "Mali" },
  { id = "mar01", date = "2025-03-01", body = "Mali" },
  { id = "leap", date = "2024-02-29", body = "Mali" },
  { id = "none", body = "Mali" },
}
local gaz = sahel.gazetteer.new()
assert(gaz:add { id = "mali", alias = "Mali", type = "GPE" })

local function ids_of_corpus(c)
  local ids = {}
  for a in c:articles() do ids[#ids + 1] = a.id end
  table.sort(ids)
  return ids
end

T.case("filters: a partial `to` is the end of its period, on every path", function()
  local dir = os.tmpname()
  os.remove(dir)
  assert(os.execute("mkdir -p " .. dir))
  local f = assert(io.open(dir .. "/a.jsonl", "w"))
  for _, a in ipairs(ARTS) do
    f:write(string.format('{"id": "%s", "date": "%s", "body": "%s"}\n', a.id, a.date or "", a.body))
  end
  f:close()
  local db = assert(sahel.store.open(dir .. "/s.sqlite"))
  assert(sahel.store.ingest(db, ARTS, gaz))
  for _, r in ipairs {
    { "2025-02", "2025-02", { "feb01", "feb28" } },
    { "2025-02-01", "2025-02-28", { "feb01", "feb28" } },
    { nil, "2024", { "leap" } },
    { "2024-02-29", "2025-01", { "jan31", "leap" } },
  } do
    local from, to, want = r[1], r[2], r[3]
    local c = assert(sahel.corpus.open(dir .. "/a.jsonl"))
    T.eq(ids_of_corpus(c:filter { from = from, to = to }), want, "corpus " .. to)
    c:close()
    local co = assert(sahel.cooc.build(ARTS, gaz, { from = from, to = to, by = "day" }))
    local got = {}
    for _, p in ipairs(co:periods()) do got[#got + 1] = p end
    local st = assert(sahel.cooc.from_store(db, gaz, { from = from, to = to, by = "day" }))
    T.eq(st:periods(), got, "from_store " .. to)
    T.eq(#got, #want, "cooc.build " .. to)
  end
  for _, bad in ipairs { "2025-02-31", "2025-13", "2023-02-29" } do
    local c = assert(sahel.corpus.open(dir .. "/a.jsonl"))
    T.raises(function() c:filter { to = bad } end, "bad date '" .. bad:gsub("%-", "%%-") .. "'")
    c:close()
    T.raises(function() sahel.cooc.build(ARTS, gaz, { to = bad }) end, "bad option 'to'")
    T.raises(function() sahel.cooc.from_store(db, gaz, { from = bad }) end, "bad option 'from'")
  end
  db:close()
  os.execute("rm -rf " .. dir)
end)

T.case("the report's periods use the same calendar", function()
  local periods = require "sahel.report.periods"
  T.eq(periods.fill { "2024-W52", "2025-W02" }, { "2024-W52", "2025-W01", "2025-W02" })
  T.eq(periods.fill { "2020-W52", "2021-W01" }, { "2020-W52", "2020-W53", "2021-W01" })
  T.eq(periods.fill { "2024-02-28", "2024-03-01" }, { "2024-02-28", "2024-02-29", "2024-03-01" })
  T.eq({ periods.coverage("2024-02", D.day("2024-02-10"), D.day("2024-12-31")) }, { 20, 29 })
  T.eq(periods.day_number("2025-02-31"), nil)
end)

T.done()
