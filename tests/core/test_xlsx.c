/* test_xlsx.c: workbooks (xlsx.h): typed cells as the sheet's XML holds them, text made
 * safe, the "C" locale for numbers, header, widths, direction, the row limit, and a
 * workbook written whole or not at all. The XML is read back with unzip (skipped without). */
#include <locale.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/buf.h"
#include "check.h"
#include "io/xlsx.h"

static char dir[] = "/tmp/sahel-test-xlsx-XXXXXX";

/* path_of: dir/name in a static buffer. */
static const char *path_of(const char *name) {
  static char p[256];
  snprintf(p, sizeof p, "%s/%s", dir, name);
  return p;
}

/* part: the member `member` of the zip file path into out (cleared first); 0, or -1. */
static int part(const char *path, const char *member, buf *out) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "unzip -p '%s' '%s' 2>/dev/null", path, member);
  FILE *p = popen(cmd, "r");
  if (!p) return -1;
  buf_clear(out);
  char chunk[4096];
  size_t n;
  while ((n = fread(chunk, 1, sizeof chunk, p)) > 0) buf_add(out, chunk, n);
  return pclose(p) == 0 && out->len > 0 ? 0 : -1;
}

/* has: whether the XML in b holds s. */
static int has(const buf *b, const char *s) { return b->data && strstr(b->data, s) != NULL; }

/* row_of: write the NULL-terminated texts as one row of s. */
static void row_of(xlsxsheet *s, const char *const *texts) {
  err e;
  for (; *texts; texts++) CHECK(xlsx_text(s, *texts, strlen(*texts), &e) == 0, "%s", e.msg);
  xlsx_endrow(s);
}

/* Text that looks like a number, a date, a formula or an escape stays that text; bad
 * bytes become U+FFFD; numbers are numbers, inf and nan text. */
static void test_types(void) {
  err e;
  xlsxbook *b = xlsx_open(path_of("types.xlsx"), 0, &e);
  CHECK(b != NULL, "%s", e.msg);
  if (!b) return;
  xlsxsheet *s = xlsx_sheet(b, "t", NULL, &e);
  static const char *const texts[] = {"2-", "3%", "2015-08-01", "=1+1", "+33", "_x0041_",
                                      "\xff" "a", "مالي <&>", NULL};
  row_of(s, texts);
  CHECK(xlsx_text(s, "a\0b", 3, &e) == 0, "%s", e.msg);
  CHECK(xlsx_num(s, 0.5, &e) == 0, "%s", e.msg);
  CHECK(xlsx_num(s, 1.0 / 0.0, &e) == 0, "%s", e.msg);
  CHECK(xlsx_num(s, -0.0, &e) == 0, "%s", e.msg);
  CHECK(xlsx_bool(s, 1, &e) == 0, "%s", e.msg);
  CHECK(xlsx_null(s, &e) == 0, "%s", e.msg);
  CHECK(xlsx_num(s, 42, &e) == 0, "%s", e.msg);
  xlsx_endrow(s);
  CHECK(xlsx_close(b, &e) == 0, "%s", e.msg);
  buf x;
  buf_init(&x);
  CHECK(part(path_of("types.xlsx"), "xl/worksheets/sheet1.xml", &x) == 0, "no sheet1.xml");
  static const char *const want[] = {
    "<c r=\"A1\" t=\"inlineStr\"><is><t>2-</t></is></c>",
    "<c r=\"B1\" t=\"inlineStr\"><is><t>3%</t></is></c>",
    "<c r=\"C1\" t=\"inlineStr\"><is><t>2015-08-01</t></is></c>",
    "<c r=\"D1\" t=\"inlineStr\"><is><t>=1+1</t></is></c>",
    "<c r=\"E1\" t=\"inlineStr\"><is><t>+33</t></is></c>",
    "<t>_x005F_x0041_</t>", "<t>\xEF\xBF\xBD" "a</t>", "<t>مالي &lt;&amp;&gt;</t>",
    "<t>a\xEF\xBF\xBD" "b</t>", "<c r=\"B2\"><v>0.5</v></c>",
    "<c r=\"C2\" t=\"inlineStr\"><is><t>inf</t></is></c>", "<c r=\"D2\"><v>0</v></c>",
    "<c r=\"E2\" t=\"b\"><v>1</v></c>", "<c r=\"G2\"><v>42</v></c>",
  };
  for (size_t i = 0; i < sizeof want / sizeof *want; i++) CHECK(has(&x, want[i]), "%s", want[i]);
  CHECK(!has(&x, "F2"), "an empty cell is not written");
  CHECK(!has(&x, "rightToLeft"), "left to right by default");
  CHECK(!has(&x, "<pane"), "no header, no frozen row");
  buf_free(&x);
}

