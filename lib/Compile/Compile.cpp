//===- Compile.cpp - RASP IR to transformer weights -----------------------===//
//
// The stages of Compile.h, in the order compileToModel runs them:
//
//  1. collect: the ops the output depends on, with their use counts.
//  2. inferEncodings: annotations win; otherwise tokens, indices, maps,
//     selector widths and aggregates of categorical s-ops are categorical,
//     aggregates of numerical s-ops and sequence maps of numerical s-ops are
//     numerical; so are aggregates of numbers that may average and maps
//     that are a sum (a mean times its selector's width, isLinearInMean),
//     decided by a fixed point with the value sets.
//  3. computeValueSets: ir::inferValueSets, errors at the op.
//  4. validate: numerical select operands, categorical aggregates that may
//     average differing values, numerical aggregates of non-numbers.
//  5. lowerToCraft: per op, in topological order, one block:
//       map / sequence_map -> lookup or discretising MLP (a map whose only
//         user is another map is fused into it: one MLP, one sublayer);
//       aggregate -> one head; selector_width -> head + MLP.
//     A selector becomes a W_QK table: the predicate evaluated on every
//     (query value, key value) pair. Comparisons that share their query and
//     key s-ops combine (and/or/not) in one table; a conjunction of tables
//     over different s-ops adds the tables (a key is selected iff it gets
//     every term's logit). While lowering, the residual at the BOS position
//     is simulated (BOS attends only to itself, see bosAttendsItself), so
//     every head can cancel what BOS holds in its key and value spaces.
//  6. allocateLayers: each block goes to the earliest sublayer its operands
//     allow (attention in even sublayers, MLPs in odd ones).
//  7. assembleModel: residual = sorted union of the blocks' spaces, tokens,
//     indices, one, bos; embeddings; dense weights; unembedding.
//
//===----------------------------------------------------------------------===//

#include "rasp/Compile/Compile.h"

#include "Classifier.h"

#include "rasp/Craft/Basis.h"
#include "rasp/Craft/Blocks.h"
#include "rasp/Craft/Chamber.h"
#include "rasp/IR/ValueSets.h"
#include "rasp/Model/Forward.h"
#include "rasp/Model/Model.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

using namespace rasp;
using namespace rasp::compile;
using craft::BasisDirection;
using craft::MatrixInSpaces;
using craft::Value;
using craft::VectorSpace;
using ir::Op;
using ir::OpKind;

namespace {

const BasisDirection kOne("one");
const BasisDirection kBos("bos");
/// 1 at every position but BOS: the key side of a constant select operand
/// and the value side of an aggregate of a constant.
const BasisDirection kNonBos("nonbos");

Value toValue(const Atom &a) {
  switch (a.getKind()) {
  case Atom::Kind::Bool:
    return Value(a.getBool());
  case Atom::Kind::Int:
    return Value(a.getInt());
  case Atom::Kind::Float:
    return Value(a.getFloat());
  case Atom::Kind::Str:
    return Value(a.getStr());
  case Atom::Kind::Complex:
    // S-ops never hold complex numbers (element evaluation rejects them as
    // illegal values); should one get here, it stays a distinct label.
    return Value(py::str(a));
  }
  return Value();
}

Atom toAtom(const Value &v) {
  switch (v.getKind()) {
  case Value::Kind::Bool:
    return Atom::boolean(v.getBool());
  case Value::Kind::Int:
    return Atom::integer(v.getInt());
  case Value::Kind::Float:
    return Atom::real(v.getFloat());
  case Value::Kind::Str:
    return Atom::string(v.getString());
  }
  return Atom();
}

/// The index of the value Python-equal to \p a in the sorted \p values.
std::optional<size_t> findAtom(llvm::ArrayRef<Atom> values, const Atom &a) {
  auto it = std::lower_bound(values.begin(), values.end(), a, ir::atomLess);
  if (it == values.end() || ir::atomLess(a, *it))
    return std::nullopt;
  return size_t(it - values.begin());
}

/// key `cmp` query, as the interpreter evaluates it; a comparison Python
/// would reject is false (no input reaching it runs in the interpreter).
bool compareAtoms(ir::Comparison cmp, const Atom &key, const Atom &query) {
  // Fast path, exact: two small ints or two floats compare as C++ numbers
  // (NaN compares false under every ordering, as in Python).
  if ((key.isSmallInt() && query.isSmallInt()) ||
      (key.isFloat() && query.isFloat())) {
    double k = key.isFloat() ? key.getFloat() : 0,
           q = query.isFloat() ? query.getFloat() : 0;
    int64_t ki = key.isSmallInt() ? key.getInt() : 0,
            qi = query.isSmallInt() ? query.getInt() : 0;
    bool ints = key.isSmallInt();
    switch (cmp) {
    case ir::Comparison::True:
      return true;
    case ir::Comparison::False:
      return false;
    case ir::Comparison::EQ:
      return ints ? ki == qi : k == q;
    case ir::Comparison::NEQ:
      return ints ? ki != qi : k != q;
    case ir::Comparison::LT:
      return ints ? ki < qi : k < q;
    case ir::Comparison::GT:
      return ints ? ki > qi : k > q;
    case ir::Comparison::LEQ:
      return ints ? ki <= qi : k <= q;
    case ir::Comparison::GEQ:
      return ints ? ki >= qi : k >= q;
    }
  }
  py::BinOp op = py::BinOp::Lt;
  switch (cmp) {
  case ir::Comparison::True:
    return true;
  case ir::Comparison::False:
    return false;
  case ir::Comparison::EQ:
    return py::equals(key, query);
  case ir::Comparison::NEQ:
    return !py::equals(key, query);
  case ir::Comparison::LT:
    op = py::BinOp::Lt;
    break;
  case ir::Comparison::GT:
    op = py::BinOp::Gt;
    break;
  case ir::Comparison::LEQ:
    op = py::BinOp::Le;
    break;
  case ir::Comparison::GEQ:
    op = py::BinOp::Ge;
    break;
  }
  Atom r;
  if (!py::binary(op, key, query, r).ok)
    return false;
  return py::truthy(r);
}

enum class Enc { Const, Cat, Num };

/// How an s-op lives in the residual stream.
struct SOpInfo {
  Enc enc = Enc::Cat;
  Atom constValue;
  std::string label;
  std::vector<Atom> values; ///< sorted (atomLess)
  VectorSpace space;        ///< Cat: label:v per value; Num: {label}
};

/// An elementwise function of up to two residual s-ops (constants folded,
/// single-use maps fused in).
struct MapNode {
  std::vector<const Op *> inputs;
  std::function<std::optional<Atom>(llvm::ArrayRef<Atom>)> fn;
};

/// One conjunct of a selector: a sub-selector whose comparisons read at most
/// one non-constant query s-op (q) and one non-constant key s-op (k).
struct Term {
  const Op *sel;
  const Op *q = nullptr, *k = nullptr;
};

struct Block {
  enum Kind { Attn, Mlp, Width } kind;
  const Op *op;
  craft::AttentionHead head;
  craft::MLP mlp;
  std::vector<const Op *> deps;
  unsigned sublayer = 0;
};

class Compiler {
public:
  Compiler(ir::Op *output, const CompileOptions &opts, DiagnosticEngine &diags)
      : output(output), opts(opts), diags(diags) {}

  std::optional<CompiledModel> run();

private:
  // Stages.
  void collect();
  void inferEncodings();
  bool computeValueSets();
  bool validate();
  bool lowerToCraft();
  void allocateLayers();
  std::optional<CompiledModel> assembleModel();
  void setOutputValueTypes(model::ModelConfig &cfg, unsigned numLayers);

  // Lowering helpers.
  bool lowerMap(const Op *op);
  bool buildMapBlock(const Op *op);
  std::optional<craft::MLP> buildGatedMLP(const Op *op, const MapNode &node);
  const Op *productOf(llvm::ArrayRef<const Op *> comps, const Op *sel);
  bool lowerAggregate(const ir::AggregateOp *op);
  bool lowerSelectorWidth(const ir::SelectorWidthOp *op);
  bool collectTerms(const Op *sel, std::vector<Term> &terms);
  MatrixInSpaces buildQK(const std::vector<Term> &terms, bool width);
  bool evalSelector(const Op *sel, const Term &t, const Atom &qa,
                    const Atom &ka);
  Atom operandValue(const Op *o, const Atom &assigned, const Op *side);
  bool isInjectiveMap(const Op *op);
  bool isTotallyOrdered(const Op *x);
  const Op *rankOf(const ir::SelectorWidthOp *w, bool &distinct);
  bool isDistinct(const Op *k);
  bool determines(const Op *k, const Op *v, unsigned depth);
  bool aggregateSelectsOneValue(const Op *sel, const Op *sop);
  bool isLinearInMean(const Op *op);
  const Op *categoricalCopyOf(const Op *num);
  std::optional<std::pair<double, double>>
  linearFit(const MapNode &node, unsigned numIdx, std::vector<Atom> args,
            llvm::ArrayRef<Atom> xs);
  void simulateHead(const craft::AttentionHead &head);
  void simulateMLP(const craft::MLP &mlp);
  double bosAt(const BasisDirection &d) const {
    auto it = bosResidual.find(d);
    return it == bosResidual.end() ? 0.0 : it->second;
  }
  std::string labelFor(const Op *op);

  ir::Op *output;
  /// The s-ops the model computes: the output, or the inputs of a linear
  /// classifier output (Classifier.h), which becomes the unembedding.
  std::vector<Op *> roots;
  std::optional<LinearClassifier> classifier;
  bool isRoot(const Op *op) const { return llvm::is_contained(roots, op); }
  const CompileOptions &opts;
  DiagnosticEngine &diags;
  std::vector<Op *> ops;
  llvm::DenseMap<const Op *, unsigned> uses;
  llvm::DenseMap<const Op *, ir::ValueSet> sets;
  llvm::DenseMap<const Op *, ir::WidthFamily> families;
  llvm::DenseMap<const Op *, SOpInfo> info;
  llvm::DenseMap<const Op *, MapNode> nodes;
  llvm::DenseMap<const Op *, bool> fused;
  /// Single-input maps of a categorical s-op read only by selects and as
  /// aggregated values: folded into W_QK / W_OV (no MLP of their own).
  llvm::DenseMap<const Op *, bool> folded;
  llvm::DenseMap<const Op *, std::vector<const Op *>> users;
  const Op *baseOf(const Op *o) {
    return folded.lookup(o) ? nodes[o].inputs[0] : o;
  }
  std::map<BasisDirection, double> bosResidual;
  /// Selector operands that are tuples of s-ops: the tuple's code (an int
  /// index into `tuples`) is a categorical s-op made by one MLP.
  struct Product {
    std::vector<const Op *> comps;
    std::vector<std::vector<Atom>> tuples;
  };
  ir::Module extra;
  std::map<std::vector<const Op *>, const Op *> productCache;
  llvm::DenseMap<const Op *, Product> products;
  llvm::DenseMap<const Op *, const Op *> catCopies;
  std::vector<Block> blocks;
  bool needNonBos = false;
  double coldness = 0;
};

} // namespace

//===----------------------------------------------------------------------===//
// 1-4: collection, encodings, value sets, validation
//===----------------------------------------------------------------------===//

void Compiler::collect() {
  ops = ir::collectDependencies(roots);
  for (Op *op : ops)
    for (Op *o : op->getOperands()) {
      ++uses[o];
      users[o].push_back(op);
    }
  for (Op *r : roots)
    ++uses[r];
}

