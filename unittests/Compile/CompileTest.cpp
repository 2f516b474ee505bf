//===- CompileTest.cpp - Compiled models against the interpreter ----------===//
//
// For every program of the corpus: compile it, then run the model and the
// interpreter on every input up to length 5 over the vocabulary and on
// 1,000 random inputs at N = 8, 16 and 64. Categorical outputs must be equal, numerical
// ones within 1e-5. Inputs the interpreter rejects are skipped.
//
//===----------------------------------------------------------------------===//

#include "rasp/Compile/Compile.h"
#include "rasp/Decompile/Decompile.h"
#include "rasp/Eval/Session.h"
#include "rasp/Interp/Interpreter.h"
#include "rasp/Model/Forward.h"
#include "rasp/Model/ModelIO.h"
#include "rasp/Support/Diagnostics.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <random>

using namespace rasp;

namespace {

struct Case {
  const char *name;
  const char *source;
  const char *sop;
  std::vector<std::string> vocab;
};

const char *kPrelude = R"(
prevs = select(indices, indices, <=);
)";

std::vector<Case> corpus() {
  return {
      {"reverse", "reverse = aggregate(select(indices, length - indices - 1, "
                  "==), tokens);",
       "reverse", {"a", "b", "c"}},
      {"hist", "hist = selector_width(select(tokens, tokens, ==));", "hist",
       {"a", "b", "c"}},
      {"length", "n = length;", "n", {"a", "b"}},
      {"sort_unique",
       "target = selector_width(select(tokens, tokens, <));\n"
       "sort_unique = aggregate(select(target, indices, ==), tokens);",
       "sort_unique", {"a", "b", "c"}},
      {"sort",
       "keys = tokens_int * 100 + indices;\n"
       "target = selector_width(select(keys, keys, <));\n"
       "sorted = aggregate(select(target, indices, ==), tokens_int);",
       "sorted", {"1", "2", "3"}},
      {"frac_prevs",
       "frac = numerical(aggregate(prevs, numerical(indicator(tokens == \"x\")), 0));",
       "frac", {"x", "y"}},
      {"frac_squared",
       "frac = numerical(aggregate(prevs, numerical(indicator(tokens == \"x\")), 0));\n"
       "sq = numerical(frac * frac);",
       "sq", {"x", "y"}},
      {"frac_round",
       "frac = numerical(aggregate(prevs, numerical(indicator(tokens == \"x\")), 0));\n"
       "r = round(10 * frac);",
       "r", {"x", "y"}},
      {"count_a", "count_a = selector_width(select(tokens, \"a\", ==));",
       "count_a", {"a", "b", "c"}},
      {"shift_by_1", "shifted = shift(tokens, 1, \"_\");", "shifted",
       {"a", "b", "c"}},
      {"shift_by_2",
       "shifted = aggregate(select(indices, indices - 2, ==), tokens, \"_\");",
       "shifted", {"a", "b", "c"}},
      {"detect_pattern_ab",
       "prev = shift(tokens, 1, \"_\");\n"
       "found = prev == \"a\" and tokens == \"b\";",
       "found", {"a", "b"}},
      {"pair_balance",
       "opens = numerical(aggregate(prevs, numerical(indicator(tokens == \"(\")), 0));\n"
       "closes = numerical(aggregate(prevs, numerical(indicator(tokens == \")\")), 0));\n"
       "balance = opens - closes;",
       "balance", {"(", ")", "x"}},
      {"shuffle_dyck1",
       "opens = numerical(aggregate(prevs, numerical(indicator(tokens == \"(\")), 0));\n"
       "closes = numerical(aggregate(prevs, numerical(indicator(tokens == \")\")), 0));\n"
       "balance = opens - closes;\n"
       "neg = numerical(indicator(balance < 0));\n"
       "has_neg = aggregate(full_s, neg) > 0;\n"
       "last_zero = aggregate(select(indices, length - 1, ==), balance == 0);\n"
       "dyck = last_zero and not has_neg;",
       "dyck", {"(", ")"}},
      {"count_less_freq_2",
       "h = selector_width(select(tokens, tokens, ==));\n"
       "c = selector_width(select(h, 2, <=));",
       "c", {"a", "b", "c"}},
      {"mark_last_instance", "m = mark_last_instance(tokens, \"a\");", "m",
       {"a", "b"}},
      {"has_focus", "f = has_focus(select(tokens, \"a\", ==));", "f",
       {"a", "b"}},
      {"map_chain", "m = ((tokens_int + 1) * 2) % 5;", "m", {"0", "1", "2"}},
      {"negative_num", "m = numerical(tokens_int - 2);", "m", {"1", "2", "3"}},
      {"numerical_width",
       "w = numerical(selector_width(select(tokens, tokens, ==)));", "w",
       {"a", "b"}},
      {"average", "avg = numerical(average(tokens_int));", "avg",
       {"0", "1", "5"}},
      // N-ary maps, or/not selectors over s-op tuples, num x cat maps.
      {"nary_3",
       "prev = aggregate(select(indices, indices + 1, ==), tokens, \"_\");\n"
       "m = tokens + prev + (\"x\" if indices % 3 == 0 else \"y\");",
       "m", {"a", "b", "c"}},
      // Tracr's test of make_nary_sequencemap: x + y - z over (tokens,
      // tokens, indices).
      {"nary_3_tracr", "m = tokens_int + tokens_int - indices;", "m",
       {"1", "2", "3"}},
      {"stdlib_sort", "s = sort(tokens, tokens);", "s", {"a", "b", "c"}},
      {"stdlib_sort_by_index", "s = sort(indices, tokens);", "s",
       {"a", "b", "c"}},
      {"stdlib_count", "c = count(tokens, \"a\");", "c", {"a", "b", "c"}},
      {"or_width",
       "w = selector_width(select(tokens, tokens, ==) or "
       "select(indices, indices, <));",
       "w", {"a", "b", "c"}},
      {"not_or_width",
       "w = selector_width(not (select(tokens, tokens, ==) or "
       "select(indices, indices, ==)));",
       "w", {"a", "b"}},
      {"detect_pattern_abc",
       "def sh(o, s) { return aggregate(select(indices + o, indices, ==), s, "
       "False); }\n"
       "f = sh(2, tokens == \"a\") and sh(1, tokens == \"b\") and "
       "tokens == \"c\";",
       "f", {"a", "b", "c"}},
      {"shuffle_dyck2",
       "def bal(o, c) { return numerical(aggregate(prevs, "
       "numerical(indicator(tokens == o)), 0)) - numerical(aggregate(prevs, "
       "numerical(indicator(tokens == c)), 0)); }\n"
       "b1 = bal(\"(\", \")\");\nb2 = bal(\"{\", \"}\");\n"
       "neg = numerical(indicator((b1 < 0) or (b2 < 0)));\n"
       "has_neg = aggregate(full_s, neg) > 0;\n"
       "last_zero = aggregate(select(indices, length - 1, ==), (b1 == 0) and "
       "(b2 == 0));\n"
       "d = last_zero and not has_neg;",
       "d", {"(", ")", "{", "}"}},
  };
}

