//===- Atom.cpp - RASP atoms and their Python semantics -------------------===//

#include "rasp/Support/Atom.h"
#include "rasp/Support/PercentFormat.h"

#include "BigInt.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace rasp;
using namespace rasp::py;

//===----------------------------------------------------------------------===//
// Big int storage
//===----------------------------------------------------------------------===//

namespace rasp {
namespace detail {
/// A shared immutable big int, reference-counted by the atoms holding it.
struct BigIntBox {
  explicit BigIntBox(BigInt v) : value(std::move(v)) {}
  mutable std::atomic<uint32_t> refs{1};
  const BigInt value;
};

void retainBigInt(const BigIntBox *b) {
  b->refs.fetch_add(1, std::memory_order_relaxed);
}

void releaseBigInt(const BigIntBox *b) {
  if (b->refs.fetch_sub(1, std::memory_order_acq_rel) == 1)
    delete b;
}
} // namespace detail

struct AtomBigAccess {
  /// The big int of a big Atom, or null.
  static const BigInt *get(const Atom &a) {
    return a.big ? &a.u.b->value : nullptr;
  }
  /// An int atom of the value, inline when it fits in int64_t.
  static Atom make(BigInt v) {
    int64_t small;
    if (v.toInt64(small))
      return Atom::integer(small);
    Atom a;
    a.kind = Atom::Kind::Int;
    a.big = true;
    a.u.b = new detail::BigIntBox(std::move(v));
    return a;
  }
};
} // namespace rasp

int64_t Atom::bigSaturated() const {
  return u.b->value.isNegative() ? -INT64_MAX : INT64_MAX;
}

double Atom::bigToDouble() const {
  double d;
  if (u.b->value.toDouble(d))
    return d;
  return u.b->value.isNegative() ? -HUGE_VAL : HUGE_VAL;
}

static Atom fromBig(BigInt v) { return AtomBigAccess::make(std::move(v)); }

/// The value of an int or bool as a BigInt (`tmp` holds it for small ints).
static const BigInt &bigOf(const Atom &a, BigInt &tmp) {
  if (const BigInt *b = AtomBigAccess::get(a))
    return *b;
  tmp = BigInt(a.getInt());
  return tmp;
}

static Status floatOverflow() {
  return Status::error("int too large to convert to float");
}

Status py::asDouble(const Atom &a, double &out) {
  if (a.isComplex())
    return Status::error("must be real number, not complex");
  if (const BigInt *b = AtomBigAccess::get(a)) {
    if (!b->toDouble(out))
      return floatOverflow();
    return Status::success();
  }
  out = a.toDouble();
  return Status::success();
}

/// Both operands of a float operation as doubles, as Python converts them.
static Status bothDoubles(const Atom &a, const Atom &b, double &x,
                          double &y) {
  Status st = asDouble(a, x);
  if (!st.ok)
    return st;
  return asDouble(b, y);
}

/// Bits of 10^kIntMaxDigits (332193): a result with more bits has more
/// digits than the cap allows, one with fewer has not.
static uint64_t capBitLength() {
  static const uint64_t bits =
      uint64_t(std::floor(kIntMaxDigits * std::log2(10.0))) + 1;
  return bits;
}

/// |x| >= 10^kIntMaxDigits, i.e. more digits than the cap allows.
static bool exceedsDigitCap(const BigInt &x) {
  uint64_t bits = x.bitLength();
  if (bits != capBitLength())
    return bits > capBitLength();
  static const BigInt tenToCap = [] {
    BigInt r(1), b(10);
    for (unsigned e = kIntMaxDigits; e; e >>= 1) {
      if (e & 1)
        r = r * b;
      if (e > 1)
        b = b * b;
    }
    return r;
  }();
  BigInt mag = x.isNegative() ? -x : x;
  return BigInt::compare(mag, tenToCap) >= 0;
}

static Status tooLarge() {
  return Status::error("integer too large (limit " +
                       std::to_string(kIntMaxDigits) + " digits)");
}

const char *py::typeName(const Atom &a) {
  switch (a.getKind()) {
  case Atom::Kind::Bool:
    return "bool";
  case Atom::Kind::Int:
    return "int";
  case Atom::Kind::Float:
    return "float";
  case Atom::Kind::Str:
    return "str";
  case Atom::Kind::Complex:
    return "complex";
  }
  return "?";
}

#include "UnicodeTables.inc"

/// Python's str.isprintable() for one code point.
static bool isPrintableCodePoint(unsigned cp) {
  if (cp < 0x80)
    return cp >= 0x20 && cp < 0x7F;
  auto *end = std::end(kNonPrintable);
  auto *it = std::upper_bound(
      std::begin(kNonPrintable), end, cp,
      [](unsigned v, const uint32_t(&r)[2]) { return v < r[0]; });
  return it == std::begin(kNonPrintable) || cp > (it - 1)[0][1];
}

/// Python's str.isspace() for one code point.
static bool isSpaceCodePoint(unsigned cp) {
  return std::binary_search(std::begin(kWhitespace), std::end(kWhitespace),
                            uint32_t(cp));
}

/// The value of a Unicode decimal digit (category Nd), or -1.
static int decimalValue(unsigned cp) {
  auto *it = std::upper_bound(std::begin(kDigitZeros), std::end(kDigitZeros),
                              uint32_t(cp));
  if (it == std::begin(kDigitZeros) || cp - it[-1] >= 10)
    return -1;
  return int(cp - it[-1]);
}

