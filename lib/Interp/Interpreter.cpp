//===- Interpreter.cpp - Reference semantics of the RASP IR ---------------===//

#include "rasp/Interp/Interpreter.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"

#include <algorithm>
#include <cmath>

using namespace rasp;
using namespace rasp::interp;
using namespace rasp::ir;

const char *interp::getSeqTypeName(SeqType t) {
  switch (t) {
  case SeqType::String:
    return "string";
  case SeqType::Bool:
    return "bool";
  case SeqType::Int:
    return "int";
  case SeqType::Float:
    return "float";
  }
  return "?";
}

static EvalError makeError(EvalError::Kind kind, std::string msg) {
  EvalError e;
  e.kind = kind;
  e.message = std::move(msg);
  return e;
}

static std::string reprValues(llvm::ArrayRef<Atom> values, bool asList) {
  std::string s = asList ? "[" : "(";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i)
      s += ", ";
    s += py::repr(values[i]);
  }
  if (!asList && values.size() == 1)
    s += ",";
  s += asList ? "]" : ")";
  return s;
}

bool interp::classifySequence(llvm::ArrayRef<Atom> values, SeqType &type,
                              EvalError &err, bool asList) {
  bool allStr = true, allBool = true, allInt = true, allFloat = true,
       allNum = true;
  if (llvm::any_of(values, [](const Atom &a) { return a.isComplex(); })) {
    // Python complex numbers are not RASP values.
    err = makeError(EvalError::Kind::RaspType,
                    "attempted to create sequence with illegal val types "
                    "(vals must be bool, float, int or string):\n\t\t " +
                        reprValues(values, asList));
    return false;
  }
  for (const Atom &a : values) {
    allStr &= a.isStr();
    allBool &= a.isBool();
    allInt &= a.isIntLike();
    allFloat &= a.isFloat();
    allNum &= a.isNumber();
  }
  // Same order as the reference's check: str, bool, int, float, numbers.
  if (allStr)
    type = SeqType::String;
  else if (allBool)
    type = SeqType::Bool;
  else if (allInt)
    type = SeqType::Int;
  else if (allFloat || allNum)
    type = SeqType::Float;
  else {
    err = makeError(EvalError::Kind::RaspType,
                    "attempted to create sequence with vals of different "
                    "types:\n\t\t " +
                        reprValues(values, asList));
    return false;
  }
  return true;
}

//===----------------------------------------------------------------------===//
// Element functions
//===----------------------------------------------------------------------===//

static EvalError fromElemError(const ir::ElemError &e) {
  EvalError err;
  err.kind = e.kind == ir::ElemError::Kind::Type    ? EvalError::Kind::RaspType
             : e.kind == ir::ElemError::Kind::Value ? EvalError::Kind::RaspValue
                                                    : EvalError::Kind::Python;
  err.message = e.message;
  return err;
}

bool interp::evalElem(const ElemExpr &fn, llvm::ArrayRef<const Atom *> args,
                      Atom &out, EvalError &err) {
  ir::ElemError e;
  if (ir::evaluateElem(fn, args, out, e))
    return true;
  err = fromElemError(e);
  return false;
}

//===----------------------------------------------------------------------===//
// Interpreter
//===----------------------------------------------------------------------===//

Interpreter::Interpreter(std::vector<InputItem> input)
    : input(std::move(input)) {}

Interpreter Interpreter::fromAtoms(std::vector<Atom> atoms) {
  std::vector<InputItem> items;
  items.reserve(atoms.size());
  for (Atom &a : atoms)
    items.push_back(InputItem::of(std::move(a)));
  return Interpreter(std::move(items));
}

const Sequence *Interpreter::evalSOp(const Op *op, EvalError &err) {
  assert(op->isSOp() && "not an s-op");
  if (!ensure(op, err))
    return nullptr;
  return seqs.find(op)->second.get();
}

const SelectorMatrix *Interpreter::evalSelector(const Op *op, EvalError &err) {
  assert(op->isSelector() && "not a selector");
  if (!ensure(op, err))
    return nullptr;
  return sels.find(op)->second.get();
}

void Interpreter::seed(const Op *op, const Sequence &value) {
  seqs[op] = std::make_unique<Sequence>(value);
}

void Interpreter::seed(const Op *op, const SelectorMatrix &value) {
  sels[op] = std::make_unique<SelectorMatrix>(value);
}

