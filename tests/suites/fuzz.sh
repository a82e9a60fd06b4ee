#!/bin/sh
# Fuzz suite: builds the libFuzzer targets (make -f fuzz/Makefile) and runs
# each fuzz/fuzz_NAME.c for FUZZ_SECONDS seconds (default 60 when CI=true,
# else 5) on a copy of its seeds, with a 10 s limit per input (a slow input
# is a bounded-work failure) and a 2 GB memory limit.  One result per target.
# Skips when clang's libFuzzer runtime is missing, unless CI=true.
# A crash leaves its input in build-fuzz/artifacts/NAME-crash-*; turn it into
# a regression unit test (tests/unit/test_bounds.c or the target's module).
# the sanitizer run (make asan) has nothing to add here: the main run already
# does this with instrumented binaries
if [ "${ANNALS_BUILD:-build}" = build-asan ]; then
    echo "skip fuzz: covered by the main (non-ASan) run"; echo "fuzz: 0 passed, 0 failed, 1 skipped"; exit 0
fi
cd "${ANNALS_SRCDIR:-.}" || exit 1
if [ "${CI:-}" = true ]; then secs=${FUZZ_SECONDS:-60}; else secs=${FUZZ_SECONDS:-5}; fi
FB=${FUZZ_BUILD:-build-fuzz}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
names=$(for f in fuzz/fuzz_*.c; do basename "$f" .c | sed 's/^fuzz_//'; done)
n=$(printf '%s\n' $names | wc -l)

printf 'int LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n);\nint LLVMFuzzerTestOneInput(const unsigned char *d, unsigned long n) { (void)d; (void)n; return 0; }\n' >"$tmp/t.c"
if ! command -v clang >/dev/null 2>&1 || ! clang -fsanitize=fuzzer,address "$tmp/t.c" -o "$tmp/t" >"$tmp/cc.log" 2>&1; then
    if [ "${CI:-}" = true ]; then
        cat "$tmp/cc.log"; echo "FAIL: CI=true but clang with libFuzzer is not available"
        echo "fuzz: 0 passed, $n failed"; exit 1
    fi
    echo "skip fuzz: clang's libFuzzer runtime is not available (install clang)"
    echo "fuzz: 0 passed, 0 failed, $n skipped"; exit 0
fi

if ! make -f fuzz/Makefile FB="$FB" -j2 >"$tmp/build.log" 2>&1; then
    tail -n 30 "$tmp/build.log"; echo "FAIL: building the fuzz targets"
    echo "fuzz: 0 passed, $n failed"; exit 1
fi

p=0; f=0
for name in $names; do
    if make -f fuzz/Makefile FB="$FB" --no-print-directory run-"$name" FUZZ_SECONDS="$secs" \
        FUZZ_FLAGS="-timeout=10 -rss_limit_mb=2048 -max_len=65536" >"$tmp/$name.log" 2>&1; then
        p=$((p + 1))
        echo "ok   fuzz_$name: $(grep -E '^stat::number_of_executed_units' "$tmp/$name.log" | sed 's/.*: *//') runs in ${secs}s"
    else
        f=$((f + 1))
        echo "FAIL fuzz_$name:"; grep -E 'ERROR|SUMMARY|Test unit written|==[0-9]+==' "$tmp/$name.log" | head -n 20
        tail -n 40 "$tmp/$name.log" | sed 's/^/    /'
    fi
done
echo "fuzz: $p passed, $f failed"
[ "$f" -eq 0 ]
