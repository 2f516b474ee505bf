//===- ModelIO.h - Models in the safetensors format -------------*- C++ -*-===//
//
/// \file
/// Reads and writes a Model as a safetensors file, the format the PyTorch /
/// Hugging Face world reads (docs/ModelFormat.md has the full description):
///
///   bytes 0..7   header length n, unsigned 64-bit little-endian
///   bytes 8..8+n JSON header, padded with spaces to a multiple of 8
///   rest         tensor data, float32 little-endian, row-major, contiguous
///
/// The header maps each tensor name (see Model.h for names and shapes) to
/// `{"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}`, offsets
/// relative to the start of the data. Its `__metadata__` holds two strings:
/// "format": "rasp-model-1" and "rasp.config": the ModelConfig as JSON
/// (keys vocab, bos, max_seq_len, num_layers, num_heads, key_size,
/// value_size, mlp_hidden, d_model, residual_labels, output {kind, name,
/// labels}, causal, attn_scale, activation, and layers: one
/// {"attention": bool, "mlp": bool} per layer saying which sublayers exist).
///
/// Reading validates everything before anything is used and reports the
/// first problem as a one-line, lower-case message; a corrupt file never
/// crashes the reader.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_MODEL_MODELIO_H
#define RASP_MODEL_MODELIO_H

#include "rasp/Model/Model.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>

namespace rasp {
namespace model {

/// The value of the "format" metadata entry.
constexpr const char *ModelFormatVersion = "rasp-model-1";

/// The whole file as bytes. Fails if the model does not verify.
llvm::Expected<std::string> serializeModel(const Model &model);

/// Parses the bytes of a file written by serializeModel (or by any writer
/// that follows the format), validating everything.
llvm::Expected<Model> parseModel(llvm::StringRef bytes);

/// Writes \p model to \p path: first to a temporary file in the same
/// directory, which is then renamed over \p path, so an interrupted write
/// never leaves a truncated model. Errors are prefixed with the path.
llvm::Error saveModel(const Model &model, llvm::StringRef path);

/// Reads and validates the model at \p path. Errors have the form
/// "'path': message".
llvm::Expected<Model> loadModel(llvm::StringRef path);

} // namespace model
} // namespace rasp

#endif // RASP_MODEL_MODELIO_H
