#!/usr/bin/env bash
# Installs the Debian packages the build and the tests need, only those that
# are missing. Idempotent; fast when everything is present.
# --fuzz: also clang 14 and its libFuzzer runtime, which only fuzz/run.sh
# needs (never the build, the tests or CI).
# chromium: test/Draw renders the drawing pages headless and screenshots them
# (about 10 s to install here: 81 MB download, 290 MB installed, 9 packages
# with --no-install-recommends).
set -euo pipefail
required=(cmake ninja-build g++ antlr4 libantlr4-runtime-dev llvm-14-dev
  llvm-14-tools libboost-program-options-dev libeigen3-dev libgtest-dev
  python3 python3-numpy libedit-dev bc libgraphviz-dev chromium)
optional=(libtorch-dev libopenblas0-pthread)
if [ "${1:-}" = --fuzz ]; then
  required+=(clang-14 libclang-rt-14-dev)
fi

missing=()
for p in "${required[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
missing_opt=()
for p in "${optional[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing_opt+=("$p")
done
if [ ${#missing[@]} -eq 0 ] && [ ${#missing_opt[@]} -eq 0 ]; then
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
if [ ${#missing[@]} -ne 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
if [ ${#missing_opt[@]} -ne 0 ]; then
  echo "install-deps: installing optional ${missing_opt[*]}"
  $SUDO apt-get install -y -qq --no-install-recommends "${missing_opt[@]}" ||
    echo "install-deps: warning: could not install ${missing_opt[*]} (the learner will be disabled)"
fi
