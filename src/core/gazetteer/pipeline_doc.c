/* pipeline_doc.c: the usual per-article work of a pipeline worker: analyzed text, doc,
 * mentions (see pipeline_doc.h). */
#include "gazetteer/pipeline_doc.h"

void pipeline_doc_init(pipeline_doc *s, const textproc *tp, const gazetteer *g,
                       unsigned match_opts) {
  s->tp = tp;
  s->g = g;
  s->match_opts = match_opts;
  buf_init(&s->text);
  doc_init(&s->d);
  mention_list_init(&s->m);
}

void pipeline_doc_free(pipeline_doc *s) {
  buf_free(&s->text);
  doc_free(&s->d);
  mention_list_free(&s->m);
}

int pipeline_doc_run(pipeline_doc *s, const article *a, err *e) {
  const char *origin = a->origin ? a->origin : a->id ? a->id : "article";
  err why;
  if (article_text(a, &s->text) < 0) return err_nomem_at(e, "%s", origin);
  const char *text = s->text.data ? s->text.data : "";
  if (doc_analyze(&s->d, s->tp, text, s->text.len, &why) < 0)
    return err_set(e, "%s: %s", origin, why.msg);
  s->m.n = 0;
  gaz_meta meta = {a->source, article_category(a)};
  if (s->g && gaz_match_article(s->g, &s->d, &meta, s->match_opts, &s->m) < 0)
    return err_nomem_at(e, "%s", origin);
  return 0;
}
