/* CAMEO code lookup over the generated, sorted table. */
#include "cameo/cameo.h"
#include "util/util.h"

#include <string.h>

const annals_cameo_info *annals_cameo_lookup(const char *code)
{
    if (!code)
        return NULL;
    size_t n = 0;
    while (code[n]) {
        if (!an_isdigit((unsigned char)code[n]) || n == 4)
            return NULL;
        n++;
    }
    if (n < 2)
        return NULL;
    size_t lo = 0, hi = an_cameo_table_len;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(code, an_cameo_table[mid].code);
        if (c == 0)
            return &an_cameo_table[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

size_t annals_cameo_count(void) { return an_cameo_table_len; }

const annals_cameo_info *annals_cameo_at(size_t i)
{
    return i < an_cameo_table_len ? &an_cameo_table[i] : NULL;
}

const char *annals_cameo_description(const annals_cameo_info *info)
{
    const annals_cameo_info *e = info ? annals_cameo_lookup(info->code) : NULL;
    return e ? an_cameo_descriptions[e - an_cameo_table] : NULL;
}
