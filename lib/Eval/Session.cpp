//===- Session.cpp - The RASP meta-language elaborator and REPL -----------===//
//
// The elaborator follows the reference interpreter's evaluation rules step
// by step, because its observable behaviour (what is printed, which error
// wins, what is named how) depends on them:
//
//  1. Every expression whose value is an s-op or selector is evaluated once
//     on the running example right after it is built (the "eager check");
//     a failure aborts the statement.
//  2. Every evaluated expression also becomes the variable `out`.
//  3. Assignment renames the s-op/selector object it binds.
//  4. Statements print through one display routine, in the reference's exact
//     format; inside `load`, prints are buffered and filtered.
//
// Errors inside this file are C++ exceptions (EvalException) thrown where the
// reference raises and caught at the statement boundary; they never leave the
// Eval library.
//
//===----------------------------------------------------------------------===//

#include "rasp/Eval/Session.h"

#include "StdLib.h"
#include "Value.h"

#include "rasp/Parse/Parser.h"
#include "rasp/Support/Diagnostics.h"
#include "rasp/Support/PercentFormat.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/ConvertUTF.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <functional>
#include <fstream>
#include <sstream>

using namespace rasp;
using namespace rasp::eval;
using llvm::cast;
using llvm::dyn_cast;
using llvm::isa;
using rasp::ir::ElemExprPtr;

namespace rasp {
namespace eval {

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

namespace {
/// How the reference reports an error.
enum class ErrKind {
  Ignoring,       ///< "\t\t!!ignoring input:\n\t MSG" (RASP errors)
  NotImplemented, ///< "not implemented this command yet! ignoring"
  Python,         ///< "something went wrong: MSG"
};

struct EvalException {
  ErrKind kind;
  std::string message;
  llvm::SMLoc loc;
  /// True for RASPTypeError (display reports it specially).
  bool isTypeError = false;
};
} // namespace

[[noreturn]] static void raise(ErrKind kind, std::string msg,
                               bool isTypeError = false) {
  throw EvalException{kind, std::move(msg), llvm::SMLoc(), isTypeError};
}
[[noreturn]] static void raiseType(std::string msg) {
  raise(ErrKind::Ignoring, std::move(msg), /*isTypeError=*/true);
}
[[noreturn]] static void raisePython(std::string msg) {
  raise(ErrKind::Python, std::move(msg));
}
[[noreturn]] static void raiseFromInterp(const interp::EvalError &e) {
  switch (e.kind) {
  case interp::EvalError::Kind::RaspType:
    raiseType(e.message);
  case interp::EvalError::Kind::RaspValue:
    raise(ErrKind::Ignoring, e.message);
  case interp::EvalError::Kind::Python:
    raisePython(e.message);
  }
  llvm_unreachable("unknown error kind");
}

//===----------------------------------------------------------------------===//
// Environments
//===----------------------------------------------------------------------===//

static const char *const kBuiltinConstants[] = {
    "tokens_asis", "tokens_str", "tokens_int", "tokens_bool",
    "tokens_float", "indices", "True", "False"};
static const char *const kBaseReserved[] = {
    "if", "else", "not", "and", "or", "out", "def",
    "return", "range", "for", "in", "zip", "len", "get"};

class Env {
public:
  Env(std::string name, EnvPtr parent, EnvPtr stealing,
      const llvm::StringMap<Value> *builtins)
      : name(std::move(name)), parent(std::move(parent)),
        stealing(std::move(stealing)), builtins(builtins) {}

  std::string name;
  EnvPtr parent;
  EnvPtr stealing;
  const llvm::StringMap<Value> *builtins;
  llvm::StringMap<Value> constants;
  llvm::StringMap<Value> vars;
  llvm::StringSet<> extraReserved;
  bool storingInConstants = false;

  const Value *lookup(llvm::StringRef n) const {
    for (const Env *e = this; e; e = e->parent.get()) {
      auto b = e->builtins->find(n);
      if (b != e->builtins->end())
        return &b->second;
      auto c = e->constants.find(n);
      if (c != e->constants.end())
        return &c->second;
      auto v = e->vars.find(n);
      if (v != e->vars.end())
        return &v->second;
    }
    return nullptr;
  }

  bool isReserved(llvm::StringRef n) const {
    for (const char *r : kBaseReserved)
      if (n == r)
        return true;
    if (builtins->count(n))
      return true;
    return extraReserved.count(n);
  }

  void set(const std::string &n, const Value &v) {
    if (isReserved(n))
      raise(ErrKind::Ignoring, "Error: Cannot set reserved name: " + n);
    if (storingInConstants) {
      constants[n] = v;
      extraReserved.insert(n);
    } else {
      vars[n] = v;
    }
    if (stealing) {
      if (llvm::StringRef(n).startswith("_") || n == "out")
        return;
      stealing->set(n, v);
    }
  }

  void setOut(const Value &v) { vars["out"] = v; }
};

//===----------------------------------------------------------------------===//
// Printing values the way Python does
//===----------------------------------------------------------------------===//

static std::string objectStr(const OpObject &o, bool selector) {
  return std::string(selector ? "UnfinishedSelect" : "UnfinishedSequence") +
         " object, name: " + o.name + " id: " + std::to_string(o.creationId);
}

static std::string funcStr(const Function &f) {
  return f.creator + " function: " + f.name + "(" +
         llvm::join(f.params, ", ") + ")";
}

static std::string pyRepr(const Value &v);

/// str() of an atom, failing as Python 3.11 does on an int of more than
/// 4300 digits.
static std::string atomStr(const Atom &a) {
  if (!a.isBigInt())
    return py::str(a);
  std::string s;
  py::Status st = py::toStr(a, s);
  if (!st.ok)
    raisePython(st.message);
  return s;
}

/// Python's str(v).
static std::string pyStr(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Atom:
    return atomStr(v.atom);
  case Value::Kind::SOp:
    return objectStr(*v.obj, false);
  case Value::Kind::Selector:
    return objectStr(*v.obj, true);
  case Value::Kind::Function:
    return funcStr(*v.fn);
  default:
    return pyRepr(v);
  }
}

static std::string seqStr(const interp::Sequence &seq);

/// A made-up CPython-like address for `p`: numbered in order of first
/// appearance, so the same object prints the same and runs are repeatable.
static std::string fakeAddress(const void *p) {
  static thread_local llvm::DenseMap<const void *, uint64_t> seen;
  auto it = seen.try_emplace(p, seen.size()).first;
  char buf[32];
  snprintf(buf, sizeof buf, "0x%llx",
           (unsigned long long)(0x7f3a1c200000ULL + 0x60ULL * it->second));
  return buf;
}

/// Python's repr(v).
static std::string pyRepr(const Value &v) {
  switch (v.kind) {
  case Value::Kind::None:
    return "None";
  case Value::Kind::Atom:
    return v.atom.isStr() ? py::repr(v.atom) : atomStr(v.atom);
  case Value::Kind::List: {
    std::string s = "[";
    for (size_t i = 0; i < v.list->size(); ++i) {
      if (i)
        s += ", ";
      s += pyRepr((*v.list)[i]);
    }
    return s + "]";
  }
  case Value::Kind::Dict: {
    std::string s = "{";
    for (size_t i = 0; i < v.dict->keys.size(); ++i) {
      if (i)
        s += ", ";
      s += pyRepr(Value::ofAtom(v.dict->keys[i])) + ": " + pyRepr(v.dict->values[i]);
    }
    return s + "}";
  }
  // Python's default repr names the class and the object's address; ours
  // are made up, but stable and the same for the same object.
  case Value::Kind::SOp:
    return "<RASP_support.FunctionalSupport.UnfinishedSequence object at " +
           fakeAddress(v.obj.get()) + ">";
  case Value::Kind::Selector:
    return "<RASP_support.FunctionalSupport.UnfinishedSelect object at " +
           fakeAddress(v.obj.get()) + ">";
  case Value::Kind::Function:
    return "<RASP_support.Evaluator.RASPFunction object at " +
           fakeAddress(v.fn.get()) + ">";
  case Value::Kind::Applied:
    return "<applied value>";
  }
  return "?";
}

/// The reference deep-copies a list or dict indexed by an s-op; a function
/// inside it (at any depth) drags the REPL's output stream along, which
/// Python cannot copy.
static void failIfHoldsFunction(const Value &v) {
  if (v.isFunction())
    raisePython("cannot pickle '_io.TextIOWrapper' object");
  if (v.isList())
    for (const Value &e : *v.list)
      failIfHoldsFunction(e);
  if (v.isDict())
    for (const Value &e : v.dict->values)
      failIfHoldsFunction(e);
}

/// Python's len() of a UTF-8 string: its number of code points.
static size_t pyLen(llvm::StringRef s) {
  size_t n = 0;
  for (unsigned char c : s)
    n += (c & 0xC0) != 0x80;
  return n;
}

/// The reference's strdesc: s-ops by name, strings double-quoted.
static std::string strdesc(const Value &v, int cap = -1) {
  switch (v.kind) {
  case Value::Kind::SOp:
  case Value::Kind::Selector:
    return v.obj->name;
  case Value::Kind::List: {
    std::string s = "[";
    for (size_t i = 0; i < v.list->size(); ++i) {
      if (i)
        s += ", ";
      s += strdesc((*v.list)[i]);
    }
    s += "]";
    if (cap >= 0 && (int)pyLen(s) > cap)
      return "(list)";
    return s;
  }
  case Value::Kind::Dict: {
    std::string s = "{";
    for (size_t i = 0; i < v.dict->keys.size(); ++i) {
      if (i)
        s += ", ";
      s += strdesc(Value::ofAtom(v.dict->keys[i])) + ": " +
           strdesc(v.dict->values[i]);
    }
    s += "}";
    if (cap >= 0 && (int)pyLen(s) > cap)
      return "(dict)";
    return s;
  }
  case Value::Kind::Atom:
    if (v.atom.isStr())
      return "\"" + v.atom.getStr() + "\"";
    return atomStr(v.atom);
  default:
    return pyStr(v);
  }
}

/// The reference's formatstr: strings in double quotes, the rest str().
static std::string formatstr(const Value &v) {
  if (v.isAtom() && v.atom.isStr())
    return "\"" + v.atom.getStr() + "\"";
  return pyStr(v);
}

static std::string smallStr(const Atom &a) {
  if (a.isFloat())
    return py::reprFloat(py::round3(a.getFloat()));
  if (a.isBool())
    return a.getBool() ? "T" : "F";
  return atomStr(a);
}

static std::string seqStr(const interp::Sequence &seq) {
  const auto &vals = seq.values;
  bool same = vals.size() > 1 && llvm::all_of(vals, [&](const Atom &a) {
                return py::equals(a, vals[0]);
              });
  std::string res;
  if (same) {
    res = "[" + smallStr(vals[0]) + "]*" + std::to_string(vals.size());
  } else {
    res = "[";
    for (size_t i = 0; i < vals.size(); ++i) {
      if (i)
        res += ", ";
      res += smallStr(vals[i]);
    }
    res += "]";
  }
  return res + " (" + interp::getSeqTypeName(seq.type) + "s)";
}

//===----------------------------------------------------------------------===//
// SessionImpl
//===----------------------------------------------------------------------===//

/// One buffered print of a `load` (the reference's results_to_print).
struct PendingPrint {
  enum class Kind { Named, Example, Just, Text } kind;
  std::string name;
  Value value;
  ast::ExampleSubset subset = ast::ExampleSubset::Both;
  std::string text;
};

/// A statement's printable result (the reference's ResultToPrint).
struct StmtResult {
  enum class Kind { Nothing, Named, Just, Example } kind = Kind::Nothing;
  std::string name;
  Value value;
  ast::ExampleSubset subset = ast::ExampleSubset::Both;
  bool print = true;
};

struct ExitRequest {};

class SessionImpl {
public:
  SessionImpl(llvm::raw_ostream &out, llvm::SourceMgr &sm,
              const SessionOptions &options)
      : out(out), sm(sm), recursionLimit(options.recursionLimit),
        maxListSize(options.maxListSize),
        maxInputLength(options.maxInputLength) {
    parseOptions.maxNesting = options.maxNesting;
  }
  ~SessionImpl() { releaseFunctions(); }
  SessionImpl(const SessionImpl &) = delete;
  SessionImpl &operator=(const SessionImpl &) = delete;

  llvm::raw_ostream &out;
  llvm::SourceMgr &sm;
  ir::Module module;

  llvm::StringMap<Value> builtins;
  EnvPtr console;
  EnvPtr baseEnv;
  Value seqExample, selExample;
  bool fullSeqDisplay = false;
  bool showSeqExamples = true, showSelExamples = true;
  bool silent = false;
  std::vector<PendingPrint> pending;
  bool storePrints = false; ///< inside a load
  unsigned creationCounter = 100;
  /// Creation ids the reference's library selector_width spends beyond
  /// the one of its result; 0 while our library defines `length` (the
  /// start-up calibration counts the reference's own `length` instead).
  unsigned selectorWidthExtraIds = 0;
  unsigned pyDepth = 0;               ///< emulated Python frames (PyFrames)
  // The session's limits, from its SessionOptions.
  const unsigned recursionLimit;
  const uint64_t maxListSize;
  const unsigned maxInputLength;
  ParseOptions parseOptions;             ///< its maxNesting
  DiagnosticEngine *fileDiags = nullptr; ///< set while running a file

  /// The reference's per-object result cache: Unfinished.call returns its
  /// last result when the new input == the last one by Python equality
  /// ([1.0, 2.0] == [1, 2]), and a call computes every ancestor first, each
  /// through the same cache. The input each op was last computed on, with
  /// its result.
  struct LastCall {
    Value input;
    std::shared_ptr<const interp::Sequence> seq;
    std::shared_ptr<const interp::SelectorMatrix> sel;
  };
  llvm::DenseMap<const ir::Op *, LastCall> lastCalls;
  /// The reference's input node caches the same way: an input == the last
  /// one it was called on yields that last one, which every op computed
  /// then reads (tokens on [1, 2] after indices on [1.0, 2] shows 1.0).
  Value lastInput;
  bool haveLastInput = false;

