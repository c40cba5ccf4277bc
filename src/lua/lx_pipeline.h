/*
 * lx_pipeline.h: the one seam between Lua and the threaded pipeline (pipeline.h), used by
 * every binding that runs it (sahel.cooc.build, gaz:count, sahel.terms.count, the store's
 * ingest) and by sahel.article.new:
 *   - lx_article_from_lua: the one rule turning a Lua value into a C article;
 *   - lx_source_*: the one source over a sahel.Corpus, an array or a function, read in
 *     rounds (arrays and functions are converted on the Lua thread, a corpus is read by
 *     the workers);
 *   - lx_run_opts: the one parse of the run options (threads, warn);
 *   - lx_emit_warnings: the one hand-off of the warnings the workers collected.
 */
#ifndef SAHEL_LX_PIPELINE_H
#define SAHEL_LX_PIPELINE_H

#include <lauxlib.h>
#include <lua.h>

#include "corpus/corpus.h"
#include "lx_article.h"
#include "pipeline/pipeline.h"

/* The kinds of values a source may read (lx_source_new's `kinds`). */
enum {
  LX_SRC_CORPUS = 1,   /* a sahel.Corpus, read by the pipeline's workers */
  LX_SRC_ARRAY = 2,    /* an array of articles (lx_article_from_lua) */
  LX_SRC_FUNCTION = 4, /* a function giving articles, then nil */
  LX_SRC_TEXTS = 8,    /* array items may also be strings: an article of that body */
};

typedef struct lx_source lx_source;

/* lx_source_new: push a source (a userdata keeping the value alive) over the value at idx,
 * one of `kinds`; a corpus is rewound. Raises (naming argument idx) on another value or a
 * closed corpus. */
void lx_source_new(lua_State *L, int idx, unsigned kinds);
/* lx_source_round: prepare the next round of the source at src (as pushed by
 * lx_source_new) into o->next / o->src: at most `want` articles, or with want 0 all of
 * them in one round (which then always comes, even empty). 1 when a round is ready, 0 at
 * the end; -1 with the value raised (by the function, or converting an article) on top.
 * Arrays and functions are read here, on the calling thread, protected. */
int lx_source_round(lua_State *L, int src, size_t want, pipeline_opts *o);

/* lx_run_opts: the run options of the options table at opts (none or nil: defaults),
 * checked: threads (0 to 256; 0, the default, is every core) and warn (a function or
 * nil). Raises on a wrong value. Returns the pipeline options without a source. */
pipeline_opts lx_run_opts(lua_State *L, int opts);
/* lx_emit_warnings: hand the warnings pw collected to opts.warn (or stderr), on this
 * thread, then "... and N more warnings" when some were dropped; pw is emptied. A
 * failing handler is reported, never raised. opts was checked by lx_run_opts. */
void lx_emit_warnings(lua_State *L, int opts, pipeline_warnings *pw);

#endif
