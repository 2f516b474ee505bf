//===- ElemEval.cpp - Evaluation of element functions ---------------------===//
//
// The semantics of ElemExpr on atoms, with the reference interpreter's error
// texts. Used by the interpreter on every position and by value-set
// inference on every combination of operand values.
//
//===----------------------------------------------------------------------===//

#include "rasp/IR/IR.h"
#include "rasp/Support/PercentFormat.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/ErrorHandling.h"

using namespace rasp;
using namespace rasp::ir;

static ElemError makeError(ElemError::Kind kind, std::string msg) {
  ElemError e;
  e.kind = kind;
  e.message = std::move(msg);
  return e;
}


static std::string strdescAtom(const Atom &a) {
  if (a.isStr())
    return "\"" + a.getStr() + "\"";
  return py::str(a);
}

/// Python's message for `a OP b` when one side is an opaque (non-atom) value.
static ElemError opaqueBinaryError(py::BinOp op, llvm::StringRef leftType,
                                   llvm::StringRef rightType) {
  std::string msg;
  switch (op) {
  case py::BinOp::Lt:
  case py::BinOp::Gt:
  case py::BinOp::Le:
  case py::BinOp::Ge:
    msg = std::string("'") + py::spelling(op) +
          "' not supported between instances of '" + leftType.str() +
          "' and '" + rightType.str() + "'";
    break;
  case py::BinOp::Add:
    // str and list concatenation reject any other right operand themselves.
    if ((leftType == "list" || leftType == "str") && rightType != leftType) {
      msg = "can only concatenate " + leftType.str() + " (not \"" +
            rightType.str() + "\") to " + leftType.str();
      break;
    }
    [[fallthrough]];
  default: {
    // `seq * x` and `x * seq` repeat the sequence (str or list): Python
    // complains about the count's type.
    auto isSeq = [](llvm::StringRef t) { return t == "str" || t == "list"; };
    auto isInt = [](llvm::StringRef t) { return t == "int" || t == "bool"; };
    if (op == py::BinOp::Mul && (isSeq(leftType) || isSeq(rightType))) {
      llvm::StringRef count = isSeq(leftType) ? rightType : leftType;
      if (!isInt(count)) {
        msg = "can't multiply sequence by non-int of type '" + count.str() +
              "'";
        break;
      }
    }
    msg = std::string("unsupported operand type(s) for ") + py::spelling(op) +
          ": '" + leftType.str() + "' and '" + rightType.str() + "'";
  }
  }
  return makeError(ElemError::Kind::Python, msg);
}

/// values[i] of a lookup table, or the non-atom error for a placeholder.
static bool tableValue(const LookupTable &t, size_t i, Atom &out,
                       ElemError &err) {
  if (i < t.opaque.size() && !t.opaque[i].empty()) {
    err = makeError(ElemError::Kind::Type, t.opaque[i]);
    err.isOpaqueValue = true;
    return false;
  }
  out = t.values[i];
  return true;
}

static bool evalLookup(const LookupTable &t, const Atom &index, Atom &out,
                       ElemError &err) {
  if (t.kind == LookupTable::Kind::Dict) {
    for (size_t i = 0; i < t.keys.size(); ++i)
      if (py::equals(t.keys[i], index))
        return tableValue(t, i, out, err);
    err = makeError(ElemError::Kind::Value,
                    "index [ " + strdescAtom(index) + " ] not in dict.");
    return false;
  }
  bool isList = t.kind == LookupTable::Kind::List;
  int64_t len = t.values.size();
  if (index.isStr()) {
    err = makeError(ElemError::Kind::Python,
                    "'>=' not supported between instances of 'str' and 'int'");
    return false;
  }
  if (index.isFloat()) {
    double d = index.getFloat();
    if (d >= len || -d > len) {
      err = makeError(ElemError::Kind::Value,
                      "index " + t.indexObjectText + " out of range for " +
                          (isList ? "list" : "string") + " of length " +
                          std::to_string(len));
      return false;
    }
    err = makeError(ElemError::Kind::Python,
                    isList ? "list indices must be integers or slices, not "
                             "float"
                           : "string indices must be integers, not 'float'");
    return false;
  }
  // A big int is out of range of any list.
  int64_t i = index.getInt();
  if (!index.isSmallInt() || i >= len || i < -len) {
    err = makeError(ElemError::Kind::Value,
                    "index " + t.indexObjectText + " out of range for " +
                        (isList ? "list" : "string") + " of length " +
                        std::to_string(len));
    return false;
  }
  if (i < 0)
    i += len;
  return tableValue(t, size_t(i), out, err);
}

