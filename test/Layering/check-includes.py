#!/usr/bin/env python3
"""Checks the library layering of ARCHITECTURE.md section 2.

Usage: check-includes.py <source root>

For every file under include/rasp/<X>/ and lib/<X>/, each
`#include "rasp/<Y>/..."` must name a library Y that X may use (or X itself).
Headers under include/ must not include ANTLR, LibTorch or Boost, and only
Model and Craft headers may include Eigen. Prints one clang-style error per
violation and exits 1 if there was any.
"""

import os
import re
import sys

# Library -> the RASP libraries it may use (ARCHITECTURE.md section 2).
ALLOWED = {
    "Support": set(),
    "AST": {"Support"},
    "Parse": {"AST", "Support"},
    "IR": {"Support"},
    "Interp": {"IR", "Support"},
    "Eval": {"AST", "Parse", "IR", "Interp", "Support"},
    "Craft": {"Support"},
    "Model": {"Support"},
    "Compile": {"IR", "Craft", "Model", "Support"},
    "Decompile": {"IR", "Model", "Support"},
    "Learn": {"IR", "Interp", "Model", "Support"},
    "Draw": {"IR", "Interp", "Model", "Support"},
}

SOURCE_SUFFIXES = (".h", ".hpp", ".def", ".inc", ".cpp", ".cc")
INCLUDE_RE = re.compile(r'^\s*#\s*include\s*([<"])([^">]+)[">]')
RASP_RE = re.compile(r"^rasp/([^/]+)/")
# Third-party headers that must never appear in a public header.
FORBIDDEN_IN_HEADERS = re.compile(
    r"^(antlr4-runtime|antlr4|torch|ATen|c10|caffe2|boost)([/.]|$)")
EIGEN_RE = re.compile(r"^(Eigen|unsupported/Eigen)/")
EIGEN_HEADER_LIBS = {"Model", "Craft"}


def source_files(directory):
    for dirpath, dirnames, filenames in os.walk(directory):
        dirnames.sort()
        for name in sorted(filenames):
            if name.endswith(SOURCE_SUFFIXES):
                yield os.path.join(dirpath, name)


def check_file(path, rel, lib, public, errors):
    allowed = ALLOWED.get(lib)
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            m = INCLUDE_RE.match(line)
            if not m:
                continue
            target = m.group(2)
            where = "%s:%d:" % (rel, lineno)
            dep = RASP_RE.match(target)
            if dep:
                other = dep.group(1)
                if allowed is None:
                    errors.append("%s error: library '%s' is not in the "
                                  "layering table" % (where, lib))
                elif other != lib and other not in allowed:
                    errors.append(
                        "%s error: library '%s' may not include '%s' "
                        "(allowed: %s)" % (where, lib, target,
                                           ", ".join(sorted(allowed))
                                           or "none"))
            if not public:
                continue
            if FORBIDDEN_IN_HEADERS.match(target):
                errors.append("%s error: public header includes third-party "
                              "header '%s'" % (where, target))
            elif EIGEN_RE.match(target) and lib not in EIGEN_HEADER_LIBS:
                errors.append("%s error: only Model and Craft headers may "
                              "include Eigen, got '%s'" % (where, target))


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: check-includes.py <source root>\n")
        return 2
    root = argv[1]
    errors = []
    checked = 0
    for top, public in (("include/rasp", True), ("lib", False)):
        base = os.path.join(root, top)
        if not os.path.isdir(base):
            continue
        for lib in sorted(os.listdir(base)):
            libdir = os.path.join(base, lib)
            if not os.path.isdir(libdir):
                continue
            for path in source_files(libdir):
                rel = os.path.relpath(path, root)
                check_file(path, rel, lib, public, errors)
                checked += 1
    for e in errors:
        print(e)
    if errors:
        print("%d layering violation(s) in %d files" % (len(errors), checked))
        return 1
    print("layering ok: %d files checked" % checked)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
