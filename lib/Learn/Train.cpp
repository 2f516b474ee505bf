//===- Train.cpp - Relaxed Transformer Programs in LibTorch ---------------===//
//
// The one translation unit that includes <torch/torch.h> (STYLE.md §2). The
// relaxation follows ../shared/spec/transformer-programs.md §1 for the
// categorical parts: gated reads, one-hot predicate rows, BOS default,
// closest-match bias, table MLPs, a linear classifier over every variable;
// Adam, lr 0.05, batch 512, tau 3.0 -> 0.01 geometric per step.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Train.h"

#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <random>

using namespace rasp;
using namespace rasp::learn;
namespace F = torch::nn::functional;

namespace {
struct Params {
  // Per layer.
  std::vector<torch::Tensor> gK, gQ, gV, pred;  // [H,m], [H,k,k]
  std::vector<torch::Tensor> gA, gB, w1, b1, w2, b2;
  torch::Tensor cls; // [V*k, L]
  std::vector<torch::Tensor> all() const {
    std::vector<torch::Tensor> v;
    for (auto *g : {&gK, &gQ, &gV, &pred, &gA, &gB, &w1, &b1, &w2, &b2})
      v.insert(v.end(), g->begin(), g->end());
    v.push_back(cls);
    return v;
  }
};

torch::Tensor param(torch::Tensor t) { return t.set_requires_grad(true); }

torch::Tensor gumbel(const torch::Tensor &logits, double tau) {
  return F::gumbel_softmax(logits,
                           F::GumbelSoftmaxFuncOptions().tau(tau).dim(-1));
}

class Model {
public:
  Model(const SketchConfig &cfg, unsigned nLabels, unsigned dMlp)
      : cfg(cfg), nLabels(nLabels) {
    const int64_t k = cfg.k, H = cfg.heads, M = cfg.mlps;
    for (unsigned l = 0; l < cfg.layers; ++l) {
      int64_t m = cfg.headReads(l), m2 = cfg.mlpReads(l);
      double sm = std::sqrt(double(m)), sm2 = std::sqrt(double(m2));
      p.gK.push_back(param(torch::randn({H, m}) / sm));
      p.gQ.push_back(param(torch::randn({H, m}) / sm));
      p.gV.push_back(param(torch::randn({H, m}) / sm));
      p.pred.push_back(param(torch::randn({H, k, k}) / std::sqrt(double(k))));
      p.gA.push_back(param(torch::randn({M, m2}) / sm2));
      p.gB.push_back(param(torch::randn({M, m2}) / sm2));
      p.w1.push_back(
          param(torch::randn({M, 2 * k, int64_t(dMlp)}) / std::sqrt(dMlp)));
      p.b1.push_back(param(torch::zeros({M, 1, int64_t(dMlp)})));
      p.w2.push_back(
          param(torch::randn({M, int64_t(dMlp), k}) / std::sqrt(double(k))));
      p.b2.push_back(param(torch::zeros({M, 1, k})));
    }
    p.cls = param(torch::randn({int64_t(cfg.numVars()) * k, int64_t(nLabels)}) /
                  std::sqrt(double(nLabels)));
    // Closest-match bias (spec §1.3): self -2; key after the query at
    // distance d: -(d-1)/(n-2); before: -(d-1)/(n-1).
    const int64_t n = cfg.maxLen;
    bias = torch::zeros({n, n});
    auto b = bias.accessor<float, 2>();
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        int64_t d = j - i;
        b[i][j] = d == 0  ? -2.0f
                  : d > 0 ? -float(d - 1) / float(std::max<int64_t>(1, n - 2))
                          : -float(-d - 1) / float(std::max<int64_t>(1, n - 1));
      }
    causalMask = torch::ones({n, n}, torch::kBool);
    if (cfg.causal)
      causalMask = torch::tril(causalMask);
    e0 = torch::zeros({n});
    e0[0] = 1.0;
  }

