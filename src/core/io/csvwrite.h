/*
 * csvwrite.h: CSV output as TEXT-SPEC §8 says: UTF-8, comma, RFC 4180 quoting (libcsv's
 * csv_fwrite), LF (or BOM + CRLF for Excel), numbers with '.' and up to 6 significant
 * digits, text fields starting with = + - @ TAB CR prefixed with ' (formula guard).
 * Written through an outfile: whole or not at all.
 */
#ifndef SAHEL_CSVWRITE_H
#define SAHEL_CSVWRITE_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct csvwriter csvwriter;

typedef struct {
  int excel;        /* UTF-8 BOM and CRLF line ends */
  char delimiter;   /* ',' by default */
  int no_guard;     /* turn the formula guard off (not for spreadsheets) */
} csvwrite_opts;

/* csvwrite_open: start writing path (through a temporary); NULL with e set. */
csvwriter *csvwrite_open(const char *path, const csvwrite_opts *o, err *e);
/* csvwrite_text: one text field (guarded, quoted when needed). */
void csvwrite_text(csvwriter *w, const char *s, size_t len);
/* csvwrite_int: one integer field. */
void csvwrite_int(csvwriter *w, int64_t v);
/* csvwrite_num: one real field: %.6g, "inf"/"-inf"/"nan" spelled as such, never guarded. */
void csvwrite_num(csvwriter *w, double v);
/* csvwrite_null: an empty field. */
void csvwrite_null(csvwriter *w);
/* csvwrite_endrow: end the current row. */
void csvwrite_endrow(csvwriter *w);
/* csvwrite_close: commit the file (rename over path); 0, or -1 with e set (disk full...). */
int csvwrite_close(csvwriter *w, err *e);
/* csvwrite_abort: discard everything written; path is left as it was (NULL is fine). */
void csvwrite_abort(csvwriter *w);
/* csvwrite_format_num: v as §8 prints it, into out (at least 32 bytes); returns out. */
char *csvwrite_format_num(double v, char *out);

#endif
