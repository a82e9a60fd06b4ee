#include "test.h"
#include "util/util.h"

TEST(util_buf_grows_and_formats)
{
    an_buf b;
    an_buf_init(&b);
    for (int i = 0; i < 1000; i++)
        CHECK_INT(an_buf_printf(&b, "%d,", i), 0);
    CHECK(b.len > 3000);
    CHECK(strncmp(b.p, "0,1,2,", 6) == 0);
    an_buf_free(&b);
}

TEST(util_arena_alignment_and_big_blocks)
{
    an_arena a;
    an_arena_init(&a, 1024);
    char *p = an_arena_alloc(&a, 3);
    char *q = an_arena_alloc(&a, 5000);
    char *r = an_arena_alloc(&a, 7);
    CHECK(p && q && r);
    CHECK(((uintptr_t)q & 15) == 0);
    CHECK(((uintptr_t)r & 15) == 0);
    memset(q, 1, 5000);
    an_arena_reset(&a);
    CHECK(an_arena_alloc(&a, 10) != NULL);
    /* a size whose rounding up to 16 would wrap around fails, not 16 bytes */
    CHECK(an_arena_alloc(&a, SIZE_MAX) == NULL);
    CHECK(an_arena_alloc(&a, SIZE_MAX - 14) == NULL);
    an_arena_free(&a);
}

TEST(util_utf8_validation_and_repair)
{
    CHECK_INT(an_utf8_validate("abc", 3), (long long)(size_t)-1);
    CHECK_INT(an_utf8_validate("a\xC3\xA9z", 4), (long long)(size_t)-1);
    CHECK_INT(an_utf8_validate("ab\xFFz", 4), 2);
    CHECK_INT(an_utf8_validate("\xED\xA0\x80", 3), 0); /* surrogate */
    CHECK_INT(an_utf8_validate("\xC0\xAF", 2), 0);     /* overlong */
    an_buf b;
    an_buf_init(&b);
    size_t fixes = an_utf8_repair(&b, "a\xFF" "b\0c", 5);
    CHECK_INT(fixes, 2);
    CHECK_STR(b.p, "a\xEF\xBF\xBD" "b c");
    an_buf_free(&b);
}

TEST(util_error_format)
{
    annals_error e;
    an_err_set(&e, ANNALS_ERR_PARSE, "x.verbs", 12, 4, "expected '%c'", ']');
    char buf[256];
    annals_error_format(&e, buf, sizeof buf);
    CHECK_STR(buf, "x.verbs:12:4: expected ']'");
    CHECK_STR(annals_strerror(ANNALS_ERR_NOMEM), "out of memory");
}

TEST(util_hash_distinguishes)
{
    CHECK(an_hash("abc", 3) != an_hash("abd", 3));
    CHECK(an_hash("", 0) == an_hash("", 0));
    CHECK(an_hash("abcdefghij", 10) == an_hash("abcdefghij", 10));
}

TEST(util_line_col)
{
    unsigned long l, c;
    an_line_col("ab\ncd\xC3\xA9" "f", 7, &l, &c);
    CHECK_INT(l, 2);
    CHECK_INT(c, 4);
}
