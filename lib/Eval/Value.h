//===- Value.h - Values of the RASP meta-language (private) -----*- C++ -*-===//
//
/// \file
/// The dynamically typed values the elaborator computes with: atoms, lists,
/// dicts, functions, s-ops and selectors (handles on IR ops that carry the
/// object's display name, shared so that renaming one renames it wherever it
/// is held, as in the reference), and the display-only result of applying an
/// s-op or selector to an input.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_EVAL_VALUE_H
#define RASP_LIB_EVAL_VALUE_H

#include "rasp/AST/AST.h"
#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Support/Atom.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace rasp {
namespace eval {

class Env;
struct Value;
using EnvPtr = std::shared_ptr<Env>;

/// An s-op or selector object: an IR op plus the name the reference would
/// give the object.
struct OpObject {
  ir::Op *op;
  std::string name;
  unsigned creationId; ///< the reference's creation-order id (approximate)
};

struct Function;
struct Applied;
struct DictData;

struct Value {
  enum class Kind { None, Atom, List, Dict, Function, SOp, Selector, Applied };
  Kind kind = Kind::None;
  rasp::Atom atom;
  std::shared_ptr<std::vector<Value>> list;
  std::shared_ptr<DictData> dict;
  std::shared_ptr<Function> fn;
  std::shared_ptr<OpObject> obj;
  std::shared_ptr<Applied> applied;

  static Value none() { return Value(); }
  static Value ofAtom(rasp::Atom a) {
    Value v;
    v.kind = Kind::Atom;
    v.atom = std::move(a);
    return v;
  }
  static Value ofList(std::vector<Value> items) {
    Value v;
    v.kind = Kind::List;
    v.list = std::make_shared<std::vector<Value>>(std::move(items));
    return v;
  }
  bool isAtom() const { return kind == Kind::Atom; }
  bool isList() const { return kind == Kind::List; }
  bool isDict() const { return kind == Kind::Dict; }
  bool isSOp() const { return kind == Kind::SOp; }
  bool isSelector() const { return kind == Kind::Selector; }
  bool isUnfinished() const { return isSOp() || isSelector(); }
  bool isFunction() const { return kind == Kind::Function; }
};

struct DictData {
  /// Keys in insertion order; change them only through set().
  std::vector<rasp::Atom> keys;
  std::vector<Value> values;

  /// d[key] = value: a key equal (in Python's sense) to one already there
  /// keeps its place and first spelling, as in a Python dict. Keys are
  /// found through a hash index, so building an n-entry dict is linear.
  void set(const rasp::Atom &key, Value value) {
    size_t h = hashKey(key);
    auto range = index.equal_range(h);
    for (auto it = range.first; it != range.second; ++it)
      if (rasp::py::equals(keys[it->second], key)) {
        values[it->second] = std::move(value);
        return;
      }
    index.emplace(h, keys.size());
    keys.push_back(key);
    values.push_back(std::move(value));
  }

private:
  /// Equal keys (1, 1.0, True) hash alike: integral numbers by their int64
  /// value, strings by their bytes; other numbers (fractions, big ints,
  /// complex) share buckets and are told apart by py::equals.
  static size_t hashKey(const rasp::Atom &a) {
    if (a.isStr())
      return std::hash<std::string>()(a.getStr()) ^ 0x5bd1e995u;
    if (a.isSmallInt())
      return std::hash<int64_t>()(a.getInt());
    if (a.isFloat()) {
      double f = a.getFloat();
      if (f >= -9.2e18 && f <= 9.2e18 && f == (double)(int64_t)f)
        return std::hash<int64_t>()((int64_t)f);
      return 0x2545f491u;
    }
    return 0x9e3779b9u;
  }
  std::unordered_multimap<size_t, size_t> index;
};

/// A built-in function available to the standard library only.
using BuiltinFn = std::function<Value(std::vector<Value> &)>;

struct Function {
  std::string name;
  EnvPtr env; ///< the defining environment (free names resolve here)
  std::vector<std::string> params;
  const ast::FuncDefStmt *def = nullptr; ///< null for builtins
  std::string creator;
  BuiltinFn builtin;
};

/// The result of applying an s-op or selector to an input.
struct Applied {
  bool isSelector = false;
  interp::Sequence seq;
  interp::SelectorMatrix sel;
  Value input; ///< the input it was computed on
};

} // namespace eval
} // namespace rasp

#endif // RASP_LIB_EVAL_VALUE_H