  /// Every function a `def` made. A function holds its defining Env, and
  /// that Env (or one below it) usually holds the function: a shared_ptr
  /// cycle. ~SessionImpl breaks every cycle by dropping the Envs of the
  /// functions still alive, so a session frees everything it made.
  std::vector<std::weak_ptr<Function>> userFunctions;
  void rememberFunction(const std::shared_ptr<Function> &f) {
    // Forget dead functions now and then, so that a long session that
    // defines functions in a loop keeps this list proportional to the
    // live ones.
    if (userFunctions.size() >= 64 &&
        userFunctions.size() == userFunctions.capacity())
      userFunctions.erase(
          std::remove_if(userFunctions.begin(), userFunctions.end(),
                         [](const std::weak_ptr<Function> &w) {
                           return w.expired();
                         }),
          userFunctions.end());
    userFunctions.push_back(f);
  }
  void releaseFunctions() {
    // Moving each Env out before it is destroyed: destroying an Env can
    // destroy other functions of the list, which are then just expired.
    for (auto &w : userFunctions)
      if (auto f = w.lock()) {
        EnvPtr env = std::move(f->env);
        f.reset();
        env.reset();
      }
    userFunctions.clear();
  }

  /// Keeps every parsed chunk alive (functions point into their ASTs).
  std::vector<std::shared_ptr<ast::StmtList>> chunks;

  /// Draws `draw` statements (issue 6); may be empty.
  DrawHook drawHook;
  /// The object last made for each op, by op id (for names in drawings;
  /// kept alive so that unnamed intermediate s-ops keep their names).
  std::vector<std::shared_ptr<OpObject>> objectOfOp;

  void init(const SessionOptions &options);
  EnvPtr snapshot(const EnvPtr &env);

  // Objects.
  Value makeObj(ir::Op *op, std::string name);
  std::string opName(const ir::Op *op) const {
    if (op->getId() < objectOfOp.size())
      if (const auto &obj = objectOfOp[op->getId()])
        return obj->name;
    return "";
  }
  static void setName(OpObject &o, bool selector, std::string name) {
    if (pyLen(name) > 30)
      name = selector ? "sel" : "s-op";
    o.name = std::move(name);
  }

  // Examples and evaluation on inputs.
  bool isIterable(const Value &v) const {
    return (v.isAtom() && v.atom.isStr()) || v.isList() || v.isDict();
  }
  std::vector<interp::InputItem> toInput(const Value &example);
  void checkInputLength(const Value &input, const char *what);
  Value applyTo(const Value &unf, const Value &input);
  void checkOn(const Value &unf, const Value &example);

  // Statements and expressions.
  struct Ctx {
    EnvPtr env;
    Value seqExample;
    std::optional<Value> backup;
  };
  StmtResult execStmt(const ast::Stmt &s, Ctx &ctx);
  StmtResult execReplCommand(const ast::Stmt &s);
  Value evalExpr(const ast::Expr &e, Ctx &ctx);
  Value evalExprImpl(const ast::Expr &e, Ctx &ctx, bool &isApplication);
  Value finish(Ctx &ctx, Value res);
  std::string exprName(const ast::Expr &e);

  Value evalUnary(const ast::UnaryExpr &e, Ctx &ctx);
  Value evalBinary(const ast::BinaryExpr &e, Ctx &ctx);
  Value evalSelect(const ast::SelectExpr &e, Ctx &ctx);
  Value evalTernary(const ast::TernaryExpr &e, Ctx &ctx);
  Value evalAggregate(const ast::AggregateExpr &e, Ctx &ctx);
  Value evalIndex(const ast::IndexExpr &e, Ctx &ctx);
  /// range() with an argument beyond 64 bits (Python allows any int).
  Value bigRange(const std::vector<Value> &args);
  Value evalCall(const ast::CallExpr &e, Ctx &ctx, bool &isApplication);
  Value evalIn(const ast::InExpr &e, Ctx &ctx);
  Value callFunction(const Function &f, std::vector<Value> args, Ctx &ctx);
  void bindIterators(Ctx &ctx, llvm::ArrayRef<std::string> names,
                     const Value &vals);
  std::vector<Value> iterate(const Value &v);
  Atom dictKey(const ast::Expr &e, Ctx &ctx);

  // s-op building blocks.
  Value toSeq(const Value &v);
  Value zipmap(std::vector<Value> sops, ir::ElemExprPtr fn, std::string name);
  Value sopBinary(py::BinOp op, const Value &l, const Value &r,
                  const char *opName);
  Value atomBinary(py::BinOp op, const Value &l, const Value &r);

  // Display.
  void printResult(const StmtResult &r);
  void printNamed(const std::string *name, const Value &v, int ntabs = 0,
                  const std::string &extraFirst = "");
  void printJust(const Value &v);
  void printExample(ast::ExampleSubset subset);
  void printSelect(const Value &example, const interp::SelectorMatrix &m,
                   const std::string &extraPref);
  void printSeqVerbose(const Value &example, const interp::Sequence &seq,
                       bool stillOnPrevLine, const std::string &extraPref,
                       const std::string &lastPrefIfShort);
  void emitText(const std::string &text); ///< immediate or buffered
  void reportError(const EvalException &e);

  // Reading and running.
  struct Reader {
    virtual ~Reader() = default;
    /// Returns false at end of input.
    virtual bool read(bool continuing, unsigned nestDepth, std::string &line,
                      unsigned &lineNo) = 0;
    virtual bool fromFile() const = 0;
  };
  enum class TreeStatus { Stmt, End, Error };
  TreeStatus getTree(Reader &reader, ast::StmtList &stmts, bool printErrors,
                     std::string &errorText, llvm::SMLoc &errorLoc,
                     const std::string &bufferName);
  void runLoop(Reader &reader, EnvPtr env, const std::string &bufferName);
  void loadFile(const std::string &path, EnvPtr callingEnv);
  void flushPending();
  bool assignedToTop(const StmtResult &r, const EnvPtr &env) const;
};

} // namespace eval
} // namespace rasp

