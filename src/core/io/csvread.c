/*
 * csvread.c: a streaming CSV reader over libcsv (see csvread.h).
 *
 * Bytes are read in 64 KiB chunks and handed to csv_parse in segments that end at a
 * delimiter, CR or LF. libcsv's field and record callbacks can only fire on the last byte
 * of a segment, so after each call the reader knows the line and column where the next
 * field starts: that is how records get their line and errors their line:column, while
 * libcsv alone does the parsing. Lines count LF, CRLF and lone CR; columns count code
 * points from 1. Spaces around unquoted fields are data (RFC 4180): none is trimmed.
 */
#include "io/csvread.h"

#include <csv.h>
#include <errno.h>
#include <string.h>

#include "io/csvread_warn.h"
#include "base/mem.h"

#define CSVREAD_CHUNK 65536
#define CSVREAD_STRICT_OPTS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

typedef struct {
  size_t off, len; /* bytes [off, off + len) of data */
} csvread_field;

typedef struct {
  size_t first, n, line, offset; /* fields [first, first + n), starting line and byte */
} csvread_rec;

struct csvreader {
  struct csv_parser p;
  char *name;
  FILE *fp;                      /* the file, or NULL when reading memory */
  char *mem;                     /* the bytes when reading memory */
  size_t mem_len, mem_pos;
  char *chunk;                   /* CSVREAD_CHUNK bytes */
  char delim, quote;
  int strict, eof, oom, started, dead;
  warn_sink warn;
  err last;                      /* the error, repeated once the reader is dead */
  buf data;                      /* field bytes, a NUL after each */
  csvread_field *fl;
  size_t nf, fl_cap;
  csvread_rec *recs;
  size_t nrecs, recs_cap, rec_head;
  size_t cur_first;              /* first field of the record being parsed */
  size_t line, col;              /* current line (1-based), code points seen on it */
  int prev_cr, in_record, fired;
  size_t field_line, field_col;  /* where the field being parsed started */
  size_t rec_line, rec_offset;   /* where the record being parsed started */
  size_t pos;                    /* bytes of the input consumed */
  char **out_fields;             /* what csvread_next hands out */
  size_t *out_lens, out_cap, lens_cap;
};

/* no_space: libcsv's space test; RFC 4180 keeps spaces, so none is trimmed. */
static int no_space(unsigned char ch) {
  (void)ch;
  return 0;
}

/* on_field: libcsv's end-of-field callback: keep the bytes. */
static void on_field(void *s, size_t n, void *ud) {
  csvreader *c = ud;
  c->fired = 1;
  if (c->oom || mem_grow(&c->fl, &c->fl_cap, c->nf + 1, sizeof *c->fl) < 0) {
    c->oom = 1;
    return;
  }
  c->fl[c->nf] = (csvread_field){c->data.len, n};
  if (buf_add(&c->data, s ? s : "", n) < 0 || buf_addc(&c->data, '\0') < 0) c->oom = 1;
  else c->nf++;
}

/* on_record: libcsv's end-of-record callback: queue the fields since the last record. */
static void on_record(int term, void *ud) {
  csvreader *c = ud;
  (void)term;
  c->fired = 1;
  c->in_record = 0;
  if (c->oom || mem_grow(&c->recs, &c->recs_cap, c->nrecs + 1, sizeof *c->recs) < 0) {
    c->oom = 1;
    return;
  }
  c->recs[c->nrecs++] = (csvread_rec){c->cur_first, c->nf - c->cur_first, c->rec_line,
                                      c->rec_offset};
  c->cur_first = c->nf;
}

/* code_points: how many UTF-8 code points start in s[0..n). */
static size_t code_points(const char *s, size_t n) {
  size_t k = 0;
  for (size_t i = 0; i < n; i++) k += ((unsigned char)s[i] & 0xC0) != 0x80;
  return k;
}

/* fail: make the reader dead with message e (kept for later calls); -1. */
static int fail(csvreader *c, err *e) {
  c->dead = 1;
  c->last = *e;
  return -1;
}

/* quote_error: report a quote libcsv refused at s[at] of a segment: an error (strict, -1)
 * or a warning, after which the byte is passed in lenient mode (0). */
