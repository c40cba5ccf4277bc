/* jsonl.c: articles from JSON objects with cJSON (see jsonl.h). cJSON parses at several
 * hundred MB/s but does not check UTF-8: every line is checked (and repaired, or refused in
 * strict mode) first. */
#include "article/jsonl.h"

#include <cJSON.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/encoding.h"
#include "base/mem.h"

static pthread_once_t hooks_once = PTHREAD_ONCE_INIT;

/* use_mem: cJSON allocates through mem.h, so that --max-memory counts it. */
static void use_mem(void) {
  cJSON_Hooks hooks = {mem_alloc, mem_free};
  cJSON_InitHooks(&hooks);
}

int jsonl_blank(const char *line, size_t len) {
  for (size_t i = 0; i < len; i++) {
    if (!strchr(" \t\r\n", line[i]) || !line[i]) return 0;
  }
  return 1;
}

/* type_name: "a number", "an object"... for messages about a JSON value. */
static const char *type_name(const cJSON *v) {
  if (cJSON_IsObject(v)) return "an object";
  if (cJSON_IsArray(v)) return "an array";
  if (cJSON_IsString(v)) return "a string";
  if (cJSON_IsNumber(v)) return "a number";
  if (cJSON_IsBool(v)) return "a boolean";
  return "null";
}

/* One record being read: where it is, and the member names of each field. */
typedef struct {
  const char *origin;
  const char *const *names[AF_COUNT];
  uint64_t firsts[AF_COUNT]; /* first_bytes of each field's names */
  article *a;
  buf tmp; /* joined arrays */
} jrec;

/* first_bytes: bit c % 64 set for the first byte c of each name: most member names are
 * no field's at the cost of one test. */
static uint64_t first_bytes(const char *const *names) {
  uint64_t bits = 0;
  for (size_t k = 0; names[k]; k++) bits |= 1ull << ((unsigned char)names[k][0] & 63);
  return bits;
}

/* jrec_init: the state of reading the record `origin` into a with o's field names. */
static void jrec_init(jrec *r, const char *origin, const article_opts *o, article *a) {
  r->origin = origin;
  for (int f = 0; f < AF_COUNT; f++) {
    const char *const *names = o->fields.names[f];
    r->names[f] = names ? names : article_field_defaults((article_field)f);
    r->firsts[f] = first_bytes(r->names[f]);
  }
  r->a = a;
  buf_init(&r->tmp);
}

/* join_strings: the strings of array v joined with ", " into r->tmp; 0, or -1 when an
 * element is not a string. */
static int join_strings(jrec *r, const cJSON *v) {
  const cJSON *item;
  buf_clear(&r->tmp);
  cJSON_ArrayForEach(item, v) {
    if (!cJSON_IsString(item)) return -1;
    if ((item != v->child && buf_adds(&r->tmp, ", ")) || buf_adds(&r->tmp, item->valuestring))
      return -1;
  }
  return 0;
}

/* integer_text: v as an integer id into num (32 bytes); 0, or -1 when v is not integral. */
static int integer_text(const cJSON *v, char *num) {
  double d = v->valuedouble;
  if (!(d >= -9007199254740992.0 && d <= 9007199254740992.0) || d != (double)(long long)d)
    return -1;
  snprintf(num, 32, "%lld", (long long)d);
  return 0;
}

/* value_text: the text of v as field f: a string; an integer id; an array of author names.
 * 0 with *s set; -1 for a wrong type. */
static int value_text(jrec *r, const cJSON *v, article_field f, const char **s) {
  static _Thread_local char num[32];
  if (cJSON_IsString(v)) {
    *s = v->valuestring;
    return 0;
  }
  if (cJSON_IsNumber(v) && f == AF_ID && integer_text(v, num) == 0) {
    *s = num;
    return 0;
  }
  if (cJSON_IsArray(v) && f == AF_AUTHOR && join_strings(r, v) == 0) {
    *s = r->tmp.data ? r->tmp.data : "";
    return 0;
  }
  return -1;
}

/* take_value: set field f of the article from v (named key); 0, or -1 with e set. */
static int take_value(jrec *r, const cJSON *v, article_field f, const char *key, err *e) {
  const char *s;
  if (value_text(r, v, f, &s)) {
    return err_set(e, "%s: field '%s' is %s, expected a string", r->origin, key, type_name(v));
  }
  size_t n = strlen(s);
  int rc = f == AF_DATE ? article_set_date(r->a, s, n)
                        : article_set(article_field_slot(r->a, f), s, n);
  return rc ? err_nomem_at(e, "%s", r->origin) : 0;
}

/* no_text: the error for an object without any of the body's member names. */
static int no_text(const jrec *r, err *e) {
  const char *const *names = r->names[AF_BODY];
  char list[256] = "";
  for (size_t k = 0; names[k]; k++) {
    size_t at = strlen(list);
    snprintf(list + at, sizeof list - at, "%s%s", k ? ", " : "", names[k]);
  }
  return err_set(e, "%s: no text (none of the fields %s)", r->origin, list);
}

