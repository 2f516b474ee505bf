//===- BigInt.cpp - Arbitrary-precision integers for atoms ----------------===//

#include "BigInt.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstring>

using namespace rasp;

BigInt::BigInt(int64_t v) {
  if (v < 0) {
    *this = fromUInt64(uint64_t(0) - uint64_t(v), /*negative=*/true);
  } else {
    *this = fromUInt64(uint64_t(v));
  }
}

BigInt BigInt::fromUInt64(uint64_t v, bool negative) {
  BigInt r;
  if (v) {
    r.mag.push_back(uint32_t(v));
    if (v >> 32)
      r.mag.push_back(uint32_t(v >> 32));
    r.neg = negative;
  }
  return r;
}

BigInt BigInt::fromIntegralDouble(double d) {
  assert(std::isfinite(d) && std::trunc(d) == d && "not an integral double");
  if (d == 0)
    return BigInt();
  int e;
  double m = std::frexp(std::fabs(d), &e); // |d| = m * 2^e, m in [0.5, 1)
  uint64_t mant = uint64_t(std::ldexp(m, 53));
  int shift = e - 53;
  BigInt r = fromUInt64(mant, d < 0);
  if (shift > 0)
    return r.shl(uint64_t(shift));
  if (shift < 0) {
    BigInt s = r.shrMag(uint64_t(-shift));
    s.neg = d < 0 && !s.isZero();
    return s;
  }
  return r;
}

bool BigInt::fromDecimal(llvm::StringRef digits, BigInt &out) {
  if (digits.empty())
    return false;
  for (char c : digits)
    if (c < '0' || c > '9')
      return false;
  BigInt r;
  size_t pos = 0;
  size_t first = digits.size() % 9;
  if (first == 0)
    first = 9;
  while (pos < digits.size()) {
    size_t len = pos == 0 ? first : 9;
    uint32_t chunk = 0, scale = 1;
    for (size_t k = 0; k < len; ++k) {
      chunk = chunk * 10 + uint32_t(digits[pos + k] - '0');
      scale *= 10;
    }
    pos += len;
    // r = r * scale + chunk
    uint64_t carry = chunk;
    for (uint32_t &limb : r.mag) {
      uint64_t t = uint64_t(limb) * scale + carry;
      limb = uint32_t(t);
      carry = t >> 32;
    }
    if (carry)
      r.mag.push_back(uint32_t(carry));
  }
  r.trim();
  out = std::move(r);
  return true;
}

void BigInt::trim() {
  while (!mag.empty() && mag.back() == 0)
    mag.pop_back();
  if (mag.empty())
    neg = false;
}

uint64_t BigInt::bitLength() const {
  if (mag.empty())
    return 0;
  uint32_t top = mag.back();
  return uint64_t(mag.size() - 1) * 32 + (32 - __builtin_clz(top));
}

bool BigInt::toInt64(int64_t &out) const {
  if (mag.size() > 2)
    return false;
  uint64_t m = lowUInt64();
  if (!neg) {
    if (m > uint64_t(INT64_MAX))
      return false;
    out = int64_t(m);
    return true;
  }
  if (m > uint64_t(INT64_MAX) + 1)
    return false;
  out = int64_t(uint64_t(0) - m);
  return true;
}

uint64_t BigInt::lowUInt64() const {
  uint64_t m = 0;
  if (!mag.empty())
    m = mag[0];
  if (mag.size() > 1)
    m |= uint64_t(mag[1]) << 32;
  return m;
}

bool BigInt::lowBitsNonZero(uint64_t n) const {
  size_t full = size_t(std::min<uint64_t>(n / 32, mag.size()));
  for (size_t k = 0; k < full; ++k)
    if (mag[k])
      return true;
  if (full < mag.size() && n % 32)
    return (mag[full] & ((uint32_t(1) << (n % 32)) - 1)) != 0;
  return false;
}

bool BigInt::toDouble(double &out) const {
  uint64_t bits = bitLength();
  double d;
  if (bits <= 64) {
    d = double(lowUInt64()); // the conversion rounds half to even
  } else {
    // The top 64 bits with a sticky bit for everything below: the double
    // keeps 53 bits, so the sticky bit sits well below the rounding point
    // and the hardware conversion rounds exactly as Python does.
    uint64_t shift = bits - 64;
    uint64_t top = shrMag(shift).lowUInt64();
    if (lowBitsNonZero(shift))
      top |= 1;
    if (shift > 2000) // far beyond DBL_MAX
      return false;
    d = std::ldexp(double(top), int(shift));
  }
  if (std::isinf(d))
    return false;
  out = neg ? -d : d;
  return true;
}

