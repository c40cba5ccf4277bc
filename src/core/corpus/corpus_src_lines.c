/* corpus_src_lines.c: a corpus file read line by line (blocks, or a file decoded whole), and
 * its JSONL records: cut on the reader's thread, parsed on any (see corpus_src.h). */
#include "corpus/corpus_src.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "article/jsonl.h"
#include "base/mem.h"
#include "corpus/corpus_src_internal.h"
#include "text/encoding.h"

/* whole_record: a file decoded whole is one record at its first byte: its lines are all
 * in range or none is. */
static void whole_record(corpus_src *s) {
  s->hi = s->lo == 0 ? UINT64_MAX : 0;
  s->lo = 0;
}

/* whole_file: read f whole and decode it into s->text, to cut lines from there; 0 or -1. */
static int whole_file(corpus_src *s, err *e) {
  buf raw;
  buf_init(&raw);
  rewind(s->f);
  int rc = src_read_all(s->f, s->path, &raw, e);
  if (rc == 0) rc = article_decode(raw.data ? raw.data : "", raw.len, s->path, s->env->art,
                                   &s->text, e);
  buf_free(&raw);
  fclose(s->f);
  s->f = NULL;
  s->cur = s->text.data ? s->text.data : "";
  s->len = s->text.len;
  whole_record(s);
  return rc;
}

/* detect_first: under encoding "auto", whether the first block of a file without a BOM
 * (s->blk[0..s->len)) is not UTF-8 (an unfinished sequence at the end of a full block
 * aside) and ICU's detector is confident about what it is instead. */
static int detect_first(const corpus_src *s) {
  size_t ok = enc_valid_utf8(s->blk, s->len);
  if (ok == s->len || (s->len == SRC_BLOCK && ok + 3 >= s->len)) return 0;
  char guess[64];
  int conf;
  return enc_guess(s->blk, s->len, guess, sizeof guess, &conf);
}

/* src_lines_open: start cutting lines: straight from the file when it is UTF-8 (a BOM is
 * skipped), else from its decoded text (a named encoding, or under "auto" one that ICU's
 * detector is confident about). 0, or -1 with e set. */
int src_lines_open(corpus_src *s, err *e) {
  s->f = fopen(s->path, "rb");
  if (!s->f) return err_set(e, "%s: %s", s->path, strerror(errno));
  s->blk = mem_alloc(SRC_BLOCK);
  if (!s->blk) return err_nomem_at(e, "%s", s->path);
  s->cur = s->blk;
  s->len = fread(s->blk, 1, SRC_BLOCK, s->f);
  size_t bom;
  const char *enc = enc_bom(s->blk, s->len, &bom), *want = s->env->art->encoding;
  int named = !enc_is_auto(want) && !enc_is_utf8(want);
  if ((enc && strcmp(enc, "UTF-8") != 0) || named || (enc_is_auto(want) && !enc && detect_first(s))) {
    return whole_file(s, e);
  }
  s->pos = s->offset = bom;
  return 0;
}

/* lines_fill: the next block of the file; 1, 0 at the end, -1 on a read error. */
static int lines_fill(corpus_src *s) {
  if (!s->f || s->eof) return 0;
  s->pos = 0;
  s->len = fread(s->blk, 1, SRC_BLOCK, s->f);
  if (s->len) return 1;
  s->eof = 1;
  return ferror(s->f) ? -1 : 0;
}

/* lines_next: the next line (without its LF or CRLF) into line; 1, 0 at the end, -1 with
 * e set. */
static int lines_next(corpus_src *s, buf *line, err *e) {
  int any = 0;
  buf_clear(line);
  s->line_start = s->offset;
  for (;;) {
    if (s->pos == s->len) {
      int rc = lines_fill(s);
      if (rc < 0) return err_set(e, "%s: %s", s->path, strerror(errno));
      if (rc == 0) break;
    }
    const char *p = s->cur + s->pos, *nl = memchr(p, '\n', s->len - s->pos);
    size_t take = nl ? (size_t)(nl - p) : s->len - s->pos;
    if (line->len + take > SRC_MAX_LINE) {
      return err_set(e, "%s:%zu: line longer than 256 MiB", s->path, s->lineno + 1);
    }
    if (buf_add(line, p, take)) return err_nomem_at(e, "%s", s->path);
    s->pos += take + (nl != NULL);
    s->offset += take + (nl != NULL);
    any = 1;
    if (nl) break;
  }
  if (!any) return 0;
  s->lineno++;
  if (line->len && line->data[line->len - 1] == '\r') line->data[--line->len] = '\0';
  return 1;
}

/* lines_skip: move to the first line that starts at offset s->lo or later, counting the
 * lines passed (read, not kept); 0, or -1 with e set. */
static int lines_skip(corpus_src *s, err *e) {
  char last = '\n';
  while (s->offset < s->lo || last != '\n') {
    if (s->pos == s->len) {
      int rc = lines_fill(s);
      if (rc < 0) return err_set(e, "%s: %s", s->path, strerror(errno));
      if (rc == 0) return 0;
    }
    const char *p = s->cur + s->pos;
    size_t avail = s->len - s->pos, take;
    if (s->offset < s->lo) {
      take = s->lo - s->offset < avail ? (size_t)(s->lo - s->offset) : avail;
    } else { /* inside the line that holds lo: to its end */
      const char *nl = memchr(p, '\n', avail);
      take = nl ? (size_t)(nl - p) + 1 : avail;
    }
    for (const char *q = p; (q = memchr(q, '\n', (size_t)(p + take - q))); q++) s->lineno++;
    last = p[take - 1];
    s->pos += take;
    s->offset += take;
  }
  return 0;
}

/* src_jsonl_open: start cutting lines at the first one in range; 0, or -1 with e set. */
int src_jsonl_open(corpus_src *s, err *e) {
  if (src_lines_open(s, e)) return -1;
  return s->offset < s->lo ? lines_skip(s, e) : 0;
}

/* src_jsonl_cut: the next non-blank line in range. */
corpus_cut src_jsonl_cut(corpus_src *s, corpus_record *r, err *e) {
  for (;;) {
    if (s->offset >= s->hi) return CUT_END;
    int rc = lines_next(s, &r->bytes, e);
    if (rc <= 0) return rc < 0 ? CUT_FILE_FAILED : CUT_END;
    if (jsonl_blank(r->bytes.data, r->bytes.len)) continue;
    r->kind = REC_LINE;
    r->lineno = s->lineno;
    r->offset = s->line_start;
    return CUT_RECORD;
  }
}

/* src_jsonl_line: the article of a JSONL line; 0 or -1. */
int src_jsonl_line(const corpus_record *r, const article_opts *art, buf *scratch, article *a,
                   err *e) {
  char origin[4200];
  src_place_text(origin, sizeof origin, r->path, r->lineno);
  if (jsonl_parse_line(r->bytes.data ? r->bytes.data : "", r->bytes.len, origin, r->offset, art,
                       a, scratch, e)) {
    return -1;
  }
  return src_set_defaults(a, origin, r->stem, r->lineno, 1)
             ? err_nomem_at(e, "%s", origin)
             : 0;
}
