/*
 * test_fuzz_replay.c: every libFuzzer harness of tests/fuzz run over its seeds and its
 * regressions (tests/fuzz/regressions/NAME/: inputs that once crashed or broke an
 * invariant), in the ordinary suite and without libFuzzer, so that a fixed finding stays
 * fixed under every build (ASan/UBSan in CI). With arguments: `test_fuzz_replay NAME FILE...`
 * runs one harness over the given files (to reproduce a finding in a debugger).
 */
#define _GNU_SOURCE /* memfd_create, for fuzz_gazetteer.c */
#include <dirent.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "base/mem.h"

/* Each harness, its entry point renamed. */
#define LLVMFuzzerTestOneInput fuzz_text_one
#include "../fuzz/fuzz_text.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_date_one
#include "../fuzz/fuzz_date.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_csvread_one
#include "../fuzz/fuzz_csvread.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_gazetteer_one
#include "../fuzz/fuzz_gazetteer.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_matcher_one
#include "../fuzz/fuzz_matcher.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_plaintext_one
#include "../fuzz/fuzz_plaintext.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_jsonl_one
#include "../fuzz/fuzz_jsonl.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_encoding_one
#include "../fuzz/fuzz_encoding.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_corpus_one
#include "../fuzz/fuzz_corpus.c"
#undef LLVMFuzzerTestOneInput
#define LLVMFuzzerTestOneInput fuzz_sandbox_one
#include "../fuzz/fuzz_sandbox.c"
#undef LLVMFuzzerTestOneInput

typedef int (*replay_fn)(const uint8_t *data, size_t size);

/* The harnesses and the directories they replay (as tests/fuzz/run.sh seeds them). */
static const struct {
  const char *name;
  replay_fn fn;
  const char *dirs[3];
} harnesses[] = {
  {"text", fuzz_text_one, {"tests/fixtures/text", "tests/fuzz/seeds/text"}},
  {"date", fuzz_date_one, {"tests/fuzz/seeds/date"}},
  {"csvread", fuzz_csvread_one, {"tests/fixtures/gazetteer"}},
  {"gazetteer", fuzz_gazetteer_one, {"tests/fixtures/gazetteer"}},
  {"matcher", fuzz_matcher_one, {"tests/fuzz/seeds/matcher"}},
  {"plaintext", fuzz_plaintext_one, {"tests/fixtures/articles", "datasets/sample/curated"}},
  {"jsonl", fuzz_jsonl_one, {"tests/fixtures/cooc"}},
  {"encoding", fuzz_encoding_one, {"tests/fixtures/articles", "tests/fixtures/text"}},
  {"corpus", fuzz_corpus_one, {"tests/fuzz/seeds/corpus"}},
  {"sandbox", fuzz_sandbox_one, {"tests/fuzz/seeds/sandbox"}},
};
#define NHARNESSES (sizeof harnesses / sizeof harnesses[0])

/* replay_file: run fn over the bytes of path; 1 when the file was read. */
static int replay_file(replay_fn fn, const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return 0;
  char *data = NULL;
  size_t n = 0, cap = 0, k;
  char chunk[65536];
  while ((k = fread(chunk, 1, sizeof chunk, f)) > 0) {
    if (n + k > cap && mem_grow(&data, &cap, n + k, 1) < 0) abort();
    memcpy(data + n, chunk, k);
    n += k;
  }
  fclose(f);
  uint8_t *exact = mem_alloc(n ? n : 1); /* exactly n bytes, as libFuzzer gives: ASan sees overreads */
  if (!exact) abort();
  if (n) memcpy(exact, data, n);
  fn(exact, n);
  mem_free(exact);
  mem_free(data);
  return 1;
}

/* replay_dir: run fn over every regular file of dir; the number of files. */
static size_t replay_dir(replay_fn fn, const char *dir) {
  DIR *d = opendir(dir);
  size_t n = 0;
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL) {
    char path[4096];
    if (de->d_name[0] == '.' || de->d_type == DT_DIR) continue; /* open/: replay_open */
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    n += (size_t)replay_file(fn, path);
  }
  if (d) closedir(d);
  return n;
}

/* replay_open: run fn over each file of dir (open findings) in a child; print the verdict. */
static void replay_open(replay_fn fn, const char *dir) {
  DIR *d = opendir(dir);
  struct dirent *de;
  while (d && (de = readdir(d)) != NULL) {
    char path[4096];
    if (de->d_name[0] == '.') continue;
    snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
    fflush(NULL);
    pid_t pid = fork();
    if (pid == 0) {
      if (!freopen("/dev/null", "w", stderr)) _exit(2);
      replay_file(fn, path);
      _exit(0);
    }
    int status = 0;
    if (pid > 0) waitpid(pid, &status, 0);
    printf("%s: %s\n", path, pid > 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0
                                ? "passes now: move it up to regressions (fixed)"
                                : "open finding (still fails)");
  }
  if (d) closedir(d);
}

/* test_replay_all: every harness over its seeds and regressions (a crash fails the test
 * by aborting, with the sanitizer's or the invariant's report on stderr). */
static void test_replay_all(void) {
  for (size_t h = 0; h < NHARNESSES; h++) {
    char regressions[256];
    snprintf(regressions, sizeof regressions, "tests/fuzz/regressions/%s", harnesses[h].name);
    size_t n = replay_dir(harnesses[h].fn, regressions);
    char open_dir[300];
    snprintf(open_dir, sizeof open_dir, "%s/open", regressions);
    replay_open(harnesses[h].fn, open_dir);
    for (size_t i = 0; i < 3 && harnesses[h].dirs[i]; i++) n += replay_dir(harnesses[h].fn, harnesses[h].dirs[i]);
    CHECK(n > 0, "harness %s: no seed found (run from the source root)", harnesses[h].name);
    harnesses[h].fn((const uint8_t *)"", 0); /* the empty input */
  }
}

int main(int argc, char **argv) {
  if (argc > 2) {
    for (size_t h = 0; h < NHARNESSES; h++) {
      if (strcmp(argv[1], harnesses[h].name) != 0) continue;
      for (int i = 2; i < argc; i++) {
        fprintf(stderr, "%s: %s\n", harnesses[h].name, argv[i]);
        if (!replay_file(harnesses[h].fn, argv[i])) fprintf(stderr, "cannot read %s\n", argv[i]);
      }
      return 0;
    }
    fprintf(stderr, "unknown harness %s\n", argv[1]);
    return 2;
  }
  RUN(test_replay_all);
  return check_done();
}
