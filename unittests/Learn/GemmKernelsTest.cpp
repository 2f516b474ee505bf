//===- GemmKernelsTest.cpp - The trainer's tall-skinny products -----------===//
//
// rowsTimes and rowsOuter (lib/Learn/GemmKernels.cpp) against plain double
// loops, for every width they specialize (8, 16, 64) and a generic one
// (24), odd row counts, with bias / accumulate / relu, and at pointers
// that are only 4-byte aligned (the vector loads must not assume more).
//
//===----------------------------------------------------------------------===//

#include "../../lib/Learn/GemmKernels.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

using namespace rasp::learn::kernels;

namespace {
std::vector<float> randomFloats(std::mt19937 &rng, size_t n) {
  std::uniform_real_distribution<float> u(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float &x : v)
    x = u(rng);
  return v;
}
} // namespace

TEST(GemmKernels, RowsTimesMatchesLoops) {
  std::mt19937 rng(7);
  // 8, 16, 64: specialized widths; 24, 32, 40: the generic loops (32 is
  // AVX-512's, 24 and 40 AVX2's), as a larger --d-var gives.
  for (int64_t b : {8, 16, 24, 32, 40, 64})
    for (int64_t a : {1, 3, 16})
      for (int64_t rows : {1, 7, 33})
        for (int mode = 0; mode < 4; ++mode) {
          const bool accumulate = mode == 1, useBias = mode == 2,
                     relu = mode == 3;
          // One float of offset: 4-byte aligned only.
          std::vector<float> X = randomFloats(rng, rows * a + 1),
                             W = randomFloats(rng, a * b + 1),
                             bias = randomFloats(rng, b + 1),
                             Y = randomFloats(rng, rows * b + 1);
          std::vector<double> want(rows * b);
          for (int64_t p = 0; p < rows; ++p)
            for (int64_t j = 0; j < b; ++j) {
              double y = accumulate ? Y[1 + p * b + j]
                         : useBias  ? bias[1 + j]
                                    : 0.0;
              for (int64_t c = 0; c < a; ++c)
                y += double(X[1 + p * a + c]) * W[1 + c * b + j];
              want[p * b + j] = relu ? std::max(0.0, y) : y;
            }
          rowsTimes(rows, a, b, X.data() + 1, W.data() + 1,
                    useBias ? bias.data() + 1 : nullptr, Y.data() + 1,
                    accumulate, relu);
          for (int64_t i = 0; i < rows * b; ++i)
            ASSERT_NEAR(Y[1 + i], want[i], 1e-5)
                << "b " << b << " a " << a << " rows " << rows << " mode "
                << mode << " entry " << i;
        }
}

TEST(GemmKernels, RowsOuterMatchesLoops) {
  std::mt19937 rng(8);
  for (int64_t b : {8, 16, 24, 32, 40, 64})
    for (int64_t a : {1, 5, 16})
      for (int64_t rows : {1, 7, 300}) {
        std::vector<float> X = randomFloats(rng, rows * a + 1),
                           D = randomFloats(rng, rows * b + 1),
                           G = randomFloats(rng, a * b + 1);
        std::vector<double> want(a * b);
        for (int64_t c = 0; c < a; ++c)
          for (int64_t j = 0; j < b; ++j) {
            double g = G[1 + c * b + j];
            for (int64_t p = 0; p < rows; ++p)
              g += double(X[1 + p * a + c]) * D[1 + p * b + j];
            want[c * b + j] = g;
          }
        rowsOuter(rows, a, b, X.data() + 1, D.data() + 1, G.data() + 1);
        for (int64_t i = 0; i < a * b; ++i)
          ASSERT_NEAR(G[1 + i], want[i], 1e-4)
              << "b " << b << " a " << a << " rows " << rows << " entry " << i;
      }
}
