/*
 * l_corpus.h: what the corpus binding lends the other bindings: the C corpus behind a
 * sahel.Corpus. A bulk path (sahel.cooc.build, gaz:count...) calls corpus_rewind on it,
 * then drives it with corpus_next_sink from its worker threads (one at a time), its
 * warnings going to the caller's own sink (never to Lua); it must not run while a Lua loop
 * is iterating the same corpus (corpus:articles() rewinds it too).
 */
#ifndef SAHEL_L_CORPUS_H
#define SAHEL_L_CORPUS_H

#include <lua.h>

#include "corpus/corpus.h"

#define LX_CORPUS_MT "sahel.Corpus"

/* lx_tocorpus: the C corpus of the open Corpus at idx, or NULL (something else, or
 * closed). */
corpus *lx_tocorpus(lua_State *L, int idx);
/* lx_checkcorpus: the same, raising when idx holds no open Corpus. */
corpus *lx_checkcorpus(lua_State *L, int idx);

#endif
