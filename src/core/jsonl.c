/* jsonl.c: articles from JSON objects with jansson (see jsonl.h). */
#include "jsonl.h"

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"

int jsonl_blank(const char *line, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (!strchr(" \t\r\n", line[i]) || !line[i]) return 0;
  }
  return 1;
}

/* type_name: "a number", "an object"... for messages about a JSON value. */
static const char *type_name(const json_t *v) {
  switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    default: return "null";
  }
}

/* One record being read: where it is, and its options. */
typedef struct {
  const char *origin;
  size_t offset;
  const article_opts *o;
  article *a;
  buf tmp; /* joined arrays, repaired strings */
} jrec;

/* join_strings: the strings of array v joined with ", " into r->tmp; 0, or -1 when an
 * element is not a string. */
static int join_strings(jrec *r, const json_t *v) {
  size_t i;
  json_t *item;
  buf_clear(&r->tmp);
  json_array_foreach(v, i, item) {
    if (!json_is_string(item)) return -1;
    if ((i && buf_adds(&r->tmp, ", ")) ||
        buf_add(&r->tmp, json_string_value(item), json_string_length(item))) {
      return -1;
    }
  }
  return 0;
}

/* value_text: the text of v as field f: a string; an integer id; an array of author names.
 * 0 with *s, *n set; -1 for a wrong type. */
static int value_text(jrec *r, const json_t *v, article_field f, const char **s, size_t *n) {
  char num[32];
  if (json_is_string(v)) {
    *s = json_string_value(v);
    *n = json_string_length(v);
    return 0;
  }
  if (json_is_integer(v) && f == AF_ID) {
    snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
    return article_set(&r->a->id, num, strlen(num)) ? -1 : (*s = r->a->id, *n = strlen(num), 0);
  }
  if (json_is_array(v) && f == AF_AUTHOR && join_strings(r, v) == 0) {
    *s = r->tmp.data ? r->tmp.data : "";
    *n = r->tmp.len;
    return 0;
  }
  return -1;
}

/* take_value: set field f of the article from v (named key); 0, or -1 with e set. */
static int take_value(jrec *r, const json_t *v, article_field f, const char *key, err *e) {
  const char *s, *t;
  size_t n, tn;
  buf fix;
  if (value_text(r, v, f, &s, &n)) {
    return err_set(e, "%s: field '%s' is %s, expected a string", r->origin, key, type_name(v));
  }
  buf_init(&fix);
  t = s; /* jansson checked the UTF-8: only \u0000 escapes are left to repair */
  tn = n;
  int rc = memchr(s, 0, n) ? article_utf8(s, n, r->offset, r->origin, r->o, &fix, &t, &tn, e) : 0;
  if (rc == 0) {
    rc = f == AF_DATE ? article_set_date(r->a, t, tn)
                      : article_set(article_field_slot(r->a, f), t, tn);
    if (rc) err_set(e, "%s: out of memory", r->origin);
  }
  buf_free(&fix);
  return rc;
}

/* take_fields: the article fields of obj; used[f] is the member each came from. */
static int take_fields(jrec *r, json_t *obj, const char *used[AF_COUNT], err *e) {
  for (int f = 0; f < AF_COUNT; f++) {
    const char *const *names = r->o->fields.names[f];
    if (!names) names = article_field_defaults((article_field)f);
    used[f] = NULL;
    for (size_t k = 0; names[k] && !used[f]; k++) {
      json_t *v = json_object_get(obj, names[k]);
      if (!v || json_is_null(v)) continue;
      if (take_value(r, v, (article_field)f, names[k], e)) return -1;
      used[f] = names[k];
    }
  }
  if (!used[AF_BODY]) {
    const char *const *names = r->o->fields.names[AF_BODY];
    if (!names) names = article_field_defaults(AF_BODY);
    char list[256] = "";
    for (size_t k = 0; names[k]; k++) {
      size_t at = strlen(list);
      snprintf(list + at, sizeof list - at, "%s%s", k ? ", " : "", names[k]);
    }
    return err_set(e, "%s: no text (none of the fields %s)", r->origin, list);
  }
  return 0;
}

/* add_meta: the member key = v as metadata: strings as they are, others as compact JSON;
 * nulls are left out. 0 or -1. */
static int add_meta(article *a, const char *key, const json_t *v) {
  if (json_is_null(v)) return 0;
  if (json_is_string(v)) {
    const char *s = json_string_value(v);
    size_t n = json_string_length(v);
    if (memchr(s, 0, n)) n = strlen(s); /* metadata stops at a NUL */
    return article_add_meta(a, key, s, n);
  }
  char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
  if (!text) return -1;
  int rc = article_add_meta(a, key, text, strlen(text));
  free(text);
  return rc;
}

/* take_meta: every member of obj not used for a field, in source order; 0 or -1. */
static int take_meta(article *a, json_t *obj, const char *const used[AF_COUNT]) {
  const char *key;
  json_t *v;
  json_object_foreach(obj, key, v) {
    int taken = 0;
    for (int f = 0; f < AF_COUNT && !taken; f++) taken = used[f] && strcmp(used[f], key) == 0;
    if (!taken && add_meta(a, key, v)) return -1;
  }
  return 0;
}

/* parse_object: the JSON text s[0..n) as an object (a new reference), or NULL with e set. */
static json_t *parse_object(const char *s, size_t n, const char *origin, err *e) {
  json_error_t je;
  json_t *root = json_loadb(s, n, JSON_ALLOW_NUL, &je);
  if (!root) {
    err_set(e, "%s: column %d: %s", origin, je.column, je.text);
    return NULL;
  }
  if (!json_is_object(root)) {
    err_set(e, "%s: not a JSON object (%s)", origin, type_name(root));
    json_decref(root);
    return NULL;
  }
  return root;
}

/* load_line: the object of a line. jansson checks UTF-8 itself, so the line is checked
 * (and repaired, or refused in strict mode) only when jansson refuses it. */
static json_t *load_line(const char *line, size_t len, const char *origin, size_t offset,
                         const article_opts *o, buf *scratch, err *e) {
  json_t *root = parse_object(line, len, origin, e);
  if (root || enc_valid_utf8(line, len) == len) return root;
  const char *text;
  size_t n;
  if (article_utf8(line, len, offset, origin, o, scratch, &text, &n, e)) return NULL;
  return parse_object(text, n, origin, e);
}

int jsonl_parse_line(const char *line, size_t len, const char *origin, size_t offset,
                     const article_opts *o, article *a, buf *scratch, err *e) {
  static const article_opts none;
  if (!o) o = &none;
  json_t *root = load_line(line, len, origin, offset, o, scratch, e);
  if (!root) return -1;
  jrec r = {origin, offset, o, a, {NULL, 0, 0}};
  const char *used[AF_COUNT];
  int rc = take_fields(&r, root, used, e);
  if (rc == 0 && (take_meta(a, root, used) || article_set(&a->origin, origin, strlen(origin)))) {
    rc = err_set(e, "%s: out of memory", origin);
  }
  buf_free(&r.tmp);
  json_decref(root);
  return rc;
}

int jsonl_parse_meta(const char *s, size_t len, const char *origin, article *a, err *e) {
  json_t *root = parse_object(s, len, origin, e);
  if (!root) return -1;
  const char *const none[AF_COUNT] = {NULL};
  int rc = take_meta(a, root, none) ? err_set(e, "%s: out of memory", origin) : 0;
  json_decref(root);
  return rc;
}
