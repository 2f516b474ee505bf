//===- Diagnostics.h - Clang-style diagnostics over SourceMgr ---*- C++ -*-===//
//
/// \file
/// One sink for every user-facing message. Messages with a location print as
/// `file:line:col: error: message`, then the source line and a caret, through
/// llvm::SourceMgr; messages without one print as `tool: error: message`.
/// The engine counts errors and can capture messages instead of printing
/// them (unit tests assert on captured messages).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_SUPPORT_DIAGNOSTICS_H
#define RASP_SUPPORT_DIAGNOSTICS_H

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/SMLoc.h"
#include "llvm/Support/SourceMgr.h"

#include <cstdint>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace rasp {

class DiagnosticEngine {
public:
  enum class Severity { Error, Warning, Note };

  /// A diagnostic as captured in capture mode.
  struct Captured {
    Severity severity;
    std::string message;
    unsigned line = 0, column = 0; ///< 0 when there is no location
  };

  /// \p toolName prefixes diagnostics that have no location.
  DiagnosticEngine(llvm::SourceMgr &sm, llvm::raw_ostream &os,
                   llvm::StringRef toolName);

  void error(llvm::SMLoc loc, const llvm::Twine &msg) {
    report(Severity::Error, loc, msg);
  }
  void warning(llvm::SMLoc loc, const llvm::Twine &msg) {
    report(Severity::Warning, loc, msg);
  }
  void note(llvm::SMLoc loc, const llvm::Twine &msg) {
    report(Severity::Note, loc, msg);
  }
  /// An error with no source location: `tool: error: msg`.
  void error(const llvm::Twine &msg) { report(Severity::Error, {}, msg); }

  void report(Severity severity, llvm::SMLoc loc, const llvm::Twine &msg);

  unsigned getNumErrors() const { return numErrors; }
  bool hadError() const { return numErrors != 0; }

  /// Stop printing; keep messages in getCaptured() instead.
  void setCapture(bool on) { capture = on; }
  const std::vector<Captured> &getCaptured() const { return captured; }

  llvm::SourceMgr &getSourceMgr() { return sm; }

private:
  llvm::SourceMgr &sm;
  llvm::raw_ostream &os;
  std::string toolName;
  unsigned numErrors = 0;
  bool capture = false;
  std::vector<Captured> captured;
};

/// The tools' check of a numeric flag's value: "" if \p value is within
/// [\p lo, \p hi], else the usage message "<flag> must be between <lo> and
/// <hi>" (e.g. "--max-nesting must be between 10 and 1000000").
std::string flagRangeError(llvm::StringRef flag, uint64_t value, uint64_t lo,
                           uint64_t hi);

} // namespace rasp

#endif // RASP_SUPPORT_DIAGNOSTICS_H
