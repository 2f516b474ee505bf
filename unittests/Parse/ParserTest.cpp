//===- ParserTest.cpp - Tests for rasp::parseBuffer -----------------------===//
//
/// \file
/// Precedence, result classification (Complete / Incomplete / SyntaxError)
/// with ANTLR's exact messages, locations, literals, statement forms and
/// deep nesting. Trees are compared as compact S-expressions.
//
//===----------------------------------------------------------------------===//

#include "rasp/Parse/Parser.h"

#include "rasp/AST/AST.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

#include <string>

using namespace rasp;
using namespace rasp::ast;
using Status = ParseResult::Status;

namespace {

/// Writes \p e as an S-expression: `(op lhs rhs)`, `[a, b]`, names and
/// literals as written. Recursive: only for the small trees of these tests.
void sexpr(const Expr &e, llvm::raw_ostream &os) {
  auto list = [&](const ExprList &items) {
    for (const ExprPtr &item : items) {
      os << ' ';
      sexpr(*item, os);
    }
  };
  switch (e.getKind()) {
  case Expr::Kind::Paren:
    os << "(paren ";
    sexpr(llvm::cast<ParenExpr>(e).getInner(), os);
    os << ')';
    return;
  case Expr::Kind::Index: {
    auto &x = llvm::cast<IndexExpr>(e);
    os << "(index ";
    sexpr(x.getBase(), os);
    os << ' ';
    sexpr(x.getIndex(), os);
    os << ')';
    return;
  }
  case Expr::Kind::Call: {
    auto &x = llvm::cast<CallExpr>(e);
    os << "(call ";
    sexpr(x.getCallee(), os);
    list(x.getArgs());
    os << ')';
    return;
  }
  case Expr::Kind::Unary: {
    static const char *names[] = {"not", "-", "+", "round", "indicator"};
    auto &x = llvm::cast<UnaryExpr>(e);
    os << '(' << names[static_cast<int>(x.getOp())] << ' ';
    sexpr(x.getOperand(), os);
    os << ')';
    return;
  }
  case Expr::Kind::Binary: {
    static const char *names[] = {"^",  "*",  "/", "%", "+",   "-", "==",
                                  "<=", ">=", ">", "<", "and", "or"};
    auto &x = llvm::cast<BinaryExpr>(e);
    os << '(' << names[static_cast<int>(x.getOp())] << ' ';
    sexpr(x.getLHS(), os);
    os << ' ';
    sexpr(x.getRHS(), os);
    os << ')';
    return;
  }
  case Expr::Kind::Select: {
    static const char *names[] = {"==", "<", ">", ">=", "<=", "!="};
    auto &x = llvm::cast<SelectExpr>(e);
    os << "(select ";
    sexpr(x.getKeys(), os);
    os << ' ';
    sexpr(x.getQueries(), os);
    os << ' ' << names[static_cast<int>(x.getCmp())] << ')';
    return;
  }
  case Expr::Kind::Ternary: {
    auto &x = llvm::cast<TernaryExpr>(e);
    os << "(if ";
    sexpr(x.getThen(), os);
    os << ' ';
    sexpr(x.getCond(), os);
    os << ' ';
    sexpr(x.getElse(), os);
    os << ')';
    return;
  }
  case Expr::Kind::Name:
    os << llvm::cast<NameExpr>(e).getName();
    return;
  case Expr::Kind::IntLit:
    os << llvm::cast<IntLitExpr>(e).getDigits();
    return;
  case Expr::Kind::FloatLit:
    os << "float:" << llvm::cast<FloatLitExpr>(e).getValue();
    return;
  case Expr::Kind::StringLit:
    os << '"' << llvm::cast<StringLitExpr>(e).getValue() << '"';
    return;
  case Expr::Kind::List: {
    os << '[';
    bool first = true;
    for (const ExprPtr &item : llvm::cast<ListExpr>(e).getItems()) {
      if (!first)
        os << ", ";
      first = false;
      sexpr(*item, os);
    }
    os << ']';
    return;
  }
  case Expr::Kind::Dict:
    os << "(dict";
    for (const DictExpr::Entry &entry : llvm::cast<DictExpr>(e).getEntries()) {
      os << ' ';
      sexpr(*entry.key, os);
      os << ':';
      sexpr(*entry.value, os);
    }
    os << ')';
    return;
  case Expr::Kind::Aggregate: {
    auto &x = llvm::cast<AggregateExpr>(e);
    os << "(aggregate ";
    sexpr(x.getSelector(), os);
    os << ' ';
    sexpr(x.getSOp(), os);
    if (x.getDefault()) {
      os << ' ';
      sexpr(*x.getDefault(), os);
    }
    os << ')';
    return;
  }
  case Expr::Kind::Range:
    os << "(range";
    list(llvm::cast<RangeExpr>(e).getArgs());
    os << ')';
    return;
  case Expr::Kind::ListComp: {
    auto &x = llvm::cast<ListCompExpr>(e);
    os << "(listcomp ";
    sexpr(x.getValue(), os);
    os << " for " << llvm::join(x.getNames(), ",") << " in ";
    sexpr(x.getIterable(), os);
    os << ')';
    return;
  }
  case Expr::Kind::DictComp: {
    auto &x = llvm::cast<DictCompExpr>(e);
    os << "(dictcomp ";
    sexpr(x.getKey(), os);
    os << ':';
    sexpr(x.getValue(), os);
    os << " for " << llvm::join(x.getNames(), ",") << " in ";
    sexpr(x.getIterable(), os);
    os << ')';
    return;
  }
  case Expr::Kind::In: {
    auto &x = llvm::cast<InExpr>(e);
    os << "(in ";
    sexpr(x.getElement(), os);
    os << ' ';
    sexpr(x.getContainer(), os);
    os << ')';
    return;
  }
  case Expr::Kind::Zip:
    os << "(zip";
    list(llvm::cast<ZipExpr>(e).getArgs());
    os << ')';
    return;
  case Expr::Kind::Len:
    os << "(len ";
    sexpr(llvm::cast<LenExpr>(e).getOperand(), os);
    os << ')';
    return;
  }
}

std::string sexpr(const Expr &e) {
  std::string s;
  llvm::raw_string_ostream os(s);
  sexpr(e, os);
  return os.str();
}

class ParserTest : public ::testing::Test {
protected:
  llvm::SourceMgr sm;
  unsigned bufferID = 0;

