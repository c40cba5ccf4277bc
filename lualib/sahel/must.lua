--- sahel.must: the raising variants of the toolkit, made in this one place (as lua-cjson
-- makes cjson.safe from cjson). The contract (docs/api.md, "Errors"): misuse raises; a
-- failure of the outside world (a missing file, a bad row) makes `open`, `load` and
-- `parse` return nil, message; `must_open`, `must_load` and `must_parse` are the same
-- calls raising that message instead.
local M = {}

--- raising(fn): fn, raising its message instead of returning nil, message.
function M.raising(fn)
  return function(...)
    local r = table.pack(fn(...))
    if r[1] == nil then error(r[2], 2) end
    return table.unpack(r, 1, r.n)
  end
end

--- add(module, names): module, with module.must_NAME = raising(module.NAME) for each name.
function M.add(module, names)
  for _, name in ipairs(names) do module["must_" .. name] = M.raising(module[name]) end
  return module
end

return M
