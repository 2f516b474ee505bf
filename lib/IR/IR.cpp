//===- IR.cpp - The RASP IR: element functions, printer, verifier ---------===//

#include "rasp/IR/IR.h"

#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace rasp;
using namespace rasp::ir;

//===----------------------------------------------------------------------===//
// ElemExpr
//===----------------------------------------------------------------------===//

ElemExprPtr ElemExpr::arg(unsigned index) {
  ElemExprPtr e(new ElemExpr(Kind::Arg));
  e->argIndex = index;
  return e;
}

ElemExprPtr ElemExpr::constant(Atom value) {
  ElemExprPtr e(new ElemExpr(Kind::Const));
  e->value = std::move(value);
  return e;
}

ElemExprPtr ElemExpr::opaque(std::string typeName, std::string text) {
  ElemExprPtr e(new ElemExpr(Kind::Opaque));
  e->opaqueType = std::move(typeName);
  e->opaqueText = std::move(text);
  return e;
}

ElemExprPtr ElemExpr::unary(py::UnOp op, ElemExprPtr a) {
  ElemExprPtr e(new ElemExpr(Kind::Unary));
  e->unOp = op;
  e->children.push_back(std::move(a));
  return e;
}

ElemExprPtr ElemExpr::binary(py::BinOp op, ElemExprPtr a, ElemExprPtr b) {
  ElemExprPtr e(new ElemExpr(Kind::Binary));
  e->binOp = op;
  e->children.push_back(std::move(a));
  e->children.push_back(std::move(b));
  return e;
}

ElemExprPtr ElemExpr::ternary(ElemExprPtr cond, ElemExprPtr thenV,
                              ElemExprPtr elseV) {
  ElemExprPtr e(new ElemExpr(Kind::Ternary));
  e->children.push_back(std::move(cond));
  e->children.push_back(std::move(thenV));
  e->children.push_back(std::move(elseV));
  return e;
}

ElemExprPtr ElemExpr::inList(ElemExprPtr a, std::vector<Atom> list) {
  ElemExprPtr e(new ElemExpr(Kind::InList));
  e->children.push_back(std::move(a));
  e->list = std::move(list);
  return e;
}

ElemExprPtr ElemExpr::lookup(ElemExprPtr a,
                             std::shared_ptr<LookupTable> table) {
  ElemExprPtr e(new ElemExpr(Kind::Lookup));
  e->children.push_back(std::move(a));
  e->table = std::move(table);
  return e;
}

ElemExprPtr ElemExpr::logical(bool isAnd, ElemExprPtr a, ElemExprPtr b) {
  ElemExprPtr e(new ElemExpr(isAnd ? Kind::And : Kind::Or));
  e->children.push_back(std::move(a));
  e->children.push_back(std::move(b));
  return e;
}

ElemExprPtr ElemExpr::hole(std::string name, std::string shape,
                           std::vector<ElemExprPtr> inputs) {
  ElemExprPtr e(new ElemExpr(Kind::Hole));
  e->holeName = std::move(name);
  e->holeShape = std::move(shape);
  e->children = std::move(inputs);
  return e;
}

const ElemExpr *ElemExpr::findHole() const {
  if (kind == Kind::Hole)
    return this;
  for (const auto &c : children)
    if (const ElemExpr *h = c->findHole())
      return h;
  return nullptr;
}

ElemExprPtr ElemExpr::clone() const {
  ElemExprPtr e(new ElemExpr(kind));
  e->argIndex = argIndex;
  e->value = value;
  e->unOp = unOp;
  e->binOp = binOp;
  for (const auto &c : children)
    e->children.push_back(c->clone());
  e->list = list;
  e->table = table;
  e->opaqueType = opaqueType;
  e->opaqueText = opaqueText;
  e->holeName = holeName;
  e->holeShape = holeShape;
  return e;
}

static const char *unOpName(py::UnOp op) {
  switch (op) {
  case py::UnOp::Neg:
    return "-";
  case py::UnOp::Pos:
    return "+";
  case py::UnOp::Round:
    return "round";
  case py::UnOp::Not:
    return "not";
  case py::UnOp::Bool:
    return "bool";
  case py::UnOp::Indicator:
    return "indicator";
  }
  return "?";
}

static const char *binOpName(py::BinOp op) {
  switch (op) {
  case py::BinOp::Pow:
    return "^";
  default:
    return py::spelling(op);
  }
}

