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