struct Compiled {
  std::unique_ptr<llvm::SourceMgr> sm;
  std::string sink;
  std::unique_ptr<llvm::raw_string_ostream> out;
  std::unique_ptr<eval::Session> session;
  ir::Op *op = nullptr;
  std::optional<compile::CompiledModel> model;
};

std::unique_ptr<Compiled> build(const Case &c, unsigned n, std::string &err) {
  auto r = std::make_unique<Compiled>();
  r->sm = std::make_unique<llvm::SourceMgr>();
  r->out = std::make_unique<llvm::raw_string_ostream>(r->sink);
  eval::SessionOptions so;
  so.encodingAnnotations = true;
  r->session = std::make_unique<eval::Session>(*r->out, *r->sm, so);
  llvm::raw_string_ostream es(err);
  DiagnosticEngine diags(*r->sm, es, "test");
  // The running example is every vocabulary item once (the reference checks
  // each s-op on it eagerly).
  std::string example;
  for (const std::string &v : c.vocab)
    example += v;
  std::string src = "set example \"" + example + "\"\n" +
                    std::string(kPrelude) + c.source + "\n";
  if (!r->session->runFile("case.rasp", src, diags))
    return nullptr;
  std::string why;
  r->op = r->session->lookupOp(c.sop, why);
  if (!r->op) {
    err = why;
    return nullptr;
  }
  compile::CompileOptions opts;
  opts.vocab = c.vocab;
  opts.maxSeqLen = n;
  opts.outputName = c.sop;
  r->model = compile::compileToModel(r->op, opts, diags);
  if (!r->model)
    return nullptr;
  return r;
}

