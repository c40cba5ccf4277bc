/*
 * xlsx.c: workbooks through libxlsxwriter (see xlsx.h).
 *
 * Every cell is written with a typed call (worksheet_write_string, _number, _boolean): the
 * library never guesses a type from text. Text is made safe for the sheet's XML first: bytes
 * that are not UTF-8 become U+FFFD (libxlsxwriter would copy them into the XML and break
 * the file), and a literal "_xHHHH_" is written "_x005F_xHHHH_", since spreadsheets decode
 * _xHHHH_ as the escape of a character. libxlsxwriter prints numbers with the process
 * locale ("0,5" in fr_FR, which a spreadsheet reads as broken), so every call into it runs
 * under the "C" locale (uselocale: this thread only).
 */
#include "io/xlsx.h"

#include <ctype.h>
#include <locale.h>
#include <math.h>
#include <pthread.h>
#include <string.h>
#include <xlsxwriter.h>

#include "base/buf.h"
#include "text/chars.h"
#include "io/csvwrite.h"
#include "text/encoding.h"
#include "base/mem.h"
#include "io/outfile.h"

#define WIDTH_MIN 6    /* a column's width in characters: at least this */
#define WIDTH_MAX 60   /* and at most this (longer text wraps out of sight, as in Calc) */
#define WIDTH_NUM 11   /* what a General-format cell shows of a number that is not short */

struct xlsxsheet {
  lxw_worksheet *ws;
  xlsxbook *book;
  char *name;        /* for messages */
  int header;
  xlsx_dir dir;
  int rtl;           /* a right-to-left letter was seen (XLSX_AUTO) */
  uint32_t row, col; /* the cell written next */
  uint32_t ncols;    /* the widest row */
  uint64_t rows, cut_rows, cut_texts;
  uint8_t *width;    /* the widest cell of each column, in characters (capped) */
  uint32_t width_cap;
  buf text;          /* a cell's text made safe */
  buf repaired;      /* a cell's text with U+FFFD for bad bytes */
  xlsxsheet *next;
};

struct xlsxbook {
  lxw_workbook *wb;
  outfile *out;      /* the temporary the workbook is written to */
  char *path;        /* the target, for messages */
  char *tmpdir;      /* where libxlsxwriter keeps the rows until close */
  lxw_format *bold;
  uint64_t max_rows;
  pthread_t writer;  /* the thread of xlsx_finish */
  int writing;       /* writer runs (or ran and was not joined yet) */
  lxw_error written; /* what workbook_close said, once the workbook is written */
  xlsxsheet *sheets, *last;
};

static locale_t c_locale; /* the "C" locale, created once (read-only afterwards) */

/* make_c_locale: create c_locale (pthread_once). */
static void make_c_locale(void) { c_locale = newlocale(LC_ALL_MASK, "C", (locale_t)0); }

/* enter_c: switch this thread to the "C" locale; returns the locale to give to leave_c. */
static locale_t enter_c(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, make_c_locale);
  return c_locale ? uselocale(c_locale) : (locale_t)0;
}

/* leave_c: back to the locale enter_c returned. */
static void leave_c(locale_t old) {
  if (old) uselocale(old);
}

/* dir_of: the directory part of path ("." when it has none), malloc'd; NULL when out of
 * memory. */
