//===- UnsignedOption.h - strict unsigned Boost.PO flag values --*- C++ -*-===//
//
// Boost.Program_options reads `po::value<unsigned>()` with lexical_cast,
// which takes "-1" and wraps it to 4294967295: `rasp-learn --epochs -1`
// would train for four billion epochs. unsignedValue<T>() is po::value<T>()
// that first requires every token to be a plain decimal number that fits in
// T (no sign, no spaces), else throws Boost's own invalid_option_value, so
// the tools print the message they already print for a word:
//
//   rasp-learn: error: the argument ('-1') for option '--epochs' is invalid
//
// Everything else (default_value, implicit_value, help text, .as<T>()) is
// po::typed_value<T>'s.
//
// Tools only: lib/ never sees Boost (ARCHITECTURE.md section 2: the tools
// own all command-line parsing).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_TOOLS_COMMON_UNSIGNEDOPTION_H
#define RASP_TOOLS_COMMON_UNSIGNEDOPTION_H

#include "llvm/ADT/StringRef.h"

#include <boost/program_options.hpp>

#include <string>
#include <type_traits>
#include <vector>

namespace rasp::tools {

/// po::typed_value<T> for an unsigned integer type T that rejects anything
/// but a plain decimal number in T's range.
template <class T>
class UnsignedValue : public boost::program_options::typed_value<T> {
  static_assert(std::is_integral_v<T> && std::is_unsigned_v<T>,
                "UnsignedValue is for unsigned integer types");

public:
  UnsignedValue() : boost::program_options::typed_value<T>(nullptr) {}

  void xparse(boost::any &store,
              const std::vector<std::string> &tokens) const override {
    for (const std::string &token : tokens) {
      // StringRef::getAsInteger with an unsigned T fails on a sign, on
      // anything that is not a digit and on a value that does not fit.
      T ignored;
      if (llvm::StringRef(token).getAsInteger(10, ignored))
        throw boost::program_options::invalid_option_value(token);
    }
    boost::program_options::typed_value<T>::xparse(store, tokens);
  }
};

/// Use in place of po::value<T>() for every unsigned numeric flag. Like
/// po::value, the result is owned by the options_description it is added to.
template <class T> UnsignedValue<T> *unsignedValue() {
  return new UnsignedValue<T>();
}

} // namespace rasp::tools

#endif // RASP_TOOLS_COMMON_UNSIGNEDOPTION_H
