# Hostile input never crashes annals and is never dropped silently.
. tests/lib.sh
D="$ANNALS_SRCDIR/tests/data/mini"
# invalid UTF-8 and a NUL byte inside a story: repaired with a warning, still coded
printf '{"id":"u","text":"India accused \377China."}\n' >"$T/utf8.jsonl"
"$A" code --dict "$D" "$T/utf8.jsonl" >"$T/out" 2>"$T/err" || fail "invalid UTF-8: exit $?"
[ -s "$T/err" ] || fail "invalid UTF-8 should warn"
printf 'India accused\000 China.\n' >"$T/nul.txt"
"$A" code --dict "$D" "$T/nul.txt" >"$T/out" 2>"$T/err" || fail "NUL: exit $?"
grep -qi 'nul' "$T/err" || { cat "$T/err"; fail "NUL should be reported"; }
grep -q '"code":"112"' "$T/out" || fail "NUL story should still be coded"
# an empty file: a warning, exit 0
: >"$T/empty.jsonl"
"$A" code --dict "$D" "$T/empty.jsonl" >"$T/out" 2>"$T/err" || fail "empty: exit $?"
[ -s "$T/err" ] || fail "empty file should warn"
# a truncated JSON Lines record: the bad line is named, the good one coded
printf '{"id":"a","text":"India accused China."}\n{"id":"b","text":"India acc' >"$T/trunc.jsonl"
"$A" code --dict "$D" "$T/trunc.jsonl" >"$T/out" 2>"$T/err" || fail "truncated: exit $?"
grep -q 'trunc.jsonl:2' "$T/err" || { cat "$T/err"; fail "truncated line should be named"; }
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "the good record should be coded"
# a 10 MB single-line story without punctuation finishes and codes
awk 'BEGIN { printf "{\"id\":\"big\",\"text\":\"India accused China"; for (i = 0; i < 700000; i++) printf " and more"; printf ".\"}\n" }' >"$T/big.jsonl"
"$A" code --dict "$D" "$T/big.jsonl" >"$T/out" 2>"$T/err" || { tail -n 3 "$T/err"; fail "10 MB story: exit $?"; }
exit 0
