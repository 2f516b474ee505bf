//===- ModelIO.cpp - Models in the safetensors format --------------------===//
//
/// \file
/// Writer and validating reader of the safetensors layout described in
/// ModelIO.h and docs/ModelFormat.md.
///
/// The reader trusts nothing: it checks the header length against the file,
/// parses the header, reads and verifies the config from the metadata,
/// derives every expected tensor (name and shape) from the config, checks
/// each header entry (dtype, shape, offsets in range, byte count), checks
/// that the tensors tile the data section exactly (no overlap, no gap, no
/// trailing bytes), and only then copies any data.
//
//===----------------------------------------------------------------------===//

#include "rasp/Model/ModelIO.h"

#include "Tensors.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Host.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#if LLVM_ON_UNIX
#include <unistd.h>
#endif

using namespace rasp;
using namespace rasp::model;
using namespace rasp::model::detail;
namespace json = llvm::json;

/// Config fields are at most this large (as in Model.cpp).
static constexpr uint64_t maxConfigSize = uint64_t(1) << 30;

static llvm::Error makeError(const llvm::Twine &msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(), msg);
}

//===----------------------------------------------------------------------===//
// Little-endian float data
//===----------------------------------------------------------------------===//

static void appendFloatsLE(std::string &out, const float *data, size_t n) {
  if (llvm::sys::IsLittleEndianHost) {
    out.append(reinterpret_cast<const char *>(data), n * sizeof(float));
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    char bytes[4];
    uint32_t bits;
    std::memcpy(&bits, &data[i], 4);
    llvm::support::endian::write32le(bytes, bits);
    out.append(bytes, 4);
  }
}

static void readFloatsLE(float *dst, const char *src, size_t n) {
  if (llvm::sys::IsLittleEndianHost) {
    std::memcpy(dst, src, n * sizeof(float));
    return;
  }
  for (size_t i = 0; i < n; ++i) {
    uint32_t bits = llvm::support::endian::read32le(src + 4 * i);
    std::memcpy(&dst[i], &bits, 4);
  }
}

//===----------------------------------------------------------------------===//
// Config <-> JSON
//===----------------------------------------------------------------------===//

static json::Array toJSON(const std::vector<std::string> &strings) {
  json::Array array;
  for (const std::string &s : strings)
    array.push_back(s);
  return array;
}

static json::Value configToJSON(const ModelConfig &c,
                                llvm::ArrayRef<LayerParts> parts) {
  json::Array layers;
  for (const LayerParts &p : parts)
    layers.push_back(json::Object{{"attention", p.attention}, {"mlp", p.mlp}});
  const char *kind = "categorical";
  switch (c.outputKind) {
  case OutputKind::Categorical:
    kind = "categorical";
    break;
  case OutputKind::Numerical:
    kind = "numerical";
    break;
  }
  const char *activation = "relu";
  switch (c.activation) {
  case Activation::ReLU:
    activation = "relu";
    break;
  }
  json::Object output{{"kind", kind},
                      {"name", c.outputName},
                      {"labels", toJSON(c.outputLabels)}};
  if (!c.outputTypes.empty())
    output["types"] = toJSON(c.outputTypes);
  if (!c.outputValueTypes.empty())
    output["value_types"] = toJSON(c.outputValueTypes);
  if (c.widthHeadLayer >= 0)
    output["width_head"] =
        json::Object{{"layer", int64_t(c.widthHeadLayer)},
                     {"head", int64_t(c.widthHead)},
                     {"reads", c.widthHeadCountsBos ? "width" : "mean"}};
  json::Object config{
      {"vocab", toJSON(c.vocab)},
      {"bos", int64_t(c.bosId)},
      {"max_seq_len", int64_t(c.maxSeqLen)},
      {"num_layers", int64_t(c.numLayers)},
      {"num_heads", int64_t(c.numHeads)},
      {"key_size", int64_t(c.keySize)},
      {"value_size", int64_t(c.valueSize)},
      {"mlp_hidden", int64_t(c.mlpHidden)},
      {"d_model", int64_t(c.dModel)},
      {"residual_labels", toJSON(c.residualLabels)},
      {"output", std::move(output)},
      {"causal", c.causal},
      {"attn_scale", double(c.attnScale)},
      {"activation", activation},
      {"layers", std::move(layers)},
  };
  if (!c.residualTypes.empty())
    config["residual_types"] = toJSON(c.residualTypes);
  return config;
}

