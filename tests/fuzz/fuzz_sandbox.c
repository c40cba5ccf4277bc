/*
 * fuzz_sandbox.c: the sandbox's path check (sandbox.h) on any path, against a reference
 * that asks the file system what the path actually names. A fixed tree under a temporary
 * directory holds the roots and the traps: a symbolic link out of the root, one up to its
 * parent, a dangling one, a loop, a directory named with glob characters ("root[1]") next
 * to the root, a file outside. Input: byte 0 picks the mode (bit 0: write) and where the
 * path starts (bits 1-2: inside the readable root, at the tree's top, as given, or a glob
 * pattern at the tree's top whose every match is checked, as sahel.corpus.open does); the
 * rest is the path (cut at the first NUL, as a C string is). Invariant: every path the
 * check allows names a file under an allowed root once resolved (realpath), or a file
 * not there yet whose directory resolves under one; a dangling link is never allowed.
 */
#define _GNU_SOURCE /* mkdtemp, symlink */
#include <errno.h>
#include <ftw.h>
#include <glob.h>
#include <limits.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"
#include "io/sandbox.h"

/* The tree, made once per process. */
static char fsbx_top[256];          /* the temporary directory (canonical) */
static char fsbx_read[PATH_MAX];     /* TOP/root: readable */
static char fsbx_write[PATH_MAX];    /* TOP/root/out: writable */
static sandbox *fsbx_policy;

/* fsbx_path: TOP/rel into out[PATH_MAX]. */
static char *fsbx_path(char *out, const char *rel) {
  snprintf(out, PATH_MAX, "%s/%s", fsbx_top, rel);
  return out;
}

/* fsbx_unlink: nftw's callback removing one entry (links not followed). */
static int fsbx_unlink(const char *path, const struct stat *sb, int type, struct FTW *ftw) {
  (void)sb, (void)type, (void)ftw;
  return remove(path) != 0 && errno != ENOENT;
}

/* fsbx_remove: remove the tree (at exit). */
static void fsbx_remove(void) { nftw(fsbx_top, fsbx_unlink, 16, FTW_DEPTH | FTW_PHYS); }

/* fsbx_make: the tree and the policy (read: TOP/root; write: TOP/root/out). */
static void fsbx_make(void) {
  static const char *const dirs[] = {"root", "root/sub", "root/out", "root[1]", "outside"};
  static const char *const files[] = {"root/a.txt", "root/sub/b.txt", "root/out/c.csv",
                                      "root[1]/x.txt", "outside/secret.txt", "roots.txt"};
  static const char *const links[][2] = {
    {"../outside", "root/to_outside"}, {"..", "root/up"}, {"../nowhere", "root/dangling"},
    {"loop", "root/loop"}, {"../../outside/secret.txt", "root/out/to_secret"},
    {"../root[1]", "root/out/bracket"},
  };
  char tmpl[] = "/tmp/fuzz-sandbox-XXXXXX", p[PATH_MAX];
  FUZZ_CHECK(mkdtemp(tmpl) != NULL && realpath(tmpl, p) != NULL && strlen(p) < sizeof fsbx_top);
  strcpy(fsbx_top, p);
  for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
    FUZZ_CHECK(mkdir(fsbx_path(p, dirs[i]), 0700) == 0);
  for (size_t i = 0; i < sizeof files / sizeof files[0]; i++) {
    FILE *f = fopen(fsbx_path(p, files[i]), "w");
    FUZZ_CHECK(f != NULL && fclose(f) == 0);
  }
  for (size_t i = 0; i < sizeof links / sizeof links[0]; i++)
    FUZZ_CHECK(symlink(links[i][0], fsbx_path(p, links[i][1])) == 0);
  fsbx_policy = sandbox_new();
  err e;
  FUZZ_CHECK(fsbx_policy != NULL);
  FUZZ_CHECK(sandbox_allow(fsbx_policy, fsbx_path(fsbx_read, "root"), SANDBOX_READ, &e) == 0);
  FUZZ_CHECK(sandbox_allow(fsbx_policy, fsbx_path(fsbx_write, "root/out"), SANDBOX_WRITE, &e) == 0);
  atexit(fsbx_remove);
}

/* fsbx_under: whether the canonical path c lies under the canonical directory root. */
static int fsbx_under(const char *c, const char *root) {
  size_t k = strlen(root);
  return strncmp(c, root, k) == 0 && (c[k] == '\0' || c[k] == '/');
}

