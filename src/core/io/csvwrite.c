/*
 * csvwrite.c: CSV output as TEXT-SPEC §8 says (see csvwrite.h). libcsv's csv_fwrite does
 * the RFC 4180 quoting; a field is quoted only when it holds the delimiter, a quote, CR or
 * LF (or when it is the only, empty field of a row, which would otherwise be a blank line).
 * Numbers are formatted in the "C" locale through uselocale, whatever setlocale says. The
 * writer's stream takes no lock of its own (__fsetlocking: a table of 300,000 rows is
 * millions of fields): one thread writes it at a time, not always the one that opened it
 * (tablecopy.h).
 */
#include "io/csvwrite.h"

#include <csv.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <string.h>

#include "base/buf.h"
#include "base/mem.h"
#include "io/outfile.h"

struct csvwriter {
  outfile *out;
  char *path;    /* the target, for messages */
  FILE *fp;
  char delim;
  int excel, guard, oom;
  size_t nfield; /* fields written in the current row */
  int row_empty; /* the current row so far is one empty field */
  buf scratch;   /* a guarded field: ' + text */
};

static locale_t c_locale; /* the "C" locale, created once (read-only afterwards) */

/* make_c_locale: create c_locale (pthread_once). */
static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

char *csvwrite_format_num(double v, char *out) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  if (isnan(v)) return strcpy(out, "nan");
  if (isinf(v)) return strcpy(out, v > 0 ? "inf" : "-inf");
  if (v == 0) return strcpy(out, "0"); /* -0 too */
  pthread_once(&once, make_c_locale);
  locale_t old = c_locale ? uselocale(c_locale) : (locale_t)0;
  snprintf(out, 32, "%.6g", v);
  if (old) uselocale(old);
  return out;
}

csvwriter *csvwrite_open(const char *path, const csvwrite_opts *o, err *e) {
  csvwriter *w = mem_calloc(1, sizeof *w);
  if (!w) {
    err_nomem_at(e, "%s", path);
    return NULL;
  }
  w->path = mem_strndup(path, strlen(path));
  w->out = w->path ? outfile_open(path, e) : NULL;
  if (!w->out) {
    if (!w->path) err_nomem_at(e, "%s", path);
    mem_free(w->path);
    mem_free(w);
    return NULL;
  }
  w->fp = outfile_stream(w->out);
  __fsetlocking(w->fp, FSETLOCKING_BYCALLER);
  w->delim = o && o->delimiter ? o->delimiter : ',';
  w->excel = o && o->excel;
  w->guard = !(o && o->no_guard);
  buf_init(&w->scratch);
  if (w->excel) fwrite_unlocked("\xEF\xBB\xBF", 1, 3, w->fp);
  return w;
}

/* start_field: write the delimiter before every field but the first of a row. */
static void start_field(csvwriter *w) {
  if (w->nfield++) putc_unlocked(w->delim, w->fp);
  w->row_empty = 0;
}

/* needs_quotes: whether s[0..len) must be quoted. */
static int needs_quotes(const csvwriter *w, const char *s, size_t len) {
  for (size_t i = 0; i < len; i++) {
    char ch = s[i];
    if (ch == w->delim || ch == '"' || ch == '\n' || ch == '\r') return 1;
  }
  return 0;
}

/* put_field: write s[0..len) as one field, quoted when needed. */
static void put_field(csvwriter *w, const char *s, size_t len) {
  if (needs_quotes(w, s, len)) csv_fwrite(w->fp, s, len);
  else fwrite_unlocked(s, 1, len, w->fp);
}

/* guarded: whether a text field starting with s[0] gets the formula guard. */
static int guarded(const csvwriter *w, const char *s, size_t len) {
  return w->guard && len > 0 && memchr("=+-@\t\r", s[0], 6) != NULL;
}

void csvwrite_text(csvwriter *w, const char *s, size_t len) {
  int first = w->nfield == 0;
  start_field(w);
  if (!guarded(w, s, len)) {
    put_field(w, s, len);
    w->row_empty = first && len == 0;
    return;
  }
  buf_clear(&w->scratch);
  if (buf_addc(&w->scratch, '\'') < 0 || buf_add(&w->scratch, s, len) < 0) {
    w->oom = 1;
    return;
  }
  put_field(w, w->scratch.data, w->scratch.len);
}

void csvwrite_int(csvwriter *w, int64_t v) {
  char tmp[24], *p = tmp + sizeof tmp;
  uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
  start_field(w);
  do *--p = (char)('0' + u % 10); while (u /= 10);
  if (v < 0) *--p = '-';
  fwrite_unlocked(p, 1, (size_t)(tmp + sizeof tmp - p), w->fp);
}

void csvwrite_num(csvwriter *w, double v) {
  char tmp[32];
  start_field(w);
  csvwrite_format_num(v, tmp);
  fwrite_unlocked(tmp, 1, strlen(tmp), w->fp);
}

void csvwrite_null(csvwriter *w) {
  int first = w->nfield == 0;
  start_field(w);
  w->row_empty = first;
}

void csvwrite_endrow(csvwriter *w) {
  if (w->row_empty && w->nfield == 1) fwrite_unlocked("\"\"", 1, 2, w->fp);
  if (w->excel) putc_unlocked('\r', w->fp);
  putc_unlocked('\n', w->fp);
  w->nfield = 0;
  w->row_empty = 0;
}

/* writer_free: release w's memory (its outfile is already committed or aborted). */
static void writer_free(csvwriter *w) {
  buf_free(&w->scratch);
  mem_free(w->path);
  mem_free(w);
}

int csvwrite_close(csvwriter *w, err *e) {
  const int oom = w->oom;
  int rc;
  if (oom) {
    outfile_abort(w->out);
    rc = err_nomem_at(e, "%s", w->path);
  } else {
    rc = outfile_commit(w->out, e);
  }
  writer_free(w);
  return rc;
}

void csvwrite_abort(csvwriter *w) {
  if (!w) return;
  outfile_abort(w->out);
  writer_free(w);
}