std::string py::escapeCodePoint(unsigned cp) {
  char buf[16];
  if (cp <= 0xFF)
    std::snprintf(buf, sizeof(buf), "\\x%02x", cp);
  else if (cp <= 0xFFFF)
    std::snprintf(buf, sizeof(buf), "\\u%04x", cp);
  else
    std::snprintf(buf, sizeof(buf), "\\U%08x", cp);
  return buf;
}

std::string py::reprString(llvm::StringRef s) {
  bool hasSingle = s.contains('\'');
  bool hasDouble = s.contains('"');
  char quote = (hasSingle && !hasDouble) ? '"' : '\'';
  std::string out;
  out.reserve(s.size() + 2);
  out += quote;
  for (size_t i = 0; i < s.size(); ++i) {
    unsigned char c = s[i];
    if (c == '\\') {
      out += "\\\\";
    } else if (c == (unsigned char)quote) {
      out += '\\';
      out += quote;
    } else if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", c);
      out += buf;
    } else if (c >= 0xC2 && c < 0xF5 && i + 1 < s.size()) {
      // A multi-byte code point: Python escapes the non-printable ones.
      unsigned len = c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      if (i + len > s.size()) {
        out += char(c);
        continue;
      }
      unsigned cp = c < 0xE0 ? (c & 0x1F) : c < 0xF0 ? (c & 0x0F) : (c & 0x07);
      for (unsigned k = 1; k < len; ++k)
        cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
      if (!isPrintableCodePoint(cp)) {
        out += escapeCodePoint(cp);
      } else {
        out.append(s.data() + i, len);
      }
      i += len - 1;
    } else {
      out += char(c);
    }
  }
  out += quote;
  return out;
}

std::string py::reprFloat(double d) {
  if (std::isnan(d))
    return "nan";
  if (std::isinf(d))
    return d > 0 ? "inf" : "-inf";
  // Shortest round-trip digits, as Python's repr uses.
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), d,
                           std::chars_format::scientific);
  std::string sci(buf, res.ptr);
  // sci looks like "-1.2345e+02" or "5e-07".
  bool neg = false;
  size_t pos = 0;
  if (sci[0] == '-') {
    neg = true;
    pos = 1;
  }
  size_t ePos = sci.find('e');
  std::string mant = sci.substr(pos, ePos - pos);
  int exp10 = std::atoi(sci.c_str() + ePos + 1);
  std::string digits;
  for (char c : mant)
    if (c != '.')
      digits += c;
  // Value is 0.d1d2... * 10^decpt.
  int decpt = exp10 + 1;
  std::string out = neg ? "-" : "";
  if (decpt > -4 && decpt <= 16) {
    if (decpt <= 0) {
      out += "0.";
      out += std::string(-decpt, '0');
      out += digits;
    } else if ((int)digits.size() <= decpt) {
      out += digits;
      out += std::string(decpt - digits.size(), '0');
      out += ".0";
    } else {
      out += digits.substr(0, decpt);
      out += '.';
      out += digits.substr(decpt);
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) {
    out += '.';
    out += digits.substr(1);
  }
  int e = decpt - 1;
  char ebuf[16];
  std::snprintf(ebuf, sizeof(ebuf), "e%c%02d", e < 0 ? '-' : '+',
                e < 0 ? -e : e);
  out += ebuf;
  return out;
}

std::string py::str(const Atom &a) {
  switch (a.getKind()) {
  case Atom::Kind::Bool:
    return a.getBool() ? "True" : "False";
  case Atom::Kind::Int:
    if (const BigInt *b = AtomBigAccess::get(a))
      return b->toString();
    return std::to_string(a.getInt());
  case Atom::Kind::Float:
    return reprFloat(a.getFloat());
  case Atom::Kind::Str:
    return a.getStr();
  case Atom::Kind::Complex:
    return complexRepr(a.getReal(), a.getImag());
  }
  return "";
}

std::string py::repr(const Atom &a) {
  if (a.isStr())
    return reprString(a.getStr());
  return str(a);
}

Status py::toStr(const Atom &a, std::string &out) {
  if (const BigInt *b = AtomBigAccess::get(a)) {
    // Python checks the size first, then the exact digit count.
    static const uint64_t maxBits =
        uint64_t(std::ceil(kIntMaxStrDigits * std::log2(10.0)));
    bool over = b->bitLength() > maxBits;
    std::string digits;
    if (!over) {
      digits = b->toString();
      over = digits.size() - (b->isNegative() ? 1 : 0) > kIntMaxStrDigits;
    }
    if (over)
      return Status::error("Exceeds the limit (" +
                           std::to_string(kIntMaxStrDigits) +
                           " digits) for integer string conversion; use "
                           "sys.set_int_max_str_digits() to increase the "
                           "limit");
    out = std::move(digits);
    return Status::success();
  }
  out = str(a);
  return Status::success();
}

bool py::truthy(const Atom &a) {
  switch (a.getKind()) {
  case Atom::Kind::Bool:
  case Atom::Kind::Int:
    return a.isBigInt() || a.getInt() != 0;
  case Atom::Kind::Float:
    return a.getFloat() != 0.0;
  case Atom::Kind::Str:
    return !a.getStr().empty();
  case Atom::Kind::Complex:
    return a.getReal() != 0.0 || a.getImag() != 0.0;
  }
  return false;
}