namespace {
/// The reference is a Python program with Python's recursion limit (1000
/// frames by default). To fail where it fails ("maximum recursion depth
/// exceeded"), the elaborator counts the Python frames the reference would
/// have on its stack: PyFrames pushes `count` of them for its scope. The
/// count also bounds our own native recursion.
struct PyFrames {
  unsigned &depth;
  unsigned count;
  PyFrames(SessionImpl &s, unsigned count);
  ~PyFrames() { depth -= count; }
};
inline PyFrames::PyFrames(SessionImpl &s, unsigned count)
    : depth(s.pyDepth), count(count) {
  depth += count;
  if (depth > s.recursionLimit) {
    depth -= count;
    this->count = 0;
    raisePython("maximum recursion depth exceeded");
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Set-up
//===----------------------------------------------------------------------===//

Value SessionImpl::makeObj(ir::Op *op, std::string name) {
  Value v;
  v.kind = op->isSelector() ? Value::Kind::Selector : Value::Kind::SOp;
  v.obj = std::make_shared<OpObject>();
  v.obj->op = op;
  v.obj->creationId = ++creationCounter;
  setName(*v.obj, op->isSelector(), std::move(name));
  if (objectOfOp.size() <= op->getId())
    objectOfOp.resize(op->getId() + 1);
  objectOfOp[op->getId()] = v.obj;
  return v;
}

EnvPtr SessionImpl::snapshot(const EnvPtr &env) {
  auto res = std::make_shared<Env>(env->name, env->parent, env->stealing,
                                   &builtins);
  res->constants = env->constants;
  res->vars = env->vars;
  return res;
}

void SessionImpl::init(const SessionOptions &options) {
  // The reference numbers its objects in creation order: the input is 1,
  // then indices and the tokens_* s-ops.
  creationCounter = 1;
  drawHook = options.drawHook;
  auto addTokens = [&](const char *name, ir::TokensConv conv) {
    builtins[name] = makeObj(module.create<ir::TokensOp>(conv), name);
  };
  builtins["indices"] = makeObj(module.create<ir::IndicesOp>(), "indices");
  addTokens("tokens_str", ir::TokensConv::Str);
  addTokens("tokens_int", ir::TokensConv::Int);
  addTokens("tokens_float", ir::TokensConv::Float);
  addTokens("tokens_bool", ir::TokensConv::Bool);
  addTokens("tokens_asis", ir::TokensConv::AsIs);
  creationCounter = 19; // calibrated: the reference numbers `length` 27
  builtins["True"] = Value::ofAtom(Atom::boolean(true));
  builtins["False"] = Value::ofAtom(Atom::boolean(false));

  if (options.encodingAnnotations) {
    for (const char *name : {"numerical", "categorical"}) {
      auto fn = std::make_shared<Function>();
      fn->name = name;
      fn->params = {"sop"};
      fn->creator = "builtin";
      ir::Encoding enc = llvm::StringRef(name) == "numerical"
                             ? ir::Encoding::Numerical
                             : ir::Encoding::Categorical;
      std::string fname = name;
      fn->builtin = [enc, fname](std::vector<Value> &args) -> Value {
        if (!args[0].isSOp())
          raiseType(fname + " expects an s-op, got: " + strdesc(args[0]));
        args[0].obj->op->setEncoding(enc);
        return args[0];
      };
      Value v;
      v.kind = Value::Kind::Function;
      v.fn = fn;
      builtins[name] = v;
    }
  }
  seqExample = selExample = Value::ofAtom(Atom::string("hello"));
  console = std::make_shared<Env>("console", nullptr, nullptr, &builtins);
  baseEnv = snapshot(console);

  // Load the standard library silently, its names becoming constants.
  silent = true;
  console->storingInConstants = true;
  {
    auto libEnv = std::make_shared<Env>("RASP_support/rasplib", baseEnv,
                                        console, &builtins);
    auto intrinsic = std::make_shared<Function>();
    intrinsic->name = "__selector_width";
    intrinsic->params = {"sel"};
    intrinsic->creator = "RASP_support/rasplib";
    intrinsic->builtin = [this](std::vector<Value> &args) -> Value {
      if (!args[0].isSelector())
        raiseType("Cannot apply and/or between selector and non-selector");
      ir::Op *op = module.create<ir::SelectorWidthOp>(args[0].obj->op);
      // The reference's library body creates 29 objects (two selects, an
      // and, an or, seven zipmaps/aggregates and a constant); makeObj
      // counts the last.
      creationCounter += selectorWidthExtraIds;
      return makeObj(op, "s-op");
    };
    Value iv;
    iv.kind = Value::Kind::Function;
    iv.fn = intrinsic;
    libEnv->vars["__selector_width"] = iv;

    struct StringReader : Reader {
      std::vector<std::string> lines;
      size_t next = 0;
      bool read(bool, unsigned, std::string &line, unsigned &lineNo) override {
        if (next >= lines.size())
          return false;
        lineNo = next + 1;
        line = lines[next++];
        return true;
      }
      bool fromFile() const override { return true; }
    } reader;
    llvm::SmallVector<llvm::StringRef, 128> lines;
    llvm::StringRef(getStdLibSource()).split(lines, '\n');
    for (llvm::StringRef l : lines)
      reader.lines.push_back(l.str() + "\n");
    bool prevStore = storePrints;
    storePrints = true;
    runLoop(reader, libEnv, "rasplib.rasp");
    pending.clear();
    selectorWidthExtraIds = 28;
    storePrints = prevStore;
    baseEnv = snapshot(console);
  }
  console->storingInConstants = false;
  // tokens = tokens_str;
  console->set("tokens", builtins["tokens_str"]);
  console->setOut(builtins["tokens_str"]);
  builtins["tokens_str"].obj->name = "tokens";
  baseEnv = snapshot(console);
  silent = false;
}

//===----------------------------------------------------------------------===//
// Inputs and applications
//===----------------------------------------------------------------------===//

static std::vector<std::string> splitCodePoints(const std::string &s) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = s[i];
    size_t len = 1;
    if (c >= 0xF0)
      len = 4;
    else if (c >= 0xE0)
      len = 3;
    else if (c >= 0xC0)
      len = 2;
    len = std::min(len, s.size() - i);
    out.push_back(s.substr(i, len));
    i += len;
  }
  return out;
}

static std::string pyTypeName(const Value &v);

std::vector<interp::InputItem> SessionImpl::toInput(const Value &example) {
  std::vector<interp::InputItem> items;
  auto addValue = [&](const Value &v) {
    if (v.isAtom()) {
      items.push_back(interp::InputItem::of(v.atom));
      return;
    }
    interp::InputItem item;
    item.isAtom = false;
    item.strText = pyStr(v);
    item.reprText = pyRepr(v);
    item.typeName = pyTypeName(v);
    items.push_back(std::move(item));
  };
  if (example.isAtom() && example.atom.isStr()) {
    for (std::string &c : splitCodePoints(example.atom.getStr()))
      items.push_back(interp::InputItem::of(Atom::string(std::move(c))));
  } else if (example.isList()) {
    for (const Value &v : *example.list)
      addValue(v);
  } else if (example.isDict()) {
    // The reference keeps the dict itself and reads position i as
    // example[i]: the value under a key equal to i, else a KeyError.
    // The conversions iterate it (its keys).
    const auto &keys = example.dict->keys;
    for (size_t i = 0; i < keys.size(); ++i) {
      Atom pos = Atom::integer(int64_t(i));
      auto it = llvm::find_if(
          keys, [&](const Atom &k) { return py::equals(k, pos); });
      auto at = std::make_shared<interp::InputItem>();
      if (it != keys.end()) {
        addValue(example.dict->values[it - keys.begin()]);
        *at = std::move(items.back());
        items.pop_back();
      } else {
        at->keyError = std::to_string(i);
      }
      items.push_back(interp::InputItem::of(keys[i]));
      items.back().byPosition = std::move(at);
    }
  }
  return items;
}

/// Raises an error if \p input (an iterable) has more tokens than
/// maxInputLength: the one place every input of an evaluation passes
/// (applyTo; `set example` checks early). \p what names it in the message.
void SessionImpl::checkInputLength(const Value &input, const char *what) {
  size_t tokens = 0;
  if (input.isAtom() && input.atom.isStr()) {
    for (char c : input.atom.getStr())
      tokens += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  } else if (input.isList()) {
    tokens = input.list->size();
  } else if (input.isDict()) {
    tokens = input.dict->keys.size();
  }
  if (tokens <= maxInputLength)
    return;
  raise(ErrKind::Ignoring, std::string(what) + " too long: " +
                               std::to_string(tokens) +
                               " tokens, over the limit of " +
                               std::to_string(maxInputLength) +
                               " (raise it with --max-input-length)");
}

static bool valuesEqual(const Value &a, const Value &b);

/// Evaluates unf on example (the reference's Unfinished.call), raising the
/// reference's errors.
Value SessionImpl::applyTo(const Value &unf, const Value &example) {
  bool empty = (example.isAtom() && example.atom.isStr() &&
                example.atom.getStr().empty()) ||
               (example.isList() && example.list->empty()) ||
               (example.isDict() && example.dict->keys.empty());
  if (!isIterable(example) || empty)
    raiseType("RASP sequences/selectors expect non-empty iterables, got: " +
              pyStr(example));
  checkInputLength(example, "input");
  // Every op this one depends on, in creation order (the reference calls
  // them all before the op itself).
  const ir::Op *top = unf.obj->op;
  std::vector<const ir::Op *> ancestors;
  {
    llvm::DenseSet<const ir::Op *> seen;
    std::vector<const ir::Op *> work{top};
    while (!work.empty()) {
      const ir::Op *cur = work.back();
      work.pop_back();
      if (!seen.insert(cur).second)
        continue;
      ancestors.push_back(cur);
      for (const ir::Op *o : cur->getOperands())
        work.push_back(o);
    }
    llvm::sort(ancestors, [](const ir::Op *a, const ir::Op *b) {
      return a->getId() < b->getId();
    });
  }
  auto cachedFor = [&](const ir::Op *a) -> const LastCall * {
    auto it = lastCalls.find(a);
    if (it == lastCalls.end() || !valuesEqual(it->second.input, example))
      return nullptr;
    return &it->second;
  };
  auto res = std::make_shared<Applied>();
  res->input = example;
  interp::EvalError err;
  if (const LastCall *hit = cachedFor(top)) {
    res->isSelector = unf.isSelector();
    if (hit->sel)
      res->sel = *hit->sel;
    else
      res->seq = *hit->seq;
    Value v;
    v.kind = Value::Kind::Applied;
    v.applied = std::move(res);
    return v;
  }
  // The ancestors with a cached result for an equal input keep it; the
  // others are computed (from those) and remember this input.
  if (!haveLastInput || !valuesEqual(lastInput, example)) {
    lastInput = example;
    haveLastInput = true;
  }
  const Value &source = lastInput;
  interp::Interpreter in(toInput(source));
  std::vector<const ir::Op *> computed;
  for (const ir::Op *a : ancestors) {
    if (a == top)
      break;
    if (const LastCall *hit = cachedFor(a)) {
      if (hit->sel)
        in.seed(a, *hit->sel);
      else
        in.seed(a, *hit->seq);
      continue;
    }
    bool isSel = isa<ir::SelectOp>(a) || isa<ir::SelectorLogicOp>(a);
    bool ok = isSel ? in.evalSelector(a, err) != nullptr
                    : in.evalSOp(a, err) != nullptr;
    if (!ok)
      raiseFromInterp(err);
    computed.push_back(a);
  }
  auto remember = [&] {
    for (const ir::Op *a : computed) {
      LastCall &lc = lastCalls[a];
      lc.input = example;
      interp::EvalError ignored;
      bool isSel = isa<ir::SelectOp>(a) || isa<ir::SelectorLogicOp>(a);
      lc.seq = nullptr;
      lc.sel = nullptr;
      if (isSel)
        lc.sel = std::make_shared<interp::SelectorMatrix>(
            *in.evalSelector(a, ignored));
      else
        lc.seq = std::make_shared<interp::Sequence>(*in.evalSOp(a, ignored));
    }
    LastCall &lc = lastCalls[top];
    lc.input = example;
    lc.seq = nullptr;
    lc.sel = nullptr;
    if (res->isSelector)
      lc.sel = std::make_shared<interp::SelectorMatrix>(res->sel);
    else
      lc.seq = std::make_shared<interp::Sequence>(res->seq);
  };
  if (unf.isSelector()) {
    const interp::SelectorMatrix *m = in.evalSelector(unf.obj->op, err);
    if (!m)
      raiseFromInterp(err);
    res->isSelector = true;
    res->sel = *m;
  } else if (source.isDict() && isa<ir::TokensOp>(unf.obj->op) &&
             cast<ir::TokensOp>(unf.obj->op)->getConv() ==
                 ir::TokensConv::AsIs) {
    // The input s-op applied to a dict is the dict itself, which iterates
    // as its keys (other s-ops read it by position, see toInput). Not
    // cached: s-ops computed from it must still read it by position.
    res->seq.values = source.dict->keys;
    res->seq.type = interp::SeqType::Int;
    interp::EvalError typeErr;
    if (!interp::classifySequence(res->seq.values, res->seq.type, typeErr,
                                  /*asList=*/true))
      raiseFromInterp(typeErr);
    Value v;
    v.kind = Value::Kind::Applied;
    v.applied = std::move(res);
    return v;
  } else {
    const interp::Sequence *s = in.evalSOp(unf.obj->op, err);
    if (!s)
      raiseFromInterp(err);
    res->seq = *s;
  }
  remember();
  Value v;
  v.kind = Value::Kind::Applied;
  v.applied = std::move(res);
  return v;
}

void SessionImpl::checkOn(const Value &unf, const Value &example) {
  if (!unf.isUnfinished())
    return;
  applyTo(unf, example);
}

//===----------------------------------------------------------------------===//
// s-op construction
//===----------------------------------------------------------------------===//

static std::string quickName(const Value &v) {
  if (v.isUnfinished())
    return v.obj->name;
  return pyStr(v);
}

/// The Python class name of a value, as the reference's messages print it.
static std::string pyTypeName(const Value &v) {
  switch (v.kind) {
  case Value::Kind::Atom:
    return py::typeName(v.atom);
  case Value::Kind::List:
    return "list";
  case Value::Kind::Dict:
    return "dict";
  case Value::Kind::SOp:
    return "UnfinishedSequence";
  case Value::Kind::Selector:
    return "UnfinishedSelect";
  case Value::Kind::Function:
    return "RASPFunction";
  case Value::Kind::None:
    return "NoneType";
  case Value::Kind::Applied:
    return "JustVal";
  }
  return "object";
}

/// An element-function constant for a non-s-op value.
static ir::ElemExprPtr constElem(const Value &v) {
  if (v.isAtom())
    return ir::ElemExpr::constant(v.atom);
  return ir::ElemExpr::opaque(pyTypeName(v), pyRepr(v));
}

Value SessionImpl::toSeq(const Value &v) {
  if (v.isSOp())
    return v;
  ir::Op *op;
  if (v.isAtom())
    op = module.create<ir::ConstantOp>(v.atom);
  else
    op = module.create<ir::MapOp>(
        llvm::ArrayRef<ir::Op *>{module.create<ir::IndicesOp>()},
        constElem(v));
  ++creationCounter;
  return makeObj(op, pyStr(v));
}

Value SessionImpl::zipmap(std::vector<Value> sops, ir::ElemExprPtr fn,
                          std::string name) {
  llvm::SmallVector<ir::Op *, 3> args;
  for (const Value &s : sops)
    args.push_back(s.obj->op);
  ir::Op *op;
  if (args.empty())
    op = module.create<ir::MapOp>(
        llvm::ArrayRef<ir::Op *>{module.create<ir::IndicesOp>()},
        std::move(fn));
  else
    op = module.create<ir::MapOp>(args, std::move(fn));
  ++creationCounter;
  return makeObj(op, std::move(name));
}

/// `l OP r` where at least one side is an s-op. Follows Python's operator
/// dispatch: a reflected comparison swaps sides and mirrors the operator.
Value SessionImpl::sopBinary(py::BinOp op, const Value &l, const Value &r,
                             const char *opName) {
  using ir::ElemExpr;
  if (l.isSOp() && r.isSOp()) {
    auto fn = ElemExpr::binary(op, ElemExpr::arg(0), ElemExpr::arg(1));
    return zipmap({l, r}, std::move(fn),
                  "( " + l.obj->name + " " + opName + " " + r.obj->name +
                      " )");
  }
  if (l.isSOp()) {
    auto fn = ElemExpr::binary(op, ElemExpr::arg(0), constElem(r));
    return zipmap({l}, std::move(fn),
                  "( " + l.obj->name + " " + opName + " " + quickName(r) +
                      " )");
  }
  // Atom on the left: comparisons are reflected onto the s-op.
  py::BinOp mirrored = op;
  const char *mirroredName = opName;
  bool isCompare = true;
  switch (op) {
  case py::BinOp::Lt:
    mirrored = py::BinOp::Gt, mirroredName = ">";
    break;
  case py::BinOp::Gt:
    mirrored = py::BinOp::Lt, mirroredName = "<";
    break;
  case py::BinOp::Le:
    mirrored = py::BinOp::Ge, mirroredName = ">=";
    break;
  case py::BinOp::Ge:
    mirrored = py::BinOp::Le, mirroredName = "<=";
    break;
  case py::BinOp::Eq:
  case py::BinOp::Ne:
    break;
  default:
    isCompare = false;
  }
  if (isCompare) {
    auto fn = ElemExpr::binary(mirrored, ElemExpr::arg(0), constElem(l));
    return zipmap({r}, std::move(fn),
                  "( " + r.obj->name + " " + mirroredName + " " +
                      quickName(l) + " )");
  }
  auto fn = ElemExpr::binary(op, constElem(l), ElemExpr::arg(0));
  return zipmap({r}, std::move(fn),
                "( " + quickName(l) + " " + opName + " " + r.obj->name + " )");
}

static bool valuesEqual(const Value &a, const Value &b);

/// Python's `x is y or x == y` for the items of two lists or dicts: an
/// s-op's `==` makes another s-op, which is truthy, so an s-op item equals
/// anything (Python falls back to the s-op's reflected `==` when the other
/// side is a selector, function...). Selectors and functions keep Python's
/// default `==`, identity: `[sel1] < [sel2]` goes on to compare the two
/// selectors with `<` and raises, as in the reference.
static bool itemsEqual(const Value &a, const Value &b) {
  return a.isSOp() || b.isSOp() || valuesEqual(a, b);
}

/// `l OP r` on non-s-op values: Python semantics on atoms, lists and
/// strings.
Value SessionImpl::atomBinary(py::BinOp op, const Value &l, const Value &r) {
  if (l.isAtom() && r.isAtom()) {
    Atom res;
    py::Status st = py::binary(op, l.atom, r.atom, res);
    if (!st.ok)
      raisePython(st.message);
    return Value::ofAtom(res);
  }
  if (op == py::BinOp::Eq)
    return Value::ofAtom(Atom::boolean(valuesEqual(l, r)));
  if (op == py::BinOp::Ne)
    return Value::ofAtom(Atom::boolean(!valuesEqual(l, r)));
  if (op == py::BinOp::Mod && l.isAtom() && l.atom.isStr()) {
    // printf-style formatting with a list, dict, function... operand; a
    // list or dict counts as a mapping, as in Python.
    std::function<py::FormatArg(const Value &)> argOf =
        [&](const Value &v) {
          py::FormatArg f;
          if (v.isAtom()) {
            f.atom = &v.atom;
            return f;
          }
          f.str = pyStr(v);
          f.repr = pyRepr(v);
          f.type = pyTypeName(v);
          f.mapping = v.isList() || v.isDict();
          f.lookup = [&v, &argOf](llvm::StringRef key, py::FormatArg &out) {
            if (v.isList())
              return py::Status::error(
                  "list indices must be integers or slices, not str");
            for (size_t i = 0; i < v.dict->keys.size(); ++i)
              if (v.dict->keys[i].isStr() && v.dict->keys[i].getStr() == key) {
                out = argOf(v.dict->values[i]);
                return py::Status::success();
              }
            return py::Status::error(py::reprString(key));
          };
          return f;
        };
    std::string text;
    py::Status st = py::formatPercent(l.atom.getStr(), argOf(r), text);
    if (!st.ok)
      raisePython(st.message);
    return Value::ofAtom(Atom::string(std::move(text)));
  }
  if (op == py::BinOp::Add && l.isList() && r.isList()) {
    std::vector<Value> items(*l.list);
    items.insert(items.end(), r.list->begin(), r.list->end());
    return Value::ofList(std::move(items));
  }
  if (op == py::BinOp::Add && l.isList())
    raisePython("can only concatenate list (not \"" + pyTypeName(r) +
                "\") to list");
  if (op == py::BinOp::Add && l.isAtom() && l.atom.isStr())
    raisePython("can only concatenate str (not \"" + pyTypeName(r) +
                "\") to str");
  auto isSequence = [](const Value &v) {
    return v.isList() || (v.isAtom() && v.atom.isStr());
  };
  if (op == py::BinOp::Mul && (isSequence(l) || isSequence(r))) {
    // Python repeats the left operand when it is a sequence (str, list),
    // else the right one; the other operand must be an int.
    const Value &count = isSequence(l) ? r : l;
    if (!count.isAtom() || !count.atom.isIntLike())
      raisePython("can't multiply sequence by non-int of type '" +
                  pyTypeName(count) + "'");
  }
  if (op == py::BinOp::Mul && (l.isList() || r.isList())) {
    const Value &lst = l.isList() ? l : r;
    const Value &n = l.isList() ? r : l;
    if (!n.isAtom() || !n.atom.isIntLike())
      raisePython("can't multiply sequence by non-int of type '" +
                  pyTypeName(n) + "'");
    if (n.atom.isBigInt())
      raisePython("cannot fit 'int' into an index-sized integer");
    int64_t times = n.atom.getInt();
    if (times > 0 && lst.list->size() * (__int128)times > maxListSize)
      raisePython("list too large (the limit is " +
                  std::to_string(maxListSize) + " elements)");
    std::vector<Value> items;
    for (int64_t k = 0; k < times; ++k)
      items.insert(items.end(), lst.list->begin(), lst.list->end());
    return Value::ofList(std::move(items));
  }
  if (l.isList() && r.isList() &&
      (op == py::BinOp::Lt || op == py::BinOp::Gt || op == py::BinOp::Le ||
       op == py::BinOp::Ge)) {
    // Python compares lists lexicographically: the first unequal pair
    // decides, else the lengths.
    const auto &a = *l.list, &b = *r.list;
    for (size_t i = 0; i < a.size() && i < b.size(); ++i)
      if (!itemsEqual(a[i], b[i]))
        return atomBinary(op, a[i], b[i]);
    return atomBinary(op, Value::ofAtom(Atom::integer(a.size())),
                      Value::ofAtom(Atom::integer(b.size())));
  }
  switch (op) {
  case py::BinOp::Lt:
  case py::BinOp::Gt:
  case py::BinOp::Le:
  case py::BinOp::Ge:
    raisePython(std::string("'") + py::spelling(op) +
                "' not supported between instances of '" + pyTypeName(l) +
                "' and '" + pyTypeName(r) + "'");
  default:
    raisePython(std::string("unsupported operand type(s) for ") +
                py::spelling(op) + ": '" + pyTypeName(l) + "' and '" +
                pyTypeName(r) + "'");
  }
}

static bool valuesEqual(const Value &a, const Value &b) {
  if (a.kind != b.kind)
    return false;
  switch (a.kind) {
  case Value::Kind::None:
    return true;
  case Value::Kind::Atom:
    return py::equals(a.atom, b.atom);
  case Value::Kind::List:
    if (a.list->size() != b.list->size())
      return false;
    for (size_t i = 0; i < a.list->size(); ++i)
      if (!itemsEqual((*a.list)[i], (*b.list)[i]))
        return false;
    return true;
  case Value::Kind::Dict:
    if (a.dict->keys.size() != b.dict->keys.size())
      return false;
    for (size_t i = 0; i < a.dict->keys.size(); ++i) {
      bool found = false;
      for (size_t j = 0; j < b.dict->keys.size(); ++j)
        if (py::equals(a.dict->keys[i], b.dict->keys[j])) {
          found = itemsEqual(a.dict->values[i], b.dict->values[j]);
          break;
        }
      if (!found)
        return false;
    }
    return true;
  case Value::Kind::Function:
    return a.fn == b.fn;
  case Value::Kind::SOp:
  case Value::Kind::Selector:
    return a.obj == b.obj;
  case Value::Kind::Applied:
    return a.applied == b.applied;
  }
  return false;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

static const ast::Expr &stripParens(const ast::Expr &e) {
  const ast::Expr *cur = &e;
  while (auto *p = dyn_cast<ast::ParenExpr>(cur))
    cur = &p->getInner();
  return *cur;
}

std::string SessionImpl::exprName(const ast::Expr &e) {
  if (auto *n = dyn_cast<ast::NameExpr>(&stripParens(e)))
    return n->getName().str();
  return "out";
}


Value SessionImpl::evalExpr(const ast::Expr &outer, Ctx &ctx) {
  const ast::Expr &e = stripParens(outer);
  bool isApplication = false;
  Value res;
  try {
    PyFrames evaluateExprFrame(*this, 1);
    unsigned helper = 0;
    switch (e.getKind()) {
    case ast::Expr::Kind::Binary:
    case ast::Expr::Kind::Unary:
    case ast::Expr::Kind::Ternary:
    case ast::Expr::Kind::Aggregate:
    case ast::Expr::Kind::Select:
    case ast::Expr::Kind::Index:
    case ast::Expr::Kind::In:
    case ast::Expr::Kind::Len:
    case ast::Expr::Kind::IntLit:
    case ast::Expr::Kind::FloatLit:
    case ast::Expr::Kind::StringLit:
      helper = 1; // _evaluateBinaryExpr, _evaluateStandalone, ...
      break;
    case ast::Expr::Kind::List:
    case ast::Expr::Kind::Dict:
    case ast::Expr::Kind::ListComp:
    case ast::Expr::Kind::DictComp:
    case ast::Expr::Kind::Zip:
      helper = 2; // _evaluateList + its comprehension, ...
      break;
    case ast::Expr::Kind::Range:
      helper = 3; // _evaluateRange, evaluateExprsList, comprehension
      break;
    default:
      break;
    }
    {
      PyFrames helperFrames(*this, helper);
      res = evalExprImpl(e, ctx, isApplication);
    }
    // Elementwise ops are made deep in the evaluator without a location;
    // a new one gets the location of the expression that made it, so that
    // later diagnostics (e.g. rasp-compile's value-set limit) point at it.
    if (res.isSOp() && res.obj && res.obj->op &&
        !res.obj->op->getLoc().isValid() && isa<ir::MapOp>(res.obj->op))
      res.obj->op->setLoc(e.getLoc());
    PyFrames formatReturn(*this, 2); // format_return, _test_res
    // The eager check of every new s-op / selector.
    if (res.isUnfinished())
      checkOn(res, ctx.backup ? *ctx.backup : ctx.seqExample);
  } catch (EvalException &ex) {
    if (!ex.loc.isValid())
      ex.loc = e.getLoc();
    throw;
  }
  if (!isApplication)
    ctx.env->setOut(res);
  return res;
}

Value SessionImpl::evalExprImpl(const ast::Expr &e, Ctx &ctx,
                                bool &isApplication) {
  switch (e.getKind()) {
  case ast::Expr::Kind::Paren:
    return evalExpr(cast<ast::ParenExpr>(e).getInner(), ctx);
  case ast::Expr::Kind::Name: {
    llvm::StringRef name = cast<ast::NameExpr>(e).getName();
    const Value *v = ctx.env->lookup(name);
    if (!v)
      raise(ErrKind::Ignoring, "Error: Undefined variable: " + name.str());
    return *v;
  }
  case ast::Expr::Kind::IntLit: {
    Atom v;
    py::Status st =
        py::parseIntLiteral(cast<ast::IntLitExpr>(e).getDigits(), v);
    if (!st.ok)
      raisePython(st.message);
    return Value::ofAtom(std::move(v));
  }
  case ast::Expr::Kind::FloatLit:
    return Value::ofAtom(Atom::real(cast<ast::FloatLitExpr>(e).getValue()));
  case ast::Expr::Kind::StringLit:
    return Value::ofAtom(
        Atom::string(cast<ast::StringLitExpr>(e).getValue().str()));
  case ast::Expr::Kind::Unary:
    return evalUnary(cast<ast::UnaryExpr>(e), ctx);
  case ast::Expr::Kind::Binary:
    return evalBinary(cast<ast::BinaryExpr>(e), ctx);
  case ast::Expr::Kind::Select:
    return evalSelect(cast<ast::SelectExpr>(e), ctx);
  case ast::Expr::Kind::Ternary:
    return evalTernary(cast<ast::TernaryExpr>(e), ctx);
  case ast::Expr::Kind::Aggregate:
    return evalAggregate(cast<ast::AggregateExpr>(e), ctx);
  case ast::Expr::Kind::Index:
    return evalIndex(cast<ast::IndexExpr>(e), ctx);
  case ast::Expr::Kind::Call:
    return evalCall(cast<ast::CallExpr>(e), ctx, isApplication);
  case ast::Expr::Kind::In:
    return evalIn(cast<ast::InExpr>(e), ctx);
  case ast::Expr::Kind::List: {
    std::vector<Value> items;
    for (const auto &item : cast<ast::ListExpr>(e).getItems())
      items.push_back(evalExpr(*item, ctx));
    return Value::ofList(std::move(items));
  }
  case ast::Expr::Kind::Dict: {
    auto d = std::make_shared<DictData>();
    for (const auto &entry : cast<ast::DictExpr>(e).getEntries()) {
      Atom key = dictKey(*entry.key, ctx);
      d->set(key, evalExpr(*entry.value, ctx));
    }
    Value v;
    v.kind = Value::Kind::Dict;
    v.dict = d;
    return v;
  }
  case ast::Expr::Kind::Range: {
    std::vector<Value> vals;
    for (const auto &a : cast<ast::RangeExpr>(e).getArgs())
      vals.push_back(evalExpr(*a, ctx));
    if (vals.empty() || vals.size() > 3)
      raiseType("wrong number of inputs to range, expected: 1, 2, or 3, "
                "got: " +
                std::to_string(vals.size()));
    for (const Value &v : vals)
      if (!v.isAtom() || !v.atom.isIntLike())
        raiseType("range expects all integer inputs, but got: " +
                  strdesc(Value::ofList(vals)));
    if (llvm::any_of(vals, [](const Value &v) { return v.atom.isBigInt(); }))
      return bigRange(vals);
    int64_t start = 0, stop, step = 1;
    if (vals.size() == 1) {
      stop = vals[0].atom.getInt();
    } else {
      start = vals[0].atom.getInt();
      stop = vals[1].atom.getInt();
      if (vals.size() == 3)
        step = vals[2].atom.getInt();
    }
    if (step == 0)
      raisePython("range() arg 3 must not be zero");
    // The number of elements, computed before allocating anything.
    __int128 span = step > 0 ? (__int128)stop - start : (__int128)start - stop;
    __int128 mag = step > 0 ? (__int128)step : -(__int128)step;
    __int128 count = span <= 0 ? 0 : (span + mag - 1) / mag;
    if (count > (__int128)maxListSize)
      raisePython("range too large (limit " + std::to_string(maxListSize) +
                  " elements)");
    std::vector<Value> items;
    items.reserve((size_t)count);
    for (__int128 k = 0; k < count; ++k)
      items.push_back(
          Value::ofAtom(Atom::integer((int64_t)(start + k * (__int128)step))));
    return Value::ofList(std::move(items));
  }
  case ast::Expr::Kind::Zip: {
    std::vector<Value> lists;
    for (const auto &a : cast<ast::ZipExpr>(e).getArgs())
      lists.push_back(evalExpr(*a, ctx));
    for (size_t i = 0; i < lists.size(); ++i)
      if (!lists[i].isList())
        raiseType("attempting to zip lists, but " + std::to_string(i + 1) +
                  " -th element is not list: " + strdesc(lists[i]));
    size_t n = lists[0].list->size();
    for (size_t i = 0; i < lists.size(); ++i)
      if (lists[i].list->size() != n)
        raiseType("attempting to zip lists of length " + std::to_string(n) +
                  " , but " + std::to_string(i + 1) + " -th list has length " +
                  std::to_string(lists[i].list->size()));
    std::vector<Value> rows;
    for (size_t k = 0; k < n; ++k) {
      std::vector<Value> row;
      for (const Value &l : lists)
        row.push_back((*l.list)[k]);
      rows.push_back(Value::ofList(std::move(row)));
    }
    return Value::ofList(std::move(rows));
  }
  case ast::Expr::Kind::Len: {
    Value v = evalExpr(cast<ast::LenExpr>(e).getOperand(), ctx);
    if (!v.isList())
      raiseType("attempting to compute length of non-list: " + strdesc(v));
    return Value::ofAtom(Atom::integer(v.list->size()));
  }
  case ast::Expr::Kind::ListComp: {
    const auto &lc = cast<ast::ListCompExpr>(e);
    Value src = evalExpr(lc.getIterable(), ctx);
    if (!src.isList() && !src.isDict())
      raiseType("list comprehension should have got a list or dict to loop "
                "over, but got: " +
                pyStr(src));
    std::vector<Value> items;
    for (const Value &vals : iterate(src)) {
      Ctx inner = ctx;
      inner.env = std::make_shared<Env>(ctx.env->name + "'", ctx.env,
                                        nullptr, &builtins);
      bindIterators(inner, lc.getNames(), vals);
      items.push_back(evalExpr(lc.getValue(), inner));
    }
    return Value::ofList(std::move(items));
  }
  case ast::Expr::Kind::DictComp: {
    const auto &dc = cast<ast::DictCompExpr>(e);
    Value src = evalExpr(dc.getIterable(), ctx);
    if (!src.isList() && !src.isDict())
      raiseType("dict comprehension should have got a list or dict to loop "
                "over, but got: " +
                pyStr(src));
    auto d = std::make_shared<DictData>();
    for (const Value &vals : iterate(src)) {
      Ctx inner = ctx;
      inner.env = std::make_shared<Env>(ctx.env->name + "'", ctx.env,
                                        nullptr, &builtins);
      bindIterators(inner, dc.getNames(), vals);
      Atom key = dictKey(dc.getKey(), inner);
      d->set(key, evalExpr(dc.getValue(), inner));
    }
    Value v;
    v.kind = Value::Kind::Dict;
    v.dict = d;
    return v;
  }
  }
  raise(ErrKind::NotImplemented, "");
}

Atom SessionImpl::dictKey(const ast::Expr &e, Ctx &ctx) {
  Value v = evalExpr(e, ctx);
  if (!v.isAtom() || v.atom.isComplex())
    raiseType("dictionary keys can only be atoms, but instead got: " +
              strdesc(v));
  return v.atom;
}

std::vector<Value> SessionImpl::iterate(const Value &v) {
  std::vector<Value> out;
  if (v.isList())
    return *v.list;
  if (v.isDict()) {
    for (const Atom &k : v.dict->keys)
      out.push_back(Value::ofAtom(k));
    return out;
  }
  if (v.isAtom() && v.atom.isStr())
    for (std::string &c : splitCodePoints(v.atom.getStr()))
      out.push_back(Value::ofAtom(Atom::string(std::move(c))));
  return out;
}

void SessionImpl::bindIterators(Ctx &ctx, llvm::ArrayRef<std::string> names,
                                const Value &vals) {
  if (names.size() == 1) {
    ctx.env->set(names[0], vals);
    return;
  }
  if (!isIterable(vals))
    raiseType("iterating with multiple iterator names, but got single "
              "iterator value: " +
              pyStr(vals));
  std::vector<Value> items = iterate(vals);
  if (items.size() != names.size())
    raiseType("iterating with " + std::to_string(names.size()) +
              " names but got " + std::to_string(items.size()) +
              " values ( " + pyStr(vals) + " )");
  for (size_t i = 0; i < names.size(); ++i)
    ctx.env->set(names[i], items[i]);
}

Value SessionImpl::evalUnary(const ast::UnaryExpr &e, Ctx &ctx) {
  using ir::ElemExpr;
  Value v = evalExpr(e.getOperand(), ctx);
  switch (e.getOp()) {
  case ast::UnaryOp::Not: {
    if (v.isSOp()) {
      // The reference builds `not s` from two zipmaps (to bool, then
      // == False): two more creation ids than one zipmap.
      creationCounter += 2;
      return zipmap({v}, ElemExpr::unary(py::UnOp::Not, ElemExpr::arg(0)),
                    "( not " + v.obj->name + " )");
    }
    if (v.isSelector()) {
      // The reference re-selects over the same queries and keys: two tuple
      // objects and the selector.
      creationCounter += 2;
      return makeObj(module.create<ir::SelectorLogicOp>(
                         ir::OpKind::SelectorNot,
                         llvm::ArrayRef<ir::Op *>{v.obj->op}),
                     "plain select");
    }
    bool t = true;
    if (v.isAtom())
      t = py::truthy(v.atom);
    else if (v.isList())
      t = !v.list->empty();
    else if (v.isDict())
      t = !v.dict->keys.empty();
    return Value::ofAtom(Atom::boolean(!t));
  }
  case ast::UnaryOp::Neg:
  case ast::UnaryOp::Plus:
  case ast::UnaryOp::Round: {
    py::UnOp op = e.getOp() == ast::UnaryOp::Neg    ? py::UnOp::Neg
                  : e.getOp() == ast::UnaryOp::Plus ? py::UnOp::Pos
                                                    : py::UnOp::Round;
    const char *name = e.getOp() == ast::UnaryOp::Neg    ? "-"
                       : e.getOp() == ast::UnaryOp::Plus ? "+"
                                                         : "round";
    if (v.isSOp())
      return zipmap({v}, ElemExpr::unary(op, ElemExpr::arg(0)),
                    std::string("( ") + name + " " + v.obj->name + " )");
    if (v.isAtom()) {
      Atom out;
      py::Status st = py::unary(op, v.atom, out);
      if (!st.ok)
        raisePython(st.message);
      return Value::ofAtom(out);
    }
    if (op == py::UnOp::Round)
      raisePython("type " + pyTypeName(v) + " doesn't define __round__ method");
    raisePython(std::string("bad operand type for unary ") + name + ": '" +
                pyTypeName(v) + "'");
  }
  case ast::UnaryOp::Indicator:
    if (v.isSOp())
      return zipmap({v},
                    ElemExpr::unary(py::UnOp::Indicator, ElemExpr::arg(0)),
                    "I(" + v.obj->name + ")");
    raiseType("indicator operator expects s-op, got: " + pyStr(v));
  }
  llvm_unreachable("unknown unary op");
}

static py::BinOp toPyOp(ast::BinaryOp op) {
  switch (op) {
  case ast::BinaryOp::Pow:
    return py::BinOp::Pow;
  case ast::BinaryOp::Mul:
    return py::BinOp::Mul;
  case ast::BinaryOp::Div:
    return py::BinOp::Div;
  case ast::BinaryOp::Mod:
    return py::BinOp::Mod;
  case ast::BinaryOp::Add:
    return py::BinOp::Add;
  case ast::BinaryOp::Sub:
    return py::BinOp::Sub;
  case ast::BinaryOp::Eq:
    return py::BinOp::Eq;
  case ast::BinaryOp::Le:
    return py::BinOp::Le;
  case ast::BinaryOp::Ge:
    return py::BinOp::Ge;
  case ast::BinaryOp::Gt:
    return py::BinOp::Gt;
  case ast::BinaryOp::Lt:
    return py::BinOp::Lt;
  case ast::BinaryOp::And:
  case ast::BinaryOp::Or:
    break;
  }
  llvm_unreachable("logical ops have no Python operator");
}

static const char *sourceSpelling(ast::BinaryOp op) {
  switch (op) {
  case ast::BinaryOp::Pow:
    return "^";
  case ast::BinaryOp::Mul:
    return "*";
  case ast::BinaryOp::Div:
    return "/";
  case ast::BinaryOp::Mod:
    return "%";
  case ast::BinaryOp::Add:
    return "+";
  case ast::BinaryOp::Sub:
    return "-";
  case ast::BinaryOp::Eq:
    return "==";
  case ast::BinaryOp::Le:
    return "<=";
  case ast::BinaryOp::Ge:
    return ">=";
  case ast::BinaryOp::Gt:
    return ">";
  case ast::BinaryOp::Lt:
    return "<";
  case ast::BinaryOp::And:
    return "and";
  case ast::BinaryOp::Or:
    return "or";
  }
  return "?";
}

Value SessionImpl::evalBinary(const ast::BinaryExpr &e, Ctx &ctx) {
  using ir::ElemExpr;
  Value l = evalExpr(e.getLHS(), ctx);
  Value r = evalExpr(e.getRHS(), ctx);
  ast::BinaryOp op = e.getOp();
  bool hasSeq = l.isSOp() || r.isSOp();
  bool hasSel = l.isSelector() || r.isSelector();
  if (op == ast::BinaryOp::And || op == ast::BinaryOp::Or) {
    bool isAnd = op == ast::BinaryOp::And;
    if (hasSeq) {
      if (hasSel)
        raiseType("Cannot apply and/or between selector and non-selector");
      std::vector<Value> args;
      ElemExprPtr lhs, rhs;
      if (l.isSOp()) {
        lhs = ElemExpr::arg(args.size());
        args.push_back(l);
      } else {
        lhs = constElem(l);
      }
      if (r.isSOp()) {
        rhs = ElemExpr::arg(args.size());
        args.push_back(r);
      } else {
        rhs = constElem(r);
      }
      // The reference computes `(1 * bool(l)) + (1 * bool(r)) == 2` (or
      // `>= 1`): five zipmaps before the last, plus a constant s-op for
      // each atom operand, two creation ids each.
      creationCounter += 10 + 2 * (2 - args.size());
      return zipmap(std::move(args),
                    ElemExpr::logical(isAnd, std::move(lhs), std::move(rhs)),
                    "( " + quickName(l) + (isAnd ? " and " : " or ") +
                        quickName(r) + ")");
    }
    if (hasSel) {
      if (!(l.isSelector() && r.isSelector()))
        raiseType("Cannot apply and/or between selector and non-selector");
      creationCounter += 2; // a new select: two tuples and the selector
      return makeObj(module.create<ir::SelectorLogicOp>(
                         isAnd ? ir::OpKind::SelectorAnd
                               : ir::OpKind::SelectorOr,
                         llvm::ArrayRef<ir::Op *>{l.obj->op, r.obj->op}),
                     "plain select");
    }
    // Python's `and`/`or` on plain values return an operand.
    auto truthy = [](const Value &v) {
      if (v.isAtom())
        return py::truthy(v.atom);
      if (v.isList())
        return !v.list->empty();
      if (v.isDict())
        return !v.dict->keys.empty();
      return v.kind != Value::Kind::None;
    };
    if (isAnd)
      return truthy(l) ? r : l;
    return truthy(l) ? l : r;
  }
  if (hasSel)
    raiseType(std::string("Cannot apply ") + sourceSpelling(op) +
              " to selector(s)");
  py::BinOp pop = toPyOp(op);
  if (hasSeq)
    return sopBinary(pop, l, r,
                     op == ast::BinaryOp::Pow ? "pow" : sourceSpelling(op));
  return atomBinary(pop, l, r);
}

Value SessionImpl::evalSelect(const ast::SelectExpr &e, Ctx &ctx) {
  Value keys = toSeq(evalExpr(e.getKeys(), ctx));
  Value queries = toSeq(evalExpr(e.getQueries(), ctx));
  ir::Comparison cmp = ir::Comparison::EQ;
  switch (e.getCmp()) {
  case ast::SelectCmp::Eq:
    cmp = ir::Comparison::EQ;
    break;
  case ast::SelectCmp::Ne:
    cmp = ir::Comparison::NEQ;
    break;
  case ast::SelectCmp::Lt:
    cmp = ir::Comparison::LT;
    break;
  case ast::SelectCmp::Gt:
    cmp = ir::Comparison::GT;
    break;
  case ast::SelectCmp::Le:
    cmp = ir::Comparison::LEQ;
    break;
  case ast::SelectCmp::Ge:
    cmp = ir::Comparison::GEQ;
    break;
  }
  ir::Op *op =
      module.create<ir::SelectOp>(keys.obj->op, queries.obj->op, cmp,
                                  e.getLoc());
  creationCounter += 2;
  return makeObj(op, "plain select");
}

Value SessionImpl::evalTernary(const ast::TernaryExpr &e, Ctx &ctx) {
  using ir::ElemExpr;
  Value cond = evalExpr(e.getCond(), ctx);
  if (!cond.isUnfinished()) {
    bool t = true;
    if (cond.isAtom())
      t = py::truthy(cond.atom);
    else if (cond.isList())
      t = !cond.list->empty();
    else if (cond.isDict())
      t = !cond.dict->keys.empty();
    return evalExpr(t ? e.getThen() : e.getElse(), ctx);
  }
  Value a = evalExpr(e.getThen(), ctx);
  Value b = evalExpr(e.getElse(), ctx);
  std::vector<Value> args;
  // Atoms fold into the element function; other non-s-op values become
  // constant s-ops, which fail (as in the reference) when evaluated.
  auto operand = [&](const Value &v) -> ElemExprPtr {
    if (v.isAtom()) {
      creationCounter += 2; // the reference's constant s-op for the atom
      return constElem(v);
    }
    args.push_back(v.isSOp() ? v : toSeq(v));
    return ElemExpr::arg(args.size() - 1);
  };
  Value condSeq = cond.isSOp() ? cond : toSeq(cond);
  ElemExprPtr c = operand(condSeq);
  ElemExprPtr x = operand(a);
  ElemExprPtr y = operand(b);
  std::string name =
      quickName(a) + " if " + condSeq.obj->name + " else " + quickName(b);
  return zipmap(std::move(args),
                ElemExpr::ternary(std::move(c), std::move(x), std::move(y)),
                name);
}

Value SessionImpl::evalAggregate(const ast::AggregateExpr &e, Ctx &ctx) {
  Value sel = evalExpr(e.getSelector(), ctx);
  Value seq = toSeq(evalExpr(e.getSOp(), ctx));
  Value def = Value::ofAtom(Atom::integer(0));
  bool hasDefault = e.getDefault() != nullptr;
  if (hasDefault)
    def = evalExpr(*e.getDefault(), ctx);
  if (!sel.isSelector())
    raiseType("Expected selector, got: " + strdesc(sel));
  if (hasDefault && def.isUnfinished())
    raiseType("Expected atom, got: " + strdesc(def));
  if (!def.isAtom())
    raiseType("attempted to create sequence with illegal val types (vals "
              "must be bool, float, int or string):\n\t\t " +
              pyRepr(def));
  ir::Op *op = module.create<ir::AggregateOp>(sel.obj->op, seq.obj->op,
                                              def.atom, e.getLoc());
  ++creationCounter;
  return makeObj(op, "s-op");
}

/// Appends a list or dict element to a lookup table. The reference builds
/// the table from any values and fails only when a looked-up value is not an
/// atom, listing every value of the sequence: a placeholder marks those.
static void addTableValue(ir::LookupTable &table, const Value &v) {
  bool atom = v.isAtom() && !v.atom.isComplex();
  if (!atom) {
    table.opaque.resize(table.values.size());
    table.opaque.push_back(pyRepr(v));
  } else if (!table.opaque.empty()) {
    table.opaque.push_back("");
  }
  table.values.push_back(atom ? v.atom : Atom::integer(0));
}

Value SessionImpl::bigRange(const std::vector<Value> &args) {
  auto op = [](py::BinOp o, const Atom &a, const Atom &b) {
    Atom r;
    py::Status st = py::binary(o, a, b, r);
    if (!st.ok)
      raisePython(st.message);
    return r;
  };
  auto less = [&](const Atom &a, const Atom &b) {
    return op(py::BinOp::Lt, a, b).getBool();
  };
  Atom zero = Atom::integer(0);
  Atom start = args.size() == 1 ? zero : args[0].atom;
  Atom stop = args.size() == 1 ? args[0].atom : args[1].atom;
  Atom step = args.size() == 3 ? args[2].atom : Atom::integer(1);
  if (py::equals(step, zero))
    raisePython("range() arg 3 must not be zero");
  bool up = less(zero, step);
  Atom span = up ? op(py::BinOp::Sub, stop, start)
                 : op(py::BinOp::Sub, start, stop);
  Atom mag = up ? step : op(py::BinOp::Sub, zero, step);
  // More than the limit when span > mag * limit; checked before building.
  // Python itself fails when the length does not fit in a ssize_t.
  if (less(op(py::BinOp::Mul, mag, Atom::integer(INT64_MAX)), span))
    raisePython("Python int too large to convert to C ssize_t");
  if (less(op(py::BinOp::Mul, mag, Atom::integer(int64_t(maxListSize))),
           span))
    raisePython("range too large (limit " + std::to_string(maxListSize) +
                " elements)");
  std::vector<Value> items;
  for (Atom v = start; up ? less(v, stop) : less(stop, v);
       v = op(py::BinOp::Add, v, step))
    items.push_back(Value::ofAtom(v));
  return Value::ofList(std::move(items));
}

Value SessionImpl::evalIndex(const ast::IndexExpr &e, Ctx &ctx) {
  using ir::ElemExpr;
  Value base = evalExpr(e.getBase(), ctx);
  Value index = evalExpr(e.getIndex(), ctx);
  std::string baseName = exprName(e.getBase());
  std::string indexName = exprName(e.getIndex());
  bool isStr = base.isAtom() && base.atom.isStr();
  // The reference drops the name wrapper of a parenthesised operand here,
  // then reads .val off the raw indexable (or .name off the raw index) and
  // fails; we reproduce its messages.
  if (isa<ast::ParenExpr>(e.getBase()))
    raisePython("'" + pyTypeName(base) + "' object has no attribute 'val'");
  if (isa<ast::ParenExpr>(e.getIndex()) &&
      (base.isList() || isStr || base.isDict() || base.isSOp()))
    raisePython("'" + pyTypeName(index) + "' object has no attribute 'name'");
  if (base.isList() || isStr) {
    const char *ltype = base.isList() ? "list" : "string";
    std::vector<Value> elems;
    if (base.isList())
      elems = *base.list;
    else
      elems = iterate(base);
    if (index.isSOp()) {
      failIfHoldsFunction(base);
      auto table = std::make_shared<ir::LookupTable>();
      table->kind = base.isList() ? ir::LookupTable::Kind::List
                                  : ir::LookupTable::Kind::String;
      for (const Value &v : elems)
        addTableValue(*table, v);
      table->description = baseName;
      Value res = zipmap({index},
                         ElemExpr::lookup(ElemExpr::arg(0), std::move(table)),
                         baseName + "[" + indexName + "]");
      auto *map = cast<ir::MapOp>(res.obj->op);
      const_cast<ir::LookupTable &>(map->getFunction().getTable())
          .indexObjectText = objectStr(*index.obj, false);
      return res;
    }
    if (!index.isAtom() || !index.atom.isIntLike())
      raiseType(std::string("index into ") + ltype +
                " has to be s-op or integer, got: " + strdesc(index));
    int64_t i = index.atom.getInt();
    int64_t len = elems.size();
    if (index.atom.isBigInt() || i >= len || i < -len)
      raise(ErrKind::Ignoring, "index " + pyStr(index) + " out of range for " +
                                   ltype + " of length " +
                                   std::to_string(len));
    if (i < 0)
      i += len;
    return elems[i];
  }
  if (base.isDict()) {
    if (index.isSOp()) {
      failIfHoldsFunction(base);
      auto table = std::make_shared<ir::LookupTable>();
      table->kind = ir::LookupTable::Kind::Dict;
      for (size_t k = 0; k < base.dict->keys.size(); ++k) {
        table->keys.push_back(base.dict->keys[k]);
        addTableValue(*table, base.dict->values[k]);
      }
      table->description = baseName;
      return zipmap({index},
                    ElemExpr::lookup(ElemExpr::arg(0), std::move(table)),
                    baseName + "[" + indexName + "]");
    }
    if (!index.isAtom())
      raiseType("index into dict has to be s-op or atom (i.e., string, int, "
                "float, bool), got: " +
                strdesc(index));
    for (size_t k = 0; k < base.dict->keys.size(); ++k)
      if (py::equals(base.dict->keys[k], index.atom))
        return base.dict->values[k];
    raise(ErrKind::Ignoring, "index [ " + strdesc(index) + " ] not in dict.");
  }
  if (base.isSOp()) {
    if (!index.isAtom() || !index.atom.isIntLike())
      raise(ErrKind::Ignoring,
            "index into sequence has to be integer, got: " + strdesc(index));
    int64_t k = index.atom.getInt();
    ir::Op *query;
    if (k >= 0 || index.atom.isBool()) {
      query = module.create<ir::ConstantOp>(index.atom);
    } else {
      const Value *length = ctx.env->lookup("length");
      if (!length)
        raise(ErrKind::Ignoring, "Error: Undefined variable: length");
      if (!length->isSOp())
        raisePython("unsupported operand type(s) for +");
      query = module.create<ir::MapOp>(
          llvm::ArrayRef<ir::Op *>{length->obj->op},
          ElemExpr::binary(py::BinOp::Add, ElemExpr::arg(0),
                           ElemExpr::constant(index.atom)));
    }
    ir::Op *indices = builtins["indices"].obj->op;
    ir::Op *sel =
        module.create<ir::SelectOp>(indices, query, ir::Comparison::EQ);
    ir::Op *agg =
        module.create<ir::AggregateOp>(sel, base.obj->op, Atom::integer(0));
    // A constant (or length + k) zipmap, a select and an aggregate: seven
    // creation ids in the reference; makeObj counts the last.
    creationCounter += 6;
    return makeObj(agg, base.obj->name + "[" + pyStr(index) + "]");
  }
  raiseType("can only index into a list, dict, string,or sequence, but "
            "instead got: " +
            strdesc(base));
}

Value SessionImpl::evalCall(const ast::CallExpr &e, Ctx &ctx,
                            bool &isApplication) {
  const ast::ExprList &args = e.getArgs();
  std::optional<Value> prevBackup = ctx.backup;
  if (args.size() == 1)
    ctx.backup = evalExpr(*args[0], ctx);
  Value callee;
  try {
    callee = evalExpr(e.getCallee(), ctx);
  } catch (...) {
    ctx.backup = prevBackup;
    throw;
  }
  ctx.backup = prevBackup;

  if (callee.isUnfinished()) {
    if (args.size() != 1)
      raise(ErrKind::Ignoring,
            "wrong number of args for evaluate unfinished- expected: 1, "
            "got: " +
                std::to_string(args.size()) + ".");
    Value input = evalExpr(*args[0], ctx);
    if (!isIterable(input))
      raiseType("Applying unfinished expects iterable input, got: " +
                strdesc(input));
    isApplication = true;
    return applyTo(callee, input);
  }
  if (callee.isFunction()) {
    PyFrames evaluateRASPFunction(*this, 1);
    std::vector<Value> vals;
    {
      PyFrames argumentGenerator(*this, 1);
      for (const auto &a : args)
        vals.push_back(evalExpr(*a, ctx));
    }
    const Function &f = *callee.fn;
    Value res = callFunction(f, vals, ctx);
    // Annotations (builtins) return their argument itself: keep its name.
    // A RASP function returning an argument renames that very object, as
    // the reference does.
    bool passThrough = f.builtin && res.isUnfinished() &&
                       llvm::any_of(vals, [&](const Value &v) {
      return v.isUnfinished() && v.obj == res.obj;
    });
    if (res.isUnfinished() && !passThrough) {
      std::string name = f.name + "(";
      for (size_t i = 0; i < vals.size(); ++i) {
        if (i)
          name += " , ";
        name += strdesc(vals[i], 20);
      }
      name += ")";
      setName(*res.obj, res.isSelector(), name);
    }
    return res;
  }
  raise(ErrKind::NotImplemented, "");
}

Value SessionImpl::callFunction(const Function &f, std::vector<Value> args,
                                Ctx &ctx) {
  if (args.size() != f.params.size())
    raise(ErrKind::Ignoring, "wrong number of args for " + f.name +
                                 "- expected: " +
                                 std::to_string(f.params.size()) +
                                 ", got: " + std::to_string(args.size()) +
                                 ".");
  if (f.builtin)
    return f.builtin(args);
  PyFrames callFrame(*this, 1);
  Ctx inner;
  inner.env = std::make_shared<Env>(f.env->name + "'", f.env, nullptr,
                                    &builtins);
  inner.seqExample = seqExample;
  for (size_t i = 0; i < args.size(); ++i)
    inner.env->set(f.params[i], args[i]);
  for (const auto &s : f.def->getBody()) {
    PyFrames evaluateFrame(*this, 1);
    execStmt(*s, inner);
  }
  std::vector<Value> results;
  {
    PyFrames exprsList(*this, 2);
    for (const auto &r : f.def->getReturns())
      results.push_back(evalExpr(*r, inner));
  }
  if (results.size() == 1)
    return results[0];
  return Value::ofList(std::move(results));
}

Value SessionImpl::evalIn(const ast::InExpr &e, Ctx &ctx) {
  using ir::ElemExpr;
  Value elem = evalExpr(e.getElement(), ctx);
  Value container = evalExpr(e.getContainer(), ctx);
  std::string containerName;
  if (auto *n = dyn_cast<ast::NameExpr>(&e.getContainer()))
    containerName = n->getName().str();
  else
    containerName = pyStr(container);
  if (elem.isSOp()) {
    if (!container.isList())
      raiseType("\"[s-op] in X\" expects X to be list of atoms, but got "
                "non-list: " +
                strdesc(container));
    std::vector<Atom> atoms;
    for (const Value &v : *container.list) {
      if (!v.isAtom())
        raiseType("\"[s-op] in X\" expects X to be list of atoms, but got "
                  "list with values: " +
                  strdesc(container));
      atoms.push_back(v.atom);
    }
    return zipmap({elem}, ElemExpr::inList(ElemExpr::arg(0), std::move(atoms)),
                  elem.obj->name + " in " + containerName);
  }
  if (elem.isAtom() && !elem.atom.isComplex()) {
    if (container.isList()) {
      bool found = llvm::any_of(*container.list, [&](const Value &v) {
        return itemsEqual(v, elem);
      });
      return Value::ofAtom(Atom::boolean(found));
    }
    if (container.isSOp()) {
      Value ind = zipmap(
          {container},
          ElemExpr::unary(py::UnOp::Indicator,
                          ElemExpr::binary(py::BinOp::Eq, ElemExpr::arg(0),
                                           ElemExpr::constant(elem.atom))),
          "s-op");
      ir::Op *indices = builtins["indices"].obj->op;
      ir::Op *all = module.create<ir::SelectOp>(indices, indices,
                                                ir::Comparison::True);
      ir::Op *mean = module.create<ir::AggregateOp>(all, ind.obj->op,
                                                    Atom::integer(0));
      ++creationCounter; // the aggregate's tuple object
      Value meanV = makeObj(mean, "s-op");
      return zipmap({meanV},
                    ElemExpr::binary(py::BinOp::Gt, ElemExpr::arg(0),
                                     ElemExpr::constant(Atom::integer(0))),
                    "( s-op > 0 )");
    }
    raiseType("\"[atom] in X\" expects X to be list or s-op, but got: " +
              strdesc(container));
  }
  if (elem.isSelector() || elem.isFunction()) {
    const char *what = elem.isSelector() ? "select" : "function";
    raiseType(std::string("don't check if ") + what +
              " is contained in list/dict: unless exact same instance, "
              "unable to check equivalence of " +
              what + "s");
  }
  raiseType("\"A in X\" expects A to be s-op or atom, but got A: " +
            strdesc(elem));
}

//===----------------------------------------------------------------------===//
// Statements
//===----------------------------------------------------------------------===//

StmtResult SessionImpl::execStmt(const ast::Stmt &s, Ctx &ctx) {
  StmtResult r;
  switch (s.getKind()) {
  case ast::Stmt::Kind::Expr: {
    const ast::Expr &e = cast<ast::ExprStmt>(s).getExpr();
    Value v = evalExpr(e, ctx);
    const ast::Expr &inner = stripParens(e);
    bool isApp = v.kind == Value::Kind::Applied && isa<ast::CallExpr>(inner);
    if (isApp) {
      r.kind = StmtResult::Kind::Just;
      r.value = v;
      return r;
    }
    r.kind = StmtResult::Kind::Named;
    r.name = exprName(e);
    r.value = v;
    return r;
  }
  case ast::Stmt::Kind::Assign: {
    const auto &a = cast<ast::AssignStmt>(s);
    std::vector<Value> vals;
    {
      PyFrames assignFrames(*this, 3); // assign, evaluateExprsList, comprehension
      for (const auto &e : a.getValues())
        vals.push_back(evalExpr(*e, ctx));
    }
    Value value = vals.size() == 1 ? vals[0] : Value::ofList(vals);
    auto setOne = [&](const std::string &name, const Value &v) {
      ctx.env->set(name, v);
      if (v.isUnfinished())
        setName(*v.obj, v.isSelector(), name);
    };
    llvm::ArrayRef<std::string> names = a.getNames();
    if (names.size() == 1) {
      setOne(names[0], value);
      r.kind = StmtResult::Kind::Named;
      r.name = names[0];
      r.value = value;
      return r;
    }
    std::vector<Value> items;
    if (value.isList() || value.isDict() ||
        (value.isAtom() && value.atom.isStr())) {
      items = iterate(value);
    } else {
      raisePython("object of type '" + pyTypeName(value) +
                  "' has no len()");
    }
    if (items.size() != names.size())
      raiseType("expected " + std::to_string(names.size()) +
                " values, but got: " + std::to_string(items.size()));
    // The reference prints one block per name; model that as a list of
    // named results through the pending/print machinery.
    r.kind = StmtResult::Kind::Named;
    std::vector<Value> printed;
    for (size_t i = 0; i < names.size(); ++i)
      setOne(names[i], items[i]);
    r.name = "\x01multi";
    Value multi = Value::ofList({});
    for (size_t i = 0; i < names.size(); ++i) {
      Value pair = Value::ofList({Value::ofAtom(Atom::string(names[i])),
                                  items[i]});
      multi.list->push_back(pair);
    }
    r.value = multi;
    return r;
  }
  case ast::Stmt::Kind::FuncDef: {
    const auto &d = cast<ast::FuncDefStmt>(s);
    auto f = std::make_shared<Function>();
    f->name = d.getName().str();
    f->env = ctx.env;
    f->params = std::vector<std::string>(d.getParams().begin(),
                                         d.getParams().end());
    f->def = &d;
    f->creator = ctx.env->name;
    rememberFunction(f);
    Value v;
    v.kind = Value::Kind::Function;
    v.fn = f;
    ctx.env->set(f->name, v);
    r.kind = StmtResult::Kind::Named;
    r.name = f->name;
    r.value = v;
    return r;
  }
  case ast::Stmt::Kind::For: {
    const auto &f = cast<ast::ForStmt>(s);
    PyFrames forLoopFrame(*this, 1);
    Value src = evalExpr(f.getIterable(), ctx);
    if (!src.isList() && !src.isDict())
      raiseType("for loop needs to iterate over a list or dict, but got: " +
                pyStr(src));
    for (const Value &vals : iterate(src)) {
      bindIterators(ctx, f.getNames(), vals);
      for (const auto &body : f.getBody()) {
        PyFrames evaluateFrame(*this, 1);
        execStmt(*body, ctx);
      }
    }
    r.kind = StmtResult::Kind::Just;
    r.value = Value::none();
    return r;
  }
  case ast::Stmt::Kind::Draw: {
    const auto &d = cast<ast::DrawStmt>(s);
    Value example = d.getInput() ? evalExpr(*d.getInput(), ctx)
                                 : ctx.seqExample;
    Ctx inner = ctx;
    inner.backup = example;
    Value unf = evalExpr(d.getSOp(), inner);
    if (!unf.isSOp())
      raiseType("draw expects unfinished sequence, got: " + pyStr(unf));
    if (!drawHook)
      raise(ErrKind::Ignoring,
            "draw is not supported by this build yet: evaluate the s-op on an "
            "input instead, e.g. " +
                unf.obj->name + "(" + formatstr(example) + ");");
    // Fails as the application `sop(input)` would, before drawing anything;
    // then prints like that application (spec section 10.6).
    Value applied = applyTo(unf, example);
    DrawRequest request;
    request.sop = unf.obj->op;
    request.name = unf.obj->name;
    request.input = toInput(example);
    request.nameOf = [this](const ir::Op *op) { return opName(op); };
    std::string file, why;
    if (!drawHook(request, file, why))
      raise(ErrKind::Ignoring, "draw failed: " + why);
    if (!silent)
      out << "\tdrawing written to " << file << "\n";
    r.kind = StmtResult::Kind::Just;
    r.value = applied;
    return r;
  }
  case ast::Stmt::Kind::Load:
    loadFile(cast<ast::LoadStmt>(s).getPath().str(), ctx.env);
    r.kind = StmtResult::Kind::Nothing;
    return r;
  case ast::Stmt::Kind::Comment:
    r.kind = StmtResult::Kind::Nothing;
    r.print = false;
    return r;
  case ast::Stmt::Kind::SetExample:
  case ast::Stmt::Kind::ShowExample:
  case ast::Stmt::Kind::ToggleExamples:
  case ast::Stmt::Kind::ToggleFullSeq:
  case ast::Stmt::Kind::Exit:
    return execReplCommand(s);
  }
  llvm_unreachable("unknown statement");
}

StmtResult SessionImpl::execReplCommand(const ast::Stmt &s) {
  StmtResult r;
  r.print = false;
  switch (s.getKind()) {
  case ast::Stmt::Kind::SetExample: {
    const auto &se = cast<ast::SetExampleStmt>(s);
    Ctx ctx;
    ctx.env = console;
    ctx.seqExample = seqExample;
    Value ex = evalExpr(se.getValue(), ctx);
    if (!isIterable(ex))
      raiseType("example not iterable: " + pyStr(ex));
    checkInputLength(ex, "example");
    if (se.getSubset() != ast::ExampleSubset::Selector)
      seqExample = ex;
    if (se.getSubset() != ast::ExampleSubset::SOp)
      selExample = ex;
    r.kind = StmtResult::Kind::Example;
    r.subset = se.getSubset();
    return r;
  }
  case ast::Stmt::Kind::ShowExample:
    r.kind = StmtResult::Kind::Example;
    r.subset = cast<ast::ShowExampleStmt>(s).getSubset();
    r.print = true;
    return r;
  case ast::Stmt::Kind::ToggleExamples: {
    const auto &t = cast<ast::ToggleExamplesStmt>(s);
    if (t.getSubset() != ast::ExampleSubset::Selector)
      showSeqExamples = t.isOn();
    if (t.getSubset() != ast::ExampleSubset::SOp)
      showSelExamples = t.isOn();
    return r;
  }
  case ast::Stmt::Kind::ToggleFullSeq:
    fullSeqDisplay = cast<ast::ToggleFullSeqStmt>(s).isOn();
    return r;
  case ast::Stmt::Kind::Exit:
    throw ExitRequest();
  default:
    llvm_unreachable("not a REPL command");
  }
}

//===----------------------------------------------------------------------===//
// Display
//===----------------------------------------------------------------------===//

void SessionImpl::emitText(const std::string &text) {
  if (storePrints) {
    PendingPrint p;
    p.kind = PendingPrint::Kind::Text;
    p.text = text;
    pending.push_back(std::move(p));
    return;
  }
  if (!silent)
    out << text << "\n";
}

void SessionImpl::reportError(const EvalException &e) {
  if (fileDiags && e.loc.isValid() && sm.FindBufferContainingLoc(e.loc)) {
    std::string msg = e.message;
    if (e.kind == ErrKind::NotImplemented)
      msg = "this value cannot be called";
    if (msg == "maximum recursion depth exceeded")
      msg += " (the limit is " + std::to_string(recursionLimit) +
             " Python frames, as in the reference interpreter; raise it with "
             "--recursion-limit)";
    if (llvm::StringRef(msg).startswith("range too large (limit ") ||
        llvm::StringRef(msg).startswith("list too large (the limit is "))
      msg.insert(msg.size() - 1, "; raise it with --max-list-size");
    // One line per diagnostic: fold the reference's multi-line messages.
    std::string oneLine;
    for (char c : msg)
      oneLine += (c == '\n' || c == '\t') ? ' ' : c;
    std::string collapsed;
    for (char c : oneLine)
      if (!(c == ' ' && !collapsed.empty() && collapsed.back() == ' '))
        collapsed += c;
    fileDiags->error(e.loc, llvm::StringRef(collapsed).trim());
    return;
  }
  switch (e.kind) {
  case ErrKind::Ignoring:
    emitText("\t\t!!ignoring input:\n\t " + e.message);
    break;
  case ErrKind::NotImplemented:
    emitText("not implemented this command yet! ignoring");
    break;
  case ErrKind::Python:
    emitText("something went wrong: " + e.message);
    break;
  }
}

static std::string tabs(int n) { return std::string(n, '\t'); }

void SessionImpl::printSelect(const Value &example,
                              const interp::SelectorMatrix &m,
                              const std::string &extraPref) {
  std::vector<Value> elems = iterate(example);
  std::string header = extraPref + " \t\t\t     ";
  for (size_t i = 0; i < elems.size(); ++i) {
    if (i)
      header += " ";
    header += pyStr(elems[i]);
  }
  out << header << "\n";
  for (unsigned q = 0; q < m.n && q < elems.size(); ++q) {
    std::string row = extraPref + " \t\t\t " + pyStr(elems[q]) + " | ";
    for (unsigned k = 0; k < m.n; ++k) {
      if (k)
        row += " ";
      row += m.at(q, k) ? "1" : " ";
    }
    out << row << "\n";
  }
}

/// The reference's cleanboolslist: bool rows show only the minority value.
static std::vector<std::string> cleanCells(const std::vector<Value> &vals) {
  std::vector<std::string> cells;
  bool firstIsBool = !vals.empty() && vals[0].isAtom() && vals[0].atom.isBool();
  if (firstIsBool) {
    size_t t = 0, f = 0;
    for (const Value &v : vals) {
      bool b = v.isAtom() && py::truthy(v.atom);
      (b ? t : f)++;
    }
    std::string tstr = t <= f ? "T" : "";
    std::string fstr = f <= t ? "F" : "";
    for (const Value &v : vals)
      cells.push_back((v.isAtom() && py::truthy(v.atom)) ? tstr : fstr);
    return cells;
  }
  for (const Value &v : vals)
    cells.push_back(pyStr(v));
  return cells;
}

void SessionImpl::printSeqVerbose(const Value &example,
                                  const interp::Sequence &seq,
                                  bool stillOnPrevLine,
                                  const std::string &extraPref,
                                  const std::string &lastPrefIfShort) {
  const auto &vals = seq.values;
  bool identical = !vals.empty() && llvm::all_of(vals, [&](const Atom &a) {
    return py::equals(a, vals[0]);
  });
  if (identical) {
    out << (stillOnPrevLine ? "" : extraPref) << " " << lastPrefIfShort << " "
        << seqStr(seq) << " "
        << "[skipped full display: identical values]\n";
    return;
  }
  if (stillOnPrevLine)
    out << "\n";
  // The reference looks at example[0] to clean up booleans: a dict example
  // without the key 0 fails there.
  if (example.isDict() &&
      llvm::none_of(example.dict->keys, [](const Atom &k) {
        return py::equals(k, Atom::integer(0));
      }))
    raisePython("0");
  // ... and an empty example or result fails at that [0] too.
  if (example.isAtom() && example.atom.isStr() && example.atom.getStr().empty())
    raisePython("string index out of range");
  if (example.isList() && example.list->empty())
    raisePython("list index out of range");
  if (vals.empty())
    raisePython("list index out of range");
  std::vector<Value> exampleVals = iterate(example);
  std::vector<Value> seqVals;
  for (const Atom &a : vals)
    seqVals.push_back(Value::ofAtom(a));
  // The reference stringifies the example's cells before it computes their
  // type label, so the input row is always labelled "strings".
  std::string exampleType = "string";
  std::vector<std::string> exCells = cleanCells(exampleVals);
  std::vector<std::string> seqCells = cleanCells(seqVals);
  size_t maxLen = 0;
  for (const auto &c : exCells)
    maxLen = std::max(maxLen, pyLen(c));
  for (const auto &c : seqCells)
    maxLen = std::max(maxLen, pyLen(c));
  auto neat = [&](const std::vector<std::string> &cells) {
    std::string s;
    for (size_t i = 0; i < cells.size(); ++i) {
      if (i)
        s += " ";
      s += std::string(maxLen - pyLen(cells[i]), ' ') + cells[i];
    }
    return s;
  };
  out << extraPref << " \t\tinput:   " << neat(exCells) << " \t (" << exampleType
      << "s)\n";
  out << extraPref << " \t\toutput:  " << neat(seqCells) << " \t ("
      << interp::getSeqTypeName(seq.type) << "s)\n";
}

void SessionImpl::printNamed(const std::string *nameIn, const Value &v,
                             int ntabs, const std::string &extraFirst) {
  std::string pref = tabs(ntabs);
  std::string name = nameIn ? *nameIn : (v.isUnfinished() ? v.obj->name : "");
  switch (v.kind) {
  case Value::Kind::SOp: {
    out << pref << " " << extraFirst << "    s-op: " << name << "\n";
    if (!showSeqExamples)
      return;
    if (fullSeqDisplay) {
      out << pref << " \t Example:";
      Value res = applyTo(v, seqExample);
      printSeqVerbose(selExample, res.applied->seq, true, pref,
                      name + "(" + formatstr(seqExample) + ") =");
      return;
    }
    Value res = applyTo(v, seqExample);
    // Python formats every argument of print() before printing any.
    std::string line = pref + " \t Example: " + name + "(" +
                       formatstr(seqExample) + ") = " +
                       seqStr(res.applied->seq);
    out << line << "\n";
    return;
  }
  case Value::Kind::Selector: {
    out << pref << " " << extraFirst << "    selector: " << name << "\n";
    if (!showSelExamples)
      return;
    out << pref << " \t Example:\n";
    Value res = applyTo(v, selExample);
    printSelect(selExample, res.applied->sel, pref);
    return;
  }
  case Value::Kind::Function:
    out << pref << " " << extraFirst << "    " << funcStr(*v.fn) << "\n";
    return;
  case Value::Kind::List:
  case Value::Kind::Dict: {
    bool isList = v.isList();
    std::string named = std::string(isList ? "   list: " : "   dict: ") +
                        (nameIn ? *nameIn + " = " : "");
    out << pref << " " << extraFirst << " " << named;
    const std::vector<Value> &items = isList ? *v.list : v.dict->values;
    bool flat = llvm::none_of(items, [](const Value &x) {
      return x.isList() || x.isDict() || x.isUnfinished();
    });
    if (flat) {
      out << pyRepr(v) << "\n";
      return;
    }
    out << pref << (isList ? " [" : " {") << "\n";
    for (size_t i = 0; i < items.size(); ++i) {
      if (isList)
        printNamed(nullptr, items[i], ntabs + 2);
      else
        printNamed(nullptr, items[i], ntabs + 3,
                   formatstr(Value::ofAtom(v.dict->keys[i])) + " : ");
    }
    out << pref << std::string(named.size() + 2, ' ') << (isList ? "]" : "}")
        << "\n";
    return;
  }
  default: {
    std::string text = formatstr(v); // may fail: nothing printed then
    out << pref << "    value: " << (nameIn ? *nameIn + " = " : "") << " "
        << text << "\n";
    return;
  }
  }
}

void SessionImpl::printJust(const Value &v) {
  if (v.kind != Value::Kind::Applied)
    return;
  const Applied &a = *v.applied;
  if (a.isSelector) {
    out << "\t = \n";
    printSelect(a.input, a.sel, "");
    return;
  }
  if (fullSeqDisplay) {
    out << "\t = ";
    printSeqVerbose(a.input, a.seq, true, "", "");
    return;
  }
  out << "\t =  " << seqStr(a.seq) << "\n";
}

void SessionImpl::printExample(ast::ExampleSubset subset) {
  if (subset != ast::ExampleSubset::Selector)
    out << "\ts-op example: " << formatstr(seqExample) << "\n";
  if (subset != ast::ExampleSubset::SOp)
    out << "\tselector example: " << formatstr(selExample) << "\n";
}

void SessionImpl::printResult(const StmtResult &r) {
  if (silent || !r.print)
    return;
  // Display may evaluate s-ops on the current examples and fail.
  std::string buffered;
  try {
    switch (r.kind) {
    case StmtResult::Kind::Nothing:
      return;
    case StmtResult::Kind::Named:
      if (r.name == "\x01multi") {
        for (const Value &pair : *r.value.list) {
          std::string n = (*pair.list)[0].atom.getStr();
          printNamed(&n, (*pair.list)[1]);
        }
        return;
      }
      printNamed(&r.name, r.value);
      return;
    case StmtResult::Kind::Just:
      printJust(r.value);
      return;
    case StmtResult::Kind::Example:
      printExample(r.subset);
      return;
    }
  } catch (EvalException &e) {
    if (e.isTypeError)
      out << "\t!!statement executed, but result fails on evaluation:\n\t\t "
          << e.message << "\n";
    else
      out << "something went wrong: " << e.message << "\n";
  }
}

//===----------------------------------------------------------------------===//
// Reading, running, loading
//===----------------------------------------------------------------------===//

static bool isCommentLine(llvm::StringRef line) {
  return line.ltrim(" \t\n\r\v\f").startswith("#");
}

SessionImpl::TreeStatus
SessionImpl::getTree(Reader &reader, ast::StmtList &stmts, bool printErrors,
                     std::string &errorText, llvm::SMLoc &errorLoc,
                     const std::string &bufferName) {
  std::string input;
  std::string lastIncomplete;
  bool continuing = false;
  unsigned firstLine = 0;
  while (true) {
    unsigned nestDepth = 0;
    {
      llvm::SmallVector<llvm::StringRef, 16> words;
      llvm::SplitString(input, words);
      for (llvm::StringRef w : words)
        nestDepth += w == "def";
    }
    std::string line;
    unsigned lineNo = 0;
    if (!reader.read(continuing, nestDepth, line, lineNo)) {
      // The reference silently drops an unfinished statement at the end of
      // a file; a file run reports it.
      if (fileDiags && !llvm::StringRef(input).trim().empty()) {
        std::string text =
            std::string(firstLine > 0 ? firstLine - 1 : 0, '\n') + input;
        auto keep = llvm::MemoryBuffer::getMemBufferCopy(text, bufferName);
        const char *base = keep->getBufferStart();
        sm.AddNewSourceBuffer(std::move(keep), llvm::SMLoc());
        llvm::SMLoc loc = llvm::SMLoc::getFromPointer(
            base + (firstLine > 0 ? firstLine - 1 : 0) +
            (input.size() - llvm::StringRef(input).ltrim().size()));
        fileDiags->error(loc, "unterminated statement at end of file" +
                                  (lastIncomplete.empty()
                                       ? std::string()
                                       : " (" + lastIncomplete + ")"));
      }
      return TreeStatus::End;
    }
    if (firstLine == 0)
      firstLine = lineNo;
    if (isCommentLine(line)) {
      // Blank the line but keep its newline (files) so locations hold.
      bool nl = !line.empty() && line.back() == '\n';
      line = nl ? "\n" : "";
    }
    input += line;
    // Parse in a buffer whose line numbers match the source. The text is
    // owned by `keep`; a scratch SourceMgr parses it through a non-owning
    // view, so a complete statement or an error hands `keep` to the
    // long-lived SourceMgr and the AST's locations stay valid without a
    // second parse, while the prefixes of an incomplete statement are
    // dropped with the scratch SourceMgr.
    std::string text =
        std::string(firstLine > 0 ? firstLine - 1 : 0, '\n') + input;
    auto keep = llvm::MemoryBuffer::getMemBufferCopy(text, bufferName);
    llvm::SourceMgr scratch;
    unsigned id = scratch.AddNewSourceBuffer(
        llvm::MemoryBuffer::getMemBuffer(keep->getMemBufferRef()),
        llvm::SMLoc());
    ParseResult pr = parseBuffer(scratch, id, parseOptions);
    if (pr.status == ParseResult::Status::Incomplete) {
      lastIncomplete = pr.message;
      continuing = true;
      if (!reader.fromFile() || input.empty() || input.back() != '\n')
        input += " ";
      continue;
    }
    if (pr.status == ParseResult::Status::SyntaxError) {
      errorText = pr.message;
      if (fileDiags) {
        // The location points into `keep`, now in the long-lived SourceMgr.
        sm.AddNewSourceBuffer(std::move(keep), llvm::SMLoc());
        errorLoc = pr.errorLoc;
      }
      if (printErrors && !fileDiags)
        out << "\t!! antlr exception: " << pr.message << " \t-- ignoring input"
            << "\n";
      return TreeStatus::Error;
    }
    // Complete: the AST's locations point into `keep`, which the
    // long-lived SourceMgr now owns for the session.
    sm.AddNewSourceBuffer(std::move(keep), llvm::SMLoc());
    stmts = std::move(pr.statements);
    return TreeStatus::Stmt;
  }
}

bool SessionImpl::assignedToTop(const StmtResult &r, const EnvPtr &env) const {
  if (env == console)
    return true;
  if (r.kind != StmtResult::Kind::Named)
    return false;
  llvm::StringRef n = r.name;
  return !(n.startswith("_") || n == "out");
}

void SessionImpl::runLoop(Reader &reader, EnvPtr env,
                          const std::string &bufferName) {
  while (true) {
    ast::StmtList stmts;
    std::string errorText;
    llvm::SMLoc errorLoc;
    TreeStatus st;
    try {
      st = getTree(reader, stmts, /*printErrors=*/true, errorText, errorLoc,
                   bufferName);
    } catch (ExitRequest &) {
      return;
    }
    if (st == TreeStatus::End)
      return;
    if (st == TreeStatus::Error) {
      if (fileDiags) {
        if (errorLoc.isValid())
          fileDiags->error(errorLoc, errorText);
        else
          fileDiags->error(errorText);
      }
      if (storePrints) {
        PendingPrint p;
        p.kind = PendingPrint::Kind::Just;
        p.value = Value::none();
        pending.push_back(p);
      }
      continue;
    }
    auto chunk = std::make_shared<ast::StmtList>(std::move(stmts));
    chunks.push_back(chunk);
    if (chunk->size() != 1) {
      // The reference asserts that a line holds exactly one statement.
      EvalException e{ErrKind::Python, "", (*chunk)[1]->getLoc()};
      if (fileDiags)
        fileDiags->error((*chunk)[1]->getLoc(),
                         "only one statement per line is allowed (the "
                         "reference ignores the whole line)");
      else
        reportError(e);
      continue;
    }
    const ast::Stmt &s = *(*chunk)[0];
    std::vector<StmtResult> results;
    try {
      Ctx ctx;
      ctx.env = env;
      ctx.seqExample = seqExample;
      unsigned saved = pyDepth;
      pyDepth = saved == 0 ? 6 : saved + 4;
      StmtResult r;
      try {
        r = execStmt(s, ctx);
      } catch (...) {
        pyDepth = saved;
        throw;
      }
      pyDepth = saved;
      if (!s.isReplCommand())
        r.print = r.print && assignedToTop(r, env);
      if (r.kind == StmtResult::Kind::Named && r.name == "\x01multi") {
        // One result per assigned name.
        for (const Value &pair : *r.value.list) {
          StmtResult one;
          one.kind = StmtResult::Kind::Named;
          one.name = (*pair.list)[0].atom.getStr();
          one.value = (*pair.list)[1];
          one.print = assignedToTop(one, env);
          results.push_back(one);
        }
      } else {
        results.push_back(r);
      }
    } catch (ExitRequest &) {
      return;
    } catch (EvalException &e) {
      if (!e.loc.isValid())
        e.loc = s.getLoc();
      reportError(e);
      continue;
    }
    for (const StmtResult &r : results) {
      if (storePrints) {
        if (!r.print)
          continue;
        PendingPrint p;
        p.name = r.name;
        p.value = r.value;
        p.subset = r.subset;
        p.kind = r.kind == StmtResult::Kind::Named     ? PendingPrint::Kind::Named
                 : r.kind == StmtResult::Kind::Example ? PendingPrint::Kind::Example
                                                       : PendingPrint::Kind::Just;
        pending.push_back(std::move(p));
      } else {
        printResult(r);
      }
    }
  }
}

void SessionImpl::flushPending() {
  bool anyError = llvm::any_of(pending, [](const PendingPrint &p) {
    return p.kind == PendingPrint::Kind::Text;
  });
  std::vector<PendingPrint> toPrint;
  if (!anyError) {
    llvm::StringSet<> seen;
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) {
      if (it->kind == PendingPrint::Kind::Named) {
        if (!seen.insert(it->name).second)
          continue;
      }
      toPrint.push_back(*it);
    }
    std::reverse(toPrint.begin(), toPrint.end());
  } else {
    toPrint = pending;
  }
  pending.clear();
  bool prevStore = storePrints;
  storePrints = false;
  for (const PendingPrint &p : toPrint) {
    switch (p.kind) {
    case PendingPrint::Kind::Text:
      if (!silent)
        out << p.text << "\n";
      break;
    case PendingPrint::Kind::Named: {
      StmtResult r;
      r.kind = StmtResult::Kind::Named;
      r.name = p.name;
      r.value = p.value;
      printResult(r);
      break;
    }
    case PendingPrint::Kind::Example: {
      StmtResult r;
      r.kind = StmtResult::Kind::Example;
      r.subset = p.subset;
      printResult(r);
      break;
    }
    case PendingPrint::Kind::Just: {
      StmtResult r;
      r.kind = StmtResult::Kind::Just;
      r.value = p.value;
      printResult(r);
      break;
    }
    }
  }
  storePrints = prevStore;
}

namespace {
struct FileReader : SessionImpl::Reader {
  std::vector<std::string> lines;
  size_t next = 0;
  bool read(bool, unsigned, std::string &line, unsigned &lineNo) override {
    if (next >= lines.size())
      return false;
    lineNo = next + 1;
    line = lines[next++];
    return true;
  }
  bool fromFile() const override { return true; }

