//===- Sketch.cpp - A Transformer Program sketch as IR with holes ---------===//
//
// buildSketch lays out the ops of learn::toIR (lib/Learn/ToIR.cpp) for every
// head, MLP and classifier term, with a hole wherever toIR reads a filled
// value: the variable a head or MLP reads is a ?choose among the variables
// it may read, and each predicate table, MLP table and classifier weight
// table is a function hole. fillSketch fills them from a trained Program
// (ir::fillHoles). Where toIR's ops depend on a filled value, the sketch has
// the general form, which computes the same: a numerical head is
// round(mean * width) also when it reads `ones` (toIR: the width alone); a
// numerical classifier term is there also for a zero weight (toIR omits
// it); sort ranks are made per head and merged again by fillHoles when two
// heads choose the same key.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Sketch.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

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
E hole(const std::string &name, const std::string &shape,
       std::vector<unsigned> inputs) {
  std::vector<E> in;
  for (unsigned i : inputs)
    in.push_back(arg(i));
  return ElemExpr::hole(name, shape, std::move(in));
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

/// Hole names, shared by buildSketch and fillSketch.
std::string headName(bool numerical, unsigned l, unsigned h) {
  return std::string(numerical ? "num_" : "") + "attn_" + std::to_string(l) +
         "_" + std::to_string(h);
}
std::string mlpName(bool numerical, unsigned l, unsigned m) {
  return std::string(numerical ? "num_" : "") + "mlp_" + std::to_string(l) +
         "_" + std::to_string(m);
}
std::string classifierName(unsigned label, const std::string &var) {
  return "classifier." + std::to_string(label) + "." + var;
}
/// A Program used only for its variable names (they depend on cfg alone).
Program namer(const SketchConfig &cfg) {
  Program p;
  p.cfg = cfg;
  return p;
}
} // namespace

SketchConfig rasp::learn::getSketchConfig(const Dataset &data,
                                          const TrainOptions &opts) {
  SketchConfig cfg;
  cfg.layers = opts.layers;
  cfg.heads = opts.heads;
  cfg.numHeads = opts.numHeads;
  cfg.mlps = opts.mlps;
  cfg.numMlps = opts.numMlps;
  cfg.maxLen = data.maxLen;
  cfg.k = std::max<unsigned>(data.tokens.size(), data.maxLen);
  cfg.causal = data.causal;
  return cfg;
}

std::string Sketch::nameOf(const Op *op) const {
  auto it = names.find(op);
  return it == names.end() ? "" : it->second;
}

void Sketch::print(llvm::raw_ostream &os) const {
  std::set<std::string> functionHoles; // a predicate is read twice
  for (Op *op : collectDependencies({output}))
    if (const auto *m = llvm::dyn_cast<MapOp>(op))
      if (const ElemExpr *h = m->getFunction().findHole())
        functionHoles.insert(h->getHoleName().str());
  os << "# sketch: L" << cfg.layers << " H" << cfg.heads << "+"
     << cfg.numHeads << " M" << cfg.mlps << "+" << cfg.numMlps << ", k "
     << cfg.k << ", max length " << cfg.maxLen
     << (cfg.causal ? ", causal" : "") << "; " << choices.size()
     << " ?choose holes, " << functionHoles.size() << " function holes\n";
  printOps({output}, os, [&](const Op *op) {
    const auto *c = llvm::dyn_cast<ChooseOp>(op);
    if (!c)
      return nameOf(op);
    // A ?choose: its candidates by name.
    std::string s = "among";
    for (unsigned i = 0; i < c->getNumOperands(); ++i)
      s += (i ? ", " : " ") + nameOf(c->getOperand(i));
    return s;
  });
}

