/*
 * store_ingest.c: writing analyzed articles into the store (see store.h).
 *
 * The pipeline's workers analyze articles in parallel; everything that touches the
 * connection happens under one mutex: the hash check before the analysis (an unchanged
 * article is never analyzed), then the article's rows after it. Transactions are opened
 * and committed between articles only, so that every committed state holds whole articles.
 */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "jsonl.h"
#include "mem.h"
#include "store.h"

enum { Q_HASH, Q_DEL_MENTIONS, Q_DEL_ARTICLE, Q_ARTICLE, Q_MENTION, Q_ENTITY, Q_ALIAS, Q_META,
       Q_GET_META, Q_COUNT };

static const char *const ingest_sql[Q_COUNT] = {
  "SELECT hash FROM articles WHERE id = ?1",
  "DELETE FROM mentions WHERE article_id = ?1",
  "DELETE FROM articles WHERE id = ?1",
  "INSERT INTO articles(id, title, date, date_raw, source, author, url, summary, body, meta,"
  " origin, hash, paragraphs, sentences, tokens)"
  " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)",
  "INSERT INTO mentions(article_id, entity_id, alias, surface, paragraph, sentence, token,"
  " word, byte_start, byte_end, flags) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
  "INSERT OR REPLACE INTO entities(id, type, name) VALUES (?1, ?2, ?3)",
  "INSERT INTO aliases(entity_id, alias, kind, flags, context) VALUES (?1, ?2, ?3, ?4, ?5)",
  "INSERT OR REPLACE INTO meta(key, value) VALUES (?1, ?2)",
  "SELECT value FROM meta WHERE key = ?1",
};

struct store_session {
  sqlite3 *db;
  const char *path;
  const store_ingest_opts *o;
  sqlite3_stmt *q[Q_COUNT];
  pthread_mutex_t lock;
  int reanalyze;     /* the gazetteer or the options changed: skip nothing */
  size_t in_tx;      /* articles written in the open transaction */
  size_t batch;
  char fingerprint[17];
  store_ingest_stats stats;
};


typedef struct {
  store_session *s;
  pipeline_doc d;
  buf meta; /* JSON text of the article's meta fields */
} ingest_worker;

/* fnv: FNV-1a 64 of s (NULL hashes differently from ""), continuing from h. */
static uint64_t fnv(uint64_t h, const char *s) {
  h = (h ^ (s ? 1u : 0u)) * 0x100000001b3ULL;
  for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
    h = (h ^ *p) * 0x100000001b3ULL;
  }
  return (h ^ 0xFFu) * 0x100000001b3ULL; /* a terminator: "ab","c" differs from "a","bc" */
}

/* hex: h as 16 hex digits into out. */
static void hex(uint64_t h, char out[17]) { snprintf(out, 17, "%016llx", (unsigned long long)h); }

void store_article_hash(const article *a, char out[17]) {
  const char *f[] = {a->id, a->title, a->date, a->date_raw, a->source, a->author, a->url,
                     a->summary, a->body};
  uint64_t h = 0xcbf29ce484222325ULL, meta = 0;
  for (size_t i = 0; i < sizeof f / sizeof f[0]; i++) h = fnv(h, f[i]);
  /* meta fields in any order: a sum of the hashes of the pairs (sources differ in order) */
  for (size_t i = 0; i < a->nmeta; i++) meta += fnv(fnv(h, a->meta[i].key), a->meta[i].value);
  hex(h ^ meta * 0x9E3779B97F4A7C15ULL, out);
}

/* fingerprint: what the stored mentions depend on: the gazetteer's rows, the match
 * options and the normalization steps, as 16 hex digits. */
static void fingerprint(const store_ingest_opts *o, char out[17]) {
  char opts[64];
  snprintf(opts, sizeof opts, "%u/%u", o->match_opts, o->tp ? textproc_flags(o->tp) : 0u);
  uint64_t h = fnv(0xcbf29ce484222325ULL, opts);
  for (size_t i = 0; o->g && i < gaz_entity_count(o->g); i++) {
    const gaz_entity *x = gaz_entity_at(o->g, i);
    h = fnv(fnv(fnv(h, x->id), x->type), x->name);
  }
  for (size_t i = 0; o->g && i < gaz_alias_count(o->g); i++) {
    const gaz_alias *x = gaz_alias_at(o->g, i);
    h = fnv(fnv(fnv(h, x->text), x->kind), x->context);
    h = fnv(h, x->ambiguous ? "ambiguous" : gaz_entity_at(o->g, x->entity)->id);
  }
  hex(h, out);
}

/* fail_sql: e = "path: SQLite's message (in SQL: ...)" for statement q; -1. */
static int fail_sql(store_session *s, int q, err *e) {
  return store_db_error(s->db, s->path, ingest_sql[q], e);
}

