//===- ValueSets.cpp - Value-set inference over the IR --------------------===//
//
// Algorithm: visit the ops in topological order (ascending id); each op's
// set is a function of its operands' sets:
//   tokens      the vocabulary, converted as tokens_* converts it
//   indices     {0 .. N-1}
//   constant    {c}
//   map         f over the Cartesian product of the operand sets
//   width       {0 .. N}
//   aggregate   categorical: values of the aggregated s-op, plus the default;
//               numerical: plus every mean of 2..N of them (sums enumerated
//               by count, exactly, then divided as Python divides)
//
//===----------------------------------------------------------------------===//

#include "rasp/IR/ValueSets.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>
#include <set>

using namespace rasp;
using namespace rasp::ir;

bool ir::atomLess(const Atom &a, const Atom &b) {
  if (a.isStr() != b.isStr())
    return !a.isStr();
  if (a.isStr())
    return a.getStr() < b.getStr();
  Atom lt;
  py::Status st = py::binary(py::BinOp::Lt, a, b, lt);
  return st.ok && lt.getBool();
}

ValueSet::ValueSet(std::vector<Atom> vals) {
  for (Atom &a : vals)
    insert(a);
}

void ValueSet::insert(const Atom &a) {
  auto it = std::lower_bound(values.begin(), values.end(), a, atomLess);
  if (it != values.end() && !atomLess(a, *it) && py::equals(a, *it))
    return;
  values.insert(it, a);
}

bool ValueSet::contains(const Atom &a) const {
  auto it = std::lower_bound(values.begin(), values.end(), a, atomLess);
  return it != values.end() && py::equals(a, *it);
}

bool ValueSet::isNumeric() const {
  return llvm::all_of(values, [](const Atom &a) { return a.isNumber(); });
}

static std::optional<ValueSetError> tooLarge(const Op *op, size_t limit) {
  return ValueSetError{op, "value set of " +
                               getOpKindName(op->getKind()).str() +
                               " has more than " + std::to_string(limit) +
                               " values"};
}

/// Every mean of 2..maxLen values drawn (with repetition) from \p vals.
static std::optional<std::string>
addMeans(const ValueSet &vals, unsigned maxLen, size_t limit, ValueSet &out) {
  bool allInt = llvm::all_of(vals.getValues(),
                             [](const Atom &a) { return a.isSmallInt(); });
  if (allInt) {
    // Reachable integer sums with exactly m values, m = 1..maxLen.
    std::set<int64_t> sums;
    for (const Atom &a : vals.getValues())
      sums.insert(a.getInt());
    std::set<int64_t> base = sums;
    for (unsigned m = 2; m <= maxLen; ++m) {
      std::set<int64_t> next;
      for (int64_t s : sums)
        for (int64_t v : base) {
          next.insert(s + v);
          if (next.size() > limit)
            return std::string("too many possible sums of selected values");
        }
      sums = std::move(next);
      for (int64_t s : sums) {
        out.insert(Atom::real(double(s) / double(m)));
        if (out.size() > limit)
          return std::string("too many possible means");
      }
    }
    return std::nullopt;
  }
  // Floats: enumerate sums exactly as doubles added in order (approximate
  // for values whose sums round differently in another order).
  std::set<double> sums;
  for (const Atom &a : vals.getValues())
    sums.insert(a.toDouble());
  std::set<double> base = sums;
  for (unsigned m = 2; m <= maxLen; ++m) {
    std::set<double> next;
    for (double s : sums)
      for (double v : base) {
        next.insert(s + v);
        if (next.size() > limit)
          return std::string("too many possible sums of selected values");
      }
    sums = std::move(next);
    for (double s : sums) {
      out.insert(Atom::real(s / double(m)));
      if (out.size() > limit)
        return std::string("too many possible means");
    }
  }
  return std::nullopt;
}

std::optional<ValueSetError>
ir::inferValueSets(llvm::ArrayRef<Op *> roots, const ValueSetOptions &options,
                   llvm::DenseMap<const Op *, ValueSet> &sets) {
  unsigned n = options.maxSeqLen;
  for (Op *op : collectDependencies(roots)) {
    if (op->isSelector())
      continue;
    ValueSet set;
    switch (op->getKind()) {
    case OpKind::Tokens: {
      TokensConv conv = llvm::cast<TokensOp>(op)->getConv();
      for (const Atom &v : options.vocab) {
        Atom out = v;
        py::Status st;
        switch (conv) {
        case TokensConv::Str:
          out = Atom::string(py::str(v));
          break;
        case TokensConv::Int:
          st = py::toInt(v, out);
          break;
        case TokensConv::Float:
          st = py::toFloat(v, out);
          break;
        case TokensConv::Bool:
          out = Atom::boolean(py::truthy(v));
          break;
        case TokensConv::AsIs:
          break;
        }
        if (st.ok)
          set.insert(out);
      }
      break;
    }
    case OpKind::Indices:
      for (unsigned i = 0; i < n; ++i)
        set.insert(Atom::integer(i));
      break;
    case OpKind::Constant:
      set.insert(llvm::cast<ConstantOp>(op)->getValue());
      break;
    case OpKind::SelectorWidth:
      for (unsigned i = 0; i <= n; ++i)
        set.insert(Atom::integer(i));
      break;
    case OpKind::Map:
    case OpKind::SequenceMap: {
      const ElemExpr &fn = llvm::cast<MapOp>(op)->getFunction();
      std::vector<const ValueSet *> operands;
      size_t combos = 1;
      for (Op *o : op->getOperands()) {
        operands.push_back(&sets[o]);
        combos *= std::max<size_t>(1, sets[o].size());
        if (combos > options.maxCombinations)
          return ValueSetError{op, "map over more than " +
                                       std::to_string(options.maxCombinations) +
                                       " combinations of operand values"};
      }
      std::vector<size_t> idx(operands.size(), 0);
      bool anyEmpty = llvm::any_of(operands,
                                   [](const ValueSet *s) { return s->empty(); });
      if (anyEmpty)
        break;
      std::vector<const Atom *> args(operands.size());
      while (true) {
        for (size_t k = 0; k < operands.size(); ++k)
          args[k] = &operands[k]->getValues()[idx[k]];
        Atom out;
        ElemError err;
        if (evaluateElem(fn, args, out, err)) {
          set.insert(out);
          if (set.size() > options.maxSetSize)
            return tooLarge(op, options.maxSetSize);
        }
        size_t k = 0;
        while (k < idx.size() && ++idx[k] == operands[k]->size())
          idx[k++] = 0;
        if (k == idx.size())
          break;
      }
      break;
    }
    case OpKind::Aggregate: {
      const auto *agg = llvm::cast<AggregateOp>(op);
      const ValueSet &vals = sets[agg->getSOp()];
      for (const Atom &v : vals.getValues())
        set.insert(v);
      set.insert(agg->getDefault());
      if (op->getEncoding() == Encoding::Numerical && vals.isNumeric()) {
        if (auto why = addMeans(vals, n, options.maxSetSize, set))
          return ValueSetError{op, "value set of numerical aggregate: " +
                                       *why + " (more than " +
                                       std::to_string(options.maxSetSize) +
                                       ")"};
      }
      break;
    }
    case OpKind::Select:
    case OpKind::SelectorAnd:
    case OpKind::SelectorOr:
    case OpKind::SelectorNot:
      break;
    }
    sets[op] = std::move(set);
  }
  return std::nullopt;
}
