/*
 * fuzz_file.h: the fuzz input as a file, for harnesses of code that opens paths (the
 * corpus reader, the gazetteer loader). Needs _GNU_SOURCE (memfd_create) before any
 * system header.
 */
#ifndef SAHEL_FUZZ_FILE_H
#define SAHEL_FUZZ_FILE_H

#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

/* fuzz_file: a memfd named `name` holding data[0..size); its /proc path in path (n bytes);
 * returns the fd (the caller closes it). */
static inline int fuzz_file(const char *name, const uint8_t *data, size_t size, char *path,
                            size_t n) {
  int fd = memfd_create(name, 0);
  FUZZ_CHECK(fd >= 0);
  for (size_t done = 0; done < size;) {
    ssize_t k = write(fd, data + done, size - done);
    FUZZ_CHECK(k > 0);
    done += (size_t)k;
  }
  snprintf(path, n, "/proc/self/fd/%d", fd);
  return fd;
}

#endif