static int quote_error(csvreader *c, const char *s, size_t at, err *e) {
  const char *why = s[at] == c->quote ? "a quote inside an unquoted field"
                                      : "text after a closing quote";
  size_t col = c->col + code_points(s, at) + 1;
  if (c->strict) {
    err_set(e, "%s:%zu:%zu: unbalanced quote (%s)", c->name, c->line, col, why);
    return fail(c, e);
  }
  warn_emit(&c->warn, "%s:%zu:%zu: unbalanced quote (%s)", c->name, c->line, col, why);
  csv_set_opts(&c->p, CSV_APPEND_NULL);
  csv_parse(&c->p, s + at, 1, on_field, on_record, c);
  csv_set_opts(&c->p, CSVREAD_STRICT_OPTS);
  return 0;
}

/* advance: move the position past segment s[0..n) (it ends at a delimiter, CR or LF). */
static void advance(csvreader *c, const char *s, size_t n) {
  char last = s[n - 1];
  if (last == '\n' || last == '\r') {
    if (!(last == '\n' && n == 1 && c->prev_cr)) c->line++;
    c->col = 0;
  } else {
    c->col += code_points(s, n);
  }
  c->prev_cr = last == '\r';
  if (c->fired && last == c->delim) {
    c->field_line = c->line;
    c->field_col = c->col + 1;
  }
}

/* segment: feed s[0..n) to libcsv; 0, or -1 with e set. */
static int segment(csvreader *c, const char *s, size_t n, err *e) {
  if (!c->in_record && (n > 1 || (s[0] != '\n' && s[0] != '\r'))) {
    c->in_record = 1;
    c->rec_line = c->field_line = c->line;
    c->rec_offset = c->pos;
    c->field_col = c->col + 1;
  }
  c->fired = 0;
  size_t done = 0;
  while (done < n) {
    done += csv_parse(&c->p, s + done, n - done, on_field, on_record, c);
    if (done < n && quote_error(c, s, done++, e) < 0) return -1;
  }
  advance(c, s, n);
  c->pos += n;
  return 0;
}

/* feed: feed s[0..n) in segments ending at a delimiter, CR or LF; 0 or -1. */
static int feed(csvreader *c, const char *s, size_t n, err *e) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && s[j] != c->delim && s[j] != '\n' && s[j] != '\r') j++;
    size_t end = j < n ? j + 1 : n;
    if (segment(c, s + i, end - i, e) < 0) return -1;
    i = end;
  }
  return 0;
}

/* finish: the end of the input: flush the last record; 0 or -1 (a quote never closed). */
static int finish(csvreader *c, err *e) {
  c->eof = 1;
  if (csv_fini(&c->p, on_field, on_record, c) == 0) return 0;
  if (c->strict) {
    err_set(e, "%s:%zu:%zu: unbalanced quote (a quoted field is never closed)", c->name,
            c->field_line, c->field_col);
    return fail(c, e);
  }
  warn_emit(&c->warn, "%s:%zu:%zu: unbalanced quote (a quoted field is never closed)",
            c->name, c->field_line, c->field_col);
  csv_set_opts(&c->p, CSV_APPEND_NULL);
  csv_fini(&c->p, on_field, on_record, c);
  return 0;
}

/* read_chunk: up to CSVREAD_CHUNK bytes into c->chunk (a leading BOM skipped); the count,
 * 0 at the end, or -1 with e set. */
static int read_chunk(csvreader *c, size_t *n, err *e) {
  if (c->fp) {
    *n = fread(c->chunk, 1, CSVREAD_CHUNK, c->fp);
    if (*n == 0 && ferror(c->fp)) {
      err_set(e, "%s: read error: %s", c->name, strerror(errno));
      return fail(c, e);
    }
  } else {
    *n = c->mem_len - c->mem_pos < CSVREAD_CHUNK ? c->mem_len - c->mem_pos : CSVREAD_CHUNK;
    memcpy(c->chunk, c->mem + c->mem_pos, *n);
    c->mem_pos += *n;
  }
  return 0;
}

/* compact: every queued record was handed out: keep only the record being parsed. */
static void compact(csvreader *c) {
  size_t keep = c->nf - c->cur_first;
  size_t from = keep ? c->fl[c->cur_first].off : c->data.len;
  if (c->data.len > from) memmove(c->data.data, c->data.data + from, c->data.len - from);
  c->data.len -= from;
  for (size_t i = 0; i < keep; i++) {
    c->fl[i] = (csvread_field){c->fl[c->cur_first + i].off - from, c->fl[c->cur_first + i].len};
  }
  c->nf = keep;
  c->cur_first = 0;
  c->nrecs = c->rec_head = 0;
}