/* A header row is bold and frozen, with an autofilter over every row; widths follow the
 * widest cell, within bounds; the workbook is in the C locale whatever LC_NUMERIC says. */
static void test_header_widths(void) {
  err e;
  xlsxbook *b = xlsx_open(path_of("header.xlsx"), 0, &e);
  CHECK(b != NULL, "%s", e.msg);
  if (!b) return;
  xlsxsheet_opts o = {.header = 1, .dir = XLSX_LTR};
  xlsxsheet *s = xlsx_sheet(b, "entities", &o, &e);
  static const char *const head[] = {"id", "name", "long", NULL};
  row_of(s, head);
  char long_text[200];
  memset(long_text, 'x', sizeof long_text - 1);
  long_text[sizeof long_text - 1] = '\0';
  static const char *row2[] = {"mali", "جمهورية مالي", NULL, NULL};
  row2[2] = long_text;
  row_of(s, row2);
  row_of(s, row2);
  CHECK(xlsx_close(b, &e) == 0, "%s", e.msg);
  buf x;
  buf_init(&x);
  CHECK(part(path_of("header.xlsx"), "xl/worksheets/sheet1.xml", &x) == 0, "no sheet1.xml");
  CHECK(has(&x, "<pane ySplit=\"1\" topLeftCell=\"A2\" activePane=\"bottomLeft\" "
                "state=\"frozen\"/>"), "frozen header");
  CHECK(has(&x, "<autoFilter ref=\"A1:C3\"/>"), "autofilter");
  CHECK(has(&x, "<c r=\"A1\" s=\"1\" t=\"inlineStr\"><is><t>id</t>"), "bold header");
  CHECK(has(&x, "<c r=\"A2\" t=\"inlineStr\"><is><t>mali</t>"), "plain body");
  CHECK(has(&x, "<col min=\"1\" max=\"1\" width=\"8.7109375\" customWidth=\"1\"/>"),
        "narrow column: 6 + 2");
  CHECK(has(&x, "<col min=\"2\" max=\"2\" width=\"14.7109375\""), "12 characters + 2");
  CHECK(has(&x, "<col min=\"3\" max=\"3\" width=\"62.7109375\""), "capped at 60 + 2");
  buf_free(&x);
}

/* XLSX_AUTO turns a sheet right to left at its first Arabic letter, and only then. */
static void test_direction(void) {
  err e;
  xlsxbook *b = xlsx_open(path_of("dir.xlsx"), 0, &e);
  CHECK(b != NULL, "%s", e.msg);
  if (!b) return;
  static const struct { const char *name, *text; xlsx_dir dir; int rtl; } cases[] = {
    {"auto_ar", "article مالي", XLSX_AUTO, 1}, {"auto_latin", "Mali, Niger", XLSX_AUTO, 0},
    {"rtl", "Mali", XLSX_RTL, 1}, {"ltr", "مالي", XLSX_LTR, 0},
    {"auto_forms", "\xEF\xBB\xB7", XLSX_AUTO, 1},
  };
  size_t n = sizeof cases / sizeof *cases;
  for (size_t i = 0; i < n; i++) {
    xlsxsheet_opts o = {.header = 0, .dir = cases[i].dir};
    xlsxsheet *s = xlsx_sheet(b, cases[i].name, &o, &e);
    const char *row[] = {"id", cases[i].text, NULL};
    row_of(s, row);
    CHECK_INT(xlsx_counts(s).rtl, cases[i].rtl);
  }
  CHECK(xlsx_close(b, &e) == 0, "%s", e.msg);
  buf x;
  buf_init(&x);
  for (size_t i = 0; i < n; i++) {
    char member[64];
    snprintf(member, sizeof member, "xl/worksheets/sheet%zu.xml", i + 1);
    CHECK(part(path_of("dir.xlsx"), member, &x) == 0, "%s", member);
    CHECK(has(&x, "rightToLeft=\"1\"") == cases[i].rtl, "%s", cases[i].name);
  }
  buf_free(&x);
}

