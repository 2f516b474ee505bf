//===- DrawTest.cpp - Unit tests for model traces and drawing pages -------===//

#include "rasp/Draw/Draw.h"
#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Model/Model.h"
#include "rasp/Model/Trace.h"

#include "gtest/gtest.h"

#include <cmath>

using namespace rasp;

namespace {

enum Dim { TokBOS, TokA, TokB, Pos0, Pos1, Pos2, Pos3, OutA, OutB, D };

/// Vocabulary {BOS, a, b}, max_seq_len 3, one layer, two heads, no MLP.
/// Head 0 attends from each position to itself (a large scale makes the
/// pattern one-hot) and copies its token to out:*; head 1 has zero weights
/// (uniform attention, writes nothing).
model::Model makeCopySelfModel() {
  model::ModelConfig c;
  c.vocab = {"BOS", "a", "b"};
  c.bosId = 0;
  c.maxSeqLen = 3;
  c.numLayers = 1;
  c.numHeads = 2;
  c.keySize = 4;
  c.valueSize = 2;
  c.mlpHidden = 1;
  c.dModel = D;
  c.residualLabels = {"tokens:BOS", "tokens:a", "tokens:b", "pos:0", "pos:1",
                      "pos:2",      "pos:3",    "out:a",    "out:b"};
  c.outputName = "out";
  c.outputLabels = {"a", "b"};
  c.attnScale = 1000.0f;
  model::Model m = model::Model::createZero(c);
  for (int t = 0; t < 3; ++t)
    m.tokenEmbed(t, TokBOS + t) = 1;
  for (int p = 0; p < 4; ++p)
    m.posEmbed(p, Pos0 + p) = 1;
  model::Attention &attn = m.layers[0].attn;
  for (int p = 0; p < 4; ++p) {
    attn.wq(Pos0 + p, p) = 1;
    attn.wk(Pos0 + p, p) = 1;
  }
  for (int j = 0; j < 2; ++j) {
    attn.wv(TokA + j, j) = 1;
    attn.wo(j, OutA + j) = 1;
    m.unembed(OutA + j, j) = 1;
  }
  m.layers[0].mlp.clear();
  return m;
}

TEST(Trace, RecordsPatternsResidualsAndSubspaces) {
  model::Model m = makeCopySelfModel();
  auto trace = model::traceLabels(m, {"b", "a"});
  ASSERT_TRUE(static_cast<bool>(trace)) << llvm::toString(trace.takeError());
  EXPECT_EQ(trace->tokens, (std::vector<std::string>{"BOS", "b", "a"}));
  ASSERT_EQ(trace->residuals.size(), 2u); // embed, layer 0 attn (no MLP)
  EXPECT_EQ(trace->residuals[0].stage, "embed");
  EXPECT_EQ(trace->residuals[1].stage, "layer 0 attn");
  ASSERT_EQ(trace->layers.size(), 1u);
  const model::LayerTrace &lt = trace->layers[0];
  EXPECT_TRUE(lt.hasAttention);
  EXPECT_FALSE(lt.hasMLP);
  ASSERT_EQ(lt.heads.size(), 2u);
  const model::HeadTrace &h0 = lt.heads[0], &h1 = lt.heads[1];
  EXPECT_EQ(h0.readsQuery, (std::vector<unsigned>{Pos0, Pos1, Pos2, Pos3}));
  EXPECT_EQ(h0.readsValue, (std::vector<unsigned>{TokA, TokB}));
  EXPECT_EQ(h0.writes, (std::vector<unsigned>{OutA, OutB}));
  EXPECT_TRUE(h0.isUsed());
  EXPECT_FALSE(h1.isUsed());
  ASSERT_EQ(h0.pattern.rows, 3u);
  for (unsigned q = 0; q < 3; ++q)
    for (unsigned k = 0; k < 3; ++k) {
      EXPECT_FLOAT_EQ(h0.pattern.at(q, k), q == k ? 1.0f : 0.0f);
      EXPECT_NEAR(h1.pattern.at(q, k), 1.0 / 3, 1e-6);
    }
  // The stream after the head holds the token copied to out:*.
  const model::TraceMatrix &after = trace->residuals[1].stream;
  EXPECT_EQ(after.at(1, OutB), 1.0f);
  EXPECT_EQ(after.at(1, OutA), 0.0f);
  EXPECT_EQ(after.at(2, OutA), 1.0f);
  EXPECT_EQ(trace->residuals[0].stream.at(2, OutA), 0.0f);
  EXPECT_EQ(trace->decoded, (std::vector<std::string>{"a", "b", "a"}));
  EXPECT_EQ(trace->outputLabels, (std::vector<std::string>{"a", "b"}));
}

TEST(Trace, BadInputIsAnError) {
  model::Model m = makeCopySelfModel();
  auto unknown = model::traceLabels(m, {"a", "z"});
  ASSERT_FALSE(static_cast<bool>(unknown));
  EXPECT_NE(llvm::toString(unknown.takeError()).find("'z'"),
            std::string::npos);
  auto tooLong = model::traceLabels(m, {"a", "a", "a", "a"});
  EXPECT_FALSE(static_cast<bool>(tooLong));
  llvm::consumeError(tooLong.takeError());
}

bool contains(const std::string &s, const std::string &part) {
  return s.find(part) != std::string::npos;
}

unsigned count(const std::string &s, const std::string &part) {
  unsigned n = 0;
  for (size_t p = s.find(part); p != std::string::npos;
       p = s.find(part, p + 1))
    ++n;
  return n;
}

TEST(Draw, ModelPageShowsHeadsAndResidualRows) {
  model::Model m = makeCopySelfModel();
  auto trace = model::traceLabels(m, {"b", "a"});
  ASSERT_TRUE(static_cast<bool>(trace));
  draw::ModelPageOptions opts;
  opts.title = "t";
  opts.inputText = "['b', 'a']";
  opts.outputName = "out";
  opts.decoded = {"b", "a"};
  auto page = draw::renderModelPage(*trace, opts);
  ASSERT_TRUE(static_cast<bool>(page));
  EXPECT_TRUE(contains(*page, "model: out = [b, a]"));
  EXPECT_TRUE(contains(*page, "<section class=\"head\" data-layer=\"0\" "
                              "data-head=\"0\">"));
  EXPECT_TRUE(contains(*page, "writes: out:{a,b}"));
  EXPECT_TRUE(contains(*page, "query reads: pos:{0,1,2,3}"));
  EXPECT_TRUE(contains(*page, "unused (writes nothing)"));
  EXPECT_TRUE(contains(*page, "no MLP sublayer"));
  EXPECT_TRUE(contains(*page, "data-q=\"1\" data-k=\"1\" data-w=\"1.000\""));
  // 9 residual rows x 3 positions x 2 snapshots, plus 2 x 3 output cells.
  std::string svg = draw::renderResidualSvg(*trace);
  EXPECT_EQ(count(svg, "<rect class=\"grid\""), 9u * 3 * 2);
  EXPECT_TRUE(contains(svg, ">out:b</text>"));
  EXPECT_TRUE(contains(svg, "data-r=\"8\" data-c=\"1\" data-v=\"1.00\""));
  EXPECT_TRUE(contains(svg, "<rect class=\"written\""));
  EXPECT_FALSE(contains(*page, "<script"));
}

TEST(Draw, CurvesPlotEveryEpoch) {
  std::vector<draw::TrainingPoint> curve = {
      {1, 0.6931, 0.5}, {2, 0.4, 0.75}, {3, 0.1, 1.0}};
  std::string svg = draw::renderCurvesSvg(curve);
  EXPECT_EQ(svg.rfind("<?xml", 0), 0u);
  EXPECT_EQ(count(svg, "<circle class=\"loss\""), 3u);
  EXPECT_EQ(count(svg, "<circle class=\"acc\""), 3u);
  EXPECT_EQ(count(svg, "<path class=\"loss\""), 1u);
  EXPECT_TRUE(contains(svg, "data-epoch=\"1\" data-value=\"0.6931\""));
  EXPECT_TRUE(contains(svg, "data-epoch=\"3\" data-value=\"1.0000\""));
  EXPECT_TRUE(contains(svg, ">validation accuracy</text>"));
  // The loss axis runs from 0 to the largest loss: the first loss point is
  // at the top of the plot (y = 24), the accuracy 1.0 point too.
  EXPECT_TRUE(contains(svg, "cy=\"24.0\" r=\"2.5\" data-epoch=\"1\""));
  EXPECT_TRUE(contains(svg, "cy=\"24.0\" r=\"2.5\" data-epoch=\"3\" "
                            "data-value=\"1.0000\""));
  std::string inlined = draw::renderCurvesSvg(curve, /*standalone=*/false);
  EXPECT_EQ(inlined.rfind("<svg", 0), 0u);
}

TEST(Draw, CurvesWithoutPointsOrWithNaN) {
  std::string empty = draw::renderCurvesSvg({});
  EXPECT_TRUE(contains(empty, "(no epochs)"));
  EXPECT_EQ(count(empty, "<circle"), 0u);
  std::vector<draw::TrainingPoint> curve = {{1, NAN, 0.5}, {2, 0.5, 0.6}};
  std::string svg = draw::renderCurvesSvg(curve);
  // The NaN loss is drawn at the top of the axis; only its value says nan.
  EXPECT_EQ(count(svg, "nan"), 1u);
  EXPECT_TRUE(contains(svg, "data-epoch=\"1\" data-value=\"nan\"") ||
              contains(svg, "data-epoch=\"1\" data-value=\"-nan\""));
  EXPECT_EQ(count(svg, "<circle class=\"loss\""), 2u);
}

TEST(Draw, LearnedPageHasProgramAndCurves) {
  ir::Module mod;
  ir::Op *tokens = mod.create<ir::TokensOp>(ir::TokensConv::Str);
  ir::Op *idx = mod.create<ir::IndicesOp>();
  ir::Op *same = mod.create<ir::SelectOp>(idx, idx, ir::Comparison::EQ);
  ir::Op *copy = mod.create<ir::AggregateOp>(same, tokens, Atom::integer(0));
  auto in = interp::Interpreter::fromAtoms(
      {Atom::string("x"), Atom::string("y")});
  auto names = [&](const ir::Op *op) -> std::string {
    return op == copy ? "copy" : op == same ? "same" : "";
  };
  auto page = draw::renderLearnedPage(copy, "learned", in, names,
                                      {{1, 1.0, 0.5}, {2, 0.5, 1.0}});
  ASSERT_TRUE(static_cast<bool>(page)) << llvm::toString(page.takeError());
  EXPECT_TRUE(contains(*page, "<h2>Training curves</h2>"));
  EXPECT_TRUE(contains(*page, "class=\"curves\""));
  EXPECT_TRUE(contains(*page, "copy = [x, y] (strings)"));
  EXPECT_TRUE(contains(*page, "data-name=\"same\""));
  EXPECT_TRUE(contains(*page, "last epoch 2: loss 0.5000, validation "
                              "accuracy 1.0000"));
  EXPECT_TRUE(contains(*page, "<h2>Computation graph</h2>"));
}

} // namespace