static char *dir_of(const char *path) {
  const char *slash = strrchr(path, '/');
  if (!slash) return mem_strndup(".", 1);
  return mem_strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* book_free: release b and its sheets (the workbook itself is already closed or freed). */
static void book_free(xlsxbook *b) {
  for (xlsxsheet *s = b->sheets, *next; s; s = next) {
    next = s->next;
    mem_free(s->name);
    mem_free(s->width);
    buf_free(&s->text);
    buf_free(&s->repaired);
    mem_free(s);
  }
  mem_free(b->path);
  mem_free(b->tmpdir);
  mem_free(b);
}

/* new_workbook: the libxlsxwriter workbook of b, written to the temporary of b->out, with
 * its bold format; 0, or -1 with e set. */
static int new_workbook(xlsxbook *b, err *e) {
  lxw_workbook_options o = {.constant_memory = LXW_TRUE, .tmpdir = b->tmpdir};
  locale_t old = enter_c();
  b->wb = workbook_new_opt(outfile_tmpname(b->out), &o);
  if (b->wb) b->bold = workbook_add_format(b->wb);
  if (b->bold) {
    format_set_bold(b->bold);
    /* Its index taken now, on this thread: libxlsxwriter takes it on the format's first
     * use, in a table the whole workbook shares, and a header row is written out with the
     * sheet's first data row, which a copy may write from another thread (xlsx.h). */
    lxw_format_get_xf_index(b->bold);
  }
  leave_c(old);
  if (!b->bold) return err_nomem_at(e, "%s", b->path);
  return 0;
}

xlsxbook *xlsx_open(const char *path, uint64_t max_rows, err *e) {
  xlsxbook *b = mem_calloc(1, sizeof *b);
  if (b) b->path = mem_strndup(path, strlen(path));
  if (b && b->path) b->tmpdir = dir_of(path);
  if (!b || !b->tmpdir) {
    if (b) book_free(b);
    err_nomem_at(e, "%s", path);
    return NULL;
  }
  b->max_rows = max_rows == 0 || max_rows > XLSX_MAX_ROWS ? XLSX_MAX_ROWS : max_rows;
  b->out = outfile_open(path, e);
  if (!b->out || new_workbook(b, e) != 0) {
    xlsx_abort(b);
    return NULL;
  }
  return b;
}

/* add_sheet: s's worksheet named name, after checking the name; 0, or -1 with e set. */
static int add_sheet(xlsxbook *b, xlsxsheet *s, const char *name, err *e) {
  locale_t old = enter_c();
  lxw_error bad = name[0] ? workbook_validate_sheet_name(b->wb, name) : LXW_ERROR_NULL_PARAMETER_IGNORED;
  if (!bad) s->ws = workbook_add_worksheet(b->wb, name);
  if (s->ws && s->header) worksheet_freeze_panes(s->ws, 1, 0);
  leave_c(old);
  if (bad) return err_set(e, "%s: sheet name '%s': %s", b->path, name,
                          name[0] ? lxw_strerror(bad) : "empty");
  if (!s->ws) return err_set(e, "%s: sheet '%s': cannot create its temporary file", b->path,
                             name);
  return 0;
}

xlsxsheet *xlsx_sheet(xlsxbook *b, const char *name, const xlsxsheet_opts *o, err *e) {
  xlsxsheet *s = mem_calloc(1, sizeof *s);
  if (s) s->name = mem_strndup(name, strlen(name));
  if (!s || !s->name) {
    mem_free(s);
    err_nomem_at(e, "%s", b->path);
    return NULL;
  }
  s->book = b;
  s->header = o && o->header;
  s->dir = o ? o->dir : XLSX_LTR;
  if (add_sheet(b, s, name, e) != 0) {
    mem_free(s->name);
    mem_free(s);
    return NULL;
  }
  if (b->last) b->last->next = s;
  else b->sheets = s;
  b->last = s;
  return s;
}

/* lxw_fail: e set from libxlsxwriter's error rc on sheet s; -1. */
static int lxw_fail(xlsxsheet *s, lxw_error rc, err *e) {
  return err_set(e, "%s: sheet '%s', row %u: %s", s->book->path, s->name, s->row + 1,
                 lxw_strerror(rc));
}

/* next_cell: the column of the next cell of s, widened to hold width characters; 0, or -1
 * with e set (past XLSX_MAX_COLS, out of memory). */
static int next_cell(xlsxsheet *s, unsigned width, err *e) {
  if (s->col >= XLSX_MAX_COLS) {
    return err_set(e, "%s: sheet '%s', row %u: more than %u columns", s->book->path,
                   s->name, s->row + 1, XLSX_MAX_COLS);
  }
  if (s->col >= s->width_cap) {
    uint32_t cap = s->width_cap ? 2 * s->width_cap : 16;
    uint8_t *w = mem_realloc(s->width, cap);
    if (!w) return err_nomem_at(e, "%s", s->book->path);
    memset(w + s->width_cap, 0, cap - s->width_cap);
    s->width = w, s->width_cap = cap;
  }
  if (width > WIDTH_MAX) width = WIDTH_MAX;
  if (width > s->width[s->col]) s->width[s->col] = (uint8_t)width;
  if (++s->col > s->ncols) s->ncols = s->col;
  return 0;
}

/* past_limit: whether the current row of s lies past the row limit (its cells are not
 * written). */
static int past_limit(const xlsxsheet *s) { return s->row >= s->book->max_rows; }

/* is_rtl: whether cp is a right-to-left letter (Hebrew, Arabic, Syriac, Thaana, NKo,
 * Samaritan, Mandaic and their presentation forms; the right-to-left scripts of plane 1). */
static int is_rtl(uint32_t cp) {
  return (cp >= 0x0590 && cp <= 0x08FF) || (cp >= 0xFB1D && cp <= 0xFDFF) ||
         (cp >= 0xFE70 && cp <= 0xFEFF) || (cp >= 0x10800 && cp <= 0x10FFF) ||
         (cp >= 0x1E800 && cp <= 0x1EFFF);
}

/* escape_at: whether s[i..n) starts with "_xHHHH_" (what spreadsheets decode). */
static int escape_at(const char *s, size_t i, size_t n) {
  if (n - i < 7 || s[i] != '_' || s[i + 1] != 'x' || s[i + 6] != '_') return 0;
  for (size_t k = i + 2; k < i + 6; k++) {
    if (!isxdigit((unsigned char)s[k])) return 0;
  }
  return 1;
}

/* chars_of: the characters of valid UTF-8 s[0..n), counted up to WIDTH_MAX. */
static unsigned chars_of(const char *s, size_t n) {
  unsigned count = 0;
  for (size_t i = 0; i < n && count < WIDTH_MAX; i++) count += ((unsigned char)s[i] & 0xC0) != 0x80;
  return count;
}

/* has_rtl: whether valid UTF-8 s[0..n) holds a right-to-left letter. */
static int has_rtl(const char *s, size_t n) {
  for (size_t i = 0; i < n;) {
    uint32_t cp;
    i += chars_decode((const unsigned char *)s + i, n - i, &cp);
    if (is_rtl(cp)) return 1;
  }
  return 0;
}

/* protect: valid UTF-8 s[0..n) into t with each "_xHHHH_" written "_x005F_xHHHH_", cut
 * after XLSX_MAX_TEXT UTF-16 units. 1 when cut, 0, or -1 when out of memory. */
static int protect(buf *t, const char *s, size_t n) {
  size_t units = 0, i = 0;
  while (i < n) {
    uint32_t cp;
    size_t len = chars_decode((const unsigned char *)s + i, n - i, &cp);
    size_t esc = escape_at(s, i, n) ? 6 : 0; /* the length of "_x005F" */
    size_t need = (cp >= 0x10000 ? 2 : 1) + esc;
    if (units + need > XLSX_MAX_TEXT) break;
    if (esc && buf_add(t, "_x005F", esc) != 0) return -1;
    if (buf_add(t, s + i, len) != 0) return -1;
    units += need;
    i += len;
  }
  return i < n;
}

/* safe_text: valid UTF-8 s[0..n) into t as a cell's text (see protect: most text
 * is copied as it is, holding no '_' and no more than XLSX_MAX_TEXT bytes, hence units);
 * *chars gets its width, *rtl is set when want_rtl and it holds a right-to-left letter.
 * 1 when cut, 0, or -1 when out of memory. */
static int safe_text(buf *t, const char *s, size_t n, int want_rtl, unsigned *chars,
                     int *rtl) {
  int cut = 0;
  buf_clear(t);
  if (buf_reserve(t, n + 1) != 0) return -1;
  if (n <= XLSX_MAX_TEXT && !memchr(s, '_', n)) {
    if (buf_add(t, s, n) != 0) return -1;
  } else if ((cut = protect(t, s, n)) < 0) {
    return -1;
  }
  *chars = chars_of(t->data, t->len);
  if (want_rtl && !*rtl) *rtl = has_rtl(t->data, t->len);
  return cut;
}

/* cell_text: p[0..n) made safe into s->text (repaired first when it is not valid UTF-8);
 * *chars its width; counts a cut. 0, or -1 with e set (out of memory). */
static int cell_text(xlsxsheet *s, const char *p, size_t n, unsigned *chars, err *e) {
  xlsxbook *b = s->book;
  if (enc_valid_utf8(p, n) != n) {
    enc_bad bad = {0, 0};
    buf_clear(&s->repaired);
    if (enc_repair_utf8(p, n, 0, &s->repaired, &bad) != 0) {
      return err_nomem_at(e, "%s", b->path);
    }
    p = s->repaired.data ? s->repaired.data : "", n = s->repaired.len;
  }
  int cut = safe_text(&s->text, p, n, s->dir == XLSX_AUTO, chars, &s->rtl);
  if (cut < 0) return err_nomem_at(e, "%s", b->path);
  if (cut) s->cut_texts++;
  if (buf_addc(&s->text, '\0') != 0) return err_nomem_at(e, "%s", b->path);
  return 0;
}

/* format_of: the format of the cells of the current row of s (bold in a header). */
static lxw_format *format_of(const xlsxsheet *s) {
  return s->header && s->row == 0 ? s->book->bold : NULL;
}

int xlsx_text(xlsxsheet *s, const char *p, size_t n, err *e) {
  if (past_limit(s)) return 0;
  unsigned chars = 0;
  uint32_t col = s->col;
  if (cell_text(s, p, n, &chars, e) != 0) return -1;
  if (next_cell(s, chars + (format_of(s) ? 1u : 0u), e) != 0) return -1;
  locale_t old = enter_c();
  lxw_error rc = worksheet_write_string(s->ws, s->row, (lxw_col_t)col, s->text.data,
                                        format_of(s));
  leave_c(old);
  return rc ? lxw_fail(s, rc, e) : 0;
}

/* num_width: the characters a General-format cell shows of v. */
static unsigned num_width(double v) {
  if (v != floor(v) || fabs(v) >= 1e11) return WIDTH_NUM;
  unsigned w = v < 0 ? 2 : 1;
  for (double a = fabs(v); a >= 10; a /= 10) w++;
  return w;
}

int xlsx_num(xlsxsheet *s, double v, err *e) {
  if (!isfinite(v)) {
    char text[32];
    csvwrite_format_num(v, text);
    return xlsx_text(s, text, strlen(text), e);
  }
  if (past_limit(s)) return 0;
  uint32_t col = s->col;
  if (next_cell(s, num_width(v), e) != 0) return -1;
  locale_t old = enter_c();
  lxw_error rc = worksheet_write_number(s->ws, s->row, (lxw_col_t)col, v == 0 ? 0 : v,
                                        format_of(s));
  leave_c(old);
  return rc ? lxw_fail(s, rc, e) : 0;
}

int xlsx_bool(xlsxsheet *s, int v, err *e) {
  if (past_limit(s)) return 0;
  uint32_t col = s->col;
  if (next_cell(s, 5, e) != 0) return -1;
  locale_t old = enter_c();
  lxw_error rc = worksheet_write_boolean(s->ws, s->row, (lxw_col_t)col, v != 0, format_of(s));
  leave_c(old);
  return rc ? lxw_fail(s, rc, e) : 0;
}

int xlsx_null(xlsxsheet *s, err *e) {
  if (past_limit(s)) return 0;
  return next_cell(s, 0, e);
}

void xlsx_endrow(xlsxsheet *s) {
  if (past_limit(s)) s->cut_rows++;
  else {
    s->row++;
    s->rows++;
  }
  s->col = 0;
}

xlsxsheet_counts xlsx_counts(const xlsxsheet *s) {
  xlsxsheet_counts c = {s->rows, s->cut_rows, s->cut_texts,
                        s->dir == XLSX_RTL || (s->dir == XLSX_AUTO && s->rtl)};
  return c;
}

/* finish_sheet: s's column widths, autofilter and direction (before the workbook is
 * written). */
static void finish_sheet(xlsxsheet *s) {
  for (uint32_t c = 0; c < s->ncols; c++) {
    unsigned w = s->width[c] < WIDTH_MIN ? WIDTH_MIN : s->width[c];
    worksheet_set_column(s->ws, (lxw_col_t)c, (lxw_col_t)c, w + 2, NULL);
  }
  if (s->header && s->ncols > 0) {
    lxw_row_t last = s->rows > 0 ? (lxw_row_t)(s->rows - 1) : 0;
    worksheet_autofilter(s->ws, 0, 0, last, (lxw_col_t)(s->ncols - 1));
  }
  if (xlsx_counts(s).rtl) worksheet_right_to_left(s->ws);
}

/* write_book: finish every sheet and write the workbook to its temporary (its result in
 * b->written); the libxlsxwriter workbook is freed. */
static void write_book(xlsxbook *b) {
  locale_t old = enter_c();
  for (xlsxsheet *s = b->sheets; s; s = s->next) finish_sheet(s);
  b->written = workbook_close(b->wb);
  leave_c(old);
  b->wb = NULL;
}

/* writer_main: the thread of xlsx_finish. */
static void *writer_main(void *ud) {
  write_book(ud);
  return NULL;
}

void xlsx_finish(xlsxbook *b) {
  if (b->writing || !b->wb) return;
  if (pthread_create(&b->writer, NULL, writer_main, b) == 0) b->writing = 1;
  else write_book(b); /* no thread: write it now */
}

/* join_writer: wait for the thread of xlsx_finish, if any. */
static void join_writer(xlsxbook *b) {
  if (!b->writing) return;
  pthread_join(b->writer, NULL);
  b->writing = 0;
}

int xlsx_close(xlsxbook *b, err *e) {
  join_writer(b);
  if (b->wb) write_book(b);
  int rc;
  if (b->written) {
    rc = err_set(e, "%s: cannot write the workbook: %s", b->path, lxw_strerror(b->written));
    outfile_abort(b->out);
  } else {
    rc = outfile_commit(b->out, e);
  }
  book_free(b);
  return rc;
}

void xlsx_abort(xlsxbook *b) {
  if (!b) return;
  join_writer(b);
  if (b->wb) lxw_workbook_free(b->wb);
  outfile_abort(b->out);
  book_free(b);
}
