//===- IR.h - The RASP IR: s-ops and selectors ------------------*- C++ -*-===//
//
/// \file
/// The one IR every part of the toolchain works on: a DAG of typed ops that
/// compute s-ops (a value per position) and selectors (a boolean matrix over
/// query and key positions) from the input. A Module owns its ops in creation
/// order, which is a topological order (operands are always created first).
///
/// Element functions of maps are small expression trees over atoms
/// (ElemExpr), never source text; select predicates are a Comparison.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_IR_IR_H
#define RASP_IR_IR_H

#include "rasp/Support/Atom.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace rasp {
namespace ir {

//===----------------------------------------------------------------------===//
// Element functions
//===----------------------------------------------------------------------===//

/// A constant table indexed by an s-op's value (`list[sop]`, `dict[sop]`,
/// `"str"[sop]`).
struct LookupTable {
  enum class Kind { List, String, Dict } kind = Kind::List;
  std::vector<Atom> keys;   ///< Dict only, in insertion order.
  std::vector<Atom> values; ///< List elements, string characters, dict values.
  /// Empty, or one entry per value: a non-empty entry marks values[i] as a
  /// placeholder for a non-atom element (a list, dict, ...) with this repr;
  /// looking it up fails as a non-atom value does (ElemError::isOpaqueValue).
  std::vector<std::string> opaque;
  /// How the table prints in IR dumps.
  std::string description;
  /// How the reference names the *index* in its list/string out-of-range
  /// message (it prints the indexing s-op object, not the index value).
  std::string indexObjectText;
};

/// A node of an element function: a pure function from the values of a map's
/// operands at one position to one atom.
class ElemExpr {
public:
  enum class Kind {
    Arg,     ///< the value of operand `argIndex`
    Const,   ///< a constant atom
    Opaque,  ///< a non-atom constant (a list, dict, ...): any use fails
    Unary,   ///< py::UnOp on one child
    Binary,  ///< py::BinOp on two children
    Ternary, ///< children: cond, then, else (`then if cond else else`)
    InList,  ///< child `in` a constant list of atoms
    Lookup,  ///< a constant table indexed by the child
    And,     ///< bool(a) and bool(b), a bool
    Or,      ///< bool(a) or bool(b), a bool
    /// A hole of a sketch module: a learnable function (a predicate or MLP
    /// table, classifier weights) of its children, named and with a shape
    /// description; filled by fillHoles, never evaluated.
    Hole,
  };

  static std::unique_ptr<ElemExpr> arg(unsigned index);
  static std::unique_ptr<ElemExpr> constant(Atom value);
  /// \p typeName is Python's name for the value's type ("list", "dict").
  static std::unique_ptr<ElemExpr> opaque(std::string typeName,
                                          std::string text);
  static std::unique_ptr<ElemExpr> unary(py::UnOp op,
                                         std::unique_ptr<ElemExpr> a);
  static std::unique_ptr<ElemExpr> binary(py::BinOp op,
                                          std::unique_ptr<ElemExpr> a,
                                          std::unique_ptr<ElemExpr> b);
  static std::unique_ptr<ElemExpr> ternary(std::unique_ptr<ElemExpr> cond,
                                           std::unique_ptr<ElemExpr> thenV,
                                           std::unique_ptr<ElemExpr> elseV);
  static std::unique_ptr<ElemExpr> inList(std::unique_ptr<ElemExpr> a,
                                          std::vector<Atom> list);
  static std::unique_ptr<ElemExpr> lookup(std::unique_ptr<ElemExpr> a,
                                          std::shared_ptr<LookupTable> table);
  static std::unique_ptr<ElemExpr> logical(bool isAnd,
                                           std::unique_ptr<ElemExpr> a,
                                           std::unique_ptr<ElemExpr> b);
  /// A function hole named \p name (e.g. "attn_0_1.pred") over \p inputs;
  /// \p shape says what it holds (e.g. "8x8"). Prints `?name[shape](...)`.
  static std::unique_ptr<ElemExpr>
  hole(std::string name, std::string shape,
       std::vector<std::unique_ptr<ElemExpr>> inputs);

