/* corpus_src.c: one reader per file format (see corpus_src.h). */
#include "corpus/corpus_src.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include "io/csvread.h"
#include "io/csvread_warn.h"
#include "text/encoding.h"
#include "article/jsonl.h"
#include "base/mem.h"
#include "io/sqldb.h"

#define SRC_BLOCK 65536
#define SRC_MAX_FILE ((size_t)1 << 30) /* a file read whole: 1 GiB at most */
#define SRC_MAX_LINE ((size_t)1 << 28) /* a JSONL line: 256 MiB at most */

struct corpus_src {
  corpus_format fmt;
  const char *path, *stem;   /* borrowed from the corpus: they outlive its records */
  const corpus_env *env;
  uint64_t lo, hi;           /* the records it hands out start at offsets in [lo, hi) */
  int done;                  /* a text file was handed out */
  FILE *f;                   /* JSONL read as it comes */
  buf text;                  /* a file read whole and decoded */
  const char *cur;           /* the bytes lines are cut from: blk, or text.data */
  char *blk;
  size_t pos, len, offset;   /* in cur; offset: of cur[pos] in the file */
  size_t lineno, line_start;
  int eof;
  buf scratch;
  char origin[4200];         /* "path:LINE" of the current record (CSV, store) */
  csvreader *csv;
  int cols[AF_COUNT];        /* CSV column of each field, or -1 */
  char **header;
  size_t nheader;
  sqlite3 *db;
  sqlite3_stmt *st;
};

corpus_format corpus_format_of(const char *path) {
  static const struct {
    const char *ext;
    corpus_format f;
  } exts[] = {
    {".txt", CORPUS_TXT},   {".text", CORPUS_TXT},      {".jsonl", CORPUS_JSONL},
    {".ndjson", CORPUS_JSONL}, {".csv", CORPUS_CSV},    {".tsv", CORPUS_CSV},
    {".sqlite", CORPUS_SQLITE}, {".sqlite3", CORPUS_SQLITE}, {".db", CORPUS_SQLITE},
  };
  const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
  if (!dot || (slash && dot < slash)) return CORPUS_AUTO;
  for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
    if (strcasecmp(dot, exts[i].ext) == 0) return exts[i].f;
  }
  return CORPUS_AUTO;
}

/* read_all: the bytes of the open file f into out; 0, or -1 with e set. */
static int read_all(FILE *f, const char *path, buf *out, err *e) {
  buf_clear(out);
  for (;;) {
    if (out->len > SRC_MAX_FILE) return err_set(e, "%s: file too large (over 1 GiB)", path);
    if (buf_reserve(out, SRC_BLOCK)) return err_set(e, "%s: out of memory", path);
    size_t n = fread(out->data + out->len, 1, SRC_BLOCK, f);
    out->len += n;
    out->data[out->len] = '\0';
    if (n < SRC_BLOCK) break;
  }
  return ferror(f) ? err_set(e, "%s: %s", path, strerror(errno)) : 0;
}

/* place_text: "name:LINE" into out[0..size) (size > 0), cut short where snprintf would
 * cut it: a record's place, once a record, without printf's cost. */
static void place_text(char *out, size_t size, const char *name, size_t line) {
  char tail[24], *t = tail + sizeof tail;
  do *--t = (char)('0' + line % 10); while (line /= 10);
  *--t = ':';
  size_t n = strnlen(name, size - 1), k = (size_t)(tail + sizeof tail - t);
  if (k > size - 1 - n) k = size - 1 - n;
  memcpy(out, name, n);
  memcpy(out + n, t, k);
  out[n + k] = '\0';
}

/* set_defaults: the article's origin and id (stem, or stem:LINE for a record of a file
 * holding several: per_line) when the source gave none; 0 or -1. */
static int set_defaults(article *a, const char *origin, const char *stem, size_t lineno,
                        int per_line) {
  if (!a->origin && article_set(&a->origin, origin, strlen(origin))) return -1;
  if (a->id) return 0;
  char id[4200];
  if (per_line) place_text(id, sizeof id, stem, lineno);
  else snprintf(id, sizeof id, "%s", stem);
  return article_set(&a->id, id, strlen(id));
}

