//===- Model.h - Weights and config of a decoder-style transformer -*- C++ -*-//
//
/// \file
/// The model the compiler produces and the learner trains: a plain
/// decoder-style transformer with no LayerNorm, as Tracr assembles it
/// (spec/tracr.md §1.7). Each layer is `x += MHA(x)` then `x += MLP(x)`;
/// the output is `x @ unembed`. This library knows nothing of RASP: the
/// residual labels ("tokens:a", "indices:3", "one", ...) are opaque strings
/// that the compiler writes and the decompiler reads.
///
/// Conventions (row vectors, as Haiku; note that PyTorch's nn.Linear stores
/// the transpose). A sequence of T positions is a T x d matrix X, one row
/// per position, position 0 holding the BOS token. With d = dModel,
/// V = |vocab|, N = maxSeqLen, H = numHeads, k = keySize, v = valueSize,
/// m = mlpHidden and o = the output dimension:
///
/// | weight               | shape      | file tensor              |
/// | -------------------- | ---------- | ------------------------ |
/// | tokenEmbed           | V x d      | embed.tokens             |
/// | posEmbed             | (N+1) x d  | embed.positions          |
/// | layers[i].attn.wq    | d x H*k    | layers.{i}.attn.q        |
/// | layers[i].attn.wk    | d x H*k    | layers.{i}.attn.k        |
/// | layers[i].attn.wv    | d x H*v    | layers.{i}.attn.v        |
/// | layers[i].attn.wo    | H*v x d    | layers.{i}.attn.o        |
/// | layers[i].attn.bq    | H*k        | layers.{i}.attn.q_bias   |
/// | layers[i].attn.bk    | H*k        | layers.{i}.attn.k_bias   |
/// | layers[i].attn.bv    | H*v        | layers.{i}.attn.v_bias   |
/// | layers[i].attn.bo    | d          | layers.{i}.attn.o_bias   |
/// | layers[i].mlp.w1     | d x m      | layers.{i}.mlp.w1        |
/// | layers[i].mlp.b1     | m          | layers.{i}.mlp.b1        |
/// | layers[i].mlp.w2     | m x d      | layers.{i}.mlp.w2        |
/// | layers[i].mlp.b2     | d          | layers.{i}.mlp.b2        |
/// | unembed              | d x o      | unembed                  |
///
/// Head h uses columns [h*k, (h+1)*k) of wq/wk, columns [h*v, (h+1)*v) of wv
/// and rows [h*v, (h+1)*v) of wo. Attention logits are
/// `attnScale * (X wq_h + bq_h)(X wk_h + bk_h)^T`: the scale is explicit
/// (Tracr's implicit 1/sqrt(keySize) is not applied), so a compiler can make
/// attention as hard as it needs.
///
/// Absent parts: a layer's attention sublayer is absent when all of wq, wk,
/// wv and wo are empty (size 0), and its MLP when w1, b1, w2 and b2 all are;
/// absent sublayers are skipped. The four attention biases are optional each
/// (empty = zero bias); a present MLP has both biases.
/// The file format is described in docs/ModelFormat.md and ModelIO.h.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_MODEL_MODEL_H
#define RASP_MODEL_MODEL_H

#include "llvm/Support/Error.h"

#include <Eigen/Core>

