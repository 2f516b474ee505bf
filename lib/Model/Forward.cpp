//===- Forward.cpp - Eigen forward pass of a Model -----------------------===//
//
/// \file
/// One sequence at a time, everything as whole-matrix products:
///
///   X = tokenEmbed[tokens] + posEmbed[0..T)
///   per layer:  for each head h:
///                 S = attnScale * (X wq_h + bq_h)(X wk_h + bk_h)^T
///                 (causal: S[i][j] = -inf for j > i)
///                 P = softmax over each row of S (max subtracted first)
///                 Z_h = P (X wv_h + bv_h)
///               X += [Z_0 .. Z_{H-1}] wo + bo
///               X += relu(X w1 + b1) w2 + b2
///   output = X unembed
//
//===----------------------------------------------------------------------===//

#include "rasp/Model/Forward.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/Twine.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <Eigen/SparseCore>

#include <cmath>
#include <limits>

using namespace rasp;
using namespace rasp::model;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

llvm::Error model::checkInput(const ModelConfig &config,
                              llvm::ArrayRef<unsigned> tokens) {
  if (tokens.empty())
    return makeError("input is empty, expected at least the BOS token");
  if (tokens.size() > config.getContextLength())
    return makeError("input has " + llvm::Twine(tokens.size()) +
                     " positions, the model's context is " +
                     llvm::Twine(config.getContextLength()) +
                     " (BOS + max_seq_len " + llvm::Twine(config.maxSeqLen) +
                     ")");
  for (size_t i = 0; i < tokens.size(); ++i)
    if (tokens[i] >= config.getVocabSize())
      return makeError("input position " + llvm::Twine(i) + " has token id " +
                       llvm::Twine(tokens[i]) + ", the vocabulary has " +
                       llvm::Twine(config.getVocabSize()) + " tokens");
  if (tokens[0] != config.bosId)
    return makeError("input position 0 is '" + config.vocab[tokens[0]] +
                     "', expected the BOS token '" +
                     config.vocab[config.bosId] + "'");
  return llvm::Error::success();
}

llvm::Expected<std::vector<unsigned>>
model::encodeTokens(const ModelConfig &config,
                    llvm::ArrayRef<std::string> labels) {
  if (labels.size() > config.maxSeqLen)
    return makeError("input has " + llvm::Twine(labels.size()) +
                     " tokens, the model takes at most " +
                     llvm::Twine(config.maxSeqLen));
  llvm::StringMap<unsigned> ids;
  for (size_t i = 0; i < config.vocab.size(); ++i)
    ids.try_emplace(config.vocab[i], static_cast<unsigned>(i));
  std::vector<unsigned> tokens;
  tokens.reserve(labels.size() + 1);
  tokens.push_back(config.bosId);
  for (const std::string &label : labels) {
    auto it = ids.find(label);
    if (it == ids.end())
      return makeError("token '" + label + "' is not in the vocabulary");
    tokens.push_back(it->second);
  }
  return tokens;
}

/// Softmax of every row of \p s in place, the row maximum subtracted first.
/// Entries at -inf get weight 0; every row must have a finite entry.
static void softmaxRows(Eigen::MatrixXf &s) {
  Eigen::VectorXf rowMax = s.rowwise().maxCoeff();
  s = (s.colwise() - rowMax).array().exp().matrix();
  Eigen::VectorXf rowSum = s.rowwise().sum();
  s.array().colwise() /= rowSum.array();
}

/// Adds \p bias to every row of \p m, if there is a bias.
static void addBias(Eigen::MatrixXf &m, const Eigen::VectorXf &bias) {
  if (bias.size() != 0)
    m.rowwise() += bias.transpose();
}

