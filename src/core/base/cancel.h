/*
 * cancel.h: a request to stop, for long loops of the core (the pipeline's workers, which
 * run every bulk path: gaz:count, sahel.cooc.build, sahel.store.ingest). The host requests
 * it when a run must stop (--timeout); a loop polls cancel_requested() between articles and
 * fails with "cancelled" when set. The flag is
 * one atomic int: lock-free, so cancel_request is safe in a signal handler and any thread.
 */
#ifndef SAHEL_CANCEL_H
#define SAHEL_CANCEL_H

/* cancel_request: ask every long loop to stop (async-signal-safe, any thread). */
void cancel_request(void);
/* cancel_requested: whether a stop was requested (cheap: one relaxed atomic load). */
int cancel_requested(void);
/* cancel_clear: forget the request (a new run in the same process, or a test). */
void cancel_clear(void);

#endif