std::string Compiler::labelFor(const Op *op) {
  if (op == output && !llvm::isa<ir::TokensOp, ir::IndicesOp>(op))
    return opts.outputName;
  if (const auto *t = llvm::dyn_cast<ir::TokensOp>(op)) {
    switch (t->getConv()) {
    case ir::TokensConv::Str:
      return "tokens";
    case ir::TokensConv::Int:
      return "tokens_int";
    case ir::TokensConv::Float:
      return "tokens_float";
    case ir::TokensConv::Bool:
      return "tokens_bool";
    case ir::TokensConv::AsIs:
      return "tokens_asis";
    }
  }
  if (llvm::isa<ir::IndicesOp>(op))
    return "indices";
  return (ir::getOpKindName(op->getKind()) + "_" + llvm::Twine(op->getId()))
      .str();
}

void Compiler::inferEncodings() {
  for (Op *op : ops) {
    if (op->isSelector())
      continue;
    SOpInfo &si = info[op];
    si.label = labelFor(op);
    ir::Encoding e = op->getEncoding();
    switch (op->getKind()) {
    case OpKind::Constant:
      si.enc = Enc::Const;
      si.constValue = llvm::cast<ir::ConstantOp>(op)->getValue();
      continue;
    case OpKind::Tokens:
    case OpKind::Indices:
      break; // validate() rejects a numerical annotation
    case OpKind::Aggregate:
      if (e == ir::Encoding::Unknown &&
          info[llvm::cast<ir::AggregateOp>(op)->getSOp()].enc == Enc::Num)
        e = ir::Encoding::Numerical;
      break;
    case OpKind::Map:
    case OpKind::SequenceMap: {
      bool allConst = true, allNum = true;
      for (Op *o : op->getOperands()) {
        if (info[o].enc != Enc::Const) {
          allConst = false;
          allNum &= info[o].enc == Enc::Num;
        }
      }
      if (allConst) {
        // Fold: the value is the same at every position.
        std::vector<const Atom *> args;
        for (Op *o : op->getOperands())
          args.push_back(&info[o].constValue);
        ir::ElemError err;
        Atom out;
        if (ir::evaluateElem(llvm::cast<ir::MapOp>(op)->getFunction(), args,
                             out, err)) {
          si.enc = Enc::Const;
          si.constValue = out;
          continue;
        }
      }
      if (e == ir::Encoding::Unknown && op->getKind() == OpKind::SequenceMap &&
          allNum && !allConst)
        e = ir::Encoding::Numerical;
      break;
    }
    default:
      break;
    }
    if (e == ir::Encoding::Unknown)
      e = ir::Encoding::Categorical;
    if (op->getKind() != OpKind::Tokens && op->getKind() != OpKind::Indices)
      op->setEncoding(e);
    si.enc = e == ir::Encoding::Numerical ? Enc::Num : Enc::Cat;
    if (op->getKind() == OpKind::Tokens || op->getKind() == OpKind::Indices)
      si.enc = Enc::Cat;
  }
}

bool Compiler::computeValueSets() {
  ir::ValueSetOptions vo;
  for (const std::string &v : opts.vocab)
    vo.vocab.push_back(Atom::string(v));
  vo.maxSeqLen = opts.maxSeqLen;
  vo.maxSetSize = opts.maxValueSetSize;
  families.clear();
  if (auto err = ir::inferValueSets(roots, vo, sets, &families)) {
    diags.error(err->op->getLoc(),
                "cannot compile: " + err->message +
                    "; the value set of every s-op must be finite and small "
                    "(limit " + std::to_string(opts.maxValueSetSize) +
                    " values; raise it with --max-value-set-size)");
    return false;
  }
  for (Op *op : ops) {
    if (op->isSelector())
      continue;
    SOpInfo &si = info[op];
    if (si.enc == Enc::Const)
      continue;
    llvm::ArrayRef<Atom> vals = sets[op].getValues();
    si.values.assign(vals.begin(), vals.end());
    if (op->getKind() == OpKind::SelectorWidth) {
      // The width MLP decodes every width 0..N.
      si.values.clear();
      for (unsigned w = 0; w <= opts.maxSeqLen; ++w)
        si.values.push_back(Atom::integer(w));
    }
    if (si.enc == Enc::Cat) {
      std::vector<Value> vs;
      for (const Atom &a : si.values)
        vs.push_back(toValue(a));
      si.space = VectorSpace::categorical(si.label, vs);
    } else {
      si.space = VectorSpace::of(BasisDirection(si.label));
    }
  }
  return true;
}

/// True if \p f, applied to every combination of \p in's value sets, never
/// maps two different argument tuples to Python-equal results (so equal
/// outputs at two positions imply equal inputs there). Errors count as
/// distinct results: no input reaching them runs in the interpreter.
bool Compiler::isInjectiveMap(const Op *op) {
  const auto *m = llvm::cast<ir::MapOp>(op);
  std::vector<llvm::ArrayRef<Atom>> domains;
  size_t combos = 1;
  for (const Op *o : op->getOperands()) {
    const SOpInfo &si = info[o];
    if (si.enc == Enc::Const)
      domains.push_back(llvm::ArrayRef<Atom>(&si.constValue, 1));
    else
      domains.push_back(si.values);
    combos *= std::max<size_t>(1, domains.back().size());
    if (combos > 2000000)
      return false;
  }
  std::vector<Atom> seen;
  std::vector<size_t> idx(domains.size(), 0);
  std::vector<const Atom *> args(domains.size());
  for (;;) {
    for (size_t i = 0; i < domains.size(); ++i) {
      if (domains[i].empty())
        return true;
      args[i] = &domains[i][idx[i]];
    }
    Atom out;
    ir::ElemError err;
    if (ir::evaluateElem(m->getFunction(), args, out, err))
      seen.push_back(out);
    size_t i = 0;
    for (; i < domains.size(); ++i) {
      if (++idx[i] < domains[i].size())
        break;
      idx[i] = 0;
    }
    if (i == domains.size())
      break;
  }
  std::sort(seen.begin(), seen.end(), ir::atomLess);
  for (size_t i = 1; i < seen.size(); ++i)
    if (py::equals(seen[i - 1], seen[i]))
      return false;
  return true;
}

/// True if \p x's values are totally ordered by Python's < (all numbers or
/// all strings), so a rank over them is strictly monotone.
bool Compiler::isTotallyOrdered(const Op *x) {
  const SOpInfo &si = info[x];
  if (si.enc != Enc::Cat)
    return false;
  bool allNum = true, allStr = true;
  for (const Atom &a : si.values) {
    allNum &= a.isNumber() && !(a.getKind() == Atom::Kind::Float &&
                                std::isnan(a.getFloat()));
    allStr &= a.getKind() == Atom::Kind::Str;
  }
  return allNum || allStr;
}

/// For a selector width: the s-op whose equality at two positions the width
/// is equivalent to, if the selector is a rank (select(x, x, <) and friends:
/// width(q) = #{k : x_k < x_q} is strictly monotone in x_q), else nullptr.
/// A lexicographic rank `select(x,x,<) or (select(x,x,==) and
/// select(i,i,<))` with i distinct at every position gives distinct widths:
/// \p distinct is set then.
const Op *Compiler::rankOf(const ir::SelectorWidthOp *w, bool &distinct) {
  distinct = false;
  auto strictOrWeak = [](ir::Comparison c) {
    return c == ir::Comparison::LT || c == ir::Comparison::GT ||
           c == ir::Comparison::LEQ || c == ir::Comparison::GEQ;
  };
  auto strict = [](ir::Comparison c) {
    return c == ir::Comparison::LT || c == ir::Comparison::GT;
  };
  const Op *sel = w->getSelector();
  if (const auto *s = llvm::dyn_cast<ir::SelectOp>(sel)) {
    if (s->getKeys() == s->getQueries() && strictOrWeak(s->getComparison()) &&
        isTotallyOrdered(s->getKeys()))
      return s->getKeys();
    return nullptr;
  }
  // select(x,x,<) or (select(x,x,==) and select(i,i,<)) (either and-order).
  if (sel->getKind() != OpKind::SelectorOr)
    return nullptr;
  const auto *lt = llvm::dyn_cast<ir::SelectOp>(sel->getOperand(0));
  const Op *conj = sel->getOperand(1);
  if (!lt) {
    lt = llvm::dyn_cast<ir::SelectOp>(sel->getOperand(1));
    conj = sel->getOperand(0);
  }
  if (!lt || conj->getKind() != OpKind::SelectorAnd ||
      lt->getKeys() != lt->getQueries() || !strict(lt->getComparison()) ||
      !isTotallyOrdered(lt->getKeys()))
    return nullptr;
  const auto *eq = llvm::dyn_cast<ir::SelectOp>(conj->getOperand(0));
  const auto *tie = llvm::dyn_cast<ir::SelectOp>(conj->getOperand(1));
  if (eq && eq->getComparison() != ir::Comparison::EQ)
    std::swap(eq, tie);
  if (!eq || !tie || eq->getComparison() != ir::Comparison::EQ ||
      eq->getKeys() != lt->getKeys() || eq->getQueries() != lt->getKeys() ||
      tie->getKeys() != tie->getQueries() || !strict(tie->getComparison()) ||
      !isTotallyOrdered(tie->getKeys()) ||
      !isDistinct(tie->getKeys()))
    return nullptr;
  distinct = true;
  return lt->getKeys();
}

bool Compiler::isDistinct(const Op *k) {
  // Distinct at every position: equal values at two positions never occur.
  return determines(k, nullptr, 0);
}

/// True if, in every input, positions p, p' with k(p) == k(p') also have
/// v(p) == v(p') (v == nullptr: p == p', i.e. k is distinct per position).
/// Sound, not complete: false when no rule proves it.
bool Compiler::determines(const Op *k, const Op *v, unsigned depth) {
  if (depth > 64)
    return false;
  if (k == v)
    return true;
  if (v && info[v].enc == Enc::Const)
    return true;
  if (v && info[v].enc != Enc::Num && info[v].values.size() <= 1)
    return true;
  if (llvm::isa<ir::IndicesOp>(k))
    return true;
  // Every tokens conversion is a function of the token string.
  if (v && llvm::isa<ir::TokensOp>(k) && llvm::isa<ir::TokensOp>(v) &&
      llvm::cast<ir::TokensOp>(k)->getConv() == ir::TokensConv::Str)
    return true;
  // v a function of s-ops each determined by k.
  if (v && llvm::isa<ir::MapOp>(v)) {
    bool all = true;
    for (const Op *o : v->getOperands())
      all = all && determines(k, o, depth + 1);
    if (all)
      return true;
  }
  // k an injective function of its operands: equal k, equal operands.
  if (llvm::isa<ir::MapOp>(k) && info[k].enc == Enc::Cat && isInjectiveMap(k))
    for (const Op *o : k->getOperands())
      if (info[o].enc != Enc::Const && determines(o, v, depth + 1))
        return true;
  // k a rank of x: equal k, equal x.
  if (const auto *w = llvm::dyn_cast<ir::SelectorWidthOp>(k)) {
    bool distinct = false;
    if (const Op *x = rankOf(w, distinct))
      if (distinct || determines(x, v, depth + 1))
        return true;
  }
  return false;
}

/// True if every query of \p sel selects keys that all hold one value of
/// \p sop: an `==` comparison whose key s-op determines \p sop, possibly
/// inside an `and` (a subset of those keys).
bool Compiler::aggregateSelectsOneValue(const Op *sel, const Op *sop) {
  if (const auto *s = llvm::dyn_cast<ir::SelectOp>(sel)) {
    if (s->getComparison() == ir::Comparison::False)
      return true;
    if (s->getComparison() != ir::Comparison::EQ)
      return false;
    return info[s->getKeys()].enc != Enc::Num &&
           determines(s->getKeys(), sop, 0);
  }
  if (sel->getKind() == OpKind::SelectorAnd)
    return aggregateSelectsOneValue(sel->getOperand(0), sop) ||
           aggregateSelectsOneValue(sel->getOperand(1), sop);
  return false;
}

