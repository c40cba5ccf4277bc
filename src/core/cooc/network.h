/*
 * network.h: measures of the nodes of a co-occurrence network, through igraph: degree,
 * weighted degree (strength), betweenness and communities (Louvain: igraph's multilevel
 * modularity optimisation). What Gephi colours and sizes nodes by, and what orders
 * report.html's heatmap.
 */
#ifndef SAHEL_NETWORK_H
#define SAHEL_NETWORK_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

/* An undirected edge between nodes a and b (indexes), of weight w > 0 (a count). */
typedef struct {
  size_t a, b;
  double w;
} net_edge;

/* The measures of one node. */
typedef struct {
  uint64_t degree;    /* edges */
  double strength;    /* sum of the weights of its edges */
  double betweenness; /* shortest paths through it (edges of length 1), over node pairs */
  uint32_t community; /* 1, 2...: communities by size (largest first), then by their first node */
} net_node;

/* net_measure: the measures of nodes 0..n-1 of the network of edges[0..m) into
 * out[0..n). Communities maximise weighted modularity (resolution 1) from a fixed seed:
 * the same network gives the same communities; an isolated node is a community of its
 * own. 0, or -1 with e set (a bad edge, memory, an igraph failure). */
int net_measure(size_t n, const net_edge *edges, size_t m, net_node *out, err *e);

#endif
