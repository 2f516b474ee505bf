//===- ModelBackend.h - rasp-run --backend=model ----------------*- C++ -*-===//
//
/// \file
/// Compiles an s-op (lib/Compile) and evaluates inputs with the model's
/// forward pass instead of the interpreter, printing outputs in the
/// interpreter's batch format.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_TOOLS_RASP_RUN_MODELBACKEND_H
#define RASP_TOOLS_RASP_RUN_MODELBACKEND_H

#include "rasp/Compile/Compile.h"
#include "rasp/IR/IR.h"
#include "rasp/Support/Atom.h"

#include <memory>
#include <string>
#include <vector>

namespace rasp {
class DiagnosticEngine;

class ModelBackend {
public:
  /// Compiles \p op for the comma-separated \p vocab and \p maxSeqLen;
  /// null (with diagnostics reported) on failure.
  static std::unique_ptr<ModelBackend> create(ir::Op *op,
                                              const std::string &name,
                                              const std::string &vocab,
                                              unsigned maxSeqLen,
                                              DiagnosticEngine &diags);
  /// Runs the model on \p input; \p out gets the formatted output sequence,
  /// or \p why the reason it cannot run (unknown token, too long).
  bool run(const std::vector<Atom> &input, std::string &out, std::string &why);
  /// The compiled model (drawings, issue 6).
  const compile::CompiledModel &getCompiled() const { return compiled; }

private:
  compile::CompiledModel compiled;
};

} // namespace rasp

#endif // RASP_TOOLS_RASP_RUN_MODELBACKEND_H
