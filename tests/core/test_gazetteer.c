/* test_gazetteer.c: gazetteer loading (TEXT-SPEC §5) and the matcher (§6), table-driven. */
#include <stdlib.h>

#include "check.h"
#include "gazetteer/gazetteer_internal.h"
#include "base/mem.h"

#define FIX "tests/fixtures/gazetteer/"

static textproc *tp;
static gazetteer *small; /* the small.csv fixture, shared by the tests that read it */
static doc d;            /* scratch shared by the tests */
static mention_list m;

/* Warnings collected by a test: how many, the last one, and all of them (one a line). */
typedef struct {
  int n;
  char last[1024];
  char all[4096];
} warnings;

static void on_warn(void *ud, const char *msg) {
  warnings *w = ud;
  size_t len = strlen(w->all);
  w->n++;
  snprintf(w->last, sizeof w->last, "%s", msg);
  snprintf(w->all + len, sizeof w->all - len, "%s\n", msg);
}

/* load: the gazetteer of a fixture file (NULL on error, message in e). */
static gazetteer *load(const char *path, warnings *w, err *e) {
  gazetteer *g = gaz_new(tp, e);
  warn_sink sink = {on_warn, w};
  if (g && gaz_load_csv(g, path, 1, &sink, e)) {
    gaz_free(g);
    return NULL;
  }
  return g;
}

/* render_article: the mentions of text from an article with fields meta (may be NULL) as
 * "id=surface/FLAGS ..." (P proclitic, D demonym, E evidence, X dropped, N negative). */
static void render_article(const gazetteer *g, const char *text, const gaz_meta *meta,
                           unsigned opts, char *out, size_t n) {
  err e;
  out[0] = '\0';
  if (doc_analyze(&d, tp, text, strlen(text), &e) || gaz_match_article(g, &d, meta, opts, &m)) {
    snprintf(out, n, "error");
  } else {
    size_t len = 0;
    for (size_t i = 0; i < m.n; i++) {
      const mention *c = &m.items[i];
      char fl[8], *f = fl;
      if (c->flags & MENTION_PROCLITIC) *f++ = 'P';
      if (c->flags & MENTION_DEMONYM) *f++ = 'D';
      if (c->flags & MENTION_EVIDENCE) *f++ = 'E';
      if (c->flags & MENTION_DROPPED) *f++ = 'X';
      if (c->flags & MENTION_NEGATIVE) *f++ = 'N';
      *f = '\0';
      len += (size_t)snprintf(out + len, n - len, "%s%s=%.*s%s%s", i ? " " : "",
                              gaz_entity_at(g, c->entity)->id, (int)(c->byte_end - c->byte_start),
                              text + c->byte_start, *fl ? "/" : "", fl);
      if (len >= n) break;
    }
  }
}

/* render: render_article without article fields. */
static void render(const gazetteer *g, const char *text, unsigned opts, char *out, size_t n) {
  render_article(g, text, NULL, opts, out, n);
}