  Kind getKind() const { return kind; }
  unsigned getArgIndex() const { return argIndex; }
  const Atom &getConst() const { return value; }
  py::UnOp getUnOp() const { return unOp; }
  py::BinOp getBinOp() const { return binOp; }
  llvm::ArrayRef<std::unique_ptr<ElemExpr>> getChildren() const {
    return children;
  }
  const ElemExpr &getChild(unsigned i) const { return *children[i]; }
  llvm::ArrayRef<Atom> getList() const { return list; }
  const LookupTable &getTable() const { return *table; }
  llvm::StringRef getOpaqueType() const { return opaqueType; }
  llvm::StringRef getOpaqueText() const { return opaqueText; }
  /// Hole only.
  llvm::StringRef getHoleName() const { return holeName; }
  llvm::StringRef getHoleShape() const { return holeShape; }
  /// The first Hole node in this tree, or null.
  const ElemExpr *findHole() const;

  std::unique_ptr<ElemExpr> clone() const;
  /// Prints the function with operands named x0, x1, ...
  void print(llvm::raw_ostream &os) const;

private:
  explicit ElemExpr(Kind kind) : kind(kind) {}
  Kind kind;
  unsigned argIndex = 0;
  Atom value;
  py::UnOp unOp = py::UnOp::Neg;
  py::BinOp binOp = py::BinOp::Add;
  std::vector<std::unique_ptr<ElemExpr>> children;
  std::vector<Atom> list;
  std::shared_ptr<LookupTable> table;
  std::string opaqueType, opaqueText;
  std::string holeName, holeShape;
};

using ElemExprPtr = std::unique_ptr<ElemExpr>;

/// Why an element function failed on some operand values.
struct ElemError {
  enum class Kind {
    Type,   ///< the reference's RASPTypeError
    Value,  ///< the reference's RASPValueError (missing key, bad index)
    Python, ///< a Python exception (TypeError, ZeroDivisionError, ...)
  };
  Kind kind = Kind::Python;
  std::string message;
  /// The function produced a non-atom (an Opaque constant); message holds
  /// its text.
  bool isOpaqueValue = false;
};

/// Evaluates \p fn on one position's operand values with Python semantics.
/// Returns false with \p err set when the reference would raise.
bool evaluateElem(const ElemExpr &fn, llvm::ArrayRef<const Atom *> args,
                  Atom &out, ElemError &err);

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

enum class OpKind {
#define RASP_OP(Name, Spelling) Name,
#include "rasp/IR/Ops.def"
};

/// The spelling of an op kind in printed IR.
llvm::StringRef getOpKindName(OpKind kind);

/// How `tokens_*` converts each input element.
enum class TokensConv { Str, Int, Float, Bool, AsIs };

/// A select predicate: select(keys, queries, cmp) selects key k for query q
/// when `keys[k] cmp queries[q]`. True/False ignore the values.
enum class Comparison { EQ, LT, LEQ, GT, GEQ, NEQ, True, False };

/// The spelling of a comparison in RASP source ("==", "<", ...; "true" and
/// "false" for the constant predicates).
llvm::StringRef getComparisonSpelling(Comparison c);

/// How a compiled model would hold an s-op (set by encoding inference).
enum class Encoding { Unknown, Categorical, Numerical };

class Op {
public:
  virtual ~Op() = default;
  OpKind getKind() const { return kind; }
  /// Dense id, unique in the module: the op's position in creation order.
  unsigned getId() const { return id; }
  llvm::SMLoc getLoc() const { return loc; }
  void setLoc(llvm::SMLoc l) { loc = l; }
  llvm::ArrayRef<Op *> getOperands() const { return operands; }
  Op *getOperand(unsigned i) const { return operands[i]; }
  unsigned getNumOperands() const { return operands.size(); }

  /// True for ops whose value is a selector rather than an s-op.
  bool isSelector() const {
    return kind == OpKind::Select || kind == OpKind::SelectorAnd ||
           kind == OpKind::SelectorOr || kind == OpKind::SelectorNot;
  }
  bool isSOp() const { return !isSelector(); }

