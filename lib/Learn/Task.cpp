//===- Task.cpp - Datasets of the Transformer Programs tasks --------------===//
//
// Makes the datasets the way the reference code's data_utils.py does
// (../shared/spec/transformer-programs.md §2), draw for draw:
//
//  1. A generator draws one string at a time from numpy's legacy RandomState
//     seeded with the data seed. The reference code calls the generator for
//     n * size strings, n = 2..5, reseeding each time, and keeps the first
//     `size` distinct inputs of the first n that has enough; since every
//     call replays the same stream, that is "the first `size` distinct
//     inputs among the first 5 * size draws", which is what build() does.
//  2. sklearn's train_test_split(test_size=0.1, random_state=seed) twice:
//     a permutation from a fresh RandomState(seed), test = its first
//     ceil(0.1 n) rows, the rest (in permutation order) is split again the
//     same way into validation and train.
//
// No LibTorch here.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Task.h"

#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Support/Atom.h"

#include "llvm/ADT/DenseSet.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <random>
#include <set>

using namespace rasp;
using namespace rasp::learn;

namespace {
llvm::Error error(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg.str());
}

/// The draws of numpy's legacy RandomState that the generators use. Seeding
/// (np.random.seed(s) / RandomState(s)) is MT19937's init_genrand, which is
/// also std::mt19937's; bounded integers take 32-bit outputs masked to the
/// smallest all-ones mask covering the range and reject values above it.
class NumpyRandom {
public:
  explicit NumpyRandom(uint32_t seed) : mt(seed) {}

  /// np.random.randint(lo, hi): uniform in [lo, hi). A range of one value
  /// consumes no draw, as in numpy.
  int64_t randint(int64_t lo, int64_t hi) {
    assert(hi > lo && uint64_t(hi - lo - 1) <= 0xffffffffu);
    return lo + int64_t(bounded(uint32_t(hi - lo - 1)));
  }

  /// np.random.permutation(n): Fisher-Yates from the back, as legacy
  /// RandomState.shuffle does (random_interval(i) for i = n-1 .. 1).
  std::vector<size_t> permutation(size_t n) {
    std::vector<size_t> p(n);
    std::iota(p.begin(), p.end(), size_t(0));
    for (size_t i = n; i-- > 1;)
      std::swap(p[i], p[bounded(uint32_t(i))]);
    return p;
  }

private:
  /// Uniform in [0, max].
  uint32_t bounded(uint32_t max) {
    if (max == 0)
      return 0;
    uint32_t mask = max;
    mask |= mask >> 1;
    mask |= mask >> 2;
    mask |= mask >> 4;
    mask |= mask >> 8;
    mask |= mask >> 16;
    uint32_t v;
    do
      v = uint32_t(mt()) & mask;
    while (v > max);
    return v;
  }

  std::mt19937 mt;
};

/// One raw sample: input strings (BOS included) and label strings ("" where
/// nothing is scored).
struct Raw {
  std::vector<std::string> in, out;
};

using Sampler = std::function<Raw(NumpyRandom &)>;

std::vector<std::string> digits(unsigned n) {
  std::vector<std::string> d;
  for (unsigned i = 0; i < n; ++i)
    d.push_back(std::to_string(i));
  return d;
}

/// np.random.choice(pool, size=n): n uniform indices, drawn in order.
std::vector<std::string> choice(NumpyRandom &rng,
                                const std::vector<std::string> &pool,
                                unsigned n) {
  std::vector<std::string> out;
  for (unsigned i = 0; i < n; ++i)
    out.push_back(pool[rng.randint(0, int64_t(pool.size()))]);
  return out;
}

/// sklearn's train_test_split(rows, test_size=0.1, random_state=seed):
/// returns (rest, test) in permutation order.
std::pair<std::vector<Example>, std::vector<Example>>
splitTenth(const std::vector<Example> &rows, uint32_t seed) {
  size_t n = rows.size();
  size_t nTest = size_t(std::ceil(0.1 * double(n)));
  std::vector<size_t> perm = NumpyRandom(seed).permutation(n);
  std::vector<Example> rest, test;
  for (size_t i = 0; i < n; ++i)
    (i < nTest ? test : rest).push_back(rows[perm[i]]);
  return {std::move(rest), std::move(test)};
}