/// The line a*x + b through f(x) for x in \p xs (argument \p numIdx of
/// \p args; the others fixed), if f is numeric and on it at every x
/// (relative tolerance 1e-9: a mean times its width is an integer only up to
/// rounding).
std::optional<std::pair<double, double>>
Compiler::linearFit(const MapNode &node, unsigned numIdx,
                    std::vector<Atom> args, llvm::ArrayRef<Atom> xs) {
  std::vector<std::pair<double, double>> pts;
  for (const Atom &x : xs) {
    args[numIdx] = x;
    std::optional<Atom> r = node.fn(args);
    if (!r || !r->isNumber() || !std::isfinite(r->toDouble()) ||
        !std::isfinite(x.toDouble()))
      return std::nullopt;
    pts.push_back({x.toDouble(), r->toDouble()});
  }
  if (pts.empty())
    return std::pair<double, double>{0.0, 0.0};
  auto lo = std::min_element(pts.begin(), pts.end()),
       hi = std::max_element(pts.begin(), pts.end());
  double a = hi->first > lo->first
                 ? (hi->second - lo->second) / (hi->first - lo->first)
                 : 0.0;
  double b = lo->second - a * lo->first;
  for (auto [x, y] : pts)
    if (std::abs(a * x + b - y) > 1e-9 * (1 + std::abs(y)))
      return std::nullopt;
  return std::pair<double, double>{a, b};
}

/// True for `round(mean * width)` and its kin: a map of a numerical
/// aggregate and the width of the same selector (one width family) that is,
/// at each width, a linear function of the mean with numbers as values (the
/// sum a learned program's numerical head computes). Numerical, it is one
/// direction and one small MLP (two units per width, buildGatedMLP) instead
/// of a categorical s-op with a value per possible sum and an MLP with a
/// step per sum. Not for the output or an s-op a select reads (selects need
/// categorical operands).
bool Compiler::isLinearInMean(const Op *op) {
  if (!llvm::isa<ir::MapOp>(op) || op == output)
    return false;
  for (const Op *u : users[op])
    if (u->isSelector())
      return false;
  // The leaves: non-constant operands, looking through the single-use maps
  // that lowerMap will fuse into this one (`round(mean * width)` is a map
  // of a sequence map).
  const Op *mean = nullptr, *width = nullptr;
  bool ok = true;
  std::function<bool(const Op *)> inner = [&](const Op *o) {
    return o != op && llvm::isa<ir::MapOp>(o) && uses[o] == 1 && !isRoot(o) &&
           info[o].enc != Enc::Const;
  };
  std::function<void(const Op *, unsigned)> scan = [&](const Op *o,
                                                       unsigned depth) {
    for (const Op *a : o->getOperands()) {
      if (info[a].enc == Enc::Const)
        continue;
      if (inner(a) && depth < 8) {
        scan(a, depth + 1);
      } else if (llvm::isa<ir::AggregateOp>(a) && info[a].enc == Enc::Num &&
                 (!mean || mean == a)) {
        mean = a;
      } else if (llvm::isa<ir::SelectorWidthOp>(a) && (!width || width == a)) {
        width = a;
      } else {
        ok = false;
      }
    }
  };
  scan(op, 0);
  if (!ok || !mean || !width)
    return false;
  auto fm = families.find(mean), fw = families.find(width);
  if (fm == families.end() || fw == families.end() ||
      fm->second.sel != fw->second.sel ||
      fm->second.perWidth.size() != fw->second.perWidth.size())
    return false;
  // The composed function of (mean, width).
  MapNode node;
  node.inputs = {mean, width};
  std::function<std::optional<Atom>(const Op *, llvm::ArrayRef<Atom>)> eval =
      [&](const Op *o, llvm::ArrayRef<Atom> in) -> std::optional<Atom> {
    if (info[o].enc == Enc::Const)
      return info[o].constValue;
    if (o == mean)
      return in[0];
    if (o == width)
      return in[1];
    return ir::evaluateMap(*llvm::cast<ir::MapOp>(o),
                           [&](const Op *a) { return eval(a, in); });
  };
  node.fn = [&](llvm::ArrayRef<Atom> in) { return eval(op, in); };
  for (size_t w = 0; w < fm->second.perWidth.size(); ++w)
    for (const Atom &wv : fw->second.perWidth[w].getValues())
      if (!linearFit(node, 0, {Atom(), wv}, fm->second.perWidth[w].getValues()))
        return false;
  return true;
}

bool Compiler::validate() {
  bool ok = true;
  for (Op *op : ops) {
    switch (op->getKind()) {
    case OpKind::Tokens:
    case OpKind::Indices:
      if (op->getEncoding() == ir::Encoding::Numerical) {
        diags.error(op->getLoc(),
                    "cannot compile: tokens and indices are categorical; "
                    "apply numerical() to a map of them instead");
        ok = false;
      }
      break;
    case OpKind::Select:
      for (Op *o : op->getOperands())
        if (info[o].enc == Enc::Num) {
          diags.error(op->getLoc(),
                      "cannot compile: select compares a numerical s-op; "
                      "keys and queries must be categorical");
          ok = false;
          break;
        }
      break;
    case OpKind::Aggregate: {
      const auto *agg = llvm::cast<ir::AggregateOp>(op);
      const SOpInfo &in = info[agg->getSOp()];
      if (info[op].enc == Enc::Num) {
        bool numeric = in.enc == Enc::Const ? in.constValue.isNumber()
                                            : sets[agg->getSOp()].isNumeric();
        if (!numeric || !agg->getDefault().isNumber()) {
          diags.error(op->getLoc(),
                      "cannot compile: numerical aggregate of non-numeric "
                      "values");
          ok = false;
        }
        break;
      }
      size_t distinct = in.enc == Enc::Const ? 1 : in.values.size();
      if (distinct > 1 &&
          !aggregateSelectsOneValue(agg->getSelector(), agg->getSOp())) {
        diags.error(op->getLoc(),
                    "cannot compile: categorical aggregate whose selector may "
                    "select several positions holding different values; "
                    "mark it numerical(...) if a mean is meant");
        ok = false;
      }
      break;
    }
    default:
      break;
    }
  }
  return ok;
}

//===----------------------------------------------------------------------===//
// 5: craft blocks
//===----------------------------------------------------------------------===//

void Compiler::simulateHead(const craft::AttentionHead &head) {
  // BOS attends only to itself (bosAttendsItself in buildQK), so it reads
  // its own value vector.
  Eigen::RowVectorXd v(head.ov.in.size());
  for (size_t i = 0; i < head.ov.in.size(); ++i)
    v(i) = bosAt(head.ov.in[i]);
  Eigen::RowVectorXd out = v * head.ov.m;
  for (size_t j = 0; j < head.ov.out.size(); ++j)
    bosResidual[head.ov.out[j]] += out(j);
}

void Compiler::simulateMLP(const craft::MLP &mlp) {
  Eigen::RowVectorXd x(mlp.fst.in.size());
  for (size_t i = 0; i < mlp.fst.in.size(); ++i)
    x(i) = bosAt(mlp.fst.in[i]);
  Eigen::RowVectorXd h = (x * mlp.fst.m).cwiseMax(0.0);
  Eigen::RowVectorXd out = h * mlp.snd.m;
  for (size_t j = 0; j < mlp.snd.out.size(); ++j)
    bosResidual[mlp.snd.out[j]] += out(j);
}

Atom Compiler::operandValue(const Op *o, const Atom &assigned,
                            const Op *side) {
  const SOpInfo &oi = info[o];
  if (oi.enc == Enc::Const)
    return oi.constValue;
  const Op *b = baseOf(o);
  Atom v = assigned;
  auto it = products.find(side);
  if (it != products.end() && side != b) {
    const Product &p = it->second;
    size_t i = size_t(llvm::find(p.comps, b) - p.comps.begin());
    v = p.tuples[size_t(assigned.getInt())][i];
  }
  if (b == o)
    return v;
  // A folded map: its value for the base value (an error compares as
  // nothing: no input reaching it runs in the interpreter).
  std::optional<Atom> r = nodes[o].fn({v});
  return r ? *r : Atom::string("\x01<error>");
}

bool Compiler::evalSelector(const Op *sel, const Term &t, const Atom &qa,
                            const Atom &ka) {
  switch (sel->getKind()) {
  case OpKind::Select: {
    const auto *s = llvm::cast<ir::SelectOp>(sel);
    return compareAtoms(s->getComparison(), operandValue(s->getKeys(), ka, t.k),
                        operandValue(s->getQueries(), qa, t.q));
  }
  case OpKind::SelectorAnd:
    return evalSelector(sel->getOperand(0), t, qa, ka) &&
           evalSelector(sel->getOperand(1), t, qa, ka);
  case OpKind::SelectorOr:
    return evalSelector(sel->getOperand(0), t, qa, ka) ||
           evalSelector(sel->getOperand(1), t, qa, ka);
  case OpKind::SelectorNot:
    return !evalSelector(sel->getOperand(0), t, qa, ka);
  default:
    return false;
  }
}

static void selectOperands(const Op *sel, llvm::SmallVectorImpl<const Op *> &q,
                           llvm::SmallVectorImpl<const Op *> &k,
                           const std::function<const Op *(const Op *)> &base) {
  if (const auto *s = llvm::dyn_cast<ir::SelectOp>(sel)) {
    if (!llvm::is_contained(q, base(s->getQueries())))
      q.push_back(base(s->getQueries()));
    if (!llvm::is_contained(k, base(s->getKeys())))
      k.push_back(base(s->getKeys()));
    return;
  }
  for (const Op *o : sel->getOperands())
    selectOperands(o, q, k, base);
}

bool Compiler::collectTerms(const Op *sel, std::vector<Term> &terms) {
  llvm::SmallVector<const Op *, 4> qs, ks;
  selectOperands(sel, qs, ks, [this](const Op *o) { return baseOf(o); });
  auto dropConst = [&](llvm::SmallVectorImpl<const Op *> &v) {
    llvm::erase_if(v, [&](const Op *o) { return info[o].enc == Enc::Const; });
  };
  dropConst(qs);
  dropConst(ks);
  if (qs.size() <= 1 && ks.size() <= 1) {
    Term t;
    t.sel = sel;
    t.q = qs.empty() ? nullptr : qs[0];
    t.k = ks.empty() ? nullptr : ks[0];
    terms.push_back(t);
    return true;
  }
  if (sel->getKind() == OpKind::SelectorAnd)
    return collectTerms(sel->getOperand(0), terms) &&
           collectTerms(sel->getOperand(1), terms);
  // An `or`/`not` over several query (or key) s-ops: one MLP first builds
  // the tuple of them as one categorical s-op, then the predicate is one
  // table over (query tuple, key tuple).
  Term t;
  t.sel = sel;
  t.q = qs.empty() ? nullptr : qs.size() == 1 ? qs[0] : productOf(qs, sel);
  t.k = ks.empty() ? nullptr : ks.size() == 1 ? ks[0] : productOf(ks, sel);
  if ((qs.size() > 1 && !t.q) || (ks.size() > 1 && !t.k))
    return false;
  terms.push_back(t);
  return true;
}

