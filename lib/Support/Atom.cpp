//===- Atom.cpp - RASP atoms and their Python semantics -------------------===//

#include "rasp/Support/Atom.h"

#include "llvm/Support/raw_ostream.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace rasp;
using namespace rasp::py;

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
  }
  return "?";
}

std::string py::reprString(llvm::StringRef s) {
  bool hasSingle = s.contains('\'');
  bool hasDouble = s.contains('"');
  char quote = (hasSingle && !hasDouble) ? '"' : '\'';
  std::string out;
  out.reserve(s.size() + 2);
  out += quote;
  for (unsigned char c : s) {
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
    return std::to_string(a.getInt());
  case Atom::Kind::Float:
    return reprFloat(a.getFloat());
  case Atom::Kind::Str:
    return a.getStr();
  }
  return "";
}

std::string py::repr(const Atom &a) {
  if (a.isStr())
    return reprString(a.getStr());
  return str(a);
}

bool py::truthy(const Atom &a) {
  switch (a.getKind()) {
  case Atom::Kind::Bool:
  case Atom::Kind::Int:
    return a.getInt() != 0;
  case Atom::Kind::Float:
    return a.getFloat() != 0.0;
  case Atom::Kind::Str:
    return !a.getStr().empty();
  }
  return false;
}

