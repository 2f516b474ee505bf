//===- ModelTest.cpp - Unit tests for the Model library -------------------===//
//
// A hand-built one-layer model whose outputs are known exactly (head 0 copies
// the previous token, head 1 the current one, the MLP flags token 'a'), the
// forward-pass options and decoders, save/load round trips, one test per
// class of corrupt file with its exact message, and a cross-check of the
// C++ forward pass against docs/examples/load_model.py (numpy).
//
//===----------------------------------------------------------------------===//

#include "rasp/Model/Model.h"
#include "rasp/Model/Forward.h"
#include "rasp/Model/ModelIO.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

using namespace rasp;
using namespace rasp::model;
namespace json = llvm::json;

namespace {

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// The message of \p err, or "success".
std::string errorText(llvm::Error err) {
  if (!err)
    return "success";
  return llvm::toString(std::move(err));
}

template <typename T> std::string errorText(llvm::Expected<T> &value) {
  if (value)
    return "success";
  return llvm::toString(value.takeError());
}

// Residual layout of the hand-built model (d = 16).
enum Dim : int {
  TokBOS = 0, // tokens:BOS, tokens:a, tokens:b, tokens:c
  TokA = 1,
  Pos0 = 4,  // pos:0 .. pos:4
  PrevA = 9, // prev:a, prev:b, prev:c
  CurA = 12, // cur:a, cur:b, cur:c
  IsA = 15,
};

/// Vocabulary {BOS, a, b, c}, max_seq_len 4, one layer with two heads and an
/// MLP. Head 0 attends from position i to i-1 (position 0 to itself) and
/// copies that token's one-hot to prev:*; head 1 attends to i itself and
/// copies to cur:*; the MLP writes 3 to is_a where the token is 'a'. The
/// output is prev:* (labels a, b, c). With a large scale the attention is
/// exactly one-hot (exp(-1000) is 0 in float), so outputs are exact.
Model makeCopyModel(float scale = 1000.0f, bool causal = false) {
  ModelConfig c;
  c.vocab = {"BOS", "a", "b", "c"};
  c.bosId = 0;
  c.maxSeqLen = 4;
  c.numLayers = 1;
  c.numHeads = 2;
  c.keySize = 5;
  c.valueSize = 3;
  c.mlpHidden = 2;
  c.dModel = 16;
  c.residualLabels = {"tokens:BOS", "tokens:a", "tokens:b", "tokens:c",
                      "pos:0",      "pos:1",    "pos:2",    "pos:3",
                      "pos:4",      "prev:a",   "prev:b",   "prev:c",
                      "cur:a",      "cur:b",    "cur:c",    "is_a"};
  c.outputKind = OutputKind::Categorical;
  c.outputName = "prev";
  c.outputLabels = {"a", "b", "c"};
  c.causal = causal;
  c.attnScale = scale;
  Model m = Model::createZero(c);
  for (int t = 0; t < 4; ++t)
    m.tokenEmbed(t, TokBOS + t) = 1;
  for (int p = 0; p < 5; ++p)
    m.posEmbed(p, Pos0 + p) = 1;
  Attention &attn = m.layers[0].attn;
  for (int p = 0; p < 5; ++p) {
    attn.wq(Pos0 + p, p == 0 ? 0 : p - 1) = 1; // head 0 asks for p-1
    attn.wk(Pos0 + p, p) = 1;
    attn.wq(Pos0 + p, 5 + p) = 1; // head 1 asks for p
    attn.wk(Pos0 + p, 5 + p) = 1;
  }
  for (int j = 0; j < 3; ++j) {
    attn.wv(TokA + j, j) = 1;     // head 0 value: token one-hot
    attn.wv(TokA + j, 3 + j) = 1; // head 1 value: token one-hot
    attn.wo(j, PrevA + j) = 1;
    attn.wo(3 + j, CurA + j) = 1;
    m.unembed(PrevA + j, j) = 1;
  }
  MLP &mlp = m.layers[0].mlp;
  mlp.w1(TokA, 0) = 2;
  mlp.b1(0) = -1;
  mlp.w2(0, IsA) = 3;
  return m;
}

/// Random weights: d 16, 2 heads of key size 4 (so attn.q is [16, 8]), value
/// size 3, MLP width 5, three layers; layer 0 has attention biases, layer 1
/// no attention, layer 2 no MLP.
Model makeRandomModel(unsigned seed, OutputKind kind, bool causal = false) {
  ModelConfig c;
  c.vocab = {"<bos>", "x", "y", "z", "w"};
  c.bosId = 0;
  c.maxSeqLen = 6;
  c.numLayers = 3;
  c.numHeads = 2;
  c.keySize = 4;
  c.valueSize = 3;
  c.mlpHidden = 5;
  c.dModel = 16;
  for (int i = 0; i < 16; ++i)
    c.residualLabels.push_back("r:" + std::to_string(i));
  c.outputKind = kind;
  c.outputName = "out";
  if (kind == OutputKind::Categorical)
    c.outputLabels = {"p", "q", "r", "s"};
  c.causal = causal;
  c.attnScale = 0.7f;
  Model m = Model::createZero(c);
  std::mt19937 rng(seed);
  std::normal_distribution<float> normal(0.0f, 0.5f);
  auto fill = [&](auto &x) {
    for (Eigen::Index i = 0; i < x.size(); ++i)
      x.data()[i] = normal(rng);
  };
  m.layers[0].attn.bq = Eigen::VectorXf(8);
  m.layers[0].attn.bk = Eigen::VectorXf(8);
  m.layers[0].attn.bv = Eigen::VectorXf(6);
  m.layers[0].attn.bo = Eigen::VectorXf(16);
  m.layers[1].attn.clear();
  m.layers[2].mlp.clear();
  fill(m.tokenEmbed);
  fill(m.posEmbed);
  fill(m.unembed);
  for (Layer &l : m.layers) {
    for (Eigen::MatrixXf *w :
         {&l.attn.wq, &l.attn.wk, &l.attn.wv, &l.attn.wo, &l.mlp.w1, &l.mlp.w2})
      fill(*w);
    for (Eigen::VectorXf *b :
         {&l.attn.bq, &l.attn.bk, &l.attn.bv, &l.attn.bo, &l.mlp.b1, &l.mlp.b2})
      fill(*b);
  }
  return m;
}

/// Runs \p m on \p tokens; fails the test on an error.
ForwardResult run(const Model &m, std::vector<unsigned> tokens,
                  ForwardOptions options = {}) {
  llvm::Expected<ForwardResult> result = forward(m, tokens, options);
  EXPECT_TRUE(static_cast<bool>(result)) << errorText(result);
  if (!result)
    return {};
  return std::move(*result);
}

/// Bitwise equality of two float matrices (shape included).
template <typename M> bool sameBits(const M &a, const M &b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         (a.size() == 0 ||
          std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0);
}

void expectSameModel(const Model &a, const Model &b) {
  const ModelConfig &x = a.config, &y = b.config;
  EXPECT_EQ(x.vocab, y.vocab);
  EXPECT_EQ(x.bosId, y.bosId);
  EXPECT_EQ(x.maxSeqLen, y.maxSeqLen);
  EXPECT_EQ(x.numLayers, y.numLayers);
  EXPECT_EQ(x.numHeads, y.numHeads);
  EXPECT_EQ(x.keySize, y.keySize);
  EXPECT_EQ(x.valueSize, y.valueSize);
  EXPECT_EQ(x.mlpHidden, y.mlpHidden);
  EXPECT_EQ(x.dModel, y.dModel);
  EXPECT_EQ(x.residualLabels, y.residualLabels);
  EXPECT_EQ(x.outputKind, y.outputKind);
  EXPECT_EQ(x.outputName, y.outputName);
  EXPECT_EQ(x.outputLabels, y.outputLabels);
  EXPECT_EQ(x.causal, y.causal);
  EXPECT_EQ(std::memcmp(&x.attnScale, &y.attnScale, sizeof(float)), 0);
  EXPECT_TRUE(sameBits(a.tokenEmbed, b.tokenEmbed));
  EXPECT_TRUE(sameBits(a.posEmbed, b.posEmbed));
  EXPECT_TRUE(sameBits(a.unembed, b.unembed));
  ASSERT_EQ(a.layers.size(), b.layers.size());
  for (size_t i = 0; i < a.layers.size(); ++i) {
    const Layer &l = a.layers[i], &r = b.layers[i];
    EXPECT_TRUE(sameBits(l.attn.wq, r.attn.wq)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.attn.wk, r.attn.wk)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.attn.wv, r.attn.wv)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.attn.wo, r.attn.wo)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.attn.bq, r.attn.bq)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.attn.bk, r.attn.bk)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.attn.bv, r.attn.bv)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.attn.bo, r.attn.bo)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.mlp.w1, r.mlp.w1)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.mlp.b1, r.mlp.b1)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.mlp.w2, r.mlp.w2)) << "layer " << i;
    EXPECT_TRUE(sameBits(l.mlp.b2, r.mlp.b2)) << "layer " << i;
  }
}

