//===- Draw.h - Pictures of RASP programs on an input ----------*- C++ -*-===//
//
/// \file
/// Draws what a RASP program computes on one input: the computation graph of
/// an s-op (each node with its operation, its variable name and its values),
/// each selector as its query x key matrix, each aggregate with the values it
/// reads. The graph is laid out by Graphviz (private to this library);
/// everything else is SVG text written here. Output is standalone SVG, or
/// one self-contained XHTML page (inline SVG and CSS, no script, no network).
///
/// Three pages: a program on an input (renderProgramPage), a compiled model
/// on an input (renderModelPage: every head's attention pattern and the
/// residual stream as a heatmap of labelled subspaces x positions, from a
/// model::ModelTrace), and a learned program with its training curves
/// (renderLearnedPage).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_DRAW_DRAW_H
#define RASP_DRAW_DRAW_H

#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include "llvm/ADT/ArrayRef.h"

#include <functional>
#include <string>
#include <vector>

namespace rasp {
namespace model {
struct ModelTrace;
} // namespace model

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

/// What the model page shows besides the trace.
struct ModelPageOptions {
  std::string title;
  /// The input as a list repr, e.g. "['a', 'b']".
  std::string inputText;
  /// The output's name and its decoded values, one per position after BOS
  /// (the caller decodes: it knows the output's value set).
  std::string outputName;
  std::vector<std::string> decoded;
  /// Optional: the program the model was compiled from, on the same input;
  /// its graph, selectors and values are drawn below the model.
  const ir::Op *program = nullptr;
  interp::Interpreter *interp = nullptr;
  NameFn nameOf;
};

/// One self-contained page for a compiled model's run (\p trace): the
/// decoded output, per layer and head the attention pattern (query x key,
/// labelled with the input tokens, BOS included) with the residual
/// subspaces the head reads and writes, each MLP's reads and writes, and the
/// residual stream after the embedding and every sublayer as a heatmap
/// (rows: residual dimensions by label, columns: positions).
llvm::Expected<std::string> renderModelPage(const model::ModelTrace &trace,
                                            const ModelPageOptions &options);

/// The residual stream of \p trace alone, as a standalone SVG document.
std::string renderResidualSvg(const model::ModelTrace &trace);

/// One point of a training curve.
struct TrainingPoint {
  unsigned epoch = 0;
  double loss = 0;        ///< mean training loss over the epoch
  double valAccuracy = 0; ///< validation accuracy, in [0, 1]
};

/// Loss and validation accuracy per epoch as an SVG plot (no XML prolog
/// when \p standalone is false, for inlining in a page).
std::string renderCurvesSvg(llvm::ArrayRef<TrainingPoint> curve,
                            bool standalone = true);

/// The program page of a learned program (\p root on the input of \p in)
/// with its training curves added.
llvm::Expected<std::string>
renderLearnedPage(const ir::Op *root, llvm::StringRef title,
                  interp::Interpreter &in, const NameFn &nameOf,
                  llvm::ArrayRef<TrainingPoint> curve);

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
