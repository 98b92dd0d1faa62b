# 64-bit x86 Linux with musl libc (Alpine, eclipse-temurin:25-alpine), built here with zig (see
# zig.cmake). The library needs musl's libc.so; the C tests are linked statically, so they run on
# this glibc machine as they are.
#   cmake -S . -B build-musl -DCMAKE_TOOLCHAIN_FILE=cmake/zig-x86_64-linux-musl.cmake && cmake --build build-musl
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MEMLAB_ZIG_TARGET x86_64-linux-musl)
include(${CMAKE_CURRENT_LIST_DIR}/zig.cmake)
set(MEMLAB_LIBC musl CACHE STRING "" FORCE)
set(MEMLAB_STATIC_TESTS ON CACHE BOOL "" FORCE)
