//===- Train.cpp - Relaxed Transformer Programs in LibTorch ---------------===//
//
// The one translation unit that includes <torch/torch.h> (STYLE.md §2). The
// relaxation follows ../shared/spec/transformer-programs.md §1 for the
// categorical parts: gated reads, one-hot predicate rows, BOS default,
// closest-match bias, table MLPs, a linear classifier over every variable;
// Adam, lr 0.05, batch 512, tau 3.0 -> 0.01 geometric per step.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Sketch.h"
#include "rasp/Learn/Train.h"

#include "AttnKernels.h"
#include "GemmKernels.h"
#include "TrainKernels.h"

#include <torch/torch.h>

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <ctime>
#include <cmath>
#include <random>
#include <thread>

#include <dlfcn.h>
#if defined(__GLIBC__)
#include <malloc.h>
#endif

using namespace rasp;
using namespace rasp::learn;
namespace F = torch::nn::functional;

namespace {
torch::Tensor param(torch::Tensor t) { return t.set_requires_grad(true); }

/// Gumbel(0, 1) noise -log(-log U) of \p shape from \p gen (nullptr: the
/// global generator), in one vectorized pass (AttnKernels.cpp).
torch::Tensor gumbelNoise(at::IntArrayRef shape, at::Generator *gen) {
  torch::NoGradGuard noGrad;
  torch::Tensor u = gen ? torch::rand(shape, *gen) : torch::rand(shape);
  kernels::gumbelFromUniform(u.data_ptr<float>(), u.numel());
  return u;
}

/// The per-element noise of one half-batch (attention, MLP outputs): each
/// call draws a 64-bit key (splitmix64 of a counter) and the noise of
/// element i is a hash of (key, i) (kernels::gumbelFromHash), so a call
/// costs a few vector instructions per element instead of a Mersenne
/// Twister draw, and the two halves' streams are independent.
struct NoiseGen {
  uint64_t state;
  uint64_t next() {
    uint64_t z = (state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
  }
};

torch::Tensor gumbelNoise(at::IntArrayRef shape, NoiseGen &gen) {
  torch::Tensor g = torch::empty(shape);
  kernels::gumbelFromHash(gen.next(), g.data_ptr<float>(), g.numel());
  return g;
}

/// Gumbel-softmax sample of \p logits at temperature \p tau.
torch::Tensor gumbel(const torch::Tensor &logits, double tau) {
  return torch::softmax((logits + gumbelNoise(logits.sizes(), nullptr)) / tau,
                        -1);
}
torch::Tensor gumbel(const torch::Tensor &logits, double tau, NoiseGen &gen) {
  return torch::softmax((logits + gumbelNoise(logits.sizes(), gen)) / tau, -1);
}

//===----------------------------------------------------------------------===//
// Fused attention heads (AttnKernels.cpp): the [H, B, N, N] intermediates of
// an unfused version (ten elementwise LibTorch ops and their backward) are
// never materialized except the attention weights and scores the backward
// pass needs.
//===----------------------------------------------------------------------===//

kernels::AttnDims dimsOf(const torch::Tensor &qp, const torch::Tensor &valid,
                         bool causal) {
  kernels::AttnDims d;
  d.B = valid.size(0);
  d.n = valid.size(1);
  d.k = qp.size(-1);
  d.G = qp.numel() / (d.n * d.k);
  d.causal = causal;
  d.valid = valid.data_ptr<uint8_t>();
  return d;
}

/// Categorical head (spec §1.3): S = (q·pred)·Kᵀ on allowed keys, BOS
/// default on key 0, logits (log(S + 1e-20) + closest-match bias) / √k,
/// Gumbel-softmax at tau with noise \p g, then A·V. \p bias is [n, n],
/// already divided by √k; \p valid is [B, n] uint8.
struct CatAttn : public torch::autograd::Function<CatAttn> {
  static torch::Tensor forward(torch::autograd::AutogradContext *ctx,
                               torch::Tensor qp, torch::Tensor K,
                               torch::Tensor V, torch::Tensor g,
                               torch::Tensor valid, torch::Tensor bias,
                               double tau, bool causal) {
    qp = qp.contiguous();
    K = K.contiguous();
    V = V.contiguous();
    g = g.contiguous();
    kernels::AttnDims d = dimsOf(qp, valid, causal);
    torch::Tensor out = torch::zeros({d.G, d.n, d.k});
    torch::Tensor A = torch::empty({d.G, d.n, d.n}),
                  Sp = torch::empty({d.G, d.n, d.n}),
                  sumS = torch::empty({d.G, d.n});
    kernels::catAttnForward(d, qp.data_ptr<float>(), K.data_ptr<float>(),
                            V.data_ptr<float>(), g.data_ptr<float>(),
                            bias.data_ptr<float>(),
                            1.0f / std::sqrt(float(d.k)), float(1.0 / tau),
                            out.data_ptr<float>(), A.data_ptr<float>(),
                            Sp.data_ptr<float>(), sumS.data_ptr<float>());
    ctx->save_for_backward({qp, K, V, valid, A, Sp, sumS});
    ctx->saved_data["tau"] = tau;
    ctx->saved_data["causal"] = causal;
    return out;
  }

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *ctx,
           torch::autograd::variable_list grads) {
    auto sv = ctx->get_saved_variables();
    torch::Tensor qp = sv[0], K = sv[1], V = sv[2], valid = sv[3], A = sv[4],
                  Sp = sv[5], sumS = sv[6];
    torch::Tensor dout = grads[0].contiguous();
    const double tau = ctx->saved_data["tau"].toDouble();
    kernels::AttnDims d =
        dimsOf(qp, valid, ctx->saved_data["causal"].toBool());
    torch::Tensor dq = torch::zeros_like(qp), dK = torch::zeros_like(K),
                  dV = torch::zeros_like(V);
    kernels::catAttnBackward(
        d, qp.data_ptr<float>(), K.data_ptr<float>(), V.data_ptr<float>(),
        A.data_ptr<float>(), Sp.data_ptr<float>(), sumS.data_ptr<float>(),
        dout.data_ptr<float>(),
        float(1.0 / (std::sqrt(double(d.k)) * tau)), dq.data_ptr<float>(),
        dK.data_ptr<float>(), dV.data_ptr<float>());
    return {dq, dK, dV, torch::Tensor(), torch::Tensor(), torch::Tensor(),
            torch::Tensor(), torch::Tensor()};
  }
};

/// Numerical head (spec §1.4): out[i] = sum over allowed keys j of
/// (q·pred)_i·K_j · v_j -- no softmax, no BOS, no bias. v is [G, n].
struct NumAttn : public torch::autograd::Function<NumAttn> {
  static torch::Tensor forward(torch::autograd::AutogradContext *ctx,
                               torch::Tensor qp, torch::Tensor K,
                               torch::Tensor v, torch::Tensor valid,
                               bool causal) {
    qp = qp.contiguous();
    K = K.contiguous();
    v = v.contiguous();
    kernels::AttnDims d = dimsOf(qp, valid, causal);
    torch::Tensor out = torch::empty({d.G, d.n});
    kernels::numAttnForward(d, qp.data_ptr<float>(), K.data_ptr<float>(),
                            v.data_ptr<float>(), out.data_ptr<float>());
    ctx->save_for_backward({qp, K, v, valid});
    ctx->saved_data["causal"] = causal;
    return out;
  }