  ParseResult parse(llvm::StringRef text) {
    bufferID = sm.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBufferCopy(text, "test.rasp"),
        llvm::SMLoc());
    return parseBuffer(sm, bufferID);
  }

  /// Parses `text`, which must be one expression statement, and returns
  /// its S-expression (or a description of the failure).
  std::string parseExpr(llvm::StringRef text) {
    ParseResult r = parse(text);
    if (r.status != Status::Complete)
      return "parse failed: " + r.message;
    if (r.statements.size() != 1)
      return "expected one statement, got " +
             std::to_string(r.statements.size());
    auto *stmt = llvm::dyn_cast<ExprStmt>(r.statements.front().get());
    if (!stmt)
      return "not an expression statement";
    return sexpr(stmt->getExpr());
  }

  std::pair<unsigned, unsigned> lineCol(llvm::SMLoc loc) {
    return sm.getLineAndColumn(loc, bufferID);
  }
};

//===----------------------------------------------------------------------===//
// Precedence and associativity (rasp-language.md §4.2)
//===----------------------------------------------------------------------===//

TEST_F(ParserTest, UnaryMinusBindsTighterThanPower) {
  EXPECT_EQ(parseExpr("-2 ^ 2;"), "(^ (- 2) 2)");
}

TEST_F(ParserTest, PowerIsLeftAssociative) {
  EXPECT_EQ(parseExpr("2 ^ 3 ^ 2;"), "(^ (^ 2 3) 2)");
}

TEST_F(ParserTest, ModuloIsLooserThanMultiplication) {
  EXPECT_EQ(parseExpr("10 % 4 * 2;"), "(% 10 (* 4 2))");
  EXPECT_EQ(parseExpr("10 * 4 % 3;"), "(% (* 10 4) 3)");
}

