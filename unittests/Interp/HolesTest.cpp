//===- HolesTest.cpp - The interpreter rejects unfilled holes -------------===//

#include "rasp/Interp/Interpreter.h"

#include "rasp/IR/IR.h"

#include "gtest/gtest.h"

using namespace rasp;
using namespace rasp::ir;
using namespace rasp::interp;

TEST(InterpreterHoles, UnfilledChooseAndFunctionHoles) {
  Module m;
  m.setSketch();
  Op *tok = m.create<TokensOp>(TokensConv::Int);
  Op *idx = m.create<IndicesOp>();
  Op *c = m.create<ChooseOp>("attn_0_0.key", llvm::ArrayRef<Op *>{tok, idx});
  std::vector<ElemExprPtr> in;
  in.push_back(ElemExpr::arg(0));
  Op *table = m.create<MapOp>(
      llvm::ArrayRef<Op *>{idx},
      ElemExpr::hole("mlp_0_0.table", "3x3", std::move(in)));
  Interpreter interp =
      Interpreter::fromAtoms({Atom::integer(1), Atom::integer(2)});
  EvalError err;
  EXPECT_EQ(interp.evalSOp(c, err), nullptr);
  EXPECT_EQ(err.message, "cannot run unfilled hole 'attn_0_0.key' (%2, "
                         "?choose among 2 candidates): fill the sketch first");
  EXPECT_EQ(interp.evalSOp(table, err), nullptr);
  EXPECT_EQ(err.message, "cannot run unfilled hole 'mlp_0_0.table' (%3, a map "
                         "with a learnable function): fill the sketch first");
  // The ops without holes still run.
  ASSERT_NE(interp.evalSOp(idx, err), nullptr);
}