static bool evalNode(const ElemExpr &fn, llvm::ArrayRef<const Atom *> args,
                     Atom &out, ElemError &err);

/// Evaluates \p fn, returning a pointer to its value: the argument or
/// constant itself when \p fn is one (no copy), else \p tmp.
static const Atom *evalRef(const ElemExpr &fn,
                           llvm::ArrayRef<const Atom *> args, Atom &tmp,
                           ElemError &err) {
  if (fn.getKind() == ElemExpr::Kind::Arg)
    return args[fn.getArgIndex()];
  if (fn.getKind() == ElemExpr::Kind::Const)
    return &fn.getConst();
  if (!evalNode(fn, args, tmp, err))
    return nullptr;
  return &tmp;
}

bool ir::evaluateElem(const ElemExpr &fn, llvm::ArrayRef<const Atom *> args,
                      Atom &out, ElemError &err) {
  if (!evalNode(fn, args, out, err))
    return false;
  if (out.isComplex()) {
    // A Python complex (a negative number to a fractional power) may occur
    // inside an element function, but is not a value an s-op can hold:
    // reported like any other non-atom value.
    err = makeError(ElemError::Kind::Type, py::repr(out));
    err.isOpaqueValue = true;
    return false;
  }
  return true;
}

std::optional<Atom> ir::evaluateMap(
    const MapOp &m,
    const std::function<std::optional<Atom>(const Op *)> &operand) {
  std::vector<Atom> vals;
  for (const Op *a : m.getOperands()) {
    std::optional<Atom> v = operand(a);
    if (!v)
      return std::nullopt;
    vals.push_back(std::move(*v));
  }
  std::vector<const Atom *> ptrs;
  for (const Atom &v : vals)
    ptrs.push_back(&v);
  Atom out;
  ElemError err;
  if (!evaluateElem(m.getFunction(), ptrs, out, err))
    return std::nullopt;
  return out;
}

