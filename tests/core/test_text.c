/* test_text.c: TEXT-SPEC §1-§4 pinned case by case: match forms, tokens, sentences,
 * paragraphs, clitic forms, and the fast path against the exact path for every BMP
 * character. */
#include <stdlib.h>

#include "text/chars.h"
#include "text/normalize.h"
#include "check.h"
#include "text/text.h"

static textproc *tp_default;

/* norm_with: the match form of s under flags (static buffer). */
static const char *norm_with(unsigned flags, const char *s) {
  static buf out;
  err e;
  textproc *tp = flags == NORM_DEFAULT ? tp_default : textproc_new(flags, &e);
  buf_clear(&out);
  text_normalize(tp, s, strlen(s), &out);
  if (tp != tp_default) textproc_free(tp);
  return out.data ? out.data : "";
}

static const struct {
  unsigned flags;
  const char *in, *want;
} norm_cases[] = {
  /* 1. nfkc: presentation forms, the lam-alef ligature, full-width Latin */
  {NORM_DEFAULT, "\xEF\xBB\xBB", "\xD9\x84\xD8\xA7"},                     /* ﻻ -> لا */
  {NORM_DEFAULT, "\xEF\xBA\x8D\xEF\xBB\x9F", "\xD8\xA7\xD9\x84"},         /* ﺍﻟ -> ال */
  {NORM_DEFAULT, "\xEF\xBC\xA1\xEF\xBC\xA2", "ab"},                        /* ＡＢ -> ab */
  {NORM_DEFAULT & ~NORM_NFKC, "\xEF\xBB\xBB", "\xEF\xBB\xBB"},
  /* 2. strip: diacritics, superscript alef, Quranic marks, tatweel, format controls */
  {NORM_DEFAULT, "\xD9\x85\xD9\x8F\xD8\xAD\xD9\x8E\xD9\x85\xD9\x91\xD9\x8E\xD8\xAF",
   "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF"},                                    /* مُحَمَّد -> محمد */
  {NORM_DEFAULT, "\xD9\x87\xD9\x80\xD9\x80\xD8\xB0\xD8\xA7", "\xD9\x87\xD8\xB0\xD8\xA7"}, /* هــذا */
  {NORM_DEFAULT, "\xD8\xB1\xD8\xAD\xD9\x85\xD9\xB0\xD9\x86", "\xD8\xB1\xD8\xAD\xD9\x85\xD9\x86"},
  {NORM_DEFAULT, "a\xE2\x80\x8F" "b\xE2\x80\x8C" "c\xC2\xAD" "d\xEF\xBB\xBF", "abcd"},
  {NORM_DEFAULT, "\xE2\x81\xA6x\xE2\x81\xA9\xD8\x9C", "x"},                 /* LRI x PDI ALM */
  {NORM_DEFAULT & ~NORM_STRIP, "\xD9\x87\xD9\x80\xD8\xA7", "\xD9\x87\xD9\x80\xD8\xA7"},
  /* 3. alef */
  {NORM_DEFAULT, "\xD8\xA3\xD8\xA5\xD8\xA2\xD9\xB1", "\xD8\xA7\xD8\xA7\xD8\xA7\xD8\xA7"},
  {NORM_DEFAULT & ~NORM_ALEF, "\xD8\xA3", "\xD8\xA3"},
  /* 4. yeh: alef maksura, Persian yeh and keheh */
  {NORM_DEFAULT, "\xD9\x85\xD9\x88\xD8\xB3\xD9\x89", "\xD9\x85\xD9\x88\xD8\xB3\xD9\x8A"},
  {NORM_DEFAULT, "\xDB\x8C\xDA\xA9", "\xD9\x8A\xD9\x83"},
  /* 5. teh marbuta */
  {NORM_DEFAULT, "\xD9\x85\xD8\xAF\xD9\x8A\xD9\x86\xD8\xA9", "\xD9\x85\xD8\xAF\xD9\x8A\xD9\x86\xD9\x87"},
  {NORM_DEFAULT & ~NORM_TEH_MARBUTA, "\xD8\xA9", "\xD8\xA9"},
  /* 6. digits: Arabic-Indic and extended */
  {NORM_DEFAULT, "\xD9\xA2\xD9\xA0\xD9\xA2\xD9\xA5", "2025"},
  {NORM_DEFAULT, "\xDB\xB1\xDB\xB9", "19"},
  {NORM_DEFAULT & ~NORM_DIGITS, "\xD9\xA2", "\xD9\xA2"},
  /* 7. casefold: full folding, Greek and Cyrillic */
  {NORM_DEFAULT, "Stra\xC3\x9F" "E", "strasse"},
  {NORM_DEFAULT, "\xCE\xA3\xCE\x99\xCE\xA3", "\xCF\x83\xCE\xB9\xCF\x83"},
  {NORM_DEFAULT, "\xD0\x9C\xD0\x9E\xD0\xA1", "\xD0\xBC\xD0\xBE\xD1\x81"},
  {NORM_DEFAULT & ~NORM_CASEFOLD, "Mali", "Mali"},
  /* hamza seats: kept by default, mapped by the hamza step */
  {NORM_DEFAULT, "\xD8\xA4\xD8\xA6", "\xD8\xA4\xD8\xA6"},
  {NORM_DEFAULT | NORM_HAMZA, "\xD8\xA4\xD8\xA6", "\xD9\x88\xD9\x8A"},
  /* NFKC composition happens before the Arabic steps: و + hamza above -> ؤ (kept) */
  {NORM_DEFAULT, "\xD9\x88\xD9\x94", "\xD8\xA4"},
  {NORM_DEFAULT, "\xD8\xA7\xD9\x94", "\xD8\xA7"},                          /* ا + hamza -> أ -> ا */
  {NORM_DEFAULT, "e\xCC\x81", "\xC3\xA9"},                                 /* e + acute -> é */
  /* invalid UTF-8 becomes U+FFFD */
  {NORM_DEFAULT, "a\xFF" "b", "a\xEF\xBF\xBD" "b"},
  {NORM_DEFAULT, "", ""},
};

