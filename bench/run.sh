#!/usr/bin/env bash
# Interpreter throughput: inputs per second for each benchmark program at
# several lengths, one input and a batch, via `rasp-run --sop --inputs`.
# Usage: bench/run.sh [path/to/rasp-run] [runs]
# Prints a table; take the median of several runs (the machine is noisy).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/bin/rasp-run}
runs=${2:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

gen() { # name length count -> file of inputs
  python3 - "$1" "$2" "$3" <<'PY'
import random, sys
name, n, count = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
rng = random.Random(n * 1000 + count)
for _ in range(count):
    if name == "dyck1":
        print("".join(rng.choice("()") for _ in range(n)))
    else:
        print("".join(rng.choice("abcdefgh") for _ in range(n)))
PY
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

printf "%-10s %6s %7s %12s %12s\n" program length batch "seconds" "inputs/s"
for prog in reverse hist sort most_freq dyck1; do
  sop=$prog; [ $prog = sort ] && sop=sorted
  for n in 16 64 256 1024; do
    for count in 1 1000; do
      [ $n = 1024 ] && [ $count = 1000 ] && count=100
      gen $prog $n $count > "$tmp/in"
      times=()
      for r in $(seq "$runs"); do
        s=$(date +%s.%N)
        "$bin" "$here/programs/$prog.rasp" --sop $sop --inputs "$tmp/in" > /dev/null
        e=$(date +%s.%N)
        times+=("$(echo "$e - $s" | bc -l)")
      done
      t=$(printf "%s\n" "${times[@]}" | median)
      printf "%-10s %6d %7d %12.4f %12.1f\n" $prog $n $count "$t" \
        "$(echo "$count / $t" | bc -l)"
    done
  done
done
