//===- main.cpp - rasp-run: run RASP programs, or the REPL ----------------===//
//
// rasp-run                      the REPL (transcript format when stdin is not
//                               a terminal, line editing when it is)
// rasp-run prog.rasp            run a file as `load` would
// rasp-run prog.rasp --sop NAME --inputs FILE|-   evaluate NAME per input line
// rasp-run prog.rasp --emit=ast|ir                stop early and print a stage
//
// Exit status: 0 success, 1 errors in the program or inputs, 2 usage errors.
//
//===----------------------------------------------------------------------===//

#include "Common/UnsignedOption.h"
#include "DrawSupport.h"
#include "ModelBackend.h"
#include "rasp/AST/ASTDumper.h"
#include "rasp/Eval/Session.h"
#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Parse/Parser.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <boost/program_options.hpp>

#include <cstdio>
#include <iostream>
#include <string>
#include <pthread.h>
#include <unistd.h>

#if RASP_HAVE_LIBEDIT
#include <editline/readline.h>
#endif

namespace po = boost::program_options;
using namespace rasp;

namespace {
/// Reads lines from stdin without prompts of its own (transcript mode).
class StdinSource : public eval::LineSource {
public:
  bool readLine(llvm::StringRef, std::string &line) override {
    if (!std::getline(std::cin, line))
      return false;
    return true;
  }
};

#if RASP_HAVE_LIBEDIT
/// Line editing and history on a terminal.
class EditlineSource : public eval::LineSource {
public:
  bool readLine(llvm::StringRef prompt, std::string &line) override {
    char *raw = readline(prompt.str().c_str());
    if (!raw)
      return false;
    line = raw;
    if (!line.empty())
      add_history(raw);
    free(raw);
    return true;
  }
  bool echoesPrompt() const override { return true; }
};
#endif

int usageError(const std::string &msg) {
  llvm::WithColor::error(llvm::errs(), "rasp-run") << msg << "\n";
  llvm::errs() << "Try 'rasp-run --help' for more information.\n";
  return 2;
}
} // namespace

static int realMain(int argc, char **argv);

namespace {
struct MainArgs {
  int argc;
  char **argv;
  int result;
};
void *runMain(void *p) {
  auto *args = static_cast<MainArgs *>(p);
  args->result = realMain(args->argc, args->argv);
  return nullptr;
}
} // namespace

// AddressSanitizer makes each emulated Python frame about 6.9 KB of stack;
// unwinding an error through more than 64 MB of it gives a false report
// (google/sanitizers#189), so sanitizer builds take a lower ceiling.
#if defined(__SANITIZE_ADDRESS__)
#define RASP_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RASP_UNDER_ASAN 1
#endif
#endif
#ifdef RASP_UNDER_ASAN
static constexpr unsigned kMaxRecursionLimit = 6000;
static constexpr const char *kRecursionLimitWhy =
    " in an AddressSanitizer build (20000 in a normal build)";
#else
static constexpr unsigned kMaxRecursionLimit = 20000;
static constexpr const char *kRecursionLimitWhy = "";
#endif

/// Runs the tool on a thread with a large stack: evaluation recurses as deep
/// as --recursion-limit allows (the stack is reserved, not committed, so
/// unused depth costs no memory).
int main(int argc, char **argv) {
  MainArgs args{argc, argv, 1};
  pthread_attr_t attr;
  pthread_t thread;
  if (pthread_attr_init(&attr) == 0 &&
      pthread_attr_setstacksize(&attr, size_t(1) << 30) == 0 &&
      pthread_create(&thread, &attr, runMain, &args) == 0) {
    pthread_join(thread, nullptr);
    return args.result;
  }
  return realMain(argc, argv);
}

static bool checkInputLength(size_t tokens, unsigned max, std::string &why) {
  if (tokens <= max)
    return true;
  why = std::to_string(tokens) + " tokens, over the limit of " +
        std::to_string(max) + " (raise it with --max-input-length)";
  return false;
}

