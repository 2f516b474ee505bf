//===- AttnKernels.h - Fused attention kernels of the trainer --*- C++ -*-===//
//
/// \file
/// Forward and backward passes of the relaxed categorical and numerical
/// attention heads (../shared/spec/transformer-programs.md §1.3, §1.4) on
/// raw float arrays, one (head, example) block of n positions at a time.
/// Private to lib/Learn (Train.cpp wraps them as LibTorch autograd
/// functions); no LibTorch here. Every sum has a fixed order, so results do
/// not depend on the machine's thread count; an AVX2+FMA version is picked
/// at run time when the CPU has it (the results differ from the generic
/// version only in rounding).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_LEARN_ATTNKERNELS_H
#define RASP_LIB_LEARN_ATTNKERNELS_H

#include <cstdint>

namespace rasp {
namespace learn {
namespace kernels {

/// G = heads * B blocks; block g belongs to example g % B. Tensors are
/// [G, n, k] (q·pred, keys, values), [G, n, n] (noise, attention, scores),
/// [G, n] (numerical values and outputs, row sums).
struct AttnDims {
  int64_t G = 0, B = 0, n = 0, k = 0;
  bool causal = false;
  const uint8_t *valid = nullptr; ///< [B, n]: 1 for a real position
};

/// Categorical head: S = qp·Kᵀ on allowed keys (valid, and at or before the
/// query when causal); S'[., 0] += relu(1 - s/(s + 1e-10)) with s the row
/// sum; z = (log(S' + 1e-20)·invSqrtK + bias + g)·invTau on allowed keys;
/// A = softmax(z); out = A·V. Writes out, A, Sp (= S') and sumS (= s).
void catAttnForward(const AttnDims &d, const float *qp, const float *K,
                    const float *V, const float *g, const float *bias,
                    float invSqrtK, float invTau, float *out, float *A,
                    float *Sp, float *sumS);
/// Adds the gradients of catAttnForward's inputs to dq, dK, dV (zeroed by
/// the caller). scale = invSqrtK * invTau.
void catAttnBackward(const AttnDims &d, const float *qp, const float *K,
                     const float *V, const float *A, const float *Sp,
                     const float *sumS, const float *dout, float scale,
                     float *dq, float *dK, float *dV);
/// Numerical head: out[i] = sum over allowed keys j of (qp_i·K_j) v_j.
void numAttnForward(const AttnDims &d, const float *qp, const float *K,
                    const float *v, float *out);
/// Adds the gradients of numAttnForward's inputs to dq, dK, dv (zeroed).
void numAttnBackward(const AttnDims &d, const float *qp, const float *K,
                     const float *v, const float *dout, float *dq, float *dK,
                     float *dv);

/// Turns uniform samples in [0, 1) into Gumbel(0, 1) noise in place:
/// -log(-log(max(u, 1e-20))).
void gumbelFromUniform(float *u, int64_t count);

/// Fills \p out with Gumbel(0, 1) noise -log(-log u) where element i's
/// uniform u in (0, 1) is a counter-based hash of (i, \p key): 24 bits of
/// mix(mix(i ^ key_lo) + key_hi), mix being a 32-bit integer hash. Much
/// cheaper than a Mersenne Twister draw per element, the same on every
/// machine, and \p count must stay below 2^32. The AVX2 and generic
/// versions give the same uniforms (the logs differ only in rounding).
void gumbelFromHash(uint64_t key, float *out, int64_t count);

/// Gumbel-softmax of \p rows rows of \p k logits \p o at 1/tau = \p invTau
/// into \p y: softmax((o + g) * invTau) with g = gumbelFromHash(key)'s
/// noise for element r * k + c. \p y must not overlap \p o.
void gumbelSoftmaxRows(uint64_t key, const float *o, int64_t rows, int64_t k,
                       float invTau, float *y);
/// Its backward: dz = y * (dy - sum(dy * y)) * invTau per row.
void softmaxBackwardRows(const float *y, const float *dy, int64_t rows,
                         int64_t k, float invTau, float *dz);

} // namespace kernels
} // namespace learn
} // namespace rasp

#endif // RASP_LIB_LEARN_ATTNKERNELS_H
