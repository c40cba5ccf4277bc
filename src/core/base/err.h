/*
 * err.h: how src/core reports failures of the outside world. A function that can fail
 * takes an `err *` last, returns -1 (or NULL), and leaves a message naming the file and the
 * line or byte offset. Warnings go to a callback so that the caller chooses to print,
 * count or collect them.
 */
#ifndef SAHEL_ERR_H
#define SAHEL_ERR_H

#include <stddef.h>

typedef struct {
  char msg[1024];   /* "file:line: what went wrong", NUL-terminated */
} err;

/* err_set: format the message into e (e may be NULL); always returns -1. */
int err_set(err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ERR_NOMEM: the one message for running out of memory (or over --max-memory). */
#define ERR_NOMEM "out of memory"
/* err_nomem: e = "out of memory" (e may be NULL); always returns -1. */
int err_nomem(err *e);
/* err_nomem_at: e = "WHERE: out of memory", WHERE formatted from fmt (a path, "path:line",
 * or the subsystem that ran out); always returns -1. Every report of running out of
 * memory in src/core goes through err_nomem or err_nomem_at. */
int err_nomem_at(err *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* A sink for warnings: called with a formatted message; ud is the caller's. */
typedef struct {
  void (*fn)(void *ud, const char *msg);
  void *ud;
} warn_sink;

/* warn_emit: format a warning and pass it to the sink (no-op when sink or fn is NULL). */
void warn_emit(const warn_sink *w, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
