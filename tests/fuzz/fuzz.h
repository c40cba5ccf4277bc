/*
 * fuzz.h: what the libFuzzer harnesses of tests/fuzz share. Each harness defines
 * LLVMFuzzerTestOneInput (renamed by tests/core/test_fuzz_replay.c, which includes every
 * harness into one program to replay the seeds and regressions in the ordinary suite), so
 * its file-level names carry the harness's own prefix.
 */
#ifndef SAHEL_FUZZ_H
#define SAHEL_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/ustring.h>

#include "base/err.h"

/* FUZZ_CHECK(cond): an invariant of the code under test; abort (a finding) when false. */
#define FUZZ_CHECK(cond)                                                        \
  do {                                                                          \
    if (!(cond)) {                                                              \
      fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #cond); \
      abort();                                                                  \
    }                                                                           \
  } while (0)

/* fuzz_utf8_valid: whether s[0..n) is well-formed UTF-8 (ICU decides). */
static inline int fuzz_utf8_valid(const char *s, size_t n) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t out = 0;
  if (n > INT32_MAX) return 0;
  u_strFromUTF8(NULL, 0, &out, s, (int32_t)n, &st);
  return st == U_BUFFER_OVERFLOW_ERROR || st == U_ZERO_ERROR ||
         st == U_STRING_NOT_TERMINATED_WARNING;
}

/* fuzz_msg_ok: an error or warning message is a non-empty NUL-terminated string. */
static inline int fuzz_msg_ok(const char *msg) {
  return msg[0] != '\0' && memchr(msg, '\0', sizeof ((err *)0)->msg) != NULL;
}

/* fuzz_warn_count: a warn_sink callback that checks and counts the warnings. */
static inline void fuzz_warn_count(void *ud, const char *msg) {
  FUZZ_CHECK(msg != NULL && msg[0] != '\0');
  if (ud) ++*(size_t *)ud;
}

#endif

/* The entry point of each harness (outside the guard: test_fuzz_replay.c renames it per
 * harness before including the harness). */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