static bool evalNode(const ElemExpr &fn, llvm::ArrayRef<const Atom *> args,
                     Atom &out, ElemError &err) {
  switch (fn.getKind()) {
  case ElemExpr::Kind::Arg:
    out = *args[fn.getArgIndex()];
    return true;
  case ElemExpr::Kind::Const:
    out = fn.getConst();
    return true;
  case ElemExpr::Kind::Opaque:
    // Not an atom: the map that produced it reports all its values.
    err = makeError(ElemError::Kind::Type, fn.getOpaqueText().str());
    err.isOpaqueValue = true;
    return false;
  case ElemExpr::Kind::Unary: {
    const ElemExpr &c = fn.getChild(0);
    if (c.getKind() == ElemExpr::Kind::Opaque) {
      py::UnOp op = fn.getUnOp();
      if (op == py::UnOp::Not || op == py::UnOp::Bool ||
          op == py::UnOp::Indicator) {
        bool t = c.getOpaqueText() != "[]" && c.getOpaqueText() != "{}";
        if (op == py::UnOp::Not)
          t = !t;
        out = op == py::UnOp::Indicator ? Atom::integer(t) : Atom::boolean(t);
        return true;
      }
      std::string ty = c.getOpaqueType().str();
      err = makeError(ElemError::Kind::Python,
                      op == py::UnOp::Round
                          ? "type " + ty + " doesn't define __round__ method"
                          : std::string("bad operand type for unary ") +
                                (op == py::UnOp::Neg ? "-" : "+") + ": '" +
                                ty + "'");
      return false;
    }
    Atom tmp;
    const Atom *a = evalRef(c, args, tmp, err);
    if (!a)
      return false;
    py::Status st = py::unary(fn.getUnOp(), *a, out);
    if (!st.ok) {
      err = makeError(ElemError::Kind::Python, st.message);
      return false;
    }
    return true;
  }
  case ElemExpr::Kind::Binary: {
    const ElemExpr &l = fn.getChild(0), &r = fn.getChild(1);
    bool lo = l.getKind() == ElemExpr::Kind::Opaque;
    bool ro = r.getKind() == ElemExpr::Kind::Opaque;
    if (lo || ro) {
      Atom other;
      if (!evalNode(lo ? r : l, args, other, err))
        return false;
      if (fn.getBinOp() == py::BinOp::Eq || fn.getBinOp() == py::BinOp::Ne) {
        out = Atom::boolean(fn.getBinOp() == py::BinOp::Ne);
        return true;
      }
      std::string lt = lo ? l.getOpaqueType().str() : py::typeName(other);
      std::string rt = ro ? r.getOpaqueType().str() : py::typeName(other);
      const ElemExpr &opq = lo ? l : r;
      if (fn.getBinOp() == py::BinOp::Mod && !lo && other.isStr()) {
        // str % constant: printf-style formatting; a list or dict counts
        // as a mapping (its contents are not kept, so `%(key)` fails).
        py::FormatArg arg;
        arg.str = arg.repr = opq.getOpaqueText().str();
        arg.type = opq.getOpaqueType().str();
        arg.mapping = arg.type == "list" || arg.type == "dict";
        arg.lookup = [](llvm::StringRef, py::FormatArg &) {
          return py::Status::error(
              "format keys into a constant are not supported");
        };
        std::string text;
        py::Status st = py::formatPercent(other.getStr(), arg, text);
        if (!st.ok) {
          err = makeError(ElemError::Kind::Python, st.message);
          return false;
        }
        out = Atom::string(std::move(text));
        return true;
      }
      if (!(lo && ro) && opq.getOpaqueType() == "list") {
        // Python's list repetition and str + list, on a constant list.
        if (fn.getBinOp() == py::BinOp::Mul) {
          if (!other.isSmallInt()) {
            // A str on the left complains about the list on the right.
            const char *ty = (!lo && other.isStr()) ? "list"
                                                    : py::typeName(other);
            err = makeError(ElemError::Kind::Python,
                            std::string("can't multiply sequence by non-int "
                                        "of type '") +
                                ty + "'");
            return false;
          }
          llvm::StringRef text = opq.getOpaqueText();
          llvm::StringRef inner = text.drop_front().drop_back();
          std::string rep = "[";
          for (int64_t k = 0; k < other.getInt() && !inner.empty(); ++k) {
            if (rep.size() > 1 << 20) {
              err = makeError(ElemError::Kind::Python, "list too large");
              return false;
            }
            if (k)
              rep += ", ";
            rep += inner.str();
          }
          rep += "]";
          err = makeError(ElemError::Kind::Type, rep);
          err.isOpaqueValue = true;
          return false;
        }
        if (fn.getBinOp() == py::BinOp::Add && !lo && other.isStr()) {
          err = makeError(ElemError::Kind::Python,
                          "can only concatenate str (not \"list\") to str");
          return false;
        }
      }
      err = opaqueBinaryError(fn.getBinOp(), lt, rt);
      return false;
    }
    Atom ta, tb;
    const Atom *a = evalRef(l, args, ta, err);
    if (!a)
      return false;
    const Atom *b = evalRef(r, args, tb, err);
    if (!b)
      return false;
    py::Status st = py::binary(fn.getBinOp(), *a, *b, out);
    if (!st.ok) {
      err = makeError(ElemError::Kind::Python, st.message);
      return false;
    }
    return true;
  }
  case ElemExpr::Kind::Ternary: {
    Atom tc;
    const Atom *c = evalRef(fn.getChild(0), args, tc, err);
    if (!c)
      return false;
    return evalNode(fn.getChild(py::truthy(*c) ? 1 : 2), args, out, err);
  }
  case ElemExpr::Kind::InList: {
    Atom tmp;
    const Atom *a = evalRef(fn.getChild(0), args, tmp, err);
    if (!a)
      return false;
    bool found = llvm::any_of(fn.getList(),
                              [&](const Atom &x) { return py::equals(x, *a); });
    out = Atom::boolean(found);
    return true;
  }
  case ElemExpr::Kind::Lookup: {
    Atom tmp;
    const Atom *a = evalRef(fn.getChild(0), args, tmp, err);
    if (!a)
      return false;
    return evalLookup(fn.getTable(), *a, out, err);
  }
  case ElemExpr::Kind::And:
  case ElemExpr::Kind::Or: {
    Atom ta, tb;
    const Atom *a = evalRef(fn.getChild(0), args, ta, err);
    if (!a)
      return false;
    const Atom *b = evalRef(fn.getChild(1), args, tb, err);
    if (!b)
      return false;
    bool x = py::truthy(*a), y = py::truthy(*b);
    out = Atom::boolean(fn.getKind() == ElemExpr::Kind::And ? (x && y)
                                                            : (x || y));
    return true;
  }
  case ElemExpr::Kind::Hole:
    err = makeError(ElemError::Kind::Value,
                    "unfilled hole '" + fn.getHoleName().str() +
                        "': fill the sketch first");
    return false;
  }
  llvm_unreachable("unknown element expression");
}

