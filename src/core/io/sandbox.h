/*
 * sandbox.h: the path policy of `sahelscript --sandbox`: which files a script someone else
 * wrote may read and write. Roots are directories or files; a path is allowed when its
 * canonical form lies under a root. The canonical form is the realpath() of the longest
 * prefix of the path that exists, followed by the rest of the path, which may not hold
 * ".." nor name an existing entry (a dangling symbolic link): so neither ".." nor a
 * symbolic link can lead out of a root. Writing implies reading. A writable directory
 * PARENT/NAME also makes its staging directories PARENT/.NAME.new-* and PARENT/.NAME.old-*
 * writable (lualib's outputs module writes a run there and swaps it into place).
 * Pure C, no Lua: the host builds a policy, the Lua side (src/lua/l_sandbox.c) asks it.
 */
#ifndef SAHEL_SANDBOX_H
#define SAHEL_SANDBOX_H

#include <stddef.h>

#include "base/err.h"

typedef struct sandbox sandbox;

/* What a path is opened for. */
typedef enum { SANDBOX_READ, SANDBOX_WRITE } sandbox_mode;

/* sandbox_new: a policy that allows nothing yet; NULL when out of memory. */
sandbox *sandbox_new(void);
/* sandbox_free: release it (NULL is fine). */
void sandbox_free(sandbox *s);
/* sandbox_allow: allow paths under root for mode (root need not exist yet). 0, or -1 with
 * e set (the root cannot be resolved, out of memory). */
int sandbox_allow(sandbox *s, const char *root, sandbox_mode mode, err *e);
/* sandbox_check: 0 when path may be opened for mode, or -1 with e set ("sandbox: reading
 * '/etc/passwd' is not allowed (outside the readable paths)"). */
int sandbox_check(const sandbox *s, const char *path, sandbox_mode mode, err *e);
/* sandbox_resolve: the canonical absolute form of path (see above) into out[0..n); 0, or -1
 * with e set when path is empty, holds ".." past its existing part, ends in a dangling
 * symbolic link, or cannot be resolved (permissions, loops, too long). */
int sandbox_resolve(const char *path, char *out, size_t n, err *e);
/* sandbox_roots: the number of roots for mode, and root i of them in *root (i < count). */
size_t sandbox_roots(const sandbox *s, sandbox_mode mode, size_t i, const char **root);

#endif
