//===- GemmKernels.h - Tall-skinny matrix products of the trainer -*- C++ -*-===//
//
/// \file
/// The trainer's per-position products are "many rows times a small
/// matrix" (a position's k or d_mlp values times a k x k predicate or an
/// MLP weight) and their weight gradients "sum over the rows of outer
/// products". At these sizes (k = 8..16, d = 64) a BLAS spends most of its
/// time packing operands and clearing outputs; these loops keep the small
/// matrix (or the gradient tile) in registers and stream the rows once.
/// Raw float arrays, row-major, no LibTorch. Every sum has a fixed order
/// (the results do not depend on the thread count). AVX-512, AVX2+FMA or
/// generic code is chosen at run time; AVX-512 and AVX2 compute every lane
/// alike, the generic version differs from them only in rounding (no FMA).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_LEARN_GEMMKERNELS_H
#define RASP_LIB_LEARN_GEMMKERNELS_H

#include <cstdint>

namespace rasp {
namespace learn {
namespace kernels {

/// Y[p, :] = init + X[p, :] · W for p < rows, with X [rows, a] and W
/// [a, b] row-major, Y [rows, b]; init is Y[p, :] itself when \p accumulate,
/// else \p bias (b floats) when given, else 0. With \p relu the result is
/// max(0, .). b must be a multiple of 8.
void rowsTimes(int64_t rows, int64_t a, int64_t b, const float *X,
               const float *W, const float *bias, float *Y, bool accumulate,
               bool relu);

/// G[a, b] += sum over p < rows of X[p, :]ᵀ D[p, :], with X [rows, a] and
/// D [rows, b] row-major, p in increasing order. b must be a multiple of 8.
void rowsOuter(int64_t rows, int64_t a, int64_t b, const float *X,
               const float *D, float *G);

} // namespace kernels
} // namespace learn
} // namespace rasp

#endif // RASP_LIB_LEARN_GEMMKERNELS_H
