//===- AST.h - RASP abstract syntax tree ------------------------*- C++ -*-===//
//
/// \file
/// The abstract syntax tree of RASP source. The parser (lib/Parse) builds it
/// from ANTLR's parse tree in one place; the elaborator (lib/Eval) walks it.
/// Nodes own their children through std::unique_ptr, carry the source
/// location of their first character, and use LLVM-style RTTI (a Kind enum
/// plus classof) so clients dispatch with isa/cast/dyn_cast.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_AST_AST_H
#define RASP_AST_AST_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Casting.h"
#include "llvm/Support/SMLoc.h"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace rasp {
namespace ast {

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

class Expr {
public:
  enum class Kind {
    Paren,     ///< ( e )
    Index,     ///< e [ i ]
    Call,      ///< e ( args )
    Unary,     ///< not e, -e, +e, round(e), indicator(e)
    Binary,    ///< e op e
    Select,    ///< select(keys, queries, cmp)
    Ternary,   ///< a if c else b
    Name,      ///< identifier
    IntLit,    ///< 123
    FloatLit,  ///< 1.5
    StringLit, ///< "abc"
    List,      ///< [a, b]
    Dict,      ///< {k: v}
    Aggregate, ///< aggregate(sel, sop [, default])
    Range,     ///< range(a [, b [, c]])
    ListComp,  ///< [e for names in iterable]
    DictComp,  ///< {k: v for names in iterable}
    In,        ///< e in e
    Zip,       ///< zip(l1, l2, ...)
    Len,       ///< len(e)
  };

  Expr(Kind kind, llvm::SMLoc loc) : kind(kind), loc(loc) {}
  virtual ~Expr() = default;