TEST_F(ParserTest, TernaryIsLeftAssociative) {
  EXPECT_EQ(parseExpr("a if p else b if q else c;"), "(if (if a p b) q c)");
  EXPECT_EQ(parseExpr("1 + 1 if False else 5;"), "(if (+ 1 1) False 5)");
}

TEST_F(ParserTest, InIsLoosest) {
  EXPECT_EQ(parseExpr("1 + 1 in [2];"), "(in (+ 1 1) [2])");
  EXPECT_EQ(parseExpr("1 in [1] and False;"), "(in 1 (and [1] False))");
}

TEST_F(ParserTest, NotBindsTighterThanComparison) {
  EXPECT_EQ(parseExpr("not a == b;"), "(== (not a) b)");
}

TEST_F(ParserTest, AndOrShareOneLeftAssociativeLevel) {
  EXPECT_EQ(parseExpr("True or False and False;"),
            "(and (or True False) False)");
}

TEST_F(ParserTest, ComparisonsAreLeftAssociativeBinaryOperators) {
  EXPECT_EQ(parseExpr("3 > 2 > 1;"), "(> (> 3 2) 1)");
}

TEST_F(ParserTest, PostfixBindsTighterThanPrefix) {
  EXPECT_EQ(parseExpr("-a[1];"), "(- (index a 1))");
  EXPECT_EQ(parseExpr("f(x)(y);"), "(call (call f x) y)");
  EXPECT_EQ(parseExpr("a[1][2];"), "(index (index a 1) 2)");
}

TEST_F(ParserTest, ParenthesesAreKept) {
  EXPECT_EQ(parseExpr("(a + b) * c;"), "(* (paren (+ a b)) c)");
}

TEST_F(ParserTest, BuiltinForms) {
  EXPECT_EQ(parseExpr("aggregate(select(k, q, !=), v, 0);"),
            "(aggregate (select k q !=) v 0)");
  EXPECT_EQ(parseExpr("aggregate(s, v);"), "(aggregate s v)");
  EXPECT_EQ(parseExpr("round(x) + indicator(y);"),
            "(+ (round x) (indicator y))");
  EXPECT_EQ(parseExpr("range(1, 5, 2);"), "(range 1 5 2)");
  EXPECT_EQ(parseExpr("zip(a, b);"), "(zip a b)");
  EXPECT_EQ(parseExpr("len(a);"), "(len a)");
  EXPECT_EQ(parseExpr("{1: a, \"k\": [b]};"), "(dict 1:a \"k\":[b])");
  EXPECT_EQ(parseExpr("[x * 2 for x in l];"), "(listcomp (* x 2) for x in l)");
  EXPECT_EQ(parseExpr("{k: v for k, v in d};"),
            "(dictcomp k:v for k,v in d)");
  EXPECT_EQ(parseExpr("[];"), "[]");
}

//===----------------------------------------------------------------------===//
// Classification and ANTLR's messages
//===----------------------------------------------------------------------===//

TEST_F(ParserTest, TwoStatementsInOneChunkAreComplete) {
  ParseResult r = parse("a = 1; b = 2;");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_TRUE(llvm::isa<AssignStmt>(*r.statements[0]));
  EXPECT_TRUE(llvm::isa<AssignStmt>(*r.statements[1]));
  EXPECT_TRUE(r.message.empty());
}

TEST_F(ParserTest, TrailingOperatorIsIncomplete) {
  ParseResult r = parse("x = 1 +");
  EXPECT_EQ(r.status, Status::Incomplete) << r.message;
  EXPECT_TRUE(r.statements.empty());
}

TEST_F(ParserTest, UnclosedParenthesisAtEndIsIncomplete) {
  ParseResult r = parse("x = f(1,");
  EXPECT_EQ(r.status, Status::Incomplete) << r.message;
}

TEST_F(ParserTest, EmptyInputIsIncomplete) {
  EXPECT_EQ(parse("").status, Status::Incomplete);
}