  static torch::autograd::variable_list
  backward(torch::autograd::AutogradContext *ctx,
           torch::autograd::variable_list grads) {
    auto sv = ctx->get_saved_variables();
    torch::Tensor qp = sv[0], K = sv[1], v = sv[2], valid = sv[3];
    torch::Tensor dout = grads[0].contiguous();
    kernels::AttnDims d =
        dimsOf(qp, valid, ctx->saved_data["causal"].toBool());
    torch::Tensor dq = torch::zeros_like(qp), dK = torch::zeros_like(K),
                  dv = torch::zeros_like(v);
    kernels::numAttnBackward(d, qp.data_ptr<float>(), K.data_ptr<float>(),
                             v.data_ptr<float>(), dout.data_ptr<float>(),
                             dq.data_ptr<float>(), dK.data_ptr<float>(),
                             dv.data_ptr<float>());
    return {dq, dK, dv, torch::Tensor(), torch::Tensor()};
  }
};

//===----------------------------------------------------------------------===//
// Per-position products (GemmKernels.cpp when the output width is a
// multiple of 8, else LibTorch's bmm): X [nb, rows, a] times W [nb, a, b].
//===----------------------------------------------------------------------===//

/// out = (accumulate ? out : bias) + X·W, then max(0, .) with \p relu;
/// \p out is contiguous [nb, rows, b], \p bias [nb, 1, b] or undefined.
void bmmRowsInto(const torch::Tensor &X, const torch::Tensor &W,
                 const torch::Tensor &bias, torch::Tensor &out,
                 bool accumulate, bool relu) {
  const int64_t nb = X.size(0), rows = X.size(1), a = X.size(2),
                b = W.size(2);
  if (b % 8 != 0) {
    if (accumulate)
      out.baddbmm_(X, W);
    else if (bias.defined())
      torch::baddbmm_out(out, bias, X, W);
    else
      torch::bmm_out(out, X, W);
    if (relu)
      out.relu_();
    return;
  }
  torch::Tensor Xc = X.contiguous(), Wc = W.contiguous(),
                Bc = bias.defined() ? bias.contiguous() : bias;
  for (int64_t i = 0; i < nb; ++i)
    kernels::rowsTimes(rows, a, b, Xc.data_ptr<float>() + i * rows * a,
                       Wc.data_ptr<float>() + i * a * b,
                       Bc.defined() ? Bc.data_ptr<float>() + i * b : nullptr,
                       out.data_ptr<float>() + i * rows * b, accumulate, relu);
}

torch::Tensor bmmRows(const torch::Tensor &X, const torch::Tensor &W,
                      const torch::Tensor &bias = {}, bool relu = false) {
  torch::Tensor out = torch::empty({X.size(0), X.size(1), W.size(2)});
  bmmRowsInto(X, W, bias, out, false, relu);
  return out;
}

/// Xᵀ·D per batch entry: [nb, a, b] from X [nb, rows, a], D [nb, rows, b].
torch::Tensor bmmOuter(const torch::Tensor &X, const torch::Tensor &D) {
  const int64_t nb = X.size(0), rows = X.size(1), a = X.size(2),
                b = D.size(2);
  if (b % 8 != 0)
    return torch::bmm(X.transpose(1, 2), D);
  torch::Tensor Xc = X.contiguous(), Dc = D.contiguous();
  torch::Tensor G = torch::zeros({nb, a, b});
  for (int64_t i = 0; i < nb; ++i)
    kernels::rowsOuter(rows, a, b, Xc.data_ptr<float>() + i * rows * a,
                       Dc.data_ptr<float>() + i * rows * b,
                       G.data_ptr<float>() + i * a * b);
  return G;
}

//===----------------------------------------------------------------------===//
// The model
//===----------------------------------------------------------------------===//

/// The trainable parameters of one layer (undefined when the count is 0).
struct LayerParams {
  torch::Tensor gK, gQ, gV, pred;       // categorical heads
  torch::Tensor nK, nQ, nV, npred;      // numerical heads
  torch::Tensor gA, gB, w1, b1, w2, b2; // categorical MLPs
  torch::Tensor nA, nB, nw1, nb1, nw2, nb2; // numerical MLPs
};

/// What one step samples once and shares between the two half-batches:
/// the Gumbel-softmax gates and predicates (one sample per step, as in the
/// reference), and the parameters the halves use directly.
struct StepInputs {
  struct Layer {
    torch::Tensor G, P;      // cat heads: [3H, m] gates, [H, k, k]
    torch::Tensor Gn, Pn, GnV; // num heads: [2Hn, m], [Hn, k, k], [Hn, mn]
    torch::Tensor Gm, Gnm;   // MLP reads: [2M, m2], [2Mn, mn2]
    torch::Tensor w1, b1, w2, b2, nw1, nb1, nw2, nb2;
  };
  torch::Tensor emb; // embedding variables: [N, T, k] (undefined for N = 0)
  std::vector<Layer> layers;
  torch::Tensor cls, clsNum;

  /// Every tensor, in a fixed order (undefined ones included).
  std::vector<torch::Tensor *> all() {
    std::vector<torch::Tensor *> v{&emb};
    for (Layer &l : layers)
      for (torch::Tensor *t : {&l.G, &l.P, &l.Gn, &l.Pn, &l.GnV, &l.Gm,
                               &l.Gnm, &l.w1, &l.b1, &l.w2, &l.b2, &l.nw1,
                               &l.nb1, &l.nw2, &l.nb2})
        v.push_back(t);
    v.push_back(&cls);
    v.push_back(&clsNum);
    return v;
  }
};

/// One half of a batch.
struct HalfBatch {
  torch::Tensor x, t, valid, validU8;
};

class Model {
public:
  Model(const SketchConfig &cfg, unsigned nTokens, unsigned nLabels,
        unsigned dMlp)
      : cfg(cfg), nTokens(nTokens), nLabels(nLabels), dMlp(dMlp) {
    const int64_t k = cfg.k, H = cfg.heads, Hn = cfg.numHeads, M = cfg.mlps,
                  Mn = cfg.numMlps, d = dMlp;
    auto gate = [](int64_t rows, int64_t m) {
      return param(torch::randn({rows, m}) / std::sqrt(double(m)));
    };
    // Embedding variables: per variable a row of k logits per token code,
    // scaled by 1/sqrt(N k) as the reference's embedding of width N k.
    if (const int64_t N = cfg.variables)
      emb = param(torch::randn({N, int64_t(nTokens), k}) /
                  std::sqrt(double(N * k)));
    for (unsigned l = 0; l < cfg.layers; ++l) {
      LayerParams p;
      int64_t m = cfg.headReads(l), m2 = cfg.mlpReads(l),
              mn = cfg.numHeadReads(l), mn2 = cfg.numMlpReads(l);
      if (H) {
        p.gK = gate(H, m);
        p.gQ = gate(H, m);
        p.gV = gate(H, m);
        p.pred = param(torch::randn({H, k, k}) / std::sqrt(double(k)));
      }
      if (Hn) {
        p.nK = gate(Hn, m);
        p.nQ = gate(Hn, m);
        p.nV = gate(Hn, mn);
        p.npred = param(torch::randn({Hn, k, k}) / std::sqrt(double(k)));
      }
      if (M) {
        p.gA = gate(M, m2);
        p.gB = gate(M, m2);
        p.w1 = param(torch::randn({M, 2 * k, d}) / std::sqrt(double(d)));
        p.b1 = param(torch::zeros({M, 1, d}));
        p.w2 = param(torch::randn({M, d, k}) / std::sqrt(double(k)));
        p.b2 = param(torch::zeros({M, 1, k}));
      }
      if (Mn) {
        p.nA = gate(Mn, mn2);
        p.nB = gate(Mn, mn2);
        p.nw1 = param(torch::randn({Mn, 2, d}) / std::sqrt(double(d)));
        p.nb1 = param(torch::zeros({Mn, 1, d}));
        p.nw2 = param(torch::randn({Mn, d, k}) / std::sqrt(double(k)));
        p.nb2 = param(torch::zeros({Mn, 1, k}));
      }
      layers.push_back(p);
    }
    cls = param(torch::randn({int64_t(cfg.numVars()) * k, int64_t(nLabels)}) /
                std::sqrt(double(nLabels)));
    clsNum = param(torch::randn({int64_t(cfg.numNumVars()), int64_t(nLabels)}) /
                   std::sqrt(double(nLabels)));
    // Closest-match bias (spec §1.3), divided by √k: self -2; key after the
    // query at distance d: -(d-1)/(n-2); before: -(d-1)/(n-1).
    const int64_t n = cfg.maxLen;
    bias = torch::zeros({n, n});
    auto b = bias.accessor<float, 2>();
    const float invSqrtK = 1.0f / std::sqrt(float(k));
    for (int64_t i = 0; i < n; ++i)
      for (int64_t j = 0; j < n; ++j) {
        int64_t dd = j - i;
        float v = dd == 0  ? -2.0f
                  : dd > 0 ? -float(dd - 1) / float(std::max<int64_t>(1, n - 2))
                           : -float(-dd - 1) / float(std::max<int64_t>(1, n - 1));
        b[i][j] = v * invSqrtK;
      }
  }

