/* sandbox.c: the path policy of --sandbox (see sandbox.h). */
#include "io/sandbox.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"

/* The roots of one mode, canonical. */
typedef struct {
  char **paths;
  size_t n, cap;
} sandbox_roots_of;

struct sandbox {
  sandbox_roots_of roots[2]; /* SANDBOX_READ, SANDBOX_WRITE */
};

static const char *const mode_verb[2] = {"reading", "writing"};
static const char *const mode_what[2] = {"readable", "writable"};

sandbox *sandbox_new(void) { return mem_calloc(1, sizeof(sandbox)); }

void sandbox_free(sandbox *s) {
  if (!s) return;
  for (int m = 0; m < 2; m++) {
    for (size_t i = 0; i < s->roots[m].n; i++) mem_free(s->roots[m].paths[i]);
    mem_free(s->roots[m].paths);
  }
  mem_free(s);
}

/* The helpers below set e to the bare reason; the public functions add the path. */

/* absolute: path made absolute against the working directory, into out[PATH_MAX]. */
static int absolute(const char *path, char *out, err *e) {
  char cwd[PATH_MAX];
  if (path[0] == '/') {
    if (strlen(path) >= PATH_MAX) return err_set(e, "path too long");
    strcpy(out, path);
    return 0;
  }
  if (!getcwd(cwd, sizeof cwd)) return err_set(e, "no working directory: %s", strerror(errno));
  if ((size_t)snprintf(out, PATH_MAX, "%s/%s", cwd, path) >= PATH_MAX)
    return err_set(e, "path too long");
  return 0;
}

/* existing_prefix: the length of the longest prefix of full (cut at a '/') that realpath
 * resolves, its canonical form in real[PATH_MAX]; -1 with e set when resolving fails for
 * another reason than a missing entry. */
static long existing_prefix(const char *full, char *real, err *e) {
  char head[PATH_MAX];
  size_t cut = strlen(full);
  for (;;) {
    memcpy(head, full, cut);
    head[cut] = '\0';
    if (realpath(cut ? head : "/", real)) return (long)cut;
    if (errno != ENOENT && errno != ENOTDIR)
      return err_set(e, "cannot be resolved: %s", strerror(errno));
    while (cut > 0 && full[cut - 1] != '/') cut--;
    while (cut > 0 && full[cut - 1] == '/') cut--;
  }
}

/* append_rest: add the components of rest (the part of the path that does not exist) to
 * out, refusing ".." and entries that exist but did not resolve (dangling links). */
static int append_rest(char *out, size_t n, const char *rest, err *e) {
  size_t len = strlen(out);
  struct stat st;
  while (*rest) {
    while (*rest == '/') rest++;
    size_t k = strcspn(rest, "/");
    if (k == 0 || (k == 1 && rest[0] == '.')) {
      rest += k;
      continue;
    }
    if (k == 2 && rest[0] == '.' && rest[1] == '.')
      return err_set(e, "'..' after a directory that does not exist");
    if (len + 1 + k >= n) return err_set(e, "path too long");
    if (!(len == 1 && out[0] == '/')) out[len++] = '/';
    memcpy(out + len, rest, k);
    out[len += k] = '\0';
    if (lstat(out, &st) == 0) return err_set(e, "cannot be resolved (a dangling symbolic link?)");
    rest += k;
  }
  return 0;
}

/* resolve: sandbox_resolve with the bare reason in e. */
static int resolve(const char *path, char *out, size_t n, err *e) {
  char full[PATH_MAX], real[PATH_MAX];
  if (!path[0]) return err_set(e, "empty path");
  if (absolute(path, full, e) < 0) return -1;
  long cut = existing_prefix(full, real, e);
  if (cut < 0) return -1;
  if (strlen(real) >= n) return err_set(e, "path too long");
  strcpy(out, real);
  return append_rest(out, n, full + cut, e);
}

int sandbox_resolve(const char *path, char *out, size_t n, err *e) {
  err why;
  if (resolve(path, out, n, &why) == 0) return 0;
  return err_set(e, "sandbox: '%s': %s", path, why.msg);
}

int sandbox_allow(sandbox *s, const char *root, sandbox_mode mode, err *e) {
  char canon[PATH_MAX];
  if (sandbox_resolve(root, canon, sizeof canon, e) < 0) return -1;
  sandbox_roots_of *r = &s->roots[mode];
  char *copy = mem_strndup(canon, strlen(canon));
  if (!copy || mem_grow(&r->paths, &r->cap, r->n + 1, sizeof *r->paths) < 0) {
    mem_free(copy);
    return err_nomem_at(e, "sandbox");
  }
  r->paths[r->n++] = copy;
  return 0;
}

/* under: whether the canonical path lies under the canonical root. */
static int under(const char *path, const char *root) {
  size_t k = strlen(root);
  if (k == 1 && root[0] == '/') return 1;
  return strncmp(path, root, k) == 0 && (path[k] == '\0' || path[k] == '/');
}

/* staged: whether the canonical path lies in a staging directory of the writable root:
 * PARENT/.NAME.new-* or PARENT/.NAME.old-* for root PARENT/NAME (lualib's outputs module
 * writes a run there, then swaps it with the root). */
static int staged(const char *path, const char *root) {
  const char *slash = strrchr(root, '/');
  if (!slash || !slash[1]) return 0;
  size_t k = (size_t)(slash - root) + 1; /* PARENT/ */
  size_t n = strlen(slash + 1);          /* NAME */
  if (strncmp(path, root, k) != 0 || path[k] != '.' || strncmp(path + k + 1, slash + 1, n) != 0)
    return 0;
  const char *tail = path + k + 1 + n;
  return strncmp(tail, ".new-", 5) == 0 || strncmp(tail, ".old-", 5) == 0;
}

/* allowed_by: whether one of the roots of mode holds path. */
static int allowed_by(const sandbox *s, sandbox_mode mode, const char *canon) {
  for (size_t i = 0; i < s->roots[mode].n; i++) {
    const char *root = s->roots[mode].paths[i];
    if (under(canon, root) || (mode == SANDBOX_WRITE && staged(canon, root))) return 1;
  }
  return 0;
}

int sandbox_check(const sandbox *s, const char *path, sandbox_mode mode, err *e) {
  char canon[PATH_MAX];
  err why;
  if (resolve(path, canon, sizeof canon, &why) < 0)
    return err_set(e, "sandbox: %s '%s' is not allowed (%s)", mode_verb[mode], path, why.msg);
  if (allowed_by(s, SANDBOX_WRITE, canon) || (mode == SANDBOX_READ && allowed_by(s, mode, canon)))
    return 0;
  return err_set(e, "sandbox: %s '%s' is not allowed (outside the %s paths)", mode_verb[mode],
                 path, mode_what[mode]);
}

size_t sandbox_roots(const sandbox *s, sandbox_mode mode, size_t i, const char **root) {
  if (i < s->roots[mode].n) *root = s->roots[mode].paths[i];
  return s->roots[mode].n;
}
