# The Makefile's hardening flags take effect (a checksec-style check with
# readelf): the CLI is a PIE, both the CLI and libannals.so have full RELRO
# (GNU_RELRO + BIND_NOW), and they call the stack protector and FORTIFY_SOURCE
# checked functions.  Sanitizer builds (make asan) build without FORTIFY and
# the stack protector, so only PIE and RELRO are checked there.
. tests/lib.sh
command -v readelf >/dev/null 2>&1 || skip "readelf (binutils) is not installed"
B="$ANNALS_SRCDIR/${ANNALS_BUILD:-build}"
sanitized=0; case "${ANNALS_BUILD:-build}" in *asan*) sanitized=1 ;; esac
readelf -hW "$A" | grep -q 'Type:.*DYN' || fail "$A is not a position-independent executable"
for f in "$A" "$B/libannals.so"; do
    [ -f "$f" ] || fail "missing $f"
    readelf -lW "$f" | grep -q 'GNU_RELRO' || fail "$f: no RELRO segment"
    readelf -dW "$f" | grep -Eq 'BIND_NOW|Flags:.* NOW' || fail "$f: not linked with -z now (partial RELRO)"
    [ $sanitized -eq 1 ] && continue
    syms=$(readelf -sW --dyn-syms "$f")
    printf '%s\n' "$syms" | grep -q '__stack_chk_fail' || fail "$f: no stack protector"
    printf '%s\n' "$syms" | grep -Eq '__(memcpy|snprintf|vsnprintf|fprintf|printf|fread)_chk' \
        || fail "$f: no FORTIFY_SOURCE checked functions"
done
exit 0
