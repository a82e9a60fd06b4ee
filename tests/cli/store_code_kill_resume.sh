#!/bin/sh
# annals code --db killed with kill -9 half way: the SQLite store is
# consistent and holds whole batches (2,000 stories each); a re-run codes
# exactly the missing stories and the store then equals one from a run that
# was never interrupted.
. "$ANNALS_SRCDIR/tests/lib.sh"
TOOL="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}/tools/store_tool"
[ -x "$TOOL" ] || fail "missing $TOOL (make builds it)"
D="$ANNALS_SRCDIR/tests/data/mini"
N=60000
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++)
    printf "{\"id\":\"k%06d\",\"date\":\"1969-03-%02d\",\"text\":\"Chinese troops attacked the Soviet Union. India accused China. Rain fell.\"}\n", i, i % 28 + 1 }' >"$T/in.jsonl"
"$A" code -q --dict "$D" --db "$T/k.db" "$T/in.jsonl" >"$T/out1" 2>&1 &
kill_when_stored $! "$T/k.db" 2000
"$TOOL" check "$T/k.db" >"$T/check1" 2>&1 || fail "store inconsistent after kill -9: $(cat "$T/check1")"
before=$(sed -n 's/^stories \([0-9]*\) .*/\1/p' "$T/check1")
[ -n "$before" ] || fail "no count: $(cat "$T/check1")"
[ "$before" -lt $N ] || skip "the run finished before it could be killed"
[ $((before % 2000)) -eq 0 ] || fail "$before stories: not whole batches of 2000"
"$A" code -q --dict "$D" --db "$T/k.db" "$T/in.jsonl" >"$T/out2" 2>&1 || fail "re-run failed: $(cat "$T/out2")"
"$A" code -q --dict "$D" --db "$T/whole.db" "$T/in.jsonl" >"$T/out3" 2>&1 || fail "clean run failed: $(cat "$T/out3")"
"$TOOL" check "$T/k.db" >"$T/check2" 2>&1 || fail "inconsistent after re-run: $(cat "$T/check2")"
"$TOOL" check "$T/whole.db" >"$T/check3" 2>&1 || fail "clean run inconsistent: $(cat "$T/check3")"
cmp -s "$T/check2" "$T/check3" || fail "after re-run: $(cat "$T/check2"), uninterrupted: $(cat "$T/check3")"
grep -q "^stories $N " "$T/check2" || fail "after re-run: $(cat "$T/check2")"
for db in k whole; do
    "$A" dyad CHN SUN --db "$T/$db.db" --by month --format csv >"$T/$db.dyad" || fail "dyad on $db.db"
done
cmp -s "$T/k.dyad" "$T/whole.dyad" || fail "the resumed store's dyad differs from the uninterrupted one's"
exit 0
