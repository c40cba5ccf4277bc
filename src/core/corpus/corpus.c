/* corpus.c: files of a path, in order, through their readers, filtered (see corpus.h). */
#include "corpus/corpus.h"

#include <dirent.h>
#include <errno.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/cancel.h"
#include "corpus/corpus_src.h"
#include "article/date.h"
#include "base/mem.h"
#include "article/plaintext.h"

#define WALK_DEPTH 64 /* directories nested deeper are not read (symlink loops) */
#define REC_KEEP ((size_t)1 << 22) /* a record's buffer over 4 MiB is released after use */

/* One file of the corpus. */
typedef struct {
  char *path, *stem; /* stem: the id of its articles (relative path without extension) */
  corpus_format fmt;
  int unreadable;    /* found in a directory but cannot be read as a file: its errno, or
                        NOT_REGULAR; 0 for a file to open */
  uint64_t size;     /* bytes, when it is a regular file */
  int64_t mtime;     /* its modification time, when it is a regular file */
  uint64_t start;    /* where it starts when the files are laid end to end (shards) */
} corpus_file;

/* corpus_file.unreadable of a FIFO, socket or device met in a directory (opening a FIFO
 * would wait for a writer). */
#define NOT_REGULAR (-1)

/* Parsing state of one thread (corpus.h): where its counts and warnings go, the options
 * it parses with, its raw-text patterns and scratch. The corpus's own part (corpus_next)
 * counts into the corpus and uses its options; a pipeline worker's part has its own. */
struct corpus_part {
  corpus_counts *st, own_st;
  article_counts *counts, own_counts;
  const article_opts *art;
  article_opts art_copy;
  warn_sink counting, out; /* counting: counts a warning in *st, then passes it to out */
  pt_rules *rules;         /* compiled on the first text file when art has none */
  buf scratch;
};

/* One filter, copied. */
typedef struct {
  char from[11], to[11]; /* "" when open */
  char **sources;        /* NULL-terminated, or NULL */
} corpus_flt;

struct corpus {
  char *path;
  corpus_file *files;
  size_t nfiles, files_cap, next, skipped_files;
  corpus_src *src;
  /* options, copied */
  char *encoding;
  char **names[AF_COUNT];
  char **boilerplate, **credit; /* NULL: defaults */
  size_t nboilerplate, ncredit;
  corpus_format format;
  char delimiter;
  const sandbox *policy;
  article_opts art;
  pt_rules *rules;
  corpus_env env;
  corpus_flt *filters;
  size_t nfilters, filters_cap;
  corpus_shard shard;         /* n 0: the whole corpus */
  uint64_t shard_lo, shard_hi; /* its bytes, the files laid end to end */
  /* warnings: counted, then sent to *cur (the caller's sink, or one given per call) */
  warn_sink user, counting;
  const warn_sink *cur;
  article_counts counts;
  corpus_counts st;
  int summarized;
  corpus_record *rec; /* the record corpus_next reads into */
  corpus_part own;    /* and parses with */
};

static void record_clear(corpus_record *r);

/* ---- string lists --------------------------------------------------------------------- */

/* strv_free: free a NULL-terminated list of strings. */
static void strv_free(char **v) {
  for (size_t i = 0; v && v[i]; i++) mem_free(v[i]);
  mem_free(v);
}

/* strv_dup: a NULL-terminated copy of the first n strings of v (n = (size_t)-1: up to its
 * NULL). *ok is cleared when out of memory. */
static char **strv_dup(const char *const *v, size_t n, int *ok) {
  if (!v) return NULL;
  if (n == (size_t)-1) for (n = 0; v[n];) n++;
  char **copy = mem_calloc(n + 1, sizeof *copy);
  for (size_t i = 0; copy && i < n; i++) {
    if (!(copy[i] = mem_strndup(v[i], strlen(v[i])))) {
      strv_free(copy);
      copy = NULL;
    }
  }
  if (!copy) *ok = 0;
  return copy;
}

/* ---- options -------------------------------------------------------------------------- */

/* corpus_warn: the counting sink: count, then pass on to the current sink. */
static void corpus_warn(void *ud, const char *msg) {
  corpus *c = ud;
  c->st.warnings++;
  if (c->cur && c->cur->fn) c->cur->fn(c->cur->ud, msg);
}