  Encoding getEncoding() const { return encoding; }
  void setEncoding(Encoding e) { encoding = e; }

protected:
  Op(OpKind kind, llvm::ArrayRef<Op *> operands, llvm::SMLoc loc)
      : kind(kind), loc(loc), operands(operands.begin(), operands.end()) {}

private:
  friend class Module;
  OpKind kind;
  unsigned id = 0;
  llvm::SMLoc loc;
  llvm::SmallVector<Op *, 3> operands;
  Encoding encoding = Encoding::Unknown;
};

/// tokens_str / tokens_int / tokens_float / tokens_bool / tokens_asis.
class TokensOp : public Op {
public:
  TokensOp(TokensConv conv, llvm::SMLoc loc = {})
      : Op(OpKind::Tokens, {}, loc), conv(conv) {}
  TokensConv getConv() const { return conv; }
  static bool classof(const Op *op) { return op->getKind() == OpKind::Tokens; }

private:
  TokensConv conv;
};

class IndicesOp : public Op {
public:
  explicit IndicesOp(llvm::SMLoc loc = {}) : Op(OpKind::Indices, {}, loc) {}
  static bool classof(const Op *op) {
    return op->getKind() == OpKind::Indices;
  }
};

/// The same atom at every position.
class ConstantOp : public Op {
public:
  ConstantOp(Atom value, llvm::SMLoc loc = {})
      : Op(OpKind::Constant, {}, loc), value(std::move(value)) {}
  const Atom &getValue() const { return value; }
  static bool classof(const Op *op) {
    return op->getKind() == OpKind::Constant;
  }

private:
  Atom value;
};

/// An elementwise function of one (Map) or several (SequenceMap) s-ops.
class MapOp : public Op {
public:
  MapOp(llvm::ArrayRef<Op *> args, ElemExprPtr fn, llvm::SMLoc loc = {})
      : Op(args.size() == 1 ? OpKind::Map : OpKind::SequenceMap, args, loc),
        fn(std::move(fn)) {}
  const ElemExpr &getFunction() const { return *fn; }
  static bool classof(const Op *op) {
    return op->getKind() == OpKind::Map ||
           op->getKind() == OpKind::SequenceMap;
  }

private:
  ElemExprPtr fn;
};

/// Evaluates \p m's function on the values \p operand gives for its
/// operands (asked in order). nullopt when an operand has no value or the
/// function would raise.
std::optional<Atom>
evaluateMap(const MapOp &m,
            const std::function<std::optional<Atom>(const Op *)> &operand);

/// select(keys, queries, cmp).
class SelectOp : public Op {
public:
  SelectOp(Op *keys, Op *queries, Comparison cmp, llvm::SMLoc loc = {})
      : Op(OpKind::Select, {keys, queries}, loc), cmp(cmp) {}
  Op *getKeys() const { return getOperand(0); }
  Op *getQueries() const { return getOperand(1); }
  Comparison getComparison() const { return cmp; }
  static bool classof(const Op *op) { return op->getKind() == OpKind::Select; }

private:
  Comparison cmp;
};

/// selector and / or (two operands) and not (one operand).
class SelectorLogicOp : public Op {
public:
  SelectorLogicOp(OpKind kind, llvm::ArrayRef<Op *> operands,
                  llvm::SMLoc loc = {})
      : Op(kind, operands, loc) {}
  static bool classof(const Op *op) {
    return op->getKind() == OpKind::SelectorAnd ||
           op->getKind() == OpKind::SelectorOr ||
           op->getKind() == OpKind::SelectorNot;
  }
};

/// aggregate(sel, sop, default).
class AggregateOp : public Op {
public:
  AggregateOp(Op *sel, Op *sop, Atom defaultValue, llvm::SMLoc loc = {})
      : Op(OpKind::Aggregate, {sel, sop}, loc),
        defaultValue(std::move(defaultValue)) {}
  Op *getSelector() const { return getOperand(0); }
  Op *getSOp() const { return getOperand(1); }
  const Atom &getDefault() const { return defaultValue; }
  static bool classof(const Op *op) {
    return op->getKind() == OpKind::Aggregate;
  }

private:
  Atom defaultValue;
};

/// The number of keys each query selects (an int s-op).
class SelectorWidthOp : public Op {
public:
  SelectorWidthOp(Op *sel, llvm::SMLoc loc = {})
      : Op(OpKind::SelectorWidth, {sel}, loc) {}
  Op *getSelector() const { return getOperand(0); }
  static bool classof(const Op *op) {
    return op->getKind() == OpKind::SelectorWidth;
  }
};

/// A hole of a sketch module: the value of one of its operands (the
/// candidates), to be chosen. Prints `?choose[name] %a, %b, ...`.
class ChooseOp : public Op {
public:
  ChooseOp(std::string name, llvm::ArrayRef<Op *> candidates,
           llvm::SMLoc loc = {})
      : Op(OpKind::Choose, candidates, loc), name(std::move(name)) {}
  const std::string &getName() const { return name; }
  static bool classof(const Op *op) { return op->getKind() == OpKind::Choose; }

private:
  std::string name;
};

/// Owns ops in creation (hence topological) order.
class Module {
public:
  Module() = default;
  Module(const Module &) = delete;
  Module &operator=(const Module &) = delete;

