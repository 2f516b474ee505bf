//===- Lowering.cpp - IR building shared by buildSketch and toIR ----------===//

#include "Lowering.h"

using namespace rasp;
using namespace rasp::ir;
using namespace rasp::learn;
using namespace rasp::learn::lowering;

E lowering::arg(unsigned i) { return ElemExpr::arg(i); }
E lowering::cst(int64_t v) { return ElemExpr::constant(Atom::integer(v)); }
E lowering::bin(py::BinOp op, E a, E b) {
  return ElemExpr::binary(op, std::move(a), std::move(b));
}
E lowering::tern(E c, E t, E f) {
  return ElemExpr::ternary(std::move(c), std::move(t), std::move(f));
}
E lowering::lookup(E index, std::vector<Atom> values,
                   const std::string &what) {
  auto t = std::make_shared<LookupTable>();
  t->kind = LookupTable::Kind::List;
  t->values = std::move(values);
  t->description = what;
  t->indexObjectText = what;
  return ElemExpr::lookup(std::move(index), std::move(t));
}

E lowering::embedTable(const std::vector<int> &table) {
  return lookup(arg(0), ints(table), "embedding table");
}
E lowering::predTable(const std::vector<int> &pred, unsigned i) {
  return lookup(arg(i), ints(pred), "predicate table");
}
E lowering::mlpTable(const MlpHoles &mh, unsigned k) {
  return lookup(bin(py::BinOp::Add, bin(py::BinOp::Mul, arg(0), cst(k)),
                    arg(1)),
                ints(mh.table), "MLP table");
}
E lowering::numMlpTable(const MlpHoles &mh) {
  auto clamp = [](E x, int64_t mx) {
    E again = x->clone();
    return tern(bin(py::BinOp::Gt, std::move(x), cst(mx)), cst(mx),
                std::move(again));
  };
  return lookup(bin(py::BinOp::Add,
                    bin(py::BinOp::Mul, clamp(arg(0), mh.aMax),
                        cst(mh.bMax + 1)),
                    clamp(arg(1), mh.bMax)),
                ints(mh.table), "MLP table");
}
E lowering::classifierTable(const std::vector<int64_t> &w, unsigned v,
                            unsigned k) {
  return lookup(arg(0),
                ints(std::vector<int64_t>(w.begin() + v * k,
                                          w.begin() + (v + 1) * k)),
                "classifier weights");
}
E lowering::classifierScale(int64_t c) {
  return bin(py::BinOp::Mul, cst(c), arg(0));
}

Op *Builder::map(std::vector<Op *> args, E fn) {
  return m.create<MapOp>(llvm::ArrayRef<Op *>(args), std::move(fn));
}
Op *Builder::select(Op *keys, Op *queries, Comparison c) {
  return m.create<SelectOp>(keys, queries, c);
}
Op *Builder::both(Op *a, Op *b) {
  return m.create<SelectorLogicOp>(OpKind::SelectorAnd,
                                   llvm::ArrayRef<Op *>{a, b});
}
Op *Builder::either(Op *a, Op *b) {
  return m.create<SelectorLogicOp>(OpKind::SelectorOr,
                                   llvm::ArrayRef<Op *>{a, b});
}
Op *Builder::width(Op *sel) { return m.create<SelectorWidthOp>(sel); }
Op *Builder::aggregate(Op *sel, Op *sop, int64_t dflt) {
  return m.create<AggregateOp>(sel, sop, Atom::integer(dflt));
}

Inputs lowering::lowerInputs(Builder &b,
                             const std::vector<std::string> &tokens) {
  Inputs in;
  Op *tokensOp = b.m.create<TokensOp>(TokensConv::Str);
  in.idx = b.m.create<IndicesOp>();
  // tok: the token's code (0 for anything else, as the printed program).
  E code = cst(0);
  for (unsigned c = tokens.size(); c-- > 1;)
    code = tern(bin(py::BinOp::Eq, arg(0),
                    ElemExpr::constant(Atom::string(tokens[c]))),
                cst(c), std::move(code));
  in.tok = b.map({tokensOp}, std::move(code));
  in.cat = {in.tok, in.idx};
  in.num = {b.map({in.idx}, bin(py::BinOp::Add,
                                bin(py::BinOp::Mul, cst(0), arg(0)),
                                cst(1)))};
  in.before = b.select(in.idx, in.idx, Comparison::LT);
  in.atOrBefore = b.select(in.idx, in.idx, Comparison::LEQ);
  return in;
}

void lowering::lowerEmbeddings(Builder &b, const SketchConfig &cfg, Inputs &in,
                               const std::function<E(unsigned v)> &table) {
  if (!cfg.variables)
    return;
  in.cat.clear();
  for (unsigned v = 0; v < cfg.variables; ++v)
    in.cat.push_back(b.map({in.tok}, table(v)));
  in.cat.push_back(in.idx);
}

Op *lowering::sortRank(Builder &b, const Inputs &in, Op *K) {
  return b.width(b.either(
      b.select(K, K, Comparison::LT),
      b.both(b.select(K, K, Comparison::EQ), in.before)));
}

