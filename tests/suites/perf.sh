#!/bin/sh
# perf — instruction-count regression check (valgrind --tool=callgrind).
#
#   sh tests/suites/perf.sh            compare with tests/perf/baseline.txt (make check)
#   sh tests/suites/perf.sh --update   measure and rewrite the baseline
#
# Codes a fixed 10,000-sentence corpus (bench/gen.c, seed 7) with one thread
# and a fixed hash seed, under callgrind, and counts instructions:
#   bench.ir_per_sentence   with the small fixed dictionary bench/dict
#   annals.ir_per_sentence  with annals' own dictionaries (data/dict)
#   bench.load_ir           loading bench/dict (an empty input with bench/dict
#                           minus an empty input with an empty dictionary)
# Per-sentence counts are (run on the corpus - run on an empty input) / 10,000,
# so they leave out start-up and dictionary loading.  A metric more than 10%
# above its baseline fails and the ratio is printed.  annals.ir_per_sentence
# grows when data/dict grows; after a deliberate change, run with --update and
# commit the new baseline.  Skips (passes with a message) when valgrind is
# missing — fails instead when CI=true —, for ASan builds, and when the binary
# was built by another compiler family than the baseline.
set -u
SRC=${ANNALS_SRCDIR:-$(pwd)}
B=${ANNALS_BUILD:-build}
BIN=${ANNALS_BIN:-$SRC/$B/annals}
BASE=${PERF_BASELINE:-$SRC/tests/perf/baseline.txt}
N=10000
SEED=7
LIMIT=1.10
UPDATE=0
[ "${1:-}" = --update ] && UPDATE=1

skip() { echo "skip: $*"; echo "perf: 0 passed, 0 failed, 1 skipped"; exit 0; }
broken() { echo "perf: 0 passed, 1 failed ($*)"; exit 1; }

if ! command -v valgrind >/dev/null 2>&1; then
    [ "${CI:-}" = true ] && broken "CI=true but valgrind is not installed"
    skip "valgrind not installed (apt-get install valgrind)"
fi
[ -x "$BIN" ] || broken "$BIN not built"
if grep -q __asan_init "$BIN" 2>/dev/null; then
    skip "$BIN is an ASan build; valgrind cannot run it (the check runs in the plain build)"
fi
compiler=gcc
if command -v readelf >/dev/null 2>&1 && readelf -p .comment "$BIN" 2>/dev/null | grep -qi clang; then
    compiler=clang
fi
if [ $UPDATE -eq 0 ]; then
    [ -f "$BASE" ] || broken "$BASE is missing (create it with: sh tests/suites/perf.sh --update)"
    bcomp=$(awk '$1 == "compiler" { print $2 }' "$BASE")
    [ "$bcomp" = "$compiler" ] || skip "$BIN was built by $compiler, the baseline by $bcomp: counts are not comparable"
fi

tmp=$(mktemp -d) || broken "mktemp failed"
trap 'rm -rf "$tmp"' EXIT
cp "$BIN" "$tmp/annals" || broken "cannot copy $BIN"
BIN=$tmp/annals   # a rebuild during the check cannot swap the binary
${CC:-cc} -std=c11 -O2 -o "$tmp/gen" "$SRC/bench/gen.c" || broken "cannot compile bench/gen.c"
"$tmp/gen" -s $SEED -n $N -o "$tmp/in.jsonl" 2>/dev/null || broken "generator failed"
: >"$tmp/empty.actors"

export ANNALS_HASH_SEED=0x5eed5eed
export ANNALS_DATA_DIR="$SRC/data"

# ir NAME INPUT [annals code options...]: runs callgrind, prints the total
# instruction count; the events go to $tmp/NAME.out.
ir() {
    name=$1; input=$2; shift 2
    valgrind --tool=callgrind --callgrind-out-file="$tmp/$name.cg" "$BIN" code -q "$@" - \
        <"$input" >"$tmp/$name.out" 2>"$tmp/$name.log" || {
        echo "  $name: annals under valgrind failed:" >&2; tail -n 5 "$tmp/$name.log" >&2; return 1; }
    sed -n 's/^totals: *\([0-9]*\).*/\1/p' "$tmp/$name.cg" | head -n 1
}