const Op *Compiler::productOf(llvm::ArrayRef<const Op *> compsIn,
                              const Op *sel) {
  std::vector<const Op *> comps(compsIn.begin(), compsIn.end());
  std::sort(comps.begin(), comps.end(),
            [](const Op *a, const Op *b) { return a->getId() < b->getId(); });
  auto cached = productCache.find(comps);
  if (cached != productCache.end())
    return cached->second;
  Product p;
  p.comps = comps;
  size_t total = 1;
  for (const Op *o : comps) {
    if (info[o].enc != Enc::Cat) {
      diags.error(sel->getLoc(), "cannot compile: select compares a "
                                 "numerical s-op");
      return nullptr;
    }
    total *= info[o].values.size();
    if (total > 4096) {
      diags.error(sel->getLoc(),
                  "cannot compile: this selector combines comparisons of "
                  "different s-ops with 'or'/'not' and their value sets "
                  "have more than 4096 combinations");
      return nullptr;
    }
  }
  p.tuples.assign(1, {});
  for (const Op *o : comps) {
    std::vector<std::vector<Atom>> next;
    for (const auto &t : p.tuples)
      for (const Atom &a : info[o].values) {
        next.push_back(t);
        next.back().push_back(a);
      }
    p.tuples = std::move(next);
  }
  std::vector<Op *> args;
  for (const Op *o : comps)
    args.push_back(const_cast<Op *>(o));
  // The IR function is never evaluated (the node's fn is); it only has to
  // read every component.
  Op *op = extra.create<ir::MapOp>(args, ir::ElemExpr::arg(0), sel->getLoc());
  SOpInfo &si = info[op];
  si.enc = Enc::Cat;
  si.label = "tuple_" + std::to_string(op->getId()) + "_of";
  for (const Op *o : comps)
    si.label += "_" + info[o].label;
  std::vector<Value> vs;
  for (size_t i = 0; i < p.tuples.size(); ++i) {
    si.values.push_back(Atom::integer(int64_t(i)));
    vs.push_back(Value(int64_t(i)));
  }
  si.space = VectorSpace::categorical(si.label, vs);
  std::map<std::vector<Atom>, int64_t, bool (*)(const std::vector<Atom> &,
                                                 const std::vector<Atom> &)>
      code([](const std::vector<Atom> &a, const std::vector<Atom> &b) {
        return std::lexicographical_compare(a.begin(), a.end(), b.begin(),
                                            b.end(), ir::atomLess);
      });
  for (size_t i = 0; i < p.tuples.size(); ++i)
    code[p.tuples[i]] = int64_t(i);
  MapNode node;
  node.inputs = comps;
  auto codes = std::make_shared<decltype(code)>(std::move(code));
  node.fn = [codes](llvm::ArrayRef<Atom> in) -> std::optional<Atom> {
    auto it = codes->find(std::vector<Atom>(in.begin(), in.end()));
    if (it == codes->end())
      return std::nullopt;
    return Atom::integer(it->second);
  };
  nodes[op] = std::move(node);
  products[op] = std::move(p);
  productCache[comps] = op;
  if (!buildMapBlock(op))
    return nullptr;
  return op;
}

/// W_QK for a conjunction of terms: each term adds c * pred over its
/// (query value, key value) pairs, so a selected key gets T*c. BOS gets
/// (T - 1/2) c for an aggregate (it wins only when nothing is selected) and
/// T*c for a selector width (it counts as one more selected key), after
/// cancelling whatever the key s-ops hold at BOS. The BOS query row makes
/// BOS attend only to itself.
MatrixInSpaces Compiler::buildQK(const std::vector<Term> &terms, bool width) {
  struct Side {
    std::vector<std::pair<BasisDirection, Atom>> entries;
  };
  auto sideOf = [&](const Op *o, bool query) {
    Side s;
    if (!o) {
      if (!query)
        needNonBos = true;
      s.entries.push_back({query ? kOne : kNonBos, Atom()});
      return s;
    }
    const SOpInfo &si = info[o];
    for (size_t i = 0; i < si.values.size(); ++i)
      s.entries.push_back({si.space[i], si.values[i]});
    return s;
  };
  std::vector<BasisDirection> qdirs{kOne, kBos}, kdirs{kBos};
  std::vector<std::pair<Side, Side>> sides;
  for (const Term &t : terms) {
    sides.push_back({sideOf(t.q, true), sideOf(t.k, false)});
    for (auto &e : sides.back().first.entries)
      qdirs.push_back(e.first);
    for (auto &e : sides.back().second.entries)
      kdirs.push_back(e.first);
  }
  MatrixInSpaces qk{VectorSpace(qdirs), VectorSpace(kdirs)};
  double c = coldness;
  for (size_t ti = 0; ti < terms.size(); ++ti) {
    // Matrix indices once per direction (at() searches the spaces).
    std::vector<size_t> qi, ki;
    for (auto &e : sides[ti].first.entries)
      qi.push_back(qk.in.indexOf(e.first));
    for (auto &e : sides[ti].second.entries)
      ki.push_back(qk.out.indexOf(e.first));
    const auto &qe = sides[ti].first.entries, &ke = sides[ti].second.entries;
    if (const auto *s = llvm::dyn_cast<ir::SelectOp>(terms[ti].sel)) {
      // One comparison: each side's operand values once, then the table.
      std::vector<Atom> qv, kv;
      qv.reserve(qe.size());
      kv.reserve(ke.size());
      for (auto &e : qe)
        qv.push_back(operandValue(s->getQueries(), e.second, terms[ti].q));
      for (auto &e : ke)
        kv.push_back(operandValue(s->getKeys(), e.second, terms[ti].k));
      ir::Comparison cmp = s->getComparison();
      for (size_t a = 0; a < qe.size(); ++a)
        for (size_t b = 0; b < ke.size(); ++b)
          if (compareAtoms(cmp, kv[b], qv[a]))
            qk.m(qi[a], ki[b]) += c;
      continue;
    }
    for (size_t a = 0; a < qe.size(); ++a)
      for (size_t b = 0; b < ke.size(); ++b)
        if (evalSelector(terms[ti].sel, terms[ti], qe[a].second, ke[b].second))
          qk.m(qi[a], ki[b]) += c;
  }
  double T = double(terms.size());
  qk.at(kOne, kBos) += width ? T * c : (T - 0.5) * c;
  // Cancel what the key s-ops hold at BOS.
  size_t bosCol = qk.out.indexOf(kBos);
  Eigen::VectorXd kB(qk.out.size());
  for (size_t j = 0; j < qk.out.size(); ++j)
    kB(j) = j == bosCol ? 0.0 : bosAt(qk.out[j]);
  Eigen::VectorXd shift = qk.m * kB;
  qk.m.col(bosCol) -= shift;
  // BOS query: attend to BOS by a margin of 2c over any other key.
  Eigen::RowVectorXd qB(qk.in.size());
  for (size_t i = 0; i < qk.in.size(); ++i)
    qB(i) = qk.in[i] == kBos ? 1.0 : (qk.in[i] == kOne ? 1.0 : bosAt(qk.in[i]));
  kB(bosCol) = 1.0;
  double base = qB * qk.m * kB;
  double bound = 0;
  for (size_t i = 0; i < qk.in.size(); ++i)
    for (size_t j = 0; j < qk.out.size(); ++j)
      if (j != bosCol)
        bound += std::abs(qB(i)) * std::abs(qk.m(i, j));
  qk.at(kBos, kBos) += bound + 2 * c - base;
  return qk;
}

bool Compiler::lowerAggregate(const ir::AggregateOp *op) {
  std::vector<Term> terms;
  if (!collectTerms(op->getSelector(), terms))
    return false;
  const Op *mapped = op->getSOp();
  const Op *sop = baseOf(mapped);
  const SOpInfo &in = info[sop];
  const SOpInfo &out = info[op];
  Block b{Block::Attn, op, {}, {}, {}, 0};
  b.head.coldness = coldness;
  b.head.causal = opts.causal;
  b.head.qk = buildQK(terms, /*width=*/false);
  // Value entries: (direction, the value it stands for / its weight).
  std::vector<std::pair<BasisDirection, Atom>> vals;
  if (in.enc == Enc::Const) {
    needNonBos = true;
    vals.push_back({kNonBos, in.constValue});
  } else if (in.enc == Enc::Cat) {
    for (size_t i = 0; i < in.values.size(); ++i) {
      if (mapped == sop) {
        vals.push_back({in.space[i], in.values[i]});
      } else if (std::optional<Atom> r = nodes[mapped].fn({in.values[i]})) {
        vals.push_back({in.space[i], *r});
      }
    }
  } else {
    vals.push_back({in.space[0], Atom::integer(1)}); // the value itself
  }
  std::vector<BasisDirection> vdirs{kBos};
  for (auto &v : vals)
    vdirs.push_back(v.first);
  MatrixInSpaces ov{VectorSpace(vdirs), out.space};
  for (auto &[d, a] : vals) {
    if (out.enc == Enc::Num) {
      ov.at(d, out.space[0]) = a.toDouble();
    } else if (auto idx = findAtom(out.values, a)) {
      ov.at(d, out.space[*idx]) = 1.0;
    }
  }
  // BOS row: the default, minus what BOS's own value vector contributes.
  Eigen::RowVectorXd vB(ov.in.size());
  for (size_t i = 0; i < ov.in.size(); ++i)
    vB(i) = ov.in[i] == kBos ? 0.0 : bosAt(ov.in[i]);
  Eigen::RowVectorXd bosRow = -(vB * ov.m);
  if (out.enc == Enc::Num)
    bosRow(0) += op->getDefault().toDouble();
  else if (auto idx = findAtom(out.values, op->getDefault()))
    bosRow(*idx) += 1.0;
  ov.m.row(ov.in.indexOf(kBos)) = bosRow;
  b.head.ov = std::move(ov);
  for (const Term &t : terms) {
    if (t.q)
      b.deps.push_back(t.q);
    if (t.k)
      b.deps.push_back(t.k);
  }
  if (in.enc != Enc::Const)
    b.deps.push_back(sop);
  simulateHead(b.head);
  blocks.push_back(std::move(b));
  return true;
}

bool Compiler::lowerSelectorWidth(const ir::SelectorWidthOp *op) {
  std::vector<Term> terms;
  if (!collectTerms(op->getSelector(), terms))
    return false;
  const SOpInfo &out = info[op];
  craft::AttentionOptions ao;
  ao.maxSeqLen = opts.maxSeqLen;
  ao.causal = opts.causal;
  craft::SeriesWithResiduals sw = craft::selectorWidth(
      VectorSpace(), VectorSpace(), out.space, out.enc == Enc::Cat, kBos, kOne,
      [](const Value &, const Value &) { return false; }, ao, out.label);
  Block b{Block::Width, op, {}, {}, {}, 0};
  b.head = std::move(sw.attn);
  b.head.coldness = coldness;
  b.head.qk = buildQK(terms, /*width=*/true);
  b.mlp = std::move(sw.mlp);
  for (const Term &t : terms) {
    if (t.q)
      b.deps.push_back(t.q);
    if (t.k)
      b.deps.push_back(t.k);
  }
  simulateHead(b.head);
  simulateMLP(b.mlp);
  blocks.push_back(std::move(b));
  return true;
}

