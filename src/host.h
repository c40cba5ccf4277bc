/*
 * host.h: what the sahelscript host and the sahel.so module share: finding the data
 * directory and preparing a Lua state (see sahel.h for the public part).
 */
#ifndef SAHEL_HOST_H
#define SAHEL_HOST_H

#include "sahel.h"

/* The registry key under which sahel_setup records the data directory (a string). */
#define HOST_DATADIR_KEY "sahel.datadir"

/* host_script_path: resolve a script named on the command line: name itself when it is an
 * existing path, else datadir/scripts/name when that exists, else name unchanged. */
const char *host_script_path(const char *name, const char *datadir, char *out, size_t n);

#endif
