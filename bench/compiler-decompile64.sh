#!/bin/sh
# decompile(compile(p)) at N = 64 for every program of the compiler corpus
# (unittests/Compile, DecompileCorpus.RoundTrip): the printed RASP program,
# run by the interpreter, gives the original's outputs on every input up to
# length 3 and 200 random ones. Too slow for the test suite (~17 s CPU), so
# run here. Usage: bench/compiler-decompile64.sh [BUILD_DIR] [N]
B=${1:-build}
N=${2:-64}
RASP_DECOMPILE_N=$N exec "$B/unittests/Compile/RaspCompileTests" \
  --gtest_filter='Corpus/DecompileCorpus.*'
