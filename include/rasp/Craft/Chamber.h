//===- Chamber.h - Block builders for RASP primitives -----------*- C++ -*-===//
//
/// \file
/// Builders that turn one RASP primitive into one craft block, mirroring
/// Tracr's `craft/chamber` (spec/tracr.md section 1.3), with the fixes that
/// spec lists: no fixed softmax coldness, no fixed `large_number`, negative
/// categorical->numerical outputs kept, a per-block BOS clean-up neuron.
///
/// Every constant is computed from the data it has to separate (the longest
/// sequence, the gaps of a value set); none is a user knob. The formulas are
/// next to each builder. Widths below count hidden neurons.
///
/// Shared conventions:
///  * `bos` is the direction that is 1 at position 0 only (Tracr:
///    tokens:compiler_bos) and `one` the direction that is 1 everywhere.
///  * Categorical spaces hold directions name:value; numerical variables are
///    single directions. Directions equal to `bos` or `one` inside a query or
///    key space are ignored by the predicate table.
///  * Hidden directions are named `hiddenName` with an int value (or a
///    categorical value) and never enter the residual stream; the caller
///    makes `hiddenName` unique per block (Tracr: "_hidden_<label>_") so that
///    MLP::combineInParallel can concatenate hidden layers.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_CRAFT_CHAMBER_H
#define RASP_CRAFT_CHAMBER_H

#include "rasp/Craft/Blocks.h"

#include <functional>
#include <optional>

