# Hash flooding: dictionary words built to collide in annals' hash index
# under one seed (found by brute force with the library's own an_hash and
# ANNALS_HASH_SEED fixed) do not slow loading down under the per-process
# random seed a normal run uses.  The same words under the seed they were
# built for must really collide (else the test proves nothing).
. tests/lib.sh
command -v cc >/dev/null 2>&1 || skip "no C compiler"
cat >"$T/gen.c" <<'GEN'
#include "util/util.h"
#include <stdio.h>
#include <stdlib.h>
/* gen N BITS MODE: N distinct upper-case words; MODE 1 = all with the same
   low BITS bits of an_hash (adversarial), 0 = any (benign); one actor each */
int main(int argc, char **argv)
{
    if (argc != 4)
        return 2;
    unsigned long n = strtoul(argv[1], NULL, 10), found = 0;
    uint64_t mask = (1ull << atoi(argv[2])) - 1;
    int adv = atoi(argv[3]);
    for (unsigned long i = 0; found < n; i++) {
        char w[16];
        int l = 0;
        unsigned long k = i;
        do { w[l++] = (char)('A' + k % 26); k /= 26; } while (k);
        w[l] = 0;
        if (adv && (an_hash(w, (size_t)l) & mask) != 0)
            continue;
        printf("%s_ [X%c%c]\n", w, 'A' + (int)(found % 26), 'A' + (int)(found / 26 % 26));
        found++;
    }
    return 0;
}
GEN
cc -std=c11 -D_GNU_SOURCE -O2 -I"$ANNALS_SRCDIR/include" -I"$ANNALS_SRCDIR/src" "$T/gen.c" \
    "$ANNALS_SRCDIR/src/util/util.c" -o "$T/gen" || fail "building the generator"
N=16000; BITS=15   # 16000 words fill an index of 2^15 slots
SEED=0x5eed1234abcd
ANNALS_HASH_SEED=$SEED "$T/gen" $N $BITS 1 >"$T/adv.actors" || fail "generator"
"$T/gen" $N $BITS 0 >"$T/benign.actors" || fail "generator"
cp "$ANNALS_SRCDIR/tests/data/mini/mini.verbs" "$T/v.verbs"
: >"$T/empty.jsonl"
ms() { date +%s%N | cut -c1-13; }
load() { # seed dictionary: sets $best, milliseconds (best of 3)
    best=
    for r in 1 2 3; do
        t0=$(ms)
        ANNALS_HASH_SEED=$1 "$A" code --dict "$2" --dict "$T/v.verbs" "$T/empty.jsonl" >/dev/null 2>"$T/err" \
            || { cat "$T/err"; fail "loading $2"; }
        t=$(( $(ms) - t0 ))
        if [ -z "$best" ] || [ "$t" -lt "$best" ]; then best=$t; fi
    done
}
load "" "$T/benign.actors"; benign=$best
load "" "$T/adv.actors"; other=$best
load 0x1234567 "$T/adv.actors"; other2=$best
load $SEED "$T/adv.actors"; known=$best
echo "benign ${benign} ms; adversarial: random seed ${other} ms, another fixed seed ${other2} ms, the seed they were built for ${known} ms"
[ "$other" -le $((benign * 3 + 20)) ] || fail "adversarial words slow down a random-seed load: $other ms vs $benign ms"
[ "$other2" -le $((benign * 3 + 20)) ] || fail "adversarial words slow down another seed: $other2 ms vs $benign ms"
[ "$known" -gt $((other * 2)) ] || fail "the words do not collide under their own seed ($known ms vs $other ms): the test proves nothing"
exit 0
