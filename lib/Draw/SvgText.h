//===- SvgText.h - SVG text helpers shared by the drawings ------*- C++ -*-===//
//
/// \file
/// Private to lib/Draw: XML escaping, number formatting, text measuring
/// (a 12px monospace font) and an accumulator of SVG elements, one per line.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_DRAW_SVGTEXT_H
#define RASP_LIB_DRAW_SVGTEXT_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <string>

namespace rasp {
namespace draw {

inline constexpr double kCharWidth = 7.3; // 12px monospace
inline constexpr double kCellHeight = 18;
inline constexpr double kMinCell = 22;
inline constexpr double kPad = 6;
inline constexpr double kLineHeight = 15;
inline constexpr unsigned kMaxCellChars = 10;

inline std::string esc(llvm::StringRef s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '&': out += "&amp;"; break;
    case '<': out += "&lt;"; break;
    case '>': out += "&gt;"; break;
    case '"': out += "&quot;"; break;
    case '\'': out += "&#39;"; break;
    default:
      // XML 1.0 forbids most control characters, even escaped.
      if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n')
        out += "?";
      else
        out += c;
    }
  }
  return out;
}

inline std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

inline unsigned codePoints(llvm::StringRef s) {
  unsigned n = 0;
  for (char c : s)
    if ((static_cast<unsigned char>(c) & 0xC0) != 0x80)
      ++n;
  return n;
}

/// The first \p max code points of \p s, with an ellipsis if cut.
inline std::string shorten(const std::string &s, unsigned max) {
  if (codePoints(s) <= max)
    return s;
  std::string out;
  unsigned n = 0;
  for (char c : s) {
    bool start = (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    if (start && ++n > max - 1)
      break;
    out += c;
  }
  return out + "\xE2\x80\xA6";
}

inline double textWidth(llvm::StringRef s) {
  return codePoints(s) * kCharWidth;
}

/// Accumulates SVG elements, one per line.
class Svg {
public:
  void rect(double x, double y, double w, double h, llvm::StringRef cls,
            llvm::StringRef extra = "") {
    os << "<rect class=\"" << cls << "\" x=\"" << num(x) << "\" y=\"" << num(y)
       << "\" width=\"" << num(w) << "\" height=\"" << num(h) << "\"";
    if (!extra.empty())
      os << " " << extra;
    os << "/>\n";
  }
  /// Text centred on (cx, baseline-adjusted cy) unless \p anchor says else.
  void text(double x, double cy, llvm::StringRef s, llvm::StringRef cls,
            llvm::StringRef anchor = "middle", llvm::StringRef extra = "") {
    os << "<text class=\"" << cls << "\" x=\"" << num(x) << "\" y=\""
       << num(cy + 4) << "\" text-anchor=\"" << anchor << "\"";
    if (!extra.empty())
      os << " " << extra;
    os << ">" << esc(s) << "</text>\n";
  }
  void raw(llvm::StringRef s) { os << s; }
  std::string &str() { return os.str(); }

private:
  std::string buf;
  llvm::raw_string_ostream os{buf};
};

} // namespace draw
} // namespace rasp

#endif // RASP_LIB_DRAW_SVGTEXT_H
