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

/// Parses the whole of buffer \p bufferID of \p sm with the `program` rule
/// (statements up to end of input). Never throws and never prints: syntax
/// errors are returned in the result. Locations in the AST point into the
/// buffer, which must outlive the AST.
ParseResult parseBuffer(llvm::SourceMgr &sm, unsigned bufferID);

} // namespace rasp

#endif // RASP_PARSE_PARSER_H
