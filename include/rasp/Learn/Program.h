//===- Program.h - A filled Transformer Program sketch ----------*- C++ -*-===//
//
/// \file
/// The sketch of a Transformer Program (../shared/spec/transformer-programs.md
/// §1) and its filled form. The skeleton (layers; categorical and numerical
/// heads; categorical and numerical MLPs; which variables each may read) is
/// fixed by SketchConfig; the holes are each head's key/query/value variable
/// and predicate table (key == pred[query]), each MLP's two input variables
/// and its lookup table, and the classifier.
///
/// Two streams of variables. Categorical (values 0..k-1): 0 = tokens (codes),
/// 1 = positions, then per layer its categorical heads, categorical MLPs and
/// numerical MLPs. Numerical (non-negative integers): 0 = ones, then per layer
/// its numerical heads. With SketchConfig::variables = N > 0 the tokens are
/// not a variable: 0..N-1 are N learned embedding variables (embed_0, ...;
/// each a table of the token code, a hole too), N = positions.
///
/// Program::run is the discretized model: categorical heads attend to the
/// nearest *other* matching key (ties to the left; the query itself only
/// when it is the only match; BOS, position 0, when nothing matches) and copy
/// its value; numerical heads output the sum of the value over every
/// matching key (causal: keys at or before the query); MLPs are tables; the
/// classifier adds integer weights (one per categorical variable and value,
/// one per numerical variable times its value) and takes the argmax (first
/// label on ties). toRasp prints the same computation as RASP, toIR builds
/// it as IR ops (lib/Learn/ToIR.cpp).
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LEARN_PROGRAM_H
#define RASP_LEARN_PROGRAM_H

#include "rasp/Learn/Task.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rasp {
namespace ir {
class Module;
class Op;
} // namespace ir

namespace learn {

struct SketchConfig {
  unsigned layers = 3;
  unsigned heads = 4;    ///< categorical heads per layer
  unsigned numHeads = 0; ///< numerical heads per layer
  unsigned mlps = 2;     ///< categorical MLPs per layer
  unsigned numMlps = 0;  ///< numerical MLPs per layer
  unsigned k = 8;        ///< cardinality of every categorical variable
  unsigned maxLen = 8;   ///< padded length
  bool causal = false;
  /// 0: the tokens are one categorical variable, their code (one-hot in
  /// training; the paper's RASP setting). N > 0: N learned categorical
  /// embedding variables, each a table token code -> 0..k-1 (the
  /// reference's --n_vars_cat without --one_hot_embed).
  unsigned variables = 0;
  unsigned catPerLayer() const { return heads + mlps + numMlps; }
  /// Categorical variables before the first layer: the token or embedding
  /// variables, then positions.
  unsigned inputVars() const { return (variables ? variables : 1) + 1; }
  /// The index of the positions variable.
  unsigned posVar() const { return inputVars() - 1; }
  unsigned numVars() const { return inputVars() + layers * catPerLayer(); }
  unsigned numNumVars() const { return 1 + layers * numHeads; }
  /// Categorical variables a head of layer l may read (the first n).
  unsigned headReads(unsigned l) const {
    return inputVars() + l * catPerLayer();
  }
  /// Categorical variables a categorical MLP of layer l may read.
  unsigned mlpReads(unsigned l) const { return headReads(l) + heads; }
  /// Numerical variables a numerical head of layer l may read as its value.
  unsigned numHeadReads(unsigned l) const { return 1 + l * numHeads; }
  /// Numerical variables a numerical MLP of layer l may read.
  unsigned numMlpReads(unsigned l) const { return 1 + (l + 1) * numHeads; }
  /// Index of the first numerical MLP output of layer l (categorical).
  unsigned numMlpOut(unsigned l) const { return mlpReads(l) + mlps; }
};

struct HeadHoles {
  /// Categorical variables; valueVar is numerical for a numerical head.
  unsigned keyVar = 0, queryVar = 0, valueVar = 0;
  std::vector<int> pred; ///< k entries: query value -> selected key value
};

struct MlpHoles {
  unsigned a = 0, b = 0;
  /// Categorical MLP: k*k entries indexed a*k + b. Numerical MLP:
  /// (aMax+1)*(bMax+1) entries indexed min(a,aMax)*(bMax+1) + min(b,bMax).
  std::vector<int> table;
  int64_t aMax = 0, bMax = 0; ///< numerical MLPs: the enumerated inputs
};

struct Program {
  SketchConfig cfg;
  std::vector<std::string> tokens; ///< token code -> string
  std::vector<std::string> labels;
  /// cfg.variables tables, [variable][token code] -> value (empty for 0).
  std::vector<std::vector<int>> embed;
  std::vector<std::vector<HeadHoles>> heads;    ///< [layer][head]
  std::vector<std::vector<HeadHoles>> numHeads; ///< [layer][head]
  std::vector<std::vector<MlpHoles>> mlps;      ///< [layer][mlp]
  std::vector<std::vector<MlpHoles>> numMlps;   ///< [layer][mlp]
  /// [label][var * k + value] for categorical variables, then one weight
  /// per numerical variable (times its value). Integers, so program and
  /// model add exactly.
  std::vector<std::vector<int64_t>> classifier;

  std::string varName(unsigned var) const;
  std::string numVarName(unsigned var) const;
  /// The largest value numerical variable \p var can take on an input of at
  /// most cfg.maxLen positions (a sum over at most maxLen keys).
  int64_t numVarMax(unsigned var) const;
  /// Label index at every position of \p input (token codes).
  std::vector<int> run(const std::vector<int> &input) const;
  /// The program as RASP source defining the s-op \p sopName (the label at
  /// every position of an input that starts with "<s>").
  std::string toRasp(const std::string &sopName) const;
};

/// Builds the program as IR ops in \p m (lib/Learn/ToIR.cpp): tokens are
/// read as strings, the result is the label string at every position.
ir::Op *toIR(const Program &p, ir::Module &m);

/// Fraction of scored positions of \p data that \p p labels correctly.
double accuracy(const Program &p, const std::vector<Example> &data);

} // namespace learn
} // namespace rasp

#endif // RASP_LEARN_PROGRAM_H
