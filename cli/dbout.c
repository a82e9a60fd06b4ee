/* annals code --db: hands a coded story to the store API. */
#include "dbout.h"

#include <stdlib.h>
#include <string.h>

annals_status db_put_coded(annals_store *db, const annals_coder *c, const annals_story *story,
                           int replace, annals_error *err)
{
    size_t ns = annals_coder_sentence_count(c), ne = annals_coder_event_count(c);
    annals_sentence_info *si = calloc(ns ? ns : 1, sizeof *si);
    const annals_event **ev = calloc(ne ? ne : 1, sizeof *ev);
    if (!si || !ev) {
        free(si);
        free(ev);
        memset(err, 0, sizeof *err);
        err->code = ANNALS_ERR_NOMEM;
        snprintf(err->message, sizeof err->message, "out of memory");
        return ANNALS_ERR_NOMEM;
    }
    for (size_t i = 0; i < ns; i++) {
        annals_coder_sentence_span(c, i, &si[i].start, &si[i].end);
        si[i].status = annals_coder_sentence_status(c, i);
    }
    for (size_t i = 0; i < ne; i++)
        ev[i] = annals_coder_event(c, i);
    annals_status st = annals_store_put(db, story, si, ns, ev, ne, replace, err);
    free(si);
    free(ev);
    return st;
}
