--- sahel.report.outdir: output files written whole or not at all, and a set of output files
-- replaced together.
--
-- A run takes the lock of its output directory (PARENT/.NAME.lock, flock: a second run onto
-- the same directory fails with "another run is writing DIR (pid N)"), then writes its files
-- into a staging directory beside the output directory (PARENT/.NAME.new-XXXXXX, made by
-- mkdtemp with the output directory's mode and a marker naming the run's pid and a random
-- token). commit swaps the two directories in one step (renameat2 RENAME_EXCHANGE; two
-- renames where the file system cannot exchange), moves over the files of the old directory
-- that no run wrote (the previous manifest names those that a run wrote), removes the old
-- outputs, and sets aside (OUT.kept-DATE, named in a warning) whatever else the old directory
-- still holds: nothing the toolkit did not write is ever deleted. Until commit, the previous
-- run's files stay as they were; a run that fails leaves them untouched and its staging
-- directory removed. When a run was killed, the next one (holding the lock) finishes its
-- work: a staging directory with a marker was never committed and is removed; one without
-- a marker holds an old set whose commit was cut short, and is carried over as above.
-- Removals never follow a symbolic link and never enter a directory this user does not own.
--
-- The primitives come from the C binding sahel.core.report (outdir.h).
local core = require("sahel.core").report

local M = {}

M.MANIFEST = ".sahel-manifest"
M.MARKER = ".sahel-stage"

M.write_file = core.write_file
M.list = core.list
--- exchange(a, b): swap two directories (true), false when the file system cannot.
M.exchange = core.exchange
--- on_step(name): called at each step of a commit ("staged", "exchanged", "moved-aside",
-- "carried", "removed"); nil by default (tests kill the process there).
M.on_step = nil

--- trim(path): path without trailing slashes ("out/" -> "out").
local function trim(path)
  local p = path:gsub("/+$", "")
  return p == "" and "/" or p
end

--- split(out): the parent directory and the name of out.
local function split(out)
  local parent, name = out:match("^(.*)/([^/]+)$")
  if parent == "" then parent = "/" end
  return parent or ".", name or out
end

--- step(name): tell M.on_step that the commit reached step `name`.
local function step(name)
  if M.on_step then M.on_step(name) end
end

--- read_manifest(dir): set of the names listed in dir's manifest, with the manifest and the
-- marker themselves (empty when absent).
local function read_manifest(dir)
  local set = { [M.MANIFEST] = true, [M.MARKER] = true }
  local f = io.open(dir .. "/" .. M.MANIFEST, "r")
  if not f then return set end
  for line in f:lines() do set[line] = true end
  f:close()
  return set
end

