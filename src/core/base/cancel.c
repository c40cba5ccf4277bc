/* cancel.c: the stop request of cancel.h: one lock-free atomic flag for the process. */
#include "base/cancel.h"

#include <stdatomic.h>

/* The request: the one mutable global of this module (atomic; see cancel.h). */
static atomic_int requested;

_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "cancel_request must be async-signal-safe");

void cancel_request(void) { atomic_store(&requested, 1); }

int cancel_requested(void) { return atomic_load_explicit(&requested, memory_order_relaxed); }

void cancel_clear(void) { atomic_store(&requested, 0); }