/// Reads config fields from one JSON object, naming the field in errors.
class ConfigReader {
public:
  ConfigReader(const json::Object &object, std::string where)
      : object(object), where(std::move(where)) {}

  llvm::Error getSize(llvm::StringRef key, unsigned &out) const {
    const json::Value *value = object.get(key);
    if (!value)
      return missing(key);
    llvm::Optional<int64_t> i = value->getAsInteger();
    if (!i || *i < 0 || uint64_t(*i) > maxConfigSize)
      return makeError(llvm::Twine(where) + " '" + key +
                       "' must be an integer in [0, " +
                       llvm::Twine(maxConfigSize) + "]");
    out = static_cast<unsigned>(*i);
    return llvm::Error::success();
  }

  llvm::Error getBool(llvm::StringRef key, bool &out) const {
    const json::Value *value = object.get(key);
    if (!value)
      return missing(key);
    llvm::Optional<bool> b = value->getAsBoolean();
    if (!b)
      return makeError(llvm::Twine(where) + " '" + key +
                       "' must be true or false");
    out = *b;
    return llvm::Error::success();
  }

  llvm::Error getString(llvm::StringRef key, std::string &out) const {
    const json::Value *value = object.get(key);
    if (!value)
      return missing(key);
    llvm::Optional<llvm::StringRef> s = value->getAsString();
    if (!s)
      return makeError(llvm::Twine(where) + " '" + key + "' must be a string");
    out = s->str();
    return llvm::Error::success();
  }

  llvm::Error getStrings(llvm::StringRef key,
                         std::vector<std::string> &out) const {
    const json::Value *value = object.get(key);
    if (!value)
      return missing(key);
    const json::Array *array = value->getAsArray();
    if (!array)
      return makeError(llvm::Twine(where) + " '" + key +
                       "' must be a list of strings");
    out.clear();
    for (const json::Value &item : *array) {
      llvm::Optional<llvm::StringRef> s = item.getAsString();
      if (!s)
        return makeError(llvm::Twine(where) + " '" + key +
                         "' must be a list of strings");
      out.push_back(s->str());
    }
    return llvm::Error::success();
  }

  llvm::Error getNumber(llvm::StringRef key, double &out) const {
    const json::Value *value = object.get(key);
    if (!value)
      return missing(key);
    llvm::Optional<double> d = value->getAsNumber();
    if (!d)
      return makeError(llvm::Twine(where) + " '" + key + "' must be a number");
    out = *d;
    return llvm::Error::success();
  }

  const json::Array *getArray(llvm::StringRef key) const {
    const json::Value *value = object.get(key);
    return value ? value->getAsArray() : nullptr;
  }
  llvm::Error missing(llvm::StringRef key) const {
    return makeError(llvm::Twine(where) + " has no '" + key + "'");
  }

private:
  const json::Object &object;
  std::string where;
};