uint32_t BigInt::divSmallInPlace(std::vector<uint32_t> &m, uint32_t d) {
  uint64_t rem = 0;
  for (size_t k = m.size(); k-- > 0;) {
    uint64_t cur = (rem << 32) | m[k];
    m[k] = uint32_t(cur / d);
    rem = cur % d;
  }
  while (!m.empty() && m.back() == 0)
    m.pop_back();
  return uint32_t(rem);
}

std::string BigInt::toString() const {
  if (mag.empty())
    return "0";
  std::vector<uint32_t> m = mag;
  std::vector<uint32_t> chunks; // base 1e9, little-endian
  chunks.reserve(m.size() * 32 / 29 + 1);
  while (!m.empty())
    chunks.push_back(divSmallInPlace(m, 1000000000u));
  std::string out = neg ? "-" : "";
  out += std::to_string(chunks.back());
  char buf[16];
  for (size_t k = chunks.size() - 1; k-- > 0;) {
    std::snprintf(buf, sizeof(buf), "%09u", chunks[k]);
    out += buf;
  }
  return out;
}

BigInt BigInt::operator-() const {
  BigInt r = *this;
  if (!r.mag.empty())
    r.neg = !r.neg;
  return r;
}

int BigInt::compareMag(const std::vector<uint32_t> &a,
                       const std::vector<uint32_t> &b) {
  if (a.size() != b.size())
    return a.size() < b.size() ? -1 : 1;
  for (size_t k = a.size(); k-- > 0;)
    if (a[k] != b[k])
      return a[k] < b[k] ? -1 : 1;
  return 0;
}

int BigInt::compare(const BigInt &a, const BigInt &b) {
  if (a.neg != b.neg)
    return a.neg ? -1 : 1;
  int c = compareMag(a.mag, b.mag);
  return a.neg ? -c : c;
}

int BigInt::compareWithDouble(const BigInt &a, double d) {
  assert(std::isfinite(d));
  double t = std::trunc(d);
  int c = compare(a, fromIntegralDouble(t));
  if (c != 0)
    return c;
  double frac = d - t;
  return frac > 0 ? -1 : (frac < 0 ? 1 : 0);
}

void BigInt::addMag(const std::vector<uint32_t> &a,
                    const std::vector<uint32_t> &b,
                    std::vector<uint32_t> &out) {
  const std::vector<uint32_t> &x = a.size() >= b.size() ? a : b;
  const std::vector<uint32_t> &y = a.size() >= b.size() ? b : a;
  std::vector<uint32_t> r(x.size() + 1);
  uint64_t carry = 0;
  for (size_t k = 0; k < x.size(); ++k) {
    uint64_t t = uint64_t(x[k]) + (k < y.size() ? y[k] : 0) + carry;
    r[k] = uint32_t(t);
    carry = t >> 32;
  }
  r[x.size()] = uint32_t(carry);
  out = std::move(r);
}

void BigInt::subMag(const std::vector<uint32_t> &a,
                    const std::vector<uint32_t> &b,
                    std::vector<uint32_t> &out) {
  std::vector<uint32_t> r(a.size());
  int64_t borrow = 0;
  for (size_t k = 0; k < a.size(); ++k) {
    int64_t t = int64_t(a[k]) - (k < b.size() ? b[k] : 0) - borrow;
    borrow = t < 0;
    r[k] = uint32_t(t + (borrow << 32));
  }
  assert(borrow == 0 && "subMag requires |a| >= |b|");
  out = std::move(r);
}

BigInt rasp::operator+(const BigInt &a, const BigInt &b) {
  BigInt r;
  if (a.neg == b.neg) {
    BigInt::addMag(a.mag, b.mag, r.mag);
    r.neg = a.neg;
  } else if (BigInt::compareMag(a.mag, b.mag) >= 0) {
    BigInt::subMag(a.mag, b.mag, r.mag);
    r.neg = a.neg;
  } else {
    BigInt::subMag(b.mag, a.mag, r.mag);
    r.neg = b.neg;
  }
  r.trim();
  return r;
}

BigInt rasp::operator-(const BigInt &a, const BigInt &b) { return a + (-b); }

// Karatsuba above this many limbs (of the shorter operand).
static const size_t kKaratsubaThreshold = 48;

/// out[0 .. na+nb) = a * b, schoolbook; out must be zeroed by the caller.
static void mulSchool(const uint32_t *a, size_t na, const uint32_t *b,
                      size_t nb, uint32_t *out) {
  for (size_t i = 0; i < na; ++i) {
    uint64_t carry = 0;
    uint64_t ai = a[i];
    if (!ai)
      continue;
    for (size_t j = 0; j < nb; ++j) {
      uint64_t t = ai * b[j] + out[i + j] + carry;
      out[i + j] = uint32_t(t);
      carry = t >> 32;
    }
    out[i + nb] = uint32_t(carry);
  }
}

