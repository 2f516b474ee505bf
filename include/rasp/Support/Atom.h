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
/// Ints are unbounded, as Python's: a value that fits in 64 bits is stored
/// inline (the fast path); only larger results are promoted to a shared,
/// immutable heap big integer (lib/Support/BigInt.h), so an Atom stays as
/// small and as cheap to copy as before.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_SUPPORT_ATOM_H
#define RASP_SUPPORT_ATOM_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <cstring>
#include <string>

namespace rasp {

class BigInt;
namespace detail {
struct BigIntBox;
void retainBigInt(const BigIntBox *b);
void releaseBigInt(const BigIntBox *b);
} // namespace detail

class Atom {
public:
  /// Ordered as Python's isinstance checks see them: bool is also an int.
  /// Complex is Python's complex, which only arises from a negative number
  /// raised to a fractional power; s-ops cannot hold it.
  enum class Kind : uint8_t { Bool, Int, Float, Str, Complex };

  Atom() : kind(Kind::Int), big(false) { u.i = 0; }
  Atom(const Atom &o) : kind(o.kind), big(o.big), u(o.u), s(o.s) {
    if (big)
      detail::retainBigInt(u.b);
  }
  Atom(Atom &&o) noexcept
      : kind(o.kind), big(o.big), u(o.u), s(std::move(o.s)) {
    o.big = false;
    o.u.i = 0;
  }
  Atom &operator=(const Atom &o) {
    if (this != &o) {
      if (o.big)
        detail::retainBigInt(o.u.b);
      if (big)
        detail::releaseBigInt(u.b);
      kind = o.kind;
      big = o.big;
      u = o.u;
      s = o.s;
    }
    return *this;
  }
  Atom &operator=(Atom &&o) noexcept {
    if (this != &o) {
      if (big)
        detail::releaseBigInt(u.b);
      kind = o.kind;
      big = o.big;
      u = o.u;
      s = std::move(o.s);
      o.big = false;
      o.u.i = 0;
    }
    return *this;
  }
  ~Atom() {
    if (big)
      detail::releaseBigInt(u.b);
  }

  static Atom boolean(bool b) {
    Atom a;
    a.kind = Kind::Bool;
    a.u.i = b;
    return a;
  }
  static Atom integer(int64_t v) {
    Atom a;
    a.kind = Kind::Int;
    a.u.i = v;
    return a;
  }
  static Atom real(double v) {
    Atom a;
    a.kind = Kind::Float;
    a.u.f = v;
    return a;
  }
  static Atom string(std::string v) {
    Atom a;
    a.kind = Kind::Str;
    a.s = std::move(v);
    return a;
  }
  /// A complex number: the real part in u.f, the imaginary part's bytes in
  /// s (short-string storage, no allocation; keeps Atom at its size).
  static Atom complex(double re, double im) {
    Atom a;
    a.kind = Kind::Complex;
    a.u.f = re;
    a.s.assign(reinterpret_cast<const char *>(&im), sizeof im);
    return a;
  }

  Kind getKind() const { return kind; }
  bool isBool() const { return kind == Kind::Bool; }
  /// True for ints and bools (Python's isinstance(x, int)).
  bool isIntLike() const { return kind == Kind::Int || kind == Kind::Bool; }
  bool isInt() const { return kind == Kind::Int; }
  /// An int or bool whose value fits in int64_t (getInt() is exact).
  bool isSmallInt() const { return isIntLike() && !big; }
  /// An int that does not fit in int64_t (never a bool).
  bool isBigInt() const { return big; }
  bool isFloat() const { return kind == Kind::Float; }
  bool isStr() const { return kind == Kind::Str; }
  bool isComplex() const { return kind == Kind::Complex; }
  /// int, bool or float (a real number; not complex).
  bool isNumber() const { return kind != Kind::Str && kind != Kind::Complex; }

  bool getBool() const { return u.i != 0; }
  /// The integer value of an int or bool: exact when isSmallInt(); a big
  /// int saturates to INT64_MAX or -INT64_MAX by its sign (so it is out of
  /// range of any index, and negating it cannot overflow).
  int64_t getInt() const { return big ? bigSaturated() : u.i; }
  double getFloat() const { return u.f; }
  double getReal() const { return u.f; } ///< of a complex
  double getImag() const {               ///< of a complex
    double im;
    std::memcpy(&im, s.data(), sizeof im);
    return im;
  }
  const std::string &getStr() const { return s; }
  /// The value of a number as a double; a big int is rounded as Python's
  /// float() rounds it, and is +-inf where float() would raise (use
  /// py::asDouble() to get that error).
  double toDouble() const {
    return kind == Kind::Float ? u.f : (big ? bigToDouble() : double(u.i));
  }

private:
  friend struct AtomBigAccess; // lib/Support/Atom.cpp
  int64_t bigSaturated() const;
  double bigToDouble() const;

  Kind kind;
  /// Kind::Int held as u.b (never zero, never fits in int64_t).
  bool big;
  union U {
    int64_t i;
    double f;
    const detail::BigIntBox *b;
  } u;
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
/// The escape repr() and ascii() write for a code point: \xNN, \uNNNN or
/// \UNNNNNNNN.
std::string escapeCodePoint(unsigned cp);
/// repr() of a float, e.g. "2.0", "0.30000000000000004", "1e+16", "inf".
std::string reprFloat(double d);
/// repr() of a complex, e.g. "1j", "(1.5-2j)", "(-0+1j)".
std::string complexRepr(double re, double im);

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

/// float(a) of a number, as Python converts it: an int beyond the double
/// range fails with "int too large to convert to float".
Status asDouble(const Atom &a, double &out);

/// str(a) with Python 3.11's limit on int-to-decimal conversion: an int of
/// more than 4300 digits fails with Python's ValueError text. py::str() and
/// py::repr() print such ints in full.
Status toStr(const Atom &a, std::string &out);

/// The digits of |a| (an int or bool) in base 8, 10 or 16, no sign or
/// prefix.
std::string magnitudeDigits(const Atom &a, unsigned base, bool upper);

/// Python 3.11's default sys.get_int_max_str_digits().
constexpr unsigned kIntMaxStrDigits = 4300;
/// Results of * and ** are capped at this many decimal digits ("integer too
/// large (limit 100000 digits)"); Python has no cap.
constexpr unsigned kIntMaxDigits = 100000;

/// Python's round(x, 3) for a float, as used when s-op values print.
double round3(double x);

/// Parses a decimal integer literal (ASCII digits only) as Python's
/// int(digits) does, to an int of any size. Fails with Python's ValueError
/// text past 4300 digits or on a non-digit.
Status parseIntLiteral(llvm::StringRef digits, Atom &out);

} // namespace py
} // namespace rasp

#endif // RASP_SUPPORT_ATOM_H
