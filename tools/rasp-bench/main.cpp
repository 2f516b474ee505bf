//===- main.cpp - rasp-bench: compile time and forward throughput ---------===//
//
// rasp-bench prog.rasp SOP VOCAB N [SECONDS] [BATCH] [REPS]
//
// Times the compilation of s-op SOP (program evaluation included, best of 3,
// or 1 if it takes over 2 s)
// at vocabulary VOCAB (comma-separated) and maximum length N, then runs the
// compiled model's Eigen forward pass on random full-length inputs (batches
// of BATCH, default 64) for about SECONDS (default 2) and prints one line:
//
//   sop N layers d_model params total_ms compile_ms flops_per_input
//   inputs_per_s gflops_per_s
//
// total_ms includes running the program (standard library, value checks on
// the example); compile_ms is compileToModel alone: the best of 3 wall-clock
// runs, or with REPS > 0 the best process CPU time of REPS more compiles of
// the same s-op (0.001 ms resolution; use on a loaded machine).
//
// flops_per_input is model::countForwardFlops at N + 1 positions; GFLOP/s is
// that times inputs/s. Used by bench/compiler.sh; never run as a test.
//
//===----------------------------------------------------------------------===//

#include "rasp/Compile/Compile.h"
#include "rasp/Eval/Session.h"
#include "rasp/Model/Forward.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>

using namespace rasp;
using Clock = std::chrono::steady_clock;

namespace {
void printUsage() {
  llvm::errs() << "usage: rasp-bench prog.rasp SOP VOCAB N [SECONDS] "
                  "[BATCH]\n";
}

/// Reads the numeric argument \p name into \p out: a plain decimal number
/// (no sign) of at least \p lo that fits in T. Otherwise prints the usage
/// error and returns false.
template <class T>
bool parseCount(const char *name, llvm::StringRef arg, T lo, T &out) {
  if (!arg.getAsInteger(10, out) && out >= lo)
    return true;
  llvm::WithColor::error(llvm::errs(), "rasp-bench")
      << name << " must be a whole number of at least " << uint64_t(lo)
      << ", not '" << arg << "'\n";
  printUsage();
  return false;
}
} // namespace

