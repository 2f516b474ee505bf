//===- Classifier.cpp - A linear classifier output as the unembedding -----===//
//
// See Classifier.h. The match is structural and exact: every map of the
// argmax chain must have the operands and the element function the form
// prescribes, so the recognised ops compute exactly "the label of the first
// highest score"; the scores are sums (Python `+`) of terms that each read
// one s-op, and the unembedding evaluates each term on every value of its
// s-op with the interpreter's semantics.
//
//===----------------------------------------------------------------------===//

#include "Classifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/Casting.h"

#include <cmath>

using namespace rasp;
using namespace rasp::compile;
using ir::ElemExpr;
using ir::Op;

namespace {
using EK = ElemExpr::Kind;

const ir::MapOp *asMap(const Op *op, unsigned arity) {
  const auto *m = llvm::dyn_cast<ir::MapOp>(op);
  return m && m->getNumOperands() == arity ? m : nullptr;
}
bool isArg(const ElemExpr &e, unsigned i) {
  return e.getKind() == EK::Arg && e.getArgIndex() == i;
}
bool isIntConst(const ElemExpr &e, int64_t v) {
  return e.getKind() == EK::Const && e.getConst().getKind() == Atom::Kind::Int &&
         !e.getConst().isBigInt() && e.getConst().getInt() == v;
}
bool isBinary(const ElemExpr &e, py::BinOp op) {
  return e.getKind() == EK::Binary && e.getBinOp() == op;
}
/// arg0 > arg1 over operands (a, b).
bool isGreater(const Op *g, const Op *a, const Op *b) {
  const ir::MapOp *m = asMap(g, 2);
  if (!m || m->getOperand(0) != a || m->getOperand(1) != b)
    return false;
  const ElemExpr &f = m->getFunction();
  return isBinary(f, py::BinOp::Gt) && isArg(f.getChild(0), 0) &&
         isArg(f.getChild(1), 1);
}

/// Adds the terms of a sum of s-ops to \p out.
void collectTerms(Op *s, LinearClassifier &c,
                  std::vector<LinearClassifier::Term> &out, unsigned depth) {
  const ir::MapOp *m = llvm::dyn_cast<ir::MapOp>(s);
  if (m && depth < 10000 && m->getNumOperands() == 2) {
    const ElemExpr &f = m->getFunction();
    if (isBinary(f, py::BinOp::Add) && isArg(f.getChild(0), 0) &&
        isArg(f.getChild(1), 1)) {
      collectTerms(m->getOperand(0), c, out, depth + 1);
      collectTerms(m->getOperand(1), c, out, depth + 1);
      return;
    }
  }
  Op *in = s;
  const ElemExpr *fn = nullptr;
  if (m && m->getNumOperands() == 1) {
    in = m->getOperand(0);
    fn = &m->getFunction();
  }
  auto it = llvm::find(c.inputs, in);
  unsigned idx = unsigned(it - c.inputs.begin());
  if (it == c.inputs.end())
    c.inputs.push_back(in);
  out.push_back({idx, fn});
}
} // namespace

std::optional<LinearClassifier>
rasp::compile::matchLinearClassifier(ir::Op *output) {
  // out = labels[best]
  const ir::MapOp *outMap = asMap(output, 1);
  if (!outMap)
    return std::nullopt;
  const ElemExpr &lf = outMap->getFunction();
  if (lf.getKind() != EK::Lookup || !isArg(lf.getChild(0), 0) ||
      lf.getTable().kind != ir::LookupTable::Kind::List ||
      !lf.getTable().opaque.empty())
    return std::nullopt;
  // best_l = l if (score_l > best_score_{l-1}) else best_{l-1}, l = L-1..1.
  std::vector<Op *> scores, prevBest; // [l]: score_l, best_score_{l-1}
  Op *best = outMap->getOperand(0);
  for (;;) {
    const ir::MapOp *m = asMap(best, 2);
    if (!m)
      break;
    const ElemExpr &f = m->getFunction();
    if (f.getKind() != EK::Ternary || !isArg(f.getChild(0), 0) ||
        f.getChild(1).getKind() != EK::Const ||
        f.getChild(1).getConst().getKind() != Atom::Kind::Int ||
        !isArg(f.getChild(2), 1))
      break;
    const ir::MapOp *g = asMap(m->getOperand(0), 2);
    if (!g || !isGreater(g, g->getOperand(0), g->getOperand(1)))
      return std::nullopt;
    scores.push_back(g->getOperand(0));
    prevBest.push_back(g->getOperand(1));
    best = m->getOperand(1);
    // The label constant is checked below, once L is known.
  }
  // best_0 = 0 * indices
  const ir::MapOp *b0 = asMap(best, 1);
  if (!b0 || !llvm::isa<ir::IndicesOp>(b0->getOperand(0)) ||
      !isBinary(b0->getFunction(), py::BinOp::Mul) ||
      !isIntConst(b0->getFunction().getChild(0), 0) ||
      !isArg(b0->getFunction().getChild(1), 0) || scores.empty())
    return std::nullopt;
  const size_t L = scores.size() + 1;
  std::reverse(scores.begin(), scores.end());
  std::reverse(prevBest.begin(), prevBest.end());
  // Now scores[l-1] is score_l and prevBest[l-1] best_score_{l-1}. Check
  // the label constants along the chain, from the output down.
  {
    Op *b = outMap->getOperand(0);
    for (size_t l = L - 1; l >= 1; --l) {
      const ir::MapOp *m = asMap(b, 2);
      if (!m || !isIntConst(m->getFunction().getChild(1), int64_t(l)))
        return std::nullopt;
      b = m->getOperand(1);
    }
  }
  if (lf.getTable().values.size() < L)
    return std::nullopt;
  // best_score_0 = score_0; best_score_l = score_l if (score_l >
  // best_score_{l-1}) else best_score_{l-1}.
  std::vector<Op *> score(L);
  score[0] = prevBest[0];
  for (size_t l = 1; l < L; ++l)
    score[l] = scores[l - 1];
  for (size_t l = 2; l < L; ++l) {
    // prevBest[l-1] is best_score_{l-1}, made from score_{l-1} and
    // best_score_{l-2} = prevBest[l-2].
    const ir::MapOp *t = asMap(prevBest[l - 1], 3);
    if (!t)
      return std::nullopt;
    const ElemExpr &f = t->getFunction();
    if (f.getKind() != EK::Ternary || !isArg(f.getChild(0), 0) ||
        !isArg(f.getChild(1), 1) || !isArg(f.getChild(2), 2) ||
        t->getOperand(1) != score[l - 1] ||
        t->getOperand(2) != prevBest[l - 2] ||
        !isGreater(t->getOperand(0), score[l - 1], prevBest[l - 2]))
      return std::nullopt;
  }
  LinearClassifier c;
  c.labels.assign(lf.getTable().values.begin(),
                  lf.getTable().values.begin() + L);
  c.terms.resize(L);
  for (size_t l = 0; l < L; ++l)
    collectTerms(score[l], c, c.terms[l], 0);
  return c;
}

