#!/usr/bin/env bash
# bench/learn.sh - training throughput of rasp-learn (issue 4): seconds per
# epoch and training examples per second for dyck1 (the configuration of
# the paper's scripts/dyck.sh: 3 layers, 4 categorical + 4 numerical heads,
# 2 + 2 MLPs) and sort (the reference README configuration: 10,000 strings,
# 2 layers, 4 categorical heads, 1 categorical MLP). Never run as a test.
#
#   bench/learn.sh [BUILD_DIR] [EPOCHS] [THREADS]     (defaults: build 3 2)
#
# Reports the mean over the epochs after the first (wall clock and process
# CPU time, both including the per-epoch validation of the discretized
# program; on a shared machine the CPU figure is the stable one). The
# reference PyTorch code measured on this machine (../shared/spec/
# tp-baseline.md): 19.1 s/epoch dyck1 (paper config with numerical heads),
# 1.9 s/epoch sort README config.
set -euo pipefail
BUILD=${1:-build}
EPOCHS=${2:-3}
THREADS=${3:-2}
LEARN=$BUILD/bin/rasp-learn
[ -x "$LEARN" ] || { echo "no $LEARN (build with RASP_ENABLE_LEARN=ON)" >&2; exit 1; }
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

run() { # name, flags...
  local name=$1; shift
  local train
  train=$("$LEARN" "$@" --print-data 0 | sed -n 's/.*train \([0-9]*\),.*/\1/p')
  local status=0
  "$LEARN" "$@" --epochs "$EPOCHS" --threads "$THREADS" --seed 0 \
    >"$TMP/$name.out" 2>"$TMP/$name.err" || status=$?
  awk -v name="$name" -v n="$train" '
    /^epoch / {
      for (i = 1; i <= NF; ++i) {
        if ($i ~ /s\/epoch$/) { w = $i; sub(/s\/epoch/, "", w) }
        if ($i ~ /s\)$/) { c = $i; sub(/s\)/, "", c) }
      }
      ++e; all_w[e] = w; all_c[e] = c
    }
    END {
      first = e > 1 ? 2 : 1; sw = sc = 0
      for (i = first; i <= e; ++i) { sw += all_w[i]; sc += all_c[i] }
      k = e - first + 1; sw /= k; sc /= k
      printf "%-6s train %6d  %7.2f s/epoch wall  %7.2f s/epoch cpu  %9.0f examples/s wall  %9.0f examples/s cpu\n",
             name, n, sw, sc, n / sw, n / sc
    }' "$TMP/$name.err"
  tail -n 4 "$TMP/$name.out" | sed "s/^/  $name: /"
  if [ "$status" -ne 0 ]; then
    echo "  $name: rasp-learn exited with $status after training:"
    tail -n 1 "$TMP/$name.err" | sed "s/^/  $name: /"
  fi
}

echo "rasp-learn throughput, $EPOCHS epochs, --threads $THREADS, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
run sort --task sort --dataset-size 10000 --layers 2 --heads 4 --num-heads 0 --mlps 1 --num-mlps 0
run dyck1 --task dyck1 --layers 3 --heads 4 --num-heads 4 --mlps 2 --num-mlps 2