/* Rows past the limit are counted, not written; text past 32,767 units is cut. */
static void test_limits(void) {
  err e;
  xlsxbook *b = xlsx_open(path_of("limits.xlsx"), 3, &e);
  CHECK(b != NULL, "%s", e.msg);
  if (!b) return;
  xlsxsheet_opts o = {.header = 1, .dir = XLSX_LTR};
  xlsxsheet *s = xlsx_sheet(b, "kwic", &o, &e);
  static const char *const rows[][2] = {{"h", NULL}, {"r1", NULL}, {"r2", NULL},
                                        {"r3", NULL}, {"r4", NULL}};
  for (size_t i = 0; i < 5; i++) row_of(s, rows[i]);
  xlsxsheet_counts c = xlsx_counts(s);
  CHECK_INT(c.rows, 3);
  CHECK_INT(c.cut_rows, 2);
  xlsxsheet *t = xlsx_sheet(b, "long", NULL, &e);
  size_t n = 40000;
  char *big = malloc(4 * n);
  memset(big, 'a', n);
  CHECK(xlsx_text(t, big, n, &e) == 0, "%s", e.msg);
  for (size_t i = 0; i < n; i++) memcpy(big + 4 * i, "\xF0\x9F\x98\x80", 4); /* U+1F600 */
  CHECK(xlsx_text(t, big, 4 * n, &e) == 0, "%s", e.msg);
  CHECK(xlsx_text(t, "ok", 2, &e) == 0, "%s", e.msg);
  xlsx_endrow(t);
  free(big);
  CHECK_INT(xlsx_counts(t).cut_texts, 2);
  CHECK(xlsx_close(b, &e) == 0, "%s", e.msg);
  buf x;
  buf_init(&x);
  CHECK(part(path_of("limits.xlsx"), "xl/worksheets/sheet1.xml", &x) == 0, "sheet1");
  CHECK(has(&x, "<t>r2</t>") && !has(&x, "<t>r3</t>"), "rows past the limit left out");
  CHECK(has(&x, "<autoFilter ref=\"A1:A3\"/>"), "the filter covers the rows written");
  CHECK(part(path_of("limits.xlsx"), "xl/worksheets/sheet2.xml", &x) == 0, "sheet2");
  char *a = strstr(x.data, "<t>a"), *end = a ? strstr(a, "</t>") : NULL;
  CHECK(a && end && end - a - 3 == 32767, "cut at 32767 characters");
  char *f = strstr(x.data, "<t>\xF0\x9F\x98\x80");
  end = f ? strstr(f, "</t>") : NULL;
  CHECK(f && end && end - f - 3 == 4 * 16383, "16383 characters of two UTF-16 units each");
  CHECK(has(&x, "<t>ok</t>"), "the row goes on after a cut cell");
  buf_free(&x);
}

/* Bad sheet names and too many columns are refused with a message naming the file. */
static void test_refusals(void) {
  err e;
  xlsxbook *b = xlsx_open(path_of("bad.xlsx"), 0, &e);
  CHECK(b != NULL, "%s", e.msg);
  if (!b) return;
  static const char *const bad[] = {"", "a/b", "x[1]", "0123456789012345678901234567890123",
                                    "dup"};
  CHECK(xlsx_sheet(b, "Dup", NULL, &e) != NULL, "%s", e.msg);
  for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
    e.msg[0] = '\0';
    CHECK(xlsx_sheet(b, bad[i], NULL, &e) == NULL, "'%s' accepted", bad[i]);
    CHECK(strstr(e.msg, "bad.xlsx: sheet name") != NULL, "%s", e.msg);
  }
  xlsxsheet *s = xlsx_sheet(b, "wide", NULL, &e);
  int rc = 0;
  for (unsigned i = 0; i <= XLSX_MAX_COLS && rc == 0; i++) rc = xlsx_null(s, &e);
  CHECK(rc == -1 && strstr(e.msg, "more than 16384 columns"), "%s", e.msg);
  xlsx_abort(b);
}

