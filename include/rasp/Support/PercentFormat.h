//===- PercentFormat.h - Python's printf-style `str % value` ----*- C++ -*-===//
//
/// \file
/// `fmt % arg` on a string, as Python 3.11 formats it (PyUnicode_Format):
/// conversions s r a c d i u o x X e E f F g G and %%, the flags - + space
/// # 0, width and precision (also as `*`), length modifiers h l L (ignored)
/// and mapping keys `%(name)s`. RASP has no tuples, so the right operand
/// is always one value: an atom, or a list or dict, which Python treats as
/// a mapping (so an unused one is never "not all arguments converted").
//
//===----------------------------------------------------------------------===//

#ifndef RASP_SUPPORT_PERCENTFORMAT_H
#define RASP_SUPPORT_PERCENTFORMAT_H

#include "rasp/Support/Atom.h"

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <string>

namespace rasp {
namespace py {

/// The right operand of `%`.
struct FormatArg {
  /// The value when it is an atom; null for a list or dict.
  const Atom *atom = nullptr;
  /// For a list or dict: its Python str() and repr(), and its type name.
  std::string str, repr, type;
  /// A list or dict: `%(key)` looks values up through `lookup`.
  bool mapping = false;
  /// Finds `key` in the mapping; returns an error status (the Python
  /// exception text) when it is missing.
  std::function<Status(llvm::StringRef key, FormatArg &value)> lookup;

  static FormatArg ofAtom(const Atom &a) {
    FormatArg f;
    f.atom = &a;
    return f;
  }
};

/// Formats `fmt % arg` into \p out, or fails with Python's message.
Status formatPercent(llvm::StringRef fmt, const FormatArg &arg,
                     std::string &out);

} // namespace py
} // namespace rasp

#endif // RASP_SUPPORT_PERCENTFORMAT_H
