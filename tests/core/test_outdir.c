/* test_outdir.c: staging directories, exchange, listings and whole writes (outdir.h). */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "outdir.h"

static char root[64];

/* is_dir: whether path is a directory. */
static int is_dir(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The table: output directories (relative to root) and the staging path expected before
 * the random suffix. */
static void test_mkstage(void) {
  static const struct { const char *out; const char *prefix; } cases[] = {
    {"out", "/.out.new-"},
    {"out/", "/.out.new-"},
    {"a/b/c/out//", "/a/b/c/.out.new-"},
    {"x.y", "/.x.y.new-"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[256], want[256], got[4096];
    err e;
    snprintf(out, sizeof out, "%s/%s", root, cases[i].out);
    snprintf(want, sizeof want, "%s%s", root, cases[i].prefix);
    CHECK_INT(outdir_mkstage(out, got, sizeof got, &e), 0);
    CHECK(strncmp(got, want, strlen(want)) == 0, "case %zu: %s does not start with %s", i, got,
          want);
    CHECK_INT(strlen(got), strlen(want) + 6);
    CHECK(is_dir(got), "case %zu: %s is not a directory", i, got);
    rmdir(got);
  }
  char got[32];
  err e;
  CHECK_INT(outdir_mkstage("/nonexistent-root-dir/sub/out", got, sizeof got, &e), -1);
  CHECK(strstr(e.msg, "/nonexistent-root-dir/sub/out") != NULL, "%s", e.msg);
}

/* append: outdir_list callback joining names with commas. */
static void append(void *ud, const char *name) {
  char *buf = ud;
  if (*buf) strcat(buf, ",");
  strcat(buf, name);
}

/* write_read: write s to dir/name, check that it reads back. */
static void write_read(const char *dir, const char *name, const char *s) {
  char path[256], got[256] = "";
  err e;
  snprintf(path, sizeof path, "%s/%s", dir, name);
  CHECK_INT(outdir_write(path, s, strlen(s), &e), 0);
  FILE *f = fopen(path, "rb");
  size_t k = f ? fread(got, 1, sizeof got - 1, f) : 0;
  got[k] = '\0';
  if (f) fclose(f);
  CHECK_STR(got, s);
}

static void test_write_list_exchange(void) {
  char a[128], b[128], names[256] = "";
  err e;
  snprintf(a, sizeof a, "%s/left", root);
  snprintf(b, sizeof b, "%s/right", root);
  mkdir(a, 0777);
  mkdir(b, 0777);
  write_read(a, "z.csv", "z\n");
  write_read(a, "A.csv", "");
  write_read(a, "m.html", "<p>");
  write_read(a, "m.html", "<p>again</p>");
  write_read(b, "old.csv", "old");
  CHECK_INT(outdir_list(a, append, names, &e), 0);
  CHECK_STR(names, "A.csv,m.html,z.csv");
  CHECK_INT(outdir_exchange(a, b, &e), 0);
  names[0] = '\0';
  CHECK_INT(outdir_list(b, append, names, &e), 0);
  CHECK_STR(names, "A.csv,m.html,z.csv");
  CHECK_INT(outdir_list("/nonexistent-dir", append, names, &e), -1);
  CHECK(strstr(e.msg, "/nonexistent-dir: cannot list") != NULL, "%s", e.msg);
  CHECK_INT(outdir_exchange(a, "/nonexistent-dir/x", &e), -1);
  CHECK_INT(outdir_write("/nonexistent-dir/x.csv", "x", 1, &e), -1);
  CHECK(strstr(e.msg, "/nonexistent-dir/x.csv") != NULL, "%s", e.msg);
}

int main(void) {
  snprintf(root, sizeof root, "/tmp/sahel-outdir.XXXXXX");
  if (!mkdtemp(root)) return 1;
  RUN(test_mkstage);
  RUN(test_write_list_exchange);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
  return check_done();
}