void ElemExpr::print(llvm::raw_ostream &os) const {
  switch (kind) {
  case Kind::Arg:
    os << "x" << argIndex;
    return;
  case Kind::Const:
    os << py::repr(value);
    return;
  case Kind::Opaque:
    os << opaqueText;
    return;
  case Kind::Unary:
    os << unOpName(unOp) << "(";
    children[0]->print(os);
    os << ")";
    return;
  case Kind::Binary:
    os << "(";
    children[0]->print(os);
    os << " " << binOpName(binOp) << " ";
    children[1]->print(os);
    os << ")";
    return;
  case Kind::Ternary:
    os << "(";
    children[1]->print(os);
    os << " if ";
    children[0]->print(os);
    os << " else ";
    children[2]->print(os);
    os << ")";
    return;
  case Kind::InList:
    os << "(";
    children[0]->print(os);
    os << " in [";
    llvm::interleaveComma(list, os, [&](const Atom &a) { os << py::repr(a); });
    os << "])";
    return;
  case Kind::Lookup:
    os << table->description << "[";
    children[0]->print(os);
    os << "]";
    return;
  case Kind::And:
  case Kind::Or:
    os << "(";
    children[0]->print(os);
    os << (kind == Kind::And ? " and " : " or ");
    children[1]->print(os);
    os << ")";
    return;
  case Kind::Hole:
    os << "?" << holeName << "[" << holeShape << "](";
    for (size_t i = 0; i < children.size(); ++i) {
      if (i)
        os << ", ";
      children[i]->print(os);
    }
    os << ")";
    return;
  }
}

//===----------------------------------------------------------------------===//
// Ops
//===----------------------------------------------------------------------===//

llvm::StringRef ir::getOpKindName(OpKind kind) {
  switch (kind) {
#define RASP_OP(Name, Spelling)                                                \
  case OpKind::Name:                                                           \
    return Spelling;
#include "rasp/IR/Ops.def"
  }
  return "?";
}

llvm::StringRef ir::getComparisonSpelling(Comparison c) {
  switch (c) {
  case Comparison::EQ:
    return "==";
  case Comparison::LT:
    return "<";
  case Comparison::LEQ:
    return "<=";
  case Comparison::GT:
    return ">";
  case Comparison::GEQ:
    return ">=";
  case Comparison::NEQ:
    return "!=";
  case Comparison::True:
    return "true";
  case Comparison::False:
    return "false";
  }
  return "?";
}

std::vector<Op *> ir::collectDependencies(llvm::ArrayRef<Op *> roots) {
  llvm::DenseSet<Op *> seen;
  std::vector<Op *> worklist(roots.begin(), roots.end());
  std::vector<Op *> result;
  while (!worklist.empty()) {
    Op *op = worklist.back();
    worklist.pop_back();
    if (!seen.insert(op).second)
      continue;
    result.push_back(op);
    for (Op *operand : op->getOperands())
      worklist.push_back(operand);
  }
  llvm::sort(result,
             [](const Op *a, const Op *b) { return a->getId() < b->getId(); });
  return result;
}

static const char *tokensConvName(TokensConv c) {
  switch (c) {
  case TokensConv::Str:
    return "str";
  case TokensConv::Int:
    return "int";
  case TokensConv::Float:
    return "float";
  case TokensConv::Bool:
    return "bool";
  case TokensConv::AsIs:
    return "asis";
  }
  return "?";
}

void ir::printOps(llvm::ArrayRef<Op *> roots, llvm::raw_ostream &os,
                  const std::function<std::string(const Op *)> &nameOf) {
  for (Op *op : collectDependencies(roots)) {
    os << "%" << op->getId() << " = " << getOpKindName(op->getKind());
    auto printOperands = [&]() {
      bool first = true;
      for (Op *operand : op->getOperands()) {
        os << (first ? " " : ", ") << "%" << operand->getId();
        first = false;
      }
    };
    switch (op->getKind()) {
    case OpKind::Tokens:
      os << " " << tokensConvName(llvm::cast<TokensOp>(op)->getConv());
      break;
    case OpKind::Indices:
      break;
    case OpKind::Constant:
      os << " " << py::repr(llvm::cast<ConstantOp>(op)->getValue());
      break;
    case OpKind::Map:
    case OpKind::SequenceMap:
      printOperands();
      os << " {";
      llvm::cast<MapOp>(op)->getFunction().print(os);
      os << "}";
      break;
    case OpKind::Select:
      printOperands();
      os << ", "
         << getComparisonSpelling(llvm::cast<SelectOp>(op)->getComparison());
      break;
    case OpKind::SelectorAnd:
    case OpKind::SelectorOr:
    case OpKind::SelectorNot:
    case OpKind::SelectorWidth:
      printOperands();
      break;
    case OpKind::Aggregate:
      printOperands();
      os << " default " << py::repr(llvm::cast<AggregateOp>(op)->getDefault());
      break;
    case OpKind::Choose:
      os << "[" << llvm::cast<ChooseOp>(op)->getName() << "]";
      printOperands();
      break;
    }
    os << " : " << (op->isSelector() ? "selector" : "sop");
    if (nameOf) {
      std::string name = nameOf(op);
      if (!name.empty())
        os << "  # " << name;
    }
    os << "\n";
  }
}