std::string serialize(const Model &m) {
  llvm::Expected<std::string> bytes = serializeModel(m);
  EXPECT_TRUE(static_cast<bool>(bytes)) << errorText(bytes);
  return bytes ? *bytes : std::string();
}

/// A temporary directory, removed with everything in it at scope exit.
class TempDir {
public:
  TempDir() {
    std::error_code ec =
        llvm::sys::fs::createUniqueDirectory("rasp-model-test", path);
    EXPECT_FALSE(ec) << ec.message();
  }
  ~TempDir() { (void)llvm::sys::fs::remove_directories(path); }
  std::string file(llvm::StringRef name) const {
    llvm::SmallString<128> p(path);
    llvm::sys::path::append(p, name);
    return std::string(p);
  }
  std::vector<std::string> list() const {
    std::vector<std::string> names;
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(path, ec), end; it != end && !ec;
         it.increment(ec))
      names.push_back(llvm::sys::path::filename(it->path()).str());
    llvm::sort(names);
    return names;
  }

private:
  llvm::SmallString<128> path;
};

//===----------------------------------------------------------------------===//
// Construction and verification
//===----------------------------------------------------------------------===//

TEST(ModelTest, CreateZeroHasTheConfiguredShapes) {
  Model m = makeCopyModel();
  EXPECT_EQ(errorText(m.verify()), "success");
  EXPECT_EQ(m.tokenEmbed.rows(), 4);
  EXPECT_EQ(m.posEmbed.rows(), 5);
  EXPECT_EQ(m.layers[0].attn.wq.cols(), 10);
  EXPECT_EQ(m.layers[0].attn.wo.rows(), 6);
  EXPECT_EQ(m.layers[0].mlp.w2.rows(), 2);
  EXPECT_EQ(m.unembed.cols(), 3);
  EXPECT_FALSE(m.layers[0].attn.hasBias());
}

TEST(ModelTest, VerifyNamesTheBadTensor) {
  Model m = makeRandomModel(1, OutputKind::Categorical);
  m.layers[0].attn.wq = Eigen::MatrixXf::Zero(4, 8);
  EXPECT_EQ(errorText(m.verify()),
            "tensor 'layers.0.attn.q' has shape [4, 8], expected [16, 8]");

  m = makeRandomModel(1, OutputKind::Categorical);
  m.layers[1].attn.wk = Eigen::MatrixXf::Zero(16, 8); // half a sublayer
  EXPECT_EQ(errorText(m.verify()),
            "tensor 'layers.1.attn.q' has shape [0, 0], expected [16, 8]");

  m = makeRandomModel(1, OutputKind::Categorical);
  m.layers[0].attn.bv = Eigen::VectorXf::Zero(2);
  EXPECT_EQ(errorText(m.verify()),
            "tensor 'layers.0.attn.v_bias' has shape [2], expected [6]");

  m = makeRandomModel(1, OutputKind::Categorical);
  m.layers.pop_back();
  EXPECT_EQ(errorText(m.verify()),
            "model has 2 layers, expected num_layers = 3");
}