/* src_defaults: set_defaults for the current record of s (CSV, store): 1, or -2 with e set. */
static int src_defaults(corpus_src *s, article *a, err *e) {
  if (set_defaults(a, s->origin, s->stem, s->lineno, 1) == 0) return 1;
  return err_set(e, "%s: out of memory", s->path), -2;
}

/* ---- plain text ----------------------------------------------------------------------- */

/* txt_cut: the bytes of a text file, once. */
static int txt_cut(corpus_src *s, corpus_record *r, err *e) {
  if (s->done || s->lo > 0) return 0;
  s->done = 1;
  FILE *f = fopen(s->path, "rb");
  if (!f) return err_set(e, "%s: %s", s->path, strerror(errno)), -2;
  int rc = read_all(f, s->path, &r->bytes, e);
  fclose(f);
  if (rc) return -2;
  r->kind = REC_TEXT;
  return 1;
}

/* txt_parse: the article of a text file's bytes; 0 or -1. */
static int txt_parse(const corpus_record *r, const article_opts *art, article *a, err *e) {
  const char *bytes = r->bytes.data ? r->bytes.data : "";
  if (article_parse_text(bytes, r->bytes.len, r->path, art, a, e)) return -1;
  if (!a->title && !(a->body && *a->body)) return err_set(e, "%s: no text", r->path);
  return set_defaults(a, r->path, r->stem, 0, 0) ? err_set(e, "%s: out of memory", r->path) : 0;
}

/* ---- lines (JSONL) -------------------------------------------------------------------- */

/* whole_record: a file decoded whole is one record at its first byte: its lines are all
 * in range or none is. */
static void whole_record(corpus_src *s) {
  s->hi = s->lo == 0 ? UINT64_MAX : 0;
  s->lo = 0;
}

/* whole_file: read f whole and decode it into s->text, to cut lines from there; 0 or -1. */
static int whole_file(corpus_src *s, err *e) {
  buf raw;
  buf_init(&raw);
  rewind(s->f);
  int rc = read_all(s->f, s->path, &raw, e);
  if (rc == 0) rc = article_decode(raw.data ? raw.data : "", raw.len, s->path, s->env->art,
                                   &s->text, e);
  buf_free(&raw);
  fclose(s->f);
  s->f = NULL;
  s->cur = s->text.data ? s->text.data : "";
  s->len = s->text.len;
  whole_record(s);
  return rc;
}

/* detect_first: under encoding "auto", whether the first block of a file without a BOM
 * (s->blk[0..s->len)) is not UTF-8 (an unfinished sequence at the end of a full block
 * aside) and ICU's detector is confident about what it is instead. */
static int detect_first(const corpus_src *s) {
  size_t ok = enc_valid_utf8(s->blk, s->len);
  if (ok == s->len || (s->len == SRC_BLOCK && ok + 3 >= s->len)) return 0;
  char guess[64];
  int conf;
  return enc_guess(s->blk, s->len, guess, sizeof guess, &conf);
}

/* lines_open: start cutting lines: straight from the file when it is UTF-8 (a BOM is
 * skipped), else from its decoded text (a named encoding, or under "auto" one that ICU's
 * detector is confident about). 0, or -1 with e set. */
static int lines_open(corpus_src *s, err *e) {
  s->f = fopen(s->path, "rb");
  if (!s->f) return err_set(e, "%s: %s", s->path, strerror(errno));
  s->blk = mem_alloc(SRC_BLOCK);
  if (!s->blk) return err_set(e, "%s: out of memory", s->path);
  s->cur = s->blk;
  s->len = fread(s->blk, 1, SRC_BLOCK, s->f);
  size_t bom;
  const char *enc = enc_bom(s->blk, s->len, &bom), *want = s->env->art->encoding;
  int named = !enc_is_auto(want) && !enc_is_utf8(want);
  if ((enc && strcmp(enc, "UTF-8") != 0) || named || (enc_is_auto(want) && !enc && detect_first(s))) {
    return whole_file(s, e);
  }
  s->pos = s->offset = bom;
  return 0;
}