/// Exact three-way comparison of two ints or bools.
static int compareInts(const Atom &a, const Atom &b) {
  if (a.isSmallInt() && b.isSmallInt()) {
    int64_t x = a.getInt(), y = b.getInt();
    return x < y ? -1 : (x > y ? 1 : 0);
  }
  BigInt ta, tb;
  return BigInt::compare(bigOf(a, ta), bigOf(b, tb));
}

/// Exact three-way comparison of an int or bool with a non-NaN float, as
/// Python compares them.
static int compareIntFloat(const Atom &in, double f) {
  if (std::isinf(f))
    return f > 0 ? -1 : 1;
  if (in.isSmallInt()) {
    int64_t i = in.getInt();
    if (i >= -(int64_t(1) << 53) && i <= (int64_t(1) << 53)) {
      double x = double(i); // exact
      return x < f ? -1 : (x > f ? 1 : 0);
    }
  }
  BigInt t;
  return BigInt::compareWithDouble(bigOf(in, t), f);
}

bool py::equals(const Atom &a, const Atom &b) {
  if (a.isStr() || b.isStr())
    return a.isStr() && b.isStr() && a.getStr() == b.getStr();
  if (a.isComplex() || b.isComplex()) {
    if (a.isComplex() && b.isComplex())
      return a.getReal() == b.getReal() && a.getImag() == b.getImag();
    // A complex equals a real number when its imaginary part is 0 and its
    // real part equals the number (exactly, as float == int compares).
    const Atom &c = a.isComplex() ? a : b;
    const Atom &r = a.isComplex() ? b : a;
    return c.getImag() == 0.0 && equals(Atom::real(c.getReal()), r);
  }
  if (a.isIntLike() && b.isIntLike()) {
    if (a.isSmallInt() && b.isSmallInt())
      return a.getInt() == b.getInt();
    return compareInts(a, b) == 0;
  }
  // At least one float. Python compares int and float exactly.
  if (a.isFloat() && b.isFloat())
    return a.getFloat() == b.getFloat();
  const Atom &fl = a.isFloat() ? a : b;
  const Atom &in = a.isFloat() ? b : a;
  double f = fl.getFloat();
  if (std::isnan(f))
    return false;
  return compareIntFloat(in, f) == 0;
}

const char *py::spelling(BinOp op) {
  switch (op) {
  case BinOp::Add:
    return "+";
  case BinOp::Sub:
    return "-";
  case BinOp::Mul:
    return "*";
  case BinOp::Div:
    return "/";
  case BinOp::Mod:
    return "%";
  case BinOp::Pow:
    return "** or pow()";
  case BinOp::Eq:
    return "==";
  case BinOp::Ne:
    return "!=";
  case BinOp::Lt:
    return "<";
  case BinOp::Gt:
    return ">";
  case BinOp::Le:
    return "<=";
  case BinOp::Ge:
    return ">=";
  }
  return "?";
}

static Status unsupported(BinOp op, const Atom &a, const Atom &b) {
  return Status::error(std::string("unsupported operand type(s) for ") +
                       spelling(op) + ": '" + typeName(a) + "' and '" +
                       typeName(b) + "'");
}

static Status repeatString(const std::string &s, const Atom &count,
                           Atom &out) {
  if (count.isBigInt())
    return Status::error("cannot fit 'int' into an index-sized integer");
  int64_t n = count.getInt();
  std::string r;
  if (n > 0) {
    if (s.size() * (uint64_t)n > (1u << 30))
      return Status::error("string too large");
    r.reserve(s.size() * n);
    for (int64_t k = 0; k < n; ++k)
      r += s;
  }
  out = Atom::string(std::move(r));
  return Status::success();
}

static Status compareAtoms(BinOp op, const Atom &a, const Atom &b, Atom &out) {
  int cmp; // <0, 0, >0
  if (a.isStr() && b.isStr()) {
    cmp = a.getStr().compare(b.getStr());
  } else if (a.isNumber() && b.isNumber()) {
    if (a.isIntLike() && b.isIntLike()) {
      cmp = compareInts(a, b);
    } else if (a.isFloat() && b.isFloat()) {
      double x = a.getFloat(), y = b.getFloat();
      if (std::isnan(x) || std::isnan(y)) {
        out = Atom::boolean(false);
        return Status::success();
      }
      cmp = x < y ? -1 : (x > y ? 1 : 0);
    } else {
      // An int and a float: exact, as Python compares them.
      double f = a.isFloat() ? a.getFloat() : b.getFloat();
      if (std::isnan(f)) {
        out = Atom::boolean(false);
        return Status::success();
      }
      cmp = a.isFloat() ? -compareIntFloat(b, f) : compareIntFloat(a, f);
    }
  } else {
    return Status::error(std::string("'") + spelling(op) +
                         "' not supported between instances of '" +
                         typeName(a) + "' and '" + typeName(b) + "'");
  }
  bool r = false;
  switch (op) {
  case BinOp::Lt:
    r = cmp < 0;
    break;
  case BinOp::Gt:
    r = cmp > 0;
    break;
  case BinOp::Le:
    r = cmp <= 0;
    break;
  case BinOp::Ge:
    r = cmp >= 0;
    break;
  default:
    llvm_unreachable("not an ordering");
  }
  out = Atom::boolean(r);
  return Status::success();
}