TEST(ModelTest, ConfigVerifyMessages) {
  ModelConfig c = makeCopyModel().config;
  EXPECT_EQ(errorText(c.verify()), "success");

  ModelConfig bad = c;
  bad.vocab.push_back("a");
  EXPECT_EQ(errorText(bad.verify()), "duplicate vocabulary label 'a'");
  bad = c;
  bad.bosId = 4;
  EXPECT_EQ(errorText(bad.verify()),
            "bos id 4 is out of range for a vocabulary of 4 tokens");
  bad = c;
  bad.residualLabels.pop_back();
  EXPECT_EQ(errorText(bad.verify()),
            "there are 15 residual labels, expected d_model = 16");
  bad = c;
  bad.outputLabels.clear();
  EXPECT_EQ(errorText(bad.verify()), "categorical output has no labels");
  bad = c;
  bad.outputKind = OutputKind::Numerical;
  EXPECT_EQ(errorText(bad.verify()),
            "numerical output has 3 labels, expected none");
  bad = c;
  bad.attnScale = INFINITY;
  EXPECT_EQ(errorText(bad.verify()), "attention scale is not finite");
  bad = c;
  bad.numHeads = 0;
  Model m = makeCopyModel();
  m.config = bad;
  EXPECT_EQ(errorText(m.verify()), "layer 0 has attention but num_heads is 0");
}

