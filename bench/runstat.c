/*
 * runstat.c — runs a command and reports its wall time, CPU time and peak
 * resident set size, for `make bench` (no dependency on /usr/bin/time).
 *
 *   runstat [-i IN] [-o OUT] STATFILE COMMAND [ARG...]
 *
 * The command's standard input comes from IN and its standard output goes to
 * OUT (both default to runstat's own); its standard error is runstat's.
 * STATFILE receives one line:
 *
 *   wall_s=1.234567 user_s=1.100000 sys_s=0.050000 maxrss_kb=12345 status=0
 *
 * maxrss_kb is the child's peak RSS (getrusage's ru_maxrss, which Linux
 * reports in KiB).  status is the exit status, or 128+signal.  runstat exits
 * with the command's status.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double tv(struct timeval t) { return (double)t.tv_sec + (double)t.tv_usec / 1e6; }

int main(int argc, char **argv)
{
    const char *in = NULL, *out = NULL;
    int i = 1;
    for (; i + 1 < argc && argv[i][0] == '-'; i += 2) {
        if (!strcmp(argv[i], "-i"))
            in = argv[i + 1];
        else if (!strcmp(argv[i], "-o"))
            out = argv[i + 1];
        else
            break;
    }
    if (argc - i < 2) {
        fputs("usage: runstat [-i IN] [-o OUT] STATFILE COMMAND [ARG...]\n", stderr);
        return 2;
    }
    const char *statfile = argv[i];
    char **cmd = argv + i + 1;
    double t0 = now();
    pid_t pid = fork();
    if (pid < 0) {
        perror("runstat: fork");
        return 2;
    }
    if (pid == 0) {
        if (in) {
            int fd = open(in, O_RDONLY);
            if (fd < 0 || dup2(fd, 0) < 0) {
                fprintf(stderr, "runstat: %s: %s\n", in, strerror(errno));
                _exit(127);
            }
            close(fd);
        }
        if (out) {
            int fd = open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (fd < 0 || dup2(fd, 1) < 0) {
                fprintf(stderr, "runstat: %s: %s\n", out, strerror(errno));
                _exit(127);
            }
            close(fd);
        }
        execvp(cmd[0], cmd);
        fprintf(stderr, "runstat: %s: %s\n", cmd[0], strerror(errno));
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    memset(&ru, 0, sizeof ru);
    while (wait4(pid, &st, 0, &ru) < 0) {
        if (errno != EINTR) {
            perror("runstat: wait4");
            return 2;
        }
    }
    double wall = now() - t0;
    int status = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
    FILE *f = fopen(statfile, "w");
    if (!f) {
        fprintf(stderr, "runstat: %s: %s\n", statfile, strerror(errno));
        return 2;
    }
    fprintf(f, "wall_s=%.6f user_s=%.6f sys_s=%.6f maxrss_kb=%ld status=%d\n", wall, tv(ru.ru_utime),
            tv(ru.ru_stime), ru.ru_maxrss, status);
    if (fclose(f)) {
        fprintf(stderr, "runstat: %s: %s\n", statfile, strerror(errno));
        return 2;
    }
    return status;
}
