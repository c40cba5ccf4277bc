--- sahel.gazetteer: entities and their aliases, and the matcher that finds their mentions
-- (TEXT-SPEC §5-§6). The C primitives (sahel.core.gazetteer) load files, match and count;
-- this module adds the policy an analyst may change: strict loading; must_load raises
-- (sahel.must).
local core = require("sahel.core").gazetteer

local M = {}
for name, fn in pairs(core) do M[name] = fn end

--- load(path [, opts]) -> gazetteer | nil, message
-- opts.warn: a function receiving each warning (default: printed on stderr);
-- opts.strict: any warning (duplicate alias, unknown column...) fails the load;
-- normalization steps by name (opts.hamza = true...), as in sahel.text.normalize.
function M.load(path, opts)
  if opts == nil or not opts.strict then return core.load(path, opts) end
  local warnings, o = {}, {}
  for k, v in pairs(opts) do o[k] = v end
  o.warn = function(msg)
    warnings[#warnings + 1] = msg
    if opts.warn then opts.warn(msg) end
  end
  local g, err = core.load(path, o)
  if not g then return nil, err end
  if #warnings > 0 then
    g:close()
    return nil, warnings[1]
  end
  return g
end

--- arabic_names(gaz): make each entity's first Arabic alias (in file order; demonyms left
-- out) its display name, for every output made from gaz after this; entities without one
-- keep their name. Returns how many entities were renamed.
function M.arabic_names(gaz)
  local is_arabic = require("sahel.report.html").is_arabic
  local renamed = 0
  for _, e in ipairs(gaz:entities()) do
    for _, a in ipairs(gaz:aliases(e.id)) do
      if a.kind ~= "demonym" and is_arabic(a.alias) then
        if a.alias ~= e.name then assert(gaz:rename(e.id, a.alias)); renamed = renamed + 1 end
        break
      end
    end
  end
  return renamed
end

--- kwic: sahel.kwic, the keyword-in-context rows of a gazetteer's mentions.
M.kwic = require "sahel.kwic"

return require("sahel.must").add(M, { "load" })