static void runAttention(const ModelConfig &config, const Attention &attn,
                         Eigen::MatrixXf &x,
                         std::vector<Eigen::MatrixXf> *keptWeights) {
  const Eigen::Index t = x.rows();
  const Eigen::Index k = config.keySize, v = config.valueSize;
  Eigen::MatrixXf q = x * attn.wq;
  Eigen::MatrixXf keys = x * attn.wk;
  Eigen::MatrixXf values = x * attn.wv;
  addBias(q, attn.bq);
  addBias(keys, attn.bk);
  addBias(values, attn.bv);

  Eigen::MatrixXf z(t, config.numHeads * v);
  Eigen::MatrixXf s(t, t);
  for (unsigned h = 0; h < config.numHeads; ++h) {
    s.noalias() =
        q.middleCols(h * k, k) * keys.middleCols(h * k, k).transpose();
    s *= config.attnScale;
    if (config.causal)
      s.triangularView<Eigen::StrictlyUpper>().setConstant(
          -std::numeric_limits<float>::infinity());
    softmaxRows(s);
    z.middleCols(h * v, v).noalias() = s * values.middleCols(h * v, v);
    if (keptWeights)
      keptWeights->push_back(s);
  }
  x.noalias() += z * attn.wo;
  addBias(x, attn.bo);
}

static void runMLP(const ModelConfig &config, const MLP &mlp,
                   Eigen::MatrixXf &x) {
  Eigen::MatrixXf hidden = x * mlp.w1;
  hidden.rowwise() += mlp.b1.transpose();
  switch (config.activation) {
  case Activation::ReLU:
    hidden = hidden.cwiseMax(0.0f);
    break;
  }
  x.noalias() += hidden * mlp.w2;
  x.rowwise() += mlp.b2.transpose();
}

/// The forward pass proper; \p model verified, \p tokens checked.
static ForwardResult runForward(const Model &model,
                                llvm::ArrayRef<unsigned> tokens,
                                const ForwardOptions &options) {
  const ModelConfig &config = model.config;
  const Eigen::Index t = static_cast<Eigen::Index>(tokens.size());
  ForwardResult result;

  Eigen::MatrixXf x = model.posEmbed.topRows(t);
  for (Eigen::Index i = 0; i < t; ++i)
    x.row(i) += model.tokenEmbed.row(tokens[i]);
  if (options.keepResiduals)
    result.residuals.push_back(x);

  for (const Layer &layer : model.layers) {
    std::vector<Eigen::MatrixXf> *kept = nullptr;
    if (options.keepAttention) {
      result.attention.emplace_back();
      kept = &result.attention.back();
    }
    if (layer.attn.isPresent())
      runAttention(config, layer.attn, x, kept);
    if (options.keepResiduals)
      result.residuals.push_back(x);
    if (layer.mlp.isPresent())
      runMLP(config, layer.mlp, x);
    if (options.keepResiduals)
      result.residuals.push_back(x);
  }
  result.output.noalias() = x * model.unembed;
  return result;
}

llvm::Expected<ForwardResult> model::forward(const Model &model,
                                             llvm::ArrayRef<unsigned> tokens,
                                             const ForwardOptions &options) {
  if (llvm::Error err = model.verify())
    return err;
  if (llvm::Error err = checkInput(model.config, tokens))
    return err;
  return runForward(model, tokens, options);
}

llvm::Expected<std::vector<ForwardResult>>
model::forwardBatch(const Model &model,
                    llvm::ArrayRef<std::vector<unsigned>> batch,
                    const ForwardOptions &options) {
  if (llvm::Error err = model.verify())
    return err;
  for (size_t i = 0; i < batch.size(); ++i)
    if (llvm::Error err = checkInput(model.config, batch[i]))
      return makeError("sequence " + llvm::Twine(i) + ": " +
                       llvm::toString(std::move(err)));
  std::vector<ForwardResult> results;
  results.reserve(batch.size());
  for (const std::vector<unsigned> &tokens : batch)
    results.push_back(runForward(model, tokens, options));
  return results;
}

namespace {
using SparseF = Eigen::SparseMatrix<float, Eigen::ColMajor>;
struct SparseLayer {
  bool attn = false, mlp = false;
  SparseF wq, wk, wv, wo, w1, w2;
};
} // namespace

