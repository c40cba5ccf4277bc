/* graph.c: GraphML and DOT writers (see graph.h). */
#include "cooc/graph.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "io/csvwrite.h"
#include "io/outfile.h"

/* The edge attributes after count: name and GraphML type. */
static const char *const edge_keys[][2] = {
  {"count", "long"}, {"count_a", "long"}, {"count_b", "long"}, {"contexts", "long"},
  {"pmi", "double"}, {"npmi", "double"}, {"dice", "double"}, {"jaccard", "double"},
  {"llr", "double"}, {"weight", "double"}};

/* put_num: v as §8 prints it, with xsd:double's INF, -INF and NaN. */
static void put_num(FILE *f, double v) {
  char tmp[32];
  if (isnan(v)) fputs("NaN", f);
  else if (isinf(v)) fputs(v < 0 ? "-INF" : "INF", f);
  else fputs(csvwrite_format_num(v, tmp), f);
}

/* xml_bad: whether code unit c (< 0x20) is forbidden in XML 1.0. */
static int xml_bad(unsigned char c) { return c < 0x20 && c != '\t' && c != '\n' && c != '\r'; }

/* put_xml: s escaped for XML text and attribute values. */
static void put_xml(FILE *f, const char *s) {
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    switch (*p) {
    case '&': fputs("&amp;", f); break;
    case '<': fputs("&lt;", f); break;
    case '>': fputs("&gt;", f); break;
    case '"': fputs("&quot;", f); break;
    case '\'': fputs("&apos;", f); break;
    case '\t': case '\n': case '\r': fprintf(f, "&#%d;", *p); break;
    default:
      if (xml_bad(*p)) fputs("\xEF\xBF\xBD", f);
      else fputc(*p, f);
    }
  }
}

/* put_data: <data key="k">text</data> */
static void put_data(FILE *f, const char *k, const char *text) {
  fprintf(f, "<data key=\"%s\">", k);
  put_xml(f, text);
  fputs("</data>", f);
}

/* edge_values: the edge attributes in edge_keys order. */
static void edge_values(const graph_edge *x, double v[10]) {
  v[0] = (double)x->count;
  v[1] = (double)x->count_a;
  v[2] = (double)x->count_b;
  v[3] = (double)x->contexts;
  v[4] = x->m.pmi;
  v[5] = x->m.npmi;
  v[6] = x->m.dice;
  v[7] = x->m.jaccard;
  v[8] = x->m.llr;
  v[9] = (double)x->count;
}

/* The node attributes of network measures (network.h): name and GraphML type. */
static const char *const net_keys[][2] = {
  {"degree", "long"}, {"strength", "double"}, {"betweenness", "double"}, {"community", "long"}};

/* graphml_head: the XML declaration, the root and the <key> declarations (with the
 * network measures' when net is set). */
static void graphml_head(FILE *f, int net) {
  fputs("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\"\n"
        "    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"\n"
        "    xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
        "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n", f);
  const char *nk[][2] = {{"type", "string"}, {"name", "string"}, {"label", "string"},
                         {"mentions", "long"}};
  for (size_t i = 0; i < 4; i++)
    fprintf(f, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
            nk[i][0], nk[i][0], nk[i][1]);
  for (size_t i = 0; net && i < sizeof net_keys / sizeof net_keys[0]; i++)
    fprintf(f, "  <key id=\"%s\" for=\"node\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
            net_keys[i][0], net_keys[i][0], net_keys[i][1]);
  for (size_t i = 0; i < sizeof edge_keys / sizeof edge_keys[0]; i++)
    fprintf(f, "  <key id=\"%s\" for=\"edge\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
            edge_keys[i][0], edge_keys[i][0], edge_keys[i][1]);
  fputs("  <graph id=\"cooccurrence\" edgedefault=\"undirected\">\n", f);
}

/* graphml_node: one <node> with its data. */
static void graphml_node(FILE *f, const graph_node *n) {
  fputs("    <node id=\"", f);
  put_xml(f, n->id);
  fputs("\">", f);
  put_data(f, "type", n->type ? n->type : "");
  put_data(f, "name", n->name ? n->name : n->id);
  put_data(f, "label", n->name ? n->name : n->id);
  fprintf(f, "<data key=\"mentions\">%" PRIu64 "</data>", n->mentions);
  if (n->net) {
    fprintf(f, "<data key=\"degree\">%" PRIu64 "</data><data key=\"strength\">",
            n->net->degree);
    put_num(f, n->net->strength);
    fputs("</data><data key=\"betweenness\">", f);
    put_num(f, n->net->betweenness);
    fprintf(f, "</data><data key=\"community\">%" PRIu32 "</data>", n->net->community);
  }
  fputs("</node>\n", f);
}

