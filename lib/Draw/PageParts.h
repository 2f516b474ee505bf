//===- PageParts.h - Pieces of the XHTML pages ------------------*- C++ -*-===//
//
/// \file
/// Private to lib/Draw: the head and tail every page shares, and the
/// program's sections (graph, selectors, values), so the program page, the
/// model page and the learned-program page are built from the same parts.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_DRAW_PAGEPARTS_H
#define RASP_LIB_DRAW_PAGEPARTS_H

#include "rasp/Draw/Draw.h"

#include <string>

namespace rasp {
namespace draw {

/// `<!DOCTYPE html>` up to and including the page's `<h1>`; \p extraStyle
/// is appended to the shared CSS.
std::string pageStart(llvm::StringRef title, llvm::StringRef extraStyle = "");
/// Closes what pageStart opened.
std::string pageEnd();

struct ProgramParts {
  std::string input;      ///< the input as a list repr, unescaped
  std::string resultLine; ///< `<p class="result">name = [...]</p>`
  std::string sections;   ///< graph, selectors and values, with <h2>s
};

/// The program's sections for \p root on the input of \p in. A non-empty
/// \p heading prefixes each <h2> ("Program: Computation graph").
llvm::Expected<ProgramParts> programParts(const ir::Op *root,
                                          interp::Interpreter &in,
                                          const NameFn &nameOf,
                                          llvm::StringRef heading);

} // namespace draw
} // namespace rasp

#endif // RASP_LIB_DRAW_PAGEPARTS_H