/// Draws until datasetSize distinct inputs exist (at most 5 * datasetSize
/// draws), codes them and splits them 81/9/10.
llvm::Expected<Dataset> build(std::string name, const Sampler &sample,
                              const std::vector<std::string> &vocab,
                              unsigned maxLen, bool causal,
                              const TaskOptions &opts) {
  if (opts.seed > 0xffffffffu)
    return error("the data seed must be below 2^32 (numpy's limit), not " +
                 llvm::Twine(opts.seed));
  uint32_t seed = uint32_t(opts.seed);
  NumpyRandom rng(seed);
  std::vector<Raw> unique;
  std::set<std::vector<std::string>> seen;
  uint64_t limit = 5 * uint64_t(opts.datasetSize);
  for (uint64_t i = 0; i < limit && unique.size() < opts.datasetSize; ++i) {
    Raw r = sample(rng);
    if (r.in.size() > maxLen)
      return error("internal error: task '" + name + "' made an input of " +
                   llvm::Twine(r.in.size()) + " tokens, more than " +
                   llvm::Twine(maxLen));
    if (seen.insert(r.in).second)
      unique.push_back(std::move(r));
  }
  if (unique.size() < 10)
    return error("task '" + name + "' has only " +
                 llvm::Twine(unique.size()) +
                 " distinct inputs; at least 10 are needed");
  Dataset d;
  d.name = std::move(name);
  d.maxLen = maxLen;
  d.causal = causal;
  d.tokens = {"<pad>", "<s>"};
  std::vector<std::string> sorted = vocab;
  std::sort(sorted.begin(), sorted.end());
  for (const std::string &t : sorted)
    if (t != "<pad>" && t != "<s>" &&
        std::find(d.tokens.begin(), d.tokens.end(), t) == d.tokens.end())
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
        return error("internal error: token '" + t +
                     "' is not in the vocabulary");
      e.input.push_back(it->second);
    }
    for (const std::string &l : r.out)
      e.target.push_back(l.empty() ? -1 : labCode[l]);
    all.push_back(std::move(e));
  }
  auto [rest, test] = splitTenth(all, seed);
  auto [train, val] = splitTenth(rest, seed);
  d.train = std::move(train);
  d.val = std::move(val);
  d.test = std::move(test);
  return d;
}

/// `<s>` followed by \p x, unscored at BOS.
Raw withBos(const std::vector<std::string> &x,
            const std::vector<std::string> &labels) {
  Raw r;
  r.in.push_back("<s>");
  r.out.push_back("");
  r.in.insert(r.in.end(), x.begin(), x.end());
  r.out.insert(r.out.end(), labels.begin(), labels.end());
  return r;
}

/// F/P/T per prefix: P while the prefix can still be completed, T when it is
/// balanced, F from the first bracket that closes nothing or the wrong kind
/// on.
std::vector<std::string> dyckLabels(const std::vector<std::string> &s) {
  std::vector<std::string> out;
  std::string stack;
  for (const std::string &c : s) {
    char ch = c[0];
    if (ch == '(' || ch == '{') {
      stack.push_back(ch);
      out.push_back("P");
      continue;
    }
    char open = ch == ')' ? '(' : '{';
    if (stack.empty() || stack.back() != open) {
      out.resize(s.size(), "F");
      return out;
    }
    stack.pop_back();
    out.push_back(stack.empty() ? "T" : "P");
  }
  return out;
}

enum class Kind {
  Reverse,
  Sort,
  Hist,
  DoubleHist,
  MostFreq,
  Dyck1,
  Dyck2,
  Induction
};

const std::map<std::string, Kind> &kinds() {
  static const std::map<std::string, Kind> m = {
      {"reverse", Kind::Reverse},       {"sort", Kind::Sort},
      {"hist", Kind::Hist},             {"double_hist", Kind::DoubleHist},
      {"most_freq", Kind::MostFreq},    {"dyck1", Kind::Dyck1},
      {"dyck2", Kind::Dyck2},           {"induction", Kind::Induction}};
  return m;
}

