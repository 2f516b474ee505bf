//===- Lowering.h - IR building shared by buildSketch and toIR --*- C++ -*-===//
//
// Internal to lib/Learn. learn::buildSketch (Sketch.cpp) and learn::toIR
// (ToIR.cpp) lay out the same ops for a Transformer Program: the sketch with
// holes where a trained value goes, toIR with the trained values. The ops
// they share are built here once: the input variables, a categorical head
// by its nearest match, a numerical head's selection and sum, the
// classifier, and the filled tables (also what fillSketch puts in a hole).
// Each builder creates its ops in one fixed order (op ids follow it).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_LEARN_LOWERING_H
#define RASP_LIB_LEARN_LOWERING_H

#include "rasp/IR/IR.h"
#include "rasp/Learn/Program.h"

#include <functional>
#include <string>
#include <vector>

namespace rasp {
namespace learn {
namespace lowering {

using E = ir::ElemExprPtr;

E arg(unsigned i);
E cst(int64_t v);
E bin(py::BinOp op, E a, E b);
E tern(E c, E t, E f);
/// index -> values[index], a constant list described as \p what.
E lookup(E index, std::vector<Atom> values, const std::string &what);
template <typename T> std::vector<Atom> ints(const std::vector<T> &xs) {
  std::vector<Atom> v;
  for (T x : xs)
    v.push_back(Atom::integer(int64_t(x)));
  return v;
}

/// Filled tables. An embedding variable: table[arg 0] (the token code).
E embedTable(const std::vector<int> &table);
/// pred[arg(i)]:
E predTable(const std::vector<int> &pred, unsigned i);
/// A categorical MLP of (arg 0, arg 1): table[a * k + b].
E mlpTable(const MlpHoles &mh, unsigned k);
/// A numerical MLP: table[min(a, aMax) * (bMax + 1) + min(b, bMax)].
E numMlpTable(const MlpHoles &mh);
/// Label \p w's weights for categorical variable \p v, indexed by its value.
E classifierTable(const std::vector<int64_t> &w, unsigned v, unsigned k);
/// A numerical classifier term: c * arg 0.
E classifierScale(int64_t c);

class Builder {
public:
  explicit Builder(ir::Module &m) : m(m) {}
  ir::Op *map(std::vector<ir::Op *> args, E fn);
  ir::Op *select(ir::Op *keys, ir::Op *queries, ir::Comparison c);
  ir::Op *both(ir::Op *a, ir::Op *b);
  ir::Op *either(ir::Op *a, ir::Op *b);
  ir::Op *width(ir::Op *sel);
  ir::Op *aggregate(ir::Op *sel, ir::Op *sop, int64_t dflt = 0);
  ir::Module &m;
};

/// The variables every program starts from and the selectors it reuses.
struct Inputs {
  ir::Op *idx = nullptr;
  ir::Op *tok = nullptr;     ///< the token's code (0 if none)
  std::vector<ir::Op *> cat; ///< tok, pos (see lowerEmbeddings)
  std::vector<ir::Op *> num; ///< ones
  ir::Op *before = nullptr, *atOrBefore = nullptr; ///< keys < / <= query
};
Inputs lowerInputs(Builder &b, const std::vector<std::string> &tokens);

/// With cfg.variables = N > 0, the categorical inputs become N maps of the
/// token code (\p table gives variable v's function of arg 0), then pos.
void lowerEmbeddings(Builder &b, const SketchConfig &cfg, Inputs &in,
                     const std::function<E(unsigned v)> &table);

/// A key's place in a stable sort by value (distinct).
ir::Op *sortRank(Builder &b, const Inputs &in, ir::Op *K);

/// The predicate table applied to operand \p i of a map.
using PredFn = std::function<E(unsigned i)>;

/// A categorical head reading keys \p K, queries \p Q and values \p V: the
/// nearest matches (K == pred[Q]) on either side by sort rank, then the
/// offset of the nearest other match (causal: the last match at or before
/// the query); its value, 0 where there is none. \p srank gives K's sort
/// rank (made after pred[Q]).
ir::Op *lowerCatHead(Builder &b, const SketchConfig &cfg, const Inputs &in,
                     ir::Op *K, ir::Op *Q, ir::Op *V, const PredFn &pred,
                     const std::function<ir::Op *()> &srank);

/// A numerical head's selection: K == pred[Q] (causal: and key <= query).
ir::Op *numHeadSelect(Builder &b, const SketchConfig &cfg, const Inputs &in,
                      ir::Op *K, ir::Op *Q, const PredFn &pred);
/// The sum over the selected keys: round(mean * width).
ir::Op *roundedSum(Builder &b, ir::Op *mean, ir::Op *width);

/// The classifier: per label a chain of binary sums of one-variable terms
/// (\p term gives label lab's term for the v-th categorical or numerical
/// variable, or nullptr for none), then best = lab if score > best_score
/// else best (the first label on ties); the result is the label's name.
ir::Op *lowerClassifier(
    Builder &b, const Inputs &in, const std::vector<ir::Op *> &cat,
    const std::vector<ir::Op *> &num, const std::vector<std::string> &labels,
    const std::function<ir::Op *(unsigned lab, bool numerical, unsigned v)>
        &term);

} // namespace lowering
} // namespace learn
} // namespace rasp

#endif
