//===- Basis.cpp - Named bases, vector spaces and matrices ----------------===//

#include "rasp/Craft/Basis.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iterator>

using namespace rasp::craft;

//===----------------------------------------------------------------------===//
// Value
//===----------------------------------------------------------------------===//

double Value::toDouble() const {
  switch (getKind()) {
  case Kind::Bool:
    return getBool() ? 1.0 : 0.0;
  case Kind::Int:
    return static_cast<double>(getInt());
  case Kind::Float:
    return getFloat();
  case Kind::Str:
    break;
  }
  assert(false && "toDouble on a string value");
  return 0.0;
}

static int kindRank(Value::Kind k) {
  switch (k) {
  case Value::Kind::Bool:
    return 0;
  case Value::Kind::Int:
  case Value::Kind::Float:
    return 1;
  case Value::Kind::Str:
    return 2;
  }
  return 3;
}

template <typename T> static int threeWay(const T &a, const T &b) {
  return a < b ? -1 : (b < a ? 1 : 0);
}

/// Exact comparison of an int64 with a double (NaN above everything).
static int compareIntDouble(int64_t i, double d) {
  if (std::isnan(d))
    return -1;
  // 2^63 is exactly representable; every int64 is below it and at or above
  // -2^63.
  if (d >= 9223372036854775808.0)
    return -1;
  if (d < -9223372036854775808.0)
    return 1;
  double t = std::trunc(d);
  int64_t ti = static_cast<int64_t>(t);
  if (i != ti)
    return i < ti ? -1 : 1;
  // Same integer part: the fraction decides.
  double frac = d - t;
  return frac > 0 ? -1 : (frac < 0 ? 1 : 0);
}

static int compareDoubles(double a, double b) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb)
    return threeWay(na, nb);
  return threeWay(a, b);
}

int Value::compare(const Value &a, const Value &b) {
  Kind ka = a.getKind(), kb = b.getKind();
  if (int c = threeWay(kindRank(ka), kindRank(kb)))
    return c;
  switch (ka) {
  case Kind::Bool:
    return threeWay(a.getBool(), b.getBool());
  case Kind::Str:
    return a.getString().compare(b.getString()) < 0
               ? -1
               : (a.getString() == b.getString() ? 0 : 1);
  case Kind::Int:
  case Kind::Float:
    break;
  }
  // Two numbers: numeric value first, then int before float.
  int c;
  if (ka == Kind::Int && kb == Kind::Int)
    c = threeWay(a.getInt(), b.getInt());
  else if (ka == Kind::Float && kb == Kind::Float)
    c = compareDoubles(a.getFloat(), b.getFloat());
  else if (ka == Kind::Int)
    c = compareIntDouble(a.getInt(), b.getFloat());
  else
    c = -compareIntDouble(b.getInt(), a.getFloat());
  if (c)
    return c;
  return threeWay(ka == Kind::Float, kb == Kind::Float);
}

/// Python's repr of a float: the shortest decimal that reads back exactly,
/// with ".0" added to integral values in positional notation.
static std::string pythonFloatRepr(double d) {
  if (std::isnan(d))
    return "nan";
  if (std::isinf(d))
    return d > 0 ? "inf" : "-inf";
  char buf[64];
  for (int prec = 1; prec <= 17; ++prec) {
    std::snprintf(buf, sizeof(buf), "%.*g", prec, d);
    if (std::strtod(buf, nullptr) == d)
      break;
  }
  std::string s(buf);
  // Python switches to exponent notation at 1e16 and below 1e-4, as %g
  // does for the precisions used here; only the ".0" suffix differs.
  if (s.find_first_of(".en") == std::string::npos)
    s += ".0";
  return s;
}

void Value::print(llvm::raw_ostream &os) const {
  switch (getKind()) {
  case Kind::Bool:
    os << (getBool() ? "True" : "False");
    return;
  case Kind::Int:
    os << getInt();
    return;
  case Kind::Float:
    os << pythonFloatRepr(getFloat());
    return;
  case Kind::Str:
    os << getString();
    return;
  }
}

std::string Value::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return os.str();
}

//===----------------------------------------------------------------------===//
// BasisDirection
//===----------------------------------------------------------------------===//

int BasisDirection::compare(const BasisDirection &a, const BasisDirection &b) {
  if (int c = a.name.compare(b.name))
    return c < 0 ? -1 : 1;
  if (!a.value || !b.value)
    return threeWay(a.value.has_value(), b.value.has_value());
  return Value::compare(*a.value, *b.value);
}

void BasisDirection::print(llvm::raw_ostream &os) const {
  os << name;
  if (value) {
    os << ':';
    value->print(os);
  }
}

std::string BasisDirection::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return os.str();
}

//===----------------------------------------------------------------------===//
// VectorSpace
//===----------------------------------------------------------------------===//