const PaperConfig kPaper[] = {
    // task, V, N, causal, k, epochs, Table 1 (L, Hc, Hn, Mc, Mn), acc,
    // Table 3 (L, H, -, M, -), acc.
    {"reverse", 8, 8, false, 8, 250, {3, 4, 4, 1, 1}, 99.79,
     {3, 8, 0, 4, 0}, 99.75},
    {"hist", 8, 8, false, 8, 250, {1, 2, 2, 1, 1}, 100.0, {3, 8, 0, 4, 0},
     83.20},
    {"double_hist", 8, 8, false, 8, 250, {3, 2, 2, 1, 1}, 98.40,
     {2, 8, 0, 2, 0}, 55.89},
    {"sort", 8, 8, false, 8, 250, {3, 4, 4, 2, 2}, 99.83, {3, 2, 0, 2, 0},
     99.99},
    {"most_freq", 8, 8, false, 8, 250, {3, 4, 4, 2, 2}, 75.69,
     {3, 8, 0, 4, 0}, 64.13},
    {"dyck1", 8, 16, true, 16, 250, {3, 4, 4, 1, 1}, 99.30, {3, 8, 0, 4, 0},
     99.43},
    {"dyck2", 8, 16, true, 16, 250, {3, 2, 2, 2, 2}, 99.09, {3, 4, 0, 2, 0},
     99.17},
    {"induction", 10, 10, true, 10, 250, {2, 1, 0, 0, 0}, 100.0,
     {2, 1, 0, 0, 0}, 100.0},
};
} // namespace

std::vector<std::string> rasp::learn::getTaskNames() {
  std::vector<std::string> names;
  for (const auto &[name, kind] : kinds())
    names.push_back(name);
  return names;
}

llvm::ArrayRef<PaperConfig> rasp::learn::getPaperConfigs() { return kPaper; }

const PaperConfig *rasp::learn::getPaperConfig(llvm::StringRef task) {
  for (const PaperConfig &c : kPaper)
    if (task == c.task)
      return &c;
  return nullptr;
}

