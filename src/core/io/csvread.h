/*
 * csvread.h: a streaming CSV reader over libcsv (RFC 4180). Records come one at a time with
 * their line number, so that every message can name file:line:column.
 */
#ifndef SAHEL_CSVREAD_H
#define SAHEL_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#include "base/buf.h"
#include "base/err.h"

typedef struct csvreader csvreader;

typedef struct {
  char delimiter; /* ',' by default */
  char quote;     /* '"' by default */
  int strict;     /* unbalanced quotes and ragged rows are errors (else warnings) */
} csvread_opts;

/* One record: fields[i] is NUL-terminated (it may also hold NULs: use lens[i]). */
typedef struct {
  char **fields;
  size_t *lens;
  size_t nfields;
  size_t line;    /* 1-based line where the record starts */
  size_t offset;  /* byte offset in the input where the record starts (a BOM counted) */
} csvrecord;

/* csvread_open: read path (a UTF-8 BOM is skipped); NULL with e set ("path: why"). */
csvreader *csvread_open(const char *path, const csvread_opts *o, err *e);
/* csvread_open_memory: read the bytes s[0..len) (copied), naming them `name` in messages. */
csvreader *csvread_open_memory(const char *name, const char *s, size_t len,
                               const csvread_opts *o, err *e);
/* csvread_next: the next record into *r (valid until the next call): 1, 0 at the end, or
 * -1 with e set ("path:line:column: unbalanced quote..."). Ragged rows are checked by the
 * caller, who knows the header. */
int csvread_next(csvreader *c, csvrecord *r, err *e);
/* csvread_name: the file name used in messages. */
const char *csvread_name(const csvreader *c);
/* csvread_close: release the reader (NULL is fine). */
void csvread_close(csvreader *c);

#endif
