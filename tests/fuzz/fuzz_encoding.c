/*
 * fuzz_encoding.c: file bytes to UTF-8 (encoding.h: BOM sniffing, UTF-8 check and
 * repair, ICU conversion, ICU's charset detector) on any bytes. The first byte picks the
 * declared encoding. Checks: repaired and converted text is valid UTF-8 without NUL; a
 * repair counts its replacements and places the first one inside the input; valid input
 * is left byte for byte; a BOM names a length inside the input.
 */
#include "base/buf.h"
#include "text/encoding.h"
#include "fuzz.h"

/* fenc_check_text: out is valid UTF-8 without NUL bytes. */
static void fenc_check_text(const buf *out) {
  const char *s = out->data ? out->data : "";
  FUZZ_CHECK(fuzz_utf8_valid(s, out->len) && memchr(s, '\0', out->len) == NULL);
  FUZZ_CHECK(enc_valid_utf8(s, out->len) == out->len);
}

/* fenc_repair: enc_repair_utf8 and enc_valid_utf8 agree. */
static void fenc_repair(const char *s, size_t len) {
  buf out;
  buf_init(&out);
  enc_bad bad = {0, 0};
  FUZZ_CHECK(enc_repair_utf8(s, len, 100, &out, &bad) == 0);
  fenc_check_text(&out);
  size_t valid = enc_valid_utf8(s, len);
  FUZZ_CHECK(valid <= len);
  if (valid == len) FUZZ_CHECK(bad.count == 0 && out.len == len && memcmp(out.data ? out.data : "", s, len) == 0);
  else FUZZ_CHECK(bad.count > 0 && bad.first == 100 + valid);
  buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static const char *const names[4] = {NULL, "windows-1256", "UTF-16BE", "ISO-8859-6"};
  if (size == 0) return 0;
  const char *name = names[data[0] & 3];
  const char *s = (const char *)data + 1;
  size_t len = size - 1, bom_len = 0;
  const char *bom = enc_bom(s, len, &bom_len);
  FUZZ_CHECK(bom ? bom_len > 0 && bom_len <= len : bom_len == 0);
  fenc_repair(s, len);
  buf out;
  buf_init(&out);
  enc_bad bad = {0, 0};
  err e;
  if (enc_decode(name, s, len, &out, &bad, &e) == 0) fenc_check_text(&out);
  else FUZZ_CHECK(fuzz_msg_ok(e.msg));
  if (bad.count) {
    FUZZ_CHECK(enc_explain(&e, "fuzz.txt", s, len, &bad) == -1);
    FUZZ_CHECK(strncmp(e.msg, "fuzz.txt", 8) == 0);
  }
  char guess[64];
  int conf = enc_detect(s, len, guess, sizeof guess);
  FUZZ_CHECK(conf >= -1 && conf <= 100 && (conf < 0 || memchr(guess, '\0', sizeof guess)));
  buf_free(&out);
  return 0;
}
