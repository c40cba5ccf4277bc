---@meta sahel
-- Type annotations of the sahel toolkit for lua-language-server (LuaCATS), so that editors
-- complete and check scripts. Not loaded at run time. Point the language server at this
-- directory, e.g. in .luarc.json: {"workspace.library": ["lualib/types"],
-- "runtime.version": "Lua 5.4"}. The reference is docs/api.md.

---@class sahel
---@field version string            the toolkit's version, "MAJOR.MINOR.PATCH"
---@field datadir string            the directory holding lualib/, scripts/ and datasets/
---@field text sahel.text
---@field article sahel.article
---@field corpus sahel.corpus
---@field gazetteer sahel.gazetteer
---@field cooc sahel.cooc
---@field terms sahel.terms
---@field discover sahel.discover
---@field conll sahel.conll
---@field db sahel.db
---@field store sahel.store
---@field csv sahel.csv
---@field xlsx sahel.xlsx
---@field report sahel.report
---@field cli sahel.cli
---@field audit sahel.audit
local sahel = {}

---@alias sahel.NormOpts {nfkc?: boolean, strip?: boolean, alef?: boolean, yeh?: boolean, teh_marbuta?: boolean, digits?: boolean, casefold?: boolean, hamza?: boolean}
---@alias sahel.Warn fun(message: string)

------------------------------------------------------------------------------------------
-- sahel.text

---@class sahel.text
sahel.text = {}

---@class sahel.Token
---@field text string
---@field norm string       match form (TEXT-SPEC §1)
---@field kind "word"|"number"|"punct"|"symbol"
---@field start integer     1-based first byte
---@field stop integer      1-based last byte (inclusive)
---@field index integer     0-based
---@field sentence integer  0-based
---@field paragraph integer 0-based (0 = title)

---@class sahel.Sentence
---@field text string
---@field start integer
---@field stop integer
---@field index integer
---@field paragraph integer
---@field first_token integer
---@field tokens integer

---@class sahel.Paragraph
---@field text string
---@field start integer
---@field stop integer
---@field index integer
---@field first_token integer
---@field tokens integer

---The match form of `s` (TEXT-SPEC §1).
---@param s string
---@param opts? sahel.NormOpts
---@return string
function sahel.text.normalize(s, opts) end

