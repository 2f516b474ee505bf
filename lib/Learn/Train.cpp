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
#include <ctime>
#include <cmath>
#include <random>

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

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

/// Gumbel-softmax; the noise -log(-log U) uses LibTorch's vectorized log
/// (exponential_() takes a scalar libm log per element).
torch::Tensor gumbel(const torch::Tensor &logits, double tau) {
  torch::Tensor g;
  {
    torch::NoGradGuard noGrad;
    g = torch::rand_like(logits).clamp_min_(1e-20).log_().neg_().log_().neg_();
  }
  return torch::softmax((logits + g) / tau, -1);
}

/// Rows i of C[g] = A[g] @ B[g]; MM > 0 fixes m at compile time so the
/// inner loop is unrolled and vectorized (k and N are 8 or 16 in the paper).
template <int64_t MM>
void smallBmmRange(const float *pa, const float *pb, float *pc, int64_t g0,
                   int64_t g1, int64_t n, int64_t c, int64_t mDyn) {
  const int64_t m = MM > 0 ? MM : mDyn;
  for (int64_t g = g0; g < g1; ++g) {
    const float *ag = pa + g * n * c, *bg = pb + g * c * m;
    float *cg = pc + g * n * m;
    for (int64_t i = 0; i < n; ++i) {
      float row[MM > 0 ? MM : 1];
      float *r = MM > 0 ? row : cg + i * m;
      for (int64_t j = 0; j < m; ++j)
        r[j] = 0.0f;
      for (int64_t q = 0; q < c; ++q) {
        const float x = ag[i * c + q];
        const float *brow = bg + q * m;
        for (int64_t j = 0; j < m; ++j)
          r[j] += x * brow[j];
      }
      if (MM > 0)
        for (int64_t j = 0; j < m; ++j)
          cg[i * m + j] = r[j];
    }
  }
}

torch::Tensor smallBmmKernel(const torch::Tensor &a, const torch::Tensor &b) {
  torch::Tensor A = a.contiguous(), B = b.contiguous();
  const int64_t G = A.size(0), n = A.size(1), c = A.size(2), m = B.size(2);
  torch::Tensor C = torch::empty({G, n, m}, A.options());
  const float *pa = A.data_ptr<float>(), *pb = B.data_ptr<float>();
  float *pc = C.data_ptr<float>();
  at::parallel_for(0, G, std::max<int64_t>(1, 4096 / (n * m + 1)),
                   [&](int64_t g0, int64_t g1) {
    if (m == 8)
      smallBmmRange<8>(pa, pb, pc, g0, g1, n, c, m);
    else if (m == 16)
      smallBmmRange<16>(pa, pb, pc, g0, g1, n, c, m);
    else
      smallBmmRange<0>(pa, pb, pc, g0, g1, n, c, m);
  });
  return C;
}

struct SmallBmm : public torch::autograd::Function<SmallBmm> {
  static torch::Tensor forward(torch::autograd::AutogradContext *ctx,
                               torch::Tensor a, torch::Tensor b) {
    ctx->save_for_backward({a, b});
    return smallBmmKernel(a, b);
  }
  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *ctx,
           torch::autograd::variable_list grads) {
    auto saved = ctx->get_saved_variables();
    torch::Tensor g = grads[0];
    return {smallBmmKernel(g, saved[1].transpose(1, 2)),
            smallBmmKernel(saved[0].transpose(1, 2), g)};
  }
};

