/*
 * corpus_src_internal.h: a corpus reader's state and what its files share: corpus_src.c
 * (dispatch, plain text), corpus_src_record.c (what every format does to its records),
 * corpus_src_lines.c (lines, JSONL), corpus_src_csv.c and corpus_src_store.c. Not for
 * outside corpus/.
 */
#ifndef SAHEL_CORPUS_SRC_INTERNAL_H
#define SAHEL_CORPUS_SRC_INTERNAL_H

#include <sqlite3.h>
#include <stdio.h>

#include "corpus/corpus_src.h"
#include "io/csvread.h"

#define SRC_BLOCK 65536
#define SRC_MAX_FILE ((size_t)1 << 30) /* a file read whole: 1 GiB at most */
#define SRC_MAX_LINE ((size_t)1 << 28) /* a JSONL line: 256 MiB at most */

struct corpus_src {
  corpus_format fmt;
  const char *path, *stem;   /* borrowed from the corpus: they outlive its records */
  const corpus_env *env;
  uint64_t lo, hi;           /* the records it hands out start at offsets in [lo, hi) */
  int done;                  /* a text file was handed out */
  FILE *f;                   /* JSONL read as it comes */
  buf text;                  /* a file read whole and decoded */
  const char *cur;           /* the bytes lines are cut from: blk, or text.data */
  char *blk;
  size_t pos, len, offset;   /* in cur; offset: of cur[pos] in the file */
  size_t lineno, line_start;
  int eof;
  buf scratch;
  char origin[4200];         /* "path:LINE" of the current record (CSV, store) */
  csvreader *csv;
  int cols[AF_COUNT];        /* CSV column of each field, or -1 */
  char **header;
  size_t nheader;
  sqlite3 *db;
  sqlite3_stmt *st;
};

/* corpus_src_record.c */
/* src_read_all: the bytes of the open file f into out; 0, or -1 with e set. */
int src_read_all(FILE *f, const char *path, buf *out, err *e);
/* src_place_text: "name:LINE" into out[0..size) (size > 0), cut short where snprintf would
 * cut it: a record's place, once a record, without printf's cost. */
void src_place_text(char *out, size_t size, const char *name, size_t line);
/* src_set_defaults: the article's origin and id (stem, or stem:LINE for a record of a file
 * holding several: per_line) when the source gave none; 0 or -1. */
int src_set_defaults(article *a, const char *origin, const char *stem, size_t lineno,
                     int per_line);
/* src_record_defaults: src_set_defaults for the current record of s (CSV, store):
 * CUT_RECORD, or CUT_FILE_FAILED (out of memory)
 * with e set. */
corpus_cut src_record_defaults(corpus_src *s, article *a, err *e);

/* corpus_src_lines.c */
/* src_lines_open: start cutting lines: straight from the file when it is UTF-8 (a BOM is
 * skipped), else from its decoded text (a named encoding, or under "auto" one that ICU's
 * detector is confident about). 0, or -1 with e set. */
int src_lines_open(corpus_src *s, err *e);
/* src_jsonl_open: start cutting lines at the first one in range; 0, or -1 with e set. */
int src_jsonl_open(corpus_src *s, err *e);
/* src_jsonl_cut: the next non-blank line in range. */
corpus_cut src_jsonl_cut(corpus_src *s, corpus_record *r, err *e);
/* src_jsonl_line: the article of a JSONL line; 0 or -1. */
int src_jsonl_line(const corpus_record *r, const article_opts *art, buf *scratch, article *a,
                   err *e);

/* corpus_src_csv.c */
/* src_csv_open: a CSV reader (the file decoded whole when it is not UTF-8), header read. */
int src_csv_open(corpus_src *s, err *e);
/* src_csv_next: the next row as an article. */
corpus_cut src_csv_next(corpus_src *s, article *a, err *e);

/* corpus_src_store.c */
/* src_sqlite_open: the store, read-only, and its statement over the rows of `articles` in
 * range. */
int src_sqlite_open(corpus_src *s, err *e);
/* src_sqlite_next: the next row of `articles` as an article. */
corpus_cut src_sqlite_next(corpus_src *s, article *a, err *e);

#endif