  std::vector<torch::Tensor> parameters() const {
    std::vector<torch::Tensor> v;
    if (emb.defined())
      v.push_back(emb);
    for (const LayerParams &p : layers)
      for (const torch::Tensor *t :
           {&p.gK, &p.gQ, &p.gV, &p.pred, &p.nK, &p.nQ, &p.nV, &p.npred,
            &p.gA, &p.gB, &p.w1, &p.b1, &p.w2, &p.b2, &p.nA, &p.nB, &p.nw1,
            &p.nb1, &p.nw2, &p.nb2})
        if (t->defined())
          v.push_back(*t);
    v.push_back(cls);
    v.push_back(clsNum);
    return v;
  }

  /// Every parameter with its safetensors name (undefined ones skipped).
  std::vector<std::pair<std::string, torch::Tensor>> namedParameters() const {
    std::vector<std::pair<std::string, torch::Tensor>> v;
    // embed_V.logits: [#tokens, k], row c the logits of token code c.
    for (int64_t e = 0; emb.defined() && e < emb.size(0); ++e)
      v.emplace_back("embed_" + std::to_string(e) + ".logits", emb[e]);
    for (size_t l = 0; l < layers.size(); ++l) {
      const LayerParams &p = layers[l];
      std::string L = "layers." + std::to_string(l) + ".";
      std::pair<const char *, const torch::Tensor *> all[] = {
          {"cat_attn.key_gate", &p.gK},   {"cat_attn.query_gate", &p.gQ},
          {"cat_attn.value_gate", &p.gV}, {"cat_attn.pred", &p.pred},
          {"num_attn.key_gate", &p.nK},   {"num_attn.query_gate", &p.nQ},
          {"num_attn.value_gate", &p.nV}, {"num_attn.pred", &p.npred},
          {"cat_mlp.a_gate", &p.gA},      {"cat_mlp.b_gate", &p.gB},
          {"cat_mlp.w_in", &p.w1},        {"cat_mlp.b_in", &p.b1},
          {"cat_mlp.w_out", &p.w2},       {"cat_mlp.b_out", &p.b2},
          {"num_mlp.a_gate", &p.nA},      {"num_mlp.b_gate", &p.nB},
          {"num_mlp.w_in", &p.nw1},       {"num_mlp.b_in", &p.nb1},
          {"num_mlp.w_out", &p.nw2},      {"num_mlp.b_out", &p.nb2}};
      for (auto &[name, t] : all)
        if (t->defined())
          v.emplace_back(L + name, *t);
    }
    v.emplace_back("classifier.cat", cls);
    v.emplace_back("classifier.num", clsNum);
    return v;
  }

  /// Samples the shared choices of one step (with autograd to the
  /// parameters).
  StepInputs sample(double tau) {
    StepInputs s;
    if (emb.defined())
      s.emb = gumbel(emb, tau);
    for (const LayerParams &p : layers) {
      StepInputs::Layer l;
      if (p.gK.defined()) {
        l.G = gumbel(torch::cat({p.gK, p.gQ, p.gV}, 0), tau);
        l.P = gumbel(p.pred, tau);
      }
      if (p.nK.defined()) {
        l.Gn = gumbel(torch::cat({p.nK, p.nQ}, 0), tau);
        l.Pn = gumbel(p.npred, tau);
        l.GnV = gumbel(p.nV, tau);
      }
      if (p.gA.defined()) {
        l.Gm = gumbel(torch::cat({p.gA, p.gB}, 0), tau);
        l.w1 = p.w1, l.b1 = p.b1, l.w2 = p.w2, l.b2 = p.b2;
      }
      if (p.nA.defined()) {
        l.Gnm = gumbel(torch::cat({p.nA, p.nB}, 0), tau);
        l.nw1 = p.nw1, l.nb1 = p.nb1, l.nw2 = p.nw2, l.nb2 = p.nb2;
      }
      s.layers.push_back(l);
    }
    s.cls = cls;
    s.clsNum = clsNum;
    return s;
  }