  Kind getKind() const { return kind; }
  llvm::SMLoc getLoc() const { return loc; }

private:
  const Kind kind;
  llvm::SMLoc loc;
};

using ExprPtr = std::unique_ptr<Expr>;
using ExprList = std::vector<ExprPtr>;

/// `( inner )`. Kept in the tree because the reference treats a
/// parenthesised expression differently in a few places (see docs).
class ParenExpr : public Expr {
public:
  ParenExpr(llvm::SMLoc loc, ExprPtr inner)
      : Expr(Kind::Paren, loc), inner(std::move(inner)) {}
  const Expr &getInner() const { return *inner; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Paren; }

private:
  ExprPtr inner;
};

/// `base [ index ]`
class IndexExpr : public Expr {
public:
  IndexExpr(llvm::SMLoc loc, ExprPtr base, ExprPtr index)
      : Expr(Kind::Index, loc), base(std::move(base)), index(std::move(index)) {}
  const Expr &getBase() const { return *base; }
  const Expr &getIndex() const { return *index; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Index; }

private:
  ExprPtr base, index;
};

/// `callee ( args )`: a function call, or the application of an s-op or
/// selector to an input.
class CallExpr : public Expr {
public:
  CallExpr(llvm::SMLoc loc, ExprPtr callee, ExprList args)
      : Expr(Kind::Call, loc), callee(std::move(callee)), args(std::move(args)) {}
  const Expr &getCallee() const { return *callee; }
  const ExprList &getArgs() const { return args; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Call; }

private:
  ExprPtr callee;
  ExprList args;
};

enum class UnaryOp { Not, Neg, Plus, Round, Indicator };

/// Prefix operators and the keyword builtins `round(e)` / `indicator(e)`.
class UnaryExpr : public Expr {
public:
  UnaryExpr(llvm::SMLoc loc, UnaryOp op, ExprPtr operand)
      : Expr(Kind::Unary, loc), op(op), operand(std::move(operand)) {}
  UnaryOp getOp() const { return op; }
  const Expr &getOperand() const { return *operand; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Unary; }

private:
  UnaryOp op;
  ExprPtr operand;
};

enum class BinaryOp { Pow, Mul, Div, Mod, Add, Sub, Eq, Le, Ge, Gt, Lt, And, Or };

class BinaryExpr : public Expr {
public:
  BinaryExpr(llvm::SMLoc loc, BinaryOp op, ExprPtr lhs, ExprPtr rhs)
      : Expr(Kind::Binary, loc), op(op), lhs(std::move(lhs)),
        rhs(std::move(rhs)) {}
  BinaryOp getOp() const { return op; }
  /// Location of the operator token (diagnostics point here).
  llvm::SMLoc getOpLoc() const { return opLoc; }
  void setOpLoc(llvm::SMLoc l) { opLoc = l; }
  const Expr &getLHS() const { return *lhs; }
  const Expr &getRHS() const { return *rhs; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Binary; }

private:
  BinaryOp op;
  llvm::SMLoc opLoc;
  ExprPtr lhs, rhs;
};

/// The comparison of a `select`, as written: select(keys, queries, cmp)
/// selects key k for query q when `keys[k] cmp queries[q]`.
enum class SelectCmp { Eq, Lt, Gt, Ge, Le, Ne };

class SelectExpr : public Expr {
public:
  SelectExpr(llvm::SMLoc loc, ExprPtr keys, ExprPtr queries, SelectCmp cmp)
      : Expr(Kind::Select, loc), keys(std::move(keys)),
        queries(std::move(queries)), cmp(cmp) {}
  const Expr &getKeys() const { return *keys; }
  const Expr &getQueries() const { return *queries; }
  SelectCmp getCmp() const { return cmp; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Select; }

private:
  ExprPtr keys, queries;
  SelectCmp cmp;
};

/// `thenValue if cond else elseValue`
class TernaryExpr : public Expr {
public:
  TernaryExpr(llvm::SMLoc loc, ExprPtr thenValue, ExprPtr cond,
              ExprPtr elseValue)
      : Expr(Kind::Ternary, loc), thenValue(std::move(thenValue)),
        cond(std::move(cond)), elseValue(std::move(elseValue)) {}
  const Expr &getThen() const { return *thenValue; }
  const Expr &getCond() const { return *cond; }
  const Expr &getElse() const { return *elseValue; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Ternary; }

private:
  ExprPtr thenValue, cond, elseValue;
};

class NameExpr : public Expr {
public:
  NameExpr(llvm::SMLoc loc, std::string name)
      : Expr(Kind::Name, loc), name(std::move(name)) {}
  llvm::StringRef getName() const { return name; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Name; }

private:
  std::string name;
};

/// An integer literal, kept as its digits (leading zeros allowed; the value
/// may exceed 64 bits).
class IntLitExpr : public Expr {
public:
  IntLitExpr(llvm::SMLoc loc, std::string digits)
      : Expr(Kind::IntLit, loc), digits(std::move(digits)) {}
  llvm::StringRef getDigits() const { return digits; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::IntLit; }

private:
  std::string digits;
};

class FloatLitExpr : public Expr {
public:
  FloatLitExpr(llvm::SMLoc loc, double value)
      : Expr(Kind::FloatLit, loc), value(value) {}
  double getValue() const { return value; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::FloatLit; }

private:
  double value;
};

/// A string literal, without its quotes (RASP strings have no escapes).
class StringLitExpr : public Expr {
public:
  StringLitExpr(llvm::SMLoc loc, std::string value)
      : Expr(Kind::StringLit, loc), value(std::move(value)) {}
  llvm::StringRef getValue() const { return value; }
  static bool classof(const Expr *e) {
    return e->getKind() == Kind::StringLit;
  }

private:
  std::string value;
};

class ListExpr : public Expr {
public:
  ListExpr(llvm::SMLoc loc, ExprList items)
      : Expr(Kind::List, loc), items(std::move(items)) {}
  const ExprList &getItems() const { return items; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::List; }

private:
  ExprList items;
};

class DictExpr : public Expr {
public:
  struct Entry {
    ExprPtr key, value;
  };
  DictExpr(llvm::SMLoc loc, std::vector<Entry> entries)
      : Expr(Kind::Dict, loc), entries(std::move(entries)) {}
  const std::vector<Entry> &getEntries() const { return entries; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Dict; }

private:
  std::vector<Entry> entries;
};

/// `aggregate(sel, sop [, default])`; getDefault() is null when omitted.
class AggregateExpr : public Expr {
public:
  AggregateExpr(llvm::SMLoc loc, ExprPtr sel, ExprPtr sop, ExprPtr fallback)
      : Expr(Kind::Aggregate, loc), sel(std::move(sel)), sop(std::move(sop)),
        fallback(std::move(fallback)) {}
  const Expr &getSelector() const { return *sel; }
  const Expr &getSOp() const { return *sop; }
  const Expr *getDefault() const { return fallback.get(); }
  static bool classof(const Expr *e) {
    return e->getKind() == Kind::Aggregate;
  }

private:
  ExprPtr sel, sop, fallback;
};

/// The builtins spelled with their parenthesis: range(, zip(, len(.
class RangeExpr : public Expr {
public:
  RangeExpr(llvm::SMLoc loc, ExprList args)
      : Expr(Kind::Range, loc), args(std::move(args)) {}
  const ExprList &getArgs() const { return args; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Range; }

private:
  ExprList args;
};

class ZipExpr : public Expr {
public:
  ZipExpr(llvm::SMLoc loc, ExprList args)
      : Expr(Kind::Zip, loc), args(std::move(args)) {}
  const ExprList &getArgs() const { return args; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Zip; }

private:
  ExprList args;
};

class LenExpr : public Expr {
public:
  LenExpr(llvm::SMLoc loc, ExprPtr operand)
      : Expr(Kind::Len, loc), operand(std::move(operand)) {}
  const Expr &getOperand() const { return *operand; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::Len; }

private:
  ExprPtr operand;
};

/// `[value for names in iterable]`
class ListCompExpr : public Expr {
public:
  ListCompExpr(llvm::SMLoc loc, ExprPtr value, std::vector<std::string> names,
               ExprPtr iterable)
      : Expr(Kind::ListComp, loc), value(std::move(value)),
        names(std::move(names)), iterable(std::move(iterable)) {}
  const Expr &getValue() const { return *value; }
  llvm::ArrayRef<std::string> getNames() const { return names; }
  const Expr &getIterable() const { return *iterable; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::ListComp; }

private:
  ExprPtr value;
  std::vector<std::string> names;
  ExprPtr iterable;
};

/// `{key: value for names in iterable}`
class DictCompExpr : public Expr {
public:
  DictCompExpr(llvm::SMLoc loc, ExprPtr key, ExprPtr value,
               std::vector<std::string> names, ExprPtr iterable)
      : Expr(Kind::DictComp, loc), key(std::move(key)), value(std::move(value)),
        names(std::move(names)), iterable(std::move(iterable)) {}
  const Expr &getKey() const { return *key; }
  const Expr &getValue() const { return *value; }
  llvm::ArrayRef<std::string> getNames() const { return names; }
  const Expr &getIterable() const { return *iterable; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::DictComp; }

private:
  ExprPtr key, value;
  std::vector<std::string> names;
  ExprPtr iterable;
};

/// `element in container`
class InExpr : public Expr {
public:
  InExpr(llvm::SMLoc loc, ExprPtr element, ExprPtr container)
      : Expr(Kind::In, loc), element(std::move(element)),
        container(std::move(container)) {}
  const Expr &getElement() const { return *element; }
  const Expr &getContainer() const { return *container; }
  static bool classof(const Expr *e) { return e->getKind() == Kind::In; }

private:
  ExprPtr element, container;
};

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

class Stmt {
public:
  enum class Kind {
    Expr,        ///< expr ;
    Assign,      ///< a, b = e1, e2 ;
    Draw,        ///< draw(sop [, input]) ;
    Load,        ///< load "path" ;
    FuncDef,     ///< def f(a, b) { ... return e; }
    For,         ///< for a, b in e { ... }
    Comment,     ///< a statement that is only a comment
    SetExample,  ///< set [s-op|selector] example EXPR
    ShowExample, ///< show [s-op|selector] example
    ToggleExamples, ///< [s-op|selector] examples on|off
    ToggleFullSeq,  ///< full seq display on|off
    Exit,        ///< exit, exit(), quit, quit()
  };

