//===- Trace.cpp - One forward pass, recorded for pictures ----------------===//
//
// A thin layer over forward() with keepResiduals and keepAttention: copies
// the Eigen matrices into row-major vectors, drops the snapshots of absent
// sublayers, and reads from the weights which residual dimensions each head
// and MLP touches.
//
//===----------------------------------------------------------------------===//

#include "rasp/Model/Trace.h"

#include "rasp/Model/Forward.h"
#include "rasp/Model/Model.h"

using namespace rasp;
using namespace rasp::model;

static TraceMatrix toTrace(const Eigen::MatrixXf &m) {
  TraceMatrix t;
  t.rows = static_cast<unsigned>(m.rows());
  t.cols = static_cast<unsigned>(m.cols());
  t.data.resize(size_t(t.rows) * t.cols);
  for (unsigned r = 0; r < t.rows; ++r)
    for (unsigned c = 0; c < t.cols; ++c)
      t.data[size_t(r) * t.cols + c] = m(r, c);
  return t;
}

/// Rows of \p w (restricted to columns [col, col + n)) with a non-zero entry.
static std::vector<unsigned> nonZeroRows(const Eigen::MatrixXf &w,
                                         Eigen::Index col, Eigen::Index n) {
  std::vector<unsigned> out;
  if (w.size() == 0)
    return out;
  for (Eigen::Index r = 0; r < w.rows(); ++r)
    if ((w.block(r, col, 1, n).array() != 0.0f).any())
      out.push_back(static_cast<unsigned>(r));
  return out;
}

/// Columns of \p w (restricted to rows [row, row + n)) with a non-zero entry,
/// or with a non-zero entry of \p bias.
static std::vector<unsigned> nonZeroCols(const Eigen::MatrixXf &w,
                                         Eigen::Index row, Eigen::Index n,
                                         const Eigen::VectorXf &bias) {
  std::vector<unsigned> out;
  if (w.size() == 0)
    return out;
  for (Eigen::Index c = 0; c < w.cols(); ++c)
    if ((w.block(row, c, n, 1).array() != 0.0f).any() ||
        (bias.size() == w.cols() && bias(c) != 0.0f))
      out.push_back(static_cast<unsigned>(c));
  return out;
}

llvm::Expected<ModelTrace>
rasp::model::traceForward(const Model &model,
                          llvm::ArrayRef<unsigned> tokens) {
  ForwardOptions opts;
  opts.keepResiduals = true;
  opts.keepAttention = true;
  llvm::Expected<ForwardResult> res = forward(model, tokens, opts);
  if (!res)
    return res.takeError();
  const ModelConfig &config = model.config;
  ModelTrace trace;
  for (unsigned id : tokens)
    trace.tokens.push_back(config.vocab[id]);
  trace.residualLabels = config.residualLabels;
  trace.residuals.push_back({"embed", toTrace(res->residuals[0])});
  const Eigen::Index k = config.keySize, v = config.valueSize;
  for (unsigned l = 0; l < model.layers.size(); ++l) {
    const Layer &layer = model.layers[l];
    LayerTrace lt;
    lt.hasAttention = layer.attn.isPresent();
    lt.hasMLP = layer.mlp.isPresent();
    std::string prefix = "layer " + std::to_string(l);
    if (lt.hasAttention) {
      const Attention &a = layer.attn;
      // The output bias belongs to no head and is left out.
      Eigen::VectorXf noBias;
      for (unsigned h = 0; h < config.numHeads; ++h) {
        HeadTrace ht;
        if (l < res->attention.size() && h < res->attention[l].size())
          ht.pattern = toTrace(res->attention[l][h]);
        ht.readsQuery = nonZeroRows(a.wq, h * k, k);
        ht.readsKey = nonZeroRows(a.wk, h * k, k);
        ht.readsValue = nonZeroRows(a.wv, h * v, v);
        ht.writes = nonZeroCols(a.wo, h * v, v, noBias);
        lt.heads.push_back(std::move(ht));
      }
      trace.residuals.push_back(
          {prefix + " attn", toTrace(res->residuals[1 + 2 * l])});
    }
    if (lt.hasMLP) {
      const MLP &m = layer.mlp;
      lt.mlpReads = nonZeroRows(m.w1, 0, m.w1.cols());
      lt.mlpWrites = nonZeroCols(m.w2, 0, m.w2.rows(), m.b2);
      trace.residuals.push_back(
          {prefix + " mlp", toTrace(res->residuals[2 + 2 * l])});
    }
    trace.layers.push_back(std::move(lt));
  }
  trace.output = toTrace(res->output);
  if (config.outputKind == OutputKind::Numerical)
    trace.outputLabels = {"value"};
  else
    trace.outputLabels = config.outputLabels;
  trace.decoded = decodeLabels(config, res->output);
  return trace;
}

llvm::Expected<ModelTrace>
rasp::model::traceLabels(const Model &model,
                         llvm::ArrayRef<std::string> labels) {
  llvm::Expected<std::vector<unsigned>> ids =
      encodeTokens(model.config, labels);
  if (!ids)
    return ids.takeError();
  return traceForward(model, *ids);
}
