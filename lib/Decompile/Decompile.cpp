//===- Decompile.cpp - Compiled transformer weights back to RASP ----------===//
//
// See Decompile.h. Layers are read in order; the residual at the BOS
// position is simulated alongside (BOS attends only to itself), because
// every head's defaults and BOS logits are relative to it.
//
//===----------------------------------------------------------------------===//

#include "rasp/Decompile/Decompile.h"

#include "rasp/IR/ValueSets.h"
#include "rasp/Support/Atom.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <set>

using namespace rasp;
using namespace rasp::decompile;
using ir::Op;
using ir::OpKind;
using llvm::createStringError;

namespace {

constexpr const char *kWidthSuffix = "_selector_width_attn_output";

/// One s-op of the residual stream.
struct Var {
  std::string name;
  bool numerical = false;
  bool constant = false;         ///< "one"/"nonbos": 1 at every position
  std::vector<Atom> values;      ///< categorical: one per dim
  std::vector<unsigned> dims;    ///< categorical dims, or the one dim
  Op *op = nullptr;              ///< set once decompiled
  bool written = false;
};

llvm::Error fail(const llvm::Twine &msg) {
  return createStringError(llvm::inconvertibleErrorCode(), msg.str());
}

/// The value of a residual label; \p type is its residual_types entry
/// ("" when the file has none: then the type is guessed from the text).
Atom parseValue(llvm::StringRef varName, llvm::StringRef s,
                llvm::StringRef type = "") {
  if (type == "str")
    return Atom::string(s.str());
  if (type == "bool" && (s == "True" || s == "False"))
    return Atom::boolean(s == "True");
  if (type == "int") {
    int64_t i;
    if (!s.getAsInteger(10, i))
      return Atom::integer(i);
  }
  if (type == "float") {
    double d;
    if (!s.getAsDouble(d))
      return Atom::real(d);
  }
  if (varName == "tokens")
    return Atom::string(s.str());
  int64_t i;
  if (!s.getAsInteger(10, i))
    return Atom::integer(i);
  if (s == "True" || s == "False")
    return Atom::boolean(s == "True");
  double d;
  if ((s.contains('.') || s.contains('e') || s == "inf" || s == "-inf") &&
      !s.getAsDouble(d))
    return Atom::real(d);
  return Atom::string(s.str());
}

/// A float read from the weights as the atom it most likely stands for: an
/// int (within 1e-4), else the simplest fraction p/q (q <= 10^6) within
/// 1e-6 * max(1, |x|) (the first continued-fraction convergent that close),
/// else the float. A tight tolerance: a looser one snaps (7/16)^2 = 0.1914
/// to 9/47.
Atom snapNumber(double x) {
  double r = std::round(x);
  if (std::abs(x - r) < 1e-4)
    return Atom::integer(int64_t(r));
  if (!std::isfinite(x))
    return Atom::real(x);
  double tol = 1e-6 * std::max(1.0, std::abs(x));
  double y = std::abs(x), sign = x < 0 ? -1.0 : 1.0;
  double p0 = 0, q0 = 1, p1 = 1, q1 = 0;
  for (int it = 0; it < 40; ++it) {
    double a = std::floor(y);
    double p2 = a * p1 + p0, q2 = a * q1 + q0;
    if (q2 > 1e6)
      break;
    if (std::abs(p2 / q2 - std::abs(x)) <= tol)
      return Atom::real(sign * p2 / q2);
    double frac = y - a;
    if (frac < 1e-12)
      break;
    y = 1.0 / frac;
    p0 = p1;
    q0 = q1;
    p1 = p2;
    q1 = q2;
  }
  return Atom::real(x);
}

bool sameAtom(const Atom &a, const Atom &b) {
  return a.getKind() == b.getKind() && py::equals(a, b);
}

class Decompiler {
public:
  explicit Decompiler(const model::Model &m) : m(m), cfg(m.config) {}
  llvm::Expected<DecompiledProgram> run();

private:
  llvm::Error readLabels();
  llvm::Error readEmbeddings();
  llvm::Error readHead(unsigned layer, unsigned h, const Eigen::VectorXd &xb);
  llvm::Error readMLP(unsigned layer);
  llvm::Expected<Op *> readSelector(const Eigen::MatrixXd &B,
                                    const Eigen::VectorXd &xb);
  Op *blockSelect(Var *q, Var *k, const std::vector<std::vector<bool>> &P);
  llvm::Expected<std::vector<Atom>> domain(Var &v);
  Op *constant(Atom a) { return mod->create<ir::ConstantOp>(std::move(a)); }
  Op *tableMap(std::vector<Var *> ins,
               const std::vector<std::vector<Atom>> &doms,
               const std::vector<Atom> &outs);
  Op *indices();
  Var *varOfDim(unsigned d) { return dimVar[d]; }
  std::vector<unsigned> writtenDims(const Eigen::MatrixXd &w, bool rows);

