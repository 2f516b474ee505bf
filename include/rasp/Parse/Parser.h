//===- Parser.h - RASP source to AST ----------------------------*- C++ -*-===//
//
/// \file
/// The front end's one entry point. The ANTLR-generated parser and its parse
/// tree are private to lib/Parse; callers only see rasp::ast nodes.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_PARSE_PARSER_H
#define RASP_PARSE_PARSER_H

#include "rasp/AST/AST.h"

#include "llvm/Support/SMLoc.h"

#include <string>

namespace llvm {
class SourceMgr;
} // namespace llvm

namespace rasp {

/// The outcome of parsing one chunk of input.
struct ParseResult {
  enum class Status {
    /// The chunk is one or more complete statements.
    Complete,
    /// The chunk is a prefix of a statement: the first syntax error is at the
    /// end of input, or is ANTLR's "missing ';' at ..." (the reference REPL
    /// reads another line in both cases).
    Incomplete,
    /// Any other lexer or parser error.
    SyntaxError,
  };
  Status status = Status::SyntaxError;
  /// ANTLR's own message for the first error (e.g. "mismatched input '=='
  /// expecting {...}", "token recognition error at: '.'"), byte for byte as
  /// the reference prints it.
  std::string message;
  /// Where the first error is (the offending token or character).
  llvm::SMLoc errorLoc;
  /// The statements, in order, when Complete.
  ast::StmtList statements;
};

/// Limits of one parse.
struct ParseOptions {
  /// How deeply parser rules may nest: brackets, parentheses, prefix
  /// operators, `def`/`for` bodies (a flat list or operator chain of any
  /// length costs one level). Beyond it the parse fails with "expression
  /// nesting too deep (limit N; raise it with --max-nesting)". The parsing
  /// thread's stack is sized from it.
  unsigned maxNesting = kDefaultMaxNesting;

  static constexpr unsigned kDefaultMaxNesting = 100000;
  /// The range the tools' --max-nesting flag accepts.
  static constexpr unsigned kMinMaxNesting = 10;
  static constexpr unsigned kMaxMaxNesting = 1000000;
};

/// Parses the whole of buffer \p bufferID of \p sm with the `program` rule
/// (statements up to end of input). Never throws and never prints: syntax
/// errors are returned in the result. Locations in the AST point into the
/// buffer, which must outlive the AST. \p options.maxNesting is clamped to
/// [kMinMaxNesting, kMaxMaxNesting].
ParseResult parseBuffer(llvm::SourceMgr &sm, unsigned bufferID,
                        const ParseOptions &options = {});

} // namespace rasp

#endif // RASP_PARSE_PARSER_H
