/* The built-in CAMEO code table. */
#include "test.h"
#include "annals.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TEST(cameo_lookup_known_codes)
{
    const annals_cameo_info *c = annals_cameo_lookup("057");
    CHECK(c != NULL);
    if (c) {
        CHECK_STR(c->code, "057");
        CHECK_STR(c->name, "Sign formal agreement");
        CHECK_INT(c->root, 5);
        CHECK_INT(c->quad, 1);
        CHECK(c->goldstein == 8.0);
    }
    c = annals_cameo_lookup("1823");
    CHECK(c && c->root == 18 && c->quad == 4 && c->goldstein == -10.0);
    c = annals_cameo_lookup("14");
    CHECK(c && c->root == 14 && c->quad == 4 && c->goldstein == -6.5);
    c = annals_cameo_lookup("011");
    CHECK(c && c->goldstein == -0.1);
    c = annals_cameo_lookup("0874");
    CHECK(c && c->quad == 2 && c->goldstein == 10.0);
    c = annals_cameo_lookup("01");
    CHECK(c && c->root == 1 && strcmp(c->name, "Make public statement") == 0);
}

TEST(cameo_lookup_rejects_non_codes)
{
    CHECK(annals_cameo_lookup(NULL) == NULL);
    CHECK(annals_cameo_lookup("") == NULL);
    CHECK(annals_cameo_lookup("0") == NULL);
    CHECK(annals_cameo_lookup("057a") == NULL);
    CHECK(annals_cameo_lookup("05a") == NULL);
    CHECK(annals_cameo_lookup("057 ") == NULL);
    CHECK(annals_cameo_lookup(" 057") == NULL);
    CHECK(annals_cameo_lookup("00") == NULL);
    CHECK(annals_cameo_lookup("21") == NULL);
    CHECK(annals_cameo_lookup("0575") == NULL);
    CHECK(annals_cameo_lookup("05700") == NULL);
    CHECK(annals_cameo_lookup("---") == NULL);
    CHECK(annals_cameo_lookup("1383") != NULL);
}

TEST(cameo_table_is_sorted_and_consistent)
{
    size_t n = annals_cameo_count();
    CHECK(n >= 280 && n <= 320);
    CHECK(annals_cameo_at(n) == NULL);
    size_t roots = 0;
    for (size_t i = 0; i < n; i++) {
        const annals_cameo_info *c = annals_cameo_at(i);
        CHECK(c != NULL);
        if (!c)
            continue;
        if (i > 0)
            CHECK(strcmp(annals_cameo_at(i - 1)->code, c->code) < 0);
        CHECK(annals_cameo_lookup(c->code) == c);
        size_t len = strlen(c->code);
        CHECK(len >= 2 && len <= 4);
        roots += len == 2;
        CHECK_INT(c->root, (c->code[0] - '0') * 10 + (c->code[1] - '0'));
        int q = c->root <= 5 ? 1 : c->root <= 8 ? 2 : c->root <= 13 ? 3 : 4;
        CHECK_INT(c->quad, q);
        CHECK(c->goldstein >= -10.0 && c->goldstein <= 10.0);
        const char *d = annals_cameo_description(c);
        CHECK(d && strlen(d) > 10 && d[strlen(d) - 1] == '.');
        CHECK(c->name[0] >= 'A' && c->name[0] <= 'Z');
    }
    CHECK_INT(roots, 20);
    CHECK(annals_cameo_description(NULL) == NULL);
}

/* The table agrees with the reference CAMEO code list in ../shared on every
 * fact it takes from it (codes, roots, quad classes, Goldstein scores). */
TEST(cameo_table_matches_reference)
{
    const char *sh = t_shared();
    if (!sh) {
        t_skip("../shared not present");
        return;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/reference/cameo/cameo_codes.tsv", sh);
    FILE *f = fopen(path, "r");
    CHECK(f != NULL);
    if (!f)
        return;
    char line[4096];
    size_t rows = 0;
    while (fgets(line, sizeof line, f)) {
        if (!strncmp(line, "code\t", 5))
            continue;
        char *code = strtok(line, "\t");
        char *root = strtok(NULL, "\t");
        char *quad = strtok(NULL, "\t");
        char *gold = strtok(NULL, "\t");
        if (!code || !root || !quad || !gold)
            continue;
        rows++;
        const annals_cameo_info *c = annals_cameo_lookup(code);
        if (!c) {
            t_fail(__FILE__, __LINE__, "code %s missing from the table", code);
            continue;
        }
        CHECK_INT(c->root, atoi(root));
        CHECK_INT(c->quad, atoi(quad));
        if (c->goldstein != strtod(gold, NULL))
            t_fail(__FILE__, __LINE__, "Goldstein of %s: %g, reference %s", code, c->goldstein, gold);
    }
    fclose(f);
    CHECK_INT(rows, annals_cameo_count());
}