  /// Sum over the sequences of \p hb of their mean token cross-entropy,
  /// divided by \p batch (the whole batch's size). The variable streams are
  /// variable-major: Xc = [Vc, P*k] (a row per categorical variable, P =
  /// B*N positions), Xn = [Vn, P]; every read of a layer is one GEMM of the
  /// gates with the stream.
  ///
  /// The reference for lossAndGrads (TrainKernelsTest): with \p fused
  /// false the heads are plain LibTorch ops too, so autograd checks the
  /// attention kernels' backward as well.
  torch::Tensor loss(const HalfBatch &hb, const StepInputs &in, double tau,
                     NoiseGen &gen, int64_t batch, bool fused = true) {
    const int64_t k = cfg.k, n = cfg.maxLen, B = hb.x.size(0), P = B * n;
    // Keys query i may attend to: valid, and at or before i when causal.
    torch::Tensor allowed = hb.valid.unsqueeze(1).expand({B, n, n});
    if (cfg.causal)
      allowed = allowed.logical_and(torch::ones({n, n}, torch::kBool).tril());
    const torch::Tensor allowedF = allowed.to(torch::kFloat);
    const int64_t H = cfg.heads, Hn = cfg.numHeads, M = cfg.mlps,
                  Mn = cfg.numMlps;
    torch::Tensor posRow = F::one_hot(torch::arange(n), k)
                               .to(torch::kFloat)
                               .expand({B, n, k})
                               .reshape({1, P * k});
    torch::Tensor Xc =
        cfg.variables
            ? torch::cat({in.emb.index_select(1, hb.x.reshape({-1}))
                              .reshape({int64_t(cfg.variables), P * k}),
                          posRow},
                         0)
            : torch::cat(
                  {F::one_hot(hb.x, k).to(torch::kFloat).reshape({1, P * k}),
                   posRow},
                  0);
    torch::Tensor Xn = torch::ones({1, P});
    for (unsigned l = 0; l < cfg.layers; ++l) {
      const StepInputs::Layer &L = in.layers[l];
      std::vector<torch::Tensor> catOut{Xc}, numOut{Xn};
      // Every read of the stream as it stands at the layer's start -- the
      // categorical heads', the numerical heads' and the MLPs' (their part
      // on these variables) -- is one GEMM: the stream then has a single
      // consumer besides the next cat, so its gradient is not accumulated
      // over and over (each accumulation is a pass over the whole stream).
      const int64_t m = Xc.size(0);
      std::vector<torch::Tensor> gates;
      if (H)
        gates.push_back(L.G);
      if (Hn)
        gates.push_back(L.Gn);
      if (M)
        gates.push_back(L.Gm.narrow(1, 0, m));
      torch::Tensor Rall = torch::mm(
          gates.size() == 1 ? gates[0] : torch::cat(gates, 0), Xc);
      int64_t row = 0;
      auto take = [&](int64_t rows) {
        torch::Tensor t = Rall.narrow(0, row, rows);
        row += rows;
        return t;
      };
      if (H) {
        torch::Tensor R = take(3 * H).view({3, H, P, k});
        torch::Tensor qp = torch::bmm(R[1], L.P);
        torch::Tensor g = gumbelNoise({H * B, n, n}, gen);
        torch::Tensor out;
        if (fused) {
          out = CatAttn::apply(qp, R[0], R[2], g, hb.validU8, bias, tau,
                               cfg.causal);
        } else {
          torch::Tensor S = torch::matmul(qp.view({H, B, n, k}),
                                          R[0].view({H, B, n, k}).transpose(2, 3)) *
                            allowedF;
          torch::Tensor s = S.sum(-1, true);
          torch::Tensor bos = torch::relu(1.0 - s / (s + 1e-10));
          S = S + bos * F::one_hot(torch::zeros({1}, torch::kLong), n)
                            .to(torch::kFloat);
          torch::Tensor z = (torch::log(S + 1e-20) / std::sqrt(double(k)) +
                             bias + g.view({H, B, n, n})) /
                            tau;
          z = z.masked_fill(allowed.logical_not(), -INFINITY);
          out = torch::matmul(torch::softmax(z, -1), R[2].view({H, B, n, k}));
        }
        catOut.push_back(out.reshape({H, P * k}));
      }
      if (Hn) {
        torch::Tensor R = take(2 * Hn).view({2, Hn, P, k});
        torch::Tensor qp = torch::bmm(R[1], L.Pn);
        torch::Tensor v = torch::mm(L.GnV, Xn);
        if (fused) {
          numOut.push_back(
              NumAttn::apply(qp, R[0], v, hb.validU8, cfg.causal).view({Hn, P}));
        } else {
          torch::Tensor S = torch::matmul(qp.view({Hn, B, n, k}),
                                          R[0].view({Hn, B, n, k}).transpose(2, 3)) *
                            allowedF;
          numOut.push_back(
              (S * v.view({Hn, B, 1, n})).sum(-1).reshape({Hn, P}));
        }
      }
      if (numOut.size() > 1)
        Xn = torch::cat(numOut, 0);
      // The MLPs read the stream and this layer's head outputs; one cat per
      // layer appends both (a cat copies the whole stream).
      if (M) {
        torch::Tensor R = take(2 * M);
        if (H)
          R = torch::addmm(R, L.Gm.narrow(1, m, H), catOut[1]);
        R = R.view({2, M, P, k});
        torch::Tensor h = torch::baddbmm(L.b1, R[0], L.w1.narrow(1, 0, k));
        h = torch::relu(torch::baddbmm(h, R[1], L.w1.narrow(1, k, k)));
        torch::Tensor o = torch::baddbmm(L.b2, h, L.w2);
        o = gumbel(F::log_softmax(o, F::LogSoftmaxFuncOptions(-1)), tau, gen);
        catOut.push_back(o.reshape({M, P * k}));
      }
      if (Mn) {
        torch::Tensor R = torch::mm(L.Gnm, Xn).view({2, Mn, P, 1});
        torch::Tensor h = torch::relu(R[0] * L.nw1.narrow(1, 0, 1) +
                                      R[1] * L.nw1.narrow(1, 1, 1) + L.nb1);
        torch::Tensor o = torch::baddbmm(L.nb2, h, L.nw2);
        o = gumbel(F::log_softmax(o, F::LogSoftmaxFuncOptions(-1)), tau, gen);
        catOut.push_back(o.reshape({Mn, P * k}));
      }
      if (catOut.size() > 1)
        Xc = torch::cat(catOut, 0);
    }
    const int64_t nV = Xc.size(0);
    torch::Tensor logits =
        torch::bmm(Xc.view({nV, P, k}), in.cls.view({nV, k, -1})).sum(0) +
        torch::mm(Xn.t(), in.clsNum);
    torch::Tensor nll =
        F::cross_entropy(logits, hb.t.reshape({-1}),
                         F::CrossEntropyFuncOptions().ignore_index(-1).reduction(
                             torch::kNone))
            .view(hb.t.sizes());
    torch::Tensor scored = hb.t.ge(0).to(torch::kFloat);
    return (nll.sum(1) / scored.sum(1).clamp_min(1.0)).sum() / double(batch);
  }