  template <typename T, typename... Args> T *create(Args &&...args) {
    auto op = std::make_unique<T>(std::forward<Args>(args)...);
    T *raw = op.get();
    raw->id = ops.size();
    ops.push_back(std::move(op));
    return raw;
  }

  unsigned size() const { return ops.size(); }
  Op *getOp(unsigned id) const { return ops[id].get(); }
  llvm::ArrayRef<std::unique_ptr<Op>> getOps() const { return ops; }

  /// A sketch module may hold holes (ChooseOp, ElemExpr::Kind::Hole); see
  /// verify(const Module &, ...) and fillHoles.
  void setSketch(bool s = true) { sketch = s; }
  bool isSketch() const { return sketch; }

private:
  std::vector<std::unique_ptr<Op>> ops;
  bool sketch = false;
};

/// The ops \p root depends on, itself included, in topological order
/// (ascending id). Iterative: safe on deep DAGs.
std::vector<Op *> collectDependencies(llvm::ArrayRef<Op *> roots);

/// Prints the ops that \p roots depend on, one per line, e.g.
/// `%3 = aggregate %2, %0 default 0 : sop`. \p nameOf may give a source name
/// for an op (printed as a trailing comment); it may be empty.
void printOps(llvm::ArrayRef<Op *> roots, llvm::raw_ostream &os,
              const std::function<std::string(const Op *)> &nameOf = {});

/// Checks operand kinds and arities. Returns an empty string when the ops are
/// well formed, otherwise a description of the first problem. A hole is a
/// problem (`unfilled hole 'attn_0_1.key'`).
std::string verify(llvm::ArrayRef<Op *> roots);
/// The same, but holes are accepted when \p m is marked as a sketch (the
/// roots must be ops of \p m).
std::string verify(const Module &m, llvm::ArrayRef<Op *> roots);

//===----------------------------------------------------------------------===//
// Holes (sketch modules)
//===----------------------------------------------------------------------===//

/// The first hole (in creation order) that \p roots depend on, described as
/// `unfilled hole 'NAME' (%ID = ...)`, or an empty string when there is none.
/// The interpreter, the compiler and the other consumers of ordinary
/// programs report this.
std::string describeFirstHole(llvm::ArrayRef<Op *> roots);
/// The same for one op alone (not its operands).
std::string describeHole(const Op *op);

/// How fillHoles fills each hole.
struct HoleFiller {
  /// The operand (index into getOperands()) a ChooseOp takes.
  std::function<unsigned(const ChooseOp &)> choose;
  /// The function a Hole node stands for, written over x0..x(n-1) = the
  /// hole's children (its inputs). Null: the hole cannot be filled.
  std::function<ElemExprPtr(const ElemExpr &hole)> function;
};

/// Copies the ops \p roots depend on from a sketch into \p out, replacing
/// each ChooseOp by the candidate \p fill chooses and each function hole by
/// its filling; structurally identical selectors, selector widths and
/// aggregates are made once. Returns the copies of \p roots, or an empty
/// vector with \p error set (a choice out of range, a hole left unfilled).
std::vector<Op *> fillHoles(llvm::ArrayRef<Op *> roots, const HoleFiller &fill,
                            Module &out, std::string &error);

} // namespace ir
} // namespace rasp

#endif // RASP_IR_IR_H
