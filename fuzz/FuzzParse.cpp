//===- FuzzParse.cpp - libFuzzer target: the parser on program text -------===//
//
// Parses the input as one program buffer with rasp::parseBuffer, then dumps
// the AST (when the parse is complete) so the dumper walks every node the
// builder made. Any crash, hang, leak or sanitizer report is a finding; a
// syntax error is not.
//
//===----------------------------------------------------------------------===//

#include "rasp/AST/ASTDumper.h"
#include "rasp/Parse/Parser.h"

#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  llvm::StringRef text(reinterpret_cast<const char *>(data), size);
  llvm::SourceMgr sm;
  unsigned id = sm.AddNewSourceBuffer(
      llvm::MemoryBuffer::getMemBufferCopy(text, "fuzz.rasp"), llvm::SMLoc());
  rasp::ParseResult result = rasp::parseBuffer(sm, id);
  if (result.status == rasp::ParseResult::Status::Complete) {
    llvm::raw_null_ostream null;
    rasp::dumpAST(result.statements, null, &sm);
  }
  return 0;
}