  /// The loss of loss() and its gradients with respect to every defined
  /// tensor of \p in (StepInputs::all() order) into \p grads, computed by
  /// hand instead of by autograd: the two streams are allocated once
  /// (every variable is written into its row, no cat) and their gradients
  /// are one buffer each, into which every read adds its part with one
  /// GEMM (no autograd accumulation, no graph). The noise is drawn from
  /// \p gen in the same order as loss(). Gumbel-softmax of log_softmax(o)
  /// is computed as softmax((o + g) / tau) (the log-normalizer cancels).
  double lossAndGrads(const HalfBatch &hb, const StepInputs &in, double tau,
                      NoiseGen &gen, int64_t batch,
                      std::vector<torch::Tensor> &grads) {
    torch::NoGradGuard noGrad;
    const int64_t k = cfg.k, n = cfg.maxLen, B = hb.x.size(0), P = B * n,
                  PK = P * k;
    const int64_t H = cfg.heads, Hn = cfg.numHeads, M = cfg.mlps,
                  Mn = cfg.numMlps;
    const int64_t Vc = cfg.numVars(), Vn = cfg.numNumVars();
    const float invTau = float(1.0 / tau), invSqrtK = 1.0f / std::sqrt(float(k));
    kernels::AttnDims dims;
    dims.B = B;
    dims.n = n;
    dims.k = k;
    dims.causal = cfg.causal;
    dims.valid = hb.validU8.data_ptr<uint8_t>();
    auto T = [](const torch::Tensor &t) { return t.transpose(-2, -1); };

    // The streams: Xc = [Vc, P*k] one-hot/soft rows, Xn = [Vn, P].
    torch::Tensor Xc = torch::empty({Vc, PK}), Xn = torch::empty({Vn, P});
    const int64_t nEmb = cfg.variables;
    const torch::Tensor embS =
        nEmb ? in.emb.contiguous() : torch::Tensor(); // [N, #tokens, k]
    {
      const int64_t *x = hb.x.data_ptr<int64_t>();
      float *base = Xc.data_ptr<float>();
      if (!nEmb) {
        // The token's row: one-hot of its code.
        std::fill(base, base + PK, 0.0f);
        for (int64_t p = 0; p < P; ++p)
          base[p * k + x[p]] = 1.0f;
      } else {
        // Each embedding variable's row: the sampled values of the token.
        const int64_t nTok = embS.size(1);
        for (int64_t v = 0; v < nEmb; ++v) {
          const float *e = embS.data_ptr<float>() + v * nTok * k;
          float *row = base + v * PK;
          for (int64_t p = 0; p < P; ++p)
            std::copy(e + x[p] * k, e + (x[p] + 1) * k, row + p * k);
        }
      }
      // The positions' row (after the input rows): one-hot of p mod n.
      float *pos = base + cfg.posVar() * PK;
      std::fill(pos, pos + PK, 0.0f);
      for (int64_t p = 0; p < P; ++p)
        pos[p * k + p % n] = 1.0f;
      Xn.narrow(0, 0, 1).fill_(1.0f);
    }
    struct State {
      torch::Tensor Gall, Rall, qp, A, Sp, sumS, qpn, v, h, nR, nh;
    };
    std::vector<State> st(cfg.layers);
    // softmax((o + g) / tau) of [rows, k] logits into \p y.
    auto gumbelSoftmaxInto = [&](torch::Tensor o, torch::Tensor y) {
      kernels::gumbelSoftmaxRows(gen.next(), o.data_ptr<float>(),
                                 o.numel() / k, k, invTau, y.data_ptr<float>());
    };
    for (unsigned l = 0; l < cfg.layers; ++l) {
      const StepInputs::Layer &L = in.layers[l];
      State &s = st[l];
      const int64_t m = cfg.headReads(l), mn = cfg.numHeadReads(l),
                    mn2 = cfg.numMlpReads(l);
      std::vector<torch::Tensor> gates;
      if (H)
        gates.push_back(L.G);
      if (Hn)
        gates.push_back(L.Gn);
      if (M)
        gates.push_back(L.Gm.narrow(1, 0, m));
      if (!gates.empty()) {
        s.Gall = gates.size() == 1 ? gates[0].contiguous() : torch::cat(gates, 0);
        s.Rall = torch::mm(s.Gall, Xc.narrow(0, 0, m));
      }
      if (H) {
        torch::Tensor R = s.Rall.narrow(0, 0, 3 * H).view({3, H, P, k});
        s.qp = bmmRows(R[1], L.P);
        torch::Tensor g = gumbelNoise({H * B, n, n}, gen);
        torch::Tensor out = Xc.narrow(0, m, H);
        out.zero_();
        s.A = torch::empty({H * B, n, n});
        s.Sp = torch::empty({H * B, n, n});
        s.sumS = torch::empty({H * B, n});
        dims.G = H * B;
        kernels::catAttnForward(
            dims, s.qp.data_ptr<float>(), R[0].data_ptr<float>(),
            R[2].data_ptr<float>(), g.data_ptr<float>(), bias.data_ptr<float>(),
            invSqrtK, invTau, out.data_ptr<float>(), s.A.data_ptr<float>(),
            s.Sp.data_ptr<float>(), s.sumS.data_ptr<float>());
      }
      if (Hn) {
        torch::Tensor R = s.Rall.narrow(0, 3 * H, 2 * Hn).view({2, Hn, P, k});
        s.qpn = bmmRows(R[1], L.Pn);
        s.v = torch::mm(L.GnV, Xn.narrow(0, 0, mn));
        dims.G = Hn * B;
        kernels::numAttnForward(dims, s.qpn.data_ptr<float>(),
                                R[0].data_ptr<float>(), s.v.data_ptr<float>(),
                                Xn.narrow(0, mn, Hn).data_ptr<float>());
      }
      if (M) {
        torch::Tensor Rm = s.Rall.narrow(0, 3 * H + 2 * Hn, 2 * M);
        if (H)
          Rm.addmm_(L.Gm.narrow(1, m, H), Xc.narrow(0, m, H));
        torch::Tensor R = Rm.view({2, M, P, k});
        s.h = bmmRows(R[0], L.w1.narrow(1, 0, k), L.b1);
        bmmRowsInto(R[1], L.w1.narrow(1, k, k), {}, s.h, true, true);
        gumbelSoftmaxInto(bmmRows(s.h, L.w2, L.b2), Xc.narrow(0, m + H, M));
      }
      if (Mn) {
        s.nR = torch::mm(L.Gnm, Xn.narrow(0, 0, mn2)); // [2Mn, P]
        torch::Tensor Rp = s.nR.view({2, Mn, P}).permute({1, 2, 0});
        s.nh = torch::baddbmm(L.nb1, Rp, L.nw1).relu_(); // [Mn, P, d]
        gumbelSoftmaxInto(bmmRows(s.nh, L.nw2, L.nb2),
                          Xc.narrow(0, cfg.numMlpOut(l), Mn));
      }
    }

    // Classifier and loss: token cross-entropy, mean per sequence over its
    // scored tokens, summed and divided by the whole batch's size.
    torch::Tensor X3 = Xc.view({Vc, P, k});
    torch::Tensor logits =
        torch::bmm(X3, in.cls.view({Vc, k, -1})).sum(0).addmm_(Xn.t(), in.clsNum);
    const int64_t nLab = logits.size(1);
    torch::Tensor lsm = torch::log_softmax(logits, -1).contiguous();
    torch::Tensor dlog = torch::empty({P, nLab});
    double lossSum = 0;
    {
      const float *ls = lsm.data_ptr<float>();
      float *dl = dlog.data_ptr<float>();
      const int64_t *t = hb.t.data_ptr<int64_t>();
      for (int64_t b = 0; b < B; ++b) {
        int64_t cnt = 0;
        for (int64_t i = 0; i < n; ++i)
          cnt += t[b * n + i] >= 0;
        const double w = 1.0 / (double(std::max<int64_t>(cnt, 1)) * double(batch));
        double nll = 0;
        for (int64_t i = 0; i < n; ++i) {
          const int64_t p = b * n + i, tp = t[p];
          for (int64_t c = 0; c < nLab; ++c)
            dl[p * nLab + c] =
                tp < 0 ? 0.0f
                       : float(w * (std::exp(double(ls[p * nLab + c])) -
                                    (c == tp ? 1.0 : 0.0)));
          if (tp >= 0)
            nll -= ls[p * nLab + tp];
        }
        lossSum += nll * w;
      }
    }

    // Backward. dXc, dXn: the gradient of every variable; the classifier
    // writes every row, the reads add to them, layers from the last.
    torch::Tensor dXc = torch::empty({Vc, PK}), dXn = torch::empty({Vn, P});
    torch::Tensor dlogE = dlog.unsqueeze(0).expand({Vc, P, nLab});
    torch::Tensor dX3 = dXc.view({Vc, P, k});
    torch::bmm_out(dX3, dlogE, T(in.cls.view({Vc, k, nLab})));
    torch::Tensor gCls = torch::bmm(T(X3), dlogE).view({Vc * k, nLab});
    torch::mm_out(dXn, in.clsNum, dlog.t());
    torch::Tensor gClsNum = torch::mm(Xn, dlog);
    // Softmax backward at 1/tau: dz = y * (dy - sum(dy * y)) / tau.
    auto softmaxBack = [&](const torch::Tensor &y, const torch::Tensor &dy) {
      torch::Tensor dz = torch::empty_like(y);
      kernels::softmaxBackwardRows(y.data_ptr<float>(), dy.data_ptr<float>(),
                                   y.numel() / k, k, invTau,
                                   dz.data_ptr<float>());
      return dz;
    };
    struct LayerGrads {
      torch::Tensor G, P, Gn, Pn, GnV, Gm, Gnm, w1, b1, w2, b2, nw1, nb1, nw2,
          nb2;
    };
    std::vector<LayerGrads> lg(cfg.layers);
    for (unsigned l = cfg.layers; l-- > 0;) {
      const StepInputs::Layer &L = in.layers[l];
      State &s = st[l];
      LayerGrads &g = lg[l];
      const int64_t m = cfg.headReads(l), mn = cfg.numHeadReads(l),
                    mn2 = cfg.numMlpReads(l);
      torch::Tensor dRall;
      if (s.Rall.defined())
        dRall = torch::empty_like(s.Rall);
      if (Mn) {
        const int64_t o = cfg.numMlpOut(l);
        torch::Tensor dz = softmaxBack(Xc.narrow(0, o, Mn).view({Mn, P, k}),
                                       dXc.narrow(0, o, Mn).view({Mn, P, k}));
        g.nw2 = bmmOuter(s.nh, dz);
        g.nb2 = dz.sum(1, true);
        torch::Tensor dh =
            torch::threshold_backward(bmmRows(dz, T(L.nw2)), s.nh, 0);
        g.nb1 = dh.sum(1, true);
        torch::Tensor Rp = s.nR.view({2, Mn, P}).permute({1, 2, 0});
        g.nw1 = bmmOuter(Rp, dh);
        torch::Tensor dR = torch::bmm(dh, T(L.nw1)) // [Mn, P, 2]
                               .permute({2, 0, 1})
                               .contiguous()
                               .view({2 * Mn, P});
        g.Gnm = torch::mm(dR, Xn.narrow(0, 0, mn2).t());
        if (mn2 > 1)
          dXn.narrow(0, 1, mn2 - 1).addmm_(T(L.Gnm.narrow(1, 1, mn2 - 1)), dR);
      }
      torch::Tensor gGmHeads;
      if (M) {
        const int64_t o = m + H;
        torch::Tensor dz = softmaxBack(Xc.narrow(0, o, M).view({M, P, k}),
                                       dXc.narrow(0, o, M).view({M, P, k}));
        g.w2 = bmmOuter(s.h, dz);
        g.b2 = dz.sum(1, true);
        torch::Tensor dh =
            torch::threshold_backward(bmmRows(dz, T(L.w2)), s.h, 0);
        g.b1 = dh.sum(1, true);
        torch::Tensor R =
            s.Rall.narrow(0, 3 * H + 2 * Hn, 2 * M).view({2, M, P, k});
        g.w1 = torch::cat({bmmOuter(R[0], dh), bmmOuter(R[1], dh)}, 1);
        torch::Tensor dRm2 = dRall.narrow(0, 3 * H + 2 * Hn, 2 * M);
        torch::Tensor dRm = dRm2.view({2, M, P, k});
        torch::Tensor dRm0 = dRm[0], dRm1 = dRm[1];
        bmmRowsInto(dh, T(L.w1.narrow(1, 0, k)), {}, dRm0, false, false);
        bmmRowsInto(dh, T(L.w1.narrow(1, k, k)), {}, dRm1, false, false);
        if (H) {
          gGmHeads = torch::mm(dRm2, Xc.narrow(0, m, H).t());
          dXc.narrow(0, m, H).addmm_(T(L.Gm.narrow(1, m, H)), dRm2);
        }
      }
      if (H) {
        torch::Tensor R = s.Rall.narrow(0, 0, 3 * H).view({3, H, P, k});
        torch::Tensor dR = dRall.narrow(0, 0, 3 * H).view({3, H, P, k});
        torch::Tensor dK = dR[0], dQ = dR[1], dV = dR[2];
        dK.zero_();
        dV.zero_();
        torch::Tensor dq = torch::zeros({H, P, k});
        torch::Tensor dout = dXc.narrow(0, m, H);
        dims.G = H * B;
        kernels::catAttnBackward(
            dims, s.qp.data_ptr<float>(), R[0].data_ptr<float>(),
            R[2].data_ptr<float>(), s.A.data_ptr<float>(),
            s.Sp.data_ptr<float>(), s.sumS.data_ptr<float>(),
            dout.data_ptr<float>(), float(1.0 / (std::sqrt(double(k)) * tau)),
            dq.data_ptr<float>(), dK.data_ptr<float>(), dV.data_ptr<float>());
        g.P = bmmOuter(R[1], dq);
        bmmRowsInto(dq, T(L.P), {}, dQ, false, false);
      }
      if (Hn) {
        torch::Tensor R = s.Rall.narrow(0, 3 * H, 2 * Hn).view({2, Hn, P, k});
        torch::Tensor dR = dRall.narrow(0, 3 * H, 2 * Hn).view({2, Hn, P, k});
        torch::Tensor dK = dR[0], dQ = dR[1];
        dK.zero_();
        torch::Tensor dq = torch::zeros({Hn, P, k}), dv = torch::zeros({Hn, P});
        torch::Tensor dout = dXn.narrow(0, mn, Hn);
        dims.G = Hn * B;
        kernels::numAttnBackward(dims, s.qpn.data_ptr<float>(),
                                 R[0].data_ptr<float>(), s.v.data_ptr<float>(),
                                 dout.data_ptr<float>(), dq.data_ptr<float>(),
                                 dK.data_ptr<float>(), dv.data_ptr<float>());
        g.Pn = bmmOuter(R[1], dq);
        bmmRowsInto(dq, T(L.Pn), {}, dQ, false, false);
        g.GnV = torch::mm(dv, Xn.narrow(0, 0, mn).t());
        if (mn > 1)
          dXn.narrow(0, 1, mn - 1).addmm_(T(L.GnV.narrow(1, 1, mn - 1)), dv);
      }
      if (dRall.defined()) {
        torch::Tensor gAll = torch::mm(dRall, Xc.narrow(0, 0, m).t());
        int64_t row = 0;
        if (H)
          g.G = gAll.narrow(0, row, 3 * H), row += 3 * H;
        if (Hn)
          g.Gn = gAll.narrow(0, row, 2 * Hn), row += 2 * Hn;
        if (M) {
          torch::Tensor gm = gAll.narrow(0, row, 2 * M);
          g.Gm = H ? torch::cat({gm, gGmHeads}, 1) : gm;
        }
        // Rows 0 and 1 (tokens, positions) are inputs: no gradient. The
        // embedding variables have one (the positions' row gets one too,
        // unread).
        const int64_t first = nEmb ? 0 : 2;
        if (m > first)
          dXc.narrow(0, first, m - first)
              .addmm_(T(s.Gall.narrow(1, first, m - first)), dRall);
      }
    }
    grads.clear();
    if (nEmb) {
      // The sampled embedding's gradient: each position's row gradient
      // added to its token's row, positions in order.
      const int64_t nTok = embS.size(1);
      torch::Tensor gEmb = torch::zeros({nEmb, nTok, k});
      const int64_t *x = hb.x.data_ptr<int64_t>();
      for (int64_t v = 0; v < nEmb; ++v) {
        const float *d = dXc.data_ptr<float>() + v * PK;
        float *ge = gEmb.data_ptr<float>() + v * nTok * k;
        for (int64_t p = 0; p < P; ++p)
          for (int64_t c = 0; c < k; ++c)
            ge[x[p] * k + c] += d[p * k + c];
      }
      grads.push_back(gEmb);
    }
    for (unsigned l = 0; l < cfg.layers; ++l) {
      LayerGrads &g = lg[l];
      const StepInputs::Layer &L = in.layers[l];
      std::pair<const torch::Tensor *, torch::Tensor *> pairs[] = {
          {&L.G, &g.G},     {&L.P, &g.P},     {&L.Gn, &g.Gn},
          {&L.Pn, &g.Pn},   {&L.GnV, &g.GnV}, {&L.Gm, &g.Gm},
          {&L.Gnm, &g.Gnm}, {&L.w1, &g.w1},   {&L.b1, &g.b1},
          {&L.w2, &g.w2},   {&L.b2, &g.b2},   {&L.nw1, &g.nw1},
          {&L.nb1, &g.nb1}, {&L.nw2, &g.nw2}, {&L.nb2, &g.nb2}};
      for (auto &[t, gt] : pairs)
        if (t->defined())
          grads.push_back(*gt);
    }
    grads.push_back(gCls);
    grads.push_back(gClsNum);
    return lossSum;
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
    for (int64_t v = 0; emb.defined() && v < emb.size(0); ++v)
      prog.embed.push_back(argmaxRow(emb[v]));
    auto headHoles = [&](const torch::Tensor &gK, const torch::Tensor &gQ,
                         const torch::Tensor &gV, const torch::Tensor &pred) {
      std::vector<HeadHoles> hs;
      if (!gK.defined())
        return hs;
      std::vector<int> K = argmaxRow(gK), Q = argmaxRow(gQ), V = argmaxRow(gV);
      for (size_t h = 0; h < K.size(); ++h) {
        HeadHoles hh;
        hh.keyVar = K[h];
        hh.queryVar = Q[h];
        hh.valueVar = V[h];
        hh.pred = argmaxRow(pred[h]);
        hs.push_back(std::move(hh));
      }
      return hs;
    };
    // All k*k categorical input pairs (a, b), one-hot: [M, k*k, k] each.
    const int64_t M = cfg.mlps, Mn = cfg.numMlps;
    torch::Tensor pa = F::one_hot(torch::arange(k).repeat_interleave(k), k)
                           .to(torch::kFloat).unsqueeze(0).expand({M, k * k, k});
    torch::Tensor pb = F::one_hot(torch::arange(k).repeat({k}), k)
                           .to(torch::kFloat).unsqueeze(0).expand({M, k * k, k});
    for (unsigned l = 0; l < cfg.layers; ++l) {
      const LayerParams &p = layers[l];
      prog.heads.push_back(headHoles(p.gK, p.gQ, p.gV, p.pred));
      prog.numHeads.push_back(headHoles(p.nK, p.nQ, p.nV, p.npred));
      std::vector<MlpHoles> ms;
      if (M) {
        std::vector<int> A = argmaxRow(p.gA), B = argmaxRow(p.gB);
        torch::Tensor h = torch::baddbmm(p.b1, pa, p.w1.narrow(1, 0, k));
        h = torch::relu(torch::baddbmm(h, pb, p.w1.narrow(1, k, k)));
        torch::Tensor out = torch::baddbmm(p.b2, h, p.w2); // [M, k*k, k]
        for (unsigned m = 0; m < M; ++m) {
          MlpHoles mh;
          mh.a = A[m];
          mh.b = B[m];
          mh.table = argmaxRow(out[m]);
          ms.push_back(std::move(mh));
        }
      }
      prog.mlps.push_back(std::move(ms));
      std::vector<MlpHoles> nms;
      if (Mn) {
        std::vector<int> A = argmaxRow(p.nA), B = argmaxRow(p.nB);
        for (unsigned m = 0; m < Mn; ++m) {
          MlpHoles mh;
          mh.a = A[m];
          mh.b = B[m];
          // Every integer input either variable can hold (0..its maximum);
          // tables of more than 2^16 entries clamp both inputs to 255 (the
          // model and the printed program alike).
          mh.aMax = prog.numVarMax(mh.a);
          mh.bMax = prog.numVarMax(mh.b);
          if ((mh.aMax + 1) * (mh.bMax + 1) > (int64_t(1) << 16)) {
            mh.aMax = std::min<int64_t>(mh.aMax, 255);
            mh.bMax = std::min<int64_t>(mh.bMax, 255);
          }
          torch::Tensor av = torch::arange(mh.aMax + 1, torch::kFloat)
                                 .repeat_interleave(mh.bMax + 1)
                                 .view({-1, 1});
          torch::Tensor bv = torch::arange(mh.bMax + 1, torch::kFloat)
                                 .repeat({mh.aMax + 1})
                                 .view({-1, 1});
          torch::Tensor h = torch::relu(av * p.nw1[m].narrow(0, 0, 1) +
                                        bv * p.nw1[m].narrow(0, 1, 1) +
                                        p.nb1[m]);
          mh.table = argmaxRow(torch::addmm(p.nb2[m], h, p.nw2[m]));
          nms.push_back(std::move(mh));
        }
      }
      prog.numMlps.push_back(std::move(nms));
    }
    // Integer classifier: weights * 1000, rounded.
    torch::Tensor w = (torch::cat({cls, clsNum}, 0).t() * 1000.0)
                          .round()
                          .to(torch::kLong)
                          .contiguous();
    for (int64_t lab = 0; lab < w.size(0); ++lab) {
      torch::Tensor row = w[lab].contiguous();
      prog.classifier.emplace_back(row.data_ptr<int64_t>(),
                                   row.data_ptr<int64_t>() + row.numel());
    }
    return prog;
  }

