# 64-bit x86 Linux with musl libc (Alpine, eclipse-temurin:25-alpine); the C tests run natively.
#   cmake -S . -B build-musl -DCMAKE_TOOLCHAIN_FILE=cmake/zig-x86_64-linux-musl.cmake && cmake --build build-musl
set(CMAKE_SYSTEM_PROCESSOR x86_64)
set(MEMLAB_ZIG_TARGET x86_64-linux-musl)
include(${CMAKE_CURRENT_LIST_DIR}/zig-linux-musl.cmake)
