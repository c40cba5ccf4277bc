/*
 * fuzz_csvread.c: the streaming CSV reader (csvread.h over libcsv) on any bytes. The
 * first byte picks the options (delimiter, quote, strict) and whether the rest is placed
 * across the reader's 64 KiB chunk boundary (behind well-formed filler rows). Checks:
 * fields are NUL-terminated at their length, line numbers never go back, an error names
 * the input and stays the answer of every later call, warnings are well-formed.
 */
#include "base/buf.h"
#include "io/csvread.h"
#include "io/csvread_warn.h"
#include "fuzz.h"

#define FCSV_CHUNK 65536 /* the reader's chunk size (csvread.c) */

/* fcsv_input: the bytes to read: data, or filler rows (long fields: few records, so that
 * the fuzzer stays fast) then data, so that data starts a few bytes before the chunk
 * boundary. */
static void fcsv_input(const uint8_t *data, size_t size, int straddle, buf *in) {
  static char row[1024];
  if (straddle) {
    if (!row[0]) {
      memset(row, 'x', sizeof row - 3);
      memcpy(row + sizeof row - 3, ",b\n", 3);
    }
    size_t before = FCSV_CHUNK - (size < 64 ? size : 64);
    while (in->len + sizeof row <= before) buf_add(in, row, sizeof row);
    while (in->len < before) buf_addc(in, '\n');
  }
  buf_add(in, data, size);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  static const char delims[4] = {',', ';', '\t', '|'};
  csvread_opts o = {delims[data[0] & 3], (data[0] & 8) ? '\'' : '"', (data[0] & 4) != 0};
  buf in;
  buf_init(&in);
  fcsv_input(data + 1, size - 1, (data[0] & 0x30) == 0x30, &in);
  err e;
  csvreader *c = csvread_open_memory("fuzz.csv", in.data ? in.data : "", in.len, &o, &e);
  FUZZ_CHECK(c != NULL);
  size_t warnings = 0, line = 0;
  warn_sink w = {fuzz_warn_count, &warnings};
  csvread_set_warn(c, &w);
  csvrecord r;
  int rc;
  while ((rc = csvread_next(c, &r, &e)) == 1) {
    FUZZ_CHECK(r.line >= line && r.line >= 1);
    line = r.line;
    for (size_t i = 0; i < r.nfields; i++) FUZZ_CHECK(r.fields[i][r.lens[i]] == '\0');
  }
  if (rc < 0) {
    FUZZ_CHECK(strncmp(e.msg, "fuzz.csv:", 9) == 0);
    err again;
    FUZZ_CHECK(csvread_next(c, &r, &again) == -1 && strcmp(again.msg, e.msg) == 0);
  } else {
    FUZZ_CHECK(rc == 0 && csvread_next(c, &r, &e) == 0);
  }
  FUZZ_CHECK(!(o.strict && warnings > 0));
  csvread_close(c);
  buf_free(&in);
  return 0;
}
