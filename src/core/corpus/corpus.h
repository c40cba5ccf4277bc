/*
 * corpus.h: a stream of articles from a path: a file (.txt, .jsonl, .csv, a .sqlite/.db
 * store written by the toolkit), a directory (recursive; files in byte order of their
 * paths; unknown extensions skipped and counted), or a glob (glob(3), sorted the same
 * way). Articles come one at a time; memory does not grow with the corpus (files in an
 * encoding other than UTF-8 are decoded whole, one file at a time).
 *
 * Bad records (a JSONL line that is not an object, a missing text, invalid UTF-8...) are
 * warnings naming file:line, skipped and counted; in strict mode they are errors. A filter
 * (dates, sources) is applied in corpus_next. One thread at a time may drive a corpus; it
 * need not be the thread that opened it (warnings then go to the sink given per call).
 */
#ifndef SAHEL_CORPUS_H
#define SAHEL_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "io/sandbox.h"
#include "article/article.h"
#include "article/source.h"
#include "base/err.h"

/* Which articles pass: a.date within [from, to] (inclusive; "YYYY", "YYYY-MM" or
 * "YYYY-MM-DD": a partial `from` is the start of its period, a partial `to` its end; an
 * article without a date fails when either is set) and a.source among sources. */
typedef struct {
  const char *from, *to;      /* NULL: open */
  const char *const *sources; /* NULL-terminated; NULL: any source */
} corpus_filter;

/* A share of the corpus for one of n runs (a cluster's shards): shard k of n (0 <= k < n;
 * n 0 or 1: the whole corpus). The files, in their order, are laid end to end by their
 * sizes; shard k reads the records that start in the k-th of n equal byte ranges (a JSONL
 * line, a CSV record found by parsing from the file's start, a text file or a file decoded
 * whole at its first byte, a store's rows spread evenly over its size). Every article falls
 * in exactly one shard, and the shards 0..n-1 in turn give the corpus's articles in order. */
typedef struct {
  unsigned k, n;
} corpus_shard;

/* File formats, by extension or forced. */
typedef enum { CORPUS_AUTO, CORPUS_TXT, CORPUS_JSONL, CORPUS_CSV, CORPUS_SQLITE } corpus_format;

typedef struct {
  article_opts art;      /* encoding, strict, shape, fields (its rules/warn/counts unused) */
  corpus_format format;  /* CORPUS_AUTO: by extension */
  const char *const *boilerplate; /* raw-text patterns (NULL: defaults; see plaintext.h) */
  size_t nboilerplate;
  const char *const *credit;
  size_t ncredit;
  char delimiter;        /* CSV field delimiter (0: ',' or TAB for .tsv) */
  corpus_filter filter;
  corpus_shard shard;    /* {0, 0}: the whole corpus */
  warn_sink warn;        /* warnings (fn NULL: dropped) */
  const sandbox *policy; /* when set: every file, as a glob or a directory walk yields it,
                            must be readable under it (checked when listed and again when
                            opened); borrowed, it must outlive the corpus */
} corpus_opts;

/* What a pass over the corpus met (reset by corpus_rewind). */
typedef struct {
  size_t files;          /* files opened */
  size_t files_skipped;  /* files met in directories with an unknown extension */
  size_t files_failed;   /* files that could not be read (skipped with a warning) */
  size_t articles;       /* articles handed out */
  size_t skipped;        /* bad records skipped with a warning */
  size_t filtered;       /* articles the filter left out */
  size_t invalid_utf8;   /* ill-formed sequences replaced with U+FFFD */
  size_t invalid_texts;  /* articles that held some */
  size_t dated;          /* articles handed out with a date */
  size_t undated;        /* ... without one (no date, or one that did not parse) */
  size_t dates_unparsed; /* ... whose raw date did not parse */
  size_t warnings;       /* warnings emitted */
} corpus_counts;

typedef struct corpus corpus;

/* corpus_open: the corpus at path (opts may be NULL: defaults; copied). NULL with e set:
 * the path does not exist, a glob matches nothing, a pattern or filter is bad. */
corpus *corpus_open(const char *path, const corpus_opts *o, err *e);
/* corpus_next: clear *a and fill it with the next article that passes the filter: 1, 0
 * at the end (after a one-line summary warning when something was skipped or repaired),
 * -1 with e set (strict mode, or memory). It is corpus_read then corpus_parse (below). */
int corpus_next(corpus *c, article *a, err *e);