TEST(ModelTest, Summary) {
  std::string text;
  llvm::raw_string_ostream os(text);
  printModelSummary(makeRandomModel(1, OutputKind::Numerical), os);
  os.flush();
  EXPECT_NE(text.find("model: 3 layers, d_model 16, num_heads 2, key_size 4, "
                      "value_size 3, mlp_hidden 5\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("layer 0: attention (biased) mlp\n"), std::string::npos);
  EXPECT_NE(text.find("layer 1: mlp\n"), std::string::npos);
  EXPECT_NE(text.find("layer 2: attention\n"), std::string::npos);
  EXPECT_NE(text.find("output: numerical 'out'\n"), std::string::npos);
}

//===----------------------------------------------------------------------===//
// Forward pass
//===----------------------------------------------------------------------===//

TEST(ForwardTest, CopiesThePreviousTokenExactly) {
  Model m = makeCopyModel();
  // BOS c a b a
  std::vector<unsigned> tokens = {0, 3, 1, 2, 1};
  ForwardResult r = run(m, tokens);
  Eigen::MatrixXf expected = Eigen::MatrixXf::Zero(5, 3);
  // Position 0 sees BOS (zero value), position 1 sees BOS, then c, a, b.
  expected(2, 2) = 1;
  expected(3, 0) = 1;
  expected(4, 1) = 1;
  EXPECT_EQ(r.output, expected) << r.output;
  EXPECT_EQ(decodeCategorical(r.output),
            (std::vector<unsigned>{0, 0, 2, 0, 1}));
  EXPECT_EQ(decodeLabels(m.config, r.output),
            (std::vector<std::string>{"a", "a", "c", "a", "b"}));
  EXPECT_TRUE(r.residuals.empty());
  EXPECT_TRUE(r.attention.empty());
}

TEST(ForwardTest, ShorterSequencesUseTheFirstPositions) {
  Model m = makeCopyModel();
  ForwardResult r = run(m, {0, 2, 3});
  Eigen::MatrixXf expected = Eigen::MatrixXf::Zero(3, 3);
  expected(2, 1) = 1;
  EXPECT_EQ(r.output, expected) << r.output;
  EXPECT_EQ(run(m, {0}).output, Eigen::MatrixXf::Zero(1, 3));
}

TEST(ForwardTest, KeepsResidualsAndAttention) {
  Model m = makeCopyModel();
  std::vector<unsigned> tokens = {0, 1, 3, 1};
  ForwardOptions options;
  options.keepResiduals = true;
  options.keepAttention = true;
  ForwardResult r = run(m, tokens, options);
  ASSERT_EQ(r.residuals.size(), 3u);
  ASSERT_EQ(r.attention.size(), 1u);
  ASSERT_EQ(r.attention[0].size(), 2u);

  Eigen::MatrixXf embed = Eigen::MatrixXf::Zero(4, 16);
  for (int i = 0; i < 4; ++i) {
    embed(i, TokBOS + tokens[i]) = 1;
    embed(i, Pos0 + i) = 1;
  }
  EXPECT_EQ(r.residuals[0], embed);

  Eigen::MatrixXf afterAttn = embed;
  for (int i = 1; i < 4; ++i) {
    afterAttn(i, CurA + tokens[i] - 1) = 1;
    if (i >= 2)
      afterAttn(i, PrevA + tokens[i - 1] - 1) = 1;
  }
  EXPECT_EQ(r.residuals[1], afterAttn);

  Eigen::MatrixXf afterMLP = afterAttn;
  afterMLP(1, IsA) = 3;
  afterMLP(3, IsA) = 3;
  EXPECT_EQ(r.residuals[2], afterMLP);

  Eigen::MatrixXf prevPattern = Eigen::MatrixXf::Zero(4, 4);
  prevPattern(0, 0) = 1;
  for (int i = 1; i < 4; ++i)
    prevPattern(i, i - 1) = 1;
  EXPECT_EQ(r.attention[0][0], prevPattern);
  EXPECT_EQ(r.attention[0][1], Eigen::MatrixXf::Identity(4, 4));
}

TEST(ForwardTest, ScaleZeroAveragesAndCausalMasksTheFuture) {
  std::vector<unsigned> tokens = {0, 1, 1, 2};
  // Every logit is 0: head 0 averages the values of all positions...
  ForwardResult r = run(makeCopyModel(0.0f), tokens);
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(r.output(i, 0), 0.5f, 1e-6) << i;
    EXPECT_NEAR(r.output(i, 1), 0.25f, 1e-6) << i;
    EXPECT_NEAR(r.output(i, 2), 0.0f, 1e-6) << i;
  }
  // ...and, with the causal mask, of positions 0..i only.
  r = run(makeCopyModel(0.0f, /*causal=*/true), tokens);
  float aCount[] = {0, 1, 2, 2}, bCount[] = {0, 0, 0, 1};
  for (int i = 0; i < 4; ++i) {
    EXPECT_NEAR(r.output(i, 0), aCount[i] / (i + 1), 1e-6) << i;
    EXPECT_NEAR(r.output(i, 1), bCount[i] / (i + 1), 1e-6) << i;
  }
  // Looking back only, the copy model is unchanged by the mask.
  EXPECT_EQ(run(makeCopyModel(1000.0f, true), tokens).output,
            run(makeCopyModel(1000.0f, false), tokens).output);
}

TEST(ForwardTest, SkipsAbsentSublayers) {
  Model m = makeCopyModel();
  m.layers[0].attn.clear();
  ForwardOptions options;
  options.keepResiduals = true;
  options.keepAttention = true;
  ForwardResult r = run(m, {0, 1, 2}, options);
  EXPECT_EQ(r.output, Eigen::MatrixXf::Zero(3, 3));
  EXPECT_EQ(r.residuals[0], r.residuals[1]);
  EXPECT_TRUE(r.attention[0].empty());
  EXPECT_EQ(r.residuals[2](1, IsA), 3);

  m.layers[0].mlp.clear();
  r = run(m, {0, 1, 2}, options);
  EXPECT_EQ(r.residuals[1], r.residuals[2]);
}

TEST(ForwardTest, BatchOfDifferentLengths) {
  Model m = makeRandomModel(7, OutputKind::Categorical);
  std::vector<std::vector<unsigned>> batch = {
      {0, 1, 2, 3}, {0}, {0, 4, 4, 4, 4, 4, 4}, {0, 2}};
  llvm::Expected<std::vector<ForwardResult>> results = forwardBatch(m, batch);
  ASSERT_TRUE(static_cast<bool>(results)) << errorText(results);
  ASSERT_EQ(results->size(), batch.size());
  for (size_t i = 0; i < batch.size(); ++i) {
    EXPECT_EQ((*results)[i].output.rows(), Eigen::Index(batch[i].size()));
    EXPECT_TRUE(sameBits((*results)[i].output, run(m, batch[i]).output));
  }
  batch[2].push_back(1);
  results = forwardBatch(m, batch);
  EXPECT_EQ(errorText(results),
            "sequence 2: input has 8 positions, the model's context is 7 "
            "(BOS + max_seq_len 6)");
}

TEST(ForwardTest, RejectsBadInputsAndModels) {
  Model m = makeCopyModel();
  llvm::Expected<ForwardResult> r = forward(m, {});
  EXPECT_EQ(errorText(r), "input is empty, expected at least the BOS token");
  r = forward(m, {1, 2});
  EXPECT_EQ(errorText(r),
            "input position 0 is 'a', expected the BOS token 'BOS'");
  r = forward(m, {0, 1, 9});
  EXPECT_EQ(errorText(r),
            "input position 2 has token id 9, the vocabulary has 4 tokens");
  r = forward(m, {0, 1, 1, 1, 1, 1});
  EXPECT_EQ(errorText(r), "input has 6 positions, the model's context is 5 "
                          "(BOS + max_seq_len 4)");
  m.unembed.resize(16, 2);
  r = forward(m, {0});
  EXPECT_EQ(errorText(r),
            "tensor 'unembed' has shape [16, 2], expected [16, 3]");
}

TEST(ForwardTest, EncodeTokens) {
  ModelConfig c = makeCopyModel().config;
  llvm::Expected<std::vector<unsigned>> ids = encodeTokens(c, {"c", "a"});
  ASSERT_TRUE(static_cast<bool>(ids)) << errorText(ids);
  EXPECT_EQ(*ids, (std::vector<unsigned>{0, 3, 1}));
  ids = encodeTokens(c, {"a", "d"});
  EXPECT_EQ(errorText(ids), "token 'd' is not in the vocabulary");
  ids = encodeTokens(c, {"a", "a", "a", "a", "a"});
  EXPECT_EQ(errorText(ids), "input has 5 tokens, the model takes at most 4");
}

TEST(ForwardTest, Decoders) {
  Eigen::MatrixXf out(4, 3);
  out << 1, 3, 3,  // tie: lowest index
      0, 0, 0,     // all zero: index 0
      NAN, -1, -2, // NaN never wins
      -5, -4, 2.5;
  EXPECT_EQ(decodeCategorical(out), (std::vector<unsigned>{1, 0, 1, 2}));
  std::vector<float> numbers = decodeNumerical(out);
  ASSERT_EQ(numbers.size(), 4u);
  EXPECT_TRUE(std::isnan(numbers[2]));
  EXPECT_EQ(numbers[0], 1.0f);
  EXPECT_EQ(numbers[3], -5.0f);

  ModelConfig c;
  c.outputKind = OutputKind::Numerical;
  Eigen::MatrixXf column(2, 1);
  column << 0.5, -2;
  EXPECT_EQ(decodeLabels(c, column), (std::vector<std::string>{"0.5", "-2"}));
}

TEST(ForwardTest, CountsFlops) {
  Model m = makeCopyModel();
  // d 16, 2 heads of key 5 and value 3, MLP 2, output 3, 5 positions:
  // embed 80; attention 4160 + 500 + 300 + 300 + 1040; MLP 820; unembed 480.
  EXPECT_EQ(countForwardFlops(m, 5), 7680u);
  m.layers[0].attn.clear();
  m.layers[0].mlp.clear();
  EXPECT_EQ(countForwardFlops(m, 5), 80u + 480u);
  EXPECT_LT(countForwardFlops(makeCopyModel(), 3),
            countForwardFlops(makeCopyModel(), 5));
}

//===----------------------------------------------------------------------===//
// Save and load
//===----------------------------------------------------------------------===//

TEST(ModelIOTest, RoundTripIsBitExact) {
  for (OutputKind kind : {OutputKind::Categorical, OutputKind::Numerical}) {
    Model m = makeRandomModel(3, kind, kind == OutputKind::Numerical);
    m.config.attnScale = 0.1f; // not exact in decimal
    m.posEmbed(0, 0) = -0.0f;
    m.posEmbed(0, 1) = 1e-42f; // subnormal
    m.posEmbed(0, 2) = NAN;
    std::string bytes = serialize(m);
    llvm::Expected<Model> loaded = parseModel(bytes);
    ASSERT_TRUE(static_cast<bool>(loaded)) << errorText(loaded);
    expectSameModel(m, *loaded);
    EXPECT_EQ(serialize(*loaded), bytes);
  }
  Model m = makeCopyModel();
  llvm::Expected<Model> loaded = parseModel(serialize(m));
  ASSERT_TRUE(static_cast<bool>(loaded)) << errorText(loaded);
  expectSameModel(m, *loaded);
}

TEST(ModelIOTest, FileLayout) {
  std::string bytes = serialize(makeCopyModel());
  uint64_t headerSize = llvm::support::endian::read64le(bytes.data());
  EXPECT_EQ(headerSize % 8, 0u);
  EXPECT_EQ(bytes[8], '{');
  llvm::Expected<json::Value> header =
      json::parse(llvm::StringRef(bytes).substr(8, headerSize));
  ASSERT_TRUE(static_cast<bool>(header)) << errorText(header);
  const json::Object *q = header->getAsObject()->getObject("layers.0.attn.q");
  ASSERT_TRUE(q);
  EXPECT_EQ(*q->getString("dtype"), "F32");
  EXPECT_EQ(q->get("shape")->getAsArray()->size(), 2u);
  const json::Object *meta = header->getAsObject()->getObject("__metadata__");
  ASSERT_TRUE(meta);
  EXPECT_EQ(*meta->getString("format"), "rasp-model-1");
  EXPECT_TRUE(meta->getString("rasp.config"));
  // Row-major data: embed.tokens row 1 is tokens:a, i.e. a 1 at column 1.
  const json::Object *tok = header->getAsObject()->getObject("embed.tokens");
  uint64_t begin = *(*tok->getArray("data_offsets"))[0].getAsUINT64();
  float values[16];
  std::memcpy(values, bytes.data() + 8 + headerSize + begin + 16 * 4, 64);
  for (int j = 0; j < 16; ++j)
    EXPECT_EQ(values[j], j == 1 ? 1.0f : 0.0f) << j;
}

TEST(ModelIOTest, SaveAndLoadFiles) {
  TempDir dir;
  std::string path = dir.file("m.safetensors");
  Model m = makeRandomModel(5, OutputKind::Categorical);
  ASSERT_EQ(errorText(saveModel(m, path)), "success");
  // Overwriting goes through a temporary file too; none is left behind.
  ASSERT_EQ(errorText(saveModel(m, path)), "success");
  EXPECT_EQ(dir.list(), (std::vector<std::string>{"m.safetensors"}));
  llvm::Expected<Model> loaded = loadModel(path);
  ASSERT_TRUE(static_cast<bool>(loaded)) << errorText(loaded);
  expectSameModel(m, *loaded);

  std::string missing = dir.file("none.safetensors");
  loaded = loadModel(missing);
  EXPECT_EQ(errorText(loaded), "'" + missing + "': No such file or directory");

  std::string noDir = dir.file("no/such/dir/m.safetensors");
  std::string err = errorText(saveModel(m, noDir));
  EXPECT_EQ(err.rfind("'" + noDir + "': cannot create a temporary file: ", 0),
            0u)
      << err;

  m.unembed.resize(0, 0);
  err = errorText(saveModel(m, path));
  EXPECT_EQ(err, "'" + path +
                     "': tensor 'unembed' has shape [0, 0], expected [16, 4]");
  // The earlier file is untouched.
  EXPECT_TRUE(static_cast<bool>(loadModel(path)));
}

TEST(ModelIOTest, LoadErrorsNameTheFile) {
  TempDir dir;
  std::string path = dir.file("bad.safetensors");
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << "abc";
  }
  llvm::Expected<Model> loaded = loadModel(path);
  EXPECT_EQ(errorText(loaded), "'" + path +
                                   "': file is too small for a safetensors "
                                   "file: 3 bytes, expected at least 8");
}

