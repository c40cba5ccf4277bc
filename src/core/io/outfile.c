/*
 * outfile.c: whole-or-nothing output files (see outfile.h).
 *
 * Every open temporary owns one slot of a fixed table. Slots are taken and given back under
 * a mutex; outfile_abort_all (called from a signal handler) reads them without the mutex,
 * through atomics, and only calls unlink(2). The slot holds the temporary's name in place,
 * so a handler never reads memory that another thread may be freeing.
 */
#include "io/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/cancel.h"
#include "base/mem.h"

#define OUTFILE_SLOTS 128
#define OUTFILE_NAME_MAX 4096

typedef struct {
  atomic_int live;              /* 1 while name is a temporary to remove */
  char name[OUTFILE_NAME_MAX];  /* the temporary's path */
} outfile_slot;

/* The registry of open temporaries: the one mutable global of this module, required so
 * that a signal handler can find them (taken and released under the mutex). */
static outfile_slot slots[OUTFILE_SLOTS];
static int slot_busy[OUTFILE_SLOTS];
static pthread_mutex_t slot_lock = PTHREAD_MUTEX_INITIALIZER;

struct outfile {
  FILE *fp;
  char *path; /* the target */
  int slot;   /* index into slots (its name is the temporary) */
};

/* slot_take: reserve a free slot and store name in it; its index, or -1 when all are in use. */
static int slot_take(const char *name) {
  int got = -1;
  pthread_mutex_lock(&slot_lock);
  for (int i = 0; i < OUTFILE_SLOTS && got < 0; i++) {
    if (!slot_busy[i]) {
      slot_busy[i] = 1;
      got = i;
    }
  }
  pthread_mutex_unlock(&slot_lock);
  if (got >= 0) snprintf(slots[got].name, sizeof slots[got].name, "%s", name);
  return got;
}

/* slot_release: stop listing slot i (its file is renamed or removed) and free it. */
static void slot_release(int i) {
  atomic_store(&slots[i].live, 0);
  pthread_mutex_lock(&slot_lock);
  slot_busy[i] = 0;
  pthread_mutex_unlock(&slot_lock);
}

static mode_t process_umask = 022; /* written once, under pthread_once */

/* read_umask: set process_umask from /proc (022 when /proc says nothing). */
static void read_umask(void) {
  FILE *f = fopen("/proc/self/status", "r");
  char line[256];
  unsigned mask = 022;
  while (f && fgets(line, sizeof line, f)) {
    if (sscanf(line, "Umask: %o", &mask) == 1) break;
  }
  if (f) fclose(f);
  process_umask = (mode_t)(mask & 0777);
}

mode_t outfile_umask(void) {
  static pthread_once_t once = PTHREAD_ONCE_INIT;
  pthread_once(&once, read_umask);
  return process_umask;
}

/* file_mode: the mode a file created with open(2) would get: 0666 less the umask. */
static mode_t file_mode(void) { return (mode_t)(0666 & ~outfile_umask()); }

/* make_temp: create "path.tmp-XXXXXX" into slot i; an open FILE*, or NULL with e set. */
static FILE *make_temp(const char *path, int i, err *e) {
  char *name = slots[i].name;
  if ((size_t)snprintf(name, OUTFILE_NAME_MAX, "%s.tmp-XXXXXX", path) >= OUTFILE_NAME_MAX) {
    err_set(e, "%s: path too long", path);
    return NULL;
  }
  int fd = mkstemp(name);
  if (fd < 0) {
    err_set(e, "%s: cannot create a temporary file: %s", path, strerror(errno));
    return NULL;
  }
  atomic_store(&slots[i].live, 1);
  fchmod(fd, file_mode());
  FILE *fp = fdopen(fd, "wb");
  if (!fp) {
    err_set(e, "%s: %s", path, strerror(errno));
    unlink(name);
    close(fd);
  }
  return fp;
}

outfile *outfile_open(const char *path, err *e) {
  outfile *f = mem_calloc(1, sizeof *f);
  if (f) f->path = mem_strndup(path, strlen(path));
  if (!f || !f->path) {
    mem_free(f);
    err_nomem_at(e, "%s", path);
    return NULL;
  }
  f->slot = slot_take("");
  if (f->slot < 0) err_set(e, "%s: too many output files open at once", path);
  if (f->slot >= 0) f->fp = make_temp(path, f->slot, e);
  if (!f->fp) {
    if (f->slot >= 0) slot_release(f->slot);
    mem_free(f->path);
    mem_free(f);
    return NULL;
  }
  return f;
}

FILE *outfile_stream(outfile *f) { return f->fp; }

const char *outfile_tmpname(const outfile *f) { return slots[f->slot].name; }

/* sync_dir: fsync the directory holding path, so that the rename itself is durable. */
static void sync_dir(const char *path) {
  char dir[OUTFILE_NAME_MAX];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  if (slash == dir) slash[1] = '\0';
  else if (slash) *slash = '\0';
  else snprintf(dir, sizeof dir, ".");
  int fd = open(dir, O_RDONLY | O_DIRECTORY);
  if (fd >= 0) {
    fsync(fd);
    close(fd);
  }
}

/* finish: flush, check and close the temporary; 0, or -1 with e set (the file is closed). */
static int finish(outfile *f, err *e) {
  int bad = fflush(f->fp) != 0 ? errno : 0;
  if (!bad && ferror(f->fp)) bad = EIO;
  if (!bad && fsync(fileno(f->fp)) != 0) bad = errno;
  if (fclose(f->fp) != 0 && !bad) bad = errno;
  f->fp = NULL;
  if (bad) return err_set(e, "%s: write failed: %s", f->path, strerror(bad));
  return 0;
}

/* release: forget f (its slot, its memory); the temporary is already renamed or removed. */
static void release(outfile *f) {
  slot_release(f->slot);
  mem_free(f->path);
  mem_free(f);
}

/* stopped: whether the run reached a limit (--timeout: a stop request; --max-memory: an
 * allocation refused under the limit): its outputs are incomplete and replace nothing. */
static int stopped(const char *path, err *e) {
  if (cancel_requested())
    return err_set(e, "%s: not written: the run was stopped (--timeout)", path);
  if (mem_limit() && mem_refused())
    return err_set(e, "%s: not written: the run ran out of memory (--max-memory)", path);
  return 0;
}

int outfile_commit(outfile *f, err *e) {
  const char *tmp = slots[f->slot].name;
  int rc = finish(f, e);
  if (rc == 0) rc = stopped(f->path, e);
  if (rc == 0 && rename(tmp, f->path) != 0) {
    rc = err_set(e, "%s: cannot rename the temporary into place: %s", f->path,
                 strerror(errno));
  }
  if (rc == 0) sync_dir(f->path);
  else unlink(tmp);
  release(f);
  return rc;
}

void outfile_abort(outfile *f) {
  if (!f) return;
  if (f->fp) fclose(f->fp);
  unlink(slots[f->slot].name);
  release(f);
}

void outfile_abort_all(void) {
  for (int i = 0; i < OUTFILE_SLOTS; i++) {
    if (atomic_load(&slots[i].live)) unlink(slots[i].name);
  }
}
