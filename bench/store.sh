#!/bin/sh
# make bench-store — what storing costs.  Usage: sh bench/store.sh [BUILD_DIR]
#
# Generates a seeded corpus of about BENCH_STORIES stories (bench/gen.c,
# default 100,000 stories: 450,000 sentences in stories of 1-8 sentences) and
# codes it with annals' own dictionaries three ways: to JSON Lines on stdout,
# into a new SQLite store (--db), and, with BENCH_PG_URI set, into PostgreSQL.
# Each run BENCH_REPEAT times (default 3), the fastest kept; a fresh store
# each time.  Prints wall and CPU seconds and the ratio of each store to JSON
# Lines, checks that the store holds every story and as many events as the
# JSON Lines output has lines, and writes $B/bench-store.json.
# The target (issue 6): storing into SQLite costs at most 25% over JSON Lines.
#
# Environment: BENCH_STORIES, BENCH_SEED (default 20240607), BENCH_REPEAT,
# BENCH_JOBS (default 1: -j for every run), BENCH_PG_URI, BENCH_TMP (where the
# outputs go; default /dev/shm, else $B/bench).
set -u
B=${1:-build}
A=${ANNALS_BIN:-$B/annals}
STORIES=${BENCH_STORIES:-100000}
SEED=${BENCH_SEED:-20240607}
REPEAT=${BENCH_REPEAT:-3}
JOBS=${BENCH_JOBS:-1}
W=$B/bench
JSON=$B/bench-store.json
CC=${CC:-cc}
export ANNALS_DATA_DIR="${ANNALS_DATA_DIR:-$(pwd)/data}"

die() { echo "bench-store: $*" >&2; exit 1; }
[ -x "$A" ] || die "$A not built (run make first)"
case $STORIES in ''|*[!0-9]*) die "BENCH_STORIES must be a number, got '$STORIES'" ;; esac
case $REPEAT in ''|*[!0-9]*|0) die "BENCH_REPEAT must be a number >= 1, got '$REPEAT'" ;; esac
command -v sqlite3 >/dev/null 2>&1 || die "the sqlite3 shell is needed to check the store (apt-get install sqlite3)"
. bench/lib.sh
if [ -z "${BENCH_TMP:-}" ] && [ -d /dev/shm ] && [ -w /dev/shm ]; then
    O=$(mktemp -d /dev/shm/annals-bench-store.XXXXXX) || die "mktemp failed"
else
    O=$(mktemp -d "${BENCH_TMP:-$W}/annals-bench-store.XXXXXX") || die "mktemp failed"
fi
trap 'rm -rf "$O"' EXIT


# gen counts sentences; stories average 4.5 sentences
N=$((STORIES * 9 / 2))
CORPUS=$W/store-corpus-$SEED-$N.jsonl
if [ ! -s "$CORPUS" ] || [ -n "$(find "$W/gen" -newer "$CORPUS")" ]; then
    rm -f "$W"/store-corpus-*.jsonl
    "$W/gen" -s "$SEED" -n "$N" -o "$CORPUS" 2>"$W/store-gen.log" ||
        { cat "$W/store-gen.log"; die "generator failed"; }
fi
[ -s "$W/store-gen.log" ] || "$W/gen" -s "$SEED" -n "$N" -o /dev/null 2>"$W/store-gen.log"
NSTORIES=$(sed -n 's/.*: \([0-9]*\) stories.*/\1/p' "$W/store-gen.log")
echo "bench-store: $(nproc 2>/dev/null || echo ?) CPUs, load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "bench-store: corpus $CORPUS: $(cat "$W/store-gen.log")"

