//===- MLP.cpp - MLP block builders ---------------------------------------===//
//
// Lookup tables, sequence maps and the discretising MLP. The constructions,
// their widths and their constants are documented in rasp/Craft/Chamber.h.
//
//===----------------------------------------------------------------------===//

#include "rasp/Craft/Chamber.h"

#include "Discretise.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>

using namespace rasp::craft;

std::optional<size_t> rasp::craft::findByValue(const VectorSpace &space,
                                               const Value &v) {
  if (space.empty())
    return std::nullopt;
  // Categorical spaces have one name: a binary search finds the value.
  if (std::optional<size_t> i = space.find(BasisDirection(space[0].name, v)))
    return i;
  for (size_t i = 0; i < space.size(); ++i)
    if (space[i].value && *space[i].value == v)
      return i;
  return std::nullopt;
}

static BasisDirection hiddenDir(llvm::StringRef hiddenName, int64_t i) {
  return BasisDirection(hiddenName.str(), Value(i));
}

//===----------------------------------------------------------------------===//
// Discretising MLP
//===----------------------------------------------------------------------===//

namespace {
/// One step of the discretisation: the output jumps by `delta` at
/// `threshold`, over a ramp of width 1/slope centred on it.
struct Step {
  double threshold, slope;
  Eigen::RowVectorXd delta;
  bool falling;
};
} // namespace

MLP rasp::craft::discretisingMLP(const BasisDirection &inputDir,
                                 const BasisDirection &one,
                                 const VectorSpace &outputSpace,
                                 std::vector<DiscretePoint> points,
                                 llvm::StringRef hiddenName) {
  std::sort(
      points.begin(), points.end(),
      [](const DiscretePoint &a, const DiscretePoint &b) { return a.x < b.x; });
  size_t n = points.size();
  Eigen::RowVectorXd constant = Eigen::RowVectorXd::Zero(outputSpace.size());
  std::vector<Step> steps;
  if (n > 0) {
    double lo = points.front().x, hi = points.back().x;
    constant = points.front().y;
    for (size_t k = 1; k < n; ++k) {
      const DiscretePoint &a = points[k - 1], &b = points[k];
      assert(std::isfinite(a.x) && std::isfinite(b.x) && a.x < b.x &&
             "discretisation inputs must be finite and distinct");
      Eigen::RowVectorXd delta = b.y - a.y;
      if ((delta.array() == 0).all())
        continue;
      double gap = b.x - a.x;
      double t = a.x + gap / 2;
      // Falling steps for thresholds in the lower half keep activations
      // below slope * min(t - lo, hi - t) + 1/2.
      bool falling = t - lo < hi - t;
      if (falling)
        constant += delta;
      steps.push_back({t, 2.0 / gap, std::move(delta), falling});
    }
  }

  bool hasConstant = !(constant.array() == 0).all();
  std::vector<BasisDirection> hidden;
  int64_t next = 0;
  if (hasConstant)
    hidden.push_back(hiddenDir(hiddenName, next++));
  for (size_t s = 0; s < steps.size(); ++s) {
    hidden.push_back(hiddenDir(hiddenName, next++));
    hidden.push_back(hiddenDir(hiddenName, next++));
  }
  VectorSpace hiddenSpace(hidden);
  VectorSpace in =
      VectorSpace::join(VectorSpace::of(inputDir), VectorSpace::of(one));
  size_t xRow = in.indexOf(inputDir), oneRow = in.indexOf(one);
  MatrixInSpaces fst(in, hiddenSpace);
  MatrixInSpaces snd(hiddenSpace, outputSpace);

  size_t col = 0;
  if (hasConstant) {
    fst.m(oneRow, col) = 1.0;
    snd.m.row(col) = constant;
    ++col;
  }
  for (const Step &s : steps) {
    // Rising:  h0 = ReLU(L(x - t) + 1/2), h1 = ReLU(L(x - t) - 1/2),
    //          s = h0 - h1, contributes +delta * s.
    // Falling: h0 = ReLU(L(t - x) + 1/2), h1 = ReLU(L(t - x) - 1/2),
    //          1 - s = h0 - h1, contributes -delta * (1 - s).
    double sign = s.falling ? -1.0 : 1.0;
    double w = sign * s.slope;
    double b = -sign * s.slope * s.threshold;
    fst.m(xRow, col) = w;
    fst.m(oneRow, col) = b + 0.5;
    fst.m(xRow, col + 1) = w;
    fst.m(oneRow, col + 1) = b - 0.5;
    snd.m.row(col) = sign * s.delta;
    snd.m.row(col + 1) = -sign * s.delta;
    col += 2;
  }
  return MLP(std::move(fst), std::move(snd));
}

