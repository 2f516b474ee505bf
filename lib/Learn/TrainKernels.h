//===- TrainKernels.h - Checking the hand-written training step -*- C++ -*-===//
//
/// \file
/// The trainer (Train.cpp) computes each half-batch's loss and gradients by
/// hand (one buffer per variable stream, every read's backward one GEMM
/// into it) rather than with LibTorch's autograd. This hook runs both on
/// the same random half-batch and the same noise, so a unit test can check
/// the hand-written backward against autograd. Private to lib/Learn and its
/// unit tests; no LibTorch in this header.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_LEARN_TRAINKERNELS_H
#define RASP_LIB_LEARN_TRAINKERNELS_H

#include "rasp/Learn/Program.h"

#include <cstdint>

namespace rasp {
namespace learn {
namespace kernels {

struct StepGradientCheck {
  double lossHand = 0, lossAutograd = 0;
  /// Largest |hand - autograd| over every entry of every gradient.
  double maxAbsError = 0;
  /// Largest |autograd| entry (the scale of the comparison).
  double maxAbsGradient = 0;
  /// Largest over the tensors of max |hand - autograd| / max |autograd|
  /// (each tensor against its own scale, floored at 1e-6).
  double maxRelError = 0;
  /// Smallest over the tensors of max |autograd| (0: a gradient is zero).
  double minAbsGradient = 0;
  unsigned tensors = 0; ///< gradient tensors compared
};

/// A model of shape \p cfg (parameters from \p seed), one random half-batch
/// of \p batch sequences over \p nTokens token codes and \p nLabels labels,
/// gates and predicates sampled at \p tau: the loss and the gradients of
/// every sampled gate, predicate, MLP weight and the classifier, by hand
/// and by autograd. With \p unfusedHeads the reference computes the
/// attention heads with plain LibTorch ops (checking the fused kernels of
/// AttnKernels.cpp too), else with those kernels. (The BOS default's
/// derivative, -1e-10 / (s + 1e-10)^2, is ill-conditioned when a row's
/// scores sum to almost 0, as they often do at small tau: there two
/// summation orders may differ by more than rounding.)
StepGradientCheck checkStepGradients(const SketchConfig &cfg, unsigned nTokens,
                                     unsigned nLabels, unsigned dMlp,
                                     unsigned batch, double tau, uint64_t seed,
                                     bool unfusedHeads);

} // namespace kernels
} // namespace learn
} // namespace rasp

#endif // RASP_LIB_LEARN_TRAINKERNELS_H