/* run: step statement q to its end and reset it; 0, or -1 with e set. */
static int run(store_session *s, int q, err *e) {
  int rc = sqlite3_step(s->q[q]);
  sqlite3_reset(s->q[q]);
  sqlite3_clear_bindings(s->q[q]);
  return rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : fail_sql(s, q, e);
}

/* text: bind s (NULL: SQL NULL) to parameter i of statement q. */
static void text(store_session *s, int q, int i, const char *v) {
  sqlite3_bind_text(s->q[q], i, v, -1, SQLITE_STATIC);
}

/* exec: run plain sql; 0, or -1 with e set. */
static int exec(store_session *s, const char *sql, err *e) {
  if (sqlite3_exec(s->db, sql, NULL, NULL, NULL) == SQLITE_OK) return 0;
  return store_db_error(s->db, s->path, sql, e);
}

/* stored_meta: meta[key] into out (n bytes; "" when absent); 0 or -1. */
static int stored_meta(store_session *s, const char *key, char *out, size_t n, err *e) {
  text(s, Q_GET_META, 1, key);
  int rc = sqlite3_step(s->q[Q_GET_META]);
  const unsigned char *v = rc == SQLITE_ROW ? sqlite3_column_text(s->q[Q_GET_META], 0) : NULL;
  snprintf(out, n, "%s", v ? (const char *)v : "");
  sqlite3_reset(s->q[Q_GET_META]);
  return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : fail_sql(s, Q_GET_META, e);
}

/* set_meta: meta[key] = value (inside the caller's transaction); 0 or -1. */
static int set_meta(store_session *s, const char *key, const char *value, err *e) {
  text(s, Q_META, 1, key);
  text(s, Q_META, 2, value);
  return run(s, Q_META, e);
}

/* write_entity: one entity row; 0 or -1. */
static int write_entity(store_session *s, const gaz_entity *x, err *e) {
  text(s, Q_ENTITY, 1, x->id);
  text(s, Q_ENTITY, 2, x->type);
  text(s, Q_ENTITY, 3, x->name);
  return run(s, Q_ENTITY, e);
}

/* write_alias: one alias row; 0 or -1. */
static int write_alias(store_session *s, const gaz_alias *x, err *e) {
  text(s, Q_ALIAS, 1, gaz_entity_at(s->o->g, x->entity)->id);
  text(s, Q_ALIAS, 2, x->text);
  text(s, Q_ALIAS, 3, x->kind);
  text(s, Q_ALIAS, 4, x->ambiguous ? "ambiguous" : NULL);
  text(s, Q_ALIAS, 5, x->context);
  return run(s, Q_ALIAS, e);
}

/* write_gazetteer: replace the entities and aliases tables with the gazetteer's rows, and
 * decide whether stored mentions are stale (fingerprint differs); 0 or -1. */
static int write_gazetteer(store_session *s, err *e) {
  const gazetteer *g = s->o->g;
  char old[32];
  fingerprint(s->o, s->fingerprint);
  if (stored_meta(s, "gazetteer", old, sizeof old, e) < 0) return -1;
  s->reanalyze = s->o->force || strcmp(old, s->fingerprint) != 0;
  if (!g || !s->reanalyze) return 0;
  if (exec(s, "BEGIN IMMEDIATE; DELETE FROM entities; DELETE FROM aliases", e) < 0) return -1;
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < gaz_entity_count(g); i++)
    rc = write_entity(s, gaz_entity_at(g, i), e);
  for (size_t i = 0; rc == 0 && i < gaz_alias_count(g); i++)
    rc = write_alias(s, gaz_alias_at(g, i), e);
  return exec(s, rc == 0 ? "COMMIT" : "ROLLBACK", rc == 0 ? e : NULL) < 0 || rc < 0 ? -1 : 0;
}

/* meta_json: the article's meta fields as a JSON object into out; NULL when it has none,
 * the text otherwise; *oom set when memory ran out. */
static const char *meta_json(const article *a, buf *out, int *oom) {
  buf_clear(out);
  if (a->nmeta == 0) return NULL;
  const char **keys = mem_calloc(a->nmeta, sizeof *keys);
  const char **values = mem_calloc(a->nmeta, sizeof *values);
  if (!keys || !values) *oom = 1;
  for (size_t i = 0; !*oom && i < a->nmeta; i++) {
    keys[i] = a->meta[i].key;
    values[i] = a->meta[i].value;
  }
  if (!*oom && jsonl_object_text(keys, values, a->nmeta, out)) *oom = 1;
  mem_free(keys);
  mem_free(values);
  return *oom ? NULL : out->data;
}

