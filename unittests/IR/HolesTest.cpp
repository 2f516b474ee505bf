//===- HolesTest.cpp - Holes of sketch modules: print, verify, fill -------===//

#include "rasp/IR/IR.h"
#include "rasp/IR/ValueSets.h"

#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace rasp;
using namespace rasp::ir;

namespace {

/// tokens, indices, a ?choose between them, a map of it through a table
/// hole and a select of the choice against that.
struct Small {
  Module m;
  Op *tok, *idx, *choice, *pred, *sel, *out;
  Small(bool sketch) {
    m.setSketch(sketch);
    tok = m.create<TokensOp>(TokensConv::Int);
    idx = m.create<IndicesOp>();
    choice = m.create<ChooseOp>("h.key", llvm::ArrayRef<Op *>{tok, idx});
    std::vector<ElemExprPtr> in;
    in.push_back(ElemExpr::arg(0));
    pred = m.create<MapOp>(llvm::ArrayRef<Op *>{choice},
                           ElemExpr::hole("h.pred", "4x4", std::move(in)));
    sel = m.create<SelectOp>(choice, pred, Comparison::EQ);
    out = m.create<SelectorWidthOp>(sel);
  }
};

std::string print(Op *root) {
  std::string s;
  llvm::raw_string_ostream os(s);
  printOps({root}, os);
  return os.str();
}

TEST(Holes, Print) {
  Small s(true);
  EXPECT_EQ(print(s.out), "%0 = tokens int : sop\n"
                          "%1 = indices : sop\n"
                          "%2 = ?choose[h.key] %0, %1 : sop\n"
                          "%3 = map %2 {?h.pred[4x4](x0)} : sop\n"
                          "%4 = select %2, %3, == : selector\n"
                          "%5 = selector_width %4 : sop\n");
}

TEST(Holes, VerifyOnlyInSketch) {
  Small sketch(true), plain(false);
  EXPECT_EQ(verify(sketch.m, {sketch.out}), "");
  EXPECT_EQ(verify(plain.m, {plain.out}),
            "unfilled hole 'h.key' (%2, ?choose among 2 candidates): holes "
            "are allowed only in a sketch module");
  // Without a module: never a sketch.
  EXPECT_EQ(verify({sketch.out}),
            "unfilled hole 'h.key' (%2, ?choose among 2 candidates): holes "
            "are allowed only in a sketch module");
  EXPECT_EQ(describeFirstHole({sketch.pred}),
            "unfilled hole 'h.key' (%2, ?choose among 2 candidates)");
  EXPECT_EQ(describeHole(sketch.pred),
            "unfilled hole 'h.pred' (%3, a map with a learnable function)");
  EXPECT_EQ(describeFirstHole({sketch.idx}), "");
  // A ?choose needs s-op candidates.
  Module m;
  m.setSketch();
  Op *idx = m.create<IndicesOp>();
  Op *sel = m.create<SelectOp>(idx, idx, Comparison::LT);
  Op *bad = m.create<ChooseOp>("c", llvm::ArrayRef<Op *>{sel});
  EXPECT_EQ(verify(m, {bad}), "%2 (?choose): expected s-op candidates");
}

TEST(Holes, EvaluatingAHoleFails) {
  std::vector<ElemExprPtr> in;
  in.push_back(ElemExpr::arg(0));
  ElemExprPtr fn = ElemExpr::binary(
      py::BinOp::Add, ElemExpr::hole("t", "2", std::move(in)),
      ElemExpr::constant(Atom::integer(1)));
  Atom x = Atom::integer(1), out;
  const Atom *args[] = {&x};
  ElemError err;
  EXPECT_FALSE(evaluateElem(*fn, args, out, err));
  EXPECT_EQ(err.message, "unfilled hole 't': fill the sketch first");
}

TEST(Holes, ValueSetsRejectHoles) {
  Small s(true);
  ValueSetOptions opts;
  opts.vocab = {Atom::string("1")};
  opts.maxSeqLen = 3;
  llvm::DenseMap<const Op *, ValueSet> sets;
  auto err = inferValueSets({s.out}, opts, sets);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->op, s.choice);
  EXPECT_EQ(err->message,
            "unfilled hole 'h.key' (%2, ?choose among 2 candidates)");
  // A function hole alone (its operand has a set).
  err = inferValueSets({s.pred}, opts, sets);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->op, s.choice); // still the first hole in order
  Module m;
  m.setSketch();
  Op *idx = m.create<IndicesOp>();
  std::vector<ElemExprPtr> in;
  in.push_back(ElemExpr::arg(0));
  Op *t = m.create<MapOp>(llvm::ArrayRef<Op *>{idx},
                          ElemExpr::hole("t", "3", std::move(in)));
  err = inferValueSets({t}, opts, sets);
  ASSERT_TRUE(err);
  EXPECT_EQ(err->message,
            "unfilled hole 't' (%1, a map with a learnable function)");
}

