//===- Diagnostics.cpp - Clang-style diagnostics over SourceMgr -----------===//

#include "rasp/Support/Diagnostics.h"

#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace rasp;

DiagnosticEngine::DiagnosticEngine(llvm::SourceMgr &sm, llvm::raw_ostream &os,
                                   llvm::StringRef toolName)
    : sm(sm), os(os), toolName(toolName.str()) {}

static llvm::SourceMgr::DiagKind toDiagKind(DiagnosticEngine::Severity s) {
  switch (s) {
  case DiagnosticEngine::Severity::Error:
    return llvm::SourceMgr::DK_Error;
  case DiagnosticEngine::Severity::Warning:
    return llvm::SourceMgr::DK_Warning;
  case DiagnosticEngine::Severity::Note:
    return llvm::SourceMgr::DK_Note;
  }
  llvm_unreachable("unknown severity");
}

void DiagnosticEngine::report(Severity severity, llvm::SMLoc loc,
                              const llvm::Twine &msg) {
  if (severity == Severity::Error)
    ++numErrors;
  bool hasLoc = loc.isValid() && sm.FindBufferContainingLoc(loc) != 0;
  if (capture) {
    Captured c{severity, msg.str()};
    if (hasLoc) {
      auto lc = sm.getLineAndColumn(loc);
      c.line = lc.first;
      c.column = lc.second;
    }
    captured.push_back(std::move(c));
    return;
  }
  if (hasLoc) {
    sm.PrintMessage(os, loc, toDiagKind(severity), msg);
    return;
  }
  switch (severity) {
  case Severity::Error:
    llvm::WithColor::error(os, toolName) << msg << "\n";
    break;
  case Severity::Warning:
    llvm::WithColor::warning(os, toolName) << msg << "\n";
    break;
  case Severity::Note:
    llvm::WithColor::note(os, toolName) << msg << "\n";
    break;
  }
}

std::string rasp::flagRangeError(llvm::StringRef flag, uint64_t value,
                                 uint64_t lo, uint64_t hi) {
  if (value >= lo && value <= hi)
    return "";
  return flag.str() + " must be between " + std::to_string(lo) + " and " +
         std::to_string(hi);
}
