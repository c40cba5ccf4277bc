/* test_sandbox.c: the --sandbox path policy (sandbox.h), table-driven, against a scratch
 * tree with the usual escapes: "..", absolute paths, symbolic links out of a root
 * (to a file, to a directory, dangling), and roots that do not exist yet. */
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "io/sandbox.h"

static char top[256]; /* the scratch tree */

/* at: top/rel into a static buffer (one of four, so that a call can use several). */
static const char *at(const char *rel) {
  static char bufs[4][512];
  static int k;
  char *b = bufs[k++ & 3];
  snprintf(b, 512, "%s/%s", top, rel);
  return b;
}

/* touch: create an empty file top/rel. */
static void touch(const char *rel) {
  FILE *f = fopen(at(rel), "w");
  if (f) fclose(f);
}

/* make_tree: corpus/a.txt, out/, secret.txt, and links out of the roots. */
static void make_tree(void) {
  snprintf(top, sizeof top, "/tmp/sahel-sandbox-XXXXXX");
  if (!mkdtemp(top)) abort();
  mkdir(at("corpus"), 0755);
  mkdir(at("corpus/sub"), 0755);
  mkdir(at("out"), 0755);
  touch("corpus/a.txt");
  touch("corpus/sub/b.txt");
  touch("secret.txt");
  touch("gaz.csv");
  if (symlink(at("secret.txt"), at("corpus/to_secret")) ||
      symlink("/etc", at("corpus/to_etc")) || symlink("../secret.txt", at("out/rel_secret")) ||
      symlink("/nonexistent/dir/x", at("out/dangling")) || symlink(at("corpus"), at("out/to_corpus")))
    abort();
}

typedef struct {
  const char *path; /* relative to top, or absolute when it starts with '/' */
  sandbox_mode mode;
  int allowed;
  const char *why; /* a part of the refusal */
} path_case;

static const path_case cases[] = {
  {"corpus/a.txt", SANDBOX_READ, 1, NULL},
  {"corpus/sub/b.txt", SANDBOX_READ, 1, NULL},
  {"corpus", SANDBOX_READ, 1, NULL},
  {"corpus/../corpus/a.txt", SANDBOX_READ, 1, NULL},
  {"gaz.csv", SANDBOX_READ, 1, NULL},               /* a file as a root */
  {"corpus/a.txt", SANDBOX_WRITE, 0, "outside the writable paths"},
  {"secret.txt", SANDBOX_READ, 0, "outside the readable paths"},
  {"corpus/../secret.txt", SANDBOX_READ, 0, "outside the readable paths"},
  {"corpus/sub/../../secret.txt", SANDBOX_READ, 0, "outside"},
  {"corpus/to_secret", SANDBOX_READ, 0, "outside"},  /* symlink to a file outside */
  {"corpus/to_etc/passwd", SANDBOX_READ, 0, "outside"},
  {"/etc/passwd", SANDBOX_READ, 0, "outside the readable paths"},
  {"corpus-x/a.txt", SANDBOX_READ, 0, "outside"},    /* a name that only starts like a root */
  {"out/new.csv", SANDBOX_WRITE, 1, NULL},           /* does not exist yet */
  {"out/new/deeper/x.csv", SANDBOX_WRITE, 1, NULL},
  {"out/new.csv", SANDBOX_READ, 1, NULL},            /* writable implies readable */
  {"out/./x.csv", SANDBOX_WRITE, 1, NULL},
  {"out/../escape.csv", SANDBOX_WRITE, 0, "outside the writable paths"},
  {"out/new/../../escape.csv", SANDBOX_WRITE, 0, "'..' after a directory that does not exist"},
  {"out/rel_secret", SANDBOX_WRITE, 0, "outside"},   /* relative symlink out of out/ */
  {"out/dangling", SANDBOX_WRITE, 0, "dangling"},    /* would create a file elsewhere */
  {"out/to_corpus/a.txt", SANDBOX_WRITE, 0, "outside the writable paths"},
  {"out/to_corpus/a.txt", SANDBOX_READ, 1, NULL},    /* reads what a root allows */
  {"/tmp", SANDBOX_WRITE, 0, "outside"},
  {"", SANDBOX_READ, 0, "empty path"},
  {"later/x.csv", SANDBOX_WRITE, 1, NULL},           /* under a root that did not exist */
  {".out.new-x1/entities.csv", SANDBOX_WRITE, 1, NULL}, /* the outputs module's staging */
  {".out.old-x1", SANDBOX_WRITE, 1, NULL},
  {".out.new-x1/../secret.txt", SANDBOX_WRITE, 0, "'..' after"},
  {".outx.new-1/a.csv", SANDBOX_WRITE, 0, "outside"},
  {".out.tmp-1", SANDBOX_WRITE, 0, "outside"},
  {".corpus.new-1", SANDBOX_WRITE, 0, "outside"},     /* only writable roots have staging */
};

