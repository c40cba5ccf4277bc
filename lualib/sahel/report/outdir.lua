--- sahel.report.outdir: output files written whole or not at all, and a set of output files
-- replaced together.
--
-- A run writes its files into a staging directory beside the output directory
-- (PARENT/.NAME.new-XXXXXX); commit swaps the two directories in one step (renameat2
-- RENAME_EXCHANGE; two renames where the file system cannot exchange), moves over the files
-- of the old directory that no run wrote (the previous manifest names those that a run
-- wrote), and removes the old outputs. Until commit, the previous run's files stay as they
-- were; a run that fails leaves them untouched and its staging directory removed (or, when
-- the process was killed, removed by the next run).
--
-- The primitives come from the C binding sahel.core.report (outfile.h, renameat2, readdir)
-- when the host has it, otherwise from a plain-Lua fallback (temporary + os.rename).
local ok_core, core = pcall(function() return require("sahel.core").report end)
if not ok_core then core = nil end

local M = {}

M.MANIFEST = ".sahel-manifest"

--- quote(s): s quoted for /bin/sh (fallback only).
local function quote(s) return "'" .. s:gsub("'", "'\\''") .. "'" end

--- lua_write_file(path, s): fallback writer: a temporary beside path, then rename.
local function lua_write_file(path, s)
  local tmp = string.format("%s.tmp-%06x%04x", path, math.random(0, 0xffffff), os.time() % 65536)
  local f, msg = io.open(tmp, "wb")
  if not f then return nil, msg end
  local ok, werr = f:write(s)
  local closed, cerr = f:close()
  if not ok or not closed then
    os.remove(tmp)
    return nil, string.format("%s: %s", path, werr or cerr)
  end
  local renamed, rerr = os.rename(tmp, path)
  if not renamed then os.remove(tmp); return nil, rerr end
  return true
end

--- lua_list(dir): fallback directory listing (names, sorted; nil, msg when unreadable).
local function lua_list(dir)
  local p = io.popen("ls -A -- " .. quote(dir) .. " 2>/dev/null")
  if not p then return nil, dir .. ": cannot list" end
  local names = {}
  for line in p:lines() do names[#names + 1] = line end
  p:close()
  table.sort(names)
  return names
end

--- lua_mkstage(out): fallback staging directory creation.
local function lua_mkstage(out)
  local parent, name = out:match("^(.*)/([^/]+)$")
  parent, name = parent or ".", name or out
  local dir = string.format("%s/.%s.new-%06x", parent, name, math.random(0, 0xffffff))
  if not os.execute("mkdir -p -- " .. quote(dir) .. " 2>/dev/null") then
    return nil, dir .. ": cannot create"
  end
  return dir
end

M.write_file = core and core.write_file or lua_write_file
M.list = core and core.list or lua_list
local mkstage = core and core.mkstage or lua_mkstage
local exchange = core and core.exchange or function() return nil, "no exchange" end

--- trim(path): path without trailing slashes ("out/" -> "out").
local function trim(path)
  local p = path:gsub("/+$", "")
  return p == "" and "/" or p
end

--- exists(path): whether path exists (a file or a directory).
local function exists(path)
  local ok, _, code = os.rename(path, path)
  return ok or code ~= 2
end

--- is_dir(path): whether path is a directory (or a link to one).
local function is_dir(path)
  local f = io.open(path .. "/.", "r")
  if f then f:close() end
  return f ~= nil
end

--- read_manifest(dir): set of the names listed in dir's manifest (empty when absent).
local function read_manifest(dir)
  local set = {}
  local f = io.open(dir .. "/" .. M.MANIFEST, "r")
  if not f then return set end
  for line in f:lines() do set[line] = true end
  f:close()
  set[M.MANIFEST] = true
  return set
end

--- remove_tree(dir): remove dir and the files in it (one level: outputs are flat).
local function remove_tree(dir)
  for _, name in ipairs(M.list(dir) or {}) do os.remove(dir .. "/" .. name) end
  return os.remove(dir)
end

--- clean_stale(out): remove staging directories of runs that were killed.
local function clean_stale(out)
  local parent, name = out:match("^(.*)/([^/]+)$")
  parent, name = parent or ".", name or out
  local pat = "^%." .. name:gsub("%p", "%%%0") .. "%.[no][el][wd]%-"
  for _, entry in ipairs(M.list(parent) or {}) do
    if entry:find(pat) then remove_tree(parent .. "/" .. entry) end
  end
end

local Outdir = {}
Outdir.__index = Outdir

--- open(path): a new set of outputs for directory path: files are written into a staging
-- directory (out:path(name)); out:commit() puts them in place, out:abort() drops them.
-- nil, msg when the staging directory cannot be created.
function M.open(path)
  local out = trim(path)
  local base = out:match("[^/]*$")
  if base == "" or base == "." or base == ".." then
    return nil, path .. ": not usable as an output directory (name it)"
  end
  if exists(out) and not is_dir(out) then return nil, out .. ": not a directory" end
  clean_stale(out)
  local stage, msg = mkstage(out)
  if not stage then return nil, msg end
  return setmetatable({ out = out, stage = stage, names = {}, state = "open" }, Outdir)
end

--- out:path(name): where to write output `name` (a plain file name) in this run.
function Outdir:path(name)
  assert(self.state == "open", "output set already " .. self.state)
  assert(not name:find("/"), "output names are plain file names")
  if not self.names[name] then
    self.names[name] = true
    self.names[#self.names + 1] = name
  end
  return self.stage .. "/" .. name
end

--- carry(old, new, wrote): move the files of old that no run wrote into new.
local function carry(old, new, wrote)
  local previous = read_manifest(old)
  for _, name in ipairs(M.list(old) or {}) do
    if not previous[name] and not wrote[name] then
      os.rename(old .. "/" .. name, new .. "/" .. name)
    end
  end
end

--- swap(stage, out): put stage in the place of out (exchange, or two renames); returns the
-- path now holding the old outputs (nil when out did not exist), or nil, msg.
local function swap(stage, out)
  if not exists(out) then
    local ok, msg = os.rename(stage, out)
    if not ok then return nil, msg end
    return false
  end
  if exchange(stage, out) then return stage end
  local old = stage:gsub("%.new%-", ".old-")
  local ok, msg = os.rename(out, old)
  if not ok then return nil, msg end
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
  local old
  old, msg = swap(self.stage, self.out)
  if old == nil then self:abort(); return nil, msg end
  self.state = "committed"
  if old then
    carry(old, self.out, self.names)
    remove_tree(old)
  end
  return true
end

--- out:abort(): drop this run's files; the previous outputs stay as they were.
function Outdir:abort()
  if self.state ~= "open" then return end
  self.state = "aborted"
  remove_tree(self.stage)
end

return M