/* test_normalize: every step, on and off. */
static void test_normalize(void) {
  for (size_t i = 0; i < sizeof norm_cases / sizeof *norm_cases; i++) {
    const char *got = norm_with(norm_cases[i].flags, norm_cases[i].in);
    CHECK(strcmp(got, norm_cases[i].want) == 0, "case %zu: got \"%s\", want \"%s\"", i, got,
          norm_cases[i].want);
  }
}

/* test_fast_path_is_exact: for every BMP character, alone and between letters, the fast
 * path (the tokenizer's) gives what the exact ICU path gives. */
static void test_fast_path_is_exact(void) {
  buf fast, exact;
  buf_init(&fast);
  buf_init(&exact);
  size_t bad = 0;
  for (uint32_t cp = 0; cp < 0x10000; cp++) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;
    char s[16];
    size_t n = 0;
    s[n++] = 'a';
    n += chars_encode(cp, s + n);
    n += chars_encode(0x0628, s + n);
    buf_clear(&fast);
    buf_clear(&exact);
    text_normalize(tp_default, s, n, &fast);
    norm_exact(tp_default, s, n, &exact);
    if (fast.len != exact.len || memcmp(fast.data, exact.data, fast.len) != 0) {
      if (bad++ < 5) CHECK(0, "U+%04X: fast and exact paths differ", cp);
    }
  }
  CHECK(bad == 0, "%zu characters differ", bad);
  buf_free(&fast);
  buf_free(&exact);
}

/* tokens_of: "text/kind/norm|..." for the tokens of s, and "#" at each sentence change. */
static const char *tokens_of(const char *s) {
  static buf out;
  doc d;
  err e;
  doc_init(&d);
  buf_clear(&out);
  if (doc_analyze(&d, tp_default, s, strlen(s), &e)) return "(error)";
  for (size_t i = 0; i < d.ntokens; i++) {
    const token *t = &d.tokens[i];
    if (i && t->sentence != d.tokens[i - 1].sentence) buf_adds(&out, "# ");
    buf_add(&out, s + t->start, t->stop - t->start);
    buf_addf(&out, "/%c ", tok_kind_name(t->kind)[0]);
  }
  doc_free(&d);
  if (out.len) out.data[--out.len] = '\0';
  return out.data ? out.data : "";
}

static const struct {
  const char *in, *want;
} token_cases[] = {
  {"", ""},
  {"   \t ", ""},
  {"Mali, Niger.", "Mali/w ,/p Niger/w ./p"},
  /* letters and digits join; digits with single separators make numbers */
  {"2025م 2.5 1,000 ٣٫٥ ١٬٠٠٠", "2025م/w 2.5/n 1,000/n ٣٫٥/n ١٬٠٠٠/n"},
  {"1..2 1,,2 3.", "1/n ./p ./p 2/n 1/n ,/p ,/p 2/n 3/n ./p"},
  /* apostrophes between letters stay inside; elsewhere they are punctuation */
  {"l'Afrique l’Etat 'x' Mali's", "l'Afrique/w l’Etat/w '/p x/w '/p Mali's/w"},
  /* ZWNJ / ZWJ and other format controls between letters stay inside the word */
  {"a\xE2\x80\x8C" "b a\xE2\x80\x8F\xE2\x80\x8F" "b", "a\xE2\x80\x8C" "b/w a\xE2\x80\x8F\xE2\x80\x8F" "b/w"},
  /* elsewhere they count as white space */
  {"\xE2\x80\x8F" "abc\xE2\x80\x8E 1\xE2\x80\x8F", "abc/w 1/n"},
  /* marks belong to words; diacritics in the middle of an Arabic word */
  {"تُبرم", "تُبرم/w"},
  /* punctuation and symbols are one character each */
  {"«مالي» + $5 %", "«/p مالي/w »/p +/s $/s 5/n %/p"},
  {"U.S. forces", "U/w ./p S/w ./p forces/w"},
  /* connector punctuation splits words (ICU joins them: documented difference) */
  {"a_b", "a/w _/p b/w"},
  /* invalid bytes are symbols of one byte */
  {"a\xFF" "b", "a/w \xFF/s b/w"},
};

