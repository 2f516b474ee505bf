//===- Trace.h - One forward pass, recorded for pictures --------*- C++ -*-===//
//
/// \file
/// Runs a Model on one input and keeps what a reader of the model wants to
/// see: every head's attention pattern, the residual stream after the
/// embedding and after every present sublayer, the output, and which
/// residual dimensions each head and MLP reads and writes (the non-zero rows
/// and columns of its weights). Matrices are plain row-major float vectors,
/// so users of a trace (lib/Draw) need no Eigen.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_MODEL_TRACE_H
#define RASP_MODEL_TRACE_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace rasp {
namespace model {

struct Model;

/// A rows x cols matrix, row-major.
struct TraceMatrix {
  unsigned rows = 0, cols = 0;
  std::vector<float> data;

  float at(unsigned r, unsigned c) const { return data[r * cols + c]; }
  const float *row(unsigned r) const { return data.data() + r * cols; }
};

/// One snapshot of the residual stream: positions x dModel.
struct ResidualSnapshot {
  /// "embed", or "layer I attn" / "layer I mlp" after that sublayer.
  std::string stage;
  TraceMatrix stream;
};

/// One attention head on the input.
struct HeadTrace {
  /// positions x positions; row q the weights query q gives each key.
  TraceMatrix pattern;
  /// Residual dimensions (indices into residualLabels) with a non-zero row
  /// in this head's W_Q, W_K, W_V, and with a non-zero column in its W_O.
  std::vector<unsigned> readsQuery, readsKey, readsValue, writes;
  /// Whether the head writes anything (a non-zero W_O block or bias).
  bool isUsed() const { return !writes.empty(); }
};

struct LayerTrace {
  bool hasAttention = false, hasMLP = false;
  std::vector<HeadTrace> heads; ///< empty without attention
  /// Residual dimensions with a non-zero row of W_1 / column of W_2 or b_2.
  std::vector<unsigned> mlpReads, mlpWrites;
};

struct ModelTrace {
  /// The token labels of the input, BOS first.
  std::vector<std::string> tokens;
  /// One label per residual dimension ("tokens:a", "indices:3", "one").
  std::vector<std::string> residualLabels;
  /// The embedding, then one snapshot after each present sublayer.
  std::vector<ResidualSnapshot> residuals;
  std::vector<LayerTrace> layers;
  /// positions x outputDim: the final stream times the unembedding.
  TraceMatrix output;
  /// One label per output column (categorical), or {"value"} (numerical).
  std::vector<std::string> outputLabels;
  /// The model's own decoding of every position (decodeLabels).
  std::vector<std::string> decoded;
};

/// Runs \p model on \p tokens (ids, BOS first) and records it. Fails as
/// forward() does on a model that does not verify or an invalid input.
llvm::Expected<ModelTrace> traceForward(const Model &model,
                                        llvm::ArrayRef<unsigned> tokens);

/// The same for token labels (BOS not included): encodeTokens, then trace.
llvm::Expected<ModelTrace> traceLabels(const Model &model,
                                       llvm::ArrayRef<std::string> labels);

} // namespace model
} // namespace rasp

#endif // RASP_MODEL_TRACE_H