--- keys(set): the names of a set, as an array.
local function keys(set)
  local t = {}
  for k in pairs(set) do t[#t + 1] = k end
  table.sort(t)
  return t
end

--- carry(old, new, wrote): move the entries of old that no run wrote (not in old's manifest)
-- into new, unless new holds that name (those stay in old).
local function carry(old, new, wrote)
  local previous = read_manifest(old)
  for _, name in ipairs(M.list(old) or {}) do
    if not previous[name] and not wrote[name] then
      core.move(old .. "/" .. name, new .. "/" .. name)
    end
  end
end

--- set_aside(old, out): rename old to a free OUT.kept-DATE[-N] name; that name, or nil, msg.
local function set_aside(old, out)
  local base = out .. ".kept-" .. os.date("%Y%m%d-%H%M%S")
  for i = 1, 100 do
    local name = i == 1 and base or (base .. "-" .. i)
    local moved, msg = core.move(old, name)
    if moved then return name end
    if moved == nil then return nil, msg end
  end
  return nil, base .. ": no free name"
end

--- retire(old, out, wrote, warn): the old set at old, once out holds the new one: carry the
-- entries no run wrote into out, remove old's outputs, and set aside what is left.
local function retire(old, out, wrote, warn)
  carry(old, out, wrote)
  step("carried")
  local left, msg = core.remove(old, keys(read_manifest(old)))
  step("removed")
  if left == nil then return warn(msg) end
  if left == 0 then return end
  local kept, why = set_aside(old, out)
  if kept then
    warn(string.format("%s: %d file(s) of the previous outputs that the toolkit did not " ..
      "write could not be moved over (this run wrote the same names): they are kept in %s",
      out, left, kept))
  else
    warn(string.format("%s: files the toolkit did not write are left in %s (%s)", out, old, why))
  end
end

--- recover(out, warn): finish what killed runs left beside out (the lock is held): remove
-- staging directories never committed; carry over old sets whose commit was cut short (put
-- one back when out is missing); leave alone what is not a directory of this user.
local function recover(out, warn)
  local parent, name = split(out)
  local pat = "^%." .. name:gsub("%p", "%%%0") .. "%.[no][el][wd]%-"
  for _, entry in ipairs(M.list(parent) or {}) do
    local dir = parent .. "/" .. entry
    local kind, pid = nil, 0
    if entry:find(pat) then kind, pid = core.stage_pid(dir) end
    if kind == "stage" and pid == 0 then
      local left = core.remove(dir)
      if left and left > 0 then warn(dir .. ": left in place: it holds directories") end
    elseif kind == "plain" and not core.check(out) then
      core.move(dir, out)
    elseif kind == "plain" then
      retire(dir, out, read_manifest(out), warn)
    end
  end
  if core.check(out) then os.remove(out .. "/" .. M.MARKER) end
end

--- default_warn(msg): a warning on stderr.
local function default_warn(msg) io.stderr:write("sahelscript: warning: ", msg, "\n") end

local Outdir = {}
Outdir.__index = Outdir

--- usable(path): true when path can be an output directory, else nil, msg: a run replaces
-- its output directory as a whole, so it must have a name of its own (not "", ".", ".."
-- or "/").
function M.usable(path)
  local base = trim(path):match("[^/]*$")
  if base == "" or base == "." or base == ".." then
    return nil, string.format("'%s' cannot be the output directory: a run replaces its " ..
      "output directory as a whole, so give it a directory of its own (such as results)", path)
  end
  return true
end

--- open(path, opts): a new set of outputs for directory path: files are written into a
-- staging directory (out:path(name)); out:commit() puts them in place, out:abort() drops
-- them. opts.warn(msg) gets the warnings (default: stderr). nil, msg when path is no
-- usable output directory, another run is writing it, or the staging directory cannot be
-- created.
function M.open(path, opts)
  local ok_options, options = pcall(function() return require("sahel.core").options end)
  if ok_options then options(opts, { "warn" }) end
  local warn = opts and opts.warn or default_warn
  local out = trim(path)
  local usable, why = M.usable(path)
  if not usable then return nil, why end
  local ok, msg = core.check(out)
  if ok == nil then return nil, msg end
  local lock
  lock, msg = core.lock(out)
  if not lock then return nil, msg end
  recover(out, warn)
  local stage
  stage, msg = core.mkstage(out)
  if not stage then lock:release(); return nil, msg end
  return setmetatable({ out = out, stage = stage, names = {}, state = "open", lock = lock,
    warn = warn }, Outdir)
end

--- out:path(name): where to write output `name` (a plain file name) in this run.
function Outdir:path(name)
  assert(self.state == "open", "output set already " .. self.state)
  assert(not name:find("/"), "output names are plain file names")
  assert(name ~= M.MARKER and name ~= M.MANIFEST, "a name the output set keeps for itself")
  if not self.names[name] then
    self.names[name] = true
    self.names[#self.names + 1] = name
  end
  return self.stage .. "/" .. name
end

--- swap(stage, out): put stage in the place of out (exchange, or two renames); returns the
-- path now holding the old outputs (false when out did not exist), or nil, msg.
local function swap(stage, out)
  if not core.check(out) then
    local ok, msg = os.rename(stage, out)
    if not ok then return nil, msg end
    return false
  end
  local swapped, msg = M.exchange(stage, out)
  if swapped then return stage end
  if swapped == nil then return nil, msg end
  local old = stage:gsub("%.new%-(%w+)$", ".old-%1")
  local ok
  ok, msg = os.rename(out, old)
  if not ok then return nil, msg end
  step("moved-aside")
  ok, msg = os.rename(stage, out)
  if not ok then os.rename(old, out); return nil, msg end
  return old
end

--- out:commit(): write the manifest, then replace the previous outputs with this run's in
-- one step. true, or nil and a message (the previous outputs then stay in place).
function Outdir:commit()
  assert(self.state == "open", "output set already " .. self.state)
  local ok, msg = M.write_file(self.stage .. "/" .. M.MANIFEST,
                               table.concat(self.names, "\n") .. "\n")
  if not ok then self:abort(); return nil, msg end
  step("staged")
  local old
  old, msg = swap(self.stage, self.out)
  if old == nil then self:abort(); return nil, msg end
  self.state = "committed"
  step("exchanged")
  if old then retire(old, self.out, self.names, self.warn) end
  os.remove(self.out .. "/" .. M.MARKER)
  self.lock:release()
  return true
end

--- out:abort(): drop this run's files; the previous outputs stay as they were.
function Outdir:abort()
  if self.state ~= "open" then return end
  self.state = "aborted"
  core.remove(self.stage)
  self.lock:release()
end

return M
