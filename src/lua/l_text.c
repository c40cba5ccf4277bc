/* l_text.c: the sahel.text module: normalize, tokenize, sentences, paragraphs. */
#include "l_text.h"

#include <string.h>

#include "bindings.h"
#include "text/icuwords.h"
#include "text/normalize.h"

#define TEXTPROC_CACHE "sahel.textprocs"
#define TEXTPROC_MT "sahel.Textproc"

/* textproc_gc: free the textproc held by a cache entry. */
static int textproc_gc(lua_State *L) {
  textproc **p = luaL_checkudata(L, 1, TEXTPROC_MT);
  textproc_free(*p);
  *p = NULL;
  return 0;
}

const textproc *lx_textproc(lua_State *L, unsigned flags) {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, TEXTPROC_CACHE);   /* cache */
  if (lua_rawgeti(L, -1, flags) == LUA_TUSERDATA) {          /* cache ud */
    const textproc *tp = *(textproc **)lua_touserdata(L, -1);
    lua_pop(L, 2);
    return tp;
  }
  lua_pop(L, 1);                                             /* cache */
  textproc **p = lua_newuserdatauv(L, sizeof *p, 0);         /* cache ud */
  *p = NULL;
  if (luaL_newmetatable(L, TEXTPROC_MT)) {
    lua_pushcfunction(L, textproc_gc);
    lua_setfield(L, -2, "__gc");
  }
  lua_setmetatable(L, -2);
  err e;
  if (!(*p = textproc_new(flags, &e))) luaL_error(L, "%s", e.msg);
  lua_rawseti(L, -2, flags);                                 /* cache */
  lua_pop(L, 1);
  return *p;
}

unsigned lx_norm_flags(lua_State *L, int opts) {
  unsigned flags = NORM_DEFAULT;
  for (int i = 0; textproc_step_name(i); i++) {
    const char *name = textproc_step_name(i);
    unsigned f = textproc_step(name);
    int on = lx_opt_bool(L, opts, name, (NORM_DEFAULT & f) != 0);
    flags = on ? flags | f : flags & ~f;
  }
  return flags;
}

/* Most keys an options table of normalization steps and extra keys may have. */
#define NORM_OPTS_MAX 48

void lx_norm_opts(lua_State *L, int opts, const char *const *extra) {
  const char *names[NORM_OPTS_MAX + 1];
  int n = 0;
  for (int i = 0; textproc_step_name(i) && n < NORM_OPTS_MAX; i++) names[n++] = textproc_step_name(i);
  for (int i = 0; extra && extra[i] && n < NORM_OPTS_MAX; i++) names[n++] = extra[i];
  names[n] = NULL;
  lx_opts(L, opts, names);
}

/* set_int / set_str: t[k] = v for the table on top of the stack. */
static void set_int(lua_State *L, const char *k, lua_Integer v) {
  lua_pushinteger(L, v);
  lua_setfield(L, -2, k);
}
static void set_str(lua_State *L, const char *k, const char *s, size_t len) {
  lua_pushlstring(L, s, len);
  lua_setfield(L, -2, k);
}

void lx_push_tokens(lua_State *L, const doc *d) {
  lua_createtable(L, (int)d->ntokens, 0);                   /* tokens */
  for (size_t i = 0; i < d->ntokens; i++) {
    const token *t = &d->tokens[i];
    lua_createtable(L, 0, 8);                                /* tokens tok */
    set_str(L, "text", d->text + t->start, t->stop - t->start);
    set_str(L, "norm", d->norm.data + t->norm, t->norm_len);
    lua_pushstring(L, tok_kind_name(t->kind));
    lua_setfield(L, -2, "kind");
    set_int(L, "start", t->start + 1);
    set_int(L, "stop", t->stop);
    set_int(L, "index", (lua_Integer)i);
    set_int(L, "sentence", t->sentence);
    set_int(L, "paragraph", d->sentences[t->sentence].paragraph);
    lua_rawseti(L, -2, (lua_Integer)i + 1);                  /* tokens */
  }
}

void lx_push_spans(lua_State *L, const doc *d, int sentences) {
  const span *arr = sentences ? d->sentences : d->paragraphs;
  size_t n = sentences ? d->nsentences : d->nparagraphs;
  lua_createtable(L, (int)n, 0);                            /* spans */
  for (size_t i = 0; i < n; i++) {
    const span *s = &arr[i];
    lua_createtable(L, 0, 7);                                /* spans span */
    set_str(L, "text", d->text + s->start, s->stop - s->start);
    set_int(L, "start", s->start + 1);
    set_int(L, "stop", s->stop);
    set_int(L, "index", (lua_Integer)i);
    set_int(L, "first_token", s->first);
    set_int(L, "tokens", s->count);
    if (sentences) set_int(L, "paragraph", s->paragraph);
    lua_rawseti(L, -2, (lua_Integer)i + 1);                  /* spans */
  }
}