TEST_F(ParserTest, MissingSemicolonBeforeNextStatementIsIncomplete) {
  ParseResult r = parse("y = 3\nz = 4;");
  EXPECT_EQ(r.status, Status::Incomplete);
  EXPECT_EQ(r.message, "missing ';' at 'z'");
  EXPECT_EQ(lineCol(r.errorLoc), std::make_pair(2u, 1u));
}

TEST_F(ParserTest, MissingIdIsSyntaxError) {
  ParseResult r = parse("for in;");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(r.message, "missing ID at 'in'");
  EXPECT_EQ(lineCol(r.errorLoc), std::make_pair(1u, 5u));
  EXPECT_TRUE(r.statements.empty());
}

TEST_F(ParserTest, BinaryNotEqualIsNoViableAlternative) {
  ParseResult r = parse("tokens != \"a\";");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(r.message, "no viable alternative at input 'tokens!='");
  EXPECT_EQ(lineCol(r.errorLoc), std::make_pair(1u, 8u));
}

TEST_F(ParserTest, FloatWithoutFractionIsLexerError) {
  ParseResult r = parse("x = 1.;");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(r.message, "token recognition error at: '.'");
  EXPECT_EQ(lineCol(r.errorLoc), std::make_pair(1u, 6u));
}

TEST_F(ParserTest, SingleQuotesAreLexerError) {
  ParseResult r = parse("x = 'a';");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(r.message, "token recognition error at: '''");
}

TEST_F(ParserTest, SemicolonAfterReplCommandIsExtraneous) {
  ParseResult r = parse("set example \"abc\";");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_TRUE(llvm::StringRef(r.message).startswith(
      "extraneous input ';' expecting {<EOF>, 'set', "))
      << r.message;
  EXPECT_EQ(lineCol(r.errorLoc), std::make_pair(1u, 18u));
}

TEST_F(ParserTest, DefWithoutReturnIsSyntaxError) {
  ParseResult r = parse("def f(a) { b = 1; }");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(r.message, "mismatched input '}' expecting 'return'");
}

TEST_F(ParserTest, StatementAfterReturnIsSyntaxError) {
  ParseResult r = parse("def f(a) { return a; b; }");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(r.message, "mismatched input 'b' expecting {'}', Comment}");
}

TEST_F(ParserTest, OnlyTheFirstErrorIsReported) {
  ParseResult r = parse("for in; x = 1.;");
  EXPECT_EQ(r.message, "missing ID at 'in'");
}

//===----------------------------------------------------------------------===//
// Locations (buffers are UTF-8; ANTLR counts code points)
//===----------------------------------------------------------------------===//

TEST_F(ParserTest, ErrorColumnCountsBytesAfterNonAscii) {
  // "é" is two bytes: '!=' is code point 16 but byte 17 (0-based).
  ParseResult r = parse("x = \"é\"; tokens != \"a\";");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(lineCol(r.errorLoc), std::make_pair(1u, 18u));
}

TEST_F(ParserTest, NodeLocationsPointAtTheirFirstToken) {
  ParseResult r = parse("# c\nx = \"§é\" + yy;");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  ASSERT_EQ(r.statements.size(), 2u);
  EXPECT_TRUE(llvm::isa<CommentStmt>(*r.statements[0]));
  auto &assign = llvm::cast<AssignStmt>(*r.statements[1]);
  EXPECT_EQ(lineCol(assign.getLoc()), std::make_pair(2u, 1u));
  ASSERT_EQ(assign.getNameLocs().size(), 1u);
  EXPECT_EQ(assign.getNameLocs()[0].getPointer(), assign.getLoc().getPointer());
  auto &bin = llvm::cast<BinaryExpr>(*assign.getValues()[0]);
  EXPECT_TRUE(llvm::StringRef(bin.getLoc().getPointer()).startswith("\"§é\""));
  EXPECT_TRUE(llvm::StringRef(bin.getOpLoc().getPointer()).startswith("+ yy"));
  EXPECT_TRUE(
      llvm::StringRef(bin.getRHS().getLoc().getPointer()).startswith("yy;"));
  EXPECT_EQ(llvm::cast<StringLitExpr>(bin.getLHS()).getValue(), "§é");
}

