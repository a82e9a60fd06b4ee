/* Runs every registered unit test; `unit_tests SUBSTR` runs the matching ones.
 * Prints one line per failure and a closing "unit: N passed, M failed". */
#include "test.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#define T_MAX 4096

static struct {
    const char *name, *file;
    t_fn fn;
} g_tests[T_MAX];
static int g_ntests;
static int g_failed_current;
static int g_skipped_current;

void t_register(const char *name, t_fn fn, const char *file)
{
    if (g_ntests < T_MAX) {
        g_tests[g_ntests].name = name;
        g_tests[g_ntests].fn = fn;
        g_tests[g_ntests].file = file;
        g_ntests++;
    }
}

void t_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stdout, "  FAIL %s:%d: ", file, line);
    vfprintf(stdout, fmt, ap);
    fputc('\n', stdout);
    va_end(ap);
    g_failed_current++;
}

void t_skip(const char *why)
{
    printf("  skip: %s\n", why);
    g_skipped_current = 1;
}

const char *t_srcdir(void)
{
    const char *s = getenv("ANNALS_SRCDIR");
    return s && *s ? s : ".";
}

const char *t_shared(void)
{
    static char path[4096];
    const char *env = getenv("ANNALS_SHARED");
    if (env && *env)
        snprintf(path, sizeof path, "%s", env);
    else
        snprintf(path, sizeof path, "%s/../shared", t_srcdir());
    if (access(path, R_OK) == 0)
        return path;
    const char *ci = getenv("CI");
    if (ci && strcmp(ci, "true") == 0)
        t_fail(__FILE__, __LINE__, "CI=true but %s is missing", path);
    return NULL;
}

int main(int argc, char **argv)
{
    int passed = 0, failed = 0, skipped = 0;
    for (int i = 0; i < g_ntests; i++) {
        if (argc > 1 && !strstr(g_tests[i].name, argv[1]))
            continue;
        g_failed_current = 0;
        g_skipped_current = 0;
        g_tests[i].fn();
        if (g_failed_current) {
            printf("FAILED %s (%s)\n", g_tests[i].name, g_tests[i].file);
            failed++;
        } else if (g_skipped_current) {
            skipped++;
        } else {
            passed++;
        }
    }
    printf("unit: %d passed, %d failed, %d skipped\n", passed, failed, skipped);
    return failed ? 1 : 0;
}
