/* test_csv.c: the CSV reader (csvread.h, libcsv underneath) and writer (csvwrite.h). */
#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <unistd.h>

#include "base/buf.h"
#include "check.h"
#include "io/csvread.h"
#include "io/csvread_warn.h"
#include "io/csvwrite.h"
#include "base/mem.h"

/* dump: every record of a reader as "line:f1|f2|...;" into out (fields shown with their
 * lengths' worth of bytes, NULs as \0); the final csvread_next result. */
static int dump(csvreader *c, buf *out, err *e) {
  csvrecord r;
  int rc;
  while ((rc = csvread_next(c, &r, e)) == 1) {
    buf_addf(out, "%zu:", r.line);
    for (size_t i = 0; i < r.nfields; i++) {
      if (i) buf_addc(out, '|');
      for (size_t k = 0; k < r.lens[i]; k++) {
        if (r.fields[i][k]) buf_addc(out, r.fields[i][k]);
        else buf_adds(out, "\\0");
      }
    }
    buf_addc(out, ';');
  }
  return rc;
}

/* read_all: dump the CSV text s (read from memory) with options o. */
static int read_all(const char *s, size_t len, const csvread_opts *o, buf *out, err *e) {
  csvreader *c = csvread_open_memory("mem.csv", s, len, o, e);
  if (!c) return -1;
  int rc = dump(c, out, e);
  csvread_close(c);
  return rc;
}

static void test_read(void) {
  static const struct { const char *in, *want; } cases[] = {
    {"a,b,c\n1,2,3\n", "1:a|b|c;2:1|2|3;"},
    {"a,b\r\n1,2\r\n", "1:a|b;2:1|2;"},
    {"a,b\r1,2\r", "1:a|b;2:1|2;"},
    {"a,b\n1,2", "1:a|b;2:1|2;"},
    {"\xEF\xBB\xBFid,name\nmali,مالي\n", "1:id|name;2:mali|مالي;"},
    {"x\n\n\ny\n", "1:x;4:y;"},
    {"\"a,b\",\"say \"\"hi\"\"\"\n", "1:a,b|say \"hi\";"},
    {"\"multi\nline\",2\nnext,3\n", "1:multi\nline|2;3:next|3;"},
    {" padded , b \n", "1: padded | b ;"},
    {",\n", "1:|;"},
    {"a,,c\n", "1:a||c;"},
    {"\"\"\n", "1:;"},
    {"الجزائر,\"باماكو، مالي\"\n", "1:الجزائر|باماكو، مالي;"},
    {"", ""},
    {"\n\n", ""},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    buf out;
    buf_init(&out);
    err e = {{0}};
    int rc = read_all(cases[i].in, strlen(cases[i].in), NULL, &out, &e);
    CHECK(rc == 0, "case %zu: rc %d %s", i, rc, e.msg);
    CHECK(strcmp(out.len ? out.data : "", cases[i].want) == 0, "case %zu: got \"%s\"", i,
          out.len ? out.data : "");
    buf_free(&out);
  }
}

static void test_read_options(void) {
  buf out;
  buf_init(&out);
  err e;
  csvread_opts semi = {';', '\'', 1};
  CHECK_INT(read_all("a;'b;c'\n", 8, &semi, &out, &e), 0);
  CHECK_STR(out.data, "1:a|b;c;");
  buf_clear(&out);
  CHECK_INT(read_all("a,b\0c\n", 6, NULL, &out, &e), 0);
  CHECK_STR(out.data, "1:a|b\\0c;");
  buf_free(&out);
}

