//===- Sketch.h - A Transformer Program sketch as IR with holes -*- C++ -*-===//
//
/// \file
/// The sketch of a Transformer Program as an IR module (ir::Module marked
/// as a sketch): its skeleton — layers, categorical and numerical heads,
/// categorical and numerical MLPs, the classifier — is ordinary IR ops, the
/// same ops learn::toIR builds for a filled program; its holes are
///
///  - `?choose[attn_0_1.key] %tok, %pos, ...` (ir::ChooseOp): the variable a
///    head reads as key, query or value, or an MLP as an input; the
///    candidates are the variables it may read, in stream order;
///  - `?attn_0_1.pred[8x8](x0)` (a function hole, ir::ElemExpr::Kind::Hole):
///    the predicate table of a head, query value -> the key value it selects;
///  - `?mlp_0_1.table[8x8->8](x0, x1)`, `?num_mlp_0_0.table[int,int->8]`:
///    an MLP as a lookup table over its two inputs' values;
///  - `?embed_0.table[9->8](x0)` (only with SketchConfig::variables > 0): a
///    learned embedding variable as a table of the token code;
///  - `?classifier.L.VAR[8](x0)` / `[1]`: the classifier's weights of label
///    L for a categorical variable (one per value) or a numerical one (a
///    coefficient).
///
/// fillSketch fills every hole with a trained Program's argmax choices
/// (ir::fillHoles) and gives an ordinary IR program: the same computation as
/// Program::run, Program::toRasp and learn::toIR.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LEARN_SKETCH_H
#define RASP_LEARN_SKETCH_H

#include "rasp/IR/IR.h"
#include "rasp/Learn/Program.h"
#include "rasp/Learn/Train.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace rasp {
namespace learn {

struct Sketch {
  SketchConfig cfg;
  std::vector<std::string> tokens; ///< token code -> string
  std::vector<std::string> labels;
  ir::Module module; ///< isSketch()
  ir::Op *output = nullptr;
  /// The ops of the variable streams, in stream order: categorical (tok,
  /// or embed_0..embed_N-1, pos, then per layer its heads, MLPs, numerical
  /// MLPs) and numerical (ones, then per layer its numerical heads).
  std::vector<ir::Op *> catVars, numVars;
  /// Names of the stream variables (tok, attn_0_1, ...) and of the output
  /// (`learned`), for printing.
  std::map<const ir::Op *, std::string> names;
  /// Every ?choose: which component of which layer, and which input.
  struct Choice {
    enum class Of { Head, NumHead, Mlp, NumMlp } of;
    unsigned layer;
    std::string input; ///< key, query, value, a, b
    ir::ChooseOp *op;
  };
  std::vector<Choice> choices;

  /// The op's name, or "".
  std::string nameOf(const ir::Op *op) const;
  /// Prints the sketch's ops (ir::printOps) under a one-line header.
  void print(llvm::raw_ostream &os) const;
};

/// The sketch's configuration for training on \p data with \p opts: the
/// shape from opts, k = opts.dVar or else max(#tokens, max length), causal
/// as the task.
SketchConfig getSketchConfig(const Dataset &data, const TrainOptions &opts);

/// The smallest k the one-hot inputs of \p data fit in: the token codes
/// (#tokens) and the positions (max length); with \p variables > 0 learned
/// embedding variables read the tokens, so the positions alone.
unsigned minVariableCardinality(const Dataset &data, unsigned variables);
/// The largest k an explicit TrainOptions::dVar may ask for (a categorical
/// MLP's table has k * k entries): 128, or the task's own k if larger.
unsigned maxVariableCardinality(const Dataset &data);

/// Builds the sketch of \p cfg for a task with these tokens (code -> string;
/// code 1 is `<s>`) and labels.
std::unique_ptr<Sketch> buildSketch(const SketchConfig &cfg,
                                    const std::vector<std::string> &tokens,
                                    const std::vector<std::string> &labels);

/// Fills every hole of \p sketch with \p p's choices (which must be
/// candidates of the holes: the program has the sketch's shape) into the
/// ordinary module \p out. Returns the label s-op, or null with \p error
/// set.
ir::Op *fillSketch(const Sketch &sketch, const Program &p, ir::Module &out,
                   std::string &error);

/// The trainer reads, for every head and MLP, a prefix of a variable stream
/// (one product per layer): SketchConfig::headReads, mlpReads, numHeadReads,
/// numMlpReads. Checks that every ?choose of \p sketch has exactly those
/// candidates, in order; returns a description of the first difference or
/// "".
std::string checkTrainerReads(const Sketch &sketch);

} // namespace learn
} // namespace rasp

#endif // RASP_LEARN_SKETCH_H
