//===- InterpreterTest.cpp - Unit tests for the IR interpreter ------------===//

#include "rasp/Interp/Interpreter.h"

#include "rasp/IR/IR.h"

#include "gtest/gtest.h"

using namespace rasp;
using namespace rasp::ir;
using namespace rasp::interp;

namespace {

std::vector<Atom> ints(std::initializer_list<int64_t> xs) {
  std::vector<Atom> out;
  for (int64_t x : xs)
    out.push_back(Atom::integer(x));
  return out;
}

std::vector<Atom> chars(const std::string &s) {
  std::vector<Atom> out;
  for (char c : s)
    out.push_back(Atom::string(std::string(1, c)));
  return out;
}

std::string show(const Sequence &s) {
  std::string out;
  for (const Atom &a : s.values)
    out += py::repr(a) + " ";
  return out + "(" + getSeqTypeName(s.type) + ")";
}

TEST(Interpreter, ReverseWithSelectorWidthLength) {
  Module m;
  Op *tokens = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  Op *all = m.create<SelectOp>(idx, idx, Comparison::True);
  Op *length = m.create<SelectorWidthOp>(all);
  Op *opp = m.create<MapOp>(
      llvm::ArrayRef<Op *>{length, idx},
      ElemExpr::binary(py::BinOp::Sub,
                       ElemExpr::binary(py::BinOp::Sub, ElemExpr::arg(0),
                                        ElemExpr::arg(1)),
                       ElemExpr::constant(Atom::integer(1))));
  Op *flip = m.create<SelectOp>(idx, opp, Comparison::EQ);
  Op *rev = m.create<AggregateOp>(flip, tokens, Atom::integer(0));
  auto in = Interpreter::fromAtoms(chars("abc"));
  EvalError err;
  const Sequence *s = in.evalSOp(rev, err);
  ASSERT_NE(s, nullptr) << err.message;
  EXPECT_EQ(show(*s), "'c' 'b' 'a' (string)");
}

TEST(Interpreter, AggregateMeanAndDefault) {
  Module m;
  Op *t = m.create<TokensOp>(TokensConv::Int);
  Op *idx = m.create<IndicesOp>();
  // Keys strictly before the query: none for position 0 (default), one for
  // position 1 (passed through unchanged), two or more averaged.
  Op *prev = m.create<SelectOp>(idx, idx, Comparison::LT);
  Op *agg = m.create<AggregateOp>(prev, t, Atom::integer(0));
  auto in = Interpreter::fromAtoms(ints({4, 6, 9, 10}));
  EvalError err;
  const Sequence *s = in.evalSOp(agg, err);
  ASSERT_NE(s, nullptr) << err.message;
  EXPECT_EQ(show(*s), "0 4 5.0 6.333333333333333 (float)");
}

TEST(Interpreter, AggregateOfStringsFailsOnMean) {
  Module m;
  Op *t = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  Op *all = m.create<SelectOp>(idx, idx, Comparison::True);
  Op *agg = m.create<AggregateOp>(all, t, Atom::integer(0));
  auto in = Interpreter::fromAtoms(chars("ab"));
  EvalError err;
  EXPECT_EQ(in.evalSOp(agg, err), nullptr);
  EXPECT_EQ(err.kind, EvalError::Kind::Python);
  EXPECT_EQ(err.message, "asked to average multiple values, but they are "
                         "non-numbers: ['a', 'b']");
}

TEST(Interpreter, MixedTypesAreRejectedAsTuple) {
  Module m;
  Op *t = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  Op *next = m.create<MapOp>(
      llvm::ArrayRef<Op *>{idx},
      ElemExpr::binary(py::BinOp::Add, ElemExpr::arg(0),
                       ElemExpr::constant(Atom::integer(1))));
  Op *sel = m.create<SelectOp>(idx, next, Comparison::EQ);
  Op *agg = m.create<AggregateOp>(sel, t, Atom::integer(0));
  auto in = Interpreter::fromAtoms(chars("ab"));
  EvalError err;
  EXPECT_EQ(in.evalSOp(agg, err), nullptr);
  EXPECT_EQ(err.kind, EvalError::Kind::RaspType);
  EXPECT_EQ(err.message, "attempted to create sequence with vals of different "
                         "types:\n\t\t ('b', 0)");
}

TEST(Interpreter, SelectComparesQueryAgainstKeyMirrored) {
  // select(keys, queries, <) selects keys smaller than the query; the
  // reference evaluates it as `query > key`, which shows in type errors.
  Module m;
  Op *t = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  Op *sel = m.create<SelectOp>(t, idx, Comparison::LT);
  auto in = Interpreter::fromAtoms(chars("ab"));
  EvalError err;
  EXPECT_EQ(in.evalSelector(sel, err), nullptr);
  EXPECT_EQ(err.message,
            "'>' not supported between instances of 'int' and 'str'");

  Op *lt = m.create<SelectOp>(idx, idx, Comparison::LT);
  const SelectorMatrix *mat = in.evalSelector(lt, err);
  ASSERT_NE(mat, nullptr);
  EXPECT_FALSE(mat->at(0, 0));
  EXPECT_TRUE(mat->at(1, 0));
  EXPECT_FALSE(mat->at(0, 1));
}

TEST(Interpreter, BoolsAndIntsMixToInts) {
  Module m;
  Op *idx = m.create<IndicesOp>();
  Op *mix = m.create<MapOp>(
      llvm::ArrayRef<Op *>{idx},
      ElemExpr::ternary(
          ElemExpr::binary(py::BinOp::Eq, ElemExpr::arg(0),
                           ElemExpr::constant(Atom::integer(0))),
          ElemExpr::constant(Atom::boolean(true)), ElemExpr::arg(0)));
  auto in = Interpreter::fromAtoms(ints({7, 7, 7}));
  EvalError err;
  const Sequence *s = in.evalSOp(mix, err);
  ASSERT_NE(s, nullptr) << err.message;
  EXPECT_EQ(s->type, SeqType::Int);
}

TEST(Interpreter, SelectorWidthCountsEveryWidth) {
  Module m;
  Op *idx = m.create<IndicesOp>();
  Op *le = m.create<SelectOp>(idx, idx, Comparison::LEQ);
  Op *w = m.create<SelectorWidthOp>(le);
  std::vector<Atom> input;
  for (int i = 0; i < 300; ++i)
    input.push_back(Atom::integer(i));
  auto in = Interpreter::fromAtoms(input);
  EvalError err;
  const Sequence *s = in.evalSOp(w, err);
  ASSERT_NE(s, nullptr);
  for (int i = 0; i < 300; ++i)
    EXPECT_EQ(s->values[i].getInt(), i + 1);
}

TEST(Interpreter, DeepChainDoesNotRecurse) {
  Module m;
  Op *cur = m.create<IndicesOp>();
  for (int i = 0; i < 100000; ++i)
    cur = m.create<MapOp>(
        llvm::ArrayRef<Op *>{cur},
        ElemExpr::binary(py::BinOp::Add, ElemExpr::arg(0),
                         ElemExpr::constant(Atom::integer(1))));
  auto in = Interpreter::fromAtoms(ints({0, 1}));
  EvalError err;
  const Sequence *s = in.evalSOp(cur, err);
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->values[1].getInt(), 100001);
}

} // namespace
