//===- Task.h - Datasets of the Transformer Programs tasks ------*- C++ -*-===//
//
/// \file
/// Data generators that make the synthetic datasets of "Learning Transformer
/// Programs" (Friedman et al. 2023) the way its code does
/// (../shared/spec/transformer-programs.md §2): vocabulary, lengths, BOS/EOS,
/// one label per position (-1 where nothing is scored), unique inputs by
/// oversampling, an 81/9/10 train/validation/test split, all seeded.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LEARN_TASK_H
#define RASP_LEARN_TASK_H

#include "llvm/Support/Error.h"

#include <cstdint>
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
  /// Code -> token string. Code 0 is "<pad>", code 1 is "<s>" (BOS).
  std::vector<std::string> tokens;
  /// Label index -> label string.
  std::vector<std::string> labels;
  unsigned maxLen = 0; ///< padded length, BOS (and EOS) included
  bool causal = false; ///< attention only to keys at or before the query
  std::vector<Example> train, val, test;
};

struct TaskOptions {
  unsigned datasetSize = 20000;
  unsigned vocabSize = 8; ///< the generator's total token count (paper's V)
  unsigned maxLen = 0;    ///< 0: the paper's (8; 16 for Dyck)
  unsigned minLen = 0;    ///< 0: the paper's (1; 16 for Dyck)
  uint64_t seed = 0;      ///< data seed (the paper's code uses 0)
};

/// The task names makeTask accepts.
std::vector<std::string> getTaskNames();

/// Makes task \p name ("reverse", "hist", "sort", "dyck1").
llvm::Expected<Dataset> makeTask(const std::string &name,
                                 const TaskOptions &opts);

/// Labels random inputs (BOS + 1..maxLen-1 tokens drawn from \p vocab) with
/// the value of \p sop computed by the interpreter on the tokens without
/// BOS. Inputs on which the program fails are an error.
llvm::Expected<Dataset> makeTaskFromProgram(const ir::Op *sop,
                                            const std::vector<std::string> &vocab,
                                            const TaskOptions &opts);

/// Prints an example as `<s> a b | label label` (labels "_" where unscored).
std::string formatExample(const Dataset &d, const Example &e);

} // namespace learn
} // namespace rasp

#endif // RASP_LEARN_TASK_H
