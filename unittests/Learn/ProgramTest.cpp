//===- ProgramTest.cpp - The filled program as IR agrees with the model ---===//
//
// Random fillings of sketches (every hole drawn at random, so every shape
// of head, table and clamp occurs, not only what training happens to find):
// learn::toIR's ops run by the interpreter give exactly Program::run's
// labels on random inputs, causal and not, including ties in the
// classifier and clamped numerical-MLP inputs. The same IR compiled by
// lib/Compile gives them too (back to weights, issue 4 item 6).
//
//===----------------------------------------------------------------------===//

#include "rasp/Compile/Compile.h"
#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Learn/Program.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <random>

using namespace rasp;
using namespace rasp::learn;

namespace {
Program randomProgram(std::mt19937 &rng, bool causal, bool clamp) {
  auto pick = [&](unsigned n) { return unsigned(rng() % n); };
  Program p;
  p.tokens = {"<pad>", "<s>", "a", "b", "c", "d"};
  p.labels = {"x", "y", "z"};
  SketchConfig &c = p.cfg;
  c.layers = 2;
  c.heads = 2;
  c.numHeads = 2;
  c.mlps = 1;
  c.numMlps = 1;
  c.k = 6;
  c.maxLen = 6;
  c.causal = causal;
  auto head = [&](unsigned reads, unsigned valueReads) {
    HeadHoles h;
    h.keyVar = pick(reads);
    h.queryVar = pick(reads);
    h.valueVar = pick(valueReads);
    for (unsigned v = 0; v < c.k; ++v)
      h.pred.push_back(pick(c.k));
    return h;
  };
  for (unsigned l = 0; l < c.layers; ++l) {
    p.heads.emplace_back();
    p.numHeads.emplace_back();
    p.mlps.emplace_back();
    p.numMlps.emplace_back();
    for (unsigned h = 0; h < c.heads; ++h)
      p.heads[l].push_back(head(c.headReads(l), c.headReads(l)));
    for (unsigned h = 0; h < c.numHeads; ++h)
      p.numHeads[l].push_back(head(c.headReads(l), c.numHeadReads(l)));
    for (unsigned m = 0; m < c.mlps; ++m) {
      MlpHoles mh;
      mh.a = pick(c.mlpReads(l));
      mh.b = pick(c.mlpReads(l));
      for (unsigned i = 0; i < c.k * c.k; ++i)
        mh.table.push_back(pick(c.k));
      p.mlps[l].push_back(mh);
    }
    for (unsigned m = 0; m < c.numMlps; ++m) {
      MlpHoles mh;
      mh.a = pick(c.numMlpReads(l));
      mh.b = pick(c.numMlpReads(l));
      mh.aMax = p.numVarMax(mh.a);
      mh.bMax = p.numVarMax(mh.b);
      if (clamp) {
        mh.aMax = std::min<int64_t>(mh.aMax, 2);
        mh.bMax = std::min<int64_t>(mh.bMax, 3);
      }
      for (int64_t i = 0; i < (mh.aMax + 1) * (mh.bMax + 1); ++i)
        mh.table.push_back(pick(c.k));
      p.numMlps[l].push_back(mh);
    }
  }
  const unsigned weights = c.numVars() * c.k + c.numNumVars();
  for (unsigned lab = 0; lab < p.labels.size(); ++lab) {
    p.classifier.emplace_back();
    for (unsigned w = 0; w < weights; ++w) // small: many exact ties
      p.classifier[lab].push_back(int64_t(pick(5)) - 2);
  }
  return p;
}

void checkAgreement(bool causal, bool clamp, unsigned seed) {
  std::mt19937 rng(seed);
  for (unsigned prog = 0; prog < 20; ++prog) {
    Program p = randomProgram(rng, causal, clamp);
    ir::Module m;
    ir::Op *op = toIR(p, m);
    ASSERT_EQ(ir::verify({op}), "");
    for (unsigned in = 0; in < 20; ++in) {
      std::vector<int> codes{1};
      unsigned len = 1 + rng() % (p.cfg.maxLen - 1);
      for (unsigned i = 0; i < len; ++i)
        codes.push_back(2 + rng() % 4);
      std::vector<Atom> atoms;
      for (int c : codes)
        atoms.push_back(Atom::string(p.tokens[c]));
      interp::Interpreter interp =
          interp::Interpreter::fromAtoms(std::move(atoms));
      interp::EvalError err;
      const interp::Sequence *seq = interp.evalSOp(op, err);
      ASSERT_TRUE(seq) << err.message;
      std::vector<int> model = p.run(codes);
      ASSERT_EQ(seq->values.size(), model.size());
      for (size_t i = 0; i < model.size(); ++i)
        EXPECT_EQ(py::str(seq->values[i]), p.labels[model[i]])
            << "program " << prog << " input " << in << " position " << i;
    }
  }
}
} // namespace

TEST(LearnProgram, IRAgreesWithModel) { checkAgreement(false, false, 1); }
TEST(LearnProgram, IRAgreesWithModelCausal) { checkAgreement(true, false, 2); }
TEST(LearnProgram, IRAgreesWithModelClampedTables) {
  checkAgreement(false, true, 3);
}

namespace {
/// Compiles learn::toIR's output (the printed program's form: the
/// classifier becomes the unembedding) and runs the model on random inputs:
/// every position gets Program::run's label, ties included.
void checkCompiled(bool causal, bool clamp, unsigned seed) {
  std::mt19937 rng(seed);
  for (unsigned prog = 0; prog < 4; ++prog) {
    Program p = randomProgram(rng, causal, clamp);
    ir::Module m;
    ir::Op *op = toIR(p, m);
    compile::CompileOptions opts;
    opts.vocab.assign(p.tokens.begin() + 1, p.tokens.end());
    opts.maxSeqLen = p.cfg.maxLen;
    opts.outputName = "learned";
    std::string msgs;
    llvm::raw_string_ostream os(msgs);
    llvm::SourceMgr sm;
    DiagnosticEngine diags(sm, os, "compile");
    std::optional<compile::CompiledModel> cm =
        compile::compileToModel(op, opts, diags);
    ASSERT_TRUE(cm) << os.str();
    for (unsigned in = 0; in < 30; ++in) {
      std::vector<int> codes{1};
      unsigned len = 1 + rng() % (p.cfg.maxLen - 1);
      for (unsigned i = 0; i < len; ++i)
        codes.push_back(2 + rng() % 4);
      std::vector<unsigned> ids{cm->model.config.bosId};
      for (int c : codes)
        ids.push_back(unsigned(c - 1)); // vocab = tokens without <pad>
      auto out = compile::runCompiled(*cm, ids);
      ASSERT_TRUE(bool(out)) << llvm::toString(out.takeError());
      std::vector<int> model = p.run(codes);
      ASSERT_EQ(out->size(), model.size());
      for (size_t i = 0; i < model.size(); ++i)
        EXPECT_EQ(py::str((*out)[i]), p.labels[model[i]])
            << "program " << prog << " input " << in << " position " << i;
    }
  }
}
} // namespace

TEST(LearnProgram, CompiledModelAgreesWithProgram) {
  checkCompiled(false, false, 11);
}
TEST(LearnProgram, CompiledModelAgreesWithProgramCausal) {
  checkCompiled(true, true, 12);
}
