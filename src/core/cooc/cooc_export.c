/*
 * cooc_export.c: a table's rows as files: the cooccurrence CSV of TEXT-SPEC §8 (long),
 * a wide matrix CSV, and networks (GraphML, DOT through graph.h). Rows come from
 * cooc_rows, possibly filtered and reordered by the caller.
 */
#include <stdlib.h>
#include <string.h>

#include "cooc/cooc.h"
#include "io/csvwrite.h"
#include "cooc/graph.h"
#include "base/mem.h"

/* put_texts: text fields from a NULL-terminated list. */
static void put_texts(csvwriter *w, const char *const *s) {
  for (; *s; s++) csvwrite_text(w, *s, strlen(*s));
}

/* long_row: one row of the long schema. */
static void long_row(csvwriter *w, const cooc *t, const cooc_row *r, int with_period) {
  const gaz_entity *a = cooc_entity(t, r->a), *b = cooc_entity(t, r->b);
  const char *texts[] = {a->id, b->id, a->name, b->name, NULL};
  if (with_period) {
    const char *p = cooc_period_name(t, r->period);
    csvwrite_text(w, p, strlen(p));
  }
  put_texts(w, texts);
  const uint64_t counts[] = {r->count, r->count_a, r->count_b, r->contexts};
  for (size_t i = 0; i < 4; i++) csvwrite_int(w, (int64_t)counts[i]);
  const double ms[] = {r->m.pmi, r->m.npmi, r->m.dice, r->m.jaccard, r->m.llr};
  for (size_t i = 0; i < 5; i++) csvwrite_num(w, ms[i]);
  csvwrite_endrow(w);
}

int cooc_write_csv(const cooc *t, const char *path, const cooc_row *rows, size_t n,
                   int with_period, const csvwrite_opts *o, err *e) {
  static const char *const head[] = {"entity_a", "entity_b", "name_a", "name_b", "count",
                                     "count_a", "count_b", "contexts", "pmi", "npmi",
                                     "dice", "jaccard", "llr", NULL};
  csvwriter *w = csvwrite_open(path, o, e);
  if (!w) return -1;
  if (with_period) csvwrite_text(w, "period", 6);
  put_texts(w, head);
  csvwrite_endrow(w);
  for (size_t i = 0; i < n; i++) long_row(w, t, &rows[i], with_period);
  return csvwrite_close(w, e);
}

/* ---- matrix --------------------------------------------------------------------------- */

/* One cell of the matrix: row entity i, column entity j (places in the sorted list). */
typedef struct {
  size_t i, j;
  double v;
} cell;

static int cmp_cell(const void *x, const void *y) {
  const cell *a = x, *b = y;
  if (a->i != b->i) return a->i < b->i ? -1 : 1;
  return (a->j > b->j) - (a->j < b->j);
}

/* An entity index and its id, to sort entities by id. */
typedef struct {
  const char *id;
  size_t index;
} keyed;

static int cmp_keyed(const void *x, const void *y) {
  return strcmp(((const keyed *)x)->id, ((const keyed *)y)->id);
}

/* A matrix being written: its entities sorted by id and the place of each entity. */
typedef struct {
  keyed *ents;
  size_t n;
  size_t *place; /* entity index -> place in ents, or SIZE_MAX */
  cell *cells;
  size_t ncells;
} matrix;

/* matrix_entities: the entities of the rows, sorted by id; 0 or -1. */
static int matrix_entities(matrix *m, const cooc *t, const cooc_row *rows, size_t n) {
  size_t ne = cooc_entity_count(t);
  m->place = mem_alloc((ne + 1) * sizeof *m->place);
  m->ents = mem_alloc((ne + 1) * sizeof *m->ents);
  if (!m->place || !m->ents) return -1;
  for (size_t i = 0; i < ne; i++) m->place[i] = SIZE_MAX;
  for (size_t i = 0; i < n; i++) m->place[rows[i].a] = m->place[rows[i].b] = 0;
  for (size_t i = 0; i < ne; i++)
    if (m->place[i] == 0) m->ents[m->n++] = (keyed){cooc_entity(t, i)->id, i};
  qsort(m->ents, m->n, sizeof *m->ents, cmp_keyed);
  for (size_t i = 0; i < m->n; i++) m->place[m->ents[i].index] = i;
  return 0;
}

/* matrix_cells: both cells of each row, sorted by place; 0 or -1. */
static int matrix_cells(matrix *m, const cooc_row *rows, size_t n, int measure) {
  m->cells = mem_alloc((2 * n + 1) * sizeof *m->cells);
  if (!m->cells) return -1;
  for (size_t k = 0; k < n; k++) {
    double v = measure_get(measure, rows[k].count, &rows[k].m);
    size_t a = m->place[rows[k].a], b = m->place[rows[k].b];
    m->cells[m->ncells++] = (cell){a, b, v};
    m->cells[m->ncells++] = (cell){b, a, v};
  }
  qsort(m->cells, m->ncells, sizeof *m->cells, cmp_cell);
  return 0;
}

/* matrix_line: the row of entity place i; *c walks the sorted cells. */
static void matrix_line(csvwriter *w, const cooc *t, const matrix *m, size_t i, size_t p,
                        int measure, size_t *c) {
  csvwrite_text(w, m->ents[i].id, strlen(m->ents[i].id));
  for (size_t j = 0; j < m->n; j++) {
    if (*c < m->ncells && m->cells[*c].i == i && m->cells[*c].j == j) {
      if (measure == MEASURE_COUNT) csvwrite_int(w, (int64_t)m->cells[*c].v);
      else csvwrite_num(w, m->cells[*c].v);
      ++*c;
    } else if (j != i && measure == MEASURE_COUNT &&
               cooc_count(t, p, m->ents[i].index, m->ents[j].index) == 0) {
      csvwrite_int(w, 0);
    } else {
      csvwrite_null(w);
    }
  }
  csvwrite_endrow(w);
}

