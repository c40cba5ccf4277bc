/*
 * l_text.h: what the text binding lends the other bindings: cached textprocs and pushing
 * a doc's tokens, sentences and paragraphs as Lua tables.
 *
 * Index conventions of every Lua record (docs/api.md): `start`/`stop` are 1-based inclusive
 * byte positions (s:sub(start, stop) is the text); indexes of tokens, sentences and
 * paragraphs are 0-based, as in the CSV files (paragraph 0 is the title).
 */
#ifndef SAHEL_L_TEXT_H
#define SAHEL_L_TEXT_H

#include <lua.h>

#include "text/text.h"

/* lx_textproc: the textproc for the normalization steps in flags, built once per Lua state
 * and kept in the registry (raises when out of memory). */
const textproc *lx_textproc(lua_State *L, unsigned flags);
/* lx_norm_flags: NORM_DEFAULT changed by opts[step] = true/false for each step name (the
 * table at index opts, or none). */
unsigned lx_norm_flags(lua_State *L, int opts);
/* lx_norm_opts: lx_opts for a table of normalization steps (by name) and the extra keys
 * (NULL-terminated; NULL: none). */
void lx_norm_opts(lua_State *L, int opts, const char *const *extra);
/* lx_push_tokens: push an array of token records of d: {text, norm, kind, start, stop,
 * index, sentence, paragraph}. */
void lx_push_tokens(lua_State *L, const doc *d);
/* lx_push_spans: push an array of {text, start, stop, index, first_token, tokens[,
 * paragraph]} for d's sentences (sentences = 1) or paragraphs (0). */
void lx_push_spans(lua_State *L, const doc *d, int sentences);

#endif