TEST_F(ParserTest, InvalidUtf8IsReportedWhereItIs) {
  ParseResult r = parse("x = 1;\ny = \"a\xff\";");
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_EQ(r.message, "invalid UTF-8 in input");
  EXPECT_EQ(lineCol(r.errorLoc), std::make_pair(2u, 7u));
}

//===----------------------------------------------------------------------===//
// Literals and statements
//===----------------------------------------------------------------------===//

TEST_F(ParserTest, Literals) {
  ParseResult r = parse("a = 007, 2.50, \"s #x\"; load \"lib/p\";");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  auto &assign = llvm::cast<AssignStmt>(*r.statements[0]);
  ASSERT_EQ(assign.getValues().size(), 3u);
  EXPECT_EQ(llvm::cast<IntLitExpr>(*assign.getValues()[0]).getDigits(), "007");
  EXPECT_EQ(llvm::cast<FloatLitExpr>(*assign.getValues()[1]).getValue(), 2.5);
  EXPECT_EQ(llvm::cast<StringLitExpr>(*assign.getValues()[2]).getValue(),
            "s #x");
  EXPECT_EQ(llvm::cast<LoadStmt>(*r.statements[1]).getPath(), "lib/p");
}

TEST_F(ParserTest, AssignmentTargetsAndValues) {
  ParseResult r = parse("q, r = divmod2(7);");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  auto &assign = llvm::cast<AssignStmt>(*r.statements[0]);
  EXPECT_EQ(assign.getNames().vec(), (std::vector<std::string>{"q", "r"}));
  EXPECT_EQ(assign.getNameLocs().size(), 2u);
  EXPECT_EQ(assign.getValues().size(), 1u);
}

TEST_F(ParserTest, DrawWithAndWithoutInput) {
  ParseResult r = parse("draw(a); draw(a, \"abc\");");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  EXPECT_EQ(llvm::cast<DrawStmt>(*r.statements[0]).getInput(), nullptr);
  EXPECT_NE(llvm::cast<DrawStmt>(*r.statements[1]).getInput(), nullptr);
}

TEST_F(ParserTest, FunctionDefinitionDropsComments) {
  ParseResult r = parse("def f(a, b) { # c\n x = 1; # d\n def g() { return "
                        "2; }\n # e\n return x, b; # f\n}");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  ASSERT_EQ(r.statements.size(), 1u);
  auto &def = llvm::cast<FuncDefStmt>(*r.statements[0]);
  EXPECT_EQ(def.getName(), "f");
  EXPECT_EQ(def.getParams().vec(), (std::vector<std::string>{"a", "b"}));
  ASSERT_EQ(def.getBody().size(), 2u);
  EXPECT_TRUE(llvm::isa<AssignStmt>(*def.getBody()[0]));
  EXPECT_TRUE(llvm::isa<FuncDefStmt>(*def.getBody()[1]));
  ASSERT_EQ(def.getReturns().size(), 2u);
  EXPECT_EQ(sexpr(*def.getReturns()[1]), "b");
}

TEST_F(ParserTest, FunctionWithoutParametersOrBody) {
  ParseResult r = parse("def one() { return 1; }");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  auto &def = llvm::cast<FuncDefStmt>(*r.statements[0]);
  EXPECT_TRUE(def.getParams().empty());
  EXPECT_TRUE(def.getBody().empty());
}

TEST_F(ParserTest, ForLoop) {
  ParseResult r = parse("for i, j in zip(a, b) { # c\n k = i; m = j; }");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  auto &loop = llvm::cast<ForStmt>(*r.statements[0]);
  EXPECT_EQ(loop.getNames().vec(), (std::vector<std::string>{"i", "j"}));
  EXPECT_EQ(sexpr(loop.getIterable()), "(zip a b)");
  EXPECT_EQ(loop.getBody().size(), 2u);
}

