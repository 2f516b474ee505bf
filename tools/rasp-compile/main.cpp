//===- main.cpp - rasp-compile: RASP programs to transformer weights ------===//
//
// rasp-compile prog.rasp --sop NAME --vocab a,b,c --max-seq-len N
//              -o model.safetensors [--emit=ir|craft|summary] [--causal]
//
// Runs the program (with the numerical()/categorical() annotations of
// docs/LangRef.md enabled), compiles the s-op NAME into transformer weights
// (lib/Compile) and writes them as safetensors. Vocabulary items are
// strings, as RASP tokens are: `--vocab 1,2,3` gives the tokens "1", "2",
// "3", which tokens_int converts to ints. Items are separated by commas, so
// a token cannot contain one.
//
// Exit status: 0 success, 1 errors in the program or compilation, 2 usage.
//
//===----------------------------------------------------------------------===//

#include "Common/UnsignedOption.h"
#include "rasp/Compile/Compile.h"
#include "rasp/Eval/Session.h"
#include "rasp/IR/IR.h"
#include "rasp/Model/Forward.h"
#include "rasp/Model/ModelIO.h"
#include "rasp/Parse/Parser.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <boost/program_options.hpp>

#include <iostream>
#include <string>

namespace po = boost::program_options;
using namespace rasp;

namespace {
int usageError(const std::string &msg) {
  llvm::WithColor::error(llvm::errs(), "rasp-compile") << msg << "\n";
  llvm::errs() << "Try 'rasp-compile --help' for more information.\n";
  return 2;
}

/// Counts every stored weight (absent sublayers cost nothing).
size_t countParameters(const model::Model &m) {
  size_t n = m.tokenEmbed.size() + m.posEmbed.size() + m.unembed.size();
  for (const model::Layer &l : m.layers)
    n += l.attn.wq.size() + l.attn.wk.size() + l.attn.wv.size() +
         l.attn.wo.size() + l.attn.bq.size() + l.attn.bk.size() +
         l.attn.bv.size() + l.attn.bo.size() + l.mlp.w1.size() +
         l.mlp.w2.size() + l.mlp.b1.size() + l.mlp.b2.size();
  return n;
}
} // namespace