/// Parses and checks the "rasp.config" metadata string.
static llvm::Error parseConfig(llvm::StringRef text, ModelConfig &c,
                               std::vector<LayerParts> &parts) {
  llvm::Expected<json::Value> parsed = json::parse(text);
  if (!parsed)
    return makeError("metadata 'rasp.config' is not valid JSON: " +
                     llvm::toString(parsed.takeError()));
  const json::Object *object = parsed->getAsObject();
  if (!object)
    return makeError("metadata 'rasp.config' is not a JSON object");
  ConfigReader r(*object, "config");

  if (llvm::Error err = r.getStrings("vocab", c.vocab))
    return err;
  std::pair<const char *, unsigned *> sizes[] = {{"bos", &c.bosId},
                                                 {"max_seq_len", &c.maxSeqLen},
                                                 {"num_layers", &c.numLayers},
                                                 {"num_heads", &c.numHeads},
                                                 {"key_size", &c.keySize},
                                                 {"value_size", &c.valueSize},
                                                 {"mlp_hidden", &c.mlpHidden},
                                                 {"d_model", &c.dModel}};
  for (auto &size : sizes)
    if (llvm::Error err = r.getSize(size.first, *size.second))
      return err;
  if (llvm::Error err = r.getStrings("residual_labels", c.residualLabels))
    return err;
  c.residualTypes.clear();
  if (object->get("residual_types"))
    if (llvm::Error err = r.getStrings("residual_types", c.residualTypes))
      return err;
  if (llvm::Error err = r.getBool("causal", c.causal))
    return err;

  double scale = 0;
  if (llvm::Error err = r.getNumber("attn_scale", scale))
    return err;
  c.attnScale = static_cast<float>(scale);
  if (!std::isfinite(scale) || !std::isfinite(c.attnScale))
    return makeError("config 'attn_scale' is not a finite float");

  std::string activation;
  if (llvm::Error err = r.getString("activation", activation))
    return err;
  if (activation != "relu")
    return makeError("config 'activation' is '" + activation +
                     "', expected 'relu'");

  const json::Value *outputValue = object->get("output");
  if (!outputValue)
    return r.missing("output");
  const json::Object *output = outputValue->getAsObject();
  if (!output)
    return makeError("config 'output' must be an object");
  ConfigReader outputReader(*output, "config 'output'");
  std::string kind;
  if (llvm::Error err = outputReader.getString("kind", kind))
    return err;
  if (kind == "categorical")
    c.outputKind = OutputKind::Categorical;
  else if (kind == "numerical")
    c.outputKind = OutputKind::Numerical;
  else
    return makeError("config 'output' kind is '" + kind +
                     "', expected 'categorical' or 'numerical'");
  if (llvm::Error err = outputReader.getString("name", c.outputName))
    return err;
  if (llvm::Error err = outputReader.getStrings("labels", c.outputLabels))
    return err;
  c.outputTypes.clear();
  if (output->get("types"))
    if (llvm::Error err = outputReader.getStrings("types", c.outputTypes))
      return err;
  c.outputValueTypes.clear();
  if (output->get("value_types"))
    if (llvm::Error err =
            outputReader.getStrings("value_types", c.outputValueTypes))
      return err;
  c.widthHeadLayer = -1;
  if (const json::Value *wh = output->get("width_head")) {
    const json::Object *who = wh->getAsObject();
    if (!who)
      return makeError("config 'output' width_head must be an object");
    ConfigReader whReader(*who, "config 'output' width_head");
    unsigned layer = 0;
    std::string reads;
    if (llvm::Error err = whReader.getSize("layer", layer))
      return err;
    if (llvm::Error err = whReader.getSize("head", c.widthHead))
      return err;
    if (llvm::Error err = whReader.getString("reads", reads))
      return err;
    if (reads != "mean" && reads != "width")
      return makeError("config 'output' width_head reads '" + reads +
                       "', expected 'mean' or 'width'");
    c.widthHeadLayer = int(layer);
    c.widthHeadCountsBos = reads == "width";
  }

  if (llvm::Error err = c.verify())
    return makeError("invalid config: " + llvm::toString(std::move(err)));

  const json::Array *layers = r.getArray("layers");
  if (!layers)
    return makeError("config has no 'layers' list");
  if (layers->size() != c.numLayers)
    return makeError(
        "config 'layers' has " + llvm::Twine(layers->size()) +
        " entries, expected num_layers = " + llvm::Twine(c.numLayers));
  parts.clear();
  for (size_t i = 0; i < layers->size(); ++i) {
    const json::Object *layer = (*layers)[i].getAsObject();
    if (!layer)
      return makeError("config 'layers' entry " + llvm::Twine(i) +
                       " is not an object");
    ConfigReader layerReader(*layer,
                             "config 'layers' entry " + std::to_string(i));
    LayerParts p;
    if (llvm::Error err = layerReader.getBool("attention", p.attention))
      return err;
    if (llvm::Error err = layerReader.getBool("mlp", p.mlp))
      return err;
    parts.push_back(p);
  }
  if (llvm::Error err = checkLayerParts(c, parts))
    return makeError("invalid config: " + llvm::toString(std::move(err)));
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

static llvm::Error checkUTF8(llvm::StringRef what,
                             const std::vector<std::string> &labels) {
  for (size_t i = 0; i < labels.size(); ++i)
    if (!json::isUTF8(labels[i]))
      return makeError(what + " " + llvm::Twine(i) + " is not valid UTF-8");
  return llvm::Error::success();
}

llvm::Expected<std::string> model::serializeModel(const Model &model) {
  if (llvm::Error err = model.verify())
    return err;
  const ModelConfig &c = model.config;
  if (llvm::Error err = checkUTF8("vocabulary label", c.vocab))
    return err;
  if (llvm::Error err = checkUTF8("residual label", c.residualLabels))
    return err;
  if (llvm::Error err = checkUTF8("output label", c.outputLabels))
    return err;
  if (!json::isUTF8(c.outputName))
    return makeError("output name is not valid UTF-8");

  std::vector<LayerParts> parts = getLayerParts(model);
  json::Object header;
  std::string data;
  for (const TensorSpec &spec : getTensorSpecs(c, parts)) {
    const float *values;
    size_t count;
    // Row-major copy of a matrix (Eigen stores column-major).
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>
        rowMajor;
    if (const Eigen::VectorXf *v = getVector(model, spec)) {
      if (spec.optional && v->size() == 0)
        continue;
      values = v->data();
      count = v->size();
    } else {
      rowMajor = *getMatrix(model, spec);
      values = rowMajor.data();
      count = rowMajor.size();
    }
    json::Array shape;
    for (uint64_t dim : spec.shape)
      shape.push_back(int64_t(dim));
    int64_t begin = int64_t(data.size());
    appendFloatsLE(data, values, count);
    header[spec.name] = json::Object{
        {"dtype", "F32"},
        {"shape", std::move(shape)},
        {"data_offsets", json::Array{begin, int64_t(data.size())}}};
  }

  std::string configText;
  llvm::raw_string_ostream configOS(configText);
  configOS << configToJSON(c, parts);
  configOS.flush();
  header["__metadata__"] =
      json::Object{{"format", ModelFormatVersion}, {"rasp.config", configText}};

  std::string headerText;
  llvm::raw_string_ostream headerOS(headerText);
  headerOS << json::Value(std::move(header));
  headerOS.flush();
  // Pad with spaces so that the data starts 8-byte aligned, as the reference
  // safetensors writer does.
  headerText.append((8 - headerText.size() % 8) % 8, ' ');

  std::string bytes(8, '\0');
  llvm::support::endian::write64le(&bytes[0], headerText.size());
  bytes.reserve(8 + headerText.size() + data.size());
  bytes += headerText;
  bytes += data;
  return bytes;
}

llvm::Error model::saveModel(const Model &model, llvm::StringRef path) {
  llvm::Expected<std::string> bytes = serializeModel(model);
  if (!bytes)
    return llvm::createFileError(path, bytes.takeError());

  llvm::SmallString<128> tmpPath;
  int fd = -1;
  if (std::error_code ec =
          llvm::sys::fs::createUniqueFile(path + ".tmp-%%%%%%%%", fd, tmpPath))
    return llvm::createFileError(
        path, makeError("cannot create a temporary file: " + ec.message()));

  std::error_code writeError;
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << *bytes;
    os.flush();
#if LLVM_ON_UNIX
    if (!os.has_error() && ::fsync(fd) != 0)
      writeError = std::error_code(errno, std::generic_category());
#endif
    os.close();
    if (os.has_error()) {
      writeError = os.error();
      os.clear_error();
    }
  }
  if (!writeError)
    writeError = llvm::sys::fs::rename(tmpPath, path);
  if (writeError) {
    (void)llvm::sys::fs::remove(tmpPath);
    return llvm::createFileError(
        path, makeError("cannot write model: " + writeError.message()));
  }
  return llvm::Error::success();
}

