//===- GemmKernels.cpp - Tall-skinny matrix products of the trainer -------===//
//
// GCC vectors of 8 floats (16 with AVX-512); a row of the output (or a tile
// of the gradient) lives in registers while the small matrix is read from
// L1. Template instances for the common widths (b = 8, 16, 64); any other
// multiple of 8 takes the generic loop. AVX-512, AVX2+FMA or generic is
// chosen at run time.
//
//===----------------------------------------------------------------------===//

#include "GemmKernels.h"

#include <cstring>

using namespace rasp::learn::kernels;

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

namespace {

#if defined(__GNUC__)
#define RASP_INLINE inline __attribute__((always_inline))
/// Eight and sixteen floats, loaded and stored unaligned.
typedef float V8 __attribute__((vector_size(32), aligned(4), may_alias));
typedef float V16 __attribute__((vector_size(64), aligned(4), may_alias));
/// The vector type of L lanes. (A template parameter would drop the
/// typedef's aligned(4): GCC ignores attributes on template arguments, and
/// the loads would assume natural alignment.)
template <int L> struct Vec;
template <> struct Vec<8> { typedef V8 T; };
template <> struct Vec<16> { typedef V16 T; };

/// Rows [p, p + RB) of the output, NV vectors each, in registers: RB
/// independent FMA chains share each load of W.
template <int L, int NV, int RB>
RASP_INLINE void timesBlock(int64_t p, int64_t a, int64_t b, const float *X,
                            const float *W, const float *bias, float *Y,
                            bool accumulate, bool relu) {
  typedef typename Vec<L>::T V;
  const V zero = {};
  V y[RB][NV];
  for (int r = 0; r < RB; ++r)
    for (int t = 0; t < NV; ++t)
      y[r][t] = accumulate ? reinterpret_cast<const V *>(Y + (p + r) * b)[t]
                : bias     ? reinterpret_cast<const V *>(bias)[t]
                           : zero;
  for (int64_t c = 0; c < a; ++c) {
    const V *w = reinterpret_cast<const V *>(W + c * b);
    for (int r = 0; r < RB; ++r) {
      const float xc = X[(p + r) * a + c];
      for (int t = 0; t < NV; ++t)
        y[r][t] += xc * w[t];
    }
  }
  for (int r = 0; r < RB; ++r)
    for (int t = 0; t < NV; ++t)
      reinterpret_cast<V *>(Y + (p + r) * b)[t] =
          relu ? (y[r][t] > zero ? y[r][t] : zero) : y[r][t];
}

/// b = L NV floats per row (NV = 0: b / L at run time, at most 16).
template <int L, int NV>
RASP_INLINE void timesImpl(int64_t rows, int64_t a, int64_t b, const float *X,
                           const float *W, const float *bias, float *Y,
                           bool accumulate, bool relu) {
  typedef typename Vec<L>::T V;
  if constexpr (NV > 0) {
    constexpr int RB = NV >= 8 ? 1 : 8 / NV;
    int64_t p = 0;
    for (; p + RB <= rows; p += RB)
      timesBlock<L, NV, RB>(p, a, b, X, W, bias, Y, accumulate, relu);
    for (; p < rows; ++p)
      timesBlock<L, NV, 1>(p, a, b, X, W, bias, Y, accumulate, relu);
    return;
  }
  const int nv = int(b / L);
  const V zero = {};
  for (int64_t p = 0; p < rows; ++p) {
    V y[16];
    V *yr = reinterpret_cast<V *>(Y + p * b);
    for (int t = 0; t < nv; ++t)
      y[t] = accumulate ? yr[t]
             : bias     ? reinterpret_cast<const V *>(bias)[t]
                        : zero;
    const float *x = X + p * a;
    for (int64_t c = 0; c < a; ++c) {
      const float xc = x[c];
      const V *w = reinterpret_cast<const V *>(W + c * b);
      for (int t = 0; t < nv; ++t)
        y[t] += xc * w[t];
    }
    for (int t = 0; t < nv; ++t)
      yr[t] = relu ? (y[t] > zero ? y[t] : zero) : y[t];
  }
}

/// G rows [c0, c0 + R) accumulated in registers over rows [p0, p1).
template <int L, int NV, int R>
RASP_INLINE void outerTile(int64_t p0, int64_t p1, int64_t a, int64_t b,
                           int64_t c0, const float *X, const float *D,
                           float *G) {
  typedef typename Vec<L>::T V;
  V acc[R][NV];
  for (int r = 0; r < R; ++r)
    for (int t = 0; t < NV; ++t)
      acc[r][t] = reinterpret_cast<const V *>(G + (c0 + r) * b)[t];
  for (int64_t p = p0; p < p1; ++p) {
    const float *x = X + p * a + c0;
    const V *d = reinterpret_cast<const V *>(D + p * b);
    for (int r = 0; r < R; ++r) {
      const float xr = x[r];
      for (int t = 0; t < NV; ++t)
        acc[r][t] += xr * d[t];
    }
  }
  for (int r = 0; r < R; ++r)
    for (int t = 0; t < NV; ++t)
      reinterpret_cast<V *>(G + (c0 + r) * b)[t] = acc[r][t];
}

/// Chunks of 128 rows (their D rows stay in L1 while every tile of G
/// passes over them); within a chunk, tiles of R rows of G. Each G entry
/// still sums the rows in increasing order.
template <int L, int NV, int R>
RASP_INLINE void outerImpl(int64_t rows, int64_t a, int64_t b, const float *X,
                           const float *D, float *G) {
  for (int64_t p0 = 0; p0 < rows; p0 += 128) {
    const int64_t p1 = p0 + 128 < rows ? p0 + 128 : rows;
    int64_t c = 0;
    for (; c + R <= a; c += R)
      outerTile<L, NV, R>(p0, p1, a, b, c, X, D, G);
    for (; c < a; ++c)
      outerTile<L, NV, 1>(p0, p1, a, b, c, X, D, G);
  }
}

RASP_INLINE void outerAnyWidth(int64_t rows, int64_t a, int64_t b,
                               const float *X, const float *D, float *G) {
  for (int64_t p = 0; p < rows; ++p)
    for (int64_t c = 0; c < a; ++c) {
      const float xc = X[p * a + c];
      V8 *g = reinterpret_cast<V8 *>(G + c * b);
      const V8 *d = reinterpret_cast<const V8 *>(D + p * b);
      for (int64_t t = 0; t < b / 8; ++t)
        g[t] += xc * d[t];
    }
}

#define RASP_GEMM_KERNELS(SUFFIX, ATTR)                                        \
  ATTR void times##SUFFIX(int64_t rows, int64_t a, int64_t b, const float *X, \
                          const float *W, const float *bias, float *Y,         \
                          bool accumulate, bool relu) {                        \
    if (b == 16)                                                               \
      timesImpl<8, 2>(rows, a, b, X, W, bias, Y, accumulate, relu);        \
    else if (b == 64)                                                          \
      timesImpl<8, 8>(rows, a, b, X, W, bias, Y, accumulate, relu);        \
    else if (b == 8)                                                           \
      timesImpl<8, 1>(rows, a, b, X, W, bias, Y, accumulate, relu);        \
    else                                                                       \
      timesImpl<8, 0>(rows, a, b, X, W, bias, Y, accumulate, relu);        \
  }                                                                            \
  ATTR void outer##SUFFIX(int64_t rows, int64_t a, int64_t b, const float *X, \
                          const float *D, float *G) {                          \
    if (b == 16)                                                               \
      outerImpl<8, 2, 4>(rows, a, b, X, D, G);                                \
    else if (b == 64)                                                          \
      outerImpl<8, 8, 1>(rows, a, b, X, D, G);                                \
    else if (b == 8)                                                           \
      outerImpl<8, 1, 8>(rows, a, b, X, D, G);                                \
    else                                                                       \
      outerAnyWidth(rows, a, b, X, D, G);                                      \
  }

