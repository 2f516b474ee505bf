//===- Program.cpp - The discretized model and its RASP printing ----------===//
//
// Program::run and Program::toRasp compute the same function; rasp-learn
// checks it on every test input. No LibTorch here.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Program.h"

#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <set>

using namespace rasp;
using namespace rasp::learn;

std::string Program::varName(unsigned var) const {
  if (var < cfg.posVar())
    return cfg.variables ? "embed_" + std::to_string(var) : "tok";
  if (var == cfg.posVar())
    return "pos";
  const unsigned per = cfg.catPerLayer(), first = cfg.inputVars();
  unsigned l = (var - first) / per, r = (var - first) % per;
  std::string L = std::to_string(l);
  if (r < cfg.heads)
    return "attn_" + L + "_" + std::to_string(r);
  r -= cfg.heads;
  if (r < cfg.mlps)
    return "mlp_" + L + "_" + std::to_string(r);
  return "num_mlp_" + L + "_" + std::to_string(r - cfg.mlps);
}

std::string Program::numVarName(unsigned var) const {
  if (var == 0)
    return "ones";
  unsigned l = (var - 1) / cfg.numHeads, h = (var - 1) % cfg.numHeads;
  return "num_attn_" + std::to_string(l) + "_" + std::to_string(h);
}

int64_t Program::numVarMax(unsigned var) const {
  if (var == 0)
    return 1;
  unsigned l = (var - 1) / cfg.numHeads, h = (var - 1) % cfg.numHeads;
  int64_t v = numVarMax(numHeads[l][h].valueVar);
  const int64_t limit = int64_t(1) << 40; // saturate, never overflow
  return v > limit / int64_t(cfg.maxLen) ? limit : v * int64_t(cfg.maxLen);
}

