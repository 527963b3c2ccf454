# macOS (run on a Mac with Xcode's command line tools; not buildable on the Linux CI host).
# R4J_MACOS_ARCH: x86_64 or arm64 (default: the host's). Apple clang, deployment target 11.0.
# See docs/native.md, "macOS", for the exact commands.
set(CMAKE_SYSTEM_NAME Darwin)
if(NOT DEFINED R4J_MACOS_ARCH)
  execute_process(COMMAND uname -m OUTPUT_VARIABLE R4J_MACOS_ARCH OUTPUT_STRIP_TRAILING_WHITESPACE)
endif()
set(CMAKE_OSX_ARCHITECTURES ${R4J_MACOS_ARCH} CACHE STRING "" FORCE)
set(CMAKE_OSX_DEPLOYMENT_TARGET 11.0 CACHE STRING "" FORCE)
if(R4J_MACOS_ARCH STREQUAL "arm64")
  set(CMAKE_SYSTEM_PROCESSOR arm64)
else()
  set(CMAKE_SYSTEM_PROCESSOR x86_64)
endif()
set(CMAKE_C_COMPILER clang)