/// acc[0..n) += x[0..nx), returns the carry out of acc[n-1].
static uint32_t addInto(uint32_t *acc, size_t n, const uint32_t *x,
                        size_t nx) {
  uint64_t carry = 0;
  size_t k = 0;
  for (; k < nx; ++k) {
    uint64_t t = uint64_t(acc[k]) + x[k] + carry;
    acc[k] = uint32_t(t);
    carry = t >> 32;
  }
  for (; carry && k < n; ++k) {
    uint64_t t = uint64_t(acc[k]) + carry;
    acc[k] = uint32_t(t);
    carry = t >> 32;
  }
  return uint32_t(carry);
}

/// acc[0..n) -= x[0..nx); the result must not be negative.
static void subInto(uint32_t *acc, size_t n, const uint32_t *x, size_t nx) {
  int64_t borrow = 0;
  size_t k = 0;
  for (; k < nx; ++k) {
    int64_t t = int64_t(acc[k]) - x[k] - borrow;
    borrow = t < 0;
    acc[k] = uint32_t(t + (borrow << 32));
  }
  for (; borrow && k < n; ++k) {
    int64_t t = int64_t(acc[k]) - borrow;
    borrow = t < 0;
    acc[k] = uint32_t(t + (borrow << 32));
  }
  assert(!borrow);
}

void BigInt::mulMag(const uint32_t *a, size_t na, const uint32_t *b,
                    size_t nb, uint32_t *out) {
  // out[0 .. na+nb) = a * b, out zeroed by the caller.
  if (na < nb) {
    std::swap(a, b);
    std::swap(na, nb);
  }
  if (nb < kKaratsubaThreshold) {
    mulSchool(a, na, b, nb, out);
    return;
  }
  if (na >= 2 * nb) {
    // Unbalanced: multiply b by nb-sized slices of a.
    std::vector<uint32_t> tmp(2 * nb);
    for (size_t off = 0; off < na; off += nb) {
      size_t len = std::min(nb, na - off);
      std::fill(tmp.begin(), tmp.end(), 0);
      mulMag(a + off, len, b, nb, tmp.data());
      addInto(out + off, na + nb - off, tmp.data(), len + nb);
    }
    return;
  }
  // Karatsuba: a = a1*B^h + a0, b = b1*B^h + b0.
  size_t h = nb / 2;
  const uint32_t *a0 = a, *a1 = a + h, *b0 = b, *b1 = b + h;
  size_t na1 = na - h, nb1 = nb - h;
  // z0 = a0*b0 into out[0 .. 2h), z2 = a1*b1 into out[2h ..).
  mulMag(a0, h, b0, h, out);
  mulMag(a1, na1, b1, nb1, out + 2 * h);
  // s = (a0+a1)*(b0+b1)
  std::vector<uint32_t> sa(na1 + 1, 0), sb(nb1 + 1, 0);
  std::copy(a1, a1 + na1, sa.begin());
  addInto(sa.data(), sa.size(), a0, h);
  std::copy(b1, b1 + nb1, sb.begin());
  addInto(sb.data(), sb.size(), b0, h);
  size_t nsa = sa.size(), nsb = sb.size();
  while (nsa && !sa[nsa - 1])
    --nsa;
  while (nsb && !sb[nsb - 1])
    --nsb;
  // Room for the product and for z0 and z2 (2h <= na1+nb1 limbs each).
  std::vector<uint32_t> s(std::max(nsa + nsb, na1 + nb1) + 1, 0);
  if (nsa && nsb)
    mulMag(sa.data(), nsa, sb.data(), nsb, s.data());
  // s -= z0 + z2, then out += s * B^h.
  subInto(s.data(), s.size(), out, 2 * h);
  subInto(s.data(), s.size(), out + 2 * h, na1 + nb1);
  size_t ns = s.size();
  while (ns && !s[ns - 1])
    --ns;
  addInto(out + h, na + nb - h, s.data(), ns);
}

BigInt rasp::operator*(const BigInt &a, const BigInt &b) {
  BigInt r;
  if (a.mag.empty() || b.mag.empty())
    return r;
  r.mag.assign(a.mag.size() + b.mag.size(), 0);
  BigInt::mulMag(a.mag.data(), a.mag.size(), b.mag.data(), b.mag.size(),
                 r.mag.data());
  r.neg = a.neg != b.neg;
  r.trim();
  return r;
}

BigInt BigInt::shl(uint64_t n) const {
  if (mag.empty())
    return *this;
  size_t limbs = size_t(n / 32);
  unsigned bits = unsigned(n % 32);
  BigInt r;
  r.neg = neg;
  r.mag.assign(limbs + mag.size() + 1, 0);
  for (size_t k = 0; k < mag.size(); ++k) {
    uint64_t v = uint64_t(mag[k]) << bits;
    r.mag[limbs + k] |= uint32_t(v);
    r.mag[limbs + k + 1] |= uint32_t(v >> 32);
  }
  r.trim();
  return r;
}

