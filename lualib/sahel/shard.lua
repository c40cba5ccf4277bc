--- sahel.shard: a corpus counted in shards on several machines, merged exactly
-- (docs/cluster.md). A shard run writes its store, its unfiltered co-occurrence tables and
-- a manifest into a part directory; the merge checks the manifests, concatenates the stores
-- in shard order and adds up the tables. A part covers shards FIRST..LAST of N (a shard
-- run: one; a merge: the parts it merged), so that merges merge again.
local M = {}

M.MANIFEST = "manifest.tsv" -- in a part directory: "key<TAB>value..." lines
M.STORE = "sahel.sqlite"

--- parse(s): "K/N" as the integers K, N (0 <= K < N), or nil and a message.
function M.parse(s)
  local k, n = tostring(s):match("^%s*(%d+)%s*/%s*(%d+)%s*$")
  k, n = tonumber(k), tonumber(n)
  if not k or n < 1 or k >= n or n > 1000000 then
    return nil, "--shard: K/N expected with 0 <= K < N (shard K of N), got '" .. tostring(s) .. "'"
  end
  return k, n
end

--- from_env(getenv): K, N from a Slurm job array (SLURM_ARRAY_TASK_ID and
-- SLURM_ARRAY_TASK_COUNT, with SLURM_ARRAY_TASK_MIN 0), or nothing outside one; nil and a
-- message when the array does not start at 0. (In the sandbox, which has no os.getenv,
-- only --shard names a shard.)
function M.from_env(getenv)
  getenv = getenv or os.getenv
  if not getenv then return end
  local id, count = getenv("SLURM_ARRAY_TASK_ID"), getenv("SLURM_ARRAY_TASK_COUNT")
  if not id or not count then return end
  local min = getenv("SLURM_ARRAY_TASK_MIN") or "0"
  if tonumber(min) ~= 0 then
    return nil, "a Slurm job array of shards must run tasks 0 to N-1 (SLURM_ARRAY_TASK_MIN is "
      .. min .. "): pass --shard K/N"
  end
  return M.parse(id .. "/" .. count)
end

--- field(v): v as one manifest field (tabs and line ends would cut the line).
local function field(v)
  return (tostring(v):gsub("[\t\r\n\\]", { ["\t"] = "\\t", ["\r"] = "\\r", ["\n"] = "\\n",
    ["\\"] = "\\\\" }))
end

--- unfield(s): the value of a manifest field.
local function unfield(s)
  return (s:gsub("\\(.)", { t = "\t", r = "\r", n = "\n", ["\\"] = "\\" }))
end

