//===- DrawSupport.h - rasp-run's drawings (issue 6) ------------*- C++ -*-===//
//
/// \file
/// Connects lib/Draw to rasp-run: the hook that carries out `draw`
/// statements (an SVG under comp_flows/ in the working directory, as the
/// reference's PDFs) and the page of `--draw out.html`.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_TOOLS_RASP_RUN_DRAWSUPPORT_H
#define RASP_TOOLS_RASP_RUN_DRAWSUPPORT_H

#include "rasp/Eval/Session.h"

#include <string>
#include <vector>

namespace rasp {
class DiagnosticEngine;

/// Writes `comp_flows/<name>.svg` (creating the folder) for each `draw`.
eval::DrawHook makeDrawHook();

/// Writes the page of \p sop (called \p name) on \p input to \p path.
/// Reports failures (bad path, Graphviz) through \p diags; returns false then.
bool writeDrawPage(const std::string &path, const ir::Op *sop,
                   const std::string &name, std::vector<Atom> input,
                   const eval::Session &session, DiagnosticEngine &diags);

namespace compile {
struct CompiledModel;
} // namespace compile

/// Writes the page of the model \p compiled (compiled from \p sop, called
/// \p name) on \p input to \p path: attention patterns, residual stream,
/// decoded output, and the program's own drawing on the same input.
bool writeModelDrawPage(const std::string &path,
                        const compile::CompiledModel &compiled,
                        const ir::Op *sop, const std::string &name,
                        std::vector<Atom> input, const eval::Session &session,
                        DiagnosticEngine &diags);

} // namespace rasp

#endif // RASP_TOOLS_RASP_RUN_DRAWSUPPORT_H