bool Interpreter::ensure(const Op *op, EvalError &err) {
  if (seqs.count(op) || sels.count(op))
    return true;
  // Evaluate the missing dependencies in creation order, as the reference
  // does (so the first failure reported is the earliest-created failing op).
  std::vector<const Op *> todo;
  std::vector<const Op *> worklist{op};
  llvm::DenseSet<const Op *> seen;
  while (!worklist.empty()) {
    const Op *cur = worklist.back();
    worklist.pop_back();
    if (!seen.insert(cur).second || seqs.count(cur) || sels.count(cur))
      continue;
    todo.push_back(cur);
    for (Op *operand : cur->getOperands())
      worklist.push_back(operand);
  }
  llvm::sort(todo, [](const Op *a, const Op *b) {
    return a->getId() < b->getId();
  });
  for (const Op *cur : todo)
    if (!evalOne(cur, err))
      return false;
  return true;
}

static std::string inputListRepr(llvm::ArrayRef<InputItem> input) {
  std::string s = "[";
  for (size_t i = 0; i < input.size(); ++i) {
    if (i)
      s += ", ";
    const InputItem &item =
        input[i].byPosition ? *input[i].byPosition : input[i];
    s += item.isAtom ? py::repr(item.atom) : item.reprText;
  }
  return s + "]";
}

/// Fast path of compare() for operands of the same simple kind.
static inline bool compareFast(Comparison cmp, const Atom &q, const Atom &k,
                               bool &out) {
  int c;
  if (q.isSmallInt() && k.isSmallInt()) {
    int64_t a = q.getInt(), b = k.getInt();
    c = a < b ? -1 : (a > b ? 1 : 0);
  } else if (q.isStr() && k.isStr()) {
    c = q.getStr().compare(k.getStr());
  } else {
    return false;
  }
  switch (cmp) {
  case Comparison::EQ:
    out = c == 0;
    return true;
  case Comparison::NEQ:
    out = c != 0;
    return true;
  case Comparison::LT: // query > key
    out = c > 0;
    return true;
  case Comparison::GT:
    out = c < 0;
    return true;
  case Comparison::LEQ:
    out = c >= 0;
    return true;
  case Comparison::GEQ:
    out = c <= 0;
    return true;
  case Comparison::True:
    out = true;
    return true;
  case Comparison::False:
    out = false;
    return true;
  }
  return false;
}

/// The operator the reference applies to `query OP' key` for an ordering
/// comparison `key OP query`: OP mirrored.
static py::BinOp mirroredOrdering(Comparison cmp) {
  switch (cmp) {
  case Comparison::LT:
    return py::BinOp::Gt;
  case Comparison::GT:
    return py::BinOp::Lt;
  case Comparison::LEQ:
    return py::BinOp::Ge;
  case Comparison::GEQ:
    return py::BinOp::Le;
  case Comparison::EQ:
  case Comparison::NEQ:
  case Comparison::True:
  case Comparison::False:
    break;
  }
  llvm_unreachable("not an ordering comparison");
}

static bool compare(Comparison cmp, const Atom &q, const Atom &k, bool &out,
                    EvalError &err) {
  if (compareFast(cmp, q, k, out))
    return true;
  switch (cmp) {
  case Comparison::True:
    out = true;
    return true;
  case Comparison::False:
    out = false;
    return true;
  case Comparison::EQ:
    out = py::equals(q, k);
    return true;
  case Comparison::NEQ:
    out = !py::equals(q, k);
    return true;
  case Comparison::LT:
  case Comparison::GT:
  case Comparison::LEQ:
  case Comparison::GEQ:
    break;
  }
  Atom r;
  py::Status st = py::binary(mirroredOrdering(cmp), q, k, r);
  if (!st.ok) {
    err = makeError(EvalError::Kind::Python, st.message);
    return false;
  }
  out = r.getBool();
  return true;
}