/* Bad files: each fails naming file:line. */
static void test_bad_files(void) {
  static const struct {
    const char *file, *want;
  } cases[] = {
    {"missing_column.csv", "missing_column.csv:1: missing column 'alias'"},
    {"empty_alias.csv", "empty_alias.csv:3: empty alias"},
    {"bad_kind.csv", "bad_kind.csv:3: unknown kind \"adjective\""},
    {"bad_type.csv", "bad_type.csv:3: bad type \"COUNTRY\""},
    {"bad_flag.csv", "bad_flag.csv:2: unknown flag \"ambigous\""},
    {"bad_id.csv", "bad_id.csv:3: bad id"},
    {"empty_id.csv", "empty_id.csv:4: empty id"},
    {"bad_pattern.csv", "bad_pattern.csv:2: pattern \"_ شمال _\" must hold exactly one _"},
    {"bad_pattern_type.csv", "bad_pattern_type.csv:2: unknown type in pattern item"},
    {"unbalanced.csv", "unbalanced.csv:3"},
    {"too_many.csv", "too_many.csv:2: 3 fields"},
    {"bad_utf8.csv", "bad_utf8.csv:3: invalid UTF-8 in column 'alias' (byte 2"},
    {"no_word.csv", "no_word.csv:2: alias \"2025\" holds no word"},
    {"semicolon.csv", "semicolon.csv:1: missing column 'id': the header is one column named "
                      "\"id;alias;type\"; the file seems separated by ';'"},
    {"tab.csv", "tab.csv:1: missing column 'id': the header is one column named "
                "\"id\talias\ttype\"; the file seems separated by a tab"},
    {"does_not_exist.csv", "does_not_exist.csv"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char path[256];
    err e = {""};
    warnings w = {0, "", ""};
    snprintf(path, sizeof path, FIX "%s", cases[i].file);
    gazetteer *g = load(path, &w, &e);
    CHECK(g == NULL, "%s loaded", cases[i].file);
    CHECK(strstr(e.msg, cases[i].want) != NULL, "%s: got \"%s\", want \"%s\"", cases[i].file,
          e.msg, cases[i].want);
    gaz_free(g);
  }
}

/* A bad row fails a strict load; a lenient one skips it with a warning naming file:line
 * and keeps the good rows (issue 13 item 18). */
static void test_lenient(void) {
  static const char *const skipped[] = {
    "bad_rows.csv:5: alias \"2025\" holds no word; row skipped",
    "bad_rows.csv:6: unknown kind \"adjective\" (name, acronym, demonym); row skipped",
    "bad_rows.csv:7: bad type \"COUNTRY\"",
    "bad_rows.csv:9: empty id; row skipped",
    "bad_rows.csv:10: bad id \"bad id\"",
    "bad_rows.csv:11: unknown flag \"ambigous\"",
    "bad_rows.csv:12: pattern \"_ شمال _\" must hold exactly one _",
    "bad_rows.csv:13: 7 fields, but the header names 6 columns; row skipped",
  };
  err e;
  warnings w = {0, "", ""};
  gazetteer *g = gaz_new(tp, &e);
  CHECK_INT(gaz_load_csv(g, FIX "bad_rows.csv", 1, &(warn_sink){on_warn, &w}, &e), -1);
  CHECK(strstr(e.msg, "bad_rows.csv:5: alias \"2025\" holds no word") && !strstr(e.msg, "skipped"),
        "%s", e.msg);
  gaz_free(g);
  g = gaz_new(tp, &e);
  CHECK_INT(gaz_load_csv(g, FIX "bad_rows.csv", 0, &(warn_sink){on_warn, &w}, &e), 0);
  CHECK_INT(w.n, 8);
  for (size_t i = 0; i < sizeof skipped / sizeof *skipped; i++)
    CHECK(strstr(w.all, skipped[i]) != NULL, "want \"%s\" in:\n%s", skipped[i], w.all);
  CHECK_INT(gaz_entity_count(g), 3); /* mali, russia, algeria: skipped rows make nothing */
  CHECK_INT(gaz_alias_count(g), 3);
  CHECK_INT(gaz_entity_find(g, "chad"), -1);
  char out[256];
  render(g, "مالي وروسيا والجزائر والنيجر وتشاد 2025", 0, out, sizeof out);
  CHECK_STR(out, "mali=مالي russia=وروسيا/P algeria=والجزائر/P");
  gaz_free(g);
}

/* Duplicates: warnings naming both lines; the first entity keeps the alias. */
static void test_duplicates(void) {
  err e;
  warnings w = {0, "", ""};
  gazetteer *g = load(FIX "duplicate.csv", &w, &e);
  CHECK(g != NULL, "%s", e.msg);
  if (!g) return;
  CHECK_INT(w.n, 1);
  CHECK(strstr(w.last, "duplicate.csv:4: alias \"مالى\" of 'mali_bank' is already an alias "
                       "of 'mali' (" FIX "duplicate.csv:2)") != NULL, "%s", w.last);
  CHECK_INT(gaz_entity_count(g), 3); /* mali_bank exists, without aliases */
  CHECK_INT(gaz_alias_count(g), 3);
  char out[512];
  render(g, "مالي", 0, out, sizeof out);
  CHECK_STR(out, "mali=مالي");
  gaz_free(g);
}

/* The small fixture: entities, aliases, defaults. */
static void test_tables(void) {
  const gazetteer *g = small;
  long mali = gaz_entity_find(g, "mali"), corps = gaz_entity_find(g, "africa_corps");
  CHECK_INT(mali, 0);
  CHECK(corps > 0, "africa_corps");
  CHECK_INT(gaz_entity_find(g, "atlantis"), -1);
  CHECK_STR(gaz_entity_at(g, (size_t)mali)->type, "GPE");
  CHECK_STR(gaz_entity_at(g, (size_t)mali)->name, "Mali");
  const gaz_alias *a = gaz_alias_at(g, 0);
  CHECK_STR(a->text, "مالي");
  CHECK_STR(a->kind, "name");
  CHECK_INT(a->ambiguous, 1);
  CHECK_STR(a->origin, FIX "small.csv:3");
  CHECK_STR(gaz_alias_at(g, 2)->kind, "demonym");
  CHECK(gaz_alias_at(g, 1)->context == NULL, "context of a plain alias");
}

/* gaz_add: defaults (type MISC, name = first alias), errors naming the origin. */
static void test_add(void) {
  err e;
  gazetteer *g = gaz_new(tp, &e);
  gaz_row ok = {"sahel", "الساحل", NULL, NULL, NULL, NULL, NULL};
  gaz_row bad = {"x", "y", "PLACE", NULL, NULL, NULL, NULL};
  CHECK_INT(gaz_add(g, &ok, "script.lua:3", NULL, &e), 0);
  CHECK_STR(gaz_entity_at(g, 0)->type, "MISC");
  CHECK_STR(gaz_entity_at(g, 0)->name, "الساحل");
  CHECK_INT(gaz_add(g, &bad, "script.lua:4", NULL, &e), -1);
  CHECK_STR(e.msg, "script.lua:4: bad type \"PLACE\" (PER ORG GPE LOC EVENT MISC)");
  CHECK_INT(gaz_entity_count(g), 1);
  gaz_free(g);
}

/* The matcher: clitics, overlaps, sentences, evidence, demonyms. */
static void test_match(void) {
  static const struct {
    const char *text;
    unsigned opts;
    const char *want;
  } cases[] = {
    /* clitics (§6.3) */
    {"وقعت مالي وروسيا اتفاقا في باماكو.", 0, "mali=مالي/E russia=وروسيا/P bamako=باماكو"},
    {"تحالف ولروسيا ولروسيا.", 0, "russia=ولروسيا/P russia=ولروسيا/P"},
    {"لروسيا وفي للجزائر وبالجزائر فالجزائر كالجزائر", 0,
     "russia=لروسيا/P algeria=للجزائر/P algeria=وبالجزائر/P algeria=فالجزائر/P "
     "algeria=كالجزائر/P"},
    {"ولي وبو", 0, ""},
    /* the first clitic form that matches wins, then the longest alias from it */
    {"ولاتة الكبرى", 0, "oualata=ولاتة"},
    {"لاتة الكبرى", 0, "lata=لاتة الكبرى"},
    {"وبوركينا فاسو وبوركينا", 0, "burkina_faso=وبوركينا فاسو/P burkina_faso=وبوركينا/P"},
    {"بوركينا وفاسو", 0, "burkina_faso=بوركينا"},
    /* spellings in match form */
    {"فيلق إفريقيا وفيلق أفريقيا وفِيلق افريقيا", 0,
     "africa_corps=فيلق إفريقيا africa_corps=وفيلق أفريقيا/P africa_corps=وفِيلق افريقيا/P"},
    {"قاد يفغيني بريغوزين التمرد. وقتل بريجوجن ويفجيني بريجوجن.", 0,
     "prigozhin=يفغيني بريغوزين prigozhin=بريجوجن prigozhin=ويفجيني بريجوجن/P"},
    {"RUSSIA, Russia and the g5 sahel", 0, "russia=RUSSIA russia=Russia g5=g5 sahel"},
    /* overlaps: leftmost, then longest */
    {"جمهورية إفريقيا الوسطى وإفريقيا", 0, "car=جمهورية إفريقيا الوسطى africa=وإفريقيا/P"},
    {"فيلق إفريقيا", 0, "africa_corps=فيلق إفريقيا"},
    /* only white space between the tokens, inside one sentence */
    {"بوركينا - فاسو", 0, "burkina_faso=بوركينا"},
    {"زار بوركينا. فاسو هنا", 0, "burkina_faso=بوركينا"},
    {"فيلق\nإفريقيا", 0, "africa=إفريقيا"},
    /* ambiguity: local evidence, negative patterns, article evidence */
    {"قال وزير الاقتصاد والمالية إن العجز تراجع.", 0, ""},
    {"هذا مشروع مالي كبير.", 0, ""},
    {"هذا مشروع مالي كبير.", GAZ_KEEP_DROPPED, "mali=مالي/X"},
    {"حصل على دعم مالي كبير في مالي.", GAZ_KEEP_DROPPED, "mali=مالي/XN mali=مالي/E"},
    {"Mali is in the Sahel. قال إن مالي تتقدم.", 0, "mali=Mali mali=مالي/E"},
    {"قال إن مالي تتقدم. زار الوفد شمال مالي.", 0, "mali=مالي/E mali=مالي/E"},
    {"فساد مالي في Mali", GAZ_KEEP_DROPPED, "mali=مالي/XN mali=Mali"},
    {"ذهب في (مالي) أمس", 0, "mali=مالي/E"},
    {"بوركينا فاسو ومالي", 0, "burkina_faso=بوركينا فاسو mali=ومالي/PE"},
    {"مالي، بوركينا فاسو", 0, "mali=مالي/E burkina_faso=بوركينا فاسو"},
    {"النيجر. مالي تتقدم", 0, "niger=النيجر"},
    {"مالي مالي", 0, ""},
    /* demonyms only when asked; they still obey the evidence rules */
    {"قال الجيش المالي والرئيس الروسي", 0, ""},
    {"قال الجيش المالي والرئيس الروسي", GAZ_DEMONYMS,
     "mali=المالي/DE russia=الروسي/D"},
    {"المجلس المالي", GAZ_DEMONYMS | GAZ_KEEP_DROPPED, "mali=المالي/DXN"},
    {"مشروع المالي", GAZ_DEMONYMS | GAZ_KEEP_DROPPED, "mali=المالي/DX"},
  };
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[1024];
    render(small, cases[i].text, cases[i].opts, out, sizeof out);
    CHECK(strcmp(out, cases[i].want) == 0, "case %zu \"%s\": got \"%s\", want \"%s\"", i,
          cases[i].text, out, cases[i].want);
  }
}

