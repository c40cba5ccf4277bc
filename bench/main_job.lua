-- bench/main_job.lua: scripts/analyze.lua run as the benchmark's main job, then its own
-- peak RSS (VmHWM of /proc/self/status) on stderr as "peak-rss-kb N" (bench/run; a forked
-- child's getrusage would include its parent's peak).
--
--   sahelscript bench/main_job.lua ROOT [analyze.lua's options...]
local root = assert(arg[1], "usage: main_job.lua ROOT [options...]")
local args = { [0] = root .. "/scripts/analyze.lua" }
for i = 2, #arg do args[i - 1] = arg[i] end
arg = args
dofile(args[0])
local f = io.open("/proc/self/status", "r")
local status = f and f:read("a") or ""
if f then f:close() end
io.stderr:write("peak-rss-kb ", status:match("VmHWM:%s*(%d+)") or "0", "\n")
