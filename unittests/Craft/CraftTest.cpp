//===- CraftTest.cpp - Unit tests for craft bases and block builders ------===//
//
// The blocks are applied to residual streams built by hand in named bases,
// by a tiny evaluator below that runs the block's math (softmax attention,
// ReLU MLP) in double and in float32, and the results are checked for
// exactness over every value the block has to handle.
//
//===----------------------------------------------------------------------===//

#include "rasp/Craft/Chamber.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>

using namespace rasp::craft;

namespace {

//===----------------------------------------------------------------------===//
// Test-only evaluator
//===----------------------------------------------------------------------===//

template <typename S>
using Mat = Eigen::Matrix<S, Eigen::Dynamic, Eigen::Dynamic>;

/// A residual stream: one row per position (row 0 is BOS).
struct Stream {
  VectorSpace space;
  Eigen::MatrixXd x;

  Stream(VectorSpace s, size_t positions)
      : space(std::move(s)), x(Eigen::MatrixXd::Zero(positions, space.size())) {
  }
  void set(size_t pos, const BasisDirection &d, double v) {
    x(pos, space.indexOf(d)) = v;
  }
  double get(size_t pos, const BasisDirection &d) const {
    return x(pos, space.indexOf(d));
  }
};

template <typename S>
Mat<S> proj(const VectorSpace &from, const VectorSpace &to) {
  return projectionMatrix(from, to).cast<S>();
}

/// The head's output, in the stream's space, for every position.
template <typename S>
Mat<S> applyHead(const AttentionHead &h, const VectorSpace &res,
                 const Mat<S> &x) {
  Mat<S> q = x * proj<S>(res, h.qk.in) * h.qk.m.cast<S>();
  Mat<S> k = x * proj<S>(res, h.qk.out);
  Mat<S> logits = q * k.transpose();
  Eigen::Index t = x.rows();
  Mat<S> attn(t, t);
  for (Eigen::Index i = 0; i < t; ++i) {
    Eigen::Index last = h.causal ? i : t - 1;
    S mx = logits.row(i).head(last + 1).maxCoeff();
    S total = 0;
    for (Eigen::Index j = 0; j < t; ++j) {
      S e = j <= last ? std::exp(logits(i, j) - mx) : S(0);
      attn(i, j) = e;
      total += e;
    }
    attn.row(i) /= total;
  }
  Mat<S> v =
      x * proj<S>(res, h.ov.in) * h.ov.m.cast<S>() * proj<S>(h.ov.out, res);
  return attn * v;
}

template <typename S>
Mat<S> applyMLP(const MLP &m, const VectorSpace &res, const Mat<S> &x) {
  Mat<S> hidden =
      (x * proj<S>(res, m.fst.in) * m.fst.m.cast<S>()).cwiseMax(S(0));
  return hidden * m.snd.m.cast<S>() * proj<S>(m.snd.out, res);
}

/// x + block(x), computed in S, returned in double.
template <typename S> Stream run(const AttentionHead &h, const Stream &in) {
  Mat<S> x = in.x.cast<S>();
  Stream out = in;
  out.x = (x + applyHead<S>(h, in.space, x)).template cast<double>();
  return out;
}
template <typename S> Stream run(const MLP &m, const Stream &in) {
  Mat<S> x = in.x.cast<S>();
  Stream out = in;
  out.x = (x + applyMLP<S>(m, in.space, x)).template cast<double>();
  return out;
}
template <typename S>
Stream run(const SeriesWithResiduals &b, const Stream &in) {
  Mat<S> x = in.x.cast<S>();
  x += applyHead<S>(b.attn, in.space, x);
  x += applyMLP<S>(b.mlp, in.space, x);
  Stream out = in;
  out.x = x.template cast<double>();
  return out;
}

const BasisDirection kBos("tokens", "compiler_bos");
const BasisDirection kOne("one");

/// A stream over \p blockSpace + bos + one with \p n tokens after BOS; bos
/// and one are set.
Stream makeStream(const VectorSpace &blockSpace, size_t n) {
  Stream s(VectorSpace::join(
               {blockSpace, VectorSpace::of(kBos), VectorSpace::of(kOne)}),
           n + 1);
  s.set(0, kBos, 1);
  for (size_t p = 0; p <= n; ++p)
    s.set(p, kOne, 1);
  return s;
}

std::vector<Value> intValues(int64_t lo, int64_t hi) {
  std::vector<Value> vs;
  for (int64_t i = lo; i <= hi; ++i)
    vs.emplace_back(i);
  return vs;
}

BasisDirection idx(int64_t i) { return BasisDirection("indices", i); }

//===----------------------------------------------------------------------===//
// Bases
//===----------------------------------------------------------------------===//

TEST(CraftBasis, ValueOrderAndPrinting) {
  std::vector<Value> sorted = {
      false, true, int64_t(-3), -2.5, 1,  1.0, 1.5, int64_t(1) << 62,
      1e300, NAN,  "",          "a",  "b"};
  for (size_t i = 0; i < sorted.size(); ++i)
    for (size_t j = 0; j < sorted.size(); ++j)
      EXPECT_EQ(Value::compare(sorted[i], sorted[j]), i < j ? -1 : (i > j))
          << i << " vs " << j;
  // Exact int/double comparison beyond 2^53.
  EXPECT_LT(Value(9007199254740992.0), Value(int64_t(9007199254740993)));
  EXPECT_EQ(Value(true).str(), "True");
  EXPECT_EQ(Value(3).str(), "3");
  EXPECT_EQ(Value(0.5).str(), "0.5");
  EXPECT_EQ(Value(1.0).str(), "1.0");
  EXPECT_EQ(Value(0.1).str(), "0.1");
  EXPECT_EQ(Value(1e-5).str(), "1e-05");
  EXPECT_EQ(Value(1e16).str(), "1e+16");
  EXPECT_EQ(Value(-2.0).str(), "-2.0");
  EXPECT_EQ(Value("x").str(), "x");
  EXPECT_EQ(BasisDirection("tokens", "a").str(), "tokens:a");
  EXPECT_EQ(BasisDirection("one").str(), "one");
}

TEST(CraftBasis, VectorSpaceAndProjection) {
  VectorSpace a({BasisDirection("x", 2), BasisDirection("one"),
                 BasisDirection("x", 1), BasisDirection("x", 2)});
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(a.str(), "{one, x:1, x:2}");
  VectorSpace b = VectorSpace::categorical("x", {Value(2), Value(3)});
  VectorSpace u = VectorSpace::join(a, b);
  EXPECT_EQ(u.str(), "{one, x:1, x:2, x:3}");
  EXPECT_TRUE(a.isSubspaceOf(u));
  EXPECT_FALSE(a.isDisjointFrom(b));
  EXPECT_EQ(VectorSpace::difference(u, b).str(), "{one, x:1}");
  EXPECT_EQ(u.indexOf(BasisDirection("x", 3)), 3u);
  EXPECT_FALSE(u.find(BasisDirection("x", 4)));
  // "x" without a value sorts before every "x:v".
  EXPECT_LT(BasisDirection("x"), BasisDirection("x", false));

  Eigen::MatrixXd p = projectionMatrix(a, b);
  ASSERT_EQ(p.rows(), 3);
  ASSERT_EQ(p.cols(), 2);
  EXPECT_EQ(p(2, 0), 1.0);
  EXPECT_EQ(p.sum(), 1.0);

  VectorInSpace v = VectorInSpace::unit(a, BasisDirection("x", 2)) +
                    VectorInSpace::unit(b, BasisDirection("x", 3));
  EXPECT_EQ(v.space, u);
  EXPECT_EQ(v.at(BasisDirection("x", 2)), 1.0);
  EXPECT_EQ(v.at(BasisDirection("x", 3)), 1.0);
  EXPECT_EQ(v.at(BasisDirection("nope")), 0.0);

  MatrixInSpaces m(a, b);
  m.at(BasisDirection("x", 2), BasisDirection("x", 3)) = 5;
  MatrixInSpaces r = m.reindexed(u, u);
  EXPECT_EQ(r.at(BasisDirection("x", 2), BasisDirection("x", 3)), 5.0);
  EXPECT_EQ(r.m.sum(), 5.0);
  EXPECT_EQ(m.apply(v).at(BasisDirection("x", 3)), 5.0);
  MatrixInSpaces s = MatrixInSpaces::sum({m, r});
  EXPECT_EQ(s.at(BasisDirection("x", 2), BasisDirection("x", 3)), 10.0);
}

//===----------------------------------------------------------------------===//
// Attention
//===----------------------------------------------------------------------===//

TEST(CraftAttention, ColdnessFormula) {
  for (unsigned n : {1u, 5u, 256u, 4096u}) {
    double c = attentionColdness(n);
    EXPECT_NEAR(c, 2 * std::log((n + 1) / kDefaultAttentionLeakage), 1e-12);
    EXPECT_LE((n + 1) * std::exp(-c / 2), kDefaultAttentionLeakage * 1.000001);
  }
  EXPECT_LT(attentionColdness(256), 45.0);
}

/// frac_prevs-style numerical mean over indices <= query at the longest
/// length: exact to 1e-6 in float32.
TEST(CraftAttention, NumericalMeanExactAtN256) {
  const unsigned n = 256;
  VectorSpace ind = VectorSpace::categorical("indices", intValues(0, n - 1));
  BasisDirection val("bools"), out("frac");
  auto leq = [](const Value &k, const Value &q) {
    return k.getInt() <= q.getInt();
  };
  AttentionHead h = numericalAggregate(ind, ind, val, out, kBos, kOne, leq,
                                       {n, kDefaultAttentionLeakage, false});
  EXPECT_EQ(h.qk.at(kOne, kBos), h.coldness / 2);
  EXPECT_EQ(h.querySpace().size(), n + 1);
  EXPECT_EQ(h.keySpace().size(), n + 1);

  for (bool general : {false, true}) {
    std::mt19937 rng(general ? 7 : 3);
    std::uniform_real_distribution<double> dist(-3, 3);
    Stream s = makeStream(h.residualSpace(), n);
    std::vector<double> xs(n);
    for (unsigned p = 1; p <= n; ++p) {
      xs[p - 1] = general ? dist(rng) : double(rng() % 2);
      s.set(p, idx(p - 1), 1);
      s.set(p, val, xs[p - 1]);
    }
    Stream d = run<double>(h, s), f = run<float>(h, s);
    double sum = 0, worstD = 0, worstF = 0;
    for (unsigned p = 1; p <= n; ++p) {
      sum += xs[p - 1];
      double want = sum / p;
      worstD = std::max(worstD, std::abs(d.get(p, out) - want));
      worstF = std::max(worstF, std::abs(f.get(p, out) - want));
    }
    // Leakage bound: 2 * 2^-24 * max|x| (Chamber.h); in practice far less.
    EXPECT_LT(worstD, 1e-8) << "general=" << general;
    EXPECT_LT(worstF, 1e-6) << "general=" << general;
    std::printf("numerical mean N=256 %s: max error double %.2e, float32 "
                "%.2e\n",
                general ? "of reals in [-3,3]" : "of 0/1", worstD, worstF);
  }
}

/// Nothing selected -> BOS -> default 0; causal heads ignore later keys.
TEST(CraftAttention, DefaultAndCausal) {
  const unsigned n = 8;
  VectorSpace ind = VectorSpace::categorical("indices", intValues(0, n - 1));
  BasisDirection val("x"), out("y");
  auto gt = [](const Value &k, const Value &q) {
    return k.getInt() > q.getInt();
  };
  for (bool causal : {false, true}) {
    AttentionHead h = numericalAggregate(ind, ind, val, out, kBos, kOne, gt,
                                         {n, kDefaultAttentionLeakage, causal});
    EXPECT_EQ(h.causal, causal);
    Stream s = makeStream(h.residualSpace(), n);
    for (unsigned p = 1; p <= n; ++p) {
      s.set(p, idx(p - 1), 1);
      s.set(p, val, 10.0 * p);
    }
    Stream r = run<float>(h, s);
    for (unsigned p = 1; p <= n; ++p) {
      double want = 0;
      if (!causal && p < n) {
        for (unsigned q = p + 1; q <= n; ++q)
          want += 10.0 * q;
        want /= n - p;
      }
      EXPECT_NEAR(r.get(p, out), want, 1e-4) << p;
    }
  }
}

/// reverse-style width-1 categorical aggregate: exact one-hots.
TEST(CraftAttention, CategoricalAggregateReverse) {
  const unsigned n = 64;
  VectorSpace ind = VectorSpace::categorical("indices", intValues(0, n - 1));
  VectorSpace opp = VectorSpace::categorical("opp", intValues(0, n - 1));
  std::vector<Value> letters = {"a", "b", "c", "d"};
  VectorSpace tok = VectorSpace::categorical("tokens", letters);
  VectorSpace out = VectorSpace::categorical("reverse", letters);
  auto eq = [](const Value &k, const Value &q) { return k == q; };
  AttentionHead h = categoricalAggregate(opp, ind, tok, out, kBos, kOne, eq,
                                         {n, kDefaultAttentionLeakage, false});
  for (unsigned len : {1u, 17u, n}) {
    Stream s = makeStream(h.residualSpace(), len);
    for (unsigned p = 1; p <= len; ++p) {
      s.set(p, idx(p - 1), 1);
      s.set(p, BasisDirection("opp", int64_t(len - p)), 1);
      s.set(p, BasisDirection("tokens", letters[(p * 7) % 4]), 1);
    }
    for (Stream r : {run<double>(h, s), run<float>(h, s)})
      for (unsigned p = 1; p <= len; ++p) {
        unsigned src = len + 1 - p;
        for (const Value &l : letters) {
          double want = l == letters[(src * 7) % 4] ? 1.0 : 0.0;
          EXPECT_NEAR(r.get(p, BasisDirection("reverse", l)), want, 1e-6);
        }
      }
  }
  // A query with no match reads the default: the zero vector.
  Stream s = makeStream(h.residualSpace(), 2);
  s.set(1, BasisDirection("opp", int64_t(5)), 1);
  s.set(1, idx(0), 1);
  s.set(2, idx(1), 1);
  s.set(1, BasisDirection("tokens", "a"), 1);
  s.set(2, BasisDirection("tokens", "b"), 1);
  Stream r = run<float>(h, s);
  for (const Value &l : letters)
    EXPECT_NEAR(r.get(1, BasisDirection("reverse", l)), 0.0, 1e-7);
}

//===----------------------------------------------------------------------===//
// Selector width
//===----------------------------------------------------------------------===//

/// Runs selector width with `indices` as query and key: the predicate
/// selects keys < query (widths 0..n-1) or <= query (1..n), so the two runs
/// cover every width 0..N at the longest length. Returns the worst error
/// over all positions and checks the BOS position is left clean.
template <typename S>
double selectorWidthError(unsigned n, bool categorical, size_t *hidden) {
  VectorSpace ind = VectorSpace::categorical("indices", intValues(0, n - 1));
  VectorSpace out = categorical
                        ? VectorSpace::categorical("sw", intValues(0, n))
                        : VectorSpace::of(BasisDirection("sw"));
  double worst = 0;
  for (bool inclusive : {false, true}) {
    auto pred = [inclusive](const Value &k, const Value &q) {
      return inclusive ? k.getInt() <= q.getInt() : k.getInt() < q.getInt();
    };
    SeriesWithResiduals b =
        selectorWidth(ind, ind, out, categorical, kBos, kOne, pred,
                      {n, kDefaultAttentionLeakage, false}, "sw");
    *hidden = b.mlp.hiddenSize();
    Stream s = makeStream(b.residualSpace(), n);
    for (unsigned p = 1; p <= n; ++p)
      s.set(p, idx(p - 1), 1);
    Stream r = run<S>(b, s);
    for (unsigned p = 0; p <= n; ++p) {
      int64_t w = p == 0 ? -1 : int64_t(p - 1) + (inclusive ? 1 : 0);
      if (!categorical) {
        worst = std::max(worst, std::abs(r.get(p, BasisDirection("sw")) -
                                         (p == 0 ? 0.0 : double(w))));
        continue;
      }
      for (int64_t v = 0; v <= int64_t(n); ++v)
        worst = std::max(worst, std::abs(r.get(p, BasisDirection("sw", v)) -
                                         (v == w ? 1.0 : 0.0)));
    }
    // BOS keeps only bos + one.
    worst = std::max(worst, std::abs(r.get(0, selectorWidthScratch("sw"))));
  }
  return worst;
}

TEST(CraftSelectorWidth, ExactForEveryWidth) {
  for (unsigned n : {5u, 16u, 64u, 256u})
    for (bool categorical : {false, true}) {
      size_t hidden = 0;
      double errD = selectorWidthError<double>(n, categorical, &hidden);
      double errF = selectorWidthError<float>(n, categorical, &hidden);
      EXPECT_LE(hidden, 2 * n + 2);
      EXPECT_LT(errD, 1e-9) << "N=" << n << " categorical=" << categorical;
      // float32: far inside the rounding/argmax margin.
      EXPECT_LT(errF, categorical ? 1e-4 : 2e-3)
          << "N=" << n << " categorical=" << categorical;
      std::printf("selector width N=%u %s: hidden %zu, max error double "
                  "%.2e, float32 %.2e\n",
                  n, categorical ? "categorical" : "numerical", hidden, errD,
                  errF);
    }
}

/// Shorter inputs than N: the widths are still exact.
TEST(CraftSelectorWidth, ShortInputsAndCounts) {
  const unsigned n = 64;
  std::vector<Value> letters = {"a", "b", "c"};
  VectorSpace tok = VectorSpace::categorical("tokens", letters);
  VectorSpace out = VectorSpace::categorical("hist", intValues(0, n));
  auto eq = [](const Value &k, const Value &q) { return k == q; };
  SeriesWithResiduals b =
      selectorWidth(tok, tok, out, true, kBos, kOne, eq,
                    {n, kDefaultAttentionLeakage, false}, "hist");
  std::string text = "abacabcaab";
  Stream s = makeStream(b.residualSpace(), text.size());
  for (size_t p = 1; p <= text.size(); ++p)
    s.set(p, BasisDirection("tokens", std::string(1, text[p - 1])), 1);
  Stream r = run<float>(b, s);
  for (size_t p = 1; p <= text.size(); ++p) {
    int64_t count = std::count(text.begin(), text.end(), text[p - 1]);
    for (int64_t v = 0; v <= int64_t(n); ++v)
      EXPECT_NEAR(r.get(p, BasisDirection("hist", v)), v == count, 1e-4);
  }
}

//===----------------------------------------------------------------------===//
// Numerical MLPs
//===----------------------------------------------------------------------===//

/// Every fraction k/m with 1 <= m <= 20, 0 <= k <= m: smallest gap 1/380,
/// far below Tracr's 2/100.
std::vector<double> fractions(int maxDen) {
  std::vector<double> xs;
  for (int m = 1; m <= maxDen; ++m)
    for (int k = 0; k <= m; ++k)
      xs.push_back(double(k) / m);
  std::sort(xs.begin(), xs.end());
  xs.erase(std::unique(xs.begin(), xs.end()), xs.end());
  return xs;
}

template <typename S>
double numericalMLPError(const MLP &m, llvm::ArrayRef<double> xs,
                         const std::function<double(double)> &f) {
  BasisDirection in("x"), out("y");
  Stream s = makeStream(m.residualSpace(), xs.size());
  for (size_t p = 1; p <= xs.size(); ++p)
    s.set(p, in, xs[p - 1]);
  Stream r = run<S>(m, s);
  double worst = 0;
  for (size_t p = 1; p <= xs.size(); ++p)
    worst = std::max(worst, std::abs(r.get(p, out) - f(xs[p - 1])));
  return worst;
}

TEST(CraftNumericalMLP, ExactOnTinyGaps) {
  std::vector<double> xs = fractions(20);
  ASSERT_EQ(xs.size(), 129u);
  std::vector<std::function<double(double)>> fs = {
      [](double x) { return x * x; },
      [](double x) { return std::round(10 * x) - 4; },
      [](double x) { return std::sin(37 * x) * 5; },
  };
  for (size_t i = 0; i < fs.size(); ++i) {
    auto f = fs[i];
    MLP m = numericalMLP(
        "x", "y", kOne, xs,
        [&](double x) -> std::optional<double> { return f(x); }, "_hidden_m_");
    EXPECT_LE(m.hiddenSize(), 2 * xs.size() - 1);
    double errD = numericalMLPError<double>(m, xs, f);
    double errF = numericalMLPError<float>(m, xs, f);
    EXPECT_LT(errD, 1e-9) << "f" << i;
    EXPECT_LT(errF, 1e-3) << "f" << i;
    // Inputs off the grid by up to a fifth of the local gap (a quarter is
    // the design margin) still land in their bucket, exactly.
    std::vector<double> jittered;
    for (size_t k = 0; k < xs.size(); ++k) {
      double gap = std::min(k > 0 ? xs[k] - xs[k - 1] : 1.0,
                            k + 1 < xs.size() ? xs[k + 1] - xs[k] : 1.0);
      jittered.push_back(xs[k] + (k % 2 ? 0.2 : -0.2) * gap);
    }
    EXPECT_LT(numericalMLPError<double>(m, jittered,
                                        [&](double x) {
                                          size_t k = std::lower_bound(
                                                         jittered.begin(),
                                                         jittered.end(), x) -
                                                     jittered.begin();
                                          return f(xs[k]);
                                        }),
              1e-9)
        << "f" << i;
    std::printf("numerical MLP f%zu on 129 fractions: hidden %zu, max error "
                "double %.2e, float32 %.2e\n",
                i, m.hiddenSize(), errD, errF);
  }
}

/// Negative inputs and outputs, undefined points, values off the grid.
TEST(CraftNumericalMLP, NegativeAndUndefined) {
  std::vector<double> xs = {-3, -1.5, 0, 0.001, 0.0015, 2, 7};
  auto f = [](double x) -> std::optional<double> {
    if (x == 7)
      return std::nullopt;
    return -x * 4 - 1;
  };
  MLP m = numericalMLP("x", "y", kOne, xs, f, "_hidden_n_");
  std::vector<double> defined = {-3, -1.5, 0, 0.001, 0.0015, 2};
  double err =
      numericalMLPError<double>(m, defined, [&](double x) { return *f(x); });
  EXPECT_LT(err, 1e-9);
  // Beyond the ends: the end buckets.
  std::vector<double> outside = {-100, 100};
  EXPECT_LT(numericalMLPError<double>(
                m, outside, [](double x) { return x < 0 ? 11.0 : -9.0; }),
            1e-9);
  // Constant function: a single neuron on `one`.
  MLP c = numericalMLP(
      "x", "y", kOne, xs, [](double) -> std::optional<double> { return -2.5; },
      "_hidden_c_");
  EXPECT_EQ(c.hiddenSize(), 1u);
  EXPECT_LT(numericalMLPError<float>(c, xs, [](double) { return -2.5; }), 1e-7);
}

TEST(CraftNumericalMLP, NumericalToCategorical) {
  std::vector<double> xs = fractions(20);
  VectorSpace out = VectorSpace::categorical("r", intValues(0, 10));
  auto f = [](double x) -> std::optional<Value> {
    return Value(int64_t(std::lround(10 * x)));
  };
  MLP m = numericalToCategoricalMLP("x", out, kOne, xs, f, "_hidden_r_");
  // Only the 10 places where round(10x) changes need a step.
  EXPECT_EQ(m.hiddenSize(), 2u * 10 + 1);
  Stream s = makeStream(m.residualSpace(), xs.size());
  for (size_t p = 1; p <= xs.size(); ++p)
    s.set(p, "x", xs[p - 1]);
  for (Stream r : {run<double>(m, s), run<float>(m, s)})
    for (size_t p = 1; p <= xs.size(); ++p) {
      int64_t want = std::lround(10 * xs[p - 1]);
      for (int64_t v = 0; v <= 10; ++v)
        EXPECT_NEAR(r.get(p, BasisDirection("r", v)), v == want, 1e-5)
            << xs[p - 1];
    }
}

//===----------------------------------------------------------------------===//
// Categorical MLPs and sequence maps
//===----------------------------------------------------------------------===//

TEST(CraftCategoricalMLP, LookupTable) {
  VectorSpace in = VectorSpace::categorical("x", {"a", "b", "c", "d"});
  VectorSpace out = VectorSpace::categorical("y", {Value(0), Value(1)});
  auto f = [](const Value &v) -> std::optional<Value> {
    if (v.getString() == "d")
      return std::nullopt;
    return Value(v.getString() == "b" ? 1 : 0);
  };
  MLP m = categoricalMLP(in, out, f, "_hidden_y_");
  EXPECT_EQ(m.hiddenSize(), 2u); // one per output value
  Stream s = makeStream(m.residualSpace(), 4);
  const char *xs[] = {"a", "b", "c", "d"};
  for (size_t p = 1; p <= 4; ++p)
    s.set(p, BasisDirection("x", xs[p - 1]), 1);
  Stream r = run<float>(m, s);
  double want0[] = {0, 1, 0, 1, 0}, want1[] = {0, 0, 1, 0, 0};
  for (size_t p = 0; p <= 4; ++p) {
    EXPECT_EQ(r.get(p, BasisDirection("y", 0)), want0[p]) << p;
    EXPECT_EQ(r.get(p, BasisDirection("y", 1)), want1[p]) << p;
  }

  // An injective map onto a larger space: one neuron per input instead.
  VectorSpace big = VectorSpace::categorical("z", intValues(0, 9));
  MLP g = categoricalMLP(
      VectorSpace::categorical("x", {"a", "b"}), big,
      [](const Value &v) -> std::optional<Value> {
        return Value(v.getString() == "a" ? 3 : 7);
      },
      "_hidden_z_");
  EXPECT_EQ(g.hiddenSize(), 2u);
}

TEST(CraftCategoricalMLP, ToNumericalKeepsNegatives) {
  VectorSpace in = VectorSpace::categorical("tokens", intValues(1, 3));
  MLP m = categoricalToNumericalMLP(
      in, "y",
      [](const Value &v) -> std::optional<double> { return v.getInt() - 2; },
      "_hidden_y_");
  EXPECT_EQ(m.hiddenSize(), 2u);
  Stream s = makeStream(m.residualSpace(), 3);
  for (int64_t p = 1; p <= 3; ++p)
    s.set(p, BasisDirection("tokens", p), 1);
  for (Stream r : {run<double>(m, s), run<float>(m, s)}) {
    EXPECT_EQ(r.get(0, "y"), 0.0);
    EXPECT_EQ(r.get(1, "y"), -1.0);
    EXPECT_EQ(r.get(2, "y"), 0.0);
    EXPECT_EQ(r.get(3, "y"), 1.0);
  }
  // All nonnegative: one neuron.
  MLP pos = categoricalToNumericalMLP(
      in, "y",
      [](const Value &v) -> std::optional<double> { return v.getInt(); },
      "_hidden_p_");
  EXPECT_EQ(pos.hiddenSize(), 1u);
}

TEST(CraftSequenceMap, CategoricalPairs) {
  VectorSpace xs = VectorSpace::categorical("x", intValues(0, 3));
  VectorSpace ys = VectorSpace::categorical("y", intValues(0, 2));
  VectorSpace out = VectorSpace::categorical("s", intValues(0, 5));
  MLP m = sequenceMapCategoricalMLP(
      xs, ys, out, kOne,
      [](const Value &a, const Value &b) -> std::optional<Value> {
        return Value(a.getInt() + b.getInt());
      },
      "_hidden_s_");
  EXPECT_EQ(m.hiddenSize(), 12u);
  MLP num = sequenceMapCategoricalToNumericalMLP(
      xs, ys, "d", kOne,
      [](const Value &a, const Value &b) -> std::optional<double> {
        return a.getInt() - 1.5 * b.getInt();
      },
      "_hidden_d_");
  EXPECT_EQ(num.hiddenSize(), 10u); // (0, 0) and (3, 2) map to 0: no neuron
  MLP both = MLP::combineInParallel({m, num});
  EXPECT_EQ(both.hiddenSize(), 22u);

  Stream s = makeStream(both.residualSpace(), 12);
  for (int64_t p = 1; p <= 12; ++p) {
    s.set(p, BasisDirection("x", (p - 1) / 3), 1);
    s.set(p, BasisDirection("y", (p - 1) % 3), 1);
  }
  for (Stream r : {run<double>(both, s), run<float>(both, s)}) {
    for (int64_t p = 1; p <= 12; ++p) {
      int64_t a = (p - 1) / 3, b = (p - 1) % 3;
      for (int64_t v = 0; v <= 5; ++v)
        EXPECT_EQ(r.get(p, BasisDirection("s", v)), v == a + b ? 1.0 : 0.0);
      EXPECT_EQ(r.get(p, "d"), a - 1.5 * b);
    }
    // BOS carries neither input: nothing written.
    EXPECT_EQ(r.get(0, "d"), 0.0);
  }
}

TEST(CraftSequenceMap, LinearExact) {
  MLP m = linearSequenceMapMLP("x", "y", "z", 1.0, -1.0, "_hidden_z_");
  EXPECT_EQ(m.hiddenSize(), 4u);
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> dist(-5, 5);
  Stream s = makeStream(m.residualSpace(), 50);
  std::vector<std::pair<double, double>> in;
  for (size_t p = 1; p <= 50; ++p) {
    in.emplace_back(dist(rng), dist(rng));
    s.set(p, "x", in.back().first);
    s.set(p, "y", in.back().second);
  }
  Stream r = run<double>(m, s);
  for (size_t p = 1; p <= 50; ++p)
    EXPECT_NEAR(r.get(p, "z"), in[p - 1].first - in[p - 1].second, 1e-12);

  MLP same = linearSequenceMapMLP("x", "x", "z", 2.0, 0.5, "_hidden_w_");
  EXPECT_EQ(same.hiddenSize(), 2u);
  Stream t = makeStream(same.residualSpace(), 1);
  t.set(1, "x", -4);
  EXPECT_EQ(run<float>(same, t).get(1, "z"), -10.0);
}

TEST(CraftBlocks, CombineAndPrint) {
  VectorSpace ind = VectorSpace::categorical("indices", intValues(0, 2));
  auto eq = [](const Value &k, const Value &q) { return k == q; };
  AttentionHead a = numericalAggregate(ind, ind, "u", "v", kBos, kOne, eq,
                                       {3, kDefaultAttentionLeakage, false});
  AttentionHead b = numericalAggregate(ind, ind, "p", "q", kBos, kOne, eq,
                                       {3, kDefaultAttentionLeakage, false});
  MultiAttentionHead multi{{a, b}};
  EXPECT_EQ(multi.numHeads(), 2u);
  EXPECT_TRUE(VectorSpace({"u", "v", "p", "q", kOne, kBos})
                  .isSubspaceOf(multi.residualSpace()));
  std::string text;
  llvm::raw_string_ostream os(text);
  a.print(os);
  os.flush();
  EXPECT_NE(text.find("one -> tokens:compiler_bos"), std::string::npos);
  EXPECT_NE(text.find("indices:2 -> indices:2"), std::string::npos);
}

} // namespace