TEST_F(ParserTest, ReplCommandsWithSubsets) {
  ParseResult r = parse("set s-op example \"ab\"\n"
                        "set example [1, 2]\n"
                        "show selector example\n"
                        "selector examples off\n"
                        "examples on\n"
                        "full seq display on\n"
                        "exit()\n"
                        "quit\n");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  ASSERT_EQ(r.statements.size(), 8u);
  auto &set1 = llvm::cast<SetExampleStmt>(*r.statements[0]);
  EXPECT_EQ(set1.getSubset(), ExampleSubset::SOp);
  EXPECT_EQ(sexpr(set1.getValue()), "\"ab\"");
  EXPECT_EQ(llvm::cast<SetExampleStmt>(*r.statements[1]).getSubset(),
            ExampleSubset::Both);
  EXPECT_EQ(llvm::cast<ShowExampleStmt>(*r.statements[2]).getSubset(),
            ExampleSubset::Selector);
  auto &off = llvm::cast<ToggleExamplesStmt>(*r.statements[3]);
  EXPECT_EQ(off.getSubset(), ExampleSubset::Selector);
  EXPECT_FALSE(off.isOn());
  auto &on = llvm::cast<ToggleExamplesStmt>(*r.statements[4]);
  EXPECT_EQ(on.getSubset(), ExampleSubset::Both);
  EXPECT_TRUE(on.isOn());
  EXPECT_TRUE(llvm::cast<ToggleFullSeqStmt>(*r.statements[5]).isOn());
  EXPECT_TRUE(llvm::isa<ExitStmt>(*r.statements[6]));
  EXPECT_TRUE(llvm::isa<ExitStmt>(*r.statements[7]));
  for (const StmtPtr &s : r.statements)
    EXPECT_TRUE(s->isReplCommand());
}

TEST_F(ParserTest, TrailingCommentAfterStatementIsDropped) {
  ParseResult r = parse("x = 1; # note");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  EXPECT_EQ(r.statements.size(), 1u);
}

//===----------------------------------------------------------------------===//
// Size and depth
//===----------------------------------------------------------------------===//

TEST_F(ParserTest, DeeplyNestedParenthesesParse) {
  const int depth = 2000;
  std::string text = "x = " + std::string(depth, '(') + "1" +
                     std::string(depth, ')') + ";";
  ParseResult r = parse(text);
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  const Expr *e = llvm::cast<AssignStmt>(*r.statements[0]).getValues()[0].get();
  int parens = 0;
  while (auto *p = llvm::dyn_cast<ParenExpr>(e)) {
    ++parens;
    e = &p->getInner();
  }
  EXPECT_EQ(parens, depth);
  EXPECT_TRUE(llvm::isa<IntLitExpr>(e));
}

TEST_F(ParserTest, LongOperatorChainAndListParse) {
  std::string sum = "x = 1";
  std::string list = "y = [1";
  // (ANTLR's prediction is quadratic in the length of an operator chain,
  // so the chain is kept shorter than the list.)
  for (int i = 0; i < 2000; ++i) {
    if (i < 500)
      sum += " + 1";
    list += ", 1";
  }
  ParseResult r = parse(sum + "; " + list + "];");
  ASSERT_EQ(r.status, Status::Complete) << r.message;
  auto &items = llvm::cast<ListExpr>(
      *llvm::cast<AssignStmt>(*r.statements[1]).getValues()[0]);
  EXPECT_EQ(items.getItems().size(), 2001u);
}

TEST_F(ParserTest, TooDeepNestingIsACleanError) {
  const int depth = 100001;
  std::string text = "x = " + std::string(depth, '(') + "1" +
                     std::string(depth, ')') + ";";
  ParseResult r = parse(text);
  EXPECT_EQ(r.status, Status::SyntaxError);
  EXPECT_TRUE(llvm::StringRef(r.message).startswith(
      "expression nesting too deep (limit "))
      << r.message;
  EXPECT_TRUE(r.errorLoc.isValid());
}

} // namespace
