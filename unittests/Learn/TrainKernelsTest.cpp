//===- TrainKernelsTest.cpp - Hand-written training step vs autograd ------===//
//
// The trainer's loss and gradients are computed by hand (lib/Learn/
// Train.cpp: preallocated variable streams, every read's backward one GEMM
// into one gradient buffer). On random half-batches of several sketch
// shapes -- categorical only, numerical heads and MLPs, causal or not, no
// heads at all -- they must match LibTorch's autograd through the reference
// implementation of the same model, with the same noise, up to float
// rounding: once with the reference's heads as plain LibTorch ops (which
// checks the fused attention kernels of AttnKernels.cpp too; at moderate
// tau, see TrainKernels.h) and once with the kernels (at any tau).
//
//===----------------------------------------------------------------------===//

#include "../../lib/Learn/TrainKernels.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cstdio>

using namespace rasp::learn;

namespace {
SketchConfig shape(unsigned layers, unsigned heads, unsigned numHeads,
                   unsigned mlps, unsigned numMlps, unsigned k, unsigned n,
                   bool causal, unsigned variables = 0) {
  SketchConfig c;
  c.variables = variables;
  c.layers = layers;
  c.heads = heads;
  c.numHeads = numHeads;
  c.mlps = mlps;
  c.numMlps = numMlps;
  c.k = k;
  c.maxLen = n;
  c.causal = causal;
  return c;
}

void expectSameGradients(const SketchConfig &c, unsigned nTokens,
                         unsigned nLabels, double tau, uint64_t seed,
                         bool unfused) {
  kernels::StepGradientCheck r =
      kernels::checkStepGradients(c, nTokens, nLabels, /*dMlp=*/16,
                                  /*batch=*/5, tau, seed, unfused);
  // classifier (categorical, numerical), embedding variables
  unsigned expected = 2 + (c.variables ? 1 : 0);
  expected += c.layers * ((c.heads ? 2 : 0) + (c.numHeads ? 3 : 0) +
                          (c.mlps ? 5 : 0) + (c.numMlps ? 5 : 0));
  EXPECT_EQ(r.tensors, expected);
  EXPECT_NEAR(r.lossHand, r.lossAutograd, 1e-5 * std::max(1.0, r.lossAutograd));
  // Every gradient is exercised (none is identically zero), and each one
  // agrees with autograd relative to its own largest entry.
  EXPECT_GT(r.minAbsGradient, 1e-6);
  EXPECT_LE(r.maxRelError, 1e-4)
      << "absolute error " << r.maxAbsError << ", largest gradient entry "
      << r.maxAbsGradient;
  std::printf("tensors %u loss %.6f/%.6f err %.3g rel %.3g grad %.3g..%.3g\n",
              r.tensors, r.lossHand, r.lossAutograd, r.maxAbsError,
              r.maxRelError, r.minAbsGradient, r.maxAbsGradient);
}
void expectSameGradients(const SketchConfig &c, unsigned nTokens,
                         unsigned nLabels, double tau, uint64_t seed) {
  for (bool unfused : {true, false}) {
    if (unfused && tau < 0.5)
      continue;
    SCOPED_TRACE(unfused ? "unfused heads" : "fused heads");
    expectSameGradients(c, nTokens, nLabels, tau, seed, unfused);
  }
}
} // namespace

TEST(TrainKernels, CategoricalOnly) {
  expectSameGradients(shape(2, 2, 0, 1, 0, 6, 6, false), 6, 4, 1.0, 1);
  expectSameGradients(shape(2, 2, 0, 1, 0, 6, 6, false), 6, 4, 0.1, 2);
}

TEST(TrainKernels, CausalWithNumerical) {
  expectSameGradients(shape(2, 2, 2, 1, 1, 8, 8, true), 4, 3, 1.0, 3);
  expectSameGradients(shape(3, 1, 1, 2, 2, 8, 8, true), 4, 3, 0.5, 4);
  // k = n = 16: the kernels' dyck shape (their 16-wide specializations).
  expectSameGradients(shape(2, 2, 2, 1, 1, 16, 16, true), 4, 3, 1.0, 8);
}

TEST(TrainKernels, UnusualShapes) {
  // No categorical heads (the MLPs read the stream alone); numerical heads
  // without MLPs; a k larger than n (the kernels' generic sizes).
  expectSameGradients(shape(2, 0, 0, 1, 0, 5, 5, false), 5, 3, 1.0, 5);
  expectSameGradients(shape(2, 0, 2, 0, 1, 6, 6, false), 6, 3, 1.0, 6);
  expectSameGradients(shape(1, 3, 1, 1, 1, 9, 7, true), 9, 4, 0.7, 7);
}

TEST(TrainKernels, EmbeddingVariables) {
  // --variables N: the tokens are read through N learned embedding
  // variables (a sampled [N, #tokens, k] table); its gradient is the
  // positions' stream gradients summed per token. Two variables with
  // numerical parts; one, causal, at the dyck shape; more tokens than
  // values (k = 6 < 9 tokens).
  expectSameGradients(shape(2, 2, 1, 1, 1, 8, 8, false, 2), 6, 4, 1.0, 11);
  expectSameGradients(shape(2, 2, 1, 1, 1, 8, 8, false, 2), 6, 4, 0.2, 12);
  expectSameGradients(shape(2, 1, 1, 1, 1, 16, 16, true, 1), 4, 3, 1.0, 13);
  expectSameGradients(shape(1, 2, 0, 1, 0, 6, 6, false, 3), 9, 4, 0.7, 14);
}

TEST(TrainKernels, LargerCardinality) {
  // --d-var above the task's k: fewer tokens than values, k = 16 at n = 8
  // (16-wide products, generic attention) and k = 12 (generic everywhere).
  expectSameGradients(shape(2, 2, 1, 1, 1, 16, 8, false), 6, 4, 1.0, 9);
  expectSameGradients(shape(2, 2, 1, 1, 1, 12, 8, true), 6, 4, 0.5, 10);
}
