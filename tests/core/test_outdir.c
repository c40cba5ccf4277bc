/* test_outdir.c: locks, staging directories (marker, mode), removals that never follow a
 * link, exchange, listings and whole writes (outdir.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "io/outdir.h"

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
    long pid;
    CHECK_INT(outdir_stage_pid(got, &pid), 1);
    CHECK_INT(pid, getpid());
    CHECK_INT(outdir_remove(got, NULL, 0, &e), 0);
    CHECK(!is_dir(got), "case %zu: %s is left", i, got);
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

/* at: root/rel into a static buffer (one of four, for up to four paths at once). */
static const char *at(const char *rel) {
  static char bufs[4][512];
  static int k;
  char *b = bufs[k++ % 4];
  snprintf(b, sizeof bufs[0], "%s/%s", root, rel);
  return b;
}

/* touch: create the file path holding s. */
static void touch(const char *path, const char *s) {
  FILE *f = fopen(path, "w");
  if (f) {
    fputs(s, f);
    fclose(f);
  }
}

/* exists: whether path exists (a link is not followed). */
static int exists(const char *path) {
  struct stat st;
  return lstat(path, &st) == 0;
}

/* mode_of: the permission bits of path. */
static unsigned mode_of(const char *path) {
  struct stat st;
  return stat(path, &st) == 0 ? (unsigned)(st.st_mode & 07777) : 0u;
}

/* test_lock: one holder at a time; the second is told who holds it; a link is refused. */
static void test_lock(void) {
  err e;
  int fd = outdir_lock(at("locked/out"), &e);
  CHECK(fd >= 0, "%s", e.msg);
  CHECK(exists(at("locked/.out.lock")), "the lock file is beside the output directory");
  CHECK_INT(outdir_lock(at("locked/out/"), &e), -1);
  char want[128];
  snprintf(want, sizeof want, "another run is writing %s/ (pid %ld)", at("locked/out"),
           (long)getpid());
  CHECK_STR(e.msg, want);
  close(fd);
  fd = outdir_lock(at("locked/out"), &e);
  CHECK(fd >= 0, "released, then taken again: %s", e.msg);
  close(fd);
  /* a symbolic link planted as the lock file is never followed */
  touch(at("victim.txt"), "victim");
  CHECK_INT(symlink(at("victim.txt"), at("locked/.planted.lock")), 0);
  CHECK_INT(outdir_lock(at("locked/planted"), &e), -1);
  CHECK(strstr(e.msg, "symbolic link") != NULL, "%s", e.msg);
  CHECK_INT(mode_of(at("victim.txt")) != 0, 1);
  FILE *f = fopen(at("victim.txt"), "r");
  char got[16] = "";
  if (f) {
    if (!fgets(got, sizeof got, f)) got[0] = '\0';
    fclose(f);
  }
  CHECK_STR(got, "victim");
}

/* test_modes: a staging directory takes the mode of the output directory, or 0777 less
 * the umask when there is none yet (mkdtemp alone gives 0700). */
static void test_modes(void) {
  static const unsigned modes[] = {0755, 0750, 0775, 02770, 0711};
  err e;
  char got[4096];
  for (size_t i = 0; i < sizeof modes / sizeof *modes; i++) {
    mkdir(at("modes"), 0777);
    mkdir(at("modes/out"), 0700);
    chmod(at("modes/out"), modes[i]);
    CHECK_INT(outdir_mkstage(at("modes/out"), got, sizeof got, &e), 0);
    CHECK(mode_of(got) == modes[i], "mode %o: got %o", modes[i], mode_of(got));
    outdir_remove(got, NULL, 0, &e);
  }
  CHECK_INT(outdir_mkstage(at("modes/new"), got, sizeof got, &e), 0);
  CHECK(mode_of(got) == (0777 & ~022u), "a new directory: got %o", mode_of(got));
  outdir_remove(got, NULL, 0, &e);
}

