//===- Program.cpp - The discretized model and its RASP printing ----------===//
//
// Program::run and Program::toRasp compute the same function; rasp-learn
// checks it on every test input. No LibTorch here.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Program.h"

#include "llvm/Support/raw_ostream.h"

#include <set>

using namespace rasp;
using namespace rasp::learn;

std::string Program::varName(unsigned var) const {
  if (var == 0)
    return "tok";
  if (var == 1)
    return "pos";
  unsigned per = cfg.heads + cfg.mlps;
  unsigned l = (var - 2) / per, r = (var - 2) % per;
  if (r < cfg.heads)
    return "attn_" + std::to_string(l) + "_" + std::to_string(r);
  return "mlp_" + std::to_string(l) + "_" + std::to_string(r - cfg.heads);
}

std::vector<int> Program::run(const std::vector<int> &input) const {
  const unsigned n = input.size(), k = cfg.k;
  std::vector<std::vector<int>> vals;
  vals.push_back(input);
  std::vector<int> pos(n);
  for (unsigned i = 0; i < n; ++i)
    pos[i] = i;
  vals.push_back(pos);
  for (unsigned l = 0; l < cfg.layers; ++l) {
    std::vector<std::vector<int>> outs;
    for (const HeadHoles &h : heads[l]) {
      const std::vector<int> &K = vals[h.keyVar], &Q = vals[h.queryVar],
                             &V = vals[h.valueVar];
      std::vector<int> out(n);
      for (unsigned i = 0; i < n; ++i) {
        int want = h.pred[Q[i]];
        int best = -1;
        unsigned bestDist = ~0u;
        unsigned end = cfg.causal ? i + 1 : n;
        for (unsigned j = 0; j < end; ++j) {
          if (j == i || K[j] != want)
            continue;
          unsigned d = j < i ? i - j : j - i;
          if (d < bestDist) { // strict: equal distance keeps the left key
            bestDist = d;
            best = j;
          }
        }
        if (best < 0)
          best = K[i] == want ? int(i) : 0;
        out[i] = V[best];
      }
      outs.push_back(std::move(out));
    }
    for (auto &o : outs)
      vals.push_back(std::move(o));
    outs.clear();
    for (const MlpHoles &m : mlps[l]) {
      std::vector<int> out(n);
      for (unsigned i = 0; i < n; ++i)
        out[i] = m.table[vals[m.a][i] * k + vals[m.b][i]];
      outs.push_back(std::move(out));
    }
    for (auto &o : outs)
      vals.push_back(std::move(o));
  }
  std::vector<int> pred(n);
  for (unsigned i = 0; i < n; ++i) {
    int64_t bestScore = 0;
    int bestLabel = 0;
    for (unsigned lab = 0; lab < labels.size(); ++lab) {
      int64_t s = 0;
      for (unsigned v = 0; v < vals.size(); ++v)
        s += classifier[lab][v * k + vals[v][i]];
      if (lab == 0 || s > bestScore) {
        bestScore = s;
        bestLabel = lab;
      }
    }
    pred[i] = bestLabel;
  }
  return pred;
}

namespace {
/// RASP strings are double-quoted with no escapes; tokens hold no quote.
std::string quote(const std::string &s) { return "\"" + s + "\""; }

template <typename T> std::string listLit(const std::vector<T> &xs) {
  std::string s = "[";
  for (size_t i = 0; i < xs.size(); ++i)
    s += (i ? ", " : "") + std::to_string(xs[i]);
  return s + "]";
}
} // namespace

