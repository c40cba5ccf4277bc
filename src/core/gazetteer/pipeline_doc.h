/*
 * pipeline_doc.h: the usual per-article work of a pipeline worker (pipeline.h): the
 * article's text analyzed (TEXT-SPEC §2) into a doc, and the gazetteer's mentions in it.
 * It lives with the gazetteer so that the pipeline itself knows no text layer.
 */
#ifndef SAHEL_PIPELINE_DOC_H
#define SAHEL_PIPELINE_DOC_H

#include "article/article.h"
#include "base/buf.h"
#include "base/err.h"
#include "gazetteer/gazetteer.h"
#include "text/text.h"

/* Per-worker scratch for the usual article work: the analyzed text, its doc and its
 * mentions. tp and g are shared, read-only; the rest belongs to one thread. */
typedef struct {
  const textproc *tp;
  const gazetteer *g;
  unsigned match_opts; /* GAZ_DEMONYMS ... */
  buf text;
  doc d;
  mention_list m;
} pipeline_doc;

/* pipeline_doc_init / _free: scratch bound to tp and g (borrowed) / release it. */
void pipeline_doc_init(pipeline_doc *s, const textproc *tp, const gazetteer *g,
                       unsigned match_opts);
void pipeline_doc_free(pipeline_doc *s);
/* pipeline_doc_run: analyze a's text (TEXT-SPEC §2) into s->d and match its mentions
 * into s->m. 0, or -1 with e set ("origin: why"). */
int pipeline_doc_run(pipeline_doc *s, const article *a, err *e);

#endif
