//===- ASTDumperTest.cpp - Tests for rasp::dumpAST ------------------------===//

#include "rasp/AST/ASTDumper.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <algorithm>

using namespace rasp;
using namespace rasp::ast;

namespace {

std::string dump(const StmtList &stmts, const llvm::SourceMgr *sm = nullptr) {
  std::string s;
  llvm::raw_string_ostream os(s);
  dumpAST(stmts, os, sm);
  return os.str();
}

ExprPtr name(llvm::StringRef n, llvm::SMLoc loc = {}) {
  return std::make_unique<NameExpr>(loc, n.str());
}

TEST(ASTDumperTest, NestedExpressionsAreIndented) {
  StmtList stmts;
  ExprList values;
  values.push_back(std::make_unique<BinaryExpr>(
      llvm::SMLoc(), BinaryOp::Sub,
      std::make_unique<UnaryExpr>(llvm::SMLoc(), UnaryOp::Neg, name("a")),
      std::make_unique<FloatLitExpr>(llvm::SMLoc(), 0.1)));
  values.push_back(std::make_unique<StringLitExpr>(llvm::SMLoc(), "hi"));
  stmts.push_back(std::make_unique<AssignStmt>(
      llvm::SMLoc(), std::vector<std::string>{"x", "y"},
      std::vector<llvm::SMLoc>{}, std::move(values)));
  EXPECT_EQ(dump(stmts), "Assign x, y\n"
                         "  Binary -\n"
                         "    Unary -\n"
                         "      Name a\n"
                         "    FloatLit 0.1\n"
                         "  StringLit \"hi\"\n");
}

TEST(ASTDumperTest, OptionalPartsAndGroups) {
  StmtList stmts;
  stmts.push_back(std::make_unique<ExprStmt>(
      llvm::SMLoc(),
      std::make_unique<AggregateExpr>(
          llvm::SMLoc(),
          std::make_unique<SelectExpr>(llvm::SMLoc(), name("k"), name("q"),
                                       SelectCmp::Ne),
          name("v"), nullptr)));
  StmtList body;
  body.push_back(std::make_unique<ShowExampleStmt>(llvm::SMLoc(),
                                                   ExampleSubset::SOp));
  ExprList returns;
  returns.push_back(std::make_unique<IntLitExpr>(llvm::SMLoc(), "007"));
  stmts.push_back(std::make_unique<FuncDefStmt>(
      llvm::SMLoc(), "f", std::vector<std::string>{"a"}, std::move(body),
      std::move(returns)));
  EXPECT_EQ(dump(stmts), "ExprStmt\n"
                         "  Aggregate\n"
                         "    Select !=\n"
                         "      Name k\n"
                         "      Name q\n"
                         "    Name v\n"
                         "FuncDef f(a)\n"
                         "  body:\n"
                         "    ShowExample s-op\n"
                         "  return:\n"
                         "    IntLit 007\n");
}

TEST(ASTDumperTest, LocationsWithSourceMgr) {
  llvm::SourceMgr sm;
  sm.AddNewSourceBuffer(llvm::MemoryBuffer::getMemBuffer("\n  x;", "t.rasp"),
                        llvm::SMLoc());
  const char *x = sm.getMemoryBuffer(1)->getBufferStart() + 3;
  StmtList stmts;
  stmts.push_back(std::make_unique<ExprStmt>(
      llvm::SMLoc::getFromPointer(x), name("x", llvm::SMLoc::getFromPointer(x))));
  EXPECT_EQ(dump(stmts, &sm), "ExprStmt @2:3\n"
                              "  Name x @2:3\n");
}

TEST(ASTDumperTest, DeepTreeIsDumpedInOrder) {
  const int depth = 2000;
  ExprPtr e = name("a");
  for (int i = 0; i < depth; ++i)
    e = std::make_unique<ParenExpr>(llvm::SMLoc(), std::move(e));
  StmtList stmts;
  stmts.push_back(std::make_unique<ExprStmt>(llvm::SMLoc(), std::move(e)));
  std::string out = dump(stmts);
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), depth + 2);
  std::string last = std::string(2 * (depth + 1), ' ') + "Name a\n";
  EXPECT_TRUE(llvm::StringRef(out).endswith(last));
}

} // namespace