std::string Program::toRasp(const std::string &sopName) const {
  std::string out;
  llvm::raw_string_ostream os(out);
  const unsigned k = cfg.k;
  os << "# A Transformer Program learned by rasp-learn (docs/Learn.md).\n"
     << "# " << cfg.layers << " layers, " << cfg.heads
     << " categorical heads and " << cfg.mlps
     << " categorical MLPs per layer, k = " << k
     << (cfg.causal ? ", causal" : "") << ".\n"
     << "# Input: \"<s>\" then the tokens, e.g. [\"<s>\", ...]; `" << sopName
     << "` is the label at every position\n# (position 0 is not scored).\n"
     << "# Every variable holds an int in 0.." << k - 1
     << ". A head selects, for each query, the nearest other\n"
     << "# key whose value is pred[query value] (ties to the left; the query "
        "itself only\n# when it is the only match; position 0 when nothing "
        "matches) and copies its value.\n\n";
  // Token codes.
  os << "tok = ";
  for (unsigned c = 1; c < tokens.size(); ++c)
    os << c << " if tokens == " << quote(tokens[c]) << " else (";
  os << "0";
  for (unsigned c = 1; c < tokens.size(); ++c)
    os << ")";
  os << ";\npos = indices;\n";
  std::set<unsigned> ranked;
  auto rankOf = [&](unsigned var) {
    std::string name = "rank_" + varName(var);
    if (ranked.insert(var).second)
      os << "# How many earlier positions hold the same value of "
         << varName(var) << ".\n"
         << name << " = selector_width(select(" << varName(var) << ", "
         << varName(var)
         << ", ==) and select(indices, indices, <));\n";
    return name;
  };
  for (unsigned l = 0; l < cfg.layers; ++l) {
    for (unsigned hi = 0; hi < heads[l].size(); ++hi) {
      const HeadHoles &h = heads[l][hi];
      std::string v = varName(cfg.headReads(l) + hi);
      std::string K = varName(h.keyVar), Q = varName(h.queryVar),
                  V = varName(h.valueVar);
      std::string rank = rankOf(h.keyVar);
      os << "\n# " << v << ": keys " << K << ", queries " << Q << ", values "
         << V << ".\n";
      os << v << "_pred = " << listLit(h.pred) << ";\n";
      os << v << "_q = " << v << "_pred[" << Q << "];\n";
      os << v << "_match = select(" << K << ", " << v << "_q, ==)"
         << (cfg.causal ? " and select(indices, indices, <=)" : "") << ";\n";
      os << v << "_cl = selector_width(" << v
         << "_match and select(indices, indices, <));\n";
      os << v << "_cle = selector_width(" << v
         << "_match and select(indices, indices, <=));\n";
      os << v << "_pl = aggregate(" << v << "_match and select(" << rank
         << ", " << v << "_cl - 1, ==), indices, 0);\n";
      if (cfg.causal) {
        os << v << "_src = " << v << "_pl if " << v << "_cl > 0 else (indices "
           << "if " << v << "_cle > " << v << "_cl else 0);\n";
      } else {
        os << v << "_tot = selector_width(" << v << "_match);\n";
        os << v << "_pr = aggregate(" << v << "_match and select(" << rank
           << ", " << v << "_cle, ==), indices, 0);\n";
        os << v << "_left = (" << v << "_cl > 0) and ((" << v << "_tot <= "
           << v << "_cle) or (indices - " << v << "_pl <= " << v
           << "_pr - indices));\n";
        os << v << "_src = " << v << "_pl if " << v << "_left else (" << v
           << "_pr if " << v << "_tot > " << v << "_cle else (indices if " << v
           << "_cle > " << v << "_cl else 0));\n";
      }
      os << v << " = aggregate(select(indices, " << v << "_src, ==), " << V
         << ", 0);\n";
    }
    for (unsigned mi = 0; mi < mlps[l].size(); ++mi) {
      const MlpHoles &m = mlps[l][mi];
      std::string v = varName(cfg.mlpReads(l) + mi);
      os << "\n# " << v << ": a table of (" << varName(m.a) << ", "
         << varName(m.b) << ").\n";
      os << v << "_table = " << listLit(m.table) << ";\n";
      os << v << " = " << v << "_table[" << varName(m.a) << " * " << k
         << " + " << varName(m.b) << "];\n";
    }
  }
  // Classifier: integer scores per label, argmax (first label on ties).
  unsigned nVars = cfg.numVars();
  os << "\n# Classifier: one integer weight per (variable, value, label).\n";
  for (unsigned lab = 0; lab < labels.size(); ++lab) {
    std::string sum;
    for (unsigned var = 0; var < nVars; ++var) {
      std::vector<int64_t> row(classifier[lab].begin() + var * k,
                               classifier[lab].begin() + (var + 1) * k);
      std::string w = "w" + std::to_string(lab) + "_" + varName(var);
      os << w << " = " << listLit(row) << ";\n";
      sum += (sum.empty() ? "" : " + ") + w + "[" + varName(var) + "]";
    }
    os << "score_" << lab << " = " << sum << ";\n";
  }
  os << "best = 0 * indices;\nbest_score = score_0;\n";
  for (unsigned lab = 1; lab < labels.size(); ++lab) {
    os << "best = " << lab << " if score_" << lab
       << " > best_score else best;\n";
    os << "best_score = score_" << lab << " if score_" << lab
       << " > best_score else best_score;\n";
  }
  os << "label_names = [";
  for (unsigned lab = 0; lab < labels.size(); ++lab)
    os << (lab ? ", " : "") << quote(labels[lab]);
  os << "];\n" << sopName << " = label_names[best];\n";
  return os.str();
}

double rasp::learn::accuracy(const Program &p,
                             const std::vector<Example> &data) {
  size_t good = 0, total = 0;
  for (const Example &e : data) {
    std::vector<int> pred = p.run(e.input);
    for (size_t i = 0; i < e.target.size(); ++i) {
      if (e.target[i] < 0)
        continue;
      ++total;
      good += pred[i] == e.target[i];
    }
  }
  return total ? double(good) / double(total) : 0.0;
}
