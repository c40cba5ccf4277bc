/*
 * source.h: a source of articles read in two stages, so that a pipeline (pipeline.h) can
 * read on one thread at a time and parse on all of its workers: `read` cuts the next raw
 * record in the source's order (a JSONL line, a text file's bytes: cheap), `parse` turns
 * it into an article on the worker's own thread (JSON, UTF-8 checks: the costly part),
 * with parsing state of its own (a `part`). The articles, counts and warnings are those
 * the source gives when read in one go. A corpus provides its stages (corpus.h:
 * corpus_stages); the pipeline knows only this interface.
 */
#ifndef SAHEL_SOURCE_H
#define SAHEL_SOURCE_H

#include "article/article.h"
#include "base/err.h"

typedef struct {
  /* record_new: an empty raw record (NULL: out of memory); record_free: release one (NULL
   * is fine). */
  void *(*record_new)(void);
  void (*record_free)(void *rec);
  /* read: the next raw record of src into rec, this call's warnings sent to w: 1; 0 at
   * the end (no summary: see finish); -1 with e set. */
  int (*read)(void *src, void *rec, const warn_sink *w, err *e);
  /* part_new: parsing state for one worker, its warnings sent to w (copied); NULL when
   * out of memory. */
  void *(*part_new)(void *src, const warn_sink *w);
  /* parse: the article of rec into *a (cleared first), with part: 1; 0 when the record
   * gave none (a bad record warned and skipped, or one left out by a filter); -1 with e
   * set. rec's bytes may be released. */
  int (*parse)(void *src, void *rec, void *part, article *a, err *e);
  /* part_done: add part's counts to src's and release it (NULL is fine). */
  void (*part_done)(void *src, void *part);
  /* finish: after a pass read in stages, the source's summary warning sent to w. */
  void (*finish)(void *src, const warn_sink *w);
} article_stages;

#endif