  SketchConfig cfg;
  unsigned nTokens, nLabels, dMlp;
  torch::Tensor emb; // [N, #tokens, k] embedding logits, or undefined
  std::vector<LayerParams> layers;
  torch::Tensor cls, clsNum;
  torch::Tensor bias;
};

/// Writes the trained parameters as safetensors (header length, JSON
/// header, float32 little-endian data) through a temporary file in the same
/// directory renamed over \p path. The `__metadata__` holds "format":
/// "rasp-learn-1" and "config": the sketch as JSON.
llvm::Error saveSafetensors(const Model &model, const Dataset &d,
                            const std::string &path) {
  static_assert(sizeof(float) == 4, "float32 data");
  auto fail = [&](const llvm::Twine &why) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write '" + path + "': " + why);
  };
  const SketchConfig &c = model.cfg;
  llvm::json::Array tokens, labels;
  for (const std::string &t : d.tokens)
    tokens.push_back(t);
  for (const std::string &l : d.labels)
    labels.push_back(l);
  llvm::json::Object config{
      {"task", d.name},          {"layers", c.layers},
      {"cat_heads", c.heads},    {"num_heads", c.numHeads},
      {"cat_mlps", c.mlps},      {"num_mlps", c.numMlps},
      {"k", c.k},                {"max_len", c.maxLen},
      {"causal", c.causal},      {"d_mlp", model.dMlp},
      {"tokens", std::move(tokens)}, {"labels", std::move(labels)}};
  if (c.variables) // absent: the tokens are the one-hot variable tok
    config["variables"] = c.variables;
  llvm::json::Object header;
  header["__metadata__"] = llvm::json::Object{
      {"format", "rasp-learn-1"},
      {"config", llvm::formatv("{0}", llvm::json::Value(std::move(config)))
                     .str()}};
  std::string data;
  for (auto &[name, t] : model.namedParameters()) {
    torch::Tensor f = t.detach().to(torch::kFloat).contiguous();
    llvm::json::Array shape;
    for (int64_t s : f.sizes())
      shape.push_back(s);
    size_t begin = data.size();
    data.append(reinterpret_cast<const char *>(f.data_ptr<float>()),
                f.numel() * sizeof(float));
    header[name] = llvm::json::Object{
        {"dtype", "F32"},
        {"shape", std::move(shape)},
        {"data_offsets", llvm::json::Array{int64_t(begin),
                                           int64_t(data.size())}}};
  }
  std::string head =
      llvm::formatv("{0}", llvm::json::Value(std::move(header))).str();
  head.append((8 - head.size() % 8) % 8, ' ');
  uint64_t n = head.size();
  char len[8];
  for (int i = 0; i < 8; ++i)
    len[i] = char((n >> (8 * i)) & 0xff);

