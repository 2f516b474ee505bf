//===- Atom.h - RASP atoms and their Python semantics -----------*- C++ -*-===//
//
/// \file
/// Atoms are the scalar values of RASP: int, float, string and bool. The
/// reference interpreter is written in Python and its arithmetic, comparison,
/// truthiness, rounding and printing are Python's, error texts included. This
/// file is the one place that reproduces those rules; the elaborator (on
/// atoms), the IR's element functions and the interpreter (on s-op values)
/// all go through it.
///
/// Ints are 64-bit here (Python's are unbounded); an operation whose exact
/// result does not fit reports "integer overflow" instead of wrapping.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_SUPPORT_ATOM_H
#define RASP_SUPPORT_ATOM_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>

namespace rasp {

class Atom {
public:
  /// Ordered as Python's isinstance checks see them: bool is also an int.
  enum class Kind : uint8_t { Bool, Int, Float, Str };

  Atom() : kind(Kind::Int), i(0) {}
  static Atom boolean(bool b) {
    Atom a;
    a.kind = Kind::Bool;
    a.i = b;
    return a;
  }
  static Atom integer(int64_t v) {
    Atom a;
    a.kind = Kind::Int;
    a.i = v;
    return a;
  }
  static Atom real(double v) {
    Atom a;
    a.kind = Kind::Float;
    a.f = v;
    return a;
  }
  static Atom string(std::string v) {
    Atom a;
    a.kind = Kind::Str;
    a.s = std::move(v);
    return a;
  }

  Kind getKind() const { return kind; }
  bool isBool() const { return kind == Kind::Bool; }
  /// True for ints and bools (Python's isinstance(x, int)).
  bool isIntLike() const { return kind == Kind::Int || kind == Kind::Bool; }
  bool isInt() const { return kind == Kind::Int; }
  bool isFloat() const { return kind == Kind::Float; }
  bool isStr() const { return kind == Kind::Str; }
  /// int, bool or float.
  bool isNumber() const { return kind != Kind::Str; }

  bool getBool() const { return i != 0; }
  /// The integer value of an int or bool.
  int64_t getInt() const { return i; }
  double getFloat() const { return f; }
  const std::string &getStr() const { return s; }
  /// The value of a number as a double.
  double toDouble() const { return kind == Kind::Float ? f : double(i); }

private:
  Kind kind;
  union {
    int64_t i;
    double f;
  };
  std::string s;
};

namespace py {

/// Python's type name: "int", "float", "str", "bool".
const char *typeName(const Atom &a);

/// Python's repr(): strings quoted and escaped as Python does.
std::string repr(const Atom &a);
/// Python's str(): strings raw.
std::string str(const Atom &a);
/// repr() of a string value.
std::string reprString(llvm::StringRef s);
/// repr() of a float, e.g. "2.0", "0.30000000000000004", "1e+16", "inf".
std::string reprFloat(double d);

/// bool(a).
bool truthy(const Atom &a);
/// a == b (never fails; different kinds compare unequal except numbers).
bool equals(const Atom &a, const Atom &b);

enum class BinOp { Add, Sub, Mul, Div, Mod, Pow, Eq, Ne, Lt, Gt, Le, Ge };
/// The operator's spelling in Python's messages ("+", "**", "<", ...).
const char *spelling(BinOp op);

enum class UnOp { Neg, Pos, Round, Not, Bool, Indicator };

/// The outcome of an operation that may raise. `message` is the Python
/// exception text (e.g. "division by zero").
struct Status {
  bool ok = true;
  std::string message;
  static Status success() { return {}; }
  static Status error(std::string m) { return {false, std::move(m)}; }
};

/// a OP b with Python semantics.
Status binary(BinOp op, const Atom &a, const Atom &b, Atom &out);
/// OP a with Python semantics (Round is round(a) with no digits: half to
/// even, int result; Indicator is `1 if a else 0`).
Status unary(UnOp op, const Atom &a, Atom &out);

/// int(a), float(a), as Python converts (strings are parsed).
Status toInt(const Atom &a, Atom &out);
Status toFloat(const Atom &a, Atom &out);

/// Python's round(x, 3) for a float, as used when s-op values print.
double round3(double x);

/// Parses a decimal integer literal (digits only). False on overflow.
bool parseIntLiteral(llvm::StringRef digits, int64_t &out);

} // namespace py
} // namespace rasp

#endif // RASP_SUPPORT_ATOM_H