/// Returns a description of the first mismatch between the interpreter and
/// the model's \p output rows (BOS row first) on \p input, or "".
std::string compareRows(Compiled &c, const std::vector<std::string> &input,
                        const Eigen::MatrixXf &output) {
  std::vector<Atom> atoms;
  for (const std::string &s : input)
    atoms.push_back(Atom::string(s));
  auto in = interp::Interpreter::fromAtoms(atoms);
  interp::EvalError err;
  const interp::Sequence *seq = in.evalSOp(c.op, err);
  if (!seq)
    return "";
  std::string where;
  for (const std::string &s : input)
    where += s + " ";
  for (size_t i = 0; i < input.size(); ++i) {
    Eigen::RowVectorXf row = output.row(i + 1);
    const Atom &want = seq->values[i];
    if (c.model->numericalOutput) {
      double got = row(0);
      if (!(std::abs(got - want.toDouble()) <= 1e-5))
        return "input [" + where + "] position " + std::to_string(i) +
               ": model " + std::to_string(got) + ", interpreter " +
               py::repr(want);
    } else {
      Atom got = compile::decodeOutput(*c.model, row.data());
      if (!py::equals(got, want) || got.isStr() != want.isStr())
        return "input [" + where + "] position " + std::to_string(i) +
               ": model " + py::repr(got) + ", interpreter " + py::repr(want);
    }
  }
  return "";
}

/// The same, running the reference (dense) forward pass on one input.
std::string compareOn(Compiled &c, const std::vector<std::string> &input) {
  const model::Model &m = c.model->model;
  auto ids = model::encodeTokens(m.config, input);
  if (!ids)
    return llvm::toString(ids.takeError());
  auto res = model::forward(m, *ids);
  if (!res)
    return llvm::toString(res.takeError());
  return compareRows(c, input, res->output);
}

class CompileCorpus : public ::testing::TestWithParam<Case> {};

TEST_P(CompileCorpus, ExhaustiveUpToFive) {
  const Case &c = GetParam();
  std::string err;
  auto comp = build(c, 5, err);
  ASSERT_TRUE(comp) << err;
  unsigned failures = 0;
  std::string first;
  std::vector<std::string> input;
  std::function<void(unsigned)> rec = [&](unsigned len) {
    if (input.size() == len) {
      std::string r = compareOn(*comp, input);
      if (!r.empty() && failures++ == 0)
        first = r;
      return;
    }
    for (const std::string &v : c.vocab) {
      input.push_back(v);
      rec(len);
      input.pop_back();
    }
  };
  for (unsigned len = 1; len <= 5; ++len)
    rec(len);
  EXPECT_EQ(failures, 0u) << first;
}

