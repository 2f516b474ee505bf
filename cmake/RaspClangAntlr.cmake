#===- RaspClangAntlr.cmake - ANTLR 4.9 runtime headers under clang -------===#
#
# Debian 12's antlr4-runtime 4.9 headers do not compile with clang and
# libstdc++: misc/InterpreterDataReader.h defines `InterpreterData() {}`,
# which default-constructs a dfa::Vocabulary whose `const std::vector`
# members have no initialiser, so clang (correctly) finds its defaulted
# default constructor deleted; gcc accepts it. Every file including
# antlr4-runtime.h fails, i.e. all of RaspParse.
#
# With clang, this copies the headers into the build tree, drops that one
# constructor (only InterpreterDataReader.cpp, inside the runtime library,
# uses it) and points ANTLR4_INCLUDE_DIR at the copy. The copy is complete,
# so the headers' quoted includes resolve inside it. gcc builds are
# untouched. Needed by RASP_FUZZ (docs/Reliability.md).
#
#===----------------------------------------------------------------------===#

if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang" AND ANTLR4_INCLUDE_DIR)
  set(copy ${CMAKE_BINARY_DIR}/antlr4-runtime-clang)
  set(header misc/InterpreterDataReader.h)
  if(NOT EXISTS ${copy}/${header})
    file(COPY ${ANTLR4_INCLUDE_DIR}/ DESTINATION ${copy})
    file(READ ${copy}/${header} text)
    string(REPLACE "InterpreterData() {}; // For invalid content." ""
           patched "${text}")
    if(patched STREQUAL text)
      message(WARNING "RaspClangAntlr: ${header} has changed; not patched")
    endif()
    file(WRITE ${copy}/${header} "${patched}")
  endif()
  set(ANTLR4_INCLUDE_DIR ${copy})
  message(STATUS "ANTLR headers patched for clang: ${copy}")
endif()
