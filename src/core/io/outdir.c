/* outdir.c: output locks, staging directories, directory exchange, removals that never
 * follow links, listings and whole-file writes (see outdir.h). */
#define _GNU_SOURCE
#include "io/outdir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/mem.h"
#include "io/outfile.h"

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

/* sibling: the path PARENT/.NAME<suffix> beside out (PARENT/NAME, trailing slashes left
 * out) into buf (n bytes), its PARENT created as needed. 0, or -1 with e set. */
static int sibling(const char *out, const char *suffix, char *buf, size_t n, err *e) {
  size_t len = strlen(out);
  while (len > 1 && out[len - 1] == '/') len--;
  const char *slash = memrchr(out, '/', len);
  const char *name = slash ? slash + 1 : out;
  int plen = slash ? (int)(slash - out) : 0;                 /* the parent is out[0..plen) */
  int nlen = (int)(len - (size_t)(name - out));
  int k = slash ? snprintf(buf, n, "%.*s/.%.*s%s", plen, out, nlen, name, suffix)
                : snprintf(buf, n, "./.%.*s%s", nlen, name, suffix);
  if (k < 0 || (size_t)k >= n) return err_set(e, "%s: path too long", out);
  if (plen == 0) return 0;
  buf[plen] = '\0';
  int rc = make_parents(buf, e);
  buf[plen] = '/';
  return rc;
}

/* trimmed: out without trailing slashes into buf (a link at its last component is then
 * not followed by lstat). 0, or -1 with e set. */
static int trimmed(const char *out, char *buf, size_t n, err *e) {
  size_t len = strlen(out);
  while (len > 1 && out[len - 1] == '/') len--;
  if (len >= n) return err_set(e, "%s: path too long", out);
  memcpy(buf, out, len);
  buf[len] = '\0';
  return 0;
}

int outdir_check(const char *out, err *e) {
  char path[4096];
  struct stat st;
  if (trimmed(out, path, sizeof path, e)) return -1;
  if (lstat(path, &st) != 0) {
    if (errno == ENOENT) return 0;
    if (errno == ENOTDIR) return err_set(e, "%s: not a directory (a file is in the way)", path);
    return err_set(e, "%s: %s", path, strerror(errno));
  }
  if (S_ISLNK(st.st_mode)) {
    return err_set(e, "%s: a symbolic link: name the directory it points to", path);
  }
  if (!S_ISDIR(st.st_mode)) return err_set(e, "%s: not a directory", path);
  return 1;
}

/* is_ours: whether the open descriptor fd is a file of kind `kind` (S_IFDIR, S_IFREG)
 * owned by the user running us. */
static int is_ours(int fd, mode_t kind) {
  struct stat st;
  return fstat(fd, &st) == 0 && (st.st_mode & S_IFMT) == kind && st.st_uid == geteuid();
}

/* read_pid: the number after "pid " in the first bytes of the open file fd (0 when none). */
static long read_pid(int fd) {
  char s[256];
  ssize_t k = pread(fd, s, sizeof s - 1, 0);
  if (k <= 0) return 0;
  s[k] = '\0';
  const char *p = strstr(s, "pid ");
  return p ? strtol(p + 4, NULL, 10) : 0;
}

int outdir_lock(const char *out, err *e) {
  char path[4096];
  if (sibling(out, ".lock", path, sizeof path, e)) return -1;
  int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0666);
  if (fd < 0 && errno == ELOOP) {
    return err_set(e, "%s: the lock file is a symbolic link (remove it: no run made it)", path);
  }
  if (fd < 0) return err_set(e, "%s: cannot open the lock file: %s", path, strerror(errno));
  if (!is_ours(fd, S_IFREG)) {
    close(fd);
    return err_set(e, "%s: the lock file is not a file of this user (remove it when no run "
                   "is writing %s)", path, out);
  }
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    int why = errno;
    long pid = read_pid(fd);
    close(fd);
    if (why == EWOULDBLOCK) return err_set(e, "another run is writing %s (pid %ld)", out, pid);
    return err_set(e, "%s: cannot lock: %s", path, strerror(why));
  }
  char s[64];
  int k = snprintf(s, sizeof s, "sahelscript output lock\npid %ld\n", (long)getpid());
  if (ftruncate(fd, 0) != 0 || pwrite(fd, s, (size_t)k, 0) != k) {
    /* the lock holds all the same; another run would only print pid 0 */
  }
  return fd;
}

/* stage_mode: give the staging directory stage the mode of out (0777 less the umask when
 * out does not exist; its owner may always write in it). 0, or -1 with e set. */
static int stage_mode(const char *out, const char *stage, err *e) {
  struct stat st;
  mode_t mode = stat(out, &st) == 0 && S_ISDIR(st.st_mode) ? st.st_mode & 07777
                                                            : 0777 & ~outfile_umask();
  if (chmod(stage, mode | S_IRWXU) != 0) {
    return err_set(e, "%s: cannot set the mode: %s", stage, strerror(errno));
  }
  return 0;
}

/* write_marker: the marker of the new staging directory stage: this pid and a random
 * token. 0, or -1 with e set. */