/// The distinct finite values of \p xs, sorted.
static std::vector<double> distinctInputs(llvm::ArrayRef<double> xs) {
  std::vector<double> r;
  for (double x : xs) {
    assert(std::isfinite(x) && "numerical input values must be finite");
    if (std::isfinite(x))
      r.push_back(x);
  }
  std::sort(r.begin(), r.end());
  r.erase(std::unique(r.begin(), r.end()), r.end());
  return r;
}

MLP rasp::craft::numericalMLP(
    const BasisDirection &inputDir, const BasisDirection &outputDir,
    const BasisDirection &one, llvm::ArrayRef<double> inputValues,
    const std::function<std::optional<double>(double)> &f,
    llvm::StringRef hiddenName) {
  std::vector<DiscretePoint> points;
  for (double x : distinctInputs(inputValues)) {
    std::optional<double> y = f(x);
    if (!y)
      continue;
    assert(std::isfinite(*y) && "numerical MLP outputs must be finite");
    points.push_back({x, Eigen::RowVectorXd::Constant(1, *y)});
  }
  return discretisingMLP(inputDir, one, VectorSpace::of(outputDir),
                         std::move(points), hiddenName);
}

MLP rasp::craft::numericalToCategoricalMLP(
    const BasisDirection &inputDir, const VectorSpace &outputSpace,
    const BasisDirection &one, llvm::ArrayRef<double> inputValues,
    const std::function<std::optional<Value>(double)> &f,
    llvm::StringRef hiddenName) {
  std::vector<DiscretePoint> points;
  for (double x : distinctInputs(inputValues)) {
    std::optional<Value> y = f(x);
    if (!y)
      continue;
    std::optional<size_t> o = findByValue(outputSpace, *y);
    assert(o && "numerical-to-categorical output value not in output space");
    if (!o)
      continue;
    Eigen::RowVectorXd v = Eigen::RowVectorXd::Zero(outputSpace.size());
    v(*o) = 1.0;
    points.push_back({x, std::move(v)});
  }
  return discretisingMLP(inputDir, one, outputSpace, std::move(points),
                         hiddenName);
}

//===----------------------------------------------------------------------===//
// Categorical inputs
//===----------------------------------------------------------------------===//

MLP rasp::craft::categoricalMLP(
    const VectorSpace &inputSpace, const VectorSpace &outputSpace,
    const std::function<std::optional<Value>(const Value &)> &f,
    llvm::StringRef hiddenName) {
  // (input row, output column) for every input with an image.
  std::vector<std::pair<size_t, size_t>> table;
  std::vector<bool> outputUsed(outputSpace.size(), false);
  for (size_t i = 0; i < inputSpace.size(); ++i) {
    assert(inputSpace[i].value && "categorical directions must carry values");
    std::optional<Value> y = f(*inputSpace[i].value);
    if (!y)
      continue;
    std::optional<size_t> o = findByValue(outputSpace, *y);
    if (!o)
      continue;
    table.emplace_back(i, *o);
    outputUsed[*o] = true;
  }
  size_t numOutputs = std::count(outputUsed.begin(), outputUsed.end(), true);

  std::vector<BasisDirection> hidden;
  bool perOutput = numOutputs <= table.size();
  if (perOutput) {
    for (size_t o = 0; o < outputSpace.size(); ++o)
      if (outputUsed[o])
        hidden.emplace_back(hiddenName.str(), *outputSpace[o].value);
  } else {
    for (auto [i, o] : table)
      hidden.emplace_back(hiddenName.str(), *inputSpace[i].value);
  }
  VectorSpace hiddenSpace(hidden);
  MatrixInSpaces fst(inputSpace, hiddenSpace);
  MatrixInSpaces snd(hiddenSpace, outputSpace);
  for (auto [i, o] : table) {
    const Value &key = perOutput ? *outputSpace[o].value : *inputSpace[i].value;
    size_t h = hiddenSpace.indexOf(BasisDirection(hiddenName.str(), key));
    fst.m(i, h) = 1.0;
    snd.m(h, o) = 1.0;
  }
  return MLP(std::move(fst), std::move(snd));
}