/* compile_rules: the raw-text patterns of c's options; NULL with e set. */
static pt_rules *compile_rules(const corpus *c, err *e) {
  return pt_rules_new((const char *const *)c->boilerplate, c->nboilerplate,
                      (const char *const *)c->credit, c->ncredit, e);
}

/* copy_opts: keep copies of what o points to; 0, or -1 with e set. */
static int copy_opts(corpus *c, const corpus_opts *o, err *e) {
  int ok = 1;
  c->art = o->art;
  if (o->art.encoding) c->encoding = mem_strndup(o->art.encoding, strlen(o->art.encoding));
  if (o->art.encoding && !c->encoding) ok = 0;
  for (int f = 0; f < AF_COUNT; f++) {
    c->names[f] = strv_dup(o->art.fields.names[f], (size_t)-1, &ok);
    c->art.fields.names[f] = (const char *const *)c->names[f];
  }
  c->boilerplate = strv_dup(o->boilerplate, o->nboilerplate, &ok);
  c->credit = strv_dup(o->credit, o->ncredit, &ok);
  c->nboilerplate = o->nboilerplate;
  c->ncredit = o->ncredit;
  c->format = o->format;
  c->delimiter = o->delimiter;
  c->policy = o->policy;
  c->user = o->warn;
  if (!ok) return err_nomem(e);
  if (o->shard.n && o->shard.k >= o->shard.n) {
    return err_set(e, "shard %u of %u: the shard must be below the number of shards",
                   o->shard.k, o->shard.n);
  }
  c->shard = o->shard.n > 1 ? o->shard : (corpus_shard){0, 0};
  if (!c->boilerplate && !c->credit) return 0; /* the defaults: on the first text file */
  c->rules = compile_rules(c, e);
  return c->rules ? 0 : -1;
}

/* wire: point the options at the corpus's own state (after copy_opts). */
static void wire(corpus *c) {
  c->art.encoding = c->encoding;
  c->art.rules = c->rules;
  c->counting = (warn_sink){corpus_warn, c};
  c->cur = &c->user;
  c->art.warn = &c->counting;
  c->art.counts = &c->counts;
  c->env = (corpus_env){&c->art, c->delimiter};
  c->own.st = &c->st;
  c->own.counts = &c->counts;
  c->own.art_copy = c->art;
  c->own.art = &c->own.art_copy;
  buf_init(&c->own.scratch);
}

int corpus_check_date(const char *s, char out[11], err *e) {
  size_t n = strlen(s);
  if (date_bound(s, 0, out, e) < 0) return -1;
  if ((n == 4 || n == 7) && strncmp(out, s, n) == 0) memcpy(out, s, n + 1); /* as written */
  return 0;
}

/* add_filter: keep a copy of f (checked); 0, or -1 with e set. */
static int add_filter(corpus *c, const corpus_filter *f, err *e) {
  if (!f->from && !f->to && !f->sources) return 0;
  if (mem_grow(&c->filters, &c->filters_cap, c->nfilters + 1, sizeof *c->filters)) {
    return err_nomem(e);
  }
  corpus_flt *k = &c->filters[c->nfilters];
  memset(k, 0, sizeof *k);
  if ((f->from && date_bound(f->from, 0, k->from, e)) ||
      (f->to && date_bound(f->to, 1, k->to, e))) {
    return -1;
  }
  int ok = 1;
  k->sources = strv_dup(f->sources, (size_t)-1, &ok);
  if (!ok) return err_nomem(e);
  c->nfilters++;
  return 0;
}

/* passes: whether a passes every filter. */
static int passes(const corpus *c, const article *a) {
  for (size_t i = 0; i < c->nfilters; i++) {
    const corpus_flt *f = &c->filters[i];
    if ((f->from[0] || f->to[0]) && !a->date) return 0;
    if (f->from[0] && strcmp(a->date, f->from) < 0) return 0;
    if (f->to[0] && strcmp(a->date, f->to) > 0) return 0;
    if (f->sources) {
      size_t k = 0;
      while (f->sources[k] && !(a->source && strcmp(a->source, f->sources[k]) == 0)) k++;
      if (!f->sources[k]) return 0;
    }
  }
  return 1;
}