/// Fills a selector matrix with tight loops over integer keys: strings are
/// replaced by their ranks among all distinct values, ints stay ints. Returns
/// false when the values need the generic (Python-semantics) path.
static bool fillSelectFast(Comparison cmp, const Sequence &queries,
                           const Sequence &keys, unsigned n, uint8_t *bits) {
  if (cmp == Comparison::True || cmp == Comparison::False) {
    std::fill(bits, bits + size_t(n) * n, cmp == Comparison::True);
    return true;
  }
  std::vector<int64_t> qv(n), kv(n);
  if (keys.type == SeqType::String && queries.type == SeqType::String) {
    std::vector<const std::string *> all;
    all.reserve(2 * n);
    for (unsigned i = 0; i < n; ++i) {
      all.push_back(&keys.values[i].getStr());
      all.push_back(&queries.values[i].getStr());
    }
    auto less = [](const std::string *a, const std::string *b) {
      return *a < *b;
    };
    llvm::sort(all, less);
    all.erase(std::unique(all.begin(), all.end(),
                          [](const std::string *a, const std::string *b) {
                            return *a == *b;
                          }),
              all.end());
    auto rank = [&](const Atom &a) -> int64_t {
      return std::lower_bound(all.begin(), all.end(), &a.getStr(), less) -
             all.begin();
    };
    for (unsigned i = 0; i < n; ++i) {
      kv[i] = rank(keys.values[i]);
      qv[i] = rank(queries.values[i]);
    }
  } else if ((keys.type == SeqType::Int || keys.type == SeqType::Bool) &&
             (queries.type == SeqType::Int || queries.type == SeqType::Bool)) {
    for (unsigned i = 0; i < n; ++i) {
      if (!keys.values[i].isSmallInt() || !queries.values[i].isSmallInt())
        return false;
      kv[i] = keys.values[i].getInt();
      qv[i] = queries.values[i].getInt();
    }
  } else {
    return false;
  }
  // The reference evaluates `query OP' key` with the operator mirrored.
  auto fill = [&](auto pred) {
    for (unsigned q = 0; q < n; ++q) {
      int64_t a = qv[q];
      uint8_t *row = bits + size_t(q) * n;
      for (unsigned k = 0; k < n; ++k)
        row[k] = pred(a, kv[k]);
    }
  };
  switch (cmp) {
  case Comparison::EQ:
    fill([](int64_t a, int64_t b) { return a == b; });
    break;
  case Comparison::NEQ:
    fill([](int64_t a, int64_t b) { return a != b; });
    break;
  case Comparison::LT:
    fill([](int64_t a, int64_t b) { return a > b; });
    break;
  case Comparison::GT:
    fill([](int64_t a, int64_t b) { return a < b; });
    break;
  case Comparison::LEQ:
    fill([](int64_t a, int64_t b) { return a >= b; });
    break;
  case Comparison::GEQ:
    fill([](int64_t a, int64_t b) { return a <= b; });
    break;
  case Comparison::True:
  case Comparison::False:
    break;
  }
  return true;
}

/// A column of small ints (bools count as ints), or null.
static bool smallIntColumn(const Sequence &s, std::vector<int64_t> &out) {
  if (s.type != SeqType::Int && s.type != SeqType::Bool)
    return false;
  out.resize(s.values.size());
  for (size_t i = 0; i < s.values.size(); ++i) {
    if (!s.values[i].isSmallInt())
      return false;
    out[i] = s.values[i].getInt();
  }
  return true;
}

/// Typed loops for the element functions maps use most: one binary
/// operator on an int column and an int constant or a second int column
/// (+, -, *, comparisons), and `indicator`/`not` of `column == constant`.
/// Returns false (and computes nothing) when the shape or the values need
/// the general Python-semantics path, including every case that may raise.
/// A column of numbers as doubles (exact: ints within 2^53), or false.
static bool doubleColumn(const Sequence &s, std::vector<double> &out) {
  if (s.type != SeqType::Int && s.type != SeqType::Bool &&
      s.type != SeqType::Float)
    return false;
  out.resize(s.values.size());
  for (size_t i = 0; i < s.values.size(); ++i) {
    const Atom &a = s.values[i];
    if (a.isFloat()) {
      out[i] = a.getFloat();
      continue;
    }
    if (!a.isSmallInt() || a.getInt() > (int64_t(1) << 53) ||
        a.getInt() < -(int64_t(1) << 53))
      return false;
    out[i] = double(a.getInt());
  }
  return true;
}

