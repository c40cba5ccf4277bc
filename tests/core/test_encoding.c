/* test_encoding.c: UTF-8 checking and repair (every kind of ill-formed input), BOMs, ICU
 * converters by name, and ICU's charset detector. */
#include <stdlib.h>
#include <unicode/ucnv.h>

#include "check.h"
#include "text/encoding.h"

#define FFFD "\xEF\xBF\xBD"

typedef struct {
  const char *name;
  const char *in;
  size_t len; /* 0: strlen */
  const char *out;
  size_t count, first;
} repair_case;

static const repair_case repairs[] = {
  {"valid ASCII", "hello, world", 0, "hello, world", 0, 0},
  {"valid Arabic", "مالي", 0, "مالي", 0, 0},
  {"valid 4-byte", "a\xF0\x9F\x98\x80" "b", 0, "a\xF0\x9F\x98\x80" "b", 0, 0},
  {"overlong 2-byte", "a\xC0\xAF" "b", 0, "a" FFFD FFFD "b", 2, 1},
  {"overlong 3-byte", "a\xE0\x80\xAF" "b", 0, "a" FFFD FFFD FFFD "b", 3, 1},
  {"overlong 4-byte", "a\xF0\x80\x80\xAF" "b", 0, "a" FFFD FFFD FFFD FFFD "b", 4, 1},
  {"surrogate", "a\xED\xA0\x80" "b", 0, "a" FFFD FFFD FFFD "b", 3, 1},
  {"above U+10FFFF", "a\xF4\x90\x80\x80" "b", 0, "a" FFFD FFFD FFFD FFFD "b", 4, 1},
  {"F5..FF lead", "a\xF5\xFF" "b", 0, "a" FFFD FFFD "b", 2, 1},
  {"truncated 3-byte at end", "ab\xE2\x80", 0, "ab" FFFD, 1, 2},
  {"truncated 3-byte inside", "a\xE2\x80" "b", 0, "a" FFFD "b", 1, 1},
  {"truncated 4-byte", "\xF0\x9F\x98" "x", 0, FFFD "x", 1, 0},
  {"stray continuation", "\x80" "a\xBF", 0, FFFD "a" FFFD, 2, 0},
  {"NUL byte", "a\0b", 3, "a" FFFD "b", 1, 1},
  {"lone lead at end", "abc\xC3", 0, "abc" FFFD, 1, 3},
  {"windows-1256 bytes", "\xE3\xC7\xE1\xED", 0, FFFD FFFD FFFD FFFD, 4, 0},
};

/* test_repair: each case, offsets counted from a base of 1000. */
static void test_repair(void) {
  for (size_t i = 0; i < sizeof repairs / sizeof *repairs; i++) {
    const repair_case *c = &repairs[i];
    size_t len = c->len ? c->len : strlen(c->in);
    buf out;
    buf_init(&out);
    enc_bad bad = {0, 0};
    CHECK_INT(enc_repair_utf8(c->in, len, 1000, &out, &bad), 0);
    CHECK(out.len == strlen(c->out) && memcmp(out.data, c->out, out.len) == 0,
          "%s: got \"%.*s\"", c->name, (int)out.len, out.data);
    CHECK(bad.count == c->count, "%s: count %zu, want %zu", c->name, bad.count, c->count);
    if (c->count) CHECK(bad.first == 1000 + c->first, "%s: first %zu", c->name, bad.first);
    CHECK_INT(enc_valid_utf8(c->in, len), c->count ? c->first : len);
    buf_free(&out);
  }
}

/* test_bom: each byte-order mark, and none. */
static void test_bom(void) {
  static const struct {
    const char *bytes;
    size_t len;
    const char *name;
    size_t bom;
  } rows[] = {
    {"\xEF\xBB\xBFx", 4, "UTF-8", 3},   {"\xFF\xFEx\0", 4, "UTF-16LE", 2},
    {"\xFE\xFF\0x", 4, "UTF-16BE", 2},  {"\xFF\xFE\0\0", 4, "UTF-32LE", 4},
    {"\0\0\xFE\xFF", 4, "UTF-32BE", 4}, {"abc", 3, NULL, 0}, {"", 0, NULL, 0},
  };
  for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
    size_t n = 99;
    const char *got = enc_bom(rows[i].bytes, rows[i].len, &n);
    CHECK(got == rows[i].name || (got && rows[i].name && strcmp(got, rows[i].name) == 0),
          "row %zu: %s", i, got ? got : "NULL");
    CHECK_INT(n, rows[i].bom);
  }
}