/* lines_fill: the next block of the file; 1, 0 at the end, -1 on a read error. */
static int lines_fill(corpus_src *s) {
  if (!s->f || s->eof) return 0;
  s->pos = 0;
  s->len = fread(s->blk, 1, SRC_BLOCK, s->f);
  if (s->len) return 1;
  s->eof = 1;
  return ferror(s->f) ? -1 : 0;
}

/* lines_next: the next line (without its LF or CRLF) into line; 1, 0 at the end, -1 with
 * e set. */
static int lines_next(corpus_src *s, buf *line, err *e) {
  int any = 0;
  buf_clear(line);
  s->line_start = s->offset;
  for (;;) {
    if (s->pos == s->len) {
      int rc = lines_fill(s);
      if (rc < 0) return err_set(e, "%s: %s", s->path, strerror(errno));
      if (rc == 0) break;
    }
    const char *p = s->cur + s->pos, *nl = memchr(p, '\n', s->len - s->pos);
    size_t take = nl ? (size_t)(nl - p) : s->len - s->pos;
    if (line->len + take > SRC_MAX_LINE) {
      return err_set(e, "%s:%zu: line longer than 256 MiB", s->path, s->lineno + 1);
    }
    if (buf_add(line, p, take)) return err_set(e, "%s: out of memory", s->path);
    s->pos += take + (nl != NULL);
    s->offset += take + (nl != NULL);
    any = 1;
    if (nl) break;
  }
  if (!any) return 0;
  s->lineno++;
  if (line->len && line->data[line->len - 1] == '\r') line->data[--line->len] = '\0';
  return 1;
}

/* lines_skip: move to the first line that starts at offset s->lo or later, counting the
 * lines passed (read, not kept); 0, or -1 with e set. */
static int lines_skip(corpus_src *s, err *e) {
  char last = '\n';
  while (s->offset < s->lo || last != '\n') {
    if (s->pos == s->len) {
      int rc = lines_fill(s);
      if (rc < 0) return err_set(e, "%s: %s", s->path, strerror(errno));
      if (rc == 0) return 0;
    }
    const char *p = s->cur + s->pos;
    size_t avail = s->len - s->pos, take;
    if (s->offset < s->lo) {
      take = s->lo - s->offset < avail ? (size_t)(s->lo - s->offset) : avail;
    } else { /* inside the line that holds lo: to its end */
      const char *nl = memchr(p, '\n', avail);
      take = nl ? (size_t)(nl - p) + 1 : avail;
    }
    for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + take - q))); q++) s->lineno++;
    last = p[take - 1];
    s->pos += take;
    s->offset += take;
  }
  return 0;
}

/* jsonl_open: start cutting lines at the first one in range; 0, or -1 with e set. */
static int jsonl_open(corpus_src *s, err *e) {
  if (lines_open(s, e)) return -1;
  return s->offset < s->lo ? lines_skip(s, e) : 0;
}

/* jsonl_cut: the next non-blank line in range. */
static int jsonl_cut(corpus_src *s, corpus_record *r, err *e) {
  for (;;) {
    if (s->offset >= s->hi) return 0;
    int rc = lines_next(s, &r->bytes, e);
    if (rc <= 0) return rc < 0 ? -2 : 0;
    if (jsonl_blank(r->bytes.data, r->bytes.len)) continue;
    r->kind = REC_LINE;
    r->lineno = s->lineno;
    r->offset = s->line_start;
    return 1;
  }
}

/* jsonl_line: the article of a JSONL line; 0 or -1. */
static int jsonl_line(const corpus_record *r, const article_opts *art, buf *scratch, article *a,
                      err *e) {
  char origin[4200];
  place_text(origin, sizeof origin, r->path, r->lineno);
  if (jsonl_parse_line(r->bytes.data ? r->bytes.data : "", r->bytes.len, origin, r->offset, art,
                       a, scratch, e)) {
    return -1;
  }
  return set_defaults(a, origin, r->stem, r->lineno, 1) ? err_set(e, "%s: out of memory", origin)
                                                         : 0;
}

/* ---- CSV ------------------------------------------------------------------------------ */

/* csv_column: the column of field f in the header (its names tried in order, exactly,
 * then ignoring case), or -1. */