// 1,000 random inputs at N = 8, 16 and 64, half of them N long, through
// the batched sparse forward pass (the same arithmetic as forward()).
TEST_P(CompileCorpus, RandomLong) {
  const Case &c = GetParam();
  for (unsigned n : {8u, 16u, 64u}) {
    std::string err;
    auto comp = build(c, n, err);
    ASSERT_TRUE(comp) << "N=" << n << ": " << err;
    std::mt19937 rng(n);
    std::vector<std::vector<std::string>> inputs;
    std::vector<std::vector<unsigned>> ids;
    for (unsigned t = 0; t < 1000; ++t) {
      unsigned len = t % 2 ? n : 1 + rng() % n;
      std::vector<std::string> input;
      for (unsigned i = 0; i < len; ++i)
        input.push_back(c.vocab[rng() % c.vocab.size()]);
      auto e = model::encodeTokens(comp->model->model.config, input);
      ASSERT_TRUE(bool(e)) << llvm::toString(e.takeError());
      inputs.push_back(std::move(input));
      ids.push_back(std::move(*e));
    }
    auto outs = model::forwardBatchSparse(comp->model->model, ids);
    ASSERT_TRUE(bool(outs)) << llvm::toString(outs.takeError());
    unsigned failures = 0;
    std::string first;
    for (size_t t = 0; t < inputs.size(); ++t) {
      std::string r = compareRows(*comp, inputs[t], (*outs)[t]);
      if (!r.empty() && failures++ == 0)
        first = r;
    }
    EXPECT_EQ(failures, 0u) << "N=" << n << ": " << first;
  }
}

// rasp-run --backend=model prints what the interpreter prints, value types
// included (a mean over one key keeps an int as an int, over several it is
// a float): every input up to length 3 and 300 random ones at N = 8, each
// sequence formatted as rasp-run formats it.
TEST_P(CompileCorpus, PrintsLikeInterpreter) {
  const Case &c = GetParam();
  const unsigned n = 8;
  std::string err;
  auto comp = build(c, n, err);
  ASSERT_TRUE(comp) << err;
  std::vector<std::vector<std::string>> inputs;
  std::vector<std::string> cur;
  std::function<void(unsigned)> rec = [&](unsigned len) {
    if (cur.size() == len) {
      inputs.push_back(cur);
      return;
    }
    for (const std::string &v : c.vocab) {
      cur.push_back(v);
      rec(len);
      cur.pop_back();
    }
  };
  for (unsigned len = 1; len <= 3; ++len)
    rec(len);
  std::mt19937 rng(11);
  for (unsigned t = 0; t < 300; ++t) {
    std::vector<std::string> input;
    for (unsigned i = 0, len = t % 3 ? 1 + rng() % n : n; i < len; ++i)
      input.push_back(c.vocab[rng() % c.vocab.size()]);
    inputs.push_back(input);
  }
  unsigned failures = 0, compared = 0;
  std::string first;
  for (const auto &input : inputs) {
    std::vector<Atom> atoms;
    for (const std::string &s : input)
      atoms.push_back(Atom::string(s));
    auto in = interp::Interpreter::fromAtoms(atoms);
    interp::EvalError e;
    const interp::Sequence *want = in.evalSOp(comp->op, e);
    if (!want)
      continue;
    auto ids = model::encodeTokens(comp->model->model.config, input);
    ASSERT_TRUE(bool(ids)) << llvm::toString(ids.takeError());
    auto values = compile::runCompiled(*comp->model, *ids);
    ASSERT_TRUE(bool(values)) << llvm::toString(values.takeError());
    interp::Sequence got;
    got.values = std::move(*values);
    ASSERT_TRUE(interp::classifySequence(got.values, got.type, e)) << e.message;
    std::string a = eval::Session::formatSequence(got),
                b = eval::Session::formatSequence(*want);
    ++compared;
    if (a != b && failures++ == 0) {
      for (const std::string &s : input)
        first += s + " ";
      first += ": model " + a + ", interpreter " + b;
    }
  }
  EXPECT_GT(compared, 0u);
  EXPECT_EQ(failures, 0u) << first;
}

/// A python3 that can import numpy (CMake's, python3, /usr/bin/python3).
std::string findPythonWithNumpy() {
  for (const char *candidate : {RASP_PYTHON3, "python3", "/usr/bin/python3"}) {
    if (!*candidate)
      continue;
    std::string command =
        std::string("'") + candidate + "' -c 'import numpy' > /dev/null 2>&1";
    if (std::system(command.c_str()) == 0)
      return candidate;
  }
  return "";
}

