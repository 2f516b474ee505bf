//===- Model.cpp - Model config, shapes and verification -----------------===//
//
/// \file
/// The tensor table shared by verification and file I/O, config and shape
/// checks, the all-zero constructor and the summary printer.
//
//===----------------------------------------------------------------------===//

#include "rasp/Model/Model.h"

#include "Tensors.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <cassert>
#include <cmath>

using namespace rasp;
using namespace rasp::model;
using namespace rasp::model::detail;

/// The largest size any config field may have. Keeps every product of two
/// sizes far from overflowing 64 bits and rejects absurd files early.
static constexpr uint64_t maxConfigSize = uint64_t(1) << 30;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

//===----------------------------------------------------------------------===//
// Tensor table
//===----------------------------------------------------------------------===//

std::string detail::formatShape(llvm::ArrayRef<uint64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleave(
      shape, os, [&](uint64_t d) { os << d; }, ", ");
  os << "]";
  return os.str();
}

std::vector<LayerParts> detail::getLayerParts(const Model &model) {
  std::vector<LayerParts> parts;
  parts.reserve(model.layers.size());
  for (const Layer &layer : model.layers)
    parts.push_back({layer.attn.isPresent(), layer.mlp.isPresent()});
  return parts;
}

llvm::Error detail::checkLayerParts(const ModelConfig &config,
                                    llvm::ArrayRef<LayerParts> parts) {
  if (parts.size() != config.numLayers)
    return makeError(
        "model has " + llvm::Twine(parts.size()) +
        " layers, expected num_layers = " + llvm::Twine(config.numLayers));
  for (auto it : llvm::enumerate(parts)) {
    const LayerParts &p = it.value();
    std::string layer = "layer " + std::to_string(it.index());
    if (p.attention) {
      if (config.numHeads == 0)
        return makeError(layer + " has attention but num_heads is 0");
      if (config.keySize == 0)
        return makeError(layer + " has attention but key_size is 0");
      if (config.valueSize == 0)
        return makeError(layer + " has attention but value_size is 0");
    }
    if (p.mlp && config.mlpHidden == 0)
      return makeError(layer + " has an mlp but mlp_hidden is 0");
  }
  return llvm::Error::success();
}

std::vector<TensorSpec>
detail::getTensorSpecs(const ModelConfig &config,
                       llvm::ArrayRef<LayerParts> parts) {
  uint64_t d = config.dModel;
  uint64_t hk = uint64_t(config.numHeads) * config.keySize;
  uint64_t hv = uint64_t(config.numHeads) * config.valueSize;
  uint64_t m = config.mlpHidden;
  std::vector<TensorSpec> specs;
  auto add = [&](std::string name, Slot slot, unsigned layer,
                 std::vector<uint64_t> shape, bool optional = false) {
    specs.push_back({std::move(name), slot, layer, std::move(shape), optional});
  };
  add("embed.tokens", Slot::TokenEmbed, 0, {config.getVocabSize(), d});
  add("embed.positions", Slot::PosEmbed, 0, {config.getContextLength(), d});
  for (auto it : llvm::enumerate(parts)) {
    unsigned i = static_cast<unsigned>(it.index());
    std::string prefix = "layers." + std::to_string(i) + ".";
    if (it.value().attention) {
      add(prefix + "attn.q", Slot::Q, i, {d, hk});
      add(prefix + "attn.k", Slot::K, i, {d, hk});
      add(prefix + "attn.v", Slot::V, i, {d, hv});
      add(prefix + "attn.o", Slot::O, i, {hv, d});
      add(prefix + "attn.q_bias", Slot::QBias, i, {hk}, true);
      add(prefix + "attn.k_bias", Slot::KBias, i, {hk}, true);
      add(prefix + "attn.v_bias", Slot::VBias, i, {hv}, true);
      add(prefix + "attn.o_bias", Slot::OBias, i, {d}, true);
    }
    if (it.value().mlp) {
      add(prefix + "mlp.w1", Slot::W1, i, {d, m});
      add(prefix + "mlp.b1", Slot::B1, i, {m});
      add(prefix + "mlp.w2", Slot::W2, i, {m, d});
      add(prefix + "mlp.b2", Slot::B2, i, {d});
    }
  }
  add("unembed", Slot::Unembed, 0, {d, config.getOutputDim()});
  return specs;
}

const Eigen::MatrixXf *detail::getMatrix(const Model &model,
                                         const TensorSpec &spec) {
  auto layer = [&]() -> const Layer & { return model.layers[spec.layer]; };
  switch (spec.slot) {
  case Slot::TokenEmbed:
    return &model.tokenEmbed;
  case Slot::PosEmbed:
    return &model.posEmbed;
  case Slot::Q:
    return &layer().attn.wq;
  case Slot::K:
    return &layer().attn.wk;
  case Slot::V:
    return &layer().attn.wv;
  case Slot::O:
    return &layer().attn.wo;
  case Slot::W1:
    return &layer().mlp.w1;
  case Slot::W2:
    return &layer().mlp.w2;
  case Slot::Unembed:
    return &model.unembed;
  case Slot::QBias:
  case Slot::KBias:
  case Slot::VBias:
  case Slot::OBias:
  case Slot::B1:
  case Slot::B2:
    return nullptr;
  }
  llvm_unreachable("unknown tensor slot");
}