RASP_GEMM_KERNELS(Generic, )

#if defined(__x86_64__)
#define RASP_AVX2 __attribute__((target("avx2,fma"), optimize("fp-contract=fast")))
RASP_GEMM_KERNELS(Avx2, RASP_AVX2)

// AVX-512: sixteen-float rows; a 16 x 16 gradient fits the 32 registers.
#define RASP_AVX512                                                            \
  __attribute__((target("avx512f,avx2,fma"), optimize("fp-contract=fast")))
RASP_AVX512 void timesAvx512(int64_t rows, int64_t a, int64_t b,
                             const float *X, const float *W, const float *bias,
                             float *Y, bool accumulate, bool relu) {
  if (b == 16)
    timesImpl<16, 1>(rows, a, b, X, W, bias, Y, accumulate, relu);
  else if (b == 64)
    timesImpl<16, 4>(rows, a, b, X, W, bias, Y, accumulate, relu);
  else if (b % 16 == 0)
    timesImpl<16, 0>(rows, a, b, X, W, bias, Y, accumulate, relu);
  else
    timesAvx2(rows, a, b, X, W, bias, Y, accumulate, relu);
}
RASP_AVX512 void outerAvx512(int64_t rows, int64_t a, int64_t b,
                             const float *X, const float *D, float *G) {
  if (b == 16)
    outerImpl<16, 1, 16>(rows, a, b, X, D, G);
  else if (b == 64)
    outerImpl<16, 4, 4>(rows, a, b, X, D, G);
  else
    outerAvx2(rows, a, b, X, D, G);
}

