//===- FuzzLearn.cpp - libFuzzer target: `rasp-learn --from` --------------===//
//
// Does what `rasp-learn --from prog.rasp --sop NAME --vocab ...` does before
// training: runs the program in a fresh eval::Session (parse + elaborate),
// looks up the s-op and labels random inputs with
// learn::makeTaskFromProgram, which evaluates the s-op with the interpreter.
//
// Input: the first line is the s-op's name (as given to --sop), the rest is
// the program text. The vocabulary mixes letters and digits so that both
// string and numeric programs see inputs they can fail on.
//
// LibTorch is never linked: RASP_ENABLE_LEARN is off in fuzz builds (see
// cmake/RaspSanitize.cmake) and lib/Learn/Task.cpp, the only part of the
// learner this drives, does not use it; fuzz/CMakeLists.txt compiles that
// file into this target (its layering deps, IR + Interp + Support, are
// linked as for RaspLearn).
//
//===----------------------------------------------------------------------===//

#include "rasp/Eval/Session.h"
#include "rasp/Learn/Task.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/Support/Error.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  auto [name, program] = text.split('\n');
  if (name.empty() || name.size() > 64)
    return 0;

  llvm::raw_null_ostream out;
  llvm::SourceMgr sm;
  rasp::DiagnosticEngine diags(sm, out, "rasp-learn");
  rasp::eval::Session session(out, sm);
  if (!session.runFile("fuzz.rasp", program, diags))
    return 0;
  std::string why;
  rasp::ir::Op *op = session.lookupOp(name, why);
  if (!op)
    return 0;

  static const std::vector<std::string> vocab = {"a", "b", "c", "0", "1",
                                                 "2"};
  rasp::learn::TaskOptions options;
  options.datasetSize = 24; // --dataset-size; small to keep inputs fast
  options.maxLen = 6;       // --max-seq-len
  llvm::Expected<rasp::learn::Dataset> dataset =
      rasp::learn::makeTaskFromProgram(op, vocab, options);
  if (!dataset) {
    llvm::consumeError(dataset.takeError());
    return 0;
  }
  for (const rasp::learn::Example &e : dataset->train)
    (void)rasp::learn::formatExample(*dataset, e);
  return 0;
}