/* units: how many spans of sp[0..n) hold at least one token. */
static int64_t units(const span *sp, size_t n) {
  int64_t k = 0;
  for (size_t i = 0; i < n; i++) k += sp[i].count > 0;
  return k;
}

/* write_row: the article row (after any old version was deleted); 0 or -1. */
static int write_row(store_session *s, ingest_worker *w, const article *a, const char *hash,
                     err *e) {
  const char *f[] = {a->id, a->title, a->date, a->date_raw, a->source, a->author, a->url,
                     a->summary, a->body};
  int oom = 0;
  const char *meta = meta_json(a, &w->meta, &oom);
  if (oom) return err_set(e, "%s: out of memory", a->origin ? a->origin : a->id);
  const doc *d = &w->d.d;
  for (int i = 0; i < 9; i++) text(s, Q_ARTICLE, i + 1, f[i]);
  text(s, Q_ARTICLE, 10, meta);
  text(s, Q_ARTICLE, 11, a->origin);
  text(s, Q_ARTICLE, 12, hash);
  sqlite3_bind_int64(s->q[Q_ARTICLE], 13, units(d->paragraphs, d->nparagraphs));
  sqlite3_bind_int64(s->q[Q_ARTICLE], 14, units(d->sentences, d->nsentences));
  sqlite3_bind_int64(s->q[Q_ARTICLE], 15, (int64_t)doc_word_count(d));
  return run(s, Q_ARTICLE, e);
}

/* write_mention: one mention row; word = word tokens before it. 0 or -1. */
static int write_mention(store_session *s, const pipeline_doc *pd, const char *id,
                         const mention *m, int64_t word, err *e) {
  sqlite3_stmt *q = s->q[Q_MENTION];
  text(s, Q_MENTION, 1, id);
  text(s, Q_MENTION, 2, gaz_entity_at(s->o->g, m->entity)->id);
  text(s, Q_MENTION, 3, gaz_alias_at(s->o->g, m->alias)->text);
  sqlite3_bind_text(q, 4, pd->d.text + m->byte_start, (int)(m->byte_end - m->byte_start),
                    SQLITE_STATIC);
  const int64_t v[] = {m->paragraph, m->sentence, m->tok_first, word, m->byte_start,
                       m->byte_end, m->flags};
  for (int i = 0; i < 7; i++) sqlite3_bind_int64(q, 5 + i, v[i]);
  return run(s, Q_MENTION, e);
}

/* write_mentions: the article's final mentions (dropped ones are not stored); 0 or -1. */
static int write_mentions(store_session *s, ingest_worker *w, const char *id, err *e) {
  const doc *d = &w->d.d;
  size_t tok = 0;
  int64_t words = 0;
  for (size_t i = 0; i < w->d.m.n; i++) {
    const mention *m = &w->d.m.items[i];
    for (; tok < m->tok_first && tok < d->ntokens; tok++) words += d->tokens[tok].kind == TOK_WORD;
    if (m->flags & MENTION_DROPPED) continue;
    if (write_mention(s, &w->d, id, m, words, e) < 0) return -1;
    s->stats.mentions++;
  }
  return 0;
}

/* tx_begin / tx_end: open a transaction when none is; commit it once it holds a batch. */
static int tx_begin(store_session *s, err *e) {
  return s->in_tx ? 0 : exec(s, "BEGIN IMMEDIATE", e);
}
static int tx_end(store_session *s, err *e) {
  if (++s->in_tx < s->batch) return 0;
  s->in_tx = 0;
  return exec(s, "COMMIT", e);
}

/* write_article: replace the article's rows with the analyzed version (lock held). */
static int write_article(store_session *s, ingest_worker *w, const article *a,
                         const char *hash, err *e) {
  if (tx_begin(s, e) < 0) return -1;
  text(s, Q_DEL_MENTIONS, 1, a->id);
  text(s, Q_DEL_ARTICLE, 1, a->id);
  if (run(s, Q_DEL_MENTIONS, e) < 0 || run(s, Q_DEL_ARTICLE, e) < 0) return -1;
  int existed = sqlite3_changes(s->db) > 0;
  if (write_row(s, w, a, hash, e) < 0) return -1;
  if (s->o->g && write_mentions(s, w, a->id, e) < 0) return -1;
  if (existed) s->stats.replaced++;
  else s->stats.inserted++;
  return tx_end(s, e);
}

/* unchanged: whether the stored article a->id has this hash (lock held); 1, 0 or -1. */
static int unchanged(store_session *s, const char *id, const char *hash, err *e) {
  text(s, Q_HASH, 1, id);
  int rc = sqlite3_step(s->q[Q_HASH]);
  const unsigned char *h = rc == SQLITE_ROW ? sqlite3_column_text(s->q[Q_HASH], 0) : NULL;
  int same = h && strcmp((const char *)h, hash) == 0;
  sqlite3_reset(s->q[Q_HASH]);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail_sql(s, Q_HASH, e);
  return same;
}