int isaLevel() {
  static const int level =
      __builtin_cpu_supports("avx512f") ? 2
      : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? 1
                                                                         : 0;
  return level;
}
#define RASP_CALL(NAME, ...)                                                   \
  (isaLevel() == 2   ? NAME##Avx512(__VA_ARGS__)                               \
   : isaLevel() == 1 ? NAME##Avx2(__VA_ARGS__)                                 \
                     : NAME##Generic(__VA_ARGS__))
#else
#define RASP_CALL(NAME, ...) NAME##Generic(__VA_ARGS__)
#endif

#else // not GCC-compatible: plain loops
#define RASP_CALL(NAME, ...) NAME##Plain(__VA_ARGS__)
void timesPlain(int64_t rows, int64_t a, int64_t b, const float *X,
                const float *W, const float *bias, float *Y, bool accumulate,
                bool relu) {
  for (int64_t p = 0; p < rows; ++p)
    for (int64_t j = 0; j < b; ++j) {
      float y = accumulate ? Y[p * b + j] : bias ? bias[j] : 0.0f;
      for (int64_t c = 0; c < a; ++c)
        y += X[p * a + c] * W[c * b + j];
      Y[p * b + j] = relu && y < 0.0f ? 0.0f : y;
    }
}
void outerPlain(int64_t rows, int64_t a, int64_t b, const float *X,
                const float *D, float *G) {
  for (int64_t p = 0; p < rows; ++p)
    for (int64_t c = 0; c < a; ++c)
      for (int64_t j = 0; j < b; ++j)
        G[c * b + j] += X[p * a + c] * D[p * b + j];
}
#endif

} // namespace

void rasp::learn::kernels::rowsTimes(int64_t rows, int64_t a, int64_t b,
                                     const float *X, const float *W,
                                     const float *bias, float *Y,
                                     bool accumulate, bool relu) {
  RASP_CALL(times, rows, a, b, X, W, bias, Y, accumulate, relu);
}

void rasp::learn::kernels::rowsOuter(int64_t rows, int64_t a, int64_t b,
                                     const float *X, const float *D,
                                     float *G) {
  RASP_CALL(outer, rows, a, b, X, D, G);
}
