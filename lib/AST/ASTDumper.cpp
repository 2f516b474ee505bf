//===- ASTDumper.cpp - Textual dump of the RASP AST -----------------------===//
//
/// \file
/// Implements dumpAST(). The dump is a pre-order walk with an explicit work
/// stack (the AST is as deep as the user's nesting), printing one line per
/// node and one line per group heading (`body:`, `return:`, `entry:`).
//
//===----------------------------------------------------------------------===//

#include "rasp/AST/ASTDumper.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ErrorHandling.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

using namespace rasp;
using namespace rasp::ast;

llvm::StringRef rasp::getSpelling(BinaryOp op) {
  switch (op) {
  case BinaryOp::Pow:
    return "^";
  case BinaryOp::Mul:
    return "*";
  case BinaryOp::Div:
    return "/";
  case BinaryOp::Mod:
    return "%";
  case BinaryOp::Add:
    return "+";
  case BinaryOp::Sub:
    return "-";
  case BinaryOp::Eq:
    return "==";
  case BinaryOp::Le:
    return "<=";
  case BinaryOp::Ge:
    return ">=";
  case BinaryOp::Gt:
    return ">";
  case BinaryOp::Lt:
    return "<";
  case BinaryOp::And:
    return "and";
  case BinaryOp::Or:
    return "or";
  }
  llvm_unreachable("unknown binary operator");
}

llvm::StringRef rasp::getSpelling(UnaryOp op) {
  switch (op) {
  case UnaryOp::Not:
    return "not";
  case UnaryOp::Neg:
    return "-";
  case UnaryOp::Plus:
    return "+";
  case UnaryOp::Round:
    return "round";
  case UnaryOp::Indicator:
    return "indicator";
  }
  llvm_unreachable("unknown unary operator");
}

llvm::StringRef rasp::getSpelling(SelectCmp cmp) {
  switch (cmp) {
  case SelectCmp::Eq:
    return "==";
  case SelectCmp::Lt:
    return "<";
  case SelectCmp::Gt:
    return ">";
  case SelectCmp::Ge:
    return ">=";
  case SelectCmp::Le:
    return "<=";
  case SelectCmp::Ne:
    return "!=";
  }
  llvm_unreachable("unknown select comparison");
}

static llvm::StringRef getSubsetSpelling(ExampleSubset subset) {
  switch (subset) {
  case ExampleSubset::Both:
    return "";
  case ExampleSubset::SOp:
    return " s-op";
  case ExampleSubset::Selector:
    return " selector";
  }
  llvm_unreachable("unknown example subset");
}

/// The shortest decimal form that reads back as the same double.
static std::string formatDouble(double value) {
  char buf[64];
  for (int precision = 1; precision <= 17; ++precision) {
    std::snprintf(buf, sizeof(buf), "%.*g", precision, value);
    if (std::strtod(buf, nullptr) == value)
      break;
  }
  return buf;
}

static std::string joinNames(llvm::ArrayRef<std::string> names) {
  return llvm::join(names.begin(), names.end(), ", ");
}

namespace {

/// One pending line of the dump: a node or a group heading, at a depth.
struct WorkItem {
  const Expr *expr = nullptr;
  const Stmt *stmt = nullptr;
  const char *heading = nullptr;
  unsigned depth = 0;
};

class ASTDumper {
public:
  ASTDumper(llvm::raw_ostream &os, const llvm::SourceMgr *sm)
      : os(os), sm(sm) {}

  void dump(const StmtList &stmts) {
    for (const StmtPtr &s : llvm::reverse(stmts))
      work.push_back({nullptr, s.get(), nullptr, 0});
    while (!work.empty()) {
      WorkItem item = work.back();
      work.pop_back();
      if (item.heading) {
        indent(item.depth);
        os << item.heading << ":\n";
      } else if (item.expr) {
        dumpExpr(*item.expr, item.depth);
      } else {
        dumpStmt(*item.stmt, item.depth);
      }
    }
  }

private:
  llvm::raw_ostream &os;
  const llvm::SourceMgr *sm;
  std::vector<WorkItem> work;
  /// Children of the node being printed, in print order; pushed in reverse
  /// onto the work stack once the node's line is written.
  std::vector<WorkItem> children;

  void indent(unsigned depth) { os.indent(2 * depth); }

  /// The start of the line printLoc saw last: SourceMgr finds a column by
  /// scanning back to the line's start, which made a long line quadratic.
  const char *lineStart = nullptr;
  const char *lineEnd = nullptr;
  unsigned lineNo = 0;