/* ---- files ---------------------------------------------------------------------------- */

/* add_file: list path (format fmt; unreadable as corpus_file says; sb its stat, or NULL)
 * with the id stem taken from path past `skip` bytes, its extension removed; 0 or -1. */
static int add_file(corpus *c, const char *path, size_t skip, corpus_format fmt,
                    int unreadable, const struct stat *sb) {
  if (mem_grow(&c->files, &c->files_cap, c->nfiles + 1, sizeof *c->files)) return -1;
  const char *rel = path + skip, *dot = strrchr(rel, '.'), *slash = strrchr(rel, '/');
  size_t n = dot && dot > rel && (!slash || dot > slash) ? (size_t)(dot - rel) : strlen(rel);
  corpus_file *f = &c->files[c->nfiles];
  f->path = mem_strndup(path, strlen(path));
  f->stem = mem_strndup(rel, n);
  f->fmt = fmt;
  f->unreadable = unreadable;
  int regular = sb && S_ISREG(sb->st_mode);
  f->size = regular ? (uint64_t)sb->st_size : 0;
  f->mtime = regular ? (int64_t)sb->st_mtime : 0;
  f->start = 0;
  if (!f->path || !f->stem) {
    mem_free(f->path);
    mem_free(f->stem);
    return -1;
  }
  c->nfiles++;
  return 0;
}

/* base_skip: the bytes of path before its last component. */
static size_t base_skip(const char *path) {
  const char *slash = strrchr(path, '/');
  return slash ? (size_t)(slash - path + 1) : 0;
}

/* walk: add the files under dir (recursively, hidden names left out, names of no known
 * format skipped); ids are relative to the first `root` bytes. An entry of a known format
 * that cannot be read as a file (a dangling link, a FIFO...), and a subdirectory that
 * cannot be listed (listed as "dir/"), are listed as unreadable, so that each pass reports
 * it where it comes (docs/formats.md: a warning, an error in strict mode). 0, or -1 with e
 * set (dir itself cannot be listed at depth 0, out of memory). */
static int walk(corpus *c, const char *dir, size_t root, int depth, err *e) {
  DIR *d = opendir(dir);
  if (!d && depth > 0) {
    char path[4096];
    int why = errno;
    snprintf(path, sizeof path, "%s/", dir);
    return add_file(c, path, root, CORPUS_AUTO, why, 0) ? err_nomem(e) : 0;
  }
  if (!d) return err_set(e, "%s: %s", dir, strerror(errno));
  struct dirent *de;
  int rc = 0;
  while (rc == 0 && (de = readdir(d))) {
    char path[4096];
    struct stat sb;
    if (de->d_name[0] == '.') continue;
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, de->d_name) >= sizeof path) {
      c->skipped_files++;
      continue;
    }
    int unreadable = stat(path, &sb) != 0 ? errno : 0;
    if (!unreadable && S_ISDIR(sb.st_mode)) {
      if (depth < WALK_DEPTH) rc = walk(c, path, root, depth + 1, e);
    } else if (corpus_format_of(path) == CORPUS_AUTO && c->format == CORPUS_AUTO) {
      c->skipped_files++;
    } else if (add_file(c, path, root, corpus_format_of(path),
                        unreadable ? unreadable : S_ISREG(sb.st_mode) ? 0 : NOT_REGULAR,
                        unreadable ? NULL : &sb)) {
      rc = err_nomem(e);
    }
  }
  closedir(d);
  return rc;
}

/* add_path: a file or a directory named by the caller (or a glob); 0, or -1 with e set. */
static int add_path(corpus *c, const char *path, err *e) {
  struct stat sb;
  if (stat(path, &sb) != 0) return err_set(e, "%s: %s", path, strerror(errno));
  if (S_ISDIR(sb.st_mode)) {
    size_t n = strlen(path);
    while (n > 1 && path[n - 1] == '/') n--;
    return walk(c, path, n + 1, 0, e);
  }
  return add_file(c, path, base_skip(path), corpus_format_of(path), 0, &sb)
             ? err_nomem(e)
             : 0;
}