std::unique_ptr<Sketch>
rasp::learn::buildSketch(const SketchConfig &cfg,
                         const std::vector<std::string> &tokens,
                         const std::vector<std::string> &labels) {
  auto sk = std::make_unique<Sketch>();
  sk->cfg = cfg;
  sk->tokens = tokens;
  sk->labels = labels;
  Module &m = sk->module;
  m.setSketch();
  const Program names = namer(cfg);
  const unsigned k = cfg.k;
  const std::string kk = std::to_string(k) + "x" + std::to_string(k);
  auto map = [&](std::vector<Op *> args, E fn) -> Op * {
    return m.create<MapOp>(llvm::ArrayRef<Op *>(args), std::move(fn));
  };
  auto select = [&](Op *keys, Op *queries, Comparison c) -> Op * {
    return m.create<SelectOp>(keys, queries, c);
  };
  auto both = [&](Op *a, Op *b) -> Op * {
    return m.create<SelectorLogicOp>(OpKind::SelectorAnd,
                                     llvm::ArrayRef<Op *>{a, b});
  };
  auto either = [&](Op *a, Op *b) -> Op * {
    return m.create<SelectorLogicOp>(OpKind::SelectorOr,
                                     llvm::ArrayRef<Op *>{a, b});
  };
  auto width = [&](Op *sel) -> Op * { return m.create<SelectorWidthOp>(sel); };
  auto aggregate = [&](Op *sel, Op *sop, int64_t dflt) -> Op * {
    return m.create<AggregateOp>(sel, sop, Atom::integer(dflt));
  };
  auto choose = [&](Sketch::Choice::Of of, unsigned l, const std::string &comp,
                    const std::string &input,
                    const std::vector<Op *> &stream, unsigned n) {
    auto *c = m.create<ChooseOp>(
        comp + "." + input, llvm::ArrayRef<Op *>(stream.data(), n));
    sk->choices.push_back({of, l, input, c});
    return c;
  };

  Op *tokensOp = m.create<TokensOp>(TokensConv::Str);
  Op *idx = m.create<IndicesOp>();
  E code = cst(0);
  for (unsigned c = tokens.size(); c-- > 1;)
    code = tern(bin(py::BinOp::Eq, arg(0),
                    ElemExpr::constant(Atom::string(tokens[c]))),
                cst(c), std::move(code));
  std::vector<Op *> &cat = sk->catVars, &num = sk->numVars;
  cat = {map({tokensOp}, std::move(code)), idx};
  num = {map({idx}, bin(py::BinOp::Add, bin(py::BinOp::Mul, cst(0), arg(0)),
                        cst(1)))};
  Op *before = select(idx, idx, Comparison::LT);
  Op *atOrBefore = select(idx, idx, Comparison::LEQ);
  const int64_t none = int64_t(cfg.maxLen) + 1;
  auto eq = [](E a, int64_t c) {
    return bin(py::BinOp::Eq, std::move(a), cst(c));
  };
  using Of = Sketch::Choice::Of;
  for (unsigned l = 0; l < cfg.layers; ++l) {
    std::vector<Op *> catOut, numOut;
    for (unsigned h = 0; h < cfg.heads; ++h) {
      std::string name = headName(false, l, h);
      Op *K = choose(Of::Head, l, name, "key", cat, cfg.headReads(l));
      Op *Q = choose(Of::Head, l, name, "query", cat, cfg.headReads(l));
      Op *V = choose(Of::Head, l, name, "value", cat, cfg.headReads(l));
      std::string pred = name + ".pred";
      // As toIR: the nearest matches on either side by sort rank, then the
      // offset of the nearest other match.
      Op *q = map({Q}, hole(pred, kk, {0}));
      Op *srank = width(either(select(K, K, Comparison::LT),
                               both(select(K, K, Comparison::EQ), before)));
      Op *less = select(K, q, Comparison::LT);
      Op *match = select(K, q, Comparison::EQ);
      Op *wl = width(either(less, both(match, before)));
      Op *wlm1 = map({wl}, bin(py::BinOp::Sub, arg(0), cst(1)));
      Op *pl = aggregate(both(select(srank, wlm1, Comparison::EQ), match),
                         idx, none);
      auto selfMatch = [&] {
        return map({K, Q}, bin(py::BinOp::Eq, arg(0), hole(pred, kk, {1})));
      };
      Op *src;
      if (cfg.causal) {
        src = map({pl, selfMatch(), idx},
                  tern(bin(py::BinOp::Lt, arg(0), cst(none)), arg(0),
                       tern(arg(1), arg(2), cst(0))));
      } else {
        Op *wr = width(either(less, both(match, atOrBefore)));
        Op *pr = aggregate(both(select(srank, wr, Comparison::EQ), match),
                           idx, -1);
        Op *dl = map({idx, pl}, tern(bin(py::BinOp::Gt, arg(0), arg(1)),
                                     bin(py::BinOp::Sub, arg(0), arg(1)),
                                     cst(0)));
        Op *self = map({selfMatch()}, tern(arg(0), cst(0), cst(none)));
        Op *dr = map({pr, idx, self},
                     tern(bin(py::BinOp::Gt, arg(0), arg(1)),
                          bin(py::BinOp::Sub, arg(0), arg(1)), arg(2)));
        E left = ElemExpr::logical(
            true, bin(py::BinOp::Gt, arg(0), cst(0)),
            ElemExpr::logical(false, eq(arg(1), 0),
                              bin(py::BinOp::Le, arg(0), arg(1))));
        Op *off = map({dl, dr}, tern(std::move(left),
                                     bin(py::BinOp::Sub, cst(0), arg(0)),
                                     arg(1)));
        auto at = [] { return bin(py::BinOp::Add, arg(0), arg(1)); };
        E ok = ElemExpr::logical(
            true, bin(py::BinOp::Lt, arg(1), cst(none)),
            ElemExpr::logical(
                true, bin(py::BinOp::Ge, at(), cst(0)),
                bin(py::BinOp::Lt, at(), cst(int64_t(cfg.maxLen)))));
        src = map({idx, off}, tern(std::move(ok), at(), cst(0)));
      }
      Op *out = aggregate(select(idx, src, Comparison::EQ), V, 0);
      sk->names[out] = name;
      catOut.push_back(out);
    }
    for (unsigned h = 0; h < cfg.numHeads; ++h) {
      std::string name = headName(true, l, h);
      Op *K = choose(Of::NumHead, l, name, "key", cat, cfg.headReads(l));
      Op *Q = choose(Of::NumHead, l, name, "query", cat, cfg.headReads(l));
      Op *V =
          choose(Of::NumHead, l, name, "value", num, cfg.numHeadReads(l));
      Op *sel = select(K, map({Q}, hole(name + ".pred", kk, {0})),
                       Comparison::EQ);
      if (cfg.causal)
        sel = both(sel, atOrBefore);
      // The sum over the matching keys: mean times count, rounded.
      Op *out = map({aggregate(sel, V, 0), width(sel)},
                    ElemExpr::unary(py::UnOp::Round,
                                    bin(py::BinOp::Mul, arg(0), arg(1))));
      sk->names[out] = name;
      numOut.push_back(out);
    }
    cat.insert(cat.end(), catOut.begin(), catOut.end());
    num.insert(num.end(), numOut.begin(), numOut.end());
    catOut.clear();
    for (unsigned i = 0; i < cfg.mlps; ++i) {
      std::string name = mlpName(false, l, i);
      Op *a = choose(Of::Mlp, l, name, "a", cat, cfg.mlpReads(l));
      Op *b = choose(Of::Mlp, l, name, "b", cat, cfg.mlpReads(l));
      Op *out = map({a, b}, hole(name + ".table", kk + "->" + std::to_string(k),
                                 {0, 1}));
      sk->names[out] = name;
      catOut.push_back(out);
    }
    for (unsigned i = 0; i < cfg.numMlps; ++i) {
      std::string name = mlpName(true, l, i);
      Op *a = choose(Of::NumMlp, l, name, "a", num, cfg.numMlpReads(l));
      Op *b = choose(Of::NumMlp, l, name, "b", num, cfg.numMlpReads(l));
      Op *out = map({a, b}, hole(name + ".table",
                                 "int,int->" + std::to_string(k), {0, 1}));
      sk->names[out] = name;
      catOut.push_back(out);
    }
    cat.insert(cat.end(), catOut.begin(), catOut.end());
  }
  sk->names[cat[0]] = names.varName(0);
  sk->names[cat[1]] = names.varName(1);
  sk->names[num[0]] = names.numVarName(0);
  // Classifier, as toIR: per label a chain of sums of one-variable terms
  // (each a weight hole), then the first label with the highest score.
  Op *best = nullptr, *bestScore = nullptr;
  for (unsigned lab = 0; lab < labels.size(); ++lab) {
    Op *score = nullptr;
    auto add = [&](Op *term) {
      score = score ? map({score, term}, bin(py::BinOp::Add, arg(0), arg(1)))
                    : term;
    };
    for (unsigned v = 0; v < cat.size(); ++v)
      add(map({cat[v]}, hole(classifierName(lab, names.varName(v)),
                             std::to_string(k), {0})));
    for (unsigned v = 0; v < num.size(); ++v)
      add(map({num[v]},
              hole(classifierName(lab, names.numVarName(v)), "1", {0})));
    if (lab == 0) {
      best = map({idx}, bin(py::BinOp::Mul, cst(0), arg(0)));
      bestScore = score;
      continue;
    }
    auto better = [&] {
      return map({score, bestScore}, bin(py::BinOp::Gt, arg(0), arg(1)));
    };
    best = map({better(), best}, tern(arg(0), cst(lab), arg(1)));
    bestScore = map({better(), score, bestScore}, tern(arg(0), arg(1), arg(2)));
  }
  std::vector<Atom> labelAtoms;
  for (const std::string &s : labels)
    labelAtoms.push_back(Atom::string(s));
  sk->output = map({best}, lookup(arg(0), std::move(labelAtoms), "label names"));
  sk->names[sk->output] = "learned";
  return sk;
}

