/* test_network.c: network.h's node measures on graphs whose answers are known: two
 * triangles joined by a bridge, a star, isolated nodes, no node; bad edges refused. */
#include <math.h>

#include "check.h"
#include "cooc/network.h"

/* test_bridge: triangles {0,1,2} and {3,4,5} joined by 2-3: two communities, the bridge's
 * ends carry every path between them. */
static void test_bridge(void) {
  net_edge e[] = {{0, 1, 5}, {1, 2, 5}, {0, 2, 5}, {3, 4, 5}, {4, 5, 5}, {3, 5, 5}, {2, 3, 1}};
  net_node out[6];
  err er = {""};
  CHECK_INT(net_measure(6, e, 7, out, &er), 0);
  CHECK_INT(out[2].degree, 3);
  CHECK(fabs(out[2].strength - 11) < 1e-9, "strength %g", out[2].strength);
  CHECK(fabs(out[2].betweenness - 6) < 1e-9, "betweenness %g", out[2].betweenness);
  CHECK(fabs(out[0].betweenness) < 1e-9, "betweenness %g", out[0].betweenness);
  CHECK(out[0].community == out[1].community && out[1].community == out[2].community, "left");
  CHECK(out[3].community == out[4].community && out[4].community == out[5].community, "right");
  CHECK(out[0].community != out[3].community, "two communities");
  CHECK_INT(out[0].community, 1); /* equal sizes: the one holding node 0 first */
  net_node again[6];
  CHECK_INT(net_measure(6, e, 7, again, &er), 0);
  for (int i = 0; i < 6; i++) CHECK_INT(again[i].community, out[i].community);
}

/* test_isolated: a node without an edge is a community of its own, after the larger ones. */
static void test_isolated(void) {
  net_edge e[] = {{1, 2, 1}, {2, 3, 2}};
  net_node out[5];
  err er = {""};
  CHECK_INT(net_measure(5, e, 2, out, &er), 0);
  CHECK_INT(out[0].degree, 0);
  CHECK_INT(out[1].community, 1);
  CHECK(out[0].community > 1 && out[4].community > 1 && out[0].community != out[4].community,
        "%u %u", out[0].community, out[4].community);
  CHECK(out[0].community < out[4].community, "by first node");
  CHECK_INT(net_measure(0, NULL, 0, out, &er), 0);
}

/* test_bad_edges: an edge to no node, a loop, a weight of 0 or NaN. */
static void test_bad_edges(void) {
  net_edge bad[][1] = {{{0, 3, 1}}, {{1, 1, 1}}, {{0, 1, 0}}, {{0, 1, NAN}}};
  net_node out[3];
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    err er = {""};
    CHECK_INT(net_measure(3, bad[i], 1, out, &er), -1);
    CHECK(strstr(er.msg, "edge 0") != NULL, "%s", er.msg);
  }
}

int main(void) {
  RUN(test_bridge);
  RUN(test_isolated);
  RUN(test_bad_edges);
  return check_done();
}
