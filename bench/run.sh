#!/bin/sh
# make bench — the benchmark.  Usage: sh bench/run.sh [BUILD_DIR]   (from the tree root)
#
# Generates a seeded corpus (bench/gen.c; BENCH_SENTENCES sentences, default
# 1,000,000, in stories of 1-8 sentences) and codes it with three dictionary
# sets:
#   annals   annals' own dictionaries (data/dict, the default)
#   phoenix  Phoenix actors/agents + CAMEO 2.0 verbs   (../shared, --lenient)
#   tabari   CountryInfo + PSU agents + CAMEO.091003    (../shared, --lenient)
# For each: dictionary load time (annals code on an empty input, best and
# median of BENCH_LOAD_RUNS), sentences/s with one thread and with -j
# BENCH_JOBS (default 2), the speed-up, whether both outputs are identical
# (cmp), CPU time, and peak RSS (bench/runstat.c, from wait4's rusage).
# Prints a table and writes $B/bench.json.  Exit status: 0, or 1 when a run
# failed or the -j output differs from the one-thread output.
#
# Environment: BENCH_SENTENCES, BENCH_SEED (default 20240607), BENCH_JOBS,
# BENCH_LOAD_RUNS (default 5), BENCH_REPEAT (default 2: pairs of one-thread
# and -j runs, the fastest of each kept), BENCH_SETS (default "annals phoenix tabari"),
# ANNALS_SHARED (default ../shared), CC (default cc), BENCH_TMP (where the
# outputs of the runs go before cmp; default /dev/shm, else $B/bench).
set -u
B=${1:-build}
A=${ANNALS_BIN:-$B/annals}
N=${BENCH_SENTENCES:-1000000}
SEED=${BENCH_SEED:-20240607}
JOBS=${BENCH_JOBS:-2}
LOADRUNS=${BENCH_LOAD_RUNS:-5}
REPEAT=${BENCH_REPEAT:-2}
SETS=${BENCH_SETS:-annals phoenix tabari}
SH=${ANNALS_SHARED:-../shared}
CC=${CC:-cc}
W=$B/bench
JSON=$B/bench.json
export ANNALS_DATA_DIR="${ANNALS_DATA_DIR:-$(pwd)/data}"

die() { echo "bench: $*" >&2; exit 1; }
[ -x "$A" ] || die "$A not built (run make first)"
case $N in ''|*[!0-9]*) die "BENCH_SENTENCES must be a number, got '$N'" ;; esac
[ "$N" -gt 0 ] || die "BENCH_SENTENCES must be at least 1"
. bench/lib.sh

# The outputs (hundreds of MB at 1M sentences) go to a RAM disk when there is
# one, so that disk write-back does not stall the runs.
O=""
if [ -z "${BENCH_TMP:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    O=$(mktemp -d /dev/shm/annals-bench.XXXXXX 2>/dev/null) || O=""
elif [ -n "${BENCH_TMP:-}" ]; then
    O=$(mktemp -d "$BENCH_TMP/annals-bench.XXXXXX") || die "cannot create a directory in $BENCH_TMP"
fi
if [ -n "$O" ]; then trap 'rm -rf "$O"' EXIT; else O=$W; fi

loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "? ? ?"; }

LOAD0=$(loadavg)
echo "bench: $(nproc 2>/dev/null || echo ?) CPUs, load average $LOAD0; each set: $REPEAT one-thread and -j runs, the fastest of each kept"
CORPUS=$W/corpus-$SEED-$N.jsonl
if [ ! -s "$CORPUS" ] || [ -n "$(find "$W/gen" -newer "$CORPUS")" ]; then
    rm -f "$W"/corpus-*.jsonl
    "$W/gen" -s "$SEED" -n "$N" -o "$CORPUS" 2>"$W/gen.log" || { cat "$W/gen.log"; die "generator failed"; }
fi
[ -s "$W/gen.log" ] || "$W/gen" -s "$SEED" -n "$N" -o /dev/null 2>"$W/gen.log"
GENINFO=$(cat "$W/gen.log")
BYTES=$(wc -c <"$CORPUS" | tr -d ' ')
WPS=$(sed -n 's/.* \([0-9.]*\) words\/sentence.*/\1/p' "$W/gen.log")
STORIES=$(sed -n 's/.*: \([0-9]*\) stories.*/\1/p' "$W/gen.log")
echo "bench: corpus $CORPUS: $GENINFO; $BYTES bytes"

