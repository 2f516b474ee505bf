//===- FileOutput.cpp - Writing drawings to files -------------------------===//
//
// Drawings are written to a temporary file beside the target and renamed
// over it, so readers never see a half-written page.
//
//===----------------------------------------------------------------------===//

#include "rasp/Draw/Draw.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

using namespace rasp;

static llvm::Error cannotWrite(llvm::StringRef path, std::error_code ec) {
  return llvm::createStringError(ec, "cannot write '%s': %s",
                                 path.str().c_str(), ec.message().c_str());
}

llvm::Error rasp::draw::writeFileAtomically(llvm::StringRef path,
                                            llvm::StringRef contents) {
  if (path.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "cannot write '': empty file name");
  if (llvm::sys::fs::is_directory(path))
    return cannotWrite(path, std::make_error_code(std::errc::is_a_directory));
  llvm::SmallString<256> model(path);
  model += ".tmp-%%%%%%";
  int fd = -1;
  llvm::SmallString<256> tmp;
  if (std::error_code ec = llvm::sys::fs::createUniqueFile(model, fd, tmp))
    return cannotWrite(path, ec);
  {
    llvm::raw_fd_ostream os(fd, /*shouldClose=*/true);
    os << contents;
    os.close();
    if (os.has_error()) {
      std::error_code ec = os.error();
      os.clear_error();
      llvm::sys::fs::remove(tmp);
      return cannotWrite(path, ec);
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(tmp, path)) {
    llvm::sys::fs::remove(tmp);
    return cannotWrite(path, ec);
  }
  return llvm::Error::success();
}

std::string rasp::draw::fileStem(llvm::StringRef name) {
  std::string out;
  for (char c : name)
    out += (llvm::isAlnum(c) || c == '_' || c == '-') ? c : '_';
  return out.empty() ? "sop" : out;
}
