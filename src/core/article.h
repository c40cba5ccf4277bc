/*
 * article.h: one news article and the parsers that make it from bytes: plain text with a
 * front-matter header, raw scraped text (heuristics), JSON objects (JSONL lines) and
 * records of other sources. Strings are owned by the article (mem_*), NUL-terminated,
 * valid UTF-8 (invalid bytes were repaired or refused by the loader); absent fields are NULL.
 */
#ifndef SAHEL_ARTICLE_H
#define SAHEL_ARTICLE_H

#include <stddef.h>

#include "buf.h"
#include "err.h"

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

/* article_text: the analyzed text (TEXT-SPEC §2): the title, a LF, then the body (just the
 * body when there is no title). Byte offsets of tokens and mentions refer to this text.
 * Replaces out's contents; 0 or -1. */
int article_text(const article *a, buf *out);

#endif
