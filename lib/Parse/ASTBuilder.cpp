//===- ASTBuilder.cpp - ANTLR parse tree to rasp::ast ---------------------===//
//
/// \file
/// Walks the labelled-alternative contexts of grammar/Rasp.g4 with
/// dynamic_cast and builds owned rasp::ast nodes. Comma lists are flat in
/// the grammar (one context holding every item); expressions are built
/// bottom-up with an explicit work stack. Every node gets the location of its first token.
//
//===----------------------------------------------------------------------===//

#include "ASTBuilder.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/ErrorHandling.h"

#include <cstdlib>

using namespace rasp;
using namespace rasp::ast;
using namespace rasp::parse;
using P = rasp::grammar::RaspParser;

//===----------------------------------------------------------------------===//
// CodePointMap
//===----------------------------------------------------------------------===//

static bool isContinuationByte(unsigned char c) { return (c & 0xC0) == 0x80; }

CodePointMap::CodePointMap(llvm::StringRef buffer) : buffer(buffer) {
  ascii = llvm::all_of(buffer, [](char c) {
    return static_cast<unsigned char>(c) < 0x80;
  });
  if (ascii)
    return;
  offsets.reserve(buffer.size() + 1);
  for (size_t i = 0, e = buffer.size(); i != e; ++i)
    if (!isContinuationByte(buffer[i]))
      offsets.push_back(static_cast<uint32_t>(i));
  offsets.push_back(static_cast<uint32_t>(buffer.size()));
}

const char *CodePointMap::pointerAt(size_t index) const {
  if (ascii)
    return buffer.data() + std::min(index, buffer.size());
  if (index >= offsets.size())
    return buffer.end();
  return buffer.data() + offsets[index];
}

llvm::StringRef CodePointMap::text(size_t start, size_t stop) const {
  const char *begin = pointerAt(start);
  const char *end = pointerAt(stop + 1);
  if (end < begin)
    return {};
  return llvm::StringRef(begin, end - begin);
}

size_t CodePointMap::byteColumn(const char *lineStart, const char *bufferEnd,
                                size_t column) {
  const char *p = lineStart;
  for (size_t seen = 0; p != bufferEnd; ++p) {
    if (!isContinuationByte(*p)) {
      if (seen == column)
        break;
      ++seen;
    }
  }
  return p - lineStart;
}

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

/// Fails loudly (as a parse error, not a crash) when a part the grammar
/// guarantees is missing from the tree.
template <typename T> static T *need(T *node, antlr4::ParserRuleContext *in) {
  if (!node)
    throw BuildError("internal error: incomplete parse tree", in->getStart());
  return node;
}

llvm::SMLoc ASTBuilder::loc(const antlr4::Token *token) const {
  if (!token)
    return {};
  return llvm::SMLoc::getFromPointer(map.pointerAt(token->getStartIndex()));
}

llvm::StringRef ASTBuilder::text(const antlr4::Token *token) const {
  return map.text(token->getStartIndex(), token->getStopIndex());
}

static llvm::StringRef stripQuotes(llvm::StringRef s) {
  if (s.size() >= 2 && s.front() == '"' && s.back() == '"')
    return s.drop_front().drop_back();
  return s;
}

static BinaryOp getBinaryOp(const antlr4::Token *op) {
  switch (op->getType()) {
  case P::CARET:
    return BinaryOp::Pow;
  case P::STAR:
    return BinaryOp::Mul;
  case P::SLASH:
    return BinaryOp::Div;
  case P::PERCENT:
    return BinaryOp::Mod;
  case P::PLUS:
    return BinaryOp::Add;
  case P::MINUS:
    return BinaryOp::Sub;
  case P::EQ:
    return BinaryOp::Eq;
  case P::LE:
    return BinaryOp::Le;
  case P::GE:
    return BinaryOp::Ge;
  case P::GT:
    return BinaryOp::Gt;
  case P::LT:
    return BinaryOp::Lt;
  case P::AND:
    return BinaryOp::And;
  case P::OR:
    return BinaryOp::Or;
  default:
    throw BuildError("internal error: unknown binary operator", op);
  }
}

