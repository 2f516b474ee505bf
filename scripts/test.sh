#!/usr/bin/env bash
# Sets up, builds, and runs every test: the lit regression suite and the
# gtest unit tests (through lit).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
cmake --build "$root/build" --target check
