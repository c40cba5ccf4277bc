/*
 * graph.h: co-occurrence networks as files that network tools open: GraphML (Gephi,
 * Cytoscape, yEd, networkx, igraph) and DOT (Graphviz). Nodes are entities, edges are
 * pairs with their counts and measures. Both are written through an outfile: whole or
 * not at all. Measures print as TEXT-SPEC §8 prints numbers (up to 6 significant digits,
 * '.' as the decimal point, whatever the locale).
 */
#ifndef SAHEL_GRAPH_H
#define SAHEL_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"
#include "cooc/measures.h"
#include "cooc/network.h"

typedef struct {
  const char *id, *type, *name;
  uint64_t mentions;
  const net_node *net; /* its network measures, or NULL (then every node's is NULL) */
} graph_node;

typedef struct {
  size_t a, b; /* node indexes */
  uint64_t count, count_a, count_b, contexts;
  measures m;
} graph_edge;

/* graph_write_graphml: an undirected GraphML graph: <key> declarations for the node
 * attributes type, name, label (= name), mentions (and degree, strength, betweenness,
 * community when the nodes have network measures) and the edge attributes count, count_a,
 * count_b, contexts, pmi, npmi, dice, jaccard, llr, weight (= count); node ids are entity
 * ids; text is XML-escaped (characters XML 1.0 forbids become U+FFFD). 0 or -1 with e set. */
int graph_write_graphml(const char *path, const graph_node *nodes, size_t nn,
                        const graph_edge *edges, size_t ne, err *e);
/* graph_write_dot: an undirected Graphviz graph: quoted node ids, label = name, the
 * attributes above, and penwidth from 1 to 8 by count (relative to the largest count).
 * 0 or -1 with e set. */
int graph_write_dot(const char *path, const graph_node *nodes, size_t nn,
                    const graph_edge *edges, size_t ne, err *e);

#endif
