/*
 * plaintext.h: an article from the text of a plain-text file, in one of three shapes
 * (docs/formats.md, "Plain text"): a front-matter header (`---`, `key: value` lines,
 * `---`) then the body; raw scraped news read by heuristics (title, byline with author and
 * date, repeated title, highlights, source credit, body, site boilerplate); or plain (the
 * first line is the title, the rest the body).
 *
 * The heuristics' patterns (ICU regular expressions, matched against whole trimmed lines,
 * case-insensitive) live in a pt_rules: compile it once, use it from one thread at a time.
 */
#ifndef SAHEL_PLAINTEXT_H
#define SAHEL_PLAINTEXT_H

#include <stddef.h>

#include "article/article.h"
#include "base/err.h"

typedef enum { PT_AUTO, PT_FRONTMATTER, PT_RAW, PT_PLAIN } pt_shape;

/* pt_shape_named: the shape called name ("auto", "frontmatter", "raw", "plain"); -1 if none. */
int pt_shape_named(const char *name);

/* Pattern lists a pt_rules is built from. */
typedef enum { PT_BOILERPLATE, PT_CREDIT } pt_list;

/* pt_defaults: the default patterns of a list, NULL-terminated; *n their number. */
const char *const *pt_defaults(pt_list which, size_t *n);

typedef struct pt_rules pt_rules;

/* pt_rules_new: compile the boilerplate and credit patterns (a NULL list: the defaults;
 * an empty one: none). NULL with e set ("credit pattern 2 (\"...\"): U_REGEX_... at
 * offset 5") when a pattern does not compile. */
pt_rules *pt_rules_new(const char *const *boilerplate, size_t nboilerplate,
                       const char *const *credit, size_t ncredit, err *e);
/* pt_rules_free: release it (NULL is fine). */
void pt_rules_free(pt_rules *r);

/* pt_parse: fill the empty article a from the UTF-8 text s[0..len) of a file called name
 * (used in messages), read as shape (PT_AUTO: front matter when the text starts with a
 * `---` line, raw otherwise). Line ends become LF. rules NULL: the defaults, compiled for
 * this call. 0, or -1 with e set ("name:LINE: ..."); a is then partly filled. */
int pt_parse(const char *s, size_t len, const char *name, pt_shape shape, pt_rules *rules,
             article *a, err *e);

/* article_parse_text: the article of a plain-text file's bytes[0..len): decoded (BOM,
 * o->encoding, UTF-8 checked and repaired), then read as o->shape (plaintext.h). name names
 * the file in messages; a must be empty; its id is left to the caller. 0, or -1 with e set
 * (strict mode and invalid bytes, a bad front matter, memory). */
int article_parse_text(const char *bytes, size_t len, const char *name, const article_opts *o,
                       article *a, err *e);

#endif
