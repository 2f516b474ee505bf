#!/usr/bin/env bash
# Builds the tree with AddressSanitizer + UndefinedBehaviorSanitizer
# (-DRASP_SANITIZE=ON) into build-asan/ (or $1) and runs every test there.
# Any sanitizer report aborts the process, so the test that caused it fails.
# Further arguments go to the first cmake configure, e.g.
#   scripts/test-sanitize.sh /tmp/bs -DCMAKE_CXX_COMPILER_LAUNCHER=ccache
# JOBS sets the build's parallelism (default: nproc).
# See docs/Reliability.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-"$root/build-asan"}
[ $# -gt 0 ] && shift
jobs=${JOBS:-$(nproc)}
"$root/scripts/install-deps.sh"
if [ ! -f "$dir/build.ninja" ]; then
  cmake -S "$root" -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DRASP_SANITIZE=ON "$@"
fi
cmake --build "$dir" -j "$jobs"
# test/lit.cfg.py and unittests/lit.cfg.py make sanitizer reports abort
# (ASAN_OPTIONS/UBSAN_OPTIONS, unless already set in the environment).
cmake --build "$dir" -j "$jobs" --target check
