//===- AttnKernels.cpp - Fused attention kernels of the trainer -----------===//
//
// One (head, example) block at a time: the keys (or values) of the block are
// transposed once into a k x n buffer so that a query's n scores are k
// vector multiply-adds across keys, and every other loop is an axpy along a
// contiguous row; nothing reassociates a sum, so plain -O2/-O3 vectorizes
// them without fast-math and the results are reproducible. log and exp are
// the Cephes single-precision polynomials written inline so that they
// vectorize too (libm's are scalar calls).
//
//===----------------------------------------------------------------------===//

#include "AttnKernels.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

using namespace rasp::learn::kernels;

#if defined(__GNUC__) && !defined(__clang__)
// Vector arguments of always-inline helpers: no ABI crosses a call.
#pragma GCC diagnostic ignored "-Wpsabi"
#endif

#if defined(__GNUC__)
#define RASP_INLINE inline __attribute__((always_inline))
#else
#define RASP_INLINE inline
#endif

namespace {

RASP_INLINE float bitsToFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}
RASP_INLINE uint32_t floatToBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, sizeof u);
  return u;
}

/// Natural log of a positive normal float (Cephes logf, ~1 ulp).
RASP_INLINE float fastLog(float x) {
  uint32_t bits = floatToBits(x);
  int32_t e = int32_t((bits >> 23) & 0xff) - 127;
  float m = bitsToFloat((bits & 0x007fffffu) | 0x3f800000u); // [1, 2)
  // Branch-free (selects of constants only), so the loops vectorize.
  const int big = m > 1.41421356f;
  m *= big ? 0.5f : 1.0f;
  float ef = float(e + big);
  float t = m - 1.0f, z = t * t;
  float y = 7.0376836292E-2f;
  y = y * t - 1.1514610310E-1f;
  y = y * t + 1.1676998740E-1f;
  y = y * t - 1.2420140846E-1f;
  y = y * t + 1.4249322787E-1f;
  y = y * t - 1.6668057665E-1f;
  y = y * t + 2.0000714765E-1f;
  y = y * t - 2.4999993993E-1f;
  y = y * t + 3.3333331174E-1f;
  y = y * t * z;
  y += -2.12194440E-4f * ef;
  y += -0.5f * z;
  return t + y + 0.693359375f * ef;
}

/// e^x (Cephes expf); 0 below -87.
RASP_INLINE float fastExp(float x) {
  const float keep = x < -87.0f ? 0.0f : 1.0f;
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  float n = std::floor(x * 1.44269504088896341f + 0.5f);
  x = x - n * 0.693359375f - n * -2.12194440e-4f;
  float z = x * x;
  float y = 1.9875691500E-4f;
  y = y * x + 1.3981999507E-3f;
  y = y * x + 8.3334519073E-3f;
  y = y * x + 4.1665795894E-2f;
  y = y * x + 1.6666665459E-1f;
  y = y * x + 5.0000001201E-1f;
  y = y * z + x + 1.0f;
  float p = bitsToFloat(uint32_t(int32_t(n) + 127) << 23);
  return y * p * keep;
}

/// Row mask of the keys query i may attend to.
RASP_INLINE void allowedRow(const AttnDims &d, int64_t b, int64_t i,
                            int64_t n, float *al) {
  const uint8_t *val = d.valid + b * n;
  for (int64_t j = 0; j < n; ++j)
    al[j] = (val[j] && (!d.causal || j <= i)) ? 1.0f : 0.0f;
}

/// Xt[c * n + j] = X[j * k + c] for one block.
RASP_INLINE void transpose(const float *X, int64_t n, int64_t k, float *Xt) {
  for (int64_t j = 0; j < n; ++j)
    for (int64_t c = 0; c < k; ++c)
      Xt[c * n + j] = X[j * k + c];
}