# run NAME ARGS...: the fastest of REPEAT runs into $O/NAME.best
run() {
    name=$1; shift
    best=""
    r=0
    while [ $r -lt "$REPEAT" ]; do
        r=$((r + 1))
        rm -f "$O/x.db" "$O/x.db-wal" "$O/x.db-shm"
        [ "$name" = postgresql ] && { reset_pg || return 1; }
        "$W/runstat" -o "$O/$name.out" "$O/$name.stat" "$@" || {
            echo "bench-store: $name: annals code failed"; return 1; }
        w=$(field wall_s "$O/$name.stat")
        if [ -z "$best" ] || awk "BEGIN { exit !($w < $best) }"; then
            best=$w; cp "$O/$name.stat" "$O/$name.best"
        fi
    done
}
reset_pg() {
    psql -q -X "$BENCH_PG_URI" -c "DROP TABLE IF EXISTS events, sentences, stories, cameo_codes, annals_meta CASCADE" \
        >/dev/null 2>&1 || { echo "bench-store: cannot reset $BENCH_PG_URI"; return 1; }
}

STATUS=0
run jsonl "$A" code -q -j "$JOBS" "$CORPUS" || exit 1
EV=$(wc -l <"$O/jsonl.out" | tr -d ' ')
run sqlite "$A" code -q -j "$JOBS" --db "$O/x.db" "$CORPUS" || exit 1
got=$(sqlite3 "$O/x.db" "SELECT count(*) FROM stories; SELECT count(*) FROM events" | tr '\n' ' ')
[ "$got" = "$NSTORIES $EV " ] || { echo "bench-store: the SQLite store holds '$got' stories and events, expected $NSTORIES $EV"; STATUS=1; }
DBB=$(wc -c <"$O/x.db" | tr -d ' ')
SETS="jsonl sqlite"
if [ -n "${BENCH_PG_URI:-}" ]; then
    if command -v psql >/dev/null 2>&1; then
        run postgresql "$A" code -q -j "$JOBS" --db "$BENCH_PG_URI" "$CORPUS" || exit 1
        SETS="$SETS postgresql"
    else
        echo "bench-store: BENCH_PG_URI is set but psql is missing; PostgreSQL skipped"
    fi
fi

JW=$(field wall_s "$O/jsonl.best")
JC=$(calc %.3f "$(field user_s "$O/jsonl.best") + $(field sys_s "$O/jsonl.best")")
printf '%-11s %8s %8s %11s %10s %9s %8s\n' output wall_s cpu_s stories/s wall_ratio cpu_ratio rss_MB
RES=""
for s in $SETS; do
    w=$(field wall_s "$O/$s.best")
    c=$(calc %.3f "$(field user_s "$O/$s.best") + $(field sys_s "$O/$s.best")")
    rss=$(field maxrss_kb "$O/$s.best")
    printf '%-11s %8.3f %8.3f %11.0f %9.3fx %8.3fx %8.1f\n' "$s" "$w" "$c" "$(calc %.0f "$NSTORIES / $w")" \
        "$(calc %.3f "$w / $JW")" "$(calc %.3f "$c / $JC")" "$(calc %.1f "$rss / 1024")"
    RES="$RES${RES:+,}
    \"$s\": {\"wall_s\": $w, \"cpu_s\": $c, \"wall_ratio\": $(calc %.4f "$w / $JW"), \"cpu_ratio\": $(calc %.4f "$c / $JC"), \"maxrss_kb\": $rss}"
done
echo "bench-store: $NSTORIES stories, $EV events; SQLite file $(calc %.1f "$DBB / 1048576") MB; fastest of $REPEAT runs, -j $JOBS"
echo "bench-store: target: SQLite wall time <= 1.25x JSON Lines; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
{
    echo "{"
    echo "  \"commit\": \"$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\", \"date\": \"$(date -u +%Y-%m-%dT%H:%M:%SZ)\","
    echo "  \"cpus\": $(nproc 2>/dev/null || echo 0), \"jobs\": $JOBS, \"repeat\": $REPEAT,"
    echo "  \"corpus\": {\"seed\": $SEED, \"stories\": $NSTORIES, \"sentences\": $N, \"events\": $EV},"
    echo "  \"sqlite_bytes\": $DBB,"
    echo "  \"runs\": {$RES"
    echo "  }"
    echo "}"
} >"$JSON" || die "cannot write $JSON"
echo "bench-store: wrote $JSON"
exit $STATUS