/// Returns the map node of \p op, fusing single-use map operands into it as
/// long as the result still reads at most two s-ops and stays buildable.
bool Compiler::lowerMap(const Op *op) {
  const auto *m = llvm::cast<ir::MapOp>(op);
  // Each operand is a constant, an s-op input, or a fused inner node.
  struct Arg {
    int constIdx = -1;
    const Op *input = nullptr;
    const MapNode *inner = nullptr;
  };
  std::vector<Arg> args;
  std::vector<const Op *> inputs;
  auto addInput = [&](const Op *o) {
    if (!llvm::is_contained(inputs, o))
      inputs.push_back(o);
  };
  auto buildable = [&](llvm::ArrayRef<const Op *> ins) {
    if (ins.size() > 2)
      return false;
    unsigned nNum = 0;
    for (const Op *o : ins)
      nNum += info[o].enc == Enc::Num;
    return nNum <= 1; // num x cat: buildGatedMLP
  };
  for (const Op *o : op->getOperands()) {
    Arg a;
    if (info[o].enc == Enc::Const) {
      a.constIdx = 0;
      a.input = o;
    } else if (nodes.count(o) && uses[o] == 1 && !isRoot(o)) {
      std::vector<const Op *> trial = inputs;
      for (const Op *i : nodes[o].inputs)
        if (!llvm::is_contained(trial, i))
          trial.push_back(i);
      // An inner categorical map of two numerical s-ops has no block of its
      // own without a categorical copy (buildMapBlock) and a space of all
      // its values: fused, only the copy remains.
      unsigned innerNum = 0;
      for (const Op *i : nodes[o].inputs)
        innerNum += info[i].enc == Enc::Num;
      if (buildable(trial) ||
          (trial.size() <= 2 && innerNum >= 2 && info[o].enc == Enc::Cat)) {
        a.inner = &nodes[o];
        inputs = trial;
        fused[o] = true;
      } else {
        a.input = o;
        addInput(o);
      }
    } else {
      a.input = o;
      addInput(o);
    }
    args.push_back(a);
  }
  MapNode node;
  node.inputs = inputs;
  const ir::ElemExpr *fn = &m->getFunction();
  auto self = this;
  // Inner nodes are captured by value: the DenseMap may move them.
  struct Resolved {
    int kind; // 0 const, 1 input index, 2 inner
    Atom constant;
    unsigned inputIdx = 0;
    MapNode inner;
    std::vector<unsigned> innerIdx; // positions of the inner inputs
  };
  std::vector<Resolved> res;
  for (const Arg &a : args) {
    Resolved r;
    if (a.constIdx >= 0) {
      r.kind = 0;
      r.constant = self->info[a.input].constValue;
    } else if (a.inner) {
      r.kind = 2;
      r.inner = *a.inner;
      for (const Op *i : a.inner->inputs)
        r.innerIdx.push_back(
            unsigned(llvm::find(inputs, i) - inputs.begin()));
    } else {
      r.kind = 1;
      r.inputIdx = unsigned(llvm::find(inputs, a.input) - inputs.begin());
    }
    res.push_back(std::move(r));
  }
  node.fn = [fn, res](llvm::ArrayRef<Atom> in) -> std::optional<Atom> {
    std::vector<Atom> vals;
    vals.reserve(res.size());
    for (const Resolved &r : res) {
      if (r.kind == 0) {
        vals.push_back(r.constant);
      } else if (r.kind == 1) {
        vals.push_back(in[r.inputIdx]);
      } else {
        std::vector<Atom> sub;
        for (unsigned i : r.innerIdx)
          sub.push_back(in[i]);
        std::optional<Atom> v = r.inner.fn(sub);
        if (!v)
          return std::nullopt;
        vals.push_back(*v);
      }
    }
    std::vector<const Atom *> ptrs;
    for (const Atom &v : vals)
      ptrs.push_back(&v);
    Atom out;
    ir::ElemError err;
    if (!ir::evaluateElem(*fn, ptrs, out, err))
      return std::nullopt;
    return out;
  };
  nodes[op] = std::move(node);
  return true;
}

/// One MLP for f(x, c_1..c_m): m >= 1 categorical inputs and at most one
/// numerical x. Per tuple t of categorical values, an AND unit
/// relu(sum_i c_i[t_i] - (m-1)) (1 iff the tuple matches) writes f(x_0, t);
/// without x that is all (Tracr's sequence-map MLP, for any arity). With x
/// (sorted values x_0 < ... < x_K), each change of f(., t) between x_{k-1}
/// and x_k adds a step relu(s(x-b)+1/2) - relu(s(x-b)-1/2) at the midpoint b
/// (slope s = 2/gap: 0 at x_{k-1}, 1 at x_k), gated by M*(sum_i c_i[t_i] - m),
/// which is 0 when the tuple matches and switches the step off otherwise.
std::optional<craft::MLP> Compiler::buildGatedMLP(const Op *op,
                                                  const MapNode &node) {
  const SOpInfo &out = info[op];
  std::string hidden = "_hidden_" + out.label + "_";
  const Op *num = nullptr;
  std::vector<unsigned> catIdx;
  for (unsigned i = 0; i < node.inputs.size(); ++i) {
    if (info[node.inputs[i]].enc == Enc::Num)
      num = node.inputs[i];
    else
      catIdx.push_back(i);
  }
  size_t m = catIdx.size();
  std::vector<double> xs;
  std::vector<Atom> xAtoms;
  if (num) {
    std::map<double, Atom> byDouble;
    for (const Atom &a : info[num].values)
      byDouble.emplace(a.toDouble(), a);
    for (auto &[d, a] : byDouble) {
      if (!std::isfinite(d)) {
        diags.error(op->getLoc(), "cannot compile: a numerical operand takes "
                                  "a non-finite value");
        return std::nullopt;
      }
      xs.push_back(d);
      xAtoms.push_back(a);
    }
  } else {
    xAtoms.push_back(Atom()); // unused
  }
  size_t tuples = 1;
  for (unsigned i : catIdx)
    tuples *= info[node.inputs[i]].values.size();
  // A bound before building (steps come only where f changes, and fewer
  // with width families): refuse only what cannot fit in any case.
  size_t units = tuples * (num ? xs.size() : 1);
  if (units > (num ? 16000000 : 200000)) {
    diags.error(op->getLoc(), "cannot compile: this sequence map needs " +
                                  std::to_string(units) +
                                  " hidden units (limit 200000)");
    return std::nullopt;
  }
  auto image = [&](const std::vector<Atom> &args) -> Eigen::RowVectorXd {
    Eigen::RowVectorXd v = Eigen::RowVectorXd::Zero(out.space.size());
    std::optional<Atom> r = node.fn(args);
    if (!r)
      return v;
    if (out.enc == Enc::Num) {
      if (r->isNumber())
        v(0) = r->toDouble();
    } else if (auto i = findAtom(out.values, *r)) {
      v(*i) = 1.0;
    }
    return v;
  };
  std::vector<BasisDirection> inDirs{kOne};
  for (const Op *o : node.inputs)
    for (const BasisDirection &d : info[o].space)
      inDirs.push_back(d);
  VectorSpace in(inDirs);
  // Units: (input weights, bias via one, output row).
  struct Unit {
    std::vector<std::pair<BasisDirection, double>> w;
    double bias;
    Eigen::RowVectorXd y;
  };
  std::vector<Unit> us;
  double lo = num ? xs.front() : 0, hi = num ? xs.back() : 0;
  std::vector<size_t> idx(m, 0);
  for (size_t t = 0; t < tuples; ++t) {
    size_t r = t;
    for (size_t j = 0; j < m; ++j) {
      idx[j] = r % info[node.inputs[catIdx[j]]].values.size();
      r /= info[node.inputs[catIdx[j]]].values.size();
    }
    std::vector<std::pair<BasisDirection, double>> gate;
    for (size_t j = 0; j < m; ++j)
      gate.push_back({info[node.inputs[catIdx[j]]].space[idx[j]], 1.0});
    auto argsAt = [&](size_t xi) {
      std::vector<Atom> args(node.inputs.size());
      for (size_t j = 0; j < m; ++j)
        args[catIdx[j]] = info[node.inputs[catIdx[j]]].values[idx[j]];
      if (num)
        args[llvm::find(node.inputs, num) - node.inputs.begin()] =
            xAtoms[xi];
      return args;
    };
    // The x values that occur with this tuple: all of them, unless x and a
    // categorical input are functions of one selector's width (length and
    // a mean over full_s, say): then only x at the widths where that input
    // takes its tuple value. Steps go between consecutive such x.
    std::vector<size_t> feasible;
    if (num) {
      auto fx = families.find(num);
      const ir::WidthFamily *fam =
          fx == families.end() ? nullptr : &fx->second;
      std::vector<bool> widthOk;
      if (fam)
        for (size_t j = 0; j < m && widthOk.empty(); ++j) {
          auto fc = families.find(node.inputs[catIdx[j]]);
          if (fc == families.end() || fc->second.sel != fam->sel)
            continue;
          const Atom &tv = info[node.inputs[catIdx[j]]].values[idx[j]];
          for (const ir::ValueSet &vs : fc->second.perWidth)
            widthOk.push_back(vs.contains(tv));
        }
      if (!widthOk.empty()) {
        std::vector<bool> keep(xs.size(), false);
        for (size_t w = 0; w < widthOk.size(); ++w)
          if (widthOk[w])
            for (const Atom &a : fam->perWidth[w].getValues()) {
              auto it = std::lower_bound(xs.begin(), xs.end(), a.toDouble());
              if (it != xs.end() && *it == a.toDouble())
                keep[size_t(it - xs.begin())] = true;
            }
        for (size_t k = 0; k < xs.size(); ++k)
          if (keep[k])
            feasible.push_back(k);
        if (feasible.empty())
          continue; // this tuple never occurs
      } else {
        for (size_t k = 0; k < xs.size(); ++k)
          feasible.push_back(k);
      }
    }
    if (num && out.enc == Enc::Num) {
      // Linear in x at this tuple (a mean times its width, say): y = a*x+b
      // from relu(y + M*g) - relu(-y + M*g), gate g = 0 iff the tuple
      // matches (else <= -1, and M bounds |y| over every x): two units
      // instead of a step per change.
      std::vector<Atom> fx;
      for (size_t k : feasible)
        fx.push_back(xAtoms[k]);
      unsigned numIdx = unsigned(llvm::find(node.inputs, num) -
                                 node.inputs.begin());
      std::optional<std::pair<double, double>> ab =
          linearFit(node, numIdx, argsAt(0), fx);
      if (ab) {
        // Only where it is smaller than the steps: one unit for the first
        // value, two per change.
        size_t steps = 0;
        std::optional<Atom> last;
        for (const Atom &x : fx) {
          std::vector<Atom> args = argsAt(0);
          args[numIdx] = x;
          std::optional<Atom> y = node.fn(args);
          if (!last)
            steps += y && y->toDouble() != 0;
          else if (y && y->toDouble() != last->toDouble())
            steps += 2;
          last = y;
        }
        if (steps <= 2)
          ab.reset();
      }
      if (ab) {
        auto [a, b0] = *ab;
        double M = std::max(std::abs(a * lo + b0), std::abs(a * hi + b0)) + 1;
        for (int sign : {1, -1}) {
          Unit u;
          u.w = {{info[num].space[0], sign * a}};
          for (auto &g : gate)
            u.w.push_back({g.first, M});
          u.bias = sign * b0 - M * double(m);
          u.y = Eigen::RowVectorXd::Constant(1, double(sign));
          us.push_back(std::move(u));
        }
        continue;
      }
    }
    Eigen::RowVectorXd prev = image(argsAt(num ? feasible[0] : 0));
    if (!(prev.array() == 0).all())
      us.push_back({gate, -double(m - 1), prev});
    if (!num)
      continue;
    for (size_t fi = 1; fi < feasible.size(); ++fi) {
      size_t k = feasible[fi], kp = feasible[fi - 1];
      Eigen::RowVectorXd cur = image(argsAt(k));
      Eigen::RowVectorXd delta = cur - prev;
      prev = cur;
      if ((delta.array() == 0).all())
        continue;
      double gap = xs[k] - xs[kp], b = xs[kp] + gap / 2;
      double slope = 2.0 / gap;
      double M = slope * std::max(std::abs(lo - b), std::abs(hi - b)) + 2.0;
      for (int half = 0; half < 2; ++half) {
        Unit u;
        u.w = {{info[num].space[0], slope}};
        for (auto &g : gate)
          u.w.push_back({g.first, M});
        u.bias = -slope * b + (half == 0 ? 0.5 : -0.5) - M * double(m);
        u.y = half == 0 ? delta : Eigen::RowVectorXd(-delta);
        us.push_back(std::move(u));
      }
    }
  }
  // A categorical map of categorical s-ops: one AND unit per tuple. When
  // several tuples give the same value D, write D from one unit that is
  // always on (ReLU(one)) and let each tuple with another value v move the
  // output from D to v: 1 + #(tuples not giving D) units instead of
  // #tuples (the `and` of three detectors: 2 instead of 8). Exact, since
  // exactly one AND unit fires on one-hot inputs.
  if (!num && out.enc == Enc::Cat && !us.empty()) {
    std::map<Eigen::Index, size_t> byValue;
    for (const Unit &u : us) {
      Eigen::Index k;
      u.y.maxCoeff(&k);
      ++byValue[k];
    }
    auto most = std::max_element(
        byValue.begin(), byValue.end(),
        [](const auto &a, const auto &b) { return a.second < b.second; });
    if (most->second >= 2) {
      Eigen::RowVectorXd dflt = Eigen::RowVectorXd::Zero(out.space.size());
      dflt(most->first) = 1.0;
      std::vector<Unit> kept{{{}, 1.0, dflt}};
      for (Unit &u : us) {
        if ((u.y.array() == dflt.array()).all())
          continue;
        u.y -= dflt;
        kept.push_back(std::move(u));
      }
      us = std::move(kept);
    }
  }
  if (us.size() > 200000) {
    diags.error(op->getLoc(), "cannot compile: this sequence map needs " +
                                  std::to_string(us.size()) +
                                  " hidden units (limit 200000)");
    return std::nullopt;
  }
  std::vector<BasisDirection> hdirs;
  for (size_t i = 0; i < us.size(); ++i)
    hdirs.push_back(BasisDirection(hidden, Value(int64_t(i))));
  VectorSpace hs(hdirs);
  MatrixInSpaces fst(in, hs), snd(hs, out.space);
  for (size_t i = 0; i < us.size(); ++i) {
    size_t col = hs.indexOf(hdirs[i]);
    for (auto &[d, w] : us[i].w)
      fst.m(in.indexOf(d), col) += w;
    fst.m(in.indexOf(kOne), col) += us[i].bias;
    snd.m.row(col) = us[i].y;
  }
  return craft::MLP(std::move(fst), std::move(snd));
}

