/*
 * xlsx.h: a workbook (Office Open XML, .xlsx) written row by row through libxlsxwriter,
 * whole or not at all. Cells are typed by the caller: text stays text whatever it looks like
 * (`2-`, `3%`, `2015-08-01`, `=1+1`, `+33` are never read as a number, a date or a formula),
 * numbers are numbers. A header row is bold, frozen and filtered; each column is as wide as
 * its widest cell (within bounds); a sheet holding right-to-left letters can be laid out
 * right to left. Rows past the row limit are counted, not written.
 *
 * Memory does not grow with the rows: each sheet's rows go to a temporary file (unlinked at
 * once) in the workbook's directory (libxlsxwriter's constant-memory mode); the workbook is
 * written to "path.tmp-XXXXXX" (outfile.h) and renamed over path by xlsx_close. Numbers are
 * written in the "C" locale whatever setlocale says.
 *
 * Threads: two sheets may be written at once from two threads (each sheet keeps its own
 * scratch, and the one shared format, the header's, has its index before any cell is
 * written); one sheet is written by one thread at a time, and the workbook's own calls
 * (xlsx_sheet, xlsx_finish, xlsx_close, xlsx_abort) are made only while no sheet is being
 * written (the caller sees to it: l_xlsx.c refuses them while a sheet is lent).
 */
#ifndef SAHEL_XLSX_H
#define SAHEL_XLSX_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define XLSX_MAX_ROWS 1048576u /* rows of a sheet, its header included (the format's limit) */
#define XLSX_MAX_COLS 16384u   /* columns of a sheet */
#define XLSX_MAX_TEXT 32767u   /* UTF-16 units of a text cell; longer text is cut */

typedef struct xlsxbook xlsxbook;
typedef struct xlsxsheet xlsxsheet;

/* The direction of a sheet: its first column on the left or on the right. */
typedef enum {
  XLSX_LTR = 0,
  XLSX_RTL = 1,
  XLSX_AUTO = 2 /* right to left once a text cell holds a right-to-left letter */
} xlsx_dir;

typedef struct {
  int header;   /* the first row is a header: bold, frozen, with an autofilter */
  xlsx_dir dir; /* XLSX_LTR by default */
} xlsxsheet_opts;

/* What a sheet holds so far. */
typedef struct {
  uint64_t rows;      /* rows written, the header included */
  uint64_t cut_rows;  /* rows left out: past the row limit */
  uint64_t cut_texts; /* text cells cut at XLSX_MAX_TEXT */
  int rtl;            /* laid out right to left (so far, for XLSX_AUTO) */
} xlsxsheet_counts;

/* xlsx_open: a new workbook for path; each sheet keeps at most max_rows rows (0 or more
 * than XLSX_MAX_ROWS: XLSX_MAX_ROWS). NULL with e set. */
xlsxbook *xlsx_open(const char *path, uint64_t max_rows, err *e);
/* xlsx_sheet: a new sheet at the end of the workbook (o NULL: defaults). NULL with e set:
 * a name Excel refuses (empty, over 31 characters, one of []:*?/\, a leading or trailing
 * ', already in use, case aside), out of memory. The sheet lives as long as the workbook. */
xlsxsheet *xlsx_sheet(xlsxbook *b, const char *name, const xlsxsheet_opts *o, err *e);
/* xlsx_text: the next cell of the current row holds the text s[0..n) (any bytes:
 * ill-formed UTF-8 and NULs become U+FFFD). 0, or -1 with e set (past XLSX_MAX_COLS,
 * out of memory). */
int xlsx_text(xlsxsheet *s, const char *p, size_t n, err *e);
/* xlsx_num: the next cell holds the number v (inf and nan, which a sheet cannot hold as
 * numbers, are written as the text "inf", "-inf", "nan"). 0, or -1 with e set. */
int xlsx_num(xlsxsheet *s, double v, err *e);
/* xlsx_bool: the next cell holds the boolean v (TRUE or FALSE). 0, or -1 with e set. */
int xlsx_bool(xlsxsheet *s, int v, err *e);
/* xlsx_null: the next cell is empty. 0, or -1 with e set (past XLSX_MAX_COLS). */
int xlsx_null(xlsxsheet *s, err *e);
/* xlsx_endrow: end the current row (counted as cut when past the row limit). */
void xlsx_endrow(xlsxsheet *s);
/* xlsx_counts: what sheet s holds so far. */
xlsxsheet_counts xlsx_counts(const xlsxsheet *s);
/* xlsx_finish: start writing the workbook (every sheet is complete: no cell or sheet call
 * may follow) to its temporary in a thread of its own, so that the caller goes on with
 * other work while it is compressed; xlsx_close waits for it. Without a thread, writes it
 * now. */
void xlsx_finish(xlsxbook *b);
/* xlsx_close: finish every sheet, write the workbook (or wait for xlsx_finish's thread) and
 * rename it over path, on the calling thread; frees b. 0, or -1 with e set (path is then
 * untouched). */
int xlsx_close(xlsxbook *b, err *e);
/* xlsx_abort: discard the workbook (path is left as it was; waits for xlsx_finish's
 * thread) and free b (NULL is fine). */
void xlsx_abort(xlsxbook *b);

#endif
