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

#include "article/jsonl.h"
#include "base/mem.h"
#include "gazetteer/pipeline_doc.h"
#include "base/seqring.h"
#include "io/sqldb.h"
#include "store/store.h"

enum { Q_HASH, Q_DEL_MENTIONS, Q_DEL_ARTICLE, Q_ARTICLE, Q_MENTION, Q_ENTITY, Q_ALIAS, Q_META,
       Q_GET_META, Q_KWIC, Q_DEL_KWIC, Q_COUNT };

/* The statements prepared only with o->kwic (their table is created then). */
#define Q_FIRST_KWIC Q_KWIC

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
  "INSERT INTO kwic(article_id, entity_id, left, match, right) VALUES (?1, ?2, ?3, ?4, ?5)",
  "DELETE FROM kwic WHERE article_id = ?1",
};

/* The KWIC table (o->kwic), as analyze.lua's store has it (no index: a fresh store, the
 * main job's, replaces an article only when the corpus repeats its id). */
static const char kwic_schema[] =
  "CREATE TABLE IF NOT EXISTS kwic(article_id TEXT, entity_id TEXT, left TEXT, match TEXT,"
  " right TEXT);\n";

/* The columns of an article row, in the order of Q_ARTICLE's first 12 parameters. */
enum { F_ID, F_TITLE, F_DATE, F_DATE_RAW, F_SOURCE, F_AUTHOR, F_URL, F_SUMMARY, F_BODY,
       F_META, F_ORIGIN, F_HASH, F_COUNT };
#define NO_FIELD SIZE_MAX

/* A mention row: its indexes, its numbers (paragraph, sentence, token, word, byte_start,
 * byte_end, flags), and where its surface and KWIC fields lie in the record's text. */
typedef struct {
  uint32_t entity, alias;
  int64_t v[7];
  size_t surface, surface_len;
  gaz_kwic_row kwic;
} rec_mention;

/* What one place of the source comes to: nothing (a bad record), an article without an
 * id, an unchanged article, or an analyzed article to write. */
enum { REC_BAD, REC_NO_ID, REC_SKIPPED, REC_WRITE };

/* A record: an analyzed article copied out of its worker, as the writer writes it. */
typedef struct {
  int kind;
  buf text;             /* every string of the record */
  size_t off[F_COUNT];  /* where each field starts in text (NO_FIELD: NULL) */
  size_t len[F_COUNT];
  int64_t units[3];     /* paragraphs, sentences, word tokens */
  size_t bytes;         /* title and body (the progress counts) */
  size_t with_demonyms; /* its mentions with demonyms counted (o->with_demonyms) */
  rec_mention *m;
  size_t nm, m_cap;
} ingest_rec;

/* Records in the writer thread's ring (the workers may be this many places ahead: with
 * 128 rather than 32, 2 workers wait less on the writer's slow articles; SaudiNewsNet's
 * ingest with 2 threads, 1.44-1.67 s -> 1.32-1.35 s of wall time). */
enum { RING_SLOTS = 128 };

struct store_session {
  sqlite3 *db;
  const char *path;
  const store_ingest_opts *o;
  sqlite3_stmt *q[Q_COUNT];
  pthread_mutex_t lock; /* the connection and the counts */
  int reanalyze;     /* the gazetteer or the options changed: skip nothing */
  int fresh;         /* the store had no article: nothing to check before analyzing */
  size_t in_tx;      /* articles written in the open transaction */
  size_t batch;
  char fingerprint[17];
  store_ingest_stats stats;
  seqring *ring;     /* the writer thread during a run with several workers, or NULL */
  ingest_rec slots[RING_SLOTS];
};

/* rec_init / rec_free: an empty record / release it. */
static void rec_init(ingest_rec *r) {
  memset(r, 0, sizeof *r);
  buf_init(&r->text);
}
static void rec_free(ingest_rec *r) {
  buf_free(&r->text);
  mem_free(r->m);
}
/* rec_reset: r emptied for a new place of this kind. */
static void rec_reset(ingest_rec *r, int kind, size_t bytes) {
  r->kind = kind;
  r->bytes = bytes;
  r->nm = 0;
  buf_clear(&r->text);
}
/* rec_trim: release a written record's text when a large article grew it (the ring's
 * slots then keep at most RING_SLOTS x 256 KiB between articles). */
static void rec_trim(ingest_rec *r) {
  if (r->text.cap > ((size_t)256 << 10)) {
    buf_free(&r->text);
    buf_init(&r->text);
  }
}


