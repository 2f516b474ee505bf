#!/usr/bin/env bash
# Compiler benchmarks: compile time per program and forward-pass throughput
# (inputs/s, achieved GFLOP/s against model::countForwardFlops) at
# max-seq-len 16, 64 and 256. Prints a Markdown table (docs/Benchmarks.md).
#
#   bench/compiler.sh [BUILD_DIR] [SECONDS_PER_RUN]
#
# Needs rasp-bench (tools/rasp-bench, built with the other tools). Not a
# test: numbers depend on the machine. Inputs are random, full length.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
secs=${2:-2}
bench=$build/bin/rasp-bench
T=$root/test/Compile
# file sop vocab
programs=(
  "frac-prevs.rasp frac a,b,c,x"
  "count-shift-length.rasp n a,b,c,d"
  "count-shift-length.rasp count_a a,b,c"
  "count-shift-length.rasp shifted a,b,c,d"
  "hist.rasp hist a,b,c,d"
  "reverse.rasp reverse a,b,c,d"
  "sort.rasp sort_unique 1,2,3,4"
  "sort.rasp sorted 1,2,3,4"
  "nary-or-count.rasp sorted a,b,c"
  "nary-or-count.rasp cnt a,b,c"
  "dyck.rasp balance a,b,c,(,)"
  "dyck.rasp dyck (,),a,b"
  "tracr-lib.rasp dyck2 (,),{,}"
)
echo "| program | N | layers | d_model | params | eval+compile ms | compile ms | FLOP/input | inputs/s | GFLOP/s |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for n in 16 64 256; do
  case $n in 16) batch=64 ;; 64) batch=16 ;; *) batch=2 ;; esac
  for p in "${programs[@]}"; do
    read -r file sop vocab <<<"$p"
    if line=$("$bench" "$T/$file" "$sop" "$vocab" "$n" "$secs" "$batch" 2>/dev/null); then
      IFS=$'\t' read -r s nn layers d params total ms flops ips gf <<<"$line"
      echo "| $file:$sop | $nn | $layers | $d | $params | $total | $ms | $flops | $ips | $gf |"
    else
      echo "| $file:$sop | $n | - | - | - | (does not compile) | | | | |"
    fi
  done
done
