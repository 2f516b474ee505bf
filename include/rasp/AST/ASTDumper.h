//===- ASTDumper.h - Textual dump of the RASP AST ---------------*- C++ -*-===//
//
/// \file
/// A deterministic, indented tree dump of parsed statements, one node per
/// line: the node kind, then its name / operator / literal, then `@line:col`
/// when a SourceMgr is given. Used by `rasp-run --emit=ast` and its tests.
//
//===----------------------------------------------------------------------===//

#ifndef RASP_AST_ASTDUMPER_H
#define RASP_AST_ASTDUMPER_H

#include "rasp/AST/AST.h"

#include "llvm/ADT/StringRef.h"

namespace llvm {
class raw_ostream;
class SourceMgr;
} // namespace llvm

namespace rasp {

/// Writes \p stmts to \p os. Child nodes are indented by two spaces under
/// their parent; optional parts that are absent are not printed. When \p sm
/// is given, every node is followed by ` @line:col` (1-based, columns in
/// bytes) of its first character.
void dumpAST(const ast::StmtList &stmts, llvm::raw_ostream &os,
             const llvm::SourceMgr *sm = nullptr);

/// The source spelling of an operator or comparison ("+", "not", "!=").
llvm::StringRef getSpelling(ast::BinaryOp op);
llvm::StringRef getSpelling(ast::UnaryOp op);
llvm::StringRef getSpelling(ast::SelectCmp cmp);

} // namespace rasp

#endif // RASP_AST_ASTDUMPER_H
