#include "rasp/Support/Diagnostics.h"
#include "rasp/AST/AST.h"
