//===- Task.cpp - Datasets of the Transformer Programs tasks --------------===//
//
// Follows the reference code's data_utils.py as described in
// ../shared/spec/transformer-programs.md §2. No LibTorch here.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Task.h"

#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Support/Atom.h"

#include <algorithm>
#include <functional>
#include <map>
#include <random>
#include <set>

using namespace rasp;
using namespace rasp::learn;

namespace {
/// A uniform integer in [lo, hi] that does not depend on the standard
/// library's distribution implementation.
int64_t uniform(std::mt19937_64 &rng, int64_t lo, int64_t hi) {
  uint64_t span = uint64_t(hi - lo) + 1;
  uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t x;
  do
    x = rng();
  while (x >= limit);
  return lo + int64_t(x % span);
}

/// One raw sample: input strings (BOS included) and label strings ("" where
/// nothing is scored).
struct Raw {
  std::vector<std::string> in, out;
};

using Sampler = std::function<Raw(std::mt19937_64 &)>;

std::vector<std::string> digits(unsigned n) {
  std::vector<std::string> d;
  for (unsigned i = 0; i < n; ++i)
    d.push_back(std::to_string(i));
  return d;
}

/// Oversamples (n = 2..5 times the size) until enough unique inputs exist,
/// keeps the first datasetSize, codes them, shuffles and splits 81/9/10.
llvm::Expected<Dataset> build(std::string name, const Sampler &sample,
                              std::vector<std::string> vocab, unsigned maxLen,
                              bool causal, const TaskOptions &opts) {
  std::mt19937_64 rng(opts.seed);
  std::vector<Raw> unique;
  for (unsigned n = 2; n <= 5 && unique.size() < opts.datasetSize; ++n) {
    unique.clear();
    std::set<std::vector<std::string>> seen;
    for (uint64_t i = 0; i < uint64_t(n) * opts.datasetSize; ++i) {
      Raw r = sample(rng);
      if (seen.insert(r.in).second)
        unique.push_back(std::move(r));
    }
  }
  if (unique.size() > opts.datasetSize)
    unique.resize(opts.datasetSize);
  if (unique.size() < 10)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "task '%s' has only %zu distinct inputs",
                                   name.c_str(), unique.size());
  Dataset d;
  d.name = std::move(name);
  d.maxLen = maxLen;
  d.causal = causal;
  d.tokens = {"<pad>", "<s>"};
  std::sort(vocab.begin(), vocab.end());
  for (const std::string &t : vocab)
    if (t != "<pad>" && t != "<s>")
      d.tokens.push_back(t);
  std::set<std::string> labelSet;
  for (const Raw &r : unique)
    for (const std::string &l : r.out)
      if (!l.empty())
        labelSet.insert(l);
  d.labels.assign(labelSet.begin(), labelSet.end());
  std::map<std::string, int> tokCode, labCode;
  for (unsigned i = 0; i < d.tokens.size(); ++i)
    tokCode[d.tokens[i]] = i;
  for (unsigned i = 0; i < d.labels.size(); ++i)
    labCode[d.labels[i]] = i;
  std::vector<Example> all;
  for (const Raw &r : unique) {
    Example e;
    for (const std::string &t : r.in) {
      auto it = tokCode.find(t);
      if (it == tokCode.end())
        return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                       "token '%s' not in the vocabulary",
                                       t.c_str());
      e.input.push_back(it->second);
    }
    for (const std::string &l : r.out)
      e.target.push_back(l.empty() ? -1 : labCode[l]);
    all.push_back(std::move(e));
  }
  // Fisher-Yates with our own uniform(), then test 10 %, val 10 % of the rest.
  for (size_t i = all.size(); i > 1; --i)
    std::swap(all[i - 1], all[uniform(rng, 0, int64_t(i) - 1)]);
  size_t nTest = (all.size() + 9) / 10;
  size_t nVal = (all.size() - nTest + 9) / 10;
  d.test.assign(all.begin(), all.begin() + nTest);
  d.val.assign(all.begin() + nTest, all.begin() + nTest + nVal);
  d.train.assign(all.begin() + nTest + nVal, all.end());
  return d;
}
} // namespace

std::vector<std::string> rasp::learn::getTaskNames() {
  return {"dyck1", "hist", "reverse", "sort"};
}

