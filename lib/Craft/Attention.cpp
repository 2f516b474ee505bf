//===- Attention.cpp - Attention block builders ---------------------------===//
//
// Aggregate heads and the selector-width block. The constants and their
// derivations are documented in rasp/Craft/Chamber.h.
//
//===----------------------------------------------------------------------===//

#include "rasp/Craft/Chamber.h"

#include "Discretise.h"

#include <cassert>
#include <cmath>

using namespace rasp::craft;

double rasp::craft::attentionColdness(unsigned maxSeqLen, double leakage) {
  assert(leakage > 0 && leakage < 1 && "leakage must be in (0, 1)");
  return 2.0 * std::log((static_cast<double>(maxSeqLen) + 1.0) / leakage);
}

/// W_QK for a categorical select: c * pred(key, query) on value pairs and
/// bosWeight * c on (one, bos).
static MatrixInSpaces
selectPattern(const VectorSpace &querySpace, const VectorSpace &keySpace,
              const BasisDirection &bos, const BasisDirection &one,
              const SelectPredicate &pred, double coldness, double bosWeight) {
  VectorSpace q = VectorSpace::join(querySpace, VectorSpace::of(one));
  VectorSpace k = VectorSpace::join(keySpace, VectorSpace::of(bos));
  MatrixInSpaces qk(q, k);
  for (size_t i = 0; i < q.size(); ++i) {
    const BasisDirection &qd = q[i];
    if (qd == one || qd == bos)
      continue;
    assert(qd.value && "query directions of a select must carry values");
    for (size_t j = 0; j < k.size(); ++j) {
      const BasisDirection &kd = k[j];
      if (kd == bos || kd == one)
        continue;
      assert(kd.value && "key directions of a select must carry values");
      if (pred(*kd.value, *qd.value))
        qk.m(i, j) = coldness;
    }
  }
  qk.at(one, bos) = bosWeight * coldness;
  return qk;
}

AttentionHead rasp::craft::categoricalAggregate(
    const VectorSpace &querySpace, const VectorSpace &keySpace,
    const VectorSpace &valueSpace, const VectorSpace &outputSpace,
    const BasisDirection &bos, const BasisDirection &one,
    const SelectPredicate &pred, const AttentionOptions &opts) {
  AttentionHead head;
  head.coldness = attentionColdness(opts.maxSeqLen, opts.leakage);
  head.causal = opts.causal;
  head.qk =
      selectPattern(querySpace, keySpace, bos, one, pred, head.coldness, 0.5);
  head.ov = MatrixInSpaces(valueSpace, outputSpace);
  for (size_t i = 0; i < valueSpace.size(); ++i) {
    const BasisDirection &vd = valueSpace[i];
    assert(vd.value && "categorical value directions must carry values");
    std::optional<size_t> o = findByValue(outputSpace, *vd.value);
    assert(o && "aggregate output space lacks a value of its input");
    if (o)
      head.ov.m(i, *o) = 1.0;
  }
  return head;
}

AttentionHead rasp::craft::numericalAggregate(
    const VectorSpace &querySpace, const VectorSpace &keySpace,
    const BasisDirection &valueDir, const BasisDirection &outputDir,
    const BasisDirection &bos, const BasisDirection &one,
    const SelectPredicate &pred, const AttentionOptions &opts) {
  AttentionHead head;
  head.coldness = attentionColdness(opts.maxSeqLen, opts.leakage);
  head.causal = opts.causal;
  head.qk =
      selectPattern(querySpace, keySpace, bos, one, pred, head.coldness, 0.5);
  head.ov =
      MatrixInSpaces(VectorSpace::of(valueDir), VectorSpace::of(outputDir));
  head.ov.m(0, 0) = 1.0;
  return head;
}

BasisDirection rasp::craft::selectorWidthScratch(llvm::StringRef label) {
  return BasisDirection(label.str() + "_selector_width_attn_output");
}

SeriesWithResiduals rasp::craft::selectorWidth(
    const VectorSpace &querySpace, const VectorSpace &keySpace,
    const VectorSpace &outputSpace, bool categoricalOutput,
    const BasisDirection &bos, const BasisDirection &one,
    const SelectPredicate &pred, const AttentionOptions &opts,
    llvm::StringRef label) {
  assert((categoricalOutput || outputSpace.size() == 1) &&
         "numerical selector width writes one direction");
  BasisDirection scratch = selectorWidthScratch(label);
  std::string hiddenName = "_hidden_" + label.str() + "_";

  // Attention: BOS always attended with the weight of a selected key, its
  // value (the bos direction) written to the scratch direction: 1/(w+1).
  SeriesWithResiduals block;
  AttentionHead &head = block.attn;
  head.coldness = attentionColdness(opts.maxSeqLen, opts.leakage);
  head.causal = opts.causal;
  head.qk =
      selectPattern(querySpace, keySpace, bos, one, pred, head.coldness, 1.0);
  head.ov = MatrixInSpaces(VectorSpace::of(bos), VectorSpace::of(scratch));
  head.ov.m(0, 0) = 1.0;

  // MLP: 1/(w+1) -> w for w = 0..N.
  unsigned n = opts.maxSeqLen;
  std::vector<DiscretePoint> points;
  points.reserve(n + 1);
  for (unsigned w = 0; w <= n; ++w) {
    Eigen::RowVectorXd y = Eigen::RowVectorXd::Zero(outputSpace.size());
    if (categoricalOutput) {
      std::optional<size_t> o =
          findByValue(outputSpace, Value(static_cast<int64_t>(w)));
      assert(o && "categorical selector width output lacks a value 0..N");
      if (o)
        y(*o) = 1.0;
    } else {
      y(0) = static_cast<double>(w);
    }
    points.push_back({1.0 / (static_cast<double>(w) + 1.0), std::move(y)});
  }
  MLP discretiser =
      discretisingMLP(scratch, one, outputSpace, std::move(points), hiddenName);

  // Clean-up at BOS: there the head wrote 1 (BOS attends only to itself)
  // and the MLP decoded it as w = 0. Subtract both, gated by bos.
  BasisDirection clean(hiddenName + "clean_bos");
  VectorSpace cleanOut =
      VectorSpace::join(VectorSpace::of(scratch), outputSpace);
  MatrixInSpaces fst(VectorSpace::of(bos), VectorSpace::of(clean));
  fst.m(0, 0) = 1.0;
  MatrixInSpaces snd(VectorSpace::of(clean), cleanOut);
  snd.at(clean, scratch) = -1.0;
  if (categoricalOutput) {
    std::optional<size_t> zero = findByValue(outputSpace, Value(int64_t(0)));
    if (zero)
      snd.at(clean, outputSpace[*zero]) = -1.0;
  }
  std::vector<MLP> parts;
  parts.push_back(std::move(discretiser));
  parts.push_back(MLP(std::move(fst), std::move(snd)));
  block.mlp = MLP::combineInParallel(parts);
  return block;
}
