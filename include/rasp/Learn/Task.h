//===- Task.h - Datasets of the Transformer Programs tasks ------*- C++ -*-===//
//
/// \file
/// Data generators that make the synthetic datasets of "Learning Transformer
/// Programs" (Friedman et al. 2023) the way its code does
/// (../shared/spec/transformer-programs.md §2): vocabulary, lengths, BOS/EOS,
/// one label per position (-1 where nothing is scored), unique inputs by
/// oversampling, an 81/9/10 train/validation/test split, all seeded.
///
/// The random draws reproduce numpy's legacy RandomState (MT19937 seeded like
/// np.random.seed, masked rejection for bounded integers) and sklearn's
/// train_test_split, so for a seed the datasets are the reference code's,
/// example for example (sort/reverse at V = N = 8: 14,124 distinct strings,
/// split 11,439/1,272/1,413). docs/Learn.md lists the tasks.
///
/// Also here: each task's configuration and accuracy in the paper (Table 1,
/// and Table 3 for categorical-only programs), which rasp-learn uses as its
/// defaults.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LEARN_TASK_H
#define RASP_LEARN_TASK_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rasp {
namespace ir {
class Op;
} // namespace ir

namespace learn {

/// One sequence: token codes (indices into Dataset::tokens, position 0 is
/// BOS) and one label index per position, -1 where nothing is scored.
struct Example {
  std::vector<int> input;
  std::vector<int> target;
};

struct Dataset {
  std::string name;
  /// Code -> token string. Code 0 is "<pad>", code 1 is "<s>" (BOS), then the
  /// task's other tokens in sorted order.
  std::vector<std::string> tokens;
  /// Label index -> label string, sorted. Labels are strings: digits, F/P/T
  /// for Dyck, "<s>" (a real label) for most_freq, "<unk>" (a real label)
  /// for induction.
  std::vector<std::string> labels;
  unsigned maxLen = 0; ///< padded length, BOS (and EOS) included
  bool causal = false; ///< attention only to keys at or before the query
  std::vector<Example> train, val, test;
};

struct TaskOptions {
  unsigned datasetSize = 20000;
  /// The generator's total token count (the paper's V); 0: the task's (8;
  /// 10 for induction; unused by Dyck, whose brackets are fixed).
  unsigned vocabSize = 0;
  /// Padded length incl. BOS; 0: the task's (8; 16 for Dyck; 10 for
  /// induction).
  unsigned maxLen = 0;
  /// The reference code's --min_length (tokens after BOS, or for Dyck and
  /// induction twice the least number of pairs); 0: the task's (1; 16 for
  /// Dyck; maxLen - 1 for induction, i.e. every string has the same length).
  unsigned minLen = 0;
  /// Data seed, below 2^32 (the reference code uses its run seed, 0 in the
  /// paper's scripts).
  uint64_t seed = 0;
};

/// The task names makeTask accepts, sorted.
std::vector<std::string> getTaskNames();

/// Makes task \p name: "reverse", "hist", "double_hist", "sort",
/// "most_freq", "dyck1", "dyck2" or "induction". Unknown names, bad lengths
/// and vocabulary sizes are errors.
llvm::Expected<Dataset> makeTask(const std::string &name,
                                 const TaskOptions &opts);

/// Labels random inputs (BOS + 1..maxLen-1 tokens drawn from \p vocab) with
/// the value of \p sop computed by the interpreter on the tokens without
/// BOS. An input on which the program fails is an error that shows the
/// input, the interpreter's message and, when \p describe is given, where:
/// describe(op) of the first operation that fails (e.g. its variable name
/// and file; "" for nothing).
using DescribeOp = std::function<std::string(const ir::Op *)>;
llvm::Expected<Dataset>
makeTaskFromProgram(const ir::Op *sop, const std::vector<std::string> &vocab,
                    const TaskOptions &opts,
                    const DescribeOp &describe = nullptr);

/// Prints an example as `<s> a b | _ label label` (labels "_" where
/// unscored).
std::string formatExample(const Dataset &d, const Example &e);

/// One Transformer Program configuration. Heads and MLPs are per layer.
struct ProgramShape {
  unsigned layers = 0;
  unsigned catHeads = 0, numHeads = 0;
  unsigned catMlps = 0, numMlps = 0;
};

/// A task as the paper trains and reports it (spec §2, §3).
struct PaperConfig {
  const char *task;
  // Data.
  unsigned vocabSize; ///< the paper's V
  unsigned maxLen;    ///< padded length incl. BOS
  bool causal;        ///< causal attention mask (Dyck, induction)
  // Training.
  unsigned k;      ///< variable cardinality (8; 16 for Dyck; 10 induction)
  unsigned epochs; ///< 250
  /// Table 1: best program with categorical and numerical heads and MLPs
  /// (H and M of the table split evenly between the two kinds); induction:
  /// 2 layers of one categorical head, no MLPs.
  ProgramShape best;
  double bestAccuracy; ///< Table 1 test accuracy in % (induction: 100)
  /// Table 3: best categorical-only program (induction: the same as best).
  ProgramShape catOnly;
  double catOnlyAccuracy;
};

/// The paper's configuration of \p task, or nullptr for a name that is not
/// one of getTaskNames().
const PaperConfig *getPaperConfig(llvm::StringRef task);

/// Every task's configuration, in the order of the paper's Table 1
/// (induction last).
llvm::ArrayRef<PaperConfig> getPaperConfigs();

} // namespace learn
} // namespace rasp

#endif // RASP_LEARN_TASK_H
