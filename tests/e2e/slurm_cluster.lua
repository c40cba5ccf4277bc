--- slurm_cluster.lua: a real Slurm on loopback for the tests (test_slurm.lua): munged, one
-- slurmctld and one or more slurmd, started by hand in a temporary directory with their
-- own configuration, spool, pid and log files, and stopped by the pids they recorded.
-- Nothing of the machine's own Slurm or munge set-up is used or changed.
--
--   local cluster, why = require("slurm_cluster").start(T, { nodes = { "n1", "n2" } })
--   if not cluster then T.skip(why) end
--   cluster:run("sbatch --parsable job.sh")   -- SLURM_CONF set for the command
--   cluster:wait(jobid, 120)                  -- until the job has left the queue
--   cluster:stop()
local M = {}

local Cluster = {}
Cluster.__index = Cluster

--- free_port(T, base): a TCP port from base up that nothing listens on (ss, or base).
local function free_port(T, base)
  local _, out = T.sh("ss -Htln 2>/dev/null")
  for port = base, base + 200 do
    if not (out or ""):find(":" .. port .. "%s") then return port end
  end
  return base
end

--- conf(dir, ports, nodes): the text of slurm.conf: one partition over the nodes, each a
-- slurmd on 127.0.0.1 with a port of its own; no accounting, no cgroups.
local function conf(dir, ports, nodes)
  local lines = {
    "ClusterName=saheltest",
    "SlurmctldHost=localhost(127.0.0.1)",
    "SlurmctldPort=" .. ports.ctld,
    "SlurmUser=root", "SlurmdUser=root",
    "AuthType=auth/munge", "CredType=cred/munge",
    "AuthInfo=socket=" .. dir .. "/munge/munge.sock",
    "StateSaveLocation=" .. dir .. "/ctld",
    "SlurmdSpoolDir=" .. dir .. "/slurmd-%n",
    "SlurmctldPidFile=" .. dir .. "/slurmctld.pid",
    "SlurmdPidFile=" .. dir .. "/slurmd-%n.pid",
    "SlurmctldLogFile=" .. dir .. "/slurmctld.log",
    "SlurmdLogFile=" .. dir .. "/slurmd-%n.log",
    "SelectType=select/cons_tres", "SelectTypeParameters=CR_Core",
    "ProctrackType=proctrack/linuxproc", "TaskPlugin=task/none",
    "JobAcctGatherType=jobacct_gather/none", "AccountingStorageType=accounting_storage/none",
    "SchedulerParameters=batch_sched_delay=0", "MpiDefault=none", "ReturnToService=2",
    "SlurmdTimeout=30", "InactiveLimit=0", "KillWait=5",
  }
  for i, name in ipairs(nodes) do
    lines[#lines + 1] = string.format(
      "NodeName=%s NodeHostname=localhost NodeAddr=127.0.0.1 Port=%d CPUs=1 State=UNKNOWN",
      name, ports.node + i - 1)
  end
  lines[#lines + 1] = "PartitionName=test Nodes=" .. table.concat(nodes, ",") ..
    " Default=YES MaxTime=INFINITE State=UP"
  return table.concat(lines, "\n") .. "\n"
end

--- pid_of(T, path): the pid written in path, or nil.
local function pid_of(T, path)
  local s = T.read(path)
  return s and tonumber(s:match("%d+"))
end

--- sh(self, cmd): cmd with SLURM_CONF set to the cluster's configuration.
function Cluster:sh(cmd)
  return self.T.sh("SLURM_CONF=" .. self.T.quote(self.conf) .. " " .. cmd)
end

--- start_munge(self): munged as the munge user, with a key and files of its own.
function Cluster:start_munge()
  local T, d = self.T, self.dir .. "/munge"
  local rc, _, err = T.sh(table.concat({
    "mkdir -p " .. T.quote(d),
    "head -c 1024 /dev/urandom > " .. T.quote(d .. "/munge.key"),
    "chown -R munge:munge " .. T.quote(d), "chmod 700 " .. T.quote(d),
    "chmod 400 " .. T.quote(d .. "/munge.key"),
    -- -f: the temporary directory's parent (/tmp) is world-writable
    "runuser -u munge -- munged -f --key-file=" .. T.quote(d .. "/munge.key") ..
      " --socket=" .. T.quote(d .. "/munge.sock") ..
      " --pid-file=" .. T.quote(d .. "/munged.pid") ..
      " --log-file=" .. T.quote(d .. "/munged.log") ..
      " --seed-file=" .. T.quote(d .. "/munged.seed"),
  }, " && "))
  self.pids.munged = pid_of(T, d .. "/munged.pid")
  if rc ~= 0 or not self.pids.munged then return nil, "munged did not start: " .. err end
  return true
end

--- wait_for(self, cond, seconds): poll cond() every 0.2 s until it is true or time is up.
function Cluster:wait_for(cond, seconds)
  for _ = 1, math.ceil(seconds * 5) do
    if cond() then return true end
    self.T.sh("sleep 0.2")
  end
  return cond()
end

--- start_daemons(self): slurmctld, then one slurmd per node, until sinfo shows them idle.
function Cluster:start_daemons()
  local T = self.T
  local rc, _, err = T.sh("slurmctld -i -f " .. T.quote(self.conf))
  self.pids.slurmctld = self:wait_for(function()
    return pid_of(T, self.dir .. "/slurmctld.pid") ~= nil
  end, 10) and pid_of(T, self.dir .. "/slurmctld.pid")
  if rc ~= 0 or not self.pids.slurmctld then return nil, "slurmctld did not start: " .. err end
  for _, name in ipairs(self.nodes) do
    rc, _, err = T.sh("slurmd -f " .. T.quote(self.conf) .. " -N " .. T.quote(name))
    local pidfile = self.dir .. "/slurmd-" .. name .. ".pid"
    self:wait_for(function() return pid_of(T, pidfile) ~= nil end, 10)
    self.pids["slurmd-" .. name] = pid_of(T, pidfile)
    if rc ~= 0 or not self.pids["slurmd-" .. name] then
      return nil, "slurmd " .. name .. " did not start: " .. err
    end
  end
  local idle = self:wait_for(function()
    local _, out = self:sh("sinfo -h -o '%T %D' 2>/dev/null")
    local n = 0
    for state, count in (out or ""):gmatch("(%S+) (%d+)") do
      if state == "idle" then n = n + tonumber(count) end
    end
    return n == #self.nodes
  end, 30)
  if not idle then return nil, "the nodes did not come up: " .. (T.read(self.dir ..
    "/slurmctld.log") or ""):sub(-400) end
  return true
end

--- start(T, opts): a cluster of opts.nodes (default {"localhost"}), or nil and the reason
-- it cannot run here (not root, Slurm or munge missing, a daemon that does not start).
function M.start(T, opts)
  opts = opts or {}
  local _, id = T.sh("id -u")
  if (id or ""):match("%d+") ~= "0" then return nil, "starting Slurm needs root" end
  for _, prog in ipairs { "munged", "slurmctld", "slurmd", "sbatch", "runuser" } do
    if T.sh("command -v " .. prog .. " >/dev/null") ~= 0 then
      return nil, prog .. " is not installed (./setup.sh test installs slurm-wlm)"
    end
  end
  local self = setmetatable({ T = T, dir = T.tmpdir(), nodes = opts.nodes or { "localhost" },
    pids = {} }, Cluster)
  T.sh("chmod 755 " .. T.quote(self.dir))
  self.conf = self.dir .. "/slurm.conf"
  local ctld = free_port(T, 26817)
  T.write(self.conf, conf(self.dir, { ctld = ctld, node = free_port(T, ctld + 10) },
    self.nodes))
  local ok, why = self:start_munge()
  if ok then ok, why = self:start_daemons() end
  if not ok then
    self:stop()
    return nil, why
  end
  return self
end

--- state(self, job): the job's state as squeue sees it ("" when it has left the queue).
function Cluster:state(job)
  local _, out = self:sh("squeue -h -j " .. job .. " -o %T 2>/dev/null")
  return (out or ""):match("^%s*(.-)%s*$")
end

--- wait(self, job, seconds): wait until job (and every task of an array) left the queue;
-- true, or false when time ran out.
function Cluster:wait(job, seconds)
  return self:wait_for(function() return self:state(job) == "" end, seconds)
end

--- stop(self): stop every daemon it started, by the pid each recorded, and wait for them.
function Cluster:stop()
  local T = self.T
  for _, name in ipairs { "slurmd-", "slurmctld", "munged" } do
    for k, pid in pairs(self.pids) do
      if k:sub(1, #name) == name then
        T.sh("kill " .. pid .. " 2>/dev/null")
        self:wait_for(function() return T.sh("kill -0 " .. pid .. " 2>/dev/null") ~= 0 end, 10)
        self.pids[k] = nil
      end
    end
  end
end

--- log(self): the daemons' logs, for a failure message.
function Cluster:log()
  local parts = {}
  for _, f in ipairs { "slurmctld.log" } do
    parts[#parts + 1] = f .. ":\n" .. (self.T.read(self.dir .. "/" .. f) or ""):sub(-1500)
  end
  return table.concat(parts, "\n")
end

return M
