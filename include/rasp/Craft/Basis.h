//===- Basis.h - Named bases, vector spaces and matrices --------*- C++ -*-===//
//
/// \file
/// The linear algebra of Tracr's `craft` layer: vectors and matrices whose
/// rows and columns are labelled by named basis directions instead of bare
/// indices. A categorical s-op `x` with values {a, b} owns the directions
/// `x:a` and `x:b`; a numerical s-op owns the single direction `x`.
///
/// Conventions (the same as Tracr's, so that weights carry over unchanged):
///  * A VectorSpace is a sorted list of distinct directions; a vector's i-th
///    coordinate belongs to the space's i-th direction.
///  * Vectors are row vectors. A MatrixInSpaces maps `in` to `out` and has
///    in.size() rows and out.size() columns: y = x * m.
///  * A bilinear form (an attention head's W_QK) is a MatrixInSpaces from the
///    query space (rows) to the key space (columns): logit = q * m * k^T.
///
/// This library knows nothing of the IR: values are the small Value variant
/// below, and the compiler converts its own atoms to it.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_CRAFT_BASIS_H
#define RASP_CRAFT_BASIS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <Eigen/Core>

#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace rasp::craft {

/// The value part of a basis direction: a bool, a 64-bit int, a double or a
/// string.
///
/// Total order: bools < numbers < strings. Bools order False < True. Ints
/// and doubles compare by numeric value (exactly, also beyond 2^53); when
/// they are numerically equal the int comes first, so `1` and `1.0` are two
/// different values (the compiler decides which one a value set holds). NaN
/// sorts after every other number and equals itself. Strings compare
/// bytewise.
///
/// Printing follows Python, because residual labels are read by people used
/// to Tracr's: True/False, 3, 0.5, 1.0, 1e-05, and strings unquoted.
class Value {
public:
  enum class Kind : uint8_t { Bool, Int, Float, Str };

  Value() : v(int64_t(0)) {}
  Value(bool b) : v(b) {}
  template <typename T,
            std::enable_if_t<std::is_integral_v<T> && !std::is_same_v<T, bool>,
                             int> = 0>
  Value(T i) : v(static_cast<int64_t>(i)) {}
  Value(double d) : v(d) {}
  Value(float f) : v(static_cast<double>(f)) {}
  Value(std::string s) : v(std::move(s)) {}
  Value(const char *s) : v(std::string(s)) {}
  Value(llvm::StringRef s) : v(s.str()) {}

  Kind getKind() const { return static_cast<Kind>(v.index()); }
  bool isBool() const { return getKind() == Kind::Bool; }
  bool isInt() const { return getKind() == Kind::Int; }
  bool isFloat() const { return getKind() == Kind::Float; }
  bool isNumber() const { return isInt() || isFloat(); }
  bool isString() const { return getKind() == Kind::Str; }

  bool getBool() const { return std::get<bool>(v); }
  int64_t getInt() const { return std::get<int64_t>(v); }
  double getFloat() const { return std::get<double>(v); }
  const std::string &getString() const { return std::get<std::string>(v); }
  /// The numeric value of an int, float or bool (as 0/1).
  double toDouble() const;

  /// Three-way comparison in the total order above: <0, 0 or >0.
  static int compare(const Value &a, const Value &b);
  friend bool operator==(const Value &a, const Value &b) {
    return compare(a, b) == 0;
  }
  friend bool operator!=(const Value &a, const Value &b) {
    return compare(a, b) != 0;
  }
  friend bool operator<(const Value &a, const Value &b) {
    return compare(a, b) < 0;
  }

  void print(llvm::raw_ostream &os) const;
  std::string str() const;

private:
  std::variant<bool, int64_t, double, std::string> v;
};

/// One named axis of the residual stream (or of an MLP's hidden layer).
/// Ordered by name, then no value before any value, then value.
struct BasisDirection {
  std::string name;
  std::optional<Value> value;

  BasisDirection() = default;
  BasisDirection(std::string name) : name(std::move(name)) {}
  BasisDirection(const char *name) : name(name) {}
  BasisDirection(std::string name, Value value)
      : name(std::move(name)), value(std::move(value)) {}

  static int compare(const BasisDirection &a, const BasisDirection &b);
  friend bool operator==(const BasisDirection &a, const BasisDirection &b) {
    return compare(a, b) == 0;
  }
  friend bool operator!=(const BasisDirection &a, const BasisDirection &b) {
    return compare(a, b) != 0;
  }
  friend bool operator<(const BasisDirection &a, const BasisDirection &b) {
    return compare(a, b) < 0;
  }

  /// "name:value", or "name" when there is no value (Tracr's labels).
  void print(llvm::raw_ostream &os) const;
  std::string str() const;
};

/// A sorted list of distinct basis directions.
class VectorSpace {
public:
  VectorSpace() = default;
  /// Sorts \p dirs and drops duplicates.
  explicit VectorSpace(std::vector<BasisDirection> dirs);
  VectorSpace(std::initializer_list<BasisDirection> dirs)
      : VectorSpace(std::vector<BasisDirection>(dirs)) {}

