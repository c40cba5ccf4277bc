/*
 * store.h: the SQLite store. Connections opened the toolkit's way (WAL, busy timeout, the
 * FTS5 tokenizer `sahel`), the store's schema (docs/formats.md, "Outputs: the SQLite
 * store"), ingesting analyzed articles into it incrementally, and reading stored mentions
 * back per article (for co-occurrence tables built without re-tokenizing).
 */
#ifndef SAHEL_STORE_H
#define SAHEL_STORE_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "gazetteer/gazetteer.h"
#include "pipeline/pipeline.h"
#include "text/text.h"

typedef struct {
  int readonly;   /* open read-only (no WAL switch, no schema) */
  int no_create;  /* fail when the file does not exist */
  int no_wal;     /* keep SQLite's default rollback journal */
  int busy_ms;    /* busy timeout in milliseconds (0: 5000) */
} store_db_opts;

/* store_db_open: open (or create) the database at path (":memory:" works) with WAL,
 * synchronous=NORMAL, a busy timeout and the tokenizer `sahel` registered; NULL with e set
 * ("path: why"). o may be NULL. Close with sqlite3_close_v2. */
sqlite3 *store_db_open(const char *path, const store_db_opts *o, err *e);

/* store_init: create the store's tables and indexes when absent (docs/formats.md); 0, or
 * -1 with e set. Safe on an existing store. The full-text index is store_index's. */
int store_init(sqlite3 *db, err *e);

/* store_has_index: 1 when db holds the full-text index (articles_fts), 0 when it does not,
 * -1 with e set. */
int store_has_index(sqlite3 *db, err *e);

/* A build's progress: called after each chunk with the articles indexed so far and their
 * total; a non-zero return stops the build (rolled back). */
typedef int (*store_index_progress)(void *ud, int64_t done, int64_t total);

/* store_index: build the full-text index of the store's articles when it has none, in one
 * transaction (the FTS5 table articles_fts over `articles`, with the triggers that keep it
 * in step with later ingests); fn (may be NULL) sees the progress. 1 when built, 0 when it
 * was there already, -1 with e set (nothing changed). */
int store_index(sqlite3 *db, store_index_progress fn, void *ud, err *e);

/* What store_ingest needs besides the pipeline (its source and threads). */
typedef struct {
  const textproc *tp;  /* the match form (shared, read-only) */
  const gazetteer *g;  /* NULL: articles only, no mentions */
  unsigned match_opts; /* GAZ_DEMONYMS ... */
  int batch;           /* articles per transaction (0: 500) */
  int force;           /* re-analyze articles whose hash did not change */
  int kwic;            /* > 0: also the KWIC rows of the mentions (this many words each
                        * side) into the table kwic, created when absent */
  int with_demonyms;   /* also count the mentions each written article would have with
                        * demonym aliases taking part (stats.with_demonyms) */
} store_ingest_opts;

typedef struct {
  size_t seen;      /* articles read from the source */
  size_t inserted;  /* new articles written */
  size_t replaced;  /* articles whose hash changed (or all, when the gazetteer did) */
  size_t skipped;   /* unchanged articles left as they were */
  size_t mentions;  /* mention rows written */
  size_t no_id;     /* articles without an id, left out (a warning each) */
  size_t bytes;     /* bytes of title and body of the articles seen (progress) */
  size_t with_demonyms; /* o->with_demonyms: the mentions of the articles written with
                         * demonyms counted too (a replaced article's earlier version
                         * included) */
} store_ingest_stats;

/* store_ingest: write every article of the pipeline's source into the store (schema
 * created if needed): the article row with its content hash and unit counts, its mentions,
 * the full-text index when the store has one (store_index); and the gazetteer's entities
 * and aliases. Incremental: an
 * article whose stored hash is the same is skipped, unless the gazetteer or the match
 * options changed since the last ingest (meta table) or o->force. Each transaction holds
 * at most o->batch whole articles, so a killed run leaves whole articles only. Workers
 * analyze in parallel; with several, one writer thread writes their rows in the source's
 * order (the same rows, in the same order, for every thread count). 0, or -1 with e set (the open transaction is
 * rolled back; committed ones stay). The same as begin, one run, end. */
int store_ingest(sqlite3 *db, const store_ingest_opts *o, const pipeline_opts *po,
                 pipeline_warnings *w, store_ingest_stats *st, err *e);

/* An ingest in several runs (sources fed in rounds, e.g. from Lua between runs). */
typedef struct store_session store_session;

/* store_ingest_begin: create the schema if needed, write the gazetteer, prepare; NULL
 * with e set. o is borrowed until store_ingest_end. */
store_session *store_ingest_begin(sqlite3 *db, const store_ingest_opts *o, err *e);
/* store_ingest_run: ingest every article of po's source; 0, or -1 with e set (then end
 * the session with ok = 0). A transaction may stay open between runs. */
int store_ingest_run(store_session *s, const pipeline_opts *po, pipeline_warnings *w, err *e);
/* store_ingest_counts: the counts so far (between runs). */
void store_ingest_counts(const store_session *s, store_ingest_stats *st);
/* store_ingest_end: commit what is left and record the gazetteer's fingerprint (ok), or
 * roll the open transaction back (!ok); the counts into *st (may be NULL); frees s. 0, or
 * -1 with e set. */
int store_ingest_end(store_session *s, int ok, store_ingest_stats *st, err *e);

/* store_article_hash: the content hash of a (every field but origin) as 16 hex digits. */
void store_article_hash(const article *a, char out[17]);

/* Reading stored mentions back, one article at a time (for co-occurrence tables built
 * without re-tokenizing). Every article of the selection comes, with or without mentions. */
typedef struct {
  const char *entity_id;
  int64_t paragraph, sentence; /* 0-based; paragraph 0 is the title when present */
  int64_t token;               /* index of its first token in the analyzed text */
  int64_t word;                /* word tokens before its first token (window contexts) */
  int flags;                   /* MENTION_* */
} store_mention;

typedef struct {
  const char *id, *date;       /* date: ISO or NULL */
  int64_t paragraphs, sentences; /* units holding at least one token */
  int64_t tokens;              /* word tokens (the article unit counts when sentences > 0) */
  const store_mention *m;      /* in text order */
  size_t n;
} store_article;

typedef struct store_mentions store_mentions;

/* store_mentions_open: iterate the stored articles (by id) whose date lies in [from, to]
 * and whose source is `source` (each NULL: no condition); NULL with e set. */
store_mentions *store_mentions_open(sqlite3 *db, const char *from, const char *to,
                                    const char *source, err *e);
/* store_mentions_next: the next article and its mentions into *out (valid until the next
 * call): 1, 0 at the end, -1 with e set. */
int store_mentions_next(store_mentions *it, store_article *out, err *e);
/* store_mentions_close: release it (NULL is fine). */
void store_mentions_close(store_mentions *it);

#endif
