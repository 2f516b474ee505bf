//===- Tensors.h - The named tensors of a Model (private) -------*- C++ -*-===//
//
/// \file
/// One table of every tensor a model has, with its file name, its expected
/// shape and where it lives in a Model, so that Model::verify, the writer and
/// the reader agree on names and shapes by construction.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_MODEL_TENSORS_H
#define RASP_LIB_MODEL_TENSORS_H

#include "rasp/Model/Model.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/Support/Error.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rasp {
namespace model {
namespace detail {

/// Which sublayers a layer has.
struct LayerParts {
  bool attention = false;
  bool mlp = false;
};

/// Where a tensor lives in a Model.
enum class Slot {
  TokenEmbed,
  PosEmbed,
  Q,
  K,
  V,
  O,
  QBias,
  KBias,
  VBias,
  OBias,
  W1,
  B1,
  W2,
  B2,
  Unembed,
};

struct TensorSpec {
  std::string name;
  Slot slot;
  unsigned layer = 0;
  /// One entry for a vector, two for a matrix.
  std::vector<uint64_t> shape;
  /// Optional tensors (the attention biases) may be missing.
  bool optional = false;

  bool isVector() const { return shape.size() == 1; }
};

/// The parts each layer of \p model has, from its weights.
std::vector<LayerParts> getLayerParts(const Model &model);

/// Checks that \p parts fits \p config: one entry per layer, and nonzero
/// head, key and value sizes where there is attention, nonzero hidden width
/// where there is an MLP.
llvm::Error checkLayerParts(const ModelConfig &config,
                            llvm::ArrayRef<LayerParts> parts);

/// Every tensor of a model with \p config and \p parts, in file order.
/// \p config and \p parts must have been checked.
std::vector<TensorSpec> getTensorSpecs(const ModelConfig &config,
                                       llvm::ArrayRef<LayerParts> parts);

/// The matrix of a two-dimensional spec, nullptr for a vector spec.
Eigen::MatrixXf *getMatrix(Model &model, const TensorSpec &spec);
const Eigen::MatrixXf *getMatrix(const Model &model, const TensorSpec &spec);
/// The vector of a one-dimensional spec, nullptr for a matrix spec.
Eigen::VectorXf *getVector(Model &model, const TensorSpec &spec);
const Eigen::VectorXf *getVector(const Model &model, const TensorSpec &spec);

/// "[4, 8]".
std::string formatShape(llvm::ArrayRef<uint64_t> shape);

} // namespace detail
} // namespace model
} // namespace rasp

#endif // RASP_LIB_MODEL_TENSORS_H
