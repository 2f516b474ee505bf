//===- ModelBackend.cpp - rasp-run --backend=model ------------------------===//

#include "ModelBackend.h"

#include "rasp/Eval/Session.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Model/Forward.h"

#include "llvm/ADT/StringRef.h"

using namespace rasp;

std::unique_ptr<ModelBackend>
ModelBackend::create(ir::Op *op, const std::string &name,
                     const std::string &vocab, unsigned maxSeqLen,
                     DiagnosticEngine &diags) {
  compile::CompileOptions opts;
  llvm::SmallVector<llvm::StringRef, 16> items;
  llvm::StringRef(vocab).split(items, ',', -1, /*KeepEmpty=*/false);
  for (llvm::StringRef it : items)
    opts.vocab.push_back(it.str());
  opts.maxSeqLen = maxSeqLen;
  opts.outputName = name;
  auto compiled = compile::compileToModel(op, opts, diags);
  if (!compiled)
    return nullptr;
  auto mb = std::make_unique<ModelBackend>();
  mb->compiled = std::move(*compiled);
  return mb;
}

bool ModelBackend::run(const std::vector<Atom> &input, std::string &out,
                       std::string &why) {
  std::vector<std::string> labels;
  for (const Atom &a : input)
    labels.push_back(py::str(a));
  const model::Model &m = compiled.model;
  auto ids = model::encodeTokens(m.config, labels);
  if (!ids) {
    why = llvm::toString(ids.takeError());
    return false;
  }
  // Values typed as the interpreter has them (compile::runCompiled).
  auto values = compile::runCompiled(compiled, *ids);
  if (!values) {
    why = llvm::toString(values.takeError());
    return false;
  }
  interp::Sequence seq;
  seq.values = std::move(*values);
  interp::EvalError err;
  if (!interp::classifySequence(seq.values, seq.type, err)) {
    why = err.message;
    return false;
  }
  out = eval::Session::formatSequence(seq);
  return true;
}