//===----------------------------------------------------------------------===//
// Corrupt files: one test per class, each with its message
//===----------------------------------------------------------------------===//

/// A serialized model split into its header object and its data section.
struct Parts {
  json::Object header;
  std::string data;
};

Parts split(llvm::StringRef bytes) {
  uint64_t n = llvm::support::endian::read64le(bytes.data());
  llvm::Expected<json::Value> header = json::parse(bytes.substr(8, n));
  EXPECT_TRUE(static_cast<bool>(header));
  if (!header) {
    llvm::consumeError(header.takeError());
    return {};
  }
  return {std::move(*header->getAsObject()), bytes.substr(8 + n).str()};
}

std::string join(const json::Value &header, llvm::StringRef data) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << header;
  os.flush();
  std::string bytes(8, '\0');
  llvm::support::endian::write64le(&bytes[0], text.size());
  return bytes + text + data.str();
}

class CorruptTest : public ::testing::Test {
protected:
  void SetUp() override {
    bytes = serialize(makeRandomModel(11, OutputKind::Categorical));
    ASSERT_EQ(errorText(parseModel(bytes).takeError()), "success");
    parts = split(bytes);
  }

  /// The error of parsing the file with \p edit applied to its header.
  template <typename Edit> std::string parseEdited(Edit edit) {
    Parts p = split(bytes);
    edit(p.header);
    std::string edited = join(json::Value(std::move(p.header)), p.data);
    return errorText(parseModel(edited).takeError());
  }

