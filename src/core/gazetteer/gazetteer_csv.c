/* gazetteer_csv.c: gazetteer CSV files (TEXT-SPEC §5): header, comments, rows handed to
 * gaz_add (see gazetteer.h: gaz_load_csv). */
#include <string.h>
#include <strings.h>

#include "gazetteer/gazetteer_internal.h"
#include "gazetteer/gazetteer_load.h"
#include "io/csvread.h"

enum { COL_ID, COL_ALIAS, COL_TYPE, COL_NAME, COL_KIND, COL_FLAGS, COL_CONTEXT, NCOLS };
static const char *const col_names[NCOLS] = {"id",   "alias", "type",   "name",
                                             "kind", "flags", "context"};
/* Columns for the analyst's own notes: ignored without a warning. */
static const char *const note_cols[] = {"note", "notes", "comment", "source"};

/* skip_record: whether a record is a comment (first field starts with #) or blank. */
static int skip_record(const csvrecord *r) {
  slice first = r->nfields ? trim(r->fields[0], r->lens[0]) : (slice){"", 0};
  if (first.n && first.s[0] == '#') return 1;
  for (size_t i = 0; i < r->nfields; i++)
    if (trim(r->fields[i], r->lens[i]).n) return 0;
  return 1;
}

/* column_of: the COL_* of header name h, NCOLS for a note column, -1 when unknown. */
static int column_of(slice h) {
  for (int k = 0; k < NCOLS; k++)
    if (h.n == strlen(col_names[k]) && strncasecmp(h.s, col_names[k], h.n) == 0) return k;
  for (size_t k = 0; k < sizeof note_cols / sizeof *note_cols; k++)
    if (h.n == strlen(note_cols[k]) && strncasecmp(h.s, note_cols[k], h.n) == 0) return NCOLS;
  return -1;
}

/* separator_of: the name of the separator a one-field header seems to use instead of
 * commas ("';'", "a tab", "'|'"), or NULL. */
static const char *separator_of(const csvrecord *r) {
  static const struct {
    char c;
    const char *name;
  } seps[] = {{';', "';'"}, {'\t', "a tab"}, {'|', "'|'"}};
  if (r->nfields != 1) return NULL;
  for (size_t i = 0; i < sizeof seps / sizeof *seps; i++)
    if (memchr(r->fields[0], seps[i].c, r->lens[0])) return seps[i].name;
  return NULL;
}

/* missing_column: the error for a header without column `col`; when the header is one
 * field that another separator splits, the message says so. Always -1. */
static int missing_column(const csvrecord *r, const char *col, const char *name, err *e) {
  const char *sep = separator_of(r);
  if (!sep) return err_set(e, "%s:%zu: missing column '%s'", name, r->line, col);
  slice h = trim(r->fields[0], r->lens[0]);
  return err_set(e,
                 "%s:%zu: missing column '%s': the header is one column named \"%.*s\"; the "
                 "file seems separated by %s, but a gazetteer is comma-separated (save it as "
                 "CSV with ',' between the columns)",
                 name, r->line, col, (int)(h.n > 200 ? 200 : h.n), h.s, sep);
}

/* read_header: map the columns of the header record into col[NCOLS] (-1 = absent).
 * Unknown columns are warnings; a repeated or missing required column is an error. */
static int read_header(const csvrecord *r, int *col, const char *name, const warn_sink *w,
                       err *e) {
  for (int k = 0; k < NCOLS; k++) col[k] = -1;
  for (size_t i = 0; i < r->nfields; i++) {
    slice h = trim(r->fields[i], r->lens[i]);
    int k = column_of(h);
    if (k < 0)
      warn_emit(w, "%s:%zu: unknown column \"%.*s\" ignored", name, r->line, (int)h.n, h.s);
    else if (k < NCOLS && col[k] >= 0)
      return err_set(e, "%s:%zu: column '%s' given twice", name, r->line, col_names[k]);
    else if (k < NCOLS)
      col[k] = (int)i;
  }
  for (int k = COL_ID; k <= COL_ALIAS; k++)
    if (col[k] < 0) return missing_column(r, col_names[k], name, e);
  return 0;
}

/* read_row: add one data record; fields past the end of a short row are absent. */
static int read_row(gazetteer *g, const csvrecord *r, const int *col, size_t ncols,
                    const char *name, const warn_sink *w, err *e) {
  if (r->nfields > ncols)
    return err_set(e, "%s:%zu: %zu fields, but the header names %zu columns", name, r->line,
                   r->nfields, ncols);
  const char *v[NCOLS];
  for (int k = 0; k < NCOLS; k++) {
    v[k] = col[k] >= 0 && (size_t)col[k] < r->nfields ? r->fields[col[k]] : NULL;
    if (v[k] && strlen(v[k]) != r->lens[col[k]])
      return err_set(e, "%s:%zu: NUL byte in column '%s'", name, r->line, col_names[k]);
  }
  char origin[1024];
  snprintf(origin, sizeof origin, "%s:%zu", name, r->line);
  gaz_row row = {v[COL_ID], v[COL_ALIAS], v[COL_TYPE], v[COL_NAME], v[COL_KIND], v[COL_FLAGS],
                 v[COL_CONTEXT]};
  return gaz_add(g, &row, origin, w, e);
}

/* data_row: read_row, and when the row is bad (not memory) and the load is not strict,
 * a warning naming it instead of an error. 0 or -1. */
static int data_row(gazetteer *g, const csvrecord *r, const int *col, size_t ncols,
                    const char *name, int strict, const warn_sink *w, err *e) {
  if (read_row(g, r, col, ncols, name, w, e) == 0) return 0;
  if (strict || g->failed) return -1;
  warn_emit(w, "%s; row skipped", e->msg);
  return 0;
}

int gaz_load_csv(gazetteer *g, const char *path, int strict, const warn_sink *w, err *e) {
  csvread_opts o = {',', '"', 1};
  csvreader *c = csvread_open(path, &o, e);
  if (!c) return -1;
  csvrecord r;
  int col[NCOLS], rc, header = 0;
  size_t ncols = 0;
  while ((rc = csvread_next(c, &r, e)) > 0) {
    if (skip_record(&r)) continue;
    if (header ? data_row(g, &r, col, ncols, path, strict, w, e)
               : read_header(&r, col, path, w, e)) {
      rc = -1;
      break;
    }
    if (!header) ncols = r.nfields;
    header = 1;
  }
  csvread_close(c);
  if (rc == 0 && !header) rc = err_set(e, "%s:1: no header row (id, alias, ...)", path);
  return rc < 0 ? -1 : 0;
}
