//===- ToIR.cpp - A filled Transformer Program as IR ops -------------------===//
//
// Builds the same computation as Program::toRasp prints, op for op, as
// ordinary IR (include/rasp/IR/IR.h): predicate tables and MLP tables are
// lookups in constant lists (maps), heads are selects, selector widths and
// aggregates, the classifier is n-ary maps. rasp-learn runs this IR with the
// interpreter beside the re-parsed printed program and checks both against
// the discretized model (Program::run).
//
//===----------------------------------------------------------------------===//

#include "rasp/IR/IR.h"
#include "rasp/Learn/Program.h"

#include <map>

using namespace rasp;
using namespace rasp::learn;
using namespace rasp::ir;

namespace {
using E = ElemExprPtr;

E arg(unsigned i) { return ElemExpr::arg(i); }
E cst(int64_t v) { return ElemExpr::constant(Atom::integer(v)); }
E bin(py::BinOp op, E a, E b) {
  return ElemExpr::binary(op, std::move(a), std::move(b));
}
E tern(E c, E t, E f) {
  return ElemExpr::ternary(std::move(c), std::move(t), std::move(f));
}
E lookup(E index, std::vector<Atom> values, const std::string &what) {
  auto t = std::make_shared<LookupTable>();
  t->kind = LookupTable::Kind::List;
  t->values = std::move(values);
  t->description = what;
  t->indexObjectText = what;
  return ElemExpr::lookup(std::move(index), std::move(t));
}
template <typename T> std::vector<Atom> ints(const std::vector<T> &xs) {
  std::vector<Atom> v;
  for (T x : xs)
    v.push_back(Atom::integer(int64_t(x)));
  return v;
}

class Builder {
public:
  explicit Builder(Module &m) : m(m) {}

  Op *map(std::vector<Op *> args, E fn) {
    return m.create<MapOp>(llvm::ArrayRef<Op *>(args), std::move(fn));
  }
  Op *select(Op *keys, Op *queries, Comparison c) {
    return m.create<SelectOp>(keys, queries, c);
  }
  Op *both(Op *a, Op *b) {
    return m.create<SelectorLogicOp>(OpKind::SelectorAnd,
                                     llvm::ArrayRef<Op *>{a, b});
  }
  Op *either(Op *a, Op *b) {
    return m.create<SelectorLogicOp>(OpKind::SelectorOr,
                                     llvm::ArrayRef<Op *>{a, b});
  }
  Op *width(Op *sel) { return m.create<SelectorWidthOp>(sel); }
  Op *aggregate(Op *sel, Op *sop) {
    return m.create<AggregateOp>(sel, sop, Atom::integer(0));
  }
  Module &m;
};
} // namespace