/* sahel.text.normalize(s [, opts]) -> match form */
static int l_normalize(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lx_norm_opts(L, 2, NULL);
  const textproc *tp = lx_textproc(L, lx_norm_flags(L, 2));
  buf out;
  buf_init(&out);
  if (text_normalize(tp, s, len, &out)) {
    buf_free(&out);
    return lx_nomem(L);
  }
  lua_pushlstring(L, out.data ? out.data : "", out.len);
  buf_free(&out);
  return 1;
}

static void push_tokens(lua_State *L, const doc *d, int arg) { (void)arg; lx_push_tokens(L, d); }
static void push_spans(lua_State *L, const doc *d, int arg) { lx_push_spans(L, d, arg); }

/* analyze: analyze the string at index 1 with the steps of opts at index 2; calls push
 * with the doc and returns 1, raising on failure. */
static int analyze(lua_State *L, void (*push)(lua_State *L, const doc *d, int arg), int arg) {
  static const char *const engine[] = {"engine", NULL};
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lx_norm_opts(L, 2, push == push_tokens ? engine : NULL);
  const textproc *tp = lx_textproc(L, lx_norm_flags(L, 2));
  doc d;
  err e;
  doc_init(&d);
  if (doc_analyze(&d, tp, s, len, &e)) {
    doc_free(&d);
    return luaL_error(L, "%s", e.msg);
  }
  push(L, &d, arg); /* allocation errors in push would leak d: Lua raises only on OOM */
  doc_free(&d);
  return 1;
}


/* One ICU segment as a Lua record, appended to the array on top of the stack. */
static void push_icu_segment(void *ud, size_t start, size_t stop, icu_seg_kind kind) {
  lua_State *L = ud;
  static const char *const names[] = {"other", "number", "word"};
  const char *s = lua_tostring(L, 1);
  if (kind == ICU_SEG_OTHER) return;
  lua_createtable(L, 0, 4);
  set_str(L, "text", s + start, stop - start);
  lua_pushstring(L, names[kind]);
  lua_setfield(L, -2, "kind");
  set_int(L, "start", (lua_Integer)start + 1);
  set_int(L, "stop", (lua_Integer)stop);
  lua_rawseti(L, -2, (lua_Integer)lua_rawlen(L, -2) + 1);
}

/* icu_tokenize: ICU's word and number segments of the string at index 1. */
static int icu_tokenize(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  err e;
  icuwords *w = icuwords_new(&e);
  if (!w) return luaL_error(L, "%s", e.msg);
  lua_newtable(L);
  int rc = icuwords_run(w, s, len, push_icu_segment, L, &e);
  icuwords_free(w);
  if (rc) return luaL_error(L, "%s", e.msg);
  return 1;
}

/* sahel.text.tokenize(s [, opts]) -> array of tokens */
static int l_tokenize(lua_State *L) {
  static const char *const engine_key[] = {"engine", NULL};
  lx_norm_opts(L, 2, engine_key);
  const char *engine = lx_opt_string(L, 2, "engine", "sahel");
  if (strcmp(engine, "icu") == 0) return icu_tokenize(L);
  if (strcmp(engine, "sahel") != 0) return luaL_error(L, "unknown engine '%s'", engine);
  return analyze(L, push_tokens, 0);
}

/* sahel.text.sentences(s [, opts]) -> array of sentences */
static int l_sentences(lua_State *L) { return analyze(L, push_spans, 1); }

/* sahel.text.paragraphs(s [, opts]) -> array of paragraphs */
static int l_paragraphs(lua_State *L) { return analyze(L, push_spans, 0); }

/* sahel.text.clitic_forms(word [, opts]) -> array of the candidate forms of §6.3 */
static int l_clitic_forms(lua_State *L) {
  size_t len;
  const char *s = luaL_checklstring(L, 1, &len);
  lx_norm_opts(L, 2, NULL);
  const textproc *tp = lx_textproc(L, lx_norm_flags(L, 2));
  buf norm;
  clitic_forms f;
  buf_init(&norm);
  clitic_forms_init(&f);
  int rc = text_normalize(tp, s, len, &norm) ||
           text_clitic_forms(norm.data ? norm.data : "", norm.len, &f);
  lua_createtable(L, (int)f.n, 0);
  for (size_t i = 0; !rc && i < f.n; i++) {
    lua_pushlstring(L, f.s[i], f.len[i]);
    lua_rawseti(L, -2, (lua_Integer)i + 1);
  }
  buf_free(&norm);
  clitic_forms_free(&f);
  return rc ? lx_nomem(L) : 1;
}

static const luaL_Reg funcs[] = {
  {"normalize", l_normalize},
  {"tokenize", l_tokenize},
  {"sentences", l_sentences},
  {"paragraphs", l_paragraphs},
  {"clitic_forms", l_clitic_forms},
  {NULL, NULL}
};

int luaopen_sahel_text(lua_State *L) {
  lx_newlib(L, funcs, NULL, NULL, NULL);
  return 1;
}