static UnaryOp getUnaryOp(const antlr4::Token *op) {
  switch (op->getType()) {
  case P::NOT:
    return UnaryOp::Not;
  case P::MINUS:
    return UnaryOp::Neg;
  case P::PLUS:
    return UnaryOp::Plus;
  case P::ROUND:
    return UnaryOp::Round;
  case P::INDICATOR:
    return UnaryOp::Indicator;
  default:
    throw BuildError("internal error: unknown unary operator", op);
  }
}

static SelectCmp getSelectCmp(const antlr4::Token *cmp) {
  switch (cmp->getType()) {
  case P::EQ:
    return SelectCmp::Eq;
  case P::LT:
    return SelectCmp::Lt;
  case P::GT:
    return SelectCmp::Gt;
  case P::GE:
    return SelectCmp::Ge;
  case P::LE:
    return SelectCmp::Le;
  case P::NE:
    return SelectCmp::Ne;
  default:
    throw BuildError("internal error: unknown select comparison", cmp);
  }
}

static ExampleSubset getSubset(const antlr4::Token *which) {
  if (!which)
    return ExampleSubset::Both;
  return which->getType() == P::SOP ? ExampleSubset::SOp
                                    : ExampleSubset::Selector;
}

/// exprList : items+=expr (COMMA items+=expr)* ;
static void flattenExprList(P::ExprListContext *list,
                            llvm::SmallVectorImpl<P::ExprContext *> &out) {
  if (!list)
    return;
  for (P::ExprContext *item : list->items)
    out.push_back(need(item, list));
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

namespace {

/// Which AST node an expression context becomes.
enum class ExprShape {
  Paren, Index, Call, Prefix, BuiltinUnary, Binary, Select, Ternary, Name,
  Literal, List, Dict, Aggregate, Range, ListComp, DictComp, In, Zip, Len,
};

/// One expression context on the work stack. Its operands (the expression
/// contexts below it, in source order) are built first; then the node.
struct ExprFrame {
  P::ExprContext *ctx;
  ExprShape shape;
  unsigned numOperands;
  bool expanded;
};

} // namespace

/// Classifies \p ctx and appends its operand expressions, in source order.
static ExprShape collectOperands(P::ExprContext *ctx,
                                 llvm::SmallVectorImpl<P::ExprContext *> &ops) {
  if (auto *c = dynamic_cast<P::ParenExprContext *>(ctx)) {
    ops.push_back(need(c->inner, c));
    return ExprShape::Paren;
  }
  if (auto *c = dynamic_cast<P::BinaryExprContext *>(ctx)) {
    ops.push_back(need(c->lhs, c));
    ops.push_back(need(c->rhs, c));
    return ExprShape::Binary;
  }
  if (dynamic_cast<P::NameExprContext *>(ctx))
    return ExprShape::Name;
  if (dynamic_cast<P::LiteralExprContext *>(ctx))
    return ExprShape::Literal;
  if (auto *c = dynamic_cast<P::IndexExprContext *>(ctx)) {
    ops.push_back(need(c->base, c));
    ops.push_back(need(c->index, c));
    return ExprShape::Index;
  }
  if (auto *c = dynamic_cast<P::CallExprContext *>(ctx)) {
    ops.push_back(need(c->callee, c));
    flattenExprList(c->args, ops);
    return ExprShape::Call;
  }
  if (auto *c = dynamic_cast<P::PrefixExprContext *>(ctx)) {
    ops.push_back(need(c->operand, c));
    return ExprShape::Prefix;
  }
  if (auto *c = dynamic_cast<P::BuiltinUnaryExprContext *>(ctx)) {
    ops.push_back(need(c->operand, c));
    return ExprShape::BuiltinUnary;
  }
  if (auto *c = dynamic_cast<P::SelectExprContext *>(ctx)) {
    ops.push_back(need(c->keys, c));
    ops.push_back(need(c->queries, c));
    return ExprShape::Select;
  }
  if (auto *c = dynamic_cast<P::TernaryExprContext *>(ctx)) {
    ops.push_back(need(c->thenValue, c));
    ops.push_back(need(c->cond, c));
    ops.push_back(need(c->elseValue, c));
    return ExprShape::Ternary;
  }
  if (auto *c = dynamic_cast<P::ListExprContext *>(ctx)) {
    flattenExprList(need(c->listLiteral(), c)->items, ops);
    return ExprShape::List;
  }
  if (auto *c = dynamic_cast<P::DictExprContext *>(ctx)) {
    // keyValueList : items+=keyValue (COMMA items+=keyValue)* ;
    if (P::KeyValueListContext *kv = need(c->dictLiteral(), c)->items) {
      for (P::KeyValueContext *item : kv->items) {
        P::KeyValueContext *entry = need(item, kv);
        ops.push_back(need(entry->key, entry));
        ops.push_back(need(entry->value, entry));
      }
    }
    return ExprShape::Dict;
  }
  if (auto *c = dynamic_cast<P::AggregateExprContext *>(ctx)) {
    P::AggregateCallContext *call = need(c->aggregateCall(), c);
    ops.push_back(need(call->sel, call));
    ops.push_back(need(call->sop, call));
    if (call->fallback)
      ops.push_back(call->fallback);
    return ExprShape::Aggregate;
  }
  if (auto *c = dynamic_cast<P::RangeExprContext *>(ctx)) {
    flattenExprList(need(c->args, c), ops);
    return ExprShape::Range;
  }
  if (auto *c = dynamic_cast<P::ListCompExprContext *>(ctx)) {
    P::ListComprehensionContext *comp = need(c->listComprehension(), c);
    ops.push_back(need(comp->value, comp));
    ops.push_back(need(comp->iterable, comp));
    return ExprShape::ListComp;
  }
  if (auto *c = dynamic_cast<P::DictCompExprContext *>(ctx)) {
    P::DictComprehensionContext *comp = need(c->dictComprehension(), c);
    ops.push_back(need(comp->key, comp));
    ops.push_back(need(comp->value, comp));
    ops.push_back(need(comp->iterable, comp));
    return ExprShape::DictComp;
  }
  if (auto *c = dynamic_cast<P::InExprContext *>(ctx)) {
    ops.push_back(need(c->element, c));
    ops.push_back(need(c->container, c));
    return ExprShape::In;
  }
  if (auto *c = dynamic_cast<P::ZipExprContext *>(ctx)) {
    flattenExprList(need(c->args, c), ops);
    return ExprShape::Zip;
  }
  if (auto *c = dynamic_cast<P::LenExprContext *>(ctx)) {
    ops.push_back(need(c->operand, c));
    return ExprShape::Len;
  }
  throw BuildError("internal error: unknown expression form", ctx->getStart());
}

ExprPtr ASTBuilder::buildExpr(P::ExprContext *root) {
  std::vector<ExprFrame> work;
  std::vector<ExprPtr> results;
  llvm::SmallVector<P::ExprContext *, 8> ops;
  work.push_back({root, ExprShape::Paren, 0, false});

  while (!work.empty()) {
    if (!work.back().expanded) {
      ops.clear();
      P::ExprContext *ctx = need(work.back().ctx, root);
      ExprShape shape = collectOperands(ctx, ops);
      work.back() = {ctx, shape, static_cast<unsigned>(ops.size()), true};
      for (P::ExprContext *op : llvm::reverse(ops))
        work.push_back({op, ExprShape::Paren, 0, false});
      continue;
    }

    ExprFrame frame = work.back();
    work.pop_back();
    P::ExprContext *ctx = frame.ctx;
    assert(results.size() >= frame.numOperands && "operands not built");
    size_t firstOperand = results.size() - frame.numOperands;
    llvm::MutableArrayRef<ExprPtr> opnds(results.data() + firstOperand,
                                         frame.numOperands);
    auto takeAll = [&](size_t from) {
      ExprList list;
      list.reserve(opnds.size() - from);
      for (size_t i = from; i < opnds.size(); ++i)
        list.push_back(std::move(opnds[i]));
      return list;
    };
    llvm::SMLoc l = loc(ctx);
    ExprPtr node;

    switch (frame.shape) {
    case ExprShape::Paren:
      node = std::make_unique<ParenExpr>(l, std::move(opnds[0]));
      break;
    case ExprShape::Index:
      node = std::make_unique<IndexExpr>(l, std::move(opnds[0]),
                                         std::move(opnds[1]));
      break;
    case ExprShape::Call:
      node = std::make_unique<CallExpr>(l, std::move(opnds[0]), takeAll(1));
      break;
    case ExprShape::Prefix: {
      auto *c = static_cast<P::PrefixExprContext *>(ctx);
      node = std::make_unique<UnaryExpr>(l, getUnaryOp(need(c->op, c)),
                                         std::move(opnds[0]));
      break;
    }
    case ExprShape::BuiltinUnary: {
      auto *c = static_cast<P::BuiltinUnaryExprContext *>(ctx);
      node = std::make_unique<UnaryExpr>(l, getUnaryOp(need(c->op, c)),
                                         std::move(opnds[0]));
      break;
    }
    case ExprShape::Binary: {
      auto *c = static_cast<P::BinaryExprContext *>(ctx);
      antlr4::Token *op = need(c->op, c);
      auto bin = std::make_unique<BinaryExpr>(
          l, getBinaryOp(op), std::move(opnds[0]), std::move(opnds[1]));
      bin->setOpLoc(loc(op));
      node = std::move(bin);
      break;
    }
    case ExprShape::Select: {
      auto *c = static_cast<P::SelectExprContext *>(ctx);
      node = std::make_unique<SelectExpr>(l, std::move(opnds[0]),
                                          std::move(opnds[1]),
                                          getSelectCmp(need(c->cmp, c)));
      break;
    }
    case ExprShape::Ternary:
      node = std::make_unique<TernaryExpr>(
          l, std::move(opnds[0]), std::move(opnds[1]), std::move(opnds[2]));
      break;
    case ExprShape::Name: {
      auto *c = static_cast<P::NameExprContext *>(ctx);
      node = std::make_unique<NameExpr>(l, text(need(c->name, c)).str());
      break;
    }
    case ExprShape::Literal: {
      auto *c = static_cast<P::LiteralExprContext *>(ctx);
      P::LiteralContext *lit = need(c->literal(), c);
      if (lit->intLit) {
        node = std::make_unique<IntLitExpr>(l, text(lit->intLit).str());
      } else if (lit->floatLit) {
        std::string digits = text(lit->floatLit).str();
        node = std::make_unique<FloatLitExpr>(
            l, std::strtod(digits.c_str(), nullptr));
      } else {
        node = std::make_unique<StringLitExpr>(
            l, stripQuotes(text(need(lit->stringLit, lit))).str());
      }
      break;
    }
    case ExprShape::List:
      node = std::make_unique<ListExpr>(l, takeAll(0));
      break;
    case ExprShape::Dict: {
      std::vector<DictExpr::Entry> entries;
      entries.reserve(opnds.size() / 2);
      for (size_t i = 0; i + 1 < opnds.size(); i += 2)
        entries.push_back({std::move(opnds[i]), std::move(opnds[i + 1])});
      node = std::make_unique<DictExpr>(l, std::move(entries));
      break;
    }
    case ExprShape::Aggregate:
      node = std::make_unique<AggregateExpr>(
          l, std::move(opnds[0]), std::move(opnds[1]),
          opnds.size() > 2 ? std::move(opnds[2]) : nullptr);
      break;
    case ExprShape::Range:
      node = std::make_unique<RangeExpr>(l, takeAll(0));
      break;
    case ExprShape::ListComp: {
      auto *comp = static_cast<P::ListCompExprContext *>(ctx)
                       ->listComprehension();
      node = std::make_unique<ListCompExpr>(l, std::move(opnds[0]),
                                            buildNames(need(comp->names, comp)),
                                            std::move(opnds[1]));
      break;
    }
    case ExprShape::DictComp: {
      auto *comp = static_cast<P::DictCompExprContext *>(ctx)
                       ->dictComprehension();
      node = std::make_unique<DictCompExpr>(
          l, std::move(opnds[0]), std::move(opnds[1]),
          buildNames(need(comp->names, comp)), std::move(opnds[2]));
      break;
    }
    case ExprShape::In:
      node = std::make_unique<InExpr>(l, std::move(opnds[0]),
                                      std::move(opnds[1]));
      break;
    case ExprShape::Zip:
      node = std::make_unique<ZipExpr>(l, takeAll(0));
      break;
    case ExprShape::Len:
      node = std::make_unique<LenExpr>(l, std::move(opnds[0]));
      break;
    }

    results.resize(firstOperand);
    results.push_back(std::move(node));
  }

  assert(results.size() == 1 && "expression builder out of balance");
  return std::move(results.back());
}

ExprList ASTBuilder::buildExprList(P::ExprListContext *ctx) {
  llvm::SmallVector<P::ExprContext *, 8> items;
  flattenExprList(ctx, items);
  ExprList list;
  list.reserve(items.size());
  for (P::ExprContext *item : items)
    list.push_back(buildExpr(item));
  return list;
}

/// nameList : names+=ID (COMMA names+=ID)* ;
std::vector<std::string>
ASTBuilder::buildNames(P::NameListContext *ctx,
                       std::vector<llvm::SMLoc> *locs) {
  std::vector<std::string> names;
  if (!ctx)
    return names;
  for (antlr4::Token *item : ctx->names) {
    antlr4::Token *id = need(item, ctx);
    names.push_back(text(id).str());
    if (locs)
      locs->push_back(loc(id));
  }
  return names;
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

/// program : statement+? EOF ;
StmtList ASTBuilder::buildProgram(P::ProgramContext *ctx) {
  StmtList stmts;
  for (P::StatementContext *s : ctx->statement())
    stmts.push_back(buildStatement(s));
  return stmts;
}

/// statement : raspStatement Comment? | replCommand Comment? | Comment ;
StmtPtr ASTBuilder::buildStatement(P::StatementContext *ctx) {
  if (auto *c = dynamic_cast<P::RaspStmtContext *>(ctx))
    return buildRaspStatement(need(c->raspStatement(), c));
  if (auto *c = dynamic_cast<P::ReplStmtContext *>(ctx))
    return buildReplCommand(need(c->replCommand(), c));
  if (dynamic_cast<P::CommentStmtContext *>(ctx))
    return std::make_unique<CommentStmt>(loc(ctx));
  throw BuildError("internal error: unknown statement form", ctx->getStart());
}

StmtPtr ASTBuilder::buildRaspStatement(P::RaspStatementContext *ctx) {
  llvm::SMLoc l = loc(ctx);
  // expr SEMI
  if (auto *c = dynamic_cast<P::ExprStmtContext *>(ctx))
    return std::make_unique<ExprStmt>(l, buildExpr(need(c->expr(), c)));
  // assignment : targets=nameList ASSIGN values=exprList ;
  if (auto *c = dynamic_cast<P::AssignStmtContext *>(ctx)) {
    P::AssignmentContext *a = need(c->assignment(), c);
    std::vector<llvm::SMLoc> nameLocs;
    std::vector<std::string> names = buildNames(need(a->targets, a), &nameLocs);
    return std::make_unique<AssignStmt>(l, std::move(names),
                                        std::move(nameLocs),
                                        buildExprList(need(a->values, a)));
  }
  // drawCall : DRAW LPAREN sop=expr (COMMA input=expr)? RPAREN ;
  if (auto *c = dynamic_cast<P::DrawStmtContext *>(ctx)) {
    P::DrawCallContext *d = need(c->drawCall(), c);
    ExprPtr sop = buildExpr(need(d->sop, d));
    ExprPtr input = d->input ? buildExpr(d->input) : nullptr;
    return std::make_unique<DrawStmt>(l, std::move(sop), std::move(input));
  }
  // loadFile : LOAD path=String ;
  if (auto *c = dynamic_cast<P::LoadStmtContext *>(ctx)) {
    P::LoadFileContext *f = need(c->loadFile(), c);
    return std::make_unique<LoadStmt>(
        l, stripQuotes(text(need(f->path, f))).str());
  }
  if (auto *c = dynamic_cast<P::DefStmtContext *>(ctx))
    return buildFunctionDef(need(c->functionDef(), c));
  if (auto *c = dynamic_cast<P::ForStmtContext *>(ctx))
    return buildForLoop(need(c->forLoop(), c));
  throw BuildError("internal error: unknown statement form", ctx->getStart());
}

/// functionDef : DEF name=ID LPAREN (params=nameList)? RPAREN LBRACE
///   commentList? (body=bodyList)? ret=returnStatement commentList? RBRACE ;
StmtPtr ASTBuilder::buildFunctionDef(P::FunctionDefContext *ctx) {
  std::vector<std::string> params = buildNames(ctx->params);
  StmtList body = buildBody(ctx->body);
  P::ReturnStatementContext *ret = need(ctx->ret, ctx);
  return std::make_unique<FuncDefStmt>(
      loc(ctx), text(need(ctx->name, ctx)).str(), std::move(params),
      std::move(body), buildExprList(need(ret->values, ret)));
}

/// forLoop : FOR names=nameList IN iterable=expr LBRACE body=bodyList RBRACE ;
StmtPtr ASTBuilder::buildForLoop(P::ForLoopContext *ctx) {
  std::vector<std::string> names = buildNames(need(ctx->names, ctx));
  ExprPtr iterable = buildExpr(need(ctx->iterable, ctx));
  return std::make_unique<ForStmt>(loc(ctx), std::move(names),
                                   std::move(iterable), buildBody(ctx->body));
}

/// bodyList : head=raspStatement Comment? (tail=bodyList)?
///          | Comment (tail=bodyList)? ;
/// Comments are dropped.
StmtList ASTBuilder::buildBody(P::BodyListContext *ctx) {
  StmtList body;
  for (; ctx; ctx = ctx->tail)
    if (ctx->head)
      body.push_back(buildRaspStatement(ctx->head));
  return body;
}

StmtPtr ASTBuilder::buildReplCommand(P::ReplCommandContext *ctx) {
  llvm::SMLoc l = loc(ctx);
  // setExample : SET which=(SOP | SELECTOR)? EXAMPLE value=expr ;
  if (P::SetExampleContext *c = ctx->setExample())
    return std::make_unique<SetExampleStmt>(l, getSubset(c->which),
                                            buildExpr(need(c->value, c)));
  // showExample : SHOW which=(SOP | SELECTOR)? EXAMPLE ;
  if (P::ShowExampleContext *c = ctx->showExample())
    return std::make_unique<ShowExampleStmt>(l, getSubset(c->which));
  // toggleExamples : which=(SOP | SELECTOR)? EXAMPLES state=(ON | OFF) ;
  if (P::ToggleExamplesContext *c = ctx->toggleExamples())
    return std::make_unique<ToggleExamplesStmt>(
        l, getSubset(c->which), need(c->state, c)->getType() == P::ON);
  // toggleFullSeq : FULLSEQ state=(ON | OFF) ;
  if (P::ToggleFullSeqContext *c = ctx->toggleFullSeq())
    return std::make_unique<ToggleFullSeqStmt>(
        l, need(c->state, c)->getType() == P::ON);
  // exitCommand : EXITCALL | EXIT | QUIT | QUITCALL ;
  if (ctx->exitCommand())
    return std::make_unique<ExitStmt>(l);
  throw BuildError("internal error: unknown REPL command", ctx->getStart());
}