std::string ir::describeHole(const Op *op) {
  std::string name;
  if (const auto *c = llvm::dyn_cast<ChooseOp>(op))
    name = c->getName();
  else if (const auto *m = llvm::dyn_cast<MapOp>(op))
    if (const ElemExpr *h = m->getFunction().findHole())
      name = h->getHoleName().str();
  if (name.empty() && !llvm::isa<ChooseOp>(op))
    return "";
  std::string text;
  llvm::raw_string_ostream os(text);
  os << "unfilled hole '" << name << "' (%" << op->getId() << ", ";
  if (const auto *c = llvm::dyn_cast<ChooseOp>(op))
    os << "?choose among " << c->getNumOperands() << " candidates)";
  else
    os << "a " << getOpKindName(op->getKind()) << " with a learnable function)";
  return os.str();
}

std::string ir::describeFirstHole(llvm::ArrayRef<Op *> roots) {
  for (Op *op : collectDependencies(roots)) {
    std::string d = describeHole(op);
    if (!d.empty())
      return d;
  }
  return "";
}

std::string ir::verify(llvm::ArrayRef<Op *> roots) {
  std::string hole = describeFirstHole(roots);
  if (!hole.empty())
    return hole + ": holes are allowed only in a sketch module";
  return verify(Module(), roots);
}

std::string ir::verify(const Module &m, llvm::ArrayRef<Op *> roots) {
  for (Op *op : collectDependencies(roots)) {
    auto fail = [&](const std::string &what) {
      return "%" + std::to_string(op->getId()) + " (" +
             getOpKindName(op->getKind()).str() + "): " + what;
    };
    for (Op *operand : op->getOperands())
      if (operand->getId() >= op->getId())
        return fail("operand defined after its user");
    switch (op->getKind()) {
    case OpKind::Tokens:
    case OpKind::Indices:
    case OpKind::Constant:
      if (op->getNumOperands() != 0)
        return fail("expected no operands");
      break;
    case OpKind::Map:
      if (op->getNumOperands() != 1 || op->getOperand(0)->isSelector())
        return fail("expected one s-op operand");
      break;
    case OpKind::SequenceMap:
      for (Op *operand : op->getOperands())
        if (operand->isSelector())
          return fail("expected s-op operands");
      break;
    case OpKind::Select:
      if (op->getNumOperands() != 2 || op->getOperand(0)->isSelector() ||
          op->getOperand(1)->isSelector())
        return fail("expected two s-op operands");
      break;
    case OpKind::SelectorAnd:
    case OpKind::SelectorOr:
      if (op->getNumOperands() != 2 || !op->getOperand(0)->isSelector() ||
          !op->getOperand(1)->isSelector())
        return fail("expected two selector operands");
      break;
    case OpKind::SelectorNot:
    case OpKind::SelectorWidth:
      if (op->getNumOperands() != 1 || !op->getOperand(0)->isSelector())
        return fail("expected one selector operand");
      break;
    case OpKind::Aggregate:
      if (op->getNumOperands() != 2 || !op->getOperand(0)->isSelector() ||
          op->getOperand(1)->isSelector())
        return fail("expected a selector and an s-op");
      break;
    case OpKind::Choose:
      if (op->getNumOperands() == 0)
        return fail("expected at least one candidate");
      for (Op *operand : op->getOperands())
        if (operand->isSelector())
          return fail("expected s-op candidates");
      break;
    }
    std::string hole = describeHole(op);
    if (!hole.empty() && !m.isSketch())
      return hole + ": holes are allowed only in a sketch module";
  }
  return "";
}
