//===- Draw.h - Pictures of RASP programs on an input ----------*- C++ -*-===//
//
/// \file
/// Draws what a RASP program computes on one input: the computation graph of
/// an s-op (each node with its operation, its variable name and its values),
/// each selector as its query x key matrix, each aggregate with the values it
/// reads. The graph is laid out by Graphviz (private to this library);
/// everything else is SVG text written here. Output is standalone SVG, or
/// one self-contained XHTML page (inline SVG and CSS, no script, no network).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_DRAW_DRAW_H
#define RASP_DRAW_DRAW_H

#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <functional>
#include <string>

namespace rasp {
namespace draw {

/// The variable name of an op, or an empty string when it has none.
using NameFn = std::function<std::string(const ir::Op *)>;

/// The computation graph of \p root on the input of \p in, as a standalone
/// SVG document. Ops that fail on the input are drawn with their error.
llvm::Expected<std::string> renderGraphSvg(const ir::Op *root,
                                           interp::Interpreter &in,
                                           const NameFn &nameOf);

/// One self-contained page for \p root on the input of \p in: the graph,
/// every selector's matrix and every s-op's values. \p title heads the page.
llvm::Expected<std::string> renderProgramPage(const ir::Op *root,
                                              llvm::StringRef title,
                                              interp::Interpreter &in,
                                              const NameFn &nameOf);

/// Writes \p contents to \p path through a temporary file in the same
/// directory renamed over it, so a failed write leaves no partial file. The
/// error names the path and the reason (missing directory, no permission).
llvm::Error writeFileAtomically(llvm::StringRef path, llvm::StringRef contents);

/// A file name stem made of \p name's letters, digits, '_' and '-' (other
/// characters become '_'); "sop" if nothing is left.
std::string fileStem(llvm::StringRef name);

} // namespace draw
} // namespace rasp

#endif // RASP_DRAW_DRAW_H
