//===- Interpreter.h - Reference semantics of the RASP IR -------*- C++ -*-===//
//
/// \file
/// Evaluates IR ops on an input sequence, exactly as the reference RASP
/// interpreter evaluates s-ops and selectors (its type rules, its mean rule
/// for aggregates and its error messages). This is the oracle every other
/// path is tested against.
///
/// An Interpreter is bound to one input and memoizes every op it evaluates,
/// so evaluating a new op whose operands were already evaluated costs only
/// the new op. Evaluation walks the dependencies in topological order, never
/// recursing through operands.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_INTERP_INTERPRETER_H
#define RASP_INTERP_INTERPRETER_H

#include "rasp/IR/IR.h"
#include "rasp/Support/Atom.h"

#include "llvm/ADT/DenseMap.h"

#include <memory>
#include <string>
#include <vector>

namespace rasp {
namespace interp {

/// One element of an input. Inputs normally hold atoms; the REPL lets users
/// set an example holding lists or dicts, which are kept as opaque text.
struct InputItem {
  bool isAtom = true;
  Atom atom;
  std::string strText;  ///< str() of a non-atom
  std::string reprText; ///< repr() of a non-atom
  std::string typeName; ///< Python type name of a non-atom ("list", "dict")
  /// Non-empty: reading this position raises a Python KeyError with this
  /// text (see byPosition).
  std::string keyError;
  /// A dict as running example: the conversions (tokens, tokens_int, ...)
  /// iterate it, so they read its keys (this item), but s-ops computed from
  /// tokens_asis read example[i], the value under the key i (this field, or
  /// an item whose keyError is set when there is no such key).
  std::shared_ptr<InputItem> byPosition;

  static InputItem of(Atom a) {
    InputItem item;
    item.atom = std::move(a);
    return item;
  }
};

/// The type label of an s-op value, as the reference prints it ("ints").
enum class SeqType { String, Bool, Int, Float };
const char *getSeqTypeName(SeqType t); ///< "string", "bool", "int", "float"

/// The value of an s-op on one input.
struct Sequence {
  std::vector<Atom> values;
  SeqType type = SeqType::Int;
};

/// The value of a selector on one input: row q (query), column k (key).
struct SelectorMatrix {
  unsigned n = 0;
  std::vector<uint8_t> bits;
  bool at(unsigned q, unsigned k) const { return bits[q * n + k]; }
};

/// An evaluation failure. The kind decides how the REPL reports it.
struct EvalError {
  enum class Kind {
    RaspType,  ///< a RASP type error (e.g. mixed value types)
    RaspValue, ///< a RASP value error (e.g. missing dict key)
    Python,    ///< what the reference reports as a Python exception
  };
  Kind kind = Kind::Python;
  std::string message;
};

/// Computes the type label of \p values, or fails with the reference's
/// "attempted to create sequence with vals of different types" error, the
/// values printed as a Python tuple (or list when \p asList).
bool classifySequence(llvm::ArrayRef<Atom> values, SeqType &type,
                      EvalError &err, bool asList = false);

/// Evaluates an element function on one position's operand values.
bool evalElem(const ir::ElemExpr &fn, llvm::ArrayRef<const Atom *> args,
              Atom &out, EvalError &err);

class Interpreter {
public:
  explicit Interpreter(std::vector<InputItem> input);
  /// Convenience: an input of atoms.
  static Interpreter fromAtoms(std::vector<Atom> input);

  unsigned getLength() const { return input.size(); }
  llvm::ArrayRef<InputItem> getInput() const { return input; }

  /// The value of s-op \p op, or null with \p err set. Values stay valid as
  /// long as the Interpreter lives.
  const Sequence *evalSOp(const ir::Op *op, EvalError &err);
  /// The value of selector \p op, or null with \p err set.
  const SelectorMatrix *evalSelector(const ir::Op *op, EvalError &err);

  /// Fixes the value of \p op on this input (its operands are then not
  /// needed for it). The REPL uses this to reproduce the reference's
  /// per-object result cache.
  void seed(const ir::Op *op, const Sequence &value);
  void seed(const ir::Op *op, const SelectorMatrix &value);

private:
  bool evalOne(const ir::Op *op, EvalError &err);
  bool ensure(const ir::Op *op, EvalError &err);

  std::vector<InputItem> input;
  llvm::DenseMap<const ir::Op *, std::unique_ptr<Sequence>> seqs;
  llvm::DenseMap<const ir::Op *, std::unique_ptr<SelectorMatrix>> sels;
};

} // namespace interp
} // namespace rasp

#endif // RASP_INTERP_INTERPRETER_H