static double pyFloatMod(double a, double b) {
  double mod = std::fmod(a, b);
  if (mod != 0.0) {
    if ((b < 0) != (mod < 0))
      mod += b;
  } else {
    mod = std::copysign(0.0, b);
  }
  return mod;
}

/// base ** exp for ints with exp >= 0, exact up to the digit cap.
static Status intPow(const Atom &base, const Atom &exp, Atom &out) {
  if (base.isSmallInt() && exp.isSmallInt()) {
    int64_t result = 1, b = base.getInt(), e = exp.getInt();
    bool fits = true;
    while (e > 0) {
      if ((e & 1) && __builtin_mul_overflow(result, b, &result)) {
        fits = false;
        break;
      }
      e >>= 1;
      if (e > 0 && __builtin_mul_overflow(b, b, &b)) {
        fits = false;
        break;
      }
    }
    if (fits) {
      out = Atom::integer(result);
      return Status::success();
    }
  }
  BigInt tb, te;
  const BigInt &b = bigOf(base, tb);
  const BigInt &e = bigOf(exp, te);
  // |base| <= 1 needs no work whatever the exponent.
  if (b.bitLength() <= 1) {
    if (e.isZero())
      out = Atom::integer(1);
    else if (b.isNegative())
      out = Atom::integer(e.isOdd() ? -1 : 1);
    else
      out = Atom::integer(b.isZero() ? 0 : 1);
    return Status::success();
  }
  // The result has at least e*(bits-1)+1 bits.
  int64_t n;
  if (!e.toInt64(n) || n > int64_t(capBitLength()) ||
      uint64_t(n) * (b.bitLength() - 1) + 1 > capBitLength())
    return tooLarge();
  BigInt result(1), sq = b;
  for (uint64_t k = uint64_t(n); k; k >>= 1) {
    if (k & 1)
      result = result * sq;
    if (k > 1)
      sq = sq * sq;
  }
  if (exceedsDigitCap(result))
    return tooLarge();
  out = fromBig(std::move(result));
  return Status::success();
}

/// a / b for ints, b nonzero, correctly rounded as Python's int true
/// division (CPython's long_true_divide).
static Status intTrueDivide(const Atom &a, const Atom &b, Atom &out) {
  const int64_t exact = int64_t(1) << 53;
  if (a.isSmallInt() && b.isSmallInt()) {
    int64_t x = a.getInt(), y = b.getInt();
    if (x >= -exact && x <= exact && y >= -exact && y <= exact) {
      out = Atom::real(double(x) / double(y));
      return Status::success();
    }
  }
  BigInt ta, tb;
  const BigInt &x = bigOf(a, ta);
  const BigInt &y = bigOf(b, tb);
  bool negative = x.isNegative() != y.isNegative();
  if (x.isZero()) {
    out = Atom::real(negative ? -0.0 : 0.0);
    return Status::success();
  }
  const int mantDig = 53;   // DBL_MANT_DIG
  const int minExp = -1021; // DBL_MIN_EXP
  const int maxExp = 1024;  // DBL_MAX_EXP
  int64_t diff = int64_t(x.bitLength()) - int64_t(y.bitLength());
  if (diff > maxExp)
    return Status::error("integer division result too large for a float");
  if (diff < minExp - mantDig - 1) {
    out = Atom::real(negative ? -0.0 : 0.0);
    return Status::success();
  }
  BigInt xm = x.isNegative() ? -x : x;
  BigInt ym = y.isNegative() ? -y : y;
  // q = floor(|x| / |y| * 2^-shift) has mantDig+2 or mantDig+3 bits.
  int64_t shift = std::max<int64_t>(diff, minExp) - mantDig - 2;
  if (shift >= 0)
    ym = ym.shl(uint64_t(shift));
  else
    xm = xm.shl(uint64_t(-shift));
  BigInt q, r;
  BigInt::divModTrunc(xm, ym, q, r);
  bool inexact = !r.isZero();
  // Round q to the precision of the result (fewer bits if subnormal),
  // half to even, the remainder acting as a sticky bit.
  int64_t qBits = int64_t(q.bitLength());
  int64_t extra = std::max<int64_t>(qBits, minExp - shift) - mantDig;
  uint64_t qv = q.lowUInt64(); // q < 2^(mantDig+3)
  uint64_t mask = (uint64_t(1) << extra) - 1;
  uint64_t low = qv & mask, half = uint64_t(1) << (extra - 1);
  qv >>= extra;
  if (low > half || (low == half && (inexact || (qv & 1))))
    ++qv;
  double d = std::ldexp(double(qv), int(shift + extra));
  if (std::isinf(d))
    return Status::error("integer division result too large for a float");
  out = Atom::real(negative ? -d : d);
  return Status::success();
}