  llvm::SmallString<256> tmp;
  int fd = -1;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(
          path + ".tmp-%%%%%%", fd, tmp))
    return fail(ec.message());
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os.write(len, 8);
    os << head;
    os.write(data.data(), data.size());
    os.close();
    if (os.has_error()) {
      std::string why = os.error().message();
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return fail(why);
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    return fail(ec.message());
  }
  return llvm::Error::success();
}

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
  // Intra-op threading stays at 1: the two halves of a batch are the unit
  // of parallelism (intra-op threads were slower on these small tensors).
  torch::set_num_threads(1);
  torch::manual_seed(opts.seed);
  SketchConfig cfg = getSketchConfig(data, opts);
  // The skeleton is the sketch IR's (learn::buildSketch): the tensors below
  // read a prefix of a variable stream for every head and MLP; check that
  // the sketch's ?choose holes have exactly those candidates.
  if (std::string bad =
          checkTrainerReads(*buildSketch(cfg, data.tokens, data.labels));
      !bad.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), bad);
  Model model(cfg, data.tokens.size(), data.labels.size(), opts.dMlp);
  std::vector<torch::Tensor> params = model.parameters();
  torch::optim::Adam optim(params, torch::optim::AdamOptions(opts.lr));
  torch::Tensor X, T, Valid;
  toTensors(data.train, cfg.maxLen, X, T, Valid);
  const int64_t nTrain = X.size(0);
  const int64_t bs = std::max(1u, opts.batchSize);
  const int64_t steps = (nTrain + bs - 1) / bs;
  std::mt19937_64 rng(opts.seed);
  // One generator per half-batch for the per-element noise (attention,
  // MLP outputs), so the halves can run on two threads deterministically.
  NoiseGen gens[2] = {{opts.seed * 2654435761u + 1},
                      {opts.seed * 2654435761u + 2}};
  const unsigned E = opts.epochs;
  auto epochTau = [&](unsigned e) {
    if (E <= 1)
      return opts.tauInit;
    return opts.tauInit *
           std::pow(opts.tauEnd / opts.tauInit, double(e) / double(E - 1));
  };
  const bool parallel = opts.threads >= 2;
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
      const int64_t b0 = s * bs, b1 = std::min(nTrain, (s + 1) * bs),
                    nb = b1 - b0, mid = b0 + (nb + 1) / 2;
      HalfBatch halves[2];
      int64_t ranges[2][2] = {{b0, mid}, {mid, b1}};
      for (int h = 0; h < 2; ++h) {
        torch::Tensor bi = idx.slice(0, ranges[h][0], ranges[h][1]);
        halves[h].x = X.index_select(0, bi);
        halves[h].t = T.index_select(0, bi);
        halves[h].valid = Valid.index_select(0, bi);
        halves[h].validU8 = halves[h].valid.to(torch::kUInt8).contiguous();
      }
      optim.zero_grad();
      StepInputs in = model.sample(tau);
      std::vector<torch::Tensor *> slots = in.all();
      std::vector<torch::Tensor> shared;
      for (torch::Tensor *t : slots)
        if (t->defined())
          shared.push_back(*t);
      // Each half computes its loss and the gradients of the shared inputs
      // by hand (lossAndGrads, no autograd); they are summed below in a
      // fixed order and pushed through the shared sampling graph.
      std::vector<torch::Tensor> grads[2];
      double losses[2] = {0, 0};
      std::exception_ptr failure[2];
      auto work = [&](int h) {
        try {
          if (halves[h].x.size(0) == 0)
            return;
          torch::set_num_threads(1);
          losses[h] =
              model.lossAndGrads(halves[h], in, tau, gens[h], nb, grads[h]);
        } catch (...) {
          failure[h] = std::current_exception();
        }
      };
      if (parallel) {
        std::thread worker(work, 1);
        work(0);
        worker.join();
      } else {
        work(0);
        work(1);
      }
      for (auto &f : failure)
        if (f)
          std::rethrow_exception(f);
      std::vector<torch::Tensor> outs, gs;
      for (size_t i = 0; i < shared.size(); ++i) {
        torch::Tensor g;
        for (int h = 0; h < 2; ++h)
          if (!grads[h].empty() && grads[h][i].defined())
            g = g.defined() ? g + grads[h][i] : grads[h][i];
        if (!g.defined())
          continue;
        outs.push_back(shared[i]);
        gs.push_back(g);
      }
      torch::autograd::backward(outs, gs);
      optim.step();
      lossSum += losses[0] + losses[1];
    }
    Program current = model.discretize(data);
    double valAcc = accuracy(current, data.val);
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
      r.valAcc = valAcc;
      r.seconds = secs;
      r.cpuSeconds = cpuSecs;
      r.secondsLeft = total / double(e + 1) * double(E - e - 1);
      opts.onEpoch(r);
    }
  }
  if (!opts.saveModelPath.empty())
    if (llvm::Error err = saveSafetensors(model, data, opts.saveModelPath))
      return err;
  return model.discretize(data);
}
} // namespace