/* The pattern items @DEF and @NUM, article conditions, no_proclitic (the flag and the
 * condition @no_proclitic), @quoted, ORG names longer than the place they hold, and dropped
 * matches that leave their words (docs/spec.md §6). */
static void test_patterns(void) {
  static const gaz_meta sport = {"Agence", "Sport/Football"}, arabic_sport = {NULL, "رياضة"},
                        politics = {"x", "politics"}, sports = {NULL, "sports"},
                        rt = {"RT Arabic", NULL}, aj = {"Al-Jazeera", NULL},
                        aj2 = {"aljazeera", NULL};
  static const struct {
    const char *text;
    const gaz_meta *meta;
    unsigned opts;
    const char *want;
  } cases[] = {
    /* @DEF: a word written with the article, after proclitics */
    {"قالت السلطات السعودية إن", NULL, GAZ_KEEP_DROPPED, "saudi=السعودية/XN"},
    {"قالت السلطات السعودية إن", NULL, 0, ""},
    {"والأنباء السعودية وبالأنباء السعودية وللسلطات السعودية فالقنصلية السعودية", NULL, 0, ""},
    {"وكالة الأنباء، السعودية", NULL, 0, ""},
    {"زار السعودية أمس", NULL, 0, "saudi=السعودية/E"},
    {"سافر إلى السعودية وعاد الى السعودية", NULL, 0, "saudi=السعودية/E saudi=السعودية/E"},
    {"قرار إلغاء السعودية ألمانيا السعودية", NULL, 0, "saudi=السعودية/E saudi=السعودية/E"},
    {"بين الجزائر والسعودية", NULL, 0, "algeria=الجزائر saudi=والسعودية/PE"},
    {"المملكة العربية السعودية", NULL, 0, "saudi=المملكة العربية السعودية"},
    {"الـسلطات السعودية والسُّلطات السعودية", NULL, 0, ""},
    {"ال السعودية", NULL, 0, "saudi=السعودية/E"},
    /* @NUM: numbers in any digits, after a proclitic, and number words */
    {"قتل 13 روسيا وقتل ١٣ روسيا و2,5 روسيا", NULL, 0, ""},
    {"و13 روسيا وعشرين روسيا ثلاثة عشر روسيا", NULL, 0, ""},
    {"زار روسيا 13 مرة", NULL, 0, "russia=روسيا/E"},
    {"قتل 13 روسيا", NULL, GAZ_KEEP_DROPPED, "russia=روسيا/XN"},
    /* @no_proclitic: the number drops روسيا as written only (accusative), not بروسيا */
    {"كأس العالم 2018 بروسيا", NULL, 0, "russia=بروسيا/PE"},
    {"في 2018 وروسيا و13 روسيا", NULL, GAZ_KEEP_DROPPED, "russia=وروسيا/PE russia=روسيا/XN"},
    {"ثلاثة عشر لروسيا", NULL, 0, "russia=لروسيا/PE"},
    /* a dropped match leaves its words to other aliases */
    {"قالت روسيا اليوم إن", NULL, GAZ_KEEP_DROPPED, "rt=روسيا اليوم/X russia=روسيا/E"},
    {"قالت روسيا اليوم إن", NULL, 0, "russia=روسيا/E"},
    {"قالت قناة روسيا اليوم", NULL, 0, "rt=روسيا اليوم/E"},
    {"قتل 13 روسيا اليوم", NULL, GAZ_KEEP_DROPPED, "rt=روسيا اليوم/X russia=روسيا/XN"},
    /* article conditions */
    {"قالت روسيا اليوم إن", &rt, 0, "rt=روسيا اليوم/E"},
    {"مدريد وريال مدريد", &sport, GAZ_KEEP_DROPPED, "madrid=مدريد/XN real_madrid=وريال مدريد/P"},
    {"في مدريد", &arabic_sport, 0, ""},
    {"في مدريد", &politics, 0, "madrid=مدريد/E"},
    {"في مدريد", &sports, 0, "madrid=مدريد/E"},
    {"في مدريد", NULL, 0, "madrid=مدريد/E"},
    {"الجزيرة", &aj, 0, "aljazeera=الجزيرة/E"},
    {"الجزيرة", &aj2, 0, ""},
    /* longer names of other types take their words (leftmost, then longest) */
    {"كوبا أمريكا في أمريكا", NULL, 0, "copa_america=كوبا أمريكا america=أمريكا"},
    /* @quoted: between quotation marks, nothing skipped */
    {"قال لـ«الشرق الأوسط» وخاص بـ{الشرق الأوسط} و\"الشرق الأوسط\" و“الشرق الأوسط”", NULL,
     GAZ_KEEP_DROPPED,
     "middle_east=الشرق الأوسط/XN middle_east=الشرق الأوسط/XN middle_east=الشرق الأوسط/XN "
     "middle_east=الشرق الأوسط/XN"},
    {"في الشرق الأوسط و(الشرق الأوسط) و«الشرق الأوسط الجديد» و« الشرق الأوسط ،»", NULL, 0,
     "middle_east=الشرق الأوسط/E middle_east=الشرق الأوسط/E middle_east=الشرق الأوسط/E "
     "middle_east=الشرق الأوسط/E"},
    /* no_proclitic: only as written */
    {"سجل بلومي وبلومي ولومي في لومي", NULL, 0, "lome=لومي"},
    {"وصل باكرا إلى أكرا. في أكرا", NULL, 0, "accra=أكرا/E accra=أكرا/E"},
  };
  err e;
  warnings w = {0, "", ""};
  gazetteer *g = load(FIX "patterns.csv", &w, &e);
  CHECK(g && !w.n, "%s", g ? w.last : e.msg);
  if (!g) return;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    char out[1024];
    render_article(g, cases[i].text, cases[i].meta, cases[i].opts, out, sizeof out);
    CHECK(strcmp(out, cases[i].want) == 0, "case %zu \"%s\": got \"%s\", want \"%s\"", i,
          cases[i].text, out, cases[i].want);
  }
  gaz_hit h;
  doc_analyze(&d, tp, "بلومي", strlen("بلومي"), &e);
  CHECK_INT(gaz_lookup(g, &d, 0, 0, &m, &h), 0);
  CHECK_INT(gaz_alias_at(g, 7)->no_proclitic, 1);
  CHECK_STR(gaz_entity_at(g, (size_t)gaz_entity_find(g, "real_madrid"))->type, "ORG");
  CHECK_STR(gaz_entity_at(g, (size_t)gaz_entity_find(g, "copa_america"))->type, "MISC");
  gaz_free(g);
}

