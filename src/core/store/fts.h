/*
 * fts.h: the FTS5 tokenizer `sahel`, which indexes text as the toolkit reads it: the word
 * and number tokens of TEXT-SPEC §4 in their match form (§1), and for each word its forms
 * without proclitics (§6.3) as synonyms at the same position (FTS5_TOKEN_COLOCATED). A
 * query is tokenized and normalized the same way but not stripped, so that the query
 * الجزائر finds الجزائر, بالجزائر, للجزائر and وبالجزائر, with or without diacritics or
 * hamza on the alef, while the query بالجزائر stays specific.
 */
#ifndef SAHEL_FTS_H
#define SAHEL_FTS_H

#include <sqlite3.h>

#include "base/err.h"

/* fts_register: register the tokenizer `sahel` on connection db (FTS5's fts5_api, reached
 * through `SELECT fts5(?1)`); 0, or -1 with e set. Tables use it with tokenize='sahel'. */
int fts_register(sqlite3 *db, err *e);

#endif
