//===- FuzzInterp.cpp - libFuzzer target: the interpreter on fuzzed inputs ===//
//
// A fixed set of programs (bench/programs/*.rasp and a few more below, which
// reach the arithmetic, comparison, mean and width paths) is elaborated once,
// at start-up. Each fuzz input is decoded into one program number and one
// input sequence; a fresh Interpreter then evaluates every s-op and selector
// of that program's module on it, and formats the s-op values as rasp-run
// prints them.
//
// Input layout: byte 0 picks the program, byte 1 the encoding of the rest:
//   0  text: the characters of the rest (as a `--inputs` line)
//   1  ints: one signed byte per element
//   2  mixed: (tag, value) byte pairs; tag picks int, float, bool or string
//   3  list literal: "[" + the rest, through Session::parseInputLine
// At most MaxLength elements are used (selectors are quadratic).
//
//===----------------------------------------------------------------------===//

#include "rasp/Eval/Session.h"
#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <vector>

#ifndef RASP_FUZZ_PROGRAMS_DIR
#error "RASP_FUZZ_PROGRAMS_DIR must name bench/programs"
#endif

using namespace rasp;

namespace {
constexpr size_t MaxLength = 48;

/// Programs beyond bench/programs: numeric s-ops, means, widths, rounding.
const char *const ExtraPrograms[] = {
    "set example [3, 1, 2]\n"
    "a = tokens_int + indices;\n"
    "b = tokens_int * 2 - indices;\n"
    "c = tokens_int / (indices + 1);\n"
    "d = tokens_int % 3;\n"
    "e = round(tokens_int / 2);\n"
    "f = tokens_int ^ 2;\n",

    "set example [3, 1, 2]\n"
    "prefix = select(indices, indices, <=);\n"
    "mean = aggregate(prefix, tokens_int);\n"
    "width = selector_width(select(tokens_int, tokens_int, <));\n"
    "back = aggregate(select(tokens_int, indices, ==), indices);\n"
    "cmp = (tokens_int > 2) and not (tokens_int == indices);\n",

    "x = aggregate(select(indices, length - indices - 1, ==), tokens);\n"
    "y = selector_width(select(tokens, tokens, !=));\n"
    "z = tokens == \"a\";\n"
    "w = aggregate(select(tokens, tokens, >), indicator(tokens == \"b\"));\n",
};

struct Program {
  std::string name;
  llvm::SourceMgr sm;
  std::string discarded;
  std::unique_ptr<llvm::raw_string_ostream> out;
  std::unique_ptr<eval::Session> session;
  std::vector<const ir::Op *> ops;
};

/// Never destroyed: the programs live as long as the process, and tearing
/// down their sessions at exit would only add work (and, while sessions
/// leak their environments, leak reports) to every fuzzing process.
std::vector<std::unique_ptr<Program>> &programs =
    *new std::vector<std::unique_ptr<Program>>;

void addProgram(const std::string &name, llvm::StringRef text) {
  auto p = std::make_unique<Program>();
  p->name = name;
  p->out = std::make_unique<llvm::raw_string_ostream>(p->discarded);
  p->session = std::make_unique<eval::Session>(*p->out, p->sm);
  std::string diagText;
  llvm::raw_string_ostream diagOut(diagText);
  DiagnosticEngine diags(p->sm, diagOut, "rasp-fuzz-interp");
  if (!p->session->runFile(name, text, diags)) {
    llvm::errs() << "rasp-fuzz-interp: " << name << " does not run:\n"
                 << diagOut.str();
    std::abort();
  }
  for (const auto &op : p->session->getModule().getOps())
    p->ops.push_back(op.get());
  programs.push_back(std::move(p));
}
} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
  std::error_code ec;
  std::vector<std::string> paths;
  for (llvm::sys::fs::directory_iterator it(RASP_FUZZ_PROGRAMS_DIR, ec), end;
       it != end && !ec; it.increment(ec))
    if (llvm::sys::path::extension(it->path()) == ".rasp")
      paths.push_back(it->path());
  llvm::sort(paths);
  if (ec || paths.empty()) {
    llvm::errs() << "rasp-fuzz-interp: no programs in " RASP_FUZZ_PROGRAMS_DIR
                    "\n";
    std::abort();
  }
  for (const std::string &path : paths) {
    auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!buf) {
      llvm::errs() << "rasp-fuzz-interp: cannot read " << path << "\n";
      std::abort();
    }
    addProgram(path, (*buf)->getBuffer());
  }
  unsigned i = 0;
  for (const char *text : ExtraPrograms)
    addProgram("extra" + std::to_string(i++) + ".rasp", text);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  if (size < 2)
    return 0;
  Program &prog = *programs[data[0] % programs.size()];
  unsigned mode = data[1] % 4;
  llvm::StringRef rest(reinterpret_cast<const char *>(data + 2), size - 2);

  std::vector<Atom> input;
  switch (mode) {
  case 0: { // text
    std::string why;
    if (!prog.session->parseInputLine(rest.take_front(MaxLength * 4), input,
                                      why))
      return 0;
    break;
  }
  case 1: // ints
    for (char c : rest.take_front(MaxLength))
      input.push_back(Atom::integer(static_cast<int8_t>(c)));
    break;
  case 2: // mixed
    for (size_t i = 0; i + 1 < rest.size() && input.size() < MaxLength;
         i += 2) {
      uint8_t tag = rest[i], v = rest[i + 1];
      switch (tag % 4) {
      case 0:
        input.push_back(Atom::integer(static_cast<int8_t>(v)));
        break;
      case 1:
        input.push_back(Atom::real((static_cast<int8_t>(v)) / 8.0));
        break;
      case 2:
        input.push_back(Atom::boolean(v & 1));
        break;
      default:
        input.push_back(Atom::string(std::string(1, 'a' + v % 8)));
        break;
      }
    }
    break;
  default: { // list literal
    std::string why;
    if (!prog.session->parseInputLine(
            ("[" + rest.take_front(MaxLength * 8)).str(), input, why))
      return 0;
    break;
  }
  }
  if (input.size() > MaxLength)
    input.resize(MaxLength);

  auto interp = interp::Interpreter::fromAtoms(std::move(input));
  for (const ir::Op *op : prog.ops) {
    interp::EvalError err;
    if (op->isSelector()) {
      (void)interp.evalSelector(op, err);
      continue;
    }
    if (const interp::Sequence *seq = interp.evalSOp(op, err))
      (void)eval::Session::formatSequence(*seq);
  }
  return 0;
}
