/*
 * check.h: the table-driven C unit test harness of tests/core. A test file defines
 * test functions, lists them in main with RUN(fn), and ends with `return check_done();`,
 * which prints "N passed, N failed".
 */
#ifndef SAHEL_CHECK_H
#define SAHEL_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed, check_case_failed;

/* CHECK(cond, ...): record a failure with a printf-style note when cond is false. */
#define CHECK(cond, ...)                                                   \
  do {                                                                     \
    if (!(cond)) {                                                         \
      fprintf(stderr, "%s:%d: CHECK(%s) failed: ", __FILE__, __LINE__, #cond); \
      fprintf(stderr, __VA_ARGS__);                                        \
      fputc('\n', stderr);                                                 \
      check_case_failed = 1;                                               \
    }                                                                      \
  } while (0)

/* CHECK_STR(got, want): two C strings equal. */
#define CHECK_STR(got, want)                                               \
  CHECK(strcmp((got), (want)) == 0, "got \"%s\", want \"%s\"", (got), (want))

/* CHECK_INT(got, want): two integers equal. */
#define CHECK_INT(got, want)                                               \
  CHECK((long long)(got) == (long long)(want), "got %lld, want %lld",     \
        (long long)(got), (long long)(want))

/* RUN(fn): run one test function and count it. */
#define RUN(fn)                                                            \
  do {                                                                     \
    check_case_failed = 0;                                                 \
    fn();                                                                  \
    if (check_case_failed) {                                               \
      check_failed++;                                                      \
      fprintf(stderr, "FAIL %s\n", #fn);                                   \
    } else {                                                               \
      check_passed++;                                                      \
    }                                                                      \
  } while (0)

/* check_done: print the summary; the process exit status. */
static inline int check_done(void) {
  printf("%d passed, %d failed\n", check_passed, check_failed);
  return check_failed ? 1 : 0;
}

#endif
