//===- PercentFormat.cpp - Python's printf-style `str % value` ------------===//
//
// Follows the steps of CPython 3.11's PyUnicode_Format for one right
// operand: the argument cursor (argidx/arglen) decides "not enough
// arguments" and "not all arguments converted", a `%(key)` spec swaps the
// argument for the looked-up value, and every message is Python's.
//
//===----------------------------------------------------------------------===//

#include "rasp/Support/PercentFormat.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>

using namespace rasp;
using namespace rasp::py;

namespace {

enum : unsigned {
  FLeft = 1,
  FSign = 2,
  FBlank = 4,
  FAlt = 8,
  FZero = 16
};

/// Decodes the code point at s[i] (UTF-8; a stray byte counts as itself).
unsigned decodeAt(llvm::StringRef s, size_t i, size_t &len) {
  unsigned char c = s[i];
  len = 1;
  if (c < 0x80)
    return c;
  unsigned n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n == 1 || i + n > s.size())
    return c;
  unsigned cp = c & (0x7F >> n);
  for (unsigned k = 1; k < n; ++k)
    cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
  len = n;
  return cp;
}

size_t codePoints(llvm::StringRef s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

/// The first \p n code points of \p s.
std::string prefixCodePoints(llvm::StringRef s, size_t n) {
  size_t i = 0;
  for (size_t k = 0; k < n && i < s.size(); ++k) {
    size_t len;
    decodeAt(s, i, len);
    i += len;
  }
  return s.substr(0, i).str();
}

void appendUtf8(std::string &out, unsigned cp) {
  if (cp < 0x80) {
    out += char(cp);
  } else if (cp < 0x800) {
    out += char(0xC0 | (cp >> 6));
    out += char(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += char(0xE0 | (cp >> 12));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  } else {
    out += char(0xF0 | (cp >> 18));
    out += char(0x80 | ((cp >> 12) & 0x3F));
    out += char(0x80 | ((cp >> 6) & 0x3F));
    out += char(0x80 | (cp & 0x3F));
  }
}

/// ascii(): a repr with every non-ASCII code point escaped.
std::string asciiEscape(llvm::StringRef s) {
  std::string out;
  for (size_t i = 0; i < s.size();) {
    size_t len;
    unsigned cp = decodeAt(s, i, len);
    i += len;
    if (cp < 0x80) {
      out += char(cp);
      continue;
    }
    out += escapeCodePoint(cp);
  }
  return out;
}

const char *argType(const FormatArg &a) {
  return a.atom ? typeName(*a.atom) : a.type.c_str();
}

/// Pads \p body to \p width code points. Numbers zero-fill after their
/// sign and base prefix (\p signLen bytes of body).
std::string pad(std::string body, size_t width, unsigned flags, bool numeric,
                size_t signLen) {
  size_t n = codePoints(body);
  if (n >= width)
    return body;
  size_t fill = width - n;
  if (flags & FLeft)
    return body + std::string(fill, ' ');
  if (numeric && (flags & FZero))
    return body.substr(0, signLen) + std::string(fill, '0') +
           body.substr(signLen);
  return std::string(fill, ' ') + body;
}

Status formatInteger(const FormatArg &arg, char conv, unsigned flags,
                     int prec, std::string &body, size_t &signLen) {
  Atom v;
  if (!arg.atom || arg.atom->isStr() || arg.atom->isComplex()) {
    if (conv == 'o' || conv == 'x' || conv == 'X')
      return Status::error(std::string("%") + conv +
                           " format: an integer is required, not " +
                           argType(arg));
    return Status::error(std::string("%") + conv +
                         " format: a real number is required, not " +
                         argType(arg));
  }
  const Atom &a = *arg.atom;
  if (a.isFloat()) {
    if (conv == 'o' || conv == 'x' || conv == 'X')
      return Status::error(std::string("%") + conv +
                           " format: an integer is required, not float");
    Status st = toInt(a, v);
    if (!st.ok)
      return st;
  } else {
    v = a.isBool() ? Atom::integer(a.getInt()) : a;
  }
  bool neg = v.isBigInt() ? v.toDouble() < 0 : v.getInt() < 0;
  std::string digits;
  if (conv == 'o' || conv == 'x' || conv == 'X') {
    digits = magnitudeDigits(v, conv == 'o' ? 8 : 16, conv == 'X');
  } else {
    std::string s;
    Status st = toStr(v, s);
    if (!st.ok)
      return st;
    digits = neg ? s.substr(1) : s;
  }
  if (prec >= 0 && digits.size() < size_t(prec))
    digits = std::string(prec - digits.size(), '0') + digits;
  std::string sign = neg                ? "-"
                     : (flags & FSign)  ? "+"
                     : (flags & FBlank) ? " "
                                        : "";
  if (flags & FAlt) {
    if (conv == 'o')
      sign += "0o";
    else if (conv == 'x')
      sign += "0x";
    else if (conv == 'X')
      sign += "0X";
  }
  signLen = sign.size();
  body = sign + digits;
  return Status::success();
}

Status formatFloat(const FormatArg &arg, char conv, unsigned flags, int prec,
                   std::string &body, size_t &signLen) {
  if (!arg.atom || arg.atom->isStr())
    return Status::error(std::string("must be real number, not ") +
                         argType(arg));
  double x;
  Status st = asDouble(*arg.atom, x);
  if (!st.ok)
    return st;
  if (prec < 0)
    prec = 6;
  bool upper = conv == 'E' || conv == 'F' || conv == 'G';
  std::string sign = std::signbit(x) && !std::isnan(x) ? "-"
                     : (flags & FSign)                 ? "+"
                     : (flags & FBlank)                ? " "
                                                       : "";
  std::string digits;
  if (std::isnan(x) || std::isinf(x)) {
    digits = std::isnan(x) ? "nan" : "inf";
    if (upper)
      digits = std::isnan(x) ? "NAN" : "INF";
  } else {
    char spec[16];
    std::snprintf(spec, sizeof(spec), "%%%s.*%c", (flags & FAlt) ? "#" : "",
                  conv);
    int n = std::snprintf(nullptr, 0, spec, prec, std::fabs(x));
    digits.resize(size_t(n) + 1);
    std::snprintf(&digits[0], digits.size(), spec, prec, std::fabs(x));
    digits.resize(size_t(n));
  }
  signLen = sign.size();
  body = sign + digits;
  return Status::success();
}

Status formatChar(const FormatArg &arg, std::string &body) {
  if (arg.atom && arg.atom->isStr()) {
    if (codePoints(arg.atom->getStr()) != 1)
      return Status::error("%c requires int or char");
    body = arg.atom->getStr();
    return Status::success();
  }
  if (!arg.atom || arg.atom->isFloat() || arg.atom->isComplex())
    return Status::error("%c requires int or char");
  const Atom &a = *arg.atom;
  if (a.isBigInt() || a.getInt() < 0 || a.getInt() > 0x10FFFF)
    return Status::error("%c arg not in range(0x110000)");
  body.clear();
  appendUtf8(body, unsigned(a.getInt()));
  return Status::success();
}

Status formatText(const FormatArg &arg, char conv, std::string &body) {
  if (!arg.atom) {
    body = conv == 's' ? arg.str : arg.repr;
  } else if (arg.atom->isStr()) {
    body = conv == 's' ? arg.atom->getStr() : reprString(arg.atom->getStr());
  } else {
    Status st = toStr(*arg.atom, body); // ints obey the 4300-digit limit
    if (!st.ok)
      return st;
  }
  if (conv == 'a')
    body = asciiEscape(body);
  return Status::success();
}

/// The argument cursor of PyUnicode_Format for one non-tuple operand.
struct Cursor {
  const FormatArg *args;
  long argidx = -2, arglen = -1;
  Status next(const FormatArg *&out) {
    if (argidx < arglen) {
      ++argidx;
      out = args;
      return Status::success();
    }
    return Status::error("not enough arguments for format string");
  }
};

bool isDigit(char c) { return c >= '0' && c <= '9'; }

/// Widths and precisions are capped (Python allocates whatever is asked;
/// we refuse strings past 100 million characters up front).
constexpr int64_t kMaxWidth = 100000000;

} // namespace

Status py::formatPercent(llvm::StringRef fmt, const FormatArg &arg,
                         std::string &out) {
  out.clear();
  Cursor cur{&arg};
  FormatArg keyed; // the value of the last `%(key)` spec
  const size_t n = fmt.size();
  size_t i = 0;
  while (i < n) {
    if (fmt[i] != '%') {
      out += fmt[i++];
      continue;
    }
    ++i;
    if (i >= n)
      return Status::error("incomplete format");
    if (fmt[i] == '%') { // "%%" only right after the '%'
      out += '%';
      ++i;
      continue;
    }
    if (fmt[i] == '(') {
      if (!arg.mapping)
        return Status::error("format requires a mapping");
      size_t start = ++i;
      int depth = 1;
      while (i < n && depth > 0) {
        if (fmt[i] == ')')
          --depth;
        else if (fmt[i] == '(')
          ++depth;
        ++i;
      }
      if (depth > 0 || i >= n)
        return Status::error("incomplete format key");
      Status st = arg.lookup(fmt.slice(start, i - 1), keyed);
      if (!st.ok)
        return st;
      cur.args = &keyed;
      cur.argidx = -2;
      cur.arglen = -1;
    }
    unsigned flags = 0;
    for (; i < n; ++i) {
      char c = fmt[i];
      if (c == '-')
        flags |= FLeft;
      else if (c == '+')
        flags |= FSign;
      else if (c == ' ')
        flags |= FBlank;
      else if (c == '#')
        flags |= FAlt;
      else if (c == '0')
        flags |= FZero;
      else
        break;
    }
    // Width and precision, as digits or `*` (an int argument).
    auto number = [&](long &value, bool isWidth) -> Status {
      if (i < n && fmt[i] == '*') {
        ++i;
        const FormatArg *a = nullptr;
        Status st = cur.next(a);
        if (!st.ok)
          return st;
        if (!a->atom || !a->atom->isIntLike())
          return Status::error("* wants int");
        if (a->atom->isBigInt() ||
            (!isWidth && a->atom->getInt() > std::numeric_limits<int>::max()))
          return Status::error(isWidth
                                   ? "Python int too large to convert to C "
                                     "ssize_t"
                                   : "Python int too large to convert to C int");
        if (std::abs(a->atom->getInt()) > kMaxWidth)
          return Status::error(isWidth ? "width too big" : "precision too big");
        value = long(a->atom->getInt());
        if (isWidth && value < 0) {
          flags |= FLeft;
          value = -value;
        }
        if (!isWidth && value < 0)
          value = 0;
        return Status::success();
      }
      value = 0;
      while (i < n && isDigit(fmt[i])) {
        if (value > kMaxWidth / 10)
          return Status::error(isWidth ? "width too big" : "precision too big");
        value = value * 10 + (fmt[i++] - '0');
      }
      return Status::success();
    };
    long width = 0, prec = -1;
    Status st = number(width, true);
    if (!st.ok)
      return st;
    if (i < n && fmt[i] == '.') {
      ++i;
      st = number(prec, false);
      if (!st.ok)
        return st;
    }
    if (i < n && (fmt[i] == 'h' || fmt[i] == 'l' || fmt[i] == 'L'))
      ++i;
    if (i >= n)
      return Status::error("incomplete format");
    size_t convLen;
    unsigned conv = decodeAt(fmt, i, convLen);
    size_t convIndex = codePoints(fmt.substr(0, i));
    i += convLen;
    // Python takes the argument before it looks at the conversion.
    const FormatArg *a = nullptr;
    st = cur.next(a);
    if (!st.ok)
      return st;
    if (!llvm::StringRef("sracdiuoxXeEfFgG").contains(char(conv)) ||
        conv > 0x7F) {
      char buf[96];
      std::snprintf(buf, sizeof(buf),
                    "unsupported format character '%c' (0x%x) at index %zu",
                    (conv >= 32 && conv <= 126) ? char(conv) : '?', conv,
                    convIndex);
      return Status::error(buf);
    }
    std::string body;
    size_t signLen = 0;
    bool numeric = false;
    switch (conv) {
    case 's':
    case 'r':
    case 'a':
      st = formatText(*a, char(conv), body);
      if (st.ok && prec >= 0)
        body = prefixCodePoints(body, size_t(prec));
      break;
    case 'c':
      st = formatChar(*a, body);
      break;
    case 'd':
    case 'i':
    case 'u':
    case 'o':
    case 'x':
    case 'X':
      numeric = true;
      st = formatInteger(*a, conv == 'i' || conv == 'u' ? 'd' : char(conv),
                         flags, int(prec), body, signLen);
      if (!st.ok && conv != 'd' && st.message[0] == '%')
        st.message[1] = char(conv); // "%i format: ..." names the spec
      break;
    default:
      numeric = true;
      st = formatFloat(*a, char(conv), flags, int(prec), body, signLen);
      break;
    }
    if (!st.ok)
      return st;
    out += pad(std::move(body), size_t(width), flags, numeric, signLen);
  }
  if (cur.argidx < cur.arglen && !arg.mapping)
    return Status::error(
        "not all arguments converted during string formatting");
  return Status::success();
}
