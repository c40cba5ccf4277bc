/* fts.c: the FTS5 tokenizer `sahel` (see fts.h). */
#include "store/fts.h"

#include "base/mem.h"
#include "io/sqldb.h"
#include "text/text.h"

/* One tokenizer instance (one per FTS5 table and connection; a connection runs one
 * statement step at a time, so its scratch is never shared). */
typedef struct {
  textproc *tp;
  doc d;
  clitic_forms cf;
} fts_tok;

/* tok_create: FTS5's xCreate; the tokenizer takes no arguments. */
static int tok_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out) {
  (void)ctx;
  (void)argv;
  if (argc > 0) return SQLITE_ERROR;
  fts_tok *t = mem_calloc(1, sizeof *t);
  if (!t) return SQLITE_NOMEM;
  err e;
  t->tp = textproc_new(NORM_DEFAULT, &e);
  if (!t->tp) {
    mem_free(t);
    return SQLITE_ERROR;
  }
  doc_init(&t->d);
  clitic_forms_init(&t->cf);
  *out = (Fts5Tokenizer *)t;
  return SQLITE_OK;
}

/* tok_delete: FTS5's xDelete. */
static void tok_delete(Fts5Tokenizer *p) {
  fts_tok *t = (fts_tok *)p;
  textproc_free(t->tp);
  doc_free(&t->d);
  clitic_forms_free(&t->cf);
  mem_free(t);
}

typedef int (*fts_emit)(void *ctx, int flags, const char *tok, int n, int start, int end);

/* emit_word: pass token k of the doc to FTS5, with its stripped forms unless querying. */
static int emit_word(fts_tok *t, size_t k, int query, fts_emit emit, void *ctx) {
  const token *w = &t->d.tokens[k];
  const char *norm = t->d.norm.data + w->norm;
  int rc = emit(ctx, 0, norm, (int)w->norm_len, (int)w->start, (int)w->stop);
  if (rc != SQLITE_OK || query || w->kind != TOK_WORD) return rc;
  if (text_clitic_forms(norm, w->norm_len, &t->cf) < 0) return SQLITE_NOMEM;
  for (size_t i = 1; i < t->cf.n && rc == SQLITE_OK; i++) {
    rc = emit(ctx, FTS5_TOKEN_COLOCATED, t->cf.s[i], (int)t->cf.len[i], (int)w->start,
              (int)w->stop);
  }
  return rc;
}

/* tok_tokenize: FTS5's xTokenize: the word and number tokens of the text. */
static int tok_tokenize(Fts5Tokenizer *p, void *ctx, int flags, const char *text, int len,
                        fts_emit emit) {
  fts_tok *t = (fts_tok *)p;
  err e;
  if (len <= 0) return SQLITE_OK;
  if (doc_analyze(&t->d, t->tp, text, (size_t)len, &e) < 0) return SQLITE_NOMEM;
  int query = (flags & FTS5_TOKENIZE_QUERY) != 0;
  int rc = SQLITE_OK;
  for (size_t k = 0; k < t->d.ntokens && rc == SQLITE_OK; k++) {
    uint8_t kind = t->d.tokens[k].kind;
    if (kind == TOK_WORD || kind == TOK_NUMBER) rc = emit_word(t, k, query, emit, ctx);
  }
  return rc;
}

/* fts_api_of: the fts5_api of connection db, or NULL when FTS5 is missing. */
static fts5_api *fts_api_of(sqlite3 *db) {
  fts5_api *api = NULL;
  sqlite3_stmt *st = NULL;
  if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK) return NULL;
  sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
  sqlite3_step(st);
  sqlite3_finalize(st);
  return api;
}

int fts_register(sqlite3 *db, err *e) {
  fts5_tokenizer tokenizer = {tok_create, tok_delete, tok_tokenize}; /* FTS5 copies it */
  fts5_api *api = fts_api_of(db);
  if (!api) return err_set(e, "%s: SQLite has no FTS5", sqlite3_db_filename(db, "main"));
  if (api->xCreateTokenizer(api, "sahel", NULL, &tokenizer, NULL) != SQLITE_OK) {
    return sqldb_error(db, NULL, e, "%s: cannot register the FTS5 tokenizer",
                       sqlite3_db_filename(db, "main"));
  }
  return 0;
}
