//===- DrawSupport.cpp - rasp-run's drawings (issue 6) --------------------===//

#include "DrawSupport.h"

#include "rasp/Compile/Compile.h"
#include "rasp/Draw/Draw.h"
#include "rasp/Model/Forward.h"
#include "rasp/Model/Trace.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/Support/FileSystem.h"

using namespace rasp;

eval::DrawHook rasp::makeDrawHook() {
  return [](const eval::DrawRequest &request, std::string &file,
            std::string &why) {
    const std::string dir = "comp_flows";
    if (std::error_code ec = llvm::sys::fs::create_directories(dir)) {
      why = "cannot create folder '" + dir + "': " + ec.message();
      return false;
    }
    file = dir + "/" + draw::fileStem(request.name) + ".svg";
    interp::Interpreter in(request.input);
    llvm::Expected<std::string> svg =
        draw::renderGraphSvg(request.sop, in, request.nameOf);
    llvm::Error err = svg ? draw::writeFileAtomically(file, *svg)
                          : svg.takeError();
    if (err) {
      why = llvm::toString(std::move(err));
      return false;
    }
    return true;
  };
}

bool rasp::writeDrawPage(const std::string &path, const ir::Op *sop,
                         const std::string &name, std::vector<Atom> input,
                         const eval::Session &session,
                         DiagnosticEngine &diags) {
  auto in = interp::Interpreter::fromAtoms(std::move(input));
  auto nameOf = [&](const ir::Op *op) { return session.getOpName(op); };
  llvm::Expected<std::string> page =
      draw::renderProgramPage(sop, "rasp-run: " + name, in, nameOf);
  llvm::Error err = page ? draw::writeFileAtomically(path, *page)
                         : page.takeError();
  if (err) {
    diags.error("--draw: " + llvm::toString(std::move(err)));
    return false;
  }
  return true;
}

bool rasp::writeModelDrawPage(const std::string &path,
                              const compile::CompiledModel &compiled,
                              const ir::Op *sop, const std::string &name,
                              std::vector<Atom> input,
                              const eval::Session &session,
                              DiagnosticEngine &diags) {
  std::vector<std::string> labels;
  for (const Atom &a : input)
    labels.push_back(py::str(a));
  llvm::Expected<model::ModelTrace> trace =
      model::traceLabels(compiled.model, labels);
  if (!trace) {
    diags.error("--draw: " + llvm::toString(trace.takeError()));
    return false;
  }
  draw::ModelPageOptions opts;
  opts.title = "rasp-run --backend=model: " + name;
  opts.outputName = name;
  // Decoded as the model backend prints it (compile::runCompiled: values
  // and their types). Floats rounded to 3 places, as the interpreter's
  // values display.
  llvm::Expected<std::vector<unsigned>> ids =
      model::encodeTokens(compiled.model.config, labels);
  llvm::Expected<std::vector<Atom>> values =
      ids ? compile::runCompiled(compiled, *ids)
          : llvm::Expected<std::vector<Atom>>(ids.takeError());
  if (!values) {
    diags.error("--draw: " + llvm::toString(values.takeError()));
    return false;
  }
  for (const Atom &a : *values)
    opts.decoded.push_back(a.isFloat()
                               ? py::reprFloat(py::round3(a.getFloat()))
                               : py::str(a));
  auto in = interp::Interpreter::fromAtoms(std::move(input));
  opts.inputText = "[";
  for (const interp::InputItem &item : in.getInput())
    opts.inputText += (opts.inputText.size() > 1 ? ", " : "") +
                      (item.isAtom ? py::repr(item.atom) : item.reprText);
  opts.inputText += "]";
  opts.program = sop;
  opts.interp = &in;
  opts.nameOf = [&](const ir::Op *op) { return session.getOpName(op); };
  llvm::Expected<std::string> page = draw::renderModelPage(*trace, opts);
  llvm::Error err = page ? draw::writeFileAtomically(path, *page)
                         : page.takeError();
  if (err) {
    diags.error("--draw: " + llvm::toString(std::move(err)));
    return false;
  }
  return true;
}
