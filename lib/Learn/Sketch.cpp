//===- Sketch.cpp - A Transformer Program sketch as IR with holes ---------===//
//
// buildSketch lays out the ops of learn::toIR (lib/Learn/ToIR.cpp; the ops
// both build are made once, in lib/Learn/Lowering.cpp) for every
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

#include "Lowering.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

using namespace rasp;
using namespace rasp::learn;
using namespace rasp::learn::lowering;
using namespace rasp::ir;

namespace {
E hole(const std::string &name, const std::string &shape,
       std::vector<unsigned> inputs) {
  std::vector<E> in;
  for (unsigned i : inputs)
    in.push_back(arg(i));
  return ElemExpr::hole(name, shape, std::move(in));
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
  cfg.k = opts.dVar ? opts.dVar : minVariableCardinality(data, 0);
  cfg.causal = data.causal;
  cfg.variables = opts.variables;
  return cfg;
}

unsigned rasp::learn::minVariableCardinality(const Dataset &data,
                                             unsigned variables) {
  return variables ? data.maxLen
                   : std::max<unsigned>(data.tokens.size(), data.maxLen);
}

unsigned rasp::learn::maxVariableCardinality(const Dataset &data) {
  return std::max(128u, minVariableCardinality(data, 0));
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
  os << "# sketch: L" << cfg.layers << " H" << cfg.heads << "+" << cfg.numHeads
     << " M" << cfg.mlps << "+" << cfg.numMlps << ", k " << cfg.k
     << ", max length " << cfg.maxLen << (cfg.causal ? ", causal" : "");
  if (cfg.variables)
    os << ", " << cfg.variables << " embedding variable"
       << (cfg.variables == 1 ? "" : "s");
  os << "; " << choices.size() << " ?choose holes, " << functionHoles.size()
     << " function holes\n";
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
  Builder b(m);
  auto choose = [&](Sketch::Choice::Of of, unsigned l, const std::string &comp,
                    const std::string &input,
                    const std::vector<Op *> &stream, unsigned n) {
    auto *c = m.create<ChooseOp>(
        comp + "." + input, llvm::ArrayRef<Op *>(stream.data(), n));
    sk->choices.push_back({of, l, input, c});
    return c;
  };

  Inputs in = lowerInputs(b, tokens);
  // Embedding variables: a function hole of the token code each.
  const std::string embedShape =
      std::to_string(tokens.size()) + "->" + std::to_string(k);
  lowerEmbeddings(b, cfg, in, [&](unsigned v) {
    return hole(names.varName(v) + ".table", embedShape, {0});
  });
  std::vector<Op *> &cat = sk->catVars, &num = sk->numVars;
  cat = in.cat;
  num = in.num;
  using Of = Sketch::Choice::Of;
  for (unsigned l = 0; l < cfg.layers; ++l) {
    std::vector<Op *> catOut, numOut;
    for (unsigned h = 0; h < cfg.heads; ++h) {
      std::string name = headName(false, l, h);
      Op *K = choose(Of::Head, l, name, "key", cat, cfg.headReads(l));
      Op *Q = choose(Of::Head, l, name, "query", cat, cfg.headReads(l));
      Op *V = choose(Of::Head, l, name, "value", cat, cfg.headReads(l));
      std::string pred = name + ".pred";
      // As toIR, with a sort rank per head.
      Op *out = lowerCatHead(
          b, cfg, in, K, Q, V,
          [&](unsigned i) { return hole(pred, kk, {i}); },
          [&] { return sortRank(b, in, K); });
      sk->names[out] = name;
      catOut.push_back(out);
    }
    for (unsigned h = 0; h < cfg.numHeads; ++h) {
      std::string name = headName(true, l, h);
      Op *K = choose(Of::NumHead, l, name, "key", cat, cfg.headReads(l));
      Op *Q = choose(Of::NumHead, l, name, "query", cat, cfg.headReads(l));
      Op *V =
          choose(Of::NumHead, l, name, "value", num, cfg.numHeadReads(l));
      Op *sel = numHeadSelect(b, cfg, in, K, Q, [&](unsigned i) {
        return hole(name + ".pred", kk, {i});
      });
      // The sum over the matching keys: mean times count, rounded.
      Op *mean = b.aggregate(sel, V);
      Op *out = roundedSum(b, mean, b.width(sel));
      sk->names[out] = name;
      numOut.push_back(out);
    }
    cat.insert(cat.end(), catOut.begin(), catOut.end());
    num.insert(num.end(), numOut.begin(), numOut.end());
    catOut.clear();
    auto mlps = [&](bool numerical, unsigned count) {
      const std::vector<Op *> &reads = numerical ? num : cat;
      unsigned n = numerical ? cfg.numMlpReads(l) : cfg.mlpReads(l);
      Of of = numerical ? Of::NumMlp : Of::Mlp;
      std::string shape =
          (numerical ? "int,int" : kk) + "->" + std::to_string(k);
      for (unsigned i = 0; i < count; ++i) {
        std::string name = mlpName(numerical, l, i);
        Op *a = choose(of, l, name, "a", reads, n);
        Op *bv = choose(of, l, name, "b", reads, n);
        Op *out = b.map({a, bv}, hole(name + ".table", shape, {0, 1}));
        sk->names[out] = name;
        catOut.push_back(out);
      }
    };
    mlps(false, cfg.mlps);
    mlps(true, cfg.numMlps);
    cat.insert(cat.end(), catOut.begin(), catOut.end());
  }
  sk->names[in.tok] = "tok";
  for (unsigned v = 0; v < cfg.inputVars(); ++v)
    sk->names[cat[v]] = names.varName(v);
  sk->names[num[0]] = names.numVarName(0);
  // Classifier, as toIR: each term a weight hole (also a numerical one).
  sk->output = lowerClassifier(
      b, in, cat, num, labels, [&](unsigned lab, bool numerical, unsigned v) {
        return numerical
                   ? b.map({num[v]}, hole(classifierName(
                                              lab, names.numVarName(v)),
                                          "1", {0}))
                   : b.map({cat[v]},
                           hole(classifierName(lab, names.varName(v)),
                                std::to_string(k), {0}));
      });
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
      p.cfg.variables != cfg.variables || p.labels.size() != sk.labels.size()) {
    error = "the program does not have the sketch's shape";
    return nullptr;
  }
  const unsigned k = cfg.k;
  std::map<std::string, unsigned> choice;
  std::map<std::string, std::function<E()>> fns;
  if (p.embed.size() != cfg.variables) {
    error = "the program's embedding variables do not have the sketch's shape";
    return nullptr;
  }
  for (unsigned v = 0; v < cfg.variables; ++v) {
    if (p.embed[v].size() != sk.tokens.size()) {
      error = "the program's embedding variables do not have the sketch's "
              "shape";
      return nullptr;
    }
    fns[p.varName(v) + ".table"] = [&p, v] { return embedTable(p.embed[v]); };
  }
  for (unsigned l = 0; l < cfg.layers; ++l) {
    auto heads = [&](bool numerical,
                     const std::vector<std::vector<HeadHoles>> &hs) {
      for (unsigned h = 0; h < hs[l].size(); ++h) {
        const HeadHoles &hh = hs[l][h];
        std::string n = headName(numerical, l, h);
        choice[n + ".key"] = hh.keyVar;
        choice[n + ".query"] = hh.queryVar;
        choice[n + ".value"] = hh.valueVar;
        fns[n + ".pred"] = [&hh] { return predTable(hh.pred, 0); };
      }
    };
    heads(false, p.heads);
    heads(true, p.numHeads);
    for (unsigned i = 0; i < p.mlps[l].size(); ++i) {
      const MlpHoles &mh = p.mlps[l][i];
      std::string n = mlpName(false, l, i);
      choice[n + ".a"] = mh.a;
      choice[n + ".b"] = mh.b;
      fns[n + ".table"] = [&mh, k] { return mlpTable(mh, k); };
    }
    for (unsigned i = 0; i < p.numMlps[l].size(); ++i) {
      const MlpHoles &mh = p.numMlps[l][i];
      std::string n = mlpName(true, l, i);
      choice[n + ".a"] = mh.a;
      choice[n + ".b"] = mh.b;
      fns[n + ".table"] = [&mh] { return numMlpTable(mh); };
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
        return classifierTable(w, v, k);
      };
    for (unsigned v = 0; v < nNum; ++v)
      fns[classifierName(lab, p.numVarName(v))] = [&w, v, nCat, k] {
        return classifierScale(w[size_t(nCat) * k + v]);
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