//===----------------------------------------------------------------------===//
// Reading
//===----------------------------------------------------------------------===//

namespace {
/// A validated header entry.
struct TensorEntry {
  const TensorSpec *spec;
  uint64_t begin, end;
};
} // namespace

/// Reads a list of non-negative integers; None if it is not one.
static llvm::Optional<std::vector<uint64_t>>
getUIntList(const json::Value *value) {
  const json::Array *array = value ? value->getAsArray() : nullptr;
  if (!array)
    return llvm::None;
  std::vector<uint64_t> list;
  for (const json::Value &item : *array) {
    llvm::Optional<uint64_t> i = item.getAsUINT64();
    if (!i)
      return llvm::None;
    list.push_back(*i);
  }
  return list;
}

/// Checks the header entry of \p spec; \p dataSize is the data section size.
static llvm::Expected<TensorEntry> checkEntry(const json::Value &value,
                                              const TensorSpec &spec,
                                              uint64_t dataSize) {
  std::string name = "tensor '" + spec.name + "'";
  const json::Object *entry = value.getAsObject();
  if (!entry)
    return makeError(llvm::Twine(name) + " is not a JSON object");

  const json::Value *dtypeValue = entry->get("dtype");
  if (!dtypeValue)
    return makeError(llvm::Twine(name) + " has no 'dtype'");
  llvm::Optional<llvm::StringRef> dtype = dtypeValue->getAsString();
  if (!dtype)
    return makeError(llvm::Twine(name) + " has a 'dtype' that is not a string");
  if (*dtype != "F32")
    return makeError(llvm::Twine(name) + " has dtype '" + *dtype +
                     "', expected 'F32'");

  if (!entry->get("shape"))
    return makeError(llvm::Twine(name) + " has no 'shape'");
  llvm::Optional<std::vector<uint64_t>> shape =
      getUIntList(entry->get("shape"));
  if (!shape)
    return makeError(llvm::Twine(name) +
                     " has a 'shape' that is not a list of " +
                     "non-negative integers");
  if (*shape != spec.shape)
    return makeError(llvm::Twine(name) + " has shape " + formatShape(*shape) +
                     ", expected " + formatShape(spec.shape));

  if (!entry->get("data_offsets"))
    return makeError(llvm::Twine(name) + " has no 'data_offsets'");
  llvm::Optional<std::vector<uint64_t>> offsets =
      getUIntList(entry->get("data_offsets"));
  if (!offsets || offsets->size() != 2)
    return makeError(llvm::Twine(name) +
                     " has 'data_offsets' that are not a pair of " +
                     "non-negative integers");
  uint64_t begin = (*offsets)[0], end = (*offsets)[1];
  if (begin > end)
    return makeError(llvm::Twine(name) + " has data offsets " +
                     formatShape(*offsets) + " that end before they begin");
  if (end > dataSize)
    return makeError(llvm::Twine(name) + " has data offsets " +
                     formatShape(*offsets) + " outside the data section of " +
                     llvm::Twine(dataSize) + " bytes");
  uint64_t expected = sizeof(float);
  for (uint64_t dim : spec.shape)
    expected = llvm::SaturatingMultiply(expected, dim);
  if (end - begin != expected)
    return makeError(llvm::Twine(name) + " has " + llvm::Twine(end - begin) +
                     " bytes of data, expected " + llvm::Twine(expected) +
                     " for F32 shape " + formatShape(spec.shape));
  return TensorEntry{&spec, begin, end};
}

