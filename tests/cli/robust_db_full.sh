# A disk that fills up under annals code --db (simulated with a file-size
# limit: writes past it fail with EFBIG, as on a full disk), and a read-only
# database: a clear error, exit 1, and the database stays consistent, holding
# whole stories only; a re-run with room to spare completes it.
. tests/lib.sh
D="$ANNALS_SRCDIR/tests/data/mini"
ST="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}/tools/store_tool"
[ -x "$ST" ] || fail "missing $ST"
i=0; while [ $i -lt 4000 ]; do
    echo '{"id":"f'$i'","date":"1969-03-0'$((i % 9 + 1))'","text":"Chinese troops attacked the Soviet Union near the river Ussuri in the early morning. India accused China of aggression and called for talks at once."}'
    i=$((i+1)); done >"$T/in.jsonl"
# 1. the file may not grow past 600 KB (ulimit -f counts 1024-byte blocks)
( trap '' XFSZ; ulimit -f 600; exec "$A" code --dict "$D" --db "$T/full.db" "$T/in.jsonl" ) >"$T/out" 2>"$T/err"
rc=$?
[ $rc -eq 1 ] || { cat "$T/err"; fail "full disk: expected exit 1, got $rc"; }
grep -Eqi 'full|too large|no space|disk' "$T/err" || { cat "$T/err"; fail "full disk: the message should say what happened"; }
grep -q "full.db" "$T/err" || { cat "$T/err"; fail "full disk: the message should name the database"; }
"$ST" check "$T/full.db" >"$T/check" 2>&1 || { cat "$T/check"; fail "database inconsistent after a full disk"; }
n1=$(sed -n 's/^stories \([0-9]*\) events \([0-9]*\)$/\1/p' "$T/check")
e1=$(sed -n 's/^stories \([0-9]*\) events \([0-9]*\)$/\2/p' "$T/check")
[ -n "$n1" ] && [ "$n1" -lt 4000 ] || { cat "$T/check"; fail "expected a partial store, got '$n1' stories"; }
[ "$e1" -eq $((n1 * 2)) ] || { cat "$T/check"; fail "stories must be whole: $n1 stories, $e1 events"; }
# 2. with room again, a re-run stores the rest and skips what is there
"$A" code --dict "$D" --db "$T/full.db" "$T/in.jsonl" 2>"$T/err2" || { cat "$T/err2"; fail "re-run after freeing space"; }
"$ST" check "$T/full.db" >"$T/check2" 2>&1 || { cat "$T/check2"; fail "check after re-run"; }
grep -qx 'stories 4000 events 8000' "$T/check2" || { cat "$T/check2"; fail "re-run should complete the store"; }
# 3. a read-only database file: a clear error, the file untouched
head -n 10 "$T/in.jsonl" >"$T/ten.jsonl"
"$A" code --dict "$D" --db "$T/ro.db" "$T/ten.jsonl" || fail "creating ro.db"
chmod a-w "$T/ro.db"
if [ -w "$T/ro.db" ]; then echo "running as root: read-only part not checked"; exit 0; fi
cks=$(cksum <"$T/ro.db")
sed 's/"f/"g/' "$T/in.jsonl" | head -n 10 >"$T/new.jsonl"
"$A" code --dict "$D" --db "$T/ro.db" "$T/new.jsonl" >/dev/null 2>"$T/err3"; rc=$?
[ $rc -eq 1 ] || { cat "$T/err3"; fail "read-only db: expected exit 1, got $rc"; }
grep -q "ro.db" "$T/err3" || { cat "$T/err3"; fail "read-only db: the message should name the file"; }
grep -Eqi 'read-only|readonly|permission|denied' "$T/err3" || { cat "$T/err3"; fail "read-only db: say why"; }
[ "$(cksum <"$T/ro.db")" = "$cks" ] || fail "read-only db file changed"
exit 0
