#!/usr/bin/env bash
# Side-by-side speed against the reference interpreter (tech-srl/RASP), which
# is NOT part of this repository: pass the path of a checkout of it (its
# RASP_support/ must run with `python3 -m RASP_support`, e.g. with Debian's
# python3-antlr4 and a termcolor stand-in on PYTHONPATH).
#
# Usage: bench/vs-reference.sh REF_CHECKOUT [rasp-run] [length] [count]
# Reports seconds per input for both and the ratio. The reference is timed
# on `count` applications in one session, minus its start-up (measured with
# one application).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ref=$1
bin=${2:-$here/../build/bin/rasp-run}
n=${3:-64}
count=${4:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ln -s "$ref/RASP_support" "$tmp/RASP_support"

now() { date +%s.%N; }
printf "%-10s %6s %14s %14s %10s\n" program length "ref s/input" "ours s/input" speedup
for prog in reverse hist sort most_freq dyck1; do
  sop=$prog; [ $prog = sort ] && sop=sorted
  cp "$here/programs/$prog.rasp" "$tmp/"
  python3 - "$prog" "$n" "$count" "$tmp" "$sop" <<'PY'
import random, sys
prog, n, count, tmp, sop = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
rng = random.Random(n)
alpha = "()" if prog == "dyck1" else "abcdefgh"
inputs = ["".join(rng.choice(alpha) for _ in range(n)) for _ in range(max(count, 1000))][:1000]
with open(f"{tmp}/inputs.txt", "w") as f:
    f.write("\n".join(inputs) + "\n")
for name, k in (("one", 1), ("many", count)):
    with open(f"{tmp}/{name}.txt", "w") as f:
        f.write(f'load "{prog}";\n')
        for s in inputs[:k]:
            f.write(f'{sop}("{s}");\n')
PY
  (cd "$tmp" && s=$(now) && python3 -m RASP_support < one.txt > /dev/null && e=$(now) && echo "$e - $s" | bc -l) > "$tmp/t1"
  (cd "$tmp" && s=$(now) && python3 -m RASP_support < many.txt > /dev/null && e=$(now) && echo "$e - $s" | bc -l) > "$tmp/tn"
  refper=$(echo "($(cat "$tmp/tn") - $(cat "$tmp/t1")) / ($count - 1)" | bc -l)
  # Ours: the best of 3 runs over 5000 inputs, minus the best start-up.
  for k in 1 2 3 4 5; do cat "$tmp/inputs.txt"; done > "$tmp/inputs5.txt"
  best=""; best0=""
  for r in 1 2 3; do
    s=$(now); "$bin" "$tmp/$prog.rasp" --sop $sop --inputs "$tmp/inputs5.txt" > /dev/null; e=$(now)
    s0=$(now); "$bin" "$tmp/$prog.rasp" --sop $sop --input ab > /dev/null; e0=$(now)
    t=$(echo "$e - $s" | bc -l); t0=$(echo "$e0 - $s0" | bc -l)
    if [ -z "$best" ] || [ "$(echo "$t < $best" | bc -l)" = 1 ]; then best=$t; fi
    if [ -z "$best0" ] || [ "$(echo "$t0 < $best0" | bc -l)" = 1 ]; then best0=$t0; fi
  done
  ours=$(echo "($best - $best0) / 5000" | bc -l)
  printf "%-10s %6d %14.6f %14.8f %10.0f\n" $prog $n "$refper" "$ours" \
    "$(echo "$refper / $ours" | bc -l)"
done