/* test_check: what an output directory path is; a link at the last component is refused. */
static void test_check(void) {
  err e;
  mkdir(at("check"), 0777);
  mkdir(at("check/dir"), 0777);
  touch(at("check/file"), "");
  CHECK_INT(symlink(at("check/dir"), at("check/link")), 0);
  CHECK_INT(outdir_check(at("check/none"), &e), 0);
  CHECK_INT(outdir_check(at("check/dir"), &e), 1);
  CHECK_INT(outdir_check(at("check/dir/"), &e), 1);
  CHECK_INT(outdir_check(at("check/file"), &e), -1);
  CHECK(strstr(e.msg, "not a directory") != NULL, "%s", e.msg);
  CHECK_INT(outdir_check(at("check/link/"), &e), -1);
  CHECK(strstr(e.msg, "symbolic link") != NULL, "%s", e.msg);
}

/* test_remove: links are removed, never followed; directories and other users' directories
 * are left; names cannot leave the directory. */
static void test_remove(void) {
  err e;
  long pid;
  mkdir(at("victim"), 0777);
  touch(at("victim/precious.txt"), "precious");
  mkdir(at("rm"), 0777);
  /* a link to a directory, as the directory to remove */
  CHECK_INT(symlink(at("victim"), at("rm/link")), 0);
  CHECK_INT(outdir_stage_pid(at("rm/link"), &pid), -1);
  CHECK_INT(outdir_remove(at("rm/link"), NULL, 0, &e), -1);
  CHECK(strstr(e.msg, "left as it is") != NULL, "%s", e.msg);
  /* links inside a directory of ours, and names that try to leave it */
  mkdir(at("rm/ours"), 0777);
  touch(at("rm/ours/a.csv"), "a");
  CHECK_INT(symlink(at("victim"), at("rm/ours/dirlink")), 0);
  CHECK_INT(symlink(at("victim/precious.txt"), at("rm/ours/filelink")), 0);
  CHECK_INT(outdir_stage_pid(at("rm/ours"), &pid), 0);
  const char *names[] = {"../victim/precious.txt", "..", "a.csv", "filelink"};
  CHECK_INT(outdir_remove(at("rm/ours"), names, 4, &e), 1);
  CHECK_INT(outdir_remove(at("rm/ours"), NULL, 0, &e), 0);
  CHECK(!exists(at("rm/ours")), "emptied and removed");
  /* a subdirectory is left, and so is its parent */
  mkdir(at("rm/nested"), 0777);
  mkdir(at("rm/nested/sub"), 0777);
  touch(at("rm/nested/x"), "");
  CHECK_INT(outdir_remove(at("rm/nested"), NULL, 0, &e), 1);
  CHECK(exists(at("rm/nested/sub")), "a directory is never removed");
  CHECK_INT(outdir_remove(at("rm/missing"), NULL, 0, &e), 0);
  CHECK(exists(at("victim/precious.txt")), "the target of every link is intact");
  /* a directory of another user (when root can make one) */
  if (geteuid() == 0) {
    mkdir(at("rm/theirs"), 0777);
    touch(at("rm/theirs/" OUTDIR_MARKER), "pid 1\n");
    touch(at("rm/theirs/x.csv"), "");
    CHECK_INT(chown(at("rm/theirs"), 65534, 65534), 0);
    CHECK_INT(outdir_stage_pid(at("rm/theirs"), &pid), -1);
    CHECK_INT(outdir_remove(at("rm/theirs"), NULL, 0, &e), -1);
    CHECK(exists(at("rm/theirs/x.csv")), "another user's directory is left as it is");
  }
}

/* test_move: never replaces what exists. */
static void test_move(void) {
  err e;
  mkdir(at("mv"), 0777);
  touch(at("mv/a"), "a");
  touch(at("mv/b"), "b");
  CHECK_INT(outdir_move(at("mv/a"), at("mv/b"), &e), 1);
  CHECK(exists(at("mv/a")), "a stays when b exists");
  CHECK_INT(outdir_move(at("mv/a"), at("mv/c"), &e), 0);
  CHECK(!exists(at("mv/a")) && exists(at("mv/c")), "moved");
  CHECK_INT(outdir_move(at("mv/none"), at("mv/d"), &e), -1);
}

int main(void) {
  umask(022);
  snprintf(root, sizeof root, "/tmp/sahel-outdir.XXXXXX");
  if (!mkdtemp(root)) return 1;
  RUN(test_mkstage);
  RUN(test_write_list_exchange);
  RUN(test_lock);
  RUN(test_modes);
  RUN(test_check);
  RUN(test_remove);
  RUN(test_move);
  char cmd[128];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", root);
  return check_done();
}