/* add_glob: the files and directories a glob pattern matches; 0, or -1 with e set. */
static int add_glob(corpus *c, const char *pattern, err *e) {
  glob_t g;
  int rc = glob(pattern, 0, NULL, &g);
  if (rc == GLOB_NOMATCH) return err_set(e, "%s: no file matches", pattern);
  if (rc != 0) return err_set(e, "%s: cannot expand the pattern", pattern);
  for (size_t i = 0; rc == 0 && i < g.gl_pathc; i++) rc = add_path(c, g.gl_pathv[i], e);
  globfree(&g);
  return rc;
}

/* check_files: with a policy, whether each listed file may be read (what a glob or a
 * walk yields may lie elsewhere than its pattern says: "dir/.?/.?/etc"); 0, or -1 with e
 * set to the first refusal. */
static int check_files(const corpus *c, err *e) {
  for (size_t i = 0; c->policy && i < c->nfiles; i++)
    if (sandbox_check(c->policy, c->files[i].path, SANDBOX_READ, e) < 0) return -1;
  return 0;
}

/* file_cmp: files in byte order of their paths. */
static int file_cmp(const void *x, const void *y) {
  return strcmp(((const corpus_file *)x)->path, ((const corpus_file *)y)->path);
}

/* ---- shards --------------------------------------------------------------------------- */

/* share: the first byte of shard k of n over total bytes (floor(total * k / n), exactly). */
static uint64_t share(uint64_t total, unsigned k, unsigned n) {
  return total / n * k + total % n * k / n;
}

/* lay_out: the files end to end in their order (each one's start), and the byte range of
 * c's shard (the last one open-ended, so that a file of no bytes at the end is read). */
static void lay_out(corpus *c) {
  uint64_t total = 0;
  for (size_t i = 0; i < c->nfiles; i++) {
    c->files[i].start = total;
    total += c->files[i].size;
  }
  if (!c->shard.n) return;
  c->shard_lo = share(total, c->shard.k, c->shard.n);
  c->shard_hi = c->shard.k + 1 == c->shard.n ? UINT64_MAX
                                             : share(total, c->shard.k + 1, c->shard.n);
}

/* file_range: the records of f that c's shard reads, as offsets in f (empty when it holds
 * none of them). A file of no bytes, or one that cannot be opened, lies at its first byte. */
static corpus_range file_range(const corpus *c, const corpus_file *f) {
  if (!c->shard.n) return CORPUS_ALL;
  uint64_t at = f->start, end = at + (f->size && !f->unreadable ? f->size : 1);
  if (end <= c->shard_lo || at >= c->shard_hi) return (corpus_range){0, 0};
  return (corpus_range){c->shard_lo > at ? c->shard_lo - at : 0, c->shard_hi - at};
}

corpus_shard corpus_shard_of(const corpus *c) { return c->shard; }

/* ---- the corpus ----------------------------------------------------------------------- */

/* corpus_new: an empty corpus with copies of o; NULL with e set. */
static corpus *corpus_new(const char *path, const corpus_opts *o, err *e) {
  static const corpus_opts defaults;
  corpus *c = mem_calloc(1, sizeof *c);
  if (!c) return err_nomem(e), NULL;
  c->path = mem_strndup(path, strlen(path));
  c->rec = corpus_record_new();
  if (!c->path || !c->rec || copy_opts(c, o ? o : &defaults, e)) {
    if (!c->path || !c->rec) err_nomem(e);
    corpus_close(c);
    return NULL;
  }
  wire(c);
  return c;
}

corpus *corpus_open(const char *path, const corpus_opts *o, err *e) {
  corpus *c = corpus_new(path, o, e);
  if (!c) return NULL;
  struct stat sb;
  int rc = stat(path, &sb) != 0 && strpbrk(path, "*?[") ? add_glob(c, path, e)
                                                          : add_path(c, path, e);
  if (rc == 0) rc = check_files(c, e);
  if (rc == 0 && o) rc = add_filter(c, &o->filter, e);
  if (rc) {
    corpus_close(c);
    return NULL;
  }
  qsort(c->files, c->nfiles, sizeof *c->files, file_cmp);
  lay_out(c);
  corpus_rewind(c);
  return c;
}

