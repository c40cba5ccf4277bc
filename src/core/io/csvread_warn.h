/*
 * csvread_warn.h: an addition to csvread.h (kept apart because csvread.h belongs to the
 * lead): where a lenient reader reports the quote errors it tolerated.
 */
#ifndef SAHEL_CSVREAD_WARN_H
#define SAHEL_CSVREAD_WARN_H

#include "io/csvread.h"

/* csvread_set_warn: send the warnings of a lenient reader (strict = 0) to w (copied; NULL
 * or a sink without fn: stay silent, the default). Each warning names file:line:column. */
void csvread_set_warn(csvreader *c, const warn_sink *w);

#endif