const Eigen::VectorXf *detail::getVector(const Model &model,
                                         const TensorSpec &spec) {
  auto layer = [&]() -> const Layer & { return model.layers[spec.layer]; };
  switch (spec.slot) {
  case Slot::QBias:
    return &layer().attn.bq;
  case Slot::KBias:
    return &layer().attn.bk;
  case Slot::VBias:
    return &layer().attn.bv;
  case Slot::OBias:
    return &layer().attn.bo;
  case Slot::B1:
    return &layer().mlp.b1;
  case Slot::B2:
    return &layer().mlp.b2;
  case Slot::TokenEmbed:
  case Slot::PosEmbed:
  case Slot::Q:
  case Slot::K:
  case Slot::V:
  case Slot::O:
  case Slot::W1:
  case Slot::W2:
  case Slot::Unembed:
    return nullptr;
  }
  llvm_unreachable("unknown tensor slot");
}

Eigen::MatrixXf *detail::getMatrix(Model &model, const TensorSpec &spec) {
  return const_cast<Eigen::MatrixXf *>(
      getMatrix(static_cast<const Model &>(model), spec));
}

Eigen::VectorXf *detail::getVector(Model &model, const TensorSpec &spec) {
  return const_cast<Eigen::VectorXf *>(
      getVector(static_cast<const Model &>(model), spec));
}

//===----------------------------------------------------------------------===//
// Verification
//===----------------------------------------------------------------------===//

llvm::Error ModelConfig::verify() const {
  if (vocab.empty())
    return makeError("vocabulary is empty");
  llvm::StringSet<> seen;
  for (const std::string &label : vocab)
    if (!seen.insert(label).second)
      return makeError("duplicate vocabulary label '" + label + "'");
  if (bosId >= vocab.size())
    return makeError("bos id " + llvm::Twine(bosId) +
                     " is out of range for a vocabulary of " +
                     llvm::Twine(vocab.size()) + " tokens");

  struct {
    const char *name;
    uint64_t value;
  } sizes[] = {{"vocabulary size", vocab.size()},
               {"max_seq_len", maxSeqLen},
               {"num_layers", numLayers},
               {"num_heads", numHeads},
               {"key_size", keySize},
               {"value_size", valueSize},
               {"mlp_hidden", mlpHidden},
               {"d_model", dModel},
               {"output size", outputLabels.size()}};
  for (const auto &size : sizes)
    if (size.value > maxConfigSize)
      return makeError(llvm::Twine(size.name) + " " + llvm::Twine(size.value) +
                       " is too large (at most " + llvm::Twine(maxConfigSize) +
                       ")");

  if (dModel == 0)
    return makeError("d_model is 0");
  if (residualLabels.size() != dModel)
    return makeError(
        "there are " + llvm::Twine(residualLabels.size()) +
        " residual labels, expected d_model = " + llvm::Twine(dModel));
  switch (outputKind) {
  case OutputKind::Categorical:
    if (outputLabels.empty())
      return makeError("categorical output has no labels");
    break;
  case OutputKind::Numerical:
    if (!outputLabels.empty())
      return makeError("numerical output has " +
                       llvm::Twine(outputLabels.size()) +
                       " labels, expected none");
    break;
  }
  auto checkTypes = [](llvm::StringRef what,
                       const std::vector<std::string> &types,
                       size_t expected) -> llvm::Error {
    if (types.empty())
      return llvm::Error::success();
    if (types.size() != expected)
      return makeError("there are " + llvm::Twine(types.size()) + " " + what +
                       " types, expected " + llvm::Twine(expected));
    for (const std::string &t : types)
      if (t != "" && t != "str" && t != "int" && t != "float" && t != "bool")
        return makeError(what + " type '" + t +
                         "' is not one of str, int, float, bool or empty");
    return llvm::Error::success();
  };
  if (llvm::Error err =
          checkTypes("residual", residualTypes, residualLabels.size()))
    return err;
  if (llvm::Error err = checkTypes("output", outputTypes, outputLabels.size()))
    return err;
  if (!outputValueTypes.empty()) {
    if (outputKind != OutputKind::Numerical)
      return makeError("output value types are only for a numerical output");
    size_t n = outputValueTypes.size();
    if (n != 1 && n != size_t(maxSeqLen) + 1)
      return makeError("there are " + llvm::Twine(n) +
                       " output value types, expected 1 or max_seq_len + 1 "
                       "= " + llvm::Twine(maxSeqLen + 1));
    if (llvm::Error err = checkTypes("output value", outputValueTypes, n))
      return err;
    if ((n > 1) != (widthHeadLayer >= 0))
      return makeError(n > 1 ? "output value types by width need a width head"
                             : "a width head needs max_seq_len + 1 output "
                               "value types");
  } else if (widthHeadLayer >= 0) {
    return makeError("a width head needs output value types");
  }
  if (widthHeadLayer >= 0 &&
      (unsigned(widthHeadLayer) >= numLayers || widthHead >= numHeads))
    return makeError("width head (layer " + llvm::Twine(widthHeadLayer) +
                     ", head " + llvm::Twine(widthHead) +
                     ") is not in the model");
  if (!std::isfinite(attnScale))
    return makeError("attention scale is not finite");
  return llvm::Error::success();
}

