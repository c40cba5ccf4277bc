/* test_outfile.c: whole-or-nothing output files (outfile.h). */
#include <dirent.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "io/outfile.h"

static char dir[64];

/* path_in: dir/name into out. */
static const char *path_in(const char *name, char *out, size_t n) {
  if ((size_t)snprintf(out, n, "%s/%s", dir, name) >= n) out[0] = '\0';
  return out;
}

/* slurp: the contents of path into out (n bytes at most); -1 when absent. */
static long slurp(const char *path, char *out, size_t n) {
  FILE *f = fopen(path, "rb");
  if (!f) return -1;
  size_t k = fread(out, 1, n - 1, f);
  out[k] = '\0';
  fclose(f);
  return (long)k;
}

/* count_temps: files in dir whose name holds ".tmp-". */
static int count_temps(void) {
  DIR *d = opendir(dir);
  int k = 0;
  for (struct dirent *de; d && (de = readdir(d));) k += strstr(de->d_name, ".tmp-") != NULL;
  if (d) closedir(d);
  return k;
}

/* put: write s to path through an outfile, then commit (or abort); the commit's result. */
static int put(const char *path, const char *s, int commit, err *e) {
  outfile *f = outfile_open(path, e);
  if (!f) return -1;
  fputs(s, outfile_stream(f));
  if (!commit) {
    outfile_abort(f);
    return 0;
  }
  return outfile_commit(f, e);
}

/* The table: sequences of writes to one target and what it holds afterwards. */
static void test_commit_abort(void) {
  static const struct {
    const char *first; int commit1; const char *second; int commit2; const char *want;
  } cases[] = {
    {"hello\n", 1, NULL, 0, "hello\n"},
    {"old", 1, "new", 1, "new"},
    {"old", 1, "half-written", 0, "old"},
    {"", 1, NULL, 0, ""},
    {"never", 0, NULL, 0, NULL},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char path[128], got[256];
    snprintf(got, sizeof got, "case%zu.txt", i);
    path_in(got, path, sizeof path);
    err e = {{0}};
    CHECK_INT(put(path, cases[i].first, cases[i].commit1, &e), 0);
    if (cases[i].second) CHECK_INT(put(path, cases[i].second, cases[i].commit2, &e), 0);
    long n = slurp(path, got, sizeof got);
    if (cases[i].want) CHECK_STR(n >= 0 ? got : "(absent)", cases[i].want);
    else CHECK_INT(n, -1);
    CHECK_INT(count_temps(), 0);
  }
}

/* A new file gets the mode open(2) would give it (0666 less the umask), not mkstemp's 0600. */
static void test_mode(void) {
  char path[128];
  mode_t mask = umask(027);
  err e;
  CHECK_INT(put(path_in("mode.txt", path, sizeof path), "x", 1, &e), 0);
  umask(mask);
  struct stat st;
  CHECK_INT(stat(path, &st), 0);
  /* the umask is read once per process; it was 027 or the original one */
  CHECK((st.st_mode & 0777) == (0666 & ~027) || (st.st_mode & 0777) == (0666 & ~mask),
        "mode %o", (unsigned)(st.st_mode & 0777));
}

/* Errors name the path: a missing directory, and a write that fails (file size limit). */
static void test_errors(void) {
  char path[128];
  err e = {{0}};
  CHECK(outfile_open("/nonexistent-dir/x.csv", &e) == NULL, "opened");
  CHECK(strstr(e.msg, "/nonexistent-dir/x.csv") != NULL, "%s", e.msg);

  path_in("big.txt", path, sizeof path);
  CHECK_INT(put(path, "small", 1, &e), 0);
  struct rlimit old, lim = {1000, 1000};
  getrlimit(RLIMIT_FSIZE, &old);
  signal(SIGXFSZ, SIG_IGN);
  setrlimit(RLIMIT_FSIZE, &lim);
  outfile *f = outfile_open(path, &e);
  for (int i = 0; f && i < 1000; i++) fputs("0123456789", outfile_stream(f));
  CHECK_INT(f ? outfile_commit(f, &e) : 0, -1);
  lim.rlim_cur = old.rlim_cur;
  setrlimit(RLIMIT_FSIZE, &lim);
  CHECK(strstr(e.msg, path) != NULL && strstr(e.msg, "write failed") != NULL, "%s", e.msg);
  char got[64];
  slurp(path, got, sizeof got);
  CHECK_STR(got, "small");
  CHECK_INT(count_temps(), 0);
}

/* outfile_abort_all removes every open temporary (what the signal handler calls). */
static void test_abort_all(void) {
  char path[128];
  err e;
  outfile *a = outfile_open(path_in("a.txt", path, sizeof path), &e);
  outfile *b = outfile_open(path_in("b.txt", path, sizeof path), &e);
  CHECK(a && b, "open: %s", e.msg);
  CHECK_INT(count_temps(), 2);
  outfile_abort_all();
  CHECK_INT(count_temps(), 0);
  outfile_abort(a); /* the file is gone already: still fine */
  outfile_abort(b);
  outfile_abort(NULL);
  CHECK_INT(count_temps(), 0);
}

/* Many files open at once, then committed in turn. */
static void test_many(void) {
  outfile *f[40];
  char path[128], name[32];
  err e;
  for (int i = 0; i < 40; i++) {
    snprintf(name, sizeof name, "many%d.txt", i);
    f[i] = outfile_open(path_in(name, path, sizeof path), &e);
    CHECK(f[i] != NULL, "%s", e.msg);
    if (f[i]) fprintf(outfile_stream(f[i]), "%d", i);
  }
  for (int i = 0; i < 40; i++) CHECK_INT(f[i] ? outfile_commit(f[i], &e) : -1, 0);
  char got[32];
  slurp(path_in("many39.txt", path, sizeof path), got, sizeof got);
  CHECK_STR(got, "39");
  CHECK_INT(count_temps(), 0);
}

int main(void) {
  snprintf(dir, sizeof dir, "/tmp/sahel-outfile.XXXXXX");
  if (!mkdtemp(dir)) return 77;
  RUN(test_commit_abort);
  RUN(test_mode);
  RUN(test_errors);
  RUN(test_abort_all);
  RUN(test_many);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", dir);
  return check_done();
}
