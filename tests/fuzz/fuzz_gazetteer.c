/*
 * fuzz_gazetteer.c: the gazetteer loader (gaz_load_csv: CSV over libcsv, TEXT-SPEC §5) on
 * any bytes, given to it as a file (a memfd, /proc/self/fd/N). When the bytes load, the
 * same bytes are analyzed as text and matched, so that the aliases they define occur in
 * the text. Checks: a refusal names the file and a line; a loaded gazetteer's tables are
 * consistent; the matcher's results are well-formed (fuzz_gaz.h).
 */
#define _GNU_SOURCE /* memfd_create: fuzz_file.h */

#include "fuzz.h" /* again: declares this harness's entry point */
#include "fuzz_file.h"
#include "fuzz_gaz.h"

static textproc *fgaz_tp;

/* fgaz_check_tables: entities and aliases are consistent. */
static void fgaz_check_tables(const gazetteer *g) {
  for (size_t i = 0; i < gaz_entity_count(g); i++) {
    const gaz_entity *en = gaz_entity_at(g, i);
    FUZZ_CHECK(en->id && en->id[0] && en->type && en->name);
    FUZZ_CHECK(gaz_entity_find(g, en->id) == (long)i);
  }
  for (size_t i = 0; i < gaz_alias_count(g); i++) {
    const gaz_alias *a = gaz_alias_at(g, i);
    FUZZ_CHECK(a->entity < gaz_entity_count(g) && a->text && a->kind && a->origin);
    FUZZ_CHECK(fuzz_utf8_valid(a->text, strlen(a->text)));
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  err e;
  if (!fgaz_tp) fgaz_tp = textproc_new(NORM_DEFAULT, &e);
  FUZZ_CHECK(fgaz_tp != NULL);
  char path[64];
  int fd = fuzz_file("fuzz-gazetteer", data, size, path, sizeof path);
  gazetteer *g = gaz_new(fgaz_tp, &e);
  FUZZ_CHECK(g != NULL);
  size_t warnings = 0;
  warn_sink w = {fuzz_warn_count, &warnings};
  if (gaz_load_csv(g, path, (int)(size & 1), &w, &e) == 0) {
    fgaz_check_tables(g);
    doc d;
    doc_init(&d);
    FUZZ_CHECK(doc_analyze(&d, fgaz_tp, (const char *)data, size, &e) == 0);
    fuzz_check_matches(g, &d);
    doc_free(&d);
  } else {
    FUZZ_CHECK(strncmp(e.msg, path, strlen(path)) == 0 && e.msg[strlen(path)] == ':');
  }
  gaz_free(g);
  close(fd);
  return 0;
}
