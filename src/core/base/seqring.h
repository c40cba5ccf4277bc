/*
 * seqring.h: hand work over to one consumer thread in a fixed order. Producers (the
 * pipeline's workers) finish items out of order, each numbered by its place (0, 1, 2, ...
 * with no gaps); the consumer gets them strictly by place. The ring has n slots: the item
 * of place p lives in slot p % n, so a producer waits only while that slot still holds
 * place p - n, and memory stays bounded. The store's writer thread (store_ingest.c) is
 * built on it: the workers analyze, one thread writes SQLite rows in the corpus's order.
 */
#ifndef SAHEL_SEQRING_H
#define SAHEL_SEQRING_H

#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

typedef struct seqring seqring;

/* The consumer: called on the ring's thread with each item in order; 0, or -1 with e set,
 * which stops the ring (producers waiting for a slot get the error). */
typedef int (*seqring_consume_fn)(void *ud, void *item, err *e);

/* seqring_start: a ring over items[0..n) (the caller's, one per slot) whose consumer
 * thread calls fn(ud, item) in order from place 0; NULL with e set. */
seqring *seqring_start(void **items, size_t n, seqring_consume_fn fn, void *ud, err *e);
/* seqring_claim: the item of place p, once its slot is free (blocks until then); NULL
 * with e set when the consumer failed. The caller fills it, then publishes it. */
void *seqring_claim(seqring *r, uint64_t p, err *e);
/* seqring_publish: the item of place p is ready for the consumer. */
void seqring_publish(seqring *r, uint64_t p);
/* seqring_finish: no more places will come: the consumer takes what is ready in order,
 * up to the first missing place, and stops; frees r. 0, or -1 with the consumer's error. */
int seqring_finish(seqring *r, err *e);

#endif