// docs/examples/load_model.py decodes a numerical output with the type the
// interpreter gives it (output.value_types, width read from the width
// head's attention): int text for a mean over one key, float text over
// several, the same numbers as runCompiled.
TEST(NumpyLoader, TypedNumericalOutputs) {
  std::string python = findPythonWithNumpy();
  ASSERT_FALSE(python.empty())
      << "no python3 with numpy found: install python3-numpy";
  for (const char *name : {"frac_prevs", "pair_balance", "average"}) {
    Case c = *llvm::find_if(corpus(), [&](const Case &k) {
      return llvm::StringRef(k.name) == name;
    });
    std::string err;
    auto comp = build(c, 6, err);
    ASSERT_TRUE(comp) << err;
    ASSERT_FALSE(comp->model->model.config.outputValueTypes.empty()) << name;
    llvm::SmallString<128> dir;
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("rasp-compile-test", dir));
    std::string path = (dir + "/m.safetensors").str(),
                out = (dir + "/out.txt").str();
    ASSERT_FALSE(bool(model::saveModel(comp->model->model, path)));
    std::mt19937 rng(5);
    std::vector<std::vector<std::string>> inputs;
    std::string command = "'" + python + "' '" RASP_SOURCE_DIR
                          "/docs/examples/load_model.py' '" + path + "'";
    for (unsigned t = 0; t < 40; ++t) {
      std::vector<std::string> input;
      std::string text;
      for (unsigned i = 0, len = 1 + rng() % 6; i < len; ++i) {
        input.push_back(c.vocab[rng() % c.vocab.size()]);
        text += (i ? " " : "") + input.back();
      }
      inputs.push_back(input);
      command += " '" + text + "'";
    }
    command += " > '" + out + "'";
    ASSERT_EQ(std::system(command.c_str()), 0) << command;
    auto buf = llvm::MemoryBuffer::getFile(out);
    ASSERT_TRUE(bool(buf));
    llvm::SmallVector<llvm::StringRef, 0> lines;
    (*buf)->getBuffer().split(lines, '\n', -1, false);
    ASSERT_EQ(lines.size(), 2 * inputs.size());
    unsigned ints = 0, floats = 0;
    for (size_t t = 0; t < inputs.size(); ++t) {
      auto ids = model::encodeTokens(comp->model->model.config, inputs[t]);
      ASSERT_TRUE(bool(ids));
      auto values = compile::runCompiled(*comp->model, *ids);
      ASSERT_TRUE(bool(values));
      llvm::SmallVector<llvm::StringRef, 8> words;
      lines[2 * t + 1].split(words, ' ', -1, false);
      ASSERT_EQ(words.size(), values->size() + 2) << lines[2 * t + 1].str();
      for (size_t i = 0; i < values->size(); ++i) {
        const Atom &a = (*values)[i];
        llvm::StringRef w = words[i + 2]; // after "output:" and BOS
        bool isFloatText = w.find_first_of(".ein") != llvm::StringRef::npos;
        EXPECT_EQ(isFloatText, a.isFloat())
            << name << ": position " << i << " '" << w.str() << "' vs "
            << py::repr(a);
        EXPECT_NEAR(std::strtod(w.str().c_str(), nullptr), a.toDouble(), 1e-4)
            << name << ": position " << i;
        (a.isFloat() ? floats : ints) += 1;
      }
    }
    EXPECT_GT(ints, 0u) << name;
    EXPECT_GT(floats, 0u) << name;
    (void)llvm::sys::fs::remove_directories(dir);
  }
}

// decompile(compile(p)), printed as RASP and run again by the interpreter,
// gives the original program's outputs (at N = 6 and 16: 200 random inputs
// and every input up to length 3).
/// N = 6 and 16; RASP_DECOMPILE_N (comma-separated) replaces them, e.g.
/// RASP_DECOMPILE_N=64 for the N = 64 round trip of docs/Decompile.md (all
/// 30 programs pass; ~17 s of CPU, too slow for every test run).
std::vector<unsigned> decompileLengths() {
  std::vector<unsigned> ns;
  if (const char *env = std::getenv("RASP_DECOMPILE_N")) {
    llvm::SmallVector<llvm::StringRef, 4> parts;
    llvm::StringRef(env).split(parts, ',', -1, false);
    for (llvm::StringRef p : parts) {
      unsigned n = 0;
      if (!p.trim().getAsInteger(10, n) && n > 0)
        ns.push_back(n);
    }
  }
  if (ns.empty())
    ns = {6u, 16u};
  return ns;
}