llvm::Expected<Dataset> rasp::learn::makeTask(const std::string &name,
                                              const TaskOptions &opts) {
  auto kindIt = kinds().find(name);
  if (kindIt == kinds().end()) {
    std::string known;
    for (const std::string &t : getTaskNames())
      known += (known.empty() ? "" : ", ") + t;
    return error("unknown task '" + name + "' (known tasks: " + known + ")");
  }
  Kind kind = kindIt->second;
  const PaperConfig &paper = *getPaperConfig(name);
  unsigned V = opts.vocabSize ? opts.vocabSize : paper.vocabSize;
  unsigned N = opts.maxLen ? opts.maxLen : paper.maxLen;
  auto badLengths = [&](unsigned lo, const char *range) {
    return error("task '" + name + "': bad lengths (min " + llvm::Twine(lo) +
                 ", max " + llvm::Twine(N) + "); it needs " + range);
  };
  auto needVocab = [&](unsigned least) {
    return error("task '" + name + "' needs a vocabulary size of at least " +
                 llvm::Twine(least) + ", not " + llvm::Twine(V));
  };
  bool withEos = false;
  switch (kind) {
  case Kind::Reverse:
  case Kind::Sort:
    withEos = true;
    [[fallthrough]];
  case Kind::Hist:
  case Kind::DoubleHist:
  case Kind::MostFreq: {
    // reverse/sort: `<s> x </s>`, |x| ~ U[min, N-2], V-3 digits;
    // the others: `<s> x`, |x| ~ U[min, N-1], V-2 digits.
    unsigned reserved = withEos ? 3 : 2;
    if (V < reserved + 1)
      return needVocab(reserved + 1);
    unsigned lo = opts.minLen ? opts.minLen : 1;
    unsigned hi = N + 2 > reserved ? N + 2 - reserved : 0; // exclusive
    if (N > 200 || lo >= hi)
      return badLengths(lo, withEos ? "1 <= min <= max - 2, max <= 200"
                                    : "1 <= min <= max - 1, max <= 200");
    std::vector<std::string> toks = digits(V - reserved);
    Sampler s = [=](NumpyRandom &rng) {
      unsigned l = unsigned(rng.randint(lo, hi));
      std::vector<std::string> x = choice(rng, toks, l);
      std::map<std::string, unsigned> count;
      for (const std::string &t : x)
        ++count[t];
      std::vector<std::string> y;
      switch (kind) {
      case Kind::Reverse:
        y.assign(x.rbegin(), x.rend());
        break;
      case Kind::Sort:
        y = x;
        std::sort(y.begin(), y.end());
        break;
      case Kind::Hist:
        for (const std::string &t : x)
          y.push_back(std::to_string(count[t]));
        break;
      case Kind::DoubleHist: {
        // How many distinct tokens occur exactly as often as this one.
        std::map<unsigned, unsigned> sameCount;
        for (const auto &[t, c] : count)
          ++sameCount[c];
        for (const std::string &t : x)
          y.push_back(std::to_string(sameCount[count[t]]));
        break;
      }
      case Kind::MostFreq: {
        // Distinct tokens by decreasing count, ties by first position, the
        // remaining positions "<s>".
        std::vector<std::pair<int, size_t>> order;
        for (size_t i = 0; i < x.size(); ++i)
          if (std::find(x.begin(), x.begin() + i, x[i]) == x.begin() + i)
            order.push_back({-int(count[x[i]]), i});
        std::sort(order.begin(), order.end());
        for (const auto &[negCount, i] : order)
          y.push_back(x[i]);
        y.resize(x.size(), "<s>");
        break;
      }
      default:
        break;
      }
      Raw r = withBos(x, y);
      if (withEos) {
        r.in.push_back("</s>");
        r.out.push_back("");
      }
      return r;
    };
    std::vector<std::string> vocab = toks;
    if (withEos)
      vocab.push_back("</s>");
    return build(name, s, vocab, N, false, opts);
  }
  case Kind::Dyck1:
  case Kind::Dyck2: {
    // `<s>` + N-1 brackets: half the strings uniform, half a random Dyck
    // word of U[min/2, N/2] pairs (each appended or wrapped around what is
    // there), then padded with random brackets or cut to N-1.
    unsigned lo = opts.minLen ? opts.minLen : N;
    if (N < 2 || N > 200 || lo / 2 > N / 2)
      return badLengths(lo, "2 <= max <= 200 and min <= max");
    std::vector<std::pair<std::string, std::string>> pairs = {{"(", ")"}};
    if (kind == Kind::Dyck2)
      pairs.push_back({"{", "}"});
    std::vector<std::string> flat;
    for (const auto &[l, r] : pairs) {
      flat.push_back(l);
      flat.push_back(r);
    }
    Sampler s = [=](NumpyRandom &rng) {
      std::vector<std::string> str;
      if (rng.randint(0, 2)) {
        int64_t n = rng.randint(lo / 2, N / 2 + 1);
        for (int64_t i = 0; i < n; ++i) {
          const auto &[l, r] = pairs[rng.randint(0, int64_t(pairs.size()))];
          if (rng.randint(0, 2) == 0) {
            str.push_back(l);
            str.push_back(r);
          } else {
            str.insert(str.begin(), l);
            str.push_back(r);
          }
        }
        if (str.size() < N - 1) {
          std::vector<std::string> pad = choice(rng, flat, N - 1 - str.size());
          str.insert(str.end(), pad.begin(), pad.end());
        } else {
          str.resize(N - 1);
        }
      } else {
        str = choice(rng, flat, N - 1);
      }
      return withBos(str, dyckLabels(str));
    };
    return build(name, s, flat, N, true, opts);
  }
  case Kind::Induction: {
    // `<s>` then letter-number pairs under a random letter->number map
    // (V/2-1 letters and numbers); then either an extra number right after
    // `<s>` or a final query letter. A letter is labelled with its number if
    // it appeared before, else "<unk>"; numbers are not scored.
    unsigned size = V >= 4 ? (V - 2) / 2 : 0;
    if (size < 1 || size > 26)
      return error("task 'induction' needs a vocabulary size from 4 to 54, "
                   "not " + llvm::Twine(V));
    unsigned hiPairs = N >= 4 ? (N - 2) / 2 : 0;
    unsigned loPairs = opts.minLen ? opts.minLen / 2 : hiPairs;
    if (hiPairs < 1 || N > 200 || loPairs > hiPairs)
      return badLengths(opts.minLen ? opts.minLen : N - 1,
                        "4 <= max <= 200 and min <= max - 1");
    std::vector<std::string> letters, numbers = digits(size);
    for (unsigned i = 0; i < size; ++i)
      letters.push_back(std::string(1, char('a' + i)));
    Sampler s = [=](NumpyRandom &rng) {
      int64_t n = rng.randint(loPairs, hiPairs + 1);
      std::vector<int64_t> map, cs;
      for (unsigned i = 0; i < size; ++i)
        map.push_back(rng.randint(0, size));
      for (int64_t i = 0; i < n; ++i)
        cs.push_back(rng.randint(0, size));
      std::vector<std::string> x, y;
      std::set<int64_t> seenLetters;
      auto letter = [&](int64_t c) {
        x.push_back(letters[c]);
        y.push_back(seenLetters.count(c) ? numbers[map[c]] : "<unk>");
        seenLetters.insert(c);
      };
      for (int64_t c : cs) {
        letter(c);
        x.push_back(numbers[map[c]]);
        y.push_back("");
      }
      if (rng.randint(0, 2)) {
        x.insert(x.begin(), numbers[rng.randint(0, size)]);
        y.insert(y.begin(), "");
      } else {
        letter(rng.randint(0, size));
      }
      return withBos(x, y);
    };
    std::vector<std::string> vocab = letters;
    vocab.insert(vocab.end(), numbers.begin(), numbers.end());
    return build(name, s, vocab, 2 * hiPairs + 2, true, opts);
  }
  }
  llvm_unreachable("all kinds handled");
}

