#===- AddRasp.cmake - helpers for RASP libraries -------------------------===#
#
# add_rasp_library(<Name> [DEPS <lib>...] [PRIVATE_DEPS <lib>...])
#
# Makes the library target Rasp<Name> from every .cpp file directly in the
# calling directory (lib/<Name>/), so a new source file needs no CMake edit.
# DEPS are linked PUBLIC (their headers may appear in ours), PRIVATE_DEPS
# PRIVATE (third-party code that must not leak, e.g. antlr4). Public include
# directory: <source>/include. A directory with no sources yet, or whose RASP
# dependencies have no target yet, defines no target (and says so), so the
# tree configures while libraries are being written.
#
# Dependency names without "::" and not starting with "LLVM" or "Rasp" are
# taken to be RASP libraries: `DEPS AST Support` means RaspAST RaspSupport.
#
#===----------------------------------------------------------------------===#

function(rasp_resolve_deps out)
  set(result)
  foreach(dep ${ARGN})
    if(dep MATCHES "::" OR dep MATCHES "^(LLVM|Rasp|antlr4)")
      list(APPEND result ${dep})
    else()
      list(APPEND result Rasp${dep})
    endif()
  endforeach()
  set(${out} ${result} PARENT_SCOPE)
endfunction()

function(add_rasp_library name)
  cmake_parse_arguments(ARG "" "" "DEPS;PRIVATE_DEPS;SOURCES" ${ARGN})
  file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(SORT srcs)
  if(NOT srcs)
    message(STATUS "Rasp${name}: no sources yet, target skipped")
    return()
  endif()
  set(target Rasp${name})
  rasp_resolve_deps(deps ${ARG_DEPS})
  rasp_resolve_deps(private_deps ${ARG_PRIVATE_DEPS})
  foreach(dep ${deps})
    if(dep MATCHES "^Rasp" AND NOT TARGET ${dep})
      message(STATUS "${target} skipped: ${dep} has no target yet")
      return()
    endif()
  endforeach()
  add_library(${target} STATIC ${srcs} ${ARG_SOURCES})
  target_include_directories(${target} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)
  target_compile_options(${target} PRIVATE ${RASP_WARNING_FLAGS})
  target_link_libraries(${target} PUBLIC ${deps} PRIVATE ${private_deps})
endfunction()

# add_rasp_unittest(<Name> [DIR <dir>] [DEPS <lib>...])
#
# Makes the gtest binary Rasp<Name>Tests from <dir>/*.cpp (default: the
# calling directory), linked with the given RASP libraries and
# GTest::gtest_main, into ${CMAKE_BINARY_DIR}/unittests/<Name>/ (where
# unittests/lit.cfg.py finds it). Skipped when there are no sources or a
# dependency has no target yet.
function(add_rasp_unittest name)
  cmake_parse_arguments(ARG "" "DIR" "DEPS" ${ARGN})
  if(NOT ARG_DIR)
    set(ARG_DIR ${CMAKE_CURRENT_SOURCE_DIR})
  endif()
  file(GLOB srcs CONFIGURE_DEPENDS ${ARG_DIR}/*.cpp)
  list(SORT srcs)
  if(NOT srcs)
    return()
  endif()
  rasp_resolve_deps(deps ${ARG_DEPS})
  foreach(dep ${deps})
    if(dep MATCHES "^Rasp" AND NOT TARGET ${dep})
      message(STATUS "Rasp${name}Tests skipped: ${dep} has no target yet")
      return()
    endif()
  endforeach()
  set(target Rasp${name}Tests)
  add_executable(${target} ${srcs})
  target_compile_options(${target} PRIVATE ${RASP_WARNING_FLAGS})
  target_link_libraries(${target} PRIVATE ${deps} GTest::gtest_main)
  set_target_properties(${target} PROPERTIES
    RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/unittests/${name})
  set_property(GLOBAL APPEND PROPERTY RASP_UNITTEST_TARGETS ${target})
endfunction()
