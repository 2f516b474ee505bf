//===- ProgramTest.cpp - The filled program as IR agrees with the model ---===//
//
// Random fillings of sketches (every hole drawn at random, so every shape
// of head, table and clamp occurs, not only what training happens to find):
// learn::toIR's ops run by the interpreter give exactly Program::run's
// labels on random inputs, causal and not, including ties in the
// classifier and clamped numerical-MLP inputs. The same IR compiled by
// lib/Compile gives them too (back to weights, issue 4 item 6). The sketch
// (learn::buildSketch) filled with the same choices (learn::fillSketch)
// gives them too; unfilled, every consumer rejects it naming a hole.
//
//===----------------------------------------------------------------------===//

#include "rasp/Compile/Compile.h"
#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Learn/Program.h"
#include "rasp/Learn/Sketch.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <random>

using namespace rasp;
using namespace rasp::learn;

namespace {
Program randomProgram(std::mt19937 &rng, bool causal, bool clamp,
                      unsigned variables = 0) {
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
  c.variables = variables;
  // Embedding variables: a random value per token code.
  for (unsigned v = 0; v < variables; ++v) {
    p.embed.emplace_back();
    for (size_t t = 0; t < p.tokens.size(); ++t)
      p.embed[v].push_back(pick(c.k));
  }
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

std::vector<int> randomInput(std::mt19937 &rng, const Program &p) {
  std::vector<int> codes{1};
  unsigned len = 1 + rng() % (p.cfg.maxLen - 1);
  for (unsigned i = 0; i < len; ++i)
    codes.push_back(2 + rng() % 4);
  return codes;
}

interp::Interpreter interpreterFor(const Program &p,
                                   const std::vector<int> &codes) {
  std::vector<Atom> atoms;
  for (int c : codes)
    atoms.push_back(Atom::string(p.tokens[c]));
  return interp::Interpreter::fromAtoms(std::move(atoms));
}

/// Compiles \p op, a program of \p p's form (toIR's or a filled
/// sketch's: the classifier becomes the unembedding), and runs the model on
/// \p inputs random inputs: every position gets Program::run's label, ties
/// included. \p prog numbers the program in failure messages.
void checkCompiledAgrees(const Program &p, ir::Op *op, std::mt19937 &rng,
                         unsigned inputs, unsigned prog) {
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
  for (unsigned in = 0; in < inputs; ++in) {
    std::vector<int> codes = randomInput(rng, p);
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

void checkAgreement(bool causal, bool clamp, unsigned seed,
                    unsigned variables = 0) {
  std::mt19937 rng(seed);
  for (unsigned prog = 0; prog < 20; ++prog) {
    Program p = randomProgram(rng, causal, clamp, variables);
    ir::Module m;
    ir::Op *op = toIR(p, m);
    ASSERT_EQ(ir::verify({op}), "");
    for (unsigned in = 0; in < 20; ++in) {
      std::vector<int> codes = randomInput(rng, p);
      interp::Interpreter interp = interpreterFor(p, codes);
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
TEST(LearnProgram, IRAgreesWithModelEmbeddingVariables) {
  checkAgreement(false, false, 4, 2);
  checkAgreement(true, true, 5, 1);
}

namespace {
/// Compiles learn::toIR's output and runs the model on random inputs.
void checkCompiled(bool causal, bool clamp, unsigned seed,
                   unsigned variables = 0) {
  std::mt19937 rng(seed);
  for (unsigned prog = 0; prog < 4; ++prog) {
    Program p = randomProgram(rng, causal, clamp, variables);
    ir::Module m;
    ir::Op *op = toIR(p, m);
    ASSERT_NO_FATAL_FAILURE(checkCompiledAgrees(p, op, rng, 30, prog));
  }
}
} // namespace

TEST(LearnProgram, CompiledModelAgreesWithProgram) {
  checkCompiled(false, false, 11);
}
TEST(LearnProgram, CompiledModelAgreesWithProgramCausal) {
  checkCompiled(true, true, 12);
}
TEST(LearnProgram, CompiledModelAgreesWithProgramEmbeddingVariables) {
  checkCompiled(false, false, 13, 2);
}

namespace {
/// Random fillings: the filled sketch is an ordinary program (it verifies
/// without the sketch mark) and gives, on random inputs, exactly toIR's
/// program's values and Program::run's labels.
void checkFilledSketch(bool causal, bool clamp, unsigned seed,
                       unsigned variables = 0) {
  std::mt19937 rng(seed);
  for (unsigned prog = 0; prog < 20; ++prog) {
    Program p = randomProgram(rng, causal, clamp, variables);
    std::unique_ptr<Sketch> sk = buildSketch(p.cfg, p.tokens, p.labels);
    ASSERT_EQ(ir::verify(sk->module, {sk->output}), "");
    ASSERT_EQ(checkTrainerReads(*sk), "");
    ir::Module filled;
    std::string error;
    ir::Op *op = fillSketch(*sk, p, filled, error);
    ASSERT_TRUE(op) << error;
    ASSERT_FALSE(filled.isSketch());
    ASSERT_EQ(ir::verify({op}), "");
    ASSERT_EQ(ir::describeFirstHole({op}), "");
    ir::Module direct;
    ir::Op *ref = toIR(p, direct);
    for (unsigned in = 0; in < 20; ++in) {
      std::vector<int> codes = randomInput(rng, p);
      interp::Interpreter a = interpreterFor(p, codes),
                          b = interpreterFor(p, codes);
      interp::EvalError err;
      const interp::Sequence *got = a.evalSOp(op, err);
      ASSERT_TRUE(got) << err.message;
      const interp::Sequence *want = b.evalSOp(ref, err);
      ASSERT_TRUE(want) << err.message;
      std::vector<int> model = p.run(codes);
      ASSERT_EQ(got->values.size(), model.size());
      for (size_t i = 0; i < model.size(); ++i) {
        EXPECT_EQ(py::str(got->values[i]), py::str(want->values[i]))
            << "program " << prog << " input " << in << " position " << i;
        EXPECT_EQ(py::str(got->values[i]), p.labels[model[i]])
            << "program " << prog << " input " << in << " position " << i;
      }
    }
  }
}
} // namespace

TEST(LearnSketch, FilledSketchAgreesWithToIR) {
  checkFilledSketch(false, false, 21);
}
TEST(LearnSketch, FilledSketchAgreesWithToIRCausal) {
  checkFilledSketch(true, false, 22);
}
TEST(LearnSketch, FilledSketchAgreesWithToIRClampedTables) {
  checkFilledSketch(false, true, 23);
}
TEST(LearnSketch, FilledSketchAgreesWithToIREmbeddingVariables) {
  checkFilledSketch(false, false, 25, 2);
  checkFilledSketch(true, false, 26, 3);
}

TEST(LearnSketch, EmbeddingHoles) {
  // --variables 2: the tokens are read through embed_0 and embed_1, each a
  // function hole of the token code; heads choose among them and pos.
  std::mt19937 rng(27);
  Program p = randomProgram(rng, false, false, 2);
  std::unique_ptr<Sketch> sk = buildSketch(p.cfg, p.tokens, p.labels);
  EXPECT_EQ(sk->catVars.size(), p.cfg.numVars());
  EXPECT_EQ(sk->nameOf(sk->catVars[0]), "embed_0");
  EXPECT_EQ(sk->nameOf(sk->catVars[1]), "embed_1");
  EXPECT_EQ(sk->nameOf(sk->catVars[2]), "pos");
  const Sketch::Choice &c = sk->choices[0];
  EXPECT_EQ(c.op->getName(), "attn_0_0.key");
  EXPECT_EQ(c.op->getNumOperands(), 3u);
  std::string text;
  llvm::raw_string_ostream os(text);
  sk->print(os);
  EXPECT_NE(os.str().find(", 2 embedding variables; "), std::string::npos);
  EXPECT_NE(text.find("{?embed_0.table[6->6](x0)} : sop  # embed_0"),
            std::string::npos);
  EXPECT_NE(text.find("{?embed_1.table[6->6](x0)} : sop  # embed_1"),
            std::string::npos);
  EXPECT_NE(text.find("{?classifier.1.embed_1[6](x0)}"), std::string::npos);
  EXPECT_EQ(text.find("{?classifier.1.tok"), std::string::npos);
  // A program without the tables, or with one too short, does not fill it.
  ir::Module out;
  std::string error;
  Program q = p;
  q.embed[1].pop_back();
  EXPECT_EQ(fillSketch(*sk, q, out, error), nullptr);
  EXPECT_EQ(error, "the program's embedding variables do not have the "
                   "sketch's shape");
  q.cfg.variables = 0;
  EXPECT_EQ(fillSketch(*sk, q, out, error), nullptr);
  EXPECT_EQ(error, "the program does not have the sketch's shape");
}

TEST(LearnSketch, FilledSketchCompiles) {
  // Back to weights from the filled sketch too: the compiled model gives
  // Program::run's label at every position.
  std::mt19937 rng(24);
  for (unsigned prog = 0; prog < 2; ++prog) {
    Program p = randomProgram(rng, prog == 1, prog == 1);
    std::unique_ptr<Sketch> sk = buildSketch(p.cfg, p.tokens, p.labels);
    ir::Module filled;
    std::string error;
    ir::Op *op = fillSketch(*sk, p, filled, error);
    ASSERT_TRUE(op) << error;
    ASSERT_NO_FATAL_FAILURE(checkCompiledAgrees(p, op, rng, 20, prog));
  }
}

TEST(LearnSketch, HolesAndShape) {
  std::mt19937 rng(5);
  Program p = randomProgram(rng, false, false);
  std::unique_ptr<Sketch> sk = buildSketch(p.cfg, p.tokens, p.labels);
  // 2 layers x (2 + 2 heads x 3 reads + (1 + 1) MLPs x 2 reads).
  EXPECT_EQ(sk->choices.size(), 2u * (2 * 3 + 2 * 3 + 2 + 2));
  EXPECT_EQ(sk->catVars.size(), p.cfg.numVars());
  EXPECT_EQ(sk->numVars.size(), p.cfg.numNumVars());
  // Layer 1's first head may read tok, pos and layer 0's four categorical
  // variables (two heads, an MLP, a numerical MLP).
  const Sketch::Choice &c = sk->choices[2 * 3 + 2 * 3 + 2 + 2];
  EXPECT_EQ(c.op->getName(), "attn_1_0.key");
  EXPECT_EQ(c.op->getNumOperands(), 6u);
  EXPECT_EQ(sk->nameOf(c.op->getOperand(5)), "num_mlp_0_0");
  // Its numerical counterpart's value: ones and layer 0's numerical heads.
  const Sketch::Choice &v = sk->choices[2 * 3 + 2 * 3 + 2 + 2 + 2 * 3 + 2];
  EXPECT_EQ(v.op->getName(), "num_attn_1_0.value");
  ASSERT_EQ(v.op->getNumOperands(), 3u);
  EXPECT_EQ(sk->nameOf(v.op->getOperand(2)), "num_attn_0_1");
  std::string text;
  llvm::raw_string_ostream os(text);
  sk->print(os);
  EXPECT_NE(os.str().find("?choose[attn_1_0.key]"), std::string::npos);
  EXPECT_NE(text.find("{?attn_0_1.pred[6x6](x0)}"), std::string::npos);
  EXPECT_NE(text.find("{?mlp_1_0.table[6x6->6](x0, x1)}"), std::string::npos);
  EXPECT_NE(text.find("{?num_mlp_1_0.table[int,int->6](x0, x1)}"),
            std::string::npos);
  EXPECT_NE(text.find("{?classifier.2.num_attn_1_1[1](x0)}"),
            std::string::npos);
  // Not an ordinary program.
  EXPECT_EQ(ir::verify({sk->output}),
            "unfilled hole 'attn_0_0.key' (%6, ?choose among 2 candidates): "
            "holes are allowed only in a sketch module");
}

TEST(LearnSketch, ConsumersRejectUnfilledHoles) {
  std::mt19937 rng(6);
  Program p = randomProgram(rng, false, false);
  std::unique_ptr<Sketch> sk = buildSketch(p.cfg, p.tokens, p.labels);
  interp::Interpreter in = interpreterFor(p, {1, 2, 3});
  interp::EvalError err;
  EXPECT_EQ(in.evalSOp(sk->output, err), nullptr);
  EXPECT_EQ(err.message, "cannot run unfilled hole 'attn_0_0.key' (%6, "
                         "?choose among 2 candidates): fill the sketch first");
  compile::CompileOptions opts;
  opts.vocab.assign(p.tokens.begin() + 1, p.tokens.end());
  opts.maxSeqLen = p.cfg.maxLen;
  std::string msgs;
  llvm::raw_string_ostream os(msgs);
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm, os, "compile");
  EXPECT_FALSE(compile::compileToModel(sk->output, opts, diags));
  EXPECT_NE(os.str().find("cannot compile: unfilled hole 'attn_0_0.key' (%6, "
                          "?choose among 2 candidates): fill the sketch first"),
            std::string::npos)
      << msgs;
}

TEST(LearnSketch, FillRejectsAProgramOfAnotherShape) {
  std::mt19937 rng(7);
  Program p = randomProgram(rng, false, false);
  std::unique_ptr<Sketch> sk = buildSketch(p.cfg, p.tokens, p.labels);
  ir::Module out;
  std::string error;
  // A head of layer 0 reading a variable of layer 1.
  p.heads[0][1].valueVar = 5;
  EXPECT_EQ(fillSketch(*sk, p, out, error), nullptr);
  EXPECT_EQ(error, "hole 'attn_0_1.value': choice 5 is not one of its 2 "
                   "candidates");
  p.cfg.layers = 1;
  EXPECT_EQ(fillSketch(*sk, p, out, error), nullptr);
  EXPECT_EQ(error, "the program does not have the sketch's shape");
}