/// Float versions of fastMap's shapes: + - * / and comparisons where at
/// least one operand is a float column, `round` and `not`/`indicator` of a
/// float column, and and/or of two number columns.
static bool fastFloatMap(const ElemExpr &fn,
                         llvm::ArrayRef<const Sequence *> operands,
                         unsigned n, Sequence &out) {
  auto column = [&](const ElemExpr &e, std::vector<double> &col, double &c,
                    bool &isConst) {
    if (e.getKind() == ElemExpr::Kind::Arg) {
      isConst = false;
      return doubleColumn(*operands[e.getArgIndex()], col);
    }
    if (e.getKind() == ElemExpr::Kind::Const && e.getConst().isNumber() &&
        !e.getConst().isBool() &&
        (e.getConst().isFloat() || e.getConst().isSmallInt())) {
      isConst = true;
      c = e.getConst().toDouble();
      return std::isfinite(c) && std::fabs(c) <= 9007199254740992.0;
    }
    return false;
  };
  auto anyFloat = [&](const ElemExpr &e) {
    return e.getKind() == ElemExpr::Kind::Arg
               ? operands[e.getArgIndex()]->type == SeqType::Float
               : e.getConst().isFloat();
  };
  std::vector<Atom> values(n);
  if (fn.getKind() == ElemExpr::Kind::Unary &&
      fn.getChild(0).getKind() == ElemExpr::Kind::Arg) {
    std::vector<double> a;
    double c;
    bool isC;
    if (!column(fn.getChild(0), a, c, isC) || !anyFloat(fn.getChild(0)))
      return false;
    switch (fn.getUnOp()) {
    case py::UnOp::Round:
      for (unsigned i = 0; i < n; ++i) {
        if (!std::isfinite(a[i]) || std::fabs(a[i]) > 9e18)
          return false;
        values[i] = Atom::integer((int64_t)std::nearbyint(a[i]));
      }
      out.type = SeqType::Int;
      break;
    case py::UnOp::Not:
    case py::UnOp::Indicator:
    case py::UnOp::Bool: {
      py::UnOp u = fn.getUnOp();
      for (unsigned i = 0; i < n; ++i) {
        bool t = a[i] != 0.0;
        values[i] = u == py::UnOp::Indicator ? Atom::integer(t)
                    : u == py::UnOp::Not     ? Atom::boolean(!t)
                                             : Atom::boolean(t);
      }
      out.type = u == py::UnOp::Indicator ? SeqType::Int : SeqType::Bool;
      break;
    }
    default:
      return false;
    }
    out.values = std::move(values);
    return true;
  }
  if (fn.getKind() == ElemExpr::Kind::And || fn.getKind() == ElemExpr::Kind::Or) {
    std::vector<double> a, b;
    double ca = 0, cb = 0;
    bool aC, bC;
    if (!column(fn.getChild(0), a, ca, aC) || !column(fn.getChild(1), b, cb, bC))
      return false;
    bool isAnd = fn.getKind() == ElemExpr::Kind::And;
    for (unsigned i = 0; i < n; ++i) {
      bool x = (aC ? ca : a[i]) != 0.0, y = (bC ? cb : b[i]) != 0.0;
      values[i] = Atom::boolean(isAnd ? (x && y) : (x || y));
    }
    out.values = std::move(values);
    out.type = SeqType::Bool;
    return true;
  }
  if (fn.getKind() != ElemExpr::Kind::Binary)
    return false;
  const ElemExpr &l = fn.getChild(0), &r = fn.getChild(1);
  std::vector<double> a, b;
  double ca = 0, cb = 0;
  bool aC, bC;
  if (!column(l, a, ca, aC) || !column(r, b, cb, bC) || (aC && bC))
    return false;
  if (!anyFloat(l) && !anyFloat(r))
    return false; // ints: fastMap's job (exact integer arithmetic)
  py::BinOp op = fn.getBinOp();
  // int + int stays an int in Python: where both operands of + - * are
  // ints, compute exactly in int64 (small ints only).
  auto isIntAt = [&](const ElemExpr &e, unsigned i) {
    const Atom &a = e.getKind() == ElemExpr::Kind::Const
                        ? e.getConst()
                        : operands[e.getArgIndex()]->values[i];
    return !a.isFloat();
  };
  bool isCompare = false;
  for (unsigned i = 0; i < n; ++i) {
    double x = aC ? ca : a[i], y = bC ? cb : b[i];
    if ((op == py::BinOp::Add || op == py::BinOp::Sub ||
         op == py::BinOp::Mul) &&
        isIntAt(l, i) && isIntAt(r, i)) {
      int64_t xi = (int64_t)x, yi = (int64_t)y, z;
      bool overflow = op == py::BinOp::Add   ? __builtin_add_overflow(xi, yi, &z)
                      : op == py::BinOp::Sub ? __builtin_sub_overflow(xi, yi, &z)
                                             : __builtin_mul_overflow(xi, yi, &z);
      if (overflow)
        return false;
      values[i] = Atom::integer(z);
      continue;
    }
    switch (op) {
    case py::BinOp::Add:
      values[i] = Atom::real(x + y);
      break;
    case py::BinOp::Sub:
      values[i] = Atom::real(x - y);
      break;
    case py::BinOp::Mul:
      values[i] = Atom::real(x * y);
      break;
    case py::BinOp::Div:
      if (y == 0.0)
        return false;
      values[i] = Atom::real(x / y);
      break;
    case py::BinOp::Eq:
      isCompare = true, values[i] = Atom::boolean(x == y);
      break;
    case py::BinOp::Ne:
      isCompare = true, values[i] = Atom::boolean(x != y);
      break;
    case py::BinOp::Lt:
      isCompare = true, values[i] = Atom::boolean(x < y);
      break;
    case py::BinOp::Gt:
      isCompare = true, values[i] = Atom::boolean(x > y);
      break;
    case py::BinOp::Le:
      isCompare = true, values[i] = Atom::boolean(x <= y);
      break;
    case py::BinOp::Ge:
      isCompare = true, values[i] = Atom::boolean(x >= y);
      break;
    default:
      return false;
    }
  }
  out.values = std::move(values);
  out.type = isCompare ? SeqType::Bool : SeqType::Float;
  return true;
}

