--- sahel.cli: what command-line scripts share: option parsing with a generated --help,
-- a progress line on stderr (only on a terminal), and warnings summarised at the end.
local M = {}

local ok_core, core = pcall(function() return require("sahel.core").report end)
-- options(opts, keys): sahel.core.options (unknown keys raise), or opts as it is without
-- the core.
local ok_options, options = pcall(function() return require("sahel.core").options end)
if not ok_options then options = function(opts) return opts end end
if not ok_core then core = nil end

--- key(name): the field of an option in the parsed table ("min-count" -> "min_count").
local function key(name) return (name:gsub("%-", "_")) end

--- nearest(word, names): the name of the array names that word most likely misspells
-- (a few edits away), or nil.
function M.nearest(word, names)
  return core and core.nearest and core.nearest(word, names) or nil
end

--- bad(o, what, v): the message for a bad value v of option o ("--top: an integer >= 1
-- expected, got 'x'").
local function bad(o, what, v)
  return string.format("--%s: %s expected, got '%s'", o.name, what, v)
end

--- range(o, kind): "an integer", "a number >= 1", "an integer from 0 to 10" for option o.
local function range(o, kind)
  if o.min and o.max then return string.format("%s from %s to %s", kind, o.min, o.max) end
  if o.min then return string.format("%s >= %s", kind, o.min) end
  if o.max then return string.format("%s <= %s", kind, o.max) end
  return kind
end

--- number(o, v, integer): v as a (finite) number within o.min..o.max, or nil, message.
local function number(o, v, integer)
  local n = tonumber(v)
  if integer then n = math.tointeger(n) end
  if not n or n ~= n or n == math.huge or n == -math.huge or (o.min and n < o.min) or
     (o.max and n > o.max) then
    return nil, bad(o, range(o, integer and "an integer" or "a number"), v)
  end
  return n
end

--- is_dir(path): whether path is a directory (or a link to one).
local function is_dir(path)
  local f = io.open(path .. "/.", "r")
  if f then f:close() end
  return f ~= nil
end

--- readable(path): true when path can be opened for reading (a file or a directory),
-- else nil and why ("path: No such file or directory").
local function readable(path)
  local f, why = io.open(path, "rb")
  if not f then return nil, why end
  f:close()
  return true
end

--- TYPES: the checks of option values by type: each takes the option and the string and
-- returns the value, or nil and a message.
local TYPES = {
  int = function(o, v) return number(o, v, true) end,
  number = function(o, v) return number(o, v, false) end,
  date = function(o, v)
    local iso = require("sahel").corpus.check_date(v)
    return iso or nil, bad(o, "a date YYYY, YYYY-MM or YYYY-MM-DD", v)
  end,
  -- a file or directory to read; a glob is left to its reader
  input = function(o, v)
    if v == "" then return nil, bad(o, "a path", v) end
    if v:find("[*?[]") then return v end
    local ok, why = readable(v)
    if ok then return v end
    return nil, "--" .. o.name .. ": " .. why
  end,
  -- a file to write
  output = function(o, v)
    if v == "" or v:find("/$") or is_dir(v) then
      return nil, bad(o, "a file name to write", v)
    end
    local parent = v:match("^(.*)/[^/]*$")
    if parent and parent ~= "" and not is_dir(parent) then
      return nil, string.format("--%s: directory '%s' does not exist", o.name, parent)
    end
    return v
  end,
  -- an encoding ICU knows, or "auto"
  encoding = function(o, v)
    if v == "auto" then return v end
    local _, msg = require("sahel").article.parse("x", { encoding = v, shape = "plain" })
    if not (msg and msg:find("unknown encoding", 1, true)) then return v end
    return nil, bad(o, "an ICU converter name (windows-1256, ISO-8859-6, UTF-16LE...) or auto", v)
  end,
  -- an output directory (sahel.report.outdir)
  outdir = function(o, v)
    local ok, msg = require("sahel.report.outdir").usable(v)
    if ok then return v end
    return nil, "--" .. o.name .. ": " .. msg
  end,
}

--- convert(o, v): the value of option o from the string v, or nil, message.
local function convert(o, v)
  if o.type then
    local check = TYPES[o.type] or error("option --" .. o.name .. ": unknown type " .. o.type)
    local value, msg = check(o, v)
    if value == nil then return nil, msg end
    v = value
  end
  if o.choices then
    for _, c in ipairs(o.choices) do if c == v then return v end end
    local near = M.nearest(v, o.choices)
    return nil, string.format("--%s: one of %s expected, got '%s'%s", o.name,
      table.concat(o.choices, ", "), v, near and (" (did you mean '" .. near .. "'?)") or "")
  end
  if o.check then return o.check(v) end
  return v
end

--- find(spec, name): the option of spec called name, or nil.
local function find(spec, name)
  for _, o in ipairs(spec) do if o.name == name then return o end end
end

--- defaults(spec): a table of the options' default values.
local function defaults(spec)
  local t = {}
  for _, o in ipairs(spec) do
    if o.default ~= nil then t[key(o.name)] = o.default end
  end
  return t
end

--- NOTES: the key of the parsed table under which parse lists its notes (a deprecated
-- option name was used); M.options prints them.
local NOTES = setmetatable({}, { __name = "sahel.cli.notes" })

--- given_of: the options each table of M.parse was given, in order (M.given); weak keys,
-- so that the parsed tables themselves hold only option values.
local given_of = setmetatable({}, { __mode = "k" })

--- unknown(spec, name): the message for an unknown option --name, with the nearest valid
-- one when there is one.
local function unknown(spec, name)
  local names = { "help" }
  for _, o in ipairs(spec) do names[#names + 1] = o.name end
  local near = M.nearest(name, names)
  return string.format("unknown option '--%s'%s", name,
    near and (" (did you mean '--" .. near .. "'?)") or "")
end

--- option(spec, t, args, i): read the option at args[i] into t; the index of the next
-- argument, or nil and a message.
local function option(spec, t, args, i)
  local a = args[i]
  local name, value = a:match("^%-%-([^=]+)=(.*)$")
  name = name or a:match("^%-%-(.+)$")
  if name == "help" or a == "-h" then t.help = true; return i + 1 end
  local o = find(spec, name)
  if not o then return nil, unknown(spec, name) end
  if o.alias_of then
    t[NOTES] = t[NOTES] or {}
    table.insert(t[NOTES], string.format("--%s is deprecated: use --%s", name, o.alias_of))
    name, o = o.alias_of, find(spec, o.alias_of)
  end
  if not o.arg then
    if value then return nil, "--" .. name .. " takes no value" end
    t[key(name)] = true
    table.insert(given_of[t], { name = name })
    return i + 1
  end
  if not value then
    i = i + 1
    value = args[i]
    if value == nil then return nil, "--" .. name .. " needs a value (" .. o.arg .. ")" end
  end
  local v, msg = convert(o, value)
  if v == nil then return nil, msg end
  t[key(name)] = v
  table.insert(given_of[t], { name = name, value = value })
  return i + 1
end

--- parse(args, spec): the options in args (an array of strings, such as the script's
-- `arg`) per spec, an array of options {name, arg = "VALUE" (nil for a flag), help, default,
-- type = "int", min, choices = {...}, check = function(v) -> value | nil, msg}. Accepts
-- `--name value`, `--name=value`, `--flag`, `--` and positional arguments (in t[1..n]
-- when spec.positional is set: before, between or after the options; all the arguments
-- after `--`). Returns the table of values (dashes in names become underscores; t.help =
-- true when --help was given), or nil and a message.
function M.parse(args, spec)
  local t, i = defaults(spec), 1
  given_of[t] = {}
  while args[i] do
    local a = args[i]
    if a == "--" or not (a:find("^%-%-.") or a == "-h") then
      if a == "--" then i = i + 1 end
      if args[i] and not spec.positional then
        return nil, "unexpected argument '" .. args[i] .. "'"
      end
      if a == "--" then
        table.move(args, i, #args, #t + 1, t)
        return t
      end
      t[#t + 1] = a
      i = i + 1
      goto continue
    end
    local msg
    i, msg = option(spec, t, args, i)
    if not i then return nil, msg end
    ::continue::
  end
  return t
end

--- given(t): the options a table from M.parse (or M.options) was given, in order, each
-- {name =, value =} as written (value nil for a flag; an option given twice is listed
-- twice; a deprecated name as the name it stands for).
function M.given(t) return given_of[t] or {} end

--- help(spec): the --help text: spec.usage, spec.about, one line per option.
function M.help(spec)
  local lines = { "usage: " .. (spec.usage or "sahelscript SCRIPT [options]") }
  if spec.about then lines[#lines + 1] = spec.about end
  lines[#lines + 1] = "options:"
  for _, o in ipairs(spec) do
    if o.alias_of then o = { name = o.name, arg = find(spec, o.alias_of).arg,
      help = "deprecated: use --" .. o.alias_of } end
    local left = "  --" .. o.name .. (o.arg and (" " .. o.arg) or "")
    local def = o.default ~= nil and o.default ~= false and
      string.format(" (default: %s)", tostring(o.default)) or ""
    lines[#lines + 1] = string.format("%-28s %s%s", left, o.help or "", def)
  end
  lines[#lines + 1] = string.format("%-28s %s", "  --help", "print this help")
  return table.concat(lines, "\n") .. "\n"
end

--- options(args, spec): parse args; on --help print the help and exit 0; on a bad command
-- line print the message and a hint on stderr and exit 2 (the host's usage status).
function M.options(args, spec)
  local t, msg = M.parse(args, spec)
  local script = spec.name or (args[0] and args[0]:match("[^/]*$")) or "script"
  if not t then M.usage(script, msg) end
  if t.help then
    io.stdout:write(M.help(spec))
    os.exit(0)
  end
  for _, note in ipairs(t[NOTES] or {}) do io.stderr:write(script, ": ", note, "\n") end
  t[NOTES] = nil
  return t
end

--- usage(script, msg): print "script: msg (try --help)" on stderr and exit 2: a bad
-- command line (an option value the parser could not check alone, such as an entity id).
function M.usage(script, msg)
  io.stderr:write(script, ": ", tostring(msg), " (try --help)\n")
  os.exit(2)
end

--- entity(gaz, id, script): id when gaz has that entity; else a usage error naming the
-- nearest id.
function M.entity(gaz, id, script)
  if gaz:entity(id) then return id end
  local ids = {}
  for _, e in ipairs(gaz:entities()) do ids[#ids + 1] = e.id end
  local near = M.nearest(id, ids)
  M.usage(script, string.format("--entity: unknown entity '%s'%s", id,
    near and (" (did you mean '" .. near .. "'?)") or ""))
end

--- encodings(t): the encodings of corpus:stats().encodings for people, most files first
-- ("windows-1256: 3 files; ISO-8859-6: 1 file"), or nil when t is empty.
function M.encodings(t)
  local list = {}
  for name, n in pairs(t or {}) do list[#list + 1] = { name = name, n = n } end
  if #list == 0 then return nil end
  table.sort(list, function(a, b) return a.n > b.n or (a.n == b.n and a.name < b.name) end)
  for i, e in ipairs(list) do
    list[i] = string.format("%s: %d file%s", e.name, e.n, e.n == 1 and "" or "s")
  end
  return table.concat(list, "; ")
end

--- die(script, msg): print "script: msg" on stderr and exit 1 (the outside world failed:
-- a missing file, a bad row); open output files are discarded.
function M.die(script, msg)
  io.stderr:write(script, ": ", tostring(msg), "\n")
  os.exit(1, true)
end

--- data(rel): the path of rel in the toolkit's data directory (sahel.datadir: the source
-- tree or the installed share/sahelscript), e.g. data("datasets/sample").
function M.data(rel)
  return (require("sahel").datadir or ".") .. "/" .. rel
end

--- INPUTS: the options of scripts that read a corpus with a gazetteer (defaults: the
-- bundled sample and the bundled Sahel gazetteer).
M.INPUTS = {
  { name = "corpus", arg = "PATH", type = "input", help = "a directory, file, glob or .sqlite store " ..
      "(default: the bundled sample)" },
  { name = "gazetteer", arg = "CSV", type = "input", help = "the gazetteer (default: the bundled Sahel one)" },
  { name = "demonyms", help = "count demonyms (المالي, russe...) as mentions" },
  { name = "encoding", arg = "NAME", type = "encoding", default = "auto",
    help = "the corpus files' encoding: an ICU name (windows-1256) or auto: UTF-8, or what " ..
      "ICU's charset detector is sure of for a file that is not UTF-8" },
}

--- ALLOW_EMPTY: the option of every script that writes outputs: without it, a run that
-- read no article writes nothing and fails (an empty result never replaces a previous one).
M.ALLOW_EMPTY = { name = "allow-empty",
  help = "write the outputs even when no article was read (they replace the previous ones)" }

--- empty_reason(o, what, out): the message of a run that read no article from what (default
-- o.corpus) and so leaves out (a path) as it was.
function M.empty_reason(o, what, out)
  local filtered = o.from or o.to or o.source
  return string.format("%s: no article %s; nothing written, %s left as it was " ..
    "(--allow-empty writes empty results)", what or o.corpus,
    filtered and "passed --from/--to/--source" or "was read", out)
end

--- require_articles(o, script, n, out, what): exit 1 with empty_reason when a pass read n =
-- 0 articles and --allow-empty is not set; returns otherwise.
function M.require_articles(o, script, n, out, what)
  if n > 0 or o.allow_empty then return end
  M.die(script, M.empty_reason(o, what, out))
end

--- context(v): the check of a --context value: sentence, paragraph, article or a window
-- of N words (an integer >= 1); the value, or nil and a message.
function M.context(v)
  if v == "sentence" or v == "paragraph" or v == "article" then return v end
  local n = math.tointeger(tonumber(v))
  if n and n > 0 then return n end
  return nil, "--context: sentence, paragraph, article or a number of words expected, got '"
    .. v .. "'"
end

--- spec(own): a spec made of own's fields and options followed by M.INPUTS.
function M.spec(own)
  local t = {}
  for k, v in pairs(own) do t[k] = v end
  for _, o in ipairs(M.INPUTS) do t[#t + 1] = o end
  return t
end

--- inputs(o, script): the corpus and the gazetteer named by options o (defaults filled in
-- o); exits with a message when either cannot be opened. warn (a function) gets the
-- warnings (default: printed on stderr).
function M.inputs(o, script, warn)
  local sahel = require "sahel"
  warn = warn or function(msg) io.stderr:write(script, ": warning: ", msg, "\n") end
  o.corpus = o.corpus or M.data("datasets/sample")
  o.gazetteer = o.gazetteer or M.data("datasets/gazetteer/sahel.csv")
  local gaz, msg = sahel.gazetteer.load(o.gazetteer, { strict = o.strict, warn = warn })
  if not gaz then M.die(script, msg) end
  local corpus
  corpus, msg = sahel.corpus.open(o.corpus, { strict = o.strict, warn = warn,
    shard = o.shard, encoding = o.encoding })
  if not corpus then M.die(script, msg) end
  return corpus, gaz
end

--- isatty(fd): whether file descriptor fd (0, 1, 2) is a terminal.
function M.isatty(fd)
  if core and core.isatty then return core.isatty(fd) end
  local ok = pcall(os.execute, "true")
  return ok and os.execute(string.format("[ -t %d ]", fd)) == true
end

--- bytes(n): a size for humans ("12.3 MB").
function M.bytes(n)
  if n < 1e3 then return string.format("%d B", n) end
  if n < 1e6 then return string.format("%.1f kB", n / 1e3) end
  if n < 1e9 then return string.format("%.1f MB", n / 1e6) end
  return string.format("%.2f GB", n / 1e9)
end

--- duration(s): seconds for humans ("3 s", "4 min 05 s", "1 h 02 min").
function M.duration(s)
  s = math.floor(s + 0.5)
  if s < 60 then return s .. " s" end
  if s < 3600 then return string.format("%d min %02d s", s // 60, s % 60) end
  return string.format("%d h %02d min", s // 3600, s % 3600 // 60)
end

local Progress = {}
Progress.__index = Progress

--- progress(opts): a progress line on stderr, shown only when stderr is a terminal and
-- opts.quiet is not set (opts.enabled forces it on or off). opts.label names the phase;
-- opts.total_bytes / opts.total (articles) give the ETA when known; opts.clock (default
-- os.time) and opts.stream (default io.stderr) can be replaced (tests).
function M.progress(opts)
  opts = options(opts, { "enabled", "quiet", "label", "total", "total_bytes", "clock", "stream" }) or {}
  local enabled = opts.enabled
  if enabled == nil then enabled = not opts.quiet and M.isatty(2) end
  local clock = opts.clock or os.time
  return setmetatable({ enabled = enabled, label = opts.label or "articles", clock = clock,
    start = clock(), last = nil, stream = opts.stream or io.stderr, total = opts.total,
    total_bytes = opts.total_bytes, articles = 0, bytes = 0, width = 0 }, Progress)
end

--- p:line(): the current progress text: "label: 1234 articles, 12.3 MB, 4.5 MB/s, ETA 20 s".
function Progress:line()
  local elapsed = math.max(self.clock() - self.start, 0)
  local parts = { string.format("%s: %d articles", self.label, self.articles) }
  if self.total then parts[1] = parts[1] .. " of " .. self.total end
  if self.bytes > 0 then parts[#parts + 1] = M.bytes(self.bytes) end
  if elapsed > 0 and self.bytes > 0 then
    parts[#parts + 1] = M.bytes(self.bytes / elapsed) .. "/s"
  end
  local done = self.total and self.articles / self.total or
    self.total_bytes and math.min(self.bytes / self.total_bytes, 0.99)
  if elapsed > 0 and done and done > 0 and done < 1 then
    parts[#parts + 1] = "ETA " .. M.duration(elapsed * (1 - done) / done)
  end
  return table.concat(parts, ", ")
end

--- p:update(articles, bytes): record progress (absolute counts; bytes optional); redraws at
-- most once per clock tick.
function Progress:update(articles, bytes)
  self.articles, self.bytes = articles, bytes or self.bytes
  if not self.enabled then return end
  local now = self.clock()
  if self.last == now then return end
  self.last = now
  self:draw(self:line())
end

--- p:add(bytes): one more article of `bytes` bytes.
function Progress:add(bytes)
  self:update(self.articles + 1, self.bytes + (bytes or 0))
end

--- p:draw(text): rewrite the progress line with text.
function Progress:draw(text)
  local pad = math.max(0, self.width - #text)
  self.stream:write("\r", text, string.rep(" ", pad))
  self.stream:flush()
  self.width = #text
end

--- p:done(): clear the progress line (the caller prints the summary).
function Progress:done()
  if self.enabled and self.width > 0 then
    self.stream:write("\r", string.rep(" ", self.width), "\r")
    self.stream:flush()
    self.width = 0
  end
end

local Warnings = {}
Warnings.__index = Warnings

--- warnings(opts): a collector of warnings, summarised at the end instead of one line per
-- article: w:add(msg) (or w.fn, a function to pass as a `warn` option) records one;
-- messages are grouped by kind (the message without its "file:line:" prefix and numbers).
-- opts.examples: how many messages of each kind to keep (default 3).
function M.warnings(opts)
  opts = options(opts, { "examples" }) or {}
  local w = setmetatable({ total = 0, kinds = {}, order = {}, examples = opts.examples or 3 },
    Warnings)
  w.fn = function(msg) w:add(msg) end
  return w
end

--- kind_of(msg): the message without its location ("path:line[:column]: " or
-- "file.ext: "), numbers after a space, "(", "=" or "#" replaced by N.
local function kind_of(msg)
  local k, n = msg:gsub("^%S-:%d+:%d*:?%s*", "", 1)
  if n == 0 then k = msg:gsub("^%S-%.%w+:%s", "", 1) end
  return (k:gsub("([%s(=#])%d[%d.]*", "%1N"))
end

--- w:add(msg): record one warning.
function Warnings:add(msg)
  msg = tostring(msg)
  self.total = self.total + 1
  local k = kind_of(msg)
  local entry = self.kinds[k]
  if not entry then
    entry = { kind = k, count = 0, examples = {} }
    self.kinds[k] = entry
    self.order[#self.order + 1] = entry
  end
  entry.count = entry.count + 1
  if #entry.examples < self.examples then entry.examples[#entry.examples + 1] = msg end
end

--- w:summary(): the summary text (empty when there was no warning): the kinds, most
-- frequent first, each as the messages kept, then how many more of that kind there were.
function Warnings:summary()
  if self.total == 0 then return "" end
  local list = {}
  for i, e in ipairs(self.order) do list[i] = e end
  table.sort(list, function(a, b) return a.count > b.count end)
  local lines = { string.format("%d warning%s:", self.total, self.total == 1 and "" or "s") }
  for _, e in ipairs(list) do
    for _, ex in ipairs(e.examples) do lines[#lines + 1] = "  " .. ex end
    local more = e.count - #e.examples
    if more > 0 then
      lines[#lines + 1] = string.format("    and %d more like %s", more,
        #e.examples == 1 and "it" or "these")
    end
  end
  return table.concat(lines, "\n") .. "\n"
end

return require("sahel.must").add(M, { "parse" })
