-- merge.lua: the parts of a corpus counted in shards (analyze.lua --shard K/N on any number
-- of machines, or slurm.lua's job array), merged into exactly the outputs one analyze.lua
-- run over the whole corpus writes: every CSV, network.graphml, network.dot, report.html and
-- sahel.sqlite. Demonstrates that every result is a sum over articles. It checks that the
-- parts are shards 0 to N-1 of one run, each once (same corpus, gazetteer and counting
-- options), and names the missing, duplicated or mismatching ones (docs/cluster.md).
--
--   sahelscript merge.lua parts/0 parts/1 parts/2 parts/3 --out results/
--   sahelscript merge.lua 'parts/*' --out results/ --min-count 2 --top 20
require("sahel.job").merge_main(arg)