/* pump: parse the next chunk (or finish at the end); 0 or -1 with e set. */
static int pump(csvreader *c, err *e) {
  size_t n;
  if (read_chunk(c, &n, e) < 0) return -1;
  const char *s = c->chunk;
  if (!c->started) {
    c->started = 1;
    if (n >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) s += 3, n -= 3, c->pos = 3;
  }
  int rc = n ? feed(c, s, n, e) : finish(c, e);
  if (rc == 0 && c->oom) {
    err_nomem_at(e, "%s:%zu", c->name, c->line);
    return fail(c, e);
  }
  return rc;
}

/* hand_out: the next queued record into *r; 1, or -1 when out of memory. */
static int hand_out(csvreader *c, csvrecord *r, err *e) {
  const csvread_rec *q = &c->recs[c->rec_head++];
  if (mem_grow(&c->out_fields, &c->out_cap, q->n + 1, sizeof *c->out_fields) < 0 ||
      mem_grow(&c->out_lens, &c->lens_cap, q->n + 1, sizeof *c->out_lens) < 0) {
    err_nomem_at(e, "%s:%zu", c->name, q->line);
    return fail(c, e);
  }
  for (size_t i = 0; i < q->n; i++) {
    c->out_fields[i] = c->data.data + c->fl[q->first + i].off;
    c->out_lens[i] = c->fl[q->first + i].len;
  }
  *r = (csvrecord){c->out_fields, c->out_lens, q->n, q->line, q->offset};
  return 1;
}

int csvread_next(csvreader *c, csvrecord *r, err *e) {
  if (c->dead) {
    if (e) *e = c->last;
    return -1;
  }
  while (c->rec_head == c->nrecs) {
    if (c->eof) return 0;
    compact(c);
    if (pump(c, e) < 0) return -1;
  }
  return hand_out(c, r, e);
}

/* reader_new: a reader named name, with options o (NULL: defaults); NULL when out of memory. */
static csvreader *reader_new(const char *name, const csvread_opts *o) {
  csvreader *c = mem_calloc(1, sizeof *c);
  if (!c) return NULL;
  c->name = mem_strndup(name, strlen(name));
  c->chunk = mem_alloc(CSVREAD_CHUNK);
  if (!c->name || !c->chunk || csv_init(&c->p, CSVREAD_STRICT_OPTS) != 0) {
    mem_free(c->name);
    mem_free(c->chunk);
    mem_free(c);
    return NULL;
  }
  c->delim = o && o->delimiter ? o->delimiter : ',';
  c->quote = o && o->quote ? o->quote : '"';
  c->strict = o ? o->strict : 1;
  csv_set_delim(&c->p, (unsigned char)c->delim);
  csv_set_quote(&c->p, (unsigned char)c->quote);
  csv_set_space_func(&c->p, no_space);
  csv_set_realloc_func(&c->p, mem_realloc);
  csv_set_free_func(&c->p, mem_free);
  buf_init(&c->data);
  c->line = c->field_line = c->rec_line = c->field_col = 1;
  return c;
}

csvreader *csvread_open(const char *path, const csvread_opts *o, err *e) {
  FILE *fp = fopen(path, "rb");
  if (!fp) {
    err_set(e, "%s: %s", path, strerror(errno));
    return NULL;
  }
  csvreader *c = reader_new(path, o);
  if (!c) {
    fclose(fp);
    err_nomem_at(e, "%s", path);
    return NULL;
  }
  c->fp = fp;
  return c;
}

csvreader *csvread_open_memory(const char *name, const char *s, size_t len,
                               const csvread_opts *o, err *e) {
  csvreader *c = reader_new(name, o);
  char *copy = c ? mem_alloc(len ? len : 1) : NULL;
  if (!copy) {
    csvread_close(c);
    err_nomem_at(e, "%s", name);
    return NULL;
  }
  memcpy(copy, s, len);
  c->mem = copy;
  c->mem_len = len;
  return c;
}

const char *csvread_name(const csvreader *c) { return c->name; }

void csvread_set_warn(csvreader *c, const warn_sink *w) {
  c->warn = w ? *w : (warn_sink){NULL, NULL};
}

void csvread_close(csvreader *c) {
  if (!c) return;
  if (c->fp) fclose(c->fp);
  csv_free(&c->p);
  buf_free(&c->data);
  mem_free(c->mem);
  mem_free(c->chunk);
  mem_free(c->name);
  mem_free(c->fl);
  mem_free(c->recs);
  mem_free(c->out_fields);
  mem_free(c->out_lens);
  mem_free(c);
}