  const model::Model &m;
  const model::ModelConfig &cfg;
  std::unique_ptr<ir::Module> mod = std::make_unique<ir::Module>();
  std::map<std::string, Var> vars;
  std::vector<Var *> dimVar;
  int bosDim = -1;
  std::map<std::string, Op *> pendingWidth;
  std::map<const Op *, std::string> names;
  Op *indicesOp = nullptr;
  std::vector<std::string> vocab;
  double tol = 1e-4;
};

llvm::Error Decompiler::readLabels() {
  if (cfg.bosId >= cfg.vocab.size() || cfg.vocab[cfg.bosId] != "compiler_bos")
    return fail("not a model made by rasp-compile: the BOS token is not "
                "'compiler_bos'");
  for (unsigned t = 0; t < cfg.vocab.size(); ++t)
    if (t != cfg.bosId)
      vocab.push_back(cfg.vocab[t]);
  if (!cfg.residualLabels.size())
    return fail("model has no residual labels");
  std::set<std::string> seen;
  for (unsigned d = 0; d < cfg.residualLabels.size(); ++d) {
    llvm::StringRef l = cfg.residualLabels[d];
    if (l.empty())
      return fail("residual dimension " + llvm::Twine(d) + " has no label");
    if (!seen.insert(l.str()).second)
      return fail("residual label '" + l + "' occurs twice");
    if (l == "bos") {
      bosDim = d;
      continue;
    }
    auto [name, val] = l.split(':');
    bool cat = l.contains(':');
    Var &v = vars[name.str()];
    if (v.name.empty()) {
      v.name = name.str();
      v.numerical = !cat;
      v.constant = name == "one" || name == "nonbos";
    } else if (v.numerical || !cat) {
      return fail("residual label '" + l + "' mixes a numerical and a "
                  "categorical s-op named '" + name + "'");
    }
    if (v.constant && cat)
      return fail("unknown residual label '" + l + "'");
    if (cat)
      v.values.push_back(parseValue(
          name, val,
          cfg.residualTypes.empty() ? "" : cfg.residualTypes[d]));
    v.dims.push_back(d);
  }
  if (bosDim < 0)
    return fail("missing residual label 'bos'");
  if (!vars.count("one"))
    return fail("missing residual label 'one'");
  dimVar.assign(cfg.dModel, nullptr);
  for (auto &[n, v] : vars)
    for (unsigned d : v.dims)
      dimVar[d] = &v;
  if (!vars.count(cfg.outputName))
    return fail("the output s-op '" + cfg.outputName +
                "' has no residual subspace");
  Var &out = vars[cfg.outputName];
  if ((cfg.outputKind == model::OutputKind::Numerical) != out.numerical)
    return fail("the output s-op '" + cfg.outputName +
                "' is encoded differently in the residual and the config");
  return llvm::Error::success();
}

Op *Decompiler::indices() {
  if (!indicesOp) {
    indicesOp = mod->create<ir::IndicesOp>();
    names[indicesOp] = "indices";
  }
  return indicesOp;
}

llvm::Error Decompiler::readEmbeddings() {
  // Inputs: tokens (all conversions) and indices, by name.
  for (auto &[n, v] : vars) {
    if (v.constant) {
      v.written = true;
      continue;
    }
    std::optional<ir::TokensConv> conv;
    if (n == "tokens")
      conv = ir::TokensConv::Str;
    else if (n == "tokens_int")
      conv = ir::TokensConv::Int;
    else if (n == "tokens_float")
      conv = ir::TokensConv::Float;
    else if (n == "tokens_bool")
      conv = ir::TokensConv::Bool;
    else if (n == "tokens_asis")
      conv = ir::TokensConv::AsIs;
    if (conv) {
      v.op = mod->create<ir::TokensOp>(*conv);
      names[v.op] = n;
      v.written = true;
    } else if (n == "indices") {
      v.op = indices();
      v.written = true;
    }
  }
  // The embeddings write nothing else.
  for (unsigned d = 0; d < cfg.dModel; ++d) {
    if (int(d) == bosDim)
      continue;
    Var *v = dimVar[d];
    bool input = v->constant || v->op;
    if (!input && (m.tokenEmbed.col(d).cwiseAbs().maxCoeff() > tol ||
                   m.posEmbed.col(d).cwiseAbs().maxCoeff() > tol))
      return fail("the embedding writes residual dimension '" +
                  cfg.residualLabels[d] + "', which is not an input");
  }
  return llvm::Error::success();
}

std::vector<unsigned> Decompiler::writtenDims(const Eigen::MatrixXd &w,
                                              bool rows) {
  std::vector<unsigned> ds;
  for (unsigned d = 0; d < (rows ? w.rows() : w.cols()); ++d)
    if ((rows ? w.row(d).cwiseAbs().maxCoeff() : w.col(d).cwiseAbs().maxCoeff()) >
        tol)
      ds.push_back(d);
  return ds;
}

llvm::Expected<std::vector<Atom>> Decompiler::domain(Var &v) {
  if (!v.numerical)
    return v.values;
  if (v.constant)
    return std::vector<Atom>{Atom::integer(1)};
  ir::ValueSetOptions vo;
  for (const std::string &t : vocab)
    vo.vocab.push_back(Atom::string(t));
  vo.maxSeqLen = cfg.maxSeqLen;
  llvm::DenseMap<const Op *, ir::ValueSet> sets;
  if (auto err = ir::inferValueSets({v.op}, vo, sets))
    return fail("value set of '" + v.name + "': " + err->message);
  llvm::ArrayRef<Atom> vals = sets[v.op].getValues();
  return std::vector<Atom>(vals.begin(), vals.end());
}

/// A map from the values of \p ins (domains \p doms) to \p outs (row-major
/// over the domains, first input fastest): one dict lookup on the first
/// input, nested in ternaries on the others.
Op *Decompiler::tableMap(std::vector<Var *> ins,
                         const std::vector<std::vector<Atom>> &domsIn,
                         const std::vector<Atom> &outsIn) {
  // The input with the most values goes first, into the dict: the others
  // become ternaries, and a long chain of ternaries is slow to parse.
  std::vector<std::vector<Atom>> doms = domsIn;
  std::vector<Atom> outs = outsIn;
  if (ins.size() >= 2) {
    size_t big = 0;
    for (size_t i = 1; i < ins.size(); ++i)
      if (domsIn[i].size() > domsIn[big].size())
        big = i;
    if (big != 0) {
      std::vector<size_t> order(ins.size());
      for (size_t i = 0; i < ins.size(); ++i)
        order[i] = i;
      std::swap(order[0], order[big]);
      std::vector<Var *> newIns;
      for (size_t j = 0; j < order.size(); ++j) {
        newIns.push_back(ins[order[j]]);
        doms[j] = domsIn[order[j]];
      }
      // outs[flat] with flat over the new order, first input fastest.
      std::vector<size_t> idx(ins.size(), 0);
      for (size_t flat = 0; flat < outs.size(); ++flat) {
        size_t r = flat;
        for (size_t j = 0; j < ins.size(); ++j) {
          idx[order[j]] = r % doms[j].size();
          r /= doms[j].size();
        }
        size_t old = 0, stride = 1;
        for (size_t j = 0; j < ins.size(); ++j) {
          old += idx[j] * stride;
          stride *= domsIn[j].size();
        }
        outs[flat] = outsIn[old];
      }
      ins = std::move(newIns);
    }
  }
  std::vector<Op *> args;
  for (Var *v : ins)
    args.push_back(v->op);
  if (ins.empty()) {
    // A constant: a table over indices.
    auto t = std::make_shared<ir::LookupTable>();
    t->kind = ir::LookupTable::Kind::Dict;
    for (unsigned i = 0; i < cfg.maxSeqLen; ++i) {
      t->keys.push_back(Atom::integer(i));
      t->values.push_back(outs[0]);
    }
    return mod->create<ir::MapOp>(
        llvm::ArrayRef<Op *>{indices()},
        ir::ElemExpr::lookup(ir::ElemExpr::arg(0), t));
  }
  // Identity on one input: reuse it.
  if (ins.size() == 1) {
    bool id = true;
    for (size_t i = 0; i < outs.size(); ++i)
      id = id && sameAtom(outs[i], doms[0][i]);
    if (id)
      return ins[0]->op;
  }
  // A linear function of numerical inputs (the compiler's a*x + b*y MLP):
  // printed as arithmetic, not as a table over every value combination.
  if (ins.size() <= 2 && llvm::all_of(ins, [](Var *v) { return v->numerical; }) &&
      llvm::all_of(outs, [](const Atom &a) { return a.isNumber() && !a.isBool(); }) &&
      llvm::all_of(doms, [](const std::vector<Atom> &d) { return d.size() >= 2; })) {
    auto at = [&](size_t i0, size_t i1) {
      return outs[i0 + (ins.size() == 2 ? i1 * doms[0].size() : 0)].toDouble();
    };
    auto x = [&](size_t in, size_t i) { return doms[in][i].toDouble(); };
    std::vector<double> c(ins.size());
    c[0] = (at(1, 0) - at(0, 0)) / (x(0, 1) - x(0, 0));
    if (ins.size() == 2)
      c[1] = (at(0, 1) - at(0, 0)) / (x(1, 1) - x(1, 0));
    for (double &ci : c)
      ci = snapNumber(ci).toDouble();
    double c0 = at(0, 0) - c[0] * x(0, 0) - (ins.size() == 2 ? c[1] * x(1, 0) : 0);
    c0 = snapNumber(c0).toDouble();
    bool linear = true;
    for (size_t i = 0; linear && i < outs.size(); ++i) {
      size_t i0 = i % doms[0].size(), i1 = i / doms[0].size();
      double pred = c0 + c[0] * x(0, i0) + (ins.size() == 2 ? c[1] * x(1, i1) : 0);
      linear = std::abs(pred - outs[i].toDouble()) <=
               1e-6 * std::max(1.0, std::abs(pred));
    }
    if (linear) {
      auto num = [](double v) {
        return v == std::round(v) && std::abs(v) < 1e15
                   ? Atom::integer(int64_t(v))
                   : snapNumber(v);
      };
      ir::ElemExprPtr e;
      for (size_t i = 0; i < c.size(); ++i) {
        if (c[i] == 0)
          continue;
        ir::ElemExprPtr term = ir::ElemExpr::arg(unsigned(i));
        double mag = std::abs(c[i]);
        if (mag != 1)
          term = ir::ElemExpr::binary(py::BinOp::Mul,
                                      ir::ElemExpr::constant(num(mag)),
                                      std::move(term));
        if (!e)
          e = c[i] < 0 ? ir::ElemExpr::binary(
                             py::BinOp::Sub,
                             ir::ElemExpr::constant(Atom::integer(0)),
                             std::move(term))
                       : std::move(term);
        else
          e = ir::ElemExpr::binary(c[i] < 0 ? py::BinOp::Sub : py::BinOp::Add,
                                   std::move(e), std::move(term));
      }
      if (c0 != 0 || !e)
        e = e ? ir::ElemExpr::binary(c0 < 0 ? py::BinOp::Sub : py::BinOp::Add,
                                     std::move(e),
                                     ir::ElemExpr::constant(num(std::abs(c0))))
              : ir::ElemExpr::constant(num(c0));
      if (ins.size() == 1 && c0 == 0 && c[0] == 1)
        return ins[0]->op;
      return mod->create<ir::MapOp>(args, std::move(e));
    }
  }
  std::function<ir::ElemExprPtr(size_t, size_t, size_t)> build =
      [&](size_t level, size_t base, size_t stride) -> ir::ElemExprPtr {
    // level: the input decided next (from the last); base: flat offset.
    if (level == 0) {
      auto t = std::make_shared<ir::LookupTable>();
      t->kind = ir::LookupTable::Kind::Dict;
      for (size_t i = 0; i < doms[0].size(); ++i) {
        t->keys.push_back(doms[0][i]);
        t->values.push_back(outs[base + i]);
      }
      return ir::ElemExpr::lookup(ir::ElemExpr::arg(0), t);
    }
    size_t inner = stride / doms[level].size();
    ir::ElemExprPtr e;
    for (size_t j = doms[level].size(); j-- > 0;) {
      ir::ElemExprPtr sub = build(level - 1, base + j * inner, inner);
      if (!e) {
        e = std::move(sub);
        continue;
      }
      e = ir::ElemExpr::ternary(
          ir::ElemExpr::binary(py::BinOp::Eq, ir::ElemExpr::arg(level),
                               ir::ElemExpr::constant(doms[level][j])),
          std::move(sub), std::move(e));
    }
    return e;
  };
  size_t total = outs.size();
  return mod->create<ir::MapOp>(args, build(ins.size() - 1, 0, total));
}

llvm::Error Decompiler::readMLP(unsigned layer) {
  const model::MLP &mlp = m.layers[layer].mlp;
  Eigen::MatrixXd w1 = mlp.w1.cast<double>(), w2 = mlp.w2.cast<double>();
  Eigen::VectorXd b1 = mlp.b1.cast<double>(), b2 = mlp.b2.cast<double>();
  // Hidden units by the s-op they write.
  std::map<Var *, std::vector<unsigned>> units;
  for (unsigned u = 0; u < w2.rows(); ++u) {
    Var *out = nullptr;
    for (unsigned d = 0; d < cfg.dModel; ++d) {
      // Exactly zero, not within tol: the steps of a discretising MLP can
      // be tiny (x*x between neighbouring means at N = 64: 8e-6), and
      // dropping a pair of them shifts every output below it.
      if (w2(u, d) == 0.0)
        continue;
      Var *v = int(d) == bosDim ? nullptr : dimVar[d];
      // The selector-width MLP also cleans its scratch direction at BOS.
      if (v && llvm::StringRef(v->name).endswith(kWidthSuffix))
        continue;
      if (!v || v->constant || (out && out != v))
        return fail("layer " + llvm::Twine(layer) + " mlp: hidden unit " +
                    llvm::Twine(u) + " writes more than one s-op");
      out = v;
    }
    if (out)
      units[out].push_back(u);
  }
  for (auto &[out, us] : units) {
    if (out->written)
      return fail("s-op '" + out->name + "' is written twice");
    // Inputs.
    std::vector<Var *> ins;
    for (unsigned d = 0; d < cfg.dModel; ++d) {
      if (int(d) == bosDim)
        continue;
      bool reads = false;
      for (unsigned u : us)
        reads |= std::abs(w1(d, u)) > tol;
      if (reads && !dimVar[d]->constant &&
          !llvm::is_contained(ins, dimVar[d]))
        ins.push_back(dimVar[d]);
    }
    for (Var *v : ins)
      if (!v->written)
        return fail("layer " + llvm::Twine(layer) + " mlp reads '" + v->name +
                    "' before anything writes it");
    // A selector width's MLP.
    if (ins.size() == 1 && llvm::StringRef(ins[0]->name).endswith(kWidthSuffix)) {
      std::string target =
          llvm::StringRef(ins[0]->name).drop_back(strlen(kWidthSuffix)).str();
      if (target != out->name || !pendingWidth.count(target))
        return fail("selector-width MLP writes '" + out->name +
                    "', not '" + target + "'");
      out->op = mod->create<ir::SelectorWidthOp>(pendingWidth[target]);
      out->written = true;
      continue;
    }
    std::vector<std::vector<Atom>> doms;
    size_t combos = 1;
    for (Var *v : ins) {
      auto d = domain(*v);
      if (!d)
        return d.takeError();
      doms.push_back(std::move(*d));
      combos *= std::max<size_t>(doms.back().size(), 1);
      if (combos > 4000000)
        return fail("mlp writing '" + out->name + "' has too many inputs");
    }
    std::vector<Atom> outs;
    std::vector<size_t> idx(ins.size(), 0);
    for (size_t c = 0; c < combos; ++c) {
      size_t r = c;
      for (size_t i = 0; i < ins.size(); ++i) {
        idx[i] = r % doms[i].size();
        r /= doms[i].size();
      }
      // The probe's residual is sparse: the constants and one entry per
      // input. Each unit's pre-activation once, over those entries only.
      std::vector<std::pair<unsigned, double>> xs;
      for (auto &[n, v] : vars)
        if (v.constant)
          xs.push_back({v.dims[0], 1.0});
      for (size_t i = 0; i < ins.size(); ++i) {
        Var *v = ins[i];
        if (v->numerical)
          xs.push_back({v->dims[0], doms[i][idx[i]].toDouble()});
        else
          xs.push_back({v->dims[idx[i]], 1.0});
      }
      Eigen::VectorXd o = Eigen::VectorXd::Zero(Eigen::Index(out->dims.size()));
      for (size_t k = 0; k < out->dims.size(); ++k)
        o(Eigen::Index(k)) = b2.size() ? b2(out->dims[k]) : 0.0;
      for (unsigned u : us) {
        double h = b1.size() ? b1(u) : 0.0;
        for (auto &[d, xv] : xs)
          h += xv * w1(d, u);
        if (h > 0)
          for (size_t k = 0; k < out->dims.size(); ++k)
            o(Eigen::Index(k)) += h * w2(u, out->dims[k]);
      }
      double best = -INFINITY;
      size_t arg = 0;
      double val = 0;
      for (size_t k = 0; k < out->dims.size(); ++k) {
        val = o(Eigen::Index(k));
        if (val > best) {
          best = val;
          arg = k;
        }
      }
      outs.push_back(out->numerical ? snapNumber(val) : out->values[arg]);
    }
    out->op = tableMap(ins, doms, outs);
    if (out->numerical)
      out->op->setEncoding(ir::Encoding::Numerical);
    out->written = true;
  }
  return llvm::Error::success();
}

/// One select (or an `or` of selects) whose predicate is \p P[qi][ki] over
/// the values of \p q and \p k (either may be a constant var).
Op *Decompiler::blockSelect(Var *q, Var *k,
                            const std::vector<std::vector<bool>> &P) {
  auto inMap = [&](Var *v, const std::vector<Atom> &set) -> Op * {
    return mod->create<ir::MapOp>(
        llvm::ArrayRef<Op *>{v->op},
        ir::ElemExpr::ternary(ir::ElemExpr::inList(ir::ElemExpr::arg(0), set),
                              ir::ElemExpr::constant(Atom::integer(1)),
                              ir::ElemExpr::constant(Atom::integer(0))));
  };
  auto inMapQ = [&](Var *v, const std::vector<Atom> &set) -> Op * {
    return mod->create<ir::MapOp>(
        llvm::ArrayRef<Op *>{v->op},
        ir::ElemExpr::ternary(ir::ElemExpr::inList(ir::ElemExpr::arg(0), set),
                              ir::ElemExpr::constant(Atom::integer(1)),
                              ir::ElemExpr::constant(Atom::integer(2))));
  };
  if (q->constant) {
    std::vector<Atom> S;
    for (size_t j = 0; j < k->values.size(); ++j)
      if (P[0][j])
        S.push_back(k->values[j]);
    if (S.size() == 1)
      return mod->create<ir::SelectOp>(k->op, constant(S[0]),
                                       ir::Comparison::EQ);
    return mod->create<ir::SelectOp>(inMap(k, S), constant(Atom::integer(1)),
                                     ir::Comparison::EQ);
  }
  if (k->constant) {
    std::vector<Atom> S;
    for (size_t i = 0; i < q->values.size(); ++i)
      if (P[i][0])
        S.push_back(q->values[i]);
    return mod->create<ir::SelectOp>(constant(Atom::integer(1)), inMap(q, S),
                                     ir::Comparison::EQ);
  }
  for (ir::Comparison c :
       {ir::Comparison::EQ, ir::Comparison::LT, ir::Comparison::LEQ,
        ir::Comparison::GT, ir::Comparison::GEQ, ir::Comparison::NEQ}) {
    py::BinOp op = c == ir::Comparison::EQ    ? py::BinOp::Eq
                   : c == ir::Comparison::LT  ? py::BinOp::Lt
                   : c == ir::Comparison::LEQ ? py::BinOp::Le
                   : c == ir::Comparison::GT  ? py::BinOp::Gt
                   : c == ir::Comparison::GEQ ? py::BinOp::Ge
                                              : py::BinOp::Ne;
    bool match = true;
    for (size_t i = 0; i < q->values.size() && match; ++i)
      for (size_t j = 0; j < k->values.size() && match; ++j) {
        Atom r;
        bool v = py::binary(op, k->values[j], q->values[i], r).ok &&
                 py::truthy(r);
        match = v == P[i][j];
      }
    if (match)
      return mod->create<ir::SelectOp>(k->op, q->op, c);
  }
  // General table: an `or` over the distinct rows.
  std::map<std::vector<bool>, std::vector<Atom>> rows;
  for (size_t i = 0; i < q->values.size(); ++i)
    if (llvm::is_contained(P[i], true))
      rows[P[i]].push_back(q->values[i]);
  Op *sel = nullptr;
  for (auto &[row, qs] : rows) {
    std::vector<Atom> ks;
    for (size_t j = 0; j < row.size(); ++j)
      if (row[j])
        ks.push_back(k->values[j]);
    Op *s = mod->create<ir::SelectOp>(inMap(k, ks), inMapQ(q, qs),
                                      ir::Comparison::EQ);
    sel = sel ? mod->create<ir::SelectorLogicOp>(OpKind::SelectorOr,
                                                 llvm::ArrayRef<Op *>{sel, s})
              : s;
  }
  return sel;
}

llvm::Expected<Op *> Decompiler::readSelector(const Eigen::MatrixXd &B,
                                              const Eigen::VectorXd &xb) {
  // Query/key vars with nonzero rows/columns (BOS excluded: it is 0 at
  // every real position).
  std::vector<Var *> qs, ks;
  for (unsigned d = 0; d < cfg.dModel; ++d) {
    if (int(d) == bosDim)
      continue;
    if (B.row(d).cwiseAbs().maxCoeff() > tol &&
        !llvm::is_contained(qs, dimVar[d]))
      qs.push_back(dimVar[d]);
    if (B.col(d).cwiseAbs().maxCoeff() > tol &&
        !llvm::is_contained(ks, dimVar[d]))
      ks.push_back(dimVar[d]);
  }
  for (Var *v : qs)
    if (v->numerical && !v->constant)
      return fail("attention compares the numerical s-op '" + v->name + "'");
  for (Var *v : ks)
    if (v->numerical && !v->constant)
      return fail("attention compares the numerical s-op '" + v->name + "'");
  // The BOS logit of a query: per query var, a constant.
  Eigen::VectorXd bl = B * xb;
  double theta = 0;
  for (auto &[n, v] : vars) {
    if (v.numerical && !v.constant) {
      if (std::abs(bl(v.dims[0])) > tol)
        return fail("attention: the BOS logit depends on the numerical '" +
                    v.name + "'");
      continue;
    }
    double first = bl(v.dims[0]);
    for (unsigned d : v.dims)
      if (std::abs(bl(d) - first) > 1e-3 * (1 + std::abs(first)))
        return fail("attention: the BOS logit depends on the query's '" +
                    v.name + "'");
    theta += first;
  }
  double scale = 1 + B.cwiseAbs().maxCoeff();
  double eps = 1e-3 * scale;
  struct Block {
    Var *q, *k;
    std::vector<std::vector<double>> E;
    double max = -INFINITY, second = -INFINITY;
  };
  std::vector<Block> blocks;
  double sumMax = 0;
  for (Var *q : qs)
    for (Var *k : ks) {
      Block b{q, k, {}};
      b.E.assign(q->dims.size(), std::vector<double>(k->dims.size()));
      bool nz = false;
      for (size_t i = 0; i < q->dims.size(); ++i)
        for (size_t j = 0; j < k->dims.size(); ++j) {
          double e = B(q->dims[i], k->dims[j]);
          b.E[i][j] = e;
          nz |= std::abs(e) > tol;
          b.max = std::max(b.max, e);
        }
      if (!nz)
        continue;
      for (auto &row : b.E)
        for (double e : row)
          if (e < b.max - eps)
            b.second = std::max(b.second, e);
      sumMax += b.max;
      blocks.push_back(std::move(b));
    }
  // Selected iff the logit reaches the BOS logit (minus a margin well below
  // the construction's gap).
  double threshold = theta - 0.1 * std::max(eps, 1.0);
  auto never = [&]() -> Op * {
    Op *i = indices();
    return mod->create<ir::SelectorLogicOp>(
        OpKind::SelectorAnd,
        llvm::ArrayRef<Op *>{
            mod->create<ir::SelectOp>(i, i, ir::Comparison::LT),
            mod->create<ir::SelectOp>(i, i, ir::Comparison::GT)});
  };
  if (sumMax < threshold)
    return never();
  Op *sel = nullptr;
  for (Block &b : blocks) {
    if (b.second == -INFINITY)
      continue; // always at its maximum
    if (sumMax - (b.max - b.second) >= threshold)
      return fail("attention pattern is not an 'and' of comparisons");
    std::vector<std::vector<bool>> P(b.E.size());
    for (size_t i = 0; i < b.E.size(); ++i)
      for (double e : b.E[i])
        P[i].push_back(e >= b.max - eps);
    if (b.q->constant && b.k->constant)
      continue;
    Op *s = blockSelect(b.q, b.k, P);
    sel = sel ? mod->create<ir::SelectorLogicOp>(OpKind::SelectorAnd,
                                                 llvm::ArrayRef<Op *>{sel, s})
              : s;
  }
  if (!sel) {
    Op *i = indices();
    sel = mod->create<ir::SelectorLogicOp>(
        OpKind::SelectorOr,
        llvm::ArrayRef<Op *>{
            mod->create<ir::SelectOp>(i, i, ir::Comparison::LEQ),
            mod->create<ir::SelectOp>(i, i, ir::Comparison::GT)});
  }
  if (cfg.causal) {
    Op *i = indices();
    sel = mod->create<ir::SelectorLogicOp>(
        OpKind::SelectorAnd,
        llvm::ArrayRef<Op *>{
            sel, mod->create<ir::SelectOp>(i, i, ir::Comparison::LEQ)});
  }
  return sel;
}

llvm::Error Decompiler::readHead(unsigned layer, unsigned h,
                                 const Eigen::VectorXd &xb) {
  const model::Attention &a = m.layers[layer].attn;
  unsigned k = cfg.keySize, vs = cfg.valueSize;
  Eigen::MatrixXd wq = a.wq.middleCols(h * k, k).cast<double>();
  Eigen::MatrixXd wk = a.wk.middleCols(h * k, k).cast<double>();
  Eigen::MatrixXd wv = a.wv.middleCols(h * vs, vs).cast<double>();
  Eigen::MatrixXd wo = a.wo.middleRows(h * vs, vs).cast<double>();
  Eigen::MatrixXd OV = wv * wo;
  std::vector<unsigned> outDims = writtenDims(OV, /*rows=*/false);
  if (outDims.empty())
    return llvm::Error::success(); // an unused head slot
  Var *out = dimVar[outDims[0]];
  for (unsigned d : outDims)
    if (int(d) == bosDim || dimVar[d] != out || out->constant)
      return fail("layer " + llvm::Twine(layer) + " head " + llvm::Twine(h) +
                  " writes more than one s-op");
  if (out->written)
    return fail("s-op '" + out->name + "' is written twice");
  Eigen::MatrixXd B = double(cfg.attnScale) * wq * wk.transpose();
  auto sel = readSelector(B, xb);
  if (!sel)
    return sel.takeError();
  if (llvm::StringRef(out->name).endswith(kWidthSuffix)) {
    std::string target =
        llvm::StringRef(out->name).drop_back(strlen(kWidthSuffix)).str();
    pendingWidth[target] = *sel;
    out->written = true;
    return llvm::Error::success();
  }
  // Values: the s-op the head reads (BOS excluded).
  Var *in = nullptr;
  for (unsigned d = 0; d < cfg.dModel; ++d) {
    if (int(d) == bosDim || OV.row(d).cwiseAbs().maxCoeff() <= tol)
      continue;
    if (in && in != dimVar[d])
      return fail("layer " + llvm::Twine(layer) + " head " + llvm::Twine(h) +
                  " reads more than one s-op");
    in = dimVar[d];
  }
  auto decode = [&](const Eigen::RowVectorXd &row) -> Atom {
    if (out->numerical)
      return snapNumber(row(out->dims[0]));
    size_t arg = 0;
    for (size_t i = 1; i < out->dims.size(); ++i)
      if (row(out->dims[i]) > row(out->dims[arg]))
        arg = i;
    return out->values[arg];
  };
  Atom dflt = decode(xb.transpose() * OV);
  Op *valueOp;
  if (!in) {
    valueOp = tableMap({}, {}, {dflt});
  } else {
    if (!in->written)
      return fail("layer " + llvm::Twine(layer) + " head reads '" + in->name +
                  "' before anything writes it");
    auto dom = domain(*in);
    if (!dom)
      return dom.takeError();
    std::vector<Atom> outs;
    for (size_t i = 0; i < dom->size(); ++i) {
      Eigen::RowVectorXd x = Eigen::RowVectorXd::Zero(cfg.dModel);
      if (in->numerical)
        x(in->dims[0]) = (*dom)[i].toDouble();
      else
        x(in->dims[i]) = 1;
      outs.push_back(decode(x * OV));
    }
    if (in->constant)
      valueOp = tableMap({}, {}, outs);
    else
      valueOp = tableMap({in}, {*dom}, outs);
  }
  out->op = mod->create<ir::AggregateOp>(*sel, valueOp, dflt);
  if (out->numerical)
    out->op->setEncoding(ir::Encoding::Numerical);
  out->written = true;
  return llvm::Error::success();
}

llvm::Expected<DecompiledProgram> Decompiler::run() {
  if (llvm::Error e = m.verify())
    return e;
  if (llvm::Error e = readLabels())
    return e;
  if (llvm::Error e = readEmbeddings())
    return e;
  Eigen::VectorXd xb = (m.tokenEmbed.row(cfg.bosId) + m.posEmbed.row(0))
                           .transpose()
                           .cast<double>();
  for (unsigned l = 0; l < cfg.numLayers; ++l) {
    const model::Layer &L = m.layers[l];
    if (L.attn.isPresent()) {
      if (L.attn.hasBias() &&
          ((L.attn.bq.size() && L.attn.bq.cwiseAbs().maxCoeff() > tol) ||
           (L.attn.bk.size() && L.attn.bk.cwiseAbs().maxCoeff() > tol)))
        return fail("attention biases are not produced by rasp-compile");
      for (unsigned h = 0; h < cfg.numHeads; ++h)
        if (llvm::Error e = readHead(l, h, xb))
          return e;
      // BOS attends to itself.
      Eigen::VectorXd v = (xb.transpose() * L.attn.wv.cast<double>()).transpose();
      if (L.attn.bv.size())
        v += L.attn.bv.cast<double>();
      Eigen::VectorXd o = (v.transpose() * L.attn.wo.cast<double>()).transpose();
      if (L.attn.bo.size())
        o += L.attn.bo.cast<double>();
      xb += o;
    }
    if (L.mlp.isPresent()) {
      if (llvm::Error e = readMLP(l))
        return e;
      Eigen::VectorXd h = (xb.transpose() * L.mlp.w1.cast<double>()).transpose() +
                          L.mlp.b1.cast<double>();
      h = h.cwiseMax(0.0);
      xb += (h.transpose() * L.mlp.w2.cast<double>()).transpose() +
            L.mlp.b2.cast<double>();
    }
  }
  Var &out = vars[cfg.outputName];
  if (!out.op)
    return fail("nothing computes the output s-op '" + cfg.outputName + "'");
  DecompiledProgram p;
  p.output = out.op;
  p.outputName = cfg.outputName;
  p.vocab = vocab;
  p.maxSeqLen = cfg.maxSeqLen;
  p.names = names;
  p.module = std::move(mod);
  std::string err = ir::verify({p.output});
  if (!err.empty())
    return fail("internal error: decompiled IR: " + err);
  return p;
}

//===----------------------------------------------------------------------===//
// Printing
//===----------------------------------------------------------------------===//

/// A RASP string literal (double quotes only).
std::string quote(llvm::StringRef s) {
  std::string r = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\')
      r += '\\';
    r += c;
  }
  return r + "\"";
}