namespace {
/// The op where \p root fails on \p in's input: the first one, operands
/// before users, whose own evaluation fails.
const ir::Op *findFailingOp(const ir::Op *root, interp::Interpreter &in) {
  llvm::DenseSet<const ir::Op *> done;
  std::vector<std::pair<const ir::Op *, unsigned>> stack = {{root, 0}};
  while (!stack.empty()) {
    auto &[op, next] = stack.back();
    if (next < op->getNumOperands()) {
      const ir::Op *operand = op->getOperand(next++);
      if (done.insert(operand).second)
        stack.push_back({operand, 0});
      continue;
    }
    interp::EvalError err;
    bool ok = op->isSelector() ? in.evalSelector(op, err) != nullptr
                               : in.evalSOp(op, err) != nullptr;
    if (!ok)
      return op;
    stack.pop_back();
  }
  return nullptr;
}
} // namespace

llvm::Expected<Dataset>
rasp::learn::makeTaskFromProgram(const ir::Op *sop,
                                 const std::vector<std::string> &vocab,
                                 const TaskOptions &opts,
                                 const DescribeOp &describe) {
  unsigned maxLen = opts.maxLen ? opts.maxLen : 8;
  unsigned minLen = opts.minLen ? opts.minLen : 1;
  if (vocab.empty())
    return error("--from needs a non-empty --vocab");
  if (maxLen < 2 || maxLen > 200 || minLen > maxLen - 1)
    return error("--from needs 2 <= --max-seq-len <= 200 (BOS included), "
                 "not " + llvm::Twine(maxLen));
  std::string failure;
  Sampler s = [&](NumpyRandom &rng) {
    unsigned l = unsigned(rng.randint(minLen, maxLen));
    std::vector<std::string> x = choice(rng, vocab, l);
    std::vector<Atom> atoms;
    for (const std::string &t : x)
      atoms.push_back(Atom::string(t));
    interp::Interpreter in = interp::Interpreter::fromAtoms(std::move(atoms));
    interp::EvalError err;
    const interp::Sequence *seq = in.evalSOp(sop, err);
    std::vector<std::string> y;
    if (seq && seq->values.size() != l)
      err.message = "it gives " + std::to_string(seq->values.size()) +
                    " values for " + std::to_string(l) + " tokens";
    if (!seq || seq->values.size() != l) {
      if (failure.empty()) {
        std::string shown;
        for (const std::string &t : x)
          shown += (shown.empty() ? "\"" : ", \"") + t + "\"";
        failure = "the program fails on the input [" + shown +
                  "]: " + err.message;
        // Where: the first op that fails.
        const ir::Op *at = seq ? sop : findFailingOp(sop, in);
        std::string where = at && describe ? describe(at) : "";
        if (!where.empty())
          failure += " (computing " + where + ")";
      }
      y.assign(l, "?");
    } else {
      for (unsigned i = 0; i < l; ++i)
        y.push_back(py::str(seq->values[i]));
    }
    return withBos(x, y);
  };
  llvm::Expected<Dataset> d = build("from", s, vocab, maxLen, false, opts);
  if (d && !failure.empty())
    return error(failure);
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
