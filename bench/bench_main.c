/*
 * bench_main.c: sahel_bench, the benchmark's driver (bench/run calls it; docs/performance.md).
 *
 *   sahel_bench --corpus C --gazetteer G --huge H --main-gazetteer M --sahelscript BIN
 *               --root DIR --tmp DIR [--repeat N] [--no-x8] [--curve C2 --curve C4 ...]
 *   sahel_bench --e2e --corpus C --gazetteer G --threads N     (a child: peak RSS)
 *   sahel_bench --stage K --corpus C --gazetteer G [--threads N] [--repeat N]
 *               (stage K alone, 0 = ICU .. 6 = store, its seconds per round: for perf)
 *
 * Each stage runs --repeat times, the stages interleaved; a stage's ratio to the ICU
 * yardstick is taken within each round (the machine is shared) and the median is shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bench.h"

#define MAX_REPEAT 15
#define MB 1e6

/* The command line. */
typedef struct {
  const char *corpus, *huge, *sahelscript, *root, *tmp, *main_gaz;
  const char *gazetteers[4]; /* the benchmark's gazetteer: these files in one */
  const char *curve[4];      /* the corpus 2, 4 and 9 times over (distinct ids), or NULL */
  int ngazetteers, ncurve, repeat, x8, e2e, threads, stage;
} bench_args;

/* One figure measured in each round. */
typedef struct {
  double v[MAX_REPEAT];
  int n;
} series;