#if defined(__GNUC__)
/// Eight floats, loaded and stored unaligned (GCC vector extension: AVX in
/// the AVX2 build, two SSE halves in the generic one).
typedef float V8 __attribute__((vector_size(32), aligned(4), may_alias));
typedef int32_t I8 __attribute__((vector_size(32), aligned(4), may_alias));
typedef uint32_t U8 __attribute__((vector_size(32), aligned(4), may_alias));
#define RASP_VEC 1

/// fastLog on eight lanes (explicit vectors: GCC does not if-convert the
/// scalar version's selects under -ftrapping-math).
RASP_INLINE V8 log8(V8 x) {
  U8 bits = (U8)x;
  I8 e = (I8)((bits >> 23) & 0xffu) - 127;
  V8 m = (V8)((bits & 0x007fffffu) | 0x3f800000u);
  I8 big = m > 1.41421356f; // -1 where true
  m = big ? m * 0.5f : m;
  V8 ef = __builtin_convertvector(e - big, V8);
  V8 t = m - 1.0f, z = t * t;
  V8 y = t * 7.0376836292E-2f - 1.1514610310E-1f;
  y = y * t + 1.1676998740E-1f;
  y = y * t - 1.2420140846E-1f;
  y = y * t + 1.4249322787E-1f;
  y = y * t - 1.6668057665E-1f;
  y = y * t + 2.0000714765E-1f;
  y = y * t - 2.4999993993E-1f;
  y = y * t + 3.3333331174E-1f;
  y = y * t * z;
  y += -2.12194440E-4f * ef;
  y += -0.5f * z;
  return t + y + 0.693359375f * ef;
}

/// fastExp on eight lanes; inputs below -87 give e^-87.
RASP_INLINE V8 exp8(V8 x) {
  x = x < -87.0f ? -87.0f : x;
  x = x > 88.0f ? 88.0f : x;
  I8 ni = __builtin_convertvector(x * 1.44269504088896341f + 128.5f, I8);
  V8 n = __builtin_convertvector(ni, V8) - 128.0f; // floor(x log2 e + 0.5)
  x = x - n * 0.693359375f - n * -2.12194440e-4f;
  V8 z = x * x;
  V8 y = x * 1.9875691500E-4f + 1.3981999507E-3f;
  y = y * x + 8.3334519073E-3f;
  y = y * x + 4.1665795894E-2f;
  y = y * x + 1.6666665459E-1f;
  y = y * x + 5.0000001201E-1f;
  y = y * z + x + 1.0f;
  return y * (V8)((U8)(ni - 1) << 23); // 2^n = bits (n + 127) << 23
}
#else
#define RASP_VEC 0
#endif

/// S[j] = q · X_j for every key j, from the transposed block.
template <int NN>
RASP_INLINE void scoresRow(const float *q, const float *Xt, int64_t n,
                           int64_t k, float *S) {
#if RASP_VEC
  if constexpr (NN > 0 && NN % 8 == 0) {
    // Two chains (even and odd c): half the FMA latency per row.
    V8 acc[2][NN / 8] = {};
    int64_t c = 0;
    for (; c + 1 < k; c += 2)
      for (int h = 0; h < 2; ++h) {
        const float qc = q[c + h];
        const V8 *x = reinterpret_cast<const V8 *>(Xt + (c + h) * NN);
        for (int t = 0; t < NN / 8; ++t)
          acc[h][t] += qc * x[t];
      }
    if (c < k) {
      const V8 *x = reinterpret_cast<const V8 *>(Xt + c * NN);
      for (int t = 0; t < NN / 8; ++t)
        acc[0][t] += q[c] * x[t];
    }
    for (int t = 0; t < NN / 8; ++t)
      *reinterpret_cast<V8 *>(S + 8 * t) = acc[0][t] + acc[1][t];
    return;
  }
#endif
  for (int64_t j = 0; j < n; ++j)
    S[j] = 0.0f;
  for (int64_t c = 0; c < k; ++c) {
    const float qc = q[c];
    const float *x = Xt + c * n;
    for (int64_t j = 0; j < n; ++j)
      S[j] += qc * x[j];
  }
}