static bool fastMap(const ElemExpr &fn,
                    llvm::ArrayRef<const Sequence *> operands, unsigned n,
                    Sequence &out) {
  if (fastFloatMap(fn, operands, n, out))
    return true;
  auto operandColumn = [&](const ElemExpr &e, std::vector<int64_t> &col,
                           int64_t &constant, bool &isConst) {
    if (e.getKind() == ElemExpr::Kind::Arg) {
      isConst = false;
      return smallIntColumn(*operands[e.getArgIndex()], col);
    }
    if (e.getKind() == ElemExpr::Kind::Const && e.getConst().isSmallInt() &&
        !e.getConst().isBool()) {
      isConst = true;
      constant = e.getConst().getInt();
      return true;
    }
    return false;
  };
  const ElemExpr *core = &fn;
  bool wrapIndicator = false, wrapNot = false;
  if (fn.getKind() == ElemExpr::Kind::Unary &&
      (fn.getUnOp() == py::UnOp::Indicator || fn.getUnOp() == py::UnOp::Not)) {
    wrapIndicator = fn.getUnOp() == py::UnOp::Indicator;
    wrapNot = !wrapIndicator;
    core = &fn.getChild(0);
  }
  if (core->getKind() != ElemExpr::Kind::Binary)
    return false;
  py::BinOp op = core->getBinOp();
  const ElemExpr &l = core->getChild(0), &r = core->getChild(1);
  std::vector<bool> cmp(n);
  bool isCompare = op == py::BinOp::Eq || op == py::BinOp::Ne ||
                   op == py::BinOp::Lt || op == py::BinOp::Gt ||
                   op == py::BinOp::Le || op == py::BinOp::Ge;
  // String column == / != string constant (token tests).
  if ((op == py::BinOp::Eq || op == py::BinOp::Ne) &&
      l.getKind() == ElemExpr::Kind::Arg &&
      r.getKind() == ElemExpr::Kind::Const && r.getConst().isStr() &&
      operands[l.getArgIndex()]->type == SeqType::String) {
    const std::string &c = r.getConst().getStr();
    const auto &vals = operands[l.getArgIndex()]->values;
    for (unsigned i = 0; i < n; ++i)
      cmp[i] = (vals[i].getStr() == c) == (op == py::BinOp::Eq);
  } else {
    std::vector<int64_t> a, b;
    int64_t ca = 0, cb = 0;
    bool aConst, bConst;
    if (!operandColumn(l, a, ca, aConst) || !operandColumn(r, b, cb, bConst) ||
        (aConst && bConst))
      return false;
    auto at = [&](const std::vector<int64_t> &col, int64_t c, bool isC,
                  unsigned i) { return isC ? c : col[i]; };
    if (isCompare) {
      for (unsigned i = 0; i < n; ++i) {
        int64_t x = at(a, ca, aConst, i), y = at(b, cb, bConst, i);
        bool v = false;
        switch (op) {
        case py::BinOp::Eq: v = x == y; break;
        case py::BinOp::Ne: v = x != y; break;
        case py::BinOp::Lt: v = x < y; break;
        case py::BinOp::Gt: v = x > y; break;
        case py::BinOp::Le: v = x <= y; break;
        case py::BinOp::Ge: v = x >= y; break;
        default: break;
        }
        cmp[i] = v;
      }
    } else {
      if (wrapIndicator || wrapNot)
        return false;
      if (op != py::BinOp::Add && op != py::BinOp::Sub &&
          op != py::BinOp::Mul)
        return false;
      std::vector<Atom> values(n);
      for (unsigned i = 0; i < n; ++i) {
        int64_t x = at(a, ca, aConst, i), y = at(b, cb, bConst, i), z;
        bool overflow = op == py::BinOp::Add   ? __builtin_add_overflow(x, y, &z)
                        : op == py::BinOp::Sub ? __builtin_sub_overflow(x, y, &z)
                                               : __builtin_mul_overflow(x, y, &z);
        if (overflow)
          return false;
        values[i] = Atom::integer(z);
      }
      out.values = std::move(values);
      out.type = SeqType::Int;
      return true;
    }
  }
  if (!isCompare)
    return false;
  std::vector<Atom> values(n);
  for (unsigned i = 0; i < n; ++i) {
    bool v = wrapNot ? !cmp[i] : bool(cmp[i]);
    values[i] = wrapIndicator ? Atom::integer(v) : Atom::boolean(v);
  }
  out.values = std::move(values);
  out.type = wrapIndicator ? SeqType::Int : SeqType::Bool;
  return true;
}