std::string atomText(const Atom &a) {
  if (a.getKind() == Atom::Kind::Str)
    return quote(a.getStr());
  std::string s = py::repr(a);
  if (a.isNumber() && !s.empty() && s[0] == '-')
    return "(" + s + ")";
  return s;
}

std::string exprText(const ir::ElemExpr &e,
                     const std::vector<std::string> &args) {
  using K = ir::ElemExpr::Kind;
  switch (e.getKind()) {
  case K::Arg:
    return args[e.getArgIndex()];
  case K::Const:
    return atomText(e.getConst());
  case K::Ternary:
    return "(" + exprText(e.getChild(1), args) + " if " +
           exprText(e.getChild(0), args) + " else " +
           exprText(e.getChild(2), args) + ")";
  case K::Binary:
    return "(" + exprText(e.getChild(0), args) + " " +
           py::spelling(e.getBinOp()) + " " + exprText(e.getChild(1), args) +
           ")";
  case K::InList: {
    std::string s = "(" + exprText(e.getChild(0), args) + " in [";
    for (size_t i = 0; i < e.getList().size(); ++i)
      s += (i ? ", " : "") + atomText(e.getList()[i]);
    return s + "])";
  }
  case K::Lookup: {
    const ir::LookupTable &t = e.getTable();
    std::string s = "{";
    for (size_t i = 0; i < t.keys.size(); ++i)
      s += (i ? ", " : "") + atomText(t.keys[i]) + ": " +
           atomText(t.values[i]);
    return s + "}[" + exprText(e.getChild(0), args) + "]";
  }
  default:
    return "<unsupported>";
  }
}

} // namespace