static void test_paths(void) {
  sandbox *s = sandbox_new();
  err e;
  CHECK(sandbox_allow(s, at("corpus"), SANDBOX_READ, &e) == 0, "%s", e.msg);
  CHECK(sandbox_allow(s, at("gaz.csv"), SANDBOX_READ, &e) == 0, "%s", e.msg);
  CHECK(sandbox_allow(s, at("out"), SANDBOX_WRITE, &e) == 0, "%s", e.msg);
  CHECK(sandbox_allow(s, at("later"), SANDBOX_WRITE, &e) == 0, "%s", e.msg);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const path_case *c = &cases[i];
    const char *p = c->path[0] == '/' || !c->path[0] ? c->path : at(c->path);
    e.msg[0] = '\0';
    int rc = sandbox_check(s, p, c->mode, &e);
    CHECK(rc == (c->allowed ? 0 : -1), "case %zu %s (%s): rc %d, %s", i, c->path,
          c->mode ? "w" : "r", rc, e.msg);
    if (!c->allowed && rc < 0) {
      CHECK(strncmp(e.msg, "sandbox: ", 9) == 0 && strstr(e.msg, c->why),
            "case %zu %s: message \"%s\" lacks \"%s\"", i, c->path, e.msg, c->why);
      CHECK(strstr(e.msg, c->path) != NULL, "case %zu: message names the path: %s", i, e.msg);
    }
  }
  sandbox_free(s);
}

/* A relative path resolves against the working directory. */
static void test_relative(void) {
  sandbox *s = sandbox_new();
  err e;
  char cwd[512];
  if (!getcwd(cwd, sizeof cwd)) abort();
  CHECK(sandbox_allow(s, at("corpus"), SANDBOX_READ, &e) == 0, "%s", e.msg);
  CHECK(chdir(at("corpus/sub")) == 0, "chdir");
  CHECK(sandbox_check(s, "b.txt", SANDBOX_READ, &e) == 0, "%s", e.msg);
  CHECK(sandbox_check(s, "../a.txt", SANDBOX_READ, &e) == 0, "%s", e.msg);
  CHECK(sandbox_check(s, "../../secret.txt", SANDBOX_READ, &e) == -1, "escape with ..");
  CHECK(chdir(cwd) == 0, "chdir back");
  const char *root;
  CHECK(sandbox_roots(s, SANDBOX_READ, 0, &root) == 1 && strstr(root, "/corpus"), "roots");
  CHECK(sandbox_roots(s, SANDBOX_WRITE, 0, &root) == 0, "no writable root");
  sandbox_free(s);
}

/* An empty policy allows nothing; a "/" root allows everything. */
static void test_extremes(void) {
  sandbox *s = sandbox_new();
  err e;
  CHECK(sandbox_check(s, at("corpus/a.txt"), SANDBOX_READ, &e) == -1, "empty policy");
  CHECK(sandbox_allow(s, "/", SANDBOX_READ, &e) == 0, "%s", e.msg);
  CHECK(sandbox_check(s, "/etc/passwd", SANDBOX_READ, &e) == 0, "%s", e.msg);
  CHECK(sandbox_check(s, "/etc/passwd", SANDBOX_WRITE, &e) == -1, "read-only root");
  sandbox_free(s);
}

int main(void) {
  make_tree();
  RUN(test_paths);
  RUN(test_relative);
  RUN(test_extremes);
  char cmd[512];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", top);
  if (system(cmd) != 0) fprintf(stderr, "could not remove %s\n", top);
  return check_done();
}