/* Bad patterns and flags name the row. */
static void test_bad_patterns(void) {
  static const struct {
    const char *context, *flags, *want;
  } cases[] = {
    {"@DEFINITE _", "ambiguous", "t:1: unknown type in pattern item \"@DEFINITE\""},
    {"@source: _", "ambiguous", "t:1: pattern item \"@source:\" holds no word after the ':'"},
    {"@category:sport _ _", "ambiguous", "must hold exactly one _"},
    {"@NUM", "ambiguous", "t:1: pattern \"@NUM\" must hold exactly one _"},
    {"!@NUM _ @No_proclitic", "ambiguous", "unknown type in pattern item \"@No_proclitic\""},
    {"!@no_proclitic _ _", "ambiguous", "must hold exactly one _"},
    {"!@no_proclitic: _", "ambiguous", "unknown type in pattern item \"@no_proclitic:\""},
    {"!@Quoted _", "ambiguous", "unknown type in pattern item \"@Quoted\""},
    {"", "no_proclitics", "t:1: unknown flag \"no_proclitics\" (known: ambiguous, no_proclitic)"},
  };
  err e;
  gazetteer *g = gaz_new(tp, &e);
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    gaz_row row = {"x", "س", NULL, NULL, NULL, cases[i].flags, cases[i].context};
    CHECK_INT(gaz_add(g, &row, "t:1", NULL, &e), -1);
    CHECK(strstr(e.msg, cases[i].want) != NULL, "got \"%s\", want \"%s\"", e.msg,
          cases[i].want);
  }
  CHECK_INT(gaz_alias_count(g), 0);
  gaz_free(g);
}

