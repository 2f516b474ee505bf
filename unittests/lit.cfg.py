# -*- Python -*-
# lit policy for the gtest unit tests: every Rasp<X>Tests binary under the
# build's unittests/ directory is a GoogleTest suite.
import os

import lit.formats

config.name = "RASP-Unit"
config.suffixes = []  # tests are found by GoogleTest(), not by suffix
config.test_source_root = os.path.join(config.rasp_obj_root, "unittests")
config.test_exec_root = config.test_source_root
config.test_format = lit.formats.GoogleTest(".", "Tests")

# Sanitizer builds (RASP_SANITIZE, docs/Reliability.md): a report must end
# the process with SIGABRT, which `not` and GoogleTest count as a failure,
# not with exit status 1, which `not` takes for an expected error. The
# options are read only by instrumented binaries.
config.environment.setdefault("ASAN_OPTIONS", "abort_on_error=1")
config.environment.setdefault(
    "UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:abort_on_error=1")
# Leaks in third-party code we cannot fix, each explained in the file.
rasp_src_root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
config.environment.setdefault(
    "LSAN_OPTIONS", "suppressions=" + os.path.join(
        rasp_src_root, "cmake", "lsan.supp"))