  Stmt(Kind kind, llvm::SMLoc loc) : kind(kind), loc(loc) {}
  virtual ~Stmt() = default;
  Kind getKind() const { return kind; }
  llvm::SMLoc getLoc() const { return loc; }
  /// True for the REPL commands (SetExample ... Exit).
  bool isReplCommand() const { return kind >= Kind::SetExample; }

private:
  const Kind kind;
  llvm::SMLoc loc;
};

using StmtPtr = std::unique_ptr<Stmt>;
using StmtList = std::vector<StmtPtr>;

class ExprStmt : public Stmt {
public:
  ExprStmt(llvm::SMLoc loc, ExprPtr expr)
      : Stmt(Kind::Expr, loc), expr(std::move(expr)) {}
  const Expr &getExpr() const { return *expr; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Expr; }

private:
  ExprPtr expr;
};

class AssignStmt : public Stmt {
public:
  AssignStmt(llvm::SMLoc loc, std::vector<std::string> names,
             std::vector<llvm::SMLoc> nameLocs, ExprList values)
      : Stmt(Kind::Assign, loc), names(std::move(names)),
        nameLocs(std::move(nameLocs)), values(std::move(values)) {}
  llvm::ArrayRef<std::string> getNames() const { return names; }
  llvm::ArrayRef<llvm::SMLoc> getNameLocs() const { return nameLocs; }
  const ExprList &getValues() const { return values; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Assign; }

private:
  std::vector<std::string> names;
  std::vector<llvm::SMLoc> nameLocs;
  ExprList values;
};

/// `draw(sop [, input]);` getInput() is null when omitted.
class DrawStmt : public Stmt {
public:
  DrawStmt(llvm::SMLoc loc, ExprPtr sop, ExprPtr input)
      : Stmt(Kind::Draw, loc), sop(std::move(sop)), input(std::move(input)) {}
  const Expr &getSOp() const { return *sop; }
  const Expr *getInput() const { return input.get(); }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Draw; }

private:
  ExprPtr sop, input;
};