/// A categorical copy of the numerical s-op \p num (one direction per
/// value, made by a discretising MLP), for a map that reads several
/// numerical s-ops into a categorical result: with all but one of them
/// categorical it has a construction (buildGatedMLP).
const Op *Compiler::categoricalCopyOf(const Op *num) {
  if (const Op *copy = catCopies.lookup(num))
    return copy;
  Op *op = extra.create<ir::MapOp>(llvm::ArrayRef<Op *>{const_cast<Op *>(num)},
                                   ir::ElemExpr::arg(0), num->getLoc());
  SOpInfo &si = info[op];
  si.enc = Enc::Cat;
  si.label = "categorical_" + info[num].label;
  si.values = info[num].values;
  std::vector<Value> vs;
  for (const Atom &a : si.values)
    vs.push_back(toValue(a));
  si.space = VectorSpace::categorical(si.label, vs);
  MapNode node;
  node.inputs = {num};
  node.fn = [](llvm::ArrayRef<Atom> in) -> std::optional<Atom> {
    return in[0];
  };
  nodes[op] = std::move(node);
  if (!buildMapBlock(op))
    return nullptr;
  catCopies[num] = op;
  return op;
}

bool Compiler::buildMapBlock(const Op *op) {
  auto it = nodes.find(op);
  {
    unsigned nNum = 0, nCat = 0;
    for (const Op *o : it->second.inputs)
      (info[o].enc == Enc::Num ? nNum : nCat) += 1;
    if (nNum > 1 && (info[op].enc == Enc::Cat || nNum + nCat > 2)) {
      // Read all numerical inputs but the one with most values through
      // categorical copies.
      std::vector<const Op *> ins = it->second.inputs;
      size_t keep = ins.size();
      for (size_t i = 0; i < ins.size(); ++i)
        if (info[ins[i]].enc == Enc::Num &&
            (keep == ins.size() ||
             info[ins[i]].values.size() > info[ins[keep]].values.size()))
          keep = i;
      for (size_t i = 0; i < ins.size(); ++i)
        if (i != keep && info[ins[i]].enc == Enc::Num)
          if (!(ins[i] = categoricalCopyOf(ins[i])))
            return false;
      it = nodes.find(op); // categoricalCopyOf grew the map
      it->second.inputs = ins;
      nNum = 1;
      nCat = unsigned(ins.size()) - 1;
    }
    // Two categorical inputs and a categorical result: the gated MLP too
    // (AND units, with the shared-default saving below).
    if ((nNum == 0 && nCat > 2) || (nNum == 1 && nCat >= 1) ||
        (nNum == 0 && nCat == 2 && info[op].enc == Enc::Cat)) {
      std::optional<craft::MLP> mlp = buildGatedMLP(op, it->second);
      if (!mlp)
        return false;
      Block b{Block::Mlp, op, {}, std::move(*mlp), it->second.inputs, 0};
      simulateMLP(b.mlp);
      blocks.push_back(std::move(b));
      return true;
    }
    if (nNum > 1 && nNum + nCat > 2) {
      diags.error(op->getLoc(), "cannot compile: a sequence map of more than "
                                "two s-ops with several numerical ones has "
                                "no construction");
      return false;
    }
  }
  if (it->second.inputs.empty()) {
    diags.error(op->getLoc(), "cannot compile: this function fails on its "
                              "constant operands");
    return false;
  }
    const MapNode &node = it->second;
    const SOpInfo &out = info[op];
    std::string hidden = "_hidden_" + out.label + "_";
    Block b{Block::Mlp, op, {}, {}, node.inputs, 0};
    auto catOut = [&](const Atom &a) -> std::optional<Value> {
      if (!findAtom(out.values, a))
        return std::nullopt;
      return out.space[*findAtom(out.values, a)].value;
    };
    if (node.inputs.size() == 1) {
      const SOpInfo &in = info[node.inputs[0]];
      if (in.enc == Enc::Cat && out.enc == Enc::Cat) {
        b.mlp = craft::categoricalMLP(
            in.space, out.space,
            [&](const Value &v) -> std::optional<Value> {
              auto r = node.fn({toAtom(v)});
              return r ? catOut(*r) : std::nullopt;
            },
            hidden);
      } else if (in.enc == Enc::Cat) {
        b.mlp = craft::categoricalToNumericalMLP(
            in.space, out.space[0],
            [&](const Value &v) -> std::optional<double> {
              auto r = node.fn({toAtom(v)});
              if (!r || !r->isNumber())
                return std::nullopt;
              return r->toDouble();
            },
            hidden);
      } else {
        std::vector<double> xs;
        std::map<double, Atom> byDouble;
        for (const Atom &a : in.values) {
          xs.push_back(a.toDouble());
          byDouble[a.toDouble()] = a;
        }
        auto atomOf = [&](double x) {
          auto f = byDouble.find(x);
          return f == byDouble.end() ? Atom::real(x) : f->second;
        };
        if (out.enc == Enc::Num)
          b.mlp = craft::numericalMLP(
              in.space[0], out.space[0], kOne, xs,
              [&](double x) -> std::optional<double> {
                auto r = node.fn({atomOf(x)});
                if (!r || !r->isNumber())
                  return std::nullopt;
                return r->toDouble();
              },
              hidden);
        else
          b.mlp = craft::numericalToCategoricalMLP(
              in.space[0], out.space, kOne, xs,
              [&](double x) -> std::optional<Value> {
                auto r = node.fn({atomOf(x)});
                return r ? catOut(*r) : std::nullopt;
              },
              hidden);
      }
    } else {
      const SOpInfo &a = info[node.inputs[0]], &c = info[node.inputs[1]];
      if (a.enc == Enc::Cat && c.enc == Enc::Cat) {
        auto f2 = [&](const Value &x, const Value &y) {
          return node.fn({toAtom(x), toAtom(y)});
        };
        if (out.enc == Enc::Cat)
          b.mlp = craft::sequenceMapCategoricalMLP(
              a.space, c.space, out.space, kOne,
              [&](const Value &x, const Value &y) -> std::optional<Value> {
                auto r = f2(x, y);
                return r ? catOut(*r) : std::nullopt;
              },
              hidden);
        else
          b.mlp = craft::sequenceMapCategoricalToNumericalMLP(
              a.space, c.space, out.space[0], kOne,
              [&](const Value &x, const Value &y) -> std::optional<double> {
                auto r = f2(x, y);
                if (!r || !r->isNumber())
                  return std::nullopt;
                return r->toDouble();
              },
              hidden);
      } else if (a.enc == Enc::Num && c.enc == Enc::Num &&
                 out.enc == Enc::Num) {
        // Only a*x + b*y compiles exactly; check it on every value pair.
        auto at = [&](double x, double y) -> std::optional<double> {
          auto r = node.fn({Atom::real(x), Atom::real(y)});
          if (!r || !r->isNumber())
            return std::nullopt;
          return r->toDouble();
        };
        auto f00 = at(0, 0), f10 = at(1, 0), f01 = at(0, 1);
        bool linear = f00 && f10 && f01 && std::abs(*f00) < 1e-12;
        double ca = linear ? *f10 : 0, cb = linear ? *f01 : 0;
        // Over the value pairs that occur: per width when both operands
        // are functions of one selector's width (ir::WidthFamily).
        auto checkPairs = [&](llvm::ArrayRef<Atom> xs, llvm::ArrayRef<Atom> ys) {
          for (size_t i = 0; linear && i < xs.size(); ++i)
            for (size_t j = 0; linear && j < ys.size(); ++j) {
              double x = xs[i].toDouble(), y = ys[j].toDouble();
              auto r = node.fn({xs[i], ys[j]});
              linear = r && r->isNumber() &&
                       std::abs(r->toDouble() - (ca * x + cb * y)) <=
                           1e-9 * (1 + std::abs(r->toDouble()));
            }
        };
        auto fa = families.find(node.inputs[0]),
             fc = families.find(node.inputs[1]);
        if (fa != families.end() && fc != families.end() &&
            fa->second.sel == fc->second.sel)
          for (size_t w = 0; w < fa->second.perWidth.size(); ++w)
            checkPairs(fa->second.perWidth[w].getValues(),
                       fc->second.perWidth[w].getValues());
        else
          checkPairs(a.values, c.values);
        if (!linear) {
          diags.error(op->getLoc(),
                      "cannot compile: a sequence map of two numerical "
                      "s-ops must be linear (a*x + b*y)");
          return false;
        }
        b.mlp = craft::linearSequenceMapMLP(a.space[0], c.space[0],
                                            out.space[0], ca, cb, hidden);
      } else {
        diags.error(op->getLoc(),
                    "cannot compile: a sequence map of a numerical and a "
                    "categorical s-op (or with a categorical result from "
                    "numerical s-ops) has no construction; mark the "
                    "numerical operand categorical(...)");
        return false;
      }
    }
    simulateMLP(b.mlp);
    blocks.push_back(std::move(b));
    return true;
}

