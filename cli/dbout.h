/* annals code --db: storing coded stories (SQLite or PostgreSQL). */
#ifndef ANNALS_CLI_DBOUT_H
#define ANNALS_CLI_DBOUT_H

#include "annals.h"

/* Stores the story the coder just coded (its sentences and events).
 * Returns ANNALS_OK or an error in err. */
annals_status db_put_coded(annals_store *db, const annals_coder *c, const annals_story *story,
                           int replace, annals_error *err);

/* Stories are committed in batches of this many. */
#define DB_BATCH 2000

#endif