/// `load "path";` The path is stored without quotes and without ".rasp".
class LoadStmt : public Stmt {
public:
  LoadStmt(llvm::SMLoc loc, std::string path)
      : Stmt(Kind::Load, loc), path(std::move(path)) {}
  llvm::StringRef getPath() const { return path; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Load; }

private:
  std::string path;
};

class FuncDefStmt : public Stmt {
public:
  FuncDefStmt(llvm::SMLoc loc, std::string name,
              std::vector<std::string> params, StmtList body,
              ExprList returns)
      : Stmt(Kind::FuncDef, loc), name(std::move(name)),
        params(std::move(params)), body(std::move(body)),
        returns(std::move(returns)) {}
  llvm::StringRef getName() const { return name; }
  llvm::ArrayRef<std::string> getParams() const { return params; }
  /// The statements before `return` (comments dropped).
  const StmtList &getBody() const { return body; }
  /// The expressions of `return e1, e2;`.
  const ExprList &getReturns() const { return returns; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::FuncDef; }

private:
  std::string name;
  std::vector<std::string> params;
  StmtList body;
  ExprList returns;
};

class ForStmt : public Stmt {
public:
  ForStmt(llvm::SMLoc loc, std::vector<std::string> names, ExprPtr iterable,
          StmtList body)
      : Stmt(Kind::For, loc), names(std::move(names)),
        iterable(std::move(iterable)), body(std::move(body)) {}
  llvm::ArrayRef<std::string> getNames() const { return names; }
  const Expr &getIterable() const { return *iterable; }
  /// The body statements (comments dropped; may be empty if the body held
  /// only comments).
  const StmtList &getBody() const { return body; }
  static bool classof(const Stmt *s) { return s->getKind() == Kind::For; }

private:
  std::vector<std::string> names;
  ExprPtr iterable;
  StmtList body;
};

class CommentStmt : public Stmt {
public:
  explicit CommentStmt(llvm::SMLoc loc) : Stmt(Kind::Comment, loc) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Comment; }
};

/// Which running example a REPL command is about.
enum class ExampleSubset { Both, SOp, Selector };

class SetExampleStmt : public Stmt {
public:
  SetExampleStmt(llvm::SMLoc loc, ExampleSubset subset, ExprPtr value)
      : Stmt(Kind::SetExample, loc), subset(subset), value(std::move(value)) {}
  ExampleSubset getSubset() const { return subset; }
  const Expr &getValue() const { return *value; }
  static bool classof(const Stmt *s) {
    return s->getKind() == Kind::SetExample;
  }

private:
  ExampleSubset subset;
  ExprPtr value;
};

class ShowExampleStmt : public Stmt {
public:
  ShowExampleStmt(llvm::SMLoc loc, ExampleSubset subset)
      : Stmt(Kind::ShowExample, loc), subset(subset) {}
  ExampleSubset getSubset() const { return subset; }
  static bool classof(const Stmt *s) {
    return s->getKind() == Kind::ShowExample;
  }

private:
  ExampleSubset subset;
};

class ToggleExamplesStmt : public Stmt {
public:
  ToggleExamplesStmt(llvm::SMLoc loc, ExampleSubset subset, bool on)
      : Stmt(Kind::ToggleExamples, loc), subset(subset), on(on) {}
  ExampleSubset getSubset() const { return subset; }
  bool isOn() const { return on; }
  static bool classof(const Stmt *s) {
    return s->getKind() == Kind::ToggleExamples;
  }

private:
  ExampleSubset subset;
  bool on;
};

class ToggleFullSeqStmt : public Stmt {
public:
  ToggleFullSeqStmt(llvm::SMLoc loc, bool on)
      : Stmt(Kind::ToggleFullSeq, loc), on(on) {}
  bool isOn() const { return on; }
  static bool classof(const Stmt *s) {
    return s->getKind() == Kind::ToggleFullSeq;
  }

private:
  bool on;
};

class ExitStmt : public Stmt {
public:
  explicit ExitStmt(llvm::SMLoc loc) : Stmt(Kind::Exit, loc) {}
  static bool classof(const Stmt *s) { return s->getKind() == Kind::Exit; }
};

} // namespace ast
} // namespace rasp

#endif // RASP_AST_AST_H