/// a OP b for ints and bools, OP one of + - *.
static Status intArith(BinOp op, const Atom &a, const Atom &b, Atom &out) {
  if (a.isSmallInt() && b.isSmallInt()) {
    int64_t r;
    bool ovf;
    switch (op) {
    case BinOp::Add:
      ovf = __builtin_add_overflow(a.getInt(), b.getInt(), &r);
      break;
    case BinOp::Sub:
      ovf = __builtin_sub_overflow(a.getInt(), b.getInt(), &r);
      break;
    default:
      ovf = __builtin_mul_overflow(a.getInt(), b.getInt(), &r);
      break;
    }
    if (!ovf) {
      out = Atom::integer(r);
      return Status::success();
    }
  }
  BigInt ta, tb;
  const BigInt &x = bigOf(a, ta);
  const BigInt &y = bigOf(b, tb);
  switch (op) {
  case BinOp::Add:
    out = fromBig(x + y);
    return Status::success();
  case BinOp::Sub:
    out = fromBig(x - y);
    return Status::success();
  default: {
    if (x.isZero() || y.isZero()) {
      out = Atom::integer(0);
      return Status::success();
    }
    if (x.bitLength() + y.bitLength() - 1 > capBitLength())
      return tooLarge();
    BigInt r = x * y;
    if (exceedsDigitCap(r))
      return tooLarge();
    out = fromBig(std::move(r));
    return Status::success();
  }
  }
}

/// a OP b where one operand is a float and neither is a str.
static Status floatArith(BinOp op, const Atom &a, const Atom &b, Atom &out) {
  double x, y;
  Status st = bothDoubles(a, b, x, y);
  if (!st.ok)
    return st;
  switch (op) {
  case BinOp::Add:
    out = Atom::real(x + y);
    break;
  case BinOp::Sub:
    out = Atom::real(x - y);
    break;
  default:
    out = Atom::real(x * y);
    break;
  }
  return Status::success();
}

//===----------------------------------------------------------------------===//
// Complex numbers (Python's complexobject.c algorithms)
//===----------------------------------------------------------------------===//

namespace {
struct Cx {
  double re, im;
};
Cx cxProd(Cx a, Cx b) {
  return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re};
}
/// a / b by Smith's method; false on division by zero.
bool cxQuot(Cx a, Cx b, Cx &r) {
  double absRe = std::fabs(b.re), absIm = std::fabs(b.im);
  if (absRe >= absIm) {
    if (absRe == 0.0)
      return false;
    double ratio = b.im / b.re, denom = b.re + b.im * ratio;
    r = {(a.re + a.im * ratio) / denom, (a.im - a.re * ratio) / denom};
  } else if (absIm >= absRe) {
    double ratio = b.re / b.im, denom = b.re * ratio + b.im;
    r = {(a.re * ratio + a.im) / denom, (a.im * ratio - a.re) / denom};
  } else {
    r = {NAN, NAN}; // NaNs in b
  }
  return true;
}
/// a ** b in polar form; false when a is 0 and b is negative or complex.
bool cxPow(Cx a, Cx b, Cx &r) {
  if (b.re == 0.0 && b.im == 0.0) {
    r = {1.0, 0.0};
    return true;
  }
  if (a.re == 0.0 && a.im == 0.0) {
    r = {0.0, 0.0};
    return !(b.im != 0.0 || b.re < 0.0);
  }
  double vabs = std::hypot(a.re, a.im);
  double len = std::pow(vabs, b.re);
  double at = std::atan2(a.im, a.re);
  double phase = at * b.re;
  if (b.im != 0.0) {
    len /= std::exp(at * b.im);
    phase += b.im * std::log(vabs);
  }
  r = {len * std::cos(phase), len * std::sin(phase)};
  return true;
}
/// a ** n for a small integer n, by repeated squaring.
Cx cxPowu(Cx x, long n) {
  Cx r{1.0, 0.0}, p = x;
  for (long mask = 1; mask > 0 && n >= mask; mask <<= 1) {
    if (n & mask)
      r = cxProd(r, p);
    p = cxProd(p, p);
  }
  return r;
}
} // namespace

std::string py::complexRepr(double re, double im) {
  // Each part as repr() writes a float, but without a trailing ".0".
  auto part = [](double d, bool sign) {
    std::string t = reprFloat(d);
    if (llvm::StringRef(t).endswith(".0"))
      t.resize(t.size() - 2);
    if (sign && t[0] != '-')
      t = "+" + t;
    return t;
  };
  if (re == 0.0 && !std::signbit(re))
    return part(im, false) + "j";
  return "(" + part(re, false) + part(im, true) + "j)";
}

/// a OP b where one operand is complex and the other a number or complex.
static Status complexArith(BinOp op, const Atom &a, const Atom &b, Atom &out) {
  auto toCx = [](const Atom &x, Cx &c) -> Status {
    if (x.isComplex()) {
      c = {x.getReal(), x.getImag()};
      return Status::success();
    }
    double d;
    Status st = asDouble(x, d);
    c = {d, 0.0};
    return st;
  };
  Cx x, y, r;
  Status st = toCx(a, x);
  if (st.ok)
    st = toCx(b, y);
  if (!st.ok)
    return st;
  switch (op) {
  case BinOp::Add:
    r = {x.re + y.re, x.im + y.im};
    break;
  case BinOp::Sub:
    r = {x.re - y.re, x.im - y.im};
    break;
  case BinOp::Mul:
    r = cxProd(x, y);
    break;
  case BinOp::Div:
    if (!cxQuot(x, y, r))
      return Status::error("complex division by zero");
    break;
  case BinOp::Pow: {
    // Small integral exponents multiply out; others go through polar form.
    double n = y.re;
    if (y.im == 0.0 && n == std::floor(n) && std::fabs(n) <= 100.0) {
      Cx p = cxPowu(x, long(std::fabs(n)));
      if (n < 0 && !cxQuot({1.0, 0.0}, p, r))
        return Status::error("0.0 to a negative or complex power");
      if (n >= 0)
        r = p;
    } else if (!cxPow(x, y, r)) {
      return Status::error("0.0 to a negative or complex power");
    }
    if ((std::isinf(r.re) || std::isinf(r.im)) && std::isfinite(x.re) &&
        std::isfinite(x.im) && std::isfinite(y.re) && std::isfinite(y.im))
      return Status::error("complex exponentiation");
    break;
  }
  default:
    return unsupported(op, a, b);
  }
  out = Atom::complex(r.re, r.im);
  return Status::success();
}

