//===- ToIR.cpp - A filled Transformer Program as IR ops ------------------===//
//
// Builds the same computation as Program::toRasp prints, op for op, as
// ordinary IR (include/rasp/IR/IR.h): predicate tables and MLP tables are
// lookups in constant lists (maps), heads are selects, selector widths and
// aggregates, the classifier is n-ary maps. rasp-learn runs this IR with the
// interpreter beside the re-parsed printed program and checks both against
// the discretized model (Program::run). The ops it shares with buildSketch
// are built in Lowering.cpp.
//
//===----------------------------------------------------------------------===//

#include "Lowering.h"

#include <map>

using namespace rasp;
using namespace rasp::learn;
using namespace rasp::learn::lowering;
using namespace rasp::ir;

Op *rasp::learn::toIR(const Program &p, Module &m) {
  Builder b(m);
  const SketchConfig &cfg = p.cfg;
  const unsigned k = cfg.k;
  Inputs in = lowerInputs(b, p.tokens);
  lowerEmbeddings(b, cfg, in,
                  [&](unsigned v) { return embedTable(p.embed[v]); });
  Op *idx = in.idx;
  std::vector<Op *> &cat = in.cat, &num = in.num;
  // Sort ranks, one per key variable.
  std::map<unsigned, Op *> sranks;
  auto srankOf = [&](unsigned var) {
    Op *&r = sranks[var];
    if (!r)
      r = sortRank(b, in, cat[var]);
    return r;
  };
  Op *length = nullptr; // the stdlib's `length`, made when first read
  for (unsigned l = 0; l < cfg.layers; ++l) {
    std::vector<Op *> catOut, numOut;
    for (const HeadHoles &h : p.heads[l]) {
      auto pred = [&h](unsigned i) { return predTable(h.pred, i); };
      if (h.keyVar == cfg.posVar()) {
        // Keys pos (distinct), as printed: src = pred[Q] if pred[Q] <=
        // indices (causal; else < length) else 0; args Q, indices/length.
        if (!length)
          length = b.width(b.select(idx, idx, Comparison::True));
        Op *src = b.map({cat[h.queryVar], cfg.causal ? idx : length},
                        tern(bin(cfg.causal ? py::BinOp::Le : py::BinOp::Lt,
                                 pred(0), arg(1)),
                             pred(0), cst(0)));
        catOut.push_back(
            b.aggregate(b.select(idx, src, Comparison::EQ), cat[h.valueVar]));
        continue;
      }
      // As Program::toRasp prints it.
      catOut.push_back(lowerCatHead(b, cfg, in, cat[h.keyVar],
                                    cat[h.queryVar], cat[h.valueVar], pred,
                                    [&] { return srankOf(h.keyVar); }));
    }
    for (const HeadHoles &h : p.numHeads[l]) {
      Op *sel =
          numHeadSelect(b, cfg, in, cat[h.keyVar], cat[h.queryVar],
                        [&h](unsigned i) { return predTable(h.pred, i); });
      Op *w = b.width(sel);
      if (h.valueVar == 0) {
        numOut.push_back(w);
        continue;
      }
      Op *mean = b.aggregate(sel, num[h.valueVar]);
      numOut.push_back(roundedSum(b, mean, w));
    }
    cat.insert(cat.end(), catOut.begin(), catOut.end());
    num.insert(num.end(), numOut.begin(), numOut.end());
    catOut.clear();
    for (const MlpHoles &mh : p.mlps[l])
      catOut.push_back(b.map({cat[mh.a], cat[mh.b]}, mlpTable(mh, k)));
    for (const MlpHoles &mh : p.numMlps[l])
      catOut.push_back(b.map({num[mh.a], num[mh.b]}, numMlpTable(mh)));
    cat.insert(cat.end(), catOut.begin(), catOut.end());
  }
  // Classifier, op for op as the printed program parses (the form
  // rasp-compile turns into the unembedding, lib/Compile/Classifier.h);
  // a zero numerical weight is no term.
  const size_t nCat = cat.size();
  return lowerClassifier(
      b, in, cat, num, p.labels,
      [&](unsigned lab, bool numerical, unsigned v) -> Op * {
        const std::vector<int64_t> &w = p.classifier[lab];
        if (!numerical)
          return b.map({cat[v]}, classifierTable(w, v, k));
        int64_t c = w[nCat * k + v];
        return c ? b.map({num[v]}, classifierScale(c)) : nullptr;
      });
}