/// y += a x over k floats.
template <int KK>
RASP_INLINE void axpy(float a, const float *x, float *y, int64_t k) {
#if RASP_VEC
  if constexpr (KK > 0 && KK % 8 == 0) {
    const V8 *xv = reinterpret_cast<const V8 *>(x);
    V8 *yv = reinterpret_cast<V8 *>(y);
    for (int t = 0; t < KK / 8; ++t)
      yv[t] += a * xv[t];
    return;
  }
#endif
  for (int64_t c = 0; c < k; ++c)
    y[c] += a * x[c];
}

/// y += sum over j < n of w[j] X[j * k ..] (rows of k floats): in
/// registers with two chains (even and odd j) when k is a multiple of 8,
/// else one axpy per nonzero weight.
template <int KK>
RASP_INLINE void weightedRows(const float *w, const float *X, int64_t n,
                              int64_t k, float *y) {
#if RASP_VEC
  if constexpr (KK > 0 && KK % 8 == 0) {
    V8 acc[2][KK / 8] = {};
    int64_t j = 0;
    for (; j + 1 < n; j += 2)
      for (int h = 0; h < 2; ++h) {
        const float wj = w[j + h];
        const V8 *x = reinterpret_cast<const V8 *>(X + (j + h) * KK);
        for (int t = 0; t < KK / 8; ++t)
          acc[h][t] += wj * x[t];
      }
    if (j < n) {
      const V8 *x = reinterpret_cast<const V8 *>(X + j * KK);
      for (int t = 0; t < KK / 8; ++t)
        acc[0][t] += w[j] * x[t];
    }
    V8 *yv = reinterpret_cast<V8 *>(y);
    for (int t = 0; t < KK / 8; ++t)
      yv[t] += acc[0][t] + acc[1][t];
    return;
  }
#endif
  for (int64_t j = 0; j < n; ++j)
    if (w[j] != 0.0f)
      axpy<KK>(w[j], X + j * k, y, k);
}

template <int KK, int NN>
RASP_INLINE void catFwdImpl(const AttnDims &d, const float *qp, const float *K,
                            const float *V, const float *g, const float *bias,
                            float invSqrtK, float invTau, float *out, float *A,
                            float *Sp, float *sumS) {
  const int64_t k = KK ? KK : d.k, n = NN ? NN : d.n;
  std::vector<float> buf(k * n + 4 * n);
  float *Kt = buf.data();
  // Row buffers: local arrays when n is known, so the compiler sees that
  // they alias nothing and vectorizes the log/exp loops.
  alignas(32) float locAl[NN > 0 ? NN : 1], locZ[NN > 0 ? NN : 1],
      locS[NN > 0 ? NN : 1], locA[NN > 0 ? NN : 1];
  float *al = NN > 0 ? locAl : Kt + k * n, *z = NN > 0 ? locZ : al + n,
        *S = NN > 0 ? locS : z + n, *Ar = NN > 0 ? locA : S + n;
  for (int64_t gi = 0; gi < d.G; ++gi) {
    const int64_t b = gi % d.B, base = gi * n;
    transpose(K + base * k, n, k, Kt);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t row = base + i;
      const float *gr = g + row * n, *br = bias + i * n;
      allowedRow(d, b, i, n, al);
      scoresRow<NN>(qp + row * k, Kt, n, k, S);
      float s = 0;
      for (int64_t j = 0; j < n; ++j) {
        S[j] *= al[j];
        s += S[j];
      }
      sumS[row] = s;
      S[0] += std::max(0.0f, 1.0f - s / (s + 1e-10f));
      float mx = -INFINITY;
#if RASP_VEC
      if constexpr (NN > 0 && NN % 8 == 0) {
        const V8 *Sv = reinterpret_cast<const V8 *>(S),
                 *alv = reinterpret_cast<const V8 *>(al),
                 *brv = reinterpret_cast<const V8 *>(br),
                 *grv = reinterpret_cast<const V8 *>(gr);
        V8 zv[NN / 8];
        for (int t = 0; t < NN / 8; ++t) {
          zv[t] = (log8(Sv[t] + 1e-20f) * invSqrtK + brv[t] + grv[t]) * invTau;
          *reinterpret_cast<V8 *>(z + 8 * t) = zv[t];
        }
        for (int64_t j = 0; j < n; ++j)
          mx = std::max(mx, al[j] != 0.0f ? z[j] : -INFINITY);
        for (int t = 0; t < NN / 8; ++t)
          *reinterpret_cast<V8 *>(Ar + 8 * t) = alv[t] * exp8(zv[t] - mx);
      } else
#endif
      {
        for (int64_t j = 0; j < n; ++j)
          z[j] = (fastLog(S[j] + 1e-20f) * invSqrtK + br[j] + gr[j]) * invTau;
        for (int64_t j = 0; j < n; ++j)
          mx = std::max(mx, al[j] != 0.0f ? z[j] : -INFINITY);
        for (int64_t j = 0; j < n; ++j)
          Ar[j] = al[j] * fastExp(z[j] - mx);
      }
      float tot = 0;
      for (int64_t j = 0; j < n; ++j)
        tot += Ar[j];
      const float inv = 1.0f / tot;
      float *o = out + row * k;
      for (int64_t j = 0; j < n; ++j)
        Ar[j] *= inv;
      std::memcpy(Sp + row * n, S, sizeof(float) * n);
      std::memcpy(A + row * n, Ar, sizeof(float) * n);
      weightedRows<KK>(Ar, V + base * k, n, k, o);
    }
  }
}