/// Checks an input line's bytes before it is split or parsed: valid UTF-8,
/// and not so long that it must exceed \p max tokens (a text line has one
/// token per code point; a list literal is allowed 64 bytes per token).
static bool checkInputLine(llvm::StringRef line, unsigned max,
                           std::string &why) {
  const auto *begin = reinterpret_cast<const llvm::UTF8 *>(line.begin());
  const auto *cursor = begin;
  if (!llvm::isLegalUTF8String(
          &cursor, reinterpret_cast<const llvm::UTF8 *>(line.end()))) {
    why = "invalid UTF-8 at byte " + std::to_string(cursor - begin + 1);
    return false;
  }
  if (!line.startswith("[")) {
    size_t codePoints = 0;
    for (char c : line)
      codePoints += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return checkInputLength(codePoints, max, why);
  }
  if (line.size() > 64 * size_t(max)) {
    why = "a list literal of " + std::to_string(line.size()) +
          " bytes, over the limit of 64 bytes per token for " +
          std::to_string(max) + " tokens (raise it with --max-input-length)";
    return false;
  }
  return true;
}

static int realMain(int argc, char **argv) {
  po::options_description visible(
      "Usage: rasp-run [options] [prog.rasp]\n\n"
      "With no program, runs the RASP REPL on stdin. With a program, runs it\n"
      "as the reference's `load` would and prints what it prints.\n\nOptions");
  visible.add_options()("help,h", "show this help and exit")(
      "sop", po::value<std::string>(),
      "evaluate this s-op of the program on the inputs of --inputs/--input")(
      "inputs", po::value<std::string>(),
      "file with one input per line ('-' for stdin): a line starting with "
      "'[' is a list literal, any other line is its characters")(
      "input", po::value<std::string>(), "a single input, as one --inputs line")(
      "emit", po::value<std::string>(),
      "stop early and print a stage: 'ast' (parse only) or 'ir' (the IR of "
      "--sop, or of every top-level s-op)")(
      "recursion-limit", tools::unsignedValue<unsigned>()->default_value(1000),
      "how deep evaluation may go, in the Python frames the reference "
      "interpreter would use (its limit is 1000; at most 20000, 6000 in "
      "AddressSanitizer builds)")(
      "max-list-size",
      tools::unsignedValue<uint64_t>()->default_value(10000000),
      "the longest list range() or list repetition may build")(
      "max-nesting",
      tools::unsignedValue<unsigned>()->default_value(
          ParseOptions::kDefaultMaxNesting),
      "how deeply brackets, parentheses and prefix operators may nest in "
      "the program (10 to 1000000)")(
      "max-input-length",
      tools::unsignedValue<unsigned>()->default_value(
          eval::SessionOptions::kDefaultMaxInputLength),
      "the longest input, in tokens: --inputs/--input lines, the running "
      "example, s-op applications and draw (selector values take length^2 "
      "bytes; at most 65535)");
  // Model backend (issue 3): compile --sop and run the weights instead.
  visible.add_options()(
      "backend", po::value<std::string>(),
      "'interp' (default) or 'model': compile --sop (lib/Compile) and run "
      "the compiled transformer; either value enables numerical()/"
      "categorical()")("vocab", po::value<std::string>(),
                       "model backend: comma-separated token strings")(
      "max-seq-len", tools::unsignedValue<unsigned>(),
      "model backend: longest input the model accepts");
  // Drawings (issue 6).
  visible.add_options()("draw", po::value<std::string>(),
                        "write a self-contained HTML page drawing --sop on "
                        "--input (graph, selector matrices, values; with "
                        "--backend=model also attention and residual stream)");
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
  if (!emit.empty() && emit != "ast" && emit != "ir")
    return usageError("invalid --emit value '" + emit +
                      "' (expected 'ast' or 'ir')");
  bool hasFile = vm.count("file");
  bool batch = vm.count("inputs") || vm.count("input");
  if (batch && !vm.count("sop"))
    return usageError("--inputs and --input need --sop NAME");
  if (vm.count("inputs") && vm.count("input"))
    return usageError("give either --inputs or --input, not both");
  if ((batch || !emit.empty() || vm.count("sop")) && !hasFile)
    return usageError("this option needs a program file");

  // Model backend (issue 3).
  std::string backend =
      vm.count("backend") ? vm["backend"].as<std::string>() : "interp";
  if (backend != "interp" && backend != "model")
    return usageError("invalid --backend value '" + backend +
                      "' (expected 'interp' or 'model')");
  if (backend == "model" &&
      (!batch || !vm.count("vocab") || !vm.count("max-seq-len")))
    return usageError("--backend=model needs --sop, --inputs/--input, "
                      "--vocab and --max-seq-len");
  eval::SessionOptions sessionOptions;
  sessionOptions.encodingAnnotations = vm.count("backend") != 0;

  // Drawings (issue 6): `draw` statements write SVGs; --draw writes a page.
  sessionOptions.drawHook = makeDrawHook();
  eval::SessionOptions replOptions;
  replOptions.drawHook = sessionOptions.drawHook;
  unsigned recursionLimit = vm["recursion-limit"].as<unsigned>();
  if (std::string why = flagRangeError("--recursion-limit", recursionLimit, 50,
                                       kMaxRecursionLimit);
      !why.empty())
    return usageError(why + kRecursionLimitWhy);
  sessionOptions.recursionLimit = replOptions.recursionLimit = recursionLimit;
  uint64_t maxListSize = vm["max-list-size"].as<uint64_t>();
  if (std::string why =
          flagRangeError("--max-list-size", maxListSize, 1, 1000000000);
      !why.empty())
    return usageError(why);
  sessionOptions.maxListSize = replOptions.maxListSize = maxListSize;
  // Inputs are bounded before anything is built from them: a selector on an
  // input of n tokens is an n x n matrix (docs/Reliability.md).
  unsigned maxNesting = vm["max-nesting"].as<unsigned>();
  unsigned maxInputLength = vm["max-input-length"].as<unsigned>();
  if (std::string why = eval::limitFlagsError(maxNesting, maxInputLength);
      !why.empty())
    return usageError(why);
  sessionOptions.maxNesting = replOptions.maxNesting = maxNesting;
  sessionOptions.maxInputLength = replOptions.maxInputLength = maxInputLength;
  if (vm.count("draw") && !vm.count("input"))
    return usageError("--draw needs --sop NAME and --input");

  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm, llvm::errs(), "rasp-run");

  if (!hasFile) {
    eval::Session session(llvm::outs(), sm, replOptions);
#if RASP_HAVE_LIBEDIT
    if (isatty(0)) {
      EditlineSource source;
      session.runRepl(source);
      return 0;
    }
#endif
    StdinSource source;
    session.runRepl(source);
    return 0;
  }

  std::string path = vm["file"].as<std::string>();
  auto bufOrErr = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!bufOrErr) {
    diags.error("cannot open '" + path + "': " + bufOrErr.getError().message());
    return 1;
  }
  std::string text = (*bufOrErr)->getBuffer().str();

  if (emit == "ast") {
    unsigned id = sm.AddNewSourceBuffer(std::move(*bufOrErr), llvm::SMLoc());
    ParseOptions parseOptions;
    parseOptions.maxNesting = maxNesting;
    ParseResult pr = parseBuffer(sm, id, parseOptions);
    // The grammar wants a statement; a blank program (which runs, printing
    // nothing) is an empty module here too.
    if (pr.status == ParseResult::Status::Incomplete &&
        sm.getMemoryBuffer(id)->getBuffer().trim().empty())
      return 0;
    if (pr.status != ParseResult::Status::Complete) {
      if (pr.status == ParseResult::Status::Incomplete)
        diags.error(pr.errorLoc.isValid()
                        ? pr.errorLoc
                        : llvm::SMLoc::getFromPointer(
                              sm.getMemoryBuffer(id)->getBufferEnd()),
                    "unexpected end of input" +
                        (pr.message.empty() ? "" : ": " + pr.message));
      else
        diags.error(pr.errorLoc, pr.message);
      return 1;
    }
    dumpAST(pr.statements, llvm::outs(), &sm);
    return 0;
  }

  // Run the program; with --emit=ir or --sop, its own prints are not wanted.
  std::string discarded;
  llvm::raw_string_ostream sink(discarded);
  bool quiet = !emit.empty() || vm.count("sop");
  eval::Session session(quiet ? static_cast<llvm::raw_ostream &>(sink)
                              : llvm::outs(),
                        sm, sessionOptions);
  bool ok = session.runFile(path, text, diags);
  if (!ok)
    return 1;

  std::vector<ir::Op *> roots;
  if (vm.count("sop")) {
    std::string why;
    ir::Op *op = session.lookupOp(vm["sop"].as<std::string>(), why);
    if (!op) {
      diags.error(why);
      return 1;
    }
    roots.push_back(op);
  }

  if (emit == "ir") {
    if (roots.empty())
      for (const auto &op : session.getModule().getOps())
        roots.push_back(op.get());
    std::string problem = ir::verify(roots);
    if (!problem.empty()) {
      diags.error("invalid IR: " + problem);
      return 1;
    }
    ir::printOps(roots, llvm::outs());
    return 0;
  }

  if (!batch)
    return 0;

  // Batch evaluation: one output line per input line.
  std::vector<std::string> lines;
  if (vm.count("input")) {
    lines.push_back(vm["input"].as<std::string>());
  } else {
    std::string inputsPath = vm["inputs"].as<std::string>();
    auto inOrErr = llvm::MemoryBuffer::getFileOrSTDIN(inputsPath, true);
    if (!inOrErr) {
      diags.error("cannot open '" + inputsPath +
                  "': " + inOrErr.getError().message());
      return 1;
    }
    llvm::StringRef all = (*inOrErr)->getBuffer();
    while (!all.empty()) {
      auto split = all.split('\n');
      lines.push_back(split.first.rtrim('\r').str());
      all = split.second;
    }
  }
  // Model backend (issue 3): compile once, before the inputs.
  std::unique_ptr<ModelBackend> modelBackend;
  if (backend == "model") {
    modelBackend = ModelBackend::create(
        roots[0], vm["sop"].as<std::string>(), vm["vocab"].as<std::string>(),
        vm["max-seq-len"].as<unsigned>(), diags);
    if (!modelBackend)
      return 1;
  }
  bool failed = false;
  for (size_t i = 0; i < lines.size(); ++i) {
    std::vector<Atom> input;
    std::string why;
    if (lines[i].empty()) {
      llvm::WithColor::error(llvm::errs(), "rasp-run")
          << "input line " << (i + 1) << ": inputs must not be empty\n";
      failed = true;
      continue;
    }
    if (!checkInputLine(lines[i], maxInputLength, why) ||
        !session.parseInputLine(lines[i], input, why) ||
        !checkInputLength(input.size(), maxInputLength, why)) {
      llvm::WithColor::error(llvm::errs(), "rasp-run")
          << "input line " << (i + 1) << ": " << why << "\n";
      failed = true;
      continue;
    }
    if (modelBackend) { // model backend (issue 3)
      std::string line;
      if (!modelBackend->run(input, line, why)) {
        llvm::WithColor::error(llvm::errs(), "rasp-run")
            << "input line " << (i + 1) << ": " << why << "\n";
        failed = true;
        continue;
      }
      llvm::outs() << line << "\n";
      continue;
    }
    auto in = interp::Interpreter::fromAtoms(std::move(input));
    interp::EvalError err;
    const interp::Sequence *seq = in.evalSOp(roots[0], err);
    if (!seq) {
      std::string msg = err.message;
      for (char &c : msg)
        if (c == '\n' || c == '\t')
          c = ' ';
      llvm::WithColor::error(llvm::errs(), "rasp-run")
          << "input line " << (i + 1) << ": " << msg << "\n";
      failed = true;
      continue;
    }
    llvm::outs() << eval::Session::formatSequence(*seq) << "\n";
  }
  // Drawings (issue 6): after the results, which drawing never changes.
  if (vm.count("draw")) {
    std::vector<Atom> input;
    std::string why;
    if (session.parseInputLine(vm["input"].as<std::string>(), input, why) &&
        !input.empty() &&
        !(modelBackend
              ? writeModelDrawPage(vm["draw"].as<std::string>(),
                                   modelBackend->getCompiled(), roots[0],
                                   vm["sop"].as<std::string>(),
                                   std::move(input), session, diags)
              : writeDrawPage(vm["draw"].as<std::string>(), roots[0],
                              vm["sop"].as<std::string>(), std::move(input),
                              session, diags)))
      failed = true;
  }
  return failed ? 1 : 0;
}