/* test_tokens: the §4 token rules. */
static void test_tokens(void) {
  for (size_t i = 0; i < sizeof token_cases / sizeof *token_cases; i++) {
    const char *got = tokens_of(token_cases[i].in);
    CHECK(strcmp(got, token_cases[i].want) == 0, "case %zu: got \"%s\", want \"%s\"", i, got,
          token_cases[i].want);
  }
}

/* sentences_of: the sentences of s joined by " | ". */
static const char *sentences_of(const char *s) {
  static buf out;
  doc d;
  err e;
  doc_init(&d);
  buf_clear(&out);
  doc_analyze(&d, tp_default, s, strlen(s), &e);
  for (size_t i = 0; i < d.nsentences; i++) {
    if (i) buf_adds(&out, " | ");
    buf_add(&out, s + d.sentences[i].start, d.sentences[i].stop - d.sentences[i].start);
  }
  doc_free(&d);
  return out.data ? out.data : "";
}

static const struct {
  const char *in, *want;
} sentence_cases[] = {
  {"جملة أولى. جملة ثانية", "جملة أولى. | جملة ثانية"},
  {"هل؟ نعم! لا۔ ربما… حسنا", "هل؟ | نعم! | لا۔ | ربما… | حسنا"},
  /* a run of terminators, then closing marks */
  {"ماذا؟!» قال. «حسنا.» ثم", "ماذا؟!» | قال. | «حسنا.» | ثم"},
  {"Really?!) Yes...\" No", "Really?!) | Yes...\" | No"},
  /* only before white space or the end of the paragraph */
  {"3.5 a.b x.", "3.5 a.b x."},
  {"end.next word", "end.next word"},
  /* one-letter abbreviations do not end a sentence */
  {"قال د. محمد إن", "قال د. محمد إن"},
  {"U.S. forces left. Then", "U.S. forces left. | Then"},
  /* ... one letter and marks: still a one-letter word */
  {"قال دُ. محمد", "قال دُ. محمد"},
  {"قال دٌّ. محمد", "قال دٌّ. محمد"},
  {"Cafe\xCC\x81 e\xCC\x81. next", "Cafe\xCC\x81 e\xCC\x81. next"},
  /* ... but a word holding a digit is no one-letter word (TEXT-SPEC §3), the digit before
   * or after the letter, in every script's digits */
  {"عام 2025م. ثم", "عام 2025م. | ثم"},
  {"بين عامي 2011 و2014. ونقلت", "بين عامي 2011 و2014. | ونقلت"},
  {"بين عامي ٢٠١١ و٢٠١٤. ونقلت", "بين عامي ٢٠١١ و٢٠١٤. | ونقلت"},
  {"سال ۱۳۹۰ و۱۳۹۳. سپس", "سال ۱۳۹۰ و۱۳۹۳. | سپس"},
  {"Nokia S60. Next", "Nokia S60. | Next"},
  {"type 1S. Next", "type 1S. | Next"},
  {"model x\xE0\xA5\xAB. Next", "model x\xE0\xA5\xAB. | Next"},
  {"model x\xEF\xBC\x91. Next", "model x\xEF\xBC\x91. | Next"},
  {"و2ً. ثم", "و2ً. | ثم"},
  /* ... nor is a number or a word of two letters */
  {"عام 2014. ثم", "عام 2014. | ثم"},
  {"in ab. Next", "in ab. | Next"},
  /* two dots after a one-letter word do end it */
  {"x.. y", "x.. | y"},
  /* ؛ and ; never end a sentence */
  {"أولا؛ ثانيا; ثالثا", "أولا؛ ثانيا; ثالثا"},
  /* format controls before the space are skipped */
  {"نهاية.\xE2\x80\x8F بداية", "نهاية. | بداية"},
  /* a paragraph end always ends a sentence */
  {"بلا نقطة\nسطر ثان", "بلا نقطة | سطر ثان"},
};