namespace rasp::craft {

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

/// A select predicate over values, called as pred(key, query) like RASP's
/// and Tracr's (so LT selects keys smaller than the query).
using SelectPredicate =
    std::function<bool(const Value &key, const Value &query)>;

/// Default bound on the attention mass that leaks outside the intended
/// pattern: 2^-24, half a float32 ulp of 1, so leakage is below float32
/// resolution for outputs of magnitude about 1.
constexpr double kDefaultAttentionLeakage = 0x1p-24;

/// The softmax coldness c for sequences of at most \p maxSeqLen tokens (BOS
/// not counted) and leakage at most \p leakage:
///
///     c = 2 * ln((maxSeqLen + 1) / leakage)
///
/// Why: an aggregate head gives selected keys logit c, BOS c/2, the others
/// 0. With n <= N non-BOS keys of which s are selected, the attention mass
/// outside the intended pattern is
///   s = 0:  n / (e^{c/2} + n)                    <= n e^{-c/2},
///   s >= 1: (e^{c/2} + n - s) / (s e^c + ...)    <= e^{-c/2} + n e^{-c},
/// both <= (N+1) e^{-c/2} = leakage. (Selector width gives BOS logit c:
/// the leak is <= n e^{-c}, smaller still.) Selected keys always get exactly
/// equal weight, so a mean is exact up to that leakage: absolute error at
/// most 2 * leakage * max|value|. For the default leakage
/// c = 2 ln(N+1) + 48 ln 2 = 2 ln(N+1) + 33.27: 36.9 at N = 5, 44.4 at
/// N = 256 (Tracr: a fixed 100, then divided by sqrt(key_size) by its
/// assembler). Logits are at most c, so float32 never overflows.
///
/// A larger c is not better: it multiplies any error of the query and key
/// one-hots (e.g. 1 - 1e-5 from an upstream float32 MLP) into a relative
/// weight error of about c * 1e-5 between the selected keys.
double attentionColdness(unsigned maxSeqLen,
                         double leakage = kDefaultAttentionLeakage);

struct AttentionOptions {
  /// N: the longest input the model accepts, BOS not counted.
  unsigned maxSeqLen = 0;
  /// See attentionColdness.
  double leakage = kDefaultAttentionLeakage;
  /// Build a causally masked head (the pattern itself is unchanged).
  bool causal = false;
};

/// Aggregate of a categorical s-op (Tracr's categorical_attn).
///
/// Query space Q (one-hot of the query s-op) + one; key space K (one-hot of
/// the key s-op) + bos; value space V (one-hot of the aggregated s-op).
///   W_QK[q:i, k:j] = c * pred(j, i),  W_QK[one, bos] = c/2,  all else 0,
/// so each query attends uniformly to its selected keys, and to BOS when
/// nothing is selected. W_OV sends x:v to the output direction with the same
/// value v (which must exist in \p outputSpace); BOS is not read, so the
/// default is the zero vector (RASP None).
///
/// Sizes: |Q|+1 query dims, |K|+1 key dims, |V| value dims.
/// Preconditions (as in Tracr): the key one-hot is zero at the BOS position,
/// and the result is a proper one-hot only where all selected keys carry the
/// same value (otherwise the mean of one-hots).
AttentionHead
categoricalAggregate(const VectorSpace &querySpace, const VectorSpace &keySpace,
                     const VectorSpace &valueSpace,
                     const VectorSpace &outputSpace, const BasisDirection &bos,
                     const BasisDirection &one, const SelectPredicate &pred,
                     const AttentionOptions &opts);

/// Aggregate (mean) of a numerical s-op with default 0: the head of
/// categoricalAggregate with W_OV[valueDir -> outputDir] = 1. Works for any
/// numerical values, not only 0/1 (the 0/1 restriction of Tracr is about
/// value-set inference, which is the compiler's business).
AttentionHead
numericalAggregate(const VectorSpace &querySpace, const VectorSpace &keySpace,
                   const BasisDirection &valueDir,
                   const BasisDirection &outputDir, const BasisDirection &bos,
                   const BasisDirection &one, const SelectPredicate &pred,
                   const AttentionOptions &opts);

/// SelectorWidth (Tracr's selector_width): an attention head, then an MLP.
///
/// Head: like categoricalAggregate but W_QK[one, bos] = c ("always attend to
/// BOS", equal to a selected key) and the value is `bos` itself, written to
/// the scratch direction `<label>_selector_width_attn_output`. A query with
/// w selected keys reads 1/(w+1).
///
/// MLP: the discretising MLP (see numericalMLP) over the inputs
/// x_w = 1/(w+1), w = 0..N, with f(x_w) = w, numerical or one-hot. Adjacent
/// inputs are g_w = 1/((w+1)(w+2)) apart, the smallest gap being
/// 1/(N(N+1)); each threshold sits midway and has slope L_w = 2/g_w =
/// 2(w+1)(w+2) <= 2N(N+1), so every w in 0..N is decoded exactly (inputs
/// may be off by g_w/4, far more than the attention's leakage). Plus one
/// clean-up neuron ReLU(bos) that removes, at the BOS position only, what
/// the head and the MLP wrote there (the scratch value 1 and, for a
/// categorical output, the one-hot of 0), so BOS stays clean.
///
/// Sizes: attention as categoricalAggregate with a 1-dim value; MLP hidden
/// width <= 2N + 2 (2N step neurons, a constant neuron, the clean-up
/// neuron). A categorical \p outputSpace must hold the int values 0..N; a
/// numerical one is a single direction. Largest activation about 2N + 4
/// (falling steps, see numericalMLP), against Tracr's ~2N^2 at the L it
/// would need; measured float32 error at N = 256 (unit tests, every width):
/// 4e-4 numerical, 2e-5 on the one-hot.
SeriesWithResiduals
selectorWidth(const VectorSpace &querySpace, const VectorSpace &keySpace,
              const VectorSpace &outputSpace, bool categoricalOutput,
              const BasisDirection &bos, const BasisDirection &one,
              const SelectPredicate &pred, const AttentionOptions &opts,
              llvm::StringRef label);

/// The scratch direction selectorWidth writes 1/(w+1) to.
BasisDirection selectorWidthScratch(llvm::StringRef label);

//===----------------------------------------------------------------------===//
// MLPs
//===----------------------------------------------------------------------===//

/// categorical -> categorical Map as a lookup table. With X the input values
/// where \p f is defined and lands in \p outputSpace, and Y = f(X):
///   if |Y| <= |X|: hidden = one neuron per output value,
///       W1[x:i -> h_f(i)] = 1, W2[h_v -> out:v] = 1  (Tracr's layout);
///   else:           hidden = one neuron per input value,
///       W1[x:i -> h_i] = 1,    W2[h_i -> out:f(i)] = 1.
/// Width min(|X|, |Y|). Exact for one-hot inputs; an input with no image
/// (f undefined, or a zero vector) gives the zero vector (None).
MLP categoricalMLP(const VectorSpace &inputSpace,
                   const VectorSpace &outputSpace,
                   const std::function<std::optional<Value>(const Value &)> &f,
                   llvm::StringRef hiddenName);

/// categorical -> numerical Map: out = sum_i f(i) x_i, negative values
/// included (Tracr's single ReLU neuron drops them, its spec item 13).
/// Two neurons: h+ = ReLU(sum_i max(f(i),0) x_i), h- = ReLU(sum_i
/// max(-f(i),0) x_i), out = h+ - h-; each is dropped when it would be zero.
/// Width <= 2. Exact (and linear) for any nonnegative input mixture.
MLP categoricalToNumericalMLP(
    const VectorSpace &inputSpace, const BasisDirection &outputDir,
    const std::function<std::optional<double>(const Value &)> &f,
    llvm::StringRef hiddenName);

/// numerical -> numerical Map by discretisation over an explicit input
/// value set (Tracr's map_numerical_mlp, made exact).
///
/// Let x_0 < ... < x_{n-1} be the distinct finite inputs where \p f is
/// defined and y_k = f(x_k). For every k >= 1 with y_k != y_{k-1}:
///   threshold t_k = (x_{k-1} + x_k) / 2, gap g_k = x_k - x_{k-1},
///   slope     L_k = 2 / g_k,
///   step      s_k(x) = ReLU(L_k(x - t_k) + 1/2) - ReLU(L_k(x - t_k) - 1/2)
///                    = clip(L_k(x - t_k) + 1/2, 0, 1),
/// which is exactly 0 for x <= t_k - g_k/4 and exactly 1 for
/// x >= t_k + g_k/4: every x_k, and anything within a quarter gap of it,
/// lands in its own bucket, however small the gaps (Tracr's fixed L = 100
/// needs gaps >= 0.02). Thresholds in the lower half of [x_0, x_{n-1}] use
/// the falling form 1 - s_k = ReLU(L_k(t_k - x) + 1/2) - ReLU(L_k(t_k - x)
/// - 1/2) instead, so that no activation exceeds
/// L_k * min(t_k - x_0, x_{n-1} - t_k) + 1/2 on the value range; this keeps
/// float32 rounding small. Then
///   out = C * ReLU(one) + sum_rising (y_k - y_{k-1}) s_k
///                       - sum_falling (y_k - y_{k-1}) (1 - s_k),
///   C   = y_0 + sum_falling (y_k - y_{k-1}).
/// Inputs below x_0 or above x_{n-1} give y_0 or y_{n-1}.
/// Measured float32 error over all 129 fractions k/m, m <= 20 (gaps down to
/// 1/380): <= 5e-5 for outputs of magnitude <= 5.
/// Width 2 * #{k : y_k != y_{k-1}} + [C != 0] <= 2n - 1 (Tracr: 2n - 1).
MLP numericalMLP(const BasisDirection &inputDir,
                 const BasisDirection &outputDir, const BasisDirection &one,
                 llvm::ArrayRef<double> inputValues,
                 const std::function<std::optional<double>(double)> &f,
                 llvm::StringRef hiddenName);

/// numerical -> categorical Map: the same discretisation, with
/// y_k = onehot(f(x_k)) in \p outputSpace (every f(x_k) must be there).
/// Same width bound.
MLP numericalToCategoricalMLP(
    const BasisDirection &inputDir, const VectorSpace &outputSpace,
    const BasisDirection &one, llvm::ArrayRef<double> inputValues,
    const std::function<std::optional<Value>(double)> &f,
    llvm::StringRef hiddenName);

/// categorical x categorical -> categorical SequenceMap: one AND neuron per
/// value pair (i, j) with an image, h_ij = ReLU(x_i + y_j - 1) (the -1 on
/// `one`), W2[h_ij -> out:f(i,j)] = 1. Width <= |X| * |Y|. The input spaces
/// must be disjoint (for f(x, x) build a categoricalMLP of x -> f(x, x)).
MLP sequenceMapCategoricalMLP(
    const VectorSpace &input1Space, const VectorSpace &input2Space,
    const VectorSpace &outputSpace, const BasisDirection &one,
    const std::function<std::optional<Value>(const Value &, const Value &)> &f,
    llvm::StringRef hiddenName);

/// categorical x categorical -> numerical SequenceMap: the same AND neurons,
/// W2[h_ij -> out] = f(i, j) (any sign). Width <= |X| * |Y|.
MLP sequenceMapCategoricalToNumericalMLP(
    const VectorSpace &input1Space, const VectorSpace &input2Space,
    const BasisDirection &outputDir, const BasisDirection &one,
    const std::function<std::optional<double>(const Value &, const Value &)> &f,
    llvm::StringRef hiddenName);

/// numerical LinearSequenceMap out = a*x + b*y, exact: ReLU(x) - ReLU(-x)
/// per input. Width 4, less when a factor is 0 or x and y are the same
/// direction (then one pair with factor a + b).
MLP linearSequenceMapMLP(const BasisDirection &input1Dir,
                         const BasisDirection &input2Dir,
                         const BasisDirection &outputDir, double a, double b,
                         llvm::StringRef hiddenName);

} // namespace rasp::craft

#endif // RASP_CRAFT_CHAMBER_H
