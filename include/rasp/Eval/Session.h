//===- Session.h - The RASP meta-language elaborator and REPL ---*- C++ -*-===//
//
/// \file
/// RASP is two languages in one: a dynamically typed meta-language (atoms,
/// lists, dicts, functions, loops, comprehensions) that builds s-ops and
/// selectors, and the s-op language itself. A Session runs the meta-language
/// with the reference interpreter's semantics, turning every s-op and
/// selector it builds into IR ops of one ir::Module, and owns everything the
/// reference ties to its REPL: the environments, the running examples and
/// their eager check of every new s-op, `load`, and the display of results
/// byte for byte as the reference prints them.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_EVAL_SESSION_H
#define RASP_EVAL_SESSION_H

#include "rasp/IR/IR.h"
#include "rasp/Interp/Interpreter.h"

#include "llvm/ADT/StringRef.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace llvm {
class raw_ostream;
class SourceMgr;
} // namespace llvm

namespace rasp {
class DiagnosticEngine;

namespace eval {

/// Where the REPL reads its lines from.
class LineSource {
public:
  virtual ~LineSource() = default;
  /// Shows \p prompt (if interactive) and reads one line without its
  /// newline. Returns false at end of input.
  virtual bool readLine(llvm::StringRef prompt, std::string &line) = 0;
  /// True when the source prints the prompt itself (line editing); the
  /// session then does not write it to the output.
  virtual bool echoesPrompt() const { return false; }
};

/// What a `draw(sop [, input]);` statement asks for (issue 6).
struct DrawRequest {
  ir::Op *sop = nullptr;
  std::string name; ///< the s-op's name, as the reference prints it
  std::vector<interp::InputItem> input;
  /// The name of any op the s-op depends on ("" if it has none).
  std::function<std::string(const ir::Op *)> nameOf;
};

/// Draws \p request and returns the file written in \p file, or fails with
/// \p why set. Supplied by the tool, so the elaborator needs no Graphviz and
/// embedders (tests, fuzzers) write no files.
using DrawHook = std::function<bool(const DrawRequest &request,
                                    std::string &file, std::string &why)>;

struct SessionOptions {
  /// Directory holding the standard library (`rasplib.rasp`); empty means
  /// the built-in copy compiled into the tool.
  std::string libraryPath;
  /// Defines `numerical(sop)` and `categorical(sop)`, which set the encoding
  /// a compiled model uses for an s-op (docs/LangRef.md). Off by default:
  /// the reference dialect has no such names.
  bool encodingAnnotations = false;
  /// Carries out `draw` statements; unset, `draw` reports that this build
  /// cannot draw.
  DrawHook drawHook;
  /// How deep evaluation may go, in the Python frames the reference
  /// interpreter would use (its limit is Python's default, 1000).
  unsigned recursionLimit = 1000;
  /// The longest list range() or list repetition may build (Python has no
  /// such limit; this one keeps a typo from exhausting memory).
  uint64_t maxListSize = 10000000;
  /// How deeply the parser's rules may nest (ParseOptions::maxNesting).
  unsigned maxNesting = 100000;
  /// The longest input an s-op or selector may be evaluated on, in tokens
  /// (characters of a string, elements of a list, keys of a dict): the
  /// running example (`set example`), an application `f(input)`, `draw`.
  /// A selector on n tokens is an n x n matrix. Longer inputs are an error
  /// naming --max-input-length, which sets this in rasp-run, rasp-compile
  /// and rasp-learn.
  unsigned maxInputLength = kDefaultMaxInputLength;

  static constexpr unsigned kDefaultMaxInputLength = 10000;
  /// The range the tools' --max-input-length flag accepts.
  static constexpr unsigned kMinMaxInputLength = 1;
  static constexpr unsigned kMaxMaxInputLength = 65535;
};

/// The tools' check of their --max-nesting and --max-input-length values:
/// "" if both are in range (ParseOptions::kMinMaxNesting..kMaxMaxNesting,
/// SessionOptions::kMinMaxInputLength..kMaxMaxInputLength), else the usage
/// message for the first that is not ("--max-nesting must be between 10 and
/// 1000000", "--max-input-length must be between 1 and 65535").
std::string limitFlagsError(unsigned maxNesting, unsigned maxInputLength);

class SessionImpl;

class Session {
public:
  /// Creates a session writing results to \p out and loads the standard
  /// library. \p sm receives every chunk of source parsed, so diagnostics
  /// and IR locations stay valid for the session's lifetime.
  Session(llvm::raw_ostream &out, llvm::SourceMgr &sm,
          const SessionOptions &options = {});
  ~Session();

  /// Runs the REPL until end of input or `exit`, printing prompts and
  /// results in the reference's transcript format.
  void runRepl(LineSource &source);

  /// Runs \p text (the contents of file \p path) as `load` would, printing
  /// what the reference prints after a load. Errors are reported through
  /// \p diags with their source location instead of the reference's error
  /// lines. Returns false if any error was reported.
  bool runFile(llvm::StringRef path, llvm::StringRef text,
               DiagnosticEngine &diags);

  /// The IR op an s-op or selector variable of the top-level environment is
  /// bound to, or null (with \p why set) if there is none.
  ir::Op *lookupOp(llvm::StringRef name, std::string &why);

  /// Parses an input line for batch evaluation: a line starting with `[` is
  /// a RASP list literal of atoms, anything else is its characters. Returns
  /// false with \p why set if the line is not a valid input.
  bool parseInputLine(llvm::StringRef line, std::vector<Atom> &input,
                      std::string &why);

  /// Formats an s-op value as the reference prints it: `[a, b] (strings)`.
  static std::string formatSequence(const interp::Sequence &seq);

  ir::Module &getModule();

  /// The name of the s-op or selector object most recently built for \p op
  /// (its variable name once assigned, else the reference's automatic name
  /// such as `aggregate_3`), or "" if the session made no object for it.
  std::string getOpName(const ir::Op *op) const;

private:
  std::unique_ptr<SessionImpl> impl;
};

} // namespace eval
} // namespace rasp

#endif // RASP_EVAL_SESSION_H
