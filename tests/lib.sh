# Helpers for CLI tests (sourced).  $ANNALS_BIN is the binary under test.
set -u
A=${ANNALS_BIN:?}
T=$(mktemp -d); trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
skip() { echo "$*"; exit 77; }
# need_shared: path of ../shared or skip (fail under CI=true)
need_shared() {
    S="${ANNALS_SHARED:-$ANNALS_SRCDIR/../shared}"
    if [ ! -d "$S" ]; then
        [ "${CI:-}" = true ] && fail "CI=true but $S is missing"
        skip "../shared not present"
    fi
}
# kill_when_stored PID DB N: once the store DB holds N stories or more (as
# "$TOOL" check, the store_tool, counts them) or after 20 s, kills PID with
# SIGKILL and waits for it.
kill_when_stored() {
    _i=0
    while [ $_i -lt 400 ]; do
        sleep 0.05
        _got=$("$TOOL" check "$2" 2>/dev/null | sed -n 's/^stories \([0-9]*\) .*/\1/p')
        [ -n "$_got" ] && [ "$_got" -ge "$3" ] && break
        _i=$((_i + 1))
    done
    kill -9 "$1" 2>/dev/null
    wait "$1" 2>/dev/null
}