template <int KK, int NN>
RASP_INLINE void catBwdImpl(const AttnDims &d, const float *qp, const float *K,
                            const float *V, const float *A, const float *Sp,
                            const float *sumS, const float *dout, float scale,
                            float *dq, float *dK, float *dV) {
  const int64_t k = KK ? KK : d.k, n = NN ? NN : d.n;
  std::vector<float> buf(k * n + 2 * n);
  float *Vt = buf.data(), *al = Vt + k * n, *dS = al + n;
  const float eps = 1e-10f;
  for (int64_t gi = 0; gi < d.G; ++gi) {
    const int64_t b = gi % d.B, base = gi * n;
    transpose(V + base * k, n, k, Vt);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t row = base + i;
      const float *Ar = A + row * n, *S = Sp + row * n, *dor = dout + row * k;
      const float *q = qp + row * k;
      allowedRow(d, b, i, n, al);
      scoresRow<NN>(dor, Vt, n, k, dS); // dS = dL/dA
      float dot = 0;
      for (int64_t j = 0; j < n; ++j)
        dot += Ar[j] * dS[j];
      for (int64_t j = 0; j < n; ++j)
        if (Ar[j] != 0.0f)
          axpy<KK>(Ar[j], dor, dV + (base + j) * k, k);
      // dL/dS' (scores after the BOS default), then through the default
      // relu(1 - s/(s + eps)) on key 0 to every allowed raw score.
      for (int64_t j = 0; j < n; ++j)
        dS[j] = Ar[j] * (dS[j] - dot) * scale / (S[j] + 1e-20f);
      const float s = sumS[row];
      const float ds =
          1.0f - s / (s + eps) > 0.0f ? dS[0] * (-eps / ((s + eps) * (s + eps)))
                                      : 0.0f;
      for (int64_t j = 0; j < n; ++j)
        dS[j] = al[j] * (dS[j] + ds); // dL/d(raw score j)
      weightedRows<KK>(dS, K + base * k, n, k, dq + row * k);
      for (int64_t j = 0; j < n; ++j)
        if (dS[j] != 0.0f)
          axpy<KK>(dS[j], q, dK + (base + j) * k, k);
    }
  }
}

