#!/bin/sh
# PETRARCH conformance: PETRARCH's unit-test records with its validation dictionaries.
. tests/lib.sh
S="${ANNALS_SHARED:-$ANNALS_SRCDIR/../shared}"
if [ ! -d "$S/conformance/petrarch" ]; then
    [ "${CI:-}" = true ] && { echo "petrarch: 0 passed, 1 failed (CI=true but $S is missing)"; exit 1; }
    echo "skip: ../shared not present"; echo "petrarch-floor: 0 passed, 0 failed, 1 skipped"; exit 0
fi
floor=$(cat tests/conformance/petrarch.floor)
out=$("$ANNALS_SRCDIR/$ANNALS_BUILD/tools/petrarch_validate" --floor "$floor" "$S/conformance/petrarch")
rc=$?
echo "$out" | grep -v '^FAIL' | sed 's/^petrarch:/conformance petrarch:/'
if [ $rc -eq 0 ]; then echo "petrarch-floor: 1 passed, 0 failed"; else echo "$out" | grep '^FAIL'; echo "petrarch-floor: 0 passed, 1 failed"; fi
exit $rc