/* Spans: tokens, bytes, sentences, paragraphs. */
static void test_spans(void) {
  const gazetteer *g = small;
  err e;
  const char *text = "عنوان عن روسيا\nقال بوتين. ثم زار فيلق إفريقيا";
  CHECK_INT(doc_analyze(&d, tp, text, strlen(text), &e), 0);
  CHECK_INT(gaz_match(g, &d, 0, &m), 0);
  CHECK_INT(m.n, 3);
  if (m.n == 3) {
    const mention *c = &m.items[2];
    CHECK_STR(gaz_entity_at(g, c->entity)->id, "africa_corps");
    CHECK_INT(c->tok_first, 8);
    CHECK_INT(c->tok_count, 2);
    CHECK_INT(c->byte_start, strstr(text, "فيلق") - text);
    CHECK_INT(c->byte_end, strlen(text));
    CHECK_INT(c->sentence, 2);
    CHECK_INT(c->paragraph, 1);
    CHECK_INT(m.items[0].paragraph, 0);
    CHECK_INT(m.items[1].sentence, 1);
  }
}

/* gaz_lookup: the alias and the clitic form a word matches through. */
static void test_lookup(void) {
  static const struct {
    const char *word;
    unsigned opts;
    const char *id, *form;
    int ntok;
  } cases[] = {
    {"وروسيا", 0, "russia", "روسيا", 1},
    {"للجزائر", 0, "algeria", "الجزائر", 1},
    {"بوركينا فاسو", 0, "burkina_faso", "بوركينا", 2},
    {"المالي", 0, NULL, NULL, 0},
    {"المالي", GAZ_DEMONYMS, "mali", "المالي", 1},
    {"مالي", 0, "mali", "مالي", 1},
    {"الاقتصاد", 0, NULL, NULL, 0},
  };
  const gazetteer *g = small;
  err e;
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    gaz_hit h;
    doc_analyze(&d, tp, cases[i].word, strlen(cases[i].word), &e);
    int rc = gaz_lookup(g, &d, 0, cases[i].opts, &m, &h);
    CHECK_INT(rc, cases[i].id != NULL);
    if (rc != 1 || !cases[i].id) continue;
    CHECK_STR(gaz_entity_at(g, h.entity)->id, cases[i].id);
    CHECK(h.form_len == strlen(cases[i].form) && !memcmp(h.form_text, cases[i].form, h.form_len),
          "%s: form %.*s", cases[i].word, (int)h.form_len, h.form_text);
    CHECK_INT(h.tok_count, cases[i].ntok);
  }
}