ir::Op *rasp::learn::fillSketch(const Sketch &sk, const Program &p,
                                Module &out, std::string &error) {
  const SketchConfig &cfg = sk.cfg;
  if (p.cfg.layers != cfg.layers || p.cfg.heads != cfg.heads ||
      p.cfg.numHeads != cfg.numHeads || p.cfg.mlps != cfg.mlps ||
      p.cfg.numMlps != cfg.numMlps || p.cfg.k != cfg.k ||
      p.cfg.maxLen != cfg.maxLen || p.cfg.causal != cfg.causal ||
      p.labels.size() != sk.labels.size()) {
    error = "the program does not have the sketch's shape";
    return nullptr;
  }
  const unsigned k = cfg.k;
  std::map<std::string, unsigned> choice;
  std::map<std::string, std::function<E()>> fns;
  for (unsigned l = 0; l < cfg.layers; ++l) {
    auto heads = [&](bool numerical,
                     const std::vector<std::vector<HeadHoles>> &hs) {
      for (unsigned h = 0; h < hs[l].size(); ++h) {
        const HeadHoles &hh = hs[l][h];
        std::string n = headName(numerical, l, h);
        choice[n + ".key"] = hh.keyVar;
        choice[n + ".query"] = hh.queryVar;
        choice[n + ".value"] = hh.valueVar;
        fns[n + ".pred"] = [&hh] {
          return lookup(arg(0), ints(hh.pred), "predicate table");
        };
      }
    };
    heads(false, p.heads);
    heads(true, p.numHeads);
    for (unsigned i = 0; i < p.mlps[l].size(); ++i) {
      const MlpHoles &mh = p.mlps[l][i];
      std::string n = mlpName(false, l, i);
      choice[n + ".a"] = mh.a;
      choice[n + ".b"] = mh.b;
      fns[n + ".table"] = [&mh, k] {
        return lookup(bin(py::BinOp::Add,
                          bin(py::BinOp::Mul, arg(0), cst(k)), arg(1)),
                      ints(mh.table), "MLP table");
      };
    }
    for (unsigned i = 0; i < p.numMlps[l].size(); ++i) {
      const MlpHoles &mh = p.numMlps[l][i];
      std::string n = mlpName(true, l, i);
      choice[n + ".a"] = mh.a;
      choice[n + ".b"] = mh.b;
      fns[n + ".table"] = [&mh] {
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
      };
    }
  }
  const unsigned nCat = cfg.numVars(), nNum = cfg.numNumVars();
  for (unsigned lab = 0; lab < p.labels.size(); ++lab) {
    const std::vector<int64_t> &w = p.classifier[lab];
    if (w.size() != size_t(nCat) * k + nNum) {
      error = "the program's classifier does not have the sketch's shape";
      return nullptr;
    }
    for (unsigned v = 0; v < nCat; ++v)
      fns[classifierName(lab, p.varName(v))] = [&w, v, k] {
        return lookup(arg(0),
                      ints(std::vector<int64_t>(w.begin() + v * k,
                                                w.begin() + (v + 1) * k)),
                      "classifier weights");
      };
    for (unsigned v = 0; v < nNum; ++v)
      fns[classifierName(lab, p.numVarName(v))] = [&w, v, nCat, k] {
        return bin(py::BinOp::Mul, cst(w[size_t(nCat) * k + v]), arg(0));
      };
  }
  HoleFiller filler;
  filler.choose = [&](const ChooseOp &c) {
    auto it = choice.find(c.getName());
    return it == choice.end() ? ~0u : it->second;
  };
  filler.function = [&](const ElemExpr &h) -> E {
    auto it = fns.find(h.getHoleName().str());
    return it == fns.end() ? nullptr : it->second();
  };
  std::vector<Op *> roots = fillHoles({sk.output}, filler, out, error);
  return roots.empty() ? nullptr : roots[0];
}

std::string rasp::learn::checkTrainerReads(const Sketch &sk) {
  const SketchConfig &cfg = sk.cfg;
  for (const Sketch::Choice &c : sk.choices) {
    using Of = Sketch::Choice::Of;
    bool numerical = c.of == Of::NumMlp ||
                     (c.of == Of::NumHead && c.input == "value");
    unsigned n = c.of == Of::Mlp      ? cfg.mlpReads(c.layer)
                 : c.of == Of::NumMlp ? cfg.numMlpReads(c.layer)
                 : numerical          ? cfg.numHeadReads(c.layer)
                                      : cfg.headReads(c.layer);
    const std::vector<Op *> &stream = numerical ? sk.numVars : sk.catVars;
    bool same = c.op->getNumOperands() == n && n <= stream.size();
    for (unsigned i = 0; same && i < n; ++i)
      same = c.op->getOperand(i) == stream[i];
    if (!same)
      return "the sketch's hole '" + c.op->getName() +
             "' does not read the first " + std::to_string(n) + " " +
             (numerical ? "numerical" : "categorical") +
             " variables, as the trainer does";
  }
  return "";
}
