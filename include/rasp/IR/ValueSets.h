//===- ValueSets.h - Value-set inference over the IR ------------*- C++ -*-===//
//
/// \file
/// For a vocabulary and a maximum sequence length, the finite set of values
/// every s-op can take. The compiler sizes every categorical subspace and
/// every discretising MLP from these sets, so they must be complete: a
/// numerical mean's set holds every mean its selector can produce (Tracr's
/// holds only {0} and 1/n, which miscompiles anything applied after
/// frac_prevs).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_IR_VALUESETS_H
#define RASP_IR_VALUESETS_H

#include "rasp/IR/IR.h"
#include "rasp/Support/Atom.h"

#include "llvm/ADT/DenseMap.h"

#include <optional>
#include <string>
#include <vector>

namespace rasp {
namespace ir {

/// Orders atoms canonically: numbers (bools, ints, floats) by value, then
/// strings; true when \p a comes first. Python-equal atoms are equivalent.
bool atomLess(const Atom &a, const Atom &b);

/// A finite set of atoms, sorted by atomLess, without Python-equal
/// duplicates (1, 1.0 and True are one value; the first kept wins).
class ValueSet {
public:
  ValueSet() = default;
  explicit ValueSet(std::vector<Atom> values);
  void insert(const Atom &a);
  bool contains(const Atom &a) const;
  size_t size() const { return values.size(); }
  bool empty() const { return values.empty(); }
  llvm::ArrayRef<Atom> getValues() const { return values; }
  /// True if every value is a number (bools included).
  bool isNumeric() const;

private:
  std::vector<Atom> values;
};

/// The values of an s-op that is a function of one selector's width: at a
/// position where \p sel selects w keys, the s-op's value is in perWidth[w]
/// (w = 0..N). Selector widths and numerical aggregates start families;
/// maps carry them. S-ops of one family are correlated (they see the same
/// w), which keeps e.g. the difference of two means over one selector at
/// fractions of one denominator.
struct WidthFamily {
  const Op *sel = nullptr;
  std::vector<ValueSet> perWidth;
};

struct ValueSetOptions {
  std::vector<Atom> vocab;  ///< the input values (before tokens_* conversion)
  unsigned maxSeqLen = 0;   ///< inputs have 1..maxSeqLen elements
  size_t maxSetSize = 100000; ///< larger sets are reported, not built
  size_t maxCombinations = 16000000; ///< cap on operand value combinations
};

struct ValueSetError {
  const Op *op;        ///< the op whose set could not be computed
  std::string message; ///< why (no trailing period)
};

/// Computes the value set of every s-op \p roots depend on, writing them to
/// \p sets. Aggregates whose encoding is Numerical get every mean of 1..N
/// selected values; others (categorical) get the aggregated values and the
/// default. Element-function combinations that would raise are left out (the
/// program fails on such inputs anyway). Returns an error for the first op
/// whose set is too large. \p families, if given, receives the width
/// families (WidthFamily) found.
std::optional<ValueSetError>
inferValueSets(llvm::ArrayRef<Op *> roots, const ValueSetOptions &options,
               llvm::DenseMap<const Op *, ValueSet> &sets,
               llvm::DenseMap<const Op *, WidthFamily> *families = nullptr);

} // namespace ir
} // namespace rasp

#endif // RASP_IR_VALUESETS_H