  /// Logits [B, N, labels] for codes [B, N] with valid-position mask [B, N].
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &valid,
                        double tau) {
    const int64_t k = cfg.k, n = cfg.maxLen, B = x.size(0);
    std::vector<torch::Tensor> vars;
    vars.push_back(F::one_hot(x, k).to(torch::kFloat));
    vars.push_back(
        F::one_hot(torch::arange(n), k).to(torch::kFloat).expand({B, n, k}));
    // allowed[b, 1, i, j]: key j may be attended by query i.
    torch::Tensor allowed =
        (valid.unsqueeze(1) & causalMask.unsqueeze(0)).unsqueeze(1);
    torch::Tensor allowedF = allowed.to(torch::kFloat);
    for (unsigned l = 0; l < cfg.layers; ++l) {
      torch::Tensor xs = torch::stack(vars, 2); // [B,N,V,k]
      torch::Tensor K = torch::einsum("bnvk,hv->bhnk", {xs, gumbel(p.gK[l], tau)});
      torch::Tensor Q = torch::einsum("bnvk,hv->bhnk", {xs, gumbel(p.gQ[l], tau)});
      torch::Tensor V = torch::einsum("bnvk,hv->bhnk", {xs, gumbel(p.gV[l], tau)});
      torch::Tensor P = gumbel(p.pred[l], tau); // [H,k,k]
      torch::Tensor qp = torch::einsum("bhnk,hkc->bhnc", {Q, P});
      torch::Tensor S = torch::matmul(qp, K.transpose(2, 3)) * allowedF;
      torch::Tensor s = S.sum(-1, true);
      S = S + torch::relu(1 - s / (s + 1e-10)) * e0;
      torch::Tensor logits =
          (torch::log(S + 1e-20) + bias) / std::sqrt(double(k));
      logits = logits.masked_fill(allowed.logical_not(), -1e9);
      torch::Tensor A = gumbel(logits, tau);
      torch::Tensor out = torch::matmul(A, V); // [B,H,N,k]
      for (int64_t h = 0; h < int64_t(cfg.heads); ++h)
        vars.push_back(out.select(1, h));
      if (cfg.mlps == 0)
        continue;
      xs = torch::stack(vars, 2);
      torch::Tensor a = torch::einsum("bnvk,mv->bmnk", {xs, gumbel(p.gA[l], tau)});
      torch::Tensor b = torch::einsum("bnvk,mv->bmnk", {xs, gumbel(p.gB[l], tau)});
      torch::Tensor o = mlp(l, torch::cat({a, b}, -1), tau);
      for (int64_t m = 0; m < int64_t(cfg.mlps); ++m)
        vars.push_back(o.select(1, m));
    }
    torch::Tensor xs = torch::stack(vars, 2).reshape({B, n, -1});
    return torch::matmul(xs, p.cls);
  }

  /// [B,M,N,2k] -> [B,M,N,k]; tau <= 0 gives the raw log-probabilities.
  torch::Tensor mlp(unsigned l, const torch::Tensor &in, double tau) {
    torch::Tensor h = torch::relu(
        torch::einsum("bmnk,mkd->bmnd", {in, p.w1[l]}) + p.b1[l].unsqueeze(0));
    torch::Tensor o =
        torch::einsum("bmnd,mdk->bmnk", {h, p.w2[l]}) + p.b2[l].unsqueeze(0);
    o = F::log_softmax(o, F::LogSoftmaxFuncOptions(-1));
    return tau > 0 ? gumbel(o, tau) : o;
  }

  /// Fills every hole with its argmax.
  Program discretize(const Dataset &d) {
    torch::NoGradGuard noGrad;
    Program prog;
    prog.cfg = cfg;
    prog.tokens = d.tokens;
    prog.labels = d.labels;
    const int64_t k = cfg.k;
    auto argmaxRow = [](const torch::Tensor &t) {
      torch::Tensor a = t.argmax(-1).contiguous();
      return std::vector<int>(a.data_ptr<int64_t>(),
                              a.data_ptr<int64_t>() + a.numel());
    };
    // All k*k input pairs, one-hot: [1, M, k*k, 2k].
    torch::Tensor ia = torch::arange(k).repeat_interleave(k);
    torch::Tensor ib = torch::arange(k).repeat({k});
    torch::Tensor pairs =
        torch::cat({F::one_hot(ia, k), F::one_hot(ib, k)}, -1).to(torch::kFloat);
    for (unsigned l = 0; l < cfg.layers; ++l) {
      std::vector<int> K = argmaxRow(p.gK[l]), Q = argmaxRow(p.gQ[l]),
                       V = argmaxRow(p.gV[l]);
      std::vector<HeadHoles> hs;
      for (unsigned h = 0; h < cfg.heads; ++h) {
        HeadHoles hh;
        hh.keyVar = K[h];
        hh.queryVar = Q[h];
        hh.valueVar = V[h];
        hh.pred = argmaxRow(p.pred[l][h]);
        hs.push_back(std::move(hh));
      }
      prog.heads.push_back(std::move(hs));
      std::vector<MlpHoles> ms;
      if (cfg.mlps) {
        std::vector<int> A = argmaxRow(p.gA[l]), B = argmaxRow(p.gB[l]);
        torch::Tensor in =
            pairs.unsqueeze(0).unsqueeze(0).expand({1, int64_t(cfg.mlps), k * k, 2 * k});
        torch::Tensor out = mlp(l, in, 0).squeeze(0); // [M, k*k, k]
        for (unsigned m = 0; m < cfg.mlps; ++m) {
          MlpHoles mh;
          mh.a = A[m];
          mh.b = B[m];
          mh.table = argmaxRow(out[m]);
          ms.push_back(std::move(mh));
        }
      }
      prog.mlps.push_back(std::move(ms));
    }
    // Integer classifier: weights * 1000, rounded.
    torch::Tensor w = (p.cls.t() * 1000.0).round().to(torch::kLong).contiguous();
    for (int64_t lab = 0; lab < w.size(0); ++lab) {
      torch::Tensor row = w[lab].contiguous();
      prog.classifier.emplace_back(row.data_ptr<int64_t>(),
                                   row.data_ptr<int64_t>() + row.numel());
    }
    return prog;
  }

  SketchConfig cfg;
  unsigned nLabels;
  Params p;
  torch::Tensor bias, causalMask, e0;
};