/* name_rank: the place of name in the NULL-terminated list names, or -1. */
static int name_rank(const char *const *names, const char *name) {
  for (int k = 0; names[k]; k++) {
    if (names[k][0] == name[0] && strcmp(names[k], name) == 0) return k;
  }
  return -1;
}

/* The member each field is read from, found in one walk over the object's members. */
typedef struct {
  cJSON *v[AF_COUNT]; /* NULL: none yet */
  int rank[AF_COUNT]; /* the place of its name in the field's names */
  int nulls;          /* a null member bore a field's name (and may hide a later one) */
} field_pick;

/* is_first: whether no member before v in obj bears its name (only the first member of a
 * name counts, as cJSON_GetObjectItemCaseSensitive finds it). */
static int is_first(const cJSON *obj, const cJSON *v) {
  return cJSON_GetObjectItemCaseSensitive(obj, v->string) == v;
}

/* pick_fields: for each field, the first member of the earliest of its names that is
 * present and not null. */
static void pick_fields(const jrec *r, const cJSON *obj, field_pick *p) {
  cJSON *v;
  memset(p, 0, sizeof *p);
  cJSON_ArrayForEach(v, obj) {
    unsigned first = (unsigned char)v->string[0] & 63;
    for (int f = 0; f < AF_COUNT; f++) {
      if (!(r->firsts[f] >> first & 1)) continue;
      int k = name_rank(r->names[f], v->string);
      if (k < 0 || (p->v[f] && k >= p->rank[f])) continue;
      if (cJSON_IsNull(v)) {
        p->nulls = 1;
      } else if (!p->nulls || is_first(obj, v)) {
        p->v[f] = v;
        p->rank[f] = k;
      }
    }
  }
}

/* later_reader: whether a field after f reads f's member too. */
static int later_reader(const field_pick *p, int f) {
  for (int g = f + 1; g < AF_COUNT; g++) {
    if (p->v[g] == p->v[f]) return 1;
  }
  return 0;
}

/* take_string: field *slot from the string member v, its text taken over from cJSON
 * (which allocated it with mem_alloc) rather than copied; v must be read by no later
 * field, and a member read by a field is no metadata. */
static void take_string(char **slot, cJSON *v) {
  mem_free(*slot);
  *slot = v->valuestring;
  v->valuestring = NULL; /* cJSON_Delete skips it */
}

/* take_fields: the article fields of obj; used[f] is the name of the member each came
 * from. */
static int take_fields(jrec *r, cJSON *obj, const char *used[AF_COUNT], err *e) {
  field_pick p;
  pick_fields(r, obj, &p);
  for (int f = 0; f < AF_COUNT; f++) {
    used[f] = p.v[f] ? r->names[f][p.rank[f]] : NULL;
    if (!used[f]) continue;
    if (f != AF_DATE && cJSON_IsString(p.v[f]) && !later_reader(&p, f)) {
      take_string(article_field_slot(r->a, (article_field)f), p.v[f]);
    } else if (take_value(r, p.v[f], (article_field)f, used[f], e)) {
      return -1;
    }
  }
  return used[AF_BODY] ? 0 : no_text(r, e);
}

/* add_meta: the member key = v as metadata: strings as they are, others as compact JSON;
 * nulls are left out. 0 or -1. */
static int add_meta(article *a, const char *key, const cJSON *v) {
  if (cJSON_IsNull(v)) return 0;
  if (cJSON_IsString(v)) return article_add_meta(a, key, v->valuestring, strlen(v->valuestring));
  char *text = cJSON_PrintUnformatted(v);
  if (!text) return -1;
  int rc = article_add_meta(a, key, text, strlen(text));
  cJSON_free(text);
  return rc;
}

/* is_used: whether name is one of the used[] names (NULL: none). */
static int is_used(const char *const used[AF_COUNT], const char *name) {
  for (int f = 0; f < AF_COUNT; f++) {
    if (used[f] && used[f][0] == name[0] && strcmp(used[f], name) == 0) return 1;
  }
  return 0;
}

/* take_meta: every member of obj not used for a field, in source order; 0 or -1. */
static int take_meta(article *a, const cJSON *obj, const char *const used[AF_COUNT]) {
  const cJSON *v;
  cJSON_ArrayForEach(v, obj) {
    if (!is_used(used, v->string) && add_meta(a, v->string, v)) return -1;
  }
  return 0;
}

/* next_nul_escape: the first \u0000 escape in [p, end), or NULL. Escapes are read from
 * p on, so p must not be inside one: a '\' escapes the byte after it, a second '\'
 * included. */
static char *next_nul_escape(const char *p, const char *end) {
  while (p < end && (p = memchr(p, '\\', (size_t)(end - p)))) {
    if (end - p >= 6 && memcmp(p + 1, "u0000", 5) == 0) return (char *)p;
    p += end - p > 1 ? 2 : 1; /* past the escaped byte, which escapes nothing */
  }
  return NULL;
}