llvm::Expected<std::vector<Eigen::MatrixXf>>
model::forwardBatchSparse(const Model &model,
                          llvm::ArrayRef<std::vector<unsigned>> batch) {
  if (llvm::Error err = model.verify())
    return err;
  for (size_t i = 0; i < batch.size(); ++i)
    if (llvm::Error err = checkInput(model.config, batch[i]))
      return makeError("sequence " + llvm::Twine(i) + ": " +
                       llvm::toString(std::move(err)));
  const ModelConfig &config = model.config;
  std::vector<SparseLayer> layers(model.layers.size());
  for (size_t l = 0; l < layers.size(); ++l) {
    const Layer &L = model.layers[l];
    SparseLayer &S = layers[l];
    if ((S.attn = L.attn.isPresent())) {
      S.wq = L.attn.wq.sparseView();
      S.wk = L.attn.wk.sparseView();
      S.wv = L.attn.wv.sparseView();
      S.wo = L.attn.wo.sparseView();
    }
    if ((S.mlp = L.mlp.isPresent())) {
      S.w1 = L.mlp.w1.sparseView();
      S.w2 = L.mlp.w2.sparseView();
    }
  }
  const Eigen::Index k = config.keySize, v = config.valueSize;
  std::vector<Eigen::MatrixXf> outputs;
  outputs.reserve(batch.size());
  // Chunks of about 256 stacked positions keep the hidden layer in cache.
  for (size_t first = 0; first < batch.size();) {
    size_t last = first;
    Eigen::Index rows = 0;
    while (last < batch.size() &&
           (last == first || rows + Eigen::Index(batch[last].size()) <= 256))
      rows += Eigen::Index(batch[last++].size());
    Eigen::MatrixXf x(rows, config.dModel);
    std::vector<Eigen::Index> offset;
    for (size_t b = first, r = 0; b < last; ++b) {
      offset.push_back(Eigen::Index(r));
      const std::vector<unsigned> &tokens = batch[b];
      for (size_t i = 0; i < tokens.size(); ++i, ++r)
        x.row(Eigen::Index(r)) =
            model.posEmbed.row(Eigen::Index(i)) + model.tokenEmbed.row(tokens[i]);
    }
    for (size_t l = 0; l < layers.size(); ++l) {
      const Layer &L = model.layers[l];
      const SparseLayer &S = layers[l];
      if (S.attn) {
        Eigen::MatrixXf q = x * S.wq, keys = x * S.wk, values = x * S.wv;
        addBias(q, L.attn.bq);
        addBias(keys, L.attn.bk);
        addBias(values, L.attn.bv);
        Eigen::MatrixXf z(rows, config.numHeads * v);
        for (size_t b = first; b < last; ++b) {
          Eigen::Index off = offset[b - first],
                       t = Eigen::Index(batch[b].size());
          for (unsigned h = 0; h < config.numHeads; ++h) {
            Eigen::MatrixXf s = q.block(off, h * k, t, k) *
                                keys.block(off, h * k, t, k).transpose();
            s *= config.attnScale;
            if (config.causal)
              s.triangularView<Eigen::StrictlyUpper>().setConstant(
                  -std::numeric_limits<float>::infinity());
            softmaxRows(s);
            z.block(off, h * v, t, v).noalias() =
                s * values.block(off, h * v, t, v);
          }
        }
        x += z * S.wo;
        addBias(x, L.attn.bo);
      }
      if (S.mlp) {
        Eigen::MatrixXf hidden = x * S.w1;
        hidden.rowwise() += L.mlp.b1.transpose();
        hidden = hidden.cwiseMax(0.0f);
        x += hidden * S.w2;
        x.rowwise() += L.mlp.b2.transpose();
      }
    }
    Eigen::MatrixXf out = x * model.unembed;
    for (size_t b = first; b < last; ++b)
      outputs.push_back(out.middleRows(offset[b - first],
                                       Eigen::Index(batch[b].size())));
    first = last;
  }
  return outputs;
}

