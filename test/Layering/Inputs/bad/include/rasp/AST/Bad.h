#include "rasp/AST/AST.h"
#include "llvm/ADT/StringRef.h"
#include "antlr4-runtime.h"
