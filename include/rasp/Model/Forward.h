//===- Forward.h - Eigen forward pass of a Model ----------------*- C++ -*-===//
//
/// \file
/// The reference forward pass: embeddings, then per layer the attention
/// sublayer and the MLP sublayer, each added to the residual stream, then the
/// unembedding. There is no LayerNorm. Softmax subtracts the row maximum
/// first; with `causal` set, position i attends only to positions <= i.
///
/// An input is a sequence of token ids starting with the BOS token, at most
/// maxSeqLen + 1 long. Sequences of one batch may differ in length; each is
/// run on its own with whole-matrix products (no padding, so no mask).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_MODEL_FORWARD_H
#define RASP_MODEL_FORWARD_H

#include "rasp/Model/Model.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace rasp {
namespace model {

struct ForwardOptions {
  /// Keep the residual stream after the embedding and after every sublayer.
  bool keepResiduals = false;
  /// Keep every head's attention weights (after the softmax).
  bool keepAttention = false;
};

/// The outputs of one sequence of T positions.
struct ForwardResult {
  /// T x outputDim: the final residual times the unembedding, one row per
  /// position (row 0 is the BOS position).
  Eigen::MatrixXf output;
  /// With keepResiduals: 1 + 2 * numLayers matrices of T x dModel: the
  /// embedding, then for each layer the stream after its attention and after
  /// its MLP (an absent sublayer repeats the previous matrix).
  std::vector<Eigen::MatrixXf> residuals;
  /// With keepAttention: attention[layer][head] is T x T, row i the weights
  /// position i gives to every position. Empty for a layer with no attention.
  std::vector<std::vector<Eigen::MatrixXf>> attention;
};

/// Checks that \p tokens is a valid input of \p config: not empty, the BOS
/// token first, at most getContextLength() long, every id in the vocabulary.
llvm::Error checkInput(const ModelConfig &config,
                       llvm::ArrayRef<unsigned> tokens);

/// Maps token labels to ids and puts the BOS token in front. Fails on an
/// unknown label or an input longer than maxSeqLen.
llvm::Expected<std::vector<unsigned>>
encodeTokens(const ModelConfig &config, llvm::ArrayRef<std::string> labels);

/// Runs \p model on one sequence. Fails if the model does not verify or the
/// input is not valid (checkInput); never asserts on either.
llvm::Expected<ForwardResult> forward(const Model &model,
                                      llvm::ArrayRef<unsigned> tokens,
                                      const ForwardOptions &options = {});

/// Runs \p model on every sequence of \p batch (lengths may differ). Fails on
/// the first invalid sequence, naming its index.
llvm::Expected<std::vector<ForwardResult>>
forwardBatch(const Model &model, llvm::ArrayRef<std::vector<unsigned>> batch,
             const ForwardOptions &options = {});

/// The outputs (ForwardResult::output) of forward() on every sequence of
/// \p batch, computed faster for compiled models: the weights are used as
/// sparse matrices (compiled weights are mostly zeros) and the per-position
/// products of a chunk of sequences are one stacked product. The same
/// arithmetic as forward() up to the order of float additions. Fails on the
/// first invalid sequence, naming its index.
llvm::Expected<std::vector<Eigen::MatrixXf>>
forwardBatchSparse(const Model &model,
                   llvm::ArrayRef<std::vector<unsigned>> batch);

/// Categorical decoding: the argmax column of every row, ties going to the
/// lowest index (so an all-zero row decodes as 0, as in Tracr). NaN entries
/// never win.
std::vector<unsigned> decodeCategorical(const Eigen::MatrixXf &output);

/// Numerical decoding: column 0 of every row.
std::vector<float> decodeNumerical(const Eigen::MatrixXf &output);

/// Decodes every row to a label: outputLabels[argmax] for a categorical
/// model, the number (printed with %g) for a numerical one.
std::vector<std::string> decodeLabels(const ModelConfig &config,
                                      const Eigen::MatrixXf &output);

/// Floating-point operations of one forward pass over \p length positions
/// (BOS included), for benchmarks. Counts the matrix products (a
/// multiply-add is 2 FLOPs), the bias and residual additions, the softmax
/// (scale, max, subtract, exp, sum, divide: 6 per logit), the activation
/// (1 per hidden unit) and the token + position addition; absent sublayers
/// cost nothing.
/// For a config with a width head (ModelConfig::widthHeadLayer >= 0): the
/// number of keys that head selects at each position, read from its
/// attention weights in \p result (run forward with keepAttention); -1 at
/// the BOS position. Empty without a width head or attention weights.
std::vector<int> readWidths(const ModelConfig &config,
                            const ForwardResult &result);

/// Forward options that keep what decoding \p config's output needs (the
/// attention weights when it has a width head).
ForwardOptions decodingOptions(const ModelConfig &config);

uint64_t countForwardFlops(const Model &model, unsigned length);

} // namespace model
} // namespace rasp

#endif // RASP_MODEL_FORWARD_H