/// Codes, targets (-1 unscored) and valid masks of \p ex, padded to n.
void toTensors(const std::vector<Example> &ex, unsigned n, torch::Tensor &x,
               torch::Tensor &t, torch::Tensor &valid) {
  int64_t B = ex.size();
  x = torch::zeros({B, n}, torch::kLong);
  t = torch::full({B, n}, -1, torch::kLong);
  valid = torch::zeros({B, n}, torch::kBool);
  auto xa = x.accessor<int64_t, 2>(), ta = t.accessor<int64_t, 2>();
  auto va = valid.accessor<bool, 2>();
  for (int64_t b = 0; b < B; ++b)
    for (size_t i = 0; i < ex[b].input.size() && i < n; ++i) {
      xa[b][i] = ex[b].input[i];
      ta[b][i] = ex[b].target[i];
      va[b][i] = true;
    }
}

llvm::Expected<Program> trainImpl(const Dataset &data,
                                  const TrainOptions &opts) {
  torch::set_num_threads(std::max(1u, opts.threads));
  torch::manual_seed(opts.seed);
  SketchConfig cfg;
  cfg.layers = opts.layers;
  cfg.heads = opts.heads;
  cfg.mlps = opts.mlps;
  cfg.maxLen = data.maxLen;
  cfg.k = std::max<unsigned>(data.tokens.size(), data.maxLen);
  cfg.causal = data.causal;
  Model model(cfg, data.labels.size(), opts.dMlp);
  torch::optim::Adam optim(model.p.all(), torch::optim::AdamOptions(opts.lr));
  torch::Tensor X, T, Valid;
  toTensors(data.train, cfg.maxLen, X, T, Valid);
  const int64_t nTrain = X.size(0);
  const int64_t bs = std::max(1u, opts.batchSize);
  const int64_t steps = (nTrain + bs - 1) / bs;
  std::mt19937_64 rng(opts.seed);
  const unsigned E = opts.epochs;
  auto epochTau = [&](unsigned e) {
    if (E <= 1)
      return opts.tauInit;
    return opts.tauInit *
           std::pow(opts.tauEnd / opts.tauInit, double(e) / double(E - 1));
  };
  double total = 0;
  for (unsigned e = 0; e < E; ++e) {
    auto start = std::chrono::steady_clock::now();
    std::vector<int64_t> perm(nTrain);
    for (int64_t i = 0; i < nTrain; ++i)
      perm[i] = i;
    for (int64_t i = nTrain; i > 1; --i) {
      uint64_t span = i, limit = UINT64_MAX - UINT64_MAX % span, r;
      do
        r = rng();
      while (r >= limit);
      std::swap(perm[i - 1], perm[r % span]);
    }
    torch::Tensor idx = torch::tensor(perm, torch::kLong);
    double lossSum = 0;
    for (int64_t s = 0; s < steps; ++s) {
      double tau = e + 1 < E ? epochTau(e) * std::pow(epochTau(e + 1) / epochTau(e),
                                                      double(s) / double(steps))
                             : opts.tauEnd;
      torch::Tensor bi = idx.slice(0, s * bs, std::min(nTrain, (s + 1) * bs));
      torch::Tensor x = X.index_select(0, bi), t = T.index_select(0, bi),
                    v = Valid.index_select(0, bi);
      torch::Tensor logits = model.forward(x, v, tau);
      torch::Tensor lp = F::log_softmax(logits, F::LogSoftmaxFuncOptions(-1));
      torch::Tensor scored = t.ge(0).to(torch::kFloat);
      torch::Tensor nll =
          -lp.gather(-1, t.clamp_min(0).unsqueeze(-1)).squeeze(-1) * scored;
      torch::Tensor loss =
          (nll.sum(1) / scored.sum(1).clamp_min(1.0)).mean();
      optim.zero_grad();
      loss.backward();
      optim.step();
      lossSum += loss.item<double>();
    }
    double secs = std::chrono::duration<double>(
                      std::chrono::steady_clock::now() - start)
                      .count();
    total += secs;
    if (opts.onEpoch) {
      EpochReport r;
      r.epoch = e + 1;
      r.epochs = E;
      r.loss = lossSum / double(steps);
      r.valAcc = accuracy(model.discretize(data), data.val);
      r.seconds = secs;
      r.secondsLeft = total / double(e + 1) * double(E - e - 1);
      opts.onEpoch(r);
    }
  }
  if (!opts.saveModelPath.empty())
    torch::save(model.p.all(), opts.saveModelPath);
  return model.discretize(data);
}
} // namespace

llvm::Expected<Program> rasp::learn::train(const Dataset &data,
                                           const TrainOptions &opts) {
  if (data.train.empty() || data.labels.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no training data");
  try {
    return trainImpl(data, opts);
  } catch (const c10::Error &err) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "LibTorch: %s", err.what_without_backtrace());
  } catch (const std::exception &err) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "LibTorch: %s", err.what());
  }
}