bool Compiler::lowerToCraft() {
  coldness = craft::attentionColdness(opts.maxSeqLen);
  bosResidual[kOne] = 1.0;
  bosResidual[kBos] = 1.0;
  // Map nodes first: fusing decides which maps get no block of their own.
  for (Op *op : ops)
    if (llvm::isa<ir::MapOp>(op) && info[op].enc != Enc::Const)
      lowerMap(op);
  // Fold single-input maps of categorical s-ops that only selects read, or
  // aggregates read as values, into those heads.
  for (Op *op : ops) {
    if (!llvm::isa<ir::MapOp>(op) || info[op].enc == Enc::Const ||
        fused.lookup(op) || isRoot(op) || !nodes.count(op) ||
        nodes[op].inputs.size() != 1 ||
        info[nodes[op].inputs[0]].enc != Enc::Cat)
      continue;
    bool ok = !users[op].empty();
    for (const Op *u : users[op]) {
      if (llvm::isa<ir::SelectOp>(u))
        ok &= info[op].enc == Enc::Cat;
      else if (const auto *a = llvm::dyn_cast<ir::AggregateOp>(u))
        ok &= a->getSOp() == op;
      else
        ok = false;
    }
    if (ok)
      folded[op] = true;
  }
  // Then the blocks, in topological order, simulating BOS as they come.
  for (Op *op : ops) {
    if (op->isSelector() || info[op].enc == Enc::Const)
      continue;
    bool ok = true;
    switch (op->getKind()) {
    case OpKind::Map:
    case OpKind::SequenceMap:
      if (!fused.lookup(op) && !folded.lookup(op))
        ok = buildMapBlock(op);
      break;
    case OpKind::Aggregate:
      ok = lowerAggregate(llvm::cast<ir::AggregateOp>(op));
      break;
    case OpKind::SelectorWidth:
      ok = lowerSelectorWidth(llvm::cast<ir::SelectorWidthOp>(op));
      break;
    default:
      break;
    }
    if (!ok)
      return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// 6: layer allocation
//===----------------------------------------------------------------------===//

void Compiler::allocateLayers() {
  // Blocks come in topological order. Sublayer 2l is layer l's attention,
  // 2l+1 its MLP; a selector width takes both.
  const size_t n = blocks.size();
  auto len = [&](const Block &b) -> unsigned {
    return b.kind == Block::Width ? 2 : 1;
  };
  auto parity = [&](const Block &b) -> unsigned {
    return b.kind == Block::Mlp ? 1 : 0;
  };
  llvm::DenseMap<const Op *, size_t> blockOf;
  for (size_t i = 0; i < n; ++i)
    blockOf[blocks[i].op] = i;
  std::vector<std::vector<size_t>> depsOf(n);
  for (size_t i = 0; i < n; ++i)
    for (const Op *d : blocks[i].deps) {
      auto it = blockOf.find(d);
      if (it != blockOf.end() && it->second < i)
        depsOf[i].push_back(it->second);
    }
  // Earliest sublayer given the sublayers chosen for the dependencies.
  auto earliest = [&](size_t i, const std::vector<unsigned> &s) {
    unsigned e = 0;
    for (size_t d : depsOf[i])
      e = std::max(e, s[d] + len(blocks[d]));
    if (e % 2 != parity(blocks[i]))
      ++e;
    return e;
  };
  // As soon as possible: the layer count, which no schedule exceeds.
  std::vector<unsigned> asap(n);
  unsigned numLayers = 0;
  for (size_t i = 0; i < n; ++i) {
    asap[i] = earliest(i, asap);
    numLayers = std::max(numLayers, (asap[i] + len(blocks[i]) - 1) / 2 + 1);
  }
  // As late as possible within those layers: endMax is the last sublayer
  // a block may occupy.
  std::vector<int> endMax(n, int(2 * numLayers) - 1), latest(n);
  for (size_t i = n; i-- > 0;) {
    int l = endMax[i] + 1 - int(len(blocks[i]));
    if ((l % 2 + 2) % 2 != int(parity(blocks[i])))
      --l;
    latest[i] = std::max(l, int(asap[i]));
    for (size_t d : depsOf[i])
      endMax[d] = std::min(endMax[d], latest[i] - 1);
  }
  struct Cost {
    unsigned heads = 0, mlp = 0;
    bool operator<(const Cost &o) const {
      return std::tie(heads, mlp) < std::tie(o.heads, o.mlp);
    }
  };
  auto cost = [&](const std::vector<unsigned> &s) {
    std::vector<unsigned> h(numLayers, 0), w(numLayers, 0);
    for (size_t i = 0; i < n; ++i) {
      if (blocks[i].kind != Block::Mlp)
        ++h[s[i] / 2];
      if (blocks[i].kind != Block::Attn)
        w[s[i] / 2] += blocks[i].mlp.hiddenSize();
    }
    Cost c;
    for (unsigned l = 0; l < numLayers; ++l) {
      c.heads = std::max(c.heads, h[l]);
      c.mlp = std::max(c.mlp, w[l]);
    }
    return c;
  };
  std::vector<unsigned> best = asap;
  Cost bestCost = cost(asap);
  // Heads off the critical path may move to a later layer: place each head
  // in a layer with fewer than H heads (earliest or latest such layer), and
  // each MLP at its earliest sublayer or where the layer's MLP stays
  // narrowest; keep the schedule with the fewest heads per layer, then the
  // narrowest MLP (ASAP on ties).
  const unsigned maxH = bestCost.heads;
  for (unsigned H = 1; H <= maxH; ++H)
    for (int late = 0; late < 2; ++late)
      for (int narrow = 0; narrow < 2; ++narrow) {
        std::vector<unsigned> s(n), h(numLayers, 0), w(numLayers, 0);
        bool ok = true;
        for (size_t i = 0; i < n && ok; ++i) {
          const Block &b = blocks[i];
          unsigned e = earliest(i, s), l = unsigned(latest[i]);
          if (e > l) {
            ok = false;
            break;
          }
          unsigned pick = e;
          if (b.kind == Block::Mlp) {
            if (narrow) {
              unsigned bw = ~0u;
              for (unsigned c = e; c <= l; c += 2)
                if (w[c / 2] < bw)
                  bw = w[c / 2], pick = c;
            }
          } else {
            bool found = false;
            for (unsigned k = 0, cnt = (l - e) / 2 + 1; k < cnt; ++k) {
              unsigned c = late ? l - 2 * k : e + 2 * k;
              if (h[c / 2] < H) {
                pick = c;
                found = true;
                break;
              }
            }
            ok = found;
          }
          s[i] = pick;
          if (b.kind != Block::Mlp)
            ++h[pick / 2];
          if (b.kind != Block::Attn)
            w[pick / 2] += b.mlp.hiddenSize();
        }
        if (!ok)
          continue;
        Cost c = cost(s);
        if (c < bestCost) {
          bestCost = c;
          best = s;
        }
      }
  for (size_t i = 0; i < n; ++i)
    blocks[i].sublayer = best[i];
}

//===----------------------------------------------------------------------===//
// 7: assembly
//===----------------------------------------------------------------------===//

static std::string kindTag(const Atom &a) {
  // Output types are recorded for bool, int and float values only.
  if (!a.isNumber())
    return "";
  return py::typeName(a);
}

/// The common type tag of \p values ("" if mixed or empty).
static std::string commonKind(llvm::ArrayRef<Atom> values) {
  std::string k;
  for (size_t i = 0; i < values.size(); ++i) {
    std::string t = kindTag(values[i]);
    if (t.empty() || (i > 0 && t != k))
      return "";
    k = t;
  }
  return k;
}

void Compiler::setOutputValueTypes(model::ModelConfig &cfg,
                                   unsigned numLayers) {
  // One type for every position when the value set agrees.
  std::string all = commonKind(info[output].values);
  if (!all.empty()) {
    cfg.outputValueTypes = {all};
    return;
  }
  // Else by the width of the output's selector family (a mean over one key
  // keeps its value's type, over several it is a float), read at run time
  // from a head of that selector.
  auto fam = families.find(output);
  if (fam == families.end() || !fam->second.sel)
    return;
  std::vector<unsigned> count(numLayers, 0);
  for (const Block &b : blocks) {
    if (b.kind == Block::Mlp)
      continue;
    unsigned l = b.sublayer / 2, h = count[l]++;
    // Families name their selector by one representative of the
    // structurally equal ones: compare the heads' own families.
    auto own = families.find(b.op);
    if (own == families.end() || own->second.sel != fam->second.sel ||
        cfg.widthHeadLayer >= 0)
      continue;
    cfg.widthHeadLayer = int(l);
    cfg.widthHead = h;
    cfg.widthHeadCountsBos = b.kind == Block::Width;
  }
  if (cfg.widthHeadLayer < 0)
    return;
  cfg.outputValueTypes.assign(size_t(opts.maxSeqLen) + 1, "");
  for (size_t w = 0; w < fam->second.perWidth.size() && w <= opts.maxSeqLen;
       ++w)
    cfg.outputValueTypes[w] = commonKind(fam->second.perWidth[w].getValues());
}

std::optional<CompiledModel> Compiler::assembleModel() {
  const SOpInfo &out = info[output];
  // Residual space.
  std::vector<VectorSpace> spaces{VectorSpace({kOne, kBos}), out.space};
  if (needNonBos)
    spaces.push_back(VectorSpace::of(kNonBos));
  std::vector<const Op *> tokenOps;
  const Op *indicesOp = nullptr;
  for (Op *op : ops) {
    if (llvm::isa<ir::TokensOp>(op)) {
      tokenOps.push_back(op);
      spaces.push_back(info[op].space);
    } else if (llvm::isa<ir::IndicesOp>(op)) {
      indicesOp = op;
      spaces.push_back(info[op].space);
    }
  }
  unsigned numLayers = 0;
  for (const Block &b : blocks) {
    // The spaces themselves (one sort in join, no per-block joins).
    if (b.kind != Block::Mlp) {
      spaces.push_back(b.head.qk.in);
      spaces.push_back(b.head.qk.out);
      spaces.push_back(b.head.ov.in);
      spaces.push_back(b.head.ov.out);
    }
    if (b.kind != Block::Attn) {
      spaces.push_back(b.mlp.fst.in);
      spaces.push_back(b.mlp.snd.out);
    }
    unsigned last = b.sublayer + (b.kind == Block::Width ? 1 : 0);
    numLayers = std::max(numLayers, last / 2 + 1);
  }
  VectorSpace resid = VectorSpace::join(spaces);

  std::vector<std::vector<const craft::AttentionHead *>> heads(numLayers);
  std::vector<std::vector<const craft::MLP *>> mlps(numLayers);
  for (const Block &b : blocks) {
    if (b.kind != Block::Mlp)
      heads[b.sublayer / 2].push_back(&b.head);
    if (b.kind == Block::Mlp)
      mlps[b.sublayer / 2].push_back(&b.mlp);
    if (b.kind == Block::Width)
      mlps[b.sublayer / 2].push_back(&b.mlp);
  }
  // A layer's MLPs side by side (hidden units of one after the other's);
  // combined into one craft MLP only to print it.
  std::vector<unsigned> layerHidden(numLayers, 0);
  model::ModelConfig cfg;
  for (unsigned l = 0; l < numLayers; ++l) {
    cfg.numHeads = std::max<unsigned>(cfg.numHeads, heads[l].size());
    for (const auto *h : heads[l]) {
      cfg.keySize = std::max<unsigned>(cfg.keySize, h->qk.out.size());
      cfg.valueSize = std::max<unsigned>(cfg.valueSize, h->ov.out.size());
    }
    for (const craft::MLP *mm : mlps[l])
      layerHidden[l] += mm->hiddenSize();
    cfg.mlpHidden = std::max<unsigned>(cfg.mlpHidden, layerHidden[l]);
  }
  if (opts.craftDump) {
    llvm::raw_ostream &os = *opts.craftDump;
    for (unsigned l = 0; l < numLayers; ++l) {
      os << "layer " << l << " attention: " << heads[l].size() << " head(s)\n";
      for (const auto *h : heads[l])
        h->print(os);
      os << "layer " << l << " mlp: " << layerHidden[l] << " hidden\n";
      if (!mlps[l].empty()) {
        std::vector<craft::MLP> parts;
        for (const craft::MLP *mm : mlps[l])
          parts.push_back(*mm);
        craft::MLP::combineInParallel(parts).print(os);
      }
    }
  }

  for (const std::string &v : opts.vocab)
    cfg.vocab.push_back(v);
  cfg.vocab.push_back(kBosToken);
  cfg.bosId = cfg.vocab.size() - 1;
  cfg.maxSeqLen = opts.maxSeqLen;
  cfg.numLayers = numLayers;
  cfg.dModel = resid.size();
  auto typeOf = [](const std::optional<Value> &v) -> std::string {
    if (!v)
      return "";
    switch (v->getKind()) {
    case Value::Kind::Bool:
      return "bool";
    case Value::Kind::Int:
      return "int";
    case Value::Kind::Float:
      return "float";
    case Value::Kind::Str:
      return "str";
    }
    return "";
  };
  for (const BasisDirection &d : resid) {
    cfg.residualLabels.push_back(d.str());
    cfg.residualTypes.push_back(typeOf(d.value));
  }
  cfg.outputKind = out.enc == Enc::Num ? model::OutputKind::Numerical
                                       : model::OutputKind::Categorical;
  cfg.outputName = opts.outputName;
  if (out.enc == Enc::Cat)
    for (const Atom &a : out.values) {
      cfg.outputLabels.push_back(py::str(a));
      cfg.outputTypes.push_back(typeOf(toValue(a)));
    }
  if (out.enc == Enc::Num)
    setOutputValueTypes(cfg, numLayers);
  cfg.causal = opts.causal;
  cfg.attnScale = 1.0f;
  if (cfg.numHeads == 0)
    cfg.numHeads = cfg.keySize = cfg.valueSize = 1;
  cfg.keySize = std::max(cfg.keySize, 1u);
  cfg.valueSize = std::max(cfg.valueSize, 1u);
  cfg.mlpHidden = std::max(cfg.mlpHidden, 1u);
  if (llvm::Error e = cfg.verify()) {
    diags.error("internal error: " + llvm::toString(std::move(e)));
    return std::nullopt;
  }

  CompiledModel cm;
  cm.model = model::Model::createZero(cfg);
  model::Model &m = cm.model;
  auto put = [&](Eigen::MatrixXf &w, unsigned row, const BasisDirection &dir,
                 float v) { w(row, resid.indexOf(dir)) = v; };
  // Embeddings.
  for (unsigned t = 0; t < opts.vocab.size(); ++t) {
    put(m.tokenEmbed, t, kOne, 1);
    if (needNonBos)
      put(m.tokenEmbed, t, kNonBos, 1);
    for (const Op *tok : tokenOps) {
      ir::ValueSetOptions vo;
      vo.vocab = {Atom::string(opts.vocab[t])};
      vo.maxSeqLen = opts.maxSeqLen;
      llvm::DenseMap<const Op *, ir::ValueSet> one;
      ir::inferValueSets({const_cast<Op *>(tok)}, vo, one);
      for (const Atom &a : one[tok].getValues())
        if (auto i = findAtom(info[tok].values, a))
          put(m.tokenEmbed, t, info[tok].space[*i], 1);
    }
  }
  put(m.tokenEmbed, cfg.bosId, kOne, 1);
  put(m.tokenEmbed, cfg.bosId, kBos, 1);
  if (indicesOp)
    for (unsigned p = 1; p <= opts.maxSeqLen; ++p)
      if (auto i = findAtom(info[indicesOp].values, Atom::integer(p - 1)))
        put(m.posEmbed, p, info[indicesOp].space[*i], 1);

  // Layers.
  for (unsigned l = 0; l < numLayers; ++l) {
    model::Layer &L = m.layers[l];
    if (heads[l].empty()) {
      L.attn.clear();
    } else {
      for (unsigned h = 0; h < heads[l].size(); ++h) {
        const craft::AttentionHead &hd = *heads[l][h];
        // Scatter rows / columns by residual index (a projection matrix
        // product would cost d x |space| x width per block).
        unsigned k = hd.qk.out.size(), v = hd.ov.out.size();
        unsigned qc = h * cfg.keySize, vc = h * cfg.valueSize;
        for (size_t i = 0; i < hd.qk.in.size(); ++i)
          L.attn.wq.block(resid.indexOf(hd.qk.in[i]), qc, 1, k) +=
              hd.qk.m.row(i).cast<float>();
        for (size_t j = 0; j < k; ++j)
          L.attn.wk(resid.indexOf(hd.qk.out[j]), qc + j) += 1.0f;
        for (size_t i = 0; i < hd.ov.in.size(); ++i)
          L.attn.wv.block(resid.indexOf(hd.ov.in[i]), vc, 1, v) +=
              hd.ov.m.row(i).cast<float>();
        for (size_t j = 0; j < v; ++j)
          L.attn.wo(vc + j, resid.indexOf(hd.ov.out[j])) += 1.0f;
      }
    }
    if (mlps[l].empty()) {
      L.mlp.clear();
    } else {
      unsigned off = 0;
      for (const craft::MLP *p : mlps[l]) {
        const craft::MLP &mm = *p;
        unsigned hsz = mm.hiddenSize();
        for (size_t i = 0; i < mm.fst.in.size(); ++i)
          L.mlp.w1.block(resid.indexOf(mm.fst.in[i]), off, 1, hsz) +=
              mm.fst.m.row(i).cast<float>();
        for (size_t j = 0; j < mm.snd.out.size(); ++j)
          L.mlp.w2.block(off, resid.indexOf(mm.snd.out[j]), hsz, 1) +=
              mm.snd.m.col(j).cast<float>();
        off += hsz;
      }
    }
  }
  if (classifier) {
    std::string err;
    auto w = linearClassifierUnembedding(
        *classifier, resid, kOne,
        [&](const Op *o) {
          const SOpInfo &si = info[o];
          ClassifierInput ci;
          ci.kind = si.enc == Enc::Const ? ClassifierInput::Const
                    : si.enc == Enc::Num ? ClassifierInput::Num
                                         : ClassifierInput::Cat;
          ci.constValue = si.constValue;
          ci.values = si.values;
          ci.dirs.assign(si.space.begin(), si.space.end());
          return ci;
        },
        err);
    if (!w) {
      diags.error(output->getLoc(), "cannot compile: the classifier '" +
                                        opts.outputName + "': " + err);
      return std::nullopt;
    }
    m.unembed = w->cast<float>();
  } else {
    m.unembed = craft::projectionMatrix(resid, out.space).cast<float>();
  }
  if (llvm::Error e = m.verify()) {
    diags.error("internal error: " + llvm::toString(std::move(e)));
    return std::nullopt;
  }
  cm.numericalOutput = out.enc == Enc::Num;
  cm.outputValues = out.values;
  return cm;
}

std::optional<CompiledModel> Compiler::run() {
  if (!output || output->isSelector()) {
    diags.error(output ? output->getLoc() : llvm::SMLoc(),
                "cannot compile: the output must be an s-op, not a selector");
    return std::nullopt;
  }
  if (opts.maxSeqLen == 0 || opts.vocab.empty()) {
    diags.error("cannot compile: need a vocabulary and a maximum length > 0");
    return std::nullopt;
  }
  if (llvm::is_contained(opts.vocab, std::string(kBosToken))) {
    diags.error(llvm::Twine("cannot compile: '") + kBosToken +
                "' is reserved for the BOS token");
    return std::nullopt;
  }
  if (std::string hole = ir::describeFirstHole({output}); !hole.empty()) {
    diags.error(output->getLoc(), "cannot compile: " + hole +
                                      ": fill the sketch first");
    return std::nullopt;
  }
  roots = {output};
  if ((classifier = matchLinearClassifier(output)))
    roots = classifier->inputs;
  collect();
  // An aggregate of numbers that may read several positions is a mean, as
  // in the interpreter: unless annotated, such an aggregate (its selector
  // not proven to read one value) becomes numerical, and encodings and
  // value sets are recomputed downstream of it.
  llvm::DenseMap<const Op *, ir::Encoding> annotated;
  for (Op *op : ops)
    annotated[op] = op->getEncoding();
  for (unsigned round = 0;; ++round) {
    inferEncodings();
    if (!computeValueSets())
      return std::nullopt;
    bool changed = false;
    for (Op *op : ops) {
      const auto *agg = llvm::dyn_cast<ir::AggregateOp>(op);
      if (!agg || annotated[op] != ir::Encoding::Unknown ||
          info[op].enc != Enc::Cat)
        continue;
      const SOpInfo &in = info[agg->getSOp()];
      if (in.enc != Enc::Cat || in.values.size() <= 1 ||
          !agg->getDefault().isNumber() ||
          agg->getDefault().getKind() == Atom::Kind::Bool)
        continue;
      bool numbers = true;
      for (const Atom &a : in.values)
        numbers &= a.isNumber() && a.getKind() != Atom::Kind::Bool;
      if (!numbers ||
          aggregateSelectsOneValue(agg->getSelector(), agg->getSOp()))
        continue;
      annotated[op] = ir::Encoding::Numerical;
      changed = true;
    }
    for (Op *op : ops)
      if (annotated[op] == ir::Encoding::Unknown && info[op].enc == Enc::Cat &&
          isLinearInMean(op)) {
        annotated[op] = ir::Encoding::Numerical;
        changed = true;
      }
    if (!changed || round > 64)
      break;
    for (Op *op : ops)
      op->setEncoding(annotated[op]);
    info.clear();
    sets.clear();
  }
  if (!validate())
    return std::nullopt;
  if (classifier) {
    // The output is the classifier's label: its logits come from the
    // unembedding, not from a space of the residual.
    SOpInfo &o = info[output];
    o.enc = Enc::Cat;
    o.label = opts.outputName;
    o.values = classifier->labels;
    std::vector<Value> vs;
    for (const Atom &a : o.values)
      vs.push_back(toValue(a));
    o.space = VectorSpace::categorical(o.label, vs);
  }
  if (info[output].enc == Enc::Const) {
    diags.error(output->getLoc(),
                "cannot compile: the output is a constant, not a sequence "
                "computation");
    return std::nullopt;
  }
  if (!lowerToCraft())
    return std::nullopt;
  allocateLayers();
  return assembleModel();
}

std::optional<CompiledModel>
rasp::compile::compileToModel(ir::Op *output, const CompileOptions &options,
                              DiagnosticEngine &diags) {
  Compiler c(output, options, diags);
  return c.run();
}

Atom rasp::compile::decodeOutput(const CompiledModel &compiled,
                                 const float *row, int width) {
  if (!compiled.numericalOutput) {
    size_t best = 0;
    for (size_t i = 1; i < compiled.outputValues.size(); ++i)
      if (row[i] > row[best])
        best = i;
    return compiled.outputValues.empty() ? Atom()
                                         : compiled.outputValues[best];
  }
  double x = row[0];
  const Atom *best = nullptr;
  double bestDist = 0;
  for (const Atom &a : compiled.outputValues) {
    double dist = std::abs(a.toDouble() - x);
    if (!best || dist < bestDist) {
      best = &a;
      bestDist = dist;
    }
  }
  Atom r = best && bestDist <= 1e-3 * std::max(1.0, std::abs(x))
               ? *best
               : Atom::real(x);
  // The value's type, as the interpreter has it (1 and 1.0 print apart).
  const std::vector<std::string> &types =
      compiled.model.config.outputValueTypes;
  std::string t;
  if (types.size() == 1)
    t = types[0];
  else if (width >= 0 && size_t(width) < types.size())
    t = types[size_t(width)];
  if (!r.isNumber() || t.empty())
    return r;
  double v = r.toDouble();
  if (t == "float")
    return Atom::real(v);
  if (t == "int" && std::abs(v - std::round(v)) <= 1e-6 &&
      std::abs(v) < 9e15)
    return Atom::integer(int64_t(std::llround(v)));
  if (t == "bool" && (v == 0 || v == 1))
    return Atom::boolean(v == 1);
  return r;
}

llvm::Expected<std::vector<Atom>>
rasp::compile::runCompiled(const CompiledModel &compiled,
                           llvm::ArrayRef<unsigned> ids) {
  const model::Model &m = compiled.model;
  auto res = model::forward(m, ids, model::decodingOptions(m.config));
  if (!res)
    return res.takeError();
  std::vector<int> widths = model::readWidths(m.config, *res);
  std::vector<Atom> values;
  const Eigen::MatrixXf &o = res->output;
  for (Eigen::Index r = 1; r < o.rows(); ++r) {
    Eigen::RowVectorXf row = o.row(r);
    values.push_back(decodeOutput(
        compiled, row.data(), widths.empty() ? -1 : widths[size_t(r)]));
  }
  return values;
}
