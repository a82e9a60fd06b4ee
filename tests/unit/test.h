/* Minimal unit-test harness: TEST(name) registers itself at load time, so a
 * new test file needs no central list.  CHECK* record a failure and go on. */
#ifndef ANNALS_TEST_H
#define ANNALS_TEST_H

#include <stdio.h>
#include <string.h>

typedef void (*t_fn)(void);
void t_register(const char *name, t_fn fn, const char *file);
void t_fail(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Directory of the source tree (for test data), from $ANNALS_SRCDIR or ".". */
const char *t_srcdir(void);
/* Path of ../shared, or NULL when absent (tests then skip, unless CI=true,
 * in which case t_shared() fails the calling test). */
const char *t_shared(void);
void t_skip(const char *why);

#define TEST(name)                                                                                 \
    static void name(void);                                                                        \
    __attribute__((constructor)) static void reg_##name(void) { t_register(#name, name, __FILE__); } \
    static void name(void)

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond))                                                                               \
            t_fail(__FILE__, __LINE__, "CHECK(%s)", #cond);                                       \
    } while (0)

#define CHECK_INT(a, b)                                                                            \
    do {                                                                                           \
        long long t_a_ = (long long)(a), t_b_ = (long long)(b);                                    \
        if (t_a_ != t_b_)                                                                          \
            t_fail(__FILE__, __LINE__, "%s == %lld, expected %s == %lld", #a, t_a_, #b, t_b_);     \
    } while (0)

#define CHECK_STR(a, b)                                                                            \
    do {                                                                                           \
        const char *t_a_ = (a), *t_b_ = (b);                                                       \
        if (!t_a_ || !t_b_ || strcmp(t_a_, t_b_) != 0)                                             \
            t_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a, t_a_ ? t_a_ : "(null)", \
                   t_b_ ? t_b_ : "(null)");                                                        \
    } while (0)

#endif