/* The matcher's caches follow the gazetteer: aliases added later, another gazetteer. */
static void test_cache(void) {
  err e;
  gazetteer *g = gaz_new(tp, &e), *h = gaz_new(tp, &e);
  gaz_row sahel = {"sahel", "الساحل", NULL, NULL, NULL, NULL, NULL};
  gaz_row niger = {"niger", "النيجر", NULL, NULL, NULL, NULL, NULL};
  gaz_row tatweel = {"x", "ـ", NULL, NULL, NULL, NULL, NULL};
  const char *text = "والساحل والنيجر الساحل";
  CHECK_INT(gaz_add(g, &sahel, "t:1", NULL, &e), 0);
  CHECK_INT(doc_analyze(&d, tp, text, strlen(text), &e), 0);
  CHECK_INT(gaz_match(g, &d, 0, &m), 0);
  CHECK_INT(m.n, 2);
  CHECK_INT(gaz_add(g, &niger, "t:2", NULL, &e), 0);
  CHECK_INT(gaz_match(g, &d, 0, &m), 0);
  CHECK_INT(m.n, 3); /* النيجر was cached as matching nothing */
  CHECK_INT(gaz_add(h, &niger, "t:3", NULL, &e), 0);
  CHECK_INT(gaz_match(h, &d, 0, &m), 0);
  CHECK_INT(m.n, 1);
  CHECK_INT(gaz_add(h, &tatweel, "t:4", NULL, &e), -1);
  CHECK_STR(e.msg, "t:4: alias \"ـ\" holds \"ـ\", empty in match form");
  gaz_free(g);
  gaz_free(h);
}

/* Forms made with لل -> ال reach aliases of every length (the filter of first words after
 * their ال). */
static void test_al_forms(void) {
  static const char *const aliases[] = {"البث", "الab", "الsahel", "البو", "الجزائر"};
  static const char *const texts[] = {"للبث", "وللab", "للsahel", "فللبو", "للجزائر"};
  err e;
  gazetteer *g = gaz_new(tp, &e);
  for (size_t i = 0; i < 5; i++) {
    char id[8];
    snprintf(id, sizeof id, "a%zu", i);
    gaz_row row = {id, aliases[i], NULL, NULL, NULL, NULL, NULL};
    CHECK_INT(gaz_add(g, &row, "t", NULL, &e), 0);
  }
  for (size_t i = 0; i < 5; i++) {
    char out[128];
    render(g, texts[i], 0, out, sizeof out);
    CHECK(out[0] == 'a' && out[1] == '0' + (char)i && strstr(out, "/P"), "%s: %s", texts[i], out);
  }
  gaz_free(g);
}

/* is_cut: whether x[0..len) is the form that cut c makes of w[0..n). */
static int is_cut(const char *x, size_t len, const char *w, size_t n, gaz_cut c) {
  size_t al = c.al ? 4 : 0;
  if (len != al + n - c.off || (al && memcmp(x, "ال", 4) != 0)) return 0;
  return memcmp(x + al, w + c.off, n - c.off) == 0;
}

/* What gaz_may_strip relies on: every clitic form of a word but the word itself is made by
 * one of its gaz_cuts. */
static void test_forms_are_cuts(void) {
  static const char *const prefixes[] = {"", "و", "ف", "ب", "ل", "ك", "لل", "ول", "فل",
                                         "وب", "فب", "وك", "ولل", "فلل", "بال", "وبال", "كال",
                                         "ال", "لا", "وال", "وو", "بب", "فلب", "ولك"};
  static const char *const stems[] = {"م", "مص", "مصر", "روسيا", "الجزائر", "ليبيا", "لل",
                                      "للا", "الا", "بو", "a", "ab", "sahel", "g5"};
  clitic_forms f;
  gaz_cut c[4];
  char w[64];
  clitic_forms_init(&f);
  for (size_t p = 0; p < sizeof prefixes / sizeof *prefixes; p++) {
    for (size_t s = 0; s < sizeof stems / sizeof *stems; s++) {
      size_t n = (size_t)snprintf(w, sizeof w, "%s%s", prefixes[p], stems[s]);
      size_t ncuts = gaz_cuts(w, n, c);
      CHECK_INT(text_clitic_forms(w, n, &f), 0);
      for (size_t k = 1; k < f.n; k++) {
        int found = 0;
        for (size_t i = 0; i < ncuts; i++) found |= is_cut(f.s[k], f.len[k], w, n, c[i]);
        CHECK(found, "form %.*s of %s", (int)f.len[k], f.s[k], w);
      }
    }
  }
  clitic_forms_free(&f);
}

/* The reference test's words: prefixes (proclitics, ال, none) and stems, some with ال. */
static const char *const ref_prefixes[] = {"",   "",   "",   "و",   "ف",   "ب",   "ل",  "ك",
                                           "لل", "ول", "وب", "فلل", "وال", "بال", "ال"};
static const char *const ref_stems[] = {"مصر",   "روسيا", "الجزائر", "ليبيا", "مالي", "الكرملين",
                                        "بوتين", "لندن",  "لبنان",   "بيروت", "sahel", "g5",
                                        "ab",    "ولد",   "كتاب",    "فرنسا", "الا",   "لل", "م"};
#define REF_NSTEMS (sizeof ref_stems / sizeof *ref_stems)
#define REF_MAXTOK 3

/* How an ambiguous alias of the reference test settles: never (it has no context and no
 * other alias: always dropped), or only as written (context `_|!@no_proclitic`: dropped
 * when matched as written, counted when matched after a proclitic). */
enum { REF_PLAIN, REF_ALWAYS_DROPPED, REF_DROPPED_AS_WRITTEN };