/* ing_article: the pipeline's per-article work. */
static int ing_article(void *state, const article *a, const warn_sink *ws, err *e) {
  ingest_worker *w = state;
  store_session *s = w->s;
  char hash[17];
  if (!a->id || !*a->id) {
    warn_emit(ws, "%s: article without an id: not stored", a->origin ? a->origin : "?");
    pthread_mutex_lock(&s->lock);
    s->stats.seen++, s->stats.no_id++;
    pthread_mutex_unlock(&s->lock);
    return 0;
  }
  store_article_hash(a, hash);
  pthread_mutex_lock(&s->lock);
  s->stats.seen++;
  int same = s->reanalyze ? 0 : unchanged(s, a->id, hash, e);
  if (same == 1) s->stats.skipped++;
  pthread_mutex_unlock(&s->lock);
  if (same != 0) return same < 0 ? -1 : 0;
  if (pipeline_doc_run(&w->d, a, e) < 0) return -1;
  pthread_mutex_lock(&s->lock);
  int rc = write_article(s, w, a, hash, e);
  pthread_mutex_unlock(&s->lock);
  return rc;
}

/* ing_new / ing_merge / ing_free: worker states (nothing to merge: rows are written). */
static void *ing_new(void *ud, err *e) {
  store_session *s = ud;
  ingest_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_set(e, "%s: out of memory", s->path), NULL;
  w->s = s;
  pipeline_doc_init(&w->d, s->o->tp, s->o->g, s->o->match_opts);
  buf_init(&w->meta);
  return w;
}
static int ing_merge(void *into, void *from, err *e) {
  (void)into, (void)from, (void)e;
  return 0;
}
static void ing_free(void *state) {
  ingest_worker *w = state;
  if (!w) return;
  pipeline_doc_free(&w->d);
  buf_free(&w->meta);
  mem_free(w);
}

store_session *store_ingest_begin(sqlite3 *db, const store_ingest_opts *o, err *e) {
  const char *path = sqlite3_db_filename(db, "main");
  if (store_init(db, e) < 0) return NULL;
  store_session *s = mem_calloc(1, sizeof *s);
  if (!s) return err_set(e, "%s: out of memory", path), NULL;
  *s = (store_session){.db = db, .path = path && *path ? path : ":memory:", .o = o};
  s->batch = o->batch > 0 ? (size_t)o->batch : 500;
  pthread_mutex_init(&s->lock, NULL);
  int rc = 0;
  for (int i = 0; rc == 0 && i < Q_COUNT; i++) {
    if (sqlite3_prepare_v2(db, ingest_sql[i], -1, &s->q[i], NULL) != SQLITE_OK)
      rc = fail_sql(s, i, e);
  }
  if (rc == 0) rc = write_gazetteer(s, e);
  if (rc < 0) {
    store_ingest_end(s, 0, NULL, NULL);
    return NULL;
  }
  return s;
}

int store_ingest_run(store_session *s, const pipeline_opts *po, pipeline_warnings *w, err *e) {
  pipeline_worker_fns f = {ing_new, ing_article, ing_merge, ing_free, s};
  void *r = pipeline_run(po, &f, w, e);
  ing_free(r);
  return r ? 0 : -1;
}

void store_ingest_counts(const store_session *s, store_ingest_stats *st) { *st = s->stats; }

/* finish: commit the last batch with the fingerprint (ok) or roll it back; 0 or -1. */
static int finish(store_session *s, int ok, err *e) {
  if (!ok) {
    if (!sqlite3_get_autocommit(s->db)) exec(s, "ROLLBACK", NULL);
    return -1;
  }
  if (tx_begin(s, e) < 0 || set_meta(s, "gazetteer", s->fingerprint, e) < 0) {
    exec(s, "ROLLBACK", NULL);
    return -1;
  }
  return exec(s, "COMMIT", e);
}

int store_ingest_end(store_session *s, int ok, store_ingest_stats *st, err *e) {
  int rc = finish(s, ok, e);
  if (st) *st = s->stats;
  for (int i = 0; i < Q_COUNT; i++) sqlite3_finalize(s->q[i]);
  pthread_mutex_destroy(&s->lock);
  mem_free(s);
  return rc;
}

int store_ingest(sqlite3 *db, const store_ingest_opts *o, const pipeline_opts *po,
                 pipeline_warnings *w, store_ingest_stats *st, err *e) {
  store_session *s = store_ingest_begin(db, o, e);
  if (!s) return -1;
  int ok = store_ingest_run(s, po, w, e) == 0;
  return store_ingest_end(s, ok, st, e) < 0 || !ok ? -1 : 0;
}
