//===- FuzzSession.cpp - libFuzzer target: the REPL on session text -------===//
//
// Runs a fresh rasp::eval::Session over the lines of the input, exactly as
// `rasp-run < session.txt` does, with the output going to a null stream.
// This covers the REPL's line reader, the parser and the whole elaborator
// (meta-language, s-op construction, example evaluation, printing).
//
// `load "name";` reads name.rasp relative to the working directory:
// fuzz/run.sh runs the target in an empty directory, so a load finds no
// file and findings do not depend on files of the checkout.
//
//===----------------------------------------------------------------------===//

#include "rasp/Eval/Session.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace {
/// The lines of the fuzz input, without their newlines.
class BytesSource : public rasp::eval::LineSource {
public:
  explicit BytesSource(llvm::StringRef text) : rest(text) {}
  /// Splits as std::getline does: "a\nb" and "a\nb\n" are both two lines.
  bool readLine(llvm::StringRef, std::string &line) override {
    if (rest.empty())
      return false;
    auto split = rest.split('\n');
    line = split.first.str();
    rest = split.second;
    return true;
  }

private:
  llvm::StringRef rest;
};
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::raw_null_ostream out;
  llvm::SourceMgr sm;
  rasp::eval::Session session(out, sm);
  BytesSource source(text);
  session.runRepl(source);
  return 0;
}
