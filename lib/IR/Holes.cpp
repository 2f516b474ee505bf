//===- Holes.cpp - Filling the holes of a sketch module --------------------===//
//
// A sketch module (Module::isSketch) may hold two kinds of holes: a ChooseOp
// (the value of one of its candidate operands) and a Hole node inside a map's
// element function (a learnable table over the hole's inputs). fillHoles
// copies the ops a sketch's roots depend on into an ordinary module,
// replacing each hole by what the filler gives; nothing else changes.
//
//===----------------------------------------------------------------------===//

#include "rasp/IR/IR.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <map>
#include <tuple>

using namespace rasp;
using namespace rasp::ir;

namespace {

/// A copy of the inner node \p e with children \p kids.
ElemExprPtr rebuild(const ElemExpr &e, std::vector<ElemExprPtr> kids) {
  switch (e.getKind()) {
  case ElemExpr::Kind::Unary:
    return ElemExpr::unary(e.getUnOp(), std::move(kids[0]));
  case ElemExpr::Kind::Binary:
    return ElemExpr::binary(e.getBinOp(), std::move(kids[0]),
                            std::move(kids[1]));
  case ElemExpr::Kind::Ternary:
    return ElemExpr::ternary(std::move(kids[0]), std::move(kids[1]),
                             std::move(kids[2]));
  case ElemExpr::Kind::InList:
    return ElemExpr::inList(std::move(kids[0]),
                            std::vector<Atom>(e.getList().begin(),
                                              e.getList().end()));
  case ElemExpr::Kind::Lookup:
    return ElemExpr::lookup(std::move(kids[0]),
                            std::make_shared<LookupTable>(e.getTable()));
  case ElemExpr::Kind::And:
  case ElemExpr::Kind::Or:
    return ElemExpr::logical(e.getKind() == ElemExpr::Kind::And,
                             std::move(kids[0]), std::move(kids[1]));
  case ElemExpr::Kind::Hole:
    return ElemExpr::hole(e.getHoleName().str(), e.getHoleShape().str(),
                          std::move(kids));
  case ElemExpr::Kind::Arg:
  case ElemExpr::Kind::Const:
  case ElemExpr::Kind::Opaque:
    break;
  }
  return e.clone();
}

/// Replaces every Arg(i) of \p e by a copy of inputs[i].
ElemExprPtr substituteArgs(const ElemExpr &e,
                           llvm::ArrayRef<const ElemExpr *> inputs,
                           std::string &error) {
  if (e.getKind() == ElemExpr::Kind::Arg) {
    if (e.getArgIndex() >= inputs.size()) {
      error = "a hole's filling reads x" + std::to_string(e.getArgIndex()) +
              " but the hole has " + std::to_string(inputs.size()) +
              " inputs";
      return nullptr;
    }
    return inputs[e.getArgIndex()]->clone();
  }
  if (e.getChildren().empty())
    return e.clone();
  std::vector<ElemExprPtr> kids;
  for (const auto &c : e.getChildren()) {
    ElemExprPtr k = substituteArgs(*c, inputs, error);
    if (!k)
      return nullptr;
    kids.push_back(std::move(k));
  }
  return rebuild(e, std::move(kids));
}

/// \p e with every Hole node replaced by its filling.
ElemExprPtr fillFunction(const ElemExpr &e, const HoleFiller &fill,
                         std::string &error) {
  if (!e.findHole())
    return e.clone();
  std::vector<ElemExprPtr> kids;
  for (const auto &c : e.getChildren()) {
    ElemExprPtr k = fillFunction(*c, fill, error);
    if (!k)
      return nullptr;
    kids.push_back(std::move(k));
  }
  if (e.getKind() == ElemExpr::Kind::Hole) {
    ElemExprPtr body = fill.function ? fill.function(e) : nullptr;
    if (!body) {
      error = "no filling for hole '" + e.getHoleName().str() + "'";
      return nullptr;
    }
    std::vector<const ElemExpr *> inputs;
    for (const auto &k : kids)
      inputs.push_back(k.get());
    ElemExprPtr r = substituteArgs(*body, inputs, error);
    if (r && r->findHole()) {
      error = "the filling of hole '" + e.getHoleName().str() +
              "' has a hole itself";
      return nullptr;
    }
    return r;
  }
  // A node above a hole: rebuild it around the filled children.
  return rebuild(e, std::move(kids));
}

} // namespace