MLP rasp::craft::categoricalToNumericalMLP(
    const VectorSpace &inputSpace, const BasisDirection &outputDir,
    const std::function<std::optional<double>(const Value &)> &f,
    llvm::StringRef hiddenName) {
  Eigen::VectorXd pos = Eigen::VectorXd::Zero(inputSpace.size());
  Eigen::VectorXd neg = Eigen::VectorXd::Zero(inputSpace.size());
  for (size_t i = 0; i < inputSpace.size(); ++i) {
    assert(inputSpace[i].value && "categorical directions must carry values");
    std::optional<double> y = f(*inputSpace[i].value);
    if (!y)
      continue;
    assert(std::isfinite(*y) && "numerical MLP outputs must be finite");
    if (*y > 0)
      pos(i) = *y;
    else if (*y < 0)
      neg(i) = -*y;
  }
  // Neuron +1 carries the positive part, neuron -1 the negative part.
  std::vector<BasisDirection> hidden;
  bool hasPos = (pos.array() != 0).any(), hasNeg = (neg.array() != 0).any();
  if (hasPos)
    hidden.push_back(hiddenDir(hiddenName, 1));
  if (hasNeg)
    hidden.push_back(hiddenDir(hiddenName, -1));
  VectorSpace hiddenSpace(hidden);
  VectorSpace out = VectorSpace::of(outputDir);
  MatrixInSpaces fst(inputSpace, hiddenSpace);
  MatrixInSpaces snd(hiddenSpace, out);
  if (hasPos) {
    size_t h = hiddenSpace.indexOf(hiddenDir(hiddenName, 1));
    fst.m.col(h) = pos;
    snd.m(h, 0) = 1.0;
  }
  if (hasNeg) {
    size_t h = hiddenSpace.indexOf(hiddenDir(hiddenName, -1));
    fst.m.col(h) = neg;
    snd.m(h, 0) = -1.0;
  }
  return MLP(std::move(fst), std::move(snd));
}

/// The AND neurons of a categorical SequenceMap, for the pairs where
/// \p image gives an output row (a vector over \p outputSpace).
template <typename ImageFn>
static MLP
andNeuronMLP(const VectorSpace &input1Space, const VectorSpace &input2Space,
             const VectorSpace &outputSpace, const BasisDirection &one,
             llvm::StringRef hiddenName, ImageFn image) {
  assert(input1Space.isDisjointFrom(input2Space) &&
         "sequence map inputs must be disjoint; use a map for f(x, x)");
  assert(!input1Space.contains(one) && !input2Space.contains(one) &&
         "sequence map inputs must not contain 'one'");
  struct Pair {
    size_t i, j;
    Eigen::RowVectorXd y;
  };
  std::vector<Pair> pairs;
  size_t ny = input2Space.size();
  for (size_t i = 0; i < input1Space.size(); ++i) {
    assert(input1Space[i].value && "categorical directions must carry values");
    for (size_t j = 0; j < ny; ++j) {
      assert(input2Space[j].value &&
             "categorical directions must carry values");
      std::optional<Eigen::RowVectorXd> y =
          image(*input1Space[i].value, *input2Space[j].value);
      if (y && !(y->array() == 0).all())
        pairs.push_back({i, j, std::move(*y)});
    }
  }
  std::vector<BasisDirection> hidden;
  for (const Pair &p : pairs)
    hidden.push_back(
        hiddenDir(hiddenName, static_cast<int64_t>(p.i * ny + p.j)));
  VectorSpace hiddenSpace(hidden);
  VectorSpace in =
      VectorSpace::join({input1Space, input2Space, VectorSpace::of(one)});
  MatrixInSpaces fst(in, hiddenSpace);
  MatrixInSpaces snd(hiddenSpace, outputSpace);
  size_t oneRow = in.indexOf(one);
  // Pairs were generated in (i, j) order, which is the hidden order too.
  for (size_t h = 0; h < pairs.size(); ++h) {
    const Pair &p = pairs[h];
    fst.m(in.indexOf(input1Space[p.i]), h) = 1.0;
    fst.m(in.indexOf(input2Space[p.j]), h) = 1.0;
    fst.m(oneRow, h) = -1.0;
    snd.m.row(h) = p.y;
  }
  return MLP(std::move(fst), std::move(snd));
}

