# Sourced by bench/run.sh and bench/store.sh (POSIX sh): needs A (the annals
# binary), W (the work directory), CC and a die function.  Copies the binary
# (so that a rebuild during the run cannot swap it; sets A to the copy) and
# builds the generator and bench/runstat.c when they are missing or stale.
mkdir -p "$W" || die "cannot create $W"
cp "$A" "$W/annals.bin" || die "cannot copy $A"
A=$W/annals.bin
for t in gen runstat; do
    if [ ! -x "$W/$t" ] || [ -n "$(find "bench/$t.c" -newer "$W/$t")" ]; then
        $CC -std=c11 -O2 -Wall -Wextra -Werror -o "$W/$t" "bench/$t.c" || die "cannot compile bench/$t.c"
    fi
done
field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p" "$2"; }   # field NAME STATFILE
calc() { awk "BEGIN { printf \"$1\n\", $2 }"; }      # calc FORMAT EXPR