std::optional<Eigen::MatrixXd> rasp::compile::linearClassifierUnembedding(
    const LinearClassifier &c, const craft::VectorSpace &resid,
    const craft::BasisDirection &one,
    const std::function<ClassifierInput(const ir::Op *)> &layout,
    std::string &error) {
  const size_t L = c.labels.size();
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(resid.size(), L);
  Eigen::VectorXd bias = Eigen::VectorXd::Zero(L);
  bool integral = true;
  // The term's value for an operand value (an error counts as 0: no input
  // reaching it runs in the interpreter).
  auto eval = [&](const ElemExpr *fn, const Atom &v,
                  double &out) -> bool {
    Atom r = v;
    if (fn) {
      ir::ElemError err;
      const Atom *args[] = {&v};
      if (!ir::evaluateElem(*fn, args, r, err)) {
        out = 0;
        return true;
      }
    }
    if (!r.isNumber() || r.getKind() == Atom::Kind::Bool) {
      error = "a score term is not a number (" + py::repr(r) + ")";
      return false;
    }
    out = r.toDouble();
    integral &= std::isfinite(out) && out == std::round(out) &&
                std::abs(out) < 1e9;
    return true;
  };
  std::vector<ClassifierInput> in;
  for (const Op *o : c.inputs)
    in.push_back(layout(o));
  for (size_t l = 0; l < L; ++l)
    for (const LinearClassifier::Term &t : c.terms[l]) {
      const ClassifierInput &x = in[t.input];
      double v;
      switch (x.kind) {
      case ClassifierInput::Const:
        if (!eval(t.fn, x.constValue, v))
          return std::nullopt;
        bias(l) += v;
        break;
      case ClassifierInput::Cat:
        for (size_t i = 0; i < x.values.size(); ++i) {
          if (!eval(t.fn, x.values[i], v))
            return std::nullopt;
          w(resid.indexOf(x.dirs[i]), l) += v;
        }
        break;
      case ClassifierInput::Num: {
        // Only c * x (or x itself) is linear in the residual.
        double coef = 1;
        if (t.fn) {
          const ElemExpr &f = *t.fn;
          bool ok = isBinary(f, py::BinOp::Mul) &&
                    ((f.getChild(0).getKind() == EK::Const &&
                      isArg(f.getChild(1), 0)) ||
                     (f.getChild(1).getKind() == EK::Const &&
                      isArg(f.getChild(0), 0)));
          const Atom &k = ok ? (f.getChild(0).getKind() == EK::Const
                                    ? f.getChild(0).getConst()
                                    : f.getChild(1).getConst())
                             : Atom();
          if (!ok || !k.isNumber() || k.getKind() == Atom::Kind::Bool) {
            error = "a score reads a numerical s-op through a non-linear "
                    "function (only c * x adds linearly to the logits)";
            return std::nullopt;
          }
          coef = k.toDouble();
        }
        integral &= coef == std::round(coef) && std::abs(coef) < 1e9;
        w(resid.indexOf(x.dirs[0]), l) += coef;
        break;
      }
      }
    }
  // Integer scores: scale by 2L and add L-1-l, so that ties go to the
  // first label (the program's `>` keeps the earlier one) and the logits of
  // different labels differ by at least 1 (robust to the small errors of
  // the compiled heads). Otherwise the raw scores.
  const size_t oneRow = resid.indexOf(one);
  if (integral) {
    w *= double(2 * L);
    for (size_t l = 0; l < L; ++l)
      w(oneRow, l) += double(2 * L) * bias(l) + double(L - 1 - l);
  } else {
    for (size_t l = 0; l < L; ++l)
      w(oneRow, l) += bias(l);
  }
  return w;
}
