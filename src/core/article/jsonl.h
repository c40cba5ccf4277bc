/*
 * jsonl.h: articles from JSON objects (one per line of a .jsonl file), read with cJSON.
 * Fields are found by name (article.h's field_map: body <- text, body, content...); the
 * other members are kept as metadata in source order. Callable on any bytes (fuzzing).
 */
#ifndef SAHEL_JSONL_H
#define SAHEL_JSONL_H

#include <stddef.h>

#include "article/article.h"
#include "base/buf.h"
#include "base/err.h"

/* jsonl_blank: whether line[0..len) holds only white space (skipped, not an article). */
int jsonl_blank(const char *line, size_t len);

/* jsonl_parse_line: fill the empty article a from the JSON object line[0..len). origin
 * ("path:LINE") names it in messages and becomes a->origin; offset is the line's byte
 * offset in its file (for invalid UTF-8 warnings). scratch is reused memory. 0, or -1 with
 * e set: "path:LINE: column C: invalid JSON near '...'", "path:LINE: not a JSON object",
 * "path:LINE: field 'title' is a number, expected a string", "path:LINE: no text (fields
 * text, body, content, article)", or strict mode and invalid UTF-8. */
int jsonl_parse_line(const char *line, size_t len, const char *origin, size_t offset,
                     const article_opts *o, article *a, buf *scratch, err *e);

/* jsonl_parse_meta: add the members of the JSON object text s[0..len) to a's metadata
 * (strings as they are, other values as compact JSON; invalid UTF-8 becomes U+FFFD). 0, or -1 with e set (origin names
 * it). */
int jsonl_parse_meta(const char *s, size_t len, const char *origin, article *a, err *e);

/* jsonl_object_text: the JSON object {keys[i]: values[i]} (strings) as compact text into
 * out (replacing its contents); 0 or -1 (out of memory). */
int jsonl_object_text(const char *const *keys, const char *const *values, size_t n, buf *out);

#endif
