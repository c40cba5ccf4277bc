/*
 * discover.h: names the gazetteer does not know yet, found from the cues news text puts
 * around names (docs/discover.md), counted in pure C.
 *
 * The cues are a gazetteer of their own (one entity per cue phrase: الرئيس, جماعة, مدينة,
 * قال, President...), matched like entities (match form, proclitics, TEXT-SPEC §6). After
 * (or before) each cue, every run of 1 .. max_words word tokens of the cue's sentence, with
 * only white space between them, none a stopword, a number, a cue or a word of a mention of
 * the known gazetteer, is a candidate span, counted under that cue. Modifier cues (السابق,
 * الأمريكي...) are skipped between a cue and the name, and so is the definite noun a
 * construct cue heads (وزير الخارجية, رئيس الوزراء). A cue without flags only stops spans
 * (months, weekdays: words that are never a name). A span of Latin words must be
 * capitalized; runs of capitalized Latin words that do not open a sentence are candidates
 * of their own (cue DISCOVER_CAPS). Counting a corpus runs through the threaded pipeline;
 * the tables merge by addition, so the counts are the same for every thread count (as long
 * as no span was refused by the max_keys cap).
 */
#ifndef SAHEL_DISCOVER_H
#define SAHEL_DISCOVER_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "gazetteer/gazetteer.h"
#include "pipeline/pipeline.h"
#include "terms/terms.h"

/* What a cue does (flags, per cue). */
enum {
  DISCOVER_AFTER = 1,      /* the name follows the cue */
  DISCOVER_BEFORE = 2,     /* the name precedes the cue */
  DISCOVER_MODIFIER = 4,   /* a word skipped between a cue and the name */
  DISCOVER_NEAR_PLACE = 8, /* counts only within DISCOVER_NEAR words of a known GPE/LOC */
  DISCOVER_CONSTRUCT = 16  /* the cue heads a definite noun first (وزير الخارجية X) */
};

/* The cue ids of capitalized Latin runs, and of the sum over every cue; a cue id with
 * DISCOVER_LEFT set counts the spans found before cue (id & ~DISCOVER_LEFT). */
#define DISCOVER_LEFT 0x40000000u
#define DISCOVER_CAPS UINT32_MAX
#define DISCOVER_ALL (UINT32_MAX - 1)
/* How near a known place must be to a span for DISCOVER_NEAR_PLACE (words). */
#define DISCOVER_NEAR 3

typedef struct {
  const gazetteer *known;    /* the analyst's gazetteer (borrowed; NULL: none) */
  const gazetteer *cues;     /* the cues (borrowed): entity i is cue i */
  const unsigned *cue_flags; /* DISCOVER_* of each cue (borrowed) */
  const terms_stop *stop;    /* stopwords (borrowed; NULL: none) */
  int max_words;             /* 1 to 4 */
  int latin_caps;            /* count capitalized Latin runs (cue DISCOVER_CAPS) */
  int nisba;                 /* skip ال...ي / ال...يه adjectives after a cue, as modifiers */
  size_t max_keys;           /* spans x cues kept at most (0: no cap); the rest are refused */
} discover_opts;

typedef struct discover discover;

/* discover_new: an empty table; NULL with e set (bad options, memory). The cues must be
 * matched in the same normalization as the known gazetteer. */
discover *discover_new(const discover_opts *o, err *e);
/* discover_free: release it (NULL is fine). */
void discover_free(discover *t);
/* discover_add_article: analyze article a with scratch s (made with the known gazetteer and
 * GAZ_DEMONYMS: demonyms are skipped after a cue and end a span)
 * and count its candidate spans; place orders articles (the first example of a span is
 * the one of the lowest place). 0, or -1 with e set. */
int discover_add_article(discover *t, pipeline_doc *s, const article *a, uint64_t place,
                         err *e);
/* discover_merge: add from's counts into into (same options); 0, or -1 with e set. */
int discover_merge(discover *into, const discover *from, err *e);
/* discover_count_corpus: count every article of the pipeline's source with its threads.
 * The table, or NULL with e set; warnings go to pw. */
discover *discover_count_corpus(const discover_opts *o, const pipeline_opts *po,
                                pipeline_warnings *pw, err *e);

/* One span counted under one cue (or DISCOVER_CAPS, or DISCOVER_ALL: every cue). span and
 * example point into the table (valid while it lives, not NUL-terminated). */
typedef struct {
  const char *span; /* match forms of its words, joined by one space */
  size_t len;
  uint32_t cue;
  int words;
  uint64_t hits;       /* times counted */
  uint64_t articles;   /* articles where it was counted */
  uint64_t near_known; /* times its sentence held a mention of the known gazetteer */
  uint64_t extended;   /* times a longer span was counted there too (a word more) */
  const char *example; /* DISCOVER_ALL rows: the words around its first occurrence, as
                          written ("" in the other rows) */
  size_t example_len;
  const char *surface; /* the span as written there */
  size_t surface_len;
} discover_row;

/* discover_rows: the number of (span, cue) rows; discover_row_at: row i of them. */
size_t discover_rows(const discover *t);
void discover_row_at(const discover *t, size_t i, discover_row *r);
/* discover_articles: articles counted; discover_refused: spans refused by max_keys;
 * discover_words: word tokens of the articles counted. */
uint64_t discover_articles(const discover *t);
uint64_t discover_refused(const discover *t);
uint64_t discover_words(const discover *t);
/* discover_span_hits: the times s[0..len) was counted under any cue (0: never). */
uint64_t discover_span_hits(const discover *t, const char *s, size_t len);

#endif
