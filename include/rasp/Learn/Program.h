//===- Program.h - A filled Transformer Program sketch ----------*- C++ -*-===//
//
/// \file
/// The sketch of a categorical Transformer Program and its filled form. The
/// skeleton (layers, categorical heads, categorical MLPs, which variables
/// each may read) is fixed by SketchConfig; the holes are each head's
/// key/query/value variable and predicate table (key == pred[query]), each
/// MLP's two input variables and its k*k lookup table, and the classifier.
/// Variables: 0 = tokens (codes), 1 = positions, then per layer its heads
/// and then its MLPs; every variable holds a value in 0..k-1.
///
/// Program::run is the discretized model: hard attention to the nearest
/// *other* matching key (ties to the left; the query itself only when it is
/// the only match; BOS, position 0, when nothing matches), table MLPs, and an
/// integer classifier (argmax, first label on ties). Program::toRasp prints
/// the same computation as RASP using only the reference dialect.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LEARN_PROGRAM_H
#define RASP_LEARN_PROGRAM_H

#include "rasp/Learn/Task.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rasp {
namespace learn {

struct SketchConfig {
  unsigned layers = 3, heads = 4, mlps = 2;
  unsigned k = 8;       ///< cardinality of every categorical variable
  unsigned maxLen = 8;  ///< padded length
  bool causal = false;
  unsigned numVars() const { return 2 + layers * (heads + mlps); }
  /// Variables a head of layer l may read.
  unsigned headReads(unsigned l) const { return 2 + l * (heads + mlps); }
  /// Variables an MLP of layer l may read.
  unsigned mlpReads(unsigned l) const { return headReads(l) + heads; }
};

struct HeadHoles {
  unsigned keyVar = 0, queryVar = 0, valueVar = 0;
  std::vector<int> pred; ///< k entries: query value -> selected key value
};

struct MlpHoles {
  unsigned a = 0, b = 0;
  std::vector<int> table; ///< k*k entries, indexed a*k + b
};

struct Program {
  SketchConfig cfg;
  std::vector<std::string> tokens; ///< token code -> string
  std::vector<std::string> labels;
  std::vector<std::vector<HeadHoles>> heads; ///< [layer][head]
  std::vector<std::vector<MlpHoles>> mlps;   ///< [layer][mlp]
  /// [label][var * k + value], integer so program and model add exactly.
  std::vector<std::vector<int64_t>> classifier;

  std::string varName(unsigned var) const;
  /// Label index at every position of \p input (token codes).
  std::vector<int> run(const std::vector<int> &input) const;
  /// The program as RASP source defining the s-op \p sopName (the label at
  /// every position of an input that starts with "<s>").
  std::string toRasp(const std::string &sopName) const;
};

/// Fraction of scored positions of \p data that \p p labels correctly.
double accuracy(const Program &p, const std::vector<Example> &data);

} // namespace learn
} // namespace rasp

#endif // RASP_LEARN_PROGRAM_H