Status py::binary(BinOp op, const Atom &a, const Atom &b, Atom &out) {
  switch (op) {
  case BinOp::Eq:
    out = Atom::boolean(equals(a, b));
    return Status::success();
  case BinOp::Ne:
    out = Atom::boolean(!equals(a, b));
    return Status::success();
  case BinOp::Lt:
  case BinOp::Gt:
  case BinOp::Le:
  case BinOp::Ge:
    return compareAtoms(op, a, b, out);
  case BinOp::Add:
    if (a.isStr() && b.isStr()) {
      out = Atom::string(a.getStr() + b.getStr());
      return Status::success();
    }
    if (a.isStr())
      return Status::error(std::string("can only concatenate str (not \"") +
                           typeName(b) + "\") to str");
    if (b.isStr())
      return unsupported(op, a, b);
    if (a.isComplex() || b.isComplex())
      return complexArith(op, a, b, out);
    if (a.isIntLike() && b.isIntLike())
      return intArith(op, a, b, out);
    return floatArith(op, a, b, out);
  case BinOp::Sub:
    if (a.isStr() || b.isStr())
      return unsupported(op, a, b);
    if (a.isComplex() || b.isComplex())
      return complexArith(op, a, b, out);
    if (a.isIntLike() && b.isIntLike())
      return intArith(op, a, b, out);
    return floatArith(op, a, b, out);
  case BinOp::Mul:
    if (a.isStr() || b.isStr()) {
      const Atom &s = a.isStr() ? a : b;
      const Atom &n = a.isStr() ? b : a;
      if (!n.isIntLike())
        return Status::error(
            std::string("can't multiply sequence by non-int of type '") +
            typeName(n) + "'");
      return repeatString(s.getStr(), n, out);
    }
    if (a.isComplex() || b.isComplex())
      return complexArith(op, a, b, out);
    if (a.isIntLike() && b.isIntLike())
      return intArith(op, a, b, out);
    return floatArith(op, a, b, out);
  case BinOp::Div: {
    if (a.isStr() || b.isStr())
      return unsupported(op, a, b);
    if (a.isComplex() || b.isComplex())
      return complexArith(op, a, b, out);
    if (a.isIntLike() && b.isIntLike()) {
      if (b.isSmallInt() && b.getInt() == 0)
        return Status::error("division by zero");
      return intTrueDivide(a, b, out);
    }
    double x, y;
    Status st = bothDoubles(a, b, x, y);
    if (!st.ok)
      return st;
    if (y == 0.0)
      return Status::error("float division by zero");
    out = Atom::real(x / y);
    return Status::success();
  }
  case BinOp::Mod:
    if (a.isStr()) {
      std::string s;
      Status st = formatPercent(a.getStr(), FormatArg::ofAtom(b), s);
      if (!st.ok)
        return st;
      out = Atom::string(std::move(s));
      return Status::success();
    }
    if (b.isStr() || a.isComplex() || b.isComplex())
      return unsupported(op, a, b);
    if (a.isIntLike() && b.isIntLike()) {
      if (a.isSmallInt() && b.isSmallInt()) {
        int64_t x = a.getInt(), y = b.getInt();
        if (y == 0)
          return Status::error("integer modulo by zero");
        if (y == -1) {
          out = Atom::integer(0);
          return Status::success();
        }
        int64_t m = x % y;
        if (m != 0 && ((m < 0) != (y < 0)))
          m += y;
        out = Atom::integer(m);
        return Status::success();
      }
      BigInt ta, tb;
      const BigInt &y = bigOf(b, tb);
      if (y.isZero())
        return Status::error("integer modulo by zero");
      out = fromBig(BigInt::floorMod(bigOf(a, ta), y));
      return Status::success();
    }
    {
      double x, y;
      Status st = bothDoubles(a, b, x, y);
      if (!st.ok)
        return st;
      if (y == 0.0)
        return Status::error("float modulo");
      out = Atom::real(pyFloatMod(x, y));
      return Status::success();
    }
  case BinOp::Pow: {
    if (a.isStr() || b.isStr())
      return unsupported(op, a, b);
    if (a.isComplex() || b.isComplex())
      return complexArith(op, a, b, out);
    if (a.isIntLike() && b.isIntLike() &&
        (b.isSmallInt() ? b.getInt() >= 0 : b.getInt() > 0))
      return intPow(a, b, out);
    double x, y;
    Status st = bothDoubles(a, b, x, y);
    if (!st.ok)
      return st;
    if (x == 0.0 && y < 0)
      return Status::error("0.0 cannot be raised to a negative power");
    if (x < 0 && std::isfinite(y) && std::trunc(y) != y) // Python: complex
      return complexArith(op, Atom::complex(x, 0.0), Atom::real(y), out);
    double r = std::pow(x, y);
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y))
      return Status::error("(34, 'Numerical result out of range')");
    out = Atom::real(r);
    return Status::success();
  }
  }
  llvm_unreachable("unknown binary op");
}