std::vector<Op *> ir::fillHoles(llvm::ArrayRef<Op *> roots,
                                const HoleFiller &fill, Module &out,
                                std::string &error) {
  llvm::DenseMap<const Op *, Op *> copy;
  // Structurally identical selector ops (same kind, operands and
  // comparison / default) are made once: a sketch gives every head its own
  // candidates, so two heads that choose the same variable would otherwise
  // compute its sort rank twice.
  std::map<std::tuple<int, std::vector<unsigned>, std::string>, Op *> made;
  auto fail = [&](const std::string &what) {
    error = what;
    return std::vector<Op *>();
  };
  // The ops the filled roots need: a ?choose needs only its choice, so the
  // candidates it does not take are not copied.
  llvm::DenseMap<const Op *, unsigned> chosen;
  std::vector<Op *> needed;
  {
    llvm::DenseSet<Op *> seen;
    std::vector<Op *> worklist(roots.begin(), roots.end());
    while (!worklist.empty()) {
      Op *op = worklist.back();
      worklist.pop_back();
      if (!seen.insert(op).second)
        continue;
      needed.push_back(op);
      if (const auto *ch = llvm::dyn_cast<ChooseOp>(op)) {
        unsigned i = fill.choose ? fill.choose(*ch) : ~0u;
        if (i >= ch->getNumOperands())
          return fail("hole '" + ch->getName() + "': choice " +
                      (i == ~0u ? std::string("missing")
                                : std::to_string(i)) +
                      " is not one of its " +
                      std::to_string(ch->getNumOperands()) + " candidates");
        chosen[op] = i;
        worklist.push_back(op->getOperand(i));
        continue;
      }
      for (Op *o : op->getOperands())
        worklist.push_back(o);
    }
    llvm::sort(needed, [](const Op *a, const Op *b) {
      return a->getId() < b->getId();
    });
  }
  for (Op *op : needed) {
    llvm::SmallVector<Op *, 3> ops;
    if (!llvm::isa<ChooseOp>(op))
      for (Op *o : op->getOperands())
        ops.push_back(copy.lookup(o));
    Op *c = nullptr;
    std::string attr;
    switch (op->getKind()) {
    case OpKind::Choose:
      copy[op] = copy.lookup(op->getOperand(chosen.lookup(op)));
      continue;
    case OpKind::Tokens:
      c = out.create<TokensOp>(llvm::cast<TokensOp>(op)->getConv(),
                               op->getLoc());
      break;
    case OpKind::Indices:
      c = out.create<IndicesOp>(op->getLoc());
      break;
    case OpKind::Constant:
      c = out.create<ConstantOp>(llvm::cast<ConstantOp>(op)->getValue(),
                                 op->getLoc());
      break;
    case OpKind::Map:
    case OpKind::SequenceMap: {
      ElemExprPtr fn =
          fillFunction(llvm::cast<MapOp>(op)->getFunction(), fill, error);
      if (!fn)
        return {};
      c = out.create<MapOp>(ops, std::move(fn), op->getLoc());
      break;
    }
    case OpKind::Select:
      attr = getComparisonSpelling(llvm::cast<SelectOp>(op)->getComparison())
                 .str();
      [[fallthrough]];
    case OpKind::SelectorAnd:
    case OpKind::SelectorOr:
    case OpKind::SelectorNot:
    case OpKind::SelectorWidth:
    case OpKind::Aggregate: {
      if (const auto *a = llvm::dyn_cast<AggregateOp>(op))
        attr = py::repr(a->getDefault()) + ":" +
               std::to_string(int(a->getDefault().getKind()));
      std::vector<unsigned> ids;
      for (Op *o : ops)
        ids.push_back(o->getId());
      Op *&same = made[{int(op->getKind()), ids, attr}];
      if (same) {
        copy[op] = same;
        continue;
      }
      switch (op->getKind()) {
      case OpKind::Select:
        c = out.create<SelectOp>(ops[0], ops[1],
                                 llvm::cast<SelectOp>(op)->getComparison(),
                                 op->getLoc());
        break;
      case OpKind::SelectorWidth:
        c = out.create<SelectorWidthOp>(ops[0], op->getLoc());
        break;
      case OpKind::Aggregate:
        c = out.create<AggregateOp>(ops[0], ops[1],
                                    llvm::cast<AggregateOp>(op)->getDefault(),
                                    op->getLoc());
        break;
      default:
        c = out.create<SelectorLogicOp>(op->getKind(), ops, op->getLoc());
        break;
      }
      same = c;
      break;
    }
    }
    c->setEncoding(op->getEncoding());
    copy[op] = c;
  }
  std::vector<Op *> result;
  for (Op *r : roots)
    result.push_back(copy.lookup(r));
  return result;
}