/* options_of: c's options, pointing at c's copies. */
static corpus_opts options_of(const corpus *c) {
  corpus_opts o = {.art = c->art, .format = c->format, .delimiter = c->delimiter,
                   .shard = c->shard, .warn = c->user, .policy = c->policy};
  o.boilerplate = (const char *const *)c->boilerplate;
  o.nboilerplate = c->nboilerplate;
  o.credit = (const char *const *)c->credit;
  o.ncredit = c->ncredit;
  return o;
}

corpus *corpus_filtered(const corpus *c, const corpus_filter *f, err *e) {
  corpus_opts o = options_of(c);
  corpus *d = corpus_new(c->path, &o, e);
  if (!d) return NULL;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < c->nfiles; i++) {
    const corpus_file *k = &c->files[i];
    rc = add_file(d, k->path, 0, k->fmt, k->unreadable, NULL) ? err_nomem(e) : 0;
    if (rc == 0) {
      d->files[i].size = k->size;
      d->files[i].mtime = k->mtime;
      mem_free(d->files[i].stem);
      d->files[i].stem = mem_strndup(k->stem, strlen(k->stem));
      if (!d->files[i].stem) rc = err_nomem(e);
    }
  }
  for (size_t i = 0; rc == 0 && i < c->nfilters; i++) {
    const corpus_flt *k = &c->filters[i];
    corpus_filter copy = {k->from[0] ? k->from : NULL, k->to[0] ? k->to : NULL,
                          (const char *const *)k->sources};
    rc = add_filter(d, &copy, e);
  }
  if (rc == 0) rc = add_filter(d, f, e);
  if (rc) {
    corpus_close(d);
    return NULL;
  }
  d->skipped_files = c->skipped_files;
  lay_out(d);
  corpus_rewind(d);
  return d;
}

void corpus_rewind(corpus *c) {
  record_clear(c->rec);
  corpus_src_close(c->src);
  c->src = NULL;
  c->next = 0;
  c->summarized = 0;
  memset(&c->st, 0, sizeof c->st);
  memset(&c->counts, 0, sizeof c->counts);
  c->st.files_skipped = c->skipped_files;
}

const corpus_counts *corpus_stats(const corpus *c) {
  corpus *m = (corpus *)c; /* the repair counts live apart; fold them in */
  m->st.invalid_utf8 = c->counts.invalid_utf8;
  m->st.invalid_texts = c->counts.invalid_texts;
  return &c->st;
}

void corpus_set_warn(corpus *c, const warn_sink *w) {
  c->user = w ? *w : (warn_sink){NULL, NULL};
  c->cur = &c->user;
}

const enc_tally *corpus_detected(const corpus *c) { return &c->counts.detected; }

const char *corpus_path(const corpus *c) { return c->path; }
size_t corpus_nfiles(const corpus *c) { return c->nfiles; }

corpus_file_info corpus_file_at(const corpus *c, size_t i) {
  const corpus_file *f = &c->files[i];
  return (corpus_file_info){f->path, f->size, f->mtime};
}

uint64_t corpus_bytes(const corpus *c) {
  uint64_t n = 0;
  for (size_t i = 0; i < c->nfiles; i++) {
    const corpus_file *f = &c->files[i];
    if ((c->format != CORPUS_AUTO ? c->format : f->fmt) != CORPUS_SQLITE) n += f->size;
  }
  return n;
}

/* summarize: the one-line summary of a pass that skipped or repaired something. */
static void summarize(corpus *c) {
  const corpus_counts *s = corpus_stats(c);
  if (c->summarized || (!s->skipped && !s->files_failed && !s->invalid_texts)) return;
  c->summarized = 1;
  warn_emit(&c->counting,
            "%s: %zu articles; %zu bad records skipped, %zu files unreadable, %zu articles with "
            "invalid bytes (%zu sequences replaced with U+FFFD)",
            c->path, s->articles, s->skipped, s->files_failed, s->invalid_texts,
            s->invalid_utf8);
}

/* open_next: open the next file's reader (none when the file holds nothing of c's shard);
 * 0, or -1 with e set. */
