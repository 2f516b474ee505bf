//===- Classifier.h - A linear classifier output as the unembedding -------===//
//
/// \file
/// Private to lib/Compile. A Transformer Program (rasp-learn) ends in a
/// classifier: per label, a score that is a sum of one term per variable (a
/// weight per categorical value, a coefficient times a numerical value),
/// then the first label with the highest score. As one map over every
/// variable it would need a table over the product of their value sets;
/// but it is exactly what a compiled model's unembedding does (a linear map
/// from the residual to the output logits, then argmax), so the compiler
/// compiles the variables and puts the weights into the unembedding.
///
/// matchLinearClassifier recognises the form Program::toRasp prints
/// (docs/Learn.md, "Back to weights"):
///
///   score_l = t_1 + t_2 + ... ;          # each t a function of one s-op
///   best = 0 * indices;  best_score = score_0;
///   best = l if score_l > best_score else best;                 # l = 1..L-1
///   best_score = score_l if score_l > best_score else best_score;
///   out = [label_0, ..., label_L-1][best];
///
/// Anything else is left to the ordinary lowering.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_COMPILE_CLASSIFIER_H
#define RASP_LIB_COMPILE_CLASSIFIER_H

#include "rasp/Craft/Basis.h"
#include "rasp/IR/IR.h"
#include "rasp/Support/Atom.h"

#include <Eigen/Dense>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rasp {
namespace compile {

struct LinearClassifier {
  std::vector<Atom> labels; ///< in label order (index = the argmax)
  /// The s-ops the scores read, each once (the compiled model's outputs).
  std::vector<ir::Op *> inputs;
  /// One term of a score: fn applied to input `input` (fn null: the value
  /// itself).
  struct Term {
    unsigned input;
    const ir::ElemExpr *fn;
  };
  std::vector<std::vector<Term>> terms; ///< [label]
};

/// The classifier \p output computes, if it has the form above.
std::optional<LinearClassifier> matchLinearClassifier(ir::Op *output);

/// How the compiler lays out one classifier input.
struct ClassifierInput {
  enum Kind { Const, Cat, Num } kind = Cat;
  Atom constValue;                  ///< Const
  std::vector<Atom> values;         ///< Cat: the value of each direction
  std::vector<craft::BasisDirection> dirs; ///< Cat: one per value; Num: one
};

/// The unembedding (residual x labels) giving, at every position, logits
/// whose argmax is the classifier's label: with integer weights the logits
/// are 2L * score + (L - 1 - label), so equal scores go to the first label
/// as in the program and every other gap is at least 1. \p one is the
/// residual's constant direction. On failure returns nullopt and sets
/// \p error (a numerical input read through a non-linear term, a weight
/// that is not a number).
std::optional<Eigen::MatrixXd> linearClassifierUnembedding(
    const LinearClassifier &c, const craft::VectorSpace &resid,
    const craft::BasisDirection &one,
    const std::function<ClassifierInput(const ir::Op *)> &layout,
    std::string &error);

} // namespace compile
} // namespace rasp

#endif // RASP_LIB_COMPILE_CLASSIFIER_H