int main(int argc, char **argv) {
  if (argc < 5) {
    printUsage();
    return 2;
  }
  std::string path = argv[1], sop = argv[2];
  compile::CompileOptions copts;
  llvm::SmallVector<llvm::StringRef, 16> items;
  llvm::StringRef(argv[3]).split(items, ',');
  for (llvm::StringRef it : items)
    copts.vocab.push_back(it.str());
  if (!parseCount("N", argv[4], 1u, copts.maxSeqLen))
    return 2;
  copts.outputName = sop;
  double seconds = 2.0;
  if (argc > 5 && (llvm::StringRef(argv[5]).getAsDouble(seconds) ||
                   !(seconds >= 0) || !std::isfinite(seconds))) {
    llvm::WithColor::error(llvm::errs(), "rasp-bench")
        << "SECONDS must be a finite number of at least 0, not '" << argv[5]
        << "'\n";
    printUsage();
    return 2;
  }
  unsigned batchSize = 64, reps = 0;
  if (argc > 6 && !parseCount("BATCH", argv[6], 1u, batchSize))
    return 2;
  if (argc > 7 && !parseCount("REPS", argv[7], 0u, reps))
    return 2;

  auto buf = llvm::MemoryBuffer::getFile(path, /*IsText=*/true);
  if (!buf) {
    llvm::errs() << "rasp-bench: cannot open '" << path << "'\n";
    return 1;
  }
  std::string text = (*buf)->getBuffer().str();
  std::optional<compile::CompiledModel> compiled;
  double bestMs = 1e300, bestCompileMs = 1e300;
  for (int rep = 0; rep < 3 && (rep == 0 || bestMs < 2000); ++rep) {
    llvm::SourceMgr sm;
    DiagnosticEngine diags(sm, llvm::errs(), "rasp-bench");
    std::string sink;
    llvm::raw_string_ostream os(sink);
    eval::SessionOptions sopts;
    sopts.encodingAnnotations = true;
    auto t0 = Clock::now();
    eval::Session session(os, sm, sopts);
    if (!session.runFile(path, text, diags))
      return 1;
    std::string why;
    ir::Op *op = session.lookupOp(sop, why);
    if (!op) {
      diags.error(why);
      return 1;
    }
    auto tc = Clock::now();
    compiled = compile::compileToModel(op, copts, diags);
    auto t1 = Clock::now();
    if (!compiled)
      return 1;
    bestMs = std::min(
        bestMs, std::chrono::duration<double, std::milli>(t1 - t0).count());
    bestCompileMs = std::min(
        bestCompileMs,
        std::chrono::duration<double, std::milli>(t1 - tc).count());
  }
  if (!compiled)
    return 1;
  if (reps > 0) {
    // CPU time of compileToModel alone, best of reps (the session's s-op
    // is compiled again; compiling does not change the program).
    llvm::SourceMgr sm;
    DiagnosticEngine diags(sm, llvm::errs(), "rasp-bench");
    std::string sink;
    llvm::raw_string_ostream os(sink);
    eval::SessionOptions sopts;
    sopts.encodingAnnotations = true;
    eval::Session session(os, sm, sopts);
    if (!session.runFile(path, text, diags))
      return 1;
    std::string why;
    ir::Op *op = session.lookupOp(sop, why);
    if (!op)
      return 1;
    auto cpuMs = [] {
      timespec ts;
      clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
      return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
    };
    bestCompileMs = 1e300;
    for (unsigned r = 0; r < reps; ++r) {
      double c0 = cpuMs();
      compiled = compile::compileToModel(op, copts, diags);
      double c1 = cpuMs();
      if (!compiled)
        return 1;
      bestCompileMs = std::min(bestCompileMs, c1 - c0);
    }
  }
  const model::Model &m = compiled->model;
  size_t params = m.tokenEmbed.size() + m.posEmbed.size() + m.unembed.size();
  for (const model::Layer &l : m.layers)
    params += l.attn.wq.size() + l.attn.wk.size() + l.attn.wv.size() +
              l.attn.wo.size() + l.mlp.w1.size() + l.mlp.w2.size() +
              l.mlp.b1.size() + l.mlp.b2.size();

  std::mt19937 rng(1);
  std::uniform_int_distribution<unsigned> tok(0, copts.vocab.size() - 1);
  std::vector<std::vector<unsigned>> batch(batchSize);
  for (auto &seq : batch) {
    seq.push_back(m.config.bosId);
    for (unsigned i = 0; i < copts.maxSeqLen; ++i)
      seq.push_back(tok(rng));
  }
  uint64_t flops = model::countForwardFlops(m, copts.maxSeqLen + 1);
  // Warm up once, then run whole batches until the time is up.
  if (auto r = model::forwardBatch(m, batch); !r) {
    llvm::errs() << "rasp-bench: " << llvm::toString(r.takeError()) << "\n";
    return 1;
  }
  size_t done = 0;
  auto t0 = Clock::now();
  double elapsed = 0;
  do {
    auto r = model::forwardBatch(m, batch);
    if (!r) {
      llvm::errs() << "rasp-bench: " << llvm::toString(r.takeError()) << "\n";
      return 1;
    }
    done += batch.size();
    elapsed = std::chrono::duration<double>(Clock::now() - t0).count();
  } while (elapsed < seconds);
  double ips = done / elapsed;
  std::printf(reps > 0 ? "%s\t%u\t%u\t%u\t%zu\t%.1f\t%.3f\t%llu\t%.1f\t%.3f\n"
                       : "%s\t%u\t%u\t%u\t%zu\t%.1f\t%.1f\t%llu\t%.1f\t%.3f\n",
              sop.c_str(), copts.maxSeqLen, m.config.numLayers,
              m.config.dModel, params, bestMs, bestCompileMs,
              (unsigned long long)flops, ips, flops * ips / 1e9);
  return 0;
}
