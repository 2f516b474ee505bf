//===- ValueSets.cpp - Value-set inference over the IR --------------------===//
//
// Algorithm: visit the ops in topological order (ascending id); each op's
// set is a function of its operands' sets:
//   tokens      the vocabulary, converted as tokens_* converts it
//   indices     {0 .. N-1}
//   constant    {c}
//   map         f over the Cartesian product of the operand sets (over the
//               values of one s-op when every operand is a map of it)
//   width       {0 .. N}
//   aggregate   categorical: values of the aggregated s-op, plus the default;
//               numerical: plus every mean of 2..N of them (sums enumerated
//               by count, exactly, then divided as Python divides)
//
//===----------------------------------------------------------------------===//

#include "rasp/IR/ValueSets.h"

#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

using namespace rasp;
using namespace rasp::ir;

bool ir::atomLess(const Atom &a, const Atom &b) {
  if (a.isStr() != b.isStr())
    return !a.isStr();
  if (a.isStr())
    return a.getStr() < b.getStr();
  // Fast paths (exact): two small ints, two floats.
  if (a.isSmallInt() && b.isSmallInt())
    return a.getInt() < b.getInt();
  if (a.isFloat() && b.isFloat())
    return a.getFloat() < b.getFloat();
  Atom lt;
  py::Status st = py::binary(py::BinOp::Lt, a, b, lt);
  return st.ok && lt.getBool();
}