template <int KK, int NN>
RASP_INLINE void numFwdImpl(const AttnDims &d, const float *qp, const float *K,
                            const float *v, float *out) {
  const int64_t k = KK ? KK : d.k, n = NN ? NN : d.n;
  std::vector<float> buf(k * n + 2 * n);
  float *Kt = buf.data(), *al = Kt + k * n, *S = al + n;
  for (int64_t gi = 0; gi < d.G; ++gi) {
    const int64_t b = gi % d.B, base = gi * n;
    transpose(K + base * k, n, k, Kt);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t row = base + i;
      allowedRow(d, b, i, n, al);
      scoresRow<NN>(qp + row * k, Kt, n, k, S);
      float o = 0;
      for (int64_t j = 0; j < n; ++j)
        o += al[j] * S[j] * v[base + j];
      out[row] = o;
    }
  }
}

template <int KK, int NN>
RASP_INLINE void numBwdImpl(const AttnDims &d, const float *qp, const float *K,
                            const float *v, const float *dout, float *dq,
                            float *dK, float *dv) {
  const int64_t k = KK ? KK : d.k, n = NN ? NN : d.n;
  std::vector<float> buf(k * n + 3 * n);
  float *Kt = buf.data(), *al = Kt + k * n, *S = al + n, *gw = S + n;
  for (int64_t gi = 0; gi < d.G; ++gi) {
    const int64_t b = gi % d.B, base = gi * n;
    transpose(K + base * k, n, k, Kt);
    for (int64_t i = 0; i < n; ++i) {
      const int64_t row = base + i;
      const float dor = dout[row];
      if (dor == 0.0f)
        continue;
      const float *q = qp + row * k;
      allowedRow(d, b, i, n, al);
      scoresRow<NN>(q, Kt, n, k, S);
      for (int64_t j = 0; j < n; ++j) {
        gw[j] = al[j] * dor * v[base + j];
        dv[base + j] += al[j] * dor * S[j];
      }
      weightedRows<KK>(gw, K + base * k, n, k, dq + row * k);
      for (int64_t j = 0; j < n; ++j)
        if (gw[j] != 0.0f)
          axpy<KK>(gw[j], q, dK + (base + j) * k, k);
    }
  }
}

RASP_INLINE void gumbelImpl(float *u, int64_t count) {
  int64_t i = 0;
#if RASP_VEC
  for (; i + 8 <= count; i += 8) {
    V8 *p = reinterpret_cast<V8 *>(u + i);
    V8 x = *p;
    x = x < 1e-20f ? 1e-20f : x;
    *p = -log8(-log8(x));
  }
#endif
  for (; i < count; ++i)
    u[i] = -fastLog(-fastLog(std::max(u[i], 1e-20f)));
}

/// Wellons' "lowbias32" integer hash (a bijection of 32-bit words).
RASP_INLINE uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x7feb352du;
  x ^= x >> 15;
  x *= 0x846ca68bu;
  x ^= x >> 16;
  return x;
}

/// Element i's uniform in (0, 1): 24 bits of mix32(mix32(i ^ k0) + k1).
RASP_INLINE float hashUniform(uint32_t i, uint32_t k0, uint32_t k1) {
  uint32_t x = mix32(mix32(i ^ k0) + k1);
  return (float(int32_t(x >> 8)) + 0.5f) * (1.0f / 16777216.0f);
}

RASP_INLINE void gumbelHashImpl(uint64_t key, float *out, int64_t count) {
  const uint32_t k0 = uint32_t(key), k1 = uint32_t(key >> 32);
  int64_t i = 0;
#if RASP_VEC
  const U8 lane = {0, 1, 2, 3, 4, 5, 6, 7};
  for (; i + 8 <= count; i += 8) {
    U8 x = (lane + uint32_t(i)) ^ k0;
    for (int r = 0; r < 2; ++r) {
      x ^= x >> 16;
      x *= 0x7feb352du;
      x ^= x >> 15;
      x *= 0x846ca68bu;
      x ^= x >> 16;
      x += r == 0 ? k1 : 0u;
    }
    V8 u = (__builtin_convertvector((I8)(x >> 8), V8) + 0.5f) *
           (1.0f / 16777216.0f);
    *reinterpret_cast<V8 *>(out + i) = -log8(-log8(u));
  }
#endif
  for (; i < count; ++i)
    out[i] = -fastLog(-fastLog(hashUniform(uint32_t(i), k0, k1)));
}