  /// The one-hot space of a categorical variable: name:v for every value.
  static VectorSpace categorical(llvm::StringRef name,
                                 llvm::ArrayRef<Value> values);
  /// The space of one direction.
  static VectorSpace of(const BasisDirection &dir) {
    return VectorSpace({dir});
  }

  /// The sorted union.
  static VectorSpace join(const VectorSpace &a, const VectorSpace &b);
  static VectorSpace join(llvm::ArrayRef<VectorSpace> spaces);
  /// The directions of \p a that are not in \p b.
  static VectorSpace difference(const VectorSpace &a, const VectorSpace &b);

  size_t size() const { return dirs.size(); }
  bool empty() const { return dirs.empty(); }
  const BasisDirection &operator[](size_t i) const { return dirs[i]; }
  llvm::ArrayRef<BasisDirection> getDirections() const { return dirs; }
  std::vector<BasisDirection>::const_iterator begin() const {
    return dirs.begin();
  }
  std::vector<BasisDirection>::const_iterator end() const { return dirs.end(); }

  /// The position of \p dir, or std::nullopt. O(log n).
  std::optional<size_t> find(const BasisDirection &dir) const;
  /// The position of \p dir, which must be in the space.
  size_t indexOf(const BasisDirection &dir) const;
  bool contains(const BasisDirection &dir) const {
    return find(dir).has_value();
  }
  bool isSubspaceOf(const VectorSpace &other) const;
  bool isDisjointFrom(const VectorSpace &other) const;

  friend bool operator==(const VectorSpace &a, const VectorSpace &b) {
    return a.dirs == b.dirs;
  }
  friend bool operator!=(const VectorSpace &a, const VectorSpace &b) {
    return !(a == b);
  }

  /// "{a:1, a:2, one}".
  void print(llvm::raw_ostream &os) const;
  std::string str() const;

private:
  std::vector<BasisDirection> dirs;
};

/// The matrix (from.size() x to.size()) that keeps the coordinates of the
/// directions the two spaces share and drops the others: x_to = x_from * P.
/// It embeds a subspace into a larger space, projects onto a subspace, or
/// both at once.
Eigen::MatrixXd projectionMatrix(const VectorSpace &from,
                                 const VectorSpace &to);

/// A vector in a named basis.
struct VectorInSpace {
  VectorSpace space;
  Eigen::RowVectorXd v;

  VectorInSpace() = default;
  /// The zero vector of \p space.
  explicit VectorInSpace(VectorSpace space);
  VectorInSpace(VectorSpace space, Eigen::RowVectorXd v);

  /// The unit vector of \p dir in \p space (which must contain it).
  static VectorInSpace unit(const VectorSpace &space,
                            const BasisDirection &dir);

  /// The coordinate of \p dir; 0 when \p dir is not in the space.
  double at(const BasisDirection &dir) const;
  /// The same vector expressed in \p to (coordinates outside it dropped,
  /// new ones zero).
  VectorInSpace project(const VectorSpace &to) const;
};

/// The sum, in the union of both spaces.
VectorInSpace operator+(const VectorInSpace &a, const VectorInSpace &b);

/// A linear map between named spaces (or a bilinear form, see the file
/// comment): m has in.size() rows and out.size() columns.
struct MatrixInSpaces {
  VectorSpace in, out;
  Eigen::MatrixXd m;

  MatrixInSpaces() = default;
  /// The zero map.
  MatrixInSpaces(VectorSpace in, VectorSpace out);
  MatrixInSpaces(VectorSpace in, VectorSpace out, Eigen::MatrixXd m);

  /// The entry for (\p row in `in`, \p col in `out`); both must exist.
  double &at(const BasisDirection &row, const BasisDirection &col);
  double at(const BasisDirection &row, const BasisDirection &col) const;

  /// x * m, after projecting \p x onto `in`.
  VectorInSpace apply(const VectorInSpace &x) const;

  /// The same map with rows labelled by \p newIn and columns by \p newOut:
  /// entries whose row or column is not in the new spaces are dropped, new
  /// rows and columns are zero.
  MatrixInSpaces reindexed(const VectorSpace &newIn,
                           const VectorSpace &newOut) const;

  /// The sum of maps, each embedded into the union of the inputs and the
  /// union of the outputs (Tracr's Linear.combine_in_parallel).
  static MatrixInSpaces sum(llvm::ArrayRef<MatrixInSpaces> maps);
  /// The same, without copying the operands.
  static MatrixInSpaces sum(llvm::ArrayRef<const MatrixInSpaces *> maps);

  /// Nonzero entries, one per line: "  row -> col: value".
  void print(llvm::raw_ostream &os) const;
};

} // namespace rasp::craft

#endif // RASP_CRAFT_BASIS_H