ValueSet::ValueSet(std::vector<Atom> vals) {
  // Sort once, then keep the first of each run of Python-equal values (a
  // stable sort keeps insertion order within a run): O(n log n), where
  // inserting one by one would be quadratic on large sets.
  std::stable_sort(vals.begin(), vals.end(), atomLess);
  values.reserve(vals.size());
  for (Atom &a : vals) {
    if (!values.empty() && !atomLess(values.back(), a) &&
        py::equals(values.back(), a))
      continue;
    values.push_back(std::move(a));
  }
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

/// Every mean of m = 2..maxLen values drawn (with repetition) from \p vals,
/// per m: \p perCount[m] gets the means of exactly m values (the interpreter
/// divides the exact int sum, or the float sum in position order).
static std::optional<std::string>
addMeans(const ValueSet &vals, unsigned maxLen, size_t limit,
         std::vector<std::vector<Atom>> &perCount) {
  bool allInt = llvm::all_of(vals.getValues(),
                             [](const Atom &a) { return a.isSmallInt(); });
  size_t total = 0;
  if (allInt) {
    // Reachable integer sums with exactly m values, m = 1..maxLen.
    std::set<int64_t> sums;
    for (const Atom &a : vals.getValues())
      sums.insert(a.getInt());
    std::vector<int64_t> base(sums.begin(), sums.end());
    for (unsigned m = 2; m <= maxLen; ++m) {
      std::set<int64_t> next;
      for (int64_t s : sums)
        for (int64_t v : base) {
          next.insert(s + v);
          if (next.size() > limit)
            return std::string("too many possible sums of selected values");
        }
      sums = std::move(next);
      total += sums.size();
      if (total > 50 * limit)
        return std::string("too many possible means");
      for (int64_t s : sums)
        perCount[m].push_back(Atom::real(double(s) / double(m)));
    }
    return std::nullopt;
  }
  // Floats: enumerate sums exactly as doubles added in order (approximate
  // for values whose sums round differently in another order).
  std::set<double> sums;
  for (const Atom &a : vals.getValues())
    sums.insert(a.toDouble());
  std::vector<double> base(sums.begin(), sums.end());
  for (unsigned m = 2; m <= maxLen; ++m) {
    std::set<double> next;
    for (double s : sums)
      for (double v : base) {
        next.insert(s + v);
        if (next.size() > limit)
          return std::string("too many possible sums of selected values");
      }
    sums = std::move(next);
    total += sums.size();
    if (total > 50 * limit)
      return std::string("too many possible means");
    for (double s : sums)
      perCount[m].push_back(Atom::real(s / double(m)));
  }
  return std::nullopt;
}

/// Two operands of selects that always hold the same values: the same op,
/// or constants with equal values.
static bool sameOperand(const Op *a, const Op *b) {
  if (a == b)
    return true;
  const auto *ca = llvm::dyn_cast<ConstantOp>(a);
  const auto *cb = llvm::dyn_cast<ConstantOp>(b);
  return ca && cb && ca->getValue().getKind() == cb->getValue().getKind() &&
         py::equals(ca->getValue(), cb->getValue());
}

/// Two selectors built alike from the same s-ops (so they select the same
/// keys, and have the same width, at every position).
static bool sameSelector(const Op *a, const Op *b, unsigned depth = 0) {
  if (a == b)
    return true;
  if (depth > 32 || a->getKind() != b->getKind() ||
      a->getNumOperands() != b->getNumOperands())
    return false;
  if (const auto *sa = llvm::dyn_cast<SelectOp>(a))
    return sa->getComparison() == llvm::cast<SelectOp>(b)->getComparison() &&
           sameOperand(sa->getKeys(), llvm::cast<SelectOp>(b)->getKeys()) &&
           sameOperand(sa->getQueries(),
                       llvm::cast<SelectOp>(b)->getQueries());
  if (!a->isSelector())
    return false;
  for (unsigned i = 0; i < a->getNumOperands(); ++i)
    if (!sameSelector(a->getOperand(i), b->getOperand(i), depth + 1))
      return false;
  return true;
}

namespace {
/// Applies a map's function to every combination of operand values.
struct Enumerator {
  const ElemExpr &fn;
  std::vector<const ValueSet *> operands;

  size_t combinations() const {
    size_t c = 1;
    for (const ValueSet *s : operands) {
      if (s->empty())
        return 0;
      c *= s->size();
      if (c > (size_t(1) << 40))
        return c;
    }
    return c;
  }

  void run(std::vector<Atom> &out) const {
    if (combinations() == 0)
      return;
    std::vector<size_t> idx(operands.size(), 0);
    std::vector<const Atom *> args(operands.size());
    while (true) {
      for (size_t k = 0; k < operands.size(); ++k)
        args[k] = &operands[k]->getValues()[idx[k]];
      Atom r;
      ElemError err;
      if (evaluateElem(fn, args, r, err))
        out.push_back(std::move(r));
      size_t k = 0;
      while (k < idx.size() && ++idx[k] == operands[k]->size())
        idx[k++] = 0;
      if (k == idx.size())
        break;
    }
  }
};
} // namespace

std::optional<ValueSetError>
ir::inferValueSets(llvm::ArrayRef<Op *> roots, const ValueSetOptions &options,
                   llvm::DenseMap<const Op *, ValueSet> &sets,
                   llvm::DenseMap<const Op *, WidthFamily> *familiesOut) {
  unsigned n = options.maxSeqLen;
  llvm::DenseMap<const Op *, WidthFamily> localFamilies;
  llvm::DenseMap<const Op *, WidthFamily> &families =
      familiesOut ? *familiesOut : localFamilies;
  // Selectors of families, one per class of sameSelector.
  std::vector<const Op *> canonical;
  auto canonicalSelector = [&](const Op *sel) {
    for (const Op *c : canonical)
      if (sameSelector(c, sel))
        return c;
    canonical.push_back(sel);
    return sel;
  };
  // For maps: the one non-map s-op they are (through other maps) a
  // function of, if there is one.
  llvm::DenseMap<const Op *, const Op *> mapBase;
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
    case OpKind::SelectorWidth: {
      WidthFamily fam;
      fam.sel = canonicalSelector(llvm::cast<SelectorWidthOp>(op)->getSelector());
      std::vector<Atom> all;
      for (unsigned i = 0; i <= n; ++i) {
        all.push_back(Atom::integer(i));
        fam.perWidth.push_back(ValueSet({Atom::integer(i)}));
      }
      set = ValueSet(std::move(all));
      families[op] = std::move(fam);
      break;
    }
    case OpKind::Map:
    case OpKind::SequenceMap: {
      const ElemExpr &fn = llvm::cast<MapOp>(op)->getFunction();
      if (fn.findHole())
        return ValueSetError{op, describeHole(op)};
      // Maps whose operands are all functions of one base s-op (`255 if x >
      // 255 else x` reads x and the map `x > 255`) are enumerated over the
      // base's values: the product of the operands' sets would pair values
      // that never occur together (x = 300 with x > 255 false).
      const Op *base = nullptr;
      unsigned direct = 0;
      bool oneBase = true;
      for (Op *o : op->getOperands()) {
        if (llvm::isa<ConstantOp>(o))
          continue;
        ++direct;
        auto b = mapBase.find(o);
        const Op *ob = b == mapBase.end() ? o : b->second;
        oneBase &= !base || base == ob;
        base = ob;
      }
      if (base && oneBase)
        mapBase[op] = base;
      if (base && oneBase && direct >= 2) {
        // The op's value for one base value, through the maps between.
        std::function<std::optional<Atom>(const Op *, const Atom &, unsigned)>
            eval = [&](const Op *o, const Atom &bv,
                       unsigned depth) -> std::optional<Atom> {
          if (o == base)
            return bv;
          if (const auto *c = llvm::dyn_cast<ConstantOp>(o))
            return c->getValue();
          const auto *m = llvm::dyn_cast<MapOp>(o);
          if (!m || depth > 32)
            return std::nullopt;
          return evaluateMap(
              *m, [&](const Op *a) { return eval(a, bv, depth + 1); });
        };
        auto image = [&](const ValueSet &in) {
          std::vector<Atom> out;
          for (const Atom &v : in.getValues())
            if (std::optional<Atom> r = eval(op, v, 0))
              out.push_back(std::move(*r));
          return out;
        };
        auto f = families.find(base);
        if (f != families.end()) {
          WidthFamily fam;
          fam.sel = f->second.sel;
          std::vector<Atom> all;
          for (const ValueSet &w : f->second.perWidth) {
            std::vector<Atom> out = image(w);
            all.insert(all.end(), out.begin(), out.end());
            fam.perWidth.push_back(ValueSet(std::move(out)));
          }
          families[op] = std::move(fam);
          set = ValueSet(std::move(all));
        } else {
          set = ValueSet(image(sets[base]));
        }
        if (set.size() > options.maxSetSize)
          return tooLarge(op, options.maxSetSize);
        break;
      }
      // Operands that are functions of one selector's width (its numerical
      // means, its width) are correlated: at a position, all of them read
      // the same width w. Enumerating per w keeps `opens - closes` (two
      // means over prevs) at fractions with one denominator instead of the
      // product of two fraction sets.
      const Op *famSel = nullptr;
      for (Op *o : op->getOperands()) {
        auto f = families.find(o);
        if (f != families.end()) {
          famSel = f->second.sel;
          break;
        }
      }
      std::vector<Atom> all;
      auto tooMany = [&]() {
        return ValueSetError{op, "map over more than " +
                                     std::to_string(options.maxCombinations) +
                                     " combinations of operand values"};
      };
      if (famSel) {
        WidthFamily fam;
        fam.sel = famSel;
        size_t combos = 0;
        for (unsigned w = 0; w <= n; ++w) {
          Enumerator e{fn, {}};
          for (Op *o : op->getOperands()) {
            auto f = families.find(o);
            e.operands.push_back(f != families.end() && f->second.sel == famSel
                                     ? &f->second.perWidth[w]
                                     : &sets[o]);
          }
          combos += e.combinations();
          if (combos > options.maxCombinations)
            return tooMany();
          std::vector<Atom> out;
          e.run(out);
          all.insert(all.end(), out.begin(), out.end());
          fam.perWidth.push_back(ValueSet(std::move(out)));
        }
        set = ValueSet(std::move(all));
        families[op] = std::move(fam);
      } else {
        Enumerator e{fn, {}};
        for (Op *o : op->getOperands())
          e.operands.push_back(&sets[o]);
        if (e.combinations() > options.maxCombinations)
          return tooMany();
        e.run(all);
        set = ValueSet(std::move(all));
      }
      if (set.size() > options.maxSetSize)
        return tooLarge(op, options.maxSetSize);
      break;
    }
    case OpKind::Aggregate: {
      const auto *agg = llvm::cast<AggregateOp>(op);
      const ValueSet &vals = sets[agg->getSOp()];
      std::vector<Atom> all(vals.getValues().begin(), vals.getValues().end());
      all.push_back(agg->getDefault());
      if (op->getEncoding() == Encoding::Numerical && vals.isNumeric()) {
        // By the number of selected keys: 0 gives the default, 1 the value
        // itself, more a mean.
        std::vector<std::vector<Atom>> perCount(n + 1);
        if (auto why = addMeans(vals, n, options.maxSetSize, perCount))
          return ValueSetError{op, "value set of numerical aggregate: " +
                                       *why + " (more than " +
                                       std::to_string(options.maxSetSize) +
                                       ")"};
        WidthFamily fam;
        fam.sel = canonicalSelector(agg->getSelector());
        fam.perWidth.push_back(ValueSet({agg->getDefault()}));
        if (n >= 1)
          fam.perWidth.push_back(vals);
        for (unsigned m = 2; m <= n; ++m) {
          all.insert(all.end(), perCount[m].begin(), perCount[m].end());
          fam.perWidth.push_back(ValueSet(std::move(perCount[m])));
        }
        families[op] = std::move(fam);
      }
      set = ValueSet(std::move(all));
      if (set.size() > options.maxSetSize)
        return ValueSetError{op, "value set of numerical aggregate: too many "
                                 "possible means (more than " +
                                     std::to_string(options.maxSetSize) + ")"};
      break;
    }
    case OpKind::Select:
    case OpKind::SelectorAnd:
    case OpKind::SelectorOr:
    case OpKind::SelectorNot:
      break;
    case OpKind::Choose:
      return ValueSetError{op, describeHole(op)};
    }
    sets[op] = std::move(set);
  }
  return std::nullopt;
}