class DecompileCorpus
    : public ::testing::TestWithParam<std::tuple<Case, unsigned>> {};

TEST_P(DecompileCorpus, RoundTrip) {
  const Case &c = std::get<0>(GetParam());
  const unsigned n = std::get<1>(GetParam());
  std::string err;
  auto comp = build(c, n, err);
  ASSERT_TRUE(comp) << err;
  auto prog = decompile::decompileModel(comp->model->model);
  ASSERT_TRUE(bool(prog)) << llvm::toString(prog.takeError());
  std::string text;
  llvm::raw_string_ostream ts(text);
  decompile::printRasp(*prog, ts);
  ts.flush();
  llvm::SourceMgr sm;
  std::string sink, derr;
  llvm::raw_string_ostream out(sink), es(derr);
  DiagnosticEngine diags(sm, es, "decompiled");
  eval::Session session(out, sm, eval::SessionOptions());
  ASSERT_TRUE(session.runFile("decompiled.rasp", text, diags))
      << es.str() << "\n" << text;
  std::string why;
  ir::Op *back = session.lookupOp(c.sop, why);
  ASSERT_TRUE(back) << why;
  std::vector<std::vector<std::string>> inputs;
  std::vector<std::string> cur;
  std::function<void(unsigned)> rec = [&](unsigned len) {
    if (cur.size() == len) {
      inputs.push_back(cur);
      return;
    }
    for (const std::string &v : c.vocab) {
      cur.push_back(v);
      rec(len);
      cur.pop_back();
    }
  };
  for (unsigned len = 1; len <= 3; ++len)
    rec(len);
  std::mt19937 rng(7);
  for (unsigned t = 0; t < 200; ++t) {
    std::vector<std::string> input;
    for (unsigned i = 0, len = t % 2 ? n : 1 + rng() % n; i < len; ++i)
      input.push_back(c.vocab[rng() % c.vocab.size()]);
    inputs.push_back(input);
  }
  unsigned failures = 0;
  std::string first;
  for (const auto &input : inputs) {
    std::vector<Atom> atoms;
    for (const std::string &s : input)
      atoms.push_back(Atom::string(s));
    auto in = interp::Interpreter::fromAtoms(atoms);
    interp::EvalError e1, e2;
    const interp::Sequence *want = in.evalSOp(comp->op, e1);
    if (!want)
      continue; // the original fails on it: nothing to match
    auto in2 = interp::Interpreter::fromAtoms(atoms);
    const interp::Sequence *got = in2.evalSOp(back, e2);
    bool same = got && got->values.size() == want->values.size();
    for (size_t i = 0; same && i < want->values.size(); ++i) {
      const Atom &a = got->values[i], &b = want->values[i];
      same = a.isNumber() && b.isNumber()
                 ? std::abs(a.toDouble() - b.toDouble()) <= 1e-5
                 : py::equals(a, b);
    }
    if (!same && failures++ == 0) {
      for (const std::string &s : input)
        first += s + " ";
    }
  }
  EXPECT_EQ(failures, 0u) << "first failing input: " << first << "\n"
                          << text;
}

INSTANTIATE_TEST_SUITE_P(
    Corpus, CompileCorpus, ::testing::ValuesIn(corpus()),
    [](const ::testing::TestParamInfo<Case> &info) {
      return std::string(info.param.name);
    });

INSTANTIATE_TEST_SUITE_P(
    Corpus, DecompileCorpus,
    ::testing::Combine(::testing::ValuesIn(corpus()),
                       ::testing::ValuesIn(decompileLengths())),
    [](const ::testing::TestParamInfo<std::tuple<Case, unsigned>> &info) {
      return std::string(std::get<0>(info.param).name) + "_N" +
             std::to_string(std::get<1>(info.param));
    });

} // namespace
