#include "rasp/IR/IR.h"
#include "RaspParser.h"
#include "rasp/AST/AST.h"