/// "[4, 8]" of an in-memory matrix or vector.
static std::vector<uint64_t> shapeOf(const Eigen::MatrixXf &m) {
  return {uint64_t(m.rows()), uint64_t(m.cols())};
}
static std::vector<uint64_t> shapeOf(const Eigen::VectorXf &v) {
  return {uint64_t(v.size())};
}

llvm::Error Model::verify() const {
  if (llvm::Error err = config.verify())
    return err;
  std::vector<LayerParts> parts = getLayerParts(*this);
  if (llvm::Error err = checkLayerParts(config, parts))
    return err;
  for (const TensorSpec &spec : getTensorSpecs(config, parts)) {
    std::vector<uint64_t> actual;
    if (const Eigen::VectorXf *v = getVector(*this, spec)) {
      if (spec.optional && v->size() == 0)
        continue;
      actual = shapeOf(*v);
    } else {
      actual = shapeOf(*getMatrix(*this, spec));
    }
    if (actual != spec.shape)
      return makeError("tensor '" + spec.name + "' has shape " +
                       formatShape(actual) + ", expected " +
                       formatShape(spec.shape));
  }
  return llvm::Error::success();
}

Model Model::createZero(const ModelConfig &config) {
  Model model;
  model.config = config;
  std::vector<LayerParts> parts(config.numLayers);
  for (LayerParts &p : parts)
    p = {config.numHeads != 0 && config.keySize != 0 && config.valueSize != 0,
         config.mlpHidden != 0};
  model.layers.resize(config.numLayers);
  for (const TensorSpec &spec : getTensorSpecs(config, parts)) {
    if (spec.optional)
      continue;
    if (Eigen::VectorXf *v = getVector(model, spec))
      *v = Eigen::VectorXf::Zero(spec.shape[0]);
    else
      *getMatrix(model, spec) =
          Eigen::MatrixXf::Zero(spec.shape[0], spec.shape[1]);
  }
  assert(!llvm::errorToBool(model.verify()) && "createZero on a bad config");
  return model;
}

//===----------------------------------------------------------------------===//
// Summary
//===----------------------------------------------------------------------===//

static void printList(llvm::raw_ostream &os,
                      const std::vector<std::string> &items) {
  os << "[";
  llvm::interleaveComma(items, os);
  os << "]";
}

void model::printModelSummary(const Model &model, llvm::raw_ostream &os) {
  const ModelConfig &c = model.config;
  os << "model: " << c.numLayers << " layers, d_model " << c.dModel
     << ", num_heads " << c.numHeads << ", key_size " << c.keySize
     << ", value_size " << c.valueSize << ", mlp_hidden " << c.mlpHidden
     << "\n";
  os << "vocab: ";
  printList(os, c.vocab);
  os << ", bos '" << (c.bosId < c.vocab.size() ? c.vocab[c.bosId] : "?")
     << "', max_seq_len " << c.maxSeqLen << "\n";
  os << "attention: scale " << llvm::format("%g", c.attnScale) << ", "
     << (c.causal ? "causal" : "bidirectional") << "\n";
  for (auto it : llvm::enumerate(model.layers)) {
    const Layer &layer = it.value();
    os << "layer " << it.index() << ":";
    if (layer.attn.isPresent())
      os << " attention" << (layer.attn.hasBias() ? " (biased)" : "");
    if (layer.mlp.isPresent())
      os << " mlp";
    if (!layer.attn.isPresent() && !layer.mlp.isPresent())
      os << " empty";
    os << "\n";
  }
  os << "residual: ";
  printList(os, c.residualLabels);
  os << "\n";
  switch (c.outputKind) {
  case OutputKind::Categorical:
    os << "output: categorical '" << c.outputName << "' ";
    printList(os, c.outputLabels);
    os << "\n";
    break;
  case OutputKind::Numerical:
    os << "output: numerical '" << c.outputName << "'\n";
    break;
  }
}