P=$SH/reference/dictionaries/petrarch2
T=$SH/reference/dictionaries/tabari
dict_args() {
    case $1 in
    annals) echo "" ;;
    phoenix) echo "--lenient --dict $P/Phoenix.Countries.actors.txt --dict $P/Phoenix.International.actors.txt --dict $P/Phoenix.MilNonState.actors.txt --dict $P/Phoenix.agents.txt --dict $P/CAMEO.2.0.txt" ;;
    tabari) echo "--lenient --dict $T/CountryInfo.120116.actors --dict $T/PSU.120522.agents --dict $T/CAMEO.091003.master.verbs" ;;
    esac
}
need_files() {
    case $1 in
    annals) return 0 ;;
    phoenix) [ -f "$P/CAMEO.2.0.txt" ] && [ -f "$P/Phoenix.Countries.actors.txt" ] ;;
    tabari) [ -f "$T/CAMEO.091003.master.verbs" ] && [ -f "$T/CountryInfo.120116.actors" ] ;;
    esac
}

STATUS=0
RESULTS=""
printf '%-8s %9s %9s %11s %11s %11s %7s %9s %7s %8s\n' set load_s load_med sent/s_j1 "sent/s_j$JOBS" \
    sent/cpu_s speedup events rss_MB same
for set in $SETS; do
    case $set in annals|phoenix|tabari) ;; *) die "unknown set '$set' in BENCH_SETS" ;; esac
    if ! need_files "$set"; then
        echo "$set: skipped: $SH is not present (the $set dictionaries live in ../shared)"
        RESULTS="$RESULTS${RESULTS:+,}
    \"$set\": {\"skipped\": \"$SH not present\"}"
        continue
    fi
    # shellcheck disable=SC2046
    set -- $(dict_args "$set")
    # Dictionary load: annals code on an empty input, LOADRUNS times.
    i=0; : >"$W/load.times"; LRSS=0
    while [ $i -lt "$LOADRUNS" ]; do
        "$W/runstat" -i /dev/null -o /dev/null "$W/stat" "$A" code -q "$@" -
        rc=$?
        [ $rc -eq 0 ] || { echo "$set: annals code on an empty input failed (exit $rc)"; STATUS=1; continue 2; }
        field wall_s "$W/stat" >>"$W/load.times"
        r=$(field maxrss_kb "$W/stat"); [ "$r" -gt "$LRSS" ] && LRSS=$r
        i=$((i + 1))
    done
    LMIN=$(sort -g "$W/load.times" | head -n 1)
    LMED=$(sort -g "$W/load.times" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }')
    # One thread, then -j JOBS; REPEAT pairs, keeping the fastest run of each.
    rep=0; SAME=true; W1=""; WN=""
    while [ $rep -lt "$REPEAT" ]; do
        rep=$((rep + 1))
        "$W/runstat" -o "$O/out.j1" "$W/stat.r1" "$A" code -q "$@" "$CORPUS"
        rc1=$?
        "$W/runstat" -o "$O/out.jn" "$W/stat.rn" "$A" code -q -j "$JOBS" "$@" "$CORPUS"
        rcn=$?
        if [ $rc1 -ne 0 ] || [ $rcn -ne 0 ]; then
            echo "$set: annals code failed (exit $rc1 with one thread, $rcn with -j $JOBS)"; STATUS=1; continue 2
        fi
        cmp -s "$O/out.j1" "$O/out.jn" || { SAME=false; STATUS=1; }
        w=$(field wall_s "$W/stat.r1")
        if [ -z "$W1" ] || awk "BEGIN { exit !($w < $W1) }"; then W1=$w; cp "$W/stat.r1" "$W/stat.j1"; fi
        w=$(field wall_s "$W/stat.rn")
        if [ -z "$WN" ] || awk "BEGIN { exit !($w < $WN) }"; then WN=$w; cp "$W/stat.rn" "$W/stat.jn"; fi
    done
    EV=$(wc -l <"$O/out.j1" | tr -d ' ')
    OUTB=$(wc -c <"$O/out.j1" | tr -d ' ')
    rm -f "$O/out.j1" "$O/out.jn"
    C1=$(calc %.6f "$(field user_s "$W/stat.j1") + $(field sys_s "$W/stat.j1")")
    CN=$(calc %.6f "$(field user_s "$W/stat.jn") + $(field sys_s "$W/stat.jn")")
    R1=$(field maxrss_kb "$W/stat.j1"); RN=$(field maxrss_kb "$W/stat.jn")
    RSS=$R1; [ "$RN" -gt "$RSS" ] && RSS=$RN; [ "$LRSS" -gt "$RSS" ] && RSS=$LRSS
    S1=$(calc %.0f "$N / $W1"); SN=$(calc %.0f "$N / $WN")
    SC1=$(calc %.0f "($W1 > $LMIN) ? $N / ($W1 - $LMIN) : 0")
    SCN=$(calc %.0f "($WN > $LMIN) ? $N / ($WN - $LMIN) : 0")
    SCPU=$(calc %.0f "$N / $C1")
    SPD=$(calc %.3f "$W1 / $WN")
    CORES=$(calc %.2f "$CN / $WN")
    SPDC=$(calc %.3f "($WN > $LMIN) ? ($W1 - $LMIN) / ($WN - $LMIN) : 0")
    printf '%-8s %9.3f %9.3f %11s %11s %11s %7s %9s %7s %8s\n' "$set" "$LMIN" "$LMED" "$S1" "$SN" \
        "$SCPU" "${SPD}x" "$EV" "$(calc %.1f "$RSS / 1024")" "$SAME"
    [ "$SAME" = true ] || echo "$set: the -j $JOBS output differs from the one-thread output"
    echo "         -j $JOBS used $CORES cores on average (CPU time / wall time); CPU time j$JOBS/j1 = $(calc %.3f "$CN / $C1")"
    RESULTS="$RESULTS${RESULTS:+,}
    \"$set\": {\"dict_args\": \"$*\",
      \"load_s_min\": $LMIN, \"load_s_median\": $LMED, \"load_runs\": $LOADRUNS,
      \"j1\": {\"wall_s\": $W1, \"cpu_s\": $C1, \"sentences_per_s\": $S1, \"sentences_per_s_after_load\": $SC1, \"sentences_per_cpu_s\": $SCPU, \"maxrss_kb\": $R1},
      \"j$JOBS\": {\"wall_s\": $WN, \"cpu_s\": $CN, \"sentences_per_s\": $SN, \"sentences_per_s_after_load\": $SCN, \"maxrss_kb\": $RN},
      \"speedup\": $SPD, \"speedup_after_load\": $SPDC, \"cores_used_j$JOBS\": $CORES, \"repeat\": $REPEAT,
      \"output_identical\": $SAME, \"events\": $EV, \"output_bytes\": $OUTB,
      \"peak_rss_kb\": $RSS, \"load_peak_rss_kb\": $LRSS}"
done
LOAD1=$(loadavg)
echo "bench: load average at the end $LOAD1"
echo "bench: targets: >= 150000 sentences/s on one thread (phoenix or tabari), load <= 0.3 s,"
echo "       peak RSS <= 300 MB, -j 2 >= 1.8x -j 1, identical output (see docs/performance.md)"

ver=$("$A" --version 2>/dev/null | head -n 1)
rev=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
cpu=$(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo 2>/dev/null | head -n 1)
{
    echo "{"
    echo "  \"annals\": \"$ver\", \"commit\": \"$rev\", \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
    echo "  \"cpu\": \"$cpu\", \"cpus\": $(nproc 2>/dev/null || echo 0),"
    echo "  \"loadavg_start\": \"$LOAD0\", \"loadavg_end\": \"$LOAD1\","
    echo "  \"corpus\": {\"seed\": $SEED, \"sentences\": $N, \"stories\": ${STORIES:-0}, \"words_per_sentence\": ${WPS:-0}, \"bytes\": $BYTES},"
    echo "  \"jobs\": $JOBS,"
    echo "  \"sets\": {$RESULTS"
    echo "  }"
    echo "}"
} >"$JSON" || die "cannot write $JSON"
echo "bench: wrote $JSON"
exit $STATUS