  /// The error of parsing the file with \p edit applied to the config JSON.
  template <typename Edit> std::string parseEditedConfig(Edit edit) {
    return parseEdited([&](json::Object &h) {
      json::Object *meta = h.getObject("__metadata__");
      llvm::Expected<json::Value> config =
          json::parse(*meta->getString("rasp.config"));
      ASSERT_TRUE(static_cast<bool>(config));
      edit(*config->getAsObject());
      std::string text;
      llvm::raw_string_ostream os(text);
      os << *config;
      (*meta)["rasp.config"] = os.str();
    });
  }

  /// [begin, end] of tensor \p name.
  std::pair<uint64_t, uint64_t> offsets(llvm::StringRef name) {
    const json::Array *o =
        parts.header.getObject(name)->getArray("data_offsets");
    return {*(*o)[0].getAsUINT64(), *(*o)[1].getAsUINT64()};
  }

  std::string bytes;
  Parts parts;
};

TEST_F(CorruptTest, TruncatedFile) {
  EXPECT_EQ(
      errorText(parseModel(llvm::StringRef(bytes).take_front(5)).takeError()),
      "file is too small for a safetensors file: 5 bytes, expected "
      "at least 8");
  std::string cut = bytes.substr(0, bytes.size() - 1);
  auto unembed = offsets("unembed");
  EXPECT_EQ(errorText(parseModel(cut).takeError()),
            "tensor 'unembed' has data offsets [" +
                std::to_string(unembed.first) + ", " +
                std::to_string(unembed.second) +
                "] outside the data section of " +
                std::to_string(parts.data.size() - 1) + " bytes");
  uint64_t n = llvm::support::endian::read64le(bytes.data());
  cut = bytes.substr(0, 8 + n / 2);
  EXPECT_EQ(errorText(parseModel(cut).takeError()),
            "header length " + std::to_string(n) + " exceeds the " +
                std::to_string(n / 2) + " bytes after the length field");
}

TEST_F(CorruptTest, BadHeaderLength) {
  std::string bad = bytes;
  llvm::support::endian::write64le(&bad[0], uint64_t(-1));
  EXPECT_EQ(errorText(parseModel(bad).takeError()),
            "header length 18446744073709551615 exceeds the " +
                std::to_string(bytes.size() - 8) +
                " bytes after the length field");
  // Too short: the JSON is cut off.
  uint64_t n = llvm::support::endian::read64le(bytes.data());
  llvm::support::endian::write64le(&bad[0], n - 20);
  std::string err = errorText(parseModel(bad).takeError());
  EXPECT_EQ(err.rfind("header is not valid JSON: ", 0), 0u) << err;
}

TEST_F(CorruptTest, BadJSON) {
  std::string bad = bytes;
  bad[8] = '[';
  std::string err = errorText(parseModel(bad).takeError());
  EXPECT_EQ(err.rfind("header is not valid JSON: ", 0), 0u) << err;

  bad = join(json::Array{1, 2}, "");
  EXPECT_EQ(errorText(parseModel(bad).takeError()),
            "header is not a JSON object");

  EXPECT_EQ(parseEdited([](json::Object &h) { h["layers.0.attn.q"] = "x"; }),
            "tensor 'layers.0.attn.q' is not a JSON object");
}

TEST_F(CorruptTest, WrongDtype) {
  EXPECT_EQ(parseEdited([](json::Object &h) {
              (*h.getObject("layers.0.attn.q"))["dtype"] = "F16";
            }),
            "tensor 'layers.0.attn.q' has dtype 'F16', expected 'F32'");
  EXPECT_EQ(parseEdited([](json::Object &h) {
              h.getObject("layers.0.attn.q")->erase("dtype");
            }),
            "tensor 'layers.0.attn.q' has no 'dtype'");
}

TEST_F(CorruptTest, WrongShape) {
  EXPECT_EQ(parseEdited([](json::Object &h) {
              (*h.getObject("layers.0.attn.q"))["shape"] = json::Array{4, 8};
            }),
            "tensor 'layers.0.attn.q' has shape [4, 8], expected [16, 8]");
  EXPECT_EQ(parseEdited([](json::Object &h) {
              (*h.getObject("embed.tokens"))["shape"] = json::Array{-1, 8};
            }),
            "tensor 'embed.tokens' has a 'shape' that is not a list of "
            "non-negative integers");
  // A config that disagrees with the tensors is a shape error too.
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c["key_size"] = 5; }),
            "tensor 'layers.0.attn.q' has shape [16, 8], expected [16, 10]");
}

