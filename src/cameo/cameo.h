/* The built-in CAMEO code table (internal).  The table itself is generated
 * into cameo_table.c by tools/gen_cameo.sh from data/cameo/cameo.tsv. */
#ifndef ANNALS_CAMEO_H
#define ANNALS_CAMEO_H

#include "annals.h"
#include <stddef.h>

/* Sorted by code (strcmp order); an_cameo_descriptions[i] describes
 * an_cameo_table[i]. */
extern const annals_cameo_info an_cameo_table[];
extern const char *const an_cameo_descriptions[];
extern const size_t an_cameo_table_len;

#endif