/// Checks that \p entries tile [0, dataSize) exactly; sorts them.
static llvm::Error checkTiling(std::vector<TensorEntry> &entries,
                               uint64_t dataSize) {
  llvm::sort(entries, [](const TensorEntry &a, const TensorEntry &b) {
    return std::tie(a.begin, a.end, a.spec->name) <
           std::tie(b.begin, b.end, b.spec->name);
  });
  uint64_t covered = 0;
  const TensorEntry *previous = nullptr;
  for (const TensorEntry &entry : entries) {
    if (entry.begin < covered)
      return makeError("tensors '" + previous->spec->name + "' and '" +
                       entry.spec->name + "' overlap");
    if (entry.begin > covered)
      return makeError("data bytes [" + llvm::Twine(covered) + ", " +
                       llvm::Twine(entry.begin) + ") belong to no tensor");
    covered = entry.end;
    previous = &entry;
  }
  if (covered != dataSize)
    return makeError("data bytes [" + llvm::Twine(covered) + ", " +
                     llvm::Twine(dataSize) + ") belong to no tensor");
  return llvm::Error::success();
}

llvm::Expected<Model> model::parseModel(llvm::StringRef bytes) {
  if (bytes.size() < 8)
    return makeError("file is too small for a safetensors file: " +
                     llvm::Twine(bytes.size()) + " bytes, expected at least 8");
  uint64_t headerSize = llvm::support::endian::read64le(bytes.data());
  uint64_t available = bytes.size() - 8;
  if (headerSize > available)
    return makeError("header length " + llvm::Twine(headerSize) +
                     " exceeds the " + llvm::Twine(available) +
                     " bytes after the length field");
  llvm::StringRef headerText = bytes.substr(8, headerSize);
  llvm::StringRef data = bytes.substr(8 + headerSize);

  llvm::Expected<json::Value> header = json::parse(headerText);
  if (!header)
    return makeError("header is not valid JSON: " +
                     llvm::toString(header.takeError()));
  const json::Object *tensors = header->getAsObject();
  if (!tensors)
    return makeError("header is not a JSON object");

  // Metadata and config.
  const json::Value *metadataValue = tensors->get("__metadata__");
  if (!metadataValue)
    return makeError("header has no '__metadata__'");
  const json::Object *metadata = metadataValue->getAsObject();
  if (!metadata)
    return makeError("'__metadata__' is not a JSON object");
  for (const auto &kv : *metadata)
    if (!kv.second.getAsString())
      return makeError("metadata '" + kv.first.str() + "' is not a string");
  llvm::Optional<llvm::StringRef> format = metadata->getString("format");
  if (!format)
    return makeError("metadata has no 'format'");
  if (*format != ModelFormatVersion)
    return makeError("metadata 'format' is '" + *format + "', expected '" +
                     ModelFormatVersion + "'");
  llvm::Optional<llvm::StringRef> configText =
      metadata->getString("rasp.config");
  if (!configText)
    return makeError("metadata has no 'rasp.config'");

  Model model;
  std::vector<LayerParts> parts;
  if (llvm::Error err = parseConfig(*configText, model.config, parts))
    return err;
  model.layers.resize(model.config.numLayers);

  // Header entries against the expected tensors.
  std::vector<TensorSpec> specs = getTensorSpecs(model.config, parts);
  std::vector<TensorEntry> entries;
  for (const TensorSpec &spec : specs) {
    const json::Value *value = tensors->get(spec.name);
    if (!value) {
      if (spec.optional)
        continue;
      return makeError("missing tensor '" + spec.name + "'");
    }
    llvm::Expected<TensorEntry> entry = checkEntry(*value, spec, data.size());
    if (!entry)
      return entry.takeError();
    entries.push_back(*entry);
  }
  if (entries.size() + 1 != tensors->size()) {
    llvm::StringSet<> known;
    for (const TensorSpec &spec : specs)
      known.insert(spec.name);
    std::vector<std::string> unexpected;
    for (const auto &kv : *tensors)
      if (llvm::StringRef(kv.first) != "__metadata__" &&
          !known.count(llvm::StringRef(kv.first)))
        unexpected.push_back(kv.first.str());
    llvm::sort(unexpected);
    if (!unexpected.empty())
      return makeError("unexpected tensor '" + unexpected.front() + "'");
  }
  if (llvm::Error err = checkTiling(entries, data.size()))
    return err;

  // Everything checked: copy the data.
  for (const TensorEntry &entry : entries) {
    const TensorSpec &spec = *entry.spec;
    const char *src = data.data() + entry.begin;
    if (Eigen::VectorXf *v = getVector(model, spec)) {
      v->resize(spec.shape[0]);
      readFloatsLE(v->data(), src, v->size());
      continue;
    }
    Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>
        rowMajor(spec.shape[0], spec.shape[1]);
    readFloatsLE(rowMajor.data(), src, rowMajor.size());
    *getMatrix(model, spec) = rowMajor;
  }
  assert(!llvm::errorToBool(model.verify()) && "validated model must verify");
  return model;
}

llvm::Expected<Model> model::loadModel(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                  /*RequiresNullTerminator=*/false);
  if (!buffer)
    return llvm::createFileError(path, buffer.getError());
  llvm::Expected<Model> model = parseModel((*buffer)->getBuffer());
  if (!model)
    return llvm::createFileError(path, model.takeError());
  return model;
}
