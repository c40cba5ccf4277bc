/*
 * kwic.h: key-word-in-context lines for any word or phrase (docs/spec.md §10), in pure C.
 *
 * A pattern is compiled once (read-only, shared by threads) in one of three modes:
 * - exact: white-space separated items, each compared with one token (word or number),
 *   consecutive tokens of one sentence (only white space between them, as aliases match);
 * - glob: the same, where `*` in an item stands for any characters and `?` for one;
 * - regex: an ICU regular expression searched in each sentence; a hit is widened to the
 *   tokens it touches.
 * Items and tokens are compared on match forms (the items are put in match form too;
 * a regex is, but for case folding, done by matching case-insensitively), or on surfaces
 * (the text as written) when asked. With clitics, the first item of an exact or glob
 * pattern also matches the token's forms without proclitics (TEXT-SPEC §6.3), and, when
 * the item does not itself begin with ال, those forms without a leading ال (2 letters
 * kept), so that إرهاب* finds والإرهابيين.
 *
 * The lines of a corpus are cut in C (gaz_kwic: words each side inside the paragraph,
 * bidi controls removed) by the threaded pipeline, and come out in corpus order, then
 * text order, for every thread count.
 */
#ifndef SAHEL_KWIC_H
#define SAHEL_KWIC_H

#include <stddef.h>
#include <stdint.h>

#include "article/article.h"
#include "base/buf.h"
#include "base/err.h"
#include "gazetteer/pipeline_doc.h"
#include "pipeline/pipeline.h"
#include "text/text.h"

typedef enum { KWIC_EXACT, KWIC_GLOB, KWIC_REGEX } kwic_mode;

typedef struct {
  kwic_mode mode;
  int surface; /* compare surfaces instead of match forms */
  int clitics; /* the first item through proclitic forms (exact and glob) */
} kwic_opts;

typedef struct kwic_pattern kwic_pattern;

/* kwic_compile: the pattern pat[0..len) under o, with match forms of tp (borrowed; it must
 * outlive the pattern). NULL with e set: an empty pattern, a bad regex ("bad regex at
 * character N: why"), memory. */
kwic_pattern *kwic_compile(const textproc *tp, const char *pat, size_t len, const kwic_opts *o,
                           err *e);
/* kwic_pattern_free: release it (NULL is fine). */
void kwic_pattern_free(kwic_pattern *p);

/* Per-thread matching scratch. */
typedef struct kwic_scratch kwic_scratch;

/* kwic_scratch_new: scratch for p (borrowed); NULL with e set. */
kwic_scratch *kwic_scratch_new(const kwic_pattern *p, err *e);
/* kwic_scratch_free: release it (NULL is fine). */
void kwic_scratch_free(kwic_scratch *s);

/* A hit: tokens [first, first + count) of one sentence of the doc. */
typedef struct {
  uint32_t first, count;
} kwic_hit;

/* kwic_find: the hits of the scratch's pattern in d, in text order and never overlapping
 * (leftmost first), into *hits (owned by s, valid until its next use) and *n. 0, or -1
 * with e set (memory, a regex failing on the text). */
int kwic_find(kwic_scratch *s, const doc *d, const kwic_hit **hits, size_t *n, err *e);

/* A line: the fields id, date, source (of the article; start SIZE_MAX when absent) and
 * left, match, right (cut as gaz_kwic does) as byte ranges of the lines' text. */
enum { KWIC_ID, KWIC_DATE, KWIC_SOURCE, KWIC_LEFT, KWIC_MATCH, KWIC_RIGHT, KWIC_FIELDS };
typedef struct {
  uint64_t place; /* the article's place in its source (corpus order) */
  size_t start[KWIC_FIELDS], len[KWIC_FIELDS];
  uint32_t paragraph, sentence, byte_start, byte_end;
} kwic_line;

typedef struct {
  kwic_line *lines;
  size_t n, cap;
  buf text;
} kwic_lines;

/* kwic_lines_init / kwic_lines_free: an empty list / release it. */
void kwic_lines_init(kwic_lines *l);
void kwic_lines_free(kwic_lines *l);

/* kwic_doc_lines: append the lines of s's hits in d (analyzed from article a, which may be
 * NULL: no id, date, source) with width words each side, at place, to out. 0, or -1 with
 * e set. */
int kwic_doc_lines(kwic_scratch *s, const doc *d, const article *a, size_t width,
                   uint64_t place, kwic_lines *out, err *e);

/* kwic_corpus: the first `limit` lines (0: all) of every article of the pipeline's source
 * (its analyzed text, TEXT-SPEC §2) with the pipeline's threads, in corpus order then
 * text order, into out (emptied first). 0, or -1 with e set; warnings go to pw. */
int kwic_corpus(const kwic_pattern *p, size_t width, size_t limit, const pipeline_opts *po,
                pipeline_warnings *pw, kwic_lines *out, err *e);

#endif