  void printLoc(llvm::SMLoc loc) {
    if (!sm || !loc.isValid())
      return;
    const char *p = loc.getPointer();
    if (!(lineStart && p >= lineStart && p < lineEnd)) {
      unsigned buf = sm->FindBufferContainingLoc(loc);
      if (!buf)
        return;
      llvm::StringRef text = sm->getMemoryBuffer(buf)->getBuffer();
      lineNo = sm->FindLineNumber(loc, buf);
      lineStart = p;
      while (lineStart > text.begin() && lineStart[-1] != '\n')
        --lineStart;
      lineEnd = p;
      while (lineEnd < text.end() && *lineEnd != '\n')
        ++lineEnd;
      if (lineEnd < text.end())
        ++lineEnd; // the newline belongs to the line
    }
    os << " @" << lineNo << ':' << (p - lineStart + 1);
  }

  void child(const Expr *e, unsigned depth) {
    if (e)
      children.push_back({e, nullptr, nullptr, depth});
  }
  void child(const Stmt *s, unsigned depth) {
    children.push_back({nullptr, s, nullptr, depth});
  }
  void heading(const char *h, unsigned depth) {
    children.push_back({nullptr, nullptr, h, depth});
  }
  void childList(const ExprList &list, unsigned depth) {
    for (const ExprPtr &e : list)
      child(e.get(), depth);
  }
  void bodyList(const StmtList &list, unsigned depth) {
    for (const StmtPtr &s : list)
      child(s.get(), depth);
  }

  void finishLine(llvm::SMLoc loc) {
    printLoc(loc);
    os << '\n';
    for (const WorkItem &c : llvm::reverse(children))
      work.push_back(c);
    children.clear();
  }

  void dumpExpr(const Expr &e, unsigned depth);
  void dumpStmt(const Stmt &s, unsigned depth);
};

} // namespace

void ASTDumper::dumpExpr(const Expr &e, unsigned depth) {
  indent(depth);
  unsigned d = depth + 1;
  switch (e.getKind()) {
  case Expr::Kind::Paren:
    os << "Paren";
    child(&llvm::cast<ParenExpr>(e).getInner(), d);
    break;
  case Expr::Kind::Index: {
    auto &x = llvm::cast<IndexExpr>(e);
    os << "Index";
    child(&x.getBase(), d);
    child(&x.getIndex(), d);
    break;
  }
  case Expr::Kind::Call: {
    auto &x = llvm::cast<CallExpr>(e);
    os << "Call";
    child(&x.getCallee(), d);
    childList(x.getArgs(), d);
    break;
  }
  case Expr::Kind::Unary: {
    auto &x = llvm::cast<UnaryExpr>(e);
    os << "Unary " << getSpelling(x.getOp());
    child(&x.getOperand(), d);
    break;
  }
  case Expr::Kind::Binary: {
    auto &x = llvm::cast<BinaryExpr>(e);
    os << "Binary " << getSpelling(x.getOp());
    child(&x.getLHS(), d);
    child(&x.getRHS(), d);
    break;
  }
  case Expr::Kind::Select: {
    auto &x = llvm::cast<SelectExpr>(e);
    os << "Select " << getSpelling(x.getCmp());
    child(&x.getKeys(), d);
    child(&x.getQueries(), d);
    break;
  }
  case Expr::Kind::Ternary: {
    auto &x = llvm::cast<TernaryExpr>(e);
    os << "Ternary";
    child(&x.getThen(), d);
    child(&x.getCond(), d);
    child(&x.getElse(), d);
    break;
  }
  case Expr::Kind::Name:
    os << "Name " << llvm::cast<NameExpr>(e).getName();
    break;
  case Expr::Kind::IntLit:
    os << "IntLit " << llvm::cast<IntLitExpr>(e).getDigits();
    break;
  case Expr::Kind::FloatLit:
    os << "FloatLit " << formatDouble(llvm::cast<FloatLitExpr>(e).getValue());
    break;
  case Expr::Kind::StringLit:
    os << "StringLit \"" << llvm::cast<StringLitExpr>(e).getValue() << '"';
    break;
  case Expr::Kind::List:
    os << "List";
    childList(llvm::cast<ListExpr>(e).getItems(), d);
    break;
  case Expr::Kind::Dict:
    os << "Dict";
    for (const DictExpr::Entry &entry : llvm::cast<DictExpr>(e).getEntries()) {
      heading("entry", d);
      child(entry.key.get(), d + 1);
      child(entry.value.get(), d + 1);
    }
    break;
  case Expr::Kind::Aggregate: {
    auto &x = llvm::cast<AggregateExpr>(e);
    os << "Aggregate";
    child(&x.getSelector(), d);
    child(&x.getSOp(), d);
    if (x.getDefault()) {
      heading("default", d);
      child(x.getDefault(), d + 1);
    }
    break;
  }
  case Expr::Kind::Range:
    os << "Range";
    childList(llvm::cast<RangeExpr>(e).getArgs(), d);
    break;
  case Expr::Kind::ListComp: {
    auto &x = llvm::cast<ListCompExpr>(e);
    os << "ListComp " << joinNames(x.getNames());
    child(&x.getValue(), d);
    child(&x.getIterable(), d);
    break;
  }
  case Expr::Kind::DictComp: {
    auto &x = llvm::cast<DictCompExpr>(e);
    os << "DictComp " << joinNames(x.getNames());
    child(&x.getKey(), d);
    child(&x.getValue(), d);
    child(&x.getIterable(), d);
    break;
  }
  case Expr::Kind::In: {
    auto &x = llvm::cast<InExpr>(e);
    os << "In";
    child(&x.getElement(), d);
    child(&x.getContainer(), d);
    break;
  }
  case Expr::Kind::Zip:
    os << "Zip";
    childList(llvm::cast<ZipExpr>(e).getArgs(), d);
    break;
  case Expr::Kind::Len:
    os << "Len";
    child(&llvm::cast<LenExpr>(e).getOperand(), d);
    break;
  }
  finishLine(e.getLoc());
}

