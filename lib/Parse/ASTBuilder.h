//===- ASTBuilder.h - ANTLR parse tree to rasp::ast -------------*- C++ -*-===//
//
/// \file
/// Private to lib/Parse. The one place where ANTLR's parse tree (the
/// generated *Context classes of grammar/Rasp.g4) is turned into rasp::ast
/// nodes. Expressions are built with an explicit work stack, so deep nesting
/// and long operator chains cost heap, not native stack. Statements recurse
/// only through def/for bodies, whose nesting ANTLR itself recursed through
/// (with much larger frames) to build the tree.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_LIB_PARSE_ASTBUILDER_H
#define RASP_LIB_PARSE_ASTBUILDER_H

#include "rasp/AST/AST.h"

#include "RaspParser.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/SMLoc.h"

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace rasp {
namespace parse {

/// Maps ANTLR positions (which count Unicode code points) to bytes of the
/// UTF-8 buffer. Identity for ASCII buffers; otherwise a table built once.
class CodePointMap {
public:
  explicit CodePointMap(llvm::StringRef buffer);

  /// Pointer to the first byte of code point \p index (index == number of
  /// code points gives the end of the buffer).
  const char *pointerAt(size_t index) const;

  /// The text of code points [start, stop] (inclusive, as in ANTLR tokens),
  /// as the original bytes of the buffer.
  llvm::StringRef text(size_t start, size_t stop) const;

  /// Byte offset, within the line that starts at \p lineStart, of the code
  /// point \p column (0-based) of that line.
  static size_t byteColumn(const char *lineStart, const char *bufferEnd,
                           size_t column);

  llvm::StringRef getBuffer() const { return buffer; }

private:
  llvm::StringRef buffer;
  bool ascii = true;
  /// Byte offset of each code point, plus one entry for the end.
  std::vector<uint32_t> offsets;
};

/// Thrown by the builder when the tree is not what the grammar promises
/// (which would be a bug); caught in parseBuffer. It records the code-point
/// index of the token involved, not the token: the token dies with the
/// parser while the exception unwinds.
struct BuildError : std::runtime_error {
  BuildError(const std::string &message, const antlr4::Token *token)
      : std::runtime_error(message), hasToken(token != nullptr),
        startIndex(token ? token->getStartIndex() : 0) {}
  bool hasToken;
  size_t startIndex;
};

class ASTBuilder {
public:
  explicit ASTBuilder(const CodePointMap &map) : map(map) {}

  /// program : statement+? EOF ;
  ast::StmtList buildProgram(grammar::RaspParser::ProgramContext *ctx);

private:
  using P = grammar::RaspParser;
  const CodePointMap &map;

  llvm::SMLoc loc(const antlr4::Token *token) const;
  llvm::SMLoc loc(antlr4::ParserRuleContext *ctx) const {
    return loc(ctx->getStart());
  }
  llvm::StringRef text(const antlr4::Token *token) const;

  ast::StmtPtr buildStatement(P::StatementContext *ctx);
  ast::StmtPtr buildRaspStatement(P::RaspStatementContext *ctx);
  ast::StmtPtr buildReplCommand(P::ReplCommandContext *ctx);
  ast::StmtPtr buildFunctionDef(P::FunctionDefContext *ctx);
  ast::StmtPtr buildForLoop(P::ForLoopContext *ctx);
  ast::StmtList buildBody(P::BodyListContext *ctx);

  ast::ExprPtr buildExpr(P::ExprContext *ctx);
  ast::ExprList buildExprList(P::ExprListContext *ctx);
  std::vector<std::string> buildNames(P::NameListContext *ctx,
                                      std::vector<llvm::SMLoc> *locs = nullptr);
};

} // namespace parse
} // namespace rasp

#endif // RASP_LIB_PARSE_ASTBUILDER_H