/* matrix_write: the header and every line. */
static int matrix_write(const cooc *t, const char *path, const matrix *m, size_t p,
                        int measure, const csvwrite_opts *o, err *e) {
  csvwriter *w = csvwrite_open(path, o, e);
  if (!w) return -1;
  csvwrite_text(w, "entity", 6);
  for (size_t j = 0; j < m->n; j++) csvwrite_text(w, m->ents[j].id, strlen(m->ents[j].id));
  csvwrite_endrow(w);
  size_t c = 0;
  for (size_t i = 0; i < m->n; i++) matrix_line(w, t, m, i, p, measure, &c);
  return csvwrite_close(w, e);
}

int cooc_write_matrix(const cooc *t, const char *path, const cooc_row *rows, size_t n,
                      int measure, const csvwrite_opts *o, err *e) {
  for (size_t i = 1; i < n; i++)
    if (rows[i].period != rows[0].period)
      return err_set(e, "%s: a matrix holds one period: choose one, or collapse the table",
                     path);
  matrix m = {0};
  int rc = matrix_entities(&m, t, rows, n) < 0 || matrix_cells(&m, rows, n, measure) < 0
               ? err_nomem_at(e, "%s", path)
               : matrix_write(t, path, &m, n ? rows[0].period : 0, measure, o, e);
  mem_free(m.ents);
  mem_free(m.place);
  mem_free(m.cells);
  return rc;
}

/* ---- networks ------------------------------------------------------------------------- */

/* graph_nodes: the nodes of the rows' entities (and of every entity mentioned in period p,
 * or in any period when p = -1, when isolated), in entity order, with their mentions;
 * place[e] = the node of entity e (SIZE_MAX: none). NULL when out of memory. */
static graph_node *graph_nodes(const cooc *t, const cooc_row *rows, size_t n, long p,
                               int isolated, size_t *place, size_t *nn) {
  size_t ne = cooc_entity_count(t);
  graph_node *nodes = mem_alloc((ne + 1) * sizeof *nodes);
  if (!nodes) return NULL;
  for (size_t i = 0; i < ne; i++) place[i] = SIZE_MAX;
  for (size_t i = 0; i < n; i++) place[rows[i].a] = place[rows[i].b] = 0;
  *nn = 0;
  for (size_t i = 0; i < ne; i++) {
    uint64_t mentions = 0;
    for (size_t q = 0; q < cooc_period_count(t); q++) {
      uint64_t m;
      if (p == -1 || (long)q == p) cooc_marginal(t, q, i, &m), mentions += m;
    }
    if (place[i] == SIZE_MAX && !(isolated && mentions)) continue;
    const gaz_entity *x = cooc_entity(t, i);
    place[i] = *nn;
    nodes[(*nn)++] = (graph_node){x->id, x->type, x->name, mentions, NULL};
  }
  return nodes;
}

/* graph_measures: g's nodes' network measures (edge weights: counts); 0 or -1. */
static int graph_measures(cooc_graph *g, err *e) {
  net_edge *x = mem_alloc((g->ne + 1) * sizeof *x);
  g->net = mem_calloc(g->nn + 1, sizeof *g->net);
  if (!x || !g->net) {
    mem_free(x);
    return err_nomem_at(e, "network");
  }
  for (size_t i = 0; i < g->ne; i++)
    x[i] = (net_edge){g->edges[i].a, g->edges[i].b, (double)g->edges[i].count};
  int rc = net_measure(g->nn, x, g->ne, g->net, e);
  mem_free(x);
  for (size_t i = 0; rc == 0 && i < g->nn; i++) g->nodes[i].net = &g->net[i];
  return rc;
}

int cooc_graph_build(const cooc *t, const cooc_row *rows, size_t n, const cooc_graph_opts *g,
                     cooc_graph *out, err *e) {
  *out = (cooc_graph){0};
  size_t *place = mem_alloc((cooc_entity_count(t) + 1) * sizeof *place);
  out->nodes = place ? graph_nodes(t, rows, n, g->period, g->isolated, place, &out->nn) : NULL;
  out->edges = mem_alloc((n + 1) * sizeof *out->edges);
  if (!out->nodes || !out->edges) {
    mem_free(place);
    return err_nomem(e);
  }
  for (size_t i = 0; i < n; i++)
    out->edges[i] = (graph_edge){place[rows[i].a], place[rows[i].b], rows[i].count,
                                 rows[i].count_a, rows[i].count_b, rows[i].contexts, rows[i].m};
  out->ne = n;
  mem_free(place);
  return g->network ? graph_measures(out, e) : 0;
}

void cooc_graph_free(cooc_graph *g) {
  mem_free(g->nodes);
  mem_free(g->edges);
  mem_free(g->net);
  *g = (cooc_graph){0};
}

int cooc_write_graph(const cooc *t, const char *path, const cooc_row *rows, size_t n,
                     const cooc_graph_opts *g, err *e) {
  cooc_graph net;
  int rc = cooc_graph_build(t, rows, n, g, &net, e);
  if (rc == 0) {
    rc = g->dot ? graph_write_dot(path, net.nodes, net.nn, net.edges, net.ne, e)
                : graph_write_graphml(path, net.nodes, net.nn, net.edges, net.ne, e);
  } else {
    err why = *e;
    err_set(e, "%s: %s", path, why.msg);
  }
  cooc_graph_free(&net);
  return rc;
}
