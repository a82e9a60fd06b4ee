#!/bin/sh
# Leader tenures in data/dict/leaders-*.actors checked against Archigos 4.1
# (../shared/reference/leaders).  One check per Archigos spell; see
# tests/tools/archigos_check.c and docs/leaders.md.
. tests/lib.sh
S="${ANNALS_SHARED:-$ANNALS_SRCDIR/../shared}"
F="$S/reference/leaders/Archigos_4.1.tsv"
if [ ! -f "$F" ]; then
    [ "${CI:-}" = true ] && { echo "leaders: 0 passed, 1 failed (CI=true but $F is missing)"; exit 1; }
    echo "skip: ../shared not present"; echo "leaders: 0 passed, 0 failed, 1 skipped"; exit 0
fi
TOOL="$ANNALS_SRCDIR/$ANNALS_BUILD/tools/archigos_check"
[ -x "$TOOL" ] || { echo "leaders: 0 passed, 1 failed ($TOOL not built)"; exit 1; }
out=$("$TOOL" --dict "$ANNALS_SRCDIR/data/dict" --archigos "$F")
rc=$?
echo "$out" | grep -E '^  (FAIL|MISSING)' | head -n 200
echo "$out" | grep '^archigos:'
line=$(echo "$out" | grep '^leaders:' | tail -n 1)
[ -n "$line" ] || { echo "leaders: 0 passed, 1 failed (archigos_check exited $rc)"; exit 1; }
echo "$line"
exit $rc
