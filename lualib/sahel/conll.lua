--- sahel.conll: gold named-entity files in the CoNLL style (one `token TAG` per line, B-/I-
-- tags, a blank line ends a sentence; ANERcorp is one), for the evaluation scripts.
local M = {}

--- read(path) -> text, spans: the text rebuilt by joining a sentence's tokens with spaces
-- and sentences with LF (a LF after the last), and the gold spans {start, stop (0-based
-- bytes, stop exclusive), type, surface} in text order. Raises "path:line: ..." on a bad
-- line, and when the file cannot be read.
function M.read(path)
  local f = assert(io.open(path, "rb"))
  local sentences, sentence, spans, pos, cur = {}, {}, {}, 0, nil
  local function close_entity()
    if cur then spans[#spans + 1] = cur end
    cur = nil
  end
  local lineno = 0
  for line in f:lines() do
    lineno = lineno + 1
    line = line:gsub("\r$", "")
    if line:match("^%s*$") then
      close_entity()
      if #sentence > 0 then
        sentences[#sentences + 1] = table.concat(sentence, " ")
        sentence, pos = {}, pos + 1 -- the LF
      end
    else
      local tok, tag = line:match("^(.-)%s+(%S+)$")
      if not tok or tok == "" then error(path .. ":" .. lineno .. ": expected `token TAG`", 0) end
      local bio, ty = tag:match("^([BI])%-(%u+)$")
      if tag ~= "O" and not bio then error(path .. ":" .. lineno .. ": bad tag '" .. tag .. "'", 0) end
      if #sentence > 0 then pos = pos + 1 end -- the space
      if bio == "I" and cur and cur.type == ty then
        cur.stop, cur.surface = pos + #tok, cur.surface .. " " .. tok
      else
        close_entity()
        if bio then cur = { start = pos, stop = pos + #tok, type = ty, surface = tok } end
      end
      sentence[#sentence + 1] = tok
      pos = pos + #tok
    end
  end
  close_entity()
  if #sentence > 0 then sentences[#sentences + 1] = table.concat(sentence, " ") end
  f:close()
  local text = table.concat(sentences, "\n") .. "\n"
  for _, s in ipairs(spans) do assert(text:sub(s.start + 1, s.stop) == s.surface) end
  return text, spans
end

return M
