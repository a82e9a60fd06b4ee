#!/bin/sh
# kill -9 in the middle of a batched run leaves a consistent SQLite store that
# holds whole batches only; a re-run stores exactly the missing stories.
. "$ANNALS_SRCDIR/tests/lib.sh"
TOOL="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}/tools/store_tool"
[ -x "$TOOL" ] || fail "missing $TOOL (make builds it)"
N=40000
"$TOOL" fill "$T/ev.db" $N 25 >"$T/out1" 2>&1 &
# Wait until some batches are committed, then kill without warning.
kill_when_stored $! "$T/ev.db" 100
"$TOOL" check "$T/ev.db" >"$T/check1" 2>&1 || fail "store inconsistent after kill -9: $(cat "$T/check1")"
before=$(sed -n 's/^stories \([0-9]*\) .*/\1/p' "$T/check1")
events=$(sed -n 's/.* events \([0-9]*\)$/\1/p' "$T/check1")
[ -n "$before" ] || fail "no count: $(cat "$T/check1")"
[ "$before" -lt $N ] || skip "the run finished before it could be killed"
[ $((before % 25)) -eq 0 ] || fail "$before stories: not whole batches of 25"
[ "$events" -eq $((before * 3)) ] || fail "$before stories but $events events"
"$TOOL" fill "$T/ev.db" $N 25 >"$T/out2" 2>&1 || fail "re-run failed: $(cat "$T/out2")"
grep -qx "stored $((N - before)) skipped $before" "$T/out2" || fail "re-run: $(cat "$T/out2"), expected stored $((N - before)) skipped $before"
"$TOOL" check "$T/ev.db" >"$T/check2" 2>&1 || fail "inconsistent after re-run: $(cat "$T/check2")"
grep -qx "stories $N events $((N * 3))" "$T/check2" || fail "after re-run: $(cat "$T/check2")"
exit 0
