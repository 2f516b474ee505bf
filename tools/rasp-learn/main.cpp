//===- main.cpp - rasp-learn: learn a Transformer Program -----------------===//
//
// rasp-learn --task dyck1|hist|reverse|sort [options] [-o learned.rasp]
// rasp-learn --from prog.rasp --sop NAME --vocab a,b,c --max-seq-len N
//
// Makes the task's data (lib/Learn/Task.cpp), trains a categorical
// Transformer Program (lib/Learn/Train.cpp), discretizes it, prints it as
// RASP, re-parses that source and runs it with the interpreter on the
// train/validation/test inputs, and reports the accuracy of the discretized
// model and of the program and their agreement (which must reach
// --min-agreement). Exit status: 0 success, 1 errors, 2 usage.
//
//===----------------------------------------------------------------------===//

#include "Common/UnsignedOption.h"
#include "rasp/Compile/Compile.h"
#include "rasp/Draw/Draw.h"
#include "rasp/Eval/Session.h"
#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Learn/Program.h"
#include "rasp/Learn/Sketch.h"
#include "rasp/Learn/Task.h"
#include "rasp/Learn/Train.h"
#include "rasp/Parse/Parser.h"
#include "rasp/Support/Atom.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <boost/program_options.hpp>

#include <cmath>
#include <cstdio>
#include <iostream>
#include <map>
#include <string>

namespace po = boost::program_options;
using namespace rasp;

namespace {
/// "1h02m", "3m04s", "12s": a duration for the progress bar.
std::string formatDuration(double seconds) {
  long s = seconds > 0 ? long(seconds + 0.5) : 0;
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%ldh%02ldm", s / 3600, s / 60 % 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%lds", s);
  return buf;
}

/// Redraws the progress bar in place: carriage return, the bar and the
/// epoch's figures, erase to the end of the line; a newline after the last
/// epoch so that what follows starts on its own line.
void printProgressBar(llvm::raw_ostream &os, const learn::EpochReport &r) {
  constexpr unsigned kWidth = 24;
  unsigned filled = r.epochs ? unsigned(uint64_t(r.epoch) * kWidth / r.epochs)
                             : kWidth;
  std::string bar(filled, '#');
  bar.resize(kWidth, '.');
  os << llvm::format("\r[%s] epoch %u/%u  loss %.4f  val acc %.2f%%  "
                     "%.2fs/epoch  %s left\x1b[K",
                     bar.c_str(), r.epoch, r.epochs, r.loss, 100 * r.valAcc,
                     r.seconds, formatDuration(r.secondsLeft).c_str());
  if (r.epoch >= r.epochs)
    os << "\n";
  os.flush();
}

int usageError(const std::string &msg) {
  llvm::WithColor::error(llvm::errs(), "rasp-learn") << msg << "\n";
  llvm::errs() << "Try 'rasp-learn --help' for more information.\n";
  return 2;
}

int fail(const std::string &msg) {
  llvm::WithColor::error(llvm::errs(), "rasp-learn") << msg << "\n";
  return 1;
}

/// The program shape when the task gives none: the paper's best (Table 1,
/// spec §3) for its tasks, this for --from.
const learn::ProgramShape kFromShape = {3, 2, 2, 1, 1};

/// "dyck1 L3 H4+4 M1+1, ..." for --help.
std::string describeDefaults() {
  std::string s;
  for (const learn::PaperConfig &c : learn::getPaperConfigs())
    s += llvm::formatv("{0}{1} L{2} H{3}+{4} M{5}+{6}", s.empty() ? "" : ", ",
                       c.task, c.best.layers, c.best.catHeads,
                       c.best.numHeads, c.best.catMlps, c.best.numMlps)
             .str();
  return s + llvm::formatv("; --from L{0} H{1}+{2} M{3}+{4}",
                           kFromShape.layers, kFromShape.catHeads,
                           kFromShape.numHeads, kFromShape.catMlps,
                           kFromShape.numMlps)
                 .str();
}

/// Agreement and accuracy of the re-parsed program on \p data.
struct ProgramScore {
  size_t agree = 0, correct = 0, total = 0;
  std::string error;
};

