#!/bin/sh
# The generated CAMEO table (src/cameo/cameo_table.c) is current: regenerating
# it from data/cameo/cameo.tsv gives the committed file byte for byte; and the
# generator rejects a malformed row.
. "$ANNALS_SRCDIR/tests/lib.sh"
cd "$ANNALS_SRCDIR" || fail "no source dir"
sh tools/gen_cameo.sh data/cameo/cameo.tsv "$T/table.c" || fail "gen_cameo.sh failed"
cmp -s "$T/table.c" src/cameo/cameo_table.c ||
    fail "src/cameo/cameo_table.c is stale: run 'sh tools/gen_cameo.sh' ($(diff src/cameo/cameo_table.c "$T/table.c" | head -n 5))"
# A quad class that disagrees with the root is an error naming file:line.
sed '3s/\t1\t/\t2\t/' data/cameo/cameo.tsv > "$T/bad.tsv"
if sh tools/gen_cameo.sh "$T/bad.tsv" "$T/bad.c" 2>"$T/err"; then fail "bad quad accepted"; fi
grep -q "bad.tsv:3: quad class" "$T/err" || fail "unexpected message: $(cat "$T/err")"
[ ! -e "$T/bad.c" ] || fail "output written despite error"
# A duplicate code is an error.
{ cat data/cameo/cameo.tsv; sed -n 2p data/cameo/cameo.tsv; } > "$T/dup.tsv"
if sh tools/gen_cameo.sh "$T/dup.tsv" - >/dev/null 2>"$T/err"; then fail "duplicate accepted"; fi
grep -q "duplicate code" "$T/err" || fail "unexpected message: $(cat "$T/err")"
exit 0