/* graphml_edge: one <edge> (id "e<i>") with its data. */
static void graphml_edge(FILE *f, size_t i, const graph_node *nodes, const graph_edge *x) {
  double v[10];
  fprintf(f, "    <edge id=\"e%zu\" source=\"", i);
  put_xml(f, nodes[x->a].id);
  fputs("\" target=\"", f);
  put_xml(f, nodes[x->b].id);
  fputs("\">", f);
  edge_values(x, v);
  for (size_t k = 0; k < sizeof edge_keys / sizeof edge_keys[0]; k++) {
    fprintf(f, "<data key=\"%s\">", edge_keys[k][0]);
    if (k < 4) fprintf(f, "%.0f", v[k]); /* counts are exact in a double up to 2^53 */
    else put_num(f, v[k]);
    fputs("</data>", f);
  }
  fputs("</edge>\n", f);
}

/* graphml_body: the whole GraphML document. */
static void graphml_body(FILE *f, const graph_node *nodes, size_t nn, const graph_edge *edges,
                         size_t ne) {
  graphml_head(f, nn > 0 && nodes[0].net);
  for (size_t i = 0; i < nn; i++) graphml_node(f, &nodes[i]);
  for (size_t i = 0; i < ne; i++) graphml_edge(f, i, nodes, &edges[i]);
  fputs("  </graph>\n</graphml>\n", f);
}

/* A writer of a whole graph document. */
typedef void (*graph_body)(FILE *f, const graph_node *nodes, size_t nn,
                           const graph_edge *edges, size_t ne);

/* write_file: write the document `body` to path through an outfile; 0 or -1. */
static int write_file(const char *path, graph_body body, const graph_node *nodes, size_t nn,
                      const graph_edge *edges, size_t ne, err *e) {
  outfile *o = outfile_open(path, e);
  if (!o) return -1;
  body(outfile_stream(o), nodes, nn, edges, ne);
  return outfile_commit(o, e);
}

int graph_write_graphml(const char *path, const graph_node *nodes, size_t nn,
                        const graph_edge *edges, size_t ne, err *e) {
  return write_file(path, graphml_body, nodes, nn, edges, ne, e);
}

/* put_dot: s as a DOT quoted string: " and \ escaped, line breaks as spaces. */
static void put_dot(FILE *f, const char *s) {
  fputc('"', f);
  for (const char *p = s; *p; p++) {
    if (*p == '"' || *p == '\\') fputc('\\', f);
    fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
  }
  fputc('"', f);
}

/* dot_node: one node statement. */
static void dot_node(FILE *f, const graph_node *n) {
  fputs("  ", f);
  put_dot(f, n->id);
  fputs(" [label=", f);
  put_dot(f, n->name ? n->name : n->id);
  fputs(", type=", f);
  put_dot(f, n->type ? n->type : "");
  fprintf(f, ", mentions=%" PRIu64 "];\n", n->mentions);
}

/* dot_edge: one edge statement; max = the largest count of the graph. */
static void dot_edge(FILE *f, const graph_node *nodes, const graph_edge *x, uint64_t max) {
  double v[10];
  char tmp[32];
  fputs("  ", f);
  put_dot(f, nodes[x->a].id);
  fputs(" -- ", f);
  put_dot(f, nodes[x->b].id);
  fprintf(f, " [penwidth=%s", csvwrite_format_num(1.0 + 7.0 * (double)x->count / (double)max, tmp));
  edge_values(x, v);
  for (size_t k = 0; k < 9; k++) {
    fprintf(f, ", %s=", edge_keys[k][0]);
    if (k < 4) fprintf(f, "%.0f", v[k]);
    else put_dot(f, isfinite(v[k]) ? csvwrite_format_num(v[k], tmp) : isnan(v[k]) ? "nan"
                                                                     : v[k] < 0 ? "-inf" : "inf");
  }
  fputs("];\n", f);
}

/* dot_body: the whole DOT document. */
static void dot_body(FILE *f, const graph_node *nodes, size_t nn, const graph_edge *edges,
                     size_t ne) {
  uint64_t max = 1;
  for (size_t i = 0; i < ne; i++)
    if (edges[i].count > max) max = edges[i].count;
  fputs("graph cooccurrence {\n  node [shape=ellipse];\n", f);
  for (size_t i = 0; i < nn; i++) dot_node(f, &nodes[i]);
  for (size_t i = 0; i < ne; i++) dot_edge(f, nodes, &edges[i], max);
  fputs("}\n", f);
}

int graph_write_dot(const char *path, const graph_node *nodes, size_t nn,
                    const graph_edge *edges, size_t ne, err *e) {
  return write_file(path, dot_body, nodes, nn, edges, ne, e);
}