#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace rasp {
namespace model {

/// How the output dimensions are read.
enum class OutputKind {
  /// One dimension per output value; decoded by argmax.
  Categorical,
  /// One dimension holding the value itself.
  Numerical,
};

/// The MLP nonlinearity.
enum class Activation { ReLU };

/// Everything about a model except its weights.
struct ModelConfig {
  /// Token labels; a token id is an index into this list. Includes the BOS
  /// token (and a PAD token, if the producer has one).
  std::vector<std::string> vocab;
  /// Index of the BOS token in `vocab`.
  unsigned bosId = 0;
  /// Longest input without BOS (N); the context is N + 1 positions.
  unsigned maxSeqLen = 0;
  unsigned numLayers = 0;
  /// Heads per attention sublayer (the same in every layer that has one).
  unsigned numHeads = 0;
  unsigned keySize = 0;
  unsigned valueSize = 0;
  /// Hidden width of every MLP sublayer that is present.
  unsigned mlpHidden = 0;
  unsigned dModel = 0;
  /// One label per residual dimension, e.g. "tokens:a", "indices:3", "one".
  std::vector<std::string> residualLabels;
  OutputKind outputKind = OutputKind::Categorical;
  /// The name of the output (e.g. the program's output s-op); may be empty.
  std::string outputName;
  /// Categorical: one value label per output dimension (argmax index i
  /// decodes to outputLabels[i]). Numerical: empty.
  std::vector<std::string> outputLabels;
  /// Optional Python types of the values in the labels, so "1" (a string)
  /// and 1 (an int) read back apart: residualTypes[d] is the type of the
  /// value after the last ':' of residualLabels[d] ("str", "int", "float",
  /// "bool"; "" for a label without a value, e.g. "one" or a numerical
  /// s-op); outputTypes[i] that of outputLabels[i]. Empty: unknown (files
  /// written before these fields existed).
  std::vector<std::string> residualTypes;
  std::vector<std::string> outputTypes;
  /// Numerical output only, optional: the Python type of the value ("int",
  /// "float", "bool", or "" unknown), so that 1 and 1.0 print apart. One
  /// entry holds for every position; maxSeqLen + 1 entries are indexed by
  /// the number w of keys the width head (below) selects at the position
  /// (a mean over one key keeps its value's type, over several it is a
  /// float). Empty: unknown (older files).
  std::vector<std::string> outputValueTypes;
  /// With maxSeqLen + 1 outputValueTypes: the head whose attention weights
  /// give w at each position (widthHeadLayer < 0: none). A mean head
  /// (widthHeadCountsBos false) attends BOS when it selects nothing (w = 0)
  /// and each of w keys with weight 1/w; a width head attends BOS and the w
  /// keys with weight 1/(w+1) each.
  int widthHeadLayer = -1;
  unsigned widthHead = 0;
  bool widthHeadCountsBos = false;
  /// Whether position i may only attend to positions <= i.
  bool causal = false;
  /// Factor applied to every attention logit before the softmax.
  float attnScale = 1.0f;
  Activation activation = Activation::ReLU;

  /// Positions in the context: maxSeqLen + 1 (BOS included).
  unsigned getContextLength() const { return maxSeqLen + 1; }
  /// Columns of the unembedding: |outputLabels| or 1.
  unsigned getOutputDim() const {
    return outputKind == OutputKind::Numerical
               ? 1
               : static_cast<unsigned>(outputLabels.size());
  }
  unsigned getVocabSize() const { return static_cast<unsigned>(vocab.size()); }

  /// Checks the config on its own (sizes, labels, BOS id, finite scale).
  llvm::Error verify() const;
};

/// One multi-head attention sublayer, all heads fused (see the file comment).
struct Attention {
  Eigen::MatrixXf wq, wk, wv, wo;
  /// Optional: empty means no bias.
  Eigen::VectorXf bq, bk, bv, bo;

  bool isPresent() const {
    return wq.size() != 0 || wk.size() != 0 || wv.size() != 0 || wo.size() != 0;
  }
  bool hasBias() const {
    return bq.size() != 0 || bk.size() != 0 || bv.size() != 0 || bo.size() != 0;
  }
  /// Makes the sublayer absent.
  void clear() { *this = Attention(); }
};

/// One MLP sublayer: `x += act(x w1 + b1) w2 + b2`.
struct MLP {
  Eigen::MatrixXf w1, w2;
  Eigen::VectorXf b1, b2;

  bool isPresent() const {
    return w1.size() != 0 || w2.size() != 0 || b1.size() != 0 || b2.size() != 0;
  }
  /// Makes the sublayer absent.
  void clear() { *this = MLP(); }
};

struct Layer {
  Attention attn;
  MLP mlp;
};

/// A config and its weights. A plain aggregate: producers fill the members
/// (start from createZero), then call verify().
struct Model {
  ModelConfig config;
  Eigen::MatrixXf tokenEmbed; ///< V x d
  Eigen::MatrixXf posEmbed;   ///< (N+1) x d
  std::vector<Layer> layers;  ///< numLayers entries
  Eigen::MatrixXf unembed;    ///< d x outputDim

  /// A model with every weight zero, every sublayer present (attention
  /// without biases) and every shape as \p config says. Asserts that the
  /// config verifies.
  static Model createZero(const ModelConfig &config);

  /// Checks the config and that every weight has the shape the config says
  /// (absent sublayers and biases allowed, as in the file comment). Messages
  /// name the tensor as the file does, e.g. "tensor 'layers.0.attn.q' has
  /// shape [4, 8], expected [16, 8]".
  llvm::Error verify() const;
};

/// Prints a human-readable summary (sizes, per-layer sublayers, residual and
/// output labels); the shape `--emit=model-summary` tests check.
void printModelSummary(const Model &model, llvm::raw_ostream &os);

} // namespace model
} // namespace rasp

#endif // RASP_MODEL_MODEL_H