bool py::equals(const Atom &a, const Atom &b) {
  if (a.isStr() || b.isStr())
    return a.isStr() && b.isStr() && a.getStr() == b.getStr();
  if (a.isIntLike() && b.isIntLike())
    return a.getInt() == b.getInt();
  // At least one float. Python compares int and float exactly.
  if (a.isFloat() && b.isFloat())
    return a.getFloat() == b.getFloat();
  const Atom &fl = a.isFloat() ? a : b;
  const Atom &in = a.isFloat() ? b : a;
  double f = fl.getFloat();
  if (!std::isfinite(f) || std::trunc(f) != f)
    return false;
  if (f < -9.3e18 || f > 9.3e18)
    return false;
  return (int64_t)f == in.getInt() && (double)in.getInt() == f;
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

static Status overflow() { return Status::error("integer overflow"); }

static Status repeatString(const std::string &s, int64_t n, Atom &out) {
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
      cmp = a.getInt() < b.getInt() ? -1 : (a.getInt() > b.getInt() ? 1 : 0);
    } else {
      double x = a.toDouble(), y = b.toDouble();
      if (std::isnan(x) || std::isnan(y)) {
        out = Atom::boolean(false);
        return Status::success();
      }
      cmp = x < y ? -1 : (x > y ? 1 : 0);
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

static Status intPow(int64_t base, int64_t exp, Atom &out) {
  int64_t result = 1;
  int64_t b = base;
  int64_t e = exp;
  while (e > 0) {
    if (e & 1) {
      if (__builtin_mul_overflow(result, b, &result))
        return overflow();
    }
    e >>= 1;
    if (e > 0 && __builtin_mul_overflow(b, b, &b))
      return overflow();
  }
  out = Atom::integer(result);
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
    if (a.isIntLike() && b.isIntLike()) {
      int64_t r;
      if (__builtin_add_overflow(a.getInt(), b.getInt(), &r))
        return overflow();
      out = Atom::integer(r);
    } else {
      out = Atom::real(a.toDouble() + b.toDouble());
    }
    return Status::success();
  case BinOp::Sub:
    if (a.isStr() || b.isStr())
      return unsupported(op, a, b);
    if (a.isIntLike() && b.isIntLike()) {
      int64_t r;
      if (__builtin_sub_overflow(a.getInt(), b.getInt(), &r))
        return overflow();
      out = Atom::integer(r);
    } else {
      out = Atom::real(a.toDouble() - b.toDouble());
    }
    return Status::success();
  case BinOp::Mul:
    if (a.isStr() || b.isStr()) {
      const Atom &s = a.isStr() ? a : b;
      const Atom &n = a.isStr() ? b : a;
      if (!n.isIntLike())
        return Status::error(
            std::string("can't multiply sequence by non-int of type '") +
            typeName(n) + "'");
      return repeatString(s.getStr(), n.getInt(), out);
    }
    if (a.isIntLike() && b.isIntLike()) {
      int64_t r;
      if (__builtin_mul_overflow(a.getInt(), b.getInt(), &r))
        return overflow();
      out = Atom::integer(r);
    } else {
      out = Atom::real(a.toDouble() * b.toDouble());
    }
    return Status::success();
  case BinOp::Div:
    if (a.isStr() || b.isStr())
      return unsupported(op, a, b);
    if (b.toDouble() == 0.0)
      return Status::error(a.isIntLike() && b.isIntLike()
                               ? "division by zero"
                               : "float division by zero");
    out = Atom::real(a.toDouble() / b.toDouble());
    return Status::success();
  case BinOp::Mod:
    if (a.isStr()) {
      if (!llvm::StringRef(a.getStr()).contains('%'))
        return Status::error(
            "not all arguments converted during string formatting");
      return Status::error("string formatting with % is not supported");
    }
    if (b.isStr())
      return unsupported(op, a, b);
    if (a.isIntLike() && b.isIntLike()) {
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
    if (b.toDouble() == 0.0)
      return Status::error("float modulo");
    out = Atom::real(pyFloatMod(a.toDouble(), b.toDouble()));
    return Status::success();
  case BinOp::Pow: {
    if (a.isStr() || b.isStr())
      return unsupported(op, a, b);
    if (a.isIntLike() && b.isIntLike() && b.getInt() >= 0)
      return intPow(a.getInt(), b.getInt(), out);
    double x = a.toDouble(), y = b.toDouble();
    if (x == 0.0 && y < 0)
      return Status::error("0.0 cannot be raised to a negative power");
    if (x < 0 && std::isfinite(y) && std::trunc(y) != y)
      return Status::error(
          "complex results of ** are not supported (negative base, "
          "fractional exponent)");
    double r = std::pow(x, y);
    if (std::isinf(r) && std::isfinite(x) && std::isfinite(y))
      return Status::error("(34, 'Numerical result out of range')");
    out = Atom::real(r);
    return Status::success();
  }
  }
  llvm_unreachable("unknown binary op");
}

/// round(x) with no digits: half to even, int result.
static Status roundFloat(double x, Atom &out) {
  if (std::isnan(x))
    return Status::error("cannot convert float NaN to integer");
  if (std::isinf(x))
    return Status::error("cannot convert float infinity to integer");
  double r = std::nearbyint(x); // default rounding mode: half to even
  if (r < -9.2e18 || r > 9.2e18)
    return overflow();
  out = Atom::integer((int64_t)r);
  return Status::success();
}

Status py::unary(UnOp op, const Atom &a, Atom &out) {
  switch (op) {
  case UnOp::Neg:
  case UnOp::Pos:
    if (a.isStr())
      return Status::error(std::string("bad operand type for unary ") +
                           (op == UnOp::Neg ? "-" : "+") + ": 'str'");
    if (a.isFloat()) {
      out = Atom::real(op == UnOp::Neg ? -a.getFloat() : a.getFloat());
      return Status::success();
    }
    if (op == UnOp::Neg) {
      if (a.getInt() == INT64_MIN)
        return overflow();
      out = Atom::integer(-a.getInt());
    } else {
      out = Atom::integer(a.getInt());
    }
    return Status::success();
  case UnOp::Round:
    if (a.isStr())
      return Status::error("type str doesn't define __round__ method");
    if (a.isFloat())
      return roundFloat(a.getFloat(), out);
    out = Atom::integer(a.getInt());
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

/// Python's int() of a string: optional sign, digits with single
/// underscores between them, surrounding whitespace.
static bool parsePyIntString(llvm::StringRef s, int64_t &out) {
  s = pyStrip(s);
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    s = s.drop_front();
  }
  if (s.empty() || s.front() == '_' || s.back() == '_')
    return false;
  std::string digits;
  char prev = 0;
  for (char c : s) {
    if (c == '_') {
      if (prev == '_')
        return false;
    } else if (c >= '0' && c <= '9') {
      digits += c;
    } else {
      return false;
    }
    prev = c;
  }
  int64_t v;
  if (!py::parseIntLiteral(digits, v))
    return false;
  out = neg ? -v : v;
  return true;
}

bool py::parseIntLiteral(llvm::StringRef digits, int64_t &out) {
  int64_t v = 0;
  for (char c : digits) {
    if (c < '0' || c > '9')
      return false;
    if (__builtin_mul_overflow(v, 10, &v) ||
        __builtin_add_overflow(v, c - '0', &v))
      return false;
  }
  out = v;
  return true;
}

Status py::toInt(const Atom &a, Atom &out) {
  switch (a.getKind()) {
  case Atom::Kind::Bool:
  case Atom::Kind::Int:
    out = Atom::integer(a.getInt());
    return Status::success();
  case Atom::Kind::Float: {
    double f = a.getFloat();
    if (std::isnan(f))
      return Status::error("cannot convert float NaN to integer");
    if (std::isinf(f))
      return Status::error("cannot convert float infinity to integer");
    double t = std::trunc(f);
    if (t < -9.2e18 || t > 9.2e18)
      return overflow();
    out = Atom::integer((int64_t)t);
    return Status::success();
  }
  case Atom::Kind::Str: {
    int64_t v;
    if (!parsePyIntString(a.getStr(), v))
      return Status::error("invalid literal for int() with base 10: " +
                           reprString(a.getStr()));
    out = Atom::integer(v);
    return Status::success();
  }
  }
  llvm_unreachable("unknown atom kind");
}

Status py::toFloat(const Atom &a, Atom &out) {
  if (a.isNumber()) {
    out = Atom::real(a.toDouble());
    return Status::success();
  }
  std::string s = pyStrip(a.getStr()).str();
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