/* A workbook is whole or not at all: abort leaves the old file and no temporary. */
static void test_whole_or_nothing(void) {
  const char *p = path_of("keep.xlsx");
  FILE *f = fopen(p, "w");
  fputs("old", f);
  fclose(f);
  err e;
  xlsxbook *b = xlsx_open(p, 0, &e);
  CHECK(b != NULL, "%s", e.msg);
  xlsxsheet *s = xlsx_sheet(b, "a", NULL, &e);
  const char *row[] = {"new", NULL};
  row_of(s, row);
  xlsx_abort(b);
  struct stat st;
  CHECK(stat(p, &st) == 0 && st.st_size == 3, "the old file is left as it was");
  char cmd[300];
  snprintf(cmd, sizeof cmd, "ls -A '%s' | grep -q tmp", dir);
  CHECK(system(cmd) != 0, "no temporary left");
  CHECK(xlsx_open("/nonexistent-dir/x.xlsx", 0, &e) == NULL, "no directory");
  CHECK(strstr(e.msg, "/nonexistent-dir/x.xlsx") != NULL, "%s", e.msg);
}

/* xlsx_finish writes in a thread: abort then leaves the old file, close commits. */
static void test_finish(void) {
  const char *p = path_of("finish.xlsx");
  err e;
  for (int commit = 0; commit <= 1; commit++) {
    xlsxbook *b = xlsx_open(p, 0, &e);
    CHECK(b != NULL, "%s", e.msg);
    if (!b) return;
    xlsxsheet_opts o = {.header = 1, .dir = XLSX_AUTO};
    xlsxsheet *s = xlsx_sheet(b, "k", &o, &e);
    const char *row[] = {"مالي", NULL};
    for (int i = 0; i < 1000; i++) row_of(s, row);
    xlsx_finish(b);
    if (commit) CHECK(xlsx_close(b, &e) == 0, "%s", e.msg);
    else xlsx_abort(b);
    struct stat st;
    CHECK((stat(p, &st) == 0) == commit, "committed only by close");
  }
  buf x;
  buf_init(&x);
  CHECK(part(p, "xl/worksheets/sheet1.xml", &x) == 0, "sheet1");
  CHECK(has(&x, "<autoFilter ref=\"A1:A1000\"/>") && has(&x, "rightToLeft=\"1\""),
        "finished in the thread");
  buf_free(&x);
}

/* Numbers are written with '.' under a comma-decimal LC_NUMERIC (fr_FR built with
 * localedef into the test's directory; skipped when that cannot be done). */
static void test_locale(void) {
  char cmd[512];
  snprintf(cmd, sizeof cmd, "localedef -i fr_FR -f UTF-8 '%s/fr_FR.UTF-8' >/dev/null 2>&1",
           dir);
  setenv("LOCPATH", dir, 1);
  if (system(cmd) != 0 || !setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
    printf("skipped the locale case: cannot build fr_FR.UTF-8 with localedef\n");
    return;
  }
  char probe[16];
  snprintf(probe, sizeof probe, "%.1f", 0.5);
  CHECK_STR(probe, "0,5");
  err e;
  xlsxbook *b = xlsx_open(path_of("locale.xlsx"), 0, &e);
  xlsxsheet *s = xlsx_sheet(b, "a", NULL, &e);
  xlsx_num(s, 0.5, &e);
  xlsx_endrow(s);
  CHECK(xlsx_close(b, &e) == 0, "%s", e.msg);
  setlocale(LC_NUMERIC, "C");
  buf x;
  buf_init(&x);
  CHECK(part(path_of("locale.xlsx"), "xl/worksheets/sheet1.xml", &x) == 0, "sheet1");
  CHECK(has(&x, "<v>0.5</v>") && !has(&x, "0,"), "numbers and widths in the C locale");
  buf_free(&x);
}

int main(void) {
  if (system("command -v unzip >/dev/null") != 0) {
    printf("skipped: unzip absent\n");
    return 77;
  }
  if (!mkdtemp(dir)) return 1;
  RUN(test_types);
  RUN(test_header_widths);
  RUN(test_direction);
  RUN(test_limits);
  RUN(test_refusals);
  RUN(test_whole_or_nothing);
  RUN(test_finish);
  RUN(test_locale);
  char cmd[300];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
  if (system(cmd) != 0) fprintf(stderr, "cannot remove %s\n", dir);
  return check_done();
}