llvm::Expected<DecompiledProgram>
rasp::decompile::decompileModel(const model::Model &model) {
  return Decompiler(model).run();
}

void rasp::decompile::printRasp(const DecompiledProgram &prog,
                                llvm::raw_ostream &os) {
  os << "# Decompiled by rasp-decompile: vocabulary {";
  for (size_t i = 0; i < prog.vocab.size(); ++i)
    os << (i ? ", " : "") << prog.vocab[i];
  os << "}, max-seq-len " << prog.maxSeqLen << ".\n";
  if (!prog.vocab.empty())
    os << "set example [" << quote(prog.vocab[0]) << "]\n";
  std::map<const Op *, std::string> name = prog.names;
  std::vector<Op *> ops = ir::collectDependencies({prog.output});
  for (Op *op : ops) {
    if (name.count(op))
      continue;
    std::string n = (op->isSelector() ? "s" : "v") + std::to_string(op->getId());
    name[op] = n;
    std::string rhs;
    auto nm = [&](unsigned i) { return name[op->getOperand(i)]; };
    switch (op->getKind()) {
    case OpKind::Constant:
      name[op] = atomText(llvm::cast<ir::ConstantOp>(op)->getValue());
      continue;
    case OpKind::Map:
    case OpKind::SequenceMap: {
      std::vector<std::string> args;
      for (unsigned i = 0; i < op->getNumOperands(); ++i)
        args.push_back(nm(i));
      rhs = exprText(llvm::cast<ir::MapOp>(op)->getFunction(), args);
      break;
    }
    case OpKind::Select: {
      static const char *cmp[] = {"==", "<", "<=", ">", ">=", "!="};
      auto c = llvm::cast<ir::SelectOp>(op)->getComparison();
      rhs = "select(" + nm(0) + ", " + nm(1) + ", " + cmp[unsigned(c)] + ")";
      break;
    }
    case OpKind::SelectorAnd:
      rhs = nm(0) + " and " + nm(1);
      break;
    case OpKind::SelectorOr:
      rhs = nm(0) + " or " + nm(1);
      break;
    case OpKind::SelectorNot:
      rhs = "not " + nm(0);
      break;
    case OpKind::Aggregate:
      rhs = "aggregate(" + nm(0) + ", " + nm(1) + ", " +
            atomText(llvm::cast<ir::AggregateOp>(op)->getDefault()) + ")";
      break;
    case OpKind::SelectorWidth:
      rhs = "selector_width(" + nm(0) + ")";
      break;
    default:
      rhs = "<unsupported>";
    }
    os << n << " = " << rhs << ";\n";
  }
  os << prog.outputName << " = " << name[prog.output];
  // An input needs an s-op of its own to be named.
  if (const auto *t = llvm::dyn_cast<ir::TokensOp>(prog.output))
    os << (t->getConv() == ir::TokensConv::Str ? " + \"\"" : " + 0");
  else if (llvm::isa<ir::IndicesOp>(prog.output))
    os << " + 0";
  os << ";\n";
}
