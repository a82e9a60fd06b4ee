# Output errors are reported and fail the run: annals code > /dev/full.
. tests/lib.sh
[ -w /dev/full ] || skip "no /dev/full"
D="$ANNALS_SRCDIR/tests/data/mini"
i=0; while [ $i -lt 2000 ]; do
    echo '{"id":"s'$i'","text":"India accused China. China attacked India."}'; i=$((i+1)); done >"$T/in.jsonl"
"$A" code --dict "$D" "$T/in.jsonl" >/dev/full 2>"$T/err"; rc=$?
[ $rc -eq 1 ] || fail "expected exit 1, got $rc"
grep -qi 'no space left' "$T/err" || { cat "$T/err"; fail "message should name the error"; }
exit 0
