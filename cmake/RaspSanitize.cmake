#===- RaspSanitize.cmake - sanitizer and fuzzing builds ------------------===#
#
# Two options, each for its own build directory (docs/Reliability.md):
#
# RASP_SANITIZE=ON (gcc or clang; scripts/test-sanitize.sh) builds every
#   target of the tree (libraries, the generated ANTLR code, tools, unit
#   tests) with AddressSanitizer and UndefinedBehaviorSanitizer. A UB report
#   is fatal (-fno-sanitize-recover), so the test that triggers one fails.
#
# RASP_FUZZ=ON (clang only: CC=clang-14 CXX=clang++-14; fuzz/run.sh) adds
#   coverage instrumentation for libFuzzer (-fsanitize=fuzzer-no-link) to the
#   same sanitizers and builds the targets in fuzz/.
#
# Third-party libraries (Debian's LLVMSupport, antlr4-runtime, Boost, gtest)
# are not instrumented; calls into them are still checked at our side.
#
# Included from the top-level CMakeLists.txt before the dependencies are
# searched, because both options turn RASP_ENABLE_LEARN's default to OFF:
# LibTorch is a large uninstrumented library with its own allocators and
# static initialisers, and ASan reports errors inside it (ODR violations,
# allocator mismatches) that are not ours to fix.
#
#===----------------------------------------------------------------------===#

option(RASP_SANITIZE
  "Build everything with -fsanitize=address,undefined (docs/Reliability.md)"
  OFF)
option(RASP_FUZZ
  "Build the libFuzzer targets in fuzz/ (clang only; see fuzz/run.sh)" OFF)

if(RASP_SANITIZE AND RASP_FUZZ)
  message(FATAL_ERROR "RASP_SANITIZE and RASP_FUZZ are separate builds "
                      "(RASP_FUZZ already includes ASan and UBSan)")
endif()

set(RASP_SANITIZE_FLAGS
  -fsanitize=address,undefined
  -fno-omit-frame-pointer
  -fno-sanitize-recover=undefined)

if(RASP_SANITIZE)
  add_compile_options(${RASP_SANITIZE_FLAGS})
  add_link_options(${RASP_SANITIZE_FLAGS})
  message(STATUS "RASP_SANITIZE: building with ${RASP_SANITIZE_FLAGS}")
endif()

if(RASP_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "RASP_FUZZ needs clang for libFuzzer: configure with "
                        "CC=clang-14 CXX=clang++-14")
  endif()
  # Only the fuzz targets link libFuzzer itself (-fsanitize=fuzzer, in
  # fuzz/CMakeLists.txt); everything else gets the coverage hooks.
  add_compile_options(-fsanitize=fuzzer-no-link ${RASP_SANITIZE_FLAGS}
                      -gline-tables-only)
  add_link_options(${RASP_SANITIZE_FLAGS})
  message(STATUS "RASP_FUZZ: building fuzz targets with libFuzzer")
endif()

if((RASP_SANITIZE OR RASP_FUZZ) AND RASP_ENABLE_LEARN)
  message(WARNING "RASP_ENABLE_LEARN=ON in a sanitizer build: LibTorch is not "
                  "instrumented and ASan may report errors inside it")
endif()
