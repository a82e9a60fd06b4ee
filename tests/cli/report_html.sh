#!/bin/sh
# annals report writes one self-contained HTML file: inline SVG charts with
# data- attributes, no external resources, all story text escaped; options
# and errors behave.
. "$ANNALS_SRCDIR/tests/lib.sh"
TOOL="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}/tools/store_tool"
[ -x "$TOOL" ] || fail "missing $TOOL"
"$TOOL" fixture "$T/ev.db" || fail "fixture"
"$A" report --db "$T/ev.db" -o "$T/r.html" || fail "report"
R="$T/r.html"
head -c 15 "$R" | grep -q '<!DOCTYPE html>' || fail "not HTML"
# Self-contained: no URL fetched from anywhere.
grep -Eq '(src|href)="(https?:)?//' "$R" && fail "external resource in the report"
grep -q '@import' "$R" && fail "CSS import in the report"
[ "$(grep -o '<script>' "$R" | wc -l)" -eq 1 ] || fail "expected exactly one (inline) script element"
# Story text is escaped.
grep -qF "A &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; <mark class=\"src\">Soviet note</mark>" "$R" || fail "story text not escaped"
grep -qF "</mark> &amp; its allies." "$R" || fail "ampersand not escaped"
grep -qF "<script>alert" "$R" && fail "raw <script> from a story"
# Charts: top dyads and, for each of the 3 most active dyads, two timelines.
[ "$(grep -o 'data-chart="top-dyads"' "$R" | wc -l)" -eq 1 ] || fail "top-dyads chart"
for d in CHN-SUN SUN-USA CUB-SUN; do
    grep -q "data-chart=\"goldstein\" data-dyad=\"$d\"" "$R" || fail "goldstein chart of $d"
    grep -q "data-chart=\"quads\" data-dyad=\"$d\"" "$R" || fail "quads chart of $d"
done
grep -q 'data-dyad="CHN-SUN" data-value="11"' "$R" || fail "CHN-SUN bar"
[ "$(grep -o '<tr data-quad' "$R" | wc -l)" -eq 15 ] || fail "event rows: $(grep -o '<tr data-quad' "$R" | wc -l)"
grep -q 'not in the charts: 1 without a date' "$R" || fail "undated note"

# --dyad picks dyads; --max-events caps the table and says so; --by month.
"$A" report --db "$T/ev.db" -o "$T/one.html" --dyad SUN-CHN --by month --max-events 3 || fail "report --dyad"
grep -c 'class="dyad"' "$T/one.html" | grep -qx 1 || fail "one dyad section"
grep -q 'data-chart="goldstein" data-dyad="SUN-CHN"' "$T/one.html" || fail "SUN-CHN chart"
grep -q 'data-period="1956-10"' "$T/one.html" || fail "monthly periods"
[ "$(grep -o '<tr data-quad' "$T/one.html" | wc -l)" -eq 3 ] || fail "max-events"
grep -q 'Only the first 3 events are listed' "$T/one.html" || fail "truncation note"
"$A" report --db "$T/ev.db" -o - --dyad SUN-USA | grep -q 'data-dyad="SUN-USA"' || fail "report to stdout"

# Errors: usage (2), runtime (1), nothing half-written.
"$A" report --db "$T/ev.db" 2>/dev/null; [ $? -eq 2 ] || fail "missing -o should be usage error"
"$A" report --db "$T/ev.db" -o "$T/x.html" --dyad SUN 2>/dev/null; [ $? -eq 2 ] || fail "bad --dyad"
"$A" report --db "$T/none.db" -o "$T/x.html" 2>"$T/err"; [ $? -eq 1 ] || fail "missing db exit"
grep -q "none.db: No such file" "$T/err" || fail "missing db message: $(cat "$T/err")"
"$A" report --db "$T/ev.db" -o "$T/no/such/dir/r.html" 2>"$T/err"; [ $? -eq 1 ] || fail "bad output dir exit"
grep -q "no/such/dir/r.html: No such file or directory" "$T/err" || fail "bad output message: $(cat "$T/err")"
[ ! -e "$T/x.html" ] || fail "output left behind after an error"
ls "$T" | grep -q 'tmp\.' && fail "temporary file left behind"
exit 0
