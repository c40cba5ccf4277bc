/* outdir.c: staging directories, directory exchange, listings and whole-file writes. */
#define _GNU_SOURCE
#include "outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"
#include "outfile.h"

/* make_parents: mkdir -p of dir (a writable copy, restored on return). 0, or -1 with e set. */
static int make_parents(char *dir, err *e) {
  for (char *p = dir + 1;; p++) {
    if (*p != '/' && *p != '\0') continue;
    char c = *p;
    *p = '\0';
    int failed = mkdir(dir, 0777) != 0 && errno != EEXIST;
    int saved = errno;
    *p = c;
    if (failed) return err_set(e, "%s: cannot create directory: %s", dir, strerror(saved));
    if (c == '\0') return 0;
  }
}

int outdir_mkstage(const char *out, char *buf, size_t n, err *e) {
  size_t len = strlen(out);
  while (len > 1 && out[len - 1] == '/') len--;
  const char *slash = memrchr(out, '/', len);
  const char *name = slash ? slash + 1 : out;
  int plen = slash ? (int)(slash - out) : 0;                 /* the parent is out[0..plen) */
  int nlen = (int)(len - (size_t)(name - out));
  int k = slash ? snprintf(buf, n, "%.*s/.%.*s.new-XXXXXX", plen, out, nlen, name)
                : snprintf(buf, n, "./.%.*s.new-XXXXXX", nlen, name);
  if (k < 0 || (size_t)k >= n) return err_set(e, "%s: path too long", out);
  if (plen > 0) {
    buf[plen] = '\0';
    if (make_parents(buf, e) != 0) return -1;
    buf[plen] = '/';
  }
  if (!mkdtemp(buf)) {
    return err_set(e, "%s: cannot create a staging directory: %s", out, strerror(errno));
  }
  return 0;
}

int outdir_exchange(const char *a, const char *b, err *e) {
  if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE) == 0) return 0;
  if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) return 1;
  return err_set(e, "%s: cannot exchange with %s: %s", b, a, strerror(errno));
}

/* by_name: qsort order of C strings, byte by byte. */
static int by_name(const void *x, const void *y) {
  return strcmp(*(char *const *)x, *(char *const *)y);
}

/* read_names: the entry names of the open directory d into a new array (*out, *count). */
static int read_names(DIR *d, const char *dir, char ***out, size_t *count, err *e) {
  char **names = NULL;
  size_t n = 0, cap = 0;
  for (struct dirent *de; (de = readdir(d));) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    char *copy = mem_strndup(de->d_name, strlen(de->d_name));
    if (!copy || mem_grow(&names, &cap, n + 1, sizeof *names) != 0) {
      mem_free(copy);
      for (size_t i = 0; i < n; i++) mem_free(names[i]);
      mem_free(names);
      return err_set(e, "%s: out of memory listing the directory", dir);
    }
    names[n++] = copy;
  }
  *out = names;
  *count = n;
  return 0;
}

int outdir_list(const char *dir, void (*fn)(void *ud, const char *name), void *ud, err *e) {
  DIR *d = opendir(dir);
  if (!d) return err_set(e, "%s: cannot list: %s", dir, strerror(errno));
  char **names = NULL;
  size_t n = 0;
  int rc = read_names(d, dir, &names, &n, e);
  closedir(d);
  if (rc != 0) return -1;
  if (n) qsort(names, n, sizeof *names, by_name);
  for (size_t i = 0; i < n; i++) {
    fn(ud, names[i]);
    mem_free(names[i]);
  }
  mem_free(names);
  return 0;
}

int outdir_write(const char *path, const void *data, size_t n, err *e) {
  outfile *f = outfile_open(path, e);
  if (!f) return -1;
  if (n > 0 && fwrite(data, 1, n, outfile_stream(f)) != n) {
    int saved = errno;
    outfile_abort(f);
    return err_set(e, "%s: write failed: %s", path, strerror(saved));
  }
  return outfile_commit(f, e);
}
