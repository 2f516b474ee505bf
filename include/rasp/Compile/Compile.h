//===- Compile.h - RASP IR to transformer weights ---------------*- C++ -*-===//
//
/// \file
/// Tracr's compiler (spec/tracr.md §1), made exact. One free function per
/// stage, run in this order by compileToModel:
///
///   validate         unsupported constructs -> diagnostics at the op
///   inferEncodings   categorical unless annotated numerical (propagated)
///   value sets       ir::inferValueSets (every mean of a numerical mean)
///   lowerToCraft     one craft block per op (maps fused where possible)
///   allocateLayers   each block in the earliest sublayer its operands allow
///   assembleModel    residual layout, embeddings, weights, unembedding
///
/// The model keeps BOS at position 0 (token "compiler_bos"). Every block is
/// built so that the BOS position holds statically known values (BOS always
/// attends only to itself), and every head subtracts them: a query that
/// selects nothing reads exactly the aggregate's default, whatever upstream
/// blocks wrote at BOS. Attention logits are the craft logits (attnScale 1:
/// the coldness is already in W_Q), so there is no 1/sqrt(key_size) loss.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_COMPILE_COMPILE_H
#define RASP_COMPILE_COMPILE_H

#include "rasp/IR/IR.h"
#include "rasp/Model/Model.h"
#include "rasp/Support/Atom.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <optional>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace rasp {
class DiagnosticEngine;

namespace compile {

/// The BOS token label of compiled models.
constexpr const char *kBosToken = "compiler_bos";

struct CompileOptions {
  /// Token labels (RASP tokens are strings; tokens_int etc. convert them).
  std::vector<std::string> vocab;
  /// N: the longest input, BOS not counted.
  unsigned maxSeqLen = 0;
  /// Mask attention causally (programs that look ahead then break, as in
  /// Tracr).
  bool causal = false;
  /// Name of the output s-op (residual label and model output name).
  std::string outputName = "output";
  /// When set, the craft blocks per sublayer are printed here.
  llvm::raw_ostream *craftDump = nullptr;
  /// The most values an s-op may take (ir::ValueSetOptions::maxSetSize):
  /// every value becomes a residual dimension or an MLP table row.
  size_t maxValueSetSize = 100000;
};

struct CompiledModel {
  model::Model model;
  /// Whether the output is numerical (one dimension holding the value).
  bool numericalOutput = false;
  /// The value set of the output: categorical outputs decode argmax index i
  /// to outputValues[i]; numerical outputs snap to the nearest value.
  std::vector<Atom> outputValues;
};

/// Compiles the s-op \p output into a model. Reports every problem through
/// \p diags (at the source location of the op concerned) and returns
/// std::nullopt if there was one.
std::optional<CompiledModel> compileToModel(ir::Op *output,
                                            const CompileOptions &options,
                                            DiagnosticEngine &diags);

/// Decodes one forward-pass output row (\p row: the output dims of one
/// position) to an atom: categorical -> the argmax value; numerical -> the
/// value-set element within 1e-3 of it, else the float itself.
/// Numerical values take the type the interpreter gives them
/// (ModelConfig::outputValueTypes; \p width: the number of keys the width
/// head selects at the position, from model::readWidths, -1 if unknown).
Atom decodeOutput(const CompiledModel &compiled, const float *row,
                  int width = -1);

/// Runs the model on \p ids (BOS first) and decodes every position after
/// BOS as the interpreter would give it (values and their types).
llvm::Expected<std::vector<Atom>> runCompiled(const CompiledModel &compiled,
                                              llvm::ArrayRef<unsigned> ids);

} // namespace compile
} // namespace rasp

#endif // RASP_COMPILE_COMPILE_H
