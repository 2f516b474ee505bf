# -*- Python -*-
# lit policy for the RASP regression tests (build facts: lit.site.cfg.py.in).
import os

import lit.formats
from lit.llvm import llvm_config
from lit.llvm.subst import ToolSubst

config.name = "RASP"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".rasp", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.rasp_obj_root, "test")

llvm_config.use_default_substitutions()  # FileCheck, | not, | count, %python
# A RUN line that *starts* with `not` needs the LLVM tools dir on PATH.
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)
# Tools not built (yet, or in this configuration) are left unsubstituted;
# tests that use them fail with "command not found".
llvm_config.add_tool_substitutions(
    [ToolSubst(tool, unresolved="ignore")
     for tool in ["rasp-run", "rasp-compile", "rasp-learn"]],
    [config.rasp_tools_dir])
config.substitutions.append(("%rasp_src_root", config.rasp_src_root))
config.environment["FILECHECK_OPTS"] = (
    "-enable-var-scope --allow-unused-prefixes=false")

if config.rasp_enable_learn:
    config.available_features.add("torch")
# Tests of limits that differ in sanitizer builds (RASP_SANITIZE).
if getattr(config, "rasp_sanitize", "").upper() in ("ON", "1", "TRUE", "YES"):
    config.available_features.add("asan")

# Sanitizer builds (RASP_SANITIZE, docs/Reliability.md): a report must end
# the process with SIGABRT, which `not` and GoogleTest count as a failure,
# not with exit status 1, which `not` takes for an expected error. The
# options are read only by instrumented binaries.
config.environment.setdefault("ASAN_OPTIONS", "abort_on_error=1")
config.environment.setdefault(
    "UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1:abort_on_error=1")
# Leaks in third-party code we cannot fix, each explained in the file.
config.environment.setdefault(
    "LSAN_OPTIONS", "suppressions=" + os.path.join(
        config.rasp_src_root, "cmake", "lsan.supp"))