static int csv_column(const corpus_src *s, article_field f) {
  const char *const *names = s->env->art->fields.names[f];
  if (!names) names = article_field_defaults(f);
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; names[k]; k++) {
      for (size_t i = 0; i < s->nheader; i++) {
        if (pass ? strcasecmp(s->header[i], names[k]) == 0 : strcmp(s->header[i], names[k]) == 0) {
          return (int)i;
        }
      }
    }
  }
  return -1;
}

/* header_name: a copy of a header field, ill-formed UTF-8 replaced with U+FFFD (names
 * become metadata keys); NULL when out of memory. */
static char *header_name(const char *field) {
  size_t n = strlen(field);
  if (enc_valid_utf8(field, n) == n) return mem_strndup(field, n);
  buf fixed;
  enc_bad bad = {0, 0};
  buf_init(&fixed);
  char *name = enc_repair_utf8(field, n, 0, &fixed, &bad) ? NULL
                                                          : mem_strndup(fixed.data, fixed.len);
  buf_free(&fixed);
  return name;
}

/* csv_header: read the header row and find the columns; 0, or -1 with e set. */
static int csv_header(corpus_src *s, err *e) {
  csvrecord r;
  int rc = csvread_next(s->csv, &r, e);
  if (rc <= 0) return rc; /* an empty file has no rows */
  s->header = mem_calloc(r.nfields, sizeof *s->header);
  if (!s->header) return err_set(e, "%s: out of memory", s->path);
  for (s->nheader = 0; s->nheader < r.nfields; s->nheader++) {
    s->header[s->nheader] = header_name(r.fields[s->nheader]);
    if (!s->header[s->nheader]) return err_set(e, "%s: out of memory", s->path);
  }
  for (int f = 0; f < AF_COUNT; f++) s->cols[f] = csv_column(s, (article_field)f);
  if (s->cols[AF_BODY] < 0) {
    return err_set(e, "%s:%zu: no text column (the header names none of the body's names)",
                   s->path, r.line);
  }
  return 0;
}

/* csv_open: a CSV reader (the file decoded whole when it is not UTF-8), header read. */
static int csv_open(corpus_src *s, err *e) {
  const char *ext = strrchr(s->path, '.');
  char delim = s->env->delimiter ? s->env->delimiter
                                 : (ext && strcasecmp(ext, ".tsv") == 0 ? '\t' : ',');
  csvread_opts o = {delim, '"', s->env->art->strict};
  if (lines_open(s, e)) return -1; /* a file not in UTF-8 is decoded whole into s->text */
  if (s->f) {
    fclose(s->f);
    s->f = NULL;
    s->csv = csvread_open(s->path, &o, e);
  } else {
    s->csv = csvread_open_memory(s->path, s->cur, s->len, &o, e);
  }
  if (!s->csv) return -1;
  csvread_set_warn(s->csv, s->lo > 0 ? NULL : s->env->art->warn); /* records before lo: mute */
  return csv_header(s, e);
}

/* csv_field: set field f of a from the cell s[0..n) (empty: absent); 0, or -1 with e set. */
static int csv_field(corpus_src *s, article *a, int f, const char *v, size_t n, err *e) {
  char where[4400];
  const char *t;
  size_t tn;
  if (!n) return 0;
  snprintf(where, sizeof where, "%s: field '%s'", s->origin, s->header[s->cols[f]]);
  if (article_utf8(v, n, 0, where, s->env->art, &s->scratch, &t, &tn, e)) return -1;
  int rc = f == AF_DATE ? article_set_date(a, t, tn)
                        : article_set(article_field_slot(a, (article_field)f), t, tn);
  return rc ? err_set(e, "%s: out of memory", s->origin) : 0;
}

/* csv_meta: the cells of columns that are no field, as metadata; 0, or -1 with e set. */
static int csv_meta(corpus_src *s, article *a, const csvrecord *r, err *e) {
  for (size_t i = 0; i < r->nfields; i++) {
    int used = 0;
    for (int f = 0; f < AF_COUNT && !used; f++) used = s->cols[f] == (int)i;
    const char *t;
    size_t tn;
    if (used || !r->lens[i]) continue;
    if (article_utf8(r->fields[i], r->lens[i], 0, s->origin, s->env->art, &s->scratch, &t, &tn,
                     e)) {
      return -1;
    }
    if (article_add_meta(a, s->header[i], t, tn)) return err_set(e, "%s: out of memory", s->path);
  }
  return 0;
}

