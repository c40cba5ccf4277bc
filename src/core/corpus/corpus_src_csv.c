/* corpus_src_csv.c: a corpus's CSV files, one article per row after a header (through
 * csvread.h; see corpus_src.h). */
#include "corpus/corpus_src.h"

#include <string.h>
#include <strings.h>

#include "base/mem.h"
#include "corpus/corpus_src_internal.h"
#include "io/csvread.h"
#include "io/csvread_warn.h"

/* csv_column: the column of field f in the header (its names tried in order, exactly,
 * then ignoring case), or -1. */
static int csv_column(const corpus_src *s, article_field f) {
  const char *const *names = s->env->art->fields.names[f];
  if (!names) names = article_field_defaults(f);
  for (int pass = 0; pass < 2; pass++) {
    for (size_t k = 0; names[k]; k++) {
      for (size_t i = 0; i < s->nheader; i++) {
        if (pass ? strcasecmp(s->header[i], names[k]) == 0 : strcmp(s->header[i], names[k]) == 0) {
          return (int)i;
        }
      }
    }
  }
  return -1;
}

/* header_name: a copy of a header field, ill-formed UTF-8 replaced with U+FFFD (names
 * become metadata keys); NULL when out of memory. */
static char *header_name(const char *field) {
  size_t n = strlen(field);
  if (enc_valid_utf8(field, n) == n) return mem_strndup(field, n);
  buf fixed;
  enc_bad bad = {0, 0};
  buf_init(&fixed);
  char *name = enc_repair_utf8(field, n, 0, &fixed, &bad) ? NULL
                                                          : mem_strndup(fixed.data, fixed.len);
  buf_free(&fixed);
  return name;
}

/* csv_header: read the header row and find the columns; 0, or -1 with e set. */
static int csv_header(corpus_src *s, err *e) {
  csvrecord r;
  int rc = csvread_next(s->csv, &r, e);
  if (rc <= 0) return rc; /* an empty file has no rows */
  s->header = mem_calloc(r.nfields, sizeof *s->header);
  if (!s->header) return err_nomem_at(e, "%s", s->path);
  for (s->nheader = 0; s->nheader < r.nfields; s->nheader++) {
    s->header[s->nheader] = header_name(r.fields[s->nheader]);
    if (!s->header[s->nheader]) return err_nomem_at(e, "%s", s->path);
  }
  for (int f = 0; f < AF_COUNT; f++) s->cols[f] = csv_column(s, (article_field)f);
  if (s->cols[AF_BODY] < 0) {
    return err_set(e, "%s:%zu: no text column (the header names none of the body's names)",
                   s->path, r.line);
  }
  return 0;
}

/* src_csv_open: a CSV reader (the file decoded whole when it is not UTF-8), header read. */
int src_csv_open(corpus_src *s, err *e) {
  const char *ext = strrchr(s->path, '.');
  char delim = s->env->delimiter ? s->env->delimiter
                                 : (ext && strcasecmp(ext, ".tsv") == 0 ? '\t' : ',');
  csvread_opts o = {delim, '"', s->env->art->strict};
  if (src_lines_open(s, e)) return -1; /* a file not in UTF-8 is decoded whole into s->text */
  if (s->f) {
    fclose(s->f);
    s->f = NULL;
    s->csv = csvread_open(s->path, &o, e);
  } else {
    s->csv = csvread_open_memory(s->path, s->cur, s->len, &o, e);
  }
  if (!s->csv) return -1;
  csvread_set_warn(s->csv, s->lo > 0 ? NULL : s->env->art->warn); /* records before lo: mute */
  return csv_header(s, e);
}

/* csv_field: set field f of a from the cell s[0..n) (empty: absent); 0, or -1 with e set. */
static int csv_field(corpus_src *s, article *a, int f, const char *v, size_t n, err *e) {
  char where[4400];
  const char *t;
  size_t tn;
  if (!n) return 0;
  snprintf(where, sizeof where, "%s: field '%s'", s->origin, s->header[s->cols[f]]);
  if (article_utf8(v, n, 0, where, s->env->art, &s->scratch, &t, &tn, e)) return -1;
  int rc = f == AF_DATE ? article_set_date(a, t, tn)
                        : article_set(article_field_slot(a, (article_field)f), t, tn);
  return rc ? err_nomem_at(e, "%s", s->origin) : 0;
}

/* csv_meta: the cells of columns that are no field, as metadata; 0, or -1 with e set. */
static int csv_meta(corpus_src *s, article *a, const csvrecord *r, err *e) {
  for (size_t i = 0; i < r->nfields; i++) {
    int used = 0;
    for (int f = 0; f < AF_COUNT && !used; f++) used = s->cols[f] == (int)i;
    const char *t;
    size_t tn;
    if (used || !r->lens[i]) continue;
    if (article_utf8(r->fields[i], r->lens[i], 0, s->origin, s->env->art, &s->scratch, &t, &tn,
                     e)) {
      return -1;
    }
    if (article_add_meta(a, s->header[i], t, tn)) return err_nomem_at(e, "%s", s->path);
  }
  return 0;
}

/* src_csv_next: the next row as an article. */
corpus_cut src_csv_next(corpus_src *s, article *a, err *e) {
  csvrecord r;
  for (;;) {
    if (!s->header) return CUT_END;
    int rc = csvread_next(s->csv, &r, e);
    if (rc <= 0) return rc < 0 ? CUT_FILE_FAILED : CUT_END;
    if (r.offset >= s->hi) return CUT_END;
    if (r.offset < s->lo) continue; /* another shard's record (src_csv_open muted its warnings) */
    if (s->lo > 0) csvread_set_warn(s->csv, s->env->art->warn);
    if (r.nfields == 1 && r.lens[0] == 0) continue; /* a blank line */
    s->lineno = r.line;
    src_place_text(s->origin, sizeof s->origin, s->path, r.line);
    if (r.nfields != s->nheader) {
      return err_set(e, "%s: %zu fields, the header has %zu", s->origin, r.nfields, s->nheader),
             CUT_BAD;
    }
    break;
  }
  for (int f = 0; f < AF_COUNT; f++) {
    if (s->cols[f] >= 0 &&
        csv_field(s, a, f, r.fields[s->cols[f]], r.lens[s->cols[f]], e)) {
      return CUT_BAD;
    }
  }
  if (!a->body) return err_set(e, "%s: empty text", s->origin), CUT_BAD;
  if (csv_meta(s, a, &r, e)) return CUT_BAD;
  return src_record_defaults(s, a, e);
}
