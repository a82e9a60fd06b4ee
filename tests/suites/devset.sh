#!/bin/sh
# The development set (tests/devset/, see its README.md): scores the coder with
# build/tools/devscore against the floors in tests/devset/floor.
# Four checks: the dev files parse, precision >= floor, recall >= floor, and
# every CAMEO code of the built-in table has a dev sentence.
SRC=${ANNALS_SRCDIR:-$(pwd)}
B=${ANNALS_BUILD:-build}
case "$B" in /*) tool="$B/tools/devscore" ;; *) tool="$SRC/$B/tools/devscore" ;; esac
export ANNALS_DATA_DIR="${ANNALS_DATA_DIR:-$SRC/data}"
floor="$SRC/tests/devset/floor"

if [ ! -x "$tool" ]; then
    echo "devset: $tool is missing (run make)"
    echo "devset: 0 passed, 4 failed"; exit 1
fi
minp=$(awk '$1 == "precision" { print $2 }' "$floor" 2>/dev/null)
minr=$(awk '$1 == "recall" { print $2 }' "$floor" 2>/dev/null)
if [ -z "$minp" ] || [ -z "$minr" ]; then
    echo "devset: $floor must have lines 'precision X' and 'recall Y'"
    echo "devset: 0 passed, 4 failed"; exit 1
fi

out=$("$tool" --min-precision "$minp" --min-recall "$minr" "$SRC/tests/devset" 2>&1)
rc=$?
if [ "$rc" -ge 2 ]; then
    echo "$out" | tail -n 20
    echo "devset: 0 passed, 4 failed (devscore exit $rc)"; exit 1
fi
pass=$(echo "$out" | grep -c '^check [a-z]*: pass')
fail=$(echo "$out" | grep -c '^check [a-z]*: fail')
if [ $((pass + fail)) -ne 4 ]; then
    echo "$out" | tail -n 20
    echo "devset: $pass passed, $((4 - pass)) failed (devscore printed $((pass + fail)) checks)"; exit 1
fi
if [ "$fail" -ne 0 ]; then
    echo "$out" | grep -E '^(check .*: fail|missing codes:)'
    echo "$out" | grep -E ':[0-9]+: ' | head -n 20
fi
echo "$out" | sed -n 's/^sentences: \([0-9]*\) .*/devset: \1 sentences/p'
echo "devset: $(echo "$out" | grep -E '^(precision|recall|f1):' | tr '\n' ' ')"
echo "devset: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