/// The int of a finite double with no fractional part, exactly.
static Atom integralDoubleToAtom(double r) {
  if (r > -9.2e18 && r < 9.2e18)
    return Atom::integer((int64_t)r);
  return fromBig(BigInt::fromIntegralDouble(r));
}

/// round(x) with no digits: half to even, int result.
static Status roundFloat(double x, Atom &out) {
  if (std::isnan(x))
    return Status::error("cannot convert float NaN to integer");
  if (std::isinf(x))
    return Status::error("cannot convert float infinity to integer");
  double r = std::nearbyint(x); // default rounding mode: half to even
  out = integralDoubleToAtom(r);
  return Status::success();
}

Status py::unary(UnOp op, const Atom &a, Atom &out) {
  switch (op) {
  case UnOp::Neg:
  case UnOp::Pos:
    if (a.isStr())
      return Status::error(std::string("bad operand type for unary ") +
                           (op == UnOp::Neg ? "-" : "+") + ": 'str'");
    if (a.isComplex()) {
      out = op == UnOp::Neg ? Atom::complex(-a.getReal(), -a.getImag()) : a;
      return Status::success();
    }
    if (a.isFloat()) {
      out = Atom::real(op == UnOp::Neg ? -a.getFloat() : a.getFloat());
      return Status::success();
    }
    if (op == UnOp::Neg) {
      if (const BigInt *b = AtomBigAccess::get(a))
        out = fromBig(-*b);
      else if (a.getInt() == INT64_MIN)
        out = fromBig(-BigInt(a.getInt()));
      else
        out = Atom::integer(-a.getInt());
    } else {
      out = a.isBool() ? Atom::integer(a.getInt()) : a;
    }
    return Status::success();
  case UnOp::Round:
    if (a.isStr() || a.isComplex())
      return Status::error(std::string("type ") + typeName(a) +
                           " doesn't define __round__ method");
    if (a.isFloat())
      return roundFloat(a.getFloat(), out);
    out = a.isBool() ? Atom::integer(a.getInt()) : a;
    return Status::success();
  case UnOp::Not:
    out = Atom::boolean(!truthy(a));
    return Status::success();
  case UnOp::Bool:
    out = Atom::boolean(truthy(a));
    return Status::success();
  case UnOp::Indicator:
    out = Atom::integer(truthy(a) ? 1 : 0);
    return Status::success();
  }
  llvm_unreachable("unknown unary op");
}

static llvm::StringRef pyStrip(llvm::StringRef s) {
  return s.trim(" \t\n\r\v\f");
}

static Status digitLimit(size_t digits) {
  return Status::error("Exceeds the limit (" +
                       std::to_string(kIntMaxStrDigits) +
                       " digits) for integer string conversion: value has " +
                       std::to_string(digits) +
                       " digits; use sys.set_int_max_str_digits() to "
                       "increase the limit");
}

/// Python's int(s) error text: the repr is cut at 200 characters.
static Status invalidIntLiteral(llvm::StringRef s) {
  return Status::error("invalid literal for int() with base 10: " +
                       reprString(s).substr(0, 200));
}

/// Digits (no sign, no separators) to an int atom; `digits` holds only
/// ASCII digits and at most kIntMaxStrDigits of them.
static Atom digitsToAtom(llvm::StringRef digits, bool negative) {
  llvm::StringRef d = digits.ltrim('0');
  if (d.size() <= 18) {
    int64_t v = 0;
    for (char c : d)
      v = v * 10 + (c - '0');
    return Atom::integer(negative ? -v : v);
  }
  BigInt b;
  BigInt::fromDecimal(d, b);
  return fromBig(negative ? -b : b);
}

/// Python's int() of a string: surrounding whitespace, optional sign,
/// digits with single underscores between them. Errors are checked in
/// CPython's order: a bad underscore, then the digit limit, then anything
/// else.
/// What int() and float() parse: every Unicode decimal digit becomes its
/// ASCII digit and every Unicode space a ' ', as Python does first; other
/// non-ASCII code points become '\x01', which no parser accepts.
static std::string asciiDecimalAndSpace(llvm::StringRef s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (c < 0x80) {
      out += isSpaceCodePoint(c) ? ' ' : char(c);
      ++i;
      continue;
    }
    unsigned len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    unsigned cp = len == 1 ? c : c & (0x7F >> len);
    for (unsigned k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
    i += len;
    int d = decimalValue(cp);
    out += d >= 0 ? char('0' + d) : isSpaceCodePoint(cp) ? ' ' : '\x01';
  }
  return out;
}

static Status parsePyIntString(llvm::StringRef original, Atom &out) {
  std::string ascii = asciiDecimalAndSpace(original);
  llvm::StringRef s = llvm::StringRef(ascii).ltrim(" \t\n\r\v\f");
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s = s.drop_front();
  }
  if (s.empty() || s.front() == '_')
    return invalidIntLiteral(original);
  std::string digits;
  char prev = 0;
  size_t k = 0;
  for (; k < s.size(); ++k) {
    char c = s[k];
    if (c == '_') {
      if (prev == '_')
        return invalidIntLiteral(original);
    } else if (c >= '0' && c <= '9') {
      digits += c;
    } else {
      break;
    }
    prev = c;
  }
  if (prev == '_' || digits.empty())
    return invalidIntLiteral(original);
  if (digits.size() > kIntMaxStrDigits)
    return digitLimit(digits.size());
  if (!pyStrip(s.drop_front(k)).empty())
    return invalidIntLiteral(original);
  out = digitsToAtom(digits, neg);
  return Status::success();
}

