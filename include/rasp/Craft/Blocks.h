//===- Blocks.h - Attention heads, MLPs and their combinations --*- C++ -*-===//
//
/// \file
/// The transformer pieces of Tracr's craft layer, each expressed in named
/// bases (Basis.h). A block records only the subspaces it reads and writes;
/// the residual layout and the layer a block lands in are the assembler's
/// business.
///
/// Semantics, for a sequence of residual row vectors x_0 (BOS) .. x_n:
///  * AttentionHead: for query position i,
///      logit(i, j) = (x_i|Q) * qk.m * (x_j|K)^T        (j <= i if causal)
///      out_i       = sum_j softmax_j(logit(i, .)) * ((x_j|V) * ov.m)
///    where x|S is the projection of x onto S. `qk` already contains the
///    softmax coldness: the assembled model must produce exactly these
///    logits. A model whose attention divides logits by sqrt(key_size) must
///    multiply its W_Q (or W_K) by sqrt(key_size) to compensate; Tracr
///    forgot to, which is its spec item 15.
///  * MLP: out_i = ReLU((x_i|in) * fst.m) * snd.m. There are no bias
///    vectors: a bias is a weight on the `one` direction, which is 1 at every
///    position (BOS included).
///  * The caller adds each block's output to the residual stream.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_CRAFT_BLOCKS_H
#define RASP_CRAFT_BLOCKS_H

#include "rasp/Craft/Basis.h"

#include <vector>

namespace rasp::craft {

/// One attention head: a bilinear form W_QK and a map W_OV.
struct AttentionHead {
  /// Bilinear form: rows = query space, columns = key space.
  MatrixInSpaces qk;
  /// Linear map: rows = value space, columns = output space.
  MatrixInSpaces ov;
  /// Mask keys after the query position.
  bool causal = false;
  /// The softmax coldness (inverse temperature) already folded into `qk`:
  /// qk = coldness * (a pattern with entries in {0, 1/2, 1}). Recorded for
  /// the assembler and for printing; the logits are `qk` as it stands.
  double coldness = 1.0;

  VectorSpace querySpace() const { return qk.in; }
  VectorSpace keySpace() const { return qk.out; }
  VectorSpace valueSpace() const { return ov.in; }
  VectorSpace outputSpace() const { return ov.out; }
  /// Every direction the head reads or writes.
  VectorSpace residualSpace() const;

  void print(llvm::raw_ostream &os) const;
};

/// Heads that run in parallel in one attention sublayer; their outputs add.
struct MultiAttentionHead {
  std::vector<AttentionHead> heads;

  size_t numHeads() const { return heads.size(); }
  VectorSpace residualSpace() const;
  void print(llvm::raw_ostream &os) const;
};

/// Linear -> ReLU -> Linear, with the hidden layer outside the residual.
struct MLP {
  /// Input space -> hidden space.
  MatrixInSpaces fst;
  /// Hidden space -> output space (fst.out == snd.in).
  MatrixInSpaces snd;

  MLP() = default;
  MLP(MatrixInSpaces fst, MatrixInSpaces snd);

  const VectorSpace &inputSpace() const { return fst.in; }
  const VectorSpace &hiddenSpace() const { return fst.out; }
  const VectorSpace &outputSpace() const { return snd.out; }
  size_t hiddenSize() const { return fst.out.size(); }
  VectorSpace residualSpace() const;

  /// MLPs side by side in one MLP sublayer: the hidden spaces are
  /// concatenated (they must be pairwise disjoint, which distinct hidden
  /// names guarantee), inputs and outputs are joined and outputs add.
  static MLP combineInParallel(llvm::ArrayRef<MLP> mlps);

  void print(llvm::raw_ostream &os) const;
};

/// An attention sublayer followed by the MLP sublayer right after it, each
/// with its residual connection: x += attn(x); x += mlp(x). Selector width
/// is built this way.
struct SeriesWithResiduals {
  AttentionHead attn;
  MLP mlp;

  VectorSpace residualSpace() const;
  void print(llvm::raw_ostream &os) const;
};

} // namespace rasp::craft

#endif // RASP_CRAFT_BLOCKS_H
