//===- Decompile.h - Compiled transformer weights back to RASP -*- C++ -*-===//
//
/// \file
/// Reads a Model made by rasp-compile back into IR. The residual labels say
/// which subspace is which s-op ("name:value" one-hot directions of a
/// categorical s-op, "name" for a numerical one, plus "one", "bos",
/// "nonbos" and "X_selector_width_attn_output"); the weights say how each is
/// computed. Every block is read off by probing the weights with the values
/// its inputs can take:
///
///   MLP hidden units writing one s-op  -> a map / sequence map table
///   attention head writing one s-op    -> aggregate(selector, values, dflt)
///   head writing X_selector_width_...  -> selector_width (its MLP skipped)
///
/// A head's W_QK splits into blocks, one per (query s-op, key s-op) pair;
/// a key is selected iff its logit reaches the BOS logit, which (by the
/// compiler's construction) holds iff every block is at its maximum, so the
/// selector is the `and` of one select per block. Value labels carry no
/// type: "tokens"/"indices"/selector widths are typed by name, other labels
/// read as bool, int, float, else string.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_DECOMPILE_DECOMPILE_H
#define RASP_DECOMPILE_DECOMPILE_H

#include "rasp/IR/IR.h"
#include "rasp/Model/Model.h"

#include "llvm/Support/Error.h"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
} // namespace llvm

namespace rasp {
namespace decompile {

struct DecompiledProgram {
  std::unique_ptr<ir::Module> module;
  ir::Op *output = nullptr;
  std::string outputName;
  std::vector<std::string> vocab; ///< without BOS
  unsigned maxSeqLen = 0;
  /// Source names: "tokens", "indices", ... for inputs, else empty.
  std::map<const ir::Op *, std::string> names;
};

/// Decompiles \p model. Fails with a one-line message for models rasp-compile
/// did not make (missing/unknown residual labels, foreign BOS token,
/// attention patterns that are not an `and` of per-pair tables, ...).
llvm::Expected<DecompiledProgram> decompileModel(const model::Model &model);

/// Prints \p prog as a RASP program (valid RASP; maps are dict lookups and
/// nested ternaries, arbitrary predicate tables `or`s of selects on
/// indicator maps) whose s-op named prog.outputName is the model's output.
void printRasp(const DecompiledProgram &prog, llvm::raw_ostream &os);

} // namespace decompile
} // namespace rasp

#endif // RASP_DECOMPILE_DECOMPILE_H