/* csv_next: the next row as an article. */
static int csv_next(corpus_src *s, article *a, err *e) {
  csvrecord r;
  for (;;) {
    if (!s->header) return 0;
    int rc = csvread_next(s->csv, &r, e);
    if (rc <= 0) return rc < 0 ? -2 : 0;
    if (r.offset >= s->hi) return 0;
    if (r.offset < s->lo) continue; /* another shard's record (csv_open muted its warnings) */
    if (s->lo > 0) csvread_set_warn(s->csv, s->env->art->warn);
    if (r.nfields == 1 && r.lens[0] == 0) continue; /* a blank line */
    s->lineno = r.line;
    place_text(s->origin, sizeof s->origin, s->path, r.line);
    if (r.nfields != s->nheader) {
      return err_set(e, "%s: %zu fields, the header has %zu", s->origin, r.nfields, s->nheader);
    }
    break;
  }
  for (int f = 0; f < AF_COUNT; f++) {
    if (s->cols[f] >= 0 &&
        csv_field(s, a, f, r.fields[s->cols[f]], r.lens[s->cols[f]], e)) {
      return -1;
    }
  }
  if (!a->body) return err_set(e, "%s: empty text", s->origin);
  if (csv_meta(s, a, &r, e)) return -1;
  return src_defaults(s, a, e);
}

/* ---- the SQLite store ----------------------------------------------------------------- */

static const char store_select[] =
  "SELECT rowid, id, title, date, date_raw, source, author, url, summary, body, meta, origin"
  " FROM articles ORDER BY rowid LIMIT ?1 OFFSET ?2";

__extension__ typedef unsigned __int128 wide;

/* row_at: the first of rows rows (spread evenly over size bytes: row j at j * size / rows)
 * that lies at offset x or later. */
static uint64_t row_at(uint64_t x, uint64_t rows, uint64_t size) {
  wide j = ((wide)x * rows + size - 1) / size;
  return j < rows ? (uint64_t)j : rows;
}

/* sqlite_rows: bind the rows of the store in s's range to the statement; 0, or -1 with e
 * set. */
static int sqlite_rows(corpus_src *s, err *e) {
  sqlite3_int64 first = 0, count = -1;
  struct stat sb;
  if (s->lo > 0 || s->hi != UINT64_MAX) {
    sqlite3_stmt *n = NULL;
    int ok = sqlite3_prepare_v2(s->db, "SELECT count(*) FROM articles", -1, &n, NULL) ==
               SQLITE_OK && sqlite3_step(n) == SQLITE_ROW;
    uint64_t rows = ok ? (uint64_t)sqlite3_column_int64(n, 0) : 0;
    sqlite3_finalize(n);
    if (!ok) return err_set(e, "%s: %s", s->path, sqlite3_errmsg(s->db));
    if (stat(s->path, &sb) != 0) return err_set(e, "%s: %s", s->path, strerror(errno));
    uint64_t size = sb.st_size > 0 ? (uint64_t)sb.st_size : 1;
    first = (sqlite3_int64)row_at(s->lo, rows, size);
    count = (sqlite3_int64)row_at(s->hi, rows, size) - first;
  }
  sqlite3_bind_int64(s->st, 1, count);
  sqlite3_bind_int64(s->st, 2, first);
  return 0;
}

/* sqlite_open: the store, read-only, and its statement over the rows of `articles` in
 * range. */
static int sqlite_open(corpus_src *s, err *e) {
  if (sqldb_open(s->path, &s->db, SQLITE_OPEN_READONLY) != SQLITE_OK ||
      sqlite3_prepare_v2(s->db, store_select, -1, &s->st, NULL) != SQLITE_OK) {
    return err_set(e, "%s: not a sahelscript store (%s)", s->path,
                   s->db ? sqlite3_errmsg(s->db) : "out of memory");
  }
  return sqlite_rows(s, e);
}