/* fsbx_staged: whether c is a staging directory of TOP/root/out (or in one). */
static int fsbx_staged(const char *c) {
  char pre[PATH_MAX];
  snprintf(pre, sizeof pre, "%s/root/.out.", fsbx_top);
  size_t k = strlen(pre);
  return strncmp(c, pre, k) == 0 && (strncmp(c + k, "new-", 4) == 0 || strncmp(c + k, "old-", 4) == 0);
}

/* fsbx_allowed: the reference: whether the canonical c may be opened for mode. */
static int fsbx_allowed(const char *c, sandbox_mode mode) {
  if (fsbx_under(c, fsbx_write) || fsbx_staged(c)) return 1;
  return mode == SANDBOX_READ && fsbx_under(c, fsbx_read);
}

/* fsbx_reference_ok: whether opening path for mode could only reach an allowed file:
 * it resolves to one; or it does not exist, is no link, and its directory resolves to an
 * allowed place (a file created there lands there); or nothing can be created there. */
static int fsbx_reference_ok(const char *path, sandbox_mode mode) {
  char real[PATH_MAX], dir[PATH_MAX];
  struct stat sb;
  if (realpath(path, real)) return fsbx_allowed(real, mode);
  if (lstat(path, &sb) == 0) return 0; /* a dangling link, a loop: never allowed */
  snprintf(dir, sizeof dir, "%s", path);
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') dir[--n] = '\0';
  char *slash = strrchr(dir, '/');
  if (!slash) snprintf(dir, sizeof dir, ".");
  else if (slash == dir) dir[1] = '\0';
  else *slash = '\0';
  if (!realpath(dir, real)) return 1; /* no directory: nothing is opened */
  const char *name = path + (slash ? (size_t)(slash - dir) + 1 : 0);
  if (strcmp(name, "..") == 0 || strcmp(name, ".") == 0) return fsbx_allowed(real, mode);
  size_t k = strlen(real);
  snprintf(real + k, sizeof real - k, "%s%s", k > 1 ? "/" : "", name);
  return fsbx_allowed(real, mode);
}

/* fsbx_check_one: the invariant for one path. */
static void fsbx_check_one(const char *path, sandbox_mode mode) {
  err e;
  e.msg[0] = '\0';
  int rc = sandbox_check(fsbx_policy, path, mode, &e);
  FUZZ_CHECK(rc == 0 || rc == -1);
  if (rc == 0) {
    if (!fsbx_reference_ok(path, mode)) fprintf(stderr, "allowed: '%s'\n", path);
    FUZZ_CHECK(fsbx_reference_ok(path, mode));
  } else {
    FUZZ_CHECK(fuzz_msg_ok(e.msg) && strncmp(e.msg, "sandbox: ", 9) == 0);
  }
}

/* fsbx_small_glob: whether pattern expands cheaply: one '*' at most and three components
 * holding wildcards at most (a pattern climbing to / by ".?" then listing every directory
 * with "*" would walk the whole disk). */
static int fsbx_small_glob(const char *pattern) {
  int stars = 0, wild = 0, in_wild = 0;
  for (const char *p = pattern;; p++) {
    if (*p == '/' || !*p) {
      wild += in_wild;
      in_wild = 0;
      if (!*p) break;
    } else if (strchr("*?[", *p)) {
      in_wild = 1;
      stars += *p == '*';
    }
  }
  return stars <= 1 && wild <= 3;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (!fsbx_policy) fsbx_make();
  if (size < 1 || size > 512) return 0;
  char rel[600], path[PATH_MAX + 600];
  size_t n = strnlen((const char *)data + 1, size - 1);
  memcpy(rel, data + 1, n);
  rel[n] = '\0';
  sandbox_mode mode = data[0] & 1 ? SANDBOX_WRITE : SANDBOX_READ;
  int start = (data[0] >> 1) & 3;
  if (start == 0) snprintf(path, sizeof path, "%s/%s", fsbx_read, rel);
  else if (start == 2) snprintf(path, sizeof path, "%s", rel);
  else snprintf(path, sizeof path, "%s/%s", fsbx_top, rel);
  if (!path[0]) return 0;
  fsbx_check_one(path, mode);
  glob_t g;
  if (start == 3 && strpbrk(rel, "*?[") && fsbx_small_glob(rel) &&
      glob(path, GLOB_NOSORT, NULL, &g) == 0) {
    for (size_t i = 0; i < g.gl_pathc && i < 64; i++) fsbx_check_one(g.gl_pathv[i], mode);
    globfree(&g);
  }
  return 0;
}
