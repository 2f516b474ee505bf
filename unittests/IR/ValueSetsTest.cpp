//===- ValueSetsTest.cpp - Unit tests for value-set inference -------------===//

#include "rasp/IR/ValueSets.h"

#include "gtest/gtest.h"

using namespace rasp;
using namespace rasp::ir;

namespace {

std::string show(const ValueSet &s) {
  std::string out;
  for (const Atom &a : s.getValues())
    out += py::repr(a) + " ";
  return out;
}

TEST(ValueSets, TokensIndicesAndMaps) {
  Module m;
  Op *t = m.create<TokensOp>(TokensConv::Int);
  Op *idx = m.create<IndicesOp>();
  Op *sum = m.create<MapOp>(
      llvm::ArrayRef<Op *>{t, idx},
      ElemExpr::binary(py::BinOp::Add, ElemExpr::arg(0), ElemExpr::arg(1)));
  ValueSetOptions opts;
  opts.vocab = {Atom::string("1"), Atom::string("2"), Atom::string("x")};
  opts.maxSeqLen = 3;
  llvm::DenseMap<const Op *, ValueSet> sets;
  ASSERT_FALSE(inferValueSets({sum}, opts, sets));
  EXPECT_EQ(show(sets[t]), "1 2 ");        // "x" fails int(): dropped
  EXPECT_EQ(show(sets[idx]), "0 1 2 ");
  EXPECT_EQ(show(sets[sum]), "1 2 3 4 ");
}

TEST(ValueSets, NumericalMeanHasEveryFraction) {
  // frac_prevs: the mean of 0/1 values over a prefix takes every k/n, not
  // just 1/n (Tracr's bug).
  Module m;
  Op *t = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  Op *isX = m.create<MapOp>(
      llvm::ArrayRef<Op *>{t},
      ElemExpr::unary(py::UnOp::Indicator,
                      ElemExpr::binary(py::BinOp::Eq, ElemExpr::arg(0),
                                       ElemExpr::constant(Atom::string("x")))));
  Op *prefix = m.create<SelectOp>(idx, idx, Comparison::LEQ);
  Op *frac = m.create<AggregateOp>(prefix, isX, Atom::integer(0));
  frac->setEncoding(Encoding::Numerical);
  ValueSetOptions opts;
  opts.vocab = {Atom::string("x"), Atom::string("y")};
  opts.maxSeqLen = 3;
  llvm::DenseMap<const Op *, ValueSet> sets;
  ASSERT_FALSE(inferValueSets({frac}, opts, sets));
  EXPECT_EQ(show(sets[frac]),
            "0 0.3333333333333333 0.5 0.6666666666666666 1 ");
  EXPECT_TRUE(sets[frac].contains(Atom::real(2.0 / 3.0)));
}

TEST(ValueSets, CategoricalAggregateKeepsValuesAndDefault) {
  Module m;
  Op *t = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  Op *sel = m.create<SelectOp>(idx, idx, Comparison::EQ);
  Op *agg = m.create<AggregateOp>(sel, t, Atom::string("-"));
  ValueSetOptions opts;
  opts.vocab = {Atom::string("b"), Atom::string("a")};
  opts.maxSeqLen = 4;
  llvm::DenseMap<const Op *, ValueSet> sets;
  ASSERT_FALSE(inferValueSets({agg}, opts, sets));
  EXPECT_EQ(show(sets[agg]), "'-' 'a' 'b' ");
}

TEST(ValueSets, TooLargeIsReported) {
  Module m;
  Op *idx = m.create<IndicesOp>();
  Op *all = m.create<SelectOp>(idx, idx, Comparison::True);
  Op *width = m.create<SelectorWidthOp>(all);
  Op *prod = m.create<MapOp>(
      llvm::ArrayRef<Op *>{idx, width},
      ElemExpr::binary(py::BinOp::Add,
                       ElemExpr::binary(py::BinOp::Mul, ElemExpr::arg(0),
                                        ElemExpr::constant(Atom::integer(1000))),
                       ElemExpr::arg(1)));
  ValueSetOptions opts;
  opts.maxSeqLen = 200;
  opts.maxSetSize = 1000;
  llvm::DenseMap<const Op *, ValueSet> sets;
  auto err = inferValueSets({prod}, opts, sets);
  ASSERT_TRUE(err.has_value());
  EXPECT_EQ(err->op, prod);
  EXPECT_EQ(err->message, "value set of sequence_map has more than 1000 values");
}

// Operands that are functions of one s-op are enumerated over its values,
// not over the product of their sets: `3 if x > 3 else x` reads x and the
// map `x > 3`, and never pairs x = 5 with `x > 3` false.
TEST(ValueSets, MapsOfOneBaseAreExact) {
  Module m;
  Op *idx = m.create<IndicesOp>();
  Op *gt = m.create<MapOp>(
      llvm::ArrayRef<Op *>{idx},
      ElemExpr::binary(py::BinOp::Gt, ElemExpr::arg(0),
                       ElemExpr::constant(Atom::integer(3))));
  Op *clamp = m.create<MapOp>(
      llvm::ArrayRef<Op *>{gt, idx},
      ElemExpr::ternary(ElemExpr::arg(0), ElemExpr::constant(Atom::integer(3)),
                        ElemExpr::arg(1)));
  Op *twice = m.create<MapOp>(
      llvm::ArrayRef<Op *>{clamp, idx},
      ElemExpr::binary(py::BinOp::Add,
                       ElemExpr::binary(py::BinOp::Mul, ElemExpr::arg(0),
                                        ElemExpr::constant(Atom::integer(10))),
                       ElemExpr::arg(1)));
  ValueSetOptions opts;
  opts.maxSeqLen = 6;
  llvm::DenseMap<const Op *, ValueSet> sets;
  ASSERT_FALSE(inferValueSets({twice}, opts, sets));
  EXPECT_EQ(show(sets[clamp]), "0 1 2 3 ");
  EXPECT_EQ(show(sets[twice]), "0 11 22 33 34 35 ");
}

} // namespace