/* sqlite_text: set *slot from column col (NULL: absent); 0, or -1 with e set. */
static int sqlite_text(corpus_src *s, char **slot, int col, err *e) {
  const char *v = (const char *)sqlite3_column_text(s->st, col), *t;
  size_t n = (size_t)sqlite3_column_bytes(s->st, col), tn;
  if (!v) return 0;
  if (article_utf8(v, n, 0, s->origin, s->env->art, &s->scratch, &t, &tn, e)) return -1;
  return article_set(slot, t, tn) ? err_set(e, "%s: out of memory", s->origin) : 0;
}

/* sqlite_next: the next row of `articles` as an article. */
static int sqlite_next(corpus_src *s, article *a, err *e) {
  int rc = sqlite3_step(s->st);
  if (rc == SQLITE_DONE) return 0;
  if (rc != SQLITE_ROW) return err_set(e, "%s: %s", s->path, sqlite3_errmsg(s->db)), -2;
  s->lineno = (size_t)sqlite3_column_int64(s->st, 0);
  place_text(s->origin, sizeof s->origin, s->path, s->lineno);
  char **slots[] = {&a->id,     &a->title, &a->date,    &a->date_raw, &a->source,
                    &a->author, &a->url,   &a->summary, &a->body};
  for (int i = 0; i < 9; i++) {
    if (sqlite_text(s, slots[i], i + 1, e)) return -1;
  }
  const char *meta = (const char *)sqlite3_column_text(s->st, 10);
  if (meta && *meta &&
      jsonl_parse_meta(meta, (size_t)sqlite3_column_bytes(s->st, 10), s->origin, a, e)) {
    return -1;
  }
  if (sqlite_text(s, &a->origin, 11, e)) return -1;
  if (!a->body && article_set(&a->body, "", 0)) return -2;
  return src_defaults(s, a, e);
}

/* ---- the reader ----------------------------------------------------------------------- */

corpus_src *corpus_src_open(const char *path, const char *stem, corpus_format f,
                            const corpus_env *env, corpus_range range, err *e) {
  corpus_src *s = mem_calloc(1, sizeof *s);
  if (!s) return err_set(e, "%s: out of memory", path), NULL;
  s->fmt = f == CORPUS_AUTO ? CORPUS_TXT : f;
  s->lo = range.lo;
  s->hi = range.hi;
  s->env = env;
  s->path = path;
  s->stem = stem;
  int rc = 0;
  if (rc == 0 && s->fmt == CORPUS_JSONL) rc = jsonl_open(s, e);
  if (rc == 0 && s->fmt == CORPUS_CSV) rc = csv_open(s, e);
  if (rc == 0 && s->fmt == CORPUS_SQLITE) rc = sqlite_open(s, e);
  if (rc) {
    corpus_src_close(s);
    return NULL;
  }
  return s;
}

int corpus_src_cut(corpus_src *s, corpus_record *r, err *e) {
  article_clear(&r->a);
  buf_clear(&r->bytes);
  r->kind = REC_ARTICLE;
  r->path = s->path;
  r->stem = s->stem;
  r->lineno = r->offset = 0;
  switch (s->fmt) {
    case CORPUS_JSONL: return jsonl_cut(s, r, e);
    case CORPUS_CSV: return csv_next(s, &r->a, e);
    case CORPUS_SQLITE: return sqlite_next(s, &r->a, e);
    default: return txt_cut(s, r, e);
  }
}

int corpus_src_parse(const corpus_record *r, const article_opts *art, buf *scratch, article *a,
                     err *e) {
  return r->kind == REC_LINE ? jsonl_line(r, art, scratch, a, e) : txt_parse(r, art, a, e);
}

void corpus_src_close(corpus_src *s) {
  if (!s) return;
  if (s->f) fclose(s->f);
  csvread_close(s->csv);
  for (size_t i = 0; i < s->nheader; i++) mem_free(s->header[i]);
  mem_free(s->header);
  sqlite3_finalize(s->st);
  if (s->db) sqlite3_close_v2(s->db);
  buf_free(&s->text);
  buf_free(&s->scratch);
  mem_free(s->blk);
  mem_free(s);
}