/* median: the median of s (0 when empty). */
static double median(const series *s) {
  double v[MAX_REPEAT];
  int n = s->n;
  memcpy(v, s->v, sizeof v);
  for (int i = 1; i < n; i++)
    for (int k = i; k > 0 && v[k - 1] > v[k]; k--) {
      double t = v[k];
      v[k] = v[k - 1];
      v[k - 1] = t;
    }
  if (!n) return 0;
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* add: record x in s. */
static void add(series *s, double x) {
  if (s->n < MAX_REPEAT) s->v[s->n++] = x;
}

/* die: print msg and exit 1. */
static void die(const char *msg) {
  fprintf(stderr, "sahel_bench: %s\n", msg);
  exit(1);
}

/* parse: the command line into a (dies on a usage error). */
static void parse(int argc, char **argv, bench_args *a) {
  *a = (bench_args){.repeat = 3, .x8 = 1, .threads = 2, .stage = -1};
  for (int i = 1; i < argc; i++) {
    const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
    const char **slot = !strcmp(k, "--corpus") ? &a->corpus
                        : !strcmp(k, "--gazetteer") && a->ngazetteers < 4
                            ? &a->gazetteers[a->ngazetteers++]
                        : !strcmp(k, "--huge") ? &a->huge
                        : !strcmp(k, "--sahelscript") ? &a->sahelscript
                        : !strcmp(k, "--root") ? &a->root
                        : !strcmp(k, "--main-gazetteer") ? &a->main_gaz
                        : !strcmp(k, "--curve") && a->ncurve < 4 ? &a->curve[a->ncurve++]
                        : !strcmp(k, "--tmp") ? &a->tmp : NULL;
    if (slot && v) *slot = argv[++i];
    else if (!strcmp(k, "--repeat") && v) a->repeat = atoi(argv[++i]);
    else if (!strcmp(k, "--threads") && v) a->threads = atoi(argv[++i]);
    else if (!strcmp(k, "--stage") && v) a->stage = atoi(argv[++i]);
    else if (!strcmp(k, "--no-x8")) a->x8 = 0;
    else if (!strcmp(k, "--e2e")) a->e2e = 1;
    else die("usage: see bench/bench_main.c");
  }
  if (a->repeat < 1 || a->repeat > MAX_REPEAT) die("--repeat: 1 to 15");
  if (!a->corpus || !a->ngazetteers) die("--corpus and --gazetteer are required");
  if (a->stage >= BENCH_NSTAGES) die("--stage: 0 to 7");
}

/* load: a gazetteer of the files paths[0..n) (dies on failure); *sec: the loading time. */
static gazetteer *load(const char *const *paths, size_t n, double *sec) {
  err e;
  gazetteer *g = bench_load_gazetteer(paths, n, sec, &e);
  if (!g) die(e.msg);
  return g;
}

/* ---- children: the end-to-end run, sahelscript --------------------------------------- */

/* peak_rss_kb: this process's peak RSS since its exec (VmHWM), in KiB; 0 when unknown. */
static long peak_rss_kb(void) {
  char line[256];
  long kb = 0;
  FILE *f = fopen("/proc/self/status", "r");
  while (f && fgets(line, sizeof line, f))
    if (sscanf(line, "VmHWM: %ld", &kb) == 1) break;
  if (f) fclose(f);
  return kb;
}

/* job_of: the job of a --e2e or --stage run (a->threads workers, the whole corpus) with
 * the gazetteer it loads (dies on failure; free it with bench_free_gazetteer). */
static bench_job job_of(const bench_args *a) {
  double sec;
  gazetteer *g = load(a->gazetteers, (size_t)a->ngazetteers, &sec);
  return (bench_job){a->corpus, g, a->tmp ? a->tmp : "/tmp", a->threads, 0};
}

/* e2e_main: the child of a peak-RSS run: sentence co-occurrence with a->threads workers;
 * prints the table's digest, the articles, the seconds and its peak RSS in KiB. */
static int e2e_main(const bench_args *a) {
  bench_job j = job_of(a);
  bench_m m;
  err e;
  if (bench_run_stage(&j, BENCH_COOC, &m, &e) < 0) die(e.msg);
  printf("%016llx %llu %.3f %ld\n", (unsigned long long)m.check,
         (unsigned long long)m.articles, m.sec, peak_rss_kb());
  bench_free_gazetteer(j.gaz);
  return 0;
}

/* stage_main: stage a->stage alone, a->repeat times with a->threads workers (for a
 * profiler); prints each round's seconds. */
static int stage_main(const bench_args *a) {
  bench_job j = job_of(a);
  bench_m m;
  err e;
  for (int i = 0; i < a->repeat; i++) {
    if (bench_run_stage(&j, (bench_stage)a->stage, &m, &e) < 0) die(e.msg);
    printf("%s: %.3f s\n", bench_stage_name((bench_stage)a->stage), m.sec);
  }
  bench_free_gazetteer(j.gaz);
  return 0;
}

/* keep_tail: read fd to its end, keeping the last n - 1 bytes in out (NUL-terminated). */
static void keep_tail(int fd, char *out, size_t n) {
  char chunk[4096];
  size_t got = 0;
  for (ssize_t r; (r = read(fd, chunk, sizeof chunk)) > 0;) {
    size_t k = (size_t)r < n - 1 ? (size_t)r : n - 1;
    size_t drop = got + k > n - 1 ? got + k - (n - 1) : 0;
    memmove(out, out + drop, got - drop);
    got -= drop;
    memcpy(out + got, chunk + (size_t)r - k, k);
    got += k;
  }
  out[got] = '\0';
}

/* run_child: run argv with stdout (or stderr, to_err) into out (n bytes, NUL-terminated);
 * its wall seconds into *sec; 0, or -1 when it failed. (Its rusage is no use for memory:
 * a forked child's peak RSS includes its parent's; children report their own VmHWM.) */
static int run_child(const char *const argv[], int to_err, char *out, size_t n, double *sec) {
  int fd[2];
  if (pipe(fd) < 0) return -1;
  double t0 = bench_now();
  pid_t pid = fork();
  if (pid == 0) {
    dup2(fd[1], to_err ? 2 : 1);
    close(fd[0]);
    execv(argv[0], (char *const *)argv);
    _exit(127);
  }
  close(fd[1]);
  keep_tail(fd[0], out, n);
  close(fd[0]);
  int status;
  if (pid < 0 || waitpid(pid, &status, 0) < 0) return -1;
  *sec = bench_now() - t0;
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

/* ---- the table ------------------------------------------------------------------------ */

/* Everything measured. */
typedef struct {
  bench_m last[BENCH_NSTAGES];   /* the last round's figures */
  series sec[BENCH_NSTAGES];     /* seconds per round */
  series ratio[BENCH_NSTAGES];   /* throughput / ICU's, per round */
  series cooc2, store2, speedup, store_speedup, cooc2_ratio, store2_ratio;
  int identical;                 /* 1 and 2 threads gave the same tables */
  uint64_t bytes, tokens, articles;
  double rss1, rss8, lua_ratio, load_ratio; /* 0: not measured */
  series main1, main2, main_ratio, main_speedup; /* the main job, 1 and 2 threads */
  int main_identical, main_failed;
  double curve_mb[5], curve_sec[5], curve_rss[5]; /* the main job over 1x, 2x, 4x, 9x */
  int curve_n;
} results;

/* two_threads: stage s (COOC or STORE) with 2 threads, right after its 1-thread run (same
 * conditions); records its seconds, ratio to ICU and speed-up into the series given. */
static void two_threads(const bench_job *j1, bench_stage s, results *r, series *sec,
                        series *ratio, series *speedup) {
  bench_job j2 = *j1;
  bench_m m;
  err e;
  j2.threads = 2;
  if (bench_run_stage(&j2, s, &m, &e) < 0) die(e.msg);
  add(sec, m.sec);
  add(ratio, r->last[BENCH_ICU].sec / m.sec);
  add(speedup, r->last[s].sec / m.sec);
  if (m.check != r->last[s].check) r->identical = 0;
}

/* round: one round of every stage (1 thread), each bulk path followed by its run with 2
 * threads. The store stages write a few hundred MB: the page cache is flushed after them
 * (sync, not timed), so that the kernel's writeback does not take a core from the next
 * stage. */
static void round_of(const bench_job *j1, results *r) {
  err e;
  for (int s = 0; s < BENCH_NSTAGES; s++) {
    if (bench_run_stage(j1, (bench_stage)s, &r->last[s], &e) < 0) die(e.msg);
    add(&r->sec[s], r->last[s].sec);
    if (s == BENCH_COOC) two_threads(j1, BENCH_COOC, r, &r->cooc2, &r->cooc2_ratio, &r->speedup);
    if (s == BENCH_STORE) {
      sync();
      two_threads(j1, BENCH_STORE, r, &r->store2, &r->store2_ratio, &r->store_speedup);
      sync();
    }
  }
  for (int s = 0; s < BENCH_NSTAGES; s++)
    add(&r->ratio[s], r->last[BENCH_ICU].sec / r->last[s].sec);
}

/* row: one line of the table; step > 0: the seconds of the row's own step (what it adds
 * to the row it builds on), shown as MB/s and against ICU. */
static void row(const char *name, double sec, const results *r, double ratio, double step) {
  printf("%-42s %8.2f %9.1f %9.2f %8.2fx", name, sec, (double)r->bytes / MB / sec,
         (double)r->tokens / MB / sec, ratio);
  if (step > 0)
    printf(" %9.1f %8.2fx", (double)r->bytes / MB / step, median(&r->sec[BENCH_ICU]) / step);
  printf("\n");
}

/* The row each stage builds on (-1: none), for its step's own figures. */
static const int builds_on[BENCH_NSTAGES] = {-1, -1, BENCH_READ, BENCH_ANALYZE, BENCH_MATCH,
                                             BENCH_COOC, BENCH_MATCH, BENCH_ANALYZE};

/* print_stages: the table of the stages. */
static void print_stages(const results *r) {
  printf("%-42s %8s %9s %9s %9s %9s %9s\n", "stage (cumulative, 1 thread)", "seconds", "MB/s",
         "Mtok/s", "vs ICU", "step MB/s", "vs ICU");
  for (int s = 0; s < BENCH_NSTAGES; s++) {
    double sec = median(&r->sec[s]);
    double step = s == BENCH_ICU ? 0 : builds_on[s] < 0 ? sec : sec - median(&r->sec[builds_on[s]]);
    row(bench_stage_name((bench_stage)s), sec, r, median(&r->ratio[s]), step);
  }
  row("+ sentence co-occurrence, 2 threads", median(&r->cooc2), r, median(&r->cooc2_ratio), 0);
  row("read+analyze+match -> store, 2 threads", median(&r->store2), r,
      median(&r->store2_ratio), 0);
}

/* x8_dir: a directory holding the corpus 8 times over (symbolic links); its path in out. */
static const char *x8_dir(const bench_args *a, char *out, size_t n) {
  char abs[4096], link[4200];
  snprintf(out, n, "%s/x8", a->tmp);
  mkdir(out, 0777);
  if (!realpath(a->corpus, abs)) die("cannot resolve the corpus path");
  const char *ext = strrchr(a->corpus, '.');
  for (int i = 0; i < 8; i++) {
    snprintf(link, sizeof link, "%s/part%d%s", out, i, ext ? ext : "");
    unlink(link);
    if (symlink(abs, link) < 0) die("cannot link the corpus into the x8 directory");
  }
  return out;
}

/* e2e_rss: the peak RSS (MB) of an end-to-end child over corpus with 2 threads; *digest
 * gets its first output word. */
static double e2e_rss(const bench_args *a, const char *corpus, char *digest, size_t n) {
  char self[4096], out[256];
  ssize_t k = readlink("/proc/self/exe", self, sizeof self - 1);
  if (k < 0) die("cannot find /proc/self/exe");
  self[k] = '\0';
  const char *argv[16] = {self, "--e2e", "--corpus", corpus, "--threads", "2", "--tmp", a->tmp};
  for (int i = 0; i < a->ngazetteers; i++) {
    argv[8 + 2 * i] = "--gazetteer";
    argv[9 + 2 * i] = a->gazetteers[i];
  }
  double sec;
  long kb = 0;
  if (run_child(argv, 0, out, sizeof out, &sec) < 0 ||
      sscanf(out, "%*s %*s %*s %ld", &kb) != 1)
    die("the end-to-end child failed");
  snprintf(digest, n, "%.16s", out);
  return (double)kb / 1024.0;
}

/* print_memory: peak RSS of the end-to-end run over the corpus, and 8 times over. */
static void print_memory(const bench_args *a, results *r) {
  char dir[4096], d1[32], d8[32];
  r->rss1 = e2e_rss(a, a->corpus, d1, sizeof d1);
  printf("peak RSS, read -> sentence co-occurrence, 2 threads: %.1f MB", r->rss1);
  if (!a->x8) {
    printf("\n");
    return;
  }
  r->rss8 = e2e_rss(a, x8_dir(a, dir, sizeof dir), d8, sizeof d8);
  printf("; the corpus 8 times over: %.1f MB (%+.1f%%)\n", r->rss8,
         (r->rss8 / r->rss1 - 1) * 100);
}

/* print_lua: the Lua per-article path against the C bulk path (bench/lua_path.lua). */
static void print_lua(const bench_args *a, results *r) {
  char script[4096], out[512];
  snprintf(script, sizeof script, "%s/bench/lua_path.lua", a->root);
  const char *argv[8] = {a->sahelscript, script, a->corpus};
  for (int i = 0; i < a->ngazetteers; i++) argv[3 + i] = a->gazetteers[i];
  double sec, lua = 0, bulk = 0;
  if (run_child(argv, 0, out, sizeof out, &sec) < 0 ||
      sscanf(out, "%lf %lf", &lua, &bulk) != 2 || bulk <= 0) {
    printf("Lua path: failed (%s)\n", out);
    return;
  }
  r->lua_ratio = lua / bulk;
  printf("Lua path (corpus:articles() + gaz:mentions(a)): %.2f s; C bulk path (gaz:count, 1 "
         "thread): %.2f s; ratio %.2fx\n", lua, bulk, r->lua_ratio);
}

/* print_load: loading the huge gazetteer against matching 10 MB of text with it. */
static void print_load(const bench_args *a, int repeat, results *r) {
  series load_s = {{0}, 0}, match_s = {{0}, 0};
  size_t aliases = 0;
  for (int k = 0; k < repeat; k++) {
    double sec;
    gazetteer *g = load(&a->huge, 1, &sec);
    aliases = gaz_alias_count(g);
    add(&load_s, sec);
    bench_job j = {a->corpus, g, a->tmp, 1, 10 * 1000 * 1000};
    bench_m m;
    err e;
    if (bench_run_stage(&j, BENCH_MATCH, &m, &e) < 0) die(e.msg);
    add(&match_s, m.sec * 10 * MB / (double)m.bytes);
    bench_free_gazetteer(g);
  }
  r->load_ratio = median(&load_s) / median(&match_s);
  printf("gazetteer of %zu aliases: loading %.3f s; reading, analyzing and matching 10 MB of "
         "text with it %.3f s (loading = %.2fx matching)\n", aliases, median(&load_s),
         median(&match_s), r->load_ratio);
}

/* main_job: the main job (scripts/analyze.lua with a->main_gaz) over corpus with
 * `threads` into out: its wall seconds and peak RSS (MB); 0, or -1 when it failed. */
static int main_job(const bench_args *a, const char *corpus, const char *threads,
                    const char *out, double *sec, double *rss) {
  char script[4096], text[4096];
  snprintf(script, sizeof script, "%s/bench/main_job.lua", a->root);
  const char *argv[] = {a->sahelscript, script, a->root, "--corpus", corpus,
                        "--gazetteer", a->main_gaz, "--out", out, "--quiet",
                        "--threads", threads, NULL};
  const char *kb = NULL;
  if (run_child(argv, 1, text, sizeof text, sec) < 0 || !(kb = strstr(text, "peak-rss-kb ")))
    return -1;
  *rss = atof(kb + 12) / 1024.0;
  return 0;
}

/* digest_of: the digest of the outputs in dir (0 when they cannot be read). */
static uint64_t digest_of(const char *dir) {
  uint64_t d = 0;
  err e;
  if (bench_outputs_digest(dir, &d, &e) < 0) fprintf(stderr, "sahel_bench: %s\n", e.msg);
  return d;
}

/* main_round: the main job with 1 thread then 2 (same conditions), outputs compared. */
static void main_round(const bench_args *a, results *r) {
  char out[2][4200];
  double sec[2], rss[2];
  const char *threads[2] = {"1", "2"};
  for (int t = 0; t < 2; t++) {
    snprintf(out[t], sizeof out[t], "%s/out%d", a->tmp, t + 1);
    if (main_job(a, a->corpus, threads[t], out[t], &sec[t], &rss[t]) < 0) {
      r->main_failed = 1;
      return;
    }
    sync();
  }
  add(&r->main1, sec[0]);
  add(&r->main2, sec[1]);
  add(&r->main_ratio, median(&r->sec[BENCH_ICU]) / sec[0]);
  add(&r->main_speedup, sec[0] / sec[1]);
  uint64_t d1 = digest_of(out[0]), d2 = digest_of(out[1]);
  if (!d1 || d1 != d2) r->main_identical = 0;
}

/* print_main: the main job (scripts/analyze.lua) with 1 and 2 threads, repeat rounds. */
static void print_main(const bench_args *a, results *r) {
  r->main_identical = 1;
  for (int i = 0; i < a->repeat && !r->main_failed; i++) main_round(a, r);
  if (r->main_failed) {
    printf("main job (analyze.lua, gazetteer %s): failed\n", a->main_gaz);
    return;
  }
  double s1 = median(&r->main1), s2 = median(&r->main2), mb = (double)r->bytes / MB;
  printf("main job (analyze.lua, gazetteer %s, every default output): 1 thread %.2f s (%.1f "
         "MB/s, %.2fx ICU); 2 threads %.2f s (%.1f MB/s), speed-up %.2fx; outputs identical: "
         "%s\n", a->main_gaz, s1, mb / s1, median(&r->main_ratio), s2, mb / s2,
         median(&r->main_speedup), r->main_identical ? "yes" : "NO");
}

/* print_curve: the main job (2 threads) over the corpus 1, 2, 4 and 9 times over: time,
 * throughput and peak RSS, to show that cost grows linearly and memory stays flat. */
static void print_curve(const bench_args *a, results *r) {
  static const int times[] = {1, 2, 4, 9};
  char out[4200];
  snprintf(out, sizeof out, "%s/out-curve", a->tmp);
  printf("main job over the corpus k times over (distinct ids, 2 threads):\n");
  printf("  %3s %10s %9s %9s %12s\n", "k", "MB of text", "seconds", "MB/s", "peak RSS MB");
  for (int k = 0; k <= a->ncurve && k < 4; k++) {
    const char *corpus = k == 0 ? a->corpus : a->curve[k - 1];
    double sec, rss, mb = (double)r->bytes / MB * times[k];
    if (main_job(a, corpus, "2", out, &sec, &rss) < 0) {
      printf("  %3d failed\n", times[k]);
      return;
    }
    sync();
    r->curve_mb[r->curve_n] = mb, r->curve_sec[r->curve_n] = sec;
    r->curve_rss[r->curve_n++] = rss;
    printf("  %3d %10.1f %9.2f %9.1f %12.1f\n", times[k], mb, sec, mb / sec, rss);
  }
}

/* target: one line of the targets' summary. */
static void target(const char *what, const char *got, int met) {
  printf("  %-58s %-22s %s\n", what, got, met ? "met" : "NOT met");
}

/* print_targets: the targets against what this run measured. */
static void print_targets(const results *r) {
  char got[64];
  double e2e = median(&r->ratio[BENCH_COOC]), sp = median(&r->speedup);
  printf("\ntargets:\n");
  snprintf(got, sizeof got, "%.2fx", e2e);
  target("end to end, 1 thread, sentence co-occurrence >= 3x ICU", got, e2e >= 3);
  double tr = median(&r->ratio[BENCH_TERMS]);
  snprintf(got, sizeof got, "%.2fx", tr);
  target("term counting, 1-grams, whole corpus, 1 thread >= 1x ICU", got, tr >= 1);
  snprintf(got, sizeof got, "%.2fx, identical: %s", sp, r->identical ? "yes" : "NO");
  target("2 threads >= 1.7x 1 thread, identical results", got, sp >= 1.7 && r->identical);
  snprintf(got, sizeof got, "%.1f MB", r->rss1);
  target("peak RSS <= 100 MB on the corpus", got, r->rss1 > 0 && r->rss1 <= 100);
  if (r->rss8 > 0) {
    snprintf(got, sizeof got, "%+.1f%%", (r->rss8 / r->rss1 - 1) * 100);
    target("the corpus 8 times over: within 10% of that", got, r->rss8 <= r->rss1 * 1.1);
  }
  if (median(&r->main1) > 0) {
    double mr = median(&r->main_ratio), ms = median(&r->main_speedup);
    snprintf(got, sizeof got, "%.2fx", mr);
    target("main job, 1 thread >= 0.5x ICU", got, mr >= 0.5);
    snprintf(got, sizeof got, "%.2fx, identical: %s", ms, r->main_identical ? "yes" : "NO");
    target("main job, 2 threads >= 1.7x 1 thread, identical outputs", got,
           ms >= 1.7 && r->main_identical);
  }
  if (r->curve_n > 1) {
    int last = r->curve_n - 1;
    double grow = r->curve_rss[last] / r->curve_rss[0] - 1;
    double k = r->curve_mb[last] / r->curve_mb[0];
    double lin = (r->curve_sec[last] / r->curve_sec[0]) / k;
    snprintf(got, sizeof got, "%.1f MB at %.0fx", r->curve_rss[last], k);
    target("main job: peak RSS <= 100 MB over the largest corpus", got, r->curve_rss[last] <= 100);
    snprintf(got, sizeof got, "%+.1f%%", grow * 100);
    target("main job: peak RSS within 10% of the corpus's as it grows", got, grow <= 0.10);
    snprintf(got, sizeof got, "%.2fx the time per MB", lin);
    target("main job: time linear in the corpus (per MB within 25%)", got, lin <= 1.25);
  }
  snprintf(got, sizeof got, "%.2fx", r->lua_ratio);
  target("Lua per-article path <= 2.5x the C bulk path", got,
         r->lua_ratio > 0 && r->lua_ratio <= 2.5);
  snprintf(got, sizeof got, "%.2fx", r->load_ratio);
  target("loading 100,000 aliases < matching 10 MB of text", got,
         r->load_ratio > 0 && r->load_ratio < 1);
}

int main(int argc, char **argv) {
  bench_args a;
  parse(argc, argv, &a);
  if (a.e2e) return e2e_main(&a);
  if (a.stage >= 0) return stage_main(&a);
  if (!a.huge || !a.sahelscript || !a.root || !a.tmp) die("--huge, --sahelscript, --root, --tmp");
  double sec;
  gazetteer *g = load(a.gazetteers, (size_t)a.ngazetteers, &sec);
  bench_job j = {a.corpus, g, a.tmp, 1, 0};
  results r = {.identical = 1};
  for (int i = 0; i < a.repeat; i++) round_of(&j, &r);
  r.bytes = r.last[BENCH_READ].bytes;
  r.tokens = r.last[BENCH_ANALYZE].tokens;
  r.articles = r.last[BENCH_READ].articles;
  printf("corpus %s: %llu articles, %.1f MB of text, %.2f M word tokens\n", a.corpus,
         (unsigned long long)r.articles, (double)r.bytes / MB, (double)r.tokens / MB);
  printf("gazetteer");
  for (int i = 0; i < a.ngazetteers; i++) printf("%s %s", i ? " +" : "", a.gazetteers[i]);
  printf(": %zu entities, %zu aliases; median of %d rounds\n\n", gaz_entity_count(g),
         gaz_alias_count(g), a.repeat);
  print_stages(&r);
  printf("\n2 threads: co-occurrence speed-up %.2fx, store speed-up %.2fx; results identical "
         "to 1 thread: %s\n", median(&r.speedup), median(&r.store_speedup),
         r.identical ? "yes" : "NO");
  bench_free_gazetteer(g);
  print_memory(&a, &r);
  print_lua(&a, &r);
  print_load(&a, a.repeat, &r);
  if (a.main_gaz) print_main(&a, &r);
  if (a.main_gaz && a.ncurve > 0) print_curve(&a, &r);
  print_targets(&r);
  return 0;
}