/* test_sentences: the §3 sentence rules. */
static void test_sentences(void) {
  for (size_t i = 0; i < sizeof sentence_cases / sizeof *sentence_cases; i++) {
    const char *got = sentences_of(sentence_cases[i].in);
    CHECK(strcmp(got, sentence_cases[i].want) == 0, "case %zu: got \"%s\", want \"%s\"", i,
          got, sentence_cases[i].want);
  }
}

/* test_paragraphs: every line break kind, blank lines dropped, spans and indexes. */
static void test_paragraphs(void) {
  const char *s = "title\n\nبدء\r\nثان\rثالث\xC2\x85رابع\xE2\x80\xA8خامس\xE2\x80\xA9سادس\n \xC2\xA0\t\n"
                  "\xE2\x80\x8F\nأخير";
  doc d;
  err e;
  doc_init(&d);
  CHECK_INT(doc_analyze(&d, tp_default, s, strlen(s), &e), 0);
  CHECK_INT(d.nparagraphs, 8);
  CHECK_INT(d.nsentences, 8);
  CHECK_INT(d.paragraphs[0].start, 0);
  CHECK_INT(d.paragraphs[0].stop, 5);
  CHECK_INT(d.paragraphs[7].count, 1);
  for (size_t i = 0; i < d.nsentences; i++) CHECK_INT(d.sentences[i].paragraph, i);
  for (size_t i = 0; i < d.ntokens; i++)
    CHECK_INT(d.sentences[d.tokens[i].sentence].paragraph, i);
  doc_free(&d);
}

/* forms_of: the clitic forms of the match form of s, joined by spaces. */
static const char *forms_of(const char *s) {
  static buf out;
  clitic_forms f;
  clitic_forms_init(&f);
  buf_clear(&out);
  text_clitic_forms(s, strlen(s), &f);
  for (size_t i = 0; i < f.n; i++) {
    if (i) buf_addc(&out, ' ');
    buf_add(&out, f.s[i], f.len[i]);
  }
  clitic_forms_free(&f);
  return out.data ? out.data : "";
}

static const struct {
  const char *in, *want;
} clitic_cases[] = {
  {"روسيا", "روسيا"},
  {"وروسيا", "وروسيا روسيا"},
  {"ولروسيا", "ولروسيا لروسيا روسيا"},
  {"للجزائر", "للجزائر لجزائر الجزائر"},
  {"وبالجزائر", "وبالجزائر بالجزائر الجزائر"},
  {"فالكرملين", "فالكرملين الكرملين"},
  {"وللجزائر", "وللجزائر للجزائر لجزائر الجزائر"},
  {"بكين", "بكين كين"},
  /* at least 2 letters must remain */
  {"وب", "وب"},
  {"بي", "بي"},
  {"لله", "لله له"},
  {"لل", "لل"},
  {"ولد", "ولد لد"},
  {"Mali", "Mali"},
};

/* test_clitics: the §6.3 candidate forms, in order. */
static void test_clitics(void) {
  for (size_t i = 0; i < sizeof clitic_cases / sizeof *clitic_cases; i++) {
    const char *got = forms_of(clitic_cases[i].in);
    CHECK(strcmp(got, clitic_cases[i].want) == 0, "case %zu: got \"%s\", want \"%s\"", i, got,
          clitic_cases[i].want);
  }
}

/* test_offsets_and_norms: tokens keep byte offsets of the original and their match form. */
static void test_offsets_and_norms(void) {
  const char *s = "  أُبرمت\tإفريقيا";
  doc d;
  err e;
  doc_init(&d);
  doc_analyze(&d, tp_default, s, strlen(s), &e);
  CHECK_INT(d.ntokens, 2);
  CHECK_INT(d.tokens[0].start, 2);
  CHECK_INT(d.tokens[1].stop, strlen(s));
  CHECK(d.tokens[1].norm_len == strlen("افريقيا") &&
            memcmp(d.norm.data + d.tokens[1].norm, "افريقيا", d.tokens[1].norm_len) == 0,
        "match form of إفريقيا");
  CHECK(memcmp(d.norm.data + d.tokens[0].norm, "ابرمت", d.tokens[0].norm_len) == 0,
        "match form of أُبرمت");
  doc_free(&d);
}

int main(void) {
  err e;
  tp_default = textproc_new(NORM_DEFAULT, &e);
  if (!tp_default) return fprintf(stderr, "%s\n", e.msg), 1;
  RUN(test_normalize);
  RUN(test_fast_path_is_exact);
  RUN(test_tokens);
  RUN(test_sentences);
  RUN(test_paragraphs);
  RUN(test_clitics);
  RUN(test_offsets_and_norms);
  textproc_free(tp_default);
  return check_done();
}