llvm::Expected<Program> rasp::learn::train(const Dataset &data,
                                           const TrainOptions &opts) {
  if (data.train.empty() || data.labels.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "no training data");
  const unsigned kMin = minVariableCardinality(data, opts.variables);
  if (opts.dVar &&
      (opts.dVar < kMin || opts.dVar > maxVariableCardinality(data)))
    return llvm::createStringError(
        llvm::inconvertibleErrorCode(),
        "k = %u is out of range: the task's one-hot inputs need %u to %u",
        opts.dVar, kMin, maxVariableCardinality(data));
  if (opts.variables > kMaxEmbeddingVariables)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "%u embedding variables: at most %u",
                                   opts.variables, kMaxEmbeddingVariables);
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

kernels::StepGradientCheck
rasp::learn::kernels::checkStepGradients(const SketchConfig &cfg,
                                         unsigned nTokens, unsigned nLabels,
                                         unsigned dMlp, unsigned batch,
                                         double tau, uint64_t seed,
                                         bool unfusedHeads) {
  torch::manual_seed(seed);
  Model model(cfg, nTokens, nLabels, dMlp);
  // A random half-batch: random lengths (padding after), random tokens,
  // about one target in five unscored.
  const int64_t B = batch, n = cfg.maxLen;
  HalfBatch hb;
  torch::Tensor len = torch::randint(1, n + 1, {B, 1});
  hb.valid = torch::arange(n).unsqueeze(0).lt(len);
  hb.x = torch::randint(0, nTokens, {B, n}).mul(hb.valid.to(torch::kLong));
  torch::Tensor scored = hb.valid.logical_and(torch::rand({B, n}).gt(0.2));
  hb.t = torch::where(scored, torch::randint(0, nLabels, {B, n}),
                      torch::full({B, n}, -1, torch::kLong));
  hb.validU8 = hb.valid.to(torch::kUInt8).contiguous();
  StepInputs in = model.sample(tau);
  // Autograd through loss() on detached copies as leaves.
  StepInputs leafIn = in;
  std::vector<torch::Tensor> leaves;
  for (torch::Tensor *t : leafIn.all())
    if (t->defined()) {
      *t = t->detach().requires_grad_(true);
      leaves.push_back(*t);
    }
  NoiseGen g1{seed}, g2{seed};
  torch::Tensor loss = model.loss(hb, leafIn, tau, g1, B, !unfusedHeads);
  std::vector<torch::Tensor> ref =
      torch::autograd::grad({loss}, leaves, {}, c10::nullopt, false, true);
  std::vector<torch::Tensor> hand;
  StepGradientCheck r;
  r.lossHand = model.lossAndGrads(hb, in, tau, g2, B, hand);
  r.lossAutograd = loss.item<double>();
  if (hand.size() != ref.size()) {
    r.maxAbsError = INFINITY;
    return r;
  }
  for (size_t i = 0; i < ref.size(); ++i) {
    torch::Tensor a = ref[i].defined() ? ref[i] : torch::zeros_like(leaves[i]);
    torch::Tensor h = hand[i].detach().reshape(a.sizes());
    const double err = (h - a).abs().max().item<double>(),
                 scale = a.abs().max().item<double>();
    r.maxAbsError = std::max(r.maxAbsError, err);
    r.maxAbsGradient = std::max(r.maxAbsGradient, scale);
    r.maxRelError = std::max(r.maxRelError, err / std::max(scale, 1e-6));
    r.minAbsGradient =
        r.tensors ? std::min(r.minAbsGradient, scale) : scale;
    ++r.tensors;
  }
  return r;
}