typedef struct {
  const char *name;
  const char *encoding; /* NULL: UTF-8 */
  const char *in;
  size_t len;
  const char *out;
  size_t count;
  const char *error;
} decode_case;

static const decode_case decodes[] = {
  {"UTF-8 BOM dropped", NULL, "\xEF\xBB\xBFok", 5, "ok", 0, NULL},
  {"UTF-16LE BOM", NULL, "\xFF\xFE\x45\x06\x27\x06", 6, "ما", 0, NULL},
  {"UTF-16BE BOM", NULL, "\xFE\xFF\x06\x45\x06\x27", 6, "ما", 0, NULL},
  {"BOM beats the named encoding", "windows-1256", "\xEF\xBB\xBFok", 5, "ok", 0, NULL},
  {"UTF-16LE lone surrogate", NULL, "\xFF\xFE\x00\xD8x\0", 6, FFFD "x", 1, NULL},
  {"UTF-16LE odd length", NULL, "\xFF\xFEx\0y", 5, "x" FFFD, 1, NULL},
  {"UTF-16LE NUL", NULL, "\xFF\xFEx\0\0\0", 6, "x" FFFD, 1, NULL},
  {"windows-1256", "windows-1256", "\xE3\xC7\xE1\xED", 4, "مالي", 0, NULL},
  {"cp1256 alias", "cp1256", "\xE3\xC7\xE1\xED", 4, "مالي", 0, NULL},
  {"ISO-8859-6", "ISO-8859-6", "\xe5\xc7\xe4\xea", 4, "مالي", 0, NULL},
  {"ISO-8859-6 unmapped byte", "ISO-8859-6", "a\xa1" "b", 3, "a" FFFD "b", 1, NULL},
  {"UTF-8 by name", "utf8", "a\xFF", 2, "a" FFFD, 1, NULL},
  {"unknown", "klingon-8", "x", 1, NULL, 0, "unknown encoding 'klingon-8'"},
  {"empty", NULL, "", 0, "", 0, NULL},
};

/* test_decode: BOMs, converters by name, replacements. */
static void test_decode(void) {
  for (size_t i = 0; i < sizeof decodes / sizeof *decodes; i++) {
    const decode_case *c = &decodes[i];
    buf out;
    buf_init(&out);
    enc_bad bad = {0, 0};
    err e = {""};
    int rc = enc_decode(c->encoding, c->in, c->len, &out, &bad, &e);
    if (c->error) {
      CHECK(rc == -1 && strstr(e.msg, c->error), "%s: %s", c->name, e.msg);
    } else {
      CHECK(rc == 0, "%s: %s", c->name, e.msg);
      CHECK(out.len == strlen(c->out) && memcmp(out.data ? out.data : "", c->out, out.len) == 0,
            "%s: got \"%.*s\"", c->name, (int)out.len, out.data);
      CHECK(bad.count == c->count, "%s: count %zu", c->name, bad.count);
    }
    buf_free(&out);
  }
}

/* test_long_utf16: more than one conversion chunk, with surrogate pairs across the seams. */
static void test_long_utf16(void) {
  size_t pairs = 5000, len = 2 + pairs * 6;
  char *s = malloc(len);
  memcpy(s, "\xFF\xFE", 2);
  for (size_t i = 0; i < pairs; i++) memcpy(s + 2 + i * 6, "a\0\x3D\xD8\x00\xDE", 6); /* a😀 */
  buf out;
  buf_init(&out);
  enc_bad bad = {0, 0};
  CHECK_INT(enc_decode(NULL, s, len, &out, &bad, NULL), 0);
  CHECK_INT(bad.count, 0);
  CHECK_INT(out.len, pairs * 5);
  CHECK(out.len && memcmp(out.data + out.len - 5, "a\xF0\x9F\x98\x80", 5) == 0, "tail");
  CHECK_INT(enc_valid_utf8(out.data, out.len), out.len);
  buf_free(&out);
  free(s);
}

/* to_1256: UTF-8 s in windows-1256 (ICU), into out[0..n); the length. */
static size_t to_1256(const char *s, char *out, size_t n) {
  UErrorCode st = U_ZERO_ERROR;
  int32_t k = ucnv_convert("windows-1256", "UTF-8", out, (int32_t)n, s, -1, &st);
  return U_SUCCESS(st) ? (size_t)k : 0;
}

