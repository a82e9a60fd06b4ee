#!/bin/sh
# Valgrind suite: a representative subset under
#   valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite,indirect
# - the unit tests (every group except the timing-based bounds_ tests, which
#   valgrind slows 50x: they run under ASan in make asan instead)
# - annals code on each input format, with -j 2, with --db, and on /dev/full
# Each must report no memory error and no leak.  Skips when valgrind is
# absent, unless CI=true.  Run from the tree root.
# the sanitizer run (make asan) has nothing to add here: the main run already
# does this with instrumented binaries
if [ "${ANNALS_BUILD:-build}" = build-asan ]; then
    echo "skip valgrind: covered by the main (non-ASan) run"; echo "valgrind: 0 passed, 0 failed, 1 skipped"; exit 0
fi
cd "${ANNALS_SRCDIR:-.}" || exit 1
B=${ANNALS_BUILD:-build}
A=${ANNALS_BIN:-$B/annals}
case "$B" in *asan*) echo "skip valgrind: $B is a sanitizer build"; echo "valgrind: 0 passed, 0 failed, 1 skipped"; exit 0 ;; esac
if ! command -v valgrind >/dev/null 2>&1; then
    if [ "${CI:-}" = true ]; then echo "FAIL: CI=true but valgrind is not installed"; echo "valgrind: 0 passed, 1 failed"; exit 1; fi
    echo "skip valgrind: valgrind is not installed"; echo "valgrind: 0 passed, 0 failed, 1 skipped"; exit 0
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
VG="valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect --track-fds=no"
D=tests/data/mini
p=0; f=0
run() { # name, expected exit status, command...
    name=$1; want=$2; shift 2
    $VG "$@" >"$tmp/out" 2>"$tmp/err" </dev/null; rc=$?
    if [ "$rc" -eq "$want" ] && ! grep -q '^==[0-9]*==' "$tmp/err"; then
        p=$((p + 1)); echo "ok   $name"
    else
        f=$((f + 1)); echo "FAIL $name (exit $rc, expected $want)"; head -n 40 "$tmp/err" | sed 's/^/    /'
        grep -E 'FAIL' "$tmp/out" | head -n 10 | sed 's/^/    /'
    fi
}
for g in read_ sentence_ time_ dict_ store_ util_ cameo_ alloc_fail fuzz_regress; do
    run "unit_tests $g" 0 "$B/unit_tests" "$g"
done
i=0; while [ $i -lt 200 ]; do
    echo '{"id":"v'$i'","date":"1969-03-02","text":"Chinese troops attacked the Soviet Union on 2 March 1969. Two days later India accused China."}'
    i=$((i + 1)); done >"$tmp/in.jsonl"
printf '{"id":"bad","text":"\377\376 broken UTF-8 and an unterminated string\n{"id":"ok","text":"India accused China."}\nnot json at all\n' >"$tmp/bad.jsonl"
run "code jsonl" 0 "$A" code --dict "$D" "$tmp/in.jsonl"
run "code jsonl -j 2" 0 "$A" code -j 2 --dict "$D" "$tmp/in.jsonl"
run "code tsv, narrative dates" 0 "$A" code --dict "$D" --format tsv --dates narrative "$tmp/in.jsonl"
run "code hostile jsonl" 0 "$A" code --dict "$D" "$tmp/bad.jsonl"
for s in tests/data/read/sample.*; do
    run "code $(basename "$s")" 0 "$A" code --dict "$D" "$s"
done
run "code --db" 0 "$A" code --dict "$D" --db "$tmp/v.db" "$tmp/in.jsonl"
run "code -j 2 --db (and a re-run that skips every story)" 0 "$A" code -j 2 --dict "$D" --db "$tmp/v2.db" "$tmp/in.jsonl" "$tmp/in.jsonl"
run "code --db --replace" 0 "$A" code --dict "$D" --db "$tmp/v.db" --replace "$tmp/in.jsonl"
run "dyad" 0 "$A" dyad CHN SUN --db "$tmp/v.db" --by month
if [ -w /dev/full ]; then
    $VG "$A" code --dict "$D" "$tmp/in.jsonl" >/dev/full 2>"$tmp/err"; rc=$?
    if [ $rc -eq 1 ] && ! grep -q '^==[0-9]*==' "$tmp/err"; then p=$((p + 1)); echo "ok   code > /dev/full"
    else f=$((f + 1)); echo "FAIL code > /dev/full (exit $rc)"; head -n 40 "$tmp/err" | sed 's/^/    /'; fi
fi
echo "valgrind: $p passed, $f failed"
[ "$f" -eq 0 ]