static int write_marker(const char *stage, err *e) {
  unsigned char r[8];
  if (getrandom(r, sizeof r, 0) != (ssize_t)sizeof r) {
    return err_set(e, "%s: no random bytes: %s", stage, strerror(errno));
  }
  char body[128];
  int k = snprintf(body, sizeof body,
                   "sahelscript staging directory\npid %ld\ntoken %02x%02x%02x%02x%02x%02x%02x%02x\n",
                   (long)getpid(), r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7]);
  char path[4200];
  snprintf(path, sizeof path, "%s/%s", stage, OUTDIR_MARKER);
  int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
  int ok = fd >= 0 && write(fd, body, (size_t)k) == k;
  int why = errno;
  if (fd >= 0 && close(fd) != 0) ok = 0;
  if (!ok) return err_set(e, "%s: cannot write: %s", path, strerror(why));
  return 0;
}

int outdir_mkstage(const char *out, char *buf, size_t n, err *e) {
  if (sibling(out, ".new-XXXXXX", buf, n, e)) return -1;
  if (!mkdtemp(buf)) {
    return err_set(e, "%s: cannot create a staging directory: %s", out, strerror(errno));
  }
  if (stage_mode(out, buf, e) == 0 && write_marker(buf, e) == 0) return 0;
  err ignored;
  outdir_remove(buf, NULL, 0, &ignored);
  return -1;
}

/* open_ours: dir opened as a directory of ours, a link at its last component never
 * followed; the descriptor, or -1 (errno set; EPERM when it is not ours). */
static int open_ours(const char *dir) {
  int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd >= 0 && !is_ours(fd, S_IFDIR)) {
    close(fd);
    errno = EPERM;
    return -1;
  }
  return fd;
}

int outdir_stage_pid(const char *dir, long *pid) {
  *pid = 0;
  int fd = open_ours(dir);
  if (fd < 0) return -1;
  int m = openat(fd, OUTDIR_MARKER, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  close(fd);
  if (m < 0) return 0;
  if (is_ours(m, S_IFREG)) *pid = read_pid(m);
  close(m);
  return 1;
}

int outdir_pid_alive(long pid) {
  return pid > 0 && (kill((pid_t)pid, 0) == 0 || errno == EPERM);
}

/* each_entry: call fn(fd, name, ud) for each entry of the open directory fd except "." and
 * ".."; the number of entries seen, or -1 (errno set). */
static long each_entry(int fd, void (*fn)(int fd, const char *name, void *ud), void *ud) {
  int copy = dup(fd);
  DIR *d = copy >= 0 ? fdopendir(copy) : NULL;
  if (!d) {
    if (copy >= 0) close(copy);
    return -1;
  }
  rewinddir(d);
  long count = 0;
  for (struct dirent *de; (de = readdir(d));) {
    if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) continue;
    count++;
    if (fn) fn(fd, de->d_name, ud);
  }
  closedir(d);
  return count;
}

/* unlink_file: each_entry callback removing the entry `name` of fd unless it is a
 * directory (a link is removed itself, never followed). */
static void unlink_file(int fd, const char *name, void *ud) {
  (void)ud;
  struct stat st;
  if (fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && !S_ISDIR(st.st_mode)) {
    unlinkat(fd, name, 0);
  }
}

long outdir_remove(const char *dir, const char *const *names, size_t n, err *e) {
  int fd = open_ours(dir);
  if (fd < 0 && errno == ENOENT) return 0;
  if (fd < 0 && (errno == EPERM || errno == ELOOP || errno == ENOTDIR)) {
    return err_set(e, "%s: not a directory of this user: left as it is", dir);
  }
  if (fd < 0) return err_set(e, "%s: %s", dir, strerror(errno));
  for (size_t i = 0; names && i < n; i++) {
    if (!strchr(names[i], '/') && strcmp(names[i], ".") && strcmp(names[i], "..")) {
      unlinkat(fd, names[i], 0);            /* a directory fails (EISDIR) and stays */
    }
  }
  if (!names) each_entry(fd, unlink_file, NULL);
  long left = each_entry(fd, NULL, NULL);
  close(fd);
  if (left < 0) return err_set(e, "%s: cannot list: %s", dir, strerror(errno));
  if (left == 0 && rmdir(dir) != 0 && errno != ENOENT) {
    return errno == ENOTEMPTY ? 1 : err_set(e, "%s: cannot remove: %s", dir, strerror(errno));
  }
  return left;
}

int outdir_move(const char *a, const char *b, err *e) {
  if (renameat2(AT_FDCWD, a, AT_FDCWD, b, RENAME_NOREPLACE) == 0) return 0;
  if (errno == EEXIST) return 1;
  if (errno == EINVAL || errno == ENOSYS || errno == ENOTSUP) {
    struct stat st;
    if (lstat(b, &st) == 0) return 1;
    if (rename(a, b) == 0) return 0;
  }
  return err_set(e, "%s: cannot move to %s: %s", a, b, strerror(errno));
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
      return err_nomem_at(e, "%s", dir);
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
