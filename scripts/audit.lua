-- audit.lua: how often a gazetteer's mentions are right, measured by reading. Demonstrates
-- sahel.audit: a reproducible random sample of mentions (stratified by entity frequency, or
-- of one entity or alias), each shown in context with its date and source; the reader's
-- verdicts kept in a TSV file (typed here, or filled in with an editor); precision with
-- Wilson intervals per stratum, per alias and overall, and the aliases to look at first.
--
--   sahelscript audit.lua --corpus C --gazetteer G [--entity ID | --alias A] --sample N --seed S
--   sahelscript audit.lua --report audit.tsv [more.tsv ...]
local sahel = require "sahel"
local cli = require "sahel.cli"
local audit = require "sahel.audit"

local SCRIPT = "audit.lua"

local o = cli.options(arg, cli.spec {
  name = SCRIPT, positional = true,
  usage = "sahelscript audit.lua --corpus C --gazetteer G [--entity ID | --alias A] " ..
    "[--sample N] [--seed S] [--out F.tsv]\n       sahelscript audit.lua --report F.tsv [MORE.tsv ...]",
  about = "Draws a random sample of a gazetteer's mentions into a TSV file, asks for a " ..
    "verdict on each\n(right, wrong_sense, wrong_entity, unsure) when run on a terminal, " ..
    "resumes an interrupted file,\nand reports precision with 95% Wilson intervals. By " ..
    "default the sample is stratified by entity\nfrequency: entities sorted by mentions, " ..
    "stratum S1 holds the most frequent ones making up the\nfirst 1/K of all mentions, SK " ..
    "the rarest; the draws are split equally among the strata.",
  { name = "out", arg = "TSV", default = "audit.tsv",
    help = "the sample file (resumed when it exists)" },
  { name = "sample", arg = "N", type = "int", min = 1, default = 300, help = "mentions to draw" },
  { name = "seed", arg = "S", type = "int", default = 1, help = "the random seed" },
  { name = "strata", arg = "K", type = "int", min = 1, default = 3,
    help = "strata of entity frequency (1: a simple random sample)" },
  { name = "entity", arg = "ID", help = "draw only this entity's mentions" },
  { name = "alias", arg = "A", help = "draw only this alias's mentions (compared in match " ..
      "form); A|B|...: N mentions of each alias" },
  { name = "width", arg = "N", type = "int", min = 1, default = 10,
    help = "words of context each side" },
  { name = "carry", arg = "F.tsv[,G.tsv]", help = "take the verdicts of the same mentions " ..
      "from earlier sample files" },
  { name = "ask", help = "ask for verdicts even when stdin is not a terminal" },
  { name = "no-ask", help = "only write the sample file (fill in its verdict column yourself)" },
  { name = "report", help = "report the figures of the sample files given (default: --out)" },
  { name = "top", arg = "N", type = "int", min = 1, default = 10,
    help = "aliases to list under 'look at first'" },
})

--- pct(x): x as a percentage with one decimal, or "-" for nil.
local function pct(x) return x and string.format("%.1f%%", 100 * x) or "-" end

--- interval(t): "lo-hi" in percent, or "-".
local function interval(t)
  return t.lo and string.format("%.1f-%.1f", 100 * t.lo, 100 * t.hi) or "-"
end

