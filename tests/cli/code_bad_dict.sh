# A malformed dictionary line: file:line:col: message, exit 2.
. tests/lib.sh
printf 'CHINA_ [CHN]\nJAPAN_ [JPN\n' >"$T/bad.actors"
"$A" code --dict "$T/bad.actors" </dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "expected exit 2, got $rc"
grep -q "bad.actors:2:8: missing ']'" "$T/err" || { cat "$T/err"; fail "message"; }
"$A" code --dict "$T/missing.verbs" </dev/null 2>"$T/err"; [ $? -eq 2 ] || fail "missing dict exit"
grep -q "missing.verbs: cannot open" "$T/err" || { cat "$T/err"; fail "missing dict message"; }
exit 0