std::vector<int> Program::run(const std::vector<int> &input) const {
  const unsigned n = input.size(), k = cfg.k;
  std::vector<std::vector<int>> vals;
  std::vector<std::vector<int64_t>> nums;
  if (!cfg.variables)
    vals.push_back(input);
  for (const std::vector<int> &table : embed) {
    std::vector<int> v(n);
    for (unsigned i = 0; i < n; ++i)
      v[i] = table[input[i]];
    vals.push_back(std::move(v));
  }
  std::vector<int> pos(n);
  for (unsigned i = 0; i < n; ++i)
    pos[i] = i;
  vals.push_back(pos);
  nums.push_back(std::vector<int64_t>(n, 1));
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
    std::vector<std::vector<int64_t>> numOuts;
    for (const HeadHoles &h : numHeads[l]) {
      const std::vector<int> &K = vals[h.keyVar], &Q = vals[h.queryVar];
      const std::vector<int64_t> &V = nums[h.valueVar];
      std::vector<int64_t> out(n, 0);
      for (unsigned i = 0; i < n; ++i) {
        int want = h.pred[Q[i]];
        unsigned end = cfg.causal ? i + 1 : n;
        for (unsigned j = 0; j < end; ++j)
          if (K[j] == want)
            out[i] += V[j];
      }
      numOuts.push_back(std::move(out));
    }
    for (auto &o : outs)
      vals.push_back(std::move(o));
    for (auto &o : numOuts)
      nums.push_back(std::move(o));
    outs.clear();
    for (const MlpHoles &m : mlps[l]) {
      std::vector<int> out(n);
      for (unsigned i = 0; i < n; ++i)
        out[i] = m.table[vals[m.a][i] * k + vals[m.b][i]];
      outs.push_back(std::move(out));
    }
    for (const MlpHoles &m : numMlps[l]) {
      std::vector<int> out(n);
      for (unsigned i = 0; i < n; ++i) {
        int64_t a = std::min(nums[m.a][i], m.aMax),
                b = std::min(nums[m.b][i], m.bMax);
        out[i] = m.table[a * (m.bMax + 1) + b];
      }
      outs.push_back(std::move(out));
    }
    for (auto &o : outs)
      vals.push_back(std::move(o));
  }
  std::vector<int> pred(n);
  const size_t numBase = size_t(vals.size()) * k;
  for (unsigned i = 0; i < n; ++i) {
    int64_t bestScore = 0;
    int bestLabel = 0;
    for (unsigned lab = 0; lab < labels.size(); ++lab) {
      int64_t s = 0;
      for (unsigned v = 0; v < vals.size(); ++v)
        s += classifier[lab][v * k + vals[v][i]];
      for (unsigned v = 0; v < nums.size(); ++v)
        s += classifier[lab][numBase + v] * nums[v][i];
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
     << "# " << cfg.layers << " layers, " << cfg.heads << " categorical and "
     << cfg.numHeads << " numerical heads, " << cfg.mlps << " categorical and "
     << cfg.numMlps << " numerical MLPs per layer, k = " << k
     << (cfg.causal ? ", causal" : "");
  if (cfg.variables)
    os << ";\n# the tokens are read through " << cfg.variables
       << " learned embedding variable" << (cfg.variables == 1 ? "" : "s")
       << " (embed_0, ...)";
  os << ".\n"
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
  os << ";\n";
  for (unsigned v = 0; v < embed.size(); ++v) {
    std::string e = varName(v);
    os << "# " << e << ": a learned table of the token code.\n"
       << e << "_table = " << listLit(embed[v]) << ";\n"
       << e << " = " << e << "_table[tok];\n";
  }
  os << "pos = indices;\n";
  os << "ones = 0 * indices + 1;\n";
  // The position of each key in the order (value, position): a distinct
  // rank, so an aggregate that selects one rank reads exactly one key.
  std::set<unsigned> ranked;
  auto srankOf = [&](unsigned var) {
    std::string x = varName(var), name = "srank_" + x;
    if (ranked.insert(var).second)
      os << "# Where each position of " << x
         << " goes in a stable sort by value: distinct per position.\n"
         << name << " = selector_width(select(" << x << ", " << x
         << ", <) or (select(" << x << ", " << x
         << ", ==) and select(indices, indices, <)));\n";
    return name;
  };
  const int64_t none = int64_t(cfg.maxLen) + 1; // no such position/offset
  for (unsigned l = 0; l < cfg.layers; ++l) {
    for (unsigned hi = 0; hi < heads[l].size(); ++hi) {
      const HeadHoles &h = heads[l][hi];
      std::string v = varName(cfg.headReads(l) + hi);
      std::string K = varName(h.keyVar), Q = varName(h.queryVar),
                  V = varName(h.valueVar);
      os << "\n# " << v << ": keys " << K << ", queries " << Q << ", values "
         << V << ".\n";
      os << v << "_pred = " << listLit(h.pred) << ";\n";
      if (h.keyVar == cfg.posVar()) {
        // Keys pos are distinct: the only match is the position pred[query]
        // itself (also when it is the query: then it is the only match).
        std::string want = v + "_pred[" + Q + "]";
        os << "# pos is distinct: the key read is position " << want
           << " if there is one"
           << (cfg.causal ? " at or before the query" : "")
           << ", else position 0.\n";
        os << v << "_src = " << want << " if " << want
           << (cfg.causal ? " <= indices" : " < length") << " else 0;\n";
        os << v << " = aggregate(select(indices, " << v << "_src, ==), " << V
           << ", 0);\n";
        continue;
      }
      std::string srank = srankOf(h.keyVar);
      std::string m = "select(" + K + ", " + v + "_q, ==)";
      os << v << "_q = " << v << "_pred[" << Q << "];\n";
      // Sort ranks of the matches nearest to the query: the keys before
      // them in (value, position) order.
      os << "# The nearest match on the left has sort rank " << v
         << "_wl - 1 (if it matches at all)"
         << (cfg.causal ? "" : ",\n# the nearest one on the right " + v +
                                    "_wr")
         << ".\n";
      os << v << "_wl = selector_width(select(" << K << ", " << v
         << "_q, <) or (" << m << " and select(indices, indices, <)));\n";
      if (!cfg.causal)
        os << v << "_wr = selector_width(select(" << K << ", " << v
           << "_q, <) or (" << m << " and select(indices, indices, <=)));\n";
      // Nearest match on the left (none: default N+1) and on the right
      // (none: default -1), as positions.
      os << v << "_pl = aggregate(select(" << srank << ", " << v
         << "_wl - 1, ==) and " << m << ", indices, " << none << ");\n";
      if (cfg.causal) {
        os << v << "_src = " << v << "_pl if " << v << "_pl < " << none
           << " else (indices if " << K << " == " << v << "_pred[" << Q
           << "] else 0);\n";
      } else {
        os << v << "_pr = aggregate(select(" << srank << ", " << v
           << "_wr, ==) and " << m << ", indices, -1);\n";
        os << "# Distances to them: dl 0 if there is none; dr 0 if there is "
              "none but the\n# query matches itself, "
           << none << " if neither.\n";
        os << v << "_dl = indices - " << v << "_pl if indices > " << v
           << "_pl else 0;\n";
        os << v << "_dr = " << v << "_pr - indices if " << v
           << "_pr > indices else (0 if " << K << " == " << v << "_pred[" << Q
           << "] else " << none << ");\n";
        os << "# The offset of the key read: the nearest other match (left "
              "on ties), else\n# the query itself if it matches (0), else "
           << none << " (position 0).\n";
        os << v << "_off = 0 - " << v << "_dl if (" << v << "_dl > 0 and ("
           << v << "_dr == 0 or " << v << "_dl <= " << v << "_dr)) else "
           << v << "_dr;\n";
        os << v << "_src = indices + " << v << "_off if (" << v << "_off < "
           << none << " and indices + " << v << "_off >= 0 and indices + "
           << v << "_off < " << cfg.maxLen << ") else 0;\n";
      }
      os << v << " = aggregate(select(indices, " << v << "_src, ==), " << V
         << ", 0);\n";
    }
    for (unsigned hi = 0; hi < numHeads[l].size(); ++hi) {
      const HeadHoles &h = numHeads[l][hi];
      std::string v = numVarName(cfg.numHeadReads(l) + hi);
      std::string K = varName(h.keyVar), Q = varName(h.queryVar),
                  V = numVarName(h.valueVar);
      os << "\n# " << v << " (numerical): the sum of " << V
         << " over the keys " << K << " == " << v << "_pred[" << Q << "]"
         << (cfg.causal ? " at or before the query" : "") << ".\n";
      os << v << "_pred = " << listLit(h.pred) << ";\n";
      os << v << "_sel = select(" << K << ", " << v << "_pred[" << Q
         << "], ==)"
         << (cfg.causal ? " and select(indices, indices, <=)" : "") << ";\n";
      if (h.valueVar == 0)
        os << v << " = selector_width(" << v << "_sel);\n";
      else // mean * count, rounded: the exact integer sum
        os << v << " = round(aggregate(" << v << "_sel, " << V
           << ", 0) * selector_width(" << v << "_sel));\n";
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
    for (unsigned mi = 0; mi < numMlps[l].size(); ++mi) {
      const MlpHoles &m = numMlps[l][mi];
      std::string v = varName(cfg.numMlpOut(l) + mi);
      std::string A = numVarName(m.a), B = numVarName(m.b);
      os << "\n# " << v << ": a table of (" << A << ", " << B << ").\n";
      os << v << "_table = " << listLit(m.table) << ";\n";
      if (m.aMax < numVarMax(m.a)) {
        os << v << "_a = " << m.aMax << " if " << A << " > " << m.aMax
           << " else " << A << ";\n";
        A = v + "_a";
      }
      if (m.bMax < numVarMax(m.b)) {
        os << v << "_b = " << m.bMax << " if " << B << " > " << m.bMax
           << " else " << B << ";\n";
        B = v + "_b";
      }
      os << v << " = " << v << "_table[" << A << " * " << m.bMax + 1
         << " + " << B << "];\n";
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
    for (unsigned var = 0; var < cfg.numNumVars(); ++var) {
      int64_t w = classifier[lab][nVars * k + var];
      if (w)
        sum += " + (" + std::to_string(w) + ") * " + numVarName(var);
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
