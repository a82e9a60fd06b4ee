#!/bin/sh
# The whole test suite.  Run from the source tree root (make check does it).
#   - build/unit_tests                       unit tests (C)
#   - tests/suites/*.sh                      suites that print "NAME: N passed, M failed[, K skipped]"
#   - tests/cli/*.sh                         one CLI test each: exit 0 pass, 77 skip, other fail
# Prints one line per suite and, last, "N passed, M failed, K skipped".
# Tests that need ../shared skip when it is absent, but fail when CI=true.
B=${ANNALS_BUILD:-build}
export ANNALS_BUILD="$B"
export ANNALS_SRCDIR="${ANNALS_SRCDIR:-$(pwd)}"
export ANNALS_BIN="${ANNALS_BIN:-$ANNALS_SRCDIR/$B/annals}"
export ANNALS_DATA_DIR="${ANNALS_DATA_DIR:-$ANNALS_SRCDIR/data}"
export ANNALS_HASH_SEED="${ANNALS_HASH_SEED:-}"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
P=0; F=0; S=0

count() { # parse "... N passed, M failed[, K skipped]" from the last such line of $1
    line=$(grep -E '[0-9]+ passed, [0-9]+ failed' "$1" | tail -n 1)
    p=$(printf '%s' "$line" | sed -nE 's/(^|.*[^0-9])([0-9]+) passed.*/\2/p'); p=${p:-0}
    f=$(printf '%s' "$line" | sed -nE 's/.*passed, ([0-9]+) failed.*/\1/p'); f=${f:-0}
    s=$(printf '%s' "$line" | sed -nE 's/.*failed, ([0-9]+) skipped.*/\1/p'); s=${s:-0}
}

suite() { # name, command...
    name=$1; shift
    "$@" >"$tmp/out" 2>&1; rc=$?
    count "$tmp/out"
    if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
    if [ "$f" -ne 0 ] || [ "${VERBOSE:-0}" = 1 ]; then cat "$tmp/out"; else grep -E 'skip|passed, ' "$tmp/out" | tail -n 20; fi
    P=$((P + p)); F=$((F + f)); S=$((S + s))
}

suite unit "$B/unit_tests"

for t in tests/suites/*.sh; do
    [ -f "$t" ] || continue
    suite "$(basename "$t" .sh)" sh "$t"
done

cp=0; cf=0; cs=0
for t in tests/cli/*.sh; do
    [ -f "$t" ] || continue
    n=$(basename "$t" .sh)
    sh "$t" >"$tmp/cli.out" 2>&1; rc=$?
    if [ $rc -eq 0 ]; then cp=$((cp + 1))
    elif [ $rc -eq 77 ]; then cs=$((cs + 1)); echo "  skip cli/$n: $(tail -n 1 "$tmp/cli.out")"
    else cf=$((cf + 1)); echo "FAILED cli/$n (exit $rc):"; sed 's/^/    /' "$tmp/cli.out" | tail -n 30; fi
done
echo "cli: $cp passed, $cf failed, $cs skipped"
P=$((P + cp)); F=$((F + cf)); S=$((S + cs))

echo "$P passed, $F failed, $S skipped"
[ "$F" -eq 0 ]