TEST_F(CorruptTest, OffsetsOutOfRange) {
  auto unembed = offsets("unembed");
  uint64_t size = parts.data.size();
  EXPECT_EQ(parseEdited([&](json::Object &h) {
              (*h.getObject("unembed"))["data_offsets"] =
                  json::Array{unembed.first + 8, unembed.second + 8};
            }),
            "tensor 'unembed' has data offsets [" +
                std::to_string(unembed.first + 8) + ", " +
                std::to_string(unembed.second + 8) +
                "] outside the data section of " + std::to_string(size) +
                " bytes");
  EXPECT_EQ(parseEdited([&](json::Object &h) {
              (*h.getObject("unembed"))["data_offsets"] =
                  json::Array{unembed.second, unembed.first};
            }),
            "tensor 'unembed' has data offsets [" +
                std::to_string(unembed.second) + ", " +
                std::to_string(unembed.first) + "] that end before they begin");
  EXPECT_EQ(parseEdited([&](json::Object &h) {
              (*h.getObject("unembed"))["data_offsets"] =
                  json::Array{unembed.first, unembed.second - 4};
            }),
            "tensor 'unembed' has " +
                std::to_string(unembed.second - 4 - unembed.first) +
                " bytes of data, expected 256 for F32 shape [16, 4]");
  EXPECT_EQ(parseEdited([&](json::Object &h) {
              (*h.getObject("unembed"))["data_offsets"] = json::Array{1};
            }),
            "tensor 'unembed' has 'data_offsets' that are not a pair of "
            "non-negative integers");
}

TEST_F(CorruptTest, OverlapsAndGaps) {
  auto q = offsets("layers.0.attn.q");
  EXPECT_EQ(parseEdited([&](json::Object &h) {
              (*h.getObject("layers.0.attn.k"))["data_offsets"] =
                  json::Array{q.first, q.second};
            }),
            "tensors 'layers.0.attn.k' and 'layers.0.attn.q' overlap");
  // Dropping an optional tensor from the header leaves its bytes uncovered.
  auto bias = offsets("layers.0.attn.q_bias");
  EXPECT_EQ(
      parseEdited([](json::Object &h) { h.erase("layers.0.attn.q_bias"); }),
      "data bytes [" + std::to_string(bias.first) + ", " +
          std::to_string(bias.second) + ") belong to no tensor");
  std::string longer = bytes + "xxxx";
  EXPECT_EQ(errorText(parseModel(longer).takeError()),
            "data bytes [" + std::to_string(parts.data.size()) + ", " +
                std::to_string(parts.data.size() + 4) +
                ") belong to no tensor");
}

TEST_F(CorruptTest, MissingAndUnexpectedTensors) {
  EXPECT_EQ(parseEdited([](json::Object &h) { h.erase("layers.0.mlp.w1"); }),
            "missing tensor 'layers.0.mlp.w1'");
  EXPECT_EQ(parseEdited([](json::Object &h) {
              h["foo"] = json::Object{{"dtype", "F32"},
                                      {"shape", json::Array{0}},
                                      {"data_offsets", json::Array{0, 0}}};
            }),
            "unexpected tensor 'foo'");
  // The per-layer flags of the config decide which tensors must be there.
  EXPECT_EQ(parseEditedConfig([](json::Object &c) {
              (*(*c.getArray("layers"))[1].getAsObject())["attention"] = true;
            }),
            "missing tensor 'layers.1.attn.q'");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) {
              (*(*c.getArray("layers"))[0].getAsObject())["mlp"] = false;
            }),
            "unexpected tensor 'layers.0.mlp.b1'");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) {
              (*c.getArray("layers"))[0].getAsObject()->erase("mlp");
            }),
            "config 'layers' entry 0 has no 'mlp'");
}

TEST_F(CorruptTest, MissingOrBadMetadata) {
  EXPECT_EQ(parseEdited([](json::Object &h) { h.erase("__metadata__"); }),
            "header has no '__metadata__'");
  EXPECT_EQ(parseEdited([](json::Object &h) { h["__metadata__"] = 3; }),
            "'__metadata__' is not a JSON object");
  EXPECT_EQ(parseEdited([](json::Object &h) {
              h.getObject("__metadata__")->erase("rasp.config");
            }),
            "metadata has no 'rasp.config'");
  EXPECT_EQ(parseEdited([](json::Object &h) {
              h.getObject("__metadata__")->erase("format");
            }),
            "metadata has no 'format'");
  EXPECT_EQ(parseEdited([](json::Object &h) {
              (*h.getObject("__metadata__"))["format"] = "rasp-model-9";
            }),
            "metadata 'format' is 'rasp-model-9', expected 'rasp-model-1'");
  EXPECT_EQ(parseEdited([](json::Object &h) {
              (*h.getObject("__metadata__"))["extra"] = 1;
            }),
            "metadata 'extra' is not a string");
  std::string err = parseEdited([](json::Object &h) {
    (*h.getObject("__metadata__"))["rasp.config"] = "{oops";
  });
  EXPECT_EQ(err.rfind("metadata 'rasp.config' is not valid JSON: ", 0), 0u)
      << err;
}

TEST_F(CorruptTest, BadConfig) {
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c.erase("d_model"); }),
            "config has no 'd_model'");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c["d_model"] = -3; }),
            "config 'd_model' must be an integer in [0, 1073741824]");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c["d_model"] = 1e12; }),
            "config 'd_model' must be an integer in [0, 1073741824]");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c["vocab"] = "abc"; }),
            "config 'vocab' must be a list of strings");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c["causal"] = 1; }),
            "config 'causal' must be true or false");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c["attn_scale"] = 1e300; }),
            "config 'attn_scale' is not a finite float");
  EXPECT_EQ(
      parseEditedConfig([](json::Object &c) { c["activation"] = "gelu"; }),
      "config 'activation' is 'gelu', expected 'relu'");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) {
              (*c.getObject("output"))["kind"] = "ordinal";
            }),
            "config 'output' kind is 'ordinal', expected 'categorical' or "
            "'numerical'");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) {
              c.getArray("residual_labels")->pop_back();
            }),
            "invalid config: there are 15 residual labels, expected "
            "d_model = 16");
  EXPECT_EQ(parseEditedConfig(
                [](json::Object &c) { c.getArray("layers")->pop_back(); }),
            "config 'layers' has 2 entries, expected num_layers = 3");
  EXPECT_EQ(parseEditedConfig([](json::Object &c) { c["num_heads"] = 0; }),
            "invalid config: layer 0 has attention but num_heads is 0");
}

