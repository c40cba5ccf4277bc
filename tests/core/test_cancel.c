/* test_cancel.c: the stop request of cancel.h, from the calling thread, another thread
 * and a signal handler. */
#include <pthread.h>
#include <signal.h>

#include "base/cancel.h"
#include "check.h"

static void *request_from_thread(void *ud) {
  (void)ud;
  cancel_request();
  return NULL;
}

static void on_signal(int sig) {
  (void)sig;
  cancel_request();
}

/* Each way of asking, then clearing. */
static void test_request(void) {
  static const char *const ways[] = {"call", "thread", "signal"};
  for (int w = 0; w < 3; w++) {
    cancel_clear();
    CHECK(!cancel_requested(), "%s: clear before", ways[w]);
    if (w == 0) cancel_request();
    if (w == 1) {
      pthread_t t;
      pthread_create(&t, NULL, request_from_thread, NULL);
      pthread_join(t, NULL);
    }
    if (w == 2) {
      signal(SIGUSR1, on_signal);
      raise(SIGUSR1);
    }
    CHECK(cancel_requested(), "%s: requested", ways[w]);
    CHECK(cancel_requested(), "%s: still requested when polled again", ways[w]);
  }
  cancel_clear();
  CHECK(!cancel_requested(), "cleared");
}

int main(void) {
  RUN(test_request);
  return check_done();
}