bool Interpreter::evalOne(const Op *op, EvalError &err) {
  unsigned n = input.size();
  auto finishSeq = [&](std::vector<Atom> values, bool asList = false) {
    auto seq = std::make_unique<Sequence>();
    if (!classifySequence(values, seq->type, err, asList))
      return false;
    seq->values = std::move(values);
    seqs[op] = std::move(seq);
    return true;
  };
  auto seqOf = [&](const Op *o) -> const Sequence & {
    return *seqs.find(o)->second;
  };
  auto selOf = [&](const Op *o) -> const SelectorMatrix & {
    return *sels.find(o)->second;
  };

  switch (op->getKind()) {
  case OpKind::Tokens: {
    std::vector<Atom> values;
    values.reserve(n);
    TokensConv conv = llvm::cast<TokensOp>(op)->getConv();
    for (const InputItem &item : input) {
      Atom v;
      py::Status st;
      switch (conv) {
      case TokensConv::Str:
        v = Atom::string(item.isAtom ? py::str(item.atom) : item.strText);
        break;
      case TokensConv::Int:
        if (!item.isAtom)
          st = py::Status::error("int() argument must be a string, a "
                                 "bytes-like object or a real number, not '" +
                                 item.typeName + "'");
        else
          st = py::toInt(item.atom, v);
        break;
      case TokensConv::Float:
        if (!item.isAtom)
          st = py::Status::error(
              "float() argument must be a string or a real number, not '" +
              item.typeName + "'");
        else
          st = py::toFloat(item.atom, v);
        break;
      case TokensConv::Bool:
        v = Atom::boolean(item.isAtom ? py::truthy(item.atom)
                                      : (item.reprText != "[]" &&
                                         item.reprText != "{}"));
        break;
      case TokensConv::AsIs:
        if (item.byPosition && !item.byPosition->keyError.empty()) {
          err = makeError(EvalError::Kind::Python,
                          item.byPosition->keyError);
          return false;
        }
        if (item.byPosition && item.byPosition->isAtom) {
          v = item.byPosition->atom;
          break;
        }
        if (item.byPosition || !item.isAtom) {
          err = makeError(EvalError::Kind::RaspType,
                          "attempted to create sequence with illegal val "
                          "types (vals must be bool, float, int or "
                          "string):\n\t\t " +
                              inputListRepr(input));
          return false;
        }
        v = item.atom;
        break;
      }
      if (!st.ok) {
        err = makeError(EvalError::Kind::Python, st.message);
        return false;
      }
      values.push_back(std::move(v));
    }
    if (conv == TokensConv::AsIs && n && input[0].byPosition) {
      // A dict example read by position: the reference never builds these
      // values into one sequence, so mixed types are not an error here
      // (only in the s-ops computed from them).
      auto seq = std::make_unique<Sequence>();
      EvalError ignored;
      classifySequence(values, seq->type, ignored, /*asList=*/true);
      seq->values = std::move(values);
      seqs[op] = std::move(seq);
      return true;
    }
    return finishSeq(std::move(values), /*asList=*/true);
  }
  case OpKind::Indices: {
    std::vector<Atom> values;
    values.reserve(n);
    for (unsigned i = 0; i < n; ++i)
      values.push_back(Atom::integer(i));
    return finishSeq(std::move(values));
  }
  case OpKind::Constant:
    return finishSeq(
        std::vector<Atom>(n, llvm::cast<ConstantOp>(op)->getValue()));
  case OpKind::Choose:
    err = makeError(EvalError::Kind::RaspValue,
                    "cannot run " + ir::describeHole(op) +
                        ": fill the sketch first");
    return false;
  case OpKind::Map:
  case OpKind::SequenceMap: {
    const ElemExpr &fn = llvm::cast<MapOp>(op)->getFunction();
    if (fn.findHole()) {
      err = makeError(EvalError::Kind::RaspValue,
                      "cannot run " + ir::describeHole(op) +
                          ": fill the sketch first");
      return false;
    }
    llvm::SmallVector<const Sequence *, 4> operands;
    for (Op *o : op->getOperands())
      operands.push_back(&seqOf(o));
    {
      auto seq = std::make_unique<Sequence>();
      if (fastMap(fn, operands, n, *seq)) {
        seqs[op] = std::move(seq);
        return true;
      }
    }
    std::vector<Atom> values(n);
    llvm::SmallVector<const Atom *, 4> args(operands.size());
    std::vector<std::string> texts; // set once a non-atom value appears
    for (unsigned i = 0; i < n; ++i) {
      for (size_t a = 0; a < operands.size(); ++a)
        args[a] = &operands[a]->values[i];
      ir::ElemError elemErr;
      if (!ir::evaluateElem(fn, args, values[i], elemErr)) {
        if (!elemErr.isOpaqueValue) {
          err = fromElemError(elemErr);
          return false;
        }
        if (texts.empty())
          for (unsigned j = 0; j < i; ++j)
            texts.push_back(py::repr(values[j]));
        texts.push_back(elemErr.message);
        continue;
      }
      if (!texts.empty())
        texts.push_back(py::repr(values[i]));
    }
    if (!texts.empty()) {
      std::string tuple = "(" + llvm::join(texts, ", ") +
                          (texts.size() == 1 ? ",)" : ")");
      err = makeError(EvalError::Kind::RaspType,
                      "attempted to create sequence with illegal val types "
                      "(vals must be bool, float, int or string):\n\t\t " +
                          tuple);
      return false;
    }
    return finishSeq(std::move(values));
  }
  case OpKind::Select: {
    const auto *sel = llvm::cast<SelectOp>(op);
    const Sequence &keys = seqOf(sel->getKeys());
    const Sequence &queries = seqOf(sel->getQueries());
    auto m = std::make_unique<SelectorMatrix>();
    m->n = n;
    m->bits.resize(size_t(n) * n);
    Comparison cmp = sel->getComparison();
    if (fillSelectFast(cmp, queries, keys, n, m->bits.data())) {
      sels[op] = std::move(m);
      return true;
    }
    for (unsigned q = 0; q < n; ++q) {
      for (unsigned k = 0; k < n; ++k) {
        bool b;
        if (!compare(cmp, queries.values[q], keys.values[k], b, err))
          return false;
        m->bits[size_t(q) * n + k] = b;
      }
    }
    sels[op] = std::move(m);
    return true;
  }
  case OpKind::SelectorAnd:
  case OpKind::SelectorOr:
  case OpKind::SelectorNot: {
    auto m = std::make_unique<SelectorMatrix>(selOf(op->getOperand(0)));
    if (op->getKind() == OpKind::SelectorNot) {
      for (auto &b : m->bits)
        b = !b;
    } else {
      const SelectorMatrix &other = selOf(op->getOperand(1));
      bool isAnd = op->getKind() == OpKind::SelectorAnd;
      for (size_t i = 0; i < m->bits.size(); ++i)
        m->bits[i] = isAnd ? (m->bits[i] && other.bits[i])
                           : (m->bits[i] || other.bits[i]);
    }
    sels[op] = std::move(m);
    return true;
  }
  case OpKind::SelectorWidth: {
    const SelectorMatrix &m = selOf(op->getOperand(0));
    std::vector<Atom> values(n);
    for (unsigned q = 0; q < n; ++q) {
      int64_t count = 0;
      for (unsigned k = 0; k < n; ++k)
        count += m.bits[size_t(q) * n + k];
      values[q] = Atom::integer(count);
    }
    return finishSeq(std::move(values));
  }
  case OpKind::Aggregate: {
    const auto *agg = llvm::cast<AggregateOp>(op);
    const SelectorMatrix &m = selOf(agg->getSelector());
    const Sequence &vals = seqOf(agg->getSOp());
    bool numeric = vals.type == SeqType::Int || vals.type == SeqType::Float;
    std::vector<Atom> values(n);
    // Fast path: small ints (exact sums fit in int64) or all floats.
    std::vector<int64_t> iv;
    std::vector<double> fv;
    if (vals.type == SeqType::Int) {
      int64_t maxAbs = 0;
      for (const Atom &v : vals.values) {
        if (!v.isSmallInt() || v.getInt() > (int64_t(1) << 40) ||
            v.getInt() < -(int64_t(1) << 40)) {
          maxAbs = -1;
          break;
        }
      }
      if (maxAbs == 0) {
        iv.resize(n);
        for (unsigned k = 0; k < n; ++k)
          iv[k] = vals.values[k].getInt();
      }
    } else if (vals.type == SeqType::Float &&
               llvm::all_of(vals.values,
                            [](const Atom &a) { return a.isFloat(); })) {
      fv.resize(n);
      for (unsigned k = 0; k < n; ++k)
        fv[k] = vals.values[k].getFloat();
    }
    for (unsigned q = 0; q < n && (!iv.empty() || !fv.empty()); ++q) {
      const uint8_t *row = &m.bits[size_t(q) * n];
      unsigned count = 0;
      for (unsigned k = 0; k < n; ++k)
        count += row[k];
      if (count == 0) {
        values[q] = agg->getDefault();
      } else if (count == 1) {
        values[q] = vals.values[std::find(row, row + n, 1) - row];
      } else if (!iv.empty()) {
        int64_t sum = 0;
        for (unsigned k = 0; k < n; ++k)
          sum += row[k] ? iv[k] : 0;
        values[q] = Atom::real(double(sum) / double(count));
      } else {
        // Python's sum() adds in position order, starting from int 0.
        double sum = 0;
        for (unsigned k = 0; k < n; ++k)
          if (row[k])
            sum += fv[k];
        values[q] = Atom::real(sum / double(count));
      }
      if (q + 1 == n)
        return finishSeq(std::move(values));
    }
    for (unsigned q = 0; q < n; ++q) {
      const uint8_t *row = &m.bits[size_t(q) * n];
      unsigned count = 0, first = 0;
      for (unsigned k = 0; k < n; ++k) {
        if (row[k]) {
          if (count == 0)
            first = k;
          ++count;
        }
      }
      if (count == 0) {
        values[q] = agg->getDefault();
        continue;
      }
      if (count == 1) {
        values[q] = vals.values[first];
        continue;
      }
      if (!numeric) {
        err = makeError(EvalError::Kind::Python,
                        "asked to average multiple values, but they are "
                        "non-numbers: " +
                            reprValues(vals.values, /*asList=*/true));
        return false;
      }
      // Python's sum(): exact integer sum until the first float, then
      // floating-point in position order; then * 1.0 / count. Ints are
      // summed in int64 while they fit, then exactly as Atoms (big ints);
      // converting a big int to float can fail as in Python.
      int64_t isum = 0;
      Atom bigSum; // the exact sum once it left int64 (or met a big int)
      bool inBig = false;
      double fsum = 0;
      bool inFloat = false;
      py::Status st;
      for (unsigned k = first; k < n && st.ok; ++k) {
        if (!row[k])
          continue;
        const Atom &v = vals.values[k];
        if (!inFloat && v.isIntLike()) {
          int64_t next;
          if (!inBig && v.isSmallInt() &&
              !__builtin_add_overflow(isum, v.getInt(), &next)) {
            isum = next;
            continue;
          }
          if (!inBig) {
            inBig = true;
            bigSum = Atom::integer(isum);
          }
          Atom sum;
          st = py::binary(py::BinOp::Add, bigSum, v, sum);
          bigSum = std::move(sum);
          continue;
        }
        if (!inFloat) {
          inFloat = true;
          st = py::asDouble(inBig ? bigSum : Atom::integer(isum), fsum);
          if (!st.ok)
            break;
        }
        double x;
        st = py::asDouble(v, x);
        fsum += x;
      }
      double total = fsum;
      if (st.ok && !inFloat)
        st = py::asDouble(inBig ? bigSum : Atom::integer(isum), total);
      if (!st.ok) {
        err = makeError(EvalError::Kind::Python, st.message);
        return false;
      }
      values[q] = Atom::real(total / double(count));
    }
    return finishSeq(std::move(values));
  }
  }
  llvm_unreachable("unknown op kind");
}
