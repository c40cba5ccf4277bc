--- sahel.report.periods: the calendar of the report's timeline: which days a period label
-- ("2025", "2025-07", "2025-W31", "2025-07-28") covers, the regular sequence of periods
-- between two labels, and how much of a period the corpus covers (a first or last period
-- the corpus only partly covers is drawn as partial). Which period holds a date is the
-- co-occurrence tables' own rule (sahel.cooc.period), never a second copy of it.
local cooc = require("sahel.core").cooc

local M = {}

--- day_of(y, m, d): days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
-- days_from_civil, as the C side computes it).
function M.day_of(y, m, d)
  y = m <= 2 and y - 1 or y
  local era = (y >= 0 and y or y - 399) // 400
  local yoe = y - era * 400
  local doy = (153 * (m + (m > 2 and -3 or 9)) + 2) // 5 + d - 1
  local doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
  return era * 146097 + doe - 719468
end

--- date_of(days): the "YYYY-MM-DD" of a day number (Hinnant's civil_from_days).
function M.date_of(days)
  local z = days + 719468
  local era = (z >= 0 and z or z - 146096) // 146097
  local doe = z - era * 146097
  local yoe = (doe - doe // 1460 + doe // 36524 - doe // 146096) // 365
  local doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
  local mp = (5 * doy + 2) // 153
  local d = doy - (153 * mp + 2) // 5 + 1
  local m = mp < 10 and mp + 3 or mp - 9
  return string.format("%04d-%02d-%02d", yoe + era * 400 + (m <= 2 and 1 or 0), m, d)
end

--- day_number(date): the day number of a date starting "YYYY-MM-DD", or nil.
function M.day_number(date)
  local y, m, d = tostring(date or ""):match("^(%d%d%d%d)%-(%d%d)%-(%d%d)")
  if not y then return nil end
  return M.day_of(tonumber(y), tonumber(m), tonumber(d))
end

--- week_monday(y, w): the day number of the Monday of ISO week w of week-year y (week 1
-- holds 4 January).
local function week_monday(y, w)
  local jan4 = M.day_of(y, 1, 4)
  local weekday = (jan4 + 3) % 7             -- 0 = Monday (1970-01-01 was a Thursday)
  return jan4 - weekday + 7 * (w - 1)
end

--- KINDS: each kind of label, its pattern and its first and last day.
local KINDS = {
  { kind = "day", pattern = "^(%d%d%d%d)%-(%d%d)%-(%d%d)$", span = function(y, m, d)
      local t = M.day_of(y, m, d); return t, t end },
  { kind = "week", pattern = "^(%d%d%d%d)%-W(%d%d)$", span = function(y, w)
      local t = week_monday(y, w); return t, t + 6 end },
  { kind = "month", pattern = "^(%d%d%d%d)%-(%d%d)$", span = function(y, m)
      return M.day_of(y, m, 1), M.day_of(m == 12 and y + 1 or y, m % 12 + 1, 1) - 1 end },
  { kind = "year", pattern = "^(%d%d%d%d)$", span = function(y)
      return M.day_of(y, 1, 1), M.day_of(y + 1, 1, 1) - 1 end },
}

--- span(label): the kind ("day", "week", "month", "year") of a period label and its first
-- and last day numbers; nil for any other label ("unknown").
function M.span(label)
  for _, k in ipairs(KINDS) do
    local a, b, c = tostring(label):match(k.pattern)
    if a then
      local first, last = k.span(tonumber(a), tonumber(b), tonumber(c))
      return k.kind, first, last
    end
  end
end

--- next_of(label): the period after label, by sahel.cooc.period's rule.
local function next_of(label)
  local kind, _, last = M.span(label)
  return cooc.period(kind, M.date_of(last + 1))
end

--- fill(periods): the sorted periods with the missing ones in between added (so that the
-- x axis is regular), when they are all of one kind; other arrays are returned as they are.
function M.fill(periods)
  if #periods < 2 then return periods end
  local kind = M.span(periods[1])
  for _, p in ipairs(periods) do
    if M.span(p) ~= kind then return periods end
  end
  local out, p = { periods[1] }, periods[1]
  while p < periods[#periods] and #out < 100000 do
    p = next_of(p)
    out[#out + 1] = p
  end
  return out
end

--- coverage(label, first_day, last_day): the days of period label that fall between the
-- corpus's first and last dated day (inclusive), and the days of the period; nil for a
-- label that is not a period or when the corpus's dates are unknown.
function M.coverage(label, first_day, last_day)
  local kind, a, b = M.span(label)
  if not kind or not first_day or not last_day then return nil end
  local covered = math.max(0, math.min(b, last_day) - math.max(a, first_day) + 1)
  return covered, b - a + 1
end

return M
