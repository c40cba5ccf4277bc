/* err.c: error messages and warning sinks (see err.h). */
#include "base/err.h"

#include <stdarg.h>
#include <stdio.h>

int err_set(err *e, const char *fmt, ...) {
  if (e) {
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
  }
  return -1;
}

int err_nomem(err *e) { return err_set(e, "%s", ERR_NOMEM); }

int err_nomem_at(err *e, const char *fmt, ...) {
  if (!e) return -1;
  char where[sizeof e->msg - sizeof ERR_NOMEM - 2];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(where, sizeof where, fmt, ap);
  va_end(ap);
  return err_set(e, "%s: %s", where, ERR_NOMEM);
}

void warn_emit(const warn_sink *w, const char *fmt, ...) {
  if (!w || !w->fn) return;
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  w->fn(w->ud, msg);
}
