# Coding JSON Lines with a small dictionary: JSON and TSV output, stdin.
. tests/lib.sh
D="$ANNALS_SRCDIR/tests/data/mini"
printf '%s\n' '{"id":"s1","date":"1969-03-02","text":"Chinese troops attacked the Soviet Union. India accused China."}' >"$T/in.jsonl"
"$A" code --dict "$D" "$T/in.jsonl" >"$T/out" || fail "exit status $?"
[ "$(wc -l <"$T/out")" -eq 2 ] || { cat "$T/out"; fail "expected 2 events"; }
grep -q '"story_id":"s1","sentence":1' "$T/out" || fail "story id / sentence"
grep -q '"source":"CHNMIL","target":"SUN","code":"190"' "$T/out" || { cat "$T/out"; fail "CHNMIL SUN 190"; }
grep -q '"source_text":"Chinese troops","target_text":"Soviet Union","verb_text":"attacked"' "$T/out" || fail "matched texts"
grep -q '"sentence":2.*"source":"IND","target":"CHN","code":"112"' "$T/out" || fail "IND CHN 112"
"$A" code --dict "$D" --format tsv - <"$T/in.jsonl" >"$T/tsv" || fail "tsv exit"
head -n 1 "$T/tsv" | awk -F '\t' '$1=="1969-03-02" && $2=="CHNMIL" && $3=="SUN" && $4=="190" {ok=1} END {exit !ok}' \
    || { cat "$T/tsv"; fail "tsv fields"; }
# -j 2 gives the same output in the same order
i=0; while [ $i -lt 3000 ]; do
    echo '{"id":"m'$i'","text":"Chinese troops attacked the Soviet Union. India accused China number '$i'."}'; i=$((i+1)); done >"$T/many.jsonl"
"$A" code --dict "$D" "$T/many.jsonl" >"$T/j1" || fail "-j 1"
"$A" code -j 2 --dict "$D" "$T/many.jsonl" >"$T/j2" || fail "-j 2"
[ "$(wc -l <"$T/j1")" -eq 6000 ] || fail "expected 6000 events"
cmp -s "$T/j1" "$T/j2" || fail "-j 2 output differs from -j 1"
exit 0
