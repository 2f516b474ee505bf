#!/usr/bin/env bash
# Runs every libFuzzer target for TIME seconds each, one after the other, and
# reports executions, coverage and findings (docs/Reliability.md).
#
# Usage: fuzz/run.sh [TIME] [TARGET...]     (TIME default 60; targets: parse
#        session interp model learn, default all)
# Env:   FUZZ_BUILD  build directory (default build-fuzz/; configured with
#                    clang-14 and -DRASP_FUZZ=ON if it has no build.ninja)
#        FUZZ_JOBS   parallel fuzzing processes per target (default 1; keep
#                    it at 1 or 2 on a shared 2-core machine)
#        JOBS        build parallelism (default nproc)
#
# Seeds come from fuzz/corpus/<target>/ (kept in the repository, regenerated
# by fuzz/make-seeds.py) and are never written to; inputs the fuzzer finds
# go to $FUZZ_BUILD/fuzz-corpus/<target>/ and findings (crash-*, leak-*,
# timeout-*, oom-*) to $FUZZ_BUILD/fuzz-findings/<target>/. Reproduce a
# finding with: $FUZZ_BUILD/bin/rasp-fuzz-<target> <file>.
# The fuzzer keeps going after a finding (libFuzzer's fork mode), so one run
# reports every kind of problem it meets. Exit status 1 if anything was found.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
time=${1:-60}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(parse session interp model learn)
build=$(realpath -m "${FUZZ_BUILD:-$root/build-fuzz}")
jobs=${FUZZ_JOBS:-1}

if ! command -v clang++-14 >/dev/null || ! compgen -G \
    "/usr/lib/llvm-14/lib/clang/*/lib/linux/libclang_rt.fuzzer-x86_64.a" >/dev/null; then
  "$root/scripts/install-deps.sh" --fuzz
fi
if [ ! -f "$build/build.ninja" ]; then
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache
      -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  CC=clang-14 CXX=clang++-14 cmake -S "$root" -B "$build" -G Ninja \
    -DCMAKE_BUILD_TYPE=Release -DRASP_FUZZ=ON "${launcher[@]}"
fi
cmake --build "$build" -j "${JOBS:-$(nproc)}" --target fuzzers

# Per-input limits: a hang is an input running > 10 s, a memory blow-up one
# using > 2 GB (libFuzzer reports them as timeout-* / oom-*).
common=(-fork="$jobs" -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1
  -max_total_time="$time" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1
  -print_funcs=0)
declare -A extra=(
  [parse]="-dict=$root/fuzz/rasp.dict -max_len=4096"
  [session]="-dict=$root/fuzz/rasp.dict -max_len=4096"
  [interp]="-max_len=512"
  [model]="-max_len=16384"
  [learn]="-dict=$root/fuzz/rasp.dict -max_len=4096"
)

# Leaks in third-party code, each explained in the file.
export LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$root/cmake/lsan.supp}

status=0
printf '%-8s %10s %8s %8s %8s %6s %s\n' target execs exec/s cov ft corpus findings
for t in "${targets[@]}"; do
  bin=$build/bin/rasp-fuzz-$t
  corpus=$build/fuzz-corpus/$t
  findings=$build/fuzz-findings/$t
  log=$build/fuzz-logs/$t.log
  mkdir -p "$corpus" "$findings" "$(dirname "$log")"
  asan=${ASAN_OPTIONS:-}
  # shellcheck disable=SC2086
  # An empty working directory: the session target's `load` reads from it.
  rm -rf "$build/fuzz-cwd" && mkdir -p "$build/fuzz-cwd"
  (cd "$build/fuzz-cwd" && ASAN_OPTIONS=$asan "$bin" "${common[@]}" ${extra[$t]} \
    -artifact_prefix="$findings/" "$corpus" "$root/fuzz/corpus/$t") \
    >"$log" 2>&1 || true
  last=$(grep -E '^#[0-9]+: cov:' "$log" | tail -1 || true)
  execs=$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")
  cov=$(sed -E 's/.* cov: ([0-9]+).*/\1/' <<<"$last")
  ft=$(sed -E 's/.* ft: ([0-9]+).*/\1/' <<<"$last")
  corp=$(sed -E 's/.* corp: ([0-9]+).*/\1/' <<<"$last")
  rate=$(( ${execs:-0} / (time > 0 ? time : 1) ))
  found=$(find "$findings" -type f | wc -l)
  printf '%-8s %10s %8s %8s %8s %6s %s\n' "$t" "${execs:-?}" "$rate" "${cov:-?}" "${ft:-?}" \
    "${corp:-?}" "$found"
  if [ "$found" -ne 0 ]; then
    status=1
    find "$findings" -type f -printf '         %p\n' | sort
  fi
done
exit $status