void ASTDumper::dumpStmt(const Stmt &s, unsigned depth) {
  indent(depth);
  unsigned d = depth + 1;
  switch (s.getKind()) {
  case Stmt::Kind::Expr:
    os << "ExprStmt";
    child(&llvm::cast<ExprStmt>(s).getExpr(), d);
    break;
  case Stmt::Kind::Assign: {
    auto &x = llvm::cast<AssignStmt>(s);
    os << "Assign " << joinNames(x.getNames());
    childList(x.getValues(), d);
    break;
  }
  case Stmt::Kind::Draw: {
    auto &x = llvm::cast<DrawStmt>(s);
    os << "Draw";
    child(&x.getSOp(), d);
    child(x.getInput(), d);
    break;
  }
  case Stmt::Kind::Load:
    os << "Load \"" << llvm::cast<LoadStmt>(s).getPath() << '"';
    break;
  case Stmt::Kind::FuncDef: {
    auto &x = llvm::cast<FuncDefStmt>(s);
    os << "FuncDef " << x.getName() << '(' << joinNames(x.getParams()) << ')';
    if (!x.getBody().empty()) {
      heading("body", d);
      bodyList(x.getBody(), d + 1);
    }
    heading("return", d);
    childList(x.getReturns(), d + 1);
    break;
  }
  case Stmt::Kind::For: {
    auto &x = llvm::cast<ForStmt>(s);
    os << "For " << joinNames(x.getNames());
    child(&x.getIterable(), d);
    heading("body", d);
    bodyList(x.getBody(), d + 1);
    break;
  }
  case Stmt::Kind::Comment:
    os << "Comment";
    break;
  case Stmt::Kind::SetExample: {
    auto &x = llvm::cast<SetExampleStmt>(s);
    os << "SetExample" << getSubsetSpelling(x.getSubset());
    child(&x.getValue(), d);
    break;
  }
  case Stmt::Kind::ShowExample:
    os << "ShowExample"
       << getSubsetSpelling(llvm::cast<ShowExampleStmt>(s).getSubset());
    break;
  case Stmt::Kind::ToggleExamples: {
    auto &x = llvm::cast<ToggleExamplesStmt>(s);
    os << "ToggleExamples" << getSubsetSpelling(x.getSubset())
       << (x.isOn() ? " on" : " off");
    break;
  }
  case Stmt::Kind::ToggleFullSeq:
    os << "ToggleFullSeq"
       << (llvm::cast<ToggleFullSeqStmt>(s).isOn() ? " on" : " off");
    break;
  case Stmt::Kind::Exit:
    os << "Exit";
    break;
  }
  finishLine(s.getLoc());
}

void rasp::dumpAST(const StmtList &stmts, llvm::raw_ostream &os,
                   const llvm::SourceMgr *sm) {
  ASTDumper(os, sm).dump(stmts);
}