Op *rasp::learn::toIR(const Program &p, Module &m) {
  Builder b(m);
  const SketchConfig &cfg = p.cfg;
  const unsigned k = cfg.k;
  Op *tokens = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  // tok: the token's code (0 for anything else, as the printed program).
  E code = cst(0);
  for (unsigned c = p.tokens.size(); c-- > 1;)
    code = tern(bin(py::BinOp::Eq, arg(0),
                    ElemExpr::constant(Atom::string(p.tokens[c]))),
                cst(c), std::move(code));
  std::vector<Op *> cat{b.map({tokens}, std::move(code)), idx};
  std::vector<Op *> num{b.map({idx}, bin(py::BinOp::Add,
                                         bin(py::BinOp::Mul, cst(0), arg(0)),
                                         cst(1)))};
  Op *before = b.select(idx, idx, Comparison::LT);
  Op *atOrBefore = b.select(idx, idx, Comparison::LEQ);
  // srank: each key's place in a stable sort by value (distinct).
  std::map<unsigned, Op *> sranks;
  auto srankOf = [&](unsigned var) {
    Op *&r = sranks[var];
    if (!r)
      r = b.width(b.either(
          b.select(cat[var], cat[var], Comparison::LT),
          b.both(b.select(cat[var], cat[var], Comparison::EQ), before)));
    return r;
  };
  auto predOf = [&](const HeadHoles &h) {
    return b.map({cat[h.queryVar]},
                 lookup(arg(0), ints(h.pred), "predicate table"));
  };
  auto matchOf = [&](const HeadHoles &h) {
    Op *sel = b.select(cat[h.keyVar], predOf(h), Comparison::EQ);
    return cfg.causal ? b.both(sel, atOrBefore) : sel;
  };
  const int64_t none = int64_t(cfg.maxLen) + 1;
  Op *length = nullptr; // the stdlib's `length`, made when first read
  auto eq = [](E a, int64_t c) {
    return bin(py::BinOp::Eq, std::move(a), cst(c));
  };
  for (unsigned l = 0; l < cfg.layers; ++l) {
    std::vector<Op *> catOut, numOut;
    for (const HeadHoles &h : p.heads[l]) {
      if (h.keyVar == 1) {
        // Keys pos (distinct), as printed: src = pred[Q] if pred[Q] <=
        // indices (causal; else < length) else 0; args Q, indices/length.
        auto want = [&] {
          return lookup(arg(0), ints(h.pred), "predicate table");
        };
        if (!length)
          length = b.width(b.select(idx, idx, Comparison::True));
        Op *src = b.map({cat[h.queryVar], cfg.causal ? idx : length},
                        tern(bin(cfg.causal ? py::BinOp::Le : py::BinOp::Lt,
                                 want(), arg(1)),
                             want(), cst(0)));
        catOut.push_back(
            b.aggregate(b.select(idx, src, Comparison::EQ), cat[h.valueVar]));
        continue;
      }
      // As Program::toRasp prints it: the nearest matches on either side
      // by sort rank, then the offset of the nearest other match.
      Op *K = cat[h.keyVar], *q = predOf(h);
      Op *srank = srankOf(h.keyVar);
      Op *less = b.select(K, q, Comparison::LT);
      Op *match = b.select(K, q, Comparison::EQ);
      Op *wl = b.width(b.either(less, b.both(match, before)));
      Op *wlm1 = b.map({wl}, bin(py::BinOp::Sub, arg(0), cst(1)));
      Op *pl = m.create<AggregateOp>(
          b.both(b.select(srank, wlm1, Comparison::EQ), match), idx,
          Atom::integer(none));
      // K == pred[Q]; args K Q
      auto selfMatch = [&] {
        return b.map({K, cat[h.queryVar]},
                     bin(py::BinOp::Eq, arg(0),
                         lookup(arg(1), ints(h.pred), "predicate table")));
      };
      Op *src;
      if (cfg.causal) {
        // pl if pl < none else (indices if self else 0); args pl self idx
        src = b.map({pl, selfMatch(), idx},
                    tern(bin(py::BinOp::Lt, arg(0), cst(none)), arg(0),
                         tern(arg(1), arg(2), cst(0))));
      } else {
        Op *wr = b.width(b.either(less, b.both(match, atOrBefore)));
        Op *pr = m.create<AggregateOp>(
            b.both(b.select(srank, wr, Comparison::EQ), match), idx,
            Atom::integer(-1));
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
            ElemExpr::logical(false, eq(arg(1), 0),
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
      catOut.push_back(
          b.aggregate(b.select(idx, src, Comparison::EQ), cat[h.valueVar]));
    }
    for (const HeadHoles &h : p.numHeads[l]) {
      Op *sel = matchOf(h);
      Op *w = b.width(sel);
      if (h.valueVar == 0) {
        numOut.push_back(w);
        continue;
      }
      Op *mean = b.aggregate(sel, num[h.valueVar]);
      numOut.push_back(b.map(
          {mean, w}, ElemExpr::unary(py::UnOp::Round,
                                     bin(py::BinOp::Mul, arg(0), arg(1)))));
    }
    cat.insert(cat.end(), catOut.begin(), catOut.end());
    num.insert(num.end(), numOut.begin(), numOut.end());
    catOut.clear();
    for (const MlpHoles &mh : p.mlps[l])
      catOut.push_back(b.map(
          {cat[mh.a], cat[mh.b]},
          lookup(bin(py::BinOp::Add, bin(py::BinOp::Mul, arg(0), cst(k)),
                     arg(1)),
                 ints(mh.table), "MLP table")));
    for (const MlpHoles &mh : p.numMlps[l]) {
      auto clamp = [](E x, int64_t mx) {
        E again = x->clone();
        return tern(bin(py::BinOp::Gt, std::move(x), cst(mx)), cst(mx),
                    std::move(again));
      };
      catOut.push_back(b.map(
          {num[mh.a], num[mh.b]},
          lookup(bin(py::BinOp::Add,
                     bin(py::BinOp::Mul, clamp(arg(0), mh.aMax),
                         cst(mh.bMax + 1)),
                     clamp(arg(1), mh.bMax)),
                 ints(mh.table), "MLP table")));
    }
    cat.insert(cat.end(), catOut.begin(), catOut.end());
  }
  // Classifier, op for op as the printed program parses (the form
  // rasp-compile turns into the unembedding, lib/Compile/Classifier.h):
  // per label a chain of binary sums of one-variable terms, then
  // best = lab if score > best_score else best (first label on ties).
  Op *best = nullptr, *bestScore = nullptr;
  for (unsigned lab = 0; lab < p.labels.size(); ++lab) {
    const std::vector<int64_t> &w = p.classifier[lab];
    Op *score = nullptr;
    auto add = [&](Op *term) {
      score = score ? b.map({score, term}, bin(py::BinOp::Add, arg(0), arg(1)))
                    : term;
    };
    for (unsigned v = 0; v < cat.size(); ++v)
      add(b.map({cat[v]},
                lookup(arg(0),
                       ints(std::vector<int64_t>(w.begin() + v * k,
                                                 w.begin() + (v + 1) * k)),
                       "classifier weights")));
    for (unsigned v = 0; v < num.size(); ++v)
      if (int64_t c = w[cat.size() * k + v])
        add(b.map({num[v]}, bin(py::BinOp::Mul, cst(c), arg(0))));
    if (lab == 0) {
      best = b.map({idx}, bin(py::BinOp::Mul, cst(0), arg(0)));
      bestScore = score;
      continue;
    }
    auto better = [&] {
      return b.map({score, bestScore}, bin(py::BinOp::Gt, arg(0), arg(1)));
    };
    best = b.map({better(), best}, tern(arg(0), cst(lab), arg(1)));
    bestScore = b.map({better(), score, bestScore},
                      tern(arg(0), arg(1), arg(2)));
  }
  std::vector<Atom> names;
  for (const std::string &s : p.labels)
    names.push_back(Atom::string(s));
  return b.map({best}, lookup(arg(0), std::move(names), "label names"));
}
