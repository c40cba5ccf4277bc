--- sahel: the toolkit's Lua API. The C primitives live in "sahel.core"; each module here
-- (lualib/sahel/NAME.lua) names and combines them, and adds the policy an analyst may change.
local core = require "sahel.core"

local sahel = {
  version = core.version,
  -- the directory holding lualib/, scripts/ and datasets/ (installed or source tree)
  datadir = core.datadir,
}

-- The modules, in the order of the data flow (ARCHITECTURE.md).
local modules = {
  "text", "article", "date", "corpus", "gazetteer", "kwic", "cooc", "terms", "discover", "db",
  "store", "csv", "xlsx", "report", "cli", "audit", "repl", "conll", "must",
}
for _, name in ipairs(modules) do
  sahel[name] = require("sahel." .. name)
end

return sahel
