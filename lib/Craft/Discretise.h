//===- Discretise.h - Shared pieces of the block builders -------*- C++ -*-===//
//
/// \file
/// Private to lib/Craft: the discretising MLP shared by numericalMLP,
/// numericalToCategoricalMLP and selectorWidth, and value lookup in a
/// categorical space.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_CRAFT_DISCRETISE_H
#define RASP_LIB_CRAFT_DISCRETISE_H

#include "rasp/Craft/Blocks.h"

#include <optional>
#include <vector>

namespace rasp::craft {

/// One input value and the output vector (in the output space) it maps to.
struct DiscretePoint {
  double x;
  Eigen::RowVectorXd y;
};

/// The discretising MLP of Chamber.h (numericalMLP) from inputDir (+ one) to
/// outputSpace over \p points, whose x must be finite and distinct.
MLP discretisingMLP(const BasisDirection &inputDir, const BasisDirection &one,
                    const VectorSpace &outputSpace,
                    std::vector<DiscretePoint> points,
                    llvm::StringRef hiddenName);

/// The position of the direction of \p space whose value is \p v.
std::optional<size_t> findByValue(const VectorSpace &space, const Value &v);

} // namespace rasp::craft

#endif // RASP_LIB_CRAFT_DISCRETISE_H