static int open_next(corpus *c, err *e) {
  const corpus_file *f = &c->files[c->next++];
  corpus_range range = file_range(c, f);
  if (range.lo >= range.hi) return 0;
  corpus_format fmt = c->format != CORPUS_AUTO ? c->format : f->fmt;
  if (f->unreadable == NOT_REGULAR)
    return err_set(e, "%s: not a regular file (a FIFO, a socket or a device)", f->path);
  if (f->unreadable) return err_set(e, "%s: %s", f->path, strerror(f->unreadable));
  if (c->policy && sandbox_check(c->policy, f->path, SANDBOX_READ, e) < 0) return -1;
  c->src = corpus_src_open(f->path, f->stem, fmt, &c->env, range, e);
  if (!c->src) return -1;
  c->st.files++;
  return 0;
}

/* count_date: the date counts of an article read. */
static void count_date(corpus_counts *st, const article *a) {
  if (a->date) {
    st->dated++;
  } else {
    st->undated++;
    if (a->date_raw && *a->date_raw) st->dates_unparsed++;
  }
}

/* failed: a bad record (CUT_BAD) or file (CUT_FILE_FAILED): an error in strict mode,
 * else a warning. Running out of memory or being stopped is never a bad record: always an error. */
static int failed(corpus *c, corpus_cut rc, err *e) {
  if (c->art.strict || mem_refused() || cancel_requested()) return -1;
  warn_emit(&c->counting, "%s", e->msg);
  if (rc == CUT_BAD) {
    c->st.skipped++;
  } else {
    c->st.files_failed++;
    corpus_src_close(c->src);
    c->src = NULL;
  }
  return 0;
}

/* ---- records and parts ---------------------------------------------------------------- */

/* record_clear: empty r (its buffer kept unless it grew large). */
static void record_clear(corpus_record *r) {
  if (!r) return;
  article_clear(&r->a);
  if (r->bytes.cap > REC_KEEP) buf_free(&r->bytes);
  buf_clear(&r->bytes);
  r->kind = REC_NONE;
}

corpus_record *corpus_record_new(void) {
  corpus_record *r = mem_calloc(1, sizeof *r);
  if (!r) return NULL;
  buf_init(&r->bytes);
  article_init(&r->a);
  return r;
}

void corpus_record_free(corpus_record *r) {
  if (!r) return;
  article_clear(&r->a);
  buf_free(&r->bytes);
  mem_free(r);
}

/* read_record: the next raw record of the files into r (warnings to c->cur); 1, 0 at
 * the end, -1 with e set. */
static int read_record(corpus *c, corpus_record *r, err *e) {
  for (;;) {
    if (!c->src) {
      if (c->next >= c->nfiles) return 0;
      if (open_next(c, e) && failed(c, CUT_FILE_FAILED, e)) return -1;
      continue;
    }
    corpus_cut rc = corpus_src_cut(c->src, r, e);
    if (rc == CUT_RECORD) return 1;
    if (rc == CUT_END) {
      corpus_src_close(c->src);
      c->src = NULL;
    } else if (failed(c, rc, e)) {
      return -1;
    }
  }
}

int corpus_read(corpus *c, corpus_record *r, const warn_sink *w, err *e) {
  const warn_sink *saved = c->cur;
  c->cur = w;
  int rc = read_record(c, r, e);
  c->cur = saved;
  return rc;
}

/* part_warn: a part's counting sink: count, then pass on. */
static void part_warn(void *ud, const char *msg) {
  corpus_part *p = ud;
  p->st->warnings++;
  if (p->out.fn) p->out.fn(p->out.ud, msg);
}

corpus_part *corpus_part_new(corpus *c, const warn_sink *w) {
  corpus_part *p = mem_calloc(1, sizeof *p);
  if (!p) return NULL;
  p->st = &p->own_st;
  p->counts = &p->own_counts;
  p->out = w ? *w : (warn_sink){NULL, NULL};
  p->counting = (warn_sink){part_warn, p};
  p->art_copy = c->art;
  p->art_copy.warn = &p->counting;
  p->art_copy.counts = &p->own_counts;
  p->art_copy.rules = NULL; /* compiled on the first text file */
  p->art = &p->art_copy;
  buf_init(&p->scratch);
  return p;
}

