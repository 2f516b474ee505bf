//===- TaskTest.cpp - Properties of the task generators -------------------===//
//
// Every label of thousands of generated examples is recomputed here from the
// input by a second, independent formulation of the task; splits, uniqueness
// and determinism are checked on whole datasets; the figures the reference
// code is known to produce (spec §2) are checked exactly.
//
//===----------------------------------------------------------------------===//

#include "rasp/Learn/Task.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

using namespace rasp::learn;

namespace {
Dataset make(const std::string &name, unsigned size = 3000,
             uint64_t seed = 0) {
  TaskOptions o;
  o.datasetSize = size;
  o.seed = seed;
  llvm::Expected<Dataset> d = makeTask(name, o);
  if (!d) {
    ADD_FAILURE() << llvm::toString(d.takeError());
    return Dataset();
  }
  return std::move(*d);
}

/// Token strings after BOS, and label strings ("" unscored) after BOS.
struct Strs {
  std::vector<std::string> x, y;
};

Strs strs(const Dataset &d, const Example &e) {
  Strs s;
  for (size_t i = 1; i < e.input.size(); ++i) {
    s.x.push_back(d.tokens[e.input[i]]);
    s.y.push_back(e.target[i] < 0 ? "" : d.labels[e.target[i]]);
  }
  return s;
}

std::vector<const Example *> all(const Dataset &d) {
  std::vector<const Example *> v;
  for (const auto *part : {&d.train, &d.val, &d.test})
    for (const Example &e : *part)
      v.push_back(&e);
  return v;
}

/// Shape shared by every task: BOS first and unscored, one label per token,
/// lengths within maxLen, codes in range.
void checkCommon(const Dataset &d) {
  ASSERT_FALSE(d.train.empty());
  EXPECT_EQ(d.tokens[0], "<pad>");
  EXPECT_EQ(d.tokens[1], "<s>");
  EXPECT_TRUE(std::is_sorted(d.labels.begin(), d.labels.end()));
  for (const Example *e : all(d)) {
    ASSERT_EQ(e->input.size(), e->target.size());
    ASSERT_GE(e->input.size(), 2u);
    ASSERT_LE(e->input.size(), d.maxLen);
    EXPECT_EQ(e->input[0], 1);
    EXPECT_EQ(e->target[0], -1);
    for (size_t i = 1; i < e->input.size(); ++i) {
      EXPECT_GE(e->input[i], 2);
      EXPECT_LT(e->input[i], int(d.tokens.size()));
      EXPECT_LT(e->target[i], int(d.labels.size()));
    }
  }
}

TEST(Task, NamesAndPaperConfigs) {
  std::vector<std::string> names = getTaskNames();
  EXPECT_EQ(names, (std::vector<std::string>{"double_hist", "dyck1", "dyck2",
                                             "hist", "induction", "most_freq",
                                             "reverse", "sort"}));
  for (const std::string &n : names) {
    const PaperConfig *c = getPaperConfig(n);
    ASSERT_TRUE(c) << n;
    EXPECT_EQ(c->epochs, 250u);
    EXPECT_EQ(c->causal, n == "dyck1" || n == "dyck2" || n == "induction");
    EXPECT_EQ(c->k, n[0] == 'd' && n[1] == 'y' ? 16u
                    : n == "induction"          ? 10u
                                                : 8u);
    // Table 1 splits H and M evenly between categorical and numerical.
    if (n != "induction") {
      EXPECT_EQ(c->best.catHeads, c->best.numHeads) << n;
      EXPECT_EQ(c->best.catMlps, c->best.numMlps) << n;
    }
  }
  EXPECT_EQ(getPaperConfigs().size(), names.size());
  EXPECT_EQ(getPaperConfig("from"), nullptr);
  EXPECT_EQ(getPaperConfig("Sort"), nullptr);
  // Spot checks against the spec's Table 1 and Table 3.
  const PaperConfig *h = getPaperConfig("hist");
  EXPECT_EQ(h->best.layers, 1u);
  EXPECT_EQ(h->best.catHeads + h->best.numHeads, 4u);
  EXPECT_EQ(h->bestAccuracy, 100.0);
  const PaperConfig *d2 = getPaperConfig("dyck2");
  EXPECT_EQ(d2->best.catMlps + d2->best.numMlps, 4u);
  EXPECT_EQ(d2->bestAccuracy, 99.09);
  EXPECT_EQ(getPaperConfig("most_freq")->bestAccuracy, 75.69);
  EXPECT_EQ(getPaperConfig("sort")->catOnly.catHeads, 2u);
  const PaperConfig *icl = getPaperConfig("induction");
  EXPECT_EQ(icl->best.layers, 2u);
  EXPECT_EQ(icl->best.catHeads, 1u);
  EXPECT_EQ(icl->best.numHeads + icl->best.catMlps + icl->best.numMlps, 0u);
}

TEST(Task, SplitUniqueDeterministic) {
  for (const std::string &n : getTaskNames()) {
    SCOPED_TRACE(n);
    Dataset d = make(n, 1000);
    checkCommon(d);
    // train_test_split(0.1) twice: ceil(10 %) test, ceil(10 %) of the rest.
    size_t total = d.train.size() + d.val.size() + d.test.size();
    EXPECT_EQ(total, 1000u);
    EXPECT_EQ(d.test.size(), size_t(std::ceil(0.1 * total)));
    EXPECT_EQ(d.val.size(),
              size_t(std::ceil(0.1 * (d.train.size() + d.val.size()))));
    std::set<std::vector<int>> inputs;
    for (const Example *e : all(d))
      EXPECT_TRUE(inputs.insert(e->input).second) << "duplicate input";
    Dataset again = make(n, 1000);
    ASSERT_EQ(again.train.size(), d.train.size());
    for (size_t i = 0; i < d.train.size(); ++i)
      ASSERT_EQ(again.train[i].input, d.train[i].input);
    for (size_t i = 0; i < d.test.size(); ++i)
      ASSERT_EQ(again.test[i].input, d.test[i].input);
    Dataset other = make(n, 1000, 1);
    size_t same = 0;
    for (size_t i = 0; i < d.train.size(); ++i)
      same += other.train[i].input == d.train[i].input;
    EXPECT_LT(same, d.train.size() / 2) << "the seed changes nothing";
  }
}

// Facts the spec reports from the reference code: sort/reverse at V = N = 8
// have 14,124 distinct strings among 100,000 draws, split 11,439/1,272/1,413.
TEST(Task, ReferenceCounts) {
  for (const char *n : {"sort", "reverse"}) {
    Dataset d = make(n, 20000);
    EXPECT_EQ(d.train.size(), 11439u) << n;
    EXPECT_EQ(d.val.size(), 1272u) << n;
    EXPECT_EQ(d.test.size(), 1413u) << n;
  }
  Dataset h = make("dyck1", 20000);
  EXPECT_EQ(h.train.size(), 16200u);
  EXPECT_EQ(h.val.size(), 1800u);
  EXPECT_EQ(h.test.size(), 2000u);
}

TEST(Task, SequenceTasks) {
  for (const char *n : {"reverse", "sort"}) {
    Dataset d = make(n);
    EXPECT_EQ(d.tokens, (std::vector<std::string>{"<pad>", "<s>", "0", "1",
                                                  "2", "3", "4", "</s>"}));
    for (const Example *e : all(d)) {
      Strs s = strs(d, *e);
      ASSERT_EQ(s.x.back(), "</s>");
      EXPECT_EQ(s.y.back(), "");
      s.x.pop_back();
      s.y.pop_back();
      ASSERT_GE(s.x.size(), 1u);
      ASSERT_LE(s.x.size(), 6u);
      std::vector<std::string> want = s.x;
      if (std::string(n) == "sort") {
        // Sorted: a non-decreasing permutation of the input.
        EXPECT_TRUE(std::is_sorted(s.y.begin(), s.y.end()));
        EXPECT_TRUE(std::is_permutation(s.y.begin(), s.y.end(),
                                        s.x.begin()));
      } else {
        for (size_t i = 0; i < s.x.size(); ++i)
          EXPECT_EQ(s.y[i], s.x[s.x.size() - 1 - i]);
      }
    }
  }
}

TEST(Task, Histograms) {
  for (const char *n : {"hist", "double_hist", "most_freq"}) {
    SCOPED_TRACE(n);
    Dataset d = make(n);
    EXPECT_EQ(d.tokens, (std::vector<std::string>{"<pad>", "<s>", "0", "1",
                                                  "2", "3", "4", "5"}));
    std::set<size_t> lengths;
    for (const Example *e : all(d)) {
      Strs s = strs(d, *e);
      lengths.insert(s.x.size());
      for (size_t i = 0; i < s.x.size(); ++i) {
        unsigned mine = std::count(s.x.begin(), s.x.end(), s.x[i]);
        if (std::string(n) == "hist") {
          EXPECT_EQ(s.y[i], std::to_string(mine));
        } else if (std::string(n) == "double_hist") {
          // Distinct tokens u with count(u) == count(x_i), by brute force.
          unsigned same = 0;
          for (size_t j = 0; j < s.x.size(); ++j)
            if (std::find(s.x.begin(), s.x.begin() + j, s.x[j]) ==
                    s.x.begin() + j &&
                unsigned(std::count(s.x.begin(), s.x.end(), s.x[j])) == mine)
              ++same;
          EXPECT_EQ(s.y[i], std::to_string(same));
        }
      }
      if (std::string(n) == "most_freq") {
        // Labels: the distinct tokens, counts non-increasing, equal counts
        // in order of first appearance, then "<s>".
        std::set<std::string> distinct(s.x.begin(), s.x.end());
        size_t k = distinct.size();
        for (size_t i = 0; i < s.y.size(); ++i) {
          if (i >= k) {
            EXPECT_EQ(s.y[i], "<s>");
            continue;
          }
          EXPECT_TRUE(distinct.erase(s.y[i])) << "repeated " << s.y[i];
          if (i == 0)
            continue;
          auto cnt = [&](const std::string &t) {
            return std::count(s.x.begin(), s.x.end(), t);
          };
          auto first = [&](const std::string &t) {
            return std::find(s.x.begin(), s.x.end(), t) - s.x.begin();
          };
          long a = cnt(s.y[i - 1]), b = cnt(s.y[i]);
          EXPECT_TRUE(a > b || (a == b && first(s.y[i - 1]) < first(s.y[i])));
        }
        EXPECT_TRUE(distinct.empty());
      }
    }
    EXPECT_EQ(*lengths.begin(), 1u);
    EXPECT_EQ(*lengths.rbegin(), 7u);
  }
}

/// T if balanced, P if it can still be completed, F otherwise: by erasing
/// matched pairs until nothing changes.
std::string dyckClass(std::string s) {
  for (;;) {
    size_t a = s.find("()"), b = s.find("{}");
    size_t p = std::min(a, b);
    if (p == std::string::npos)
      break;
    s.erase(p, 2);
  }
  if (s.empty())
    return "T";
  return s.find_first_of(")}") == std::string::npos ? "P" : "F";
}

TEST(Task, Dyck) {
  for (const char *n : {"dyck1", "dyck2"}) {
    SCOPED_TRACE(n);
    Dataset d = make(n);
    bool two = std::string(n) == "dyck2";
    EXPECT_TRUE(d.causal);
    EXPECT_EQ(d.maxLen, 16u);
    EXPECT_EQ(d.labels, (std::vector<std::string>{"F", "P", "T"}));
    std::map<std::string, size_t> finals;
    size_t braces = 0;
    for (const Example *e : all(d)) {
      Strs s = strs(d, *e);
      ASSERT_EQ(s.x.size(), 15u);
      std::string prefix;
      for (size_t i = 0; i < s.x.size(); ++i) {
        prefix += s.x[i];
        EXPECT_EQ(s.y[i], dyckClass(prefix)) << prefix;
      }
      braces += prefix.find_first_of("{}") != std::string::npos;
      ++finals[s.y.back()];
    }
    EXPECT_EQ(braces > 0, two);
    // Half the strings are built from Dyck words: many stay valid prefixes
    // to the end, unlike uniform strings.
    EXPECT_GT(finals["P"], all(d).size() / 5);
  }
}

TEST(Task, Induction) {
  Dataset d = make("induction");
  EXPECT_TRUE(d.causal);
  EXPECT_EQ(d.maxLen, 10u);
  EXPECT_EQ(d.tokens,
            (std::vector<std::string>{"<pad>", "<s>", "0", "1", "2", "3", "a",
                                      "b", "c", "d"}));
  EXPECT_EQ(d.labels,
            (std::vector<std::string>{"0", "1", "2", "3", "<unk>"}));
  size_t withNumberFirst = 0, known = 0, unknown = 0;
  for (const Example *e : all(d)) {
    Strs s = strs(d, *e);
    ASSERT_EQ(s.x.size(), 9u);
    bool numberFirst = isdigit(s.x[0][0]);
    withNumberFirst += numberFirst;
    std::map<std::string, std::string> map;
    for (size_t i = 0; i < s.x.size(); ++i) {
      const std::string &t = s.x[i];
      bool isLetter = isalpha(t[0]);
      // Letters at odd offsets of the pairs, numbers after them.
      size_t offset = numberFirst ? i - 1 : i;
      if (numberFirst && i == 0) {
        EXPECT_EQ(s.y[i], "");
        continue;
      }
      EXPECT_EQ(isLetter, offset % 2 == 0) << i;
      if (!isLetter) {
        EXPECT_EQ(s.y[i], "") << "numbers are not scored";
        auto [it, fresh] = map.insert({s.x[i - 1], t});
        EXPECT_EQ(it->second, t) << "one number per letter";
        continue;
      }
      auto it = map.find(t);
      if (it == map.end()) {
        EXPECT_EQ(s.y[i], "<unk>");
        ++unknown;
      } else {
        EXPECT_EQ(s.y[i], it->second);
        ++known;
      }
    }
    // Otherwise the last token is the query letter.
    EXPECT_EQ(isalpha(s.x.back()[0]) != 0, !numberFirst);
  }
  size_t n = all(d).size();
  EXPECT_GT(withNumberFirst, n * 2 / 5);
  EXPECT_LT(withNumberFirst, n * 3 / 5);
  EXPECT_GT(known, 0u);
  EXPECT_GT(unknown, 0u);
}

TEST(Task, Errors) {
  TaskOptions o;
  llvm::Expected<Dataset> d = makeTask("nope", o);
  ASSERT_FALSE(d);
  EXPECT_EQ(llvm::toString(d.takeError()),
            "unknown task 'nope' (known tasks: double_hist, dyck1, dyck2, "
            "hist, induction, most_freq, reverse, sort)");
  o.vocabSize = 3;
  d = makeTask("sort", o);
  ASSERT_FALSE(d);
  EXPECT_EQ(llvm::toString(d.takeError()),
            "task 'sort' needs a vocabulary size of at least 4, not 3");
  o.vocabSize = 0;
  o.maxLen = 2;
  d = makeTask("reverse", o);
  ASSERT_FALSE(d);
  EXPECT_EQ(llvm::toString(d.takeError()),
            "task 'reverse': bad lengths (min 1, max 2); it needs 1 <= min "
            "<= max - 2, max <= 200");
  o.maxLen = 0;
  o.seed = uint64_t(1) << 32;
  d = makeTask("hist", o);
  ASSERT_FALSE(d);
  EXPECT_EQ(llvm::toString(d.takeError()),
            "the data seed must be below 2^32 (numpy's limit), not "
            "4294967296");
  // Too few distinct strings: V = 4 gives one digit for sort, N = 3 one
  // length.
  o.seed = 0;
  o.vocabSize = 4;
  o.maxLen = 3;
  d = makeTask("sort", o);
  ASSERT_FALSE(d);
  EXPECT_EQ(llvm::toString(d.takeError()),
            "task 'sort' has only 1 distinct inputs; at least 10 are needed");
}
} // namespace