TEST(Holes, Fill) {
  Small s(true);
  HoleFiller f;
  f.choose = [](const ChooseOp &c) { return c.getName() == "h.key" ? 1u : 9u; };
  f.function = [](const ElemExpr &h) -> ElemExprPtr {
    if (h.getHoleName() != "h.pred")
      return nullptr;
    return ElemExpr::binary(py::BinOp::Sub, ElemExpr::arg(0),
                            ElemExpr::constant(Atom::integer(1)));
  };
  Module out;
  std::string error;
  std::vector<Op *> roots = fillHoles({s.out}, f, out, error);
  ASSERT_EQ(roots.size(), 1u) << error;
  EXPECT_EQ(verify({roots[0]}), "");
  EXPECT_FALSE(out.isSketch());
  // The choice is gone (its users read indices), the hole is x0 - 1; the
  // unused tokens are not copied.
  EXPECT_EQ(print(roots[0]), "%0 = indices : sop\n"
                             "%1 = map %0 {(x0 - 1)} : sop\n"
                             "%2 = select %0, %1, == : selector\n"
                             "%3 = selector_width %2 : sop\n");

  // A choice out of range, a hole without a filling.
  f.choose = [](const ChooseOp &) { return 2u; };
  Module out2;
  EXPECT_TRUE(fillHoles({s.out}, f, out2, error).empty());
  EXPECT_EQ(error, "hole 'h.key': choice 2 is not one of its 2 candidates");
  f.choose = [](const ChooseOp &) { return 0u; };
  f.function = [](const ElemExpr &) { return ElemExprPtr(); };
  Module out3;
  EXPECT_TRUE(fillHoles({s.out}, f, out3, error).empty());
  EXPECT_EQ(error, "no filling for hole 'h.pred'");
}

TEST(Holes, FillMergesIdenticalSelectors) {
  // Two choices of the same candidate make one select.
  Module m;
  m.setSketch();
  Op *idx = m.create<IndicesOp>();
  Op *tok = m.create<TokensOp>(TokensConv::Int);
  Op *a = m.create<ChooseOp>("a", llvm::ArrayRef<Op *>{idx, tok});
  Op *b = m.create<ChooseOp>("b", llvm::ArrayRef<Op *>{tok, idx});
  Op *wa = m.create<SelectorWidthOp>(m.create<SelectOp>(a, a, Comparison::LT));
  Op *wb = m.create<SelectorWidthOp>(m.create<SelectOp>(b, b, Comparison::LT));
  Op *sum = m.create<MapOp>(
      llvm::ArrayRef<Op *>{wa, wb},
      ElemExpr::binary(py::BinOp::Add, ElemExpr::arg(0), ElemExpr::arg(1)));
  HoleFiller f;
  f.choose = [](const ChooseOp &c) { return c.getName() == "a" ? 0u : 1u; };
  Module out;
  std::string error;
  std::vector<Op *> roots = fillHoles({sum}, f, out, error);
  ASSERT_EQ(roots.size(), 1u) << error;
  EXPECT_EQ(print(roots[0]), "%0 = indices : sop\n"
                             "%1 = select %0, %0, < : selector\n"
                             "%2 = selector_width %1 : sop\n"
                             "%3 = sequence_map %2, %2 {(x0 + x1)} : sop\n");
}

} // namespace