ProgramScore scoreProgram(ir::Op *op, const learn::Program &prog,
                          const learn::Dataset &d,
                          const std::vector<learn::Example> &data) {
  ProgramScore s;
  for (const learn::Example &e : data) {
    std::vector<Atom> atoms;
    for (int c : e.input)
      atoms.push_back(Atom::string(d.tokens[c]));
    interp::Interpreter in = interp::Interpreter::fromAtoms(std::move(atoms));
    interp::EvalError err;
    const interp::Sequence *seq = in.evalSOp(op, err);
    if (!seq) {
      s.error = err.message;
      return s;
    }
    std::vector<int> model = prog.run(e.input);
    for (size_t i = 0; i < e.target.size(); ++i) {
      if (e.target[i] < 0)
        continue;
      std::string got = py::str(seq->values[i]);
      ++s.total;
      s.agree += got == d.labels[model[i]];
      s.correct += got == d.labels[e.target[i]];
    }
  }
  return s;
}
/// What --check-compile found.
struct CompileCheck {
  size_t agree = 0, total = 0, inputs = 0;
  std::string error;
};

/// Runs the compiled model on the first \p limit (0: all) examples of
/// \p data and compares its label at every position with the program's
/// (Program::run, which the printed program matches).
CompileCheck checkCompiled(const compile::CompiledModel &cm,
                           const std::vector<std::string> &vocab,
                           const learn::Program &prog, const learn::Dataset &d,
                           const std::vector<learn::Example> &data,
                           unsigned limit) {
  CompileCheck c;
  std::map<std::string, unsigned> idOf;
  for (unsigned i = 0; i < vocab.size(); ++i)
    idOf[vocab[i]] = i;
  for (const learn::Example &e : data) {
    if (limit && c.inputs == limit)
      break;
    ++c.inputs;
    std::vector<unsigned> ids{cm.model.config.bosId};
    for (int t : e.input)
      ids.push_back(idOf.at(d.tokens[t]));
    auto out = compile::runCompiled(cm, ids);
    if (!out) {
      c.error = llvm::toString(out.takeError());
      return c;
    }
    std::vector<int> want = prog.run(e.input);
    for (size_t i = 0; i < want.size() && i < out->size(); ++i) {
      ++c.total;
      c.agree += py::str((*out)[i]) == d.labels[want[i]];
    }
  }
  return c;
}

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
      "Usage: rasp-learn --task NAME [options]\n"
      "       rasp-learn --from prog.rasp --sop NAME --vocab a,b,c "
      "--max-seq-len N [options]\n\n"
      "Trains a categorical Transformer Program, prints it as RASP and checks "
      "that the\nprinted program agrees with the discretized model.\n\n"
      "Options");
  visible.add_options()("help,h", "show this help and exit")(
      "task", po::value<std::string>(),
      "reverse, hist, double_hist, sort, most_freq, dyck1, dyck2 or "
      "induction")(
      "from", po::value<std::string>(),
      "learn the s-op --sop of this RASP program instead of a task")(
      "sop", po::value<std::string>(), "the s-op of --from to learn")(
      "max-nesting",
      tools::unsignedValue<unsigned>()->default_value(
          ParseOptions::kDefaultMaxNesting),
      "--from: how deeply brackets, parentheses and prefix operators may "
      "nest in the program (10 to 1000000)")(
      "max-input-length",
      tools::unsignedValue<unsigned>()->default_value(
          eval::SessionOptions::kDefaultMaxInputLength),
      "--from: the longest input the program may evaluate an s-op on while "
      "it runs (set example, applications), in tokens (at most 65535)")(
      "vocab", po::value<std::string>(),
      "--from: comma-separated input tokens")(
      "max-seq-len", tools::unsignedValue<unsigned>()->default_value(0),
      "padded length with BOS (0: the task's, 8; 16 for dyck1)")(
      "dataset-size", tools::unsignedValue<unsigned>()->default_value(20000),
      "distinct inputs before the 81/9/10 split")(
      "vocab-size", tools::unsignedValue<unsigned>()->default_value(0),
      "the paper's V (tokens the generator uses incl. BOS/EOS; 0: the "
      "task's,\n8; 10 for induction)")(
      "data-seed", tools::unsignedValue<uint64_t>()->default_value(0),
      "data seed")("seed", tools::unsignedValue<uint64_t>()->default_value(0),
                   "training seed")(
      "epochs", tools::unsignedValue<unsigned>()->default_value(250),
      "epochs")("layers", tools::unsignedValue<unsigned>(),
                "layers (default: the task's, see below)")(
      "heads", tools::unsignedValue<unsigned>(),
      "categorical heads per layer (default: the task's)")(
      "num-heads", tools::unsignedValue<unsigned>(),
      "numerical heads per layer (default: the task's)")(
      "mlps", tools::unsignedValue<unsigned>(),
      "categorical MLPs per layer (default: the task's)")(
      "num-mlps", tools::unsignedValue<unsigned>(),
      "numerical MLPs per layer (default: the task's)")(
      "d-var", po::value<int64_t>()->default_value(0),
      "k, the number of values of every categorical variable (the "
      "reference's --d_var); 0: the task's, max(#tokens, max length), which "
      "is also the least allowed")(
      "variables", po::value<int64_t>()->default_value(0),
      "0: the tokens are one fixed one-hot variable, tok (the reference's "
      "--one_hot_embed, the paper's RASP setting); N (at most 32): N learned "
      "categorical embedding variables of the tokens instead (the "
      "reference's --n_vars_cat), embed_0..embed_N-1, each printed as a "
      "table of the token")("lr",
                            po::value<double>()->default_value(0.05, "0.05"),
                            "Adam learning rate")(
      "batch-size", tools::unsignedValue<unsigned>()->default_value(512),
      "batch size")(
      "threads", tools::unsignedValue<unsigned>()->default_value(2),
      "1 or 2: each batch is split in two halves, run in parallel with 2\n"
      "(results do not depend on it)")("output,o", po::value<std::string>(),
                                       "write the learned RASP program")(
      "save-model", po::value<std::string>(),
      "write the trained parameters (safetensors)")(
      "check-compile", tools::unsignedValue<unsigned>()->implicit_value(0),
      "compile the printed program (as rasp-compile does) and require the "
      "compiled transformer to give the program's label at every position "
      "of the test inputs (=N: the first N of them)")(
      "min-agreement", po::value<double>()->default_value(1.0),
      "fail unless program and model agree on this fraction of test labels")(
      "print-data", tools::unsignedValue<unsigned>(),
      "print the sizes and the first N training examples, then exit")(
      "emit-sketch",
      "print the sketch IR (the program's skeleton with its holes: "
      "?choose,\n?...pred, ?...table, ?classifier...) and exit without "
      "training")(
      "quiet,q", "no progress lines")(
      "progress", po::value<std::string>()->default_value("auto"),
      "auto, bar or lines: a progress bar redrawn in place (auto: when "
      "stderr\nis a terminal) or one line per epoch")(
      "draw", po::value<std::string>(),
      "write a self-contained HTML page: the learned program on the first "
      "test input (graph, selectors, values) and the training curves");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(argc, argv).options(visible).run(), vm);
    po::notify(vm);
  } catch (const po::error &e) {
    return usageError(e.what());
  }
  if (vm.count("help")) {
    std::cout << visible << "\nDefault shapes (layers, heads and MLPs per "
              << "layer, categorical+numerical; the\npaper's Table 1): "
              << describeDefaults() << "\n";
    return 0;
  }
  const std::string &progress = vm["progress"].as<std::string>();
  if (progress != "auto" && progress != "bar" && progress != "lines")
    return usageError("--progress must be auto, bar or lines, not '" +
                      progress + "'");
  bool progressBar =
      progress == "bar" || (progress == "auto" && llvm::errs().is_displayed());
  bool fromProgram = vm.count("from");
  if (fromProgram == bool(vm.count("task")))
    return usageError("give exactly one of --task NAME and --from FILE");
  std::string task = fromProgram ? "from" : vm["task"].as<std::string>();
  if (!fromProgram && !learn::getPaperConfig(task)) {
    std::string known;
    for (const std::string &t : learn::getTaskNames())
      known += (known.empty() ? "" : ", ") + t;
    return usageError("unknown task '" + task + "' (known tasks: " + known +
                      ")");
  }
  if (fromProgram && (!vm.count("sop") || !vm.count("vocab")))
    return usageError("--from needs --sop NAME and --vocab a,b,c");
  unsigned maxNesting = vm["max-nesting"].as<unsigned>();
  unsigned maxInputLength = vm["max-input-length"].as<unsigned>();
  if (std::string why = eval::limitFlagsError(maxNesting, maxInputLength);
      !why.empty())
    return usageError(why);

  learn::TaskOptions topts;
  topts.datasetSize = vm["dataset-size"].as<unsigned>();
  topts.vocabSize = vm["vocab-size"].as<unsigned>();
  topts.maxLen = vm["max-seq-len"].as<unsigned>();
  topts.seed = vm["data-seed"].as<uint64_t>();
  if (topts.datasetSize < 10)
    return usageError("--dataset-size must be at least 10");

  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm, llvm::errs(), "rasp-learn");
  std::string sink;
  llvm::raw_string_ostream sinkOS(sink);
  // The --from program lives in its own session.
  std::unique_ptr<eval::Session> fromSession;
  llvm::Expected<learn::Dataset> data =
      llvm::createStringError(llvm::inconvertibleErrorCode(), "no data");
  if (fromProgram) {
    llvm::consumeError(data.takeError());
    std::string path = vm["from"].as<std::string>();
    auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
    if (!buf)
      return fail("cannot open '" + path + "': " + buf.getError().message());
    eval::SessionOptions fromOptions;
    fromOptions.maxNesting = maxNesting;
    fromOptions.maxInputLength = maxInputLength;
    fromSession = std::make_unique<eval::Session>(sinkOS, sm, fromOptions);
    if (!fromSession->runFile(path, (*buf)->getBuffer(), diags))
      return 1;
    std::string why;
    ir::Op *op = fromSession->lookupOp(vm["sop"].as<std::string>(), why);
    if (!op)
      return fail(why + " in '" + path + "'");
    std::vector<std::string> vocab;
    llvm::SmallVector<llvm::StringRef, 16> items;
    llvm::StringRef(vm["vocab"].as<std::string>()).split(items, ',');
    for (llvm::StringRef it : items) {
      if (it.empty() || it.contains('"'))
        return usageError("bad vocabulary item '" + it.str() + "' in --vocab");
      if (!llvm::is_contained(vocab, it.str()))
        vocab.push_back(it.str());
    }
    data = learn::makeTaskFromProgram(
        op, vocab, topts, [&](const ir::Op *failing) {
          std::string name = fromSession->getOpName(failing);
          return name.empty() ? "" : "'" + name + "' of " + path;
        });
  } else {
    llvm::consumeError(data.takeError());
    data = learn::makeTask(task, topts);
  }
  if (!data)
    return fail(llvm::toString(data.takeError()));

  if (vm.count("print-data")) {
    llvm::outs() << "task " << data->name << ": train " << data->train.size()
                 << ", val " << data->val.size() << ", test "
                 << data->test.size() << ", max length " << data->maxLen
                 << (data->causal ? ", causal" : "") << "\ntokens:";
    for (const std::string &t : data->tokens)
      llvm::outs() << " " << t;
    llvm::outs() << "\nlabels:";
    for (const std::string &l : data->labels)
      llvm::outs() << " " << l;
    llvm::outs() << "\n";
    unsigned n = vm["print-data"].as<unsigned>();
    for (unsigned i = 0; i < n && i < data->train.size(); ++i)
      llvm::outs() << learn::formatExample(*data, data->train[i]) << "\n";
    return 0;
  }

  learn::TrainOptions opts;
  const learn::PaperConfig *paper =
      fromProgram ? nullptr : learn::getPaperConfig(task);
  const learn::ProgramShape def = paper ? paper->best : kFromShape;
  opts.layers = vm.count("layers") ? vm["layers"].as<unsigned>() : def.layers;
  opts.heads = vm.count("heads") ? vm["heads"].as<unsigned>() : def.catHeads;
  opts.mlps = vm.count("mlps") ? vm["mlps"].as<unsigned>() : def.catMlps;
  opts.numHeads =
      vm.count("num-heads") ? vm["num-heads"].as<unsigned>() : def.numHeads;
  opts.numMlps =
      vm.count("num-mlps") ? vm["num-mlps"].as<unsigned>() : def.numMlps;
  opts.epochs = vm["epochs"].as<unsigned>();
  opts.lr = vm["lr"].as<double>();
  opts.batchSize = vm["batch-size"].as<unsigned>();
  opts.threads = vm["threads"].as<unsigned>();
  opts.seed = vm["seed"].as<uint64_t>();
  if (opts.layers == 0 || opts.epochs == 0 || opts.batchSize == 0 ||
      opts.threads == 0 || !(opts.lr > 0))
    return usageError("--layers, --epochs, --batch-size, --threads and --lr "
                      "must be positive");
  if (!std::isfinite(opts.lr))
    return usageError("--lr must be a finite number");
  if (double a = vm["min-agreement"].as<double>(); !(a >= 0 && a <= 1))
    return usageError("--min-agreement must be between 0 and 1");
  if (opts.heads + opts.numHeads == 0)
    return usageError("a program needs at least one head (--heads or "
                      "--num-heads)");
  if (opts.threads > 2)
    return usageError("--threads must be 1 or 2 (a batch is split in two)");
  if (int64_t n = vm["variables"].as<int64_t>();
      n >= 0 && n <= learn::kMaxEmbeddingVariables)
    opts.variables = unsigned(n);
  else
    return usageError(llvm::formatv("--variables {0} is out of range (0 to "
                                    "{1})",
                                    n, learn::kMaxEmbeddingVariables)
                          .str());
  if (int64_t k = vm["d-var"].as<int64_t>(); k != 0) {
    const unsigned lo = learn::minVariableCardinality(*data, opts.variables),
                   hi = learn::maxVariableCardinality(*data);
    if (k < lo || k > hi)
      return usageError(
          llvm::formatv(
              "--d-var {0} is out of range: {1} needs at least {2} "
              "(its {3} one-hot), and at most {4} is supported",
              k, data->name, lo,
              opts.variables ? "positions are" : "tokens and positions are", hi)
              .str());
    opts.dVar = unsigned(k);
  }
  // The sketch: the IR the trainer fills (include/rasp/Learn/Sketch.h).
  std::unique_ptr<learn::Sketch> sketch = learn::buildSketch(
      learn::getSketchConfig(*data, opts), data->tokens, data->labels);
  if (std::string bad = ir::verify(sketch->module, {sketch->output});
      !bad.empty())
    return fail("the sketch's IR is malformed: " + bad);
  if (vm.count("emit-sketch")) {
    llvm::outs() << "# task " << data->name << "\n";
    sketch->print(llvm::outs());
    return 0;
  }
  if (vm.count("save-model"))
    opts.saveModelPath = vm["save-model"].as<std::string>();
  bool quiet = vm.count("quiet");
  std::vector<draw::TrainingPoint> curve; // --draw (issue 6)
  opts.onEpoch = [&](const learn::EpochReport &r) {
    curve.push_back({r.epoch, r.loss, r.valAcc});
    if (quiet)
      return;
    if (!progressBar) {
      llvm::errs() << llvm::format(
          "epoch %u/%u  loss %.4f  val acc %.2f%%  %.2fs/epoch (cpu %.2fs)  "
          "%.0fs left\n",
          r.epoch, r.epochs, r.loss, 100 * r.valAcc, r.seconds, r.cpuSeconds,
          r.secondsLeft);
      return;
    }
    printProgressBar(llvm::errs(), r);
  };
  llvm::Expected<learn::Program> prog = learn::train(*data, opts);
  if (!prog)
    return fail(llvm::toString(prog.takeError()));

  // Print, re-parse and run the program.
  std::string text = prog->toRasp("learned");
  std::string progSink;
  llvm::raw_string_ostream progOS(progSink);
  eval::Session session(progOS, sm);
  if (!session.runFile("<learned>", text, diags))
    return fail("the printed program does not re-parse");
  std::string why;
  ir::Op *op = session.lookupOp("learned", why);
  if (!op)
    return fail("the printed program has no s-op 'learned': " + why);

  llvm::outs() << "split       model    program\n";
  double testAgreement = 0;
  for (auto [name, split] :
       {std::pair<const char *, const std::vector<learn::Example> *>{
            "train", &data->train},
        {"val", &data->val},
        {"test", &data->test}}) {
    ProgramScore s = scoreProgram(op, *prog, *data, *split);
    if (!s.error.empty())
      return fail("the printed program fails: " + s.error);
    double t = s.total ? double(s.total) : 1.0;
    llvm::outs() << llvm::format("%-6s %9.2f%% %9.2f%%\n", name,
                                 100 * learn::accuracy(*prog, *split),
                                 100 * s.correct / t);
    if (llvm::StringRef(name) == "test")
      testAgreement = s.agree / t;
  }
  llvm::outs() << llvm::format("program/model agreement on test: %.2f%%\n",
                               100 * testAgreement);
  // The sketch with every hole filled by the trained program's argmax
  // choices (learn::fillSketch), an ordinary IR program, run by the
  // interpreter: it must agree too.
  ir::Module irModule;
  std::string bad;
  ir::Op *irOp = learn::fillSketch(*sketch, *prog, irModule, bad);
  if (!irOp)
    return fail("cannot fill the sketch: " + bad);
  bad = ir::verify({irOp});
  if (!bad.empty())
    return fail("the learned program's IR is malformed: " + bad);
  ProgramScore irScore = scoreProgram(irOp, *prog, *data, data->test);
  if (!irScore.error.empty())
    return fail("the learned program's IR fails: " + irScore.error);
  double irAgreement =
      irScore.agree / (irScore.total ? double(irScore.total) : 1.0);
  llvm::outs() << llvm::format("IR/model agreement on test: %.2f%%\n",
                               100 * irAgreement);
  testAgreement = std::min(testAgreement, irAgreement);
  if (vm.count("output")) {
    std::error_code ec;
    llvm::raw_fd_ostream out(vm["output"].as<std::string>(), ec);
    if (ec)
      return fail("cannot write '" + vm["output"].as<std::string>() +
                  "': " + ec.message());
    out << text;
  }
  // Drawings (issue 6): the re-parsed program (it has the printed names)
  // on the first test input, with the training curves.
  if (vm.count("draw")) {
    const std::vector<learn::Example> &from =
        data->test.empty() ? data->train : data->test;
    std::vector<Atom> atoms;
    if (!from.empty())
      for (int c : from.front().input)
        atoms.push_back(Atom::string(data->tokens[c]));
    interp::Interpreter in = interp::Interpreter::fromAtoms(std::move(atoms));
    auto nameOf = [&](const ir::Op *o) { return session.getOpName(o); };
    llvm::Expected<std::string> page = draw::renderLearnedPage(
        op, "rasp-learn: " + data->name, in, nameOf, curve);
    llvm::Error err =
        page ? draw::writeFileAtomically(vm["draw"].as<std::string>(), *page)
             : page.takeError();
    if (err)
      return fail("--draw: " + llvm::toString(std::move(err)));
  }
  // Back to weights (issue 4 item 6): the printed program compiled.
  if (vm.count("check-compile")) {
    compile::CompileOptions copts;
    for (size_t t = 1; t < data->tokens.size(); ++t)
      copts.vocab.push_back(data->tokens[t]);
    copts.maxSeqLen = prog->cfg.maxLen;
    copts.outputName = "learned";
    std::optional<compile::CompiledModel> cm =
        compile::compileToModel(op, copts, diags);
    if (!cm)
      return fail("the printed program does not compile");
    const model::ModelConfig &mc = cm->model.config;
    llvm::outs() << llvm::formatv(
        "compiled model: {0} layers, d_model {1}, {2} heads, key size {3}, "
        "MLP hidden {4}, {5} parameters\n",
        mc.numLayers, mc.dModel, mc.numHeads, mc.keySize, mc.mlpHidden,
        countParameters(cm->model));
    CompileCheck cc =
        checkCompiled(*cm, copts.vocab, *prog, *data, data->test,
                      vm["check-compile"].as<unsigned>());
    if (!cc.error.empty())
      return fail("the compiled model fails: " + cc.error);
    double a = cc.total ? double(cc.agree) / double(cc.total) : 1.0;
    llvm::outs() << llvm::format(
        "compiled model/program agreement on test: %.2f%% (%zu inputs, %zu "
        "positions)\n",
        100 * a, cc.inputs, cc.total);
    if (cc.agree != cc.total)
      return fail(llvm::formatv("the compiled model and the program differ "
                                "at {0} of {1} test positions",
                                cc.total - cc.agree, cc.total)
                      .str());
  }
  if (testAgreement < vm["min-agreement"].as<double>())
    return fail(llvm::formatv("program (or its IR) and model agree on only "
                              "{0:P} of the test labels",
                              testAgreement)
                    .str());
  return 0;
}