MLP rasp::craft::sequenceMapCategoricalMLP(
    const VectorSpace &input1Space, const VectorSpace &input2Space,
    const VectorSpace &outputSpace, const BasisDirection &one,
    const std::function<std::optional<Value>(const Value &, const Value &)> &f,
    llvm::StringRef hiddenName) {
  return andNeuronMLP(
      input1Space, input2Space, outputSpace, one, hiddenName,
      [&](const Value &x, const Value &y) -> std::optional<Eigen::RowVectorXd> {
        std::optional<Value> r = f(x, y);
        if (!r)
          return std::nullopt;
        std::optional<size_t> o = findByValue(outputSpace, *r);
        if (!o)
          return std::nullopt;
        Eigen::RowVectorXd v = Eigen::RowVectorXd::Zero(outputSpace.size());
        v(*o) = 1.0;
        return v;
      });
}

MLP rasp::craft::sequenceMapCategoricalToNumericalMLP(
    const VectorSpace &input1Space, const VectorSpace &input2Space,
    const BasisDirection &outputDir, const BasisDirection &one,
    const std::function<std::optional<double>(const Value &, const Value &)> &f,
    llvm::StringRef hiddenName) {
  return andNeuronMLP(
      input1Space, input2Space, VectorSpace::of(outputDir), one, hiddenName,
      [&](const Value &x, const Value &y) -> std::optional<Eigen::RowVectorXd> {
        std::optional<double> r = f(x, y);
        if (!r)
          return std::nullopt;
        assert(std::isfinite(*r) && "numerical MLP outputs must be finite");
        return Eigen::RowVectorXd::Constant(1, *r);
      });
}

MLP rasp::craft::linearSequenceMapMLP(const BasisDirection &input1Dir,
                                      const BasisDirection &input2Dir,
                                      const BasisDirection &outputDir, double a,
                                      double b, llvm::StringRef hiddenName) {
  // (input, factor) terms; the same input twice folds into one term.
  std::vector<std::pair<BasisDirection, double>> terms;
  if (input1Dir == input2Dir)
    terms.emplace_back(input1Dir, a + b);
  else
    terms = {{input1Dir, a}, {input2Dir, b}};
  terms.erase(std::remove_if(terms.begin(), terms.end(),
                             [](const auto &t) { return t.second == 0; }),
              terms.end());

  // Neurons 2t and 2t+1 hold ReLU(x) and ReLU(-x) of term t.
  std::vector<BasisDirection> hidden;
  for (size_t t = 0; t < terms.size(); ++t) {
    hidden.push_back(hiddenDir(hiddenName, 2 * t));
    hidden.push_back(hiddenDir(hiddenName, 2 * t + 1));
  }
  VectorSpace hiddenSpace(hidden);
  VectorSpace in =
      VectorSpace::join(VectorSpace::of(input1Dir), VectorSpace::of(input2Dir));
  MatrixInSpaces fst(in, hiddenSpace);
  MatrixInSpaces snd(hiddenSpace, VectorSpace::of(outputDir));
  for (size_t t = 0; t < terms.size(); ++t) {
    size_t row = in.indexOf(terms[t].first);
    fst.m(row, 2 * t) = 1.0;
    fst.m(row, 2 * t + 1) = -1.0;
    snd.m(2 * t, 0) = terms[t].second;
    snd.m(2 * t + 1, 0) = -terms[t].second;
  }
  return MLP(std::move(fst), std::move(snd));
}
