#!/usr/bin/env bash
# Sets up, builds, and runs rasp-run on the example program, then evaluates
# its `reverse` s-op on two inputs.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
"$root/build/bin/rasp-run" "$root/examples/reverse.rasp"
printf 'hello\n[1, 2, 3]\n' |
  "$root/build/bin/rasp-run" "$root/examples/reverse.rasp" --sop reverse --inputs -
