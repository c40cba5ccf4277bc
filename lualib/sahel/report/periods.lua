--- sahel.report.periods: the calendar of the report's timeline: which days a period label
-- ("2025", "2025-07", "2025-W31", "2025-07-28") covers, the regular sequence of periods
-- between two labels, and how much of a period the corpus covers (a first or last period
-- the corpus only partly covers is drawn as partial). Which period holds a date is the
-- co-occurrence tables' own rule (sahel.cooc.period), never a second copy of it.
local core = require "sahel.core"
local cooc, date = core.cooc, core.date

local M = {}

--- day_number(date): the day number (sahel.date.day) of a date starting "YYYY-MM-DD", or
-- nil.
function M.day_number(d)
  if type(d) ~= "string" then return nil end
  return date.day(d)
end

--- span(label): the kind ("day", "week", "month", "year") of a period label and its first
-- and last day numbers; nil for any other label ("unknown"): sahel.date.span.
function M.span(label)
  if type(label) ~= "string" then return nil end
  return date.span(label)
end

--- next_of(label): the period after label, by sahel.cooc.period's rule.
local function next_of(label)
  local kind, _, last = M.span(label)
  return cooc.period(kind, date.of_day(last + 1))
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
