/*
 * fuzz_article.h: the checks the article harnesses share: every field of a parsed article
 * is valid UTF-8, its date (when set) is a real ISO day, and its metadata are well-formed.
 */
#ifndef SAHEL_FUZZ_ARTICLE_H
#define SAHEL_FUZZ_ARTICLE_H

#include "article/article.h"
#include "fuzz.h"

/* fuzz_check_str: a field is absent or valid UTF-8 without NUL before its end. */
static inline void fuzz_check_str(const char *s) {
  if (s) FUZZ_CHECK(fuzz_utf8_valid(s, strlen(s)));
}

/* fuzz_check_article: every field of a, its date and its metadata. */
static inline void fuzz_check_article(const article *a) {
  const char *fields[] = {a->id, a->title, a->date_raw, a->source, a->author,
                          a->url, a->summary, a->body};
  for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) fuzz_check_str(fields[i]);
  if (a->date) {
    int y, m, d;
    FUZZ_CHECK(strlen(a->date) == 10 && sscanf(a->date, "%4d-%2d-%2d", &y, &m, &d) == 3);
    FUZZ_CHECK(m >= 1 && m <= 12 && d >= 1 && d <= 31);
  }
  for (size_t i = 0; i < a->nmeta; i++) {
    FUZZ_CHECK(a->meta[i].key != NULL);
    fuzz_check_str(a->meta[i].key);
    fuzz_check_str(a->meta[i].value);
  }
  buf text;
  buf_init(&text);
  FUZZ_CHECK(article_text(a, &text) == 0);
  FUZZ_CHECK(fuzz_utf8_valid(text.data ? text.data : "", text.len));
  buf_free(&text);
}

#endif
