# --help, --version, unknown commands and options behave as a Unix user expects.
. tests/lib.sh
"$A" --version | grep -Eq '^annals [0-9]+\.[0-9]+\.[0-9]+$' || fail "--version"
"$A" --help | grep -q 'Usage: annals' || fail "--help"
"$A" code --help | grep -q -- '--dict' || fail "code --help"
"$A" frobnicate 2>"$T/err"; [ $? -eq 2 ] || fail "unknown command should exit 2"
grep -q "unknown command 'frobnicate'" "$T/err" || fail "unknown command message"
"$A" code --no-such-option 2>"$T/err"; [ $? -eq 2 ] || fail "unknown option should exit 2"
"$A" 2>/dev/null; [ $? -eq 2 ] || fail "no command should exit 2"
exit 0
