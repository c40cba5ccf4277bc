/*
 * article.h: one news article and the parsers that make it from bytes: plain text with a
 * front-matter header, raw scraped text (heuristics), JSON objects (JSONL lines) and
 * records of other sources. Strings are owned by the article (mem_*), NUL-terminated,
 * valid UTF-8 (invalid bytes were repaired or refused by the loader); absent fields are NULL.
 */
#ifndef SAHEL_ARTICLE_H
#define SAHEL_ARTICLE_H

#include <stddef.h>

#include "base/buf.h"
#include "text/encoding.h"
#include "base/err.h"

typedef struct {
  char *key, *value;
} meta_field;

typedef struct {
  char *id;
  char *title;
  char *date;      /* ISO YYYY-MM-DD, or NULL when the raw date did not parse */
  char *date_raw;  /* the date as written in the source */
  char *source;    /* outlet or credit ("وكالات / النهار") */
  char *author;
  char *url;
  char *summary;   /* highlight lines / abstract: metadata, not analyzed (TEXT-SPEC §2) */
  char *body;
  meta_field *meta; /* any other fields of the source, in source order */
  size_t nmeta, meta_cap;
  char *origin;    /* where it came from: "path" or "path:line" */
} article;

/* article_init: an empty article. */
void article_init(article *a);
/* article_clear: free every field; the article is empty again. */
void article_clear(article *a);
/* article_set: replace field *slot with a copy of s[0..len); 0 or -1 (out of memory). */
int article_set(char **slot, const char *s, size_t len);
/* article_add_meta: append key = value to the metadata; 0 or -1. */
int article_add_meta(article *a, const char *key, const char *value, size_t vlen);
/* article_get_meta: the value of a metadata key, or NULL. */
const char *article_get_meta(const article *a, const char *key);

/* article_category: the article's category or section: its metadata `category`, else
 * `section` (NULL when neither is there or it is empty). */
const char *article_category(const article *a);

/* article_set_date: date_raw = s[0..len) (white space trimmed) and date = its ISO form when
 * it parses (date.h), else NULL; 0 or -1 (out of memory). */
int article_set_date(article *a, const char *s, size_t len);

/* The fields a source record (JSONL object, CSV row, store row) fills, in this order. */
typedef enum {
  AF_ID, AF_TITLE, AF_DATE, AF_SOURCE, AF_AUTHOR, AF_URL, AF_SUMMARY, AF_BODY, AF_COUNT
} article_field;

/* article_field_name: "id", "title", "date", "source", "author", "url", "summary", "body". */
const char *article_field_name(article_field f);
/* article_field_slot: where field f is kept in a (AF_DATE: date_raw). */
char **article_field_slot(article *a, article_field f);
/* article_field_defaults: the names field f may have in a source record, tried in order
 * (NULL-terminated): e.g. body <- text, body, content, article. */
const char *const *article_field_defaults(article_field f);

/* Where the fields of records come from: for each field, the source names tried in order
 * (NULL-terminated); a NULL list means article_field_defaults. */
typedef struct {
  const char *const *names[AF_COUNT];
} field_map;

struct pt_rules; /* plaintext.h */

/* What the parsers repaired, added up by the caller. */
typedef struct {
  size_t invalid_utf8;  /* ill-formed sequences (and NULs) replaced with U+FFFD */
  size_t invalid_texts; /* articles (files, lines, rows) that held some */
  enc_tally detected;   /* files read in the encoding ICU's detector named (encoding auto) */
} article_counts;

/* How bytes become articles. Zeroed: UTF-8, lenient, shape auto, default rules and names. */
typedef struct {
  const char *encoding;   /* ICU converter name; NULL or "auto": UTF-8, or what ICU's
                             detector names for a file that is not UTF-8 (a BOM always
                             decides) */
  int strict;             /* invalid bytes are errors (else replaced, warned and counted) */
  int shape;              /* pt_shape of plain text (plaintext.h) */
  struct pt_rules *rules; /* raw-text patterns; NULL: the defaults, compiled per call */
  field_map fields;       /* JSONL and CSV names */
  const warn_sink *warn;  /* where repairs are reported (NULL: nowhere) */
  article_counts *counts; /* where repairs are counted (may be NULL) */
} article_opts;

/* article_decode: the text of a file's bytes[0..len) into out (replacing its contents):
 * a BOM decides the encoding, else o->encoding; "auto" (or NULL) reads bytes that are not
 * UTF-8 in the encoding ICU's detector names when it is confident (a warning naming `name`
 * and the encoding, counted in o->counts->detected). Invalid bytes are replaced (a warning
 * naming `name` and the byte offset, counted) or, strict, refused. 0, or -1 with e set. */
int article_decode(const char *bytes, size_t len, const char *name, const article_opts *o,
                   buf *out, err *e);

/* article_utf8: s[0..len) as valid UTF-8 in *out, *outlen: s itself when it is, else a
 * repaired copy in scratch (ill-formed sequences and NULs -> U+FFFD), with a warning to
 * o->warn naming `where` and the byte offset (base + i) and the count in o->counts. In
 * strict mode invalid bytes are an error: -1 with e set (the message says what ICU's
 * charset detector thinks the bytes are). */
int article_utf8(const char *s, size_t len, size_t base, const char *where,
                 const article_opts *o, buf *scratch, const char **out, size_t *outlen, err *e);

/* article_text: the analyzed text (TEXT-SPEC §2): the title, a LF, then the body (just the
 * body when there is no title). Byte offsets of tokens and mentions refer to this text.
 * Replaces out's contents; 0 or -1. */
int article_text(const article *a, buf *out);

#endif