/* An alias of the reference test, its tokens in match form and its flags. */
typedef struct {
  size_t ntok;
  char norm[REF_MAXTOK][64];
  size_t len[REF_MAXTOK];
  int no_proclitic, ambiguous; /* ambiguous: REF_* */
} ref_alias;

/* ref_gazetteer: a gazetteer of single stems, stems after ال, pairs and triples of stems,
 * some flagged no_proclitic, some ambiguous (REF_*), into g and (in alias order) refs; how
 * many aliases. */
static size_t ref_gazetteer(gazetteer *g, ref_alias *refs, size_t max) {
  err e;
  doc ad;
  doc_init(&ad);
  for (size_t i = 0; i < 3 * REF_NSTEMS && gaz_alias_count(g) < max; i++) {
    const char *a = ref_stems[i % REF_NSTEMS], *b = ref_stems[(i * 7 + 3) % REF_NSTEMS];
    const char *c = ref_stems[(i * 5 + 1) % REF_NSTEMS];
    char text[256], id[16];
    int k = (int)(i / REF_NSTEMS);
    snprintf(text, sizeof text, k == 0 ? "%s" : k == 1 ? "%s %s" : "%s %s %s", a, b, c);
    if (i % 4 == 3) snprintf(text, sizeof text, "ال%s", a);
    snprintf(id, sizeof id, "e%zu", i);
    int no_proclitic = i % 5 == 1;
    int ambiguous = i % 7 == 2 ? REF_ALWAYS_DROPPED : i % 7 == 5 ? REF_DROPPED_AS_WRITTEN : REF_PLAIN;
    const char *flags = no_proclitic && ambiguous ? "no_proclitic ambiguous"
                        : no_proclitic             ? "no_proclitic"
                        : ambiguous                ? "ambiguous"
                                                   : NULL;
    const char *context = ambiguous == REF_DROPPED_AS_WRITTEN ? "_|!@no_proclitic" : NULL;
    gaz_row row = {id, text, NULL, NULL, NULL, flags, context};
    size_t before = gaz_alias_count(g);
    CHECK_INT(gaz_add(g, &row, "ref", &(warn_sink){on_warn, &(warnings){0, "", ""}}, &e), 0);
    if (gaz_alias_count(g) == before) continue; /* a duplicate in match form */
    doc_analyze(&ad, tp, text, strlen(text), &e);
    ref_alias *r = &refs[before];
    r->ntok = ad.ntokens;
    r->no_proclitic = no_proclitic;
    r->ambiguous = ambiguous;
    for (size_t t = 0; t < ad.ntokens && t < REF_MAXTOK; t++) {
      r->len[t] = ad.tokens[t].norm_len;
      memcpy(r->norm[t], ad.norm.data + ad.tokens[t].norm, r->len[t]);
    }
  }
  doc_free(&ad);
  return gaz_alias_count(g);
}

/* ref_tokens: how many tokens alias r matches from token i of d when token i reads f[0..n)
 * (§6.2: consecutive tokens of one sentence), or 0. */
static size_t ref_tokens(const ref_alias *r, size_t i, const char *f, size_t n) {
  if (r->len[0] != n || memcmp(r->norm[0], f, n) || i + r->ntok > d.ntokens) return 0;
  for (size_t t = 1; t < r->ntok; t++) {
    const token *x = &d.tokens[i + t];
    if (x->sentence != d.tokens[i].sentence || x->norm_len != r->len[t] ||
        memcmp(d.norm.data + x->norm, r->norm[t], r->len[t]))
      return 0;
  }
  return r->ntok;
}

/* ref_counts: whether alias r, matched through clitic form k, counts (§6.5): not when it is
 * always dropped, nor as written (k == 0) when a pattern `!@no_proclitic` drops it then. */
static int ref_counts(const ref_alias *r, size_t k) {
  return r->ambiguous == REF_PLAIN || (r->ambiguous == REF_DROPPED_AS_WRITTEN && k);
}

/* ref_lookup: what §6.2-6.3 match from token i of d, by trying every alias on every clitic
 * form (no trie, filter or cache; a no_proclitic alias on the word as written only; when
 * plain is set, only where it counts, ref_counts): 1 with the alias, its tokens and the
 * form, or 0. */
static int ref_lookup(const ref_alias *refs, size_t nrefs, size_t i, int plain,
                      clitic_forms *cf, size_t out[3]) {
  const token *t = &d.tokens[i];
  CHECK_INT(text_clitic_forms(d.norm.data + t->norm, t->norm_len, cf), 0);
  for (size_t k = 0; k < cf->n; k++) {
    size_t best = 0;
    for (size_t a = 0; a < nrefs; a++) {
      if ((refs[a].no_proclitic && k) || (plain && !ref_counts(&refs[a], k))) continue;
      size_t n = ref_tokens(&refs[a], i, cf->s[k], cf->len[k]);
      if (n > best) best = n, out[0] = a, out[1] = n, out[2] = k;
    }
    if (best) return 1;
  }
  return 0;
}

/* ref_text: a text of n words, each a prefix and a stem drawn by a fixed generator. */
static void ref_text(char *text, size_t cap, size_t n) {
  uint32_t x = 12345;
  size_t len = 0;
  for (size_t w = 0; w < n && len + 64 < cap; w++) {
    x = x * 1103515245u + 12345u;
    const char *p = ref_prefixes[(x >> 16) % (sizeof ref_prefixes / sizeof *ref_prefixes)];
    x = x * 1103515245u + 12345u;
    len += (size_t)snprintf(text + len, cap - len, "%s%s ", p, ref_stems[(x >> 16) % REF_NSTEMS]);
  }
}

