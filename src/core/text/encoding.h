/*
 * encoding.h: bytes of a file to valid UTF-8 text. UTF-8 is checked and repaired (each
 * ill-formed sequence, and each NUL byte, becomes U+FFFD); a byte-order mark names UTF-8,
 * UTF-16 or UTF-32; any other encoding goes through an ICU converter by name. When bytes
 * are not what they claim, ICU's charset detector says what they look like.
 * Callable on any bytes (fuzzing).
 */
#ifndef SAHEL_ENCODING_H
#define SAHEL_ENCODING_H

#include <stddef.h>

#include "base/buf.h"
#include "base/err.h"

/* What a repair replaced: how many sequences, and where the first one was. */
typedef struct {
  size_t count; /* ill-formed sequences (or NULs) replaced with U+FFFD */
  size_t first; /* byte offset of the first one in the input (plus the caller's base) */
} enc_bad;

/* enc_bom: the encoding a byte-order mark at the start of s[0..len) names ("UTF-8",
 * "UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE"), or NULL; *bom_len is its length. */
const char *enc_bom(const char *s, size_t len, size_t *bom_len);

/* enc_valid_utf8: the length of the longest prefix of s[0..len) that is well-formed UTF-8
 * without NUL bytes (len when all of it is). */
size_t enc_valid_utf8(const char *s, size_t len);

/* enc_repair_utf8: append s[0..len) to out with each ill-formed sequence (the maximal
 * subparts of Unicode's best practice, as ICU reads them) and each NUL replaced by U+FFFD;
 * add them to *bad, offsets counted from base. 0, or -1 when out of memory. */
int enc_repair_utf8(const char *s, size_t len, size_t base, buf *out, enc_bad *bad);

/* enc_convert: append s[0..len), in the ICU encoding `name` ("windows-1256", "UTF-16LE"),
 * to out as UTF-8. Bytes illegal or unmapped in that encoding and NULs become U+FFFD,
 * counted in *bad. 0, or -1 with e set (unknown encoding, out of memory). */
int enc_convert(const char *name, const char *s, size_t len, buf *out, enc_bad *bad, err *e);

/* enc_is_utf8: whether name is an ICU alias of UTF-8 (NULL counts as UTF-8). */
int enc_is_utf8(const char *name);

/* enc_decode: the text of a file's bytes: a BOM decides (and is dropped), else `name`
 * (NULL: UTF-8). Replacements are added to *bad. 0, or -1 with e set. */
int enc_decode(const char *name, const char *s, size_t len, buf *out, enc_bad *bad, err *e);

/* enc_detect: ICU's charset detector's best guess for s[0..len) (its first 64 KiB), its
 * name copied into name[0..n); the confidence 0..100, or -1 when it has no guess. */
int enc_detect(const char *s, size_t len, char *name, size_t n);

/* enc_explain: a message for invalid bytes: "WHERE: invalid UTF-8 at byte N (K sequences
 * replaced with U+FFFD); ICU's charset detector suggests windows-1256 (confidence 30%):
 * set the encoding (--encoding NAME, or opts.encoding)". raw[0..rawlen) is what the
 * detector looks at. Written to e; -1. */
int enc_explain(err *e, const char *where, const char *raw, size_t rawlen, const enc_bad *bad);

/* The detector's confidence (0..100) from which the encoding "auto" trusts its guess, and
 * the invalid bytes it takes, at least, to ask it. */
#define ENC_AUTO_CONFIDENCE 50
#define ENC_AUTO_MIN_BAD 8

/* enc_is_auto: whether name asks for detection: NULL (the default) or "auto". */
int enc_is_auto(const char *name);

/* enc_guess: the encoding to read s[0..len) in when it is not UTF-8 (and has no BOM):
 * when its first 64 KiB are mostly not UTF-8 (at least ENC_AUTO_MIN_BAD invalid bytes, and
 * more of them than well-formed multi-byte sequences), ICU's detector's best guess, copied
 * into name[0..n), when its confidence (in *conf) is at least ENC_AUTO_CONFIDENCE and the
 * guess is not UTF-8. 1 when name holds it, 0 otherwise (the bytes are then read as UTF-8
 * and repaired). */
int enc_guess(const char *s, size_t len, char *name, size_t n, int *conf);

/* The encodings detected in a corpus: how many files (or texts) each one decoded. */
#define ENC_TALLY_MAX 4
typedef struct {
  struct {
    char name[32];
    size_t files;
  } enc[ENC_TALLY_MAX];
  size_t other; /* files of encodings past the first ENC_TALLY_MAX */
} enc_tally;

/* enc_tally_add: count `files` more files read in encoding name. */
void enc_tally_add(enc_tally *t, const char *name, size_t files);

/* enc_tally_merge: add the counts of from to into. */
void enc_tally_merge(enc_tally *into, const enc_tally *from);

#endif