Op *lowering::lowerCatHead(Builder &b, const SketchConfig &cfg,
                           const Inputs &in, Op *K, Op *Q, Op *V,
                           const PredFn &pred,
                           const std::function<Op *()> &srankOf) {
  Op *idx = in.idx;
  const int64_t none = int64_t(cfg.maxLen) + 1;
  Op *q = b.map({Q}, pred(0));
  Op *srank = srankOf();
  Op *less = b.select(K, q, Comparison::LT);
  Op *match = b.select(K, q, Comparison::EQ);
  Op *wl = b.width(b.either(less, b.both(match, in.before)));
  Op *wlm1 = b.map({wl}, bin(py::BinOp::Sub, arg(0), cst(1)));
  Op *pl = b.aggregate(b.both(b.select(srank, wlm1, Comparison::EQ), match),
                       idx, none);
  // K == pred[Q]; args K Q
  auto selfMatch = [&] {
    return b.map({K, Q}, bin(py::BinOp::Eq, arg(0), pred(1)));
  };
  Op *src;
  if (cfg.causal) {
    // pl if pl < none else (indices if self else 0); args pl self idx
    src = b.map({pl, selfMatch(), idx},
                tern(bin(py::BinOp::Lt, arg(0), cst(none)), arg(0),
                     tern(arg(1), arg(2), cst(0))));
  } else {
    Op *wr = b.width(b.either(less, b.both(match, in.atOrBefore)));
    Op *pr = b.aggregate(b.both(b.select(srank, wr, Comparison::EQ), match),
                         idx, -1);
    // dl = indices - pl if indices > pl else 0; args idx pl
    Op *dl = b.map({idx, pl}, tern(bin(py::BinOp::Gt, arg(0), arg(1)),
                                   bin(py::BinOp::Sub, arg(0), arg(1)),
                                   cst(0)));
    // dr = pr - indices if pr > indices else (0 if self else none)
    Op *self = b.map({selfMatch()}, tern(arg(0), cst(0), cst(none)));
    Op *dr = b.map({pr, idx, self},
                   tern(bin(py::BinOp::Gt, arg(0), arg(1)),
                        bin(py::BinOp::Sub, arg(0), arg(1)), arg(2)));
    // off = -dl if dl > 0 and (dr == 0 or dl <= dr) else dr
    E left = ElemExpr::logical(
        true, bin(py::BinOp::Gt, arg(0), cst(0)),
        ElemExpr::logical(false, bin(py::BinOp::Eq, arg(1), cst(0)),
                          bin(py::BinOp::Le, arg(0), arg(1))));
    Op *off = b.map({dl, dr}, tern(std::move(left),
                                   bin(py::BinOp::Sub, cst(0), arg(0)),
                                   arg(1)));
    // src = idx + off if off < none and 0 <= idx + off < N else 0
    auto at = [] { return bin(py::BinOp::Add, arg(0), arg(1)); };
    E ok = ElemExpr::logical(
        true, bin(py::BinOp::Lt, arg(1), cst(none)),
        ElemExpr::logical(
            true, bin(py::BinOp::Ge, at(), cst(0)),
            bin(py::BinOp::Lt, at(), cst(int64_t(cfg.maxLen)))));
    src = b.map({idx, off}, tern(std::move(ok), at(), cst(0)));
  }
  return b.aggregate(b.select(idx, src, Comparison::EQ), V);
}

Op *lowering::numHeadSelect(Builder &b, const SketchConfig &cfg,
                            const Inputs &in, Op *K, Op *Q,
                            const PredFn &pred) {
  Op *sel = b.select(K, b.map({Q}, pred(0)), Comparison::EQ);
  return cfg.causal ? b.both(sel, in.atOrBefore) : sel;
}

Op *lowering::roundedSum(Builder &b, Op *mean, Op *width) {
  return b.map({mean, width},
               ElemExpr::unary(py::UnOp::Round,
                               bin(py::BinOp::Mul, arg(0), arg(1))));
}

Op *lowering::lowerClassifier(
    Builder &b, const Inputs &in, const std::vector<Op *> &cat,
    const std::vector<Op *> &num, const std::vector<std::string> &labels,
    const std::function<Op *(unsigned lab, bool numerical, unsigned v)>
        &term) {
  Op *best = nullptr, *bestScore = nullptr;
  for (unsigned lab = 0; lab < labels.size(); ++lab) {
    Op *score = nullptr;
    auto add = [&](Op *t) {
      if (t)
        score = score ? b.map({score, t}, bin(py::BinOp::Add, arg(0), arg(1)))
                      : t;
    };
    for (unsigned v = 0; v < cat.size(); ++v)
      add(term(lab, false, v));
    for (unsigned v = 0; v < num.size(); ++v)
      add(term(lab, true, v));
    if (lab == 0) {
      best = b.map({in.idx}, bin(py::BinOp::Mul, cst(0), arg(0)));
      bestScore = score;
      continue;
    }
    auto better = [&] {
      return b.map({score, bestScore}, bin(py::BinOp::Gt, arg(0), arg(1)));
    };
    best = b.map({better(), best}, tern(arg(0), cst(lab), arg(1)));
    bestScore =
        b.map({better(), score, bestScore}, tern(arg(0), arg(1), arg(2)));
  }
  std::vector<Atom> names;
  for (const std::string &s : labels)
    names.push_back(Atom::string(s));
  return b.map({best}, lookup(arg(0), std::move(names), "label names"));
}