int main(int argc, char **argv) {
  po::options_description visible(
      "Usage: rasp-compile prog.rasp --sop NAME --vocab a,b,c --max-seq-len N "
      "-o model.safetensors\n\nCompiles the s-op NAME of a RASP program into "
      "transformer weights.\n\nOptions");
  visible.add_options()("help,h", "show this help and exit")(
      "sop", po::value<std::string>(), "the s-op to compile (required)")(
      "vocab", po::value<std::string>(),
      "comma-separated token strings, e.g. a,b,c or 1,2,3 (required)")(
      "max-seq-len", tools::unsignedValue<unsigned>(),
      "longest input the model accepts, BOS not counted (required)")(
      "output,o", po::value<std::string>(), "where to write the safetensors")(
      "emit", po::value<std::string>(),
      "stop early and print a stage: 'ir', 'craft' (blocks per sublayer) or "
      "'summary' (layers, heads, MLP widths, residual width, parameters)")(
      "causal", "mask attention causally (programs that read later positions "
                "then compute something else)")(
      "max-value-set-size",
      tools::unsignedValue<size_t>()->default_value(100000),
      "the most values an s-op may take (each is a residual dimension or an "
      "MLP row)")(
      "max-nesting",
      tools::unsignedValue<unsigned>()->default_value(
          ParseOptions::kDefaultMaxNesting),
      "how deeply brackets, parentheses and prefix operators may nest in "
      "the program (10 to 1000000)")(
      "max-input-length",
      tools::unsignedValue<unsigned>()->default_value(
          eval::SessionOptions::kDefaultMaxInputLength),
      "the longest input the program may evaluate an s-op on while it runs "
      "(set example, applications), in tokens (at most 65535)");
  po::options_description hidden;
  hidden.add_options()("file", po::value<std::string>(), "program file");
  po::options_description all;
  all.add(visible).add(hidden);
  po::positional_options_description positional;
  positional.add("file", 1);
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv)
                  .options(all)
                  .positional(positional)
                  .run(),
              vm);
    po::notify(vm);
  } catch (const po::error &e) {
    return usageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << visible << "\n";
    return 0;
  }
  std::string emit = vm.count("emit") ? vm["emit"].as<std::string>() : "";
  if (!emit.empty() && emit != "ir" && emit != "craft" && emit != "summary")
    return usageError("invalid --emit value '" + emit +
                      "' (expected 'ir', 'craft' or 'summary')");
  if (!vm.count("file"))
    return usageError("no program file given");
  if (!vm.count("sop"))
    return usageError("--sop NAME is required");
  if (emit != "ir") {
    if (!vm.count("vocab"))
      return usageError("--vocab is required");
    if (!vm.count("max-seq-len") || vm["max-seq-len"].as<unsigned>() == 0)
      return usageError("--max-seq-len N (N >= 1) is required");
    if (emit.empty() && !vm.count("output"))
      return usageError("-o FILE is required (or --emit)");
  }

  compile::CompileOptions copts;
  if (vm.count("vocab")) {
    llvm::SmallVector<llvm::StringRef, 16> items;
    llvm::StringRef(vm["vocab"].as<std::string>()).split(items, ',');
    for (llvm::StringRef it : items) {
      if (it.empty())
        return usageError("empty vocabulary item in --vocab");
      if (llvm::is_contained(copts.vocab, it.str()))
        return usageError("duplicate vocabulary item '" + it.str() + "'");
      copts.vocab.push_back(it.str());
    }
  }
  if (vm.count("max-seq-len"))
    copts.maxSeqLen = vm["max-seq-len"].as<unsigned>();
  copts.causal = vm.count("causal");
  copts.maxValueSetSize = vm["max-value-set-size"].as<size_t>();
  if (copts.maxValueSetSize == 0)
    return usageError("--max-value-set-size must be at least 1");
  copts.outputName = vm["sop"].as<std::string>();
  unsigned maxNesting = vm["max-nesting"].as<unsigned>();
  unsigned maxInputLength = vm["max-input-length"].as<unsigned>();
  if (std::string why = eval::limitFlagsError(maxNesting, maxInputLength);
      !why.empty())
    return usageError(why);

  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm, llvm::errs(), "rasp-compile");
  std::string path = vm["file"].as<std::string>();
  auto bufOrErr = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!bufOrErr) {
    diags.error("cannot open '" + path + "': " + bufOrErr.getError().message());
    return 1;
  }
  std::string text = (*bufOrErr)->getBuffer().str();
  std::string discarded;
  llvm::raw_string_ostream sink(discarded);
  eval::SessionOptions sopts;
  sopts.encodingAnnotations = true;
  sopts.maxNesting = maxNesting;
  sopts.maxInputLength = maxInputLength;
  eval::Session session(sink, sm, sopts);
  if (!session.runFile(path, text, diags))
    return 1;
  std::string why;
  ir::Op *op = session.lookupOp(copts.outputName, why);
  if (!op) {
    diags.error(why);
    return 1;
  }
  if (emit == "ir") {
    ir::printOps({op}, llvm::outs());
    return 0;
  }
  if (emit == "craft")
    copts.craftDump = &llvm::outs();
  auto compiled = compile::compileToModel(op, copts, diags);
  if (!compiled)
    return 1;
  if (emit == "craft")
    return 0;
  if (emit == "summary") {
    model::printModelSummary(compiled->model, llvm::outs());
    llvm::outs() << "parameters: " << countParameters(compiled->model) << "\n";
    return 0;
  }
  if (llvm::Error e = model::saveModel(compiled->model,
                                       vm["output"].as<std::string>())) {
    diags.error(llvm::toString(std::move(e)));
    return 1;
  }
  return 0;
}
