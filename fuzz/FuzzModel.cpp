//===- FuzzModel.cpp - libFuzzer target: the safetensors model reader -----===//
//
// Runs rasp::model::parseModel on the bytes, as loadModel does on a file's
// contents. A model that parses has passed every check, so the target then
// runs a short forward pass on it: validation must be enough to make the
// weights safe to use.
//
//===----------------------------------------------------------------------===//

#include "rasp/Model/Forward.h"
#include "rasp/Model/ModelIO.h"

#include "llvm/Support/Error.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

using namespace rasp::model;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  llvm::Expected<Model> model = parseModel(bytes);
  if (!model) {
    llvm::consumeError(model.takeError());
    return 0;
  }
  // BOS, then up to three other tokens.
  const ModelConfig &c = model->config;
  std::vector<unsigned> tokens = {c.bosId};
  for (unsigned i = 0; i < std::min(3u, c.maxSeqLen); ++i)
    tokens.push_back(c.getVocabSize() ? i % c.getVocabSize() : 0);
  llvm::Expected<ForwardResult> result = forward(*model, tokens);
  if (!result)
    llvm::consumeError(result.takeError());
  return 0;
}