typedef struct {
  store_session *s;
  pipeline_doc d;
  mention_list dm; /* the article's mentions with demonyms (o->with_demonyms) */
  buf meta;      /* JSON text of the article's meta fields */
  ingest_rec rec; /* the record written at once when there is no writer thread */
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
  return sqldb_error(s->db, ingest_sql[q], e, "%s", s->path);
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
  return sqldb_error(s->db, sql, e, "%s", s->path);
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

/* ---- records: an analyzed article as the writer writes it ---------------------------- */

/* add_field: field f of r = v (NULL: SQL NULL), copied into r->text with its NUL; 0 or
 * -1. */
static int add_field(ingest_rec *r, int f, const char *v) {
  r->off[f] = v ? r->text.len : NO_FIELD;
  r->len[f] = v ? strlen(v) : 0;
  return v ? buf_add(&r->text, v, r->len[f] + 1) : 0;
}

/* fill_fields: the article row's fields of a into r; 0 or -1 (memory). */
static int fill_fields(ingest_rec *r, ingest_worker *w, const article *a, const char *hash) {
  const char *f[] = {a->id, a->title, a->date, a->date_raw, a->source, a->author, a->url,
                     a->summary, a->body};
  int oom = 0;
  const char *meta = meta_json(a, &w->meta, &oom);
  for (int i = 0; !oom && i < F_META; i++) oom = add_field(r, i, f[i]) < 0;
  if (oom || add_field(r, F_META, meta) < 0 || add_field(r, F_ORIGIN, a->origin) < 0 ||
      add_field(r, F_HASH, hash) < 0)
    return -1;
  const doc *d = &w->d.d;
  r->units[0] = units(d->paragraphs, d->nparagraphs);
  r->units[1] = units(d->sentences, d->nsentences);
  r->units[2] = (int64_t)doc_word_count(d);
  return 0;
}

/* fill_mention: the row of mention m (word: word tokens before it) into r, with its KWIC
 * row when asked; 0 or -1 (memory). */
static int fill_mention(ingest_rec *r, ingest_worker *w, const mention *m, int64_t word) {
  if (mem_grow(&r->m, &r->m_cap, r->nm + 1, sizeof *r->m) < 0) return -1;
  rec_mention *x = &r->m[r->nm++];
  *x = (rec_mention){m->entity, m->alias,
                     {m->paragraph, m->sentence, m->tok_first, word, m->byte_start,
                      m->byte_end, m->flags},
                     r->text.len, m->byte_end - m->byte_start, {{0}, {0}}};
  if (buf_add(&r->text, w->d.d.text + m->byte_start, x->surface_len) < 0) return -1;
  int k = w->s->o->kwic;
  return k > 0 ? gaz_kwic(&w->d.d, m, (size_t)k, &r->text, &x->kwic) : 0;
}

/* fill_mentions: the article's final mentions (dropped ones are not stored); 0 or -1. */
static int fill_mentions(ingest_rec *r, ingest_worker *w) {
  const doc *d = &w->d.d;
  size_t tok = 0;
  int64_t words = 0;
  for (size_t i = 0; i < w->d.m.n; i++) {
    const mention *m = &w->d.m.items[i];
    for (; tok < m->tok_first && tok < d->ntokens; tok++) words += d->tokens[tok].kind == TOK_WORD;
    if (m->flags & MENTION_DROPPED) continue;
    if (fill_mention(r, w, m, words) < 0) return -1;
  }
  return 0;
}

/* kept_mentions: the mentions of m that are not dropped. */
static size_t kept_mentions(const mention_list *m) {
  size_t n = 0;
  for (size_t i = 0; i < m->n; i++) n += !(m->items[i].flags & MENTION_DROPPED);
  return n;
}

/* with_demonyms: r->with_demonyms = the final mentions of w's analyzed article a with
 * demonym aliases taking part (matched again when the ingest leaves them out); 0 or -1. */
static int with_demonyms(ingest_rec *r, ingest_worker *w, const article *a) {
  const store_ingest_opts *o = w->s->o;
  const mention_list *m = &w->d.m;
  if (!(o->match_opts & GAZ_DEMONYMS)) {
    gaz_meta meta = {a->source, article_category(a)};
    unsigned opts = (o->match_opts | GAZ_DEMONYMS) & ~(unsigned)GAZ_KEEP_DROPPED;
    w->dm.n = 0;
    if (gaz_match_article(o->g, &w->d.d, &meta, opts, &w->dm) < 0) return -1;
    m = &w->dm;
  }
  r->with_demonyms = kept_mentions(m);
  return 0;
}

/* fill_rec: r = what the writer writes for analyzed article a; 0, or -1 with e set. */
static int fill_rec(ingest_rec *r, ingest_worker *w, const article *a, const char *hash,
                    size_t bytes, err *e) {
  const store_ingest_opts *o = w->s->o;
  rec_reset(r, REC_WRITE, bytes);
  r->with_demonyms = 0;
  if (fill_fields(r, w, a, hash) < 0 || (o->g && fill_mentions(r, w) < 0) ||
      (o->g && o->with_demonyms && with_demonyms(r, w, a) < 0))
    return err_nomem_at(e, "%s", a->origin ? a->origin : a->id);
  return 0;
}

/* ---- writing a record (lock held: the writer thread, or the only worker) ------------- */

/* field: field f of r for binding (NULL when absent). */
static const char *field(const ingest_rec *r, int f) {
  return r->off[f] == NO_FIELD ? NULL : r->text.data + r->off[f];
}

/* bind_field: bind field f of r to parameter i of statement q. */
static void bind_field(store_session *s, int q, int i, const ingest_rec *r, int f) {
  sqlite3_bind_text(s->q[q], i, field(r, f), (int)r->len[f], SQLITE_STATIC);
}

/* write_row: the article row; 0, 1 when its id is stored already (a fresh store meets an
 * id twice), or -1 with e set. */
static int write_row(store_session *s, const ingest_rec *r, err *e) {
  sqlite3_stmt *q = s->q[Q_ARTICLE];
  for (int f = 0; f < F_COUNT; f++) bind_field(s, Q_ARTICLE, f + 1, r, f);
  for (int i = 0; i < 3; i++) sqlite3_bind_int64(q, 13 + i, r->units[i]);
  int rc = sqlite3_step(q);
  sqlite3_reset(q);
  sqlite3_clear_bindings(q);
  if (rc == SQLITE_DONE) return 0;
  if (s->fresh && sqlite3_extended_errcode(s->db) == SQLITE_CONSTRAINT_PRIMARYKEY) return 1;
  return fail_sql(s, Q_ARTICLE, e);
}

/* write_mention: mention row x of r, and its KWIC row when asked; 0 or -1. */
static int write_mention(store_session *s, const ingest_rec *r, const rec_mention *x, err *e) {
  const char *id = field(r, F_ID), *t = r->text.data;
  const char *entity = gaz_entity_at(s->o->g, x->entity)->id;
  text(s, Q_MENTION, 1, id);
  text(s, Q_MENTION, 2, entity);
  text(s, Q_MENTION, 3, gaz_alias_at(s->o->g, x->alias)->text);
  sqlite3_bind_text(s->q[Q_MENTION], 4, t + x->surface, (int)x->surface_len, SQLITE_STATIC);
  for (int i = 0; i < 7; i++) sqlite3_bind_int64(s->q[Q_MENTION], 5 + i, x->v[i]);
  if (run(s, Q_MENTION, e) < 0) return -1;
  if (s->o->kwic <= 0) return 0;
  text(s, Q_KWIC, 1, id);
  text(s, Q_KWIC, 2, entity);
  for (int f = 0; f < 3; f++)
    sqlite3_bind_text(s->q[Q_KWIC], 3 + f, t + x->kwic.start[f], (int)x->kwic.len[f],
                      SQLITE_STATIC);
  return run(s, Q_KWIC, e);
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

/* delete_article: remove the stored article id with its mentions (and KWIC rows); 1 when
 * there was one, 0 when not, -1 with e set. */
static int delete_article(store_session *s, const char *id, err *e) {
  text(s, Q_DEL_ARTICLE, 1, id);
  if (run(s, Q_DEL_ARTICLE, e) < 0) return -1;
  if (sqlite3_changes(s->db) == 0) return 0;
  text(s, Q_DEL_MENTIONS, 1, id);
  if (run(s, Q_DEL_MENTIONS, e) < 0) return -1;
  if (s->o->kwic > 0) {
    text(s, Q_DEL_KWIC, 1, id);
    if (run(s, Q_DEL_KWIC, e) < 0) return -1;
  }
  return 1;
}

/* unchanged: whether the stored article id has this hash; 1, 0 or -1. */
static int unchanged(store_session *s, const char *id, const char *hash, err *e) {
  text(s, Q_HASH, 1, id);
  int rc = sqlite3_step(s->q[Q_HASH]);
  const unsigned char *h = rc == SQLITE_ROW ? sqlite3_column_text(s->q[Q_HASH], 0) : NULL;
  int same = h && strcmp((const char *)h, hash) == 0;
  sqlite3_reset(s->q[Q_HASH]);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return fail_sql(s, Q_HASH, e);
  return same;
}

/* replace_row: the article row of r in place of a stored one (a fresh store meeting an id
 * again: skipped when the content is the same); 1 replaced, 0 skipped, -1 with e set. */
static int replace_row(store_session *s, const ingest_rec *r, err *e) {
  int same = unchanged(s, field(r, F_ID), field(r, F_HASH), e);
  if (same != 0) return same < 0 ? -1 : 0;
  if (delete_article(s, field(r, F_ID), e) < 0) return -1;
  return write_row(s, r, e) == 0 ? 1 : -1;
}

/* write_article: the rows of r in place of any stored version; 0 or -1. A fresh store
 * inserts first and replaces only on a conflict; otherwise the old rows go first. */
static int write_article(store_session *s, const ingest_rec *r, err *e) {
  if (tx_begin(s, e) < 0) return -1;
  int existed = s->fresh ? 0 : delete_article(s, field(r, F_ID), e);
  int rc = existed < 0 ? -1 : write_row(s, r, e);
  if (rc == 1) { /* a fresh store meets an id again */
    existed = replace_row(s, r, e);
    if (existed == 0) s->stats.skipped++;
    if (existed <= 0) return existed;
    rc = 0;
  }
  if (rc < 0) return -1;
  for (size_t i = 0; s->o->g && i < r->nm; i++)
    if (write_mention(s, r, &r->m[i], e) < 0) return -1;
  s->stats.mentions += s->o->g ? r->nm : 0;
  s->stats.with_demonyms += r->with_demonyms;
  if (existed) s->stats.replaced++;
  else s->stats.inserted++;
  return tx_end(s, e);
}

/* write_rec: what record r says (lock held); 0 or -1 with e set. */
static int write_rec(store_session *s, ingest_rec *r, err *e) {
  int rc = 0;
  if (r->kind != REC_BAD) s->stats.seen++;
  s->stats.bytes += r->bytes;
  if (r->kind == REC_NO_ID) s->stats.no_id++;
  if (r->kind == REC_SKIPPED) s->stats.skipped++;
  if (r->kind == REC_WRITE) rc = write_article(s, r, e);
  rec_trim(r);
  return rc;
}

/* writer_consume: the writer thread's work on the next record in order. */
static int writer_consume(void *ud, void *item, err *e) {
  store_session *s = ud;
  pthread_mutex_lock(&s->lock);
  int rc = write_rec(s, item, e);
  pthread_mutex_unlock(&s->lock);
  return rc;
}

/* ---- the workers ---------------------------------------------------------------------- */

/* claim: the record of the article at place p: a ring slot (writer thread) or the
 * worker's own; NULL with e set when the writer failed. */
static ingest_rec *claim(ingest_worker *w, uint64_t p, err *e) {
  return w->s->ring ? seqring_claim(w->s->ring, p, e) : &w->rec;
}

/* hand_over: record r of place p to the writer thread, or written now; 0 or -1. */
static int hand_over(ingest_worker *w, ingest_rec *r, uint64_t p, err *e) {
  if (w->s->ring) {
    seqring_publish(w->s->ring, p);
    return 0;
  }
  return writer_consume(w->s, r, e);
}

/* pass: place p holds nothing to write (kind says why; bytes: its article's title and
 * body); 0 or -1. */
static int pass(ingest_worker *w, uint64_t p, int kind, size_t bytes, err *e) {
  ingest_rec *r = claim(w, p, e);
  if (!r) return -1;
  rec_reset(r, kind, bytes);
  return hand_over(w, r, p, e);
}

/* stored_same: whether article id is stored with this hash (the check before analyzing,
 * skipped on a fresh store or when everything is analyzed again); 1, 0 or -1. */
static int stored_same(store_session *s, const char *id, const char *hash, err *e) {
  if (s->fresh || s->reanalyze) return 0;
  pthread_mutex_lock(&s->lock);
  int same = unchanged(s, id, hash, e);
  pthread_mutex_unlock(&s->lock);
  return same;
}

/* ing_article: the pipeline's per-article work: check, analyze, record, hand over. */
static int ing_article(void *state, const article *a, const warn_sink *ws, err *e) {
  ingest_worker *w = state;
  uint64_t p = pipeline_place(ws);
  size_t bytes = (a->title ? strlen(a->title) : 0) + (a->body ? strlen(a->body) : 0);
  char hash[17];
  if (!a->id || !*a->id) {
    warn_emit(ws, "%s: article without an id: not stored", a->origin ? a->origin : "?");
    return pass(w, p, REC_NO_ID, bytes, e);
  }
  store_article_hash(a, hash);
  int same = stored_same(w->s, a->id, hash, e);
  if (same != 0) return same < 0 ? -1 : pass(w, p, REC_SKIPPED, bytes, e);
  if (pipeline_doc_run(&w->d, a, e) < 0) return -1;
  ingest_rec *r = claim(w, p, e);
  if (!r || fill_rec(r, w, a, hash, bytes, e) < 0) return -1;
  return hand_over(w, r, p, e);
}

/* ing_skip: a bad record at place p (the ring must not wait for it). */
static void ing_skip(void *state, uint64_t p) {
  err e;
  pass(state, p, REC_BAD, 0, &e);
}

/* ing_new / ing_merge / ing_free: worker states (nothing to merge: rows are written). */
static void *ing_new(void *ud, err *e) {
  store_session *s = ud;
  ingest_worker *w = mem_calloc(1, sizeof *w);
  if (!w) return err_nomem_at(e, "%s", s->path), NULL;
  w->s = s;
  pipeline_doc_init(&w->d, s->o->tp, s->o->g, s->o->match_opts);
  mention_list_init(&w->dm);
  buf_init(&w->meta);
  rec_init(&w->rec);
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
  mention_list_free(&w->dm);
  buf_free(&w->meta);
  rec_free(&w->rec);
  mem_free(w);
}

/* empty_store: s->fresh = whether the store holds no article yet; 0 or -1. */
static int empty_store(store_session *s, err *e) {
  sqlite3_stmt *q = NULL;
  const char *sql = "SELECT 1 FROM articles LIMIT 1";
  int rc = sqlite3_prepare_v2(s->db, sql, -1, &q, NULL) == SQLITE_OK ? sqlite3_step(q) : SQLITE_ERROR;
  sqlite3_finalize(q);
  s->fresh = rc == SQLITE_DONE;
  if (rc == SQLITE_DONE || rc == SQLITE_ROW) return 0;
  return sqldb_error(s->db, sql, e, "%s", s->path);
}

store_session *store_ingest_begin(sqlite3 *db, const store_ingest_opts *o, err *e) {
  const char *path = sqlite3_db_filename(db, "main");
  if (store_init(db, e) < 0) return NULL;
  store_session *s = mem_calloc(1, sizeof *s);
  if (!s) return err_nomem_at(e, "%s", path), NULL;
  *s = (store_session){.db = db, .path = path && *path ? path : ":memory:", .o = o};
  s->batch = o->batch > 0 ? (size_t)o->batch : 500;
  pthread_mutex_init(&s->lock, NULL);
  for (int i = 0; i < RING_SLOTS; i++) rec_init(&s->slots[i]);
  int rc = o->kwic > 0 ? exec(s, kwic_schema, e) : 0;
  int nq = o->kwic > 0 ? Q_COUNT : Q_FIRST_KWIC;
  for (int i = 0; rc == 0 && i < nq; i++) {
    if (sqlite3_prepare_v2(db, ingest_sql[i], -1, &s->q[i], NULL) != SQLITE_OK)
      rc = fail_sql(s, i, e);
  }
  if (rc == 0) rc = write_gazetteer(s, e);
  if (rc == 0) rc = empty_store(s, e);
  if (rc < 0) {
    store_ingest_end(s, 0, NULL, NULL);
    return NULL;
  }
  return s;
}

int store_ingest_run(store_session *s, const pipeline_opts *po, pipeline_warnings *w, err *e) {
  pipeline_worker_fns f = {ing_new, ing_article, ing_merge, ing_free, s, ing_skip};
  int threads = po->threads > 0 ? po->threads : pipeline_cores();
  void *items[RING_SLOTS];
  for (int i = 0; i < RING_SLOTS; i++) items[i] = &s->slots[i];
  if (threads > 1 && !(s->ring = seqring_start(items, RING_SLOTS, writer_consume, s, e)))
    return -1;
  void *r = pipeline_run(po, &f, w, e);
  err we;
  int rc = s->ring && seqring_finish(s->ring, &we) < 0 ? -1 : 0;
  s->ring = NULL;
  if (rc < 0 && r) *e = we; /* the writer failed: its message, unless a worker's came first */
  ing_free(r);
  return r && rc == 0 ? 0 : -1;
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
  for (int i = 0; i < RING_SLOTS; i++) rec_free(&s->slots[i]);
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