/* parse_record: the article of r into the empty *a with p's options; 0 or -1 with e set. */
static int parse_record(corpus *c, corpus_record *r, corpus_part *p, article *a, err *e) {
  if (r->kind == REC_ARTICLE) {
    *a = r->a;
    article_init(&r->a);
    return 0;
  }
  if (r->kind == REC_TEXT && !p->art->rules) {
    if (!(p->rules = compile_rules(c, e))) return -1;
    p->art_copy.rules = p->rules;
  }
  return corpus_src_parse(r, p->art, &p->scratch, a, e);
}

int corpus_parse(corpus *c, corpus_record *r, corpus_part *p, article *a, err *e) {
  article_clear(a);
  int rc = parse_record(c, r, p, a, e);
  record_clear(r);
  if (rc < 0) {
    article_clear(a);
    if (c->art.strict) return -1;
    warn_emit(p->art->warn, "%s", e->msg);
    p->st->skipped++;
    return 0;
  }
  count_date(p->st, a);
  if (passes(c, a)) return p->st->articles++, 1;
  p->st->filtered++;
  article_clear(a);
  return 0;
}

void corpus_part_done(corpus *c, corpus_part *p) {
  if (!p) return;
  corpus_counts *t = &c->st;
  const corpus_counts *f = &p->own_st;
  t->articles += f->articles;
  t->skipped += f->skipped;
  t->filtered += f->filtered;
  t->dated += f->dated;
  t->undated += f->undated;
  t->dates_unparsed += f->dates_unparsed;
  t->warnings += f->warnings;
  c->counts.invalid_utf8 += p->own_counts.invalid_utf8;
  c->counts.invalid_texts += p->own_counts.invalid_texts;
  enc_tally_merge(&c->counts.detected, &p->own_counts.detected);
  pt_rules_free(p->rules);
  buf_free(&p->scratch);
  mem_free(p);
}

void corpus_finish(corpus *c, const warn_sink *w) {
  const warn_sink *saved = c->cur;
  c->cur = w;
  summarize(c);
  c->cur = saved;
}

int corpus_next(corpus *c, article *a, err *e) {
  for (;;) {
    int rc = read_record(c, c->rec, e);
    if (rc <= 0) {
      article_clear(a);
      if (rc == 0) summarize(c);
      return rc;
    }
    if ((rc = corpus_parse(c, c->rec, &c->own, a, e)) != 0) return rc;
  }
}

int corpus_next_sink(void *cv, article *a, const warn_sink *w, err *e) {
  corpus *c = cv;
  const warn_sink *saved = c->cur;
  c->cur = w;
  int rc = corpus_next(c, a, e);
  c->cur = saved;
  return rc;
}

/* The stages of corpus_stages: corpus_read and the rest over untyped pointers. */
static void *stage_record_new(void) { return corpus_record_new(); }
static void stage_record_free(void *r) { corpus_record_free(r); }
static int stage_read(void *c, void *r, const warn_sink *w, err *e) {
  return corpus_read(c, r, w, e);
}
static void *stage_part_new(void *c, const warn_sink *w) { return corpus_part_new(c, w); }
static int stage_parse(void *c, void *r, void *p, article *a, err *e) {
  return corpus_parse(c, r, p, a, e);
}
static void stage_part_done(void *c, void *p) { corpus_part_done(c, p); }
static void stage_finish(void *c, const warn_sink *w) { corpus_finish(c, w); }

const article_stages corpus_stages = {stage_record_new, stage_record_free, stage_read,
                                      stage_part_new,   stage_parse,       stage_part_done,
                                      stage_finish};

void corpus_close(corpus *c) {
  if (!c) return;
  corpus_src_close(c->src);
  for (size_t i = 0; i < c->nfiles; i++) {
    mem_free(c->files[i].path);
    mem_free(c->files[i].stem);
  }
  mem_free(c->files);
  for (size_t i = 0; i < c->nfilters; i++) strv_free(c->filters[i].sources);
  mem_free(c->filters);
  for (int f = 0; f < AF_COUNT; f++) strv_free(c->names[f]);
  strv_free(c->boilerplate);
  strv_free(c->credit);
  pt_rules_free(c->rules);
  corpus_record_free(c->rec);
  pt_rules_free(c->own.rules);
  buf_free(&c->own.scratch);
  mem_free(c->encoding);
  mem_free(c->path);
  mem_free(c);
}