--- print_report(names, r): the report's tables on stdout.
local function print_report(names, r)
  for i, d in ipairs(r.designs) do
    print("## " .. names[i])
    print("| stratum | mentions | judged | right | wrong sense | wrong entity | unsure | " ..
      "pending | precision | 95% interval |")
    print("| --- | --: | --: | --: | --: | --: | --: | --: | --: | --- |")
    local function line(label, t, mentions)
      print(string.format("| %s | %d | %d | %d | %d | %d | %d | %d | %s | %s |", label,
        mentions, t.judged, t.right, t.wrong_sense, t.wrong_entity, t.unsure, t.pending,
        pct(t.p), interval(t)))
    end
    for _, s in ipairs(d.strata) do line(s.label, s, s.mentions) end
    local ov = d.overall
    if ov.p then
      line(string.format("**overall** (weighted by stratum size, n_eff %.1f)", ov.n_eff), ov,
        ov.mentions)
      print(string.format("Estimated wrong mentions: %.0f of %d.", ov.wrong_estimate,
        ov.mentions))
    end
    print("")
  end
  print("## Aliases (estimated wrong mentions = (1 - precision) x mentions)")
  print("| alias | entity | mentions | judged | right | wrong sense | wrong entity | unsure | " ..
    "precision | 95% interval | est. wrong |")
  print("| --- | --- | --: | --: | --: | --: | --: | --: | --: | --- | --: |")
  local waiting = 0
  for _, a in ipairs(r.aliases) do
    if a.judged + a.unsure == 0 then
      waiting = waiting + 1
    else
      print(string.format("| %s | %s | %d | %d | %d | %d | %d | %d | %s | %s | %.0f |", a.alias,
      a.entity, a.mentions, a.judged, a.right, a.wrong_sense, a.wrong_entity, a.unsure,
      pct(a.p), interval(a), a.wrong_estimate))
    end
  end
  if waiting > 0 then print(string.format("(%d more aliases drawn, none judged yet)", waiting)) end
  local first = {}
  for _, a in ipairs(r.aliases) do
    if a.wrong_estimate > 0 and #first < o.top then
      first[#first + 1] = string.format("%s (~%.0f)", a.alias, a.wrong_estimate)
    end
  end
  print("")
  print("Look at first: " .. (#first > 0 and table.concat(first, ", ") or "nothing judged wrong"))
end

--- report(files): read the sample files and print their figures; exits 1 on a bad file.
local function report(files)
  local all = {}
  for i, path in ipairs(files) do
    local rows, msg = audit.read(path)
    if not rows then cli.die(SCRIPT, msg) end
    all[i] = rows
  end
  print_report(files, audit.report(all))
end

--- draw(): draw a new sample into o.out; its rows.
local function draw()
  if o.entity and o.alias then cli.die(SCRIPT, "give --entity or --alias, not both") end
  local corpus, gaz = cli.inputs(o, SCRIPT)
  local aliases
  if o.alias then
    aliases = {}
    for a in o.alias:gmatch("[^|]+") do aliases[#aliases + 1] = a end
  end
  local p, msg = audit.population(corpus, gaz, { entity = o.entity, alias = aliases,
    demonyms = o.demonyms })
  if not p then cli.die(SCRIPT, msg) end
  if #p.entity == 0 then
    cli.die(SCRIPT, string.format("no mention to sample in %s (%d articles read)", o.corpus,
      p.articles))
  end
  local label = o.entity and ("entity:" .. o.entity) or o.alias and ("alias:" .. o.alias)
  local sample = audit.draw(p, { n = o.sample, seed = o.seed, strata = o.strata, label = label,
    per_alias = aliases and #aliases > 1 })
  local rows = audit.rows(corpus, gaz, p, sample, { width = o.width, seed = o.seed,
    demonyms = o.demonyms })
  local carried = 0
  if o.carry then
    local earlier = {}
    for path in o.carry:gmatch("[^,]+") do
      local r, m = audit.read(path)
      if not r then cli.die(SCRIPT, m) end
      earlier[#earlier + 1] = r
    end
    carried = audit.carry(rows, earlier)
  end
  local ok, err = audit.write(o.out, rows)
  if not ok then cli.die(SCRIPT, err) end
  if o.carry then print(string.format("%d verdicts carried from %s", carried, o.carry)) end
  local per = {}
  for _, r in ipairs(rows) do
    per[r.stratum] = per[r.stratum] or { n = 0, size = r.stratum_mentions }
    per[r.stratum].n = per[r.stratum].n + 1
  end
  print(string.format("%d mentions in %d articles; drew %d (seed %d) into %s", #p.entity,
    p.articles, #rows, o.seed, o.out))
  for _, r in ipairs(rows) do
    local s = per[r.stratum]
    if s then
      print(string.format("  %s: %d of %d mentions", r.stratum, s.n, s.size))
      per[r.stratum] = nil
    end
  end
  return rows
end

--- show(r, i, total): one mention in context on stdout.
local function show(r, i, total)
  io.stdout:write(string.format("\n[%d/%d] %s  %s  %s  %s  (%s, alias %s)\n", i, total,
    r.stratum, r.date, r.source, r.article_id, r.entity, r.alias))
  io.stdout:write("  ", r.left, " [", r.match, "] ", r.right, "\n")
end

--- ask(rows): ask a verdict for each row without one, saving the file after each answer;
-- stops at "q" or the end of input.
local function ask(rows)
  local total, todo = #rows, 0
  for _, r in ipairs(rows) do if r.verdict == "" then todo = todo + 1 end end
  io.stdout:write(string.format("%d of %d mentions to judge. Answer r (right), s (wrong " ..
    "sense), e (wrong entity), u (unsure), q (quit); a note may follow the letter.\n",
    todo, total))
  for i, r in ipairs(rows) do
    if r.verdict == "" then
      show(r, i, total)
      while true do
        io.stdout:write("verdict> ")
        io.stdout:flush()
        local line = io.read("l")
        if not line then return false end
        local word, note = line:match("^%s*(%S*)%s*(.-)%s*$")
        if word == "q" then return false end
        local v = audit.verdict(word)
        if v and v ~= "" then
          r.verdict, r.note = v, note ~= "" and note or r.note
          local ok, err = audit.write(o.out, rows)
          if not ok then cli.die(SCRIPT, err) end
          break
        end
        io.stdout:write("  r, s, e, u or q\n")
      end
    end
  end
  return true
end

if o.report then
  report(#o > 0 and { table.unpack(o) } or { o.out })
  os.exit(0)
end
if #o > 0 then cli.die(SCRIPT, "unexpected argument '" .. o[1] .. "' (sample files go with --report)") end

local rows
local existing = io.open(o.out, "rb")
if existing then
  existing:close()
  local msg
  rows, msg = audit.read(o.out)
  if not rows then cli.die(SCRIPT, msg) end
  print(string.format("resuming %s: %d mentions (delete the file to draw a new sample)",
    o.out, #rows))
else
  rows = draw()
end

local interactive = o.ask or (not o.no_ask and cli.isatty(0))
if interactive then
  local done = ask(rows)
  print(string.format("\nsaved %s", o.out))
  if done then report({ o.out }) end
else
  print(string.format("Fill in the verdict column of %s (right, wrong_sense, wrong_entity, " ..
    "unsure; or r, s, e, u), then run: sahelscript audit.lua --report %s", o.out, o.out))
end
