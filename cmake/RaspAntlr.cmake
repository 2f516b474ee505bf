#===- RaspAntlr.cmake - ANTLR4 code generation on Debian -----------------===#
#
# antlr4_generate() runs `java -jar ${ANTLR4_JAR_LOCATION}`, but Debian's
# /usr/share/java/antlr4.jar is not self-contained (java -jar on it fails with
# NoClassDefFoundError). We write a manifest-only launcher jar at configure
# time whose Class-Path names the jars Debian's own `antlr4` script uses, and
# point ANTLR4_JAR_LOCATION at it.
#
# Included from lib/Parse/CMakeLists.txt: antlr4_generate() makes a custom
# command, and only targets in the same directory get its build rule.
#
#===----------------------------------------------------------------------===#

find_package(Java COMPONENTS Runtime REQUIRED)
include(UseJava) # find_jar

set(_rasp_antlr_jars)
foreach(jar antlr4 antlr4-runtime stringtemplate4 antlr3-runtime treelayout)
  string(MAKE_C_IDENTIFIER "RASP_JAR_${jar}" var)
  find_jar(${var} NAMES ${jar} PATHS /usr/share/java)
  if(NOT ${var})
    message(FATAL_ERROR "${jar}.jar not found in /usr/share/java: "
                        "install the antlr4 package")
  endif()
  list(APPEND _rasp_antlr_jars ${${var}})
endforeach()

if(NOT ANTLR4_JAR_LOCATION)
  set(_launcher_dir ${CMAKE_BINARY_DIR}/antlr4-launcher)
  set(_launcher ${_launcher_dir}/antlr4-launcher.jar)
  file(MAKE_DIRECTORY ${_launcher_dir})
  # Class-Path is a space-separated list of URLs; manifest lines are limited
  # to 72 bytes, so one jar per continuation line (leading space).
  set(_manifest "Manifest-Version: 1.0\nMain-Class: org.antlr.v4.Tool\n")
  set(_sep "Class-Path: ")
  foreach(jar ${_rasp_antlr_jars})
    string(APPEND _manifest "${_sep}file:${jar}\n")
    set(_sep "  ") # continuation: one space dropped, one separates URLs
  endforeach()
  file(WRITE ${_launcher_dir}/MANIFEST.MF "${_manifest}")
  # A jar is a zip holding META-INF/MANIFEST.MF. (`cmake -E tar --format=zip`
  # writes a zip that Java refuses to open, so use Python's zipfile.)
  execute_process(
    COMMAND ${Python3_EXECUTABLE} -c
      "import sys, zipfile; zipfile.ZipFile(sys.argv[2], 'w').write(sys.argv[1], 'META-INF/MANIFEST.MF')"
      ${_launcher_dir}/MANIFEST.MF ${_launcher}
    RESULT_VARIABLE _rc)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "could not write the ANTLR launcher jar ${_launcher}")
  endif()
  set(ANTLR4_JAR_LOCATION ${_launcher})
endif()
message(STATUS "ANTLR tool launcher: ${ANTLR4_JAR_LOCATION}")

antlr4_generate(RaspGrammar ${PROJECT_SOURCE_DIR}/grammar/Rasp.g4 BOTH FALSE
                FALSE "rasp::grammar")
