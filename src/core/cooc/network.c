/* network.c: node measures through igraph (see network.h). */
#include "cooc/network.h"

#include <igraph.h>
#include <stdlib.h>

#include "base/mem.h"

#define NET_SEED 20240501 /* the multilevel method visits nodes in random order */

/* quiet: igraph's handlers return errors to the caller instead of aborting or printing
 * (set once per process: igraph keeps them in globals). */
static void quiet(void) {
  igraph_set_error_handler(igraph_error_handler_ignore);
  igraph_set_warning_handler(igraph_warning_handler_ignore);
}

/* build: the igraph graph and weight vector of e[0..m) over n nodes; 0 or an igraph
 * error (nothing to free then). */
static igraph_error_t build(size_t n, const net_edge *e, size_t m, igraph_t *g,
                            igraph_vector_t *w) {
  igraph_vector_int_t ends;
  igraph_error_t rc = igraph_vector_int_init(&ends, (igraph_integer_t)(2 * m));
  if (rc) return rc;
  for (size_t i = 0; i < m; i++) {
    VECTOR(ends)[2 * i] = (igraph_integer_t)e[i].a;
    VECTOR(ends)[2 * i + 1] = (igraph_integer_t)e[i].b;
  }
  rc = igraph_create(g, &ends, (igraph_integer_t)n, IGRAPH_UNDIRECTED);
  igraph_vector_int_destroy(&ends);
  if (rc) return rc;
  if ((rc = igraph_vector_init(w, (igraph_integer_t)m))) {
    igraph_destroy(g);
    return rc;
  }
  for (size_t i = 0; i < m; i++) VECTOR(*w)[i] = e[i].w;
  return IGRAPH_SUCCESS;
}

/* A community and what orders them: its size, then its first node. */
typedef struct {
  size_t size, first, label;
} community;

/* by_size: larger communities first, then the one whose first node comes first. */
static int by_size(const void *x, const void *y) {
  const community *a = x, *b = y;
  if (a->size != b->size) return a->size > b->size ? -1 : 1;
  return a->first < b->first ? -1 : a->first > b->first;
}

/* number_communities: out[i].community from igraph's membership: 1 for the largest. */
static int number_communities(size_t n, const igraph_vector_int_t *member, net_node *out) {
  community *c = mem_calloc(n + 1, sizeof *c);
  uint32_t *rank = mem_calloc(n + 1, sizeof *rank);
  int ok = c && rank;
  for (size_t i = 0; ok && i < n; i++) c[i] = (community){0, SIZE_MAX, i};
  for (size_t i = 0; ok && i < n; i++) {
    community *k = &c[VECTOR(*member)[i]];
    if (k->size++ == 0) k->first = i;
  }
  if (ok) qsort(c, n, sizeof *c, by_size);
  for (size_t i = 0; ok && i < n; i++) rank[c[i].label] = (uint32_t)(i + 1);
  for (size_t i = 0; ok && i < n; i++) out[i].community = rank[VECTOR(*member)[i]];
  mem_free(c);
  mem_free(rank);
  return ok ? 0 : -1;
}

/* measure: degree, strength, betweenness and membership of g into out. */
static igraph_error_t measure(const igraph_t *g, const igraph_vector_t *w, size_t n,
                              net_node *out, igraph_vector_int_t *member) {
  igraph_vector_t strength, between;
  igraph_vector_int_t degree;
  igraph_error_t rc = igraph_vector_init(&strength, 0);
  if (!rc) rc = igraph_vector_init(&between, 0);
  if (!rc) rc = igraph_vector_int_init(&degree, 0);
  if (!rc) rc = igraph_degree(g, &degree, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS);
  if (!rc) rc = igraph_strength(g, &strength, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, w);
  if (!rc) rc = igraph_betweenness(g, &between, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL);
  if (!rc) {
    igraph_rng_seed(igraph_rng_default(), NET_SEED);
    rc = igraph_community_multilevel(g, w, 1.0, member, NULL, NULL);
  }
  for (size_t i = 0; !rc && i < n; i++) {
    out[i].degree = (uint64_t)VECTOR(degree)[i];
    out[i].strength = VECTOR(strength)[i];
    out[i].betweenness = VECTOR(between)[i];
  }
  igraph_vector_destroy(&strength);
  igraph_vector_destroy(&between);
  igraph_vector_int_destroy(&degree);
  return rc;
}

int net_measure(size_t n, const net_edge *edges, size_t m, net_node *out, err *e) {
  for (size_t i = 0; i < m; i++) {
    if (edges[i].a >= n || edges[i].b >= n || edges[i].a == edges[i].b || !(edges[i].w > 0))
      return err_set(e, "network: edge %zu is not between two nodes with a weight above 0", i);
  }
  quiet();
  igraph_t g;
  igraph_vector_t w;
  igraph_vector_int_t member;
  if (igraph_vector_int_init(&member, 0)) return err_nomem_at(e, "network");
  igraph_error_t rc = build(n, edges, m, &g, &w);
  if (!rc) {
    rc = measure(&g, &w, n, out, &member);
    igraph_destroy(&g);
    igraph_vector_destroy(&w);
  }
  int ok = !rc && number_communities(n, &member, out) == 0;
  igraph_vector_int_destroy(&member);
  if (!ok) return err_set(e, "network: %s", rc ? igraph_strerror(rc) : ERR_NOMEM);
  return 0;
}