static void test_read_errors(void) {
  static const struct { const char *in, *want; } cases[] = {
    {"a,b\"c\n", "mem.csv:1:4: unbalanced quote"},
    {"x\n\"ab\"c,d\n", "mem.csv:2:5: unbalanced quote"},
    {"id,name\nmali,\"مالي\"x\n", "mem.csv:2:12: unbalanced quote (text after"},
    {"a,b\n1,\"open\nmore\n", "mem.csv:2:3: unbalanced quote (a quoted field is never closed)"},
    {"\n\n\"open", "mem.csv:3:1: unbalanced quote"},
    {"\"ok\nstill\",x\"y\n", "mem.csv:2:9: unbalanced quote (a quote inside"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    buf out;
    buf_init(&out);
    err e = {{0}};
    int rc = read_all(cases[i].in, strlen(cases[i].in), NULL, &out, &e);
    CHECK(rc == -1, "case %zu: rc %d", i, rc);
    CHECK(strncmp(e.msg, cases[i].want, strlen(cases[i].want)) == 0, "case %zu: got \"%s\"",
          i, e.msg);
    buf_free(&out);
  }
}

/* collect: a warn_sink callback appending messages to a buf. */
static void collect(void *ud, const char *msg) {
  buf_adds(ud, msg);
  buf_addc(ud, ';');
}

static void test_read_lenient(void) {
  static const struct { const char *in, *records, *warnings; } cases[] = {
    {"a,b\"c,d\n", "1:a|b\"c|d;", "mem.csv:1:4: unbalanced quote (a quote inside an unquoted field);"},
    {"a,\"open\n", "1:a|open\n;", "mem.csv:1:3: unbalanced quote (a quoted field is never closed);"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    buf out, warns;
    buf_init(&out);
    buf_init(&warns);
    err e = {{0}};
    csvread_opts lenient = {0, 0, 0};
    csvreader *c = csvread_open_memory("mem.csv", cases[i].in, strlen(cases[i].in), &lenient, &e);
    warn_sink w = {collect, &warns};
    csvread_set_warn(c, &w);
    CHECK_INT(dump(c, &out, &e), 0);
    csvread_close(c);
    CHECK_STR(out.len ? out.data : "", cases[i].records);
    CHECK_STR(warns.len ? warns.data : "", cases[i].warnings);
    buf_free(&out);
    buf_free(&warns);
  }
}

/* Records spanning the 64 KiB chunks keep their fields and line numbers. */
static void test_read_chunks(void) {
  buf in;
  buf_init(&in);
  for (int i = 0; i < 20000; i++) {
    if (i % 7 == 3) buf_addf(&in, "%d,\"quoted, with\nnewline %d\"\n", i, i);
    else buf_addf(&in, "%d,plain %d\n", i, i);
  }
  buf_adds(&in, "last,\"x\"\"y");
  err e = {{0}};
  csvreader *c = csvread_open_memory("big.csv", in.data, in.len, NULL, &e);
  csvrecord r;
  size_t line = 1, n = 0;
  int ok = 1;
  while (csvread_next(c, &r, &e) == 1 && n < 20000) {
    char want[64];
    int quoted = n % 7 == 3;
    snprintf(want, sizeof want, quoted ? "quoted, with\nnewline %zu" : "plain %zu", n);
    if (r.line != line || r.nfields != 2 || strcmp(r.fields[1], want) != 0 ||
        atol(r.fields[0]) != (long)n) {
      ok = 0;
      break;
    }
    line += quoted ? 2 : 1;
    n++;
  }
  CHECK(ok && n == 20000, "record %zu (line %zu) wrong", n, line);
  CHECK_INT(csvread_next(c, &r, &e), -1);
  CHECK(strstr(e.msg, "big.csv:") && strstr(e.msg, ":6: unbalanced quote"), "%s", e.msg);
  csvread_close(c);
  buf_free(&in);
}

static void test_read_file(void) {
  char path[] = "/tmp/sahel-csv-XXXXXX";
  int fd = mkstemp(path);
  const char text[] = "\xEF\xBB\xBFh1,h2\n\"a\",b\n";
  CHECK_INT(write(fd, text, sizeof text - 1), (long)(sizeof text - 1));
  close(fd);
  err e = {{0}};
  csvreader *c = csvread_open(path, NULL, &e);
  buf out;
  buf_init(&out);
  CHECK_INT(dump(c, &out, &e), 0);
  CHECK_STR(out.data, "1:h1|h2;2:a|b;");
  CHECK_STR(csvread_name(c), path);
  csvread_close(c);
  unlink(path);
  buf_free(&out);
  CHECK(csvread_open("/nonexistent/file.csv", NULL, &e) == NULL, "opened");
  CHECK(strstr(e.msg, "/nonexistent/file.csv: ") == e.msg, "%s", e.msg);
  csvread_close(NULL);
}

static void test_format_num(void) {
  static const struct { double v; const char *want; } cases[] = {
    {0, "0"}, {-0.0, "0"}, {1, "1"}, {2.5, "2.5"}, {-1.25, "-1.25"},
    {1.0 / 3, "0.333333"}, {123456789, "1.23457e+08"}, {1234567, "1.23457e+06"},
    {123456, "123456"}, {0.0001, "0.0001"}, {1e-5, "1e-05"}, {3.14159265, "3.14159"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char out[32];
    CHECK_STR(csvwrite_format_num(cases[i].v, out), cases[i].want);
  }
  char out[32];
  CHECK_STR(csvwrite_format_num(INFINITY, out), "inf");
  CHECK_STR(csvwrite_format_num(-INFINITY, out), "-inf");
  CHECK_STR(csvwrite_format_num(NAN, out), "nan");
  /* a locale with a decimal comma does not change the output */
  if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    CHECK_STR(csvwrite_format_num(2.5, out), "2.5");
    setlocale(LC_NUMERIC, "C");
  }
}

/* A row of writer calls, encoded: t = text, i = int, n = num, 0 = null, / = end of row. */
typedef struct {
  const char *ops;
  const char *text[6];
  double num[6];
} row_script;

/* run_script: write the script into a file with options o; the file's bytes into out. */
static int run_script(const row_script *s, const csvwrite_opts *o, buf *out, err *e) {
  char path[] = "/tmp/sahel-csvw-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  csvwriter *w = csvwrite_open(path, o, e);
  if (!w) return -1;
  size_t t = 0, n = 0;
  for (const char *op = s->ops; *op; op++) {
    if (*op == 't') csvwrite_text(w, s->text[t], strlen(s->text[t])), t++;
    else if (*op == 'i') csvwrite_int(w, (int64_t)s->num[n++]);
    else if (*op == 'n') csvwrite_num(w, s->num[n++]);
    else if (*op == '0') csvwrite_null(w);
    else csvwrite_endrow(w);
  }
  if (csvwrite_close(w, e) < 0) return -1;
  FILE *f = fopen(path, "rb");
  char tmp[512];
  size_t k = fread(tmp, 1, sizeof tmp, f);
  fclose(f);
  unlink(path);
  buf_clear(out);
  return buf_add(out, tmp, k);
}

static void test_write(void) {
  static const struct { row_script s; int excel; const char *want; } cases[] = {
    {{"tt/ti/", {"a", "b", "x"}, {42}}, 0, "a,b\nx,42\n"},
    {{"tn/", {"مالي"}, {0.5}}, 0, "مالي,0.5\n"},
    {{"tttt/", {"a,b", "say \"hi\"", "two\nlines", "cr\rhere"}, {0}}, 0,
     "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\"\n"},
    {{"tttttt/", {"=cmd", "+1", "-x", "@SUM(A1)", "\tTab", "\rCR"}, {0}}, 0,
     "'=cmd,'+1,'-x,'@SUM(A1),'\tTab,\"'\rCR\"\n"},
    {{"tnni/", {"=a,b"}, {-1.5, -2, -3}}, 0, "\"'=a,b\",-1.5,-2,-3\n"},
    {{"t0t/", {"a", "c"}, {0}}, 0, "a,,c\n"},
    {{"0/t/", {""}, {0}}, 0, "\"\"\n\"\"\n"},
    {{"tt/", {"a", "b"}, {0}}, 1, "\xEF\xBB\xBF" "a,b\r\n"},
    {{"n/", {NULL}, {1e6}}, 0, "1e+06\n"},
    {{"t/", {"a=b"}, {0}}, 0, "a=b\n"},
  };
  buf out;
  buf_init(&out);
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    csvwrite_opts o = {cases[i].excel, 0, 0};
    err e = {{0}};
    CHECK(run_script(&cases[i].s, &o, &out, &e) == 0, "case %zu: %s", i, e.msg);
    CHECK(out.len == strlen(cases[i].want) && memcmp(out.data, cases[i].want, out.len) == 0,
          "case %zu: got \"%.*s\"", i, (int)out.len, out.data);
  }
  csvwrite_opts raw = {0, ';', 1};
  row_script s = {"tt/", {"=x", "a;b"}, {0}};
  err e;
  CHECK_INT(run_script(&s, &raw, &out, &e), 0);
  CHECK_STR(out.data, "=x;\"a;b\"\n");
  buf_free(&out);
}

/* What the writer writes, the reader reads back field for field (the guard aside). */
static void test_round_trip(void) {
  static const char *fields[] = {
    "بالجزائر، \"الأزمة\"", "line1\nline2\r\nline3", "\xE2\x80\x8Fمالي\xE2\x80\x8E",
    "", " spaced ", "plain", "a,b,c", "\"", "قوات \"فاغنر\"، وأفريكا كوربس",
  };
  const size_t n = sizeof fields / sizeof fields[0];
  char path[] = "/tmp/sahel-csvrt-XXXXXX";
  close(mkstemp(path));
  err e = {{0}};
  csvwriter *w = csvwrite_open(path, NULL, &e);
  for (size_t i = 0; i < n; i++) csvwrite_text(w, fields[i], strlen(fields[i]));
  csvwrite_endrow(w);
  CHECK_INT(csvwrite_close(w, &e), 0);
  csvreader *c = csvread_open(path, NULL, &e);
  csvrecord r;
  CHECK_INT(csvread_next(c, &r, &e), 1);
  CHECK_INT(r.nfields, n);
  for (size_t i = 0; i < n && i < r.nfields; i++) CHECK_STR(r.fields[i], fields[i]);
  CHECK_INT(csvread_next(c, &r, &e), 0);
  csvread_close(c);
  unlink(path);
}

/* Abort leaves the target as it was. */
static void test_write_abort(void) {
  char path[] = "/tmp/sahel-csvab-XXXXXX";
  int fd = mkstemp(path);
  CHECK_INT(write(fd, "keep\n", 5), 5);
  close(fd);
  err e;
  csvwriter *w = csvwrite_open(path, NULL, &e);
  csvwrite_text(w, "gone", 4);
  csvwrite_endrow(w);
  csvwrite_abort(w);
  csvwrite_abort(NULL);
  char got[16] = {0};
  FILE *f = fopen(path, "rb");
  CHECK(fread(got, 1, sizeof got - 1, f) == 5, "size");
  fclose(f);
  CHECK_STR(got, "keep\n");
  unlink(path);
}

/* Every reader and writer above gave back all it took from mem.h. */
static void test_no_leak(void) { CHECK_INT(mem_used(), 0); }

int main(void) {
  RUN(test_read);
  RUN(test_read_options);
  RUN(test_read_errors);
  RUN(test_read_lenient);
  RUN(test_read_chunks);
  RUN(test_read_file);
  RUN(test_format_num);
  RUN(test_write);
  RUN(test_round_trip);
  RUN(test_write_abort);
  RUN(test_no_leak);
  return check_done();
}