---Tokens of `s` (with `opts.engine = "icu"`: ICU's word segments).
---@param s string
---@param opts? sahel.NormOpts|{engine?: "icu"}
---@return sahel.Token[]
function sahel.text.tokenize(s, opts) end

---@param s string
---@param opts? sahel.NormOpts
---@return sahel.Sentence[]
function sahel.text.sentences(s, opts) end

---@param s string
---@param opts? sahel.NormOpts
---@return sahel.Paragraph[]
function sahel.text.paragraphs(s, opts) end

---The forms of a word that the matcher tries (TEXT-SPEC §6.3).
---@param word string
---@param opts? sahel.NormOpts
---@return string[]
function sahel.text.clitic_forms(word, opts) end

------------------------------------------------------------------------------------------
-- sahel.article

---@class sahel.ArticleOpts: sahel.NormOpts
---@field encoding? string
---@field strict? boolean
---@field shape? "auto"|"frontmatter"|"raw"|"plain"
---@field format? "auto"|"txt"|"jsonl"|"csv"|"sqlite"
---@field fields? table<string, string|string[]>
---@field boilerplate? string[]|false
---@field credit? string[]|false
---@field delimiter? string
---@field name? string
---@field warn? sahel.Warn

---@class sahel.Article
---@field id string?
---@field title string?
---@field date string?      ISO YYYY-MM-DD, nil when absent or unparsed
---@field date_raw string?
---@field source string?
---@field author string?
---@field url string?
---@field summary string?
---@field body string?
---@field origin string?
---@field meta table<string, string>
local Article = {}

---The analyzed text: title, LF, body.
---@return string
function Article:text() end

---@param opts? sahel.NormOpts
---@return sahel.Token[]
function Article:tokens(opts) end

---@param opts? sahel.NormOpts
---@return sahel.Sentence[]
function Article:sentences(opts) end

---@param opts? sahel.NormOpts
---@return sahel.Paragraph[]
function Article:paragraphs(opts) end

---@return table
function Article:totable() end

---@class sahel.article
sahel.article = {}

---@param path string
---@param opts? sahel.ArticleOpts
---@return sahel.Article|nil article
---@return string? message
function sahel.article.load(path, opts) end

---@param path string
---@param opts? sahel.ArticleOpts
---@return sahel.Article
function sahel.article.must_load(path, opts) end

---@param text string
---@param opts? sahel.ArticleOpts
---@return sahel.Article|nil article
---@return string? message
function sahel.article.parse(text, opts) end

---@param text string
---@param opts? sahel.ArticleOpts
---@return sahel.Article
function sahel.article.must_parse(text, opts) end


---@param s string
---@return string|nil iso
---@return string? message
function sahel.article.parse_date(s) end

---@class sahel.must
sahel.must = {}

--- fn, raising its message instead of returning nil, message.
---@generic F: function
---@param fn F
---@return F
function sahel.must.raising(fn) end

--- module, with module.must_NAME = raising(module.NAME) for each name.
---@generic M: table
---@param module M
---@param names string[]
---@return M
function sahel.must.add(module, names) end

---@class sahel.date
sahel.date = {}

--- The day number (days since 1970-01-01) of a date starting "YYYY-MM-DD" that exists.
---@param date string
---@return integer|nil day
function sahel.date.day(date) end

--- The "YYYY-MM-DD" of a day number (years 0001 to 9999).
---@param day integer
---@return string date
function sahel.date.of_day(day) end

--- The kind of a period label and its first and last day numbers; nil for another label.
---@param label string
---@return "day"|"week"|"month"|"year"|nil kind
---@return integer? first
---@return integer? last
function sahel.date.span(label) end

--- A filter bound as the full ISO date of the first ("from") or last ("to") day of its period.
---@param s string
---@param which "from"|"to"
---@return string|nil iso
---@return string? message
function sahel.date.bound(s, which) end

---@param t table
---@return sahel.Article
function sahel.article.new(t) end

---@return {boilerplate: string[], credit: string[], fields: table<string, string[]>}
function sahel.article.defaults() end

------------------------------------------------------------------------------------------
-- sahel.corpus

---@class sahel.CorpusFilter
---@field from? string
---@field to? string
---@field source? string|string[]

---@class sahel.CorpusOpts: sahel.ArticleOpts, sahel.CorpusFilter
---@field shard? integer[] {K, N}: shard K of N only (docs/cluster.md)

---@class sahel.CorpusStats
---@field files integer
---@field files_skipped integer
---@field files_failed integer
---@field articles integer
---@field skipped integer
---@field filtered integer
---@field invalid_utf8 integer
---@field invalid_texts integer
---@field dated integer
---@field undated integer
---@field dates_unparsed integer
---@field warnings integer

---@class sahel.Corpus
local Corpus = {}

---An iterator over the articles (each call starts a new pass).
---@return fun(): sahel.Article?
function Corpus:articles() end

---@param t sahel.CorpusFilter
---@return sahel.Corpus
function Corpus:filter(t) end

---@return sahel.CorpusStats
function Corpus:stats() end

---@return integer
function Corpus:files() end

---Bytes of its text, JSONL and CSV files (stores left out).
---@return integer
function Corpus:bytes() end

---The files it lists, as they were when it was opened.
---@return {path: string, size: integer, mtime: integer}[]
function Corpus:list() end

---K, N when it reads shard K of N; nothing for the whole corpus.
---@return integer? k
---@return integer? n
function Corpus:shard() end

function Corpus:close() end

---@class sahel.corpus
sahel.corpus = {}

---@param path string
---@param opts? sahel.CorpusOpts
---@return sahel.Corpus|nil corpus
---@return string? message
function sahel.corpus.open(path, opts) end

---@param path string
---@param opts? sahel.CorpusOpts
---@return sahel.Corpus
function sahel.corpus.must_open(path, opts) end

---@param pattern string
---@return string[] paths
function sahel.corpus.glob(pattern) end

---@param s string
---@return string|nil date
---@return string? message
function sahel.corpus.check_date(s) end

------------------------------------------------------------------------------------------
-- sahel.gazetteer and sahel.kwic

---@alias sahel.EntityType "PER"|"ORG"|"GPE"|"LOC"|"EVENT"|"MISC"

---@class sahel.Entity
---@field id string
---@field type sahel.EntityType
---@field name string
---@field index integer
---@field aliases integer

---@class sahel.Alias
---@field alias string
---@field entity string
---@field kind "name"|"acronym"|"demonym"
---@field ambiguous boolean
---@field no_proclitic boolean?  the alias matches only as written
---@field context string?
---@field origin string

---@class sahel.Lookup: sahel.Alias
---@field name string
---@field type sahel.EntityType
---@field norm string
---@field form string
---@field proclitic boolean
---@field demonym boolean
---@field tokens integer
---@field full boolean

---@class sahel.Mention
---@field entity string
---@field name string
---@field type sahel.EntityType
---@field alias string
---@field surface string
---@field token integer       0-based
---@field tokens integer
---@field start integer       1-based first byte
---@field stop integer        1-based last byte
---@field byte_start integer  0-based
---@field byte_end integer    0-based, exclusive
---@field sentence integer
---@field paragraph integer
---@field proclitic boolean
---@field demonym boolean
---@field evidence boolean
---@field dropped boolean?
---@field negative boolean?
---@field left string?        with opts.window
---@field right string?

---@class sahel.MentionOpts
---@field demonyms? boolean
---@field report_dropped? boolean
---@field entity? string
---@field window? integer
---@field source? string    for a text: the article source that @source: patterns test
---@field category? string  for a text: the article category that @category: patterns test

---@class sahel.Gazetteer
local Gazetteer = {}

---@param row {id: string, alias: string, type?: string, name?: string, kind?: string, flags?: string, context?: string}
---@param warn? sahel.Warn
---@return true|nil ok
---@return string? message
function Gazetteer:add(row, warn) end

---@return sahel.Entity[]
function Gazetteer:entities() end

---@param id string
---@return sahel.Entity?
function Gazetteer:entity(id) end

---@param id string
---@param name string
---@return true|nil ok
---@return string? message
function Gazetteer:rename(id, name) end

---@param id string
---@return sahel.Alias[]|nil aliases
---@return string? message
function Gazetteer:aliases(id) end

---@param word_or_phrase string
---@param opts? {demonyms?: boolean}
---@return sahel.Lookup?
function Gazetteer:lookup(word_or_phrase, opts) end

---@param article_or_text sahel.Article|string
---@param opts? sahel.MentionOpts
---@return sahel.Mention[]
function Gazetteer:mentions(article_or_text, opts) end

---@param corpus sahel.Corpus|(sahel.Article|string)[]
---@param opts? {demonyms?: boolean, threads?: integer}
---@return table<string, {mentions: integer, articles: integer}>|nil counts
---@return string? message
function Gazetteer:count(corpus, opts) end

function Gazetteer:close() end

---@class sahel.KwicRow
---@field article_id string
---@field entity_id? string   (entity rows)
---@field date? string        (word rows: the article's date)
---@field source? string      (word rows: the article's source)
---@field left string
---@field match string
---@field right string
---@field paragraph integer
---@field sentence integer
---@field byte_start integer
---@field byte_end integer

---@alias sahel.KwicSource sahel.Corpus|sahel.Article|string|(sahel.Article|string)[]
---@alias sahel.KwicOpts {entity?: string, width?: integer, isolate?: boolean, demonyms?: boolean, limit?: integer}
---@alias sahel.PatternOpts {glob?: boolean, regex?: boolean, surface?: boolean, clitics?: boolean}
---@alias sahel.KwicWordOpts sahel.PatternOpts|{width?: integer, isolate?: boolean, limit?: integer, threads?: integer, warn?: sahel.Warn}

---@class sahel.gazetteer
sahel.gazetteer = {}

---@param path string
---@param opts? sahel.NormOpts|{warn?: sahel.Warn, strict?: boolean}
---@return sahel.Gazetteer|nil gaz
---@return string? message
function sahel.gazetteer.load(path, opts) end

---@param path string
---@param opts? sahel.NormOpts|{warn?: sahel.Warn, strict?: boolean}
---@return sahel.Gazetteer
function sahel.gazetteer.must_load(path, opts) end

---@param gaz sahel.Gazetteer
---@return integer renamed
function sahel.gazetteer.arabic_names(gaz) end

---@param opts? sahel.NormOpts
---@return sahel.Gazetteer
function sahel.gazetteer.new(opts) end

---@param source sahel.KwicSource
---@param gaz sahel.Gazetteer
---@param opts? sahel.KwicOpts
---@return sahel.KwicRow[]
function sahel.gazetteer.kwic(source, gaz, opts) end

---Keyword-in-context rows (kwic.csv) of a gazetteer's mentions, or of a word pattern (then
---nil, message for a bad pattern).
---@param source sahel.KwicSource
---@param gaz sahel.Gazetteer|string
---@param opts? sahel.KwicOpts|sahel.KwicWordOpts
---@return sahel.KwicRow[]|nil
---@return string? message
function sahel.kwic(source, gaz, opts) end

------------------------------------------------------------------------------------------
-- sahel.cooc

---@alias sahel.Measure "count"|"pmi"|"npmi"|"dice"|"jaccard"|"llr"

---@class sahel.Pair
---@field period string?
---@field a string
---@field b string
---@field name_a string
---@field name_b string
---@field type_a string
---@field type_b string
---@field count integer     n_ab
---@field count_a integer   n_a
---@field count_b integer   n_b
---@field contexts integer  N
---@field pmi number
---@field npmi number
---@field dice number
---@field jaccard number
---@field llr number

---@class sahel.BuildOpts
---@field context? "sentence"|"paragraph"|"article"|"window"|integer
---@field window? integer
---@field by? "month"|"year"|"week"|"day"
---@field demonyms? boolean
---@field threads? integer
---@field from? string
---@field to? string
---@field source? string|string[]
---@field warn? sahel.Warn

---@class sahel.SelectOpts
---@field period? string
---@field min_count? integer
---@field min_pmi? number
---@field min_npmi? number
---@field min_dice? number
---@field min_jaccard? number
---@field min_llr? number
---@field min? table<sahel.Measure, number>
---@field entity? string|string[]
---@field sort? sahel.Measure
---@field top_per_node? integer
---@field top? integer

---@class sahel.Cooc
local Cooc = {}

---@param period? string
---@return sahel.Pair[]
function Cooc:rows(period) end

---@param opts? sahel.SelectOpts
---@return sahel.Pair[]
function Cooc:select(opts) end

---@param opts? sahel.SelectOpts
---@return fun(): sahel.Pair?
function Cooc:pairs(opts) end

---n_a and the number of mentions of entity `id`.
---@param id string
---@param period? string
---@return integer n_a
---@return integer mentions
function Cooc:marginal(id, period) end

---@param a string
---@param b string
---@param period? string
---@return integer
function Cooc:count(a, b, period) end

---@param period? string
---@return integer
function Cooc:contexts(period) end

---@return string[]
function Cooc:periods() end

---@return {id: string, type: string, name: string, mentions: integer, count: integer}[]
function Cooc:entities() end

---@return {context: string, window: integer?, by: string?, pairs: integer, periods: integer}
function Cooc:info() end

---@param other sahel.Cooc
function Cooc:merge(other) end

---@return sahel.Cooc
function Cooc:collapse() end

---@param path string
---@return true|nil ok
---@return string? message
function Cooc:save(path) end

---@param path string
---@param opts? sahel.SelectOpts|{format?: "long"|"matrix", measure?: sahel.Measure, excel?: boolean}
---@return true|nil ok
---@return string? message
function Cooc:to_csv(path, opts) end

---@param path string
---@param opts? sahel.SelectOpts|{isolated?: boolean, network?: boolean}
---@return true|nil ok
---@return string? message
function Cooc:to_graphml(path, opts) end

---@class sahel.NetworkNode
---@field id string
---@field type string
---@field name string
---@field mentions integer
---@field degree integer
---@field strength number
---@field betweenness number
---@field community integer

---@param opts? sahel.SelectOpts|{isolated?: boolean}
---@return sahel.NetworkNode[]|nil nodes
---@return string? message
function Cooc:network(opts) end

---@param rows sahel.Pair[]?
---@param opts table
---@return sahel.NetworkNode[]|nil nodes
---@return string? message
function Cooc:network_nodes(rows, opts) end

---@param path string
---@param opts? sahel.SelectOpts|{isolated?: boolean}
---@return true|nil ok
---@return string? message
function Cooc:to_dot(path, opts) end

---@param path string
---@param rows sahel.Pair[]?
---@param opts table
---@return true|nil ok
---@return string? message
function Cooc:write_csv(path, rows, opts) end

---@param path string
---@param rows sahel.Pair[]?
---@param opts table
---@return true|nil ok
---@return string? message
function Cooc:write_graph(path, rows, opts) end

function Cooc:close() end

---@class sahel.cooc
---@field measures sahel.Measure[]
sahel.cooc = {}

---@param corpus sahel.Corpus|table[]
---@param gaz sahel.Gazetteer
---@param opts? sahel.BuildOpts
---@return sahel.Cooc|nil table
---@return string? message
function sahel.cooc.build(corpus, gaz, opts) end

---The table of sahel.cooc.build, counted from a store's mentions and positions.
---@param db sahel.Db
---@param gaz sahel.Gazetteer
---@param opts? sahel.BuildOpts
---@return sahel.Cooc|nil table
---@return string? message
function sahel.cooc.from_store(db, gaz, opts) end

---@param by "month"|"year"|"week"|"day"
---@param date string?
---@return string period
function sahel.cooc.period(by, date) end

---@param path string
---@return sahel.Cooc|nil table
---@return string? message
function sahel.cooc.load(path) end

---@param path string
---@return sahel.Cooc
function sahel.cooc.must_load(path) end

------------------------------------------------------------------------------------------
-- sahel.terms

---@class sahel.terms
---@field languages string[]   the bundled stopword lists: "ar", "en", "fr"
---@field stemmers string[]    the Snowball algorithms stem may name
---@field MAX_TERMS integer    the default max_terms with top
sahel.terms = {}

---@class sahel.TermsOpts
---@field n? 1|2|3
---@field by? "day"|"week"|"month"|"year"|"source"|table<string, string>
---@field stopwords? boolean|string|string[]
---@field stem? boolean|string        Snowball: true (arabic) or "arabic,french"
---@field clitics? boolean|sahel.Terms strip proclitics (a table: reuse its words)
---@field top? integer               keep only the top terms per slice and size (bounded memory)
---@field max_terms? integer         distinct terms per thread at most
---@field threads? integer
---@field warn? sahel.Warn

---@class sahel.TermRow
---@field term string
---@field n integer
---@field count integer
---@field articles integer
---@field per_10k number

---@class sahel.KeynessRow
---@field term string
---@field n integer
---@field a integer
---@field b integer
---@field g2 number
---@field chi2 number
---@field log_ratio number

---@class sahel.CollocationRow
---@field x string
---@field y string
---@field count integer
---@field lambda number
---@field z number
---@field pmi number
---@field g2 number

---@param corpus sahel.Corpus
---@param opts? sahel.TermsOpts
---@return sahel.Terms|nil
---@return string? message
function sahel.terms.count(corpus, opts) end

---@param langs boolean|string|string[]
---@return string[]|nil
---@return string? message
function sahel.terms.stopwords(langs) end

---@param pattern string
---@param opts? sahel.PatternOpts
---@return sahel.Pattern|nil
---@return string? message
function sahel.terms.pattern(pattern, opts) end

---@class sahel.Pattern
local Pattern = {}

---@param source sahel.Corpus|sahel.Article|string
---@param opts? {width?: integer, limit?: integer, threads?: integer, warn?: sahel.Warn}
---@return sahel.KwicRow[]|nil
---@return string? message
function Pattern:lines(source, opts) end

function Pattern:close() end

---@class sahel.EntityWordRow: sahel.KeynessRow
---@field slice string

---@param corpus sahel.Corpus
---@param gaz sahel.Gazetteer
---@param id string
---@param opts? sahel.TermsOpts|{context?: "sentence"|integer, demonyms?: boolean, min_count?: integer, top?: integer}
---@return sahel.EntityWordRow[]|nil rows
---@return sahel.Terms|string target_or_message
---@return sahel.Terms? whole
function sahel.terms.of_entity(corpus, gaz, id, opts) end

---@param target sahel.Terms
---@param reference? sahel.Terms
---@param opts? {slice?: string|string[], reference_slice?: string|string[], n?: integer, min_count?: integer, top?: integer}
---@return sahel.KeynessRow[]|nil
---@return integer|string c_t_or_message
---@return integer? c_r
function sahel.terms.keyness(target, reference, opts) end

---@param n11 integer
---@param nx integer
---@param ny integer
---@param N integer
---@return {lambda: number, z: number, pmi: number, g2: number}
function sahel.terms.collocation(n11, nx, ny, N) end

---@param t sahel.Terms
---@param targets (string|string[])[]
---@param opts? {reference_slice?: string|string[], nested?: boolean, n?: integer, min_count?: integer, top?: integer}
---@return {rows?: sahel.KeynessRow[], c_t?: integer, c_r?: integer, error?: string}[]
function sahel.terms.keyness_each(t, targets, opts) end

---@class sahel.Terms
local Terms = {}

---@param opts? {slice?: string|string[], n?: integer, min_count?: integer, top?: integer}
---@return sahel.TermRow[]
function Terms:rows(opts) end

---@param opts? {slice?: string|string[], min_count?: integer, top?: integer}
---@return sahel.CollocationRow[]|nil
---@return string? message
function Terms:collocations(opts) end

---@param other sahel.Terms
---@return sahel.Terms|nil
---@return string? message
function Terms:merge(other) end

---@return string[]
function Terms:slices() end

---@param slice? string|string[]
---@return integer
function Terms:words(slice) end

---@return {n: integer, by: string?, articles: integer, stopwords: integer, stem: string?, clitics: boolean, top: integer?, passes: integer?}
function Terms:info() end

function Terms:close() end

------------------------------------------------------------------------------------------
-- sahel.discover

---@class sahel.discover
---@field kinds table<string, {weight: number}>   cue kinds and the weight of their hits
---@field columns string[]                         the columns of candidates.csv
---@field gazetteer_columns string[]               the columns of the draft gazetteer
sahel.discover = {}

---@class sahel.Cue
---@field cue string
---@field kind "title"|"group"|"place"|"verb"|"modifier"|"exclude"
---@field type? string
---@field flags integer
---@field weight number
---@field origin string      file:line

---@class sahel.Cues
---@field list sahel.Cue[]
---@field flags integer[]
---@field gaz sahel.Gazetteer

---@class sahel.DiscoverOpts
---@field top? integer
---@field min_count? integer
---@field cues? string|sahel.Cues
---@field stopwords? boolean|string|string[]
---@field threads? integer
---@field max_words? integer
---@field latin_caps? boolean
---@field nisba? boolean
---@field max_keys? integer
---@field corpus_counts? boolean
---@field extend? number
---@field warn? sahel.Warn

---@class sahel.Candidate
---@field alias string       the name as first written
---@field norm string        its match form
---@field type string
---@field count integer      occurrences in the whole corpus
---@field articles integer
---@field hits integer       times a cue announced it
---@field score number
---@field example string
---@field evidence string

---@param corpus sahel.Corpus|sahel.Article[]
---@param gaz? sahel.Gazetteer
---@param opts? sahel.DiscoverOpts
---@return sahel.Candidate[]|nil
---@return {articles: integer, refused: integer, spans: integer}|string info_or_message
function sahel.discover.candidates(corpus, gaz, opts) end

---@param path? string
---@return sahel.Cues|nil
---@return string? message
function sahel.discover.load_cues(path) end

---@return string
function sahel.discover.default_cues() end

---@param rows sahel.Candidate[]
---@return {id: string, alias: string, type: string, name: string, kind: string}[]
function sahel.discover.draft(rows) end

---@param out table           a set of outputs from sahel.report.outdir
---@param rows sahel.Candidate[]
---@return true|nil
---@return string? message
function sahel.discover.write(out, rows) end

------------------------------------------------------------------------------------------
-- sahel.conll

---@class sahel.conll
sahel.conll = {}

---@param path string
---@return string text
---@return {start: integer, stop: integer, type: string, surface: string}[] spans
function sahel.conll.read(path) end

------------------------------------------------------------------------------------------
-- sahel.db and sahel.store

---@class sahel.Stmt
local Stmt = {}

---@return fun(): table?
function Stmt:rows(...) end

---@return table|nil row
---@return string? message
function Stmt:first(...) end

---@return integer|nil changed
---@return string? message
function Stmt:exec(...) end

---@return string[]
function Stmt:columns() end

function Stmt:close() end

---@class sahel.SearchHit
---@field id string
---@field title string?
---@field date string?
---@field source string?
---@field url string?
---@field score number
---@field snippet string

---@class sahel.Db
local Db = {}

---@param sql string
---@return true|nil ok
---@return string? message
function Db:exec(sql) end

---@param sql string
---@return fun(): table?
function Db:rows(sql, ...) end

---@param sql string
---@return table|nil row
---@return string? message
function Db:first(sql, ...) end

---@param sql string
---@return sahel.Stmt|nil st
---@return string? message
function Db:prepare(sql) end

---@generic R
---@param fn fun(db: sahel.Db): R
---@return R
function Db:tx(fn) end

---@return integer
function Db:changes() end

---@return integer
function Db:last_id() end

---@param query string
---@param opts? {syntax?: boolean, limit?: integer, title_weight?: number, open?: string, close?: string, words?: integer, quiet?: boolean}
---@return sahel.SearchHit[]|nil hits
---@return string? message
function Db:search(query, opts) end

---@param query string
---@param opts? table
---@return integer|nil count
---@return string? message
function Db:search_count(query, opts) end

---@return true
function Db:close() end

---@class sahel.db
sahel.db = {}

---@param path string
---@param opts? {readonly?: boolean, create?: boolean, wal?: boolean, busy_timeout?: integer}
---@return sahel.Db|nil db
---@return string? message
function sahel.db.open(path, opts) end

---@param path string
---@param opts? {readonly?: boolean, create?: boolean, wal?: boolean, busy_timeout?: integer}
---@return sahel.Db
function sahel.db.must_open(path, opts) end

---@class sahel.store
sahel.store = {}

---@param path string
---@param opts? {readonly?: boolean, create?: boolean, wal?: boolean, busy_timeout?: integer}
---@return sahel.Db|nil db
---@return string? message
function sahel.store.open(path, opts) end

---@param path string
---@param opts? {readonly?: boolean, create?: boolean, wal?: boolean, busy_timeout?: integer}
---@return sahel.Db
function sahel.store.must_open(path, opts) end

---@param db sahel.Db
---@return true|nil ok
---@return string? message
function sahel.store.init(db) end

---@param db sahel.Db|string
---@param opts? {progress?: fun(done: integer, total: integer)}
---@return boolean|nil built
---@return string? message
function sahel.store.index(db, opts) end

---@param db sahel.Db|string
---@param corpus sahel.Corpus|string|table[]|fun(): table?
---@param gaz sahel.Gazetteer?
---@param opts? {batch?: integer, threads?: integer, round?: integer, force?: boolean, demonyms?: boolean, kwic?: integer, with_demonyms?: boolean, warn?: sahel.Warn, progress?: fun(counts: table)}
---@return {seen: integer, inserted: integer, replaced: integer, skipped: integer, mentions: integer, no_id: integer, bytes: integer, with_demonyms: integer}|nil stats
---@return string? message
function sahel.store.ingest(db, corpus, gaz, opts) end

------------------------------------------------------------------------------------------
-- sahel.csv

---@class sahel.CsvWriteOpts
---@field columns? string[]
---@field header? boolean
---@field excel? boolean
---@field delimiter? string
---@field guard? boolean

---@class sahel.CsvReadOpts
---@field delimiter? string
---@field quote? string
---@field header? boolean
---@field strict? boolean
---@field warn? sahel.Warn
---@field unguard? boolean

---The writer of sahel.csv.writer (rows by column name).
---@class sahel.CsvRowWriter
local RowWriter = {}

---@param row table
function RowWriter:write(row) end

---@param stmt sahel.Stmt
---@param sheet? sahel.XlsxTableSheet
---@return integer rows
function RowWriter:copy(stmt, sheet) end

---@return true|nil ok
---@return string? message
function RowWriter:close() end

function RowWriter:abort() end

---The primitive writer (sahel.core.csv.writer).
---@class sahel.CsvWriter
local CsvWriter = {}

---@param values any[]
---@param n? integer
function CsvWriter:row(values, n) end

---@param stmt sahel.Stmt
---@param sheet? sahel.XlsxSheet
---@return integer rows
function CsvWriter:copy(stmt, sheet) end

---@param db sahel.Db
---@param sql string
---@param sheet? sahel.XlsxSheet
---@param opts? {thread?: boolean}
---@return sahel.TableCopy|nil copy
---@return string? message
function CsvWriter:start_copy(db, sql, sheet, opts) end

---@class sahel.TableCopy
local TableCopy = {}

---@return integer rows
function TableCopy:wait() end

---@return true|nil ok
---@return string? message
function CsvWriter:close() end

function CsvWriter:abort() end

---@class sahel.CsvReader
local CsvReader = {}

---@return string[]|nil fields
---@return integer|string|nil line_or_message
function CsvReader:read() end

---@return string
function CsvReader:name() end

function CsvReader:close() end

---@class sahel.csv
sahel.csv = {}

---@param path string
---@param opts? sahel.CsvReadOpts
---@return fun(): table?
function sahel.csv.rows(path, opts) end

---@param path string
---@param opts? sahel.CsvReadOpts
---@return string[]|nil header
---@return string? message
function sahel.csv.header(path, opts) end

---@param path string
---@param opts? sahel.CsvWriteOpts
---@return sahel.CsvRowWriter|nil writer
---@return string? message
function sahel.csv.writer(path, opts) end

---@param path string
---@param rows table[]
---@param opts? sahel.CsvWriteOpts
---@return true|nil ok
---@return string? message
function sahel.csv.write(path, rows, opts) end

---@param x number
---@return string
function sahel.csv.format_num(x) end

---@param rows table[]
---@return string[]
function sahel.csv.columns_of(rows) end

---@param path string
---@param opts? sahel.CsvReadOpts
---@return sahel.CsvReader|nil reader
---@return string? message
function sahel.csv.reader(path, opts) end

------------------------------------------------------------------------------------------
-- sahel.xlsx

---@class sahel.XlsxSheetOpts
---@field columns? string[]
---@field header? boolean
---@field rtl? boolean|"auto"

---@class sahel.XlsxCounts
---@field rows integer
---@field cut_rows integer
---@field cut_texts integer
---@field rtl boolean

---A sheet of a workbook (sahel.xlsx: rows by column name or arrays).
---@class sahel.XlsxTableSheet
local TableSheet = {}

---@param row table
function TableSheet:write(row) end

---@return sahel.XlsxCounts
function TableSheet:counts() end

---A workbook of sahel.xlsx.open.
---@class sahel.XlsxWorkbook
local Workbook = {}

---@param name string
---@param rows? table[]|fun(): table?|sahel.Stmt
---@param opts? sahel.XlsxSheetOpts
---@return sahel.XlsxTableSheet
function Workbook:sheet(name, rows, opts) end

---@return true|nil ok
---@return string? message
function Workbook:close() end

function Workbook:abort() end

function Workbook:finish() end

---The primitive workbook (sahel.core.xlsx.open).
---@class sahel.XlsxBook
local XlsxBook = {}

---@param name string
---@param opts? {header?: boolean, rtl?: boolean|"auto"}
---@return sahel.XlsxSheet|nil sheet
---@return string? message
function XlsxBook:sheet(name, opts) end

---@return true|nil ok
---@return string? message
function XlsxBook:close() end

function XlsxBook:abort() end

function XlsxBook:finish() end

---The primitive sheet (XlsxBook:sheet).
---@class sahel.XlsxSheet
local XlsxSheet = {}

---@param values table
---@param n_or_columns? integer|string[]
function XlsxSheet:row(values, n_or_columns) end

---@return sahel.XlsxCounts
function XlsxSheet:counts() end

---@class sahel.xlsx
---@field defaults {max_rows: integer}
sahel.xlsx = {}

---@param path string
---@param opts? {max_rows?: integer}
---@return sahel.XlsxWorkbook|nil workbook
---@return string? message
function sahel.xlsx.open(path, opts) end

---@param path string
---@param opts? {max_rows?: integer}
---@return sahel.XlsxWorkbook
function sahel.xlsx.must_open(path, opts) end

---@param path string
---@param sheets ({name: string, rows?: table[]|fun(): table?|sahel.Stmt}|sahel.XlsxSheetOpts)[]
---@param opts? {max_rows?: integer}
---@return true|nil ok
---@return string? message
function sahel.xlsx.write(path, sheets, opts) end

------------------------------------------------------------------------------------------
-- sahel.report

---@class sahel.ReportEntity
---@field id string
---@field type string?
---@field name string?
---@field mentions integer
---@field articles integer?

---@class sahel.ReportData
---@field title? string
---@field summary? table<string, string|number>|{[1]: string, [2]: string|number}[]
---@field entities sahel.ReportEntity[]
---@field pairs? {a: string, b: string, count: integer, npmi?: number, pmi?: number, dice?: number, llr?: number}[]
---@field timeline? {period: string, entity: string, mentions: integer}[]
---@field kwic? {article_id: string, entity_id: string, left: string, match: string, right: string, date?: string, source?: string}[]
---@field kwic_seed? integer
---@field period_name? string
---@field periods? {period: string, articles: integer}[]
---@field demonyms? {counted: boolean, mentions?: integer, total?: integer}

---@class sahel.ReportOpts
---@field title? string
---@field generated? string
---@field bars? integer
---@field heatmap? integer
---@field edges? integer
---@field table? integer
---@field series? integer
---@field kwic? integer
---@field seed? integer
---@field lang? "en"|"fr"|"ar"
---@field order? fun(entities: {id: string, name: string}[], npmi: fun(a: string, b: string): number?): {id: string, name: string}[], string

---@class sahel.Outdir
---@field out string    the output directory
---@field stage string  the staging directory of this run
local Outdir = {}

---Where to write output `name` in this run.
---@param name string
---@return string
function Outdir:path(name) end

---@return true|nil ok
---@return string? message
function Outdir:commit() end

function Outdir:abort() end

---The lock of an output directory (held from sahel.report.outdir to commit or abort).
---@class sahel.OutputLock
local OutputLock = {}

---Release the lock (also done when the handle is collected); safe to call twice.
function OutputLock:release() end

---@class sahel.report
---@field defaults sahel.ReportOpts
sahel.report = {}

---report.html as a string.
---@param data sahel.ReportData
---@param opts? sahel.ReportOpts
---@return string
function sahel.report.html(data, opts) end

---@param path string
---@param data sahel.ReportData
---@param opts? sahel.ReportOpts
---@return true|nil ok
---@return string? message
function sahel.report.write(path, data, opts) end

---@param path string
---@param s string
---@return true|nil ok
---@return string? message
function sahel.report.write_file(path, s) end

---@param path string
---@param opts? {warn?: fun(msg: string)}
---@return sahel.Outdir|nil out
---@return string? message
function sahel.report.outdir(path, opts) end

---@param data {pairs: table[]}
---@param n integer
---@return table[]
function sahel.report.strongest(data, n) end

---@param periods string[]
---@return string[]
function sahel.report.fill_periods(periods) end

---@param entities {id: string, name: string}[]
---@param npmi fun(a: string, b: string): number?
---@return {id: string, name: string}[] ordered
---@return string how
function sahel.report.cluster_order(entities, npmi) end

---@param entities {id: string, name: string, community?: integer}[]
---@param npmi fun(a: string, b: string): number?
---@return table[] ordered
---@return string label
function sahel.report.community_order(entities, npmi) end

---@class sahel.KwicSampler
local KwicSampler = {}

---@param row {article_id: string, entity_id: string, left: string, match: string, right: string}
---@param article {id: string, date?: string, source?: string}
function KwicSampler:add(row, article) end

---@return table[]
function KwicSampler:rows() end

---@param opts? {n?: integer, seed?: integer, entities?: table<string, boolean>}
---@return sahel.KwicSampler
function sahel.report.sampler(opts) end

------------------------------------------------------------------------------------------
-- sahel.cli

---@class sahel.Option
---@field name string
---@field arg? string          the value's name; nil for a flag
---@field help? string
---@field default? any
---@field type? "int"
---@field min? integer
---@field choices? string[]
---@field check? fun(v: string): any, string?

---@class sahel.OptionSpec: sahel.Option[]
---@field name? string
---@field usage? string
---@field about? string
---@field positional? boolean

---@class sahel.Progress
local Progress = {}

---@param articles integer
---@param bytes? integer
function Progress:update(articles, bytes) end

---@param bytes? integer
function Progress:add(bytes) end

---@return string
function Progress:line() end

function Progress:done() end

---@class sahel.Warnings
---@field total integer
---@field fn sahel.Warn
local Warnings = {}

---@param msg string
function Warnings:add(msg) end

---@return string
function Warnings:summary() end

---@class sahel.cli
---@field INPUTS sahel.Option[]
sahel.cli = {}

---@param args string[]
---@param spec sahel.OptionSpec
---@return table|nil options
---@return string? message
function sahel.cli.parse(args, spec) end

---@param args string[]
---@param spec sahel.OptionSpec
---@return table options
function sahel.cli.must_parse(args, spec) end

---@param t table a table from sahel.cli.parse or sahel.cli.options
---@return {name: string, value: string?}[]
function sahel.cli.given(t) end

---@param spec sahel.OptionSpec
---@return string
function sahel.cli.help(spec) end

---@param args string[]
---@param spec sahel.OptionSpec
---@return table
function sahel.cli.options(args, spec) end

---@param own sahel.OptionSpec
---@return sahel.OptionSpec
function sahel.cli.spec(own) end

---@param o table
---@param script string
---@param warn? sahel.Warn
---@return sahel.Corpus corpus
---@return sahel.Gazetteer gaz
function sahel.cli.inputs(o, script, warn) end

---@param script string
---@param msg string
function sahel.cli.die(script, msg) end

---@param o table
---@param what? string   the input read (default o.corpus)
---@param out string     what is left as it was ("out.csv is")
---@return string
function sahel.cli.empty_reason(o, what, out) end

---@param o table
---@param script string
---@param n integer      articles read
---@param out string
---@param what? string
function sahel.cli.require_articles(o, script, n, out, what) end

---@param rel string
---@return string
function sahel.cli.data(rel) end

---@param fd integer
---@return boolean
function sahel.cli.isatty(fd) end

---@param v string
---@return string|integer|nil
---@return string? message
function sahel.cli.context(v) end

---@param script string
---@param msg string
function sahel.cli.usage(script, msg) end

---@param t table<string, integer>|nil
---@return string|nil
function sahel.cli.encodings(t) end

---@param gaz sahel.Gazetteer
---@param id string
---@param script string
---@return string
function sahel.cli.entity(gaz, id, script) end

---@param word string
---@param names string[]
---@return string|nil
function sahel.cli.nearest(word, names) end

---@param n number
---@return string
function sahel.cli.bytes(n) end

---@param s number
---@return string
function sahel.cli.duration(s) end

---@param opts? {quiet?: boolean, enabled?: boolean, label?: string, total?: integer, total_bytes?: integer, clock?: fun(): number, stream?: file*}
---@return sahel.Progress
function sahel.cli.progress(opts) end

---@param opts? {examples?: integer}
---@return sahel.Warnings
function sahel.cli.warnings(opts) end


------------------------------------------------------------------------------------------
-- sahel.audit

---@class sahel.AuditRow
---@field n integer
---@field stratum string
---@field stratum_mentions integer
---@field entity string
---@field alias string
---@field alias_mentions integer
---@field article_id string
---@field date string
---@field source string
---@field byte_start integer
---@field byte_end integer
---@field left string
---@field match string
---@field right string
---@field verdict ""|"right"|"wrong_sense"|"wrong_entity"|"unsure"
---@field note string
---@field line? integer

---@class sahel.AuditPopulation
---@field entity string[]
---@field alias string[]
---@field article integer[]
---@field byte_start integer[]
---@field articles integer
---@field by_entity table<string, integer>
---@field by_alias table<string, integer>

---@class sahel.audit
---@field VERDICTS {name: string, keys: string[], help: string}[]
---@field COLUMNS string[]
sahel.audit = {}

---@param s string?
---@return string|nil
function sahel.audit.verdict(s) end

---@param seed integer
---@param key integer
---@return integer
function sahel.audit.priority(seed, key) end

---@param rows sahel.AuditRow[]
---@param earlier sahel.AuditRow[][]
---@return integer
function sahel.audit.carry(rows, earlier) end

---@param k number
---@param n number
---@param z? number
---@return number? lo
---@return number? hi
function sahel.audit.wilson(k, n, z) end

---@param counts table<string, integer>
---@param k integer
---@return table<string, integer> stratum_of
---@return {index: integer, mentions: integer, entities: integer}[] strata
function sahel.audit.strata(counts, k) end

---@param corpus sahel.Corpus
---@param gaz sahel.Gazetteer
---@param opts? {entity?: string, alias?: string|string[], demonyms?: boolean}
---@return sahel.AuditPopulation|nil
---@return string? message
function sahel.audit.population(corpus, gaz, opts) end

---@param p sahel.AuditPopulation
---@param opts {n: integer, seed: integer, strata?: integer, label?: string, per_alias?: boolean}
---@return {index: integer, stratum: string, stratum_mentions: integer}[]
function sahel.audit.draw(p, opts) end

---@param corpus sahel.Corpus
---@param gaz sahel.Gazetteer
---@param p sahel.AuditPopulation
---@param sample {index: integer, stratum: string, stratum_mentions: integer}[]
---@param opts {width?: integer, seed?: integer, demonyms?: boolean}
---@return sahel.AuditRow[]
function sahel.audit.rows(corpus, gaz, p, sample, opts) end

---@param path string
---@param rows sahel.AuditRow[]
---@return true|nil
---@return string? message
function sahel.audit.write(path, rows) end

---@param path string
---@return sahel.AuditRow[]|nil
---@return string? message
function sahel.audit.read(path) end

---@param files sahel.AuditRow[][]
---@return {designs: table[], aliases: table[]}
function sahel.audit.report(files) end

---@class sahel.repl
sahel.repl = {}
sahel.repl.MAX_ITEMS = 40

---@param v any
---@return string
function sahel.repl.show(v) end

---@param word string
---@param env? table
---@return string[]
function sahel.repl.complete(word, env) end

return sahel
