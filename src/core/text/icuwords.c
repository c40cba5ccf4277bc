/* icuwords.c: ICU's word break iterator over UTF-8 text (see icuwords.h). */
#include "text/icuwords.h"

#include <unicode/ubrk.h>
#include <unicode/utext.h>

#include "base/mem.h"

struct icuwords {
  UBreakIterator *bi;
};

icuwords *icuwords_new(err *e) {
  UErrorCode st = U_ZERO_ERROR;
  icuwords *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem(e), NULL;
  w->bi = ubrk_open(UBRK_WORD, "", NULL, 0, &st);
  if (U_FAILURE(st)) {
    mem_free(w);
    return err_set(e, "ICU word break iterator: %s", u_errorName(st)), NULL;
  }
  return w;
}

void icuwords_free(icuwords *w) {
  if (!w) return;
  ubrk_close(w->bi);
  mem_free(w);
}

/* seg_kind: the kind of a segment from the iterator's rule status. */
static icu_seg_kind seg_kind(int32_t status) {
  if (status >= UBRK_WORD_NUMBER && status < UBRK_WORD_NUMBER_LIMIT) return ICU_SEG_NUMBER;
  if (status >= UBRK_WORD_LETTER && status < UBRK_WORD_IDEO_LIMIT) return ICU_SEG_LETTER;
  return ICU_SEG_OTHER;
}

int icuwords_run(icuwords *w, const char *s, size_t len, icu_seg_fn fn, void *ud, err *e) {
  UErrorCode st = U_ZERO_ERROR;
  UText *ut = utext_openUTF8(NULL, s, (int64_t)len, &st);
  ubrk_setUText(w->bi, ut, &st);
  if (U_FAILURE(st)) {
    utext_close(ut);
    return err_set(e, "ICU word break iterator: %s", u_errorName(st));
  }
  int32_t prev = ubrk_first(w->bi);
  for (int32_t b = ubrk_next(w->bi); b != UBRK_DONE; prev = b, b = ubrk_next(w->bi))
    fn(ud, (size_t)prev, (size_t)b, seg_kind(ubrk_getRuleStatus(w->bi)));
  utext_close(ut);
  return 0;
}
