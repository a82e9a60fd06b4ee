/* PETRARCH-2 dictionary syntax (CAMEO 2.0 verbs, Phoenix actors/agents,
 * discards, issues, PETR_config.ini).  This build reads the TABARI-compatible
 * subset of the PETRARCH actor and agent files; PETRARCH verb, discard and
 * issue files are refused with a clear error until their reader lands
 * (issue 3). */
#include "dict/dict.h"

annals_status an_load_petrarch(annals_dict *d, const char *name, const char *text, size_t len,
                               annals_dict_kind kind, annals_error *err)
{
    if (kind == ANNALS_DICT_ACTORS || kind == ANNALS_DICT_AGENTS)
        return an_load_tabari(d, name, text, len, kind, err);
    an_err_set(err, ANNALS_ERR_UNSUPPORTED, name, 0, 0,
               "PETRARCH verb, discard and issue dictionaries cannot be read by this version");
    return ANNALS_ERR_UNSUPPORTED;
}

annals_status an_load_petrarch_config(annals_dict *d, const char *path, const char *text,
                                      size_t len, annals_error *err)
{
    (void)d;
    (void)text;
    (void)len;
    an_err_set(err, ANNALS_ERR_UNSUPPORTED, path, 0, 0,
               "PETRARCH .ini configurations cannot be read by this version");
    return ANNALS_ERR_UNSUPPORTED;
}