/* The fast paths (filters, clitic cuts, roots cache, trie) find what the rules say: gaz_lookup
 * at every token and gaz_match over a text agree with a brute-force reference. Ambiguous
 * aliases that are dropped (always, or as written by `!@no_proclitic`) leave their words to
 * the others (the rescans in step with the rounds before): the mentions are those of the
 * gazetteer without them where they are dropped. */
static void test_reference(void) {
  enum { MAXREF = 64, WORDS = 4000 };
  static ref_alias refs[MAXREF];
  static char text[WORDS * 40];
  err e;
  gazetteer *g = gaz_new(tp, &e);
  size_t nrefs = ref_gazetteer(g, refs, MAXREF), at[3] = {0}, next = 0, nm = 0, found = 0;
  clitic_forms cf;
  clitic_forms_init(&cf);
  ref_text(text, sizeof text, WORDS);
  doc_analyze(&d, tp, text, strlen(text), &e);
  CHECK_INT(gaz_match(g, &d, 0, &m), 0);
  mention_list lm;
  mention_list_init(&lm);
  size_t namb[3] = {0}, nbare = 0;
  for (size_t a = 0; a < nrefs; a++) namb[refs[a].ambiguous]++;
  CHECK(namb[REF_ALWAYS_DROPPED] > 3 && namb[REF_DROPPED_AS_WRITTEN] > 3, "%zu, %zu ambiguous",
        namb[REF_ALWAYS_DROPPED], namb[REF_DROPPED_AS_WRITTEN]);
  for (size_t i = 0; i < d.ntokens; i++) {
    gaz_hit h;
    int want = ref_lookup(refs, nrefs, i, 0, &cf, at), got = gaz_lookup(g, &d, i, 0, &lm, &h);
    CHECK(got == want, "token %zu: lookup %d, reference %d", i, got, want);
    if (!got || !want) continue;
    CHECK(h.alias == at[0] && h.tok_count == at[1] && h.form == at[2], "token %zu", i);
    if (i < next || !ref_lookup(refs, nrefs, i, 1, &cf, at)) continue;
    /* the mentions: leftmost, then longest, no overlaps, ambiguous aliases left out */
    found++;
    nbare += refs[at[0]].ambiguous == REF_DROPPED_AS_WRITTEN;
    CHECK(nm < m.n && m.items[nm].tok_first == i && m.items[nm].alias == at[0], "token %zu", i);
    nm++;
    next = i + at[1];
  }
  CHECK(nm == m.n && found > WORDS / 10, "%zu mentions, %zu expected", m.n, nm);
  CHECK(nbare > 10, "%zu mentions after a proclitic through `!@no_proclitic` aliases", nbare);
  mention_list_free(&lm);
  clitic_forms_free(&cf);
  gaz_free(g);
}

/* gaz_tally: mentions and articles per entity. */
static void test_tally(void) {
  const gazetteer *g = small;
  err e;
  size_t n = gaz_entity_count(g);
  uint64_t *mentions = calloc(n, sizeof *mentions), *articles = calloc(n, sizeof *articles);
  const char *texts[] = {"روسيا وروسيا ومالي", "روسيا", "هذا مشروع مالي"};
  for (size_t i = 0; i < 3; i++) {
    doc_analyze(&d, tp, texts[i], strlen(texts[i]), &e);
    gaz_match(g, &d, GAZ_KEEP_DROPPED, &m);
    CHECK_INT(gaz_tally(g, &m, mentions, articles), 0);
  }
  size_t ru = (size_t)gaz_entity_find(g, "russia"), ml = (size_t)gaz_entity_find(g, "mali");
  CHECK_INT(mentions[ru], 3);
  CHECK_INT(articles[ru], 2);
  CHECK_INT(mentions[ml], 1);
  CHECK_INT(articles[ml], 1);
  free(mentions);
  free(articles);
}

int main(void) {
  err e;
  tp = textproc_new(NORM_DEFAULT, &e);
  if (!tp) {
    fprintf(stderr, "textproc_new: %s\n", e.msg);
    return 1;
  }
  warnings w = {0, "", ""};
  small = load(FIX "small.csv", &w, &e);
  if (!small || w.n) {
    fprintf(stderr, "small.csv: %s%s\n", small ? "warning: " : "", small ? w.last : e.msg);
    return 1;
  }
  doc_init(&d);
  mention_list_init(&m);
  RUN(test_bad_files);
  RUN(test_lenient);
  RUN(test_duplicates);
  RUN(test_tables);
  RUN(test_add);
  RUN(test_match);
  RUN(test_patterns);
  RUN(test_bad_patterns);
  RUN(test_spans);
  RUN(test_lookup);
  RUN(test_tally);
  RUN(test_cache);
  RUN(test_forms_are_cuts);
  RUN(test_al_forms);
  RUN(test_reference);
  mention_list_free(&m);
  doc_free(&d);
  gaz_free(small);
  textproc_free(tp);
  CHECK_INT(mem_used(), 0);
  return check_done();
}
