//===- GumbelNoiseTest.cpp - The trainer's counter-based Gumbel noise -----===//
//
// kernels::gumbelFromHash replaces a Mersenne Twister draw per element
// with a hash of (key, element index), and gumbelSoftmaxRows adds that
// noise inside the MLP outputs' softmax. Exploration in the relaxation
// comes from this noise, its right tail in particular, so these tests check
// the distribution itself (moments and quantiles of Gumbel(0, 1), the tail
// included), that different keys and neighbouring elements give
// uncorrelated draws, that a key always gives the same draws, and that
// gumbelSoftmaxRows is softmax((o + g) / tau) with the same g.
//
//===----------------------------------------------------------------------===//

#include "../../lib/Learn/AttnKernels.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

using namespace rasp::learn::kernels;

namespace {
constexpr int64_t kSamples = int64_t(1) << 20;

std::vector<float> noise(uint64_t key, int64_t n = kSamples) {
  std::vector<float> g(size_t(n), 0.0f);
  gumbelFromHash(key, g.data(), n);
  return g;
}

double correlation(const std::vector<float> &a, const std::vector<float> &b) {
  double ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    ma += a[i];
    mb += b[i];
  }
  ma /= a.size();
  mb /= b.size();
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}
} // namespace

TEST(GumbelNoise, MomentsAndQuantilesOfGumbel01) {
  for (uint64_t key : {uint64_t(1), uint64_t(0x9e3779b97f4a7c15ull),
                       uint64_t(0xffffffff00000000ull)}) {
    std::vector<float> g = noise(key);
    double mean = 0, var = 0;
    for (float x : g) {
      ASSERT_TRUE(std::isfinite(x));
      mean += x;
    }
    mean /= kSamples;
    for (float x : g)
      var += (x - mean) * (x - mean);
    var /= kSamples - 1;
    // Euler's constant and pi^2/6; the standard errors at 2^20 samples are
    // 0.0013 and 0.0029 (the fourth central moment is 14.6).
    EXPECT_NEAR(mean, 0.5772157, 0.006) << "key " << key;
    EXPECT_NEAR(var, 1.6449341, 0.015) << "key " << key;
    std::sort(g.begin(), g.end());
    // Quantiles q(p) = -log(-log p), out to the right tail (p = 0.9999 is
    // the 105th largest of 2^20 draws; its standard error is about 0.1).
    for (double p : {0.001, 0.01, 0.1, 0.5, 0.9, 0.99, 0.999, 0.9999}) {
      double exact = -std::log(-std::log(p));
      double got = g[size_t(p * kSamples)];
      double tol = p >= 0.9999 ? 0.3 : p >= 0.999 ? 0.1 : 0.03;
      EXPECT_NEAR(got, exact, tol) << "key " << key << " p " << p;
    }
    // The largest draw of 2^20 is near log(2^20) = 13.9 and well beyond 10.
    EXPECT_GT(g.back(), 10.0f);
  }
}

TEST(GumbelNoise, KeysAndNeighboursAreUncorrelated) {
  std::vector<float> a = noise(42), b = noise(43), c = noise(42 + (1ull << 32));
  // |r| of independent samples is about 1/sqrt(n) = 0.001.
  EXPECT_LT(std::fabs(correlation(a, b)), 0.006);
  EXPECT_LT(std::fabs(correlation(a, c)), 0.006);
  std::vector<float> head(a.begin(), a.end() - 1), next(a.begin() + 1, a.end());
  EXPECT_LT(std::fabs(correlation(head, next)), 0.006);
  // The same key gives the same draws (training is deterministic).
  EXPECT_EQ(a, noise(42));
  EXPECT_NE(a, b);
}

TEST(GumbelNoise, SoftmaxRowsUseTheSameNoise) {
  const int64_t rows = 37, k = 11;
  const float invTau = 1.0f / 0.7f;
  std::vector<float> o(size_t(rows * k)), y(o.size());
  for (size_t i = 0; i < o.size(); ++i)
    o[i] = float(std::sin(0.37 * double(i)));
  const uint64_t key = 123456789;
  gumbelSoftmaxRows(key, o.data(), rows, k, invTau, y.data());
  std::vector<float> g = noise(key, rows * k);
  for (int64_t r = 0; r < rows; ++r) {
    double mx = -1e30, sum = 0;
    for (int64_t c = 0; c < k; ++c)
      mx = std::max(mx, double(o[r * k + c] + g[r * k + c]) * invTau);
    std::vector<double> e(static_cast<size_t>(k), 0.0);
    for (int64_t c = 0; c < k; ++c)
      sum += e[c] = std::exp(double(o[r * k + c] + g[r * k + c]) * invTau - mx);
    for (int64_t c = 0; c < k; ++c)
      EXPECT_NEAR(y[r * k + c], e[c] / sum, 2e-6) << "row " << r << " col " << c;
  }
}
