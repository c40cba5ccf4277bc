/*
 * corpus_src.h: the readers behind corpus.h, one per file format (internal to the corpus):
 * a plain-text file (one article), JSONL (one article per line), CSV with a header (one
 * per row, through csvread.h), and the toolkit's SQLite store (one per row of `articles`).
 */
#ifndef SAHEL_CORPUS_SRC_H
#define SAHEL_CORPUS_SRC_H

#include "article.h"
#include "corpus.h"
#include "err.h"

/* What every reader of one corpus shares (owned by the corpus, stable). */
typedef struct {
  const article_opts *art; /* with the corpus's compiled rules, warning sink and counts */
  char delimiter;          /* CSV (0: by extension) */
} corpus_env;

typedef struct corpus_src corpus_src;

/* corpus_format_of: the format of path by its extension (.txt .text .jsonl .ndjson .csv
 * .tsv .sqlite .sqlite3 .db), or CORPUS_AUTO when unknown. */
corpus_format corpus_format_of(const char *path);

/* corpus_src_open: a reader of the file path in format f; stem is the id given to
 * articles without one ("stem", or "stem:LINE" for records). NULL with e set. */
corpus_src *corpus_src_open(const char *path, const char *stem, corpus_format f,
                            const corpus_env *env, err *e);
/* corpus_src_next: the next article of the file into the empty *a: 1; 0 at the end; -1 a
 * bad record (e set; the next call goes on); -2 the file failed (e set; stop reading it). */
int corpus_src_next(corpus_src *s, article *a, err *e);
/* corpus_src_close: release it (NULL is fine). */
void corpus_src_close(corpus_src *s);

#endif
