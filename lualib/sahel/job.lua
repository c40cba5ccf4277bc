--- sahel.job: the main job, run by analyze.lua: a corpus and a gazetteer in, every result
-- out (TEXT-SPEC §8 CSV files, results.xlsx for spreadsheets, a GraphML/DOT network, the
-- SQLite store with the full result, and report.html), with progress on a terminal, warnings summarised at the end, and outputs
-- replaced as a set (a failed run leaves the previous run's files as they were). The same
-- phases serve the runs of a cluster (docs/cluster.md): a shard run (--shard K/N) stops
-- after the store and writes a part (its store, its unfiltered co-occurrence tables and a
-- manifest); merge.lua adds up the parts and writes what one run over the corpus writes.
local sahel = require "sahel"
local cli = require "sahel.cli"
local report = require "sahel.report"
local store = sahel.store or require "sahel.store"
local shard = require "sahel.shard"
local words_of = require "sahel.report.words"

local M = {}

local KWIC_WIDTH = 8
local KWIC_SAMPLE = 5 -- KWIC lines per entity in the report

--- shard_option(v): --shard K/N as {K, N}.
local function shard_option(v)
  local k, n = shard.parse(v)
  if not k then return nil, n end
  return { k, n }
end

-- Options marked `part` change what is counted: the shards of one run must agree on them,
-- and merge.lua takes them from the parts' manifests (the others are its own to set).
local SPEC = cli.spec {
  name = "analyze.lua",
  usage = "sahelscript analyze.lua [options]",
  about = "Count entity mentions and co-occurrences in a news corpus; write the CSV files,\n"
    .. "a network, an SQLite store and report.html into the output directory.",
  { name = "out", arg = "DIR", type = "outdir", help = "output directory", default = "out" },
  { name = "context", arg = "UNIT", help = "sentence, paragraph, article or N (words)",
    check = cli.context, default = "sentence", part = true },
  { name = "by", arg = "PERIOD", help = "slice the co-occurrences by month, year, week or day",
    choices = { "month", "year", "week", "day" }, part = true },
  { name = "min-count", arg = "N", help = "leave out pairs seen fewer than N times",
    type = "int", min = 1, default = 1 },
  { name = "top", arg = "N", help = "entities and pairs shown in the summary and report",
    type = "int", min = 1, default = 15 },
  { name = "from", arg = "DATE", type = "date", help = "only articles dated on or after DATE (YYYY[-MM[-DD]])",
    part = true },
  { name = "to", arg = "DATE", type = "date", help = "only articles dated on or before DATE", part = true },
  { name = "source", arg = "NAMES", help = "only articles of these sources (comma-separated)",
    part = true },
  { name = "shard", arg = "K/N", help = "count shard K of N of the corpus only, for merge.lua " ..
      "(default in a Slurm job array: its task)", check = shard_option },
  -- Two by default: the workers analyze while the store's writer thread writes the rows
  -- of the articles before, in the corpus's order; then kwic.csv and articles.csv are
  -- copied beside the other passes, and the workbook compressed beside the last ones (the
  -- same outputs for every N). With 1, every pass runs in turn on one thread.
  { name = "threads", arg = "N", help = "threads analyzing articles (the store's writer " ..
      "has one more); with 1, everything runs on one thread", type = "int", min = 1,
    default = 2 },
  { name = "index", help = "build the store's full-text index now (else the first search does)",
    part = true },
  { name = "title", arg = "TEXT", help = "the title of report.html" },
  { name = "lang", arg = "LANG", help = "the language of report.html: en, fr or ar",
    choices = { "en", "fr", "ar" }, default = "en" },
  { name = "names", arg = "LANG", help = "ar: name each entity by its first Arabic alias " ..
      "in every output", choices = { "ar" }, part = true },
  { name = "excel", help = "CSV for Excel: UTF-8 BOM and CRLF line ends" },
  { name = "strict", help = "fail on any bad record instead of skipping it with a warning",
    part = true },
  { name = "terms", help = "also count the words: terms.csv, keyness.csv and the report's " ..
      "word panels (one pass over the text more; on SaudiNewsNet about 100 MB more memory)" },
  { name = "candidates", help = "also list the names the gazetteer lacks (sahel.discover: " ..
      "candidates.csv and a report section; about half a run more)" },
  { name = "quiet", help = "no progress and no summary on the terminal" },
  cli.ALLOW_EMPTY,
}
for _, o in ipairs(SPEC) do
  if o.name == "corpus" or o.name == "gazetteer" or o.name == "demonyms" or o.name == "encoding" then
    o.part = true
  end
end
M.SPEC = SPEC

--- fail(msg): print "analyze.lua: msg" and exit 1 (the outside world failed).
local function fail(msg) cli.die("analyze.lua", msg) end

--- must(v, msg): v, or raise msg (caught by main, which aborts the run).
local function must(v, msg)
  if v == nil or v == false then error({ msg = msg }, 0) end
  return v
end

--- split(s): the comma-separated names of s (nil when s is nil).
local function split(s)
  if not s then return nil end
  local t = {}
  for name in s:gmatch("[^,]+") do t[#t + 1] = name:match("^%s*(.-)%s*$") end
  return t
end

--- shard_of(o): the shard to count ({K, N}: --shard, else a Slurm job array's task), or
-- nil for the whole corpus; exits with a usage error when the array is not 0..N-1.
local function shard_of(o)
  if o.shard then return o.shard end
  local k, n = shard.from_env()
  if k == nil and n then
    io.stderr:write("analyze.lua: ", n, "\n")
    os.exit(2)
  end
  return k and { k, n } or nil
end

--- setup(o): the run: options, corpus (filtered), gazetteer, staging outputs, warnings.
local function setup(o)
  local run = { o = o, warnings = cli.warnings(), started = os.time() }
  o.shard = shard_of(o)
  run.shard = o.shard
  if o.shard then run.range = { o.shard[1], o.shard[1], o.shard[2] } end
  local corpus, gaz = cli.inputs(o, "analyze.lua", run.warnings.fn)
  if o.names == "ar" then sahel.gazetteer.arabic_names(gaz) end
  if o.from or o.to or o.source then
    corpus = corpus:filter { from = o.from, to = o.to, source = split(o.source) }
  end
  run.files = corpus:list()
  local out, msg = report.outdir(o.out, { warn = run.warnings.fn })
  if not out then fail(msg) end
  run.corpus, run.gaz, run.out = corpus, gaz, out
  return run
end

--- progress(run, label, total, total_bytes): a progress line for one pass (totals: nil
-- when unknown).
local function progress(run, label, total, total_bytes)
  return cli.progress({ quiet = run.o.quiet, label = label, total = total,
                        total_bytes = total_bytes })
end

--- FAST_BUILD: the store is new and lives in the staging directory until the whole run
-- succeeds (a crash leaves no store behind), so it is written without waiting for the disk
-- and with its rollback journal in memory (each page written once, where WAL writes it
-- twice; a failed run discards the file: docs/performance.md).
local FAST_BUILD = "PRAGMA journal_mode=MEMORY; PRAGMA synchronous=OFF"

--- stored(run, filtered): after the store is written: its full-text index when --index
-- asks for it, and the number of articles it holds (none: a warning).
local function stored(run, filtered)
  if run.o.index then
    local pi = progress(run, "full-text index")
    must(store.index(run.db, { progress = function(done, total)
      pi.total = total
      pi:update(done)
    end }))
    pi:done()
  end
  run.articles = run.db:first("SELECT count(*) AS n FROM articles").n
  if run.articles == 0 and not (run.o.allow_empty or run.shard or run.o.partial) then
    must(nil, cli.empty_reason(run.o, run.o.corpus or "the parts",
      "the previous outputs in " .. run.out.out .. " are"))
  elseif run.articles == 0 then
    run.warnings:add((run.o.corpus or "the parts") .. ": no article" ..
      (filtered and " passed --from/--to/--source" or " was read"))
  end
end

--- ingest(run): pass 1: the articles and their mentions into the store (sahel.sqlite).
local function ingest(run)
  local corpus = run.corpus
  local filtered = run.o.from or run.o.to or run.o.source
  local size = not filtered and corpus:bytes() or nil
  if size == 0 then size = nil end -- a store: its size says little about its text
  local p = progress(run, "reading", nil, size)
  must(run.db:exec(FAST_BUILD))
  -- The corpus itself, read by the workers (JSON parsed in parallel); the mentions with
  -- demonyms are counted on the way for the report's note (mentions_with_demonyms).
  local stats, msg = store.ingest(run.db, corpus, run.gaz,
    { threads = run.o.threads, demonyms = run.o.demonyms, warn = run.warnings.fn,
      kwic = KWIC_WIDTH, with_demonyms = not run.o.demonyms,
      progress = function(c) p:update(c.seen, c.bytes) end })
  p:done()
  run.encodings = corpus:stats().encodings
  corpus:close()
  run.ingest = must(stats, msg)
  stored(run, filtered)
end

--- merge_parts(run): pass 1 of a merge: the stores of the parts, in shard order, into the
-- store, as one ingest of the corpus would have written them.
local function merge_parts(run)
  must(run.db:exec(FAST_BUILD))
  local ok, dup = pcall(shard.merge_stores, run.db, run.parts)
  run.duplicates = must(ok and dup, dup)
  stored(run, run.o.from or run.o.to or run.o.source)
end

--- stored_corpus(run): the articles of the store, read back as a corpus (the KWIC pass reads
-- them from there: the same articles as the counts, already filtered).
local function stored_corpus(run)
  return must(sahel.corpus.open(run.store_path))
end

--- day_number(iso): days since 1970-01-01 of the date "YYYY-MM-DD" (nil for anything else).
local day_number = require("sahel.report.periods").day_number

--- timeline_by(run): the periods of the report's timeline: --by, else months, or ISO weeks
-- when the dated articles span less than 92 days (months would give one or two points).
local function timeline_by(run)
  if run.o.by then return run.o.by end
  local r = run.db:first("SELECT min(date) AS first, max(date) AS last FROM articles")
  local first, last = day_number(r and r.first), day_number(r and r.last)
  if first and last and last - first < 92 then return "week" end
  return "month"
end

--- PART_PERIODS: what a part's tables are sliced by when --by is not given: the merge
-- picks the report's timeline (timeline_by) once it sees every date.
local PART_PERIODS = { "month", "week" }

--- part_table(period): the file name of a part's co-occurrence table sliced by period.
local function part_table(period) return "cooc-" .. period .. ".sqlite" end

--- pair_table(run, period): the co-occurrence table sliced by period: counted from the
-- store, or in a merge whose parts share no article, the sum of the parts' tables.
local function pair_table(run, period)
  local o = run.o
  if run.parts and run.duplicates == 0 then
    local co
    for _, part in ipairs(run.parts) do
      local t = must(sahel.cooc.load(part.dir .. "/" .. part_table(period)))
      if co then co:merge(t); t:close() else co = t end
    end
    return co
  end
  return must(sahel.cooc.from_store(run.db, run.gaz, { context = o.context, by = period,
    demonyms = o.demonyms, warn = run.warnings.fn }))
end

--- NODE_COLUMNS: the columns of network_nodes.csv.
local NODE_COLUMNS = { "entity_id", "type", "name", "mentions", "degree", "strength",
  "betweenness", "community" }

--- network_nodes(run, sel): network_nodes.csv, the nodes of network.graphml with their
-- network measures (co:network), and each entity's community for the report's heatmap.
local function network_nodes(run, sel)
  local nodes = must(run.whole:network(sel))
  local w = must(sahel.csv.writer(run.out:path("network_nodes.csv"), { columns = NODE_COLUMNS,
    excel = run.o.excel }))
  run.nodes = {}
  for _, n in ipairs(nodes) do
    n.entity_id = n.id
    w:write(n)
    run.nodes[n.id] = n
  end
  must(w:close())
end

--- cooccurrence(run): pass 2: co-occurrence tables (by period: --by, or months for the
-- report's timeline) counted from the mentions and positions the store holds, without
-- analyzing the articles again.
local function cooccurrence(run)
  run.period = timeline_by(run)
  local co = pair_table(run, run.period)
  run.sliced, run.whole = co, co:collapse()
  run.csv_table = run.o.by and co or run.whole
end

--- network_files(run): cooccurrence.csv, the networks and their nodes' measures.
local function network_files(run)
  local o = run.o
  local sel = { min_count = o.min_count }
  must(run.csv_table:to_csv(run.out:path("cooccurrence.csv"), { min_count = o.min_count,
    excel = o.excel }))
  must(run.whole:to_graphml(run.out:path("network.graphml"), { min_count = o.min_count,
    network = true }))
  must(run.whole:to_dot(run.out:path("network.dot"), sel))
  network_nodes(run, sel)
end

--- PAIR_COLUMNS: the columns of cooccurrence.csv (TEXT-SPEC §8) after `period`.
local PAIR_COLUMNS = { "entity_a", "entity_b", "name_a", "name_b", "count", "count_a",
  "count_b", "contexts", "pmi", "npmi", "dice", "jaccard", "llr" }

--- pair_values(p): the values of pair row p in PAIR_COLUMNS order.
local function pair_values(p)
  return p.a, p.b, p.name_a, p.name_b, p.count, p.count_a, p.count_b, p.contexts, p.pmi,
    p.npmi, p.dice, p.jaccard, p.llr
end

--- COLUMNS: the columns of the tables that results.xlsx holds (those of the CSV files, and
-- the periods sheet's).
local COLUMNS = {
  entities = { "entity_id", "type", "name", "mentions", "articles" },
  articles = { "article_id", "date", "source", "title", "paragraphs", "sentences", "tokens",
    "mentions" },
  kwic = { "article_id", "entity_id", "left", "match", "right" },
  periods = { "period", "entity_id", "type", "name", "mentions", "count", "contexts" },
}

--- ANALYSIS_SCHEMA: the tables the main job adds to the store (docs/formats.md).
local ANALYSIS_SCHEMA = [[
CREATE TABLE cooccurrence(period TEXT, entity_a TEXT, entity_b TEXT, name_a TEXT,
  name_b TEXT, count INTEGER, count_a INTEGER, count_b INTEGER, contexts INTEGER, pmi REAL,
  npmi REAL, dice REAL, jaccard REAL, llr REAL);
CREATE TABLE pairs(entity_a TEXT, entity_b TEXT, name_a TEXT, name_b TEXT, count INTEGER,
  count_a INTEGER, count_b INTEGER, contexts INTEGER, pmi REAL, npmi REAL, dice REAL,
  jaccard REAL, llr REAL);
CREATE TABLE kwic(article_id TEXT, entity_id TEXT, left TEXT, match TEXT, right TEXT);
CREATE TABLE analysis(key TEXT PRIMARY KEY, value);
]]

--- insert_rows(db, sql, rows, fn): run the insert sql once per row with fn(row)'s values.
local function insert_rows(db, sql, rows, fn)
  local st = must(db:prepare(sql))
  for _, r in ipairs(rows) do must(st:exec(fn(r))) end
  st:close()
end

--- store_pairs(run): the co-occurrence tables into the store: `cooccurrence` as the CSV
-- (by period with --by), `pairs` for the whole corpus.
local function store_pairs(run)
  local db, sel = run.db, { min_count = run.o.min_count }
  local by, sheet = run.o.by, run.sheets.cooccurrence
  db:tx(function()
    insert_rows(db, "INSERT INTO cooccurrence VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
      run.csv_table:select(sel), function(p)
        if by then sheet:write(table.pack(p.period, pair_values(p)))
        else sheet:write(table.pack(pair_values(p))) end
        return by and p.period or nil, pair_values(p)
      end)
    insert_rows(db, "INSERT INTO pairs VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
      run.whole:select(sel), pair_values)
  end)
end

--- ENTITIES_SQL: entities.csv (TEXT-SPEC §8): every entity of the gazetteer.
local ENTITIES_SQL = [[
SELECT e.id AS entity_id, e.type AS type, e.name AS name, count(m.entity_id) AS mentions,
       count(DISTINCT m.article_id) AS articles
FROM entities e LEFT JOIN mentions m ON m.entity_id = e.id
GROUP BY e.id ORDER BY mentions DESC, e.id]]

--- MENTIONS_SQL: mentions.csv, in corpus order, then text order. The articles are walked
-- in order and each one's mentions sorted (CROSS JOIN fixes that plan): SQLite would
-- otherwise sort every mention of the store at once, in memory that grows with the corpus.
local MENTIONS_SQL = [[
SELECT m.article_id AS article_id, m.entity_id AS entity_id, m.alias AS alias,
       m.surface AS surface, m.paragraph AS paragraph, m.sentence AS sentence,
       m.token AS token, m.byte_start AS byte_start, m.byte_end AS byte_end
FROM articles a CROSS JOIN mentions m ON m.article_id = a.id
ORDER BY a.rowid, m.byte_start]]

--- ARTICLES_SQL: articles.csv, in corpus order.
local ARTICLES_SQL = [[
SELECT a.id AS article_id, a.date AS date, a.source AS source, a.title AS title,
       a.paragraphs AS paragraphs, a.sentences AS sentences, a.tokens AS tokens,
       (SELECT count(*) FROM mentions m WHERE m.article_id = a.id) AS mentions
FROM articles a ORDER BY a.rowid]]

--- to_csv(run, name, columns, fill): output `name` (columns in that order) written by
-- fill(w), a sahel.csv writer; discarded when fill raises.
local function to_csv(run, name, columns, fill)
  local w = must(sahel.csv.writer(run.out:path(name), { columns = columns,
    excel = run.o.excel }))
  local ok, e = pcall(fill, w)
  if not ok then w:abort(); error(e, 0) end
  must(w:close())
end

--- query_csv(run, name, sql, columns, sheet): the rows of sql into output `name` and into
-- the workbook's sheet (when given); returns them.
local function query_csv(run, name, sql, columns, sheet)
  local kept = {}
  to_csv(run, name, columns, function(w)
    for row in run.db:rows(sql) do
      w:write(row)
      if sheet then sheet:write(row) end
      kept[#kept + 1] = row
    end
  end)
  return kept
end

--- start_copy(run, name, sql, columns, sheet, threaded): the rows of sql (its columns:
-- `columns`) into output `name` and into the workbook's sheet (when given), in C without a
-- Lua table per row, in a thread of its own when threaded (w:start_copy); finish_copy
-- commits it. The copy's writer and sheet are its own until then.
local function start_copy(run, name, sql, columns, sheet, threaded)
  local w = must(sahel.csv.writer(run.out:path(name), { columns = columns,
    excel = run.o.excel }))
  local job = { w = w }
  job.copy = must(w:start_copy(run.db, sql, sheet, { thread = threaded }))
  run.copies[#run.copies + 1] = job
  return job
end

--- end_copy(job): wait for the copy of start_copy (its writer and sheet are then free
-- again); its file is discarded when it failed. true, or false and what failed.
local function end_copy(job)
  local ok, e = pcall(job.copy.wait, job.copy)
  job.done = true
  if not ok then job.w:abort() end
  return ok, e
end

--- finish_copy(job): end_copy, and its file committed. What failed is raised as the
-- run's message (an SQL error, an interruption by --timeout, a full disk), not as a bug
-- with a traceback.
local function finish_copy(job)
  must(end_copy(job))
  must(job.w:close())
end

--- abandon_copies(run): after a failure, wait for the copies still running and discard
-- their files (their writers and sheets are then free to abort).
local function abandon_copies(run)
  for _, job in ipairs(run.copies or {}) do
    if not job.done and end_copy(job) then job.w:abort() end
  end
end

--- copy_csv(run, name, sql, columns, sheet): start_copy and finish_copy on this thread.
local function copy_csv(run, name, sql, columns, sheet)
  finish_copy(start_copy(run, name, sql, columns, sheet, false))
end

--- MENTION_COLUMNS: the columns of mentions.csv (TEXT-SPEC §8).
local MENTION_COLUMNS = { "article_id", "entity_id", "alias", "surface", "paragraph",
  "sentence", "token", "byte_start", "byte_end" }

--- entities(run): entities.csv from the store, with its sheet.
local function entities(run)
  run.entities = query_csv(run, "entities.csv", ENTITIES_SQL, COLUMNS.entities,
    run.sheets.entities)
end

--- KWIC_SQL: the store's kwic table (cut by the ingest, in corpus and text order; its rows
-- are written and deleted with their article's).
local KWIC_SQL = [[
SELECT article_id, entity_id, left, match, right FROM kwic ORDER BY rowid]]

--- KWIC_SAMPLE_SQL: the kwic rows of the entities %s (SQL parameters), in the same order,
-- each with its article's id, date and source (the row is its own article for the sampler).
local KWIC_SAMPLE_SQL = [[
SELECT k.article_id AS article_id, k.entity_id AS entity_id, k.left AS left,
       k.match AS match, k.right AS right, a.id AS id, a.date AS date, a.source AS source
FROM kwic k JOIN articles a ON a.id = k.article_id WHERE k.entity_id IN (%s)
ORDER BY k.rowid]]

--- kwic_sample(run): the report's KWIC lines (sahel.report.sample): up to KWIC_SAMPLE of
-- each of the --top most mentioned entities, spread across sources and articles, from
-- their rows of the kwic table (the sampler takes no other).
local function kwic_sample(run)
  local wanted, ids = {}, {}
  for i = 1, math.min(run.o.top, #run.entities) do
    ids[i] = run.entities[i].entity_id
    wanted[ids[i]] = true
  end
  local sample = report.sampler { n = KWIC_SAMPLE, seed = report.defaults.seed,
    entities = wanted }
  if #ids > 0 then
    local marks = string.rep("?", #ids, ",")
    for r in run.db:rows(KWIC_SAMPLE_SQL:format(marks), table.unpack(ids)) do
      sample:add(r, r)
    end
  end
  return sample:rows()
end

--- start_copies(run): kwic.csv (every mention with KWIC_WIDTH words each side, cut by the
-- ingest into the store's kwic table) and articles.csv, with their sheets, copied in
-- threads of their own while the next passes run (with one thread: now, in turn);
-- finish_copies(run) waits for them.
local function start_copies(run)
  local threaded = run.o.threads > 1
  start_copy(run, "kwic.csv", KWIC_SQL, COLUMNS.kwic, run.sheets.kwic, threaded)
  start_copy(run, "articles.csv", ARTICLES_SQL, COLUMNS.articles, run.sheets.articles,
    threaded)
end

--- finish_copies(run): every copy still running finished, its file committed.
local function finish_copies(run)
  for _, job in ipairs(run.copies) do
    if not job.done then finish_copy(job) end
  end
end

--- TERMS_COLUMNS, KEYNESS_COLUMNS: the columns of terms.csv and keyness.csv.
local TERMS_COLUMNS = { "period", "term", "count", "articles", "per_10k" }
local KEYNESS_COLUMNS = { "entity_id", "name", "term", "a", "b", "g2", "chi2", "log_ratio" }

--- top_ids(run, n): the ids of the n most mentioned entities (at least one mention).
local function top_ids(run, n)
  local ids = {}
  for i = 1, math.min(n, #run.entities) do
    if run.entities[i].mentions > 0 then ids[#ids + 1] = run.entities[i].entity_id end
  end
  return ids
end

--- write_rows(run, name, columns, groups, fn): output `name`: for each group g of
-- groups, the rows g.terms, each with fn(g, row)'s fields added.
local function write_rows(run, name, columns, groups, fn)
  local w = must(sahel.csv.writer(run.out:path(name), { columns = columns,
    excel = run.o.excel }))
  for _, g in ipairs(groups) do
    for _, r in ipairs(g.terms) do w:write(fn(g, r)) end
  end
  must(w:close())
end

--- words(run): with --terms, pass 3: the terms of the stored articles, counted once (sahel.report.words):
-- terms.csv (the top terms of each month, or year with --by year or a long corpus),
-- keyness.csv (the key terms of the articles mentioning each of the most mentioned
-- entities) and the report's word panels.
local function words(run)
  local corpus = stored_corpus(run)
  local ids = top_ids(run, words_of.defaults.entities)
  run.words = must(words_of.compute(run.db, corpus, ids, { by = run.o.by == "year" and "year",
    threads = run.o.threads, warn = run.warnings.fn }))
  corpus:close()
  write_rows(run, "terms.csv", TERMS_COLUMNS, run.words.terms, function(g, r)
    r.period = g.period
    return r
  end)
  local names = {}
  for _, e in ipairs(run.entities) do names[e.entity_id] = e.name end
  write_rows(run, "keyness.csv", KEYNESS_COLUMNS, run.words.keyness, function(g, r)
    r.entity_id, r.name = g.entity, names[g.entity]
    return r
  end)
end

--- CANDIDATES: the rows of candidates.csv (the report shows its own number of them).
local CANDIDATES = 100

--- candidates(run): with --candidates, candidates.csv: the names the gazetteer lacks
-- (sahel.discover.candidates over the stored articles, as in a merge), best first.
local function candidates(run)
  local corpus = stored_corpus(run)
  run.candidates = must(sahel.discover.candidates(corpus, run.gaz, { top = CANDIDATES,
    threads = run.o.threads, warn = run.warnings.fn }))
  corpus:close()
  must(sahel.csv.write(run.out:path("candidates.csv"), run.candidates,
    { columns = sahel.discover.columns, excel = run.o.excel }))
end

--- timeline(run, top): the mentions of the entities `top` per period of the sliced table
-- (the report's timeline).
local function timeline(run, top)
  local rows = {}
  for _, period in ipairs(run.sliced:periods()) do
    for _, e in ipairs(top) do
      local _, mentions = run.sliced:marginal(e.entity_id, period)
      if mentions > 0 then
        rows[#rows + 1] = { period = period, entity = e.entity_id, mentions = mentions }
      end
    end
  end
  return rows
end

--- shown(path): path as the report shows it: relative to the toolkit's data directory for
-- the bundled inputs.
local function shown(path)
  local data = (sahel.datadir or "") .. "/"
  if path:sub(1, #data) == data then return path:sub(#data + 1) .. " (bundled)" end
  return path
end

--- summary_data(run): the corpus summary of the report and of the terminal.
local function summary_data(run)
  local s = run.db:first([[SELECT count(*) AS articles, count(DISTINCT source) AS sources,
    min(date) AS date_from, max(date) AS date_to, sum(date IS NULL) AS undated,
    sum(paragraphs) AS paragraphs, sum(sentences) AS sentences, sum(tokens) AS tokens
    FROM articles]])
  local m = run.db:first([[SELECT count(*) AS mentions, count(DISTINCT entity_id) AS entities
    FROM mentions]])
  s.mentions, s.entities = m.mentions, m.entities
  s.pairs = #run.whole:select({ min_count = run.o.min_count })
  s.context = run.o.context -- a word, or the words of a window: the report says which
  s.by = run.o.by
  s.names = run.o.names and "ar" or nil
  s.corpus, s.gazetteer = shown(run.o.corpus), shown(run.o.gazetteer)
  return s
end

--- period_articles(run): the articles of each period of the timeline: an array of
-- {period, articles} (the report's rates per 100 articles).
local function period_articles(run)
  local n, order = {}, {}
  for r in run.db:rows("SELECT date, count(*) AS n FROM articles GROUP BY date") do
    local p = sahel.cooc.period(run.period, r.date)
    if not n[p] then n[p] = 0; order[#order + 1] = p end
    n[p] = n[p] + r.n
  end
  table.sort(order)
  local out = {}
  for i, p in ipairs(order) do out[i] = { period = p, articles = n[p] } end
  return out
end

--- mentions_with_demonyms(run): the mentions of the stored articles with the demonyms
-- counted too: counted by the ingest (unless it replaced an article: the count holds both
-- versions), else one count pass over them (in C); in a merge the sum of what the parts
-- recorded (a merge reads no text).
local function mentions_with_demonyms(run)
  local ingested = run.ingest
  if ingested and ingested.with_demonyms and ingested.replaced == 0 then
    return ingested.with_demonyms
  end
  if run.parts then
    local sum = 0
    for _, part in ipairs(run.parts) do sum = sum + part.demonym_mentions end
    return sum
  end
  local corpus = stored_corpus(run)
  local counts = must(run.gaz:count(corpus, { demonyms = true, threads = run.o.threads }))
  corpus:close()
  local with = 0
  for _, c in pairs(counts) do with = with + c.mentions end
  return with
end

--- demonyms(run): whether demonyms were counted, and how many mentions they made (counted)
-- or would add (a count of the stored articles with them: one more pass, in C).
local function demonyms(run)
  local total = run.summary.mentions
  if run.o.demonyms then
    local r = run.db:first("SELECT count(*) AS n FROM mentions WHERE flags & 2 <> 0")
    return { counted = true, mentions = r.n, total = total }
  end
  return { counted = false, mentions = mentions_with_demonyms(run) - total, total = total }
end

--- report_data(run): the data table of report.html (docs/api.md sahel.report.html).
local function report_data(run)
  local entities, top = {}, {}
  for i, e in ipairs(run.entities) do
    local n = run.nodes[e.entity_id] or {}
    entities[i] = { id = e.entity_id, type = e.type, name = e.name, mentions = e.mentions,
                    articles = e.articles, community = n.community, degree = n.degree,
                    strength = n.strength, betweenness = n.betweenness }
    if i <= run.o.top and e.mentions > 0 then top[#top + 1] = e end
  end
  return { summary = run.summary, entities = entities, pairs = run.whole:select(),
           timeline = timeline(run, top), kwic = run.kwic, kwic_seed = report.defaults.seed,
           period_name = run.period, periods = period_articles(run), demonyms = demonyms(run),
           terms = run.words and run.words.terms, terms_by = run.words and run.words.by,
           keyness = run.words and run.words.keyness,
           candidates = run.candidates }
end

--- write_report(run): report.html and the analysis table of the store.
local function write_report(run)
  local top = run.o.top
  must(report.write(run.out:path("report.html"), report_data(run), { bars = top,
    heatmap = top, table = top, edges = 2 * top, series = math.min(top, 8),
    kwic = KWIC_SAMPLE, title = run.o.title, lang = run.o.lang, order = report.community_order,
    generated = "sahelscript " .. sahel.version .. ", " .. os.date("!%Y-%m-%d %H:%M UTC") }))
  local o = run.o
  insert_rows(run.db, "INSERT INTO analysis VALUES (?, ?)", {
    { "version", sahel.version }, { "corpus", o.corpus }, { "gazetteer", o.gazetteer },
    { "context", tostring(o.context) }, { "by", o.by }, { "demonyms", o.demonyms and 1 or 0 },
    { "min_count", o.min_count }, { "from", o.from }, { "to", o.to }, { "source", o.source },
    { "encoding", o.encoding }, { "encodings_detected", cli.encodings(run.encodings) },
    { "title", o.title }, { "lang", o.lang }, { "names", o.names },
  }, table.unpack)
end

--- open_workbook(run): results.xlsx and its sheets in tab order (about first; periods with
-- --by); each pass fills its sheet from the rows it writes to the CSV file.
local function open_workbook(run)
  local wb = must(sahel.xlsx.open(run.out:path("results.xlsx")))
  local function sheet(name, columns, rtl)
    return wb:sheet(name, nil, { columns = columns, rtl = rtl })
  end
  local by = run.o.by
  run.wb = wb
  run.sheets = {
    about = sheet("about", { "item", "value" }, false),
    entities = sheet("entities", COLUMNS.entities),
    cooccurrence = sheet("cooccurrence", by and { "period", table.unpack(PAIR_COLUMNS) }
      or PAIR_COLUMNS),
    articles = sheet("articles", COLUMNS.articles),
    kwic = sheet("kwic", COLUMNS.kwic),
    periods = by and sheet("periods", COLUMNS.periods) or nil,
  }
end

--- periods_sheet(run): with --by, each entity's mentions in each period, from the sliced
-- table: mentions, count (contexts holding it) and contexts (of the period).
local function periods_sheet(run)
  local sheet, co = run.sheets.periods, run.sliced
  if not sheet then return end
  for _, period in ipairs(co:periods()) do
    local rows, contexts = {}, co:contexts(period)
    for _, e in ipairs(run.entities) do
      local count, mentions = co:marginal(e.entity_id, period)
      if mentions > 0 then
        rows[#rows + 1] = { period = period, entity_id = e.entity_id, type = e.type,
          name = e.name, mentions = mentions, count = count, contexts = contexts }
      end
    end
    table.sort(rows, function(x, y)
      if x.mentions ~= y.mentions then return x.mentions > y.mentions end
      return x.entity_id < y.entity_id
    end)
    for _, r in ipairs(rows) do sheet:write(r) end
  end
end

--- shell_words(args): args as one command line (quoted where the shell would need it).
local function shell_words(args)
  local words = {}
  for i, a in ipairs(args or {}) do
    words[i] = a:find("^[%w%-%./=:,_+@]+$") and a or "'" .. a:gsub("'", "'\\''") .. "'"
  end
  return table.concat(words, " ")
end

--- SHEET_ORDER: the sheets that may be cut, in tab order.
local SHEET_ORDER = { "entities", "cooccurrence", "articles", "kwic", "periods" }

--- cut_notes(run, rows): a note on the about sheet for each sheet that could not hold
-- every row or every character (the xlsx limits); the CSV files hold them all.
local function cut_notes(run, rows)
  for _, name in ipairs(SHEET_ORDER) do
    local c = run.sheets[name] and run.sheets[name]:counts()
    local whole = name == "periods" and "" or "; " .. name .. ".csv holds every row"
    if c and c.cut_rows > 0 then
      rows[#rows + 1] = { "note", string.format("%s: the last %d of %d rows are left out " ..
        "(a sheet holds %d rows with its header)%s", name, c.cut_rows, c.rows - 1 + c.cut_rows,
        c.rows, whole) }
    end
    if c and c.cut_texts > 0 then
      rows[#rows + 1] = { "note", string.format("%s: %d cells cut at 32767 characters " ..
        "(the xlsx limit); the CSV files hold them whole", name, c.cut_texts) }
    end
  end
end

--- SUMMARY_ROWS: the keys of the run's summary shown on the about sheet.
local SUMMARY_ROWS = { "articles", "sources", "date_from", "date_to", "undated", "paragraphs",
  "sentences", "tokens", "mentions", "entities", "pairs" }

--- about_rows(run): the about sheet: the version and date of the run, notes on cut sheets
-- (first, where they are seen), the command line, every option's value (corpus and
-- gazetteer first), the encodings detected, and what the run read.
local function about_rows(run)
  local o = run.o
  local rows = { { "sahelscript", sahel.version },
    { "date", os.date("!%Y-%m-%d %H:%M:%S UTC", run.started) } }
  cut_notes(run, rows)
  rows[#rows + 1] = { "command", "sahelscript " .. run.script .. " " .. shell_words(run.args) }
  rows[#rows + 1] = { "--corpus", shown(o.corpus) }
  rows[#rows + 1] = { "--gazetteer", shown(o.gazetteer) }
  for _, opt in ipairs(SPEC) do
    local v = o[(opt.name:gsub("%-", "_"))]
    if type(v) == "boolean" or (v == nil and not opt.arg) then v = v and "yes" or "no" end
    if opt.name ~= "corpus" and opt.name ~= "gazetteer" then
      rows[#rows + 1] = { "--" .. opt.name, v == nil and "" or v }
    end
  end
  local detected = cli.encodings(run.encodings) -- files that were not UTF-8 (--encoding auto)
  if detected then rows[#rows + 1] = { "encodings detected", detected } end
  for _, k in ipairs(SUMMARY_ROWS) do rows[#rows + 1] = { k, run.summary[k] or "" } end
  return rows
end

--- finish_workbook(run): the periods and about sheets; then, with threads to spare,
-- results.xlsx is written in a thread of its own while the report is made (else
-- run.wb:close() writes it at the end).
local function finish_workbook(run)
  periods_sheet(run)
  for _, r in ipairs(about_rows(run)) do run.sheets.about:write(r) end
  if run.o.threads > 1 then run.wb:finish() end
end

--- part_options(o): the options of SPEC marked `part` that o sets, as command-line
-- values (flags: "true"), the corpus and gazetteer left out (the manifest names them).
local function part_options(o)
  local t = {}
  for _, opt in ipairs(SPEC) do
    local v = o[(opt.name:gsub("%-", "_"))]
    if opt.part and v ~= nil and v ~= false and opt.name ~= "corpus" and
        opt.name ~= "gazetteer" then
      t[opt.name] = opt.arg and tostring(v) or "true"
    end
  end
  return t
end

--- gazetteer_fingerprint(gaz, demonyms): what the store records of the gazetteer (its rows
-- and the match options: store.ingest's meta `gazetteer`), from an empty ingest.
local function gazetteer_fingerprint(gaz, demonyms)
  local db = must(store.open(":memory:"))
  must(store.ingest(db, {}, gaz, { demonyms = demonyms }))
  local r = db:first("SELECT value FROM meta WHERE key = 'gazetteer'")
  db:close()
  return r and r.value
end

--- write_part(run): a part, beside the store (a shard run's, or a merge's, so that merges
-- merge again): its unfiltered co-occurrence tables (by --by, or by each of PART_PERIODS)
-- and its manifest.
local function write_part(run)
  local o = run.o
  for _, period in ipairs(o.by and { o.by } or PART_PERIODS) do
    local co = pair_table(run, period)
    must(co:save(run.out:path(part_table(period))))
    co:close()
  end
  must(report.write_file(run.out:path(shard.MANIFEST), shard.manifest_text {
    first = run.range[1], last = run.range[2], n = run.range[3], corpus = o.corpus,
    files = run.files, articles = run.articles,
    demonym_mentions = not o.demonyms and mentions_with_demonyms(run) or nil,
    gazetteer = { path = o.gazetteer, fingerprint = gazetteer_fingerprint(run.gaz, o.demonyms) },
    options = part_options(o),
  }))
end

--- analyze(run): every pass and every output, into the staging directory.
local function analyze(run)
  run.copies = {}
  run.store_path = run.out:path("sahel.sqlite")
  run.db = must(store.open(run.store_path))
  must(run.db:exec(ANALYSIS_SCHEMA))
  if not run.shard then open_workbook(run) end
  if run.parts then merge_parts(run) else ingest(run) end
  if not run.shard then
    -- The store is read by the copies' own connections from here on, while this one
    -- still writes: in WAL mode, readers and the writer do not wait for each other.
    must(run.db:exec("PRAGMA journal_mode=WAL"))
    -- The workbook's sheets first, so that it is compressed (in a thread of its own, with
    -- threads to spare) while the outputs without a sheet are made.
    start_copies(run)
    cooccurrence(run)
    store_pairs(run)
    entities(run)
    run.summary = summary_data(run)
    finish_copies(run)
    finish_workbook(run)
    run.kwic = kwic_sample(run)
    if run.o.terms then words(run) end
    if run.o.candidates then candidates(run) end
    copy_csv(run, "mentions.csv", MENTIONS_SQL, MENTION_COLUMNS)
    network_files(run)
    write_report(run)
  end
  if run.range then write_part(run) end
  must(run.db:exec("PRAGMA journal_mode=DELETE"))
  run.db:close()
  if run.wb then must(run.wb:close()) end
end

--- print_summary(run): what the run found, and where the files are.
local function print_summary(run)
  local s, out = run.summary, {}
  out[#out + 1] = string.format("Corpus: %d articles from %d sources, %s to %s; %d tokens.",
    s.articles, s.sources, s.date_from or "?", s.date_to or "?", s.tokens or 0)
  out[#out + 1] = string.format("Entities: %d mentioned, %d mentions. Top:", s.entities,
    s.mentions)
  for i = 1, math.min(10, run.o.top, #run.entities) do
    local e = run.entities[i]
    if e.mentions > 0 then
      out[#out + 1] = string.format("  %6d  %s (%s)", e.mentions, e.name, e.entity_id)
    end
  end
  local c = s.context
  out[#out + 1] = string.format("Strongest pairs (%s):",
    math.type(c) == "integer" and string.format("window of %d words", c) or c)
  local strongest = report.strongest({ pairs = run.whole:select() }, math.min(10, run.o.top))
  for _, p in ipairs(strongest) do
    out[#out + 1] = string.format("  %6d  %s - %s (npmi %.2f)", p.count, p.name_a, p.name_b,
      p.npmi)
  end
  out[#out + 1] = string.format("Outputs in %s/: report.html, results.xlsx (open this one" ..
    " in a spreadsheet), entities.csv, cooccurrence.csv, mentions.csv, kwic.csv, articles.csv," ..
    " network.graphml, network.dot, network_nodes.csv," ..
    (run.words and " terms.csv, keyness.csv," or "") ..
    (run.candidates and " candidates.csv," or "") .. " sahel.sqlite", run.out.out)
  out[#out + 1] = string.format("Done in %s.", cli.duration(os.time() - run.started))
  print(table.concat(out, "\n"))
end

--- run_job(run): every pass into the staging directory, then the outputs committed (the
-- previous ones left as they were when anything failed).
local function run_job(run)
  local ok, e = xpcall(analyze, function(x)
    return type(x) == "table" and x or debug.traceback(x, 2)
  end, run)
  if not ok then
    abandon_copies(run)
    if run.wb then run.wb:abort() end
    run.out:abort()
    io.stderr:write(run.warnings:summary())
    cli.die(run.script, type(e) == "table" and e.msg or e)
  end
  local committed, msg = run.out:commit()
  if not committed then cli.die(run.script, msg) end
  io.stderr:write(run.warnings:summary())
  if run.o.quiet then return end
  if run.shard then
    print(string.format("Shard %d of %d: %d articles%s; part in %s/.", run.shard[1],
      run.shard[2], run.articles, run.articles == 0 and " (an empty shard)" or "", run.out.out))
    return
  end
  print_summary(run)
end

--- main(args): analyze.lua: parse, run, commit the outputs or leave the previous ones.
function M.main(args)
  local run = setup(cli.options(args, SPEC))
  run.script, run.args = "analyze.lua", args
  run_job(run)
end

--- merge_spec(): merge.lua's options: the part directories, --out, and those of SPEC
-- that the parts do not fix.
local function merge_spec()
  local t = { name = "merge.lua", positional = true,
    usage = "sahelscript merge.lua PART_DIR... --out DIR [options]",
    about = "Merge the parts that analyze.lua --shard K/N wrote (shards 0 to N-1 of one " ..
      "corpus, each once)\ninto the outputs one analyze.lua run over the whole corpus " ..
      "writes. PART_DIR may be a glob.",
    { name = "partial", help = "merge consecutive shards only (a part to merge again later)" } }
  for _, o in ipairs(SPEC) do
    if not o.part and o.name ~= "shard" then t[#t + 1] = o end
  end
  return t
end
M.merge_spec = merge_spec

--- part_dirs(o): the part directories named by merge.lua's arguments (globs expanded).
local function part_dirs(o)
  local dirs = {}
  for _, a in ipairs(o) do
    local matched = a:find("[*?[]") and sahel.corpus.glob(a) or { a }
    if #matched == 0 then cli.die("merge.lua", a .. ": no part directory matches") end
    table.move(matched, 1, #matched, #dirs + 1, dirs)
  end
  return dirs
end

--- merge_setup(o, parts): the run of a merge: the options the parts were counted with
-- (their manifests) under o's own, their gazetteer (checked against their fingerprint),
-- staging outputs.
local function merge_setup(o, parts)
  local first, args = parts[1], {}
  for name, v in pairs(first.options) do
    args[#args + 1] = "--" .. name
    if v ~= "true" then args[#args + 1] = v end
  end
  local counted = assert(cli.parse(args, SPEC))
  for _, opt in ipairs(SPEC) do
    local k = opt.name:gsub("%-", "_")
    if opt.part then o[k] = counted[k] end
  end
  o.corpus, o.gazetteer = first.corpus, first.gazetteer.path
  local run = { o = o, parts = parts, warnings = cli.warnings(), started = os.time(),
    script = "merge.lua", files = first.files,
    range = { parts[1].first, parts[#parts].last, first.n } }
  local gaz, msg = sahel.gazetteer.load(o.gazetteer, { strict = o.strict, warn = run.warnings.fn })
  if not gaz then cli.die("merge.lua", msg) end
  if o.names == "ar" then sahel.gazetteer.arabic_names(gaz) end
  if gazetteer_fingerprint(gaz, o.demonyms) ~= first.gazetteer.fingerprint then
    cli.die("merge.lua", o.gazetteer .. ": the gazetteer changed since the shards were counted")
  end
  local out
  out, msg = report.outdir(o.out, { warn = run.warnings.fn })
  if not out then cli.die("merge.lua", msg) end
  run.gaz, run.out = gaz, out
  return run
end

--- merge_main(args): merge.lua: check the parts, merge them, commit the outputs.
function M.merge_main(args)
  local o = cli.options(args, merge_spec())
  local parts, msg = shard.check(part_dirs(o), o.partial)
  if not parts then cli.die("merge.lua", msg) end
  local run = merge_setup(o, parts)
  run.args = args
  run_job(run)
end

return M