/* unescape_nul: s with every \u0000 escape turned into \ufffd (cJSON strings end at a
 * NUL), in scratch when there is any; returns the text to parse. */
static const char *unescape_nul(const char *s, size_t n, buf *scratch) {
  const char *at = next_nul_escape(s, s + n);
  if (!at) return s;
  buf_clear(scratch);
  if (buf_add(scratch, s, n)) return s;
  char *text = scratch->data;
  for (char *q = text + (at - s); q; q = next_nul_escape(q + 6, text + n)) {
    memcpy(q + 2, "fffd", 4);
  }
  return text;
}

/* near: how many bytes of s[at..n) to quote in a message: at most 16, whole characters. */
static int near(const char *s, size_t at, size_t n) {
  size_t k = n - at < 16 ? n - at : 16;
  while (k > 0 && at + k < n && ((unsigned char)s[at + k] & 0xC0) == 0x80) k--;
  return (int)k;
}

/* parse_object: the JSON text s[0..n) (valid UTF-8) as an object, or NULL with e set
 * ("origin: column C: ..."). Only white space may follow the object. */
static cJSON *parse_object(const char *s, size_t n, const char *origin, buf *scratch, err *e) {
  const char *end = NULL;
  pthread_once(&hooks_once, use_mem);
  s = unescape_nul(s, n, scratch);
  cJSON *root = cJSON_ParseWithLengthOpts(s, n, &end, 0);
  size_t at = end ? (size_t)(end - s) : 0;
  while (root && at < n && strchr(" \t\r\n", s[at]) && s[at]) at++;
  if (!root || at < n) {
    cJSON_Delete(root);
    if (at >= n) return err_set(e, "%s: column %zu: unexpected end of the line", origin, at + 1), NULL;
    err_set(e, "%s: column %zu: invalid JSON near '%.*s'", origin, at + 1, near(s, at, n), s + at);
    return NULL;
  }
  if (!cJSON_IsObject(root)) {
    err_set(e, "%s: not a JSON object (%s)", origin, type_name(root));
    cJSON_Delete(root);
    return NULL;
  }
  return root;
}

/* load_line: the object of a line, its UTF-8 checked (repaired, or refused in strict mode)
 * first. */
static cJSON *load_line(const char *line, size_t len, const char *origin, size_t offset,
                        const article_opts *o, buf *scratch, err *e) {
  const char *text = line;
  size_t n = len;
  buf fixed;
  buf_init(&fixed);
  if (enc_valid_utf8(line, len) != len &&
      article_utf8(line, len, offset, origin, o, &fixed, &text, &n, e)) {
    buf_free(&fixed);
    return NULL;
  }
  cJSON *root = parse_object(text, n, origin, scratch, e);
  buf_free(&fixed);
  return root;
}

int jsonl_parse_line(const char *line, size_t len, const char *origin, size_t offset,
                     const article_opts *o, article *a, buf *scratch, err *e) {
  static const article_opts none;
  if (!o) o = &none;
  cJSON *root = load_line(line, len, origin, offset, o, scratch, e);
  if (!root) return -1;
  jrec r;
  jrec_init(&r, origin, o, a);
  const char *used[AF_COUNT];
  int rc = take_fields(&r, root, used, e);
  if (rc == 0 && (take_meta(a, root, used) || article_set(&a->origin, origin, strlen(origin)))) {
    rc = err_nomem_at(e, "%s", origin);
  }
  buf_free(&r.tmp);
  cJSON_Delete(root);
  return rc;
}

int jsonl_parse_meta(const char *s, size_t len, const char *origin, article *a, err *e) {
  buf scratch, fixed;
  enc_bad bad = {0, 0};
  buf_init(&scratch);
  buf_init(&fixed);
  if (enc_valid_utf8(s, len) != len) {
    if (enc_repair_utf8(s, len, 0, &fixed, &bad)) return err_nomem_at(e, "%s", origin);
    s = fixed.data;
    len = fixed.len;
  }
  cJSON *root = parse_object(s, len, origin, &scratch, e);
  buf_free(&scratch);
  buf_free(&fixed);
  if (!root) return -1;
  const char *const none[AF_COUNT] = {NULL};
  int rc = take_meta(a, root, none) ? err_nomem_at(e, "%s", origin) : 0;
  cJSON_Delete(root);
  return rc;
}

int jsonl_object_text(const char *const *keys, const char *const *values, size_t n, buf *out) {
  pthread_once(&hooks_once, use_mem);
  cJSON *obj = cJSON_CreateObject();
  int rc = obj ? 0 : -1;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    cJSON *v = cJSON_CreateString(values[i] ? values[i] : "");
    if (!v || !cJSON_AddItemToObject(obj, keys[i], v)) rc = -1;
  }
  char *text = rc == 0 ? cJSON_PrintUnformatted(obj) : NULL;
  buf_clear(out);
  if (!text || buf_adds(out, text)) rc = -1;
  cJSON_free(text);
  cJSON_Delete(obj);
  return rc;
}
