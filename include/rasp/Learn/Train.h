//===- Train.h - Train a Transformer Program with LibTorch ------*- C++ -*-===//
//
/// \file
/// Relaxes the holes of a sketch (Gumbel-softmax over variable reads,
/// predicate rows, attention rows and MLP outputs), trains them with Adam on
/// a Dataset, then fills every hole with its argmax (a Program). LibTorch is
/// private to lib/Learn: no torch type appears here, and its exceptions come
/// back as llvm::Error.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LEARN_TRAIN_H
#define RASP_LEARN_TRAIN_H

#include "rasp/Learn/Program.h"
#include "rasp/Learn/Task.h"

#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <string>

namespace rasp {
namespace learn {

struct EpochReport {
  unsigned epoch = 0, epochs = 0;
  double loss = 0;       ///< mean training loss over the epoch
  double valAcc = 0;     ///< validation accuracy of the discretized model
  double seconds = 0;    ///< training time of this epoch (wall clock)
  double cpuSeconds = 0; ///< process CPU time of the same (all threads)
  double secondsLeft = 0;
};

/// The most embedding variables TrainOptions::variables may ask for.
constexpr unsigned kMaxEmbeddingVariables = 32;

struct TrainOptions {
  unsigned layers = 3;
  unsigned heads = 4, numHeads = 0; ///< categorical / numerical, per layer
  unsigned mlps = 2, numMlps = 0;   ///< categorical / numerical, per layer
  /// k, the cardinality of every categorical variable (the reference's
  /// --d_var); 0: the task's, max(#tokens, max length).
  unsigned dVar = 0;
  /// 0: the tokens are one fixed one-hot variable (the reference's
  /// --one_hot_embed, the RASP tasks' setting). N > 0: N learned
  /// categorical embedding variables (the reference's --n_vars_cat), each a
  /// [#tokens x k] logit table, Gumbel-softmax in training.
  unsigned variables = 0;
  unsigned epochs = 250;
  double lr = 0.05;
  unsigned batchSize = 512;
  /// Each batch is split in two halves whose gradients are summed in a
  /// fixed order; with 2 threads the halves run in parallel. Results do not
  /// depend on the thread count.
  unsigned threads = 1;
  uint64_t seed = 0;
  double tauInit = 3.0, tauEnd = 0.01;
  unsigned dMlp = 64;
  std::string saveModelPath; ///< empty: do not save (safetensors)
  std::function<void(const EpochReport &)> onEpoch;
};

llvm::Expected<Program> train(const Dataset &data, const TrainOptions &opts);

} // namespace learn
} // namespace rasp

#endif // RASP_LEARN_TRAIN_H
