//===- BigInt.h - Arbitrary-precision integers for atoms --------*- C++ -*-===//
//
/// \file
/// A small sign-magnitude big integer (base 2^32 limbs) backing the ints of
/// rasp::Atom that do not fit in 64 bits. Private to lib/Support: Atom.cpp
/// is its only user, and it holds only what Python's int semantics there
/// need (exact + - *, truncated division, shifts, decimal conversion and
/// correctly rounded conversions to and from double).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_SUPPORT_BIGINT_H
#define RASP_LIB_SUPPORT_BIGINT_H

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rasp {

class BigInt {
public:
  BigInt() = default;
  explicit BigInt(int64_t v);
  static BigInt fromUInt64(uint64_t v, bool negative = false);
  /// The exact value of a finite double with no fractional part.
  static BigInt fromIntegralDouble(double d);
  /// Parses ASCII decimal digits (no sign, no separators); false if a
  /// character is not a digit or `digits` is empty.
  static bool fromDecimal(llvm::StringRef digits, BigInt &out);

  bool isZero() const { return mag.empty(); }
  bool isNegative() const { return neg; }
  /// -1, 0 or 1.
  int sign() const { return neg ? -1 : (mag.empty() ? 0 : 1); }
  /// Number of bits of |x| (0 for zero).
  uint64_t bitLength() const;
  bool isOdd() const { return !mag.empty() && (mag[0] & 1); }

  /// The value as int64_t, if it fits.
  bool toInt64(int64_t &out) const;
  /// Correctly rounded (half to even) conversion, as Python's float(int).
  /// False if the rounded value is outside the double range.
  bool toDouble(double &out) const;
  /// Decimal digits with a leading '-' for negatives.
  std::string toString() const;

  BigInt operator-() const;
  friend BigInt operator+(const BigInt &a, const BigInt &b);
  friend BigInt operator-(const BigInt &a, const BigInt &b);
  friend BigInt operator*(const BigInt &a, const BigInt &b);
  /// |x| << n and |x| >> n with the sign kept (the right shift truncates
  /// the magnitude; only used on non-negative values).
  BigInt shl(uint64_t n) const;
  BigInt shrMag(uint64_t n) const;
  /// True if any of the low n bits of |x| is set.
  bool lowBitsNonZero(uint64_t n) const;
  /// The low 64 bits of |x|.
  uint64_t lowUInt64() const;

  /// Truncated division (C semantics): a = q*b + r, |r| < |b|, r has the
  /// sign of a. b must be nonzero.
  static void divModTrunc(const BigInt &a, const BigInt &b, BigInt &q,
                          BigInt &r);
  /// Floored modulo, Python's a % b. b must be nonzero.
  static BigInt floorMod(const BigInt &a, const BigInt &b);

  /// Three-way comparison.
  static int compare(const BigInt &a, const BigInt &b);
  /// Exact three-way comparison with a finite double.
  static int compareWithDouble(const BigInt &a, double d);

  friend bool operator==(const BigInt &a, const BigInt &b) {
    return a.neg == b.neg && a.mag == b.mag;
  }
  friend bool operator!=(const BigInt &a, const BigInt &b) { return !(a == b); }

private:
  void trim();
  static int compareMag(const std::vector<uint32_t> &a,
                        const std::vector<uint32_t> &b);
  static void addMag(const std::vector<uint32_t> &a,
                     const std::vector<uint32_t> &b,
                     std::vector<uint32_t> &out);
  /// out = a - b, requires |a| >= |b|.
  static void subMag(const std::vector<uint32_t> &a,
                     const std::vector<uint32_t> &b,
                     std::vector<uint32_t> &out);
  static void mulMag(const uint32_t *a, size_t na, const uint32_t *b,
                     size_t nb, uint32_t *out);
  static void divModMag(const std::vector<uint32_t> &a,
                        const std::vector<uint32_t> &b,
                        std::vector<uint32_t> &q, std::vector<uint32_t> &r);
  /// Divides mag in place by d, returning the remainder.
  static uint32_t divSmallInPlace(std::vector<uint32_t> &mag, uint32_t d);

  bool neg = false;
  /// Little-endian limbs, no high zero limbs; empty for zero.
  std::vector<uint32_t> mag;
};

BigInt operator+(const BigInt &a, const BigInt &b);
BigInt operator-(const BigInt &a, const BigInt &b);
BigInt operator*(const BigInt &a, const BigInt &b);

} // namespace rasp

#endif // RASP_LIB_SUPPORT_BIGINT_H
