//===- main.cpp - rasp-decompile: compiled weights back to RASP -----------===//
//
// rasp-decompile model.safetensors [-o prog.rasp]
//
// Reads a model written by rasp-compile and prints a RASP program whose
// s-op named as the model's output (config output.name) computes what the
// model computes: `rasp-run prog.rasp --sop NAME --inputs FILE` prints the
// same outputs as `rasp-run --backend=model`.
//
// Exit status: 0 success, 1 unreadable or foreign model, 2 usage.
//
//===----------------------------------------------------------------------===//

#include "rasp/Decompile/Decompile.h"
#include "rasp/Model/ModelIO.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

using namespace rasp;

int main(int argc, char **argv) {
  std::string in, out;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if ((a == "-o" || a == "--output") && i + 1 < argc) {
      out = argv[++i];
    } else if (a == "-h" || a == "--help") {
      llvm::outs() << "usage: rasp-decompile model.safetensors [-o prog.rasp]\n";
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      llvm::WithColor::error(llvm::errs(), "rasp-decompile")
          << "unknown option '" << a << "'\n";
      return 2;
    } else if (in.empty()) {
      in = a;
    } else {
      llvm::WithColor::error(llvm::errs(), "rasp-decompile")
          << "more than one model file given\n";
      return 2;
    }
  }
  if (in.empty()) {
    llvm::WithColor::error(llvm::errs(), "rasp-decompile")
        << "usage: rasp-decompile model.safetensors [-o prog.rasp]\n";
    return 2;
  }
  auto model = model::loadModel(in);
  if (!model) {
    llvm::WithColor::error(llvm::errs(), "rasp-decompile")
        << llvm::toString(model.takeError()) << "\n";
    return 1;
  }
  auto prog = decompile::decompileModel(*model);
  if (!prog) {
    llvm::WithColor::error(llvm::errs(), "rasp-decompile")
        << "'" << in << "': " << llvm::toString(prog.takeError()) << "\n";
    return 1;
  }
  if (out.empty()) {
    decompile::printRasp(*prog, llvm::outs());
    return 0;
  }
  std::error_code ec;
  llvm::raw_fd_ostream os(out, ec, llvm::sys::fs::OF_Text);
  if (ec) {
    llvm::WithColor::error(llvm::errs(), "rasp-decompile")
        << "'" << out << "': " << ec.message() << "\n";
    return 1;
  }
  decompile::printRasp(*prog, os);
  return 0;
}
