/*
 * fuzz_text.c: normalize + tokenize + sentences + paragraphs (text.h) on any bytes.
 * The first byte picks the normalization steps; the rest is the text. Checks: every
 * output is valid UTF-8, spans lie inside the text in order, tokens lie inside their
 * sentence and sentences inside their paragraph, a token's match form is what
 * text_normalize makes of its text, and clitic forms are well-formed.
 */
#include "fuzz.h"
#include "base/mem.h"
#include "text/text.h"

/* The normalization settings the first byte picks from (built once, shared). */
static const unsigned ftext_flags[4] = {NORM_DEFAULT, NORM_DEFAULT | NORM_HAMZA, 0,
                                        NORM_STRIP | NORM_CASEFOLD};
static textproc *ftext_tp[4];

/* ftext_proc: the textproc for setting i, built on first use. */
static const textproc *ftext_proc(unsigned i) {
  err e;
  if (!ftext_tp[i]) ftext_tp[i] = textproc_new(ftext_flags[i], &e);
  FUZZ_CHECK(ftext_tp[i] != NULL);
  return ftext_tp[i];
}

/* ftext_check_span: a sentence or paragraph lies in the text and holds its tokens. */
static void ftext_check_span(const doc *d, const span *s) {
  FUZZ_CHECK(s->start <= s->stop && s->stop <= d->len);
  FUZZ_CHECK(s->first + (size_t)s->count <= d->ntokens);
  for (uint32_t k = s->first; k < s->first + s->count; k++) {
    FUZZ_CHECK(d->tokens[k].start >= s->start && d->tokens[k].stop <= s->stop);
  }
}

/* ftext_check_token: token i against the doc, its neighbour and text_normalize. */
static void ftext_check_token(const doc *d, const textproc *tp, size_t i, buf *scratch,
                              clitic_forms *cf) {
  const token *t = &d->tokens[i];
  FUZZ_CHECK(t->start < t->stop && t->stop <= d->len);
  FUZZ_CHECK(i == 0 || d->tokens[i - 1].stop <= t->start);
  FUZZ_CHECK(t->kind <= TOK_SYMBOL && t->sentence < d->nsentences);
  FUZZ_CHECK((size_t)t->norm + t->norm_len <= d->norm.len);
  const char *norm = d->norm.data + t->norm;
  FUZZ_CHECK(fuzz_utf8_valid(norm, t->norm_len));
  buf_clear(scratch);
  FUZZ_CHECK(text_normalize(tp, d->text + t->start, t->stop - t->start, scratch) == 0);
  FUZZ_CHECK(scratch->len == t->norm_len && memcmp(scratch->data, norm, t->norm_len) == 0);
  FUZZ_CHECK(text_clitic_forms(norm, t->norm_len, cf) == 0);
  FUZZ_CHECK(cf->n >= 1 && cf->n <= 6 && cf->len[0] == t->norm_len);
  for (size_t k = 0; k < cf->n; k++) FUZZ_CHECK(fuzz_utf8_valid(cf->s[k], cf->len[k]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size == 0) return 0;
  const textproc *tp = ftext_proc(data[0] & 3);
  const char *s = (const char *)data + 1;
  size_t len = size - 1;
  buf out, scratch;
  buf_init(&out);
  buf_init(&scratch);
  FUZZ_CHECK(text_normalize(tp, s, len, &out) == 0);
  FUZZ_CHECK(fuzz_utf8_valid(out.data ? out.data : "", out.len));
  doc d;
  doc_init(&d);
  clitic_forms cf;
  clitic_forms_init(&cf);
  err e;
  FUZZ_CHECK(doc_analyze(&d, tp, s, len, &e) == 0);
  for (size_t i = 0; i < d.ntokens; i++) ftext_check_token(&d, tp, i, &scratch, &cf);
  for (size_t i = 0; i < d.nsentences; i++) {
    ftext_check_span(&d, &d.sentences[i]);
    FUZZ_CHECK(d.sentences[i].paragraph < d.nparagraphs);
    const span *p = &d.paragraphs[d.sentences[i].paragraph];
    FUZZ_CHECK(d.sentences[i].start >= p->start && d.sentences[i].stop <= p->stop);
  }
  for (size_t i = 0; i < d.nparagraphs; i++) ftext_check_span(&d, &d.paragraphs[i]);
  FUZZ_CHECK(doc_word_count(&d) <= d.ntokens);
  clitic_forms_free(&cf);
  doc_free(&d);
  buf_free(&scratch);
  buf_free(&out);
  return 0;
}
