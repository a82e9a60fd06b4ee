# annals code --db: stories, sentences and events into SQLite; re-runs skip
# stored stories; -j 2 stores the same events; --replace recodes.
. tests/lib.sh
D="$ANNALS_SRCDIR/tests/data/mini"
i=0; while [ $i -lt 700 ]; do
    echo '{"id":"d'$i'","date":"1969-03-02","text":"Chinese troops attacked the Soviet Union. India accused China."}'; i=$((i+1)); done >"$T/in.jsonl"
"$A" code --dict "$D" --db "$T/a.db" "$T/in.jsonl" >"$T/out" || fail "--db exit $?"
[ ! -s "$T/out" ] || fail "--db should not print events"
"$A" dyad CHN SUN --db "$T/a.db" --by year --format csv >"$T/dyad" || fail "dyad exit"
grep -q '^1969,CHN,SUN,700,' "$T/dyad" || { cat "$T/dyad"; fail "700 CHN->SUN events in 1969"; }
"$A" code --dict "$D" --db "$T/a.db" "$T/in.jsonl" || fail "re-run exit"
"$A" dyad CHN SUN --db "$T/a.db" --by year --format csv >"$T/dyad2" || fail "dyad exit"
cmp -s "$T/dyad" "$T/dyad2" || fail "a re-run must not duplicate stories"
"$A" code -j 2 --dict "$D" --db "$T/b.db" "$T/in.jsonl" || fail "-j 2 --db exit"
"$A" dyad CHN SUN --db "$T/b.db" --by year --format csv >"$T/dyad3" || fail "dyad exit"
cmp -s "$T/dyad" "$T/dyad3" || fail "-j 2 must store the same events"
"$A" code --dict "$D" --db "$T/a.db" --replace "$T/in.jsonl" || fail "--replace exit"
"$A" code --replace "$T/in.jsonl" 2>/dev/null; [ $? -eq 2 ] || fail "--replace without --db is a usage error"
"$A" code --dict "$D" --db "/nonexistent/dir/x.db" "$T/in.jsonl" 2>"$T/err"; [ $? -eq 1 ] || fail "bad db path"
grep -q "/nonexistent/dir/x.db" "$T/err" || { cat "$T/err"; fail "bad db path message"; }
exit 0
