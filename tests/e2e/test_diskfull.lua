-- test_diskfull.lua: a full disk is a clear error and costs nothing already written. Two
-- ways to run out of room: `ulimit -f` (the host ignores SIGXFSZ, so a write past the limit
-- fails with EFBIG instead of killing the process) and a small tmpfs (ENOSPC; skipped when
-- mounting is not allowed here). Each time: the message names the file and the reason, the
-- exit status is 1, the previous outputs are byte for byte as they were, and no temporary
-- or staging directory is left behind. The toolkit's writer and analyze.lua are both tried.
package.path = "tests/lua/?.lua;" .. package.path
local T = require "check"

local dir = T.tmpdir()
local bin = T.quote(T.bin)

-- The script of a run: rows of about 100 bytes until `kb` kilobytes, then close (which
-- reports the failure) or die with its message.
local WRITER = [[
local sahel = require "sahel"
local w = assert(sahel.csv.writer(arg[1] .. "/result.csv"))
for i = 1, tonumber(arg[2]) * 10 do w:write{ i, ("x"):rep(90) } end
local ok, msg = w:close()
if not ok then io.stderr:write(msg, "\n") os.exit(1) end
]]
T.write(dir .. "/writer.lua", WRITER)

-- snapshot(d): every entry of d (hidden ones too) with its content, as one string.
local function snapshot(d)
  local _, ls = T.sh("cd " .. T.quote(d) .. " && find . | sort")
  local parts = {}
  for name in ls:gmatch("[^\n]+") do parts[#parts + 1] = name .. "=" .. (T.read(d .. "/" .. name) or "<dir>") end
  return table.concat(parts, "\n")
end

-- run_full(prefix, out, kb): the writer under a shell prefix (ulimit...); code, stderr.
local function run_full(prefix, out, kb)
  local code, _, err = T.sh(prefix .. " " .. bin .. " " .. T.quote(dir .. "/writer.lua") .. " " ..
    T.quote(out) .. " " .. kb .. " </dev/null")
  return code, err
end

-- check_failed(what, out, before, code, err, reason): the verdict of a failed run.
local function check_failed(what, out, before, code, err, reason)
  T.eq(code, 1, what .. ": exit status (stderr: " .. err .. ")")
  T.ok(err:find(reason, 1, true), what .. ": the reason (" .. reason .. "): " .. err)
  T.eq(snapshot(out), before, what .. ": previous outputs intact, nothing left behind")
end

-- with_tmpfs(kb, fn): fn(mountpoint) on a fresh tmpfs of kb kilobytes; false when mounting
-- is not possible here.
local function with_tmpfs(kb, fn)
  local mnt = dir .. "/mnt" .. kb
  os.execute("mkdir -p " .. T.quote(mnt))
  if T.sh("mount -t tmpfs -o size=" .. kb .. "k tmpfs " .. T.quote(mnt)) ~= 0 then return false end
  local ok, e = pcall(fn, mnt)
  T.sh("umount " .. T.quote(mnt))
  if not ok then error(e, 0) end
  return true
end

-- fill(mnt, free_kb): fill the file system of mnt up to free_kb kilobytes of free room.
local function fill(mnt, free_kb)
  local _, avail = T.sh("df -k --output=avail " .. T.quote(mnt) .. " | tail -1")
  local n = math.max(0, tonumber(avail) - free_kb)
  T.sh("dd if=/dev/zero of=" .. T.quote(mnt .. "/filler") .. " bs=1k count=" .. n)
end

T.case("ulimit -f: the CSV writer fails with EFBIG, the previous file stays", function()
  local out = dir .. "/ulimit"
  os.execute("mkdir -p " .. T.quote(out))
  T.write(out .. "/result.csv", "previous\n")
  local before = snapshot(out)
  local code, err = run_full("ulimit -f 200;", out, 1000) -- 100 KB allowed, 1 MB written
  check_failed("ulimit -f", out, before, code, err, "result.csv: write failed: File too large")
  code = run_full("ulimit -f 200;", out, 50)
  T.eq(code, 0, "a file that fits is written")
  T.eq(#T.read(out .. "/result.csv") > 40000, true, "the new file is in place")
end)

T.case("a full tmpfs: the CSV writer fails with ENOSPC, the previous file stays", function()
  local mounted = with_tmpfs(1024, function(mnt)
    local out = mnt .. "/out"
    os.execute("mkdir -p " .. T.quote(out))
    T.write(out .. "/result.csv", "previous\n")
    fill(mnt, 64)
    local before = snapshot(out)
    local code, err = run_full("", out, 500)
    check_failed("ENOSPC", out, before, code, err, "result.csv: write failed: No space left on device")
  end)
  if not mounted then print("skip: cannot mount a tmpfs here") end
end)

-- The script of a db:tx that fills its database: max_page_count (arg[2] pages, 0: none) or
-- the file system does it; nested (arg[3] == "nested") runs it as a savepoint inside an
-- outer transaction.
local TX = [[
local sahel = require "sahel"
local db = assert(sahel.db.open(arg[1]))
assert(db:exec("CREATE TABLE t(x)"))
if arg[2] ~= "0" then assert(db:exec("PRAGMA max_page_count = " .. arg[2])) end
local function fill()
  for _ = 1, 100000 do assert(db:exec("INSERT INTO t VALUES (randomblob(1000))")) end
end
local ok, e = pcall(db.tx, db, arg[3] == "nested" and function() db:tx(fill) end or fill)
io.stderr:write(tostring(e), "\n")
os.exit(ok and 0 or 1)
]]
T.write(dir .. "/tx.lua", TX)

-- run_tx(db, pages, mode): the db:tx script; code, stderr.
local function run_tx(db, pages, mode)
  local code, _, err = T.sh(bin .. " " .. T.quote(dir .. "/tx.lua") .. " " .. T.quote(db) ..
    " " .. pages .. " " .. (mode or "") .. " </dev/null")
  return code, err
end

-- check_tx(what, code, err): a full database inside db:tx raises the disk-full error itself,
-- not the failure of a rollback SQLite had already done.
local function check_tx(what, code, err)
  T.eq(code, 1, what .. ": fails (" .. err .. ")")
  T.ok(err:find("database or disk is full", 1, true), what .. ": the reason: " .. err)
  T.ok(not err:find("cannot rollback", 1, true), what .. ": no rollback error: " .. err)
  T.ok(not err:find("no transaction is active", 1, true), what .. ": " .. err)
end

T.case("db:tx on a full database: the disk-full error, not a failed rollback", function()
  for _, mode in ipairs({ "outer", "nested" }) do
    local code, err = run_tx(dir .. "/tx-" .. mode .. ".sqlite", 20, mode)
    check_tx("max_page_count, " .. mode, code, err)
  end
  local mounted = with_tmpfs(512, function(mnt)
    local code, err = run_tx(mnt .. "/tx.sqlite", 0, "outer")
    check_tx("a full tmpfs", code, err)
  end)
  if not mounted then print("skip: db:tx on a full tmpfs (cannot mount a tmpfs here)") end
end)

T.case("analyze.lua under ulimit -f: a clear error, the previous outputs stay", function()
  local out = dir .. "/analyze-ulimit"
  local code, _, err = T.sh(bin .. " analyze.lua --out " .. T.quote(out) .. " --quiet </dev/null")
  T.eq(code, 0, "first run: " .. err)
  local before = snapshot(out)
  code, _, err = T.sh("ulimit -f 100; " .. bin .. " analyze.lua --out " .. T.quote(out) ..
    " --quiet </dev/null")
  T.eq(code, 1, "second run fails: " .. err)
  T.ok(err:find("File too large", 1, true) or err:find("disk is full", 1, true) or
    err:find("disk I/O error", 1, true), "the reason: " .. err)
  T.ok(err:find("analyze-ulimit", 1, true), "the message names the output: " .. err)
  T.eq(snapshot(out), before, "previous outputs intact")
  local _, ls = T.sh("ls -A " .. T.quote(dir))
  T.ok(not ls:find("%.analyze%-ulimit%.new%-"), "no staging directory left: " .. ls)
end)

T.case("analyze.lua on a full tmpfs: a clear error, the previous outputs stay", function()
  local mounted = with_tmpfs(8192, function(mnt)
    local out = mnt .. "/out"
    local code, _, err = T.sh(bin .. " analyze.lua --out " .. T.quote(out) .. " --quiet </dev/null")
    T.eq(code, 0, "first run: " .. err)
    local before = snapshot(out)
    fill(mnt, 400)
    code, _, err = T.sh(bin .. " analyze.lua --out " .. T.quote(out) .. " --quiet </dev/null")
    T.eq(code, 1, "second run fails: " .. err)
    T.ok(err:find("No space left on device", 1, true) or err:find("disk is full", 1, true),
      "the reason: " .. err)
    T.eq(snapshot(out), before, "previous outputs intact")
    local _, ls = T.sh("ls -A " .. T.quote(mnt))
    T.eq(ls, ".out.lock\nfiller\nout\n", "no staging directory or temporary left")
  end)
  if not mounted then print("skip: cannot mount a tmpfs here") end
end)

T.done()