BigInt BigInt::shrMag(uint64_t n) const {
  BigInt r;
  if (n / 32 >= mag.size())
    return r;
  size_t limbs = size_t(n / 32);
  unsigned bits = unsigned(n % 32);
  r.neg = neg;
  r.mag.assign(mag.size() - limbs, 0);
  for (size_t k = limbs; k < mag.size(); ++k) {
    uint64_t v = mag[k];
    if (k + 1 < mag.size())
      v |= uint64_t(mag[k + 1]) << 32;
    r.mag[k - limbs] = uint32_t(v >> bits);
  }
  r.trim();
  return r;
}

void BigInt::divModMag(const std::vector<uint32_t> &a,
                       const std::vector<uint32_t> &b,
                       std::vector<uint32_t> &q, std::vector<uint32_t> &r) {
  assert(!b.empty() && "division by zero");
  if (compareMag(a, b) < 0) {
    q.clear();
    r = a;
    return;
  }
  if (b.size() == 1) {
    q = a;
    uint32_t rem = divSmallInPlace(q, b[0]);
    r.clear();
    if (rem)
      r.push_back(rem);
    return;
  }
  // Knuth, TAOCP vol. 2, 4.3.1, Algorithm D.
  size_t n = b.size(), m = a.size() - n;
  unsigned s = __builtin_clz(b.back());
  std::vector<uint32_t> vn(n), un(a.size() + 1);
  for (size_t k = n - 1; k > 0; --k)
    vn[k] = (b[k] << s) | (s ? uint32_t(uint64_t(b[k - 1]) >> (32 - s)) : 0);
  vn[0] = b[0] << s;
  un[a.size()] = s ? uint32_t(uint64_t(a.back()) >> (32 - s)) : 0;
  for (size_t k = a.size() - 1; k > 0; --k)
    un[k] = (a[k] << s) | (s ? uint32_t(uint64_t(a[k - 1]) >> (32 - s)) : 0);
  un[0] = a[0] << s;
  q.assign(m + 1, 0);
  const uint64_t base = uint64_t(1) << 32;
  for (size_t j = m + 1; j-- > 0;) {
    uint64_t num = (uint64_t(un[j + n]) << 32) | un[j + n - 1];
    uint64_t qhat = num / vn[n - 1];
    uint64_t rhat = num % vn[n - 1];
    while (qhat >= base ||
           qhat * vn[n - 2] > ((rhat << 32) | un[j + n - 2])) {
      --qhat;
      rhat += vn[n - 1];
      if (rhat >= base)
        break;
    }
    // Multiply and subtract.
    int64_t borrow = 0;
    uint64_t carry = 0;
    for (size_t i = 0; i < n; ++i) {
      uint64_t p = qhat * vn[i] + carry;
      carry = p >> 32;
      int64_t t = int64_t(un[i + j]) - borrow - int64_t(uint32_t(p));
      un[i + j] = uint32_t(t);
      borrow = t < 0 ? 1 : 0;
    }
    int64_t t = int64_t(un[j + n]) - borrow - int64_t(carry);
    un[j + n] = uint32_t(t);
    if (t < 0) {
      // Add back.
      --qhat;
      uint64_t c = 0;
      for (size_t i = 0; i < n; ++i) {
        uint64_t sum = uint64_t(un[i + j]) + vn[i] + c;
        un[i + j] = uint32_t(sum);
        c = sum >> 32;
      }
      un[j + n] = uint32_t(uint64_t(un[j + n]) + c);
    }
    q[j] = uint32_t(qhat);
  }
  r.assign(n, 0);
  for (size_t k = 0; k < n; ++k)
    r[k] = (un[k] >> s) |
           (s ? uint32_t(uint64_t(un[k + 1]) << (32 - s)) : 0);
  while (!q.empty() && q.back() == 0)
    q.pop_back();
  while (!r.empty() && r.back() == 0)
    r.pop_back();
}

void BigInt::divModTrunc(const BigInt &a, const BigInt &b, BigInt &q,
                         BigInt &r) {
  std::vector<uint32_t> qm, rm;
  divModMag(a.mag, b.mag, qm, rm);
  q.mag = std::move(qm);
  q.neg = a.neg != b.neg;
  q.trim();
  r.mag = std::move(rm);
  r.neg = a.neg;
  r.trim();
}

BigInt BigInt::floorMod(const BigInt &a, const BigInt &b) {
  BigInt q, r;
  divModTrunc(a, b, q, r);
  if (!r.isZero() && r.neg != b.neg)
    r = r + b;
  return r;
}