/* Reading in two steps, for a pipeline (pipeline.h): one thread cuts raw records in order
 * (corpus_read: a JSONL line, a text file's bytes; CSV and store rows come parsed), any
 * thread parses them (corpus_parse) with a corpus_part of its own: its counts, warnings
 * and raw-text patterns. After the pass the parts' counts are added in (corpus_part_done)
 * and corpus_finish emits the pass's summary. The counts, the articles and the warnings
 * are those of corpus_next. */
typedef struct corpus_record corpus_record;
typedef struct corpus_part corpus_part;

/* corpus_record_new / corpus_record_free: an empty raw record (NULL: out of memory) /
 * release one (NULL is fine). */
corpus_record *corpus_record_new(void);
void corpus_record_free(corpus_record *r);
/* corpus_read: the next raw record into r, this call's warnings sent to w: 1, 0 at the end
 * (no summary: see corpus_finish), -1 with e set (strict mode, or memory). */
int corpus_read(corpus *c, corpus_record *r, const warn_sink *w, err *e);
/* corpus_part_new: parsing state for one thread, its warnings counted and sent to w
 * (copied); NULL when out of memory. */
corpus_part *corpus_part_new(corpus *c, const warn_sink *w);
/* corpus_parse: the article of record r into *a (cleared first), counted in p: 1; 0 when
 * the record was bad (warned and skipped) or the filter left it out; -1 with e set (strict
 * mode). The record's bytes may be released. */
int corpus_parse(corpus *c, corpus_record *r, corpus_part *p, article *a, err *e);
/* corpus_part_done: add p's counts to the corpus's and release p (NULL is fine). */
void corpus_part_done(corpus *c, corpus_part *p);
/* corpus_finish: the summary warning of a pass read with corpus_read (as corpus_next gives
 * it at the end), sent to w. */
void corpus_finish(corpus *c, const warn_sink *w);
/* corpus_next_sink: corpus_next with this call's warnings sent to w (for the pipeline's
 * workers, one at a time: the shape of pipeline.h's pipeline_next_fn). */
int corpus_next_sink(void *c, article *a, const warn_sink *w, err *e);
/* corpus_stages: corpus_read, corpus_parse and the rest above as a two-stage source
 * (article/source.h) over a corpus *: what a pipeline's workers read a corpus with. */
extern const article_stages corpus_stages;
/* corpus_rewind: start again at the first file (the file list is not read again); the
 * stats start from zero. */
void corpus_rewind(corpus *c);
/* corpus_stats: the counts of the current (or last) pass. */
const corpus_counts *corpus_stats(const corpus *c);
/* corpus_set_warn: send warnings to w from now on (copied). */
void corpus_set_warn(corpus *c, const warn_sink *w);
/* corpus_filtered: a new corpus over the same files and options with f added to c's
 * filters (both apply); NULL with e set (a bad date). */
corpus *corpus_filtered(const corpus *c, const corpus_filter *f, err *e);
/* corpus_detected: the encodings ICU's detector named for files of the current (or last)
 * pass that were not UTF-8 (encoding "auto"), with their numbers of files. */
const enc_tally *corpus_detected(const corpus *c);
/* corpus_path: the path it was opened with. */
const char *corpus_path(const corpus *c);
/* corpus_nfiles: the number of files it lists (a shard too lists them all). */
size_t corpus_nfiles(const corpus *c);
/* One listed file, as stat saw it when the corpus was opened. */
typedef struct {
  const char *path;
  uint64_t size;
  int64_t mtime; /* seconds since the epoch */
} corpus_file_info;
/* corpus_file_at: the i-th listed file (i < corpus_nfiles), borrowed from c. */
corpus_file_info corpus_file_at(const corpus *c, size_t i);
/* corpus_shard_of: the shard it reads ({0, 0}: all of it). */
corpus_shard corpus_shard_of(const corpus *c);
/* corpus_bytes: the bytes of its text, JSONL and CSV files (stores left out: their size
 * says little about their text; FIFOs count 0), as listed when it was opened. */
uint64_t corpus_bytes(const corpus *c);
/* corpus_close: release it (NULL is fine). */
void corpus_close(corpus *c);

/* corpus_check_date: the filter bound s as "YYYY", "YYYY-MM" or "YYYY-MM-DD" in out (any
 * date.h form is converted), checked by date_bound (the period must exist: 2025-02-31
 * does not); 0, or -1 with e set. */
int corpus_check_date(const char *s, char out[11], err *e);

#endif
