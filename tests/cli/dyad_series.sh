#!/bin/sh
# annals dyad on a hand-made store: per-period counts by quad class, Goldstein
# sums and means, top codes, both directions, country vs exact matching, and
# the events left out for want of a (precise enough) date.
. "$ANNALS_SRCDIR/tests/lib.sh"
TOOL="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}/tools/store_tool"
[ -x "$TOOL" ] || fail "missing $TOOL"
"$TOOL" fixture "$T/ev.db" || fail "fixture"

"$A" dyad SUN CHN --db "$T/ev.db" --by year --format csv >"$T/y.csv" 2>"$T/y.err" || fail "dyad csv: $(cat "$T/y.err")"
[ "$(wc -l <"$T/y.csv")" -eq 29 ] || fail "expected header + 14 years x 2 directions: $(wc -l <"$T/y.csv")"
head -n 1 "$T/y.csv" | grep -qx 'period,source,target,events,verbal_coop,material_coop,verbal_conflict,material_conflict,goldstein_sum,goldstein_mean,top1,top1_count,top2,top2_count,top3,top3_count' || fail "header: $(head -n 1 "$T/y.csv")"
for want in \
    '1956,SUN,CHN,2,2,0,0,0,11.4,5.70,051,1,057,1,,' \
    '1956,CHN,SUN,0,0,0,0,0,0.0,0.00,,,,,,' \
    '1957,SUN,CHN,0,0,0,0,0,0.0,0.00,,,,,,' \
    '1958,CHN,SUN,1,1,0,0,0,2.8,2.80,043,1,,,,' \
    '1959,SUN,CHN,1,0,0,0,1,-4.0,-4.00,160,1,,,,' \
    '1960,CHN,SUN,2,0,0,1,0,-2.0,-2.00,0401,1,111,1,,' \
    '1963,CHN,SUN,1,0,0,1,0,-2.0,-2.00,112,1,,,,' \
    '1969,SUN,CHN,1,0,0,0,1,-10.0,-10.00,190,1,,,,'; do
    grep -qxF "$want" "$T/y.csv" || fail "missing row: $want"
done
[ ! -s "$T/y.err" ] || fail "unexpected stderr: $(cat "$T/y.err")"

# By month the year-only date of 1959 falls into no period, and says so.
"$A" dyad SUN CHN --db "$T/ev.db" --by month -f csv >"$T/m.csv" 2>"$T/m.err" || fail "by month"
grep -Eq '^1959-[0-9]+,SUN,CHN,[1-9]' "$T/m.csv" && fail "year-only date placed in a month"
grep -qxF '1956-10,SUN,CHN,2,2,0,0,0,11.4,5.70,051,1,057,1,,' "$T/m.csv" || fail "month row"
grep -q '1 of 11 events left out: 0 without a date, 1 dated less precisely' "$T/m.err" || fail "left-out note: $(cat "$T/m.err")"
"$A" dyad SUN CHN --db "$T/ev.db" --by quarter -f csv 2>/dev/null | grep -qxF '1960-Q3,SUN,CHN,1,0,0,0,1,-7.0,-7.00,166,1,,,,' || fail "quarter row"

# The table says how many events had no date.
"$A" dyad USA SUN --db "$T/ev.db" >"$T/t.txt" || fail "table"
grep -q 'left out: 1 without a date' "$T/t.txt" || fail "table note: $(cat "$T/t.txt")"
grep -Eq '^1961 +USA->SUN +1 +1 +0 +0 +0 +2\.5 +2\.50 +044\(1\)$' "$T/t.txt" || fail "table row: $(cat "$T/t.txt")"

# Exact codes: only SUNGOV<->CHNGOV events.
"$A" dyad SUNGOV CHNGOV --exact --db "$T/ev.db" -f json >"$T/e.json" || fail "json"
grep -q '"total":4,"undated":0,"too_coarse":0' "$T/e.json" || fail "exact total: $(head -c 300 "$T/e.json")"
grep -q '{"period":"1958","source":"CHNGOV","target":"SUNGOV","events":1,"quad":\[1,0,0,0\],"scored":1,"goldstein_sum":2.8,"goldstein_mean":2.80,"top_codes":\[{"code":"043","count":1}\]}' "$T/e.json" || fail "exact json row"
# Country level, SUNGOV is just SUN: 11 events.
"$A" dyad SUN CHN --db "$T/ev.db" -f json | grep -q '"total":11,' || fail "country total"

# Usage and runtime errors.
"$A" dyad SUN --db "$T/ev.db" 2>/dev/null; [ $? -eq 2 ] || fail "one actor should be usage error"
"$A" dyad SUN CHN --by week --db "$T/ev.db" 2>/dev/null; [ $? -eq 2 ] || fail "bad period should be usage error"
"$A" dyad SUN CHN --db "$T/none.db" 2>"$T/err"; [ $? -eq 1 ] || fail "missing db should exit 1"
grep -q "none.db: No such file" "$T/err" || fail "missing db message: $(cat "$T/err")"
exit 0