t0=$(date +%s)
# The two long runs in parallel (callgrind is single-threaded).
ir bench_full "$tmp/in.jsonl" --dict "$SRC/bench/dict" >"$tmp/bench_full.ir" &
p1=$!
ir annals_full "$tmp/in.jsonl" >"$tmp/annals_full.ir" &
p2=$!
e_start=$(ir start /dev/null --dict "$tmp/empty.actors") || broken "start-up run failed"
e_bench=$(ir bench_empty /dev/null --dict "$SRC/bench/dict") || broken "bench/dict load run failed"
e_annals=$(ir annals_empty /dev/null) || broken "data/dict load run failed"
wait $p1 || broken "run with bench/dict failed"
wait $p2 || broken "run with data/dict failed"
f_bench=$(cat "$tmp/bench_full.ir"); f_annals=$(cat "$tmp/annals_full.ir")
for v in "$e_start" "$e_bench" "$e_annals" "$f_bench" "$f_annals"; do
    case $v in ''|*[!0-9]*) broken "could not read callgrind totals" ;; esac
done
ev_bench=$(wc -l <"$tmp/bench_full.out" | tr -d ' ')
ev_annals=$(wc -l <"$tmp/annals_full.out" | tr -d ' ')
secs=$(($(date +%s) - t0))

bench_ips=$(awk "BEGIN { printf \"%.0f\", ($f_bench - $e_bench) / $N }")
annals_ips=$(awk "BEGIN { printf \"%.0f\", ($f_annals - $e_annals) / $N }")
bench_load=$((e_bench - e_start))
annals_load=$((e_annals - e_start))
echo "perf: $N sentences (seed $SEED), callgrind, $secs s; events: $ev_bench with bench/dict, $ev_annals with data/dict"
echo "  info: start-up $e_start instructions; data/dict load $annals_load instructions (not checked: grows with the dictionaries)"

if [ $UPDATE -eq 1 ]; then
    vg=$(valgrind --version 2>/dev/null)
    cc_ver=$(readelf -p .comment "$BIN" 2>/dev/null | sed -n 's/.*\] *//p' | head -n 1)
    rev=$(cd "$SRC" && git rev-parse --short HEAD 2>/dev/null || echo unknown)
    {
        echo "# Instruction-count baseline for tests/suites/perf.sh (valgrind --tool=callgrind,"
        echo "# the default -O2 build, one thread, 10,000 generated sentences, seed $SEED)."
        echo "# Regenerate after a deliberate change: sh tests/suites/perf.sh --update"
        echo "# measured $(date -u +%Y-%m-%d) on commit $rev (plus working tree), $vg, $cc_ver"
        echo "compiler $compiler"
        echo "bench.ir_per_sentence $bench_ips"
        echo "annals.ir_per_sentence $annals_ips"
        echo "bench.load_ir $bench_load"
    } >"$BASE" || broken "cannot write $BASE"
    cat "$BASE"
    echo "perf: 1 passed, 0 failed"
    exit 0
fi

pass=0; fail=0
check() { # metric value
    want=$(awk -v m="$1" '$1 == m { print $2 }' "$BASE")
    case $want in ''|*[!0-9]*) echo "  FAIL $1: no baseline value in $BASE"; fail=$((fail + 1)); return ;; esac
    ratio=$(awk "BEGIN { printf \"%.3f\", $2 / $want }")
    if awk "BEGIN { exit !($2 > $want * $LIMIT) }"; then
        echo "  FAIL $1: $2 instructions, baseline $want, ratio $ratio (more than 10% slower)"
        fail=$((fail + 1))
    else
        note=""
        awk "BEGIN { exit !($2 < $want * 0.9) }" && note=" (more than 10% faster: consider sh tests/suites/perf.sh --update)"
        echo "  ok $1: $2 instructions, baseline $want, ratio $ratio$note"
        pass=$((pass + 1))
    fi
}
if [ "$ev_bench" -eq 0 ]; then
    echo "  FAIL bench/dict coded no events: the measurement is meaningless"
    fail=$((fail + 1))
fi
check bench.ir_per_sentence "$bench_ips"
check annals.ir_per_sentence "$annals_ips"
check bench.load_ir "$bench_load"
echo "perf: $pass passed, $fail failed"
[ $fail -eq 0 ]
