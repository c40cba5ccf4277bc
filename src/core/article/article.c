/* article.c: the article record, its fields, and decoding a file's bytes (article.h). */
#include "article/article.h"

#include <stddef.h>
#include <string.h>

#include "article/date.h"
#include "text/encoding.h"
#include "base/mem.h"

void article_init(article *a) { memset(a, 0, sizeof *a); }

void article_clear(article *a) {
  char **fields[] = {&a->id,     &a->title, &a->date,    &a->date_raw, &a->source,
                     &a->author, &a->url,   &a->summary, &a->body,     &a->origin};
  for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) mem_free(*fields[i]);
  for (size_t i = 0; i < a->nmeta; i++) {
    mem_free(a->meta[i].key);
    mem_free(a->meta[i].value);
  }
  mem_free(a->meta);
  article_init(a);
}

int article_set(char **slot, const char *s, size_t len) {
  char *copy = mem_strndup(s, len);
  if (!copy) return -1;
  mem_free(*slot);
  *slot = copy;
  return 0;
}

int article_add_meta(article *a, const char *key, const char *value, size_t vlen) {
  if (mem_grow(&a->meta, &a->meta_cap, a->nmeta + 1, sizeof *a->meta)) return -1;
  meta_field *m = &a->meta[a->nmeta];
  m->key = mem_strndup(key, strlen(key));
  m->value = mem_strndup(value, vlen);
  if (!m->key || !m->value) {
    mem_free(m->key);
    mem_free(m->value);
    return -1;
  }
  a->nmeta++;
  return 0;
}

const char *article_get_meta(const article *a, const char *key) {
  for (size_t i = 0; i < a->nmeta; i++) {
    if (strcmp(a->meta[i].key, key) == 0) return a->meta[i].value;
  }
  return NULL;
}

int article_set_date(article *a, const char *s, size_t len) {
  while (len && strchr(" \t\r\n", s[len - 1])) len--;
  while (len && strchr(" \t\r\n", *s)) s++, len--;
  char iso[11];
  if (article_set(&a->date_raw, s, len)) return -1;
  mem_free(a->date);
  a->date = NULL;
  if (date_parse(s, len, iso, NULL) == 0 && article_set(&a->date, iso, 10)) return -1;
  return 0;
}

const char *article_category(const article *a) {
  static const char *const keys[] = {"category", "section"};
  for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
    const char *v = article_get_meta(a, keys[i]);
    if (v && *v) return v;
  }
  return NULL;
}

int article_text(const article *a, buf *out) {
  buf_clear(out);
  if (a->title && (buf_adds(out, a->title) || buf_addc(out, '\n'))) return -1;
  if (buf_adds(out, a->body ? a->body : "")) return -1;
  return 0;
}

/* ---- fields of source records --------------------------------------------------------- */

static const char *const field_names[AF_COUNT] = {
  "id", "title", "date", "source", "author", "url", "summary", "body",
};

const char *article_field_name(article_field f) { return field_names[f]; }

char **article_field_slot(article *a, article_field f) {
  switch (f) {
    case AF_ID: return &a->id;
    case AF_TITLE: return &a->title;
    case AF_DATE: return &a->date_raw;
    case AF_SOURCE: return &a->source;
    case AF_AUTHOR: return &a->author;
    case AF_URL: return &a->url;
    case AF_SUMMARY: return &a->summary;
    default: return &a->body;
  }
}

const char *const *article_field_defaults(article_field f) {
  static const char *const id[] = {"id", "_id", "guid", "uuid", NULL};
  static const char *const title[] = {"title", "headline", NULL};
  static const char *const date[] = {"date", "date_iso", "published", "published_at",
                                     "pubdate", "datetime", NULL};
  static const char *const source[] = {"source", "outlet", "site", "publisher", NULL};
  static const char *const author[] = {"author", "authors", "byline", "writer", NULL};
  static const char *const url[] = {"url", "link", NULL};
  static const char *const summary[] = {"summary", "abstract", "description", "lead", NULL};
  static const char *const body[] = {"text", "body", "content", "article", NULL};
  static const char *const *const all[AF_COUNT] = {id,     title, date,    source,
                                                   author, url,   summary, body};
  return all[f];
}

/* ---- bytes to text -------------------------------------------------------------------- */

/* report_bad: warn about (or, strict, refuse) the repairs in bad; raw is what the charset
 * detector looks at. 0, or -1 with e set. */
static int report_bad(const enc_bad *bad, const char *where, const char *raw, size_t rawlen,
                      const article_opts *o, err *e) {
  if (!bad->count) return 0;
  if (o->strict) return enc_explain(e, where, raw, rawlen, bad);
  if (o->counts) {
    o->counts->invalid_utf8 += bad->count;
    o->counts->invalid_texts++;
  }
  if (o->warn && o->warn->fn) {
    err w;
    enc_explain(&w, where, raw, rawlen, bad);
    warn_emit(o->warn, "%s", w.msg);
  }
  return 0;
}

int article_utf8(const char *s, size_t len, size_t base, const char *where,
                 const article_opts *o, buf *scratch, const char **out, size_t *outlen, err *e) {
  *out = s;
  *outlen = len;
  if (enc_valid_utf8(s, len) == len) return 0;
  enc_bad bad = {0, 0};
  buf_clear(scratch);
  if (enc_repair_utf8(s, len, base, scratch, &bad)) return err_nomem_at(e, "%s", where);
  if (report_bad(&bad, where, s, len, o, e)) return -1;
  *out = scratch->data;
  *outlen = scratch->len;
  return 0;
}

/* detected: the encoding to read a file's bytes in under encoding "auto": guess[0..n)
 * when ICU's detector is confident that they are in it (reported and counted), else NULL
 * (UTF-8). */
static const char *detected(const char *bytes, size_t len, const char *name,
                            const article_opts *o, char *guess, size_t n) {
  size_t bom;
  int conf;
  if (enc_bom(bytes, len, &bom) || enc_valid_utf8(bytes, len) == len ||
      !enc_guess(bytes, len, guess, n, &conf))
    return NULL;
  if (o->counts) enc_tally_add(&o->counts->detected, guess, 1);
  warn_emit(o->warn, "%s: not UTF-8: read as %s (ICU's charset detector, confidence %d%%; "
            "--encoding NAME or opts.encoding sets it)", name, guess, conf);
  return guess;
}

int article_decode(const char *bytes, size_t len, const char *name, const article_opts *o,
                   buf *out, err *e) {
  enc_bad bad = {0, 0};
  err why;
  char guess[64];
  const char *enc = o->encoding;
  if (enc_is_auto(enc)) enc = detected(bytes, len, name, o, guess, sizeof guess);
  buf_clear(out);
  if (enc_decode(enc, bytes, len, out, &bad, &why)) {
    return err_set(e, "%s: %s", name, why.msg);
  }
  return report_bad(&bad, name, bytes, len, o, e);
}