/// y = softmax((o + g) * invTau) per row of k, g = gumbelHashImpl(key)'s
/// noise for element r * k + c (made in y first).
RASP_INLINE void gumbelSoftmaxImpl(uint64_t key, const float *o, int64_t rows,
                                   int64_t k, float invTau, float *y) {
  gumbelHashImpl(key, y, rows * k);
  for (int64_t r = 0; r < rows; ++r) {
    const float *orow = o + r * k;
    float *yr = y + r * k;
    for (int64_t c = 0; c < k; ++c)
      yr[c] = (orow[c] + yr[c]) * invTau;
    float mx = yr[0];
    for (int64_t c = 1; c < k; ++c)
      mx = std::max(mx, yr[c]);
    int64_t c = 0;
#if RASP_VEC
    for (; c + 8 <= k; c += 8) {
      V8 *v = reinterpret_cast<V8 *>(yr + c);
      *v = exp8(*v - mx);
    }
#endif
    for (; c < k; ++c)
      yr[c] = fastExp(yr[c] - mx);
    float tot = 0;
    for (c = 0; c < k; ++c)
      tot += yr[c];
    const float inv = 1.0f / tot;
    for (c = 0; c < k; ++c)
      yr[c] *= inv;
  }
}

/// dz = y * (dy - sum(dy * y)) * invTau per row of k.
RASP_INLINE void softmaxBackImpl(const float *y, const float *dy, int64_t rows,
                                 int64_t k, float invTau, float *dz) {
  for (int64_t r = 0; r < rows; ++r) {
    const float *yr = y + r * k, *dyr = dy + r * k;
    float *dzr = dz + r * k;
    float dot = 0;
    for (int64_t c = 0; c < k; ++c)
      dot += dyr[c] * yr[c];
    for (int64_t c = 0; c < k; ++c)
      dzr[c] = yr[c] * (dyr[c] - dot) * invTau;
  }
}

#define RASP_DISPATCH(IMPL, ...)                                               \
  do {                                                                         \
    if (d.k == 16 && d.n == 16)                                                \
      IMPL<16, 16>(__VA_ARGS__);                                               \
    else if (d.k == 8 && d.n == 8)                                             \
      IMPL<8, 8>(__VA_ARGS__);                                                 \
    else                                                                       \
      IMPL<0, 0>(__VA_ARGS__);                                                 \
  } while (0)