Status py::parseIntLiteral(llvm::StringRef digits, Atom &out) {
  for (char c : digits)
    if (c < '0' || c > '9')
      return invalidIntLiteral(digits);
  if (digits.empty())
    return invalidIntLiteral(digits);
  if (digits.size() > kIntMaxStrDigits)
    return digitLimit(digits.size());
  out = digitsToAtom(digits, /*negative=*/false);
  return Status::success();
}

Status py::toInt(const Atom &a, Atom &out) {
  switch (a.getKind()) {
  case Atom::Kind::Bool:
    out = Atom::integer(a.getInt());
    return Status::success();
  case Atom::Kind::Int:
    out = a;
    return Status::success();
  case Atom::Kind::Float: {
    double f = a.getFloat();
    if (std::isnan(f))
      return Status::error("cannot convert float NaN to integer");
    if (std::isinf(f))
      return Status::error("cannot convert float infinity to integer");
    out = integralDoubleToAtom(std::trunc(f));
    return Status::success();
  }
  case Atom::Kind::Str:
    return parsePyIntString(a.getStr(), out);
  case Atom::Kind::Complex:
    return Status::error("int() argument must be a string, a bytes-like "
                         "object or a real number, not 'complex'");
  }
  llvm_unreachable("unknown atom kind");
}

Status py::toFloat(const Atom &a, Atom &out) {
  if (a.isComplex())
    return Status::error(
        "float() argument must be a string or a real number, not 'complex'");
  if (a.isNumber()) {
    double d;
    Status st = asDouble(a, d);
    if (!st.ok)
      return st;
    out = Atom::real(d);
    return Status::success();
  }
  std::string s = pyStrip(asciiDecimalAndSpace(a.getStr())).str();
  std::string cleaned;
  // Python accepts single underscores between digits.
  for (size_t k = 0; k < s.size(); ++k) {
    if (s[k] == '_') {
      bool ok = k > 0 && k + 1 < s.size() && isdigit((unsigned char)s[k - 1]) &&
                isdigit((unsigned char)s[k + 1]);
      if (!ok) {
        cleaned.clear();
        s.clear();
        break;
      }
      continue;
    }
    cleaned += s[k];
  }
  llvm::StringRef c(cleaned);
  std::string lower = c.lower();
  llvm::StringRef l(lower);
  llvm::StringRef unsignedPart = l;
  if (unsignedPart.startswith("+") || unsignedPart.startswith("-"))
    unsignedPart = unsignedPart.drop_front();
  bool special = unsignedPart == "inf" || unsignedPart == "infinity" ||
                 unsignedPart == "nan";
  bool hexLike = unsignedPart.startswith("0x");
  if (!cleaned.empty() && !hexLike) {
    bool plainChars = true;
    for (char ch : c)
      if (!(isdigit((unsigned char)ch) || ch == '.' || ch == 'e' ||
            ch == 'E' || ch == '+' || ch == '-'))
        plainChars = false;
    if (plainChars || special) {
      char *end = nullptr;
      double v = std::strtod(cleaned.c_str(), &end);
      if (end && *end == '\0') {
        out = Atom::real(v);
        return Status::success();
      }
    }
  }
  return Status::error("could not convert string to float: " +
                       reprString(a.getStr()));
}

double py::round3(double x) {
  if (!std::isfinite(x))
    return x;
  if (std::fabs(x) >= 1e15)
    return x; // already has no digits below 1e-3 worth rounding
  char buf[512];
  std::snprintf(buf, sizeof(buf), "%.3f", x);
  return std::strtod(buf, nullptr);
}

//===----------------------------------------------------------------------===//
// Digits in base 8 and 16 (for printf-style formatting)
//===----------------------------------------------------------------------===//

std::string py::magnitudeDigits(const Atom &a, unsigned base, bool upper) {
  const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  if (base == 10) {
    std::string s = str(a.isBool() ? Atom::integer(a.getInt()) : a);
    return s[0] == '-' ? s.substr(1) : s;
  }
  unsigned bits = base == 16 ? 4 : base == 8 ? 3 : 1;
  std::string out;
  if (const BigInt *b = AtomBigAccess::get(a)) {
    BigInt m = b->isNegative() ? -*b : *b;
    // 60 bits are a whole number of hex and octal digits.
    while (!m.isZero()) {
      uint64_t chunk = m.lowUInt64() & ((uint64_t(1) << 60) - 1);
      m = m.shrMag(60);
      for (unsigned k = 0; k < 60 / bits; ++k) {
        out += digits[chunk & (base - 1)];
        chunk >>= bits;
        if (m.isZero() && chunk == 0)
          break;
      }
    }
  } else {
    int64_t v = a.getInt();
    uint64_t m = v < 0 ? uint64_t(0) - uint64_t(v) : uint64_t(v);
    do {
      out += digits[m & (base - 1)];
      m >>= bits;
    } while (m);
  }
  std::reverse(out.begin(), out.end());
  return out.empty() ? "0" : out;
}