/* test_detect: windows-1256 Arabic is recognised, and the message says so. */
static void test_detect(void) {
  const char *arabic =
    "وقعت باماكو وموسكو خلال الزيارة التي بدأها رئيس المجلس العسكري في مالي إلى روسيا حزمة من "
    "الاتفاقيات في عدة قطاعات، في خطوة تثير قلق الجزائر المتوجسة من مزيد انحسار نفوذها في "
    "المنطقة، في ظل تصاعد التوتر بين البلدين بسبب ملف الحدود والجماعات المسلحة في الشمال.";
  char bytes[2048], name[64];
  size_t n = to_1256(arabic, bytes, sizeof bytes);
  CHECK(n > 100, "conversion failed");
  int conf = enc_detect(bytes, n, name, sizeof name);
  CHECK(conf > 0 && strcmp(name, "windows-1256") == 0, "detected %s (%d)", name, conf);
  enc_bad bad = {0, 0};
  buf out;
  buf_init(&out);
  enc_repair_utf8(bytes, n, 0, &out, &bad);
  err e;
  CHECK_INT(enc_explain(&e, "x.txt", bytes, n, &bad), -1);
  CHECK(strstr(e.msg, "x.txt: invalid UTF-8 at byte 0") != NULL, "%s", e.msg);
  CHECK(strstr(e.msg, "suggests windows-1256") != NULL, "%s", e.msg);
  CHECK(strstr(e.msg, "opts.encoding") != NULL, "%s", e.msg);
  buf_free(&out);
  buf_clear(&out);
  bad = (enc_bad){0, 0};
  CHECK_INT(enc_decode("windows-1256", bytes, n, &out, &bad, NULL), 0);
  CHECK_STR(out.data, arabic);
  buf_free(&out);
}

/* test_guess: "auto" reads windows-1256 Arabic as windows-1256, and leaves UTF-8 with a
 * few damaged bytes (or too few bytes to judge) to the repair. */
static void test_guess(void) {
  const char *arabic = "أعلنت الحكومة الانتقالية في مالي اليوم عن اتفاق جديد مع روسيا لبناء "
                       "محطة طاقة قرب باماكو بعد أشهر من المفاوضات.";
  char bytes[1024], name[64];
  int conf;
  size_t n = to_1256(arabic, bytes, sizeof bytes);
  CHECK_INT(enc_guess(bytes, n, name, sizeof name, &conf), 1);
  CHECK_STR(name, "windows-1256");
  CHECK(conf >= ENC_AUTO_CONFIDENCE, "confidence %d", conf);
  char damaged[1024];
  snprintf(damaged, sizeof damaged, "%s\xD8\xD8\xD8\xD8\xD8\xD8\xD8\xD8\xD8%s", arabic, arabic);
  CHECK_INT(enc_guess(damaged, strlen(damaged), name, sizeof name, &conf), 0);
  CHECK_INT(enc_guess(bytes, 6, name, sizeof name, &conf), 0); /* three letters: too few */
  CHECK_INT(enc_guess("plain ASCII text", 16, name, sizeof name, &conf), 0);
  enc_tally t = {0};
  enc_tally_add(&t, "windows-1256", 2);
  enc_tally_add(&t, "ISO-8859-6", 1);
  enc_tally_add(&t, "windows-1256", 1);
  CHECK_STR(t.enc[0].name, "windows-1256");
  CHECK(t.enc[0].files == 3 && t.enc[1].files == 1 && t.enc[2].name[0] == '\0', "tally");
}

/* test_fuzz: repaired output is always valid UTF-8, whatever the input (deterministic). */
static void test_fuzz(void) {
  unsigned seed = 7;
  char s[96];
  for (int round = 0; round < 20000; round++) {
    size_t n = (size_t)(round % 96);
    for (size_t i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      unsigned r = seed >> 16;
      s[i] = (char)(r % 3 == 0 ? 0x80 + (r >> 2) % 0x40 : r >> 3);
    }
    buf out;
    buf_init(&out);
    enc_bad bad = {0, 0};
    enc_repair_utf8(s, n, 0, &out, &bad);
    CHECK(enc_valid_utf8(out.data ? out.data : "", out.len) == out.len, "round %d", round);
    CHECK((bad.count == 0) == (enc_valid_utf8(s, n) == n), "round %d count", round);
    buf_clear(&out);
    bad = (enc_bad){0, 0};
    enc_decode("UTF-16LE", s, n, &out, &bad, NULL);
    CHECK(enc_valid_utf8(out.data ? out.data : "", out.len) == out.len, "round %d utf16", round);
    buf_free(&out);
  }
}

int main(void) {
  RUN(test_repair);
  RUN(test_bom);
  RUN(test_decode);
  RUN(test_long_utf16);
  RUN(test_detect);
  RUN(test_guess);
  RUN(test_fuzz);
  return check_done();
}