#define RASP_KERNELS(SUFFIX, ATTR)                                             \
  ATTR void catFwd##SUFFIX(const AttnDims &d, const float *qp, const float *K, \
                           const float *V, const float *g, const float *bias,  \
                           float invSqrtK, float invTau, float *out, float *A, \
                           float *Sp, float *sumS) {                           \
    RASP_DISPATCH(catFwdImpl, d, qp, K, V, g, bias, invSqrtK, invTau, out, A,  \
                  Sp, sumS);                                                   \
  }                                                                            \
  ATTR void catBwd##SUFFIX(const AttnDims &d, const float *qp, const float *K, \
                           const float *V, const float *A, const float *Sp,    \
                           const float *sumS, const float *dout, float scale,  \
                           float *dq, float *dK, float *dV) {                  \
    RASP_DISPATCH(catBwdImpl, d, qp, K, V, A, Sp, sumS, dout, scale, dq, dK,   \
                  dV);                                                         \
  }                                                                            \
  ATTR void numFwd##SUFFIX(const AttnDims &d, const float *qp, const float *K, \
                           const float *v, float *out) {                       \
    RASP_DISPATCH(numFwdImpl, d, qp, K, v, out);                               \
  }                                                                            \
  ATTR void numBwd##SUFFIX(const AttnDims &d, const float *qp, const float *K, \
                           const float *v, const float *dout, float *dq,       \
                           float *dK, float *dv) {                             \
    RASP_DISPATCH(numBwdImpl, d, qp, K, v, dout, dq, dK, dv);                  \
  }                                                                            \
  ATTR void gumbel##SUFFIX(float *u, int64_t count) { gumbelImpl(u, count); } \
  ATTR void gumbelHash##SUFFIX(uint64_t key, float *out, int64_t count) {      \
    gumbelHashImpl(key, out, count);                                           \
  }                                                                            \
  ATTR void gumbelSoftmax##SUFFIX(uint64_t key, const float *o, int64_t rows,  \
                                  int64_t k, float invTau, float *y) {         \
    gumbelSoftmaxImpl(key, o, rows, k, invTau, y);                             \
  }                                                                            \
  ATTR void softmaxBack##SUFFIX(const float *y, const float *dy, int64_t rows, \
                                int64_t k, float invTau, float *dz) {          \
    softmaxBackImpl(y, dy, rows, k, invTau, dz);                               \
  }

RASP_KERNELS(Generic, )

#if defined(__x86_64__) && defined(__GNUC__)
RASP_KERNELS(Avx2, __attribute__((target("avx2,fma"))))
bool useAvx2() {
  static const bool yes =
      __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
  return yes;
}
#define RASP_CALL(NAME, ...)                                                   \
  (useAvx2() ? NAME##Avx2(__VA_ARGS__) : NAME##Generic(__VA_ARGS__))
#else
#define RASP_CALL(NAME, ...) NAME##Generic(__VA_ARGS__)
#endif

} // namespace

void rasp::learn::kernels::catAttnForward(const AttnDims &d, const float *qp,
                                          const float *K, const float *V,
                                          const float *g, const float *bias,
                                          float invSqrtK, float invTau,
                                          float *out, float *A, float *Sp,
                                          float *sumS) {
  RASP_CALL(catFwd, d, qp, K, V, g, bias, invSqrtK, invTau, out, A, Sp, sumS);
}

void rasp::learn::kernels::catAttnBackward(const AttnDims &d, const float *qp,
                                           const float *K, const float *V,
                                           const float *A, const float *Sp,
                                           const float *sumS, const float *dout,
                                           float scale, float *dq, float *dK,
                                           float *dV) {
  RASP_CALL(catBwd, d, qp, K, V, A, Sp, sumS, dout, scale, dq, dK, dV);
}

void rasp::learn::kernels::numAttnForward(const AttnDims &d, const float *qp,
                                          const float *K, const float *v,
                                          float *out) {
  RASP_CALL(numFwd, d, qp, K, v, out);
}

void rasp::learn::kernels::numAttnBackward(const AttnDims &d, const float *qp,
                                           const float *K, const float *v,
                                           const float *dout, float *dq,
                                           float *dK, float *dv) {
  RASP_CALL(numBwd, d, qp, K, v, dout, dq, dK, dv);
}

void rasp::learn::kernels::gumbelFromUniform(float *u, int64_t count) {
  RASP_CALL(gumbel, u, count);
}

void rasp::learn::kernels::gumbelFromHash(uint64_t key, float *out,
                                          int64_t count) {
  RASP_CALL(gumbelHash, key, out, count);
}

void rasp::learn::kernels::gumbelSoftmaxRows(uint64_t key, const float *o,
                                             int64_t rows, int64_t k,
                                             float invTau, float *y) {
  RASP_CALL(gumbelSoftmax, key, o, rows, k, invTau, y);
}

void rasp::learn::kernels::softmaxBackwardRows(const float *y, const float *dy,
                                               int64_t rows, int64_t k,
                                               float invTau, float *dz) {
  RASP_CALL(softmaxBack, y, dy, rows, k, invTau, dz);
}