--- manifest_text(m): the lines of manifest m = {first = K, last = K, n = N (shards
-- first..last of n), corpus = path, files = corpus:list(), gazetteer = {path =,
-- fingerprint =}, options = {name = value}, articles = count, demonym_mentions = the
-- mentions its articles hold with the demonyms counted too (without --demonyms)}.
function M.manifest_text(m)
  local lines = { "sahelscript-shard\t1", table.concat({ "shards", m.first, m.last, m.n }, "\t"),
    "corpus\t" .. field(m.corpus), "articles\t" .. (m.articles or 0) }
  if m.demonym_mentions then lines[#lines + 1] = "demonym_mentions\t" .. m.demonym_mentions end
  for _, f in ipairs(m.files) do
    lines[#lines + 1] = table.concat({ "file", field(f.path), f.size, f.mtime }, "\t")
  end
  local g = m.gazetteer
  lines[#lines + 1] = table.concat({ "gazetteer", field(g.path), g.fingerprint or "" }, "\t")
  local names = {}
  for name in pairs(m.options) do names[#names + 1] = name end
  table.sort(names)
  for _, name in ipairs(names) do
    lines[#lines + 1] = "option\t" .. name .. "\t" .. field(m.options[name])
  end
  return table.concat(lines, "\n") .. "\n"
end

--- read_manifest(dir): the manifest of the part directory dir, or nil and a message.
function M.read_manifest(dir)
  local path = dir .. "/" .. M.MANIFEST
  local f = io.open(path, "rb")
  if not f then return nil, dir .. ": not a shard's part directory (no " .. M.MANIFEST .. ")" end
  local m = { dir = dir, files = {}, options = {} }
  local n = 0
  for line in f:lines() do
    n = n + 1
    local t = {}
    for v in (line .. "\t"):gmatch("(.-)\t") do t[#t + 1] = unfield(v) end
    local key = t[1]
    if n == 1 and line ~= "sahelscript-shard\t1" then
      f:close()
      return nil, path .. ":1: not a shard manifest of this version"
    elseif key == "shards" then m.first, m.last, m.n = tonumber(t[2]), tonumber(t[3]),
      tonumber(t[4])
    elseif key == "corpus" then m.corpus = t[2]
    elseif key == "articles" then m.articles = tonumber(t[2])
    elseif key == "demonym_mentions" then m.demonym_mentions = tonumber(t[2])
    elseif key == "file" then m.files[#m.files + 1] = { path = t[2], size = t[3], mtime = t[4] }
    elseif key == "gazetteer" then m.gazetteer = { path = t[2], fingerprint = t[3] }
    elseif key == "option" then m.options[t[2]] = t[3]
    end
  end
  f:close()
  if not (m.first and m.last and m.n and m.corpus and m.gazetteer) then
    return nil, path .. ": incomplete manifest"
  end
  return m
end

--- files_text(m): the corpus files of manifest m, one per line.
local function files_text(m)
  local t = {}
  for i, f in ipairs(m.files) do t[i] = table.concat({ f.path, f.size, f.mtime }, "\t") end
  return table.concat(t, "\n")
end

--- differences(a, b): what differs between manifests a and b, as a short phrase ("" when
-- they are shards of one run).
local function differences(a, b)
  local diffs = {}
  if a.n ~= b.n then diffs[#diffs + 1] = "number of shards" end
  if a.corpus ~= b.corpus or files_text(a) ~= files_text(b) then
    diffs[#diffs + 1] = "corpus (paths, sizes or times of its files)"
  end
  local ga, gb = a.gazetteer, b.gazetteer
  if ga.path ~= gb.path or ga.fingerprint ~= gb.fingerprint then
    diffs[#diffs + 1] = "gazetteer"
  end
  local seen = {}
  for _, side in ipairs { { a, b }, { b, a } } do
    for name, v in pairs(side[1].options) do
      if side[2].options[name] ~= v and not seen[name] then
        seen[name] = true
        diffs[#diffs + 1] = "--" .. name
      end
    end
  end
  return table.concat(diffs, ", ")
end

--- shards(m): "shard K of N" or "shards K-L of N" for messages.
function M.shards(m)
  if m.first == m.last then return string.format("shard %d of %d", m.first, m.n) end
  return string.format("shards %d-%d of %d", m.first, m.last, m.n)
end

--- ranges(list): "1, 3-5" for the sorted shard numbers in list.
local function ranges(list)
  local out, i = {}, 1
  while list[i] do
    local j = i
    while list[j + 1] == list[j] + 1 do j = j + 1 end
    out[#out + 1] = i == j and tostring(list[i]) or list[i] .. "-" .. list[j]
    i = j + 1
  end
  return table.concat(out, ", ")
end

--- check(dirs, partial): the manifests of the part directories, ordered by shard, when
-- they cover shards 0..N-1 of one run, each once (partial: any run of consecutive
-- shards); otherwise nil and a message naming the missing, duplicated or mismatching ones.
function M.check(dirs, partial)
  if #dirs == 0 then return nil, "no part directory given" end
  local parts, owner = {}, {}
  for _, dir in ipairs(dirs) do
    local m, msg = M.read_manifest(dir)
    if not m then return nil, msg end
    parts[#parts + 1] = m
  end
  local first = parts[1]
  for _, m in ipairs(parts) do
    local diff = differences(m, first)
    if diff ~= "" then
      return nil, string.format("%s (%s) does not match %s (%s): %s", m.dir, M.shards(m),
        first.dir, M.shards(first), diff)
    end
    for k = m.first, m.last do
      if owner[k] then
        return nil, string.format("shard %d of %d is given twice: in %s and in %s", k, m.n,
          owner[k].dir, m.dir)
      end
      owner[k] = m
    end
  end
  table.sort(parts, function(a, b) return a.first < b.first end)
  local lo, hi = partial and parts[1].first or 0, partial and parts[#parts].last or first.n - 1
  local missing = {}
  for k = lo, hi do if not owner[k] then missing[#missing + 1] = k end end
  if #missing > 0 then
    return nil, string.format("shard%s %s of %d missing (rerun %s, then merge again)",
      #missing > 1 and "s" or "", ranges(missing), first.n,
      #missing > 1 and "those array tasks" or "that array task")
  end
  return parts
end

--- MERGE_SQL: what a merged store takes from each part, in order: the articles in their
-- order, then their mentions and KWIC rows (articles already merged from an earlier part
-- with the same text are kept where they are, as an ingest keeps an unchanged article; a
-- changed one replaces the earlier, as an ingest does).
local MERGE_SQL = [[
DELETE FROM main.mentions WHERE article_id IN (SELECT p.id FROM part.articles p
  JOIN main.articles m ON m.id = p.id AND m.hash IS NOT p.hash);
DELETE FROM main.kwic WHERE article_id IN (SELECT p.id FROM part.articles p
  JOIN main.articles m ON m.id = p.id AND m.hash IS NOT p.hash);
DELETE FROM main.articles WHERE id IN (SELECT p.id FROM part.articles p
  JOIN main.articles m ON m.id = p.id AND m.hash IS NOT p.hash);
CREATE TEMP TABLE fresh AS SELECT id FROM part.articles WHERE id NOT IN
  (SELECT id FROM main.articles);
INSERT INTO main.articles(id, title, date, date_raw, source, author, url, summary, body, meta,
  origin, hash, paragraphs, sentences, tokens)
  SELECT id, title, date, date_raw, source, author, url, summary, body, meta, origin, hash,
    paragraphs, sentences, tokens FROM part.articles WHERE id IN (SELECT id FROM temp.fresh)
  ORDER BY rowid;
INSERT INTO main.mentions SELECT * FROM part.mentions
  WHERE article_id IN (SELECT id FROM temp.fresh) ORDER BY rowid;
INSERT INTO main.kwic SELECT * FROM part.kwic
  WHERE article_id IN (SELECT id FROM temp.fresh) ORDER BY rowid;
INSERT OR IGNORE INTO main.entities SELECT * FROM part.entities;
DROP TABLE temp.fresh;
]]

--- merge_stores(db, parts): the articles and mentions of the parts' stores (manifests
-- from check, in order) into the store db, as one ingest of the whole corpus would have
-- written them; the entities, aliases and meta of the first part. Returns how many
-- articles were met in more than one part (their co-occurrences must then be counted
-- from the merged store), or raises.
function M.merge_stores(db, parts)
  local dup = 0
  for i, part in ipairs(parts) do
    local path = part.dir .. "/" .. M.STORE
    assert(db:exec("ATTACH DATABASE '" .. path:gsub("'", "''") .. "' AS part"))
    local ok, e = pcall(function()
      local r = db:first([[SELECT count(*) AS n FROM part.articles p
        JOIN main.articles m ON m.id = p.id]])
      dup = dup + r.n
      db:tx(function()
        assert(db:exec(MERGE_SQL))
        if i == 1 then
          assert(db:exec([[INSERT INTO main.aliases SELECT * FROM part.aliases ORDER BY rowid;
            INSERT OR REPLACE INTO main.meta SELECT * FROM part.meta;]]))
        end
      end)
    end)
    db:exec("DETACH DATABASE part")
    if not ok then error(path .. ": " .. tostring(e), 0) end
  end
  return dup
end

return M
