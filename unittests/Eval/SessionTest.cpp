//===- SessionTest.cpp - Unit tests for the elaborator and REPL -----------===//

#include "rasp/Eval/Session.h"

#include "rasp/Support/Diagnostics.h"

#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include "gtest/gtest.h"

using namespace rasp;

namespace {

class Lines : public eval::LineSource {
public:
  explicit Lines(std::vector<std::string> lines) : lines(std::move(lines)) {}
  bool readLine(llvm::StringRef, std::string &line) override {
    if (next >= lines.size())
      return false;
    line = lines[next++];
    return true;
  }

private:
  std::vector<std::string> lines;
  size_t next = 0;
};

/// Runs a REPL session and returns its output without the banner.
std::string repl(std::vector<std::string> lines) {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::SourceMgr sm;
  eval::Session session(os, sm);
  Lines src(std::move(lines));
  session.runRepl(src);
  os.flush();
  size_t firstNl = out.find('\n');
  size_t secondNl = out.find('\n', firstNl + 1);
  return out.substr(secondNl + 1);
}

TEST(Session, AtomArithmeticIsPython) {
  EXPECT_EQ(repl({"-7 % 3;"}), ">>     value: out =  2\n>> \n");
  EXPECT_EQ(repl({"7 / 2;"}), ">>     value: out =  3.5\n>> \n");
  EXPECT_EQ(repl({"2 ^ 3 ^ 2;"}), ">>     value: out =  64\n>> \n");
  EXPECT_EQ(repl({"round(2.5);"}), ">>     value: out =  2\n>> \n");
  EXPECT_EQ(repl({"10 % 4 * 2;"}), ">>     value: out =  2\n>> \n");
}

TEST(Session, EagerCheckRejectsBadSOp) {
  EXPECT_EQ(repl({"y = tokens_int + 1;", "y;"}),
            ">> something went wrong: invalid literal for int() with base "
            "10: 'h'\n>> \t\t!!ignoring input:\n\t Error: Undefined "
            "variable: y\n>> \n");
}

TEST(Session, FunctionsSeeCallTimeBindings) {
  EXPECT_EQ(repl({"def f(x) { return x + k; }", "k = 10;", "f(1);"}),
            ">>      console function: f(x)\n>>     value: k =  10\n>>     "
            "value: out =  11\n>> \n");
}

TEST(Session, AssignmentRenamesTheObject) {
  EXPECT_EQ(repl({"a = indices + 1;", "b = a;", "[a];"}),
            ">>      s-op: a\n \t Example: a(\"hello\") = [1, 2, 3, 4, 5] "
            "(ints)\n>>      s-op: b\n \t Example: b(\"hello\") = [1, 2, 3, "
            "4, 5] (ints)\n>>      list: out =  [\n\t\t     s-op: b\n\t\t \t "
            "Example: b(\"hello\") = [1, 2, 3, 4, 5] (ints)\n                 "
            "]\n>> \n");
}

TEST(Session, FileRunReportsErrorsWithLocations) {
  std::string out;
  llvm::raw_string_ostream os(out);
  std::string errs;
  llvm::raw_string_ostream es(errs);
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm, es, "test");
  diags.setCapture(true);
  eval::Session session(os, sm);
  bool ok = session.runFile("p.rasp", "a = 1;\nb = nope + 1;\n", diags);
  EXPECT_FALSE(ok);
  ASSERT_EQ(diags.getCaptured().size(), 1u);
  EXPECT_EQ(diags.getCaptured()[0].message, "Error: Undefined variable: nope");
  EXPECT_EQ(diags.getCaptured()[0].line, 2u);
  EXPECT_EQ(diags.getCaptured()[0].column, 5u);
}

TEST(Session, BatchLookupAndInputParsing) {
  std::string out;
  llvm::raw_string_ostream os(out);
  llvm::SourceMgr sm;
  DiagnosticEngine diags(sm, os, "test");
  eval::Session session(os, sm);
  ASSERT_TRUE(session.runFile("p.rasp", "s = indices * 2;\nt = 3;\n", diags));
  std::string why;
  EXPECT_NE(session.lookupOp("s", why), nullptr);
  EXPECT_EQ(session.lookupOp("t", why), nullptr);
  EXPECT_EQ(why, "'t' is not an s-op");
  std::vector<Atom> input;
  ASSERT_TRUE(session.parseInputLine("[1, -2, \"x\", True, 2.5]", input, why));
  ASSERT_EQ(input.size(), 5u);
  EXPECT_EQ(input[1].getInt(), -2);
  EXPECT_TRUE(input[3].isBool());
  EXPECT_FALSE(session.parseInputLine("[1, tokens]", input, why));
}

} // namespace
