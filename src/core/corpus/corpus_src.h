/*
 * corpus_src.h: the readers behind corpus.h, one per file format (internal to the corpus):
 * a plain-text file (one article), JSONL (one article per line), CSV with a header (one
 * per row, through csvread.h), and the toolkit's SQLite store (one per row of `articles`).
 *
 * A reader cuts raw records (corpus_src_cut, in file order, on one thread); a JSONL line
 * or a text file's bytes become an article later, on any thread (corpus_src_parse): that
 * is where the parsing time goes, so a pipeline's workers share it. CSV rows and store
 * rows are cheap to parse and come out of the reader as articles.
 */
#ifndef SAHEL_CORPUS_SRC_H
#define SAHEL_CORPUS_SRC_H

#include <stdint.h>

#include "article/article.h"
#include "corpus/corpus.h"
#include "base/err.h"

/* What every reader of one corpus shares (owned by the corpus, stable). */
typedef struct {
  const article_opts *art; /* with the corpus's compiled rules, warning sink and counts */
  char delimiter;          /* CSV (0: by extension) */
} corpus_env;

typedef struct corpus_src corpus_src;

/* The records of a file a reader hands out: those that start at a byte offset in [lo, hi)
 * (corpus.h's shards); CORPUS_ALL: every one. A text file, and a file decoded whole from
 * another encoding, is one record at offset 0; a store's row j of R sits at j * size / R. */
typedef struct {
  uint64_t lo, hi;
} corpus_range;
#define CORPUS_ALL ((corpus_range){0, UINT64_MAX})

/* What a raw record holds. */
enum { REC_NONE, REC_ARTICLE, REC_LINE, REC_TEXT };

/* A raw record: a JSONL line or a text file's bytes to parse, or a parsed article. */
struct corpus_record {
  int kind;                 /* REC_* */
  buf bytes;                /* REC_LINE: the line (no line end); REC_TEXT: the file */
  const char *path, *stem;  /* its file (borrowed from the corpus's file list) */
  size_t lineno, offset;    /* REC_LINE: its line number, and its byte offset in the file */
  article a;                /* REC_ARTICLE */
};

/* corpus_format_of: the format of path by its extension (.txt .text .jsonl .ndjson .csv
 * .tsv .sqlite .sqlite3 .db), or CORPUS_AUTO when unknown. */
corpus_format corpus_format_of(const char *path);

/* corpus_src_open: a reader of the records in range of the file path in format f; stem is
 * the id given to articles without one ("stem", or "stem:LINE" for records). path and stem
 * are borrowed: they must outlive the reader and its records. NULL with e set. */
corpus_src *corpus_src_open(const char *path, const char *stem, corpus_format f,
                            const corpus_env *env, corpus_range range, err *e);
/* What cutting the next record gave. */
typedef enum {
  CUT_FILE_FAILED = -2, /* the file failed (e set): stop reading it */
  CUT_BAD = -1,         /* a bad record (e set): skip it, the next cut goes on */
  CUT_END = 0,          /* no record left in range */
  CUT_RECORD = 1,       /* a record */
} corpus_cut;

/* corpus_src_cut: the next raw record of the file into r (emptied first; path and stem
 * set). */
corpus_cut corpus_src_cut(corpus_src *s, corpus_record *r, err *e);
/* corpus_src_parse: the article of a REC_LINE or REC_TEXT record into the empty *a, read
 * with art (its warnings, counts and patterns belong to the calling thread; scratch too):
 * 0, or -1 a bad record with e set. */
int corpus_src_parse(const corpus_record *r, const article_opts *art, buf *scratch, article *a,
                     err *e);
/* corpus_src_close: release it (NULL is fine). */
void corpus_src_close(corpus_src *s);

#endif