/// Every truncation and a few thousand random byte flips: an error or a
/// model, never a crash (run under a sanitizer to make this stronger).
TEST_F(CorruptTest, NeverCrashes) {
  for (size_t n = 0; n < bytes.size(); ++n)
    EXPECT_NE(
        errorText(parseModel(llvm::StringRef(bytes).take_front(n)).takeError()),
        "success")
        << n;
  std::mt19937 rng(42);
  uint64_t headerSize = llvm::support::endian::read64le(bytes.data());
  std::uniform_int_distribution<size_t> inHeader(0, 8 + headerSize - 1);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < 3000; ++i) {
    std::string bad = bytes;
    for (int j = 0; j < 1 + i % 3; ++j)
      bad[inHeader(rng)] = static_cast<char>(byte(rng));
    llvm::Expected<Model> m = parseModel(bad);
    if (m)
      EXPECT_EQ(errorText(m->verify()), "success");
    else
      llvm::consumeError(m.takeError());
  }
}

//===----------------------------------------------------------------------===//
// Cross-check with docs/examples/load_model.py
//===----------------------------------------------------------------------===//

/// A python3 that can import numpy: CMake's, then python3 on PATH, then
/// /usr/bin/python3. Empty if there is none.
std::string findPythonWithNumpy() {
  for (const char *candidate : {RASP_PYTHON3, "python3", "/usr/bin/python3"}) {
    if (!*candidate)
      continue;
    std::string command =
        std::string("'") + candidate + "' -c 'import numpy' > /dev/null 2>&1";
    if (std::system(command.c_str()) == 0)
      return candidate;
  }
  return "";
}

/// Runs load_model.py --raw on \p path and \p inputs; returns its stdout.
std::string runScript(const TempDir &dir, const std::string &path,
                      const std::vector<std::string> &inputs) {
  std::string python = findPythonWithNumpy();
  if (python.empty()) {
    ADD_FAILURE() << "no python3 with numpy found (tried '" RASP_PYTHON3
                     "', 'python3', '/usr/bin/python3'): install "
                     "python3-numpy, a CI dependency";
    return "";
  }
  std::string out = dir.file("out.txt");
  std::string command = "'" + python +
                        "' '" RASP_SOURCE_DIR
                        "/docs/examples/load_model.py' --raw '" +
                        path + "'";
  for (const std::string &input : inputs)
    command += " '" + input + "'";
  command += " > '" + out + "'";
  int status = std::system(command.c_str());
  EXPECT_EQ(status, 0) << command;
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(out);
  EXPECT_TRUE(static_cast<bool>(buffer)) << out;
  return buffer ? (*buffer)->getBuffer().str() : "";
}

/// Checks the script's output for \p inputs against the C++ forward pass.
void crossCheck(const Model &m, const std::vector<std::string> &inputs,
                bool compareDecoded) {
  TempDir dir;
  std::string path = dir.file("model.safetensors");
  ASSERT_EQ(errorText(saveModel(m, path)), "success");
  std::string text = runScript(dir, path, inputs);
  llvm::SmallVector<llvm::StringRef, 0> lines;
  llvm::StringRef(text).split(lines, '\n', -1, /*KeepEmpty=*/false);

  size_t line = 0;
  unsigned rowsCompared = 0;
  for (const std::string &input : inputs) {
    llvm::SmallVector<llvm::StringRef, 8> words;
    llvm::StringRef(input).split(words, ' ', -1, false);
    std::vector<std::string> labels(words.begin(), words.end());
    llvm::Expected<std::vector<unsigned>> ids = encodeTokens(m.config, labels);
    ASSERT_TRUE(static_cast<bool>(ids)) << errorText(ids);
    ForwardResult r = run(m, *ids);

    ASSERT_LT(line + 1, lines.size()) << text;
    EXPECT_TRUE(lines[line++].startswith("input: ")) << text;
    llvm::StringRef decoded = lines[line++];
    if (compareDecoded) {
      EXPECT_EQ(decoded.str(),
                "output: " + llvm::join(decodeLabels(m.config, r.output), " "));
    }
    for (Eigen::Index pos = 0; pos < r.output.rows(); ++pos) {
      ASSERT_LT(line, lines.size()) << text;
      llvm::StringRef row = lines[line++];
      std::string prefix = "raw " + std::to_string(pos) + ": ";
      ASSERT_TRUE(row.startswith(prefix)) << row.str();
      llvm::SmallVector<llvm::StringRef, 8> values;
      row.drop_front(prefix.size()).split(values, ' ', -1, false);
      ASSERT_EQ(values.size(), size_t(r.output.cols())) << row.str();
      for (Eigen::Index j = 0; j < r.output.cols(); ++j) {
        double py = std::strtod(values[j].str().c_str(), nullptr);
        double cpp = r.output(pos, j);
        EXPECT_NEAR(py, cpp, 1e-4 * std::max(1.0, std::fabs(cpp)))
            << "input '" << input << "' position " << pos << " column " << j;
      }
      ++rowsCompared;
    }
  }
  EXPECT_EQ(line, lines.size()) << text;
  EXPECT_GT(rowsCompared, 0u);
}

TEST(PythonCrossCheckTest, CopyModelDecodesTheSame) {
  crossCheck(makeCopyModel(), {"c a b a", "b", "a a"}, /*compareDecoded=*/true);
}

TEST(PythonCrossCheckTest, RandomCategoricalModel) {
  crossCheck(makeRandomModel(21, OutputKind::Categorical),
             {"x y z w x y", "w", "z z"}, /*compareDecoded=*/false);
}

TEST(PythonCrossCheckTest, RandomCausalNumericalModel) {
  crossCheck(makeRandomModel(22, OutputKind::Numerical, /*causal=*/true),
             {"y x w", "x x x x x x"}, /*compareDecoded=*/false);
}

} // namespace
