#!/bin/sh
# The PostgreSQL store gives the same answers as SQLite: the fixture stored in
# a fresh database on $ANNALS_PG_URI (from .ci/postgres.sh) yields the same
# dyad series and report rows; re-runs skip stored stories.  Skips when
# ANNALS_PG_URI is unset, unless CI=true.
. "$ANNALS_SRCDIR/tests/lib.sh"
if [ -z "${ANNALS_PG_URI:-}" ]; then
    [ "${CI:-}" = true ] && fail "CI=true but ANNALS_PG_URI is not set (source .ci/postgres.sh)"
    skip "ANNALS_PG_URI not set (. .ci/postgres.sh starts a throwaway server)"
fi
command -v psql >/dev/null 2>&1 || fail "psql not found (Debian package postgresql-client)"
TOOL="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}/tools/store_tool"
[ -x "$TOOL" ] || fail "missing $TOOL"
db="annals_cli_$$"
psql -q -X "$ANNALS_PG_URI" -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null 2>&1 ||
    fail "cannot create database $db on $ANNALS_PG_URI"
trap 'psql -q -X "$ANNALS_PG_URI" -c "DROP DATABASE IF EXISTS $db" >/dev/null 2>&1; rm -rf "$T"' EXIT
base=${ANNALS_PG_URI%%\?*}
PG="${base%/*}/$db"

"$TOOL" fixture "$PG" || fail "fixture into PostgreSQL"
"$TOOL" fixture "$T/ev.db" || fail "fixture into SQLite"
for by in year month; do
    "$A" dyad SUN CHN --by $by -f csv --db "$PG" >"$T/pg.csv" 2>/dev/null || fail "dyad on PostgreSQL"
    "$A" dyad SUN CHN --by $by -f csv --db "$T/ev.db" >"$T/sq.csv" 2>/dev/null || fail "dyad on SQLite"
    cmp -s "$T/pg.csv" "$T/sq.csv" || fail "by $by: PostgreSQL and SQLite differ: $(diff "$T/sq.csv" "$T/pg.csv" | head -n 6)"
done
"$A" dyad SUNGOV CHNGOV --exact -f json --db "$PG" | grep -q '"total":4,' || fail "exact on PostgreSQL"
"$A" report --db "$PG" -o "$T/pg.html" || fail "report on PostgreSQL"
[ "$(grep -o '<tr data-quad' "$T/pg.html" | wc -l)" -eq 15 ] || fail "report rows on PostgreSQL"
grep -q 'data-dyad="CHN-SUN" data-value="11"' "$T/pg.html" || fail "top dyads on PostgreSQL"

"$TOOL" fill "$PG" 300 40 | grep -qx "stored 300 skipped 0" || fail "fill"
"$TOOL" fill "$PG" 320 40 | grep -qx "stored 20 skipped 300" || fail "re-run should store only the new stories"
"$TOOL" check "$PG" | grep -qx "stories 331 events 976" || fail "counts: $("$TOOL" check "$PG")"
# A wrong password/port is a clear error, not a crash.
"$A" dyad SUN CHN --db "postgresql://annals:pw@127.0.0.1:1/x?connect_timeout=2" 2>"$T/err"; [ $? -eq 1 ] || fail "bad server exit"
grep -q 'postgresql://annals:\*\*\*@127.0.0.1:1/x.*cannot connect' "$T/err" || fail "bad server message: $(cat "$T/err")"
exit 0