std::vector<unsigned> model::decodeCategorical(const Eigen::MatrixXf &output) {
  std::vector<unsigned> decoded(output.rows(), 0);
  for (Eigen::Index i = 0; i < output.rows(); ++i) {
    Eigen::Index best = -1;
    for (Eigen::Index j = 0; j < output.cols(); ++j) {
      float value = output(i, j);
      // Strictly greater: ties go to the lowest index; NaN never wins.
      if (!std::isnan(value) && (best < 0 || value > output(i, best)))
        best = j;
    }
    decoded[i] = best < 0 ? 0 : static_cast<unsigned>(best);
  }
  return decoded;
}

std::vector<float> model::decodeNumerical(const Eigen::MatrixXf &output) {
  std::vector<float> decoded(output.rows(), 0.0f);
  if (output.cols() == 0)
    return decoded;
  for (Eigen::Index i = 0; i < output.rows(); ++i)
    decoded[i] = output(i, 0);
  return decoded;
}

std::vector<std::string> model::decodeLabels(const ModelConfig &config,
                                             const Eigen::MatrixXf &output) {
  std::vector<std::string> labels;
  labels.reserve(output.rows());
  switch (config.outputKind) {
  case OutputKind::Categorical:
    for (unsigned index : decodeCategorical(output))
      labels.push_back(index < config.outputLabels.size()
                           ? config.outputLabels[index]
                           : std::to_string(index));
    break;
  case OutputKind::Numerical:
    for (float value : decodeNumerical(output)) {
      std::string text;
      llvm::raw_string_ostream os(text);
      os << llvm::format("%g", value);
      labels.push_back(os.str());
    }
    break;
  }
  return labels;
}

uint64_t model::countForwardFlops(const Model &model, unsigned length) {
  const ModelConfig &c = model.config;
  const uint64_t t = length, d = c.dModel, h = c.numHeads, k = c.keySize,
                 v = c.valueSize, m = c.mlpHidden;
  uint64_t flops = t * d; // token + position embedding
  for (const Layer &layer : model.layers) {
    if (layer.attn.isPresent()) {
      flops += 2 * t * d * h * (2 * k + v); // Q, K, V projections
      flops += 2 * h * t * t * k;           // logits
      flops += 6 * h * t * t;               // scale, mask-free softmax
      flops += 2 * h * t * t * v;           // weighted values
      flops += 2 * t * h * v * d + t * d;   // output projection + residual
      if (layer.attn.hasBias())
        flops += t * (2 * h * k + h * v + d); // bias additions
    }
    if (layer.mlp.isPresent()) {
      flops += 2 * t * d * m + t * m; // w1 + b1
      flops += t * m;                 // activation
      flops += 2 * t * m * d + t * d; // w2 + b2
      flops += t * d;                 // residual
    }
  }
  flops += 2 * t * d * c.getOutputDim(); // unembedding
  return flops;
}

std::vector<int> rasp::model::readWidths(const ModelConfig &config,
                                         const ForwardResult &result) {
  if (config.widthHeadLayer < 0 ||
      size_t(config.widthHeadLayer) >= result.attention.size() ||
      config.widthHead >= result.attention[config.widthHeadLayer].size())
    return {};
  const Eigen::MatrixXf &a =
      result.attention[config.widthHeadLayer][config.widthHead];
  std::vector<int> w(size_t(a.rows()), -1);
  for (Eigen::Index i = 1; i < a.rows(); ++i) {
    double bos = a(i, 0);
    if (config.widthHeadCountsBos) {
      // BOS and each selected key: 1/(w+1).
      w[i] = bos > 0 ? int(std::lround(1.0 / bos - 1.0)) : -1;
    } else if (bos > 0.5) {
      w[i] = 0; // nothing selected: the default
    } else {
      double top = a.row(i).tail(a.cols() - 1).maxCoeff();
      w[i] = top > 0 ? int(std::lround(1.0 / top)) : -1;
    }
  }
  return w;
}

rasp::model::ForwardOptions
rasp::model::decodingOptions(const ModelConfig &config) {
  ForwardOptions o;
  o.keepAttention = config.widthHeadLayer >= 0;
  return o;
}