VectorSpace::VectorSpace(std::vector<BasisDirection> ds) : dirs(std::move(ds)) {
  std::sort(dirs.begin(), dirs.end());
  dirs.erase(std::unique(dirs.begin(), dirs.end()), dirs.end());
}

VectorSpace VectorSpace::categorical(llvm::StringRef name,
                                     llvm::ArrayRef<Value> values) {
  std::vector<BasisDirection> ds;
  ds.reserve(values.size());
  for (const Value &v : values)
    ds.emplace_back(name.str(), v);
  return VectorSpace(std::move(ds));
}

VectorSpace VectorSpace::join(const VectorSpace &a, const VectorSpace &b) {
  VectorSpace r;
  r.dirs.reserve(a.size() + b.size());
  std::set_union(a.dirs.begin(), a.dirs.end(), b.dirs.begin(), b.dirs.end(),
                 std::back_inserter(r.dirs));
  return r;
}

VectorSpace VectorSpace::join(llvm::ArrayRef<VectorSpace> spaces) {
  if (spaces.size() == 1)
    return spaces[0];
  if (spaces.size() == 2)
    return join(spaces[0], spaces[1]);
  // All directions, then one sort (each space is sorted and unique).
  VectorSpace r;
  size_t n = 0;
  for (const VectorSpace &s : spaces)
    n += s.size();
  r.dirs.reserve(n);
  for (const VectorSpace &s : spaces)
    r.dirs.insert(r.dirs.end(), s.dirs.begin(), s.dirs.end());
  std::sort(r.dirs.begin(), r.dirs.end());
  r.dirs.erase(std::unique(r.dirs.begin(), r.dirs.end()), r.dirs.end());
  return r;
}

VectorSpace VectorSpace::difference(const VectorSpace &a,
                                    const VectorSpace &b) {
  VectorSpace r;
  std::set_difference(a.dirs.begin(), a.dirs.end(), b.dirs.begin(),
                      b.dirs.end(), std::back_inserter(r.dirs));
  return r;
}

std::optional<size_t> VectorSpace::find(const BasisDirection &dir) const {
  auto it = std::lower_bound(dirs.begin(), dirs.end(), dir);
  if (it == dirs.end() || *it != dir)
    return std::nullopt;
  return static_cast<size_t>(it - dirs.begin());
}

size_t VectorSpace::indexOf(const BasisDirection &dir) const {
  std::optional<size_t> i = find(dir);
  assert(i && "direction not in the vector space");
  return *i;
}

bool VectorSpace::isSubspaceOf(const VectorSpace &other) const {
  return std::includes(other.dirs.begin(), other.dirs.end(), dirs.begin(),
                       dirs.end());
}

bool VectorSpace::isDisjointFrom(const VectorSpace &other) const {
  auto a = dirs.begin(), b = other.dirs.begin();
  while (a != dirs.end() && b != other.dirs.end()) {
    int c = BasisDirection::compare(*a, *b);
    if (c == 0)
      return false;
    if (c < 0)
      ++a;
    else
      ++b;
  }
  return true;
}

void VectorSpace::print(llvm::raw_ostream &os) const {
  os << '{';
  for (size_t i = 0; i < dirs.size(); ++i) {
    if (i)
      os << ", ";
    dirs[i].print(os);
  }
  os << '}';
}

std::string VectorSpace::str() const {
  std::string s;
  llvm::raw_string_ostream os(s);
  print(os);
  return os.str();
}

Eigen::MatrixXd rasp::craft::projectionMatrix(const VectorSpace &from,
                                              const VectorSpace &to) {
  Eigen::MatrixXd p = Eigen::MatrixXd::Zero(from.size(), to.size());
  // Both are sorted: walk them together.
  size_t i = 0, j = 0;
  while (i < from.size() && j < to.size()) {
    int c = BasisDirection::compare(from[i], to[j]);
    if (c == 0)
      p(i++, j++) = 1.0;
    else if (c < 0)
      ++i;
    else
      ++j;
  }
  return p;
}

//===----------------------------------------------------------------------===//
// VectorInSpace
//===----------------------------------------------------------------------===//

VectorInSpace::VectorInSpace(VectorSpace s)
    : space(std::move(s)), v(Eigen::RowVectorXd::Zero(space.size())) {}

VectorInSpace::VectorInSpace(VectorSpace s, Eigen::RowVectorXd vec)
    : space(std::move(s)), v(std::move(vec)) {
  assert(static_cast<size_t>(v.size()) == space.size() &&
         "vector size does not match its space");
}

VectorInSpace VectorInSpace::unit(const VectorSpace &space,
                                  const BasisDirection &dir) {
  VectorInSpace r(space);
  r.v(space.indexOf(dir)) = 1.0;
  return r;
}