llvm::Expected<Dataset> rasp::learn::makeTask(const std::string &name,
                                              const TaskOptions &opts) {
  bool dyck = name == "dyck1";
  unsigned maxLen = opts.maxLen ? opts.maxLen : (dyck ? 16 : 8);
  unsigned minLen = opts.minLen ? opts.minLen : (dyck ? maxLen : 1);
  if (maxLen < 3 || minLen > maxLen)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "bad length range %u..%u", minLen, maxLen);
  if (name == "reverse" || name == "sort") {
    if (opts.vocabSize < 4 || minLen > maxLen - 2)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "%s needs --vocab-size >= 4",
                                     name.c_str());
    std::vector<std::string> toks = digits(opts.vocabSize - 3);
    bool isSort = name == "sort";
    Sampler s = [=](std::mt19937_64 &rng) {
      unsigned l = uniform(rng, minLen, maxLen - 2);
      std::vector<std::string> x;
      for (unsigned i = 0; i < l; ++i)
        x.push_back(toks[uniform(rng, 0, toks.size() - 1)]);
      std::vector<std::string> y = x;
      if (isSort)
        std::sort(y.begin(), y.end());
      else
        std::reverse(y.begin(), y.end());
      Raw r;
      r.in.push_back("<s>");
      r.out.push_back("");
      r.in.insert(r.in.end(), x.begin(), x.end());
      r.out.insert(r.out.end(), y.begin(), y.end());
      r.in.push_back("</s>");
      r.out.push_back("");
      return r;
    };
    toks.push_back("</s>");
    return build(name, s, toks, maxLen, false, opts);
  }
  if (name == "hist") {
    if (opts.vocabSize < 3)
      return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                     "hist needs --vocab-size >= 3");
    std::vector<std::string> toks = digits(opts.vocabSize - 2);
    Sampler s = [=](std::mt19937_64 &rng) {
      unsigned l = uniform(rng, minLen, maxLen - 1);
      std::vector<std::string> x;
      for (unsigned i = 0; i < l; ++i)
        x.push_back(toks[uniform(rng, 0, toks.size() - 1)]);
      Raw r;
      r.in.push_back("<s>");
      r.out.push_back("");
      for (const std::string &t : x) {
        r.in.push_back(t);
        r.out.push_back(std::to_string(std::count(x.begin(), x.end(), t)));
      }
      return r;
    };
    return build(name, s, toks, maxLen, false, opts);
  }
  if (dyck) {
    Sampler s = [=](std::mt19937_64 &rng) {
      unsigned n = maxLen - 1;
      std::string str;
      if (uniform(rng, 0, 1)) {
        for (unsigned i = 0; i < n; ++i)
          str += uniform(rng, 0, 1) ? '(' : ')';
      } else {
        unsigned pairs = uniform(rng, minLen / 2, maxLen / 2);
        for (unsigned i = 0; i < pairs; ++i)
          str = uniform(rng, 0, 1) ? str + "()" : "(" + str + ")";
        while (str.size() < n)
          str += uniform(rng, 0, 1) ? '(' : ')';
        str.resize(n);
      }
      Raw r;
      r.in.push_back("<s>");
      r.out.push_back("");
      int depth = 0;
      for (char c : str) {
        r.in.push_back(std::string(1, c));
        if (depth >= 0)
          depth += c == '(' ? 1 : -1;
        r.out.push_back(depth < 0 ? "F" : depth == 0 ? "T" : "P");
      }
      return r;
    };
    return build(name, s, {"(", ")"}, maxLen, true, opts);
  }
  std::string known;
  for (const std::string &t : getTaskNames())
    known += (known.empty() ? "" : ", ") + t;
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 "unknown task '%s' (known tasks: %s)",
                                 name.c_str(), known.c_str());
}

llvm::Expected<Dataset>
rasp::learn::makeTaskFromProgram(const ir::Op *sop,
                                 const std::vector<std::string> &vocab,
                                 const TaskOptions &opts) {
  unsigned maxLen = opts.maxLen ? opts.maxLen : 8;
  if (vocab.empty() || maxLen < 2)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "--from needs a non-empty --vocab and "
                                   "--max-seq-len >= 2");
  std::string failure;
  Sampler s = [&](std::mt19937_64 &rng) {
    unsigned l = uniform(rng, 1, maxLen - 1);
    std::vector<Atom> atoms;
    Raw r;
    r.in.push_back("<s>");
    r.out.push_back("");
    for (unsigned i = 0; i < l; ++i) {
      const std::string &t = vocab[uniform(rng, 0, vocab.size() - 1)];
      r.in.push_back(t);
      atoms.push_back(Atom::string(t));
    }
    interp::Interpreter in = interp::Interpreter::fromAtoms(std::move(atoms));
    interp::EvalError err;
    const interp::Sequence *seq = in.evalSOp(sop, err);
    for (unsigned i = 0; i < l; ++i) {
      if (!seq) {
        if (failure.empty())
          failure = err.message;
        r.out.push_back("?");
      } else {
        r.out.push_back(py::str(seq->values[i]));
      }
    }
    return r;
  };
  llvm::Expected<Dataset> d = build("from", s, vocab, maxLen, false, opts);
  if (d && !failure.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "the program fails on a random input: %s",
                                   failure.c_str());
  return d;
}

std::string rasp::learn::formatExample(const Dataset &d, const Example &e) {
  std::string s;
  for (int c : e.input)
    s += (s.empty() ? "" : " ") + d.tokens[c];
  s += " |";
  for (int t : e.target)
    s += " " + (t < 0 ? std::string("_") : d.labels[t]);
  return s;
}
