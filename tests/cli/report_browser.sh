#!/bin/sh
# The HTML report in a real browser (headless Debian Chromium via
# playwright-core, tests/browser/): charts' series and points, the event
# table, filtering, sorting, and a story with <script> shown as text.
# Skips when chromium or tests/browser/node_modules is missing, unless
# CI=true.  UPDATE_SCREENSHOT=1 also rewrites docs/report.png.
. "$ANNALS_SRCDIR/tests/lib.sh"
BR="$ANNALS_SRCDIR/tests/browser"
CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
missing=""
[ -x "$CHROMIUM" ] || missing="$CHROMIUM"
[ -d "$BR/node_modules/playwright-core" ] || missing="$missing tests/browser/node_modules (npm ci)"
command -v node >/dev/null 2>&1 || missing="$missing node"
if [ -n "$missing" ]; then
    [ "${CI:-}" = true ] && fail "CI=true but missing:$missing"
    skip "browser test needs:$missing"
fi
TOOL="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}/tools/store_tool"
[ -x "$TOOL" ] || fail "missing $TOOL"
"$TOOL" fixture "$T/ev.db" || fail "fixture"
"$A" report --db "$T/ev.db" -o "$T/report.html" --title "annals report: fixture" || fail "annals report"
CHROMIUM="$CHROMIUM" node "$BR/report.test.js" "$T/report.html" "$ANNALS_SRCDIR/docs/report.png" || fail "browser checks failed"
exit 0
