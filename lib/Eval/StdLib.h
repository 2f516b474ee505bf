//===- StdLib.h - The RASP standard library source (private) ----*- C++ -*-===//

#ifndef RASP_LIB_EVAL_STDLIB_H
#define RASP_LIB_EVAL_STDLIB_H

namespace rasp {
namespace eval {
/// The source text of the standard library.
const char *getStdLibSource();
} // namespace eval
} // namespace rasp

#endif // RASP_LIB_EVAL_STDLIB_H