double VectorInSpace::at(const BasisDirection &dir) const {
  std::optional<size_t> i = space.find(dir);
  return i ? v(*i) : 0.0;
}

VectorInSpace VectorInSpace::project(const VectorSpace &to) const {
  return VectorInSpace(to, v * projectionMatrix(space, to));
}

VectorInSpace rasp::craft::operator+(const VectorInSpace &a,
                                     const VectorInSpace &b) {
  VectorSpace s = VectorSpace::join(a.space, b.space);
  return VectorInSpace(s, a.project(s).v + b.project(s).v);
}

//===----------------------------------------------------------------------===//
// MatrixInSpaces
//===----------------------------------------------------------------------===//

MatrixInSpaces::MatrixInSpaces(VectorSpace i, VectorSpace o)
    : in(std::move(i)), out(std::move(o)),
      m(Eigen::MatrixXd::Zero(in.size(), out.size())) {}

MatrixInSpaces::MatrixInSpaces(VectorSpace i, VectorSpace o,
                               Eigen::MatrixXd mat)
    : in(std::move(i)), out(std::move(o)), m(std::move(mat)) {
  assert(static_cast<size_t>(m.rows()) == in.size() &&
         static_cast<size_t>(m.cols()) == out.size() &&
         "matrix shape does not match its spaces");
}

double &MatrixInSpaces::at(const BasisDirection &row,
                           const BasisDirection &col) {
  return m(in.indexOf(row), out.indexOf(col));
}

double MatrixInSpaces::at(const BasisDirection &row,
                          const BasisDirection &col) const {
  return m(in.indexOf(row), out.indexOf(col));
}

VectorInSpace MatrixInSpaces::apply(const VectorInSpace &x) const {
  return VectorInSpace(out, x.project(in).v * m);
}

/// For each direction of the sorted \p from, its index in the sorted \p to
/// (-1 if absent), by one walk over both.
static std::vector<long> indexMap(const VectorSpace &from,
                                  const VectorSpace &to) {
  std::vector<long> map(from.size(), -1);
  size_t i = 0, j = 0;
  while (i < from.size() && j < to.size()) {
    int c = BasisDirection::compare(from[i], to[j]);
    if (c == 0)
      map[i++] = long(j++);
    else if (c < 0)
      ++i;
    else
      ++j;
  }
  return map;
}

/// Adds \p x's entries into \p r (spaces \p in x \p out) where both
/// directions exist; a scatter, not projection-matrix products.
static void scatterAdd(const MatrixInSpaces &x, const VectorSpace &in,
                       const VectorSpace &out, Eigen::MatrixXd &r) {
  std::vector<long> rows = indexMap(x.in, in), cols = indexMap(x.out, out);
  for (size_t j = 0; j < cols.size(); ++j) {
    if (cols[j] < 0)
      continue;
    for (size_t i = 0; i < rows.size(); ++i)
      if (rows[i] >= 0)
        r(rows[i], cols[j]) += x.m(Eigen::Index(i), Eigen::Index(j));
  }
}

MatrixInSpaces MatrixInSpaces::reindexed(const VectorSpace &newIn,
                                         const VectorSpace &newOut) const {
  if (newIn == in && newOut == out)
    return *this;
  MatrixInSpaces r(newIn, newOut);
  scatterAdd(*this, newIn, newOut, r.m);
  return r;
}

MatrixInSpaces MatrixInSpaces::sum(llvm::ArrayRef<MatrixInSpaces> maps) {
  std::vector<const MatrixInSpaces *> ptrs;
  for (const MatrixInSpaces &x : maps)
    ptrs.push_back(&x);
  return sum(ptrs);
}

MatrixInSpaces
MatrixInSpaces::sum(llvm::ArrayRef<const MatrixInSpaces *> maps) {
  // The unions: all directions, one sort (each space is sorted, unique).
  std::vector<BasisDirection> ins, outs;
  for (const MatrixInSpaces *x : maps) {
    ins.insert(ins.end(), x->in.begin(), x->in.end());
    outs.insert(outs.end(), x->out.begin(), x->out.end());
  }
  MatrixInSpaces r(VectorSpace(std::move(ins)), VectorSpace(std::move(outs)));
  for (const MatrixInSpaces *x : maps)
    scatterAdd(*x, r.in, r.out, r.m);
  return r;
}

void MatrixInSpaces::print(llvm::raw_ostream &os) const {
  for (size_t i = 0; i < in.size(); ++i)
    for (size_t j = 0; j < out.size(); ++j) {
      double x = m(i, j);
      if (x == 0)
        continue;
      os << "  ";
      in[i].print(os);
      os << " -> ";
      out[j].print(os);
      os << ": " << Value(x).str() << '\n';
    }
}