torch::Tensor smallBmm(const torch::Tensor &a, const torch::Tensor &b) {
  return SmallBmm::apply(a, b);
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

  /// Logits [B*N, labels] for codes [B, N] with valid-position mask [B, N].
  ///
  /// The variable stream is kept variable-major, X = [V, B*N*k] (one row per
  /// variable), so every read of a layer -- the key, query and value of all
  /// heads, or both inputs of all MLPs -- is one GEMM of the Gumbel gates
  /// [r, V] with X, and a layer's outputs are appended with one cat. Heads
  /// are batched along the leading dimension ([H*B, N, N] bmm), MLPs too.
  torch::Tensor forward(const torch::Tensor &x, const torch::Tensor &valid,
                        double tau) {
    const int64_t k = cfg.k, n = cfg.maxLen, B = x.size(0);
    const int64_t H = cfg.heads, M = cfg.mlps, P = B * n;
    if (posRow.size(0) != 1 || posRow.size(1) != P * k)
      posRow = F::one_hot(torch::arange(n), k)
                   .to(torch::kFloat)
                   .expand({B, n, k})
                   .reshape({1, P * k});
    torch::Tensor X = torch::cat(
        {F::one_hot(x, k).to(torch::kFloat).reshape({1, P * k}), posRow}, 0);
    // allowed[1, b, i, j]: key j may be attended by query i. The additive
    // term holds the closest-match bias and -1e9 where not allowed.
    torch::Tensor allowed =
        (valid.unsqueeze(1) & causalMask.unsqueeze(0)).unsqueeze(0);
    torch::Tensor allowedF = allowed.to(torch::kFloat);
    const double invSqrtK = 1.0 / std::sqrt(double(k));
    torch::Tensor addend =
        (bias * invSqrtK).unsqueeze(0).unsqueeze(0) + (1.0 - allowedF) * -1e9;
    for (unsigned l = 0; l < cfg.layers; ++l) {
      const int64_t m = X.size(0);
      torch::Tensor G =
          gumbel(torch::cat({p.gK[l], p.gQ[l], p.gV[l]}, 0), tau); // [3H, m]
      torch::Tensor R = torch::mm(G, X).view({3, H, P, k});
      torch::Tensor K = R[0], Q = R[1], V = R[2];               // [H, P, k]
      torch::Tensor qp = torch::bmm(Q, gumbel(p.pred[l], tau)); // [H, P, k]
      torch::Tensor S =
          smallBmm(qp.view({H * B, n, k}), K.view({H * B, n, k}).transpose(1, 2))
              .view({H, B, n, n}) *
          allowedF;
      torch::Tensor s = S.sum(-1, true);
      S = S + torch::relu(1 - s / (s + 1e-10)) * e0;
      torch::Tensor logits = torch::log(S + 1e-20) * invSqrtK + addend;
      torch::Tensor A = gumbel(logits, tau);
      torch::Tensor out =
          smallBmm(A.view({H * B, n, n}), V.view({H * B, n, k}));
      X = torch::cat({X, out.view({H, P * k})}, 0);
      (void)m;
      if (M == 0)
        continue;
      torch::Tensor Gm = gumbel(torch::cat({p.gA[l], p.gB[l]}, 0), tau);
      torch::Tensor Rm = torch::mm(Gm, X).view({2, M, P, k});
      torch::Tensor o = mlp(l, Rm[0], Rm[1], tau); // [M, P, k]
      X = torch::cat({X, o.reshape({M, P * k})}, 0);
    }
    const int64_t nV = X.size(0);
    return torch::bmm(X.view({nV, P, k}), p.cls.view({nV, k, -1})).sum(0);
  }

  /// Inputs [M, P, k] each -> [M, P, k]; tau <= 0 gives the raw
  /// log-probabilities.
  torch::Tensor mlp(unsigned l, const torch::Tensor &a, const torch::Tensor &b,
                    double tau) {
    const int64_t k = cfg.k;
    torch::Tensor w1 = p.w1[l];
    torch::Tensor h = torch::baddbmm(p.b1[l], a, w1.narrow(1, 0, k));
    h = torch::relu(torch::baddbmm(h, b, w1.narrow(1, k, k)));
    torch::Tensor o = torch::baddbmm(p.b2[l], h, p.w2[l]);
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
    // All k*k input pairs (a, b), one-hot: [M, k*k, k] each.
    const int64_t M = cfg.mlps;
    torch::Tensor pa = F::one_hot(torch::arange(k).repeat_interleave(k), k)
                           .to(torch::kFloat).unsqueeze(0).expand({M, k * k, k});
    torch::Tensor pb = F::one_hot(torch::arange(k).repeat({k}), k)
                           .to(torch::kFloat).unsqueeze(0).expand({M, k * k, k});
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
        torch::Tensor out = mlp(l, pa, pb, 0); // [M, k*k, k]
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
  torch::Tensor bias, causalMask, e0, posRow = torch::zeros({0, 0});
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

/// The tensors are small, so the costs besides arithmetic matter: OpenBLAS's
/// own thread pool (it spins in sched_yield next to LibTorch's threads) is
/// cut to one thread, and glibc is told to keep freed tensor memory rather
/// than mmap/munmap (and page-fault) every step.
void tuneRuntime() {
  using SetThreads = void (*)(int);
  if (auto *f = reinterpret_cast<SetThreads>(
          dlsym(RTLD_DEFAULT, "openblas_set_num_threads")))
    f(1);
#if defined(__GLIBC__)
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  mallopt(M_TOP_PAD, 64 << 20);
#endif
}

llvm::Expected<Program> trainImpl(const Dataset &data,
                                  const TrainOptions &opts) {
  tuneRuntime();
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
    std::clock_t cpuStart = std::clock();
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
      torch::Tensor logits = model.forward(x, v, tau); // [B*N, labels]
      torch::Tensor tf = t.reshape({-1});
      torch::Tensor nll =
          F::cross_entropy(logits, tf,
                           F::CrossEntropyFuncOptions().ignore_index(-1).reduction(
                               torch::kNone))
              .view(t.sizes());
      torch::Tensor scored = t.ge(0).to(torch::kFloat);
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
    double cpuSecs = double(std::clock() - cpuStart) / CLOCKS_PER_SEC;
    total += secs;
    if (opts.onEpoch) {
      EpochReport r;
      r.epoch = e + 1;
      r.epochs = E;
      r.loss = lossSum / double(steps);
      r.valAcc = accuracy(model.discretize(data), data.val);
      r.seconds = secs;
      r.cpuSeconds = cpuSecs;
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