  /// Splits text into lines that keep their newline, as Python's readline.
  void setText(llvm::StringRef text) {
    while (!text.empty()) {
      size_t nl = text.find('\n');
      if (nl == llvm::StringRef::npos) {
        lines.push_back(text.str());
        break;
      }
      lines.push_back(text.substr(0, nl + 1).str());
      text = text.substr(nl + 1);
    }
  }
};
} // namespace

void SessionImpl::loadFile(const std::string &path, EnvPtr callingEnv) {
  std::string filename = path + ".rasp";
  auto bufOrErr = llvm::MemoryBuffer::getFile(filename, /*IsText=*/true);
  if (!bufOrErr)
    raise(ErrKind::Ignoring, "could not find file: " + filename);
  FileReader reader;
  reader.setText((*bufOrErr)->getBuffer());
  bool prevSeq = showSeqExamples, prevSel = showSelExamples;
  showSeqExamples = showSelExamples = false;
  auto env = std::make_shared<Env>(path, baseEnv, callingEnv, &builtins);
  bool prevStore = storePrints;
  storePrints = true;
  runLoop(reader, env, filename);
  storePrints = prevStore;
  flushPending();
  showSeqExamples = prevSeq;
  showSelExamples = prevSel;
}

//===----------------------------------------------------------------------===//
// Session
//===----------------------------------------------------------------------===//

Session::Session(llvm::raw_ostream &out, llvm::SourceMgr &sm,
                 const SessionOptions &options)
    : impl(std::make_unique<SessionImpl>(out, sm, options)) {
  impl->init(options);
}

Session::~Session() = default;

ir::Module &Session::getModule() { return impl->module; }

void Session::runRepl(LineSource &source) {
  struct ReplReader : SessionImpl::Reader {
    LineSource &src;
    llvm::raw_ostream &out;
    bool eof = false;
    ReplReader(LineSource &src, llvm::raw_ostream &out)
        : src(src), out(out) {}
    bool read(bool continuing, unsigned nestDepth, std::string &line,
              unsigned &lineNo) override {
      std::string prompt = continuing ? ".. " : ">> ";
      for (unsigned i = 0; i < nestDepth; ++i)
        prompt += "  ";
      if (!src.echoesPrompt()) {
        out << prompt;
        out.flush();
      }
      lineNo = 1;
      if (!src.readLine(prompt, line)) {
        eof = true;
        return false;
      }
      return true;
    }
    bool fromFile() const override { return false; }
  } reader(source, impl->out);
  impl->out << "RASP 0.1\n"; // the reference's banner, verbatim
  impl->out << "running example is: hello\n";
  impl->runLoop(reader, impl->console, "<stdin>");
  if (reader.eof)
    impl->out << "\n";
  impl->out.flush();
}

bool Session::runFile(llvm::StringRef path, llvm::StringRef text,
                      DiagnosticEngine &diags) {
  FileReader reader;
  reader.setText(text);
  impl->fileDiags = &diags;
  bool prevSeq = impl->showSeqExamples, prevSel = impl->showSelExamples;
  impl->showSeqExamples = impl->showSelExamples = false;
  // Like `load "stem";` from the REPL: the file gets its own environment and
  // its public names are copied into the console (where lookupOp finds
  // them).
  std::string stem = llvm::sys::path::stem(path).str();
  auto env = std::make_shared<Env>(stem, impl->baseEnv, impl->console,
                                   &impl->builtins);
  impl->storePrints = true;
  impl->runLoop(reader, env, path.str());
  impl->storePrints = false;
  impl->flushPending();
  impl->showSeqExamples = prevSeq;
  impl->showSelExamples = prevSel;
  impl->fileDiags = nullptr;
  impl->out.flush();
  return !diags.hadError();
}

ir::Op *Session::lookupOp(llvm::StringRef name, std::string &why) {
  const Value *v = impl->console->lookup(name);
  if (!v) {
    why = "no s-op named '" + name.str() + "' is defined";
    return nullptr;
  }
  if (!v->isSOp()) {
    why = "'" + name.str() + "' is not an s-op";
    return nullptr;
  }
  return v->obj->op;
}

bool Session::parseInputLine(llvm::StringRef line, std::vector<Atom> &input,
                             std::string &why) {
  input.clear();
  if (!line.startswith("[")) {
    for (std::string &c : splitCodePoints(line.str()))
      input.push_back(Atom::string(std::move(c)));
    return true;
  }
  auto buffer = llvm::MemoryBuffer::getMemBufferCopy(line.str() + ";",
                                                     "<input>");
  llvm::SourceMgr scratch;
  unsigned id = scratch.AddNewSourceBuffer(std::move(buffer), llvm::SMLoc());
  ParseResult pr = parseBuffer(scratch, id, impl->parseOptions);
  if (pr.status != ParseResult::Status::Complete || pr.statements.size() != 1 ||
      !isa<ast::ExprStmt>(*pr.statements[0])) {
    why = "not a list literal: " +
          (pr.message.empty() ? std::string("incomplete input") : pr.message);
    return false;
  }
  const ast::Expr &e = cast<ast::ExprStmt>(*pr.statements[0]).getExpr();
  auto *list = dyn_cast<ast::ListExpr>(&e);
  if (!list) {
    why = "not a list literal";
    return false;
  }
  for (const auto &item : list->getItems()) {
    const ast::Expr *x = item.get();
    bool neg = false;
    if (auto *u = dyn_cast<ast::UnaryExpr>(x)) {
      if (u->getOp() == ast::UnaryOp::Neg) {
        neg = true;
        x = &u->getOperand();
      }
    }
    if (auto *i = dyn_cast<ast::IntLitExpr>(x)) {
      Atom v;
      py::Status st = py::parseIntLiteral(i->getDigits(), v);
      if (st.ok && neg)
        st = py::unary(py::UnOp::Neg, Atom(v), v);
      if (!st.ok) {
        why = st.message;
        return false;
      }
      input.push_back(std::move(v));
    } else if (auto *f = dyn_cast<ast::FloatLitExpr>(x)) {
      input.push_back(Atom::real(neg ? -f->getValue() : f->getValue()));
    } else if (auto *s = dyn_cast<ast::StringLitExpr>(x); s && !neg) {
      input.push_back(Atom::string(s->getValue().str()));
    } else if (auto *n = dyn_cast<ast::NameExpr>(x);
               n && !neg && (n->getName() == "True" || n->getName() == "False")) {
      input.push_back(Atom::boolean(n->getName() == "True"));
    } else {
      why = "list elements must be int, float, string or bool literals";
      return false;
    }
  }
  if (input.empty()) {
    why = "inputs must not be empty";
    return false;
  }
  return true;
}

std::string Session::getOpName(const ir::Op *op) const {
  return impl->opName(op);
}

std::string Session::formatSequence(const interp::Sequence &seq) {
  return seqStr(seq);
}

std::string rasp::eval::limitFlagsError(unsigned maxNesting,
                                        unsigned maxInputLength) {
  if (std::string why = flagRangeError("--max-nesting", maxNesting,
                                       ParseOptions::kMinMaxNesting,
                                       ParseOptions::kMaxMaxNesting);
      !why.empty())
    return why;
  return flagRangeError("--max-input-length", maxInputLength,
                        SessionOptions::kMinMaxInputLength,
                        SessionOptions::kMaxMaxInputLength);
}
